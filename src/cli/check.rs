//! `serviceplan check`: validate scenarios (TOML or workbooks), every
//! problem at once; warnings for what is valid but likely a mistake.

use std::path::PathBuf;

use clap::Args;

use serviceplan::Error;
use serviceplan::scenario;

#[derive(Args, Clone)]
pub struct CheckArgs {
    /// Scenario file(s) (TOML or workbooks, .xlsx).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Absences from an HR export (CSV: staff id or name, from, to, reason),
    /// added to every scenario before it is checked.
    #[arg(long, value_name = "CSV")]
    absences: Option<PathBuf>,
}

pub fn run(a: CheckArgs) -> Result<(), Error> {
    let mut problems = Vec::new();
    for f in &a.files {
        let loaded = scenario::load(f).and_then(|(mut s, sources)| {
            let imported = match &a.absences {
                Some(hr) => Some(scenario::absences::merge(&mut s, hr)?),
                None => None,
            };
            Ok((s, sources, imported))
        });
        match loaded {
            Ok((s, sources, imported)) => {
                for w in scenario::warnings::warnings(&s) {
                    // an imported absence at its line of the export
                    let w = match imported.as_ref().and_then(|i| i.locate(&w)) {
                        Some(at_line) => at_line,
                        None => sources.locate(w),
                    };
                    eprintln!("{w}");
                }
                println!(
                    "{}: ok — {} ({} – {}), {} offices, {} staff",
                    f.display(),
                    s.name,
                    s.period.start,
                    s.period.end,
                    s.offices.len(),
                    s.staff.len()
                )
            }
            Err(d) => problems.push(d.to_string()),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::BadInput(problems.join("\n")))
    }
}
