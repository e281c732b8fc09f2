//! Generated instances of the benchmark's kind, for measuring how the solver
//! scales to the sizes of the held-out instances 13–24 (up to 364 days, 150
//! staff, 32 shift types), which are not in this repository.
//!
//! The generator follows what instances 1–12 show, not the benchmark's own
//! (unpublished) generator, so its instances are a stand-in, not a copy:
//! shift types in four start groups (early, day, late, night) where a later
//! group may not be followed by an earlier one; staff with skills (a limit
//! of 0 on the types they cannot work) and a limited number of nights;
//! full-time and part-time contracts scaled to the horizon as in instances
//! 8–12; one or two fixed days off and about seven on/off requests (weight 1–3)
//! per staff member and 28 days; cover about the staff's capacity, under
//! weight 100 and over weight 1; on short horizons the minimum working
//! time is lowered to what the open days allow, so that every size has a
//! roster (tests/roster_property.rs). The same spec and seed give the same
//! instance.

use std::collections::HashSet;

use super::nrp::{NrpCover, NrpInstance, NrpRequest, NrpShift, NrpStaff};
use crate::search::Rng;

/// Size of a generated instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenSpec {
    pub days: usize,
    pub staff: usize,
    pub types: usize,
}

impl std::str::FromStr for GenSpec {
    type Err = String;
    /// `DAYSxSTAFFxTYPES`, e.g. `364x150x32`.
    fn from_str(s: &str) -> Result<Self, String> {
        let parts: Vec<&str> = s.split('x').collect();
        let bad = || {
            format!(
                "{s:?}: expected DAYSxSTAFFxTYPES with whole numbers of at least 1, e.g. 364x150x32"
            )
        };
        let [d, n, t] = parts.as_slice() else {
            return Err(bad());
        };
        let num = |v: &str| v.parse::<usize>().ok().filter(|v| *v >= 1).ok_or_else(bad);
        Ok(GenSpec {
            days: num(d)?,
            staff: num(n)?,
            types: num(t)?,
        })
    }
}

/// Start group names and the length of their shifts in minutes.
const GROUPS: [(&str, u32); 4] = [("a", 480), ("d", 480), ("p", 480), ("n", 600)];

