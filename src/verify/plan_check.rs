//! Checks of a staffing plan (models 1–2) against the scenario.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate};

use crate::family::Family;
use crate::model::families::{
    BREAKS, DAILY_REST, DAY_OPENING, EVENING_MINIMUM, SKILLS, STAFFING, WEEKLY_REST,
};
use crate::plan::{BookingRow, DemandRow, OpeningRow, ShiftRow};
use crate::report::{
    BOOKINGS_HEADER, COSTS_HEADER, DEMAND_HEADER, OPENINGS_HEADER, SHIFTS_HEADER, csv_io,
};
use crate::scenario::calendar;
use crate::scenario::time::{parse_clock, parse_weekday, parse_window};
use crate::scenario::{Scenario, Staff};
use crate::staffing::{
    MAX_CONSECUTIVE, MINUTE_WINDOWS, ONE_SHIFT_PER_DAY, TOTAL_MINUTES, UNAVAILABLE,
};

/// One broken rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The constraint family (see `model::families`); printed as its id.
    pub family: &'static Family,
    pub message: String,
}

/// The verifier's findings.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub violations: Vec<Violation>,
    pub openings: usize,
    pub shifts: usize,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.violations.is_empty()
    }
    pub(crate) fn add(&mut self, family: &'static Family, message: String) {
        self.violations.push(Violation { family, message });
    }
}

/// Reads `openings.csv` and `shifts.csv` from a plan folder and verifies them.
pub fn verify_dir(s: &Scenario, dir: &Path) -> Result<Report> {
    let openings: Vec<OpeningRow> = csv_io::read(&dir.join("openings.csv"), OPENINGS_HEADER)?;
    let shifts: Vec<ShiftRow> = csv_io::read(&dir.join("shifts.csv"), SHIFTS_HEADER)?;
    let mut r = verify(s, &openings, &shifts);
    let (bookings_file, demand_file) = (dir.join("bookings.csv"), dir.join("demand.csv"));
    if !s.demand.is_empty() || bookings_file.exists() {
        let bookings: Vec<BookingRow> = if bookings_file.exists() {
            csv_io::read(&bookings_file, BOOKINGS_HEADER)?
        } else {
            Vec::new()
        };
        let demand: Vec<DemandRow> = if demand_file.exists() {
            csv_io::read(&demand_file, DEMAND_HEADER)?
        } else {
            Vec::new()
        };
        super::rooms_check::check(s, &openings, &bookings, &demand, &mut r);
    }
    let costs_file = dir.join("costs.csv");
    if costs_file.exists() {
        let costs: Vec<crate::cost::CostRow> = csv_io::read(&costs_file, &COSTS_HEADER[..4])?;
        super::budget_check::check(s, &openings, &shifts, &costs, &mut r);
    }
    Ok(r)
}

fn closed_days(s: &Scenario) -> BTreeMap<NaiveDate, String> {
    let mut closed = BTreeMap::new();
    if !s.calendar.open_on_holidays {
        for y in s.period.start.year()..=s.period.end.year() {
            for c in calendar::closed_days(y) {
                closed.insert(c.date, c.name.to_string());
            }
        }
    }
    for d in &s.calendar.extra_closed {
        closed.insert(*d, "an extra closed day".into());
    }
    closed
}

fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

/// One-way travel minutes of a staff member to an office, from the scenario.
fn travel_minutes(s: &Scenario, x: &Staff, office: &crate::scenario::Office) -> u32 {
    let km = office.road_km.unwrap_or_else(|| {
        s.areas
            .iter()
            .find(|a| a.id == x.home)
            .map(|h| s.road_km(h, office))
            .unwrap_or(0.0)
    });
    let raw = km / s.travel.speed_kmh.max(1.0) * 60.0;
    let step = s.travel.round_minutes.max(1) as f64;
    ((raw / step).ceil() * step).round() as u32
}

