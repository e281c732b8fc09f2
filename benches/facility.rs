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
//! Instances come from benchmarks/facility-location/ in the
//! repository. Prints one row per instance and a closing summary.

use std::path::{Path, PathBuf};

use clap::Parser;
use serviceplan::benchmark::facility::solve_facility_file;
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

/// Solves the OR-Library facility location instances and compares with the published optima.
#[derive(Parser, Debug)]
#[command(name = "facility-bench")]
struct Args {
    /// Seconds per instance
    #[arg(long, default_value_t = 60.0)]
    time_limit: f64,
    /// Relative gap at which a solve stops (the comparison tolerance)
    #[arg(long, default_value_t = 1e-6)]
    gap: f64,
    /// HiGHS threads
    #[arg(long)]
    threads: Option<u32>,
    /// Add the 12 capa/b/c capacity settings
    #[arg(long)]
    large: bool,
    /// Add the 15 uncapacitated instances
    #[arg(long)]
    uncap: bool,
    /// Leave out the 37 small capacitated instances
    #[arg(long)]
    no_small: bool,
    /// Only these instances (comma-separated names)
    #[arg(long, value_delimiter = ',')]
    only: Option<Vec<String>>,
    /// Linking rows: all | none | nearest:K | lazy[:R] | nearest:K+lazy
    #[arg(long)]
    linking: Option<Linking>,
    /// Without the total-capacity inequality
    #[arg(long)]
    no_total_cap: bool,
    /// Without the Lagrangian preprocessing
    #[arg(long)]
    no_lagrange: bool,
    /// Extra HiGHS option key=value (repeatable)
    #[arg(long = "highs", value_parser = parse_highs)]
    highs: Vec<(String, HighsValue)>,
    /// HiGHS log on stderr
    #[arg(long)]
    verbose: bool,
    /// `cargo bench` passes this
    #[arg(long, hide = true)]
    bench: bool,
}

fn parse_highs(kv: &str) -> Result<(String, HighsValue), String> {
    let (k, v) = kv
        .split_once('=')
        .ok_or_else(|| format!("{kv:?}: expected key=value"))?;
    Ok((k.to_string(), highs_value(v)))
}

fn main() {
    let args = Args::parse();
    let mut opts = SolveOptions {
        deadline: serviceplan::solve::Deadline::after(args.time_limit),
        gap: args.gap,
        verbose: args.verbose,
        ..SolveOptions::default()
    };
    if let Some(t) = args.threads {
        opts.threads = t;
    }
    let mut tuning = Tuning::default();
    if let Some(l) = args.linking {
        tuning.linking = l;
    }
    tuning.total_capacity &= !args.no_total_cap;
    if args.no_lagrange {
        tuning.lagrangian_min_pairs = usize::MAX;
    }
    tuning.highs.extend(args.highs);
    let (small, large, uncap) = (!args.no_small, args.large, args.uncap);
    let only = args.only;

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("benchmarks/facility-location");
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
        args.time_limit,
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
        // Each instance gets the whole limit, from its own start.
        let opts = opts.until(serviceplan::solve::Deadline::after(args.time_limit));
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
