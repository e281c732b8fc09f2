//! The command line: `serviceplan --help` is the manual.
//!
//! This module only wires the library together: it parses the arguments
//! ([`Cli`]), creates the run's one [`Deadline`] (with Ctrl-C and a
//! watchdog that keep the time limit's promise, [`guard`]), calls the
//! library, prints what the user should read ([`console`]) and maps the
//! typed [`Error`] to an exit code. One file per command.

mod batch;
mod budget;
mod check;
mod console;
mod facility;
mod guard;
mod locate;
mod plan;
mod price;
mod replan;
mod roster;
mod scenario_file;
mod verify;

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use serviceplan::Error;
use serviceplan::output::OutDir;
use serviceplan::scenario::{self, Scenario};
use serviceplan::solve::{Deadline, SolveOptions};

#[derive(Parser)]
#[command(
    name = "serviceplan",
    version,
    about = "Plans Gävle's local service offices: opening calendar with evenings, staff rotation, costs against the 3 mnkr budget.",
    long_about = "serviceplan formulates the opening calendar and the staff rotation of a municipal service unit as a mixed-integer program, solves it with HiGHS, verifies the plan independently and writes a plan folder.\n\nRun with no arguments, it plans the embedded default Gävle scenario into out/gavle.\n\nThe time limit is a promise: a command ends within --time-limit (plus 5 % and a second for writing) with the best verified result found so far, or exit code 4. Ctrl-C stops the solve the same way; a second Ctrl-C ends the program at once. Output folders are replaced whole and atomically, and only when serviceplan wrote them (see --force).\n\nExit codes: 0 success; 1 error (I/O, solver failure); 2 bad input (the scenario, a file or an option has errors); 3 infeasible scenario (the rules that conflict are named); 4 no plan within the time limit; 5 the plan failed verification (a bug: please report it).",
    after_help = "Examples:\n  serviceplan                                  plan the embedded default into out/gavle\n  serviceplan plan scenarios/gavle.toml --out out/q2\n  serviceplan check scenarios/my.toml\n  serviceplan template --out scenario.xlsx      a workbook to edit in Excel; plan and check read it\n  serviceplan verify scenarios/gavle.toml out/gavle"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Plan one scenario: solve, verify, write the plan folder.
    Plan(plan::PlanArgs),
    /// Re-plan mid-quarter from a published plan with the least change.
    ///
    /// Keeps everything before --from exactly as published (and the notice
    /// period after it unless a hard rule forces a change), changes as
    /// little as possible after that, and writes the whole new plan folder
    /// with changes.csv, an "Ändringar" section in report.html and
    /// calendars that update the published ones (stable UIDs, SEQUENCE,
    /// cancellations, calendars/changes/).
    Replan(replan::ReplanArgs),
    /// Validate a scenario and report every problem with file, line and column.
    Check(check::CheckArgs),
    /// Solve many scenarios in parallel and compare them (comparison.csv, .parquet, .xlsx, .md, report.html and a plan folder each).
    Batch(batch::BatchArgs),
    /// What each rule and service level costs: every rule moved one step each
    /// way, re-planned, verified and priced (prices.csv, prices.json, report.html).
    ///
    /// Rules: evenings per month, staff per day and evening opening, each
    /// office open or closed, its days per week and opening hours, each
    /// department's demand, most consecutive days, weeks of weekly-hours
    /// averaging. --time-limit is the whole table's.
    Price(price::PriceArgs),
    /// Join the parts of a sharded batch (`batch --shard I/N`) into one batch's outputs.
    ///
    /// Refuses parts of different grids (scenario files, --vary, program
    /// version: the fingerprint in every part.json) and names missing or
    /// duplicated shards.
    Merge(batch::MergeArgs),
    /// Budget follow-up: ledger actuals against plan and budget, year-end forecast (followup.csv, .json, .xlsx, .html).
    Budget(budget::BudgetArgs),
    /// Solve a staff scheduling benchmark instance (Curtois & Qu format) with the rostering core.
    Roster(roster::RosterArgs),
    /// Solve an OR-Library facility location instance with the location core.
    Facility(facility::FacilityArgs),
    /// Screen office locations for a scenario with the location model alone (no staffing plan).
    ///
    /// Writes OUT/location.json (open offices, premises cost, inhabitants
    /// reached, mean road km) and OUT/areas.csv (each outer area's nearest
    /// open office). Offices with `closed = true` stay closed; offices that
    /// are not `candidate = true` stay open unless --free.
    Locate(locate::LocateArgs),
    /// Re-check a plan folder against a scenario's hard rules, independently of the solver.
    Verify(verify::VerifyArgs),
    /// Write a scenario as a workbook for planners (Kontor, Medarbetare, Frånvaro, ... with Anvisningar).
    ///
    /// `plan`, `check` and `batch` read the edited workbook as they read TOML.
    Template(scenario_file::TemplateArgs),
    /// Convert a scenario between TOML and a workbook (.xlsx), losing nothing.
    #[command(name = "export-scenario")]
    ExportScenario(scenario_file::ExportArgs),
}

