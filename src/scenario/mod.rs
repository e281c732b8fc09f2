//! The input: scenario types, loading with `extends`, validation with
//! diagnostics (file:line:col), and the Swedish calendar.

pub mod calendar;
pub mod types;

pub use types::*;
