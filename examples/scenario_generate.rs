//! Writes a generated scenario (`serviceplan::scenario::generate`) as a
//! TOML file that `serviceplan plan` reads: the default Gävle scenario
//! scaled to more offices and staff, for measuring how the planner scales.
//!
//! ```text
//! cargo run --release --example scenario_generate -- 25x30 --seed 7 --out /tmp/gen25x30.toml
//! serviceplan plan /tmp/gen25x30.toml --out /tmp/gen25x30 --time-limit 60
//! cargo run --release --example scenario_generate -- 5x3 --months 1 --saturday-one-in 1 --seed 4
//! ```

use std::io::Write;
use std::path::PathBuf;

use clap::Parser;
use serviceplan::output::write_file;
use serviceplan::scenario::generate::{Shape, generated_with};

#[derive(Parser)]
#[command(about = "Write a generated scenario (TOML) of OFFICESxSTAFF")]
struct Args {
    /// Size as OFFICESxSTAFF, e.g. 25x30.
    size: String,
    /// Generator seed: the same size and seed give the same file.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Length of the period in whole months (1–12), from the first of
    /// the quarter the seed chooses.
    #[arg(long, default_value_t = Shape::QUARTER.months)]
    months: u32,
    /// One office in N also opens on Saturdays (1: every office).
    #[arg(long, default_value_t = Shape::QUARTER.saturday_one_in)]
    saturday_one_in: usize,
    /// File to write (written whole or not at all); standard output when absent.
    #[arg(long)]
    out: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let (o, s) = args
        .size
        .split_once('x')
        .and_then(|(o, s)| Some((o.parse().ok()?, s.parse().ok()?)))
        .ok_or_else(|| anyhow::anyhow!("{}: a size is OFFICESxSTAFF, e.g. 25x30", args.size))?;
    let shape = Shape {
        months: args.months,
        saturday_one_in: args.saturday_one_in,
    };
    let text = toml::to_string(&generated_with(o, s, args.seed, shape))?;
    match args.out {
        Some(path) => write_file(&path, text.as_bytes())?,
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    Ok(())
}
