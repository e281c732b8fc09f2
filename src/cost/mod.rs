//! Cost projection against the budget (model 5 of docs/domain.md, Models): staff cost from
//! FTE × salary × (1 + on-costs) with the yearly pay revision, plus mileage
//! and evening supplement from the plan; premises per open office and per
//! opening hour where the agreement says so; other
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
    /// Planned over budget (0 within it); an older `costs.csv` without the column reads as 0.
    #[serde(default)]
    pub deficit_sek: f64,
}

/// What the plan itself adds to the fixed costs, over the plan's period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PlanVariableCosts {
    pub mileage_sek: f64,
    pub ob_sek: f64,
    /// Premises charged per opening hour, over the plan's period.
    pub premises_hours_sek: f64,
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

/// The budget categories, in the order of `costs.csv`.
pub const CATEGORIES: [&str; 3] = ["staff", "premises", "other"];

/// What the plan decides, as the projection prices it: over the plan's
/// period, the mileage and the evening supplement (OB, before on-costs);
/// per year, the premises cost of the open offices. `T` is `f64` for a
/// finished plan and a linear expression of the model's variables in the
/// `budget` family, so that the solve and `costs.csv` use one formula.
#[derive(Debug, Clone)]
pub struct PlanTerms<T> {
    pub mileage_sek: T,
    pub ob_sek: T,
    pub premises_per_year: T,
    /// Premises charged per opening hour, over the plan's period (scaled to
    /// the year like mileage).
    pub premises_hours_sek: T,
}

/// One programme year of the projection: its share, the factor that scales
/// the plan's period to the year, and the fixed salary cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearTerms {
    pub year: i32,
    /// $s_y$: programme months / 12.
    pub share: f64,
    /// days(y) × s_y / D: from the plan's D days to the year's covered days.
    pub scale: f64,
    /// Σ FTE × salary × months × (1 + on-costs).
    pub salaries: f64,
    /// On-costs of the year, carried by the OB supplement.
    pub on_cost: f64,
    /// The year's budget per category (prorated by `share`), in [`CATEGORIES`] order.
    pub budget: [f64; 3],
    /// Other costs of the year (prorated by `share`).
    pub other: f64,
}

impl YearTerms {
    /// The projected cost of `category` in this year from the plan's terms.
    pub fn planned<T>(&self, category: &str, plan: &PlanTerms<T>) -> T
    where
        T: Clone + From<f64> + std::ops::Add<T, Output = T> + std::ops::Mul<f64, Output = T>,
    {
        match category {
            "staff" => {
                T::from(self.salaries)
                    + plan.mileage_sek.clone() * self.scale
                    + plan.ob_sek.clone() * ((1.0 + self.on_cost) * self.scale)
            }
            "premises" => {
                plan.premises_per_year.clone() * self.share
                    + plan.premises_hours_sek.clone() * self.scale
            }
            _ => T::from(self.other),
        }
    }

    /// The budget of `category` in this year.
    pub fn budget_of(&self, category: &str) -> f64 {
        CATEGORIES
            .iter()
            .position(|c| *c == category)
            .map(|i| self.budget[i])
            .unwrap_or(0.0)
    }
}

/// How much of the plan's period falls in each programme year, as a
/// fraction of its days (the weights π_y of the soft budget's price in
/// models/budget.md). The plan is spent in its own year(s): a deficit
/// projected into other years is reported but not priced. A period outside
/// every programme year stands for the nearest one.
pub fn period_weights(s: &Scenario) -> Vec<(i32, f64)> {
    let years: Vec<i32> = (s.costs.programme_start.year()..=s.costs.programme_end_year).collect();
    let days = s.period.days().max(1) as f64;
    let mut w: Vec<(i32, f64)> = years
        .iter()
        .map(|&y| {
            let n = s
                .period
                .start
                .iter_days()
                .take_while(|d| *d <= s.period.end)
                .filter(|d| d.year() == y)
                .count();
            (y, n as f64 / days)
        })
        .collect();
    if w.iter().all(|(_, p)| *p == 0.0)
        && let Some(nearest) = years
            .iter()
            .min_by_key(|&&y| (y - s.period.start.year()).abs())
    {
        for (y, p) in &mut w {
            if y == nearest {
                *p = 1.0;
            }
        }
    }
    w
}

/// The projection's terms for every programme year, from the year of
/// `programme_start` to `programme_end_year`.
pub fn year_terms(s: &Scenario) -> Vec<YearTerms> {
    let period_days = s.period.days().max(1) as f64;
    (s.costs.programme_start.year()..=s.costs.programme_end_year)
        .map(|year| {
            let share = year_share(s, year);
            let days_in_year = (NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap()
                - NaiveDate::from_ymd_opt(year, 1, 1).unwrap())
            .num_days() as f64;
            let b = &s.costs.budget;
            YearTerms {
                year,
                share,
                scale: share * days_in_year / period_days,
                salaries: salary_cost(s, year),
                on_cost: on_cost_rate(s, year),
                budget: [b.staff * share, b.premises * share, b.other * share],
                other: s.costs.other_per_year * share,
            }
        })
        .collect()
}

/// Mileage in SEK for a round trip of `km` (tax-free milersättning).
pub fn mileage_sek(s: &Scenario, km: f64) -> f64 {
    km * s.costs.mileage_sek_per_km
}

/// Evening supplement (OB, before on-costs) for time on site from `start`
/// to `end` (minutes after midnight): the part after `costs.ob_from`.
pub fn ob_sek(s: &Scenario, start: u32, end: u32) -> f64 {
    let rate = s.costs.ob_sek_per_hour;
    if rate == 0.0 {
        return 0.0;
    }
    let Some(from) = crate::scenario::time::parse_clock(&s.costs.ob_from) else {
        return 0.0;
    };
    end.saturating_sub(start.max(from)) as f64 / 60.0 * rate
}

/// Premises cost of opening `office` from `start` to `end` (minutes after
/// midnight) when its agreement charges per hour.
pub fn opening_premises_sek(office: &crate::scenario::Office, start: u32, end: u32) -> f64 {
    office.premises_cost_per_hour * end.saturating_sub(start) as f64 / 60.0
}

/// Yearly premises cost of the offices a scenario keeps open.
pub fn open_premises(s: &Scenario) -> f64 {
    s.offices
        .iter()
        .filter(|o| !o.closed)
        .map(|o| o.premises_cost_per_year)
        .sum()
}

/// The projection: every programme year × {staff, premises, other}, with the
/// plan's variable costs scaled from its period to each year (by days: the
/// year's days × its programme share / the period's days). The evening
/// supplement is pay and carries the year's on-costs; mileage (tax-free
/// milersättning) does not. `deficit_sek` is what a category spends over its
/// budget (after rounding), 0 within it.
pub fn projection(s: &Scenario, plan: PlanVariableCosts) -> Vec<CostRow> {
    let terms = PlanTerms {
        mileage_sek: plan.mileage_sek,
        ob_sek: plan.ob_sek,
        premises_per_year: open_premises(s),
        premises_hours_sek: plan.premises_hours_sek,
    };
    let mut rows = Vec::new();
    for t in year_terms(s) {
        for category in CATEGORIES {
            let planned = t.planned(category, &terms).round();
            let budget = t.budget_of(category).round();
            rows.push(CostRow {
                year: t.year,
                category: category.into(),
                planned_sek: planned,
                budget_sek: budget,
                deficit_sek: (planned - budget).max(0.0),
            });
        }
    }
    rows
}
