//! Model 3, department room allocation. Families:
//! - `room_single_booking` (hard): a room block holds at most one booking,
//!   and a booking that needs the office open lies inside an opening (the
//!   block is only used when the opening is held);
//! - `room_demand` (soft): booked + unmet = demand for every department,
//!   target and month; unmet hours are penalised and reported;
//! - `room_evening_share` (soft): the evening share of a demand is booked in
//!   evening openings, or the shortfall is penalised;
//! - `room_spread` (soft): at most half of a month's demand in one ISO week;
//! - `room_sharing` (soft): when rooms are short, `proportional` minimises the
//!   largest unmet share weighted by priority (unmet × priority / demand);
//!   `priority` weighs unmet hours by priority;
//! - `room_trips` (definition): a department's trip to an office on a day
//!   with bookings, costed by mileage from its base.
//!
//! Blocks of one room, day and opening are interchangeable for every rule,
//! so the plan regroups them so that each department's hours come in one
//! piece (see `plan::rooms`): exact, and measured far cheaper than a
//! fragmentation penalty in the model (which took the default from 4 s to
//! the 60 s limit).
//!
//! Blocks are `room_rules.block_minutes` long, cut from the room's
//! availability on each date; solved after the staff plan, with its
//! openings fixed (see `planner` and `models/rooms.md`).

use std::collections::BTreeMap;

use chrono::Datelike;
use good_lp::{Expression, Variable};

use crate::scenario::demand::{DemandKey, resolve};
use crate::scenario::facts::{Kind, monday_of};
use crate::scenario::time::{parse_weekday, parse_window};

use super::Model;

/// One bookable block of a room on a date.
#[derive(Debug, Clone)]
pub struct Block {
    pub department: usize,
    pub room: usize,
    pub office: usize,
    pub day: usize,
    pub start: u32,
    pub end: u32,
    /// The opening the block lies in, if any.
    pub kind: Option<Kind>,
    /// Index into the demand keys.
    pub key: usize,
    pub var: Variable,
}

/// The room part of the model.
#[derive(Debug, Clone, Default)]
pub struct Rooms {
    pub keys: Vec<DemandKey>,
    pub blocks: Vec<Block>,
    pub unmet: Vec<Variable>,
    /// (department, office, day) → trip variable.
    pub trips: BTreeMap<(usize, usize, usize), Variable>,
}

/// Round-trip km of a department's staff to an office.
pub fn trip_km(s: &crate::scenario::Scenario, dep: usize, office: usize) -> f64 {
    let o = &s.offices[office];
    s.areas
        .iter()
        .find(|a| a.id == s.departments[dep].base)
        .map(|a| 2.0 * s.road_km(a, o))
        .unwrap_or(0.0)
}

