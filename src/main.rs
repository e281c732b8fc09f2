//! serviceplan — plans the local service offices of a municipality.
//!
//! The CLI only wires the library together: parse arguments, call the
//! pipeline, print a short summary, map errors to exit codes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use serviceplan::batch;
use serviceplan::output::OutDir;
use serviceplan::planner::{self, Outcome};
use serviceplan::scenario::{self, Diagnostics, Scenario};
use serviceplan::solve::SolveOptions;
use serviceplan::verify;

/// Exit codes, as documented in `--help`.
const EXIT_ERROR: u8 = 1;
const EXIT_BAD_INPUT: u8 = 2;
const EXIT_INFEASIBLE: u8 = 3;
const EXIT_NO_SOLUTION: u8 = 4;
const EXIT_VERIFY_FAILED: u8 = 5;

#[derive(Parser)]
#[command(
    name = "serviceplan",
    version,
    about = "Plans Gävle's local service offices: opening calendar with evenings, staff rotation, costs against the 3 mnkr budget.",
    long_about = "serviceplan formulates the opening calendar and the staff rotation of a municipal service unit as a mixed-integer program, solves it with HiGHS, verifies the plan independently and writes a plan folder.\n\nRun with no arguments, it plans the embedded default Gävle scenario into out/gavle.\n\nExit codes: 0 success; 1 error (I/O, solver failure); 2 bad input (the scenario or a file has errors); 3 infeasible scenario (the rules that conflict are named); 4 no plan within the time limit; 5 the plan failed verification (a bug: please report it).",
    after_help = "Examples:\n  serviceplan                                  plan the embedded default into out/gavle\n  serviceplan plan scenarios/gavle.toml --out out/q2\n  serviceplan check scenarios/my.toml\n  serviceplan verify scenarios/gavle.toml out/gavle"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Plan one scenario: solve, verify, write the plan folder.
    Plan(PlanArgs),
    /// Validate a scenario and report every problem with file, line and column.
    Check {
        /// Scenario file(s) (TOML).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Solve many scenarios in parallel and compare them (comparison.csv, comparison.md).
    Batch(BatchArgs),
    /// Budget follow-up: ledger actuals against plan and budget, year-end forecast (followup.csv).
    Budget {
        /// The plan folder (its costs.csv is the plan).
        #[arg(long)]
        plan: PathBuf,
        /// Ledger CSV: month (YYYY-MM), category (staff|premises|other), amount_sek[, office].
        #[arg(long)]
        actuals: PathBuf,
        /// Output folder: followup.csv and followup.json.
        #[arg(long)]
        out: PathBuf,
        /// The scenario the plan was made from (default: the embedded Gävle scenario).
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// Replace --out even when it is a folder serviceplan did not write
        /// (everything in it is deleted). Without it such a folder is refused.
        #[arg(long)]
        force: bool,
    },
    /// Solve a staff scheduling benchmark instance (Curtois & Qu format) with the rostering core.
    Roster {
        /// The instance file (e.g. Instance1.txt).
        instance: PathBuf,
        /// Output folder: roster.csv and summary.json.
        #[arg(long)]
        out: PathBuf,
        /// Wall-clock limit in seconds.
        #[arg(long, default_value_t = 60.0)]
        time_limit: f64,
        /// Cooperating searches, one per core, sharing incumbent and bound
        /// (default: every core; 1 = a single, seed-deterministic search).
        #[arg(long)]
        threads: Option<u32>,
        /// Stop once the roster is proven within this relative gap of the
        /// bound (0.05 = 5 %); the status is then `optimal` within that gap.
        #[arg(long, default_value_t = 0.0)]
        gap: f64,
        /// Print the search's progress (phases, bounds, improvements) to stderr.
        #[arg(long)]
        verbose: bool,
        /// Replace --out even when it is a folder serviceplan did not write
        /// (everything in it is deleted). Without it such a folder is refused.
        #[arg(long)]
        force: bool,
    },
    /// Solve an OR-Library facility location instance with the location core.
    Facility {
        /// The instance file (e.g. cap41.txt).
        file: PathBuf,
        /// Output folder: summary.json.
        #[arg(long)]
        out: PathBuf,
        /// Capacity of every site where the file says `capacity` (capa/capb/capc).
        #[arg(long)]
        capacity: Option<f64>,
        /// Ignore capacities (the uncapacitated problem).
        #[arg(long)]
        uncapacitated: bool,
        /// Replace --out even when it is a folder serviceplan did not write
        /// (everything in it is deleted). Without it such a folder is refused.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        solve: SolveArgs,
    },
    /// Screen office locations for a scenario with the location model alone (no staffing plan).
    ///
    /// Writes OUT/location.json (open offices, premises cost, inhabitants
    /// reached, mean road km) and OUT/areas.csv (each outer area's nearest
    /// open office). Offices with `closed = true` stay closed; offices that
    /// are not `candidate = true` stay open unless --free.
    Locate {
        /// The scenario file (default: the embedded Gävle scenario).
        file: Option<PathBuf>,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// What to optimise.
        #[arg(long, value_enum, default_value = "max-covering")]
        objective: serviceplan::location::screen::ScreenObjective,
        /// Reach radius in road km (default: the scenario's [location] radius_km).
        #[arg(long)]
        radius_km: Option<f64>,
        /// Offices to open: exactly (p-median) or at most (max-covering).
        #[arg(long)]
        offices: Option<usize>,
        /// Yearly premises budget in SEK (max-covering).
        #[arg(long)]
        budget: Option<f64>,
        /// Price of one person-km in SEK (fixed-charge).
        #[arg(long, default_value_t = 1.0)]
        sek_per_person_km: f64,
        /// Every office that is not closed is a candidate, existing ones too.
        #[arg(long)]
        free: bool,
        /// Replace --out even when it is a folder serviceplan did not write
        /// (everything in it is deleted). Without it such a folder is refused.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        solve: SolveArgs,
    },
    /// Re-check a plan folder against a scenario's hard rules, independently of the solver.
    Verify {
        /// The scenario file the plan was made from ("default" for the embedded one).
        scenario: PathBuf,
        /// The plan folder (with openings.csv and shifts.csv).
        dir: PathBuf,
    },
}

