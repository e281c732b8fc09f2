//! Model 4, office location: which candidate premises to open.
//!
//! One core for the Gävle screening and the OR-Library warehouse location
//! benchmarks: [`problem`] (the data), [`families`] (the constraint families,
//! named), [`solve`] (formulation and HiGHS), [`orlib`]
//! (the benchmark reader), [`gavle`] (the defaults of docs/domain.md, Facts), [`command`]
//! (`serviceplan facility`), [`screen`] (`serviceplan locate`: a scenario's
//! premises screened alone). The written model is `models/location.md`.

pub mod command;
pub mod families;
pub mod gavle;
pub mod lagrange;
pub mod orlib;
pub mod problem;
pub mod screen;
pub mod solve;

pub use command::{FacilitySummary, run_facility_command};
pub use problem::{Customer, LocationError, LocationProblem, Objective, Site};
pub use solve::{Assignment, Linking, LocationResult, PerPair, Tuning, solve, solve_tuned};
