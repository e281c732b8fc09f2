//! The independent verifier: re-checks every hard rule of a plan from the
//! scenario and the plan files alone — never from the solver's variables.
//! Each violation names its constraint family and says what is wrong.

pub mod budget_check;
pub mod nrp;
pub mod plan_check;
pub mod rooms_check;

pub use plan_check::{Report, Violation, verify, verify_dir};
