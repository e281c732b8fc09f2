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

/// [`run_roster_command`] with every solve option (`gap`: stop once the
/// roster is proven within this relative gap of the bound; `verbose`:
/// progress on stderr).
pub fn run_roster(
    instance: &Path,
    out: &OutDir,
    opts: &RosterOptions,
) -> anyhow::Result<RosterSummary> {
    let inst = nrp::read(instance)?;
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
        best_known: best_known(instance, &name),
        on_requests: Some(rep.on_requests),
        off_requests: Some(rep.off_requests),
        cover_under: Some(rep.cover_under),
        cover_over: Some(rep.cover_over),
    };
    let mut csv = String::from("staff,day,shift\n");
    for a in &rows {
        csv.push_str(&format!("{},{},{}\n", a.staff, a.day, a.shift));
    }
    out.write("roster.csv", csv.as_bytes())?;
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
        let Ok(mut rd) = csv::Reader::from_path(&path) else {
            continue;
        };
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
