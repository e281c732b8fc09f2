//! External formats.

pub mod nrp;
