//! The office choice (model 4 in a plan): `site_count` and `site_budget`.
//!
//! Like the model, these apply only when the plan chooses offices, that
//! is when some office that is not `closed` is a `candidate`; without
//! candidates the model's office-choice step adds nothing. An office is
//! open when it is not `closed` and either not a candidate or a candidate
//! with at least one row in `openings.csv` (a candidate the plan did not
//! open has no openings).

use super::Report;
use super::ctx::Ctx;
use crate::location::families::{SITE_BUDGET, SITE_COUNT};
use crate::scenario::{Office, Scenario};

/// True when the scenario leaves the plan an office choice.
fn chooses(s: &Scenario) -> bool {
    s.offices.iter().any(|o| o.candidate && !o.closed)
}

/// The offices the plan opens, in scenario order.
fn open<'a>(c: &Ctx<'a>) -> Vec<&'a Office> {
    let opened = |id: &str| c.openings.iter().any(|x| x.office == id);
    c.s.offices
        .iter()
        .filter(|o| !o.closed && (!o.candidate || opened(&o.id)))
        .collect()
}

fn names(offices: &[&Office]) -> String {
    let ids: Vec<&str> = offices.iter().map(|o| o.id.as_str()).collect();
    if ids.is_empty() {
        "none".into()
    } else {
        ids.join(", ")
    }
}

/// `site_count`: the number of open offices within
/// `location.min_offices ..= location.max_offices` (each bound when set).
pub(super) fn site_count(c: &Ctx, r: &mut Report) {
    let loc = &c.s.location;
    if !chooses(c.s) {
        return;
    }
    let open = open(c);
    let n = open.len();
    if let Some(min) = loc.min_offices
        && n < min as usize
    {
        r.add(
            &SITE_COUNT,
            format!(
                "{n} offices are open ({}), fewer than location.min_offices = {min}",
                names(&open)
            ),
        );
    }
    if let Some(max) = loc.max_offices
        && n > max as usize
    {
        r.add(
            &SITE_COUNT,
            format!(
                "{n} offices are open ({}), more than location.max_offices = {max}",
                names(&open)
            ),
        );
    }
}

/// `site_budget`: with `location.enforce_premises_budget`, the yearly
/// premises cost of the open offices within `costs.budget.premises`.
pub(super) fn site_budget(c: &Ctx, r: &mut Report) {
    if !chooses(c.s) || !c.s.location.enforce_premises_budget {
        return;
    }
    let open = open(c);
    let cost: f64 = open.iter().map(|o| o.premises_cost_per_year).sum();
    let budget = c.s.costs.budget.premises;
    if cost > budget + 1e-6 * budget.abs().max(1.0) {
        r.add(
            &SITE_BUDGET,
            format!(
                "the open offices ({}) cost {cost:.0} SEK a year in premises, more than costs.budget.premises = {budget:.0}",
                names(&open)
            ),
        );
    }
}
