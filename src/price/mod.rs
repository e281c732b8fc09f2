//! What each rule costs (`serviceplan price`): every rule and service level
//! with a value in the scenario moved one step each way (and dropped where
//! it can be), each step re-planned, verified, and priced against the base
//! plan in kronor a year per budget category and in service.
//!
//! - [`steps`]: which steps, and the scenario of each;
//! - [`measure`]: what one verified plan costs and delivers;
//! - [`row`]: a price (step minus base) and `prices.csv`;
//! - [`report`]: the section "Vad kostar reglerna?" of a report page.
//!
//! The base is solved first; then the steps from one queue by `jobs`
//! parallel workers (rayon), each starting from the base plan
//! ([`planner::solve_from`]: what of it keeps the step's rules is where
//! the search begins, when it beats the construction). All under the run's
//! one [`Deadline`]: each solve gets the time left divided by the rounds
//! still to come, so the whole table ends by the deadline; a step without
//! a plan in its time is a row saying so. Each plan goes through the
//! planner as `serviceplan plan` would and the independent verifier. The
//! method and what the numbers mean are in `models/pricing.md`.

pub mod measure;
pub mod report;
pub mod row;
pub mod steps;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::planner::{self, Outcome};
use crate::report::Lang;
use crate::scenario::Scenario;
use crate::solve::{Deadline, SolveOptions};

pub use measure::Measure;
pub use row::PriceRow;
pub use steps::{Rule, Step};

/// How to price.
#[derive(Debug, Clone)]
pub struct PriceOptions {
    /// Solve options; their deadline is the whole table's.
    pub solve: SolveOptions,
    /// Parallel jobs (0 = one per core).
    pub jobs: usize,
    /// Radius for "inhabitants reached", km by road.
    pub radius_km: f64,
    /// Language of the rule names.
    pub lang: Lang,
}

/// The base plan's figures, or why it has none.
#[derive(Debug, Clone, Serialize)]
pub struct Base {
    pub status: String,
    pub reason: String,
    pub measure: Option<Measure>,
}

/// The price table of one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct PriceTable {
    pub scenario: String,
    pub title: String,
    /// The compared year (the year the period starts in).
    pub year: i32,
    /// SEK per staff hour in the compared year (salary and on-costs).
    pub hourly_staff_cost_sek: f64,
    pub base: Base,
    pub rows: Vec<PriceRow>,
}

/// One solve's result.
enum Solved {
    Plan { status: String, measure: Measure },
    None { status: String, reason: String },
}

/// Plans `s` under `solve` (the search also started from `start`, the
/// base plan), verifies the plan independently (written to a scratch
/// folder) and measures it; the plan too when `keep`.
fn solve_one(
    s: &Scenario,
    solve: &SolveOptions,
    radius_km: f64,
    start: Option<&crate::plan::Plan>,
    keep: bool,
) -> (Solved, Option<crate::plan::Plan>) {
    let solved = match planner::solve_from(s, solve, start) {
        Outcome::Planned(mut p) => {
            let scratch = match tempfile::tempdir() {
                Ok(d) => d,
                Err(e) => {
                    let why = format!("no scratch folder to verify the plan in: {e}");
                    return (
                        Solved::None {
                            status: "error".into(),
                            reason: why,
                        },
                        None,
                    );
                }
            };
            match planner::write_verified(s, &mut p, &scratch.path().join("plan")) {
                Ok(_) => {
                    let solved = Solved::Plan {
                        status: p.summary.status.clone(),
                        measure: Measure::of(s, &p, radius_km),
                    };
                    return (solved, if keep { Some(*p) } else { None });
                }
                Err(e) => Solved::None {
                    status: "error".into(),
                    reason: format!("{e:#}"),
                },
            }
        }
        Outcome::Infeasible { explanation, .. } => {
            let names: Vec<String> = explanation
                .conflicts
                .iter()
                .map(|c| format!("{} [{}]", c.name, c.family.id))
                .collect();
            Solved::None {
                status: "infeasible".into(),
                reason: if names.is_empty() {
                    "the rules conflict; the elastic re-solve could not tell which in its time"
                        .into()
                } else {
                    format!("rules in conflict: {}", names.join(", "))
                },
            }
        }
        Outcome::NoSolution { status, reason, .. } => Solved::None {
            status: status.as_str().into(),
            reason,
        },
    };
    (solved, None)
}

/// `solve` with a crash turned into a row that says so.
fn guarded(
    solve: impl FnOnce() -> (Solved, Option<crate::plan::Plan>),
) -> (Solved, Option<crate::plan::Plan>) {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(solve)).unwrap_or_else(|_| {
        (
            Solved::None {
                status: "error".into(),
                reason: "the solver crashed on this step".into(),
            },
            None,
        )
    })
}

/// Prices every step of `base` (see the module docs). Rows keep the order
/// of [`steps::steps`].
pub fn price(base: &Scenario, opts: &PriceOptions) -> Result<PriceTable> {
    let steps = steps::steps(base);
    price_steps(base, steps, opts)
}