#[derive(Args, Clone)]
struct SolveArgs {
    /// Stop the solver after this many seconds (the best plan found so far is kept).
    #[arg(long, default_value_t = 60.0)]
    time_limit: f64,
    /// Stop when the relative MIP gap is below this (0.0001 = 0.01 %).
    #[arg(long, default_value_t = 1e-4)]
    gap: f64,
    /// HiGHS threads.
    #[arg(long, default_value_t = 1)]
    threads: u32,
    /// Print the HiGHS log.
    #[arg(long)]
    verbose: bool,
}

impl SolveArgs {
    fn options(&self) -> SolveOptions {
        SolveOptions {
            time_limit: Some(self.time_limit),
            gap: self.gap,
            threads: self.threads,
            verbose: self.verbose,
            ..SolveOptions::default()
        }
    }
}

#[derive(Args, Clone)]
struct PlanArgs {
    /// Scenario file (TOML); the embedded default Gävle scenario when left out.
    file: Option<PathBuf>,
    /// Plan folder to write (replaced whole; default: out/<scenario name>).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of report.html: sv (default) or en.
    #[arg(long, default_value = "sv")]
    lang: serviceplan::report::Lang,
    /// Replace --out even when it is a folder serviceplan did not write
    /// (everything in it is deleted). Without it such a folder is refused.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    solve: SolveArgs,
}

