//! Benchmark harness for the rostering core on the Curtois & Qu instances.
//!
//! cargo bench --bench roster -- [--time-limit S] [--threads N] [--seed K] [--verbose] [--no-branch] [--tile DxS] [--generate DAYSxSTAFFxTYPES --gen-seed K] [--panel | --no-panel] [--planted] [--anchor highs|cpsat] [1 2 3 ...]
//!
//! The time limit may also come from `ROSTER_TIME_LIMIT`; default 60 s.
//! By default instances 1-12, then the panel of generated long horizons
//! (182 and 364 days, `PANEL`; `--no-panel` leaves it out); `--generate`
//! runs generated instances of the held-out sizes instead
//! (`formats::nrp_gen`, e.g. `364x150x32`). The panel has a second half,
//! `Planted…` rows (also alone with `--planted`): instances of the same
//! sizes built around a planted roster (`formats::nrp_gen_planted`: tight
//! total minutes, long forbidden-succession lists, cover met by the
//! planted roster), whose `best_known` column is the planted roster's
//! cost — a roster that exists, so `gap_bk%` says how far the search is
//! from one it could have found, as the published values do for the
//! benchmark's own long instances. Each row gives the objective,
//! the bound and the gap between them, the status, the seconds and the
//! seconds until the first roster.
//! `--anchor` runs one of the two reference points of the developers'
//! "numbers to beat" in place of serviceplan's core, on the same instances
//! and limits: `highs`, the compact MIP written the textbook way (forbidden
//! pairs, forbidden short-run patterns) solved by HiGHS alone, and `cpsat`,
//! the plain OR-Tools CP-SAT model of `benches/anchors/cpsat_nrp.py` (needs
//! `python3` with `ortools`). Every roster, an anchor's too, is re-checked by
//! the independent checker before it is reported.
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Parser;

use serviceplan::benchmark::roster::{best_known, roster_rows};
use serviceplan::formats::nrp::{self, NrpInstance};
use serviceplan::formats::nrp_gen::{GenSpec, generate};
use serviceplan::formats::nrp_gen_planted::{self, Planted};
use serviceplan::formats::nrp_write;
use serviceplan::roster::model_forms::{MinRunForm, SuccessionForm};
use serviceplan::roster::{BuildOptions, Roster, RosterOptions, build_with, solve};
use serviceplan::solve::{Lp, SolveOptions, relative_gap};
use serviceplan::verify::nrp::{Assignment, check, read_roster_csv};

/// A reference solver run in place of serviceplan's core.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    /// The compact MIP, textbook forms, on HiGHS alone.
    Highs,
    /// OR-Tools CP-SAT (`benches/anchors/cpsat_nrp.py`).
    Cpsat,
}

/// What one run reports: the roster as records (re-checked here), the
/// solver's own objective and bound, its status and seconds.
struct Run {
    rows: Option<Vec<Assignment>>,
    /// The solver's value of its roster. `None` for the HiGHS anchor, whose
    /// incumbent at a time limit may leave a cover entry's under and over
    /// slacks both positive and so state more than the roster costs: its
    /// roster is reported at the checker's value.
    objective: Option<f64>,
    bound: Option<f64>,
    status: String,
    seconds: f64,
    /// Seconds until the first roster, where the solver says.
    first: Option<f64>,
}

