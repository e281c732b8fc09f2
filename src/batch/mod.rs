//! Batch planning: many scenarios solved in parallel (rayon), each written to
//! its own plan folder, and one comparison table for management.
//!
//! Jobs × HiGHS threads never exceed the cores: with several jobs each solve
//! gets one thread (HiGHS fixes its thread count per OS thread at the first
//! solve, so a pool keeps one setting). The jobs take scenarios from one
//! queue, largest first (staff × offices × days), so that a big scenario does
//! not start last and leave a core idle; rows keep the input order. A
//! failing, infeasible or invalid scenario gives a row that says why; the
//! others complete.
//!
//! A grid too large for one machine is split into shards and merged again
//! ([`shard`]).

pub mod compare;
pub mod grid;
pub mod parquet;
pub mod report;
pub mod shard;

use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};

use crate::output::OutDir;

use crate::planner::{self, Outcome};
use crate::scenario::Scenario;
use crate::solve::SolveOptions;

pub use compare::ComparisonRow;

/// Writes the batch's own files into `dir`: `comparison.csv`,
/// `comparison.parquet`, `comparison.xlsx`, `comparison.md` and
/// `report.html`. All are made in memory first, so a failure leaves none of
/// them new; then each replaces its file atomically.
pub fn write_outputs(
    dir: &OutDir,
    scenarios: &[Scenario],
    rows: &[ComparisonRow],
    opts: &BatchOptions,
) -> Result<()> {
    write_outputs_priced(dir, scenarios, rows, opts, &[], &[])
}

/// [`write_outputs`], with more sections in `report.html` and more files
/// beside it (`batch --price`: "Vad kostar reglerna?", `prices.csv`,
/// `prices.json`, made by the caller).
pub fn write_outputs_priced(
    dir: &OutDir,
    scenarios: &[Scenario],
    rows: &[ComparisonRow],
    opts: &BatchOptions,
    sections: &[report::Section],
    files: &[(String, Vec<u8>)],
) -> Result<()> {
    let (csv, md) = compare::comparison_files(rows)?;
    let parquet = parquet::comparison_parquet(rows)?;
    let created = scenarios
        .first()
        .map_or(chrono::NaiveDate::from_ymd_opt(2022, 7, 1).unwrap(), |s| {
            s.period.start
        });
    let xlsx = crate::report::xlsx::comparison_workbook(&csv, created)?;
    let html = report::render_with(scenarios, rows, opts.radius_km, opts.lang, sections)?;
    dir.write("comparison.csv", &csv)?;
    dir.write("comparison.parquet", &parquet)?;
    dir.write("comparison.xlsx", &xlsx)?;
    dir.write("comparison.md", md.as_bytes())?;
    for (name, bytes) in files {
        dir.write(name, bytes)?;
    }
    dir.write("report.html", html.as_bytes())?;
    Ok(())
}

/// Writes `comparison.csv`, `comparison.parquet` and `comparison.md` into
/// `dir` (each atomically).
pub fn write_comparison(dir: &OutDir, rows: &[ComparisonRow]) -> Result<()> {
    let (csv, md) = compare::comparison_files(rows)?;
    let parquet = parquet::comparison_parquet(rows)?;
    dir.write("comparison.csv", &csv)?;
    dir.write("comparison.parquet", &parquet)?;
    dir.write("comparison.md", md.as_bytes())?;
    Ok(())
}

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Solve options; their deadline is the batch's (no limit; stopped by
    /// Ctrl-C), under which each scenario gets its own `time_limit`.
    pub solve: SolveOptions,
    /// Seconds each scenario may take, from the start of its solve.
    pub time_limit: f64,
    /// Parallel jobs (0 = one per core).
    pub jobs: usize,
    /// Radius for "inhabitants reached", km by road.
    pub radius_km: f64,
    /// Show a progress bar on the terminal.
    pub progress: bool,
    /// Language of the reports (each plan folder's and the batch's `report.html`).
    pub lang: crate::report::Lang,
}

/// Splits the cores between jobs and HiGHS threads: (jobs, threads per job).
pub fn split_cores(scenarios: usize, jobs: usize, cores: usize) -> (usize, u32) {
    let cores = cores.max(1);
    let jobs = if jobs == 0 { cores } else { jobs.min(cores) }.clamp(1, scenarios.max(1));
    let threads = (cores / jobs).max(1) as u32;
    (jobs, threads)
}

