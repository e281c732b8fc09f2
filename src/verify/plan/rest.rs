//! Rest between working days: `daily_rest`, `weekly_rest`, `max_consecutive`.

use chrono::Duration;

use super::Report;
use super::ctx::{Ctx, monday};
use crate::model::families::{DAILY_REST, WEEKLY_REST};
use crate::staffing::MAX_CONSECUTIVE;

/// `daily_rest`: from coming back on one day to leaving the next, at least
/// `daily_rest_hours`.
pub(super) fn daily_rest(c: &Ctx, r: &mut Report) {
    let s = c.s;
    let need_rest = (s.rules.daily_rest_hours * 60.0).round() as i64;
    for x in &s.staff {
        let work = c.work_of(x);
        for (d, day) in work {
            if let Some(next) = work.get(&(*d + Duration::days(1))) {
                let rest = 1440 - day.back + next.leave;
                if rest < need_rest {
                    r.add(
                        &DAILY_REST,
                        format!(
                            "{} rests {:.1} h between {d} and the next day, less than {} h",
                            x.id,
                            rest as f64 / 60.0,
                            s.rules.daily_rest_hours
                        ),
                    );
                }
            }
        }
    }
}

/// `weekly_rest`: in each whole ISO week of the period, a continuous rest of
/// at least `weekly_rest_hours`.
pub(super) fn weekly_rest(c: &Ctx, r: &mut Report) {
    let s = c.s;
    let need_week = (s.rules.weekly_rest_hours * 60.0).round() as i64;
    for x in &s.staff {
        let work = c.work_of(x);
        let mut mon = monday(s.period.start);
        if mon < s.period.start {
            mon += Duration::days(7);
        }
        while mon + Duration::days(6) <= s.period.end {
            let mut busy: Vec<(i64, i64)> = (0..7)
                .filter_map(|i| {
                    let d = mon + Duration::days(i);
                    work.get(&d)
                        .map(|w| (i * 1440 + w.leave, i * 1440 + w.back))
                })
                .collect();
            busy.sort();
            let mut longest = 0;
            let mut free_from = 0;
            for (a, b) in busy {
                longest = longest.max(a.max(0) - free_from);
                free_from = free_from.max(b);
            }
            longest = longest.max(7 * 1440 - free_from);
            if longest < need_week {
                r.add(
                    &WEEKLY_REST,
                    format!("{} has at most {:.1} h of continuous rest in the week of {mon}, less than {} h", x.id, longest as f64 / 60.0, s.rules.weekly_rest_hours),
                );
            }
            mon += Duration::days(7);
        }
    }
}

/// `max_consecutive`: no more than `max_consecutive_days` working days in a
/// row (days outside the period count as free).
pub(super) fn max_consecutive(c: &Ctx, r: &mut Report) {
    let s = c.s;
    for x in &s.staff {
        let mut run = 0;
        let mut prev = None;
        for d in c.work_of(x).keys() {
            run = if prev == Some(*d - Duration::days(1)) {
                run + 1
            } else {
                1
            };
            if run == s.rules.max_consecutive_days + 1 {
                r.add(
                    &MAX_CONSECUTIVE,
                    format!(
                        "{} works more than {} days in a row (up to {d})",
                        x.id, s.rules.max_consecutive_days
                    ),
                );
            }
            prev = Some(*d);
        }
    }
}
