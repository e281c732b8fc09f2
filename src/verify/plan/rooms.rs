//! Checks of department bookings (model 3) against the scenario, the
//! plan's openings and its demand table: no double-booked room, every
//! booking inside the room's availability and (where needed) an opening,
//! booked + unmet = demand.

use std::collections::BTreeMap;

use chrono::Datelike;

use super::Report;
use crate::model::families::{ROOM_DEMAND, ROOM_SINGLE_BOOKING};
use crate::plan::{BookingRow, DemandRow, OpeningRow};
use crate::scenario::Scenario;
use crate::scenario::demand::resolve;
use crate::scenario::time::{parse_clock, parse_weekday, parse_window};

/// A booking's start and end minutes with the row.
type Span<'a> = (u32, u32, &'a BookingRow);

/// Adds the room violations of a plan to `r`.
pub fn check(
    s: &Scenario,
    openings: &[OpeningRow],
    bookings: &[BookingRow],
    demand: &[DemandRow],
    r: &mut Report,
) {
    let mut per_room: BTreeMap<(&str, chrono::NaiveDate), Vec<Span>> = BTreeMap::new();
    let mut booked: BTreeMap<(String, String, String), f64> = BTreeMap::new();
    for b in bookings {
        let what = format!(
            "{}'s booking of {} on {} {}–{}",
            b.department, b.room, b.date, b.start, b.end
        );
        let (Some(a), Some(z)) = (parse_clock(&b.start), parse_clock(&b.end)) else {
            r.add(&ROOM_SINGLE_BOOKING, format!("{what}: times are not HH:MM"));
            continue;
        };
        let Some(room) = s.rooms.iter().find(|x| x.id == b.room) else {
            r.add(&ROOM_SINGLE_BOOKING, format!("{what}: unknown room"));
            continue;
        };
        let Some(dep) = s.departments.iter().find(|x| x.id == b.department) else {
            r.add(&ROOM_SINGLE_BOOKING, format!("{what}: unknown department"));
            continue;
        };
        if room.office != b.office {
            r.add(
                &ROOM_SINGLE_BOOKING,
                format!("{what}: the room is in {}, not {}", room.office, b.office),
            );
        }
        if b.date < s.period.start || b.date > s.period.end || a >= z {
            r.add(
                &ROOM_SINGLE_BOOKING,
                format!("{what}: outside the period or empty"),
            );
        }
        let window = room
            .available
            .iter()
            .find(|(d, _)| parse_weekday(d) == Some(b.date.weekday()))
            .and_then(|(_, w)| parse_window(w));
        match window {
            Some((x, y)) if x <= a && z <= y && !room.unavailable.contains(&b.date) => {}
            _ => r.add(
                &ROOM_SINGLE_BOOKING,
                format!("{what}: outside the room's availability"),
            ),
        }
        if dep.needs_open_office {
            let inside = openings.iter().any(|o| {
                o.office == b.office
                    && o.date == b.date
                    && parse_clock(&o.start).is_some_and(|x| x <= a)
                    && parse_clock(&o.end).is_some_and(|y| z <= y)
            });
            if !inside {
                r.add(
                    &ROOM_SINGLE_BOOKING,
                    format!(
                        "{what}: the office is not open then, and {} needs it open",
                        dep.id
                    ),
                );
            }
        }
        per_room
            .entry((b.room.as_str(), b.date))
            .or_default()
            .push((a, z, b));
        let month = format!("{}-{:02}", b.date.year(), b.date.month());
        let hours = (z - a) as f64 / 60.0;
        // the booking counts towards the demand it names: its office or its office's area
        let area = s
            .offices
            .iter()
            .find(|o| o.id == b.office)
            .map(|o| o.area.clone())
            .unwrap_or_default();
        if b.target != b.office && b.target != format!("area:{area}") {
            r.add(
                &ROOM_DEMAND,
                format!(
                    "{what}: serves `{}`, which office {} does not belong to",
                    b.target, b.office
                ),
            );
        }
        *booked
            .entry((b.department.clone(), b.target.clone(), month))
            .or_default() += hours;
    }
    for ((room, date), mut list) in per_room {
        list.sort_by_key(|x| (x.0, x.1));
        for w in list.windows(2) {
            if w[1].0 < w[0].1 {
                r.add(
                    &ROOM_SINGLE_BOOKING,
                    format!(
                        "room {room} is double-booked on {date}: {} {}–{} and {} {}–{}",
                        w[0].2.department,
                        w[0].2.start,
                        w[0].2.end,
                        w[1].2.department,
                        w[1].2.start,
                        w[1].2.end
                    ),
                );
            }
        }
    }
    // booked + unmet = demand, from the scenario's demand
    for k in resolve(s) {
        let dep = &s.departments[k.department].id;
        let row = demand
            .iter()
            .find(|d| &d.department == dep && d.target == k.target && d.month == k.month);
        let b = booked
            .get(&(dep.clone(), k.target.clone(), k.month.clone()))
            .copied()
            .unwrap_or(0.0);
        match row {
            None => r.add(
                &ROOM_DEMAND,
                format!(
                    "{dep} at {} in {}: the demand ({:.2} h) is missing from demand.csv",
                    k.target, k.month, k.hours
                ),
            ),
            Some(d) => {
                if (d.demand_hours - k.hours).abs() > 0.01 {
                    r.add(&ROOM_DEMAND, format!("{dep} at {} in {}: demand.csv says {:.2} h of demand, the scenario {:.2} h", k.target, k.month, d.demand_hours, k.hours));
                }
                if (d.booked_hours - b).abs() > 0.01 {
                    r.add(&ROOM_DEMAND, format!("{dep} at {} in {}: demand.csv says {:.2} h booked, bookings.csv holds {:.2} h", k.target, k.month, d.booked_hours, b));
                }
                if d.unmet_hours < -0.01 || (b + d.unmet_hours - k.hours).abs() > 0.01 {
                    r.add(
                        &ROOM_DEMAND,
                        format!(
                            "{dep} at {} in {}: booked {:.2} h + unmet {:.2} h ≠ demand {:.2} h",
                            k.target, k.month, b, d.unmet_hours, k.hours
                        ),
                    );
                }
            }
        }
    }
}
