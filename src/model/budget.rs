//! The yearly budget limits (model 5 of docs/domain.md, Models) inside the solve.
//!
//! Families:
//! - `budget` (hard, `costs.budget_mode = "hard"`): for every programme year
//!   y and category c, the plan's projected cost stays within the year's
//!   budget: `planned[y,c] ≤ budget[y,c]`;
//! - `budget_deficit` (soft, `costs.budget_mode = "soft"`):
//!   `planned[y,c] − deficit[y,c] ≤ budget[y,c]` for the years the plan's
//!   period falls in; a SEK of the period's own cost over the budget costs
//!   `weights.budget_deficit_sek` (the yearly deficit is priced at
//!   π_y / σ_y per SEK: the period's share of year y over the projection's
//!   scale), so that the projection's ×12 or ×41 does not outweigh an
//!   opening's worth.
//!
//! `planned[y,c]` is the projection of `costs.csv` ([`cost::YearTerms::planned`])
//! applied to linear expressions of the model's variables, so that the solve
//! and the written costs cannot drift apart:
//! - mileage: Σ over shift cells of the round trip's SEK × x;
//! - OB: Σ over shift cells of the supplement of its day and evening windows × x;
//! - premises: Σ over offices of the yearly premises cost × "is open"
//!   (1 for a fixed office, `z[o]` for a candidate), plus, where the
//!   agreement charges by use, Σ over openings of hours × `premises_cost_per_hour`
//!   × open (scaled from the period to the year like mileage).
//!
//! Salaries (FTE × salary × months × on-costs) and other costs are constants;
//! travel time is paid working time within the contract hours, so it costs
//! no SEK beyond the salaries (it is bounded by `total_minutes`). A row with
//! no variable that holds anyway is left out; one that cannot hold stays, so
//! that the elastic re-solve names the budget as the conflict.

use good_lp::{Expression, IntoAffineExpression};

use crate::cost::{self, CATEGORIES, PlanTerms};
use crate::scenario::facts::Kind;

use super::Model;
use super::location::is_open;

/// True when the scenario's budget limits are soft.
pub fn soft(s: &crate::scenario::Scenario) -> bool {
    s.costs.budget_mode == "soft"
}

/// The plan-dependent terms of the projection as expressions of the model's variables.
pub fn plan_terms(m: &Model) -> PlanTerms<Expression> {
    let (s, f) = (m.scenario, m.facts);
    let mut mileage = Expression::from(0.0);
    let mut ob = Expression::from(0.0);
    for c in &m.cells {
        let km = cost::mileage_sek(s, c.km);
        if km != 0.0 {
            mileage.add_mul(km, c.var);
        }
        let date = f.dates[c.day];
        let mut sek = 0.0;
        for kind in [Kind::Day, Kind::Evening] {
            if !c.part.covers(kind) {
                continue;
            }
            let w = match kind {
                Kind::Day => f.day_window(s, c.office, date),
                Kind::Evening => f.evening_window(s, c.office, date),
            };
            if let Some((a, b)) = w {
                sek += cost::ob_sek(s, a, b);
            }
        }
        if sek != 0.0 {
            ob.add_mul(sek, c.var);
        }
    }
    let mut premises_hours = Expression::from(0.0);
    for (kind, vars) in [(Kind::Day, &m.open), (Kind::Evening, &m.evening)] {
        for (&(o, d), &var) in vars {
            let date = f.dates[d];
            let w = match kind {
                Kind::Day => f.day_window(s, o, date),
                Kind::Evening => f.evening_window(s, o, date),
            };
            if let Some((a, b)) = w {
                let sek = cost::opening_premises_sek(&s.offices[o], a, b);
                if sek != 0.0 {
                    premises_hours.add_mul(sek, var);
                }
            }
        }
    }
    let premises: Expression = f
        .offices
        .iter()
        .map(|&o| s.offices[o].premises_cost_per_year * is_open(m, o))
        .sum();
    PlanTerms {
        mileage_sek: mileage,
        ob_sek: ob,
        premises_per_year: premises,
        premises_hours_sek: premises_hours,
    }
}

