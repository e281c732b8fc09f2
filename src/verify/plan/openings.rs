//! `day_opening` and `evening_minimum`: every row of `openings.csv` on an
//! open date at the office's configured times; at most `max_days_per_week`
//! day openings an ISO week; the evening minimum in every month.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::Report;
use super::ctx::{Ctx, monday};
use crate::model::families::{DAY_OPENING, EVENING_MINIMUM};
use crate::scenario::time::{parse_clock, parse_weekday, parse_window};

/// The date and time checks of each opening row: a day row's violations
/// are `day_opening`, an evening row's `evening_minimum`.
pub(super) fn rows(c: &Ctx, r: &mut Report) {
    let s = c.s;
    let mut seen = BTreeSet::new();
    for o in c.openings {
        let what = format!("the {} opening of {} on {}", o.kind, o.office, o.date);
        let fam = if o.kind == "evening" {
            &EVENING_MINIMUM
        } else {
            &DAY_OPENING
        };
        let Some(office) = c.offices.get(o.office.as_str()) else {
            r.add(fam, format!("{what}: unknown office"));
            continue;
        };
        if office.closed {
            r.add(
                fam,
                format!("{what}: the office is closed in this scenario"),
            );
        }
        if o.date < s.period.start || o.date > s.period.end {
            r.add(
                fam,
                format!(
                    "{what}: outside the period {} – {}",
                    s.period.start, s.period.end
                ),
            );
        }
        if let Some(why) = c.closed.get(&o.date) {
            r.add(fam, format!("{what}: {} is closed ({why})", o.date));
        }
        if office.unavailable.contains(&o.date) {
            r.add(
                fam,
                format!("{what}: the host premises are unavailable that day"),
            );
        }
        if !seen.insert((o.date, o.office.clone(), o.kind.clone())) {
            r.add(fam, format!("{what}: listed twice"));
        }
        let window = (parse_clock(&o.start), parse_clock(&o.end));
        match o.kind.as_str() {
            "day" => {
                let configured = office
                    .hours
                    .iter()
                    .find(|(d, _)| parse_weekday(d) == Some(o.date.weekday()))
                    .and_then(|(_, w)| parse_window(w));
                match configured {
                    None => r.add(
                        fam,
                        format!(
                            "{what}: the office has no opening hours on a {}",
                            o.date.weekday()
                        ),
                    ),
                    Some((a, b)) if window != (Some(a), Some(b)) => r.add(
                        fam,
                        format!(
                            "{what}: {}–{} differs from the configured hours",
                            o.start, o.end
                        ),
                    ),
                    _ => {}
                }
            }
            "evening" => {
                let allowed = office
                    .evening_days
                    .iter()
                    .any(|d| parse_weekday(d) == Some(o.date.weekday()));
                if !allowed {
                    r.add(
                        fam,
                        format!("{what}: evenings are not held on a {}", o.date.weekday()),
                    );
                }
                let w = parse_window(&office.evening);
                if w.map(|(a, b)| (Some(a), Some(b))) != Some(window) {
                    r.add(
                        fam,
                        format!(
                            "{what}: {}–{} differs from the evening window {}",
                            o.start, o.end, office.evening
                        ),
                    );
                }
            }
            other => r.add(
                fam,
                format!("{what}: unknown kind `{other}` (day or evening)"),
            ),
        }
    }
}

/// `day_opening`: at most `max_days_per_week` day openings of an office in
/// an ISO week.
pub(super) fn days_per_week(c: &Ctx, r: &mut Report) {
    let mut weeks: BTreeMap<(&str, NaiveDate), u32> = BTreeMap::new();
    for o in c.openings.iter().filter(|o| o.kind == "day") {
        if let Some(office) = c.offices.get(o.office.as_str()) {
            *weeks
                .entry((office.id.as_str(), monday(o.date)))
                .or_default() += 1;
        }
    }
    for ((office, week), n) in &weeks {
        if let Some(max) = c.offices[office].max_days_per_week
            && *n > max
        {
            r.add(&DAY_OPENING, format!("office {office} opens {n} days in the week of {week}, more than max_days_per_week = {max}"));
        }
    }
}

/// `evening_minimum`: evenings per office and calendar month (prorated by
/// days, rounded down, in a month the period only partly covers).
pub(super) fn evenings_per_month(c: &Ctx, r: &mut Report) {
    let s = c.s;
    let mut evenings: BTreeMap<(&str, i32, u32), u32> = BTreeMap::new();
    for o in c.openings.iter().filter(|o| o.kind == "evening") {
        if let Some(office) = c.offices.get(o.office.as_str()) {
            *evenings
                .entry((office.id.as_str(), o.date.year(), o.date.month()))
                .or_default() += 1;
        }
    }
    for month in crate::scenario::calendar::month_spans(s.period.start, s.period.end) {
        let need = s.rules.evenings_needed(month.days(), month.month_days);
        // a candidate office the plan did not open has no openings at all
        let opened = |id: &str| c.openings.iter().any(|x| x.office == id);
        for o in s
            .offices
            .iter()
            .filter(|o| !o.closed && (!o.candidate || opened(&o.id)))
        {
            let n = evenings
                .get(&(o.id.as_str(), month.year, month.month))
                .copied()
                .unwrap_or(0);
            if n < need {
                r.add(
                    &EVENING_MINIMUM,
                    format!(
                        "office {} has {n} evening openings in {}-{:02}, fewer than {need}",
                        o.id, month.year, month.month,
                    ),
                );
            }
        }
    }
}
