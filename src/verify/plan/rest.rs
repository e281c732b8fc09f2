//! Rest between working days: `daily_rest`, `weekly_rest`, `max_consecutive`,
//! each across the period's start too, and weekly rest across its end
//! where the next period cannot hold it (models/municipal.md, "The
//! period's edges").

use chrono::{Duration, NaiveDate};

use super::Report;
use super::ctx::{Ctx, Day, monday};
use super::edges::edge_day;
use crate::model::families::{DAILY_REST, WEEKLY_REST};
use crate::staffing::MAX_CONSECUTIVE;

/// `daily_rest`: from coming back on one day to leaving the next, at least
/// `daily_rest_hours`, across the period's edges too.
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
    daily_rest_edges(c, r);
}

/// `daily_rest` across the period's start: the first day's departure after
/// the day before's assumed latest return ([`super::edges`]). The period's
/// end is the next plan's start, checked there.
fn daily_rest_edges(c: &Ctx, r: &mut Report) {
    let s = c.s;
    let need_rest = (s.rules.daily_rest_hours * 60.0).round() as i64;
    let first = s.period.start;
    for x in &s.staff {
        let work = c.work_of(x);
        if let (Some(day), Some(before)) =
            (work.get(&first), edge_day(c, x, first - Duration::days(1)))
        {
            let rest = 1440 - before + day.leave;
            if rest < need_rest {
                r.add(
                    &DAILY_REST,
                    format!(
                        "{} leaves on {first} {:.1} h after the latest return the day before the period allows, less than {} h",
                        x.id,
                        rest as f64 / 60.0,
                        s.rules.daily_rest_hours
                    ),
                );
            }
        }
    }
}

/// `weekly_rest`: in each ISO week touching the period, within its days in
/// the period (the time outside counts as work), a continuous rest of at
/// least `weekly_rest_hours`, from one day's return to a later day's
/// departure. A week's part is the neighbouring period's to hold when it
/// spans less than the rest, or when the period's end cuts it (and not its
/// start) and the week's days after the period span the rest.
pub(super) fn weekly_rest(c: &Ctx, r: &mut Report) {
    let s = c.s;
    let need_week = (s.rules.weekly_rest_hours * 60.0).round() as i64;
    if need_week <= 0 {
        return;
    }
    for x in &s.staff {
        let work = c.work_of(x);
        let mut from = s.period.start;
        while from <= s.period.end {
            let mon = monday(from);
            let to = (mon + Duration::days(6)).min(s.period.end);
            let len = (to - from).num_days() + 1;
            let cut_at_start = from == s.period.start && from != mon;
            let after = (mon + Duration::days(6) - to).num_days();
            let ours = cut_at_start || after * 1440 < need_week;
            if len * 1440 >= need_week && ours {
                let longest = longest_rest(work, from, len);
                if longest < need_week {
                    let part = if len == 7 {
                        format!("the week of {mon}")
                    } else {
                        format!("the week of {mon}, within its days {from}..{to} in the period")
                    };
                    r.add(
                        &WEEKLY_REST,
                        format!(
                            "{} has at most {:.1} h of continuous rest in {part}, less than {} h",
                            x.id,
                            longest as f64 / 60.0,
                            s.rules.weekly_rest_hours
                        ),
                    );
                }
            }
            from = to + Duration::days(1);
        }
    }
}

/// The longest continuous rest, minutes, in the `len` days from `from`
/// (00:00) to the end of the last (24:00), from the working days' leave and
/// back times.
fn longest_rest(
    work: &std::collections::BTreeMap<NaiveDate, Day>,
    from: NaiveDate,
    len: i64,
) -> i64 {
    let mut busy: Vec<(i64, i64)> = (0..len)
        .filter_map(|i| {
            work.get(&(from + Duration::days(i)))
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
    longest.max(len * 1440 - free_from)
}

/// `max_consecutive`: no more than `max_consecutive_days` working days in a
/// row, the dates just before the period that the calendar lets the staff
/// member work counted as worked ([`super::edges`]).
pub(super) fn max_consecutive(c: &Ctx, r: &mut Report) {
    let s = c.s;
    let k = s.rules.max_consecutive_days as i64;
    for x in &s.staff {
        let mut days: Vec<(NaiveDate, bool)> = (1..=k)
            .rev()
            .map(|i| s.period.start - Duration::days(i))
            .map(|d| (d, edge_day(c, x, d).is_some()))
            .collect();
        days.extend(c.work_of(x).keys().map(|d| (*d, true)));
        let mut run = 0;
        let mut prev: Option<NaiveDate> = None;
        for (d, worked) in days {
            if !worked {
                prev = None;
                continue;
            }
            run = if prev == Some(d - Duration::days(1)) {
                run + 1
            } else {
                1
            };
            if run == s.rules.max_consecutive_days + 1 {
                let how = if d - Duration::days(k) < s.period.start {
                    format!(
                        " (up to {d}, counting the days before the period the calendar lets {} work)",
                        x.id
                    )
                } else {
                    format!(" (up to {d})")
                };
                r.add(
                    &MAX_CONSECUTIVE,
                    format!(
                        "{} works more than {} days in a row{how}",
                        x.id, s.rules.max_consecutive_days
                    ),
                );
            }
            prev = Some(d);
        }
    }
}
