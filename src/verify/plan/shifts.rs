//! One staff member's day: `unavailable`, `one_shift_per_day`, `breaks`.

use std::collections::BTreeSet;

use super::Report;
use super::ctx::Ctx;
use crate::model::families::BREAKS;
use crate::scenario::time::{clock, parse_clock};
use crate::staffing::{ONE_SHIFT_PER_DAY, UNAVAILABLE};

/// `unavailable`: no shift on a day of absence.
pub(super) fn unavailable(c: &Ctx, r: &mut Report) {
    for (sh, x, _) in c.known_shifts() {
        if c.absent(x, sh.date) {
            let what = format!(
                "{}'s {} shift at {} on {}",
                sh.staff, sh.kind, sh.office, sh.date
            );
            r.add(
                &UNAVAILABLE,
                format!("{what}: {} is absent that day", sh.staff),
            );
        }
    }
}

/// `one_shift_per_day`: at most one office per staff member and date, and
/// no two shifts of the same kind.
pub(super) fn one_shift_per_day(c: &Ctx, r: &mut Report) {
    for x in &c.s.staff {
        for ((_, date), rows) in c.days_of(x) {
            let offices_that_day: BTreeSet<&str> = rows.iter().map(|r| r.office.as_str()).collect();
            if offices_that_day.len() > 1 {
                r.add(
                    &ONE_SHIFT_PER_DAY,
                    format!(
                        "{} works at {} offices on {date}: {}",
                        x.id,
                        offices_that_day.len(),
                        offices_that_day.into_iter().collect::<Vec<_>>().join(", ")
                    ),
                );
            }
            let kinds: BTreeSet<&str> = rows.iter().map(|r| r.kind.as_str()).collect();
            if kinds.len() != rows.len() {
                r.add(
                    &ONE_SHIFT_PER_DAY,
                    format!("{} has two shifts of the same kind on {date}", x.id),
                );
            }
        }
    }
}

/// `breaks`: from leaving home to coming back, with one break, no stretch
/// longer than `max_hours_without_break`; and the break the plan shows
/// (`break_start`/`break_end` on each of the day's rows) is there when the
/// day needs one, at least `break_minutes` long, inside the day, leaving
/// no longer stretch before or after it.
pub(super) fn breaks(c: &Ctx, r: &mut Report) {
    let s = c.s;
    let max_block = (s.rules.max_hours_without_break * 60.0).round() as i64;
    let brk = s.rules.break_minutes as i64;
    for x in &s.staff {
        let work = c.work_of(x);
        for ((_, date), rows) in c.days_of(x) {
            let Some(day) = work.get(date) else { continue };
            let shown: BTreeSet<(&str, &str)> = rows
                .iter()
                .map(|r| (r.break_start.as_str(), r.break_end.as_str()))
                .collect();
            let what = format!("{}'s break on {date}", x.id);
            if shown.len() > 1 {
                r.add(
                    &BREAKS,
                    format!("{what}: the day's rows show different breaks"),
                );
                continue;
            }
            let (a, b) = shown.into_iter().next().unwrap_or(("", ""));
            if day.span <= max_block {
                if !a.is_empty() || !b.is_empty() {
                    r.add(
                        &BREAKS,
                        format!("{what}: shown, but a day of {} min needs none", day.span),
                    );
                }
                continue;
            }
            let (Some(a), Some(b)) = (parse_clock(a), parse_clock(b)) else {
                r.add(
                    &BREAKS,
                    format!(
                        "{what}: a day of {:.1} h needs a break of {brk} min, and shifts.csv shows none",
                        day.span as f64 / 60.0
                    ),
                );
                continue;
            };
            let (a, b) = (a as i64, b as i64);
            if b - a < brk || a < day.leave || b > day.back {
                r.add(
                    &BREAKS,
                    format!(
                        "{what}: {}–{} is not {brk} min within the day {}–{}",
                        clock(a as u32),
                        clock(b as u32),
                        clock(day.leave.max(0) as u32),
                        clock(day.back.max(0) as u32)
                    ),
                );
            } else if a - day.leave > max_block || day.back - b > max_block {
                r.add(
                    &BREAKS,
                    format!(
                        "{what}: {}–{} leaves a stretch longer than {} h",
                        clock(a as u32),
                        clock(b as u32),
                        s.rules.max_hours_without_break
                    ),
                );
            }
        }
    }
    for x in &s.staff {
        for (date, day) in c.work_of(x) {
            if day.paid > 2 * max_block {
                r.add(
                    &BREAKS,
                    format!(
                        "{} works {:.1} h on {date} with one break: a stretch exceeds {} h",
                        x.id,
                        day.span as f64 / 60.0,
                        s.rules.max_hours_without_break
                    ),
                );
            }
        }
    }
}
