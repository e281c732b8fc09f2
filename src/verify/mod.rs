//! Independent re-checks of results.

pub mod nrp;
