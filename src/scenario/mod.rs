//! The input: scenario types, loading with `extends`, validation with
//! diagnostics (file:line:col), the Swedish calendar, clock times and the
//! derived planning facts (days, travel, contract hours).

pub mod calendar;
pub mod demand;
pub mod diag;
pub mod facts;
pub mod generate;
pub mod load;
pub mod time;
pub mod types;
pub mod validate;

pub use diag::{Diagnostic, Diagnostics};
pub use load::{Sources, load, load_default, load_str, load_with_changes};
pub use types::*;