/// The generated sizes of the long-horizon panel (days × staff × types):
/// the benchmark's held-out horizons of 182 and 364 days, whose instances
/// are not in the repository (`formats::nrp_gen`, seed `--gen-seed`).
const PANEL: [&str; 5] = [
    "182x50x6",
    "182x100x8",
    "364x50x10",
    "364x100x16",
    "364x150x32",
];

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
    /// The panel of generated instances of the long horizons (182 and
    /// 364 days, `PANEL`), after any instances named. Without names and
    /// `--generate` the bench runs instances 1-12 and the panel.
    #[arg(long)]
    panel: bool,
    /// Instances 1-12 only (no panel) when nothing is named.
    #[arg(long, conflicts_with = "panel")]
    no_panel: bool,
    /// The planted half of the panel only (with `--panel`: both halves)
    #[arg(long)]
    planted: bool,
    /// Run a reference anchor instead of serviceplan's core
    #[arg(long, value_enum)]
    anchor: Option<Anchor>,
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
        panel,
        no_panel,
        planted,
        anchor,
        mut names,
        ..
    } = Args::parse();
    let mut specs = specs;
    let everything = names.is_empty() && specs.is_empty() && !planted;
    if everything {
        names = (1..=12).map(|i| i.to_string()).collect();
    }
    let panel_specs = || {
        PANEL
            .iter()
            .map(|s| s.parse::<GenSpec>().expect("a panel size"))
    };
    let whole_panel = panel || (everything && !no_panel);
    if whole_panel {
        specs.extend(panel_specs());
    }
    let planted_specs: Vec<GenSpec> = if whole_panel || planted {
        panel_specs().collect()
    } else {
        Vec::new()
    };
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benchmarks/shift-scheduling/instances");
    println!(
        "{:<16} {:>9} {:>10} {:>8} {:>9} {:>7} {:>10} {:>8} {:>7}",
        "instance",
        "objective",
        "best_known",
        "gap_bk%",
        "bound",
        "gap%",
        "status",
        "seconds",
        "first"
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
    for g in planted_specs {
        let name = format!("Planted{}x{}x{}", g.days, g.staff, g.types);
        let Planted { instance, roster } = nrp_gen_planted::generate(g, gen_seed);
        // The planted roster's cost, by the independent checker.
        let rep = check(
            &instance,
            &roster_rows(&instance, &Roster { assign: roster }),
        );
        assert!(rep.feasible(), "{name}: the planted roster breaks a rule");
        runs.push((name, Some(rep.objective as f64), instance));
    }
    for (name, bk, inst) in runs {
        let run = match anchor {
            None => core(&inst, time_limit, threads, seed, verbose, !no_branch),
            Some(Anchor::Highs) => highs_anchor(&inst, time_limit, threads, seed, verbose),
            Some(Anchor::Cpsat) => cpsat_anchor(&inst, &name, time_limit, threads, seed),
        };
        let mut obj = String::from("-");
        let mut gap_bk = String::from("-");
        if let Some(rows) = &run.rows {
            let rep = check(&inst, rows);
            assert!(rep.feasible(), "{name}: checker found {:?}", rep.violations);
            if let Some(o) = run.objective {
                assert_eq!(rep.objective as f64, o.round(), "{name}: checker disagrees");
            }
            obj = rep.objective.to_string();
            if let Some(b) = bk {
                gap_bk = format!("{:.2}", 100.0 * (rep.objective as f64 - b) / b.max(1.0));
            }
        }
        let gap = match (&run.rows, run.bound) {
            (Some(_), Some(b)) => obj
                .parse::<f64>()
                .map_or("-".into(), |o| format!("{:.1}", 100.0 * relative_gap(o, b))),
            _ => "-".into(),
        };
        println!(
            "{:<16} {:>9} {:>10} {:>8} {:>9} {:>7} {:>10} {:>8.1} {:>7}",
            name,
            obj,
            bk.map(|b| b.to_string()).unwrap_or("-".into()),
            gap_bk,
            run.bound.map(|b| format!("{b:.0}")).unwrap_or("-".into()),
            gap,
            run.status,
            run.seconds,
            run.first.map_or("-".into(), |f| format!("{f:.1}")),
        );
    }
}

