//! The days just outside the period, as the rules with windows assume them
//! (models/municipal.md, "The period's edges").
//!
//! The plans before and after the period are unknown. For the daily rest,
//! the run of working days and the averaging windows, a staff member is
//! assumed to have worked every date outside the period on which the
//! scenario's calendar lets them work (some open office has a day or an
//! evening window that weekday, the date is not closed for it, they are not
//! absent), with that date's most adverse shift: the earliest departure,
//! the latest return and the longest paid day of any office open then.
//! Weekly rest assumes no rest outside the period at all (see `rest`).

use chrono::NaiveDate;

use super::Model;

/// A date outside the period, assumed worked: minutes from midnight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeDay {
    /// The earliest departure of any shift that day (start less travel).
    pub leave: i64,
    /// The latest return of any shift that day (end plus travel).
    pub back: i64,
    /// The most paid minutes of any shift that day.
    pub paid: u32,
}

/// The assumed working day of staff member `x` on `date` (outside the
/// period), or `None` when the calendar leaves them free that day.
pub fn edge_day(m: &Model, x: usize, date: NaiveDate) -> Option<EdgeDay> {
    let (s, f) = (m.scenario, m.facts);
    if f.absent(s, x, date) {
        return None;
    }
    let mut out: Option<EdgeDay> = None;
    for &o in &f.offices {
        let dw = f.day_window(s, o, date);
        let ew = f.evening_window(s, o, date);
        let (start, end) = match (dw, ew) {
            (Some(a), Some(b)) => (a.0.min(b.0), a.1.max(b.1)),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => continue,
        };
        let work = crate::scenario::facts::WorkDay {
            start,
            end,
            travel: f.trips[x][o].minutes,
        };
        let day = EdgeDay {
            leave: work.leave(),
            back: work.back(),
            paid: f.paid_minutes(&work),
        };
        out = Some(match out {
            None => day,
            Some(e) => EdgeDay {
                leave: e.leave.min(day.leave),
                back: e.back.max(day.back),
                paid: e.paid.max(day.paid),
            },
        });
    }
    out
}

/// The assumed working days of `x` on the `n` dates before the period
/// (`[0]` the day before) or after it (`[0]` the day after).
pub fn edge_days(m: &Model, x: usize, before: bool, n: usize) -> Vec<Option<EdgeDay>> {
    let f = m.facts;
    let (Some(&first), Some(&last)) = (f.dates.first(), f.dates.last()) else {
        return vec![None; n];
    };
    (1..=n as i64)
        .map(|i| {
            let date = if before {
                first - chrono::Duration::days(i)
            } else {
                last + chrono::Duration::days(i)
            };
            edge_day(m, x, date)
        })
        .collect()
}
