//! Every constraint family of the rostering core, in one place ([`RULES`]):
//! each family with the function of the same name, in its own file, that
//! adds its rows. The five rules about one staff member's days are the
//! staffing layer's ([`crate::staffing`]), shared with the municipal plan;
//! their files here only say which of the benchmark's data they apply.

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
use super::model::{BuildOptions, RosterVars};
use crate::family::{Family, Strength::*};
use crate::solve::Lp;

pub use crate::staffing::{
    MAX_CONSECUTIVE, MINUTE_WINDOWS, ONE_SHIFT_PER_DAY, TOTAL_MINUTES, UNAVAILABLE,
};

pub static FORBIDDEN_SUCCESSION: Family = Family {
    id: "forbidden_succession",
    name_en: "Forbidden shift succession",
    name_sv: "Otillåten passföljd",
    strength: Hard,
    rule: "a shift type may not be followed on the next day by the types its ForbiddenNext list names",
};
pub static MAX_SHIFTS_PER_TYPE: Family = Family {
    id: "max_shifts_per_type",
    name_en: "Maximum shifts of each type",
    name_sv: "Högsta antal pass av varje typ",
    strength: Hard,
    rule: "over the horizon a staff member works at most MaxShifts[t] shifts of type t (0: never)",
};
pub static MIN_CONSECUTIVE: Family = Family {
    id: "min_consecutive",
    name_en: "Minimum consecutive working days",
    name_sv: "Minsta antal arbetsdagar i följd",
    strength: Hard,
    rule: "every run of working days lasts at least the minimum (runs touching either end of the horizon are exempt)",
};
pub static MIN_DAYS_OFF: Family = Family {
    id: "min_days_off",
    name_en: "Minimum consecutive days off",
    name_sv: "Minsta antal lediga dagar i följd",
    strength: Hard,
    rule: "every run of days off lasts at least the minimum (runs touching either end of the horizon are exempt)",
};
pub static MAX_WEEKENDS: Family = Family {
    id: "max_weekends",
    name_en: "Maximum working weekends",
    name_sv: "Högsta antal arbetshelger",
    strength: Hard,
    rule: "at most MaxWeekends weekends with any work (Saturday or Sunday of one calendar week)",
};
pub static FREE_DAYS: Family = Family {
    id: "free_days",
    name_en: "Minimum days off within a period",
    name_sv: "Minsta antal lediga dagar under en period",
    strength: Hard,
    rule: "at least the given number of days off within each window of days (a weekly rest rule)",
};
pub static COVER: Family = Family {
    id: "cover",
    name_en: "Staff cover per shift",
    name_sv: "Bemanning per pass",
    strength: Soft,
    rule: "requirement staff on each shift type and day; each missing one costs its under weight, each extra one its over weight",
};
pub static REQUESTS: Family = Family {
    id: "requests",
    name_en: "Shift on and off requests",
    name_sv: "Önskemål om pass och ledighet",
    strength: Soft,
    rule: "a request to work (or not to work) a shift on a day costs its weight when it is not granted",
};

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

/// All families, in build order.
pub static ALL: &[&Family] = &[
    &ONE_SHIFT_PER_DAY,
    &FORBIDDEN_SUCCESSION,
    &MAX_SHIFTS_PER_TYPE,
    &TOTAL_MINUTES,
    &MINUTE_WINDOWS,
    &MAX_CONSECUTIVE,
    &MIN_CONSECUTIVE,
    &MIN_DAYS_OFF,
    &MAX_WEEKENDS,
    &FREE_DAYS,
    &UNAVAILABLE,
    &COVER,
    &REQUESTS,
];

/// The family with this id.
pub fn by_id(id: &str) -> Option<&'static Family> {
    crate::family::find(ALL, id)
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
