//! The plan: the solution as plain tables (the output contract of docs/domain.md, Output contract)
//! read back from the solver's values once, and from then on independent of
//! the model.

pub mod changes;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::cost::{self, CostRow, PlanVariableCosts};
use crate::model::{Model, Part};
use crate::scenario::facts::Kind;
use crate::scenario::time::clock;
use crate::solve::{ModelSize, Outcome, Values};

/// One row of `openings.csv`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OpeningRow {
    pub date: NaiveDate,
    pub office: String,
    pub start: String,
    pub end: String,
    pub kind: String,
}

/// One row of `shifts.csv`: a staff member at an opening. `start`/`end` are
/// the opening's times on site; travel each way is `travel_minutes`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ShiftRow {
    pub date: NaiveDate,
    pub office: String,
    pub staff: String,
    pub start: String,
    pub end: String,
    pub kind: String,
    pub travel_minutes: u32,
    /// The working day's break (the same on each of the day's rows), when
    /// the day from leaving to being back is longer than
    /// `max_hours_without_break`; empty otherwise. Added after the
    /// original columns.
    #[serde(default)]
    pub break_start: String,
    #[serde(default)]
    pub break_end: String,
}

/// One row of `base_schedule.csv`: the rotating base schedule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaseRow {
    /// Week of the cycle, 1-based.
    pub cycle_week: u32,
    pub weekday: String,
    pub staff: String,
    pub office: String,
    /// `day`, `evening` or `day+evening`.
    pub shift: String,
}

/// One row of `staff_hours.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffHoursRow {
    pub staff: String,
    pub name: String,
    pub fte: f64,
    pub contract_hours: f64,
    pub office_hours: f64,
    pub travel_hours: f64,
    /// Contract hours not spent at offices: booking service and admin at the home base.
    pub base_hours: f64,
    pub working_days: u32,
    pub evenings: u32,
    pub mileage_km: f64,
    /// Office and travel hours as a share of the contract hours, in per
    /// cent: the workload the plan gives this staff member (the rest is
    /// booking service and admin at the home base). Balanced by the soft
    /// family `workload_balance` within `rules.workload_tolerance`.
    #[serde(default)]
    pub office_share_pct: f64,
}

/// One row of `bookings.csv`: a department's room booking.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BookingRow {
    pub date: NaiveDate,
    pub office: String,
    pub room: String,
    pub department: String,
    pub start: String,
    pub end: String,
    /// The demand it serves: the office id, or `area:<id>` (empty in a
    /// folder written before the column existed).
    #[serde(default)]
    pub target: String,
}

/// One row of `demand.csv`: demand, booked and unmet hours per department,
/// target (office, or `area:<id>`) and month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemandRow {
    pub department: String,
    pub target: String,
    pub month: String,
    pub demand_hours: f64,
    pub booked_hours: f64,
    pub unmet_hours: f64,
    pub evening_hours: f64,
}

/// Per-department totals in `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentSummary {
    pub department: String,
    pub demand_hours: f64,
    pub booked_hours: f64,
    pub unmet_hours: f64,
    pub trips: u32,
    pub km: f64,
    pub travel_minutes: u32,
}

/// A day opening that should have been held but was not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissingOpening {
    pub office: String,
    pub iso_week: String,
    pub days: f64,
}

/// Start and end of the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodOut {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub scenario: String,
    pub title: String,
    pub status: String,
    pub objective: Option<f64>,
    pub bound: Option<f64>,
    pub mip_gap: Option<f64>,
    pub solve_seconds: f64,
    /// Seconds from the start of the run to the first legal plan of the
    /// quarter's search (measured; absent for plans made otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_plan_seconds: Option<f64>,
    pub period: PeriodOut,
    pub model: ModelSizeOut,
    pub offices: usize,
    /// Ids of the offices open in this plan.
    pub open_offices: Vec<String>,
    pub staff: usize,
    pub day_openings: usize,
    pub evening_openings: usize,
    pub opening_hours: f64,
    pub missing_openings: f64,
    /// office → "YYYY-MM" → evening openings.
    pub evenings_per_month: BTreeMap<String, BTreeMap<String, u32>>,
    pub cycle_weeks: u32,
    /// Shifts that depart from the base schedule for another reason than a holiday or absence.
    pub cycle_exceptions: u32,
    pub staff_hours: Vec<StaffHoursRow>,
    pub departments: Vec<DepartmentSummary>,
    pub unmet_demand_hours: f64,
    pub mileage_sek: f64,
    pub costs: Vec<CostRow>,
    /// `costs.budget_mode`: `hard` or `soft`.
    #[serde(default)]
    pub budget_mode: String,
    /// Σ `deficit_sek` of `costs`: what the plan spends over the yearly budgets (0 in hard mode).
    #[serde(default)]
    pub budget_deficit_sek: f64,
    /// True when the stages were solved with the `budget` (or
    /// `budget_deficit`) family: the limits can bind some plan
    /// (`model::budget::may_bind`).
    #[serde(default)]
    pub budget_in_solve: bool,
    /// What a re-plan changed (absent in a fresh plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replan: Option<ReplanSummary>,
    pub verified: bool,
}