#[derive(Args, Clone)]
struct BatchArgs {
    /// Scenario files (TOML); the embedded default when none is given.
    files: Vec<PathBuf>,
    /// Output folder: comparison.csv, comparison.md and one plan folder per scenario.
    #[arg(long)]
    out: PathBuf,
    /// Vary a lever over values, applied to every scenario (repeatable: the grid is
    /// their product). Levers: offices=N (keep the N offices in the most populous
    /// areas), evenings=N, evening_staff=N, cycle=WEEKS, fte=TOTAL, or a dotted path
    /// such as rules.max_consecutive_days. Values: 2,4 or 4..8 or 3.0..4.0:0.5.
    #[arg(long = "vary", value_name = "LEVER=VALUES")]
    vary: Vec<String>,
    /// Parallel jobs (0 = one per core); HiGHS threads are split so that jobs × threads ≤ cores.
    #[arg(long, default_value_t = 0)]
    jobs: usize,
    /// Radius for "inhabitants reached": road km from an open office.
    #[arg(long, default_value_t = 10.0)]
    radius_km: f64,
    /// Language of report.html (the batch's and each plan folder's): sv (default) or en.
    #[arg(long, default_value = "sv")]
    lang: serviceplan::report::Lang,
    /// Replace --out even when it is a folder serviceplan did not write
    /// (everything in it is deleted). Without it such a folder is refused.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    solve: SolveArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Plan(PlanArgs {
        file: None,
        out: None,
        lang: serviceplan::report::Lang::Sv,
        force: false,
        solve: SolveArgs {
            time_limit: 60.0,
            gap: 1e-4,
            threads: 1,
            verbose: false,
        },
    }));
    let code = match command {
        Command::Plan(a) => plan(a),
        Command::Check { files } => check(&files),
        Command::Batch(a) => batch(a),
        Command::Budget {
            plan,
            actuals,
            out,
            scenario,
            force,
        } => match OutDir::claim(out, force) {
            Ok(out) => budget(&plan, &actuals, &out, scenario.as_deref()),
            Err(e) => bad_out(e),
        },
        Command::Roster {
            instance,
            out,
            time_limit,
            threads,
            gap,
            verbose,
            force,
        } => {
            let out = match OutDir::claim(out, force) {
                Ok(o) => o,
                Err(e) => return ExitCode::from(bad_out(e)),
            };
            let opts = serviceplan::roster::RosterOptions {
                time_limit,
                threads: threads
                    .unwrap_or_else(|| {
                        std::thread::available_parallelism().map_or(1, |n| n.get() as u32)
                    })
                    .max(1),
                gap,
                verbose,
                ..Default::default()
            };
            match serviceplan::roster::command::run_roster(&instance, &out, &opts) {
                Ok(s) => {
                    println!(
                        "{}: {}, objective {}, bound {}{} in {:.1} s; wrote {}",
                        s.instance,
                        s.status.as_str(),
                        number_or_none(s.objective),
                        number_or_none(s.bound),
                        s.gap
                            .filter(|g| *g > 0.0)
                            .map_or(String::new(), |g| format!(" (gap {:.2} %)", 100.0 * g)),
                        s.solve_seconds,
                        out.path().display()
                    );
                    0
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    EXIT_BAD_INPUT
                }
            }
        }
        Command::Facility {
            file,
            out,
            capacity,
            uncapacitated,
            solve,
            force,
        } => {
            let out = match OutDir::claim(out, force) {
                Ok(o) => o,
                Err(e) => return ExitCode::from(bad_out(e)),
            };
            match serviceplan::location::command::run_facility_command(
                &file,
                &out,
                capacity,
                uncapacitated,
                &solve.options(),
            ) {
                Ok(s) => {
                    println!(
                        "{}: {}, objective {} in {:.2} s; wrote {}",
                        s.instance,
                        s.status.as_str(),
                        number_or_none(s.objective),
                        s.solve_seconds,
                        out.path().display()
                    );
                    0
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    location_error_code(&e)
                }
            }
        }
        Command::Locate {
            file,
            out,
            objective,
            radius_km,
            offices,
            budget,
            sek_per_person_km,
            free,
            solve,
            force,
        } => {
            let out = match OutDir::claim(out, force) {
                Ok(o) => o,
                Err(e) => return ExitCode::from(bad_out(e)),
            };
            let s = match load(file.as_deref()) {
                Ok(s) => s,
                Err(d) => {
                    eprintln!("{d}");
                    return ExitCode::from(EXIT_BAD_INPUT);
                }
            };
            let o = serviceplan::location::screen::ScreenOptions {
                objective,
                radius_km: radius_km.unwrap_or(s.location.radius_km),
                offices,
                budget,
                sek_per_person_km,
                free,
            };
            locate(&s, &o, &solve.options(), &out)
        }
        Command::Verify { scenario, dir } => verify_cmd(&scenario, &dir),
    };
    ExitCode::from(code)
}

