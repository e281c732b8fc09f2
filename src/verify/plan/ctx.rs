//! What the municipal checks share: the plan's rows, and facts the
//! verifier derives itself from the scenario and those rows (closed days,
//! travel, each staff member's working days).

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};

use crate::cost::CostRow;
use crate::plan::{BookingRow, DemandRow, OpeningRow, ShiftRow};
use crate::scenario::calendar;
use crate::scenario::time::parse_clock;
use crate::scenario::{Office, Scenario, Staff};

/// One working day of a staff member, in minutes from midnight.
#[derive(Debug, Clone, Copy)]
pub struct Day {
    /// Leaves home: the earliest shift start less travel.
    pub leave: i64,
    /// Back home: the latest shift end plus travel.
    pub back: i64,
    /// `back - leave`.
    pub span: i64,
    /// Paid minutes: the span less the break when the span needs one.
    pub paid: i64,
}

/// A plan and the scenario it was made for, as the checks read them.
pub struct Ctx<'a> {
    pub s: &'a Scenario,
    pub openings: &'a [OpeningRow],
    pub shifts: &'a [ShiftRow],
    /// `bookings.csv` and `demand.csv`, when the plan's rooms are checked.
    pub rooms: Option<(&'a [BookingRow], &'a [DemandRow])>,
    /// `costs.csv`, when the plan has one.
    pub costs: Option<&'a [CostRow]>,
    /// Closed dates (holidays, closed eves, `extra_closed`) with the reason.
    pub closed: BTreeMap<NaiveDate, String>,
    pub offices: BTreeMap<&'a str, &'a Office>,
    pub staff: BTreeMap<&'a str, &'a Staff>,
    /// Shifts of known staff at known offices, by staff member and date.
    pub days: BTreeMap<(&'a str, NaiveDate), Vec<&'a ShiftRow>>,
    /// Staff ids of those shifts, by opening (date, office, kind).
    pub staffed: BTreeMap<(NaiveDate, &'a str, &'a str), Vec<&'a str>>,
    /// Each staff member's working days.
    pub work: BTreeMap<&'a str, BTreeMap<NaiveDate, Day>>,
    /// For a re-plan: the published plan and `changes.csv`.
    pub replan: Option<super::replan::Replanned<'a>>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        s: &'a Scenario,
        openings: &'a [OpeningRow],
        shifts: &'a [ShiftRow],
        rooms: Option<(&'a [BookingRow], &'a [DemandRow])>,
        costs: Option<&'a [CostRow]>,
    ) -> Self {
        let mut c = Ctx {
            s,
            openings,
            shifts,
            rooms,
            costs,
            closed: closed_days(s),
            offices: s.offices.iter().map(|o| (o.id.as_str(), o)).collect(),
            staff: s.staff.iter().map(|x| (x.id.as_str(), x)).collect(),
            days: BTreeMap::new(),
            staffed: BTreeMap::new(),
            work: BTreeMap::new(),
            replan: None,
        };
        for (sh, _, _) in c.known_shifts().collect::<Vec<_>>() {
            c.staffed
                .entry((sh.date, sh.office.as_str(), sh.kind.as_str()))
                .or_default()
                .push(sh.staff.as_str());
            c.days
                .entry((sh.staff.as_str(), sh.date))
                .or_default()
                .push(sh);
        }
        let max_block = (s.rules.max_hours_without_break * 60.0).round() as i64;
        let brk = s.rules.break_minutes as i64;
        for x in &s.staff {
            let mut work = BTreeMap::new();
            for ((_, date), rows) in c.days_of(x) {
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
                work.insert(
                    *date,
                    Day {
                        leave,
                        back,
                        span,
                        paid: span - pause,
                    },
                );
            }
            c.work.insert(x.id.as_str(), work);
        }
        c
    }

    /// The shifts that name a known staff member and office, with both.
    pub fn known_shifts(&self) -> impl Iterator<Item = (&'a ShiftRow, &'a Staff, &'a Office)> + '_ {
        self.shifts.iter().filter_map(|sh| {
            let x = self.staff.get(sh.staff.as_str())?;
            let o = self.offices.get(sh.office.as_str())?;
            Some((sh, *x, *o))
        })
    }

    /// A staff member's shifts, by date.
    pub fn days_of(
        &self,
        x: &'a Staff,
    ) -> impl Iterator<Item = (&(&'a str, NaiveDate), &Vec<&'a ShiftRow>)> + '_ {
        let id = x.id.as_str();
        self.days.range((id, NaiveDate::MIN)..=(id, NaiveDate::MAX))
    }

    /// A staff member's working days.
    pub fn work_of(&self, x: &Staff) -> &BTreeMap<NaiveDate, Day> {
        &self.work[x.id.as_str()]
    }

    /// True when the staff member is absent on `d` (own `absences` or `[[absences]]`).
    pub fn absent(&self, x: &Staff, d: NaiveDate) -> bool {
        self.s
            .absences
            .iter()
            .filter(|a| a.staff == x.id)
            .map(|a| (a.from, a.to))
            .chain(x.absences.iter().map(|a| (a.from, a.to)))
            .any(|(a, b)| a <= d && d <= b)
    }
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

/// The Monday of `d`'s ISO week.
pub fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

/// One-way travel minutes of a staff member to an office, from the scenario.
pub fn travel_minutes(s: &Scenario, x: &Staff, office: &Office) -> u32 {
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
