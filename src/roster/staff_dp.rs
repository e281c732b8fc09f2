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

/// Heuristic mode keeps about this many minute values per state.
const MINUTE_BUCKETS: u32 = 24;

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

/// A schedule with its cost.
pub(crate) type Scored = (f64, Vec<Option<usize>>);

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

/// What a resource counts on its days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResKind {
    /// Weekends with any work.
    Weekends,
    /// Shifts of one type.
    TypeCount(usize),
    /// Paid minutes.
    Minutes,
    /// Worked days.
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
    /// Exact minutes so far (the key may hold them coarsened).
    mins: u32,
    cost: f64,
    res: [u32; MAX_RES],
    /// Index of the parent label in the arena (u32::MAX for none).
    parent: u32,
    /// Choice on this day: shift type or `OFF`.
    choice: u16,
}

/// Most entries of the completion table (else it drops the minutes).
const MAX_TABLE: usize = 4_000_000;

/// Least cost of completing a schedule from a state, ignoring the dominance
/// resources: `table[d][state]` covers days d+1.. . A relaxation, so a valid
/// lower bound for pruning and for the pricing bound.
struct Completion {
    /// Minute unit and number of units tracked (1: minutes ignored).
    unit: u32,
    units: usize,
    runs: usize,
    nt: usize,
    table: Vec<f64>,
    /// Lower bound on the whole schedule's cost.
    root: f64,
}

impl Completion {
    fn idx(&self, d: usize, last: u16, run: u16, fs: bool, m: usize) -> usize {
        let l = if last == OFF { self.nt } else { last as usize };
        ((((d * (self.nt + 1) + l) * self.runs + run as usize) * 2 + fs as usize) * self.units) + m
    }
    fn get(&self, d: usize, k: &Key) -> f64 {
        let m = if self.units > 1 {
            ((k.minutes / self.unit) as usize).min(self.units - 1)
        } else {
            0
        };
        self.table[self.idx(d, k.last, k.run, k.from_start, m)]
    }
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
    /// `forbidden[c][b]`: a shift of succession class c forbids type b next day.
    forbidden: Vec<Vec<bool>>,
    /// Succession class of each type: types with the same forbidden-next row
    /// behave alike as "the last shift", so labels key on the class.
    class_of: Vec<u16>,
    nclass: usize,
    /// The relaxation bound of the last search (valid lower bound on its optimum).
    last_root: std::cell::Cell<f64>,
    /// Searches give up (`TooBig`) after this instant.
    deadline: std::cell::Cell<Option<std::time::Instant>>,
    /// Label extensions of the last search: a deterministic measure of work.
    last_work: std::cell::Cell<u64>,
    /// Searches keep an even pace on horizon-wide limits (see [`Self::set_pace`]).
    pace: std::cell::Cell<bool>,
    /// Searches give up (`TooBig`) once their effort passes this.
    effort_limit: std::cell::Cell<Option<u64>>,
    /// Effort of the last search: label extensions plus dominance tests,
    /// which grow with the labels kept per state (deterministic, and
    /// proportional to time where extensions alone are not).
    last_effort: std::cell::Cell<u64>,
}

/// Days a paced schedule may run ahead of an even use of a horizon-wide
/// limit (see [`StaffDp::set_pace`]).
const PACE_DAYS: usize = 7;

