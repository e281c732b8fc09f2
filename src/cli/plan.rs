//! `serviceplan plan`: solve one scenario, verify it, write the plan folder.

use std::path::PathBuf;

use clap::Args;

use serviceplan::Error;
use serviceplan::planner::{self, Outcome};

use super::{OutArgs, SolveArgs, console, guard, load_with_absences};

#[derive(Args, Clone, Default)]
pub struct PlanArgs {
    /// Scenario file (TOML or a workbook, .xlsx); the embedded default Gävle scenario when left out.
    file: Option<PathBuf>,
    /// Absences from an HR export (CSV: staff id or name, from, to, reason;
    /// `;` or `,`; UTF-8 or Windows-1252), added to the scenario's.
    #[arg(long, value_name = "CSV")]
    absences: Option<PathBuf>,
    /// Plan folder to write (replaced whole; default: out/<scenario name>).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of report.html, plan.xlsx, the calendars and the printed
    /// summary: sv (default) or en.
    #[arg(long, default_value = "sv")]
    lang: serviceplan::report::Lang,
    /// Also write every stage's program into this folder as an MPS file,
    /// with stages.json (each stage, its objective offset, how the plan's
    /// objective is assembled), to run another solver on the same model.
    #[arg(long, value_name = "MODEL_DIR")]
    export_model: Option<PathBuf>,
    /// How the stages are solved: `search` (default: a legal plan at once,
    /// then neighbourhoods of HiGHS sub-MIPs beside a bound), or
    /// `highs-alone` (each stage's whole program in one HiGHS call, staff
    /// and bookings together: the reference point the search is measured
    /// against). Both plans are verified alike.
    #[arg(long, value_enum, default_value = "search")]
    method: serviceplan::solve::Method,
    #[command(flatten)]
    output: OutArgs,
    #[command(flatten)]
    solve: SolveArgs,
}

pub fn run(a: PlanArgs) -> Result<(), Error> {
    let deadline = guard::deadline(a.solve.time_limit);
    let s = load_with_absences(a.file.as_deref(), a.absences.as_deref())?;
    // A scenario's name is data: the default folder is made from it by
    // `output::file_name`, never used as a path as it is.
    let out = a.out.clone().unwrap_or_else(|| {
        PathBuf::from("out").join(serviceplan::output::file_name(&s.name, "scenario"))
    });
    let out = a.output.claim(out)?;
    let export = match &a.export_model {
        Some(dir) => Some((
            a.output.claim(dir)?,
            tempfile::tempdir().map_err(|e| Error::Other(e.into()))?,
        )),
        None => None,
    };
    console::planning(&s, a.lang);
    let (watch, progress) = console::Watch::start(a.lang, a.solve.verbose);
    let mut opts = a.solve.options(deadline.less(planner::write_reserve(&s)));
    opts.progress = progress;
    opts.method = a.method;
    opts.export = export
        .as_ref()
        .map(|(_, scratch)| scratch.path().to_path_buf());
    let outcome = planner::solve(&s, &opts);
    watch.done();
    if let Some((dir, scratch)) = &export {
        dir.replace_with(|tmp| {
            for e in std::fs::read_dir(scratch.path())? {
                let p = e?.path();
                if let Some(name) = p.file_name() {
                    std::fs::copy(&p, tmp.join(name))?;
                }
            }
            Ok(())
        })?;
        eprintln!("wrote the stages' programs to {}", dir.path().display());
    }
    match outcome {
        Outcome::Planned(mut p) => {
            let r = planner::write_verified_reports(&s, &mut p, &out, Some(a.lang))?;
            console::plan_summary(&s, &p, &out, &r, a.lang);
            Ok(())
        }
        Outcome::Infeasible { explanation, .. } => Err(Error::Infeasible(format!(
            "infeasible: scenario {} has no plan that keeps every hard rule.\n{explanation}",
            s.name
        ))),
        Outcome::NoSolution { reason, .. } => Err(Error::NoPlan(format!("no plan: {reason}"))),
    }
}
