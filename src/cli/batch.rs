//! `serviceplan batch`: many scenarios (and a grid of variations) solved in
//! parallel, each written to its own plan folder, and one comparison.

use std::path::PathBuf;

use clap::Args;

use serviceplan::Error;
use serviceplan::batch::{self, ComparisonRow};
use serviceplan::scenario::{self, Scenario};
use serviceplan::solve::Deadline;

use super::{OutArgs, SolveArgs, console, load};

#[derive(Args, Clone)]
pub struct BatchArgs {
    /// Scenario files (TOML); the embedded default when none is given.
    files: Vec<PathBuf>,
    /// Output folder: comparison.csv, comparison.md and one plan folder per scenario.
    #[arg(long)]
    out: PathBuf,
    /// Vary a lever over values, applied to every scenario (repeatable: the grid is
    /// their product). Levers: offices=N (keep the N offices in the most populous
    /// areas), evenings=N, evening_staff=N, cycle=WEEKS, fte=TOTAL, or a dotted path
    /// such as rules.max_consecutive_days. Values: 2,4 or 4..8 or 3.0..4.0:0.5.
    #[arg(long = "vary", value_name = "LEVER=VALUES")]
    vary: Vec<String>,
    /// Parallel jobs (0 = one per core); HiGHS threads are split so that jobs × threads ≤ cores.
    #[arg(long, default_value_t = 0)]
    jobs: usize,
    /// Radius for "inhabitants reached": road km from an open office.
    #[arg(long, default_value_t = 10.0, value_parser = super::amount)]
    radius_km: f64,
    /// Language of report.html (the batch's and each plan folder's): sv (default) or en.
    #[arg(long, default_value = "sv")]
    lang: serviceplan::report::Lang,
    #[command(flatten)]
    output: OutArgs,
    /// --time-limit is each scenario's: every scenario's plan is written
    /// within it.
    #[command(flatten)]
    solve: SolveArgs,
}

pub fn run(a: BatchArgs) -> Result<(), Error> {
    let mut bases = Vec::new();
    if a.files.is_empty() {
        bases.push(scenario::load_default().0);
    }
    for f in &a.files {
        bases.push(load(Some(f))?);
    }
    let levers = a
        .vary
        .iter()
        .map(|v| batch::grid::parse_lever(v))
        .collect::<anyhow::Result<Vec<_>>>()
        .map_err(|e| Error::BadInput(format!("--vary {e:#}")))?;
    // A variant that cannot be built (offices=8 of 7) becomes a row saying why.
    let (scenarios, invalid): (Vec<Scenario>, Vec<Option<String>>) = bases
        .iter()
        .flat_map(|b| batch::grid::expand_variants(b, &levers))
        .unzip();
    let mut names = std::collections::BTreeSet::new();
    for s in &scenarios {
        if !names.insert(s.name.clone()) {
            return Err(Error::BadInput(format!(
                "two scenarios are named `{}`; give each file its own `name`",
                s.name
            )));
        }
    }
    let out = a.output.claim(&a.out)?;
    eprintln!(
        "batch: {} scenarios into {}",
        scenarios.len(),
        a.out.display()
    );
    let opts = batch::BatchOptions {
        // Each scenario's own deadline (--time-limit) starts when its
        // solve does; Ctrl-C stops them all.
        solve: a.solve.options(super::guard::stoppable(Deadline::none())),
        time_limit: a.solve.time_limit,
        jobs: a.jobs,
        radius_km: a.radius_km,
        progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
        lang: a.lang,
    };
    let runnable: Vec<Scenario> = scenarios
        .iter()
        .zip(&invalid)
        .filter(|(_, why)| why.is_none())
        .map(|(s, _)| s.clone())
        .collect();
    let planned = batch::run(&runnable, &out, &opts)?;
    let mut planned = planned.into_iter();
    let mut rows: Vec<ComparisonRow> = scenarios
        .iter()
        .zip(&invalid)
        .map(|(s, why)| match why {
            None => planned.next().expect("one row per runnable scenario"),
            Some(w) => ComparisonRow::failed(s, "invalid", w.clone(), 0.0),
        })
        .collect();
    batch::compare::mark_pareto(&mut rows);
    batch::write_outputs(&out, &scenarios, &rows, &opts)?;
    console::batch_summary(&rows, &out);
    Ok(())
}
