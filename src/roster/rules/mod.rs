//! The rostering core's model, family by family ([`RULES`]): each family
//! ([`crate::roster::families`]) with the function of the same name, in its
//! own file, that adds its rows, and the build entry points that run them.
//! The five rules about one staff member's days are the staffing layer's
//! ([`crate::staffing`]); their files here only say which of the
//! benchmark's data they apply.

mod cover;
mod forbidden_succession;
mod free_days;
mod max_consecutive;
mod max_shifts_per_type;
mod max_weekends;
mod min_consecutive;
mod min_days_off;
mod minute_windows;
mod one_shift_per_day;
mod requests;
mod total_minutes;
mod unavailable;

use super::RosterProblem;
use super::model::{BuildOptions, Fixing, RosterVars};
use crate::family::Family;
use crate::roster::families::*;
use crate::solve::Lp;

/// A family's build function: adds its rows (and auxiliary variables, costs).
pub(crate) type AddFn = fn(&RosterProblem, &mut RosterVars, &mut Lp, &BuildOptions);

/// The rostering core, family by family in build order: [`add_all`] runs
/// exactly these.
pub(crate) static RULES: [(&Family, AddFn); 13] = [
    (&ONE_SHIFT_PER_DAY, one_shift_per_day::one_shift_per_day),
    (
        &FORBIDDEN_SUCCESSION,
        forbidden_succession::forbidden_succession,
    ),
    (
        &MAX_SHIFTS_PER_TYPE,
        max_shifts_per_type::max_shifts_per_type,
    ),
    (&TOTAL_MINUTES, total_minutes::total_minutes),
    (&MINUTE_WINDOWS, minute_windows::minute_windows),
    (&MAX_CONSECUTIVE, max_consecutive::max_consecutive),
    (&MIN_CONSECUTIVE, min_consecutive::min_consecutive),
    (&MIN_DAYS_OFF, min_days_off::min_days_off),
    (&MAX_WEEKENDS, max_weekends::max_weekends),
    (&FREE_DAYS, free_days::free_days),
    (&UNAVAILABLE, unavailable::unavailable),
    (&COVER, cover::cover),
    (&REQUESTS, requests::requests),
];

/// Builds the whole roster model (all hard families, soft cover and requests)
/// into `lp` with the default formulation.
pub fn build(p: &RosterProblem, lp: &mut Lp) -> RosterVars {
    build_with(p, lp, &BuildOptions::default())
}

/// [`build`] with formulation options.
pub fn build_with(p: &RosterProblem, lp: &mut Lp, o: &BuildOptions) -> RosterVars {
    build_part(p, lp, o, None)
}

/// A partial model: the cells `fixing` frees, the others fixed to its
/// incumbent (rows over fixed cells only are left out).
pub(crate) fn build_part(
    p: &RosterProblem,
    lp: &mut Lp,
    o: &BuildOptions,
    fixing: Option<Fixing<'_>>,
) -> RosterVars {
    let mut v = RosterVars::new(p, lp, o, fixing);
    add_all(p, &mut v, lp, o);
    v
}

/// Adds the rows (and auxiliary variables, costs) of every family.
pub(crate) fn add_all(p: &RosterProblem, v: &mut RosterVars, lp: &mut Lp, o: &BuildOptions) {
    for (_, add) in &RULES {
        add(p, v, lp, o);
    }
}

/// Staff members with at least one free cell, with their free day range.
pub(crate) fn in_scope(v: &RosterVars) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    (0..v.staff).filter_map(|s| v.scope(s).map(|(lo, hi)| (s, lo, hi)))
}
