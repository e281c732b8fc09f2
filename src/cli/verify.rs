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
}

pub fn run(a: VerifyArgs) -> Result<(), Error> {
    let s = load(Some(&a.scenario))?;
    let r = verify::verify_dir(&s, &a.dir).map_err(Error::bad_input)?;
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
