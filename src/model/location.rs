//! Model 4 inside the plan: when offices are candidates, which to open.
//! Families:
//! - `office_open` (definition): a candidate's openings only when it is open
//!   (`open[o,d] ≤ z[o]`, `evening[o,d] ≤ z[o]`); its opening and evening
//!   requirements scale with `z[o]` (in `opening` and `evenings`);
//! - `office_count` (hard): between `location.min_offices` and `max_offices` open;
//! - `premises_budget` (hard): the yearly premises cost of the open offices
//!   stays within the premises budget (when `enforce_premises_budget`);
//! - `coverage` (soft): each inhabitant of an outer area with no open office
//!   within `radius_km` by road costs `unreached_inhabitant` (maximal covering);
//!   each SEK of premises costs `premises_sek`.

use good_lp::Expression;

use super::Model;

/// Creates `z[o]` for the candidate offices (before the other families use it).
pub(super) fn add_vars(m: &mut Model) {
    let s = m.scenario;
    for &o in &m.facts.offices {
        if s.offices[o].candidate {
            let z = m.lp.binary();
            m.office_open.insert(o, z);
        }
    }
}

/// `z[o]` as an expression: the variable for a candidate, 1 for a fixed office.
pub fn is_open(m: &Model, o: usize) -> Expression {
    match m.office_open.get(&o) {
        Some(z) => Expression::from(*z),
        None => Expression::from(1.0),
    }
}

pub(super) fn add(m: &mut Model) {
    if m.office_open.is_empty() {
        return;
    }
    let (s, f) = (m.scenario, m.facts);
    let loc = &s.location;
    let links: Vec<(usize, good_lp::Variable)> = m
        .open
        .iter()
        .chain(m.evening.iter())
        .filter_map(|(&(o, _), &v)| m.office_open.get(&o).map(|_| (o, v)))
        .collect();
    for (o, v) in links {
        let z = m.office_open[&o];
        m.lp.le(&crate::model::families::OFFICE_OPEN, v - z, 0.0);
    }
    let count: Expression = f.offices.iter().map(|&o| is_open(m, o)).sum();
    if let Some(lo) = loc.min_offices {
        m.lp.ge(
            &crate::model::families::OFFICE_COUNT,
            count.clone(),
            lo as f64,
        );
        m.lp.label_last(format!("at least {lo} offices"));
    }
    if let Some(hi) = loc.max_offices {
        m.lp.le(&crate::model::families::OFFICE_COUNT, count, hi as f64);
        m.lp.label_last(format!("at most {hi} offices"));
    }
    let premises: Expression = f
        .offices
        .iter()
        .map(|&o| s.offices[o].premises_cost_per_year * is_open(m, o))
        .sum();
    if loc.enforce_premises_budget {
        m.lp.le(
            &crate::model::families::PREMISES_BUDGET,
            premises.clone(),
            s.costs.budget.premises,
        );
        m.lp.label_last("premises cost of the open offices".to_string());
    }
    m.lp.cost(loc.premises_sek, premises);
    for a in s.areas.iter().filter(|a| !a.central) {
        let near: Vec<usize> = f
            .offices
            .iter()
            .copied()
            .filter(|&o| s.road_km(a, &s.offices[o]) <= loc.radius_km)
            .collect();
        if near.iter().any(|o| !m.office_open.contains_key(o)) {
            continue; // a fixed office reaches it
        }
        let reached = m.lp.continuous(0.0, 1.0);
        let any: Expression = near
            .iter()
            .map(|o| Expression::from(m.office_open[o]))
            .sum();
        m.lp.le(&crate::model::families::COVERAGE, reached - any, 0.0);
        // cost w·pop·(1 − reached)
        m.lp.cost(
            loc.unreached_inhabitant * a.population as f64,
            Expression::from(1.0) - reached,
        );
    }
}