pub(super) fn add(m: &mut Model) {
    let (s, f) = (m.scenario, m.facts);
    let keys = resolve(s);
    if keys.is_empty() {
        return;
    }
    let b = s.room_rules.block_minutes;
    let bh = b as f64 / 60.0;
    let mut blocks: Vec<Block> = Vec::new();
    // (room, day, start) → blocks competing for it
    let mut by_slot: BTreeMap<(usize, usize, u32), Vec<usize>> = BTreeMap::new();
    for (ri, room) in s.rooms.iter().enumerate() {
        let Some(o) = s.offices.iter().position(|x| x.id == room.office) else {
            continue;
        };
        if s.offices[o].closed {
            continue;
        }
        for (d, &date) in f.dates.iter().enumerate() {
            if room.unavailable.contains(&date) || f.closed_reason(s, o, date).is_some() {
                continue;
            }
            let Some((a, z)) = room
                .available
                .iter()
                .find(|(k, _)| parse_weekday(k) == Some(date.weekday()))
                .and_then(|(_, w)| parse_window(w))
            else {
                continue;
            };
            let day_w = m.open.get(&(o, d)).and(f.day_window(s, o, date));
            let eve_w = m.evening.get(&(o, d)).and(f.evening_window(s, o, date));
            let mut t = a;
            while t + b <= z {
                let kind = match (day_w, eve_w) {
                    (Some((x, y)), _) if x <= t && t + b <= y => Some(Kind::Day),
                    (_, Some((x, y))) if x <= t && t + b <= y => Some(Kind::Evening),
                    _ => None,
                };
                for (ki, k) in keys.iter().enumerate() {
                    if !k.offices.contains(&o) || date < k.first || date > k.last || k.hours <= 0.0
                    {
                        continue;
                    }
                    if s.departments[k.department].needs_open_office && kind.is_none() {
                        continue;
                    }
                    let var = m.lp.binary();
                    by_slot.entry((ri, d, t)).or_default().push(blocks.len());
                    blocks.push(Block {
                        department: k.department,
                        room: ri,
                        office: o,
                        day: d,
                        start: t,
                        end: t + b,
                        kind,
                        key: ki,
                        var,
                    });
                }
                t += b;
            }
        }
    }
    // room_single_booking: one booking per block; inside the opening when needed
    for ((_, d, _), list) in &by_slot {
        let all: Expression = list.iter().map(|&i| blocks[i].var).sum();
        let first = &blocks[list[0]];
        let opening = match first.kind {
            Some(Kind::Day) => m.open.get(&(first.office, *d)).copied(),
            Some(Kind::Evening) => m.evening.get(&(first.office, *d)).copied(),
            None => None,
        };
        let needing: Expression = list
            .iter()
            .filter(|&&i| s.departments[blocks[i].department].needs_open_office)
            .map(|&i| blocks[i].var)
            .sum();
        if list.len() > 1 {
            m.lp.le(&crate::model::families::ROOM_SINGLE_BOOKING, all, 1.0);
        }
        if let Some(v) = opening {
            m.lp.le(
                &crate::model::families::ROOM_SINGLE_BOOKING,
                needing - v,
                0.0,
            );
        }
    }
    // room_demand, room_evening_share, room_sharing
    let rr = &s.room_rules;
    let proportional = rr.sharing == "proportional";
    let worst = m.lp.continuous(0.0, f64::INFINITY);
    let mut unmet = Vec::new();
    for (ki, k) in keys.iter().enumerate() {
        let mine: Vec<&Block> = blocks.iter().filter(|x| x.key == ki).collect();
        let booked: Expression = mine.iter().map(|x| bh * x.var).sum();
        let u = m.lp.continuous(0.0, k.hours);
        m.lp.eq(
            &crate::model::families::ROOM_DEMAND,
            booked.clone() + u,
            k.hours,
        );
        m.lp.label_last(format!(
            "{} at {} in {}",
            s.departments[k.department].id, k.target, k.month
        ));
        let priority = s.departments[k.department].priority;
        m.lp.cost(rr.unmet_hour * if proportional { 1.0 } else { priority }, u);
        if proportional && k.hours > 0.0 && !mine.is_empty() {
            // worst ≥ unmet × priority / demand: a higher priority keeps a smaller
            // unmet share. Demand with no bookable block at all (e.g. at a
            // closed office) is left out, or it would switch the rule off.
            m.lp.ge(
                &crate::model::families::ROOM_SHARING,
                worst - (priority / k.hours) * u,
                0.0,
            );
        }
        if k.evening_share > 0.0 {
            let evening: Expression = mine
                .iter()
                .filter(|x| x.kind == Some(Kind::Evening))
                .map(|x| bh * x.var)
                .sum();
            let short = m.lp.continuous(0.0, f64::INFINITY);
            m.lp.ge(
                &crate::model::families::ROOM_EVENING_SHARE,
                evening + short,
                k.evening_share * k.hours,
            );
            m.lp.cost(rr.evening_shortfall_hour, short);
        }
        // room_spread: at most half the month's demand in one ISO week
        let mut weeks: BTreeMap<chrono::NaiveDate, Expression> = BTreeMap::new();
        for x in &mine {
            *weeks
                .entry(monday_of(f.dates[x.day]))
                .or_insert_with(|| Expression::from(0.0)) += bh * x.var;
        }
        let cap = (k.hours / 2.0).max(bh);
        for (_, e) in weeks {
            let excess = m.lp.continuous(0.0, f64::INFINITY);
            m.lp.le(&crate::model::families::ROOM_SPREAD, e - excess, cap);
            m.lp.cost(rr.spread, excess);
        }
        unmet.push(u);
    }
    if proportional {
        m.lp.cost(rr.fairness, worst);
    }
    // room_trips: a department's day at an office costs its mileage
    let mut per_trip: BTreeMap<(usize, usize, usize), Vec<Variable>> = BTreeMap::new();
    for x in &blocks {
        per_trip
            .entry((x.department, x.office, x.day))
            .or_default()
            .push(x.var);
    }
    let mut trips = BTreeMap::new();
    for (key, vars) in per_trip {
        // One row per block (x ≤ y), not one aggregated row (Σx ≤ n·y):
        // the LP relaxation then pays a whole trip for any booking.
        let y = m.lp.binary();
        for x in vars {
            m.lp.le(&crate::model::families::ROOM_TRIPS, x - y, 0.0);
        }
        m.lp.cost(
            s.weights.mileage_sek * s.costs.mileage_sek_per_km * trip_km(s, key.0, key.1) + 1.0,
            y,
        );
        trips.insert(key, y);
    }
    m.rooms = Rooms {
        keys,
        blocks,
        unmet,
        trips,
    };
}
