//! A price: one step's plan against the base plan, as one row of
//! `prices.csv`; and the table's files (`prices.csv`, `prices.json`).
//!
//! A price is the step's figure minus the base's: a positive
//! `cost_sek_per_year` is what moving the rule from `from` to `to` adds to
//! the year's cost, a negative one what it saves. Staff salaries are fixed
//! by the posts, so a rule that takes staff time moves the cost little; the
//! time it takes from other work (booking service, admin) is priced apart,
//! in `staff_time_sek`, at the hourly cost of a post.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;

use super::measure::{Measure, round2};
use super::steps::Step;
use crate::cost::CATEGORIES;
use crate::scenario::Scenario;

/// The columns of `prices.csv` that the issue fixes, in order; more follow.
pub const COLUMNS: [&str; 14] = [
    "rule",
    "target",
    "from",
    "to",
    "status",
    "cost_sek_per_year",
    "delta_staff_sek",
    "delta_premises_sek",
    "delta_other_sek",
    "delta_open_hours",
    "delta_reach",
    "delta_unmet_hours",
    "estimate_sek",
    "exact",
];

/// One programme year's part of a price, SEK.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearDelta {
    pub staff_sek: f64,
    pub premises_sek: f64,
    pub other_sek: f64,
    pub total_sek: f64,
    /// The staff hours the step takes (or frees), scaled to the year and
    /// priced at the year's hourly cost of a post.
    pub staff_time_sek: f64,
}

/// One row of `prices.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceRow {
    #[serde(flatten)]
    pub step: Step,
    /// `rule` in words, in the run's language.
    pub rule_name: String,
    /// `optimal` (both plans proven), `feasible` or `time_limit` (a plan,
    /// not proven best), `infeasible`, `invalid`, `error`, or the status
    /// of a step (or base) without a plan.
    pub status: String,
    /// Why there is no price (the conflicting rules of an infeasible step).
    pub reason: String,
    /// The compared year (the year the plan's period starts in).
    pub year: i32,
    /// The compared year's part; `None` without a price.
    pub delta: Option<YearDelta>,
    /// Every programme year's part.
    pub years: BTreeMap<i32, YearDelta>,
    pub delta_open_hours: Option<f64>,
    pub delta_evening_hours: Option<f64>,
    pub delta_reach: Option<i64>,
    pub delta_unmet_hours: Option<f64>,
    pub delta_missing_openings: Option<f64>,
    pub delta_staff_hours: Option<f64>,
    /// The LP-dual estimate: always empty (see models/pricing.md).
    pub estimate_sek: Option<f64>,
    /// True when both plans were proven optimal: the price is the exact
    /// difference of two best plans, not of two plans found in time.
    pub exact: bool,
}

/// The hourly cost of a post in `year`: salary × 12 × (1 + on-costs) /
/// (full-time hours a week × 52).
pub fn hourly_staff_cost(s: &Scenario, year: i32) -> f64 {
    crate::cost::monthly_salary(s, year) * 12.0 * (1.0 + crate::cost::on_cost_rate(s, year))
        / (s.rules.full_time_hours * 52.0)
}

impl PriceRow {
    /// A row without a price.
    pub fn without(step: Step, rule_name: String, year: i32, status: &str, reason: String) -> Self {
        PriceRow {
            step,
            rule_name,
            status: status.into(),
            reason,
            year,
            delta: None,
            years: BTreeMap::new(),
            delta_open_hours: None,
            delta_evening_hours: None,
            delta_reach: None,
            delta_unmet_hours: None,
            delta_missing_openings: None,
            delta_staff_hours: None,
            estimate_sek: None,
            exact: false,
        }
    }

