//! Model 4, office location: which candidate premises to open.
//!
//! One core for the Gävle screening and the OR-Library warehouse location
//! benchmarks: [`problem`] (the data), [`families`] (the constraint families,
//! named), [`solve`] (formulation and HiGHS), [`orlib`]
//! (the benchmark reader), [`gavle`] (the defaults of docs/domain.md, Facts),
//! [`offices`] (a scenario's office problem, for `plan` and `locate`). The
//! front ends are above it: `serviceplan facility`
//! ([`crate::benchmark::facility`]) and `serviceplan locate`
//! ([`crate::screening`]). The written model is `models/location.md`.

pub mod families;
pub mod gavle;
pub mod lagrange;
pub mod offices;
pub mod orlib;
pub mod problem;
pub mod solve;

pub use problem::{Customer, LocationError, LocationProblem, Objective, Site};
pub use solve::{Assignment, Linking, LocationResult, PerPair, Tuning, solve, solve_tuned};
