//! Batch benchmark: N variants of the default scenario solved with one job
//! (sequential) and with one job per core (parallel); prints wall times and
//! the speed-up. Variants: offices 4..7 × evenings 2,3 × total FTE 3.0..4.5,
//! budget soft so that every variant is planned.
//!
//! cargo bench --bench batch -- [--time-limit S] [--repeat R]

use std::time::Instant;

use clap::Parser;
use serviceplan::batch::{self, BatchOptions, grid};
use serviceplan::scenario::load_default;
use serviceplan::solve::SolveOptions;

/// Plans the variants with one job, then one job per core, and prints the speed-up.
#[derive(Parser, Debug)]
#[command(name = "batch-bench")]
struct Args {
    /// Seconds per scenario
    #[arg(long, default_value_t = 60.0)]
    time_limit: f64,
    /// Runs of each mode (the median is reported)
    #[arg(long, default_value_t = 1)]
    repeat: usize,
    /// `cargo bench` passes this
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() {
    let Args {
        time_limit, repeat, ..
    } = Args::parse();
    let levers =
        ["offices=4..7", "evenings=2,3", "fte=3.0..4.5:0.5"].map(|l| grid::parse_lever(l).unwrap());
    // Soft budget: every variant is planned (its overrun reported), as a
    // management comparison wants; with the hard default the 3.5–4.5 FTE
    // variants are infeasible and only explained.
    let mut base = load_default().0;
    base.costs.budget_mode = "soft".into();
    let scenarios = grid::expand(&base, &levers).unwrap();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!(
        "{} variants, {cores} cores, time limit {time_limit} s per scenario",
        scenarios.len()
    );
    let mut medians = Vec::new();
    for jobs in [1, cores] {
        let mut times = Vec::new();
        for _ in 0..repeat {
            let dir = tempfile::tempdir().unwrap();
            let opts = BatchOptions {
                solve: SolveOptions {
                    deadline: serviceplan::solve::Deadline::none(),
                    ..SolveOptions::default()
                },
                time_limit,
                jobs,
                radius_km: 10.0,
                progress: false,
                lang: serviceplan::report::Lang::Sv,
            };
            let t = Instant::now();
            let rows = batch::run(
                &scenarios,
                &serviceplan::output::OutDir::claim(dir.path(), true).unwrap(),
                &opts,
            )
            .unwrap();
            times.push(t.elapsed().as_secs_f64());
            let planned = rows.iter().filter(|r| r.reason.is_empty()).count();
            println!(
                "jobs {jobs}: {:.1} s wall, {planned}/{} planned",
                times.last().unwrap(),
                rows.len()
            );
        }
        times.sort_by(f64::total_cmp);
        medians.push(times[times.len() / 2]);
    }
    println!(
        "median wall: sequential {:.1} s, parallel {:.1} s, speed-up {:.2}×",
        medians[0],
        medians[1],
        medians[0] / medians[1]
    );
}
