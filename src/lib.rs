//! serviceplan: planning optimizer for a municipality's local service offices.
//!
//! Data flows one way, one stage per module:
//! scenario (input, validation) → model (formulation, one file per constraint
//! family) → solve (HiGHS) → plan (solution as tables) → verify (independent
//! re-check) → report (CSV/JSON/...) and cost (budget).

pub mod batch;
pub mod benchmark;
pub mod cell;
pub mod cost;
pub mod error;
pub mod family;
pub mod formats;
pub mod geo;
pub mod input;
pub mod location;
pub mod model;
pub mod output;
pub mod plan;
pub mod planner;
pub mod price;
pub mod report;
pub mod roster;
pub mod scenario;
pub mod screening;
pub mod search;
pub mod solve;
pub mod staffing;
pub mod verify;

pub use error::Error;
