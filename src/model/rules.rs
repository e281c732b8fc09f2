//! The municipal model, step by step (Timefold's constraint provider):
//! each build step with the families it adds, in build order.
//! [`super::Model::build_with`] runs exactly [`RULES`]; a test checks that
//! each step's rows carry only its own families, so the list is the model.

use crate::family::Family;
use crate::location::families as location;
use crate::staffing;

use super::Model;
use super::families::*;

/// One build step: the families it adds (rows, or variables for a
/// structural family) and the function that adds them.
pub struct Rule {
    pub families: &'static [&'static Family],
    pub add: fn(&mut Model),
}

/// The municipal model, step by step in build order: [`Model::build_with`]
/// runs exactly these, and a test checks that each step's rows carry only
/// its families.
pub static RULES: &[Rule] = &[
    Rule {
        families: &[&OFFICE_OPEN],
        add: super::location::add_vars,
    },
    Rule {
        families: &[
            &staffing::ONE_SHIFT_PER_DAY,
            &staffing::UNAVAILABLE,
            &BREAKS,
        ],
        add: super::shifts::add,
    },
    Rule {
        families: &[&DAY_OPENING, &MISSING_OPENING],
        add: super::opening::add,
    },
    Rule {
        families: &[&EVENING_MINIMUM, &EVENING_SPREAD],
        add: super::evenings::add,
    },
    Rule {
        families: &[&STAFFING, &SKILLS, &COMBINED_SHIFTS],
        add: super::staffing::add,
    },
    Rule {
        families: &[&DAILY_REST, &WEEKLY_REST, &REST_ROOM, &REST_DAYS],
        add: super::rest::add,
    },
    Rule {
        families: &[&staffing::MAX_CONSECUTIVE],
        add: super::consecutive::add,
    },
    Rule {
        families: &[
            &STAFF_TOTALS,
            &staffing::TOTAL_MINUTES,
            &staffing::MINUTE_WINDOWS,
        ],
        add: super::hours::add,
    },
    Rule {
        families: &[&CYCLE, &CYCLE_DEFINITION],
        add: super::cycle::add,
    },
    Rule {
        families: &[&WORKLOAD_BALANCE, &EVENING_FAIRNESS],
        add: super::fairness::add,
    },
    Rule {
        families: &[&PREFERENCES],
        add: super::preferences::add,
    },
    Rule {
        families: &ROOMS,
        add: super::rooms::add,
    },
    Rule {
        families: &[
            &OFFICE_OPEN,
            &location::SITE_COUNT,
            &location::SITE_BUDGET,
            &location::COVERED,
        ],
        add: super::location::add,
    },
    Rule {
        families: &[&BUDGET, &BUDGET_DEFICIT],
        add: super::budget::add,
    },
];

/// The department room families (model 3): the rooms stage's rows.
pub static ROOMS: [&Family; 6] = [
    &ROOM_SINGLE_BOOKING,
    &ROOM_DEMAND,
    &ROOM_EVENING_SHARE,
    &ROOM_SPREAD,
    &ROOM_SHARING,
    &ROOM_TRIPS,
];

/// Families added outside [`RULES`]: by staged solves that fix shifts.
pub static STAGED: [&Family; 1] = [&FIXING];

/// Families added outside [`RULES`] by the quarter's search, to the
/// copies of the model it solves whole (`planner::search`).
pub static SEARCH: [&Family; 1] = [&FEWEST_MISSING];

/// Families added outside [`RULES`] by a re-plan ([`super::replan`]): the
/// freeze of the published plan and the change-minimising terms.
pub static REPLAN: [&Family; 6] = [
    &REPLAN_FREEZE,
    &NOTICE_FREEZE,
    &CHANGE_OPENING,
    &CHANGE_SHIFT,
    &CHANGE_TIMES,
    &CHANGE_BOOKING,
];

/// Every family of the municipal model, each once, in build order.
pub fn all() -> Vec<&'static Family> {
    let mut out: Vec<&'static Family> = Vec::new();
    for f in RULES
        .iter()
        .flat_map(|r| r.families.iter().copied())
        .chain(STAGED)
        .chain(SEARCH)
        .chain(REPLAN)
    {
        if !out.iter().any(|g| g.id == f.id) {
            out.push(f);
        }
    }
    out
}

/// The family with this id.
pub fn family(id: &str) -> Option<&'static Family> {
    crate::family::find(&all(), id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cycle, Model};
    use crate::scenario::facts::Facts;

    /// Each build step adds rows of its own families only, so the list
    /// above is the model: a family cannot be added without being listed.
    #[test]
    fn every_step_adds_only_its_own_families() {
        let (s, _) = crate::scenario::load_default();
        let f = Facts::new(&s);
        let mut m = Model::empty(&s, &f, Cycle::Off, true);
        for r in RULES {
            let before = m.lp.rows().len();
            (r.add)(&mut m);
            for row in &m.lp.rows()[before..] {
                assert!(
                    r.families.iter().any(|g| std::ptr::eq(*g, row.family)),
                    "a step listed with {:?} added a row of `{}`",
                    r.families.iter().map(|g| g.id).collect::<Vec<_>>(),
                    row.family.id
                );
            }
        }
    }
}
