//! The input: scenario types, loading with `extends` (TOML or a workbook),
//! validation with diagnostics (file:line:col or sheet!cell) and warnings,
//! the Swedish calendar, clock times and the derived planning facts (days,
//! travel, contract hours); the scenario written back as TOML or as a
//! workbook, and absences imported from an HR export.

pub mod absences;
pub mod calendar;
pub mod demand;
pub mod diag;
pub mod export;
pub mod facts;
pub mod generate;
pub mod load;
pub mod sheets;
pub mod suggest;
pub mod time;
pub mod types;
pub mod validate;
pub mod warnings;
pub mod xlsx_read;
pub mod xlsx_write;

pub use diag::{Diagnostic, Diagnostics};
pub use load::{Sources, is_workbook, load, load_default, load_str, load_with_changes};
pub use types::*;
