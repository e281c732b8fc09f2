//! Exact best schedule of ONE staff member by dynamic programming over the
//! days (a resource-constrained shortest path with Pareto labels).
//!
//! Given a cost for working each shift type on each day (a day off costs 0),
//! find the cheapest schedule that keeps every hard rule of the staff member.
//! This is the single-staff best response of the search (others fixed, cover
//! priced at the margin) and the pricing problem of the column generation.
//!
//! State of a label after day d: the last shift type (or off), the length of
//! the current run (capped where longer runs behave alike), whether that run
//! began on day 0 (exempt from the minimum-run rules), and the minutes so far
//! when a minimum total applies. Resources compared by dominance (fewer is
//! better): worked weekends, shifts of limited types, minutes in windows,
//! worked days in free-day windows, and total minutes when only a maximum
//! applies. The number of labels is capped; beyond it the caller falls back
//! to a MIP.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::RosterProblem;

/// Most resources a staff member may have for the DP (else: MIP fallback).
const MAX_RES: usize = 12;

/// A fast deterministic hasher (FxHash): iteration order repeats exactly.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(*b as u64);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(i as u64)
    }
    fn write_u16(&mut self, i: u16) {
        self.write_u64(i as u64)
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(i as u64)
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64)
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// What the DP found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DpResult {
    /// The cheapest schedule and its cost.
    Best(f64, Vec<Option<usize>>),
    /// No schedule keeps the rules (with the given restrictions).
    Infeasible,
    /// The label cap was hit.
    TooBig,
}

/// A resource: a count that must stay at most `limit` on days `first..=last`.
#[derive(Debug, Clone)]
struct Res {
    limit: u32,
    first: usize,
    last: usize,
    kind: ResKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResKind {
    Weekends,
    TypeCount(usize),
    Minutes,
    WorkedDays,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    /// Last shift type, or `OFF`.
    last: u16,
    run: u16,
    from_start: bool,
    minutes: u32,
}

const OFF: u16 = u16::MAX;

#[derive(Debug, Clone, Copy)]
struct Label {
    key: Key,
    cost: f64,
    res: [u32; MAX_RES],
    /// Index of the parent label in the arena (u32::MAX for none).
    parent: u32,
    /// Choice on this day: shift type or `OFF`.
    choice: u16,
}

/// Prepared rules of one staff member.
pub(crate) struct StaffDp<'a> {
    p: &'a RosterProblem,
    s: usize,
    res: Vec<Res>,
    weekend_of: Vec<Option<usize>>,
    min_cons: usize,
    max_cons: Option<usize>,
    min_off: usize,
    run_cap: usize,
    off_cap: usize,
    min_total: u32,
    max_total: Option<u32>,
    /// Forbidden[a][b].
    forbidden: Vec<Vec<bool>>,
}

impl<'a> StaffDp<'a> {
    pub(crate) fn new(p: &'a RosterProblem, s: usize) -> Self {
        let st = &p.staff[s];
        let nt = p.types();
        let h = p.days;
        let mut res = Vec::new();
        let weekends = p.weekends();
        let mut weekend_of = vec![None; h];
        for (w, days) in weekends.iter().enumerate() {
            for &d in days {
                weekend_of[d] = Some(w);
            }
        }
        if let Some(m) = st.max_weekends
            && (m as usize) < weekends.len()
        {
            res.push(Res {
                limit: m,
                first: 0,
                last: h.saturating_sub(1),
                kind: ResKind::Weekends,
            });
        }
        for t in 0..nt {
            if let Some(m) = st.max_shifts[t]
                && m > 0
                && (m as usize) < h
            {
                res.push(Res {
                    limit: m,
                    first: 0,
                    last: h.saturating_sub(1),
                    kind: ResKind::TypeCount(t),
                });
            }
        }
        let min_total = st.min_total_minutes.unwrap_or(0);
        if min_total == 0
            && let Some(m) = st.max_total_minutes
        {
            res.push(Res {
                limit: m,
                first: 0,
                last: h.saturating_sub(1),
                kind: ResKind::Minutes,
            });
        }
        for w in &st.minute_windows {
            res.push(Res {
                limit: w.max_minutes,
                first: w.first_day,
                last: w.last_day,
                kind: ResKind::Minutes,
            });
        }
        for w in &st.free_day_windows {
            let len = (w.last_day - w.first_day + 1) as u32;
            res.push(Res {
                limit: len.saturating_sub(w.min_free_days),
                first: w.first_day,
                last: w.last_day,
                kind: ResKind::WorkedDays,
            });
        }
        let min_cons = st.min_consecutive.unwrap_or(1).max(1) as usize;
        let max_cons = st.max_consecutive.map(|c| c as usize);
        let min_off = st.min_days_off.unwrap_or(1).max(1) as usize;
        let run_cap = max_cons.unwrap_or(min_cons).max(1);
        let mut forbidden = vec![vec![false; nt]; nt];
        for &(a, b) in &p.forbidden_next {
            forbidden[a][b] = true;
        }
        StaffDp {
            p,
            s,
            res,
            weekend_of,
            min_cons,
            max_cons,
            min_off,
            run_cap,
            off_cap: min_off,
            min_total,
            max_total: st.max_total_minutes,
            forbidden,
        }
    }