/// `summary.json`'s `replan`: a re-plan's freeze and its changes, counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplanSummary {
    /// The first date that could change; everything before is as published.
    pub from: NaiveDate,
    /// The last date of the notice period (`rules.change_notice_days`
    /// from `from`), kept as published unless a hard rule forces a change.
    pub notice_until: NaiveDate,
    /// Rows of `changes.csv`.
    pub changes: usize,
    /// Openings cancelled, added or given other times.
    pub opening_changes: usize,
    /// Staff events (shift rows) removed, added or given other times.
    pub staff_event_changes: usize,
    /// Room bookings removed or added.
    pub booking_changes: usize,
    /// The changes within the notice period, each with why it was forced.
    pub notice_changes: Vec<String>,
}

/// Model size in `summary.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelSizeOut {
    pub variables: usize,
    pub integers: usize,
    pub rows: usize,
}

impl From<ModelSize> for ModelSizeOut {
    fn from(m: ModelSize) -> Self {
        ModelSizeOut {
            variables: m.variables,
            integers: m.integers,
            rows: m.rows,
        }
    }
}

/// A plan: the tables written to a plan folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub openings: Vec<OpeningRow>,
    pub shifts: Vec<ShiftRow>,
    pub base: Vec<BaseRow>,
    pub staff_hours: Vec<StaffHoursRow>,
    pub missing: Vec<MissingOpening>,
    pub bookings: Vec<BookingRow>,
    pub demand: Vec<DemandRow>,
    pub slots: Vec<BookingRow>,
    pub summary: Summary,
    /// A re-plan's changes against the published plan (`changes.csv`,
    /// `sequences.csv`); `None` for a fresh plan.
    pub replan: Option<changes::Replan>,
}

fn weekday_name(wd: u32) -> &'static str {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][wd as usize % 7]
}

fn part_name(p: Part) -> &'static str {
    match p {
        Part::Day => "day",
        Part::Evening => "evening",
        Part::DayEvening => "day+evening",
    }
}

fn hours(minutes: f64) -> f64 {
    (minutes / 60.0 * 100.0).round() / 100.0
}

