//! `serviceplan replan`: re-plan mid-quarter from a published plan with the
//! least change, verify it against the scenario and the published plan,
//! write the new plan folder with `changes.csv` and calendar updates.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use serviceplan::planner::{self, Outcome, Published};
use serviceplan::{Error, scenario};

use super::{OutArgs, SolveArgs, console, guard, load};

#[derive(Args, Clone)]
pub struct ReplanArgs {
    /// Scenario file (TOML) as it is now, with the new absences, closed
    /// days and rooms taken; the embedded default when left out.
    file: Option<PathBuf>,
    /// The published plan folder (written by `plan` or `replan`).
    #[arg(long)]
    plan: PathBuf,
    /// The first date that may change (YYYY-MM-DD); everything before it
    /// stays exactly as published, and the scenario's notice period
    /// (`rules.change_notice_days`) after it unless a hard rule forces a change.
    #[arg(long, value_parser = date_value)]
    from: NaiveDate,
    /// The new plan folder (replaced whole; it may not be --plan).
    #[arg(long)]
    out: PathBuf,
    /// A TOML file with the same tables as a scenario ([[absences]],
    /// [calendar] extra_closed, [[offices]] or [[rooms]] with `unavailable`),
    /// merged on top of the scenario.
    #[arg(long, value_name = "CHANGES.toml")]
    changes: Option<PathBuf>,
    /// Language of report.html, plan.xlsx, the calendars and the printed
    /// summary: sv (default) or en.
    #[arg(long, default_value = "sv")]
    lang: serviceplan::report::Lang,
    #[command(flatten)]
    output: OutArgs,
    #[command(flatten)]
    solve: SolveArgs,
}

/// `--from`: a date YYYY-MM-DD.
fn date_value(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date YYYY-MM-DD (e.g. 2025-04-22)"))
}

pub fn run(a: ReplanArgs) -> Result<(), Error> {
    let deadline = guard::deadline(a.solve.time_limit);
    let s = match &a.changes {
        Some(c) => scenario::load_with_changes(a.file.as_deref(), c)?.0,
        None => load(a.file.as_deref())?,
    };
    let same = |x: &std::path::Path, y: &std::path::Path| {
        x.canonicalize()
            .ok()
            .is_some_and(|p| Some(p) == y.canonicalize().ok())
    };
    if same(&a.out, &a.plan) {
        return Err(Error::BadInput(format!(
            "--out {} is the published plan --plan: write the re-plan into a new folder, so that the published plan stays to compare with",
            a.out.display()
        )));
    }
    let published = Published::read(&a.plan).map_err(Error::bad_input)?;
    let out = a.output.claim(&a.out)?;
    console::planning(&s, a.lang);
    let (watch, progress) = console::Watch::start(a.lang, a.solve.verbose);
    let mut opts = a.solve.options(deadline.less(planner::write_reserve(&s)));
    opts.progress = progress;
    let outcome = planner::replan(&s, &published, a.from, &opts);
    watch.done();
    match outcome? {
        Outcome::Planned(mut p) => {
            let r = planner::replan::write_verified(&s, &mut p, &published, &out, Some(a.lang))?;
            console::plan_summary(&s, &p, &out, &r, a.lang);
            console::replan_summary(&p, a.lang);
            Ok(())
        }
        Outcome::Infeasible { explanation, .. } => Err(Error::Infeasible(format!(
            "infeasible: no re-plan of {} from {} keeps every hard rule with the published plan frozen before it.\n{explanation}",
            s.name, a.from
        ))),
        Outcome::NoSolution { reason, .. } => Err(Error::NoPlan(format!("no plan: {reason}"))),
    }
}
