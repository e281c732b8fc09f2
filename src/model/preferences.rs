//! Family `preferences` (soft): each shift against a staff member's wishes
//! (a weekday, an office or evenings to avoid) costs `weights.preference`.

use chrono::Datelike;

use crate::scenario::facts::Kind;
use crate::scenario::time::parse_weekday;

use super::Model;

/// How many of a staff member's wishes a shift goes against.
pub fn conflicts(
    s: &crate::scenario::Scenario,
    staff: usize,
    office: usize,
    date: chrono::NaiveDate,
    evening: bool,
) -> u32 {
    let p = &s.staff[staff].preferences;
    let mut n = 0;
    if p.avoid_weekdays
        .iter()
        .any(|d| parse_weekday(d) == Some(date.weekday()))
    {
        n += 1;
    }
    if p.avoid_offices.contains(&s.offices[office].id) {
        n += 1;
    }
    if p.avoid_evenings && evening {
        n += 1;
    }
    n
}

pub(super) fn add(m: &mut Model) {
    let s = m.scenario;
    let w = s.weights.preference;
    for i in 0..m.cells.len() {
        let c = &m.cells[i];
        let n = conflicts(
            s,
            c.staff,
            c.office,
            m.facts.dates[c.day],
            c.part.covers(Kind::Evening),
        );
        if n > 0 {
            let v = c.var;
            m.lp.cost(w * n as f64, v);
        }
    }
}