/// Reads the plan from a solved model.
pub fn extract(m: &Model, outcome: &Outcome, size: ModelSize) -> Option<Plan> {
    let values: &Values = outcome.values.as_ref()?;
    let (s, f) = (m.scenario, m.facts);
    let mut openings = Vec::new();
    let mut evenings_per_month: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    let mut opening_minutes = 0.0;
    for &o in &f.offices {
        let per = evenings_per_month
            .entry(s.offices[o].id.clone())
            .or_default();
        for p in &f.evening_periods {
            per.insert(p.label.clone(), 0);
        }
    }
    for (kind, map) in [(Kind::Day, &m.open), (Kind::Evening, &m.evening)] {
        for (&(o, d), &v) in map {
            if !values.on(v) {
                continue;
            }
            let date = f.dates[d];
            let w = match kind {
                Kind::Day => f.day_window(s, o, date),
                Kind::Evening => f.evening_window(s, o, date),
            }
            .expect("an opening variable exists only where the office may open");
            opening_minutes += (w.1 - w.0) as f64;
            if kind == Kind::Evening
                && let Some(p) = f
                    .evening_periods
                    .iter()
                    .find(|p| p.first <= date && date <= p.last)
            {
                *evenings_per_month
                    .entry(s.offices[o].id.clone())
                    .or_default()
                    .entry(p.label.clone())
                    .or_default() += 1;
            }
            openings.push(OpeningRow {
                date,
                office: s.offices[o].id.clone(),
                start: clock(w.0),
                end: clock(w.1),
                kind: kind.as_str().into(),
            });
        }
    }
    let mut shifts = Vec::new();
    let n = s.staff.len();
    let mut paid = vec![0.0; n];
    let mut travel = vec![0.0; n];
    let mut days = vec![0u32; n];
    let mut evenings = vec![0u32; n];
    let mut km = vec![0.0; n];
    for c in &m.cells {
        if !values.on(c.var) {
            continue;
        }
        let date = f.dates[c.day];
        paid[c.staff] += c.paid as f64;
        travel[c.staff] += 2.0 * c.work.travel as f64;
        days[c.staff] += 1;
        km[c.staff] += c.km;
        for kind in [Kind::Day, Kind::Evening] {
            if !c.part.covers(kind) {
                continue;
            }
            let w = match kind {
                Kind::Day => f.day_window(s, c.office, date),
                Kind::Evening => f.evening_window(s, c.office, date),
            }
            .expect("a shift exists only where the office may open");
            if kind == Kind::Evening {
                evenings[c.staff] += 1;
            }
            let pause = crate::scenario::facts::break_window(
                c.work.leave(),
                c.work.back(),
                f.break_minutes,
                f.max_without_break,
            );
            let at = |m: Option<i64>| m.map(|m| clock(m.max(0) as u32)).unwrap_or_default();
            shifts.push(ShiftRow {
                date,
                office: s.offices[c.office].id.clone(),
                staff: s.staff[c.staff].id.clone(),
                start: clock(w.0),
                end: clock(w.1),
                kind: kind.as_str().into(),
                travel_minutes: c.work.travel,
                break_start: at(pause.map(|p| p.0)),
                break_end: at(pause.map(|p| p.1)),
            });
        }
    }
    let office_rank: BTreeMap<&str, usize> = s
        .offices
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    let staff_rank: BTreeMap<&str, usize> = s
        .staff
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.as_str(), i))
        .collect();
    openings.sort_by_key(|r| (r.date, office_rank[r.office.as_str()], r.kind.clone()));
    shifts.sort_by_key(|r| {
        (
            r.date,
            office_rank[r.office.as_str()],
            r.kind.clone(),
            staff_rank[r.staff.as_str()],
        )
    });

    let mut base = Vec::new();
    let pattern = m.base_schedule(values);
    for &(x, week, wd, o, part) in &pattern {
        {
            base.push(BaseRow {
                cycle_week: week + 1,
                weekday: weekday_name(wd).into(),
                staff: s.staff[x].id.clone(),
                office: s.offices[o].id.clone(),
                shift: part_name(part).into(),
            });
        }
    }
    base.sort_by_key(|r| {
        (
            r.cycle_week,
            ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                .iter()
                .position(|d| *d == r.weekday),
            staff_rank[r.staff.as_str()],
        )
    });
    let cycle_exceptions = count_exceptions(m, values, &pattern);

    let staff_hours: Vec<StaffHoursRow> = (0..n)
        .map(|x| {
            let contract = f.contract_minutes(s, x) as f64;
            StaffHoursRow {
                staff: s.staff[x].id.clone(),
                name: s.staff[x].name.clone(),
                fte: s.staff[x].fte,
                contract_hours: hours(contract),
                office_hours: hours(paid[x]),
                travel_hours: hours(travel[x]),
                base_hours: hours(contract - paid[x]),
                working_days: days[x],
                evenings: evenings[x],
                mileage_km: (km[x] * 10.0).round() / 10.0,
                office_share_pct: if contract > 0.0 {
                    (paid[x] / contract * 1000.0).round() / 10.0
                } else {
                    0.0
                },
            }
        })
        .collect();
    let mut missing = Vec::new();
    let mut missing_total = 0.0;
    for (&(o, monday), &v) in &m.missing {
        let amount = values.get(v);
        if amount > 1e-6 {
            missing_total += amount;
            missing.push(MissingOpening {
                office: s.offices[o].id.clone(),
                iso_week: crate::scenario::calendar::iso_week_label(monday),
                days: (amount * 100.0).round() / 100.0,
            });
        }
    }
    let (bookings, demand, slots, departments) = rooms(m, values);
    let unmet_demand_hours = round2(demand.iter().map(|d| d.unmet_hours).sum());
    // the departments' own travel is on their budgets, not the unit's
    let mileage_sek: f64 = cost::mileage_sek(s, km.iter().sum::<f64>());
    let costs = cost::projection(
        s,
        PlanVariableCosts {
            mileage_sek,
            ob_sek: ob_cost(s, &shifts),
            premises_hours_sek: premises_hours_cost(s, &openings),
        },
    );
    let summary = Summary {
        scenario: s.name.clone(),
        title: s.title.clone(),
        status: outcome.status.as_str().into(),
        objective: outcome.objective.map(round6),
        bound: outcome.bound.map(round6),
        mip_gap: outcome.gap.map(round6),
        solve_seconds: (outcome.seconds * 1000.0).round() / 1000.0,
        first_plan_seconds: None,
        period: PeriodOut {
            start: s.period.start,
            end: s.period.end,
        },
        model: size.into(),
        offices: f.offices.len(),
        open_offices: f.offices.iter().map(|&o| s.offices[o].id.clone()).collect(),
        staff: n,
        day_openings: openings.iter().filter(|o| o.kind == "day").count(),
        evening_openings: openings.iter().filter(|o| o.kind == "evening").count(),
        opening_hours: hours(opening_minutes),
        missing_openings: (missing_total * 100.0).round() / 100.0,
        evenings_per_month,
        cycle_weeks: if m.cycle == crate::model::Cycle::Off {
            0
        } else {
            s.rules.cycle_weeks
        },
        cycle_exceptions,
        staff_hours: staff_hours.clone(),
        departments,
        unmet_demand_hours,
        mileage_sek: mileage_sek.round(),
        budget_mode: s.costs.budget_mode.clone(),
        budget_deficit_sek: costs.iter().map(|c| c.deficit_sek).sum(),
        budget_in_solve: false,
        replan: None,
        costs,
        verified: false,
    };
    Some(Plan {
        openings,
        shifts,
        base,
        staff_hours,
        missing,
        bookings,
        demand,
        slots,
        summary,
        replan: None,
    })
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

