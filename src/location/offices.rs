//! The office problem of a scenario, as `locate` and `plan` both pose it:
//! the scenario's offices as sites, its outer areas as customers.

use super::problem::{Customer, LocationProblem, Objective, Site};
use crate::scenario::Scenario;

/// The office-choice problem of a scenario, as `locate` and `plan` both
/// pose it: the `offices` as sites (premises cost a year as fixed cost;
/// `must_open` for those that stay open, `closed` ones must close), the
/// outer areas as customers (population as demand), road km as cost.
pub fn office_problem(
    s: &Scenario,
    offices: &[usize],
    objective: Objective,
    must_open: impl Fn(&crate::scenario::Office) -> bool,
) -> LocationProblem {
    let areas: Vec<_> = s.areas.iter().filter(|a| !a.central).collect();
    LocationProblem {
        sites: offices
            .iter()
            .map(|&o| {
                let off = &s.offices[o];
                Site {
                    id: off.id.clone(),
                    fixed_cost: off.premises_cost_per_year,
                    capacity: None,
                    must_open: must_open(off),
                    must_close: off.closed,
                }
            })
            .collect(),
        customers: areas
            .iter()
            .map(|a| Customer::new(a.id.clone(), a.population as f64))
            .collect(),
        cost: offices
            .iter()
            .map(|&o| areas.iter().map(|a| s.road_km(a, &s.offices[o])).collect())
            .collect(),
        objective,
    }
}
