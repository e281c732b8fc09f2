//! A re-plan's additions to the municipal model (models/replan.md): the
//! published plan, in the model's indices ([`Baseline`]), frozen before
//! `from` (family `replan_freeze`), kept within the notice period after it
//! (`notice_freeze`) and changed as little as possible after that
//! (`change_opening`, `change_shift`, `change_times`, `change_booking`).
//!
//! The whole period stays in the model, the frozen days as fixed
//! variables, so every rule with a window (daily and weekly rest,
//! consecutive days, averaging windows, evenings per month) counts the
//! frozen days as the days they are.

use std::collections::{BTreeMap, BTreeSet};

use good_lp::Expression;

use super::Model;
use super::families::REPLAN_FREEZE;
use crate::scenario::facts::Kind;

/// The published plan in the model's indices.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    /// First day index that may change: the days before are frozen.
    pub from: usize,
    /// First day index after the notice period (`from` + notice days).
    pub notice_end: usize,
    /// Published openings: (office, day, kind) → (start, end) in minutes.
    pub openings: BTreeMap<(usize, usize, Kind), (u32, u32)>,
    /// Published shifts: (staff, day, office, kind) → (start, end).
    pub shifts: BTreeMap<(usize, usize, usize, Kind), (u32, u32)>,
    /// Published booked blocks: (room, day, department, start minute).
    pub blocks: BTreeSet<(usize, usize, usize, u32)>,
}

/// The kinds a part covers.
fn kinds(part: super::Part) -> impl Iterator<Item = Kind> {
    [Kind::Day, Kind::Evening]
        .into_iter()
        .filter(move |k| part.covers(*k))
}

/// The window of an opening of `kind` at office `o` on day `d`, if it may open.
fn window(m: &Model, o: usize, d: usize, kind: Kind) -> Option<(u32, u32)> {
    let date = m.facts.dates[d];
    match kind {
        Kind::Day => m.facts.day_window(m.scenario, o, date),
        Kind::Evening => m.facts.evening_window(m.scenario, o, date),
    }
}

/// Weight of a change on day `d`: the family's own, plus the notice
/// period's within it.
fn weight(m: &Model, b: &Baseline, d: usize, own: f64) -> f64 {
    if d < b.notice_end {
        own + m.scenario.weights.change_in_notice
    } else {
        own
    }
}

