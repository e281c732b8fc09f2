//! `serviceplan template` and `serviceplan export-scenario`: a scenario
//! written as a workbook for planners, or converted between TOML and a
//! workbook (the library's `scenario::export` does the work).

use std::path::PathBuf;

use clap::Args;

use serviceplan::Error;
use serviceplan::scenario::export;

use super::load;

#[derive(Args, Clone)]
pub struct TemplateArgs {
    /// Scenario to start from (TOML or .xlsx); the embedded default Gävle scenario when left out.
    file: Option<PathBuf>,
    /// The workbook to write (.xlsx); replaced atomically.
    #[arg(long, default_value = "scenario.xlsx")]
    out: PathBuf,
}

#[derive(Args, Clone)]
pub struct ExportArgs {
    /// Scenario to convert (TOML or .xlsx).
    file: PathBuf,
    /// The file to write: .toml or .xlsx (the format goes by the extension); replaced atomically.
    #[arg(long)]
    out: PathBuf,
}

pub fn template(a: TemplateArgs) -> Result<(), Error> {
    if format_of(&a.out)? != export::Format::Workbook {
        return Err(Error::BadInput(format!(
            "{}: the template is a workbook; name an .xlsx file (export-scenario writes TOML)",
            a.out.display()
        )));
    }
    write(a.file, a.out)
}

pub fn export_scenario(a: ExportArgs) -> Result<(), Error> {
    format_of(&a.out)?;
    write(Some(a.file), a.out)
}

fn format_of(out: &std::path::Path) -> Result<export::Format, Error> {
    export::Format::of(out).map_err(|m| Error::BadInput(format!("{}: {m}", out.display())))
}

fn write(file: Option<PathBuf>, out: PathBuf) -> Result<(), Error> {
    let s = load(file.as_deref())?;
    export::save(&s, &out)?;
    eprintln!("wrote scenario {} to {}", s.name, out.display());
    Ok(())
}
