//! The days just before the period, as the rules with windows assume them
//! (models/municipal.md, "The period's edges").
//!
//! The plan before the period is unknown, so the plan protects its start:
//! for the daily rest and the run of working days, a staff member is
//! assumed to have worked every date before the period on which the
//! scenario's calendar lets them work (some open office has a day or an
//! evening window that weekday, the date is not closed for it, they are not
//! absent), with that date's most adverse shift: the latest return of any
//! office open then.
//! The plan after the period is made later by these same rules, assuming
//! the worst of this one, so the end is left to it ([`holds_weekly_rest`]
//! is the one exception). Weekly rest assumes no rest outside the period at
//! all (see `rest`).

use chrono::{Datelike, NaiveDate};

use super::Model;

/// A date before the period, assumed worked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeDay {
    /// The latest return of any shift that day (end plus travel), minutes
    /// from midnight.
    pub back: i64,
}

/// The assumed working day of staff member `x` on `date` (before the
/// period), or `None` when the calendar leaves them free that day.
pub fn edge_day(m: &Model, x: usize, date: NaiveDate) -> Option<EdgeDay> {
    let (s, f) = (m.scenario, m.facts);
    if f.absent(s, x, date) {
        return None;
    }
    f.offices
        .iter()
        .filter_map(|&o| {
            let (start, end) = match (f.day_window(s, o, date), f.evening_window(s, o, date)) {
                (Some(a), Some(b)) => (a.0.min(b.0), a.1.max(b.1)),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => return None,
            };
            let work = crate::scenario::facts::WorkDay {
                start,
                end,
                travel: f.trips[x][o].minutes,
            };
            Some(work.back())
        })
        .max()
        .map(|back| EdgeDay { back })
}

/// The assumed working days of `x` on the `n` dates before the period
/// (`[0]` the day before).
pub fn edge_days(m: &Model, x: usize, n: usize) -> Vec<Option<EdgeDay>> {
    let Some(&first) = m.facts.dates.first() else {
        return vec![None; n];
    };
    (1..=n as i64)
        .map(|i| edge_day(m, x, first - chrono::Duration::days(i)))
        .collect()
}

/// Whether the part `first..=last` of one ISO week, the days of that week
/// within the period `period`, holds the week's rest of `need` minutes.
///
/// A part must span the rest to hold it. A part cut by the period's start
/// (or a whole week) holds it: the week's days before the period are
/// unknown. A part cut only by the period's end holds it only when the
/// week's days after the period span less than the rest: the next
/// period's plan holds the rest in its part of the week otherwise, by this
/// same rule, knowing nothing of this plan but that it may have worked.
pub fn holds_weekly_rest(
    (first, last): (NaiveDate, NaiveDate),
    period: (NaiveDate, NaiveDate),
    need: i64,
) -> bool {
    let days = |a: NaiveDate, b: NaiveDate| (b - a).num_days() + 1;
    if days(first, last) * 1440 < need {
        return false;
    }
    let sunday = crate::scenario::facts::monday_of(first) + chrono::Duration::days(6);
    let cut_at_start = first == period.0 && first.weekday() != chrono::Weekday::Mon;
    let cut_at_end = last == period.1 && last < sunday;
    !cut_at_end || cut_at_start || (days(last, sunday) - 1) * 1440 < need
}
