//! Benchmark harness for the municipal model (models 1–2): the default
//! scenario and generated larger ones (offices × staff, one quarter).
//! Prints model size, solve time, status, gap and objective.
//!
//! cargo bench --bench municipal -- [--time-limit S] [--gap G] [--threads N] [--repeat R] [OxS ...]
//! e.g. cargo bench --bench municipal -- 12x6 25x30 50x60

use serviceplan::planner::{self, Outcome};
use serviceplan::scenario::generate::generated;
use serviceplan::scenario::load_default;
use serviceplan::solve::SolveOptions;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut time_limit = 60.0;
    let mut threads = 1;
    let mut repeat = 3;
    let mut gap = 1e-4;
    let mut verbose = false;
    let mut heuristic_effort = SolveOptions::default().heuristic_effort;
    let mut cases: Vec<(usize, usize)> = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--time-limit" => {
                time_limit = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--time-limit S")
            }
            "--threads" => {
                threads = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--threads N")
            }
            "--verbose" => verbose = true,
            "--heuristic" => {
                heuristic_effort = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--heuristic E")
            }
            "--gap" => gap = args.next().and_then(|v| v.parse().ok()).expect("--gap G"),
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--repeat R")
            }
            other => {
                let (o, s) = other
                    .split_once('x')
                    .expect("cases are OFFICESxSTAFF, e.g. 25x30");
                cases.push((o.parse().expect("offices"), s.parse().expect("staff")));
            }
        }
    }
    let with_default = cases.is_empty();
    if cases.is_empty() {
        cases = vec![(12, 6), (12, 12), (25, 30), (50, 60)];
    }
    let opts = SolveOptions {
        time_limit: Some(time_limit),
        threads,
        gap,
        verbose,
        heuristic_effort,
        ..SolveOptions::default()
    };
    println!(
        "| scenario | offices | staff | variables | integers | rows | status | gap % | objective | seconds (median of {repeat}) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut scenarios = Vec::new();
    if with_default {
        scenarios.push(load_default().0);
    }
    for (o, s) in cases {
        scenarios.push(generated(o, s, 7));
    }
    for s in scenarios {
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..repeat {
            match planner::solve(&s, &opts) {
                Outcome::Planned(p) => {
                    times.push(p.summary.solve_seconds);
                    last = Some(Ok(p));
                }
                Outcome::Infeasible {
                    seconds,
                    explanation,
                } => {
                    times.push(seconds);
                    last = Some(Err(format!(
                        "infeasible: {}",
                        explanation
                            .conflicts
                            .iter()
                            .map(|c| c.family)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
                Outcome::NoSolution {
                    seconds, reason, ..
                } => {
                    times.push(seconds);
                    last = Some(Err(reason));
                }
            }
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        match last.expect("repeat ≥ 1") {
            Ok(p) => {
                let m = &p.summary.model;
                println!(
                    "| {} | {} | {} | {} | {} | {} | {} | {:.3} | {:.2} | {:.2} |",
                    s.name,
                    p.summary.offices,
                    p.summary.staff,
                    m.variables,
                    m.integers,
                    m.rows,
                    p.summary.status,
                    p.summary.mip_gap.unwrap_or(f64::NAN) * 100.0,
                    p.summary.objective.unwrap_or(f64::NAN),
                    median
                );
            }
            Err(e) => println!(
                "| {} | {} | {} | - | - | - | {e} | - | - | {median:.2} |",
                s.name,
                s.offices.len(),
                s.staff.len()
            ),
        }
    }
}
