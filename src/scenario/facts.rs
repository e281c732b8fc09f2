//! Planning facts derived from a scenario alone: the days of the period and
//! why a day is closed, when each office may open, travel between a staff
//! member's home base and each office, shift lengths and contract hours.
//!
//! The model and the independent verifier both start from these facts, which
//! come from the scenario (never from a solution).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

use super::calendar;
use super::time::{parse_weekday, parse_window};
use super::types::*;

/// One way between a staff member's home base and an office.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trip {
    pub km: f64,
    pub minutes: u32,
}

/// The kind of an opening or shift row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Day,
    Evening,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Day => "day",
            Kind::Evening => "evening",
        }
    }
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "day" => Some(Kind::Day),
            "evening" => Some(Kind::Evening),
            _ => None,
        }
    }
}

/// A staff member's working time on one day at one office: on-site from
/// `start` to `end` (minutes from midnight), plus travel both ways.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WorkDay {
    pub start: u32,
    pub end: u32,
    pub travel: u32,
}

impl WorkDay {
    /// Working time starts when travel starts.
    pub fn leave(&self) -> i64 {
        self.start as i64 - self.travel as i64
    }
    /// Working time ends when the staff member is back at the home base.
    pub fn back(&self) -> i64 {
        self.end as i64 + self.travel as i64
    }
    /// Length from leaving to being back, minutes.
    pub fn span(&self) -> u32 {
        (self.back() - self.leave()) as u32
    }
}

/// A span of dates with the evening openings each office needs in it.
#[derive(Debug, Clone, PartialEq)]
pub struct EveningPeriod {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub need: u32,
    /// "2025-04" for a month.
    pub label: String,
}

/// Facts of a scenario, indexed for the model and the verifier.
#[derive(Debug, Clone)]
pub struct Facts {
    pub dates: Vec<NaiveDate>,
    /// Closed days for every office, with the reason.
    pub closed: BTreeMap<NaiveDate, String>,
    /// Open offices (not `closed = true`), in scenario order.
    pub offices: Vec<usize>,
    /// `[staff][office]` one-way trip.
    pub trips: Vec<Vec<Trip>>,
    /// The spans over which evening openings are counted: every calendar
    /// month the period touches, needing `min_evenings_per_month` in a whole
    /// month, prorated by days and rounded down in a partial one.
    pub evening_periods: Vec<EveningPeriod>,
    pub break_minutes: u32,
    pub max_without_break: u32,
}

impl Facts {
    pub fn new(s: &Scenario) -> Facts {
        let dates: Vec<NaiveDate> = calendar::dates(s.period.start, s.period.end).collect();
        let mut closed = BTreeMap::new();
        if !s.calendar.open_on_holidays {
            for y in s.period.start.year()..=s.period.end.year() {
                for c in calendar::closed_days(y) {
                    closed.insert(c.date, c.name.to_string());
                }
            }
        }
        for d in &s.calendar.extra_closed {
            closed
                .entry(*d)
                .or_insert_with(|| "extra closed day (calendar.extra_closed)".into());
        }
        let area = |id: &str| s.areas.iter().find(|a| a.id == id);
        let trips = s
            .staff
            .iter()
            .map(|x| {
                s.offices
                    .iter()
                    .map(|o| {
                        let km = match (o.road_km, area(&x.home)) {
                            (Some(km), _) => km,
                            (None, Some(h)) => s.road_km(h, o),
                            (None, None) => 0.0,
                        };
                        let raw = km / s.travel.speed_kmh.max(1.0) * 60.0;
                        let step = s.travel.round_minutes.max(1) as f64;
                        let minutes = ((raw / step).ceil() * step).round() as u32;
                        Trip { km, minutes }
                    })
                    .collect()
            })
            .collect();
        let evening_periods = super::calendar::month_spans(s.period.start, s.period.end)
            .into_iter()
            .map(|m| EveningPeriod {
                first: m.first,
                last: m.last,
                need: s.rules.evenings_needed(m.days(), m.month_days),
                label: format!("{}-{:02}", m.year, m.month),
            })
            .collect();
        Facts {
            dates,
            closed,
            offices: (0..s.offices.len())
                .filter(|&o| !s.offices[o].closed)
                .collect(),
            trips,
            evening_periods,
            break_minutes: s.rules.break_minutes,
            max_without_break: (s.rules.max_hours_without_break * 60.0).round() as u32,
        }
    }

    /// Why `date` is closed for office `o`, if it is.
    pub fn closed_reason(&self, s: &Scenario, o: usize, date: NaiveDate) -> Option<String> {
        if let Some(r) = self.closed.get(&date) {
            return Some(r.clone());
        }
        if s.offices[o].unavailable.contains(&date) {
            return Some("host premises unavailable".into());
        }
        None
    }

