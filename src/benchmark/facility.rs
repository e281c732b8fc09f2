//! `serviceplan facility FILE --out DIR`: solve one OR-Library instance with
//! the location core and write `DIR/summary.json` atomically.

use std::path::Path;

use anyhow::Context;
use serde::Serialize;

use crate::location::orlib;
use crate::location::solve::{Tuning, solve_tuned};
use crate::solve::{SolveOptions, Status};

/// What `summary.json` holds.
#[derive(Debug, Clone, Serialize)]
pub struct FacilitySummary {
    /// The instance file as given.
    pub instance: String,
    /// `optimal`, `feasible`, `infeasible` or `time_limit`.
    pub status: Status,
    /// Σ f_i y_i + Σ c_ij x_ij of the best solution; `null` without one.
    pub objective: Option<f64>,
    pub solve_seconds: f64,
    /// Proven lower bound; `null` when none is known.
    pub bound: Option<f64>,
    /// Relative gap |objective − bound| / max(1, |objective|).
    pub gap: Option<f64>,
    /// Open sites, 1-based as numbered in the file.
    pub open_sites: Vec<usize>,
    pub sites: usize,
    pub customers: usize,
    /// False when solved as the uncapacitated problem.
    pub capacitated: bool,
    /// The value given for the word `capacity` (capa/b/c), if any.
    pub capacity: Option<f64>,
}

/// Reads the instance, solves it with the location core, verifies the
/// solution ([`crate::verify::location`]) and writes `out/summary.json`
/// (creating `out`; written to a temporary file in `out` and renamed, so no
/// half-written summary is left behind). A solution that fails verification
/// is an error ([`crate::verify::location::Failed`]) and nothing is written.
pub fn run_facility_command(
    file: &Path,
    out: &crate::output::OutDir,
    capacity: Option<f64>,
    uncapacitated: bool,
    opts: &SolveOptions,
) -> anyhow::Result<FacilitySummary> {
    let summary = solve_facility_file(file, capacity, uncapacitated, opts, &Tuning::default())?;
    let mut json = serde_json::to_vec_pretty(&summary)?;
    json.push(b'\n');
    out.write("summary.json", &json)?;
    Ok(summary)
}

/// Reads, solves and verifies an OR-Library file without writing anything.
pub fn solve_facility_file(
    file: &Path,
    capacity: Option<f64>,
    uncapacitated: bool,
    opts: &SolveOptions,
    tuning: &Tuning,
) -> anyhow::Result<FacilitySummary> {
    let inst = orlib::read(file, capacity)?;
    let problem = inst.to_problem(uncapacitated)?;
    let r = solve_tuned(&problem, opts, tuning)
        .with_context(|| format!("solving {}", file.display()))?;
    if r.objective.is_some() {
        crate::verify::location::verified(&problem, &r)
            .with_context(|| format!("solving {}", file.display()))?;
    }
    Ok(FacilitySummary {
        instance: file.display().to_string(),
        status: r.status,
        objective: r.objective,
        solve_seconds: r.seconds,
        bound: r.bound,
        gap: r.gap,
        open_sites: r.open_index.iter().map(|i| i + 1).collect(),
        sites: inst.sites,
        customers: inst.customers,
        capacitated: !uncapacitated,
        capacity,
    })
}