    /// The cheapest schedule. `cost[d][t]` is the cost of working type t on
    /// day d; `can_work[d][t]` and `can_rest[d]` restrict the choices (on top
    /// of the staff member's own rules, which the caller's mask should
    /// already include: see `RosterProblem::allowed`). `cap` bounds the
    /// labels alive on one day.
    pub(crate) fn best(
        &self,
        cost: &[Vec<f64>],
        can_work: &[Vec<bool>],
        can_rest: &[bool],
        cap: usize,
    ) -> DpResult {
        self.best_below(cost, can_work, can_rest, cap, f64::INFINITY)
    }

    /// [`Self::best`] among schedules costing less than `ub` (others are
    /// pruned early; `Infeasible` then means "none below `ub`").
    pub(crate) fn best_below(
        &self,
        cost: &[Vec<f64>],
        can_work: &[Vec<bool>],
        can_rest: &[bool],
        cap: usize,
        ub: f64,
    ) -> DpResult {
        let p = self.p;
        let h = p.days;
        let nt = p.types();
        let mins = &p.staff[self.s].minutes;
        if h == 0 {
            return DpResult::Best(0.0, Vec::new());
        }
        if self.res.len() > MAX_RES {
            return DpResult::TooBig;
        }
        // Least cost still to come from day d on (for pruning against ub).
        let mut rest_lb = vec![0.0f64; h + 1];
        for d in (0..h).rev() {
            let mut m: f64 = if can_rest[d] { 0.0 } else { f64::INFINITY };
            for t in 0..nt {
                if can_work[d][t] {
                    m = m.min(cost[d][t]);
                }
            }
            rest_lb[d] = rest_lb[d + 1] + m.min(0.0);
        }
        let limit = ub - 1e-9;
        // Most minutes still obtainable from day d on (for the minimum total).
        let mut suffix = vec![0u64; h + 1];
        for d in (0..h).rev() {
            let best = (0..nt)
                .filter(|&t| can_work[d][t])
                .map(|t| mins[t] as u64)
                .max()
                .unwrap_or(0);
            suffix[d] = suffix[d + 1] + best;
        }
        let key_minutes = self.min_total > 0;
        let mut arena: Vec<(u32, u16)> = Vec::new();
        let mut layer: Vec<Label> = vec![Label {
            key: Key {
                last: OFF,
                run: 0,
                from_start: true,
                minutes: 0,
            },
            cost: 0.0,
            res: [0; MAX_RES],
            parent: u32::MAX,
            choice: OFF,
        }];
        let mut buckets: FxMap<Key, Vec<Label>> = FxMap::default();
        for d in 0..h {
            buckets.clear();
            let mut alive = 0usize;
            for lab in &layer {
                let idx = if d == 0 {
                    u32::MAX
                } else {
                    arena.push((lab.parent, lab.choice));
                    (arena.len() - 1) as u32
                };
                let k = lab.key;
                let working = d > 0 && k.last != OFF;
                // Day off.
                if can_rest[d] {
                    let ok = !working || k.from_start || k.run as usize >= self.min_cons;
                    if ok {
                        let key = if d == 0 {
                            Key {
                                last: OFF,
                                run: 1,
                                from_start: true,
                                minutes: 0,
                            }
                        } else if working {
                            Key {
                                last: OFF,
                                run: 1,
                                from_start: false,
                                minutes: k.minutes,
                            }
                        } else {
                            Key {
                                last: OFF,
                                run: (k.run as usize + 1).min(self.off_cap) as u16,
                                from_start: k.from_start,
                                minutes: k.minutes,
                            }
                        };
                        let mut res = lab.res;
                        for (r, rs) in self.res.iter().enumerate() {
                            if d > rs.last {
                                res[r] = 0;
                            }
                        }
                        if self.viable(&key, d, &suffix) && lab.cost + rest_lb[d + 1] < limit {
                            alive += insert(
                                &mut buckets,
                                Label {
                                    key,
                                    cost: lab.cost,
                                    res,
                                    parent: idx,
                                    choice: OFF,
                                },
                            );
                        }
                    }
                }
                // Work type t.
                for t in 0..nt {
                    if !can_work[d][t] {
                        continue;
                    }
                    let key = if d == 0 {
                        Key {
                            last: t as u16,
                            run: 1,
                            from_start: true,
                            minutes: 0,
                        }
                    } else if working {
                        if self.forbidden[k.last as usize][t] {
                            continue;
                        }
                        let run = k.run as usize + 1;
                        if self.max_cons.is_some_and(|c| run > c) {
                            continue;
                        }
                        Key {
                            last: t as u16,
                            run: run.min(self.run_cap) as u16,
                            from_start: k.from_start,
                            minutes: k.minutes,
                        }
                    } else {
                        if !(k.from_start || k.run as usize >= self.min_off) {
                            continue;
                        }
                        if self.max_cons.is_some_and(|c| c == 0) {
                            continue;
                        }
                        Key {
                            last: t as u16,
                            run: 1,
                            from_start: false,
                            minutes: k.minutes,
                        }
                    };
                    let m = mins[t];
                    let total = k.minutes as u64 + m as u64;
                    if self.max_total.is_some_and(|mx| total > mx as u64) && key_minutes {
                        continue;
                    }
                    let key = Key {
                        minutes: if key_minutes { total as u32 } else { 0 },
                        ..key
                    };
                    let cost = lab.cost + cost[d][t];
                    if cost + rest_lb[d + 1] >= limit {
                        continue;
                    }
                    let mut res = lab.res;
                    let mut ok = true;
                    for (r, rs) in self.res.iter().enumerate() {
                        if d > rs.last {
                            res[r] = 0;
                            continue;
                        }
                        if d < rs.first {
                            continue;
                        }
                        let inc = match rs.kind {
                            ResKind::Weekends => match self.weekend_of[d] {
                                Some(w) => {
                                    let counted =
                                        d > 0 && working && self.weekend_of[d - 1] == Some(w);
                                    u32::from(!counted)
                                }
                                None => 0,
                            },
                            ResKind::TypeCount(tt) => u32::from(tt == t),
                            ResKind::Minutes => m,
                            ResKind::WorkedDays => 1,
                        };
                        res[r] += inc;
                        if res[r] > rs.limit {
                            ok = false;
                            break;
                        }
                    }
                    if !ok || !self.viable(&key, d, &suffix) {
                        continue;
                    }
                    alive += insert(
                        &mut buckets,
                        Label {
                            key,
                            cost,
                            res,
                            parent: idx,
                            choice: t as u16,
                        },
                    );
                }
            }
            if alive > cap {
                return DpResult::TooBig;
            }
            // The Fx hasher is deterministic, so this order repeats exactly.
            layer.clear();
            for b in buckets.values() {
                layer.extend_from_slice(b);
            }
            if layer.is_empty() {
                return DpResult::Infeasible;
            }
        }
        // Runs touching the end are exempt: every label is a valid end.
        let best = layer
            .iter()
            .filter(|l| !key_minutes || l.key.minutes >= self.min_total)
            .min_by(|a, b| a.cost.total_cmp(&b.cost));
        let Some(best) = best else {
            return DpResult::Infeasible;
        };
        let mut sched = vec![None; h];
        let mut choice = best.choice;
        let mut parent = best.parent;
        let mut d = h;
        loop {
            d -= 1;
            sched[d] = (choice != OFF).then_some(choice as usize);
            if parent == u32::MAX {
                break;
            }
            let (pp, pc) = arena[parent as usize];
            choice = pc;
            parent = pp;
        }
        DpResult::Best(best.cost, sched)
    }