/// Prices the given steps of `base`.
pub fn price_steps(base: &Scenario, steps: Vec<Step>, opts: &PriceOptions) -> Result<PriceTable> {
    let year = chrono::Datelike::year(&base.period.start);
    // Item 0 is the base; item k the scenario of step k − 1 (or why it
    // cannot be built).
    let mut items: Vec<Result<Scenario, String>> = vec![Ok(base.clone())];
    items.extend(
        steps
            .iter()
            .map(|st| steps::apply(base, st).map_err(|e| format!("{e:#}"))),
    );
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let (jobs, threads) = crate::batch::split_cores(items.len(), opts.jobs, cores);
    let mut solve = opts.solve.clone();
    solve.threads = if jobs > 1 {
        1
    } else {
        solve.threads.max(threads)
    };
    let deadline: Deadline = solve.deadline.clone();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("cannot start the worker pool")?;
    // The base first, alone (the planner gives its second core to the
    // whole model beside the stages): every step starts from its plan.
    let next = AtomicUsize::new(1);
    let slots: Vec<Mutex<Option<Solved>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let share = |k: usize| {
        // The time left, shared by the rounds still to come (this one
        // included); a little kept back for verifying and writing. The
        // base, which every price is measured against, gets two rounds'
        // share.
        let rounds = (items.len() - k).div_ceil(jobs).max(1) as f64;
        let weight = if k == 0 { 2.0 } else { 1.0 };
        match deadline.remaining() {
            Some(t) => solve.until(deadline.within(t * 0.97 * weight / (rounds + weight - 1.0))),
            None => solve.clone(),
        }
    };
    // Item `k` solved under `mine` from `start`; its plan too when `keep`.
    let solve_item = |k: usize, mine: &SolveOptions, start, keep| match &items[k] {
        Err(why) => (
            Solved::None {
                status: "invalid".into(),
                reason: why.clone(),
            },
            None,
        ),
        Ok(s) => guarded(|| solve_one(s, mine, opts.radius_km, start, keep)),
    };
    let base_solve = SolveOptions {
        threads: opts.solve.threads.max(1),
        ..share(0)
    };
    let (solved, base_plan) = solve_item(0, &base_solve, None, true);
    *slots[0].lock().expect("price slot") = Some(solved);
    pool.scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|_| {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= items.len() {
                        break;
                    }
                    let (solved, _) = solve_item(k, &share(k), base_plan.as_ref(), false);
                    *slots[k].lock().expect("price slot") = Some(solved);
                }
            });
        }
    });
    let mut solved = slots
        .into_iter()
        .map(|m| m.into_inner().expect("price slot").expect("every item ran"));
    let base_solved = solved.next().expect("the base is item 0");
    let rule_name = |st: &Step| opts.lang.t(st.rule.label()).to_string();
    let (base_out, rows) = match base_solved {
        Solved::Plan { status, measure } => {
            let rows = steps
                .into_iter()
                .zip(solved)
                .map(|(st, sv)| {
                    let name = rule_name(&st);
                    match sv {
                        Solved::Plan {
                            status: st_status,
                            measure: m,
                        } => PriceRow::priced(
                            base,
                            st,
                            name,
                            year,
                            &measure,
                            &m,
                            (&status, &st_status),
                        ),
                        Solved::None { status, reason } => {
                            PriceRow::without(st, name, year, &status, reason)
                        }
                    }
                })
                .collect();
            (
                Base {
                    status,
                    reason: String::new(),
                    measure: Some(measure),
                },
                rows,
            )
        }
        Solved::None { status, reason } => {
            let rows = steps
                .into_iter()
                .map(|st| {
                    let name = rule_name(&st);
                    PriceRow::without(
                        st,
                        name,
                        year,
                        "no_base",
                        format!("the base scenario has no plan ({status}): {reason}"),
                    )
                })
                .collect();
            (
                Base {
                    status,
                    reason,
                    measure: None,
                },
                rows,
            )
        }
    };
    Ok(PriceTable {
        scenario: base.name.clone(),
        title: base.title.clone(),
        year,
        hourly_staff_cost_sek: row::hourly_staff_cost(base, year).round(),
        base: base_out,
        rows,
    })
}

impl PriceTable {
    /// `prices.csv`.
    pub fn csv(&self) -> Result<Vec<u8>> {
        csv_of(std::slice::from_ref(self))
    }

    /// `prices.json`: the table with every programme year's deltas.
    pub fn json(&self) -> Result<String> {
        Ok(serde_json::to_string_pretty(self)? + "\n")
    }
}

/// Writes `prices.csv`, `prices.json` and `report.html` into `dir`, each
/// made in memory first and then replacing its file atomically.
pub fn write(dir: &crate::output::OutDir, table: &PriceTable, lang: Lang) -> Result<()> {
    let csv = table.csv()?;
    let json = table.json()?;
    let html = report::render(table, lang)?;
    dir.write("prices.csv", &csv)?;
    dir.write("prices.json", json.as_bytes())?;
    dir.write("report.html", html.as_bytes())?;
    Ok(())
}

/// Files to write beside a report: (name, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// What `batch --price` adds to a batch's outputs: the section of its
/// `report.html`, and `prices.csv` and `prices.json` of every table.
pub fn batch_extras(
    tables: &[PriceTable],
    lang: Lang,
) -> Result<(crate::batch::report::Section, Files)> {
    let files = vec![
        ("prices.csv".to_string(), csv_of(tables)?),
        (
            "prices.json".to_string(),
            (serde_json::to_string_pretty(tables)? + "\n").into_bytes(),
        ),
    ];
    Ok((report::batch_section(tables, lang)?, files))
}

/// `prices.csv` of several tables (a batch's scenarios), one after another.
pub fn csv_of(tables: &[PriceTable]) -> Result<Vec<u8>> {
    let rows: Vec<(&str, &PriceRow)> = tables
        .iter()
        .flat_map(|t| t.rows.iter().map(|r| (t.scenario.as_str(), r)))
        .collect();
    row::csv(&rows)
}