/// Solves every scenario, writes `DIR/<name>/` for each planned one and
/// returns the comparison rows in input order.
pub fn run(
    scenarios: &[Scenario],
    out: &OutDir,
    opts: &BatchOptions,
) -> Result<Vec<ComparisonRow>> {
    crate::output::ensure_folder(out.path())?;
    let names: Vec<String> = scenarios
        .iter()
        .map(|s| crate::output::file_name(&s.name, "scenario"))
        .collect();
    let mut seen = std::collections::BTreeMap::new();
    for (s, n) in scenarios.iter().zip(&names) {
        if let Some(other) = seen.insert(n.clone(), &s.name) {
            anyhow::bail!(
                "scenarios `{other}` and `{}` would share the plan folder `{n}`; give one of them another `name`",
                s.name
            );
        }
    }
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let (jobs, threads) = split_cores(scenarios.len(), opts.jobs, cores);
    let mut solve = opts.solve.clone();
    solve.threads = if jobs > 1 {
        1
    } else {
        solve.threads.max(threads)
    };
    let bar = if opts.progress {
        let b = indicatif::ProgressBar::new(scenarios.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{elapsed_precise} [{bar:30}] {pos}/{len} {msg}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        Some(b)
    } else {
        None
    };
    let done = AtomicUsize::new(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("cannot start the worker pool")?;
    // Largest scenarios first from one shared queue (longest-processing-time
    // order), so that no big scenario starts last and leaves the other cores
    // idle; rows keep the input order.
    let mut order: Vec<usize> = (0..scenarios.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(size_estimate(&scenarios[i])));
    let next = AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<ComparisonRow>>> = scenarios
        .iter()
        .map(|_| std::sync::Mutex::new(None))
        .collect();
    pool.scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|_| {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = order.get(k) else { break };
                    let s = &scenarios[i];
                    let row = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        let mine = solve.until(solve.deadline.within(opts.time_limit));
                        one(s, out, &mine, opts.radius_km, opts.lang)
                    }))
                    .unwrap_or_else(|_| {
                        ComparisonRow::failed(
                            s,
                            "error",
                            "the solver crashed on this scenario".into(),
                            0.0,
                        )
                    });
                    done.fetch_add(1, Ordering::Relaxed);
                    if let Some(b) = &bar {
                        b.set_message(format!("{} {}", s.name, row.status));
                        b.inc(1);
                    }
                    *slots[i].lock().expect("batch slot") = Some(row);
                }
            });
        }
    });
    let rows: Vec<ComparisonRow> = slots
        .into_iter()
        .map(|m| {
            m.into_inner()
                .expect("batch slot")
                .expect("every scenario ran")
        })
        .collect();
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let mut rows = rows;
    compare::mark_pareto(&mut rows);
    Ok(rows)
}

/// A rough size of a scenario's model: staff × offices that may open × days.
pub(crate) fn size_estimate(s: &Scenario) -> u64 {
    let offices = s.offices.iter().filter(|o| !o.closed).count() as u64;
    let days = s.period.days() as u64;
    s.staff.len() as u64 * offices * days
}

fn one(
    s: &Scenario,
    out: &OutDir,
    solve: &SolveOptions,
    radius_km: f64,
    lang: crate::report::Lang,
) -> ComparisonRow {
    let problems = crate::scenario::validate::validate(s);
    if !problems.is_empty() {
        let why: Vec<String> = problems
            .iter()
            .map(|d| format!("{}: {}", d.field, d.message))
            .collect();
        return ComparisonRow::failed(s, "invalid", why.join("; "), 0.0);
    }
    match planner::solve(s, solve) {
        Outcome::Planned(mut p) => {
            let written = out
                .child(&s.name)
                .and_then(|dir| planner::write_verified_reports(s, &mut p, &dir, Some(lang)));
            match written {
                Ok(_) => ComparisonRow::from_plan(s, &p, radius_km),
                Err(e) => {
                    ComparisonRow::failed(s, "error", format!("{e:#}"), p.summary.solve_seconds)
                }
            }
        }
        Outcome::Infeasible {
            explanation,
            seconds,
        } => {
            let names: Vec<String> = explanation
                .conflicts
                .iter()
                .map(|c| format!("{} ({:.0})", c.name, c.amount))
                .collect();
            ComparisonRow::failed(
                s,
                "infeasible",
                format!("rules in conflict: {}", names.join(", ")),
                seconds,
            )
        }
        Outcome::NoSolution {
            status,
            reason,
            seconds,
        } => ComparisonRow::failed(s, status.as_str(), reason, seconds),
    }
}