fn locate(
    s: &Scenario,
    o: &serviceplan::location::screen::ScreenOptions,
    opts: &SolveOptions,
    out: &OutDir,
) -> u8 {
    use serviceplan::location::screen;
    let (summary, rows) = match screen::screen(s, o, opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e:#}");
            return location_error_code(&e);
        }
    };
    if summary.objective_value.is_none() {
        eprintln!(
            "{}: no location plan ({}): the must-open/closed offices, the radius and the office count or budget conflict",
            s.name,
            summary.status.as_str()
        );
        return if summary.status == serviceplan::solve::Status::Infeasible {
            EXIT_INFEASIBLE
        } else {
            EXIT_NO_SOLUTION
        };
    }
    if let Err(e) = screen::write(out, &summary, &rows) {
        eprintln!("error: {e:#}");
        return EXIT_ERROR;
    }
    println!(
        "{}: {} ({}) open {} — {} of {} outer inhabitants within {} km ({:.1} %), mean {:.1} km, premises {:.0} SEK/year; wrote {}",
        s.name,
        summary.objective,
        summary.status.as_str(),
        summary.open_offices.join(", "),
        summary.inhabitants_reached,
        summary.outer_population,
        summary.radius_km,
        summary.reached_share * 100.0,
        summary.mean_km,
        summary.premises_cost_per_year,
        out.path().display()
    );
    0
}

/// The exit code of a failed `facility` or `locate`: 5 when the solution
/// failed verification, else 2 (bad input).
fn location_error_code(e: &anyhow::Error) -> u8 {
    if e.downcast_ref::<serviceplan::verify::location::Failed>()
        .is_some()
    {
        EXIT_VERIFY_FAILED
    } else {
        EXIT_BAD_INPUT
    }
}

fn load(file: Option<&Path>) -> Result<Scenario, Diagnostics> {
    match file {
        None => Ok(scenario::load_default().0),
        Some(p) if p.as_os_str() == "default" => Ok(scenario::load_default().0),
        Some(p) => scenario::load(p).map(|(s, _)| s),
    }
}

fn plan(a: PlanArgs) -> u8 {
    let s = match load(a.file.as_deref()) {
        Ok(s) => s,
        Err(d) => {
            eprintln!("{d}");
            return EXIT_BAD_INPUT;
        }
    };
    // A scenario's name is data: the default folder is made from it by
    // `output::file_name`, never used as a path as it is.
    let out = a.out.clone().unwrap_or_else(|| {
        PathBuf::from("out").join(serviceplan::output::file_name(&s.name, "scenario"))
    });
    let out = match OutDir::claim(out, a.force) {
        Ok(o) => o,
        Err(e) => return bad_out(e),
    };
    eprintln!(
        "planning {} ({} – {}): {} offices, {} staff",
        s.name,
        s.period.start,
        s.period.end,
        s.offices.iter().filter(|o| !o.closed).count(),
        s.staff.len()
    );
    match planner::solve(&s, &a.solve.options()) {
        Outcome::Planned(mut p) => {
            match planner::write_verified_reports(&s, &mut p, &out, Some(a.lang)) {
                Ok(r) => {
                    print_summary(&p, &out, &r);
                    0
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    if e.to_string().contains("failed verification") {
                        EXIT_VERIFY_FAILED
                    } else {
                        EXIT_ERROR
                    }
                }
            }
        }
        Outcome::Infeasible { explanation, .. } => {
            eprintln!(
                "infeasible: scenario {} has no plan that keeps every hard rule.\n{explanation}",
                s.name
            );
            EXIT_INFEASIBLE
        }
        Outcome::NoSolution { reason, .. } => {
            eprintln!("no plan: {reason}");
            EXIT_NO_SOLUTION
        }
    }
}

