//! OR-Library facility location benchmark for the location core.
//!
//! cargo bench --bench facility -- [--time-limit S] [--large] [--uncap]
//!     [--no-small] [--only NAME[,NAME..]] [--threads N] [--gap G (default 1e-6)]
//!     [--linking all|none|nearest:K|lazy[:R]|nearest:K+lazy] [--no-total-cap]
//!     [--no-lagrange]
//!     [--highs key=value ...] [--verbose]
//!
//! Default: the 37 small capacitated instances. `--large` adds the 12
//! capa/b/c capacity settings, `--uncap` the 15 uncapacitated instances.
//! Instances come from ../shared/benchmarks/facility-location/ next to the
//! crate. Prints one row per instance and a closing summary.

use std::path::{Path, PathBuf};

use serviceplan::location::command::solve_facility_file;
use serviceplan::location::{Linking, Tuning};
use serviceplan::solve::{HighsValue, SolveOptions, Status};

struct Case {
    group: &'static str,
    name: String,
    file: PathBuf,
    capacity: Option<f64>,
    uncapacitated: bool,
    optimum: f64,
}

fn read_optima(path: &Path) -> Vec<(String, f64)> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_string(), f[3].parse().expect("optimum is a number"))
        })
        .collect()
}

fn highs_value(v: &str) -> HighsValue {
    if let Ok(b) = v.parse::<bool>() {
        HighsValue::Bool(b)
    } else if let Ok(i) = v.parse::<i32>() {
        HighsValue::Int(i)
    } else if let Ok(f) = v.parse::<f64>() {
        HighsValue::Float(f)
    } else {
        HighsValue::Str(v.to_string())
    }
}

fn main() {
    let mut opts = SolveOptions {
        time_limit: Some(60.0),
        // Stop only when the optimum is proven to the comparison tolerance.
        gap: 1e-6,
        ..SolveOptions::default()
    };
    let mut tuning = Tuning::default();
    let (mut small, mut large, mut uncap) = (true, false, false);
    let mut only: Option<Vec<String>> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = |name: &str| {
            args.next()
                .unwrap_or_else(|| panic!("{name} needs a value"))
        };
        match a.as_str() {
            "--time-limit" => opts.time_limit = Some(val("--time-limit").parse().expect("seconds")),
            "--gap" => opts.gap = val("--gap").parse().expect("a relative gap"),
            "--threads" => opts.threads = val("--threads").parse().expect("a number"),
            "--large" => large = true,
            "--uncap" => uncap = true,
            "--no-small" => small = false,
            "--only" => only = Some(val("--only").split(',').map(str::to_string).collect()),
            "--linking" => {
                tuning.linking = val("--linking")
                    .parse::<Linking>()
                    .unwrap_or_else(|e| panic!("--linking: {e}"))
            }
            "--no-total-cap" => tuning.total_capacity = false,
            "--no-lagrange" => tuning.lagrangian_min_pairs = usize::MAX,
            "--highs" => {
                let kv = val("--highs");
                let (k, v) = kv.split_once('=').expect("--highs key=value");
                tuning.highs.push((k.to_string(), highs_value(v)));
            }
            "--verbose" => opts.verbose = true,
            "--bench" => {} // passed by cargo bench
            other => panic!("unknown argument {other}"),
        }
    }

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/benchmarks/facility-location");
    if !root.exists() {
        println!("skipped: {} not found", root.display());
        return;
    }
    let inst = root.join("instances");
    let mut cases = Vec::new();
    for (name, optimum) in read_optima(&root.join("best-known.csv")) {
        let (file, capacity) = match name.split_once('-') {
            Some((f, c)) => (f.to_string(), Some(c.parse::<f64>().expect("capacity"))),
            None => (name.clone(), None),
        };
        if (capacity.is_none() && small) || (capacity.is_some() && large) {
            cases.push(Case {
                group: if capacity.is_some() {
                    "capa/b/c capacitated"
                } else {
                    "small capacitated"
                },
                name: name.clone(),
                file: inst.join(format!("{file}.txt")),
                capacity,
                uncapacitated: false,
                optimum,
            });
        }
    }
    if uncap {
        for (name, optimum) in read_optima(&root.join("best-known-uncapacitated.csv")) {
            cases.push(Case {
                group: "uncapacitated",
                name: format!("{name}-uncap"),
                file: inst.join(format!("{name}.txt")),
                capacity: None,
                uncapacitated: true,
                optimum,
            });
        }
    }
    if let Some(only) = &only {
        cases.retain(|c| only.contains(&c.name));
    }

    println!(
        "# linking {:?}, total_capacity {}, lagrangian {}, time limit {:?} s, gap {}, threads {}, highs {:?}",
        tuning.linking,
        tuning.total_capacity,
        tuning.lagrangian_min_pairs == 0,
        opts.time_limit,
        opts.gap,
        opts.threads,
        tuning.highs
    );
    println!(
        "{:<14} {:>16} {:>16} {:>10} {:>8} {:<10} {:>8}",
        "instance", "objective", "optimum", "vs opt %", "gap %", "status", "seconds"
    );
    // (group, matched, proven optimal, seconds) per instance.
    let mut rows: Vec<(&str, bool, bool, f64)> = Vec::new();
    for c in &cases {
        let r = solve_facility_file(&c.file, c.capacity, c.uncapacitated, &opts, &tuning);
        match r {
            Ok(s) => {
                let obj = s.objective.unwrap_or(f64::NAN);
                let dev = (obj - c.optimum) / c.optimum;
                let ok = dev.abs() <= 1e-6;
                rows.push((c.group, ok, s.status == Status::Optimal, s.solve_seconds));
                println!(
                    "{:<14} {:>16.3} {:>16.3} {:>10.5} {:>8.4} {:<10} {:>8.2}{}",
                    c.name,
                    obj,
                    c.optimum,
                    100.0 * dev,
                    100.0 * s.gap.unwrap_or(f64::NAN),
                    s.status.as_str(),
                    s.solve_seconds,
                    if ok { "" } else { "  MISMATCH" }
                );
            }
            Err(e) => {
                rows.push((c.group, false, false, f64::NAN));
                println!("{:<14} error: {e:#}", c.name);
            }
        }
    }
    let mut groups: Vec<&str> = rows.iter().map(|r| r.0).collect();
    groups.dedup();
    groups.push("all");
    for g in groups {
        let sel: Vec<_> = rows.iter().filter(|r| g == "all" || r.0 == g).collect();
        let mut times: Vec<f64> = sel.iter().map(|r| r.3).filter(|t| t.is_finite()).collect();
        times.sort_by(f64::total_cmp);
        let median = if times.is_empty() {
            f64::NAN
        } else if times.len() % 2 == 1 {
            times[times.len() / 2]
        } else {
            (times[times.len() / 2 - 1] + times[times.len() / 2]) / 2.0
        };
        println!(
            "# {g}: matched {}/{} (relative 1e-6), proven optimal {}, median {:.2} s, max {:.2} s, total {:.1} s",
            sel.iter().filter(|r| r.1).count(),
            sel.len(),
            sel.iter().filter(|r| r.2).count(),
            median,
            times.last().copied().unwrap_or(f64::NAN),
            times.iter().sum::<f64>()
        );
    }
}
