//! `serviceplan verify`: re-check a plan folder against a scenario.

use std::path::PathBuf;

use clap::Args;

use serviceplan::{Error, verify};

use super::load;

#[derive(Args, Clone)]
pub struct VerifyArgs {
    /// The scenario file the plan was made from ("default" for the embedded one).
    scenario: PathBuf,
    /// The plan folder (with openings.csv and shifts.csv).
    dir: PathBuf,
    /// For a re-plan: the published plan folder it replaces. Also checks
    /// that everything before the re-plan's `from` is identical to it and
    /// that changes.csv lists every change (family replan_freeze).
    #[arg(long, value_name = "PUBLISHED_DIR")]
    published: Option<PathBuf>,
}

pub fn run(a: VerifyArgs) -> Result<(), Error> {
    let s = load(Some(&a.scenario))?;
    let r = match &a.published {
        None => verify::verify_dir(&s, &a.dir),
        Some(p) => serviceplan::planner::Published::read(p).and_then(|p| {
            let f = &p.folder;
            verify::plan::verify_replan_dir(
                &s,
                &a.dir,
                (&f.openings, &f.shifts, f.bookings.as_deref().unwrap_or(&[])),
            )
        }),
    }
    .map_err(Error::bad_input)?;
    if r.ok() {
        println!(
            "{}: ok — {} openings and {} shifts keep every hard rule of {}",
            a.dir.display(),
            r.openings,
            r.shifts,
            s.name
        );
        return Ok(());
    }
    for v in &r.violations {
        println!("[{}] {}", v.family, v.message);
    }
    println!("{} violations", r.violations.len());
    Err(Error::VerifyFailed(format!(
        "{}: {} violations of the hard rules of {}",
        a.dir.display(),
        r.violations.len(),
        s.name
    )))
}
