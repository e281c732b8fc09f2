//! `replan_freeze`: a re-plan against the plan it replaces, from the two
//! folders' files alone. Everything dated before `from` is identical (no
//! opening, shift or booking removed, added or retimed there), and every
//! difference between the two plans is a row of `changes.csv`, and every
//! row of `changes.csv` a difference. The differences are computed here,
//! independently of the re-planner's own list.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::{Ctx, Report};
use crate::model::families::REPLAN_FREEZE;
use crate::plan::changes::ChangeRow;
use crate::plan::{BookingRow, OpeningRow, ShiftRow};

/// The published plan and the re-plan's own record, as the checks read them.
pub struct Replanned<'a> {
    pub from: NaiveDate,
    pub openings: &'a [OpeningRow],
    pub shifts: &'a [ShiftRow],
    pub bookings: &'a [BookingRow],
    /// `changes.csv` of the re-plan.
    pub changes: &'a [ChangeRow],
}

/// An event of either plan: what it is (date, office, staff, kind or room
/// and department) → its times.
type Events = BTreeMap<(NaiveDate, String, String, String), BTreeSet<String>>;

fn events(openings: &[OpeningRow], shifts: &[ShiftRow], bookings: &[BookingRow]) -> Events {
    let mut e: Events = BTreeMap::new();
    for r in openings {
        e.entry((
            r.date,
            r.office.clone(),
            String::new(),
            format!("opening {}", r.kind),
        ))
        .or_default()
        .insert(format!("{}-{}", r.start, r.end));
    }
    for r in shifts {
        e.entry((
            r.date,
            r.office.clone(),
            r.staff.clone(),
            format!("shift {}", r.kind),
        ))
        .or_default()
        .insert(format!("{}-{}", r.start, r.end));
    }
    for r in bookings {
        e.entry((
            r.date,
            r.office.clone(),
            String::new(),
            format!("booking {} {}", r.room, r.department),
        ))
        .or_default()
        .insert(format!("{}-{}", r.start, r.end));
    }
    e
}

/// The key and times of the event a `changes.csv` cell names, or `None`
/// when the cell is empty or not an event.
fn named(c: &ChangeRow, text: &str) -> Option<((NaiveDate, String, String, String), String)> {
    let (head, times) = text.rsplit_once(' ')?;
    let kind = if c.what.starts_with("opening_") {
        format!("opening {head}")
    } else if c.what.starts_with("shift_") {
        format!("shift {head}")
    } else if c.what.starts_with("booking_") {
        format!("booking {head}")
    } else {
        return None;
    };
    Some((
        (c.date, c.office.clone(), c.staff.clone(), kind),
        times.to_string(),
    ))
}

/// Everything before `from` as published.
pub(super) fn frozen(c: &Ctx, r: &mut Report) {
    let Some(p) = &c.replan else { return };
    let bookings = c.rooms.map(|(b, _)| b).unwrap_or(&[]);
    let was = events(p.openings, p.shifts, p.bookings);
    let now = events(c.openings, c.shifts, bookings);
    let keys: BTreeSet<_> = was.keys().chain(now.keys()).collect();
    for key in keys {
        if key.0 >= p.from {
            continue;
        }
        let (a, b) = (was.get(key), now.get(key));
        if a != b {
            let who = if key.2.is_empty() {
                String::new()
            } else {
                format!(" of {}", key.2)
            };
            r.add(
                &REPLAN_FREEZE,
                format!(
                    "{} {}{who} at {} on {} (before --from {}): published {}, re-planned {}",
                    key.3,
                    "event",
                    key.1,
                    key.0,
                    p.from,
                    a.map_or("none".into(), |t| t
                        .iter()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" ")),
                    b.map_or("none".into(), |t| t
                        .iter()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" "))
                ),
            );
        }
    }
}

/// Every difference between the plans is in `changes.csv`, and nothing else.
pub(super) fn listed(c: &Ctx, r: &mut Report) {
    let Some(p) = &c.replan else { return };
    let bookings = c.rooms.map(|(b, _)| b).unwrap_or(&[]);
    let was = events(p.openings, p.shifts, p.bookings);
    let now = events(c.openings, c.shifts, bookings);
    // What changes.csv says was removed and added, event by event.
    let mut removed: BTreeSet<(_, String)> = BTreeSet::new();
    let mut added: BTreeSet<(_, String)> = BTreeSet::new();
    for ch in p.changes {
        for (text, into) in [(&ch.before, &mut removed), (&ch.after, &mut added)] {
            if text.is_empty() {
                continue;
            }
            match named(ch, text) {
                Some(e) => {
                    into.insert(e);
                }
                None => r.add(
                    &REPLAN_FREEZE,
                    format!(
                        "changes.csv: the row `{} {} {} {}` does not name an event",
                        ch.date, ch.office, ch.staff, ch.what
                    ),
                ),
            }
        }
    }
    let flat = |e: &Events| -> BTreeSet<(_, String)> {
        e.iter()
            .flat_map(|(k, ts)| ts.iter().map(move |t| (k.clone(), t.clone())))
            .collect()
    };
    let (was, now) = (flat(&was), flat(&now));
    let truly_removed: BTreeSet<_> = was.difference(&now).cloned().collect();
    let truly_added: BTreeSet<_> = now.difference(&was).cloned().collect();
    for (what, truly, said) in [
        ("removed", &truly_removed, &removed),
        ("added", &truly_added, &added),
    ] {
        for ((date, office, staff, kind), t) in truly.difference(said) {
            r.add(
                &REPLAN_FREEZE,
                format!(
                    "changes.csv lacks a change: {kind} {t} of `{staff}` at {office} on {date} was {what}"
                ),
            );
        }
        for ((date, office, staff, kind), t) in said.difference(truly) {
            r.add(
                &REPLAN_FREEZE,
                format!(
                    "changes.csv lists a change that is not one: {kind} {t} of `{staff}` at {office} on {date} as {what}"
                ),
            );
        }
    }
}
