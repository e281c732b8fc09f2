//! The `roster` command as a library function: solve a benchmark instance,
//! check the result independently, write `roster.csv` and `summary.json`.

use std::path::{Path, PathBuf};

use crate::error::Error;
use serde::Serialize;

use crate::formats::nrp;
use crate::output::OutDir;
use crate::roster::{Roster, RosterOptions, solve};
use crate::solve::Status;
use crate::verify::nrp::{Assignment, check};

/// What `summary.json` holds.
#[derive(Debug, Clone, Serialize)]
pub struct RosterSummary {
    /// Instance name (file stem).
    pub instance: String,
    /// `optimal`, `feasible`, `infeasible` or `time_limit`.
    pub status: Status,
    /// Objective of the returned roster (as recomputed by the checker).
    pub objective: Option<f64>,
    /// Best lower bound proven.
    pub bound: Option<f64>,
    /// Relative gap |objective - bound| / max(1, |objective|).
    pub gap: Option<f64>,
    pub solve_seconds: f64,
    /// Seconds until the first roster.
    pub first_roster_seconds: Option<f64>,
    /// Best known value from `best-known.csv` next to the instances, if found.
    pub best_known: Option<f64>,
    /// The checker's objective breakdown.
    pub on_requests: Option<u64>,
    pub off_requests: Option<u64>,
    pub cover_under: Option<u64>,
    pub cover_over: Option<u64>,
}

/// Solves `instance` (benchmark format) and writes `out/roster.csv` and
/// `out/summary.json`. `time_limit` defaults to 60 s. Fails when no feasible
/// roster was found, when the checker finds a broken rule, or when the
/// checker's objective differs from the solver's.
pub fn run_roster_command(
    instance: &Path,
    out: &OutDir,
    time_limit: Option<f64>,
    threads: u32,
) -> anyhow::Result<RosterSummary> {
    let opts = RosterOptions {
        deadline: crate::solve::Deadline::after(time_limit.unwrap_or(60.0)),
        threads: threads.max(1),
        ..RosterOptions::default()
    };
    run_roster(instance, out, &opts)
}

/// The longest horizon a roster instance may have, days (ten years; the
/// benchmark's longest is 364).
pub const MAX_HORIZON: usize = 3660;

/// The most days × staff × shift types of an instance (the benchmark's
/// largest, Instance24, has 364 × 150 × 32 ≈ 1.7 million).
pub const MAX_CELLS: usize = 20_000_000;

/// Refuses an instance too large to model before anything is allocated
/// for it: its horizon and its days × staff × shift types.
fn check_size(path: &Path, inst: &nrp::NrpInstance) -> Result<(), Error> {
    let file = path.display();
    if inst.horizon > MAX_HORIZON {
        return Err(Error::BadInput(format!(
            "{file}: SECTION_HORIZON: the horizon is {} days; at most {MAX_HORIZON} days (ten years) can be rostered",
            inst.horizon
        )));
    }
    let cells = inst
        .horizon
        .saturating_mul(inst.staff.len())
        .saturating_mul(inst.shifts.len());
    if cells > MAX_CELLS {
        return Err(Error::BadInput(format!(
            "{file}: the instance has {} days × {} staff × {} shift types = {cells} cells; at most {MAX_CELLS} can be rostered (split the horizon or the staff)",
            inst.horizon,
            inst.staff.len(),
            inst.shifts.len()
        )));
    }
    Ok(())
}

/// [`run_roster_command`] with every solve option (`gap`: stop once the
/// roster is proven within this relative gap of the bound; `verbose`:
/// progress on stderr).
pub fn run_roster(
    instance: &Path,
    out: &OutDir,
    opts: &RosterOptions,
) -> anyhow::Result<RosterSummary> {
    crate::input::check_regular(instance)?;
    let inst = nrp::read(instance)?;
    check_size(instance, &inst)?;
    let problem = nrp::to_roster_problem(&inst);
    problem.validate()?;
    let res = solve(&problem, opts);
    let name = instance
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let Some(roster) = &res.roster else {
        if res.status == Status::Infeasible {
            return Err(Error::Infeasible(format!(
                "{name}: the instance is infeasible (no roster satisfies the hard rules)"
            ))
            .into());
        }
        return Err(Error::NoPlan(format!(
            "{name}: no feasible roster found within {:.0} s",
            res.seconds
        ))
        .into());
    };
    let rows = roster_rows(&inst, roster);
    let rep = check(&inst, &rows);
    if !rep.feasible() {
        return Err(Error::VerifyFailed(format!(
            "{name}: the solver's roster breaks hard rules:\n  {}",
            rep.violations.join("\n  ")
        ))
        .into());
    }
    let solver_obj = res.objective.unwrap_or(f64::NAN);
    if (rep.objective as f64 - solver_obj).abs() > 1e-6 {
        return Err(Error::VerifyFailed(format!(
            "{name}: the checker's objective {} differs from the solver's {solver_obj}",
            rep.objective
        ))
        .into());
    }
    let summary = RosterSummary {
        instance: name.clone(),
        status: res.status,
        objective: Some(rep.objective as f64),
        bound: res.bound,
        gap: res.gap,
        solve_seconds: res.seconds,
        first_roster_seconds: res.first_seconds,
        best_known: best_known(instance, &name),
        on_requests: Some(rep.on_requests),
        off_requests: Some(rep.off_requests),
        cover_under: Some(rep.cover_under),
        cover_over: Some(rep.cover_over),
    };
    // Ids come from the instance file: written through `cell` (quoted
    // where they hold a comma, neutralised where they start like a formula).
    let mut w = csv::Writer::from_writer(Vec::new());
    crate::cell::record(&mut w, ["staff", "day", "shift"])?;
    for a in &rows {
        crate::cell::record(
            &mut w,
            [a.staff.clone(), a.day.to_string(), a.shift.clone()],
        )?;
    }
    let csv = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    out.write("roster.csv", &csv)?;
    let mut json = serde_json::to_string_pretty(&summary)?;
    json.push('\n');
    out.write("summary.json", json.as_bytes())?;
    Ok(summary)
}

/// A roster of the instance as the checker's records (`roster.csv`'s
/// rows): one per worked shift, by staff member, then day.
pub fn roster_rows(inst: &nrp::NrpInstance, roster: &Roster) -> Vec<Assignment> {
    let mut rows = Vec::new();
    for (s, days) in roster.assign.iter().enumerate() {
        for (d, a) in days.iter().enumerate() {
            if let Some(t) = a {
                rows.push(Assignment::new(&inst.staff[s].id, d, &inst.shifts[*t].id));
            }
        }
    }
    rows
}

/// The best known value of instance `name` from a `best-known.csv` in the
/// instance's folder or its parent.
pub fn best_known(instance: &Path, name: &str) -> Option<f64> {
    let dir = instance.parent()?;
    let candidates: Vec<PathBuf> = [Some(dir), dir.parent()]
        .into_iter()
        .flatten()
        .map(|d| d.join("best-known.csv"))
        .collect();
    for path in candidates {
        let Ok(bytes) = crate::input::read_bytes(&path) else {
            continue;
        };
        let mut rd = csv::Reader::from_reader(bytes.as_slice());
        let headers = rd.headers().ok()?.clone();
        let col = headers.iter().position(|h| h == "best_known")?;
        for rec in rd.records().flatten() {
            if rec.get(0) == Some(name) {
                return rec.get(col)?.trim().parse().ok();
            }
        }
    }
    None
}
