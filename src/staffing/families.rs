//! The families of the staffing layer: the rules about one staff member's
//! days that the municipal plan and the rostering core share.

use crate::family::{Family, Strength::Hard};

pub static ONE_SHIFT_PER_DAY: Family = Family {
    id: "one_shift_per_day",
    name_sv: "Ett pass per dag",
    name_en: "One shift per day",
    strength: Hard,
    rule: "a staff member works at most one shift a day (in the municipal plan a day and an evening at the same office are one shift)",
};

pub static UNAVAILABLE: Family = Family {
    id: "unavailable",
    name_sv: "Frånvaro",
    name_en: "Absences",
    strength: Hard,
    rule: "nobody works on a day of absence, nor a shift they cannot take that day",
};

pub static MAX_CONSECUTIVE: Family = Family {
    id: "max_consecutive",
    name_sv: "Max arbetsdagar i följd",
    name_en: "Maximum consecutive working days",
    strength: Hard,
    rule: "no more working days in a row than the staff member's limit (in the rostering core days outside the horizon are free; in the municipal plan the days before the period count as worked when the calendar allows, and the next period's plan counts this one's last days the same way)",
};

pub static MINUTE_WINDOWS: Family = Family {
    id: "minute_windows",
    name_sv: "Arbetstid per period",
    name_en: "Working time per period",
    strength: Hard,
    rule: "at most the limit of paid minutes within each window of days (in the municipal plan: max_weekly_hours on average over every averaging_weeks ISO weeks, ATL §5)",
};

pub static TOTAL_MINUTES: Family = Family {
    id: "total_minutes",
    name_sv: "Avtalad arbetstid",
    name_en: "Contract hours",
    strength: Hard,
    rule: "paid minutes over the horizon, travel included, stay within the staff member's limits (in the municipal plan: never above the contract hours, FTE × full time less absences and holidays)",
};

/// The staffing layer's families, in build order.
pub static ALL: [&Family; 5] = [
    &ONE_SHIFT_PER_DAY,
    &UNAVAILABLE,
    &MAX_CONSECUTIVE,
    &MINUTE_WINDOWS,
    &TOTAL_MINUTES,
];
