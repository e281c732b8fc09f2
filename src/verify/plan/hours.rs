//! Working time: `minute_windows` (average weekly hours, ATL §5) and
//! `total_minutes` (travel as the scenario gives it; within the contract).

use chrono::{Datelike, Duration, NaiveDate};

use super::Report;
use super::ctx::{Ctx, monday, travel_minutes};
use crate::scenario::calendar;
use crate::staffing::{MINUTE_WINDOWS, TOTAL_MINUTES};

/// `minute_windows`: paid minutes in every window of `averaging_weeks` ISO
/// weeks at most `max_weekly_hours` a week on average.
pub(super) fn minute_windows(c: &Ctx, r: &mut Report) {
    let s = c.s;
    for x in &s.staff {
        let work = c.work_of(x);
        let first = monday(s.period.start);
        let mut mondays = Vec::new();
        let mut m = first;
        while m <= s.period.end {
            mondays.push(m);
            m += Duration::days(7);
        }
        let l = (s.rules.averaging_weeks as usize).max(1);
        let windows: Vec<(NaiveDate, usize)> = if mondays.len() <= l {
            vec![(first, mondays.len())]
        } else {
            (0..=mondays.len() - l).map(|i| (mondays[i], l)).collect()
        };
        for (from, weeks) in windows {
            let to = from + Duration::days(7 * weeks as i64);
            let minutes: i64 = work.range(from..to).map(|(_, w)| w.paid).sum();
            let limit = (weeks as f64 * s.rules.max_weekly_hours * 60.0).round() as i64;
            if minutes > limit {
                r.add(
                    &MINUTE_WINDOWS,
                    format!("{} works {:.1} h in the {weeks} weeks from {from}, more than {:.0} h on average {} h a week", x.id, minutes as f64 / 60.0, limit as f64 / 60.0, s.rules.max_weekly_hours),
                );
            }
        }
    }
}

/// `total_minutes`: each shift's travel is the scenario's, and each staff
/// member's paid minutes stay within the contract (FTE × full time per
/// working weekday, less absences and closed days).
pub(super) fn total_minutes(c: &Ctx, r: &mut Report) {
    let s = c.s;
    for (sh, x, office) in c.known_shifts() {
        let t = travel_minutes(s, x, office);
        if sh.travel_minutes != t {
            let what = format!(
                "{}'s {} shift at {} on {}",
                sh.staff, sh.kind, sh.office, sh.date
            );
            r.add(
                &TOTAL_MINUTES,
                format!(
                    "{what}: travel is {} min each way, the plan says {}",
                    t, sh.travel_minutes
                ),
            );
        }
    }
    for x in &s.staff {
        let workdays = calendar::dates(s.period.start, s.period.end)
            .filter(|d| d.weekday().num_days_from_monday() < 5 && !c.closed.contains_key(d))
            .filter(|d| !c.absent(x, *d))
            .count() as f64;
        let contract = (x.fte * s.rules.full_time_hours / 5.0 * 60.0 * workdays).round() as i64;
        let total: i64 = c.work_of(x).values().map(|w| w.paid).sum();
        if total > contract {
            r.add(
                &TOTAL_MINUTES,
                format!(
                    "{} is planned {:.1} h, more than the contract's {:.1} h",
                    x.id,
                    total as f64 / 60.0,
                    contract as f64 / 60.0
                ),
            );
        }
    }
}