/// Freezes the days before `from` and prices every change after it, for
/// the openings and shifts. Returns, in words, every published opening or
/// shift before `from` that the scenario no longer allows (the freeze
/// cannot hold it: the re-plan is refused).
pub fn add_staff(m: &mut Model, b: &Baseline) -> Vec<String> {
    let (s, f) = (m.scenario, m.facts);
    let w = &s.weights;
    let mut problems = Vec::new();
    // Openings.
    for (kind, vars) in [
        (Kind::Day, m.open.clone()),
        (Kind::Evening, m.evening.clone()),
    ] {
        for (&(o, d), &v) in &vars {
            let published = b.openings.get(&(o, d, kind));
            if d < b.from {
                m.lp.eq(
                    &REPLAN_FREEZE,
                    v,
                    if published.is_some() { 1.0 } else { 0.0 },
                );
                continue;
            }
            let ow = weight(m, b, d, w.change_opening);
            match published {
                Some(&times) if Some(times) != window(m, o, d, kind) => {
                    // kept with the office's new hours, or cancelled
                    m.lp.cost(w.change_times, v);
                    m.lp.cost(ow, Expression::from(1.0) - v);
                }
                Some(_) => m.lp.cost(ow, Expression::from(1.0) - v),
                None => m.lp.cost(ow, v),
            }
        }
    }
    for (&(o, d, kind), &(a, z)) in &b.openings {
        let var = match kind {
            Kind::Day => m.open.get(&(o, d)),
            Kind::Evening => m.evening.get(&(o, d)),
        };
        if d < b.from {
            let why = if var.is_none() {
                Some(format!(
                    "{}: the scenario no longer lets it open ({})",
                    f.dates[d],
                    f.closed_reason(s, o, f.dates[d])
                        .unwrap_or_else(|| "no hours that weekday".into())
                ))
            } else if window(m, o, d, kind) != Some((a, z)) {
                Some(format!("{}: the scenario changed its hours", f.dates[d]))
            } else {
                None
            };
            if let Some(why) = why {
                problems.push(format!(
                    "the published {} opening of office {} on {why}",
                    kind.as_str(),
                    s.offices[o].id
                ));
            }
        }
    }
    // Shifts: (staff, day, office, kind) → the cells covering it.
    let mut cover: BTreeMap<(usize, usize, usize, Kind), Vec<usize>> = BTreeMap::new();
    for (i, c) in m.cells.iter().enumerate() {
        for k in kinds(c.part) {
            cover
                .entry((c.staff, c.day, c.office, k))
                .or_default()
                .push(i);
        }
    }
    for (x, days) in m.by_staff_day.iter().enumerate() {
        for (d, cells) in days.iter().enumerate().take(b.from.min(days.len())) {
            // the published day: its office and kinds
            let mine: BTreeSet<(usize, Kind)> = b
                .shifts
                .range((x, d, 0, Kind::Day)..=(x, d, usize::MAX, Kind::Evening))
                .map(|(&(_, _, o, k), _)| (o, k))
                .collect();
            let mut kept = false;
            for &i in cells {
                let c = &m.cells[i];
                let covers: BTreeSet<(usize, Kind)> =
                    kinds(c.part).map(|k| (c.office, k)).collect();
                let same = covers == mine;
                kept |= same;
                m.lp.eq(&REPLAN_FREEZE, c.var, if same { 1.0 } else { 0.0 });
            }
            if !mine.is_empty() && !kept {
                let (o, _) = *mine.iter().next().expect("not empty");
                let date = f.dates[d];
                let why = if f.absent(s, x, date) {
                    "is absent in the scenario".to_string()
                } else {
                    format!(
                        "cannot work it in the scenario ({})",
                        f.closed_reason(s, o, date)
                            .unwrap_or_else(|| "the office may not open then".into())
                    )
                };
                problems.push(format!(
                    "staff {} has a published shift at office {} on {date} and {why}",
                    s.staff[x].id, s.offices[o].id
                ));
            }
        }
    }
    for (&(x, d, o, k), &times) in &b.shifts {
        if d < b.from && window(m, o, d, k).is_some_and(|t| t != times) {
            problems.push(format!(
                "the published {} shift of staff {} at office {} on {}: the scenario changed its hours",
                k.as_str(),
                s.staff[x].id,
                s.offices[o].id,
                f.dates[d]
            ));
        }
        if d < b.from {
            continue;
        }
        let sw = weight(m, b, d, w.change_shift);
        let covered: Expression = cover
            .get(&(x, d, o, k))
            .map(|cells| cells.iter().map(|&i| m.cells[i].var).sum())
            .unwrap_or_default();
        if window(m, o, d, k).is_some_and(|t| t != times) {
            m.lp.cost(w.change_times, covered.clone());
        }
        m.lp.cost(sw, Expression::from(1.0) - covered);
    }
    for (&(x, d, o, k), cells) in &cover {
        if d < b.from || b.shifts.contains_key(&(x, d, o, k)) {
            continue;
        }
        let sw = weight(m, b, d, w.change_shift);
        let added: Expression = cells.iter().map(|&i| m.cells[i].var).sum();
        m.lp.cost(sw, added);
    }
    problems.sort();
    problems.dedup();
    problems
}

/// Freezes the room bookings before `from` and prices every booked block
/// added or removed after it (within the notice period at the notice
/// weight too). Returns the published blocks before `from`
/// that the scenario no longer allows.
pub fn add_rooms(m: &mut Model, b: &Baseline) -> Vec<String> {
    let (s, f) = (m.scenario, m.facts);
    let w = s.weights.change_booking;
    let mut by_key: BTreeMap<(usize, usize, usize, u32), Vec<good_lp::Variable>> = BTreeMap::new();
    for bl in &m.rooms.blocks {
        by_key
            .entry((bl.room, bl.day, bl.department, bl.start))
            .or_default()
            .push(bl.var);
    }
    let mut problems = Vec::new();
    for (key, vars) in &by_key {
        let sum: Expression = vars.iter().copied().sum();
        let published = b.blocks.contains(key);
        let w = weight(m, b, key.1, w);
        if key.1 < b.from {
            m.lp.eq(&REPLAN_FREEZE, sum, if published { 1.0 } else { 0.0 });
        } else if published {
            m.lp.cost(w, Expression::from(1.0) - sum);
        } else {
            m.lp.cost(w, sum);
        }
    }
    for key @ &(room, d, dep, start) in &b.blocks {
        if d < b.from && !by_key.contains_key(key) {
            problems.push(format!(
                "the published booking of room {} for {} on {} at {}: the scenario no longer allows it (room or office unavailable)",
                s.rooms[room].id,
                s.departments[dep].id,
                f.dates[d],
                crate::scenario::time::clock(start)
            ));
        }
    }
    problems.dedup();
    problems
}