    /// The price of `step`: its plan's figures `to` minus the base's `from`.
    /// `statuses` are the two plans' solve statuses (base, step).
    #[allow(clippy::too_many_arguments)]
    pub fn priced(
        base: &Scenario,
        step: Step,
        rule_name: String,
        year: i32,
        from: &Measure,
        to: &Measure,
        statuses: (&str, &str),
    ) -> Self {
        let scale: BTreeMap<i32, f64> = crate::cost::year_terms(base)
            .iter()
            .map(|t| (t.year, t.scale))
            .collect();
        let d_hours = to.staff_hours - from.staff_hours;
        let mut years_seen: Vec<i32> = from.costs.keys().map(|(y, _)| *y).collect();
        years_seen.dedup();
        let years: BTreeMap<i32, YearDelta> = years_seen
            .iter()
            .map(|&y| {
                let d = |c: &str| to.cost(y, c) - from.cost(y, c);
                let [staff, premises, other] = CATEGORIES.map(d);
                let time =
                    d_hours * scale.get(&y).copied().unwrap_or(0.0) * hourly_staff_cost(base, y);
                (
                    y,
                    YearDelta {
                        staff_sek: staff,
                        premises_sek: premises,
                        other_sek: other,
                        total_sek: staff + premises + other,
                        staff_time_sek: time.round(),
                    },
                )
            })
            .collect();
        let exact = statuses.0 == "optimal" && statuses.1 == "optimal";
        let status = if exact {
            "optimal"
        } else if statuses.1 == "optimal" {
            statuses.0
        } else {
            statuses.1
        };
        PriceRow {
            step,
            rule_name,
            status: status.into(),
            reason: String::new(),
            year,
            delta: years.get(&year).cloned(),
            years,
            delta_open_hours: Some(round2(to.open_hours - from.open_hours)),
            delta_evening_hours: Some(round2(to.evening_hours - from.evening_hours)),
            delta_reach: Some(to.reach as i64 - from.reach as i64),
            delta_unmet_hours: Some(round2(to.unmet_hours - from.unmet_hours)),
            delta_missing_openings: Some(round2(to.missing_openings - from.missing_openings)),
            delta_staff_hours: Some(round2(d_hours)),
            estimate_sek: None,
            exact,
        }
    }

    /// The compared year's cost difference, SEK (`None` without a price).
    pub fn cost_sek_per_year(&self) -> Option<f64> {
        self.delta.as_ref().map(|d| d.total_sek)
    }
}

/// A number as `prices.csv` writes it: whole kronor and hundredths of an
/// hour come out as they are (`12`, `-3.5`), nothing for no value.
fn num(v: Option<f64>) -> String {
    v.map(|v| {
        let v = if v == 0.0 { 0.0 } else { v };
        format!("{v}")
    })
    .unwrap_or_default()
}

/// `prices.csv`: the fixed columns, then the scenario, the names, the
/// reason, the compared year, the other service deltas, the staff time in
/// SEK and each programme year's total.
pub fn csv(rows: &[(&str, &PriceRow)]) -> Result<Vec<u8>> {
    let mut years: Vec<i32> = rows
        .iter()
        .flat_map(|(_, r)| r.years.keys().copied())
        .collect();
    years.sort();
    years.dedup();
    let mut header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    header.extend(
        [
            "scenario",
            "rule_name",
            "target_name",
            "reason",
            "year",
            "delta_evening_hours",
            "delta_missing_openings",
            "delta_staff_hours",
            "staff_time_sek",
        ]
        .map(String::from),
    );
    header.extend(years.iter().map(|y| format!("total_{y}_sek")));
    let mut w = csv::Writer::from_writer(Vec::new());
    crate::cell::record(&mut w, &header)?;
    for (scenario, r) in rows {
        let d = r.delta.as_ref();
        let mut v = vec![
            r.step.rule.id().to_string(),
            r.step.target.clone(),
            r.step.from.clone(),
            r.step.to.clone(),
            r.status.clone(),
            num(r.cost_sek_per_year()),
            num(d.map(|d| d.staff_sek)),
            num(d.map(|d| d.premises_sek)),
            num(d.map(|d| d.other_sek)),
            num(r.delta_open_hours),
            r.delta_reach.map(|v| v.to_string()).unwrap_or_default(),
            num(r.delta_unmet_hours),
            num(r.estimate_sek),
            r.exact.to_string(),
            scenario.to_string(),
            r.rule_name.clone(),
            r.step.target_name.clone(),
            r.reason.clone(),
            r.year.to_string(),
            num(r.delta_evening_hours),
            num(r.delta_missing_openings),
            num(r.delta_staff_hours),
            num(d.map(|d| d.staff_time_sek)),
        ];
        v.extend(
            years
                .iter()
                .map(|y| num(r.years.get(y).map(|d| d.total_sek))),
        );
        crate::cell::record(&mut w, &v)?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}
