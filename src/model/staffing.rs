//! Families `staffing` and `skills` (hard): each opening has exactly the
//! required number of staff; at each opening of an office with required
//! skills, someone with each skill is there. And `combined_shifts`, a
//! valid inequality that the LP relaxation needs (see [`combined`]).

use std::collections::BTreeMap;

use good_lp::Expression;

use crate::scenario::facts::Kind;

use super::Model;
use super::shifts::Part;

pub(super) fn add(m: &mut Model) {
    let s = m.scenario;
    let mut staffed: BTreeMap<(usize, usize, Kind), Vec<usize>> = Default::default();
    for (i, c) in m.cells.iter().enumerate() {
        for kind in [Kind::Day, Kind::Evening] {
            if c.part.covers(kind) {
                staffed.entry((c.office, c.day, kind)).or_default().push(i);
            }
        }
    }
    let openings: Vec<(usize, usize, Kind, good_lp::Variable)> = m
        .open
        .iter()
        .map(|(&(o, d), &v)| (o, d, Kind::Day, v))
        .chain(
            m.evening
                .iter()
                .map(|(&(o, d), &v)| (o, d, Kind::Evening, v)),
        )
        .collect();
    for (o, d, kind, v) in openings {
        let need = match kind {
            Kind::Day => s.rules.staff_per_opening.day,
            Kind::Evening => s.rules.staff_per_opening.evening,
        } as f64;
        let cells = staffed.get(&(o, d, kind)).cloned().unwrap_or_default();
        let sum: Expression = cells.iter().map(|&i| m.cells[i].var).sum();
        m.lp.eq(&crate::model::families::STAFFING, sum - need * v, 0.0);
        let what = format!(
            "{} opening of office {} on {}",
            kind.as_str(),
            s.offices[o].id,
            m.facts.dates[d]
        );
        m.lp.label_last(what.clone());
        for skill in &s.offices[o].required_skills {
            let with: Expression = cells
                .iter()
                .filter(|&&i| s.staff[m.cells[i].staff].skills.contains(skill))
                .map(|&i| m.cells[i].var)
                .sum();
            m.lp.ge(&crate::model::families::SKILLS, with - v, 0.0);
            m.lp.label_last(format!("skill {skill} at the {what}"));
        }
    }
    combined(m, &staffed);
}

/// `combined_shifts` (implied): with `k_day` staff at a day opening and
/// `k_eve` at an evening one, the day-and-evening shifts at an evening
/// opening number at most `min(k_day, k_eve)` times the evening's variable
/// (when `k_day < k_eve`) or the day's (when `k_eve < k_day`). For whole
/// plans it follows from `staffing`: those shifts count towards both
/// openings, and neither opening is staffed unless it is held. The LP
/// relaxation does not see it: with `k_day = 1` and `k_eve = 2` it holds
/// an evening at a quarter on four days, staffed by two day-and-evening
/// shifts at a half that also staff the day openings, so that no evening
/// needs a shift of its own; every whole plan needs one evening-only shift
/// per evening (on generated 12 offices × 6 staff the LP bound was 45 % of
/// the optimum, `models/municipal.md`).
fn combined(m: &mut Model, staffed: &BTreeMap<(usize, usize, Kind), Vec<usize>>) {
    let s = m.scenario;
    let (k_day, k_eve) = (
        s.rules.staff_per_opening.day,
        s.rules.staff_per_opening.evening,
    );
    if k_day == k_eve {
        // Both bounds are the staffing rows themselves.
        return;
    }
    let both: Vec<((usize, usize), good_lp::Variable)> = if k_day < k_eve {
        m.evening.iter().map(|(&od, &v)| (od, v)).collect()
    } else {
        m.open.iter().map(|(&od, &v)| (od, v)).collect()
    };
    let k = f64::from(k_day.min(k_eve));
    for ((o, d), v) in both {
        let cells: Vec<good_lp::Variable> = (staffed.get(&(o, d, Kind::Evening)).into_iter())
            .flatten()
            .filter(|&&i| m.cells[i].part == Part::DayEvening)
            .map(|&i| m.cells[i].var)
            .collect();
        if cells.is_empty() {
            continue;
        }
        let sum: Expression = cells.into_iter().sum();
        m.lp.le(&crate::model::families::COMBINED_SHIFTS, sum - k * v, 0.0);
        m.lp.label_last(format!(
            "day-and-evening shifts at office {} on {}",
            s.offices[o].id, m.facts.dates[d]
        ));
    }
}
