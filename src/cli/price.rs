//! `serviceplan price`: what each rule and service level costs, in kronor
//! a year and in service (prices.csv, prices.json, report.html).

use std::path::PathBuf;

use clap::Args;

use serviceplan::Error;
use serviceplan::price::{self, PriceOptions};
use serviceplan::solve::SolveOptions;

use super::{OutArgs, console, guard, load};

#[derive(Args, Clone)]
pub struct PriceArgs {
    /// Scenario file (TOML); the embedded default when left out.
    file: Option<PathBuf>,
    /// Output folder: prices.csv, prices.json and report.html.
    #[arg(long)]
    out: PathBuf,
    /// Parallel jobs (0 = one per core); HiGHS threads are split so that jobs × threads ≤ cores.
    #[arg(long, default_value_t = 0)]
    jobs: usize,
    /// Seconds the whole table may take (the base plan and every step): it
    /// returns within this (plus 5 % and a second for writing), each step
    /// with the best verified plan found in its share or a row saying why not.
    #[arg(long, default_value_t = 900.0, value_parser = super::positive_seconds)]
    time_limit: f64,
    /// Stop each solve when the relative MIP gap is below this (0.0001 = 0.01 %).
    #[arg(long, default_value_t = 1e-4, value_parser = super::gap_value)]
    gap: f64,
    /// Radius for "inhabitants reached": road km from an open office.
    #[arg(long, default_value_t = 10.0, value_parser = super::amount)]
    radius_km: f64,
    /// Language of report.html and the rule names: sv (default) or en.
    #[arg(long, default_value = "sv")]
    lang: serviceplan::report::Lang,
    /// Print the HiGHS log.
    #[arg(long)]
    verbose: bool,
    #[command(flatten)]
    output: OutArgs,
}

pub fn run(a: PriceArgs) -> Result<(), Error> {
    let deadline = guard::deadline(a.time_limit);
    let s = load(a.file.as_deref())?;
    let out = a.output.claim(&a.out)?;
    let steps = price::steps::steps(&s);
    eprintln!(
        "price: {} with {} steps, {} s in all, into {}",
        s.name,
        steps.len(),
        a.time_limit,
        a.out.display()
    );
    let opts = PriceOptions {
        solve: SolveOptions {
            deadline,
            gap: a.gap,
            verbose: a.verbose,
            ..SolveOptions::default()
        },
        jobs: a.jobs,
        radius_km: a.radius_km,
        lang: a.lang,
    };
    let table = price::price_steps(&s, steps, &opts)?;
    price::write(&out, &table, a.lang)?;
    console::price_summary(&table, &out);
    match table.base.status.as_str() {
        _ if table.base.measure.is_some() => Ok(()),
        "infeasible" => Err(Error::Infeasible(format!(
            "infeasible: scenario {} has no base plan, so no step has a price: {}",
            s.name, table.base.reason
        ))),
        _ => Err(Error::NoPlan(format!(
            "no base plan ({}): {}; raise --time-limit",
            table.base.status, table.base.reason
        ))),
    }
}
