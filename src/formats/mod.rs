//! External formats.

pub mod nrp;
pub mod nrp_gen;
pub mod nrp_gen_planted;
pub mod nrp_lex;
pub mod nrp_write;
