//! `serviceplan locate`: screen office locations with the location model
//! alone (no staffing).

use std::path::PathBuf;

use clap::Args;

use serviceplan::Error;
use serviceplan::screening::{self as screen, ScreenObjective, ScreenOptions};
use serviceplan::solve::Status;

use super::{OutArgs, SolveArgs, console, guard, load};

#[derive(Args, Clone)]
pub struct LocateArgs {
    /// The scenario file (default: the embedded Gävle scenario).
    file: Option<PathBuf>,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
    /// What to optimise.
    #[arg(long, value_enum, default_value = "max-covering")]
    objective: ScreenObjective,
    /// Reach radius in road km (default: the scenario's [location] radius_km).
    #[arg(long, value_parser = super::amount)]
    radius_km: Option<f64>,
    /// Offices to open: exactly (p-median) or at most (max-covering).
    #[arg(long)]
    offices: Option<usize>,
    /// Yearly premises budget in SEK (max-covering).
    #[arg(long, value_parser = super::amount)]
    budget: Option<f64>,
    /// Price of one person-km in SEK (fixed-charge).
    #[arg(long, default_value_t = 1.0, value_parser = super::amount)]
    sek_per_person_km: f64,
    /// Every office that is not closed is a candidate, existing ones too.
    #[arg(long)]
    free: bool,
    #[command(flatten)]
    output: OutArgs,
    #[command(flatten)]
    solve: SolveArgs,
}

pub fn run(a: LocateArgs) -> Result<(), Error> {
    let deadline = guard::deadline(a.solve.time_limit);
    let out = a.output.claim(&a.out)?;
    let s = load(a.file.as_deref())?;
    let o = ScreenOptions {
        objective: a.objective,
        radius_km: a.radius_km.unwrap_or(s.location.radius_km),
        offices: a.offices,
        budget: a.budget,
        sek_per_person_km: a.sek_per_person_km,
        free: a.free,
    };
    let (summary, rows) =
        screen::screen(&s, &o, &a.solve.options(deadline)).map_err(Error::input_unless_known)?;
    if summary.objective_value.is_none() {
        let why = format!(
            "{}: no location plan ({}): the must-open/closed offices, the radius and the office count or budget conflict",
            s.name,
            summary.status.as_str()
        );
        return Err(if summary.status == Status::Infeasible {
            Error::Infeasible(why)
        } else {
            Error::NoPlan(why)
        });
    }
    screen::write(&out, &summary, &rows)?;
    console::locate_summary(&s, &summary, &out);
    Ok(())
}