/// Horizons of at most this many days are never paced.
pub(crate) const PACE_MIN_HORIZON: usize = 28;

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
        let mut by_type = vec![vec![false; nt]; nt];
        for &(a, b) in &p.forbidden_next {
            by_type[a][b] = true;
        }
        let mut forbidden: Vec<Vec<bool>> = Vec::new();
        let mut class_of = Vec::with_capacity(nt);
        for row in by_type {
            let c = match forbidden.iter().position(|r| *r == row) {
                Some(c) => c,
                None => {
                    forbidden.push(row);
                    forbidden.len() - 1
                }
            };
            class_of.push(c as u16);
        }
        let nclass = forbidden.len();
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
            class_of,
            nclass,
            last_root: std::cell::Cell::new(f64::NEG_INFINITY),
            deadline: std::cell::Cell::new(None),
            last_work: std::cell::Cell::new(0),
            effort_limit: std::cell::Cell::new(None),
            last_effort: std::cell::Cell::new(0),
            pace: std::cell::Cell::new(false),
        }
    }

    /// Makes later searches keep an even pace on the limits over the whole
    /// horizon (worked weekends, shifts per type, total minutes): by day d,
    /// at most the share of the limit for d + 1 + [`PACE_DAYS`] days
    /// (rounded up). A restriction for building a first roster: without it
    /// every schedule spends its weekends and shifts as early as ties
    /// allow, and on a year-long horizon the last months go uncovered
    /// (Instance12 tiled 13x: 41 cover units missing in the first four
    /// weeks, 250 in the last). With one unit more of allowance the last
    /// four weeks still lacked 184 units against about 75 in the others
    /// (108 without it, in a 60 s run): a week ahead already takes most
    /// of what they need.
    /// Horizons of up to [`PACE_MIN_HORIZON`] days are not paced.
    pub(crate) fn set_pace(&self, on: bool) {
        self.pace.set(on);
    }

    /// The most a paced schedule may use of `limit` by the end of day `d`.
    fn paced(&self, limit: u32, d: usize) -> u32 {
        let h = self.p.days.max(1) as u64;
        (u64::from(limit) * (d + 1 + PACE_DAYS) as u64)
            .div_ceil(h)
            .min(u64::from(limit)) as u32
    }

    /// The limits this DP keeps as resources: what each counts, its first
    /// and last day, and its limit.
    pub(crate) fn resources(&self) -> impl Iterator<Item = (ResKind, usize, usize, u32)> + '_ {
        self.res.iter().map(|r| (r.kind, r.first, r.last, r.limit))
    }

    /// The least and most total minutes. The most is also a resource
    /// (see [`Self::resources`]) when there is no least.
    pub(crate) fn minute_totals(&self) -> (u32, Option<u32>) {
        (self.min_total, self.max_total)
    }

    /// Label extensions done by the last search (deterministic, unlike time).
    pub(crate) fn last_work(&self) -> u64 {
        self.last_work.get()
    }

    /// Effort (label extensions plus dominance tests) of the last search.
    pub(crate) fn last_effort(&self) -> u64 {
        self.last_effort.get()
    }

    /// Makes later searches give up (as `TooBig`) at the end of the day on
    /// which their effort ([`Self::last_effort`]) passes `limit`: a
    /// deterministic deadline.
    pub(crate) fn set_effort_limit(&self, limit: Option<u64>) {
        self.effort_limit.set(limit);
    }

    /// Makes later searches give up (as `TooBig`) once `deadline` has passed.
    pub(crate) fn set_deadline(&self, deadline: Option<std::time::Instant>) {
        self.deadline.set(deadline);
    }

    /// The relaxation bound computed by the last search: a lower bound on
    /// the cost of every schedule for the costs it was given.
    pub(crate) fn last_bound(&self) -> f64 {
        self.last_root.get()
    }

    /// The run state after choosing `choice` (a type or `OFF`) on day `d`
    /// from state `k` (ignored on day 0), or `None` if a run rule forbids it.
    /// Minutes are carried over unchanged.
    fn step(&self, k: &Key, d: usize, choice: u16) -> Option<Key> {
        let next = if choice == OFF {
            OFF
        } else {
            self.class_of[choice as usize]
        };
        if d == 0 {
            return Some(Key {
                last: next,
                run: 1,
                from_start: true,
                minutes: 0,
            });
        }
        let working = k.last != OFF;
        if choice == OFF {
            if working {
                if !(k.from_start || k.run as usize >= self.min_cons) {
                    return None;
                }
                Some(Key {
                    last: OFF,
                    run: 1,
                    from_start: false,
                    minutes: k.minutes,
                })
            } else {
                Some(Key {
                    last: OFF,
                    run: (k.run as usize + 1).min(self.off_cap) as u16,
                    from_start: k.from_start,
                    minutes: k.minutes,
                })
            }
        } else if working {
            if self.forbidden[k.last as usize][choice as usize] {
                return None;
            }
            let run = k.run as usize + 1;
            if self.max_cons.is_some_and(|c| run > c) {
                return None;
            }
            Some(Key {
                last: next,
                run: run.min(self.run_cap) as u16,
                from_start: k.from_start,
                minutes: k.minutes,
            })
        } else {
            if !(k.from_start || k.run as usize >= self.min_off) {
                return None;
            }
            if self.max_cons == Some(0) {
                return None;
            }
            Some(Key {
                last: next,
                run: 1,
                from_start: false,
                minutes: k.minutes,
            })
        }
    }

    /// The cost of working on day `d` after state `last` (day d-1) from
    /// worked weekends priced at `weekend`: a weekend is paid on its first
    /// worked day.
    fn weekend_cost(&self, weekend: f64, d: usize, last: u16) -> f64 {
        match self.weekend_of[d] {
            Some(w) if weekend != 0.0 => {
                let continues = d > 0 && self.weekend_of[d - 1] == Some(w) && last != OFF;
                if continues { 0.0 } else { weekend }
            }
            _ => 0.0,
        }
    }

    /// The completion table for these costs. It tracks total minutes when
    /// a minimum applies and the table then has at most `max_table`
    /// entries (0: never); `weekend` prices every worked weekend (0 in
    /// pricing, where the weekend limit is a dominance resource).
    fn completion(
        &self,
        cost: &[Vec<f64>],
        can_work: &[Vec<bool>],
        can_rest: &[bool],
        max_table: usize,
        weekend: f64,
    ) -> Completion {
        let p = self.p;
        let (h, nt) = (p.days, p.types());
        let mins = &p.staff[self.s].minutes;
        let runs = self.run_cap.max(self.off_cap) + 1;
        // Track minutes in units of their gcd when a minimum total applies.
        let mut unit = 0u32;
        for &m in mins {
            unit = gcd(unit, m);
        }
        let mut units = 1usize;
        if self.min_total > 0 && unit > 0 {
            let top = self.max_total.unwrap_or(
                self.min_total.max(
                    mins.iter()
                        .copied()
                        .max()
                        .unwrap_or(0)
                        .saturating_mul(h as u32),
                ),
            );
            let n = (top.max(self.min_total) / unit) as usize + 1;
            if h * (self.nclass + 1) * runs * 2 * n <= max_table {
                units = n;
            }
        }
        let unit = unit.max(1);
        let mut c = Completion {
            unit,
            units,
            runs,
            nt: self.nclass,
            table: vec![f64::INFINITY; h * (self.nclass + 1) * runs * 2 * units],
            root: f64::INFINITY,
        };
        let lasts: Vec<u16> = (0..self.nclass as u16)
            .chain(std::iter::once(OFF))
            .collect();
        let min_units = if units > 1 {
            self.min_total.div_ceil(unit) as usize
        } else {
            0
        };
        let max_units = if units > 1 {
            self.max_total.map_or(units - 1, |m| (m / unit) as usize)
        } else {
            0
        };
        // Without minutes, working any type of one succession class leads
        // to the same state: per (day, last) only each class's cheapest
        // type allowed after `last` matters (Lagrangian steps on Instance12
        // tiled 13 times: 422 in 6 s against 208 looking at every type).
        let mut cheapest: Vec<(f64, u16)> = vec![(f64::INFINITY, 0); self.nclass];
        // States no schedule reaches keep their infinite entry (Lagrangian
        // steps in 6 s: Big24, 150 staff working half of 32 types, 29
        // against 10; Instance12 tiled 13 times 616 against 422):
        // a class none of whose types may be worked on the day, a run
        // longer than its counter goes, a run from the start longer than
        // the most consecutive days.
        let mut reachable = vec![false; self.nclass];
        for d in (0..h).rev() {
            reachable.fill(false);
            for t in (0..nt).filter(|&t| can_work[d][t]) {
                reachable[self.class_of[t] as usize] = true;
            }
            for &last in &lasts {
                if last != OFF && !reachable[last as usize] {
                    continue;
                }
                let top = if last == OFF {
                    self.off_cap
                } else {
                    self.run_cap
                };
                // The weekend price of working the next day after `last`.
                let wk = if d + 1 < h {
                    self.weekend_cost(weekend, d + 1, last)
                } else {
                    0.0
                };
                if units == 1 && d + 1 < h {
                    let nd = d + 1;
                    cheapest.fill((f64::INFINITY, 0));
                    for t in 0..nt {
                        if !can_work[nd][t] || (last != OFF && self.forbidden[last as usize][t]) {
                            continue;
                        }
                        let v = cost[nd][t] + wk;
                        let slot = &mut cheapest[self.class_of[t] as usize];
                        if v < slot.0 {
                            *slot = (v, t as u16);
                        }
                    }
                }
                for run in 1..=top as u16 {
                    for fs in [false, true] {
                        if fs && last != OFF && self.max_cons.is_some_and(|mc| d + 1 > mc) {
                            continue;
                        }
                        for m in 0..units {
                            let i = c.idx(d, last, run, fs, m);
                            if d == h - 1 {
                                if units == 1 || (m >= min_units && m <= max_units) {
                                    c.table[i] = 0.0;
                                }
                                continue;
                            }
                            let k = Key {
                                last,
                                run,
                                from_start: fs,
                                minutes: (m as u32) * unit,
                            };
                            let mut best = f64::INFINITY;
                            let nd = d + 1;
                            if can_rest[nd]
                                && let Some(k2) = self.step(&k, nd, OFF)
                            {
                                best =
                                    best.min(c.table[c.idx(nd, k2.last, k2.run, k2.from_start, m)]);
                            }
                            if units == 1 {
                                for &(v, t) in &cheapest {
                                    if v == f64::INFINITY {
                                        continue;
                                    }
                                    if let Some(k2) = self.step(&k, nd, t) {
                                        let i2 = c.idx(nd, k2.last, k2.run, k2.from_start, 0);
                                        best = best.min(v + c.table[i2]);
                                    }
                                }
                                c.table[i] = best;
                                continue;
                            }
                            for t in 0..nt {
                                if !can_work[nd][t] {
                                    continue;
                                }
                                let Some(k2) = self.step(&k, nd, t as u16) else {
                                    continue;
                                };
                                let m2 = if units > 1 {
                                    let m2 = m + (mins[t] / unit) as usize;
                                    if m2 > max_units {
                                        continue;
                                    }
                                    m2
                                } else {
                                    0
                                };
                                let v = cost[nd][t]
                                    + wk
                                    + c.table[c.idx(nd, k2.last, k2.run, k2.from_start, m2)];
                                best = best.min(v);
                            }
                            c.table[i] = best;
                        }
                    }
                }
            }
        }
        let root = Key {
            last: OFF,
            run: 0,
            from_start: true,
            minutes: 0,
        };
        let mut best = f64::INFINITY;
        if can_rest[0] {
            best = best.min(c.get(0, &self.step(&root, 0, OFF).expect("day 0")));
        }
        for t in 0..nt {
            if can_work[0][t] {
                let mut k = self.step(&root, 0, t as u16).expect("day 0");
                k.minutes = mins[t];
                if units > 1 && (mins[t] / unit) as usize > max_units {
                    continue;
                }
                best = best.min(cost[0][t] + self.weekend_cost(weekend, 0, OFF) + c.get(0, &k));
            }
        }
        c.root = best;
        c
    }

    /// A lower bound on the cheapest schedule (ignoring the dominance resources).
    #[cfg(test)]
    pub(crate) fn relaxed_bound(
        &self,
        cost: &[Vec<f64>],
        can_work: &[Vec<bool>],
        can_rest: &[bool],
    ) -> f64 {
        self.completion(cost, can_work, can_rest, MAX_TABLE, 0.0)
            .root
    }

    /// The cheapest schedule under the staff member's local rules alone:
    /// one shift a day, forbidden successions, runs of work and rest, and
    /// the masks. Horizon-wide limits (shifts per type, total minutes,
    /// weekends, windows) are left out: the caller prices them into `cost`
    /// and `weekend` (the cost of each worked weekend). The Lagrangian
    /// subproblem of [`super::lagrange`]: its value is a lower bound on
    /// every schedule's cost under those prices. `None` if no schedule keeps
    /// the local rules.
    pub(crate) fn local_best(
        &self,
        cost: &[Vec<f64>],
        weekend: f64,
        can_work: &[Vec<bool>],
        can_rest: &[bool],
    ) -> Option<Scored> {
        // Minutes untracked (a table of one minute unit): tracking them made
        // each step up to 40 times slower (Instance12 in 10 s: 272 steps and
        // a bound of 879 against 4,383 steps and 3,998).
        let c = self.completion(cost, can_work, can_rest, 0, weekend);
        if !c.root.is_finite() {
            return None;
        }
        let nt = self.p.types();
        let mut sched = vec![None; self.p.days];
        let mut key = Key {
            last: OFF,
            run: 0,
            from_start: true,
            minutes: 0,
        };
        // Walk forward along the table: on each day the cheapest choice.
        for (d, slot) in sched.iter_mut().enumerate() {
            let mut best: Option<(f64, Option<usize>, Key)> = None;
            if can_rest[d]
                && let Some(k2) = self.step(&key, d, OFF)
            {
                best = Some((c.get(d, &k2), None, k2));
            }
            for t in (0..nt).filter(|&t| can_work[d][t]) {
                let Some(k2) = self.step(&key, d, t as u16) else {
                    continue;
                };
                let v = cost[d][t] + self.weekend_cost(weekend, d, key.last) + c.get(d, &k2);
                if best.as_ref().is_none_or(|b| v < b.0) {
                    best = Some((v, Some(t), k2));
                }
            }
            let (_, choice, k2) = best?;
            *slot = choice;
            key = k2;
        }
        Some((c.root, sched))
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
        match self.best_k(cost, can_work, can_rest, cap, ub, 1) {
            Ok(mut v) => {
                let (c, a) = v.swap_remove(0);
                DpResult::Best(c, a)
            }
            Err(e) => e,
        }
    }

    /// Up to `k` cheapest schedules costing less than `ub`, cheapest first
    /// (the first is the optimum). `Err(Infeasible)` when there is none.
    pub(crate) fn best_k(
        &self,
        cost: &[Vec<f64>],
        can_work: &[Vec<bool>],
        can_rest: &[bool],
        cap: usize,
        ub: f64,
        k: usize,
    ) -> Result<Vec<Scored>, DpResult> {
        self.search(cost, can_work, can_rest, cap, ub, k, false)
    }

    /// A fast heuristic version of [`Self::best_k`]: one label per state
    /// (the cheapest), so resources may cut off better schedules. Schedules
    /// returned are feasible; `Infeasible` proves nothing.
    pub(crate) fn heuristic_k(
        &self,
        cost: &[Vec<f64>],
        can_work: &[Vec<bool>],
        can_rest: &[bool],
        ub: f64,
        k: usize,
    ) -> Result<Vec<Scored>, DpResult> {
        self.search(cost, can_work, can_rest, usize::MAX, ub, k, true)
    }

    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        cost: &[Vec<f64>],
        can_work: &[Vec<bool>],
        can_rest: &[bool],
        cap: usize,
        ub: f64,
        k: usize,
        heuristic: bool,
    ) -> Result<Vec<Scored>, DpResult> {
        let p = self.p;
        let h = p.days;
        let nt = p.types();
        let mins = &p.staff[self.s].minutes;
        if h == 0 {
            return Ok(vec![(0.0, Vec::new())]);
        }
        if self.res.len() > MAX_RES {
            return Err(DpResult::TooBig);
        }
        let comp = self.completion(cost, can_work, can_rest, MAX_TABLE, 0.0);
        self.last_root.set(comp.root);
        if !comp.root.is_finite() {
            return Err(DpResult::Infeasible);
        }
        let limit = ub - 1e-9;
        if comp.root >= limit {
            return Err(DpResult::Infeasible);
        }
        let key_minutes = self.min_total > 0;
        // Most a resource can still grow after day d (inside its window):
        // once it cannot reach its limit any more, its value no longer
        // matters and is normalised to 0 (exact; merges labels).
        let nres = self.res.len();
        let mut headroom = vec![0u64; nres * (h + 1)];
        for (r, rs) in self.res.iter().enumerate() {
            let mut acc = 0u64;
            let mut seen_weekend = usize::MAX;
            for d in (0..h).rev() {
                headroom[r * (h + 1) + d + 1] = acc;
                if d < rs.first || d > rs.last {
                    continue;
                }
                let inc = match rs.kind {
                    ResKind::Weekends => match self.weekend_of[d] {
                        Some(w) if w != seen_weekend => {
                            seen_weekend = w;
                            1
                        }
                        _ => 0,
                    },
                    ResKind::TypeCount(t) => u64::from(can_work[d][t]),
                    ResKind::Minutes => (0..nt)
                        .filter(|&t| can_work[d][t])
                        .map(|t| mins[t] as u64)
                        .max()
                        .unwrap_or(0),
                    ResKind::WorkedDays => u64::from((0..nt).any(|t| can_work[d][t])),
                };
                acc += inc;
            }
            headroom[r * (h + 1)] = acc;
        }
        // Most minutes still obtainable after day d.
        let mut min_rest = vec![0u64; h + 1];
        for d in (0..h).rev() {
            let m = (0..nt)
                .filter(|&t| can_work[d][t])
                .map(|t| mins[t] as u64)
                .max()
                .unwrap_or(0);
            min_rest[d] = min_rest[d + 1] + m;
        }
        // Heuristic mode on long horizons: minutes coarsened in the key.
        let bucket = if heuristic && key_minutes {
            let top = self.max_total.unwrap_or(self.min_total).max(self.min_total);
            (top / MINUTE_BUCKETS).max(comp.unit).max(1)
        } else {
            1
        };
        let deadline = self.deadline.get();
        let pace = self.pace.get() && h > PACE_MIN_HORIZON;
        // The resources a paced search keeps to an even pace: the limits
        // over the whole horizon, except free days.
        let paced_res: Vec<bool> = (self.res.iter())
            .map(|rs| pace && rs.first == 0 && rs.last + 1 == h && rs.kind != ResKind::WorkedDays)
            .collect();
        let mut arena: Vec<(u32, u16)> = Vec::new();
        let root = Label {
            key: Key {
                last: OFF,
                run: 0,
                from_start: true,
                minutes: 0,
            },
            mins: 0,
            cost: 0.0,
            res: [0; MAX_RES],
            parent: u32::MAX,
            choice: OFF,
        };
        let mut layer: Vec<Label> = vec![root];
        let mut work = 0u64;
        let mut effort = 0u64;
        let effort_limit = self.effort_limit.get();
        let mut index: FxMap<Key, usize> = FxMap::default();
        let mut buckets: Vec<Vec<Label>> = Vec::new();
        for d in 0..h {
            if deadline.is_some_and(|t| std::time::Instant::now() >= t) {
                return Err(DpResult::TooBig);
            }
            index.clear();
            for b in buckets.iter_mut() {
                b.clear();
            }
            let mut nb = 0usize;
            let mut alive = 0usize;
            for lab in &layer {
                let idx = if d == 0 {
                    u32::MAX
                } else {
                    arena.push((lab.parent, lab.choice));
                    (arena.len() - 1) as u32
                };
                let working = d > 0 && lab.key.last != OFF;
                let choices = std::iter::once(OFF).chain(0..nt as u16);
                for choice in choices {
                    if choice == OFF {
                        if !can_rest[d] {
                            continue;
                        }
                    } else if !can_work[d][choice as usize] {
                        continue;
                    }
                    let Some(mut key) = self.step(&lab.key, d, choice) else {
                        continue;
                    };
                    work += 1;
                    let mut c = lab.cost;
                    let mut res = lab.res;
                    let mut ok = true;
                    let mut exact = lab.mins;
                    if choice != OFF {
                        let t = choice as usize;
                        let m = mins[t];
                        c += cost[d][t];
                        if key_minutes {
                            let total = lab.mins as u64 + m as u64;
                            if self.max_total.is_some_and(|mx| {
                                total > mx as u64 || (pace && total > u64::from(self.paced(mx, d)))
                            }) {
                                continue;
                            }
                            exact = total as u32;
                        }
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
                                        let counted = working && self.weekend_of[d - 1] == Some(w);
                                        u32::from(!counted)
                                    }
                                    None => 0,
                                },
                                ResKind::TypeCount(tt) => u32::from(tt == t),
                                ResKind::Minutes => m,
                                ResKind::WorkedDays => 1,
                            };
                            res[r] += inc;
                            if res[r] > rs.limit
                                || (paced_res[r] && res[r] > self.paced(rs.limit, d))
                            {
                                ok = false;
                                break;
                            }
                        }
                    } else {
                        for (r, rs) in self.res.iter().enumerate() {
                            if d > rs.last {
                                res[r] = 0;
                            }
                        }
                    }
                    if !ok {
                        continue;
                    }
                    if !key_minutes {
                        key.minutes = 0;
                    } else {
                        if (exact as u64) + min_rest[d + 1] < self.min_total as u64 {
                            // The minimum total is out of reach.
                            continue;
                        }
                        if exact >= self.min_total
                            && self
                                .max_total
                                .is_none_or(|mx| exact as u64 + min_rest[d + 1] <= mx as u64)
                        {
                            // Both totals are safe whatever comes: one
                            // canonical value (the least multiple of the
                            // completion table's unit at or above the minimum).
                            exact = self.min_total.div_ceil(comp.unit) * comp.unit;
                        }
                        key.minutes = exact;
                    }
                    for (r, rs) in self.res.iter().enumerate() {
                        if res[r] as u64 + headroom[r * (h + 1) + d + 1] <= rs.limit as u64 {
                            res[r] = 0;
                        }
                    }
                    // Prune against ub with the completion bound (which
                    // also enforces the minimum total when it tracks minutes).
                    let rest = comp.get(d, &key);
                    if c + rest >= limit {
                        continue;
                    }
                    if bucket > 1 {
                        key.minutes /= bucket;
                    }
                    let b = *index.entry(key).or_insert_with(|| {
                        if nb == buckets.len() {
                            buckets.push(Vec::new());
                        }
                        nb += 1;
                        nb - 1
                    });
                    let lab = Label {
                        key,
                        mins: exact,
                        cost: c,
                        res,
                        parent: idx,
                        choice,
                    };
                    if heuristic {
                        // Two labels per state: the cheapest, and the one
                        // with the most minutes (keeps the minimum total in
                        // reach when the minutes are coarsened).
                        let slot = &mut buckets[b];
                        if slot.is_empty() {
                            slot.push(lab);
                            alive += 1;
                        } else {
                            if lab.cost < slot[0].cost {
                                let old = slot[0];
                                slot[0] = lab;
                                if key_minutes && slot.len() == 1 && old.mins > lab.mins {
                                    slot.push(old);
                                    alive += 1;
                                }
                            } else if key_minutes {
                                let most = if slot.len() == 2 {
                                    slot[1].mins
                                } else {
                                    slot[0].mins
                                };
                                if lab.mins > most {
                                    if slot.len() == 2 {
                                        slot[1] = lab;
                                    } else {
                                        slot.push(lab);
                                        alive += 1;
                                    }
                                }
                            }
                        }
                    } else {
                        effort += buckets[b].len() as u64;
                        alive += insert(&mut buckets[b], lab);
                    }
                }
            }
            self.last_work.set(work);
            self.last_effort.set(work + effort);
            if alive > cap || effort_limit.is_some_and(|l| work + effort > l) {
                return Err(DpResult::TooBig);
            }
            // Buckets in creation order: deterministic.
            layer.clear();
            for b in &buckets[..nb] {
                layer.extend_from_slice(b);
            }
            if layer.is_empty() {
                return Err(DpResult::Infeasible);
            }
        }
        // Runs touching the end are exempt: every label is a valid end.
        let mut ends: Vec<&Label> = layer
            .iter()
            .filter(|l| !key_minutes || l.mins >= self.min_total)
            .collect();
        if ends.is_empty() {
            return Err(DpResult::Infeasible);
        }
        ends.sort_by(|a, b| a.cost.total_cmp(&b.cost));
        let mut out = Vec::new();
        for best in ends.into_iter().take(k.max(1)) {
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
            out.push((best.cost, sched));
        }
        Ok(out)
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Inserts a label into its bucket unless dominated; removes labels it
/// dominates. Returns the change in the number of labels (0 or 1 net of
/// removals is not tracked exactly; returns 1 when inserted).
fn insert(b: &mut Vec<Label>, lab: Label) -> usize {
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
pub(crate) mod tests {
    use super::*;
    use crate::roster::eval::staff_violations;
    use crate::roster::{RosterProblem, ShiftType, StaffRules};
    use chrono::Weekday;

    /// One staff member with rules `st` over `days` days of `nt` shift
    /// types (no cover, no requests).
    pub(crate) fn problem(
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
        brute_masked(p, cost, &vec![vec![true; p.types()]; h], &vec![true; h])
    }

    /// Every schedule of staff `s` that keeps its rules (tiny cases).
    pub(crate) fn all_schedules(p: &RosterProblem, s: usize) -> Vec<Vec<Option<usize>>> {
        let (h, nt) = (p.days, p.types());
        (0..(nt + 1).pow(h as u32))
            .map(|code| {
                let mut c = code;
                (0..h)
                    .map(|_| {
                        let v = c % (nt + 1);
                        c /= nt + 1;
                        (v < nt).then_some(v)
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|a| staff_violations(p, s, a).is_empty())
            .collect()
    }

    /// Brute force over the schedules that work only cells with
    /// `can_work[d][t]` and rest only on days with `can_rest[d]`.
    fn brute_masked(
        p: &RosterProblem,
        cost: &[Vec<f64>],
        can_work: &[Vec<bool>],
        can_rest: &[bool],
    ) -> Option<f64> {
        all_schedules(p, 0)
            .iter()
            .filter(|a| {
                a.iter().enumerate().all(|(d, x)| match *x {
                    Some(t) => can_work[d][t],
                    None => can_rest[d],
                })
            })
            .map(|a| {
                (0..p.days)
                    .filter_map(|d| a[d].map(|t| cost[d][t]))
                    .sum::<f64>()
            })
            .reduce(f64::min)
    }

    /// Run rules of a small random case (`case` picks them).
    fn run_rules(case: usize, nt: usize) -> StaffRules {
        let mut st = StaffRules::new("A", vec![480, 300, 600][..nt].to_vec());
        st.max_consecutive = Some(2 + (case % 3) as u32);
        st.min_consecutive = Some(1 + (case % 3) as u32);
        st.min_days_off = Some(1 + (case / 3 % 2) as u32);
        st
    }

    #[test]
    fn matches_brute_force_on_small_cases() {
        let mut rng = crate::search::Rng::new(7);
        for case in 0..60 {
            let h = 6 + case % 4;
            let nt = 1 + case % 3;
            let mut st = run_rules(case, nt);
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
                    let dp = StaffDp::new(&p, 0);
                    // An effort limit at the search's own effort changes
                    // nothing; one below it gives up.
                    let full = dp.best(&cost, allowed, &rest, 1_000_000);
                    let effort = dp.last_effort();
                    assert!(effort >= dp.last_work() && effort > 0, "case {case}");
                    dp.set_effort_limit(Some(effort));
                    assert_eq!(dp.best(&cost, allowed, &rest, 1_000_000), full);
                    dp.set_effort_limit(Some(effort - 1));
                    assert_eq!(
                        dp.best(&cost, allowed, &rest, 1_000_000),
                        DpResult::TooBig,
                        "case {case}"
                    );
                    dp.set_effort_limit(None);
                    assert!(dp.relaxed_bound(&cost, allowed, &rest) <= c + 1e-9);
                    match dp.best_below(&cost, allowed, &rest, 1_000_000, c + 0.5) {
                        DpResult::Best(c2, _) => assert!((c2 - c).abs() < 1e-9),
                        other => panic!("case {case}: {other:?}"),
                    }
                    if let Ok(v) = dp.heuristic_k(&cost, allowed, &rest, f64::INFINITY, 3) {
                        for (hc, ha) in v {
                            assert!(hc >= c - 1e-9, "case {case}");
                            assert!(
                                staff_violations(&p, 0, &ha).is_empty(),
                                "case {case}: {ha:?}"
                            );
                        }
                    }
                    assert_eq!(
                        dp.best_below(&cost, allowed, &rest, 1_000_000, c),
                        DpResult::Infeasible
                    );
                }
                (DpResult::Infeasible, None) => {}
                (x, y) => panic!("case {case}: dp {x:?} brute {y:?}"),
            }
        }
    }

    /// `local_best` under local rules alone (no horizon-wide limit set)
    /// equals brute force over the same schedules with every worked weekend
    /// priced, and its schedule costs what it reports.
    #[test]
    fn local_best_matches_brute_force_with_weekend_prices() {
        let mut rng = crate::search::Rng::new(5);
        for case in 0..60 {
            let h = 6 + case % 4;
            let nt = 1 + case % 3;
            let mut st = run_rules(case, nt);
            st.unavailable.push((case % h, None));
            let forbidden = if nt > 1 { vec![(1, 0)] } else { vec![] };
            let mut p = problem(h, st, nt, forbidden);
            // Weekends fall on days 5-6 or, from a Thursday start, 2-3.
            if case % 2 == 1 {
                p.first_weekday = Weekday::Thu;
            }
            let weekend = rng.below(7) as f64 - 2.0;
            let cost: Vec<Vec<f64>> = (0..h)
                .map(|_| (0..nt).map(|_| (rng.below(21) as f64) - 10.0).collect())
                .collect();
            let weekends = p.weekends();
            let priced = |a: &[Option<usize>]| {
                let cells: f64 = (0..h).filter_map(|d| a[d].map(|t| cost[d][t])).sum();
                let worked = weekends
                    .iter()
                    .filter(|w| w.iter().any(|&d| a[d].is_some()));
                cells + weekend * worked.count() as f64
            };
            let allowed = &p.allowed()[0];
            let rest = vec![true; h];
            let dp = StaffDp::new(&p, 0);
            let got = dp.local_best(&cost, weekend, allowed, &rest);
            let best = all_schedules(&p, 0)
                .iter()
                .filter(|a| {
                    a.iter()
                        .enumerate()
                        .all(|(d, x)| x.is_none_or(|t| allowed[d][t]))
                })
                .map(|a| priced(a))
                .reduce(f64::min);
            match (got, best) {
                (Some((v, a)), Some(b)) => {
                    assert!((v - b).abs() < 1e-9, "case {case}: dp {v} brute {b}");
                    assert!((priced(&a) - v).abs() < 1e-9, "case {case}: {a:?}");
                    assert!(staff_violations(&p, 0, &a).is_empty(), "case {case}");
                }
                (None, None) => {}
                (x, y) => panic!("case {case}: dp {x:?} brute {y:?}"),
            }
        }
    }

    /// A paced search spends horizon-wide limits no faster than an even
    /// pace allows, even when earlier days are (slightly) cheaper, and
    /// still uses them in full by the end.
    #[test]
    fn paced_schedules_spread_weekends_and_minutes() {
        let h = 84;
        let mut st = StaffRules::new("A", vec![480]);
        st.max_weekends = Some(6);
        st.max_total_minutes = Some(42 * 480);
        let p = problem(h, st, 1, vec![]);
        let cost: Vec<Vec<f64>> = (0..h).map(|d| vec![-1.0 - 1e-3 * (h - d) as f64]).collect();
        let allowed = &p.allowed()[0];
        let rest = vec![true; h];
        let dp = StaffDp::new(&p, 0);
        // Whether schedule `a` keeps the pace on both limits every day.
        let keeps_pace = |a: &[Option<usize>]| {
            let (mut weekends, mut minutes) = (0, 0);
            (0..h).all(|d| {
                if a[d].is_some() {
                    minutes += 480;
                    if d % 7 == 5 || (d % 7 == 6 && a[d - 1].is_none()) {
                        weekends += 1;
                    }
                }
                weekends <= dp.paced(6, d) && minutes <= dp.paced(42 * 480, d)
            })
        };
        let worked = |a: &[Option<usize>]| a.iter().flatten().count();
        let DpResult::Best(_, free) = dp.best(&cost, allowed, &rest, 1_000_000) else {
            panic!("no unpaced schedule");
        };
        assert_eq!(worked(&free), 42);
        assert!(
            !keeps_pace(&free),
            "the unpaced optimum front-loads: {free:?}"
        );
        dp.set_pace(true);
        let DpResult::Best(_, paced) = dp.best(&cost, allowed, &rest, 1_000_000) else {
            panic!("no paced schedule");
        };
        let heuristic = dp.heuristic_k(&cost, allowed, &rest, f64::INFINITY, 1);
        dp.set_pace(false);
        assert_eq!(worked(&paced), 42);
        assert!(staff_violations(&p, 0, &paced).is_empty());
        assert!(keeps_pace(&paced), "{paced:?}");
        let (_, ha) = &heuristic.expect("a paced heuristic schedule")[0];
        assert_eq!(worked(ha), 42);
        assert!(keeps_pace(ha), "{ha:?}");
    }

    /// The masks branch-and-price puts on a staff member (a cell forced:
    /// no rest and one type that day; a cell or a rest forbidden) give the
    /// same optimum as brute force over the schedules that keep them.
    #[test]
    fn branching_masks_match_brute_force() {
        let mut rng = crate::search::Rng::new(11);
        for case in 0..80 {
            let h = 6 + case % 3;
            let nt = 1 + case % 3;
            let mut st = StaffRules::new("A", vec![480, 300, 600][..nt].to_vec());
            st.max_consecutive = Some(3);
            st.min_consecutive = Some(1 + (case % 2) as u32);
            st.min_days_off = Some(1 + (case / 2 % 2) as u32);
            st.max_weekends = Some((case % 2) as u32);
            st.min_total_minutes = Some(if case % 3 == 0 { 0 } else { 900 });
            st.max_total_minutes = Some(2400);
            let forbidden = if nt > 1 { vec![(1, 0)] } else { vec![] };
            let p = problem(h, st, nt, forbidden);
            let cost: Vec<Vec<f64>> = (0..h)
                .map(|_| (0..nt).map(|_| (rng.below(21) as f64) - 10.0).collect())
                .collect();
            let mut work = p.allowed()[0].clone();
            let mut rest = vec![true; h];
            for _ in 0..1 + case % 3 {
                let d = rng.below(h);
                let c = rng.below(nt + 1);
                let must = rng.below(2) == 0;
                let choice = (c < nt).then_some(c);
                crate::roster::branch::restrict_cell(&mut work, &mut rest, d, choice, must);
            }
            let dp = StaffDp::new(&p, 0).best(&cost, &work, &rest, 1_000_000);
            match (dp, brute_masked(&p, &cost, &work, &rest)) {
                (DpResult::Best(c, a), Some(b)) => {
                    assert!((c - b).abs() < 1e-9, "case {case}: dp {c} brute {b}");
                    assert!(staff_violations(&p, 0, &a).is_empty(), "case {case}");
                    for (d, x) in a.iter().enumerate() {
                        match *x {
                            Some(t) => assert!(work[d][t], "case {case}: day {d}"),
                            None => assert!(rest[d], "case {case}: day {d}"),
                        }
                    }
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
        // `DP_TIMING_FILES=a.txt,b.txt` times other instances.
        let files = std::env::var("DP_TIMING_FILES").unwrap_or_else(|_| {
            let (a, b) = (nrp::benchmark_path(8), nrp::benchmark_path(12));
            format!("{},{}", a.display(), b.display())
        });
        for path in files.split(',').filter(|f| !f.is_empty()) {
            let p = nrp::to_roster_problem(&nrp::read(std::path::Path::new(path)).unwrap());
            let allowed = p.allowed();
            let cost: Vec<Vec<f64>> = (0..p.days)
                .map(|d| {
                    (0..p.types())
                        .map(|t| ((d * 7 + t * 3) % 11) as f64 - 5.0)
                        .collect()
                })
                .collect();
            let rest = vec![true; p.days];
            for (s, al) in allowed.iter().enumerate().take(6) {
                let dp = StaffDp::new(&p, s);
                let t0 = std::time::Instant::now();
                let r = dp.heuristic_k(&cost, al, &rest, f64::INFINITY, 1);
                let (th, wh) = (t0.elapsed().as_secs_f64(), dp.last_work());
                let hv = r.map(|v| v[0].0).unwrap_or(f64::NAN);
                let t0 = std::time::Instant::now();
                let r = dp.best(&cost, al, &rest, 10_000_000);
                let v = if let DpResult::Best(c, _) = r {
                    c
                } else {
                    f64::NAN
                };
                eprintln!(
                    "{path} s{s}: heuristic {hv} {wh} ext {th:.3}s; exact {v} {} ext {:.3}s; relaxed {}",
                    dp.last_work(),
                    t0.elapsed().as_secs_f64(),
                    dp.last_bound()
                );
            }
        }
    }
}
