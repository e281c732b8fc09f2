//! Families `cycle` (soft) and `cycle_definition`: the rotating base
//! schedule (rullande schema).
//!
//! Each date maps to a cycle day (week of the cycle, weekday). The base
//! schedule says who works where on each cycle day; every actual shift that
//! departs from it is an exception and costs `weights.cycle_exception`.
//! Where the base shift is impossible (holiday, absence, closed premises)
//! the departure is free: a holiday or absence exception.
//!
//! Two formulations, chosen by measurement (see `models/municipal.md`):
//! - `Cycle::Joint`: the base schedule is a variable (`p ≥ 0/1` per slot,
//!   `dev ≥ |x − p|`): exact but slow (no proof in 60 s on the default);
//! - `Cycle::Fixed`: the base schedule is given (from a previous stage), and
//!   the exception cost is linear in `x`: the planner's default, in stages.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use good_lp::Expression;

use crate::scenario::facts::monday_of;

use super::{Model, Part};

/// A base-schedule slot: (staff, cycle week, weekday 0 = Monday, office, part).
pub type Slot = (usize, u32, u32, usize, Part);

/// How the rotating base schedule enters the model.
#[derive(Debug, Clone, PartialEq)]
pub enum Cycle {
    /// No base schedule (`cycle_weeks = 0`, or the first stage).
    Off,
    /// The base schedule is decided together with the plan.
    Joint,
    /// The base schedule is given.
    Fixed(BTreeSet<Slot>),
}

/// The cycle week (0-based) of a date.
pub fn cycle_week(
    period_start: chrono::NaiveDate,
    date: chrono::NaiveDate,
    cycle_weeks: u32,
) -> u32 {
    let weeks = (monday_of(date) - monday_of(period_start)).num_days() / 7;
    (weeks as u32) % cycle_weeks.max(1)
}

/// The slot of a cell.
pub fn slot_of(m: &Model, c: &super::Cell) -> Slot {
    let s = m.scenario;
    let date = m.date(c.day);
    (
        c.staff,
        cycle_week(s.period.start, date, s.rules.cycle_weeks),
        date.weekday().num_days_from_monday(),
        c.office,
        c.part,
    )
}

/// The base schedule that a plan follows most: for each staff member and
/// cycle day, the office and part worked in more than half of the cycle
/// day's occurrences in the period (ties to the first in scenario order).
pub fn majority_pattern(m: &Model, worked: &[bool]) -> BTreeSet<Slot> {
    let s = m.scenario;
    let l = s.rules.cycle_weeks;
    let mut occurrences: BTreeMap<(usize, u32, u32), u32> = BTreeMap::new();
    for x in 0..s.staff.len() {
        for (d, &date) in m.facts.dates.iter().enumerate() {
            let _ = d;
            *occurrences
                .entry((
                    x,
                    cycle_week(s.period.start, date, l),
                    date.weekday().num_days_from_monday(),
                ))
                .or_default() += 1;
        }
    }
    let mut counts: BTreeMap<Slot, u32> = BTreeMap::new();
    for (i, c) in m.cells.iter().enumerate() {
        if worked[i] {
            *counts.entry(slot_of(m, c)).or_default() += 1;
        }
    }
    let mut best: BTreeMap<(usize, u32, u32), (u32, Slot)> = BTreeMap::new();
    for (slot, n) in counts {
        let key = (slot.0, slot.1, slot.2);
        if 2 * n > occurrences[&key] && best.get(&key).is_none_or(|(b, _)| n > *b) {
            best.insert(key, (n, slot));
        }
    }
    best.into_values().map(|(_, slot)| slot).collect()
}

pub(super) fn add(m: &mut Model) {
    let s = m.scenario;
    if s.rules.cycle_weeks == 0 {
        return;
    }
    let w = s.weights.cycle_exception;
    let cycle = m.cycle.clone();
    match &cycle {
        Cycle::Off => {}
        Cycle::Fixed(pattern) => {
            for i in 0..m.cells.len() {
                let slot = slot_of(m, &m.cells[i]);
                let v = m.cells[i].var;
                if pattern.contains(&slot) {
                    // exception when the base shift is not worked: w·(1 − x)
                    m.lp.cost(w, Expression::from(1.0) - v);
                } else {
                    m.lp.cost(w, v);
                }
            }
        }
        Cycle::Joint => {
            let mut per_day: BTreeMap<(usize, u32, u32), Vec<good_lp::Variable>> = BTreeMap::new();
            for i in 0..m.cells.len() {
                let slot = slot_of(m, &m.cells[i]);
                let var = m.cells[i].var;
                let p = match m.pattern.get(&slot) {
                    Some(p) => *p,
                    None => {
                        let p = m.lp.binary();
                        m.pattern.insert(slot, p);
                        per_day.entry((slot.0, slot.1, slot.2)).or_default().push(p);
                        p
                    }
                };
                let dev = m.lp.continuous(0.0, 1.0);
                m.lp.ge(&crate::model::families::CYCLE, dev - var + p, 0.0);
                m.lp.ge(&crate::model::families::CYCLE, dev + var - p, 0.0);
                m.lp.cost(w, dev);
            }
            for (_, ps) in per_day {
                if ps.len() > 1 {
                    let e: Expression = ps.iter().copied().sum();
                    m.lp.le(&crate::model::families::CYCLE_DEFINITION, e, 1.0);
                }
            }
        }
    }
}