/// Whether the yearly budget limits can bind any plan of `s`: false when
/// even the dearest plan (every staff member on every day in their dearest
/// cell, every office open at every possible opening) stays within every
/// year's budget of every category. Then the rows can be left out without
/// changing any plan; otherwise the stages are planned with them.
pub fn may_bind(s: &crate::scenario::Scenario, f: &crate::scenario::facts::Facts) -> bool {
    let mut m = Model::empty(s, f, super::Cycle::Off, false);
    super::location::add_vars(&mut m);
    super::shifts::add(&mut m);
    let mut dearest: std::collections::BTreeMap<(usize, usize), (f64, f64)> = Default::default();
    for c in &m.cells {
        let km = cost::mileage_sek(s, c.km);
        let date = f.dates[c.day];
        let mut ob = 0.0;
        for kind in [Kind::Day, Kind::Evening] {
            if !c.part.covers(kind) {
                continue;
            }
            let w = match kind {
                Kind::Day => f.day_window(s, c.office, date),
                Kind::Evening => f.evening_window(s, c.office, date),
            };
            if let Some((a, b)) = w {
                ob += cost::ob_sek(s, a, b);
            }
        }
        let e = dearest.entry((c.staff, c.day)).or_insert((0.0, 0.0));
        e.0 = e.0.max(km);
        e.1 = e.1.max(ob);
    }
    let mut hours = 0.0;
    for &o in &f.offices {
        for &date in &f.dates {
            for w in [f.day_window(s, o, date), f.evening_window(s, o, date)]
                .into_iter()
                .flatten()
            {
                hours += cost::opening_premises_sek(&s.offices[o], w.0, w.1).max(0.0);
            }
        }
    }
    let most = PlanTerms {
        mileage_sek: dearest.values().map(|e| e.0).sum::<f64>(),
        ob_sek: dearest.values().map(|e| e.1).sum::<f64>(),
        premises_per_year: f
            .offices
            .iter()
            .map(|&o| s.offices[o].premises_cost_per_year.max(0.0))
            .sum::<f64>(),
        premises_hours_sek: hours,
    };
    cost::year_terms(s).iter().any(|t| {
        CATEGORIES
            .iter()
            .any(|c| t.planned(c, &most) > t.budget_of(c) + 1e-6)
    })
}

/// Rows are written in thousands of SEK: one unit of slack in the elastic
/// re-solve is 1 000 SEK, comparable with an opening or a staff member's day,
/// so that a budget that forbids a plan is named as the conflict.
pub const ROW_UNIT_SEK: f64 = 1000.0;

pub(super) fn add(m: &mut Model) {
    if !m.with_budget {
        return;
    }
    let s = m.scenario;
    let soft = soft(s);
    let terms = plan_terms(m);
    let weights = cost::period_weights(s);
    for t in cost::year_terms(s) {
        // Soft: a SEK of the period's cost over the budget of its own year
        // costs `budget_deficit_sek`, not that times the projection's
        // scale (π_y / σ_y per SEK of the yearly deficit; models/budget.md).
        let pi = weights
            .iter()
            .find(|(y, _)| *y == t.year)
            .map_or(0.0, |(_, p)| *p);
        if soft && pi == 0.0 {
            continue; // a year the plan is not spent in: reported, not priced
        }
        for category in CATEGORIES {
            let planned = t.planned(category, &terms);
            let budget = t.budget_of(category);
            let has_vars = (&planned).linear_coefficients().next().is_some();
            if !has_vars && planned.constant() <= budget {
                continue; // nothing the plan decides, and within the budget
            }
            let label = format!(
                "{category} {}: projected cost within {:.0} SEK (rows in 1 000 SEK)",
                t.year, budget
            );
            let planned = planned * (1.0 / ROW_UNIT_SEK);
            let budget = budget / ROW_UNIT_SEK;
            if soft {
                let deficit = m.lp.continuous(0.0, f64::INFINITY);
                m.lp.le(
                    &crate::model::families::BUDGET_DEFICIT,
                    planned - deficit,
                    budget,
                );
                m.lp.label_last(label);
                m.lp.cost(
                    s.weights.budget_deficit_sek * ROW_UNIT_SEK * pi / t.scale,
                    deficit,
                );
            } else {
                m.lp.le(&crate::model::families::BUDGET, planned, budget);
                m.lp.label_last(label);
            }
        }
    }
}
