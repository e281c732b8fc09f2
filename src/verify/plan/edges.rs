//! The days just before the period, as the verifier assumes them
//! (models/municipal.md, "The period's edges"), derived from the scenario
//! alone: a staff member worked every date before the period on which the
//! scenario's calendar lets them (an open office has day hours for that
//! weekday or may hold an evening then, the date is not closed for it, they
//! are not absent), with the latest return of any such shift.

use chrono::{Datelike, NaiveDate};

use super::ctx::{Ctx, travel_minutes};
use crate::scenario::Staff;
use crate::scenario::time::{parse_weekday, parse_window};

/// The latest return of `x` on `date` (before the period), minutes from
/// midnight, when the calendar lets them work that day; `None` when free.
pub(super) fn edge_day(c: &Ctx, x: &Staff, date: NaiveDate) -> Option<i64> {
    if c.absent(x, date) || c.closed.contains_key(&date) {
        return None;
    }
    c.s.offices
        .iter()
        .filter(|o| !o.closed && !o.unavailable.contains(&date))
        .filter_map(|o| {
            let day = o
                .hours
                .iter()
                .find(|(d, _)| parse_weekday(d) == Some(date.weekday()))
                .and_then(|(_, w)| parse_window(w));
            let evening = o
                .evening_days
                .iter()
                .any(|d| parse_weekday(d) == Some(date.weekday()))
                .then(|| parse_window(&o.evening))
                .flatten();
            let end = match (day, evening) {
                (Some(a), Some(b)) => a.1.max(b.1),
                (Some(a), None) | (None, Some(a)) => a.1,
                (None, None) => return None,
            };
            Some(end as i64 + travel_minutes(c.s, x, o) as i64)
        })
        .max()
}
