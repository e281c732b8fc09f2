//! Benchmark harness for the municipal model (models 1–2): the default
//! scenario and generated larger ones (offices × staff, one quarter).
//! Prints model size, status, objective, bound, gap, the seconds to the
//! first legal plan, the solve's own seconds, the wall time around the
//! whole call (the time-limit promise) and the process's peak memory.
//!
//! cargo bench --bench municipal -- [--time-limit S] [--gap G] [--threads N] [--repeat R] [--method search|highs-alone] [OxS ...]
//! e.g. cargo bench --bench municipal -- 12x6 25x30 50x60

use clap::Parser;
use serviceplan::planner::{self, Outcome};
use serviceplan::scenario::generate::generated;
use serviceplan::scenario::load_default;
use serviceplan::solve::{Method, SolveOptions};

/// Plans the default scenario and generated larger ones, printing model size, status, gap and objective.
#[derive(Parser, Debug)]
#[command(name = "municipal-bench")]
struct Args {
    /// Seconds per solve
    #[arg(long, default_value_t = 60.0)]
    time_limit: f64,
    /// HiGHS threads
    #[arg(long, default_value_t = 1)]
    threads: u32,
    /// Solves per case (the median is reported)
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Relative MIP gap at which a solve stops
    #[arg(long, default_value_t = 1e-4)]
    gap: f64,
    /// HiGHS log on stderr
    #[arg(long)]
    verbose: bool,
    /// How the stages are solved: `search` (the planner's) or
    /// `highs-alone` (each stage's whole program in one HiGHS call, the
    /// reference point: e.g. `--method highs-alone --time-limit 600 25x30`)
    #[arg(long, value_enum, default_value = "search")]
    method: Method,
    /// HiGHS mip_heuristic_effort
    #[arg(long = "heuristic")]
    heuristic_effort: Option<f64>,
    /// `cargo bench` passes this
    #[arg(long, hide = true)]
    bench: bool,
    /// Generated cases OFFICESxSTAFF, e.g. 25x30 (default: the default scenario and 12x6 12x12 25x30 50x60 100x120)
    #[arg(value_parser = parse_case)]
    cases: Vec<(usize, usize)>,
}

fn parse_case(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("{s:?}: a case is OFFICESxSTAFF, e.g. 25x30");
    let (o, st) = s.split_once('x').ok_or_else(bad)?;
    Ok((
        o.parse().map_err(|_| bad())?,
        st.parse().map_err(|_| bad())?,
    ))
}

fn main() {
    let Args {
        time_limit,
        threads,
        repeat,
        gap,
        verbose,
        heuristic_effort,
        method,
        mut cases,
        ..
    } = Args::parse();
    let heuristic_effort = heuristic_effort.unwrap_or(SolveOptions::default().heuristic_effort);
    let with_default = cases.is_empty();
    if cases.is_empty() {
        cases = vec![(12, 6), (12, 12), (25, 30), (50, 60), (100, 120)];
    }
    let opts = SolveOptions {
        deadline: serviceplan::solve::Deadline::after(time_limit),
        threads,
        gap,
        verbose,
        heuristic_effort,
        method,
        ..SolveOptions::default()
    };
    println!(
        "| scenario | offices | staff | variables | integers | rows | status | objective | bound | gap % (median of {repeat}) | gaps % (every run) | first plan s | seconds (median of {repeat}) | wall s (max) | peak MiB |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut scenarios = Vec::new();
    if with_default {
        scenarios.push(load_default().0);
    }
    for (o, s) in cases {
        scenarios.push(generated(o, s, 7));
    }
    for s in scenarios {
        let mut times = Vec::new();
        let mut wall: f64 = 0.0;
        // Every run's plan; the one with the median gap is printed.
        let mut planned = Vec::new();
        let mut last = None;
        for _ in 0..repeat {
            // Each solve gets the whole limit, from its own start.
            let opts = opts.until(serviceplan::solve::Deadline::after(time_limit));
            let started = std::time::Instant::now();
            let outcome = planner::solve(&s, &opts);
            wall = wall.max(started.elapsed().as_secs_f64());
            // Solves given up at the deadline run on until HiGHS next
            // checks it; the next run must not share its cores with them.
            let after = std::time::Instant::now();
            let lingering = serviceplan::solve::live_solves();
            while serviceplan::solve::live_solves() > 0 && after.elapsed().as_secs() < 600 {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            if lingering > 0 {
                eprintln!(
                    "{}: {lingering} solve(s) given up at the deadline ran on {:.1} s after it",
                    s.name,
                    after.elapsed().as_secs_f64()
                );
            }
            match outcome {
                Outcome::Planned(p) => {
                    times.push(p.summary.solve_seconds);
                    planned.push(p);
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
                            .map(|c| c.family.id)
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
        let gap_of = |p: &serviceplan::plan::Plan| p.summary.mip_gap.unwrap_or(f64::INFINITY);
        planned.sort_by(|a, b| gap_of(a).total_cmp(&gap_of(b)));
        let gaps = planned
            .iter()
            .map(|p| {
                p.summary
                    .mip_gap
                    .map_or_else(|| "-".to_string(), |g| format!("{:.2}", 100.0 * g))
            })
            .chain((planned.len()..repeat).map(|_| "no plan".to_string()))
            .collect::<Vec<_>>()
            .join(" / ");
        let chosen = if planned.is_empty() {
            last.expect("repeat ≥ 1")
        } else {
            let middle = planned.len() / 2;
            Ok(planned.swap_remove(middle))
        };
        match chosen {
            Ok(p) => {
                let m = &p.summary.model;
                let or_dash = |v: Option<f64>, digits: usize| {
                    v.map_or_else(|| "-".to_string(), |x| format!("{x:.digits$}"))
                };
                println!(
                    "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {gaps} | {} | {:.2} | {:.2} | {} |",
                    s.name,
                    p.summary.offices,
                    p.summary.staff,
                    m.variables,
                    m.integers,
                    m.rows,
                    p.summary.status,
                    or_dash(p.summary.objective, 2),
                    or_dash(p.summary.bound, 2),
                    or_dash(p.summary.mip_gap.map(|g| g * 100.0), 2),
                    or_dash(p.summary.first_plan_seconds, 2),
                    median,
                    wall,
                    peak_mib()
                );
            }
            Err(e) => println!(
                "| {} | {} | {} | - | - | - | {e} | - | - | - | {gaps} | - | {median:.2} | {wall:.2} | {} |",
                s.name,
                s.offices.len(),
                s.staff.len(),
                peak_mib()
            ),
        }
    }
}

/// The process's peak resident memory so far (Linux `VmHWM`), in MiB: a
/// running maximum over the cases printed so far.
fn peak_mib() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or_else(|| "-".to_string(), |kb| format!("{:.0}", kb / 1024.0))
}
