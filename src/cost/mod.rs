//! Cost projection against the budget (DESIGN §4, model 5): staff cost from
//! FTE × salary × (1 + on-costs) with the yearly pay revision, plus mileage
//! and evening supplement from the plan; premises per open office; other
//! costs as configured. Every year of the programme, the first counted
//! from its start date.

pub mod followup;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::scenario::Scenario;

/// One row of `costs.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostRow {
    pub year: i32,
    pub category: String,
    pub planned_sek: f64,
    pub budget_sek: f64,
}

/// What the plan itself adds to the fixed costs, over the plan's period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PlanVariableCosts {
    pub mileage_sek: f64,
    pub ob_sek: f64,
}

/// Monthly full-time salary in `year`: the base salary with every pay
/// revision after the base year applied.
pub fn monthly_salary(s: &Scenario, year: i32) -> f64 {
    let c = &s.costs;
    let mut salary = c.monthly_salary;
    for y in (c.salary_year + 1)..=year {
        salary *= 1.0 + c.pay_revision.get(&y.to_string()).copied().unwrap_or(0.0);
    }
    salary
}

/// Employer on-costs in `year` (the latest known year's rate if not given).
pub fn on_cost_rate(s: &Scenario, year: i32) -> f64 {
    let known = &s.costs.on_costs;
    known
        .get(&year.to_string())
        .copied()
        .or_else(|| {
            known
                .iter()
                .rfind(|(y, _)| y.parse::<i32>().is_ok_and(|y| y <= year))
                .map(|(_, v)| *v)
        })
        .or_else(|| known.values().next().copied())
        .unwrap_or(0.0)
}

/// Months of `year` the programme covers: in the first year from the month
/// of `programme_start` (counted whole) to December, then 12 a year up to
/// `programme_end_year`, 0 outside the programme.
pub fn programme_months(s: &Scenario, year: i32) -> u32 {
    let start = s.costs.programme_start;
    if year < start.year() || year > s.costs.programme_end_year {
        0
    } else if year == start.year() {
        13 - start.month()
    } else {
        12
    }
}

/// Share of `year` that the programme covers: its months / 12. Salaries,
/// premises, other costs and the budget are all prorated by this one share,
/// so that plan and budget in the first year cover the same months (from
/// 1 July 2022: 6/12, so 1.0 of the 2.0 mnkr staff budget).
pub fn year_share(s: &Scenario, year: i32) -> f64 {
    programme_months(s, year) as f64 / 12.0
}

/// Staff salary cost in `year` with on-costs: Σ FTE × salary × months × (1 + PO).
pub fn salary_cost(s: &Scenario, year: i32) -> f64 {
    let fte: f64 = s.staff.iter().map(|x| x.fte).sum();
    fte * monthly_salary(s, year) * programme_months(s, year) as f64 * (1.0 + on_cost_rate(s, year))
}

/// The projection: every programme year × {staff, premises, other}, with the
/// plan's variable costs scaled from its period to each year (by days: the
/// year's days × its programme share / the period's days). The evening
/// supplement is pay and carries the year's on-costs; mileage (tax-free
/// milersättning) does not.
pub fn projection(s: &Scenario, plan: PlanVariableCosts) -> Vec<CostRow> {
    let period_days = ((s.period.end - s.period.start).num_days() + 1).max(1) as f64;
    let open_premises: f64 = s
        .offices
        .iter()
        .filter(|o| !o.closed)
        .map(|o| o.premises_cost_per_year)
        .sum();
    let mut rows = Vec::new();
    for year in s.costs.programme_start.year()..=s.costs.programme_end_year {
        let share = year_share(s, year);
        let days_in_year = (NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap()
            - NaiveDate::from_ymd_opt(year, 1, 1).unwrap())
        .num_days() as f64;
        let scale = share * days_in_year / period_days;
        let staff = salary_cost(s, year)
            + plan.mileage_sek * scale
            + plan.ob_sek * (1.0 + on_cost_rate(s, year)) * scale;
        let b = &s.costs.budget;
        for (category, planned, budget) in [
            ("staff", staff, b.staff),
            ("premises", open_premises * share, b.premises),
            ("other", s.costs.other_per_year * share, b.other),
        ] {
            rows.push(CostRow {
                year,
                category: category.into(),
                planned_sek: planned.round(),
                budget_sek: (budget * share).round(),
            });
        }
    }
    rows
}