/// Verifies a plan's openings and shifts against every hard rule.
pub fn verify(s: &Scenario, openings: &[OpeningRow], shifts: &[ShiftRow]) -> Report {
    let mut r = Report {
        openings: openings.len(),
        shifts: shifts.len(),
        ..Default::default()
    };
    let closed = closed_days(s);
    let offices: BTreeMap<&str, &crate::scenario::Office> =
        s.offices.iter().map(|o| (o.id.as_str(), o)).collect();
    let staff: BTreeMap<&str, &Staff> = s.staff.iter().map(|x| (x.id.as_str(), x)).collect();

    // ---- openings ----
    let mut seen = BTreeSet::new();
    let mut day_open_weeks: BTreeMap<(&str, NaiveDate), u32> = BTreeMap::new();
    let mut evenings: BTreeMap<(&str, i32, u32), u32> = BTreeMap::new();
    for o in openings {
        let what = format!("the {} opening of {} on {}", o.kind, o.office, o.date);
        let fam = if o.kind == "evening" {
            &EVENING_MINIMUM
        } else {
            &DAY_OPENING
        };
        let Some(office) = offices.get(o.office.as_str()) else {
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
        if let Some(why) = closed.get(&o.date) {
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
                *day_open_weeks
                    .entry((office.id.as_str(), monday(o.date)))
                    .or_default() += 1;
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
                *evenings
                    .entry((office.id.as_str(), o.date.year(), o.date.month()))
                    .or_default() += 1;
            }
            other => r.add(
                fam,
                format!("{what}: unknown kind `{other}` (day or evening)"),
            ),
        }
    }
    for ((office, week), n) in &day_open_weeks {
        if let Some(max) = offices[office].max_days_per_week
            && *n > max
        {
            r.add(&DAY_OPENING, format!("office {office} opens {n} days in the week of {week}, more than max_days_per_week = {max}"));
        }
    }
    // evenings per calendar month (prorated by days, rounded down, in a partial month)
    let mut month =
        NaiveDate::from_ymd_opt(s.period.start.year(), s.period.start.month(), 1).unwrap();
    while month <= s.period.end {
        let next = if month.month() == 12 {
            NaiveDate::from_ymd_opt(month.year() + 1, 1, 1).unwrap()
        } else {
            NaiveDate::from_ymd_opt(month.year(), month.month() + 1, 1).unwrap()
        };
        let last = next - Duration::days(1);
        let inside = (last.min(s.period.end) - month.max(s.period.start)).num_days() + 1;
        let all = (last - month).num_days() + 1;
        let need = (s.rules.min_evenings_per_month as i64 * inside / all) as u32;
        // a candidate office the plan did not open has no openings at all
        let opened = |id: &str| openings.iter().any(|x| x.office == id);
        for o in s
            .offices
            .iter()
            .filter(|o| !o.closed && (!o.candidate || opened(&o.id)))
        {
            let n = evenings
                .get(&(o.id.as_str(), month.year(), month.month()))
                .copied()
                .unwrap_or(0);
            if n < need {
                r.add(
                    &EVENING_MINIMUM,
                    format!(
                        "office {} has {n} evening openings in {}-{:02}, fewer than {need}",
                        o.id,
                        month.year(),
                        month.month(),
                    ),
                );
            }
        }
        month = next;
    }

    // ---- shifts against openings ----
    let opening_set: BTreeMap<(NaiveDate, &str, &str), &OpeningRow> = openings
        .iter()
        .map(|o| ((o.date, o.office.as_str(), o.kind.as_str()), o))
        .collect();
    let mut staffed: BTreeMap<(NaiveDate, &str, &str), Vec<&str>> = BTreeMap::new();
    let mut days: BTreeMap<(&str, NaiveDate), Vec<&ShiftRow>> = BTreeMap::new();
    for sh in shifts {
        let what = format!(
            "{}'s {} shift at {} on {}",
            sh.staff, sh.kind, sh.office, sh.date
        );
        let Some(x) = staff.get(sh.staff.as_str()) else {
            r.add(&STAFFING, format!("{what}: unknown staff member"));
            continue;
        };
        let Some(office) = offices.get(sh.office.as_str()) else {
            r.add(&STAFFING, format!("{what}: unknown office"));
            continue;
        };
        match opening_set.get(&(sh.date, sh.office.as_str(), sh.kind.as_str())) {
            None => r.add(&STAFFING, format!("{what}: the office has no such opening")),
            Some(o) if o.start != sh.start || o.end != sh.end => r.add(
                &STAFFING,
                format!(
                    "{what}: {}–{} differs from the opening {}–{}",
                    sh.start, sh.end, o.start, o.end
                ),
            ),
            _ => {}
        }
        let absent = s
            .absences
            .iter()
            .filter(|a| a.staff == x.id)
            .map(|a| (a.from, a.to))
            .chain(x.absences.iter().map(|a| (a.from, a.to)))
            .any(|(a, b)| a <= sh.date && sh.date <= b);
        if absent {
            r.add(
                &UNAVAILABLE,
                format!("{what}: {} is absent that day", sh.staff),
            );
        }
        let t = travel_minutes(s, x, office);
        if sh.travel_minutes != t {
            r.add(
                &TOTAL_MINUTES,
                format!(
                    "{what}: travel is {} min each way, the plan says {}",
                    t, sh.travel_minutes
                ),
            );
        }
        staffed
            .entry((sh.date, sh.office.as_str(), sh.kind.as_str()))
            .or_default()
            .push(sh.staff.as_str());
        days.entry((sh.staff.as_str(), sh.date))
            .or_default()
            .push(sh);
    }
    for o in openings {
        let need = if o.kind == "evening" {
            s.rules.staff_per_opening.evening
        } else {
            s.rules.staff_per_opening.day
        };
        let who = staffed
            .get(&(o.date, o.office.as_str(), o.kind.as_str()))
            .cloned()
            .unwrap_or_default();
        let distinct: BTreeSet<&str> = who.iter().copied().collect();
        if distinct.len() != who.len() {
            r.add(
                &STAFFING,
                format!(
                    "the {} opening of {} on {}: a staff member is listed twice",
                    o.kind, o.office, o.date
                ),
            );
        }
        if distinct.len() as u32 != need {
            r.add(
                &STAFFING,
                format!(
                    "the {} opening of {} on {} has {} staff, {} required",
                    o.kind,
                    o.office,
                    o.date,
                    distinct.len(),
                    need
                ),
            );
        }
        if let Some(office) = offices.get(o.office.as_str()) {
            for skill in &office.required_skills {
                if !distinct
                    .iter()
                    .any(|id| staff.get(id).is_some_and(|x| x.skills.contains(skill)))
                {
                    r.add(
                        &SKILLS,
                        format!(
                            "the {} opening of {} on {}: nobody with skill `{skill}`",
                            o.kind, o.office, o.date
                        ),
                    );
                }
            }
        }
    }

    // ---- working time per staff member ----
    let max_block = (s.rules.max_hours_without_break * 60.0).round() as i64;
    let brk = s.rules.break_minutes as i64;
    for x in &s.staff {
        // (date → (leave, back, paid))
        let mut work: BTreeMap<NaiveDate, (i64, i64, i64)> = BTreeMap::new();
        for ((id, date), rows) in
            days.range((x.id.as_str(), NaiveDate::MIN)..=(x.id.as_str(), NaiveDate::MAX))
        {
            debug_assert_eq!(*id, x.id.as_str());
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
            let start = rows
                .iter()
                .filter_map(|r| parse_clock(&r.start))
                .min()
                .unwrap_or(0) as i64;
            let end = rows
                .iter()
                .filter_map(|r| parse_clock(&r.end))
                .max()
                .unwrap_or(0) as i64;
            let travel = rows.iter().map(|r| r.travel_minutes).max().unwrap_or(0) as i64;
            let (leave, back) = (start - travel, end + travel);
            let span = back - leave;
            let pause = if span > max_block { brk } else { 0 };
            if span - pause > 2 * max_block {
                r.add(
                    &BREAKS,
                    format!(
                        "{} works {:.1} h on {date} with one break: a stretch exceeds {} h",
                        x.id,
                        span as f64 / 60.0,
                        s.rules.max_hours_without_break
                    ),
                );
            }
            work.insert(*date, (leave, back, span - pause));
        }
        // daily rest
        let need_rest = (s.rules.daily_rest_hours * 60.0).round() as i64;
        for (d, (_, back, _)) in &work {
            if let Some((leave_next, _, _)) = work.get(&(*d + Duration::days(1))) {
                let rest = 1440 - back + leave_next;
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
        // weekly rest in whole ISO weeks of the period
        let need_week = (s.rules.weekly_rest_hours * 60.0).round() as i64;
        let mut mon = monday(s.period.start);
        if mon < s.period.start {
            mon += Duration::days(7);
        }
        while mon + Duration::days(6) <= s.period.end {
            let mut busy: Vec<(i64, i64)> = (0..7)
                .filter_map(|i| {
                    let d = mon + Duration::days(i);
                    work.get(&d).map(|(a, b, _)| (i * 1440 + a, i * 1440 + b))
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
        // consecutive days (days outside the period count as free)
        let mut run = 0;
        let mut prev: Option<NaiveDate> = None;
        for d in work.keys() {
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
        // average weekly hours over averaging_weeks ISO weeks
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
            let minutes: i64 = work.range(from..to).map(|(_, w)| w.2).sum();
            let limit = (weeks as f64 * s.rules.max_weekly_hours * 60.0).round() as i64;
            if minutes > limit {
                r.add(
                    &MINUTE_WINDOWS,
                    format!("{} works {:.1} h in the {weeks} weeks from {from}, more than {:.0} h on average {} h a week", x.id, minutes as f64 / 60.0, limit as f64 / 60.0, s.rules.max_weekly_hours),
                );
            }
        }
        // contract hours
        let workdays = calendar::dates(s.period.start, s.period.end)
            .filter(|d| d.weekday().num_days_from_monday() < 5 && !closed.contains_key(d))
            .filter(|d| {
                !s.absences
                    .iter()
                    .filter(|a| a.staff == x.id)
                    .map(|a| (a.from, a.to))
                    .chain(x.absences.iter().map(|a| (a.from, a.to)))
                    .any(|(a, b)| a <= *d && *d <= b)
            })
            .count() as f64;
        let contract = (x.fte * s.rules.full_time_hours / 5.0 * 60.0 * workdays).round() as i64;
        let total: i64 = work.values().map(|w| w.2).sum();
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
    r
}
