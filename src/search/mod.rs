//! The search engine both problems share: the municipal quarter
//! ([`crate::planner`]) and the benchmark's rostering core
//! ([`crate::roster`]) run the same large-neighbourhood search machinery.
//!
//! - [`Rng`]: one small deterministic generator, so runs repeat exactly.
//! - [`Adaptive`]: which neighbourhood to try next, by each one's recent
//!   gain per second, and [`Size`]: how large the next one should be, by
//!   whether sub-MIPs of the current size solve in time.
//! - the run's deadline is [`crate::solve::Deadline`], and every sub-MIP is
//!   an [`crate::solve::Lp`] solved under a share of it.
//!
//! Each problem brings its own neighbourhoods (which cells to free) and
//! its own sub-MIP; the choice among them and their sizing is this
//! module's.

mod adaptive;
mod rng;

pub use adaptive::{Adaptive, Record, Size};
pub use rng::Rng;
