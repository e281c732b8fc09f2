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
    /// Output folder: followup.csv, followup.json, followup.xlsx, followup.html.
    #[arg(long)]
    out: PathBuf,
    /// Language of followup.xlsx, followup.html and this summary: sv (default) or en.
    #[arg(long, default_value = "sv")]
    lang: serviceplan::report::Lang,
    /// The scenario the plan was made from (default: the embedded Gävle scenario).
    #[arg(long)]
    scenario: Option<PathBuf>,
    #[command(flatten)]
    output: OutArgs,
}

pub fn run(a: BudgetArgs) -> Result<(), Error> {
    let out = a.output.claim(&a.out)?;
    let s = load(a.scenario.as_deref())?;
    let f = serviceplan::report::followup::run_budget(&s, &a.plan, &a.actuals, &out, a.lang)
        .map_err(Error::bad_input)?;
    let lang = a.lang;
    let cat = |c: &str| serviceplan::report::followup::category_name(c, lang);
    if !f.missing_months.is_empty() {
        eprintln!(
            "warning: {} {}",
            lang.t("fu_missing"),
            serviceplan::cost::followup::month_ranges(&f.missing_months)
        );
    }
    for (c, months) in &f.months_without_rows {
        eprintln!(
            "warning: {} {}: {}",
            lang.t("fu_no_rows_note"),
            cat(c),
            serviceplan::cost::followup::month_ranges(months)
        );
    }
    println!(
        "{:<4} {:<10} {:>12} {:>12} {:>12} {:>7} {:>13}",
        lang.t("fu_year"),
        lang.t("fu_category"),
        lang.t("budget"),
        lang.t("fu_actual_ytd"),
        lang.t("fu_forecast"),
        "%",
        lang.t("fu_forecast_vs_budget"),
    );
    for c in &f.categories {
        println!(
            "{:<4} {:<10} {:>12} {:>12} {:>12} {:>7} {:>13}{}",
            c.year,
            cat(&c.category),
            lang.int(c.budget_sek),
            lang.int(c.actual_to_date_sek),
            lang.int(c.forecast_year_sek),
            lang.dec(c.used_pct, 1),
            lang.int(c.forecast_vs_budget_sek),
            if c.overrun {
                format!("  ← {}", lang.t("fu_overrun"))
            } else {
                String::new()
            }
        );
    }
    println!("{}", lang.t("fu_method"));
    println!(
        "{} {}: {} ledger rows; wrote {}/followup.csv, followup.json, followup.xlsx and followup.html (open followup.html or followup.xlsx)",
        lang.t("fu_through"),
        f.through,
        f.ledger_rows,
        out.path().display()
    );
    Ok(())
}
