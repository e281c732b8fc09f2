//! Runs the rostering core briefly on generated instances and prints when
//! the first roster came (or why none did): a probe of the construction
//! on the families that defeat it.
//!
//! ```text
//! cargo run --release --example nrp_construct_probe -- --planted --time-limit 10 364x30x32 --seeds 1..5
//! ```

use clap::Parser;
use serviceplan::formats::nrp::to_roster_problem;
use serviceplan::formats::nrp_gen::{GenSpec, generate};
use serviceplan::formats::nrp_gen_planted;
use serviceplan::roster::{RosterOptions, solve};
use serviceplan::solve::Deadline;

#[derive(Parser)]
#[command(about = "First-roster probe on generated shift scheduling instances")]
struct Args {
    /// Sizes as DAYSxSTAFFxTYPES.
    specs: Vec<GenSpec>,
    /// First and last seed, e.g. 1..5.
    #[arg(long, default_value = "1..3")]
    seeds: String,
    /// Planted-roster instances (`formats::nrp_gen_planted`).
    #[arg(long)]
    planted: bool,
    /// Seconds per run.
    #[arg(long, default_value_t = 10.0)]
    time_limit: f64,
    /// Print the whole log of each run.
    #[arg(long)]
    verbose: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let (a, b) = args
        .seeds
        .split_once("..")
        .ok_or_else(|| anyhow::anyhow!("--seeds: expected FIRST..LAST"))?;
    let (a, b): (u64, u64) = (a.parse()?, b.parse()?);
    for spec in &args.specs {
        for seed in a..=b {
            let inst = if args.planted {
                nrp_gen_planted::generate(*spec, seed).instance
            } else {
                generate(*spec, seed)
            };
            let p = to_roster_problem(&inst);
            let opts = RosterOptions {
                deadline: Deadline::after(args.time_limit),
                ..RosterOptions::default()
            };
            let res = solve(&p, &opts);
            let first = res
                .log
                .iter()
                .find(|l| l.contains("constructed") || l.contains("construction"))
                .cloned()
                .unwrap_or_default();
            println!(
                "{}x{}x{} seed {seed}: {:?} objective {:?} bound {:?} | {}",
                spec.days,
                spec.staff,
                spec.types,
                res.status,
                res.objective,
                res.bound,
                first.trim()
            );
            if args.verbose {
                for l in &res.log {
                    println!("    {l}");
                }
            }
        }
    }
    Ok(())
}