type RoomTables = (
    Vec<BookingRow>,
    Vec<DemandRow>,
    Vec<BookingRow>,
    Vec<DepartmentSummary>,
);

/// Bookings (consecutive blocks merged), demand met and unmet, appointment
/// slots (meeting + buffer cut from each booking) and department totals.
fn rooms(m: &Model, values: &Values) -> RoomTables {
    let (s, f) = (m.scenario, m.facts);
    let r = &m.rooms;
    let mut taken: Vec<crate::model::rooms::Block> = r
        .blocks
        .iter()
        .filter(|b| values.on(b.var))
        .cloned()
        .collect();
    // Blocks of one room, day and opening are interchangeable for every rule:
    // give each department consecutive times, in department order.
    let mut groups: BTreeMap<(usize, usize, Option<Kind>), Vec<usize>> = BTreeMap::new();
    for (i, b) in taken.iter().enumerate() {
        groups.entry((b.room, b.day, b.kind)).or_default().push(i);
    }
    for idx in groups.values() {
        let mut times: Vec<(u32, u32)> = idx
            .iter()
            .map(|&i| (taken[i].start, taken[i].end))
            .collect();
        times.sort();
        let mut owners: Vec<usize> = idx.clone();
        owners.sort_by_key(|&i| (taken[i].department, taken[i].start));
        let moved: Vec<(usize, (u32, u32))> = owners.into_iter().zip(times).collect();
        for (i, (a, z)) in moved {
            taken[i].start = a;
            taken[i].end = z;
        }
    }
    taken.sort_by_key(|b| (b.day, b.room, b.department, b.start));
    let mut bookings: Vec<BookingRow> = Vec::new();
    // consecutive blocks of one department in one room and one opening make one booking
    let mut last: Option<(usize, usize, usize, Option<Kind>, usize, u32)> = None;
    for b in &taken {
        let key = (b.day, b.room, b.department, b.kind, b.key);
        if let (Some((d, room, dep, kind, k, end)), Some(row)) = (last, bookings.last_mut())
            && (d, room, dep, kind, k) == key
            && end == b.start
        {
            row.end = clock(b.end);
            last = Some((d, room, dep, kind, k, b.end));
            continue;
        }
        bookings.push(BookingRow {
            date: f.dates[b.day],
            office: s.offices[b.office].id.clone(),
            room: s.rooms[b.room].id.clone(),
            department: s.departments[b.department].id.clone(),
            start: clock(b.start),
            end: clock(b.end),
            target: r.keys[b.key].target.clone(),
        });
        last = Some((b.day, b.room, b.department, b.kind, b.key, b.end));
    }
    let bh = s.room_rules.block_minutes as f64 / 60.0;
    let demand: Vec<DemandRow> = r
        .keys
        .iter()
        .enumerate()
        .map(|(ki, k)| {
            let mine = taken.iter().filter(|b| b.key == ki);
            let booked = mine.clone().count() as f64 * bh;
            let evening = mine.filter(|b| b.kind == Some(Kind::Evening)).count() as f64 * bh;
            DemandRow {
                department: s.departments[k.department].id.clone(),
                target: k.target.clone(),
                month: k.month.clone(),
                demand_hours: round2(k.hours),
                booked_hours: round2(booked),
                unmet_hours: round2(k.hours - booked),
                evening_hours: round2(evening),
            }
        })
        .collect();
    let mut slots = Vec::new();
    for b in &bookings {
        let dep = s
            .departments
            .iter()
            .find(|d| d.id == b.department)
            .expect("known department");
        let (Some(a), Some(z)) = (
            crate::scenario::time::parse_clock(&b.start),
            crate::scenario::time::parse_clock(&b.end),
        ) else {
            continue;
        };
        let mut t = a;
        while t + dep.meeting_minutes <= z {
            slots.push(BookingRow {
                start: clock(t),
                end: clock(t + dep.meeting_minutes),
                ..b.clone()
            });
            t += dep.meeting_minutes + dep.buffer_minutes;
        }
    }
    let departments = s
        .departments
        .iter()
        .enumerate()
        .map(|(di, d)| {
            let rows: Vec<&DemandRow> = demand.iter().filter(|x| x.department == d.id).collect();
            let trips: Vec<(usize, usize)> = r
                .trips
                .iter()
                .filter(|((dep, _, _), v)| *dep == di && values.on(**v))
                .map(|((_, o, day), _)| (*o, *day))
                .collect();
            let km: f64 = trips
                .iter()
                .map(|(o, _)| crate::model::rooms::trip_km(s, di, *o))
                .sum();
            let minutes: u32 = trips
                .iter()
                .map(|(o, _)| {
                    let raw = crate::model::rooms::trip_km(s, di, *o) / s.travel.speed_kmh.max(1.0)
                        * 60.0;
                    let step = s.travel.round_minutes.max(1) as f64;
                    ((raw / step).ceil() * step) as u32
                })
                .sum();
            DepartmentSummary {
                department: d.id.clone(),
                demand_hours: round2(rows.iter().map(|x| x.demand_hours).sum()),
                booked_hours: round2(rows.iter().map(|x| x.booked_hours).sum()),
                unmet_hours: round2(rows.iter().map(|x| x.unmet_hours).sum()),
                trips: trips.len() as u32,
                km: (km * 10.0).round() / 10.0,
                travel_minutes: minutes,
            }
        })
        .collect();
    (bookings, demand, slots, departments)
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// Evening supplement (OB) for the time on site after `costs.ob_from`
/// (priced by [`cost::ob_sek`], as the `budget` family prices it).
pub fn ob_cost(s: &crate::scenario::Scenario, shifts: &[ShiftRow]) -> f64 {
    shifts
        .iter()
        .filter_map(|r| {
            let a = crate::scenario::time::parse_clock(&r.start)?;
            let b = crate::scenario::time::parse_clock(&r.end)?;
            Some(cost::ob_sek(s, a, b))
        })
        .sum()
}

/// Premises charged per opening hour for these openings (0 unless an
/// office's agreement has `premises_cost_per_hour`).
pub fn premises_hours_cost(s: &crate::scenario::Scenario, openings: &[OpeningRow]) -> f64 {
    openings
        .iter()
        .filter_map(|r| {
            let office = s.offices.iter().find(|o| o.id == r.office)?;
            let a = crate::scenario::time::parse_clock(&r.start)?;
            let b = crate::scenario::time::parse_clock(&r.end)?;
            Some(cost::opening_premises_sek(office, a, b))
        })
        .sum()
}

/// Shifts that differ from the base schedule where the base shift was possible.
fn count_exceptions(
    m: &Model,
    values: &Values,
    pattern: &std::collections::BTreeSet<crate::model::Slot>,
) -> u32 {
    let s = m.scenario;
    let l = s.rules.cycle_weeks;
    if l == 0 || m.cycle == crate::model::Cycle::Off {
        return 0;
    }
    let mut n = 0;
    for c in &m.cells {
        let date = m.facts.dates[c.day];
        let slot = (
            c.staff,
            crate::model::cycle_week(s.period.start, date, l),
            date.weekday().num_days_from_monday(),
            c.office,
            c.part,
        );
        let planned = pattern.contains(&slot);
        let actual = values.on(c.var);
        if planned != actual {
            n += 1;
        }
    }
    n
}