/// Staff ids A, B, ..., Z, AA, AB, ... as in the benchmark files.
pub(crate) fn staff_id(mut i: usize) -> String {
    let mut id = Vec::new();
    loop {
        id.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    id.reverse();
    String::from_utf8(id).expect("ASCII")
}

/// Number of shift types in each start group: one night type per ten types
/// (at least one when there are four types or more), the rest spread over
/// the day groups.
fn group_sizes(types: usize) -> Vec<usize> {
    if types < 4 {
        return vec![1; types];
    }
    let night = (types / 10).max(1);
    let rest = types - night;
    let mut sizes: Vec<usize> = (0..3)
        .map(|g| rest / 3 + usize::from(g < rest % 3))
        .collect();
    sizes.push(night);
    sizes
}

/// A generated instance of size `spec` (see the module documentation).
pub fn generate(spec: GenSpec, seed: u64) -> NrpInstance {
    let GenSpec {
        days,
        staff: ns,
        types,
    } = spec;
    let mut rng = Rng::new(seed);
    let blocks = days.div_ceil(28);
    // Shift types: group of each, names like a1, a2, d1, ..., n1.
    let sizes = group_sizes(types);
    let night_group = (sizes.len() == 4).then_some(3);
    let mut group_of = Vec::new();
    let mut shifts: Vec<NrpShift> = Vec::new();
    for (g, &k) in sizes.iter().enumerate() {
        for i in 0..k {
            group_of.push(g);
            shifts.push(NrpShift {
                id: format!("{}{}", GROUPS[g].0, i + 1),
                minutes: GROUPS[g].1,
                forbidden_next: Vec::new(),
            });
        }
    }
    for t in 0..types {
        shifts[t].forbidden_next = (0..types).filter(|&u| group_of[u] < group_of[t]).collect();
    }
    let night: Vec<bool> = group_of.iter().map(|&g| Some(g) == night_group).collect();
    let night_cap = (days / 7).max(1) as u32;
    // Staff: skills first, every type with at least one staff member.
    let mut skills: Vec<Vec<bool>> = (0..ns)
        .map(|_| {
            (0..types)
                .map(|t| rng.unit() < if night[t] { 0.5 } else { 0.7 })
                .collect()
        })
        .collect();
    // Everyone can work a day type (nights alone could not reach the
    // minimum working time).
    let day_types: Vec<usize> = (0..types).filter(|&t| !night[t]).collect();
    for (s, sk) in skills.iter_mut().enumerate() {
        if !day_types.iter().any(|&t| sk[t]) {
            sk[day_types[s % day_types.len()]] = true;
        }
    }
    for t in 0..types {
        if !skills.iter().any(|sk| sk[t]) {
            let s = rng.below(ns);
            skills[s][t] = true;
        }
    }
    let scaled = |per_28: f64| (days as f64 * per_28 / 28.0).round() as u32;
    let allowed: Vec<Vec<usize>> = (skills.iter())
        .map(|sk| (0..types).filter(|&t| sk[t]).collect())
        .collect();
    let mut staff = Vec::with_capacity(ns);
    let mut capacity = vec![0.0; types];
    for (s, (sk, allowed)) in skills.iter().zip(&allowed).enumerate() {
        let full = rng.unit() < 0.75;
        let shifts_max = if full { scaled(18.0) } else { scaled(11.0) }.max(1);
        let shifts_min = shifts_max.saturating_sub(if full { scaled(2.0) } else { scaled(1.0) });
        let max_shifts = (0..types)
            .map(|t| {
                Some(match (sk[t], night[t]) {
                    (false, _) => 0,
                    (true, true) => night_cap,
                    (true, false) => days as u32,
                })
            })
            .collect();
        // Capacity per type (shifts a day): nights up to their limit, the
        // rest split evenly over the day types.
        let even = shifts_max as f64 / allowed.len() as f64;
        let nights = (allowed.iter()).filter(|&&t| night[t]).count();
        let night_share = even.min(night_cap as f64);
        let day_share =
            (shifts_max as f64 - nights as f64 * night_share) / (allowed.len() - nights) as f64;
        for &t in allowed {
            let share = if night[t] { night_share } else { day_share };
            capacity[t] += share / days as f64;
        }
        let per_shift = (allowed.iter())
            .map(|&t| shifts[t].minutes)
            .min()
            .unwrap_or(480);
        let mut days_off: Vec<usize> = Vec::new();
        for b in 0..blocks {
            let span = (days - 28 * b).min(28);
            let d = 28 * b + rng.below(span);
            days_off.push(d);
            if rng.unit() < 0.5 && d + 1 < days {
                days_off.push(d + 1);
            }
        }
        days_off.sort_unstable();
        days_off.dedup();
        let max_consecutive = if rng.unit() < 0.6 { 5 } else { 6 };
        let min_days_off = if full && rng.unit() < 0.3 { 3 } else { 2 };
        // No more minimum than the open days allow in runs of the most
        // consecutive shifts between the fewest days off (one day, one
        // shift, that day off: infeasible). It can bind on short horizons
        // and on ones that end inside a 28-day block (35 days, seed 7: two
        // of 12 staff), never on whole blocks (28, 56, ..., 364 days).
        let open = (days - days_off.len()) as u32;
        let reachable = open * max_consecutive / (max_consecutive + min_days_off);
        staff.push(NrpStaff {
            id: staff_id(s),
            max_shifts,
            max_total_minutes: shifts_max * per_shift,
            min_total_minutes: shifts_min.min(reachable) * per_shift,
            max_consecutive_shifts: max_consecutive,
            min_consecutive_shifts: if full { 2 } else { 1 },
            min_consecutive_days_off: min_days_off,
            max_weekends: if full { scaled(2.0) } else { scaled(3.0) }.max(1),
            days_off,
        });
    }
    // Requests: a few per staff member and 28 days, at most one a day.
    let mut taken: HashSet<(usize, usize)> = HashSet::new();
    let (mut on_requests, mut off_requests) = (Vec::new(), Vec::new());
    for (s, allowed) in allowed.iter().enumerate() {
        for b in 0..blocks {
            let span = (days - 28 * b).min(28);
            for on in [true, false] {
                for _ in 0..rng.below(if on { 7 } else { 8 }) {
                    let day = 28 * b + rng.below(span);
                    let shift = allowed[rng.below(allowed.len())];
                    if staff[s].days_off.contains(&day) || !taken.insert((s, day)) {
                        continue;
                    }
                    let r = NrpRequest {
                        staff: s,
                        day,
                        shift,
                        weight: 1 + rng.below(3) as u32,
                    };
                    if on {
                        on_requests.push(r)
                    } else {
                        off_requests.push(r)
                    }
                }
            }
        }
    }
    // Cover: each type's share of the staff's most shifts, 0.8-1.3 times
    // at random on weekdays and 0.8 times that at weekends: the total
    // requirement is about the staff's most shifts, as in instances 8-12
    // (Instance8 482 against 478, Instance12 1,007 against 1,000), whose
    // optima still miss a few staff where skills and rules fall short.
    let mut cover = Vec::with_capacity(days * types);
    for day in 0..days {
        let weekend = day % 7 >= 5;
        for (t, cap) in capacity.iter().enumerate() {
            let f = (0.8 + 0.5 * rng.unit()) * if weekend { 0.8 } else { 1.0 };
            cover.push(NrpCover {
                day,
                shift: t,
                requirement: (cap * f).round() as u32,
                weight_under: 100,
                weight_over: 1,
            });
        }
    }
    NrpInstance {
        horizon: days,
        shifts,
        staff,
        on_requests,
        off_requests,
        cover,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::nrp::parse;
    use crate::formats::nrp_write::to_text;

    #[test]
    fn staff_ids_follow_the_benchmark() {
        let ids: Vec<String> = [0, 25, 26, 27, 51, 52, 701, 702].map(staff_id).to_vec();
        assert_eq!(ids, ["A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn group_sizes_add_up() {
        assert_eq!(group_sizes(1), [1]);
        assert_eq!(group_sizes(4), [1, 1, 1, 1]);
        assert_eq!(group_sizes(10), [3, 3, 3, 1]);
        assert_eq!(group_sizes(32), [10, 10, 9, 3]);
    }

    #[test]
    fn spec_parses_and_rejects() {
        assert_eq!(
            "364x150x32".parse::<GenSpec>(),
            Ok(GenSpec {
                days: 364,
                staff: 150,
                types: 32
            })
        );
        for bad in ["364x150", "0x1x1", "7xax1", "1x2x3x4"] {
            assert!(bad.parse::<GenSpec>().is_err(), "{bad}");
        }
    }

    #[test]
    fn generated_instances_are_valid_and_repeatable() {
        for (spec, seed) in [("28x8x1", 1), ("56x30x4", 2), ("84x40x12", 3)] {
            let spec: GenSpec = spec.parse().unwrap();
            let inst = generate(spec, seed);
            assert_eq!(inst, generate(spec, seed));
            assert_ne!(inst, generate(spec, seed + 1));
            assert_eq!(
                (inst.horizon, inst.staff.len(), inst.shifts.len()),
                (spec.days, spec.staff, spec.types)
            );
            assert_eq!(inst.cover.len(), spec.days * spec.types);
            // The reader accepts the text and returns the same instance.
            assert_eq!(parse(&to_text(&inst)).unwrap(), inst);
        }
    }
}