fn print_summary(p: &serviceplan::plan::Plan, out: &OutDir, r: &verify::Report) {
    let s = &p.summary;
    println!("{} — {}", s.scenario, s.title);
    println!(
        "status {} (objective {:.2}, gap {:.4} %), solved in {:.2} s; model {} variables, {} rows",
        s.status,
        s.objective.unwrap_or(f64::NAN),
        s.mip_gap.unwrap_or(0.0) * 100.0,
        s.solve_seconds,
        s.model.variables,
        s.model.rows
    );
    println!(
        "openings: {} day, {} evening ({:.1} hours); missing day openings: {}",
        s.day_openings, s.evening_openings, s.opening_hours, s.missing_openings
    );
    for (office, months) in &s.evenings_per_month {
        let m: Vec<String> = months.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        println!("  evenings {office:<12} {}", m.join(", "));
    }
    for h in &s.staff_hours {
        println!(
            "  staff {:<8} FTE {:.2}: {:>6.1} h at offices of {:>6.1} h contract, {} days, {} evenings",
            h.staff, h.fte, h.office_hours, h.contract_hours, h.working_days, h.evenings
        );
    }
    for c in s.costs.iter().filter(|c| c.category == "staff") {
        println!(
            "  staff cost {}: {:>10.0} SEK of {:>10.0} budget",
            c.year, c.planned_sek, c.budget_sek
        );
    }
    for c in s.costs.iter().filter(|c| c.deficit_sek > 0.0) {
        println!(
            "  budget deficit {} {}: {:.0} SEK over the budget of {:.0} (budget_mode = soft)",
            c.year, c.category, c.deficit_sek, c.budget_sek
        );
    }
    println!(
        "budget ({}): {}",
        s.budget_mode,
        if s.budget_deficit_sek > 0.0 {
            format!("{:.0} SEK over in all", s.budget_deficit_sek)
        } else if s.budget_in_solve {
            "within every yearly limit; the limits shaped the plan".to_string()
        } else {
            "within every yearly limit".to_string()
        }
    );
    println!(
        "verified: {} openings and {} shifts, no rule broken; cycle exceptions: {}",
        r.openings, r.shifts, s.cycle_exceptions
    );
    println!("wrote {}", out.path().display());
}

fn batch(a: BatchArgs) -> u8 {
    let mut bases = Vec::new();
    if a.files.is_empty() {
        bases.push(scenario::load_default().0);
    }
    for f in &a.files {
        match load(Some(f)) {
            Ok(s) => bases.push(s),
            Err(d) => {
                eprintln!("{d}");
                return EXIT_BAD_INPUT;
            }
        }
    }
    let levers = match a
        .vary
        .iter()
        .map(|v| batch::grid::parse_lever(v))
        .collect::<anyhow::Result<Vec<_>>>()
    {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: --vary {e:#}");
            return EXIT_BAD_INPUT;
        }
    };
    // A variant that cannot be built (offices=8 of 7) becomes a row saying why.
    let (scenarios, invalid): (Vec<Scenario>, Vec<Option<String>>) = bases
        .iter()
        .flat_map(|b| batch::grid::expand_variants(b, &levers))
        .unzip();
    let mut names = std::collections::BTreeSet::new();
    for s in &scenarios {
        if !names.insert(s.name.clone()) {
            eprintln!(
                "error: two scenarios are named `{}`; give each file its own `name`",
                s.name
            );
            return EXIT_BAD_INPUT;
        }
    }
    let out = match OutDir::claim(&a.out, a.force) {
        Ok(o) => o,
        Err(e) => return bad_out(e),
    };
    eprintln!(
        "batch: {} scenarios into {}",
        scenarios.len(),
        a.out.display()
    );
    let opts = batch::BatchOptions {
        solve: a.solve.options(),
        jobs: a.jobs,
        radius_km: a.radius_km,
        progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
        lang: a.lang,
    };
    let runnable: Vec<Scenario> = scenarios
        .iter()
        .zip(&invalid)
        .filter(|(_, why)| why.is_none())
        .map(|(s, _)| s.clone())
        .collect();
    let planned = match batch::run(&runnable, &out, &opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e:#}");
            return EXIT_ERROR;
        }
    };
    let mut planned = planned.into_iter();
    let mut rows: Vec<batch::ComparisonRow> = scenarios
        .iter()
        .zip(&invalid)
        .map(|(s, why)| match why {
            None => planned.next().expect("one row per runnable scenario"),
            Some(w) => batch::ComparisonRow::failed(s, "invalid", w.clone(), 0.0),
        })
        .collect();
    batch::compare::mark_pareto(&mut rows);
    if let Err(e) = batch::write_outputs(&out, &scenarios, &rows, &opts) {
        eprintln!("error: {e:#}");
        return EXIT_ERROR;
    }
    for r in &rows {
        if r.reason.is_empty() {
            println!(
                "{} {:<40} {:<10} cost {:>10.0} SEK, reached {:>6} ({:>5.1} %), {:>5.1} h/office/week",
                if r.pareto { "*" } else { " " },
                r.scenario,
                r.status,
                r.total_cost(),
                r.inhabitants_reached,
                r.reached_share * 100.0,
                r.opening_hours_per_office_week,
            );
        } else {
            println!("  {:<40} {:<10} {}", r.scenario, r.status, r.reason);
        }
    }
    println!(
        "wrote {}/comparison.csv, comparison.parquet, comparison.xlsx, comparison.md and report.html (* = Pareto-efficient)",
        a.out.display()
    );
    0
}

