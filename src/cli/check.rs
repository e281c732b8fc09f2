//! `serviceplan check`: validate scenarios, every problem at once.

use std::path::PathBuf;

use clap::Args;

use serviceplan::Error;
use serviceplan::scenario;

#[derive(Args, Clone)]
pub struct CheckArgs {
    /// Scenario file(s) (TOML).
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

pub fn run(a: CheckArgs) -> Result<(), Error> {
    let mut problems = Vec::new();
    for f in &a.files {
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
            Err(d) => problems.push(d.to_string()),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::BadInput(problems.join("\n")))
    }
}
