//! Benchmark harness for the rostering core on the Curtois & Qu instances.
//!
//! cargo bench --bench roster -- [--time-limit S] [--threads N] [--seed K] [--verbose] [1 2 3 ...]
//!
//! The time limit may also come from `ROSTER_TIME_LIMIT`; default 60 s, and
//! instances 1-12 by default. Every roster is re-checked by the independent
//! checker before it is reported.
use std::path::PathBuf;

use serviceplan::formats::nrp;
use serviceplan::roster::command::best_known;
use serviceplan::roster::{RosterOptions, solve};
use serviceplan::verify::nrp::{Assignment, check};

fn main() {
    let mut time_limit: f64 = std::env::var("ROSTER_TIME_LIMIT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60.0);
    let mut threads = 1u32;
    let mut seed = 0u64;
    let mut verbose = false;
    let mut names: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--time-limit" => {
                time_limit = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .expect("--time-limit S")
            }
            "--threads" => {
                threads = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .expect("--threads N")
            }
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).expect("--seed K"),
            "--verbose" => verbose = true,
            "--bench" => {}
            s if s.starts_with("--") => {}
            s => names.push(s.to_string()),
        }
    }
    if names.is_empty() {
        names = (1..=12).map(|i| i.to_string()).collect();
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/benchmarks/shift-scheduling/instances");
    println!(
        "{:<11} {:>9} {:>10} {:>8} {:>9} {:>10} {:>8}",
        "instance", "objective", "best_known", "gap_bk%", "bound", "status", "seconds"
    );
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
            Ok(i) => i,
            Err(e) => {
                println!("{file}: {e}");
                continue;
            }
        };
        let p = nrp::to_roster_problem(&inst);
        let mut opts = RosterOptions {
            time_limit,
            threads,
            seed,
            verbose,
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
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let bk = best_known(&path, &name);
        let mut obj = String::from("-");
        let mut gap_bk = String::from("-");
        if let Some(r) = &res.roster {
            let rows: Vec<Assignment> = r
                .assign
                .iter()
                .enumerate()
                .flat_map(|(s, days)| {
                    let inst = &inst;
                    days.iter().enumerate().filter_map(move |(d, a)| {
                        a.map(|t| Assignment::new(&inst.staff[s].id, d, &inst.shifts[t].id))
                    })
                })
                .collect();
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
