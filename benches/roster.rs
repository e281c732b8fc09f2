//! Benchmark harness for the rostering core on the Curtois & Qu instances.
//!
//! cargo bench --bench roster -- [--time-limit S] [--threads N] [--seed K] [--verbose] [--no-branch] [--tile DxS] [--generate DAYSxSTAFFxTYPES --gen-seed K] [1 2 3 ...]
//!
//! The time limit may also come from `ROSTER_TIME_LIMIT`; default 60 s, and
//! instances 1-12 by default; `--generate` runs generated instances of the
//! held-out sizes instead (`formats::nrp_gen`, e.g. `364x150x32`). Every roster is re-checked by the independent
//! checker before it is reported.
use std::path::PathBuf;

use clap::Parser;

use serviceplan::formats::nrp;
use serviceplan::formats::nrp_gen::{GenSpec, generate};
use serviceplan::roster::command::{best_known, roster_rows};
use serviceplan::roster::{RosterOptions, solve};
use serviceplan::verify::nrp::check;

/// Runs the Curtois & Qu instances and prints the table of the closing note.
#[derive(Parser, Debug)]
#[command(name = "roster-bench")]
struct Args {
    /// Seconds per instance
    #[arg(long, env = "ROSTER_TIME_LIMIT", default_value_t = 60.0)]
    time_limit: f64,
    /// Cooperating searches (one per core)
    #[arg(long, default_value_t = 1)]
    threads: u32,
    /// Seed of the searches
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Print the searches' progress
    #[arg(long)]
    verbose: bool,
    /// Without branch-and-price (column generation, dives and neighbourhoods only)
    #[arg(long)]
    no_branch: bool,
    /// Scale each instance first: the horizon repeated D times and the
    /// staff S times (`NrpInstance::tiled`), e.g. `--tile 13x1` for a year
    #[arg(long, value_name = "DxS", value_parser = parse_tile)]
    tile: Option<(usize, usize)>,
    /// Run a generated instance of this size instead (repeatable), e.g.
    /// `--generate 364x150x32`
    #[arg(long, value_name = "DAYSxSTAFFxTYPES")]
    generate: Vec<GenSpec>,
    /// Seed of the generated instances
    #[arg(long, default_value_t = 1)]
    gen_seed: u64,
    /// `cargo bench` passes this
    #[arg(long, hide = true)]
    bench: bool,
    /// Instance numbers or files (default 1-12)
    names: Vec<String>,
}

fn parse_tile(s: &str) -> Result<(usize, usize), String> {
    let (d, st) = s
        .split_once('x')
        .ok_or_else(|| format!("--tile {s}: expected DxS, e.g. 13x1"))?;
    let num = |v: &str| {
        v.parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("--tile {s}: {v} is not a whole number of at least 1"))
    };
    Ok((num(d)?, num(st)?))
}

fn main() {
    let Args {
        time_limit,
        threads,
        seed,
        verbose,
        no_branch,
        tile,
        generate: specs,
        gen_seed,
        mut names,
        ..
    } = Args::parse();
    if names.is_empty() && specs.is_empty() {
        names = (1..=12).map(|i| i.to_string()).collect();
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/benchmarks/shift-scheduling/instances");
    println!(
        "{:<11} {:>9} {:>10} {:>8} {:>9} {:>10} {:>8}",
        "instance", "objective", "best_known", "gap_bk%", "bound", "status", "seconds"
    );
    // (name, best-known value, instance) of each run.
    let mut runs = Vec::new();
    for n in names {
        let file = if n.chars().all(|c| c.is_ascii_digit()) {
            format!("Instance{n}.txt")
        } else {
            n.clone()
        };
        let path = if n.contains('/') {
            PathBuf::from(&n)
        } else {
            dir.join(&file)
        };
        let inst = match nrp::read(&path) {
            Ok(i) => match tile {
                Some((d, s)) => i.tiled(d, s),
                None => i,
            },
            Err(e) => {
                println!("{file}: {e}");
                continue;
            }
        };
        let mut name = path.file_stem().unwrap().to_string_lossy().to_string();
        if let Some((d, s)) = tile {
            name = format!("{name}x{d}x{s}");
        }
        runs.push((name.clone(), best_known(&path, &name), inst));
    }
    for g in specs {
        let name = format!("Gen{}x{}x{}", g.days, g.staff, g.types);
        runs.push((name, None, generate(g, gen_seed)));
    }
    for (name, bk, inst) in runs {
        let p = nrp::to_roster_problem(&inst);
        let mut opts = RosterOptions {
            time_limit,
            threads,
            seed,
            verbose,
            branch: !no_branch,
            ..RosterOptions::default()
        };
        if let Ok(f) = std::env::var("ROSTER_FORM") {
            use serviceplan::roster::model_forms::{MinRunForm, SuccessionForm};
            for part in f.split(',') {
                match part {
                    "pat" => opts.build.min_runs = MinRunForm::Patterns,
                    "win" => opts.build.min_runs = MinRunForm::Windows,
                    "ss" => opts.build.min_runs = MinRunForm::StartStop,
                    "pairs" => opts.build.succession = SuccessionForm::Pairs,
                    "bic" => opts.build.succession = SuccessionForm::Bicliques,
                    "starts" => opts.build.max_run_starts = true,
                    _ => {}
                }
            }
        }
        let res = solve(&p, &opts);
        if verbose {
            // The first search printed as it went; the others' logs now.
            for l in res.log.iter().filter(|l| !l.starts_with("[search 0]")) {
                if l.starts_with("[search ") {
                    eprintln!("{l}");
                }
            }
        }
        let mut obj = String::from("-");
        let mut gap_bk = String::from("-");
        if let Some(r) = &res.roster {
            let rows = roster_rows(&inst, r);
            let rep = check(&inst, &rows);
            assert!(rep.feasible(), "{name}: checker found {:?}", rep.violations);
            assert_eq!(
                Some(rep.objective as f64),
                res.objective,
                "{name}: checker disagrees"
            );
            obj = rep.objective.to_string();
            if let Some(b) = bk {
                gap_bk = format!("{:.2}", 100.0 * (rep.objective as f64 - b) / b.max(1.0));
            }
        }
        println!(
            "{:<11} {:>9} {:>10} {:>8} {:>9} {:>10} {:>8.1}",
            name,
            obj,
            bk.map(|b| b.to_string()).unwrap_or("-".into()),
            gap_bk,
            res.bound.map(|b| format!("{b:.0}")).unwrap_or("-".into()),
            res.status.as_str(),
            res.seconds
        );
    }
}
