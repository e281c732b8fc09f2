//! The days just before the period, as the verifier assumes them
//! (models/municipal.md, "The period's edges"), derived from the scenario
//! alone: a staff member worked every date before the period on which the
//! scenario's calendar lets them (an open office has day hours for that
//! weekday or may hold an evening then, the date is not closed for it, they
//! are not absent), with the earliest departure and the latest return of
//! any such shift.

use chrono::{Datelike, NaiveDate};

use super::ctx::{Ctx, Day, travel_minutes};
use crate::scenario::Staff;
use crate::scenario::time::{parse_weekday, parse_window};

/// The assumed working day of `x` on `date` (before the period): `leave`
/// the earliest departure, `back` the latest return; `None` when free.
pub(super) fn edge_day(c: &Ctx, x: &Staff, date: NaiveDate) -> Option<Day> {
    if c.absent(x, date) || c.closed.contains_key(&date) {
        return None;
    }
    let mut out: Option<(i64, i64)> = None;
    for o in &c.s.offices {
        if o.closed || o.unavailable.contains(&date) {
            continue;
        }
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
        let (start, end) = match (day, evening) {
            (Some(a), Some(b)) => (a.0.min(b.0), a.1.max(b.1)),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => continue,
        };
        let t = travel_minutes(c.s, x, o) as i64;
        let (leave, back) = (start as i64 - t, end as i64 + t);
        out = Some(match out {
            None => (leave, back),
            Some((l, b)) => (l.min(leave), b.max(back)),
        });
    }
    out.map(|(leave, back)| Day {
        leave,
        back,
        span: back - leave,
        paid: 0,
    })
}