/// serviceplan's rostering core (`roster::solve`), as `serviceplan roster` runs it.
fn core(
    inst: &NrpInstance,
    time_limit: f64,
    threads: u32,
    seed: u64,
    verbose: bool,
    branch: bool,
) -> Run {
    let p = nrp::to_roster_problem(inst);
    let mut opts = RosterOptions {
        deadline: serviceplan::solve::Deadline::after(time_limit),
        threads,
        seed,
        verbose,
        branch,
        ..RosterOptions::default()
    };
    if let Ok(f) = std::env::var("ROSTER_FORM") {
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
    Run {
        rows: res.roster.as_ref().map(|r| roster_rows(inst, r)),
        objective: res.objective,
        bound: res.bound,
        status: res.status.as_str().to_string(),
        seconds: res.seconds,
        first: res.first_seconds,
    }
}

/// The textbook MILP: the compact model with one row per forbidden pair
/// and per too-short run pattern, no decomposition, no start, HiGHS with
/// its defaults on `threads` threads.
fn highs_anchor(
    inst: &NrpInstance,
    time_limit: f64,
    threads: u32,
    seed: u64,
    verbose: bool,
) -> Run {
    let p = nrp::to_roster_problem(inst);
    let mut lp = Lp::new();
    let form = BuildOptions {
        min_runs: MinRunForm::Patterns,
        succession: SuccessionForm::Pairs,
        ..BuildOptions::default()
    };
    let vars = build_with(&p, &mut lp, &form);
    let size = lp.size();
    eprintln!(
        "highs anchor: {} variables ({} integer), {} rows",
        size.variables, size.integers, size.rows
    );
    let out = lp.solve(&SolveOptions {
        deadline: serviceplan::solve::Deadline::after(time_limit),
        gap: 0.0,
        threads,
        seed: seed as i32,
        verbose,
        // HiGHS's own default.
        heuristic_effort: 0.05,
        ..SolveOptions::default()
    });
    if let Some(e) = &out.error {
        eprintln!("highs anchor: {e}");
    }
    Run {
        rows: out
            .values
            .as_ref()
            .map(|v| roster_rows(inst, &vars.roster(v))),
        objective: None,
        bound: out.bound,
        status: out.status.as_str().to_string(),
        seconds: out.seconds,
        first: None,
    }
}

/// OR-Tools CP-SAT through `benches/anchors/cpsat_nrp.py`: the instance is
/// written out as a benchmark file, the script's roster read back.
fn cpsat_anchor(inst: &NrpInstance, name: &str, time_limit: f64, threads: u32, seed: u64) -> Run {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join(format!("{name}.txt"));
    std::fs::write(&file, nrp_write::to_text(inst)).expect("instance written");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/anchors/cpsat_nrp.py");
    let out_dir = dir.path().join("out");
    let started = std::time::Instant::now();
    let output = Command::new("python3")
        .arg(&script)
        .arg(&file)
        .args(["--time-limit", &time_limit.to_string()])
        .args(["--threads", &threads.to_string()])
        .args(["--seed", &seed.to_string()])
        .arg("--out")
        .arg(&out_dir)
        .output();
    let seconds = started.elapsed().as_secs_f64();
    let failed = |why: String| {
        eprintln!("cpsat anchor on {name}: {why}");
        Run {
            rows: None,
            objective: None,
            bound: None,
            status: "error".into(),
            seconds,
            first: None,
        }
    };
    let output = match output {
        Ok(o) if o.status.success() => o,
        Ok(o) => return failed(String::from_utf8_lossy(&o.stderr).into_owned()),
        Err(e) => return failed(format!("cannot run python3: {e}")),
    };
    // The script prints `instance=... objective=V bound=B status=S seconds=T`.
    let line = String::from_utf8_lossy(&output.stdout).into_owned();
    let field = |key: &str| {
        line.split_whitespace()
            .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
            .map(str::to_string)
    };
    let num = |key: &str| field(key).and_then(|v| v.parse::<f64>().ok());
    // Without a roster the script prints `objective=NA` and an empty file.
    let objective = num("objective");
    let rows = objective.and_then(|_| read_roster_csv(&out_dir.join("roster.csv")).ok());
    Run {
        objective: objective.filter(|_| rows.is_some()),
        rows,
        bound: num("bound"),
        status: field("status").unwrap_or_default().to_lowercase(),
        seconds: num("seconds").unwrap_or(seconds),
        first: None,
    }
}
