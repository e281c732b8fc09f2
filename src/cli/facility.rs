//! `serviceplan facility`: an OR-Library facility location instance,
//! solved by the location core.

use std::path::PathBuf;

use clap::Args;

use serviceplan::Error;

use super::{OutArgs, SolveArgs, console, guard};

#[derive(Args, Clone)]
pub struct FacilityArgs {
    /// The instance file (e.g. cap41.txt).
    file: PathBuf,
    /// Output folder: summary.json.
    #[arg(long)]
    out: PathBuf,
    /// Capacity of every site where the file says `capacity` (capa/capb/capc).
    #[arg(long, value_parser = super::amount)]
    capacity: Option<f64>,
    /// Ignore capacities (the uncapacitated problem).
    #[arg(long)]
    uncapacitated: bool,
    #[command(flatten)]
    output: OutArgs,
    #[command(flatten)]
    solve: SolveArgs,
}

pub fn run(a: FacilityArgs) -> Result<(), Error> {
    let deadline = guard::deadline(a.solve.time_limit);
    let out = a.output.claim(&a.out)?;
    let s = serviceplan::benchmark::facility::run_facility_command(
        &a.file,
        &out,
        a.capacity,
        a.uncapacitated,
        &a.solve.options(deadline),
    )
    .map_err(Error::input_unless_known)?;
    console::facility_summary(&s, &out);
    Ok(())
}
