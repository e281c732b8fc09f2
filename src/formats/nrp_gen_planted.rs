//! Generated instances built around a planted roster: feasible by
//! construction, and shaped like what real files of the benchmark hold
//! where [`super::nrp_gen`] is regular — so that the search can be tested
//! on the instances that defeated it.
//!
//! Every staff member first gets a planted schedule (runs of work between
//! their shortest and longest run, rests of at least their shortest rest,
//! successive shift types that the random forbidden-succession lists
//! allow); their limits are then set around it: total minutes tight (the
//! planted total exactly, or within a shift or a tenth), shifts per type
//! exactly as planted or with slack, weekends exactly as planted or one
//! more, fixed days off among the planted ones. Shift types have mixed
//! lengths (4 to 12 hours) and long forbidden-succession lists (each pair
//! forbidden with a probability of 20 % to 80 % per instance). Requests are
//! sparse or dense (half the days), and ignore the planted roster, so they
//! pull schedules away from it; cover follows the planted roster, or a
//! noisy or raised copy of it, or a flat shape. The planted roster keeps
//! every hard rule (a test checks it with the independent verifier), so the
//! instance has a roster; the same spec and seed give the same instance.

use super::nrp::{NrpCover, NrpInstance, NrpRequest, NrpShift, NrpStaff};
use super::nrp_gen::{GenSpec, staff_id};
use crate::search::Rng;

/// An instance and the roster planted in it (`roster[s][d]`: shift type).
#[derive(Debug, Clone)]
pub struct Planted {
    pub instance: NrpInstance,
    pub roster: Vec<Vec<Option<usize>>>,
}

/// Shift lengths in minutes the types draw from.
const LENGTHS: [u32; 9] = [240, 300, 360, 420, 480, 540, 600, 660, 720];

/// Whether `d` is a Saturday or Sunday (day 0 is a Monday).
fn weekend(d: usize) -> Option<usize> {
    (d % 7 >= 5).then_some(d / 7)
}

/// A planted schedule: alternating runs of work and rest that keep the
/// run rules, types drawn from `skills` along allowed successions.
#[allow(clippy::too_many_arguments)]
fn plant(
    rng: &mut Rng,
    days: usize,
    skills: &[usize],
    forbidden: &[Vec<bool>],
    min_run: usize,
    max_run: usize,
    min_off: usize,
) -> Vec<Option<usize>> {
    let mut a = vec![None; days];
    // Start anywhere in a rest or a run (the first run is exempt anyway).
    let mut d = rng.below(min_off + 2);
    while d < days {
        let len = min_run + rng.below(max_run - min_run + 1);
        let mut prev: Option<usize> = None;
        for slot in a.iter_mut().skip(d).take(len) {
            let t = match prev {
                Some(p) if rng.unit() < 0.6 => p,
                Some(p) => {
                    let next: Vec<usize> = (skills.iter().copied())
                        .filter(|&t| !forbidden[p][t])
                        .collect();
                    next[rng.below(next.len())]
                }
                None => skills[rng.below(skills.len())],
            };
            *slot = Some(t);
            prev = Some(t);
        }
        d += len + min_off + rng.below(4);
    }
    a
}