fn budget(plan: &Path, actuals: &Path, out: &OutDir, scenario: Option<&Path>) -> u8 {
    let s = match load(scenario) {
        Ok(s) => s,
        Err(d) => {
            eprintln!("{d}");
            return EXIT_BAD_INPUT;
        }
    };
    match serviceplan::cost::followup::run_budget(&s, plan, actuals, out) {
        Ok(f) => {
            for c in &f.categories {
                println!(
                    "{} {:<9} budget {:>10.0}  plan {:>10.0}  forecast {:>10.0} SEK{}",
                    c.year,
                    c.category,
                    c.budget_sek,
                    c.planned_sek,
                    c.forecast_year_sek,
                    if c.overrun {
                        "  ← heading for an overrun"
                    } else {
                        ""
                    }
                );
            }
            println!(
                "through {}: {} ledger rows; wrote {}/followup.csv and followup.json",
                f.through,
                f.ledger_rows,
                out.path().display()
            );
            0
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            EXIT_BAD_INPUT
        }
    }
}

fn check(files: &[PathBuf]) -> u8 {
    let mut bad = false;
    for f in files {
        match scenario::load(f) {
            Ok((s, _)) => println!(
                "{}: ok — {} ({} – {}), {} offices, {} staff",
                f.display(),
                s.name,
                s.period.start,
                s.period.end,
                s.offices.len(),
                s.staff.len()
            ),
            Err(d) => {
                eprintln!("{d}");
                bad = true;
            }
        }
    }
    if bad { EXIT_BAD_INPUT } else { 0 }
}

fn verify_cmd(scenario: &Path, dir: &Path) -> u8 {
    let s = match load(Some(scenario)) {
        Ok(s) => s,
        Err(d) => {
            eprintln!("{d}");
            return EXIT_BAD_INPUT;
        }
    };
    match verify::verify_dir(&s, dir) {
        Ok(r) if r.ok() => {
            println!(
                "{}: ok — {} openings and {} shifts keep every hard rule of {}",
                dir.display(),
                r.openings,
                r.shifts,
                s.name
            );
            0
        }
        Ok(r) => {
            for v in &r.violations {
                println!("[{}] {}", v.family, v.message);
            }
            println!("{} violations", r.violations.len());
            EXIT_VERIFY_FAILED
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            EXIT_BAD_INPUT
        }
    }
}

/// An output folder that may not be written: exit code 2 with the reason.
fn bad_out(e: anyhow::Error) -> u8 {
    eprintln!("error: {e:#}");
    EXIT_BAD_INPUT
}

/// A value for a summary line: the number as it is, or "none".
fn number_or_none(v: Option<f64>) -> String {
    v.map_or_else(|| "none".to_string(), |x| x.to_string())
}
