//! Every constraint family of the rostering core, in one place. Each family has
//! an id (the row tag in the [`Lp`], used by the elastic infeasibility
//! explanation), an English and a Swedish name, and whether it is hard. Its
//! rows are added by the function of the same name in its own file.

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
use crate::solve::Lp;

/// A constraint family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Family {
    /// Row tag and stable id.
    pub id: &'static str,
    pub name_en: &'static str,
    pub name_sv: &'static str,
    /// Hard families are never violated in a returned roster; soft ones are priced.
    pub hard: bool,
}

pub const ONE_SHIFT_PER_DAY: Family = Family {
    id: "one_shift_per_day",
    name_en: "at most one shift per day",
    name_sv: "högst ett pass per dag",
    hard: true,
};
pub const FORBIDDEN_SUCCESSION: Family = Family {
    id: "forbidden_succession",
    name_en: "forbidden shift succession on consecutive days",
    name_sv: "otillåten passföljd från en dag till nästa",
    hard: true,
};
pub const MAX_SHIFTS_PER_TYPE: Family = Family {
    id: "max_shifts_per_type",
    name_en: "maximum shifts of each type",
    name_sv: "högsta antal pass av varje typ",
    hard: true,
};
pub const TOTAL_MINUTES: Family = Family {
    id: "total_minutes",
    name_en: "total working time within limits",
    name_sv: "total arbetstid inom gränserna",
    hard: true,
};
pub const MINUTE_WINDOWS: Family = Family {
    id: "minute_windows",
    name_en: "maximum working time within a period",
    name_sv: "högsta arbetstid under en period",
    hard: true,
};
pub const MAX_CONSECUTIVE: Family = Family {
    id: "max_consecutive",
    name_en: "maximum consecutive working days",
    name_sv: "högsta antal arbetsdagar i följd",
    hard: true,
};
pub const MIN_CONSECUTIVE: Family = Family {
    id: "min_consecutive",
    name_en: "minimum consecutive working days",
    name_sv: "minsta antal arbetsdagar i följd",
    hard: true,
};
pub const MIN_DAYS_OFF: Family = Family {
    id: "min_days_off",
    name_en: "minimum consecutive days off",
    name_sv: "minsta antal lediga dagar i följd",
    hard: true,
};
pub const MAX_WEEKENDS: Family = Family {
    id: "max_weekends",
    name_en: "maximum working weekends",
    name_sv: "högsta antal arbetshelger",
    hard: true,
};
pub const FREE_DAYS: Family = Family {
    id: "free_days",
    name_en: "minimum days off within a period (weekly rest)",
    name_sv: "minsta antal lediga dagar under en period (veckovila)",
    hard: true,
};
pub const UNAVAILABLE: Family = Family {
    id: "unavailable",
    name_en: "unavailable days and shifts",
    name_sv: "dagar och pass då personen inte kan arbeta",
    hard: true,
};
pub const COVER: Family = Family {
    id: "cover",
    name_en: "staff cover per shift (under and over)",
    name_sv: "bemanning per pass (under- och överbemanning)",
    hard: false,
};
pub const REQUESTS: Family = Family {
    id: "requests",
    name_en: "shift on and off requests",
    name_sv: "önskemål om pass och ledighet",
    hard: false,
};

/// All families, in build order.
pub const ALL: [Family; 13] = [
    ONE_SHIFT_PER_DAY,
    FORBIDDEN_SUCCESSION,
    MAX_SHIFTS_PER_TYPE,
    TOTAL_MINUTES,
    MINUTE_WINDOWS,
    MAX_CONSECUTIVE,
    MIN_CONSECUTIVE,
    MIN_DAYS_OFF,
    MAX_WEEKENDS,
    FREE_DAYS,
    UNAVAILABLE,
    COVER,
    REQUESTS,
];

/// The family with this id.
pub fn by_id(id: &str) -> Option<Family> {
    ALL.iter().copied().find(|f| f.id == id)
}

/// Whether rows tagged `id` are hard (unknown tags count as hard).
pub fn is_hard(id: &str) -> bool {
    by_id(id).is_none_or(|f| f.hard)
}

/// Adds the rows (and auxiliary variables, costs) of every family.
pub(crate) fn add_all(p: &RosterProblem, v: &mut RosterVars, lp: &mut Lp, o: &BuildOptions) {
    one_shift_per_day::one_shift_per_day(p, v, lp, o);
    forbidden_succession::forbidden_succession(p, v, lp, o);
    max_shifts_per_type::max_shifts_per_type(p, v, lp, o);
    total_minutes::total_minutes(p, v, lp, o);
    minute_windows::minute_windows(p, v, lp, o);
    max_consecutive::max_consecutive(p, v, lp, o);
    min_consecutive::min_consecutive(p, v, lp, o);
    min_days_off::min_days_off(p, v, lp, o);
    max_weekends::max_weekends(p, v, lp, o);
    free_days::free_days(p, v, lp, o);
    unavailable::unavailable(p, v, lp, o);
    cover::cover(p, v, lp, o);
    requests::requests(p, v, lp, o);
}

/// Staff members with at least one free cell, with their free day range.
pub(crate) fn in_scope(v: &RosterVars) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    (0..v.staff).filter_map(|s| v.scope(s).map(|(lo, hi)| (s, lo, hi)))
}