    /// Whether a label can still reach the minimum total.
    fn viable(&self, key: &Key, d: usize, suffix: &[u64]) -> bool {
        self.min_total == 0 || key.minutes as u64 + suffix[d + 1] >= self.min_total as u64
    }
}

/// Inserts a label into its bucket unless dominated; removes labels it
/// dominates. Returns the change in the number of labels (0 or 1 net of
/// removals is not tracked exactly; returns 1 when inserted).
fn insert(buckets: &mut FxMap<Key, Vec<Label>>, lab: Label) -> usize {
    let b = buckets.entry(lab.key).or_default();
    for o in b.iter() {
        if o.cost <= lab.cost && o.res.iter().zip(&lab.res).all(|(x, y)| x <= y) {
            return 0;
        }
    }
    b.retain(|o| !(lab.cost <= o.cost && lab.res.iter().zip(&o.res).all(|(x, y)| x <= y)));
    b.push(lab);
    1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::eval::staff_violations;
    use crate::roster::{RosterProblem, ShiftType, StaffRules};
    use chrono::Weekday;

    fn problem(
        days: usize,
        st: StaffRules,
        nt: usize,
        forbidden: Vec<(usize, usize)>,
    ) -> RosterProblem {
        RosterProblem {
            days,
            first_weekday: Weekday::Mon,
            shift_types: (0..nt)
                .map(|t| ShiftType {
                    id: format!("T{t}"),
                    start_minute: 0,
                    end_minute: 480,
                })
                .collect(),
            forbidden_next: forbidden,
            staff: vec![st],
            cover: vec![],
            requests: vec![],
        }
    }

    /// Brute force over all schedules (tiny cases).
    fn brute(p: &RosterProblem, cost: &[Vec<f64>]) -> Option<f64> {
        let h = p.days;
        let nt = p.types();
        let n = (nt + 1).pow(h as u32);
        let mut best: Option<f64> = None;
        for code in 0..n {
            let mut c = code;
            let mut a = vec![None; h];
            for slot in a.iter_mut() {
                let v = c % (nt + 1);
                c /= nt + 1;
                *slot = if v == nt { None } else { Some(v) };
            }
            if !staff_violations(p, 0, &a).is_empty() {
                continue;
            }
            let total: f64 = (0..h).filter_map(|d| a[d].map(|t| cost[d][t])).sum();
            if best.is_none_or(|b| total < b) {
                best = Some(total);
            }
        }
        best
    }

    #[test]
    fn matches_brute_force_on_small_cases() {
        let mut rng = crate::roster::lns::Rng::new(7);
        for case in 0..60 {
            let h = 6 + case % 4;
            let nt = 1 + case % 3;
            let mut st = StaffRules::new("A", vec![480, 300, 600][..nt].to_vec());
            st.max_consecutive = Some(2 + (case % 3) as u32);
            st.min_consecutive = Some(1 + (case % 3) as u32);
            st.min_days_off = Some(1 + (case / 3 % 2) as u32);
            st.max_weekends = Some((case % 2) as u32);
            st.min_total_minutes = Some(if case % 5 == 0 { 0 } else { 900 });
            st.max_total_minutes = Some(2400);
            if nt > 1 {
                st.max_shifts[1] = Some(2);
            }
            if case % 4 == 1 {
                st.free_day_windows.push(crate::roster::FreeDayWindow {
                    first_day: 0,
                    last_day: 4,
                    min_free_days: 2,
                });
                st.minute_windows.push(crate::roster::MinuteWindow {
                    first_day: 2,
                    last_day: 5,
                    max_minutes: 1000,
                });
            }
            st.unavailable.push((case % h, None));
            let forbidden = if nt > 1 { vec![(1, 0)] } else { vec![] };
            let p = problem(h, st, nt, forbidden);
            let cost: Vec<Vec<f64>> = (0..h)
                .map(|_| (0..nt).map(|_| (rng.below(21) as f64) - 10.0).collect())
                .collect();
            let allowed = &p.allowed()[0];
            let rest = vec![true; h];
            let dp = StaffDp::new(&p, 0).best(&cost, allowed, &rest, 1_000_000);
            let bf = brute(&p, &cost);
            match (dp, bf) {
                (DpResult::Best(c, a), Some(b)) => {
                    assert!((c - b).abs() < 1e-9, "case {case}: dp {c} brute {b}");
                    assert!(staff_violations(&p, 0, &a).is_empty(), "case {case}");
                }
                (DpResult::Infeasible, None) => {}
                (x, y) => panic!("case {case}: dp {x:?} brute {y:?}"),
            }
        }
    }
}

#[cfg(test)]
mod timing {
    use super::*;
    use crate::formats::nrp;

    #[test]
    #[ignore]
    fn dp_timing() {
        for i in [8, 12] {
            let path = format!(
                "{}/../shared/benchmarks/shift-scheduling/instances/Instance{i}.txt",
                env!("CARGO_MANIFEST_DIR")
            );
            let p = nrp::to_roster_problem(&nrp::read(std::path::Path::new(&path)).unwrap());
            let allowed = p.allowed();
            let cost: Vec<Vec<f64>> = (0..p.days)
                .map(|d| {
                    (0..p.types())
                        .map(|t| ((d * 7 + t * 3) % 11) as f64 - 5.0)
                        .collect()
                })
                .collect();
            let rest = vec![true; p.days];
            let t0 = std::time::Instant::now();
            let mut n = 0;
            for (s, al) in allowed.iter().enumerate() {
                if let DpResult::Best(..) = StaffDp::new(&p, s).best(&cost, al, &rest, 10_000_000) {
                    n += 1;
                }
            }
            eprintln!(
                "Instance{i}: {} staff, {n} solved, {:.3}s",
                p.staff.len(),
                t0.elapsed().as_secs_f64()
            );
        }
    }
}
