//! Families `cycle` (soft) and `cycle_definition`: the rotating base
//! schedule (rullande schema). Each date maps to a cycle day
//! (week of the cycle, weekday); the base schedule says who works where on
//! each cycle day, and every actual shift that departs from it is an
//! exception, penalised. Where the actual shift is impossible (holiday,
//! absence, closed premises) the departure is free: a holiday or absence
//! exception.

use std::collections::BTreeMap;

use chrono::Datelike;
use good_lp::Expression;

use crate::scenario::facts::monday_of;

use super::{Model, Part};

/// A base-schedule slot: (staff, cycle week, weekday 0 = Monday, office, part).
pub type Slot = (usize, u32, u32, usize, Part);

/// The cycle week (0-based) of a date.
pub fn cycle_week(
    period_start: chrono::NaiveDate,
    date: chrono::NaiveDate,
    cycle_weeks: u32,
) -> u32 {
    let weeks = (monday_of(date) - monday_of(period_start)).num_days() / 7;
    (weeks as u32) % cycle_weeks.max(1)
}

pub(super) fn add(m: &mut Model) {
    let s = m.scenario;
    let l = s.rules.cycle_weeks;
    if l == 0 {
        return;
    }
    let mut per_day: BTreeMap<(usize, u32, u32), Vec<good_lp::Variable>> = BTreeMap::new();
    for i in 0..m.cells.len() {
        let c = m.cells[i].clone();
        let date = m.date(c.day);
        let slot: Slot = (
            c.staff,
            cycle_week(s.period.start, date, l),
            date.weekday().num_days_from_monday(),
            c.office,
            c.part,
        );
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
        m.lp.ge("cycle", dev - c.var + p, 0.0);
        m.lp.ge("cycle", dev + c.var - p, 0.0);
        m.lp.cost(s.weights.cycle_exception, dev);
    }
    for (_, ps) in per_day {
        if ps.len() > 1 {
            let e: Expression = ps.iter().copied().sum();
            m.lp.le("cycle_definition", e, 1.0);
        }
    }
}