/// A generated instance with a planted roster (see the module documentation).
pub fn generate(spec: GenSpec, seed: u64) -> Planted {
    let GenSpec {
        days,
        staff: ns,
        types: nt,
    } = spec;
    let mut rng = Rng::new(seed ^ 0x9e37_79b9_7f4a_7c15);
    // Instance-wide character.
    let forbid_p = 0.2 + 0.6 * rng.unit();
    let tight = rng.unit() < 0.6;
    let dense = rng.unit() < 0.5;
    let cover_shape = rng.below(4);
    let fixed_off_rate = 0.1 * rng.unit();
    let shifts: Vec<NrpShift> = (0..nt)
        .map(|t| NrpShift {
            id: format!("S{}", t + 1),
            minutes: LENGTHS[rng.below(LENGTHS.len())],
            forbidden_next: Vec::new(),
        })
        .collect();
    // (A type never forbids itself, so a run can always go on.)
    let forbidden: Vec<Vec<bool>> = (0..nt)
        .map(|a| (0..nt).map(|b| a != b && rng.unit() < forbid_p).collect())
        .collect();
    let mut shifts = shifts;
    for (a, s) in shifts.iter_mut().enumerate() {
        s.forbidden_next = (0..nt).filter(|&b| forbidden[a][b]).collect();
    }
    let mut staff = Vec::with_capacity(ns);
    let mut roster = Vec::with_capacity(ns);
    for s in 0..ns {
        let mut types: Vec<usize> = (0..nt).collect();
        rng.shuffle(&mut types);
        let k = 1 + rng.below(nt.min(6));
        let skills = &types[..k];
        let max_run = 2 + rng.below(6);
        let min_run = 1 + rng.below(max_run.min(4));
        let min_off = 1 + rng.below(4);
        let a = plant(
            &mut rng, days, skills, &forbidden, min_run, max_run, min_off,
        );
        let total: u32 = a.iter().flatten().map(|&t| shifts[t].minutes).sum();
        let (down, up) = if tight {
            let one = [0, 0, 240, 480][rng.below(4)];
            (one.min(total), [0, 0, 240, 480][rng.below(4)])
        } else {
            (total / 10, total / 10 + 480)
        };
        let mut counts = vec![0u32; nt];
        for &t in a.iter().flatten() {
            counts[t] += 1;
        }
        let max_shifts = (0..nt)
            .map(|t| {
                Some(if !skills.contains(&t) {
                    0
                } else {
                    match rng.below(4) {
                        0 | 1 => counts[t],
                        2 => counts[t] + 1 + rng.below(3) as u32,
                        _ => days as u32,
                    }
                })
            })
            .collect();
        let mut worked: Vec<usize> = (0..days)
            .filter(|&d| a[d].is_some())
            .filter_map(weekend)
            .collect();
        worked.dedup();
        let off: Vec<usize> = (0..days).filter(|&d| a[d].is_none()).collect();
        let mut days_off: Vec<usize> = off
            .iter()
            .copied()
            .filter(|_| rng.unit() < fixed_off_rate * 3.0)
            .collect();
        days_off.truncate(((days as f64) * fixed_off_rate).ceil() as usize);
        staff.push(NrpStaff {
            id: staff_id(s),
            max_shifts,
            max_total_minutes: total + up,
            min_total_minutes: total - down,
            max_consecutive_shifts: max_run as u32,
            min_consecutive_shifts: min_run as u32,
            min_consecutive_days_off: min_off as u32,
            max_weekends: worked.len() as u32 + u32::from(rng.unit() < 0.3),
            days_off,
        });
        roster.push(a);
    }
    // Requests, at most one per staff member and day, not on fixed days off.
    let (mut on_requests, mut off_requests) = (Vec::new(), Vec::new());
    let rate = if dense { 0.5 } else { 0.25 };
    for (s, st) in staff.iter().enumerate() {
        let skills: Vec<usize> = (0..nt).filter(|&t| st.max_shifts[t] != Some(0)).collect();
        for day in 0..days {
            if st.days_off.contains(&day) || rng.unit() >= rate {
                continue;
            }
            let r = NrpRequest {
                staff: s,
                day,
                shift: skills[rng.below(skills.len())],
                weight: 1 + rng.below(3) as u32,
            };
            if rng.unit() < 0.5 {
                on_requests.push(r);
            } else {
                off_requests.push(r);
            }
        }
    }
    // Cover: the planted counts, shaped.
    let mut planted = vec![0u32; days * nt];
    for a in &roster {
        for (d, t) in a.iter().enumerate() {
            if let Some(t) = t {
                planted[d * nt + t] += 1;
            }
        }
    }
    let mean = planted.iter().sum::<u32>() as f64 / planted.len().max(1) as f64;
    let mut cover = Vec::with_capacity(days * nt);
    for day in 0..days {
        for t in 0..nt {
            let p = planted[day * nt + t] as f64;
            let requirement = match cover_shape {
                0 => p,
                1 => (p + rng.unit() * 3.0 - 1.5).max(0.0),
                2 => p * 1.3 + 1.0,
                _ => mean * if weekend(day).is_some() { 0.7 } else { 1.2 },
            }
            .round() as u32;
            cover.push(NrpCover {
                day,
                shift: t,
                requirement,
                weight_under: 100,
                weight_over: 1,
            });
        }
    }
    Planted {
        instance: NrpInstance {
            horizon: days,
            shifts,
            staff,
            on_requests,
            off_requests,
            cover,
        },
        roster,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::nrp::parse;
    use crate::formats::nrp_write::to_text;
    use crate::verify::nrp::{Assignment, check};

    /// The planted roster as the verifier's records.
    pub(crate) fn records(p: &Planted) -> Vec<Assignment> {
        let inst = &p.instance;
        let mut out = Vec::new();
        for (s, a) in p.roster.iter().enumerate() {
            for (d, t) in a.iter().enumerate() {
                if let Some(t) = t {
                    out.push(Assignment::new(&inst.staff[s].id, d, &inst.shifts[*t].id));
                }
            }
        }
        out
    }

    #[test]
    fn the_planted_roster_keeps_every_rule() {
        for (spec, seed) in [
            ("7x3x1", 1),
            ("28x10x4", 2),
            ("84x20x12", 3),
            ("364x30x32", 4),
            ("182x15x8", 5),
        ] {
            for k in 0..6 {
                let p = generate(spec.parse().unwrap(), seed * 100 + k);
                let rep = check(&p.instance, &records(&p));
                assert!(rep.feasible(), "{spec} {k}: {:?}", rep.violations);
                assert_eq!(parse(&to_text(&p.instance)).unwrap(), p.instance);
            }
        }
    }

    #[test]
    fn instances_repeat_and_vary() {
        let spec: GenSpec = "56x8x6".parse().unwrap();
        assert_eq!(generate(spec, 3).instance, generate(spec, 3).instance);
        assert_ne!(generate(spec, 3).instance, generate(spec, 4).instance);
    }
}
