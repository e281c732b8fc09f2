//! `serviceplan budget`: follow-up of ledger actuals against plan and budget.

use std::path::PathBuf;

use clap::Args;

use serviceplan::Error;

use super::{OutArgs, load};

#[derive(Args, Clone)]
pub struct BudgetArgs {
    /// The plan folder (its costs.csv is the plan).
    #[arg(long)]
    plan: PathBuf,
    /// Ledger CSV: month (YYYY-MM), category (staff|premises|other), amount_sek[, office].
    #[arg(long)]
    actuals: PathBuf,
    /// Output folder: followup.csv and followup.json.
    #[arg(long)]
    out: PathBuf,
    /// The scenario the plan was made from (default: the embedded Gävle scenario).
    #[arg(long)]
    scenario: Option<PathBuf>,
    #[command(flatten)]
    output: OutArgs,
}

pub fn run(a: BudgetArgs) -> Result<(), Error> {
    let out = a.output.claim(&a.out)?;
    let s = load(a.scenario.as_deref())?;
    let f = serviceplan::cost::followup::run_budget(&s, &a.plan, &a.actuals, &out)
        .map_err(Error::bad_input)?;
    for c in &f.categories {
        println!(
            "{} {:<9} budget {:>10.0}  plan {:>10.0}  forecast {:>10.0} SEK{}",
            c.year,
            c.category,
            c.budget_sek,
            c.planned_sek,
            c.forecast_year_sek,
            if c.overrun {
                "  ← heading for an overrun"
            } else {
                ""
            }
        );
    }
    println!(
        "through {}: {} ledger rows; wrote {}/followup.csv and followup.json",
        f.through,
        f.ledger_rows,
        out.path().display()
    );
    Ok(())
}
