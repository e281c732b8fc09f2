//! Writes a generated instance in the shift scheduling benchmark's format
//! (`serviceplan::formats::nrp_gen`): a stand-in for the held-out instances
//! 13–24 when measuring how `serviceplan roster` scales.
//!
//! ```text
//! cargo run --release --example nrp_generate -- 364x150x32 --planted --seed 1 --out /tmp/P.txt
//! cargo run --release --example nrp_generate -- 364x150x32 --seed 1 --out /tmp/Gen364x150x32.txt
//! serviceplan roster /tmp/Gen364x150x32.txt --out /tmp/gen --time-limit 600
//! ```

use std::io::Write;
use std::path::PathBuf;

use clap::Parser;
use serviceplan::formats::nrp::to_roster_problem;
use serviceplan::formats::nrp_gen::{GenSpec, generate};
use serviceplan::formats::nrp_gen_planted;
use serviceplan::formats::nrp_write::to_text;
use serviceplan::output::write_file;
use serviceplan::roster::Roster;
use serviceplan::roster::eval::objective;

#[derive(Parser)]
#[command(about = "Write a generated shift scheduling instance (benchmark format)")]
struct Args {
    /// Size as DAYSxSTAFFxTYPES, e.g. 364x150x32.
    spec: GenSpec,
    /// Generator seed: the same size and seed give the same file.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// A planted-roster instance (`formats::nrp_gen_planted`: tight limits,
    /// long forbidden-succession lists, mixed shift lengths) instead.
    #[arg(long)]
    planted: bool,
    /// File to write (written whole or not at all); standard output when absent.
    #[arg(long)]
    out: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let inst = if args.planted {
        let planted = nrp_gen_planted::generate(args.spec, args.seed);
        // The planted roster's cost: an upper bound on the optimum, to
        // measure the search and the bounds against.
        let p = to_roster_problem(&planted.instance);
        let cost = objective(
            &p,
            &Roster {
                assign: planted.roster,
            },
        );
        eprintln!("planted roster: objective {cost}");
        planted.instance
    } else {
        generate(args.spec, args.seed)
    };
    let text = to_text(&inst);
    match args.out {
        Some(path) => write_file(&path, text.as_bytes())?,
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    Ok(())
}
