//! The independent verifiers: each re-checks every hard rule of a solution
//! from the problem and the solution alone — never from the solver's
//! variables — and names the constraint family of each violation.
//!
//! - [`plan`]: a municipal plan folder against its scenario ([`plan::CHECKS`],
//!   with [`rooms_check`] and [`budget_check`]);
//! - [`nrp`]: a benchmark roster against its instance ([`nrp::CHECKS`]);
//! - [`location`]: a location solution against its problem ([`location::CHECKS`]).
//!
//! Each registry lists its checks with the families they re-check; a test
//! holds every hard family of each problem to a check and to a section of
//! its written model in `models/`.

pub mod budget_check;
pub mod location;
pub mod nrp;
pub mod plan;
pub mod rooms_check;

use crate::family::Family;

pub use plan::{Report, verify, verify_dir};

/// One broken rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The constraint family; printed as its id.
    pub family: &'static Family,
    pub message: String,
}
