//! Model 4 inside the plan: when offices are candidates, which to open.
//! The choice is the location core's own formulation
//! ([`crate::location::families::office_choice`], the one `locate` uses):
//! - `office_open` (definition, here): a candidate's openings only when it
//!   is open (`open[o,d] ≤ z[o]`, `evening[o,d] ≤ z[o]`); its opening and
//!   evening requirements scale with `z[o]` (in `opening` and `evenings`);
//! - `site_count` (hard): between `location.min_offices` and `max_offices` open;
//! - `site_budget` (hard): the yearly premises cost of the open offices
//!   stays within the premises budget (when `enforce_premises_budget`);
//! - `covered` (definition): an outer area counts as reached only with an
//!   open office within `radius_km` by road; each inhabitant not reached
//!   costs `unreached_inhabitant`, each SEK of premises `premises_sek`.

use good_lp::Expression;

use super::Model;
use crate::location::families::{self as fam, Vars};
use crate::location::offices::office_problem;
use crate::location::problem::Objective;

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
    // The office choice as the location core writes it (`locate` too):
    // every office a site (a candidate's y is its "is open" variable, a
    // fixed office's y is fixed at 1), every outer area a customer.
    let p = office_problem(
        s,
        &f.offices,
        Objective::MaxCovering {
            radius: loc.radius_km,
            max_sites: loc.max_offices.map(|k| k as usize),
            budget: None,
        },
        |o| !o.candidate,
    );
    let y: Vec<good_lp::Variable> = f
        .offices
        .iter()
        .map(|o| match m.office_open.get(o) {
            Some(&z) => z,
            None => m.lp.continuous(1.0, 1.0),
        })
        .collect();
    let z: Vec<good_lp::Variable> = (0..p.customers.len())
        .map(|_| m.lp.continuous(0.0, 1.0))
        .collect();
    let v = Vars {
        y,
        x: Vec::new(),
        z,
    };
    fam::office_choice(
        &mut m.lp,
        &p,
        &v,
        loc.radius_km,
        (
            loc.min_offices.map(|k| k as usize),
            loc.max_offices.map(|k| k as usize),
        ),
        loc.enforce_premises_budget
            .then_some(s.costs.budget.premises),
    );
    let premises: Expression = p
        .sites
        .iter()
        .zip(&v.y)
        .map(|(site, &y)| site.fixed_cost * y)
        .sum();
    m.lp.cost(loc.premises_sek, premises);
    for (c, &reached) in p.customers.iter().zip(&v.z) {
        // cost w·pop·(1 − reached)
        m.lp.cost(
            loc.unreached_inhabitant * c.demand,
            Expression::from(1.0) - reached,
        );
    }
}