    /// The day window of office `o` on `date`, if it may open that day.
    pub fn day_window(&self, s: &Scenario, o: usize, date: NaiveDate) -> Option<(u32, u32)> {
        if s.offices[o].closed || self.closed_reason(s, o, date).is_some() {
            return None;
        }
        s.offices[o]
            .hours
            .iter()
            .find(|(d, _)| parse_weekday(d) == Some(date.weekday()))
            .and_then(|(_, w)| parse_window(w))
    }

    /// The evening window of office `o` on `date`, if an evening may be placed then.
    pub fn evening_window(&self, s: &Scenario, o: usize, date: NaiveDate) -> Option<(u32, u32)> {
        let office = &s.offices[o];
        if office.closed || self.closed_reason(s, o, date).is_some() {
            return None;
        }
        let ok = office
            .evening_days
            .iter()
            .any(|d| parse_weekday(d) == Some(date.weekday()));
        if ok {
            parse_window(&office.evening)
        } else {
            None
        }
    }

    /// The index of `date` among the period's dates, if it is one.
    pub fn day(&self, date: NaiveDate) -> Option<usize> {
        self.dates.binary_search(&date).ok()
    }

    /// True when staff member `x` is absent on `date`.
    pub fn absent(&self, s: &Scenario, x: usize, date: NaiveDate) -> bool {
        s.is_absent(x, date)
    }

    /// Ordinary working days of the period (Mon–Fri, not closed).
    pub fn working_days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.dates
            .iter()
            .copied()
            .filter(|d| d.weekday().num_days_from_monday() < 5 && !self.closed.contains_key(d))
    }

    /// Contract minutes of staff member `x` over the period: FTE × full-time
    /// hours per day × working days not absent.
    pub fn contract_minutes(&self, s: &Scenario, x: usize) -> u32 {
        let days = self
            .working_days()
            .filter(|d| !self.absent(s, x, *d))
            .count() as f64;
        (s.staff[x].fte * s.rules.full_time_hours / 5.0 * 60.0 * days).round() as u32
    }

    /// Paid minutes of a working day: from leaving to being back, less the
    /// break that a stretch longer than the break rule requires.
    pub fn paid_minutes(&self, w: &WorkDay) -> u32 {
        let span = w.span();
        span.saturating_sub(self.break_for(span))
    }

    /// The break a working day of `span` minutes must contain.
    pub fn break_for(&self, span: u32) -> u32 {
        if span > self.max_without_break {
            self.break_minutes
        } else {
            0
        }
    }
}

/// Where a working day's break goes, in minutes after midnight: `None`
/// when the day (`leave` to `back`, travel included) is not longer than
/// `max_block`. Otherwise a break of `brk` minutes as near 12:00 as the
/// rule allows: no stretch before or after it longer than `max_block`,
/// inside the day, starting on a 5-minute mark when one fits. The plans'
/// days always leave room for it (family `breaks`); a day that does not
/// gets the break in its middle, which the verifier then reports.
pub fn break_window(leave: i64, back: i64, brk: u32, max_block: u32) -> Option<(i64, i64)> {
    let (brk, max_block) = (brk as i64, max_block as i64);
    if back - leave <= max_block {
        return None;
    }
    // The break may start from `lo` (else the stretch after it is too
    // long) to `hi` (else the stretch before it is).
    let lo = (back - brk - max_block).max(leave);
    let hi = (leave + max_block).min(back - brk);
    if lo > hi {
        let mid = leave + (back - leave - brk) / 2;
        return Some((mid, mid + brk));
    }
    let mut start = 720i64.clamp(lo, hi);
    let rounded = start.div_euclid(5) * 5;
    if rounded >= lo {
        start = rounded;
    } else if rounded + 5 <= hi {
        start = rounded + 5;
    }
    Some((start, start + brk))
}

/// Monday of the ISO week of `d`.
pub fn monday_of(d: NaiveDate) -> NaiveDate {
    d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64)
}

/// True for Saturday and Sunday.
pub fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use crate::geo::{LatLon, great_circle_km};

    fn gc(a: f64, b: f64, c: f64, d: f64) -> f64 {
        great_circle_km(LatLon::new(a, b), LatLon::new(c, d))
    }

    #[test]
    fn gavle_to_valbo_is_about_8_km_straight() {
        let km = gc(60.6750, 17.1467, 60.6448, 17.0123);
        assert!((km - 8.1).abs() < 0.2, "{km}");
        let km = gc(60.6750, 17.1467, 60.3940, 17.0064);
        assert!((km - 32.2).abs() < 0.3, "{km}");
    }
}