/// How long to solve and how: the options of every command that solves.
#[derive(Args, Clone)]
pub struct SolveArgs {
    /// Seconds the whole command may take: it returns within this (plus 5 %
    /// and a second for writing) with the best verified result so far.
    #[arg(long, default_value_t = 60.0, value_parser = positive_seconds)]
    time_limit: f64,
    /// Stop when the relative MIP gap is below this (0.0001 = 0.01 %).
    #[arg(long, default_value_t = 1e-4, value_parser = gap_value)]
    gap: f64,
    /// CPU threads the solver may use (HiGHS threads; in a batch, split
    /// between parallel jobs).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=256))]
    threads: u32,
    /// Print the HiGHS log.
    #[arg(long)]
    verbose: bool,
}

impl Default for SolveArgs {
    fn default() -> Self {
        SolveArgs {
            time_limit: 60.0,
            gap: 1e-4,
            threads: 1,
            verbose: false,
        }
    }
}

impl SolveArgs {
    /// The solve options under `deadline`.
    fn options(&self, deadline: Deadline) -> SolveOptions {
        SolveOptions {
            deadline,
            gap: self.gap,
            threads: self.threads,
            verbose: self.verbose,
            ..SolveOptions::default()
        }
    }
}

/// `--time-limit`: a finite number of seconds above 0.
pub(crate) fn positive_seconds(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number of seconds"))?;
    if v.is_finite() && v > 0.0 && v <= 1e7 {
        Ok(v)
    } else {
        Err(format!(
            "`{s}`: the time limit must be a number of seconds above 0 (at most 10,000,000)"
        ))
    }
}

/// `--gap`: a relative gap in [0, 1].
fn gap_value(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!(
            "`{s}`: the gap is a fraction between 0 and 1 (0.01 = 1 %)"
        ))
    }
}

/// A non-negative amount (km, SEK, a capacity): finite, at most 1e9 so the
/// models' numbers stay sane; NaN, infinity and negatives are refused.
pub(crate) fn amount(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if v.is_finite() && (0.0..=1e9).contains(&v) {
        Ok(v)
    } else {
        Err(format!("`{s}`: give a number from 0 to 1,000,000,000"))
    }
}

/// `--out` and `--force`: the folder a command writes.
#[derive(Args, Clone, Default)]
pub struct OutArgs {
    /// Replace --out even when it is a folder serviceplan did not write
    /// (everything in it is deleted). Without it such a folder is refused.
    #[arg(long)]
    force: bool,
}

impl OutArgs {
    /// The output folder, checked: exit code 2 when it may not be written.
    fn claim(&self, path: impl Into<PathBuf>) -> Result<OutDir, Error> {
        OutDir::claim(path, self.force).map_err(Error::bad_input)
    }
}

/// Loads a scenario file (TOML or a workbook, `.xlsx`), or the embedded
/// default (`None` or "default").
fn load(file: Option<&Path>) -> Result<Scenario, Error> {
    match file {
        None => Ok(scenario::load_default().0),
        Some(p) if p.as_os_str() == "default" => Ok(scenario::load_default().0),
        Some(p) => Ok(scenario::load(p).map(|(s, _)| s)?),
    }
}

/// Loads a scenario as [`load`] does and adds the absences of an HR export
/// (`--absences FILE`), if one is given.
fn load_with_absences(file: Option<&Path>, absences: Option<&Path>) -> Result<Scenario, Error> {
    let mut s = load(file)?;
    if let Some(a) = absences {
        scenario::absences::merge(&mut s, a)?;
    }
    Ok(s)
}

/// Parses the command line, runs the command, returns its exit code.
pub fn run() -> u8 {
    let cli = Cli::parse();
    let result = match cli.command {
        None => plan::run(plan::PlanArgs::default()),
        Some(Command::Plan(a)) => plan::run(a),
        Some(Command::Replan(a)) => replan::run(a),
        Some(Command::Check(a)) => check::run(a),
        Some(Command::Batch(a)) => batch::run(a),
        Some(Command::Merge(a)) => batch::merge(a),
        Some(Command::Price(a)) => price::run(a),
        Some(Command::Budget(a)) => budget::run(a),
        Some(Command::Roster(a)) => roster::run(a),
        Some(Command::Facility(a)) => facility::run(a),
        Some(Command::Locate(a)) => locate::run(a),
        Some(Command::Verify(a)) => verify::run(a),
        Some(Command::Template(a)) => scenario_file::template(a),
        Some(Command::ExportScenario(a)) => scenario_file::export_scenario(a),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            console::error(&e);
            e.exit_code()
        }
    }
}
