//! Every constraint family of the rostering core, named: the five rules
//! about one staff member's days are the staffing layer's
//! ([`crate::staffing`]), shared with the municipal plan; the others are
//! the benchmark's own. [`crate::roster::rules`] pairs each with the
//! function that adds its rows.

use crate::family::{Family, Strength::*};

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

/// Rows of the aggregate bound only ([`crate::roster::aggregate`]), not of
/// the compact model: the shifts of a type that staff members work equal
/// the staff counted on that type over the days.
pub static TYPE_TOTALS: Family = Family {
    id: "type_totals",
    name_en: "Shifts of each type, counted by staff and by day",
    name_sv: "Pass av varje typ, räknade per person och per dag",
    strength: Definition,
    rule: "the shifts of one type worked by all staff equal the staff on that type summed over the days",
};

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
