//! `serviceplan roster`: a staff scheduling benchmark instance, solved by
//! the rostering core and re-checked independently.

use std::path::PathBuf;

use clap::Args;

use serviceplan::Error;
use serviceplan::roster::RosterOptions;

use super::{OutArgs, console, guard, positive_seconds};

#[derive(Args, Clone)]
pub struct RosterArgs {
    /// The instance file (e.g. Instance1.txt).
    instance: PathBuf,
    /// Output folder: roster.csv and summary.json.
    #[arg(long)]
    out: PathBuf,
    /// Seconds the whole command may take (see `serviceplan --help`).
    #[arg(long, default_value_t = 60.0, value_parser = positive_seconds)]
    time_limit: f64,
    /// Cooperating searches, run in parallel and sharing their incumbent and
    /// bound, one CPU thread each (default: every core; 1 = a single,
    /// seed-deterministic search). `--threads N` is the same: N threads.
    #[arg(long, alias = "threads", value_parser = clap::value_parser!(u32).range(1..=256))]
    searches: Option<u32>,
    /// Stop once the roster is proven within this relative gap of the
    /// bound (0.05 = 5 %); the status is then `optimal` within that gap.
    #[arg(long, default_value_t = 0.0, value_parser = super::gap_value)]
    gap: f64,
    /// Seed of the neighbourhood choices.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Print the search's progress (phases, bounds, improvements) to stderr.
    #[arg(long)]
    verbose: bool,
    #[command(flatten)]
    output: OutArgs,
}

pub fn run(a: RosterArgs) -> Result<(), Error> {
    let deadline = guard::deadline(a.time_limit);
    let out = a.output.claim(&a.out)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get() as u32);
    let opts = RosterOptions {
        deadline,
        threads: a.searches.unwrap_or(cores).max(1),
        gap: a.gap,
        seed: a.seed,
        verbose: a.verbose,
        ..Default::default()
    };
    let s = serviceplan::benchmark::roster::run_roster(&a.instance, &out, &opts)?;
    console::roster_summary(&s, &out);
    Ok(())
}
