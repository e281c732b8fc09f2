//! The solve pipeline: construction by single-staff best responses, column
//! generation for the Dantzig–Wolfe bound, rounding and dives, then
//! branch-and-price (`branch`) in slices alternating with large
//! neighbourhood search around HiGHS sub-MIPs and fix-and-price; small
//! problems without a tree get the whole MILP with the incumbent as MIP
//! start.
//!
//! Every hard rule of the core is per staff member, so a roster whose rows
//! are each individually feasible is feasible, and a staff member without any
//! feasible schedule makes the whole problem infeasible. The construction
//! uses this: each staff member in turn gets their best schedule given the
//! others (an exact small MIP).

use std::time::{Duration, Instant};

use super::branch::Tree;
use super::colgen::{self, ColGen};
use super::lagrange;
use super::model::{Fixing, build_part};
use super::staff_dp::{DpResult, PACE_MIN_HORIZON, StaffDp};
use super::{Roster, RosterOptions, RosterProblem, RosterResult, eval};
use crate::solve::{Lp, SolveOptions, Status, relative_gap};

/// A small deterministic generator (xorshift64*), so runs repeat exactly.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x2545_F491_4F6C_DD1D | 1)
    }
    pub(crate) fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n` (n > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// Adaptive state of the neighbourhood search.
#[derive(Debug, Clone, Copy)]
struct HoodState {
    /// Target size (open cells) of sub-MIP neighbourhoods.
    target: usize,
    /// Days per window fix-and-price neighbourhood.
    w_window: usize,
    /// What each neighbourhood did (`HOODS` order).
    record: [Record; 6],
    iter: usize,
    /// Neighbourhoods since the last improvement.
    since: usize,
    /// Mean relative size of the improvements so far (the unit of
    /// [`Record`]'s gains).
    mean_gain: f64,
}

impl HoodState {
    fn new() -> Self {
        HoodState {
            target: 400,
            w_window: 7,
            record: [Record::default(); 6],
            iter: 0,
            since: 0,
            mean_gain: 0.0,
        }
    }
}

/// One neighbourhood's record: totals for the log, and recent gains and
/// seconds (each run discounts its own earlier ones by [`RECORD_DECAY`])
/// that give its selection weight, gain per second. A gain is an
/// improvement's relative size in units of the mean improvement so far.
/// Neighbourhoods differ a hundredfold in time (a sub-MIP over a few days:
/// 0.05 s; fix-and-price over a year: its whole 2 s), so a weight per run
/// would give the slow ones most of the time whatever they achieve.
#[derive(Debug, Default, Clone, Copy)]
struct Record {
    runs: usize,
    wins: usize,
    secs: f64,
    recent_gain: f64,
    recent_secs: f64,
    /// Not available (fix-and-price without a column pool).
    off: bool,
}

/// Weight of a run in a neighbourhood's record, relative to the next.
const RECORD_DECAY: f64 = 0.9;

impl Record {
    /// Gain per second, with a prior of half a mean improvement in one
    /// second so that every neighbourhood is tried and none is written off.
    fn weight(&self) -> f64 {
        if self.off {
            0.0
        } else {
            (self.recent_gain + 0.5) / (self.recent_secs + 1.0)
        }
    }

    fn add(&mut self, improved: bool, gain: f64, secs: f64) {
        self.runs += 1;
        self.wins += usize::from(improved);
        self.secs += secs;
        self.recent_gain = RECORD_DECAY * self.recent_gain + gain;
        self.recent_secs = RECORD_DECAY * self.recent_secs + secs;
    }
}

/// What one fix-and-price neighbourhood did.
#[derive(Debug, Default, Clone, Copy)]
struct Priced {
    /// It improved the incumbent.
    improved: bool,
    /// Its column generation converged in time.
    converged: bool,
}

/// Result of one sub-MIP.
struct Sub {
    status: Status,
    roster: Option<Roster>,
    objective: Option<f64>,
    seconds: f64,
}

/// The neighbourhoods of the search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hood {
    /// A few staff members, all days.
    Staff,
    /// All staff, a window of days.
    Days,
    /// More staff on a shorter window.
    StaffDays,
    /// The staff able to fix the worst cover entries, around their days.
    Cover,
    /// All staff on two windows of days apart, one around a penalised cover
    /// entry and one at random: the sub-MIP can trade horizon-wide limits
    /// (worked weekends, minutes, shifts per type) between them, which a
    /// single window cannot once the staff are at their limits.
    Apart,
    /// All staff re-optimised by column generation on a window of days,
    /// every other day as in the incumbent (fix-and-price over time).
    Window,
}

/// Share of the open staff fixed per dive step (at least one; all with an
/// integral choice are fixed too). Measured on Instances 8, 9, 12: 5% with up
/// to 20 generation rounds per step beat one-at-a-time (too slow) and 10%.
const DIVE_FIX_FRACTION: f64 = 0.05;

/// The time a search without a deadline plans its phases for (a day).
const UNLIMITED: f64 = 86_400.0;

/// Share of the time limit for dives from the global master.
const DIVES_SHARE: f64 = 0.35;

/// Length of a branch-and-price or neighbourhood slice, as a share of the
/// time limit.
const TREE_SLICE: f64 = 0.05;

/// Largest share of the time limit the root (global column generation)
/// may take for a branch-and-price tree to be built.
const TREE_ROOT_SHARE: f64 = 0.1;

/// Time limit of one neighbourhood (sub-MIP or fix-and-price), seconds.
const SUB_TIME: f64 = 2.0;

/// Seconds below which no neighbourhood is started.
const MIN_SUB_TIME: f64 = 0.01;

/// Most labels per day in the single-staff DP before falling back to a MIP.
const DP_CAP: usize = 200_000;

/// Effort (label extensions plus dominance tests, `StaffDp::last_effort`)
/// above which a best response gives up its exact DP for the heuristic one,
/// and keeps to the heuristic for that staff member from then on (for all
/// staff after [`EXACT_ABORTS`] such give-ups in a row). Effort
/// tracks time where extensions alone do not: the largest exact response
/// of Instances 1-12 takes 6.1 million (Instance8, 0.02 s); on Instance8
/// tiled 3 times (84 days) they take 0.7-1.7 billion, 1.6-2.9 s each (the
/// extensions, 2-3.5 million, stayed under the average of 2 million that
/// used to decide, since cheap responses pulled the average down).
const EXACT_RESPONSE_EFFORT: u64 = 20_000_000;

/// Exact best responses given up in a row after which all staff respond
/// heuristically (on Instance12 tiled 13 times every one is given up,
/// after 0.12 s: 7.2 s for a pass over its 60 staff).
const EXACT_ABORTS: usize = 3;

/// Label extensions per second of the DP, roughly (to turn time budgets into
/// deterministic work budgets).
const DP_WORK_PER_SEC: f64 = 3.0e7;

const HOODS: [Hood; 6] = [
    Hood::Staff,
    Hood::Days,
    Hood::StaffDays,
    Hood::Cover,
    Hood::Apart,
    Hood::Window,
];

pub(crate) struct Search<'a> {
    p: &'a RosterProblem,
    opts: &'a RosterOptions,
    start: Instant,
    /// Seconds the search had when it started (the deadline's time left);
    /// the phases take shares of it.
    limit: f64,
    rng: Rng,
    /// Number of possible (type) values per staff and day (0: unavailable).
    width: Vec<Vec<usize>>,
    pub(crate) best: Option<Roster>,
    pub(crate) best_obj: f64,
    pub(crate) bound: Option<f64>,
    /// A bound known without solving anything: 0 when no penalty is
    /// negative (the Lagrangian bound of a column generation cut short by
    /// the time limit can be far below it on a year-long instance). Applied
    /// where the bound is reported, not kept in `bound`, whose absence or
    /// sign says whether the decomposition gave a useful bound.
    floor: Option<f64>,
    pub(crate) log: Vec<String>,
    integral: bool,
    /// Proven infeasible.
    infeasible: bool,
    allowed: Vec<Vec<Vec<bool>>>,
    /// Cover entry index per (day, type).
    cover_at: Vec<Option<usize>>,
    /// The column generation state (pool of schedules), once started.
    cg: Option<ColGen<'a>>,
    /// The branch-and-price tree, once started.
    tree: Option<Tree>,
    /// Seconds the global column generation took (the root of the tree).
    root_secs: f64,
    /// Adaptive state of the neighbourhood search (kept across its slices).
    hoods: HoodState,
    /// The single-staff DPs.
    dps: Vec<StaffDp<'a>>,
    /// Staff whose exact best response took more than
    /// [`EXACT_RESPONSE_EFFORT`]: they respond heuristically.
    exact_too_big: Vec<bool>,
    /// Exact best responses given up in a row.
    exact_aborts: usize,
    /// Average time of a heuristic single-staff DP (measured in construction).
    heuristic_dp_work: f64,
    last_heuristic_work: u64,
}

impl<'a> Search<'a> {
    pub(crate) fn new(p: &'a RosterProblem, opts: &'a RosterOptions) -> Self {
        let allowed = p.allowed();
        let mut cover_at = vec![None; p.days * p.types()];
        for (c, cv) in p.cover.iter().enumerate() {
            cover_at[cv.day * p.types() + cv.shift] = Some(c);
        }
        let width = allowed
            .iter()
            .map(|days| {
                days.iter()
                    .map(|ts| ts.iter().filter(|a| **a).count())
                    .collect()
            })
            .collect();
        Search {
            p,
            opts,
            start: Instant::now(),
            limit: opts.deadline.remaining_or(UNLIMITED),
            rng: Rng::new(opts.seed),
            width,
            best: None,
            best_obj: f64::INFINITY,
            bound: None,
            floor: p.nonnegative_weights().then_some(0.0),
            log: Vec::new(),
            integral: p.integral_weights(),
            infeasible: false,
            allowed,
            cover_at,
            cg: None,
            tree: None,
            root_secs: 0.0,
            hoods: HoodState::new(),
            dps: (0..p.staff.len()).map(|s| StaffDp::new(p, s)).collect(),
            exact_too_big: vec![false; p.staff.len()],
            exact_aborts: 0,
            heuristic_dp_work: 0.0,
            last_heuristic_work: 0,
        }
    }

    fn elapsed(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    fn remaining(&self) -> f64 {
        self.opts.deadline.remaining_or(UNLIMITED - self.elapsed())
    }

    fn note(&mut self, msg: String) {
        let line = format!("{:8.2}s  {msg}", self.elapsed());
        if self.opts.verbose {
            eprintln!("{line}");
        }
        self.log.push(line);
    }

    /// Raises the bound to `b` if that is higher.
    fn raise_bound(&mut self, b: f64) {
        self.bound = Some(self.bound.map_or(b, |x: f64| x.max(b)));
    }

    /// A bound rounded up when all weights are integers (every objective
    /// value is then an integer).
    fn rounded(&self, b: f64) -> f64 {
        // (+ 0.0 turns the -0 that ceil gives just below 0 into 0.)
        if self.integral {
            (b - 1e-6).ceil() + 0.0
        } else {
            b
        }
    }

    /// The bound rounded up when all weights are integers, and at least
    /// the floor (none for a problem proven infeasible: no roster to bound).
    fn effective_bound(&self) -> Option<f64> {
        let b = self.bound.map(|b| self.rounded(b));
        match (b, self.floor.filter(|_| !self.infeasible)) {
            (Some(b), Some(f)) => Some(b.max(f)),
            (b, f) => b.or(f),
        }
    }

    fn proven(&self) -> bool {
        match self.effective_bound() {
            Some(b) => self.best_obj <= b + 1e-9 || relative_gap(self.best_obj, b) <= self.opts.gap,
            None => false,
        }
    }

    fn done(&self) -> bool {
        self.infeasible
            || self.remaining() <= 0.0
            || self.proven()
            || self.opts.target.is_some_and(|t| self.best_obj <= t + 1e-9)
            || self.proven_by_portfolio()
    }

    /// Another search of the portfolio holds a roster at the shared bound.
    fn proven_by_portfolio(&self) -> bool {
        let Some(sh) = &self.opts.shared else {
            return false;
        };
        let bound = match (self.effective_bound(), sh.0.bound()) {
            (Some(a), Some(b)) => Some(a.max(self.rounded(b))),
            (a, b) => a.or(b),
        };
        bound.is_some_and(|b| sh.0.best_obj() <= b + 1e-9)
    }

    /// Portfolio step: publish this search's incumbent and bound, adopt a
    /// better roster or bound found by another search.
    fn sync(&mut self) {
        let Some(sh) = self.opts.shared.clone() else {
            return;
        };
        if let Some(b) = self.bound {
            sh.0.raise_bound(b);
        }
        if let Some(b) = sh.0.bound() {
            self.raise_bound(b);
        }
        if let Some(r) = &self.best {
            sh.0.offer(self.best_obj, r);
        }
        if let Some((obj, r)) = sh.0.better_than(self.best_obj) {
            if let Some(cg) = self.cg.as_mut() {
                cg.add_roster(&r);
            }
            self.note(format!("adopted {obj} from another search"));
            self.best_obj = obj;
            self.best = Some(r);
        }
    }

    /// Solves the sub-MIP where the cells with `free[s][d]` are open and the
    /// others keep their value in `base`.
    fn sub_solve(&self, base: &Roster, free: &[Vec<bool>], time: f64, hint: bool) -> Sub {
        let mut lp = Lp::new();
        let vars = build_part(
            self.p,
            &mut lp,
            &self.opts.build,
            Some(Fixing {
                incumbent: base,
                free,
            }),
        );
        if hint {
            vars.hint(self.p, base, &mut lp);
        }
        let out = lp.solve(&SolveOptions {
            deadline: self.opts.deadline.within(time.max(0.01)),
            gap: 0.0,
            threads: 1,
            seed: 0,
            verbose: false,
            ..SolveOptions::default()
        });
        let roster = out.values.as_ref().map(|v| vars.roster(v));
        let objective = roster.as_ref().map(|r| eval::objective(self.p, r));
        Sub {
            status: out.status,
            roster,
            objective,
            seconds: out.seconds,
        }
    }

    /// Staff members whose schedule in `r` breaks a rule.
    fn broken_staff(&self, r: &Roster, staff: impl Iterator<Item = usize>) -> Vec<usize> {
        staff
            .filter(|&s| !eval::staff_violations(self.p, s, &r.assign[s]).is_empty())
            .collect()
    }

    /// Cost of staff `s` working each (day, type) given everyone else in `r`:
    /// requests, and cover at the margin.
    fn marginal_costs(&self, r: &Roster, s: usize) -> Vec<Vec<f64>> {
        let (nd, nt) = (self.p.days, self.p.types());
        let mut cost = vec![vec![0.0; nt]; nd];
        let count = r.counts(nd, nt, Some(s));
        for d in 0..nd {
            for t in 0..nt {
                if let Some(c) = self.cover_at[d * nt + t] {
                    let cv = &self.p.cover[c];
                    cost[d][t] = if count[d * nt + t] < cv.requirement {
                        -cv.weight_under
                    } else {
                        cv.weight_over
                    };
                }
            }
        }
        for q in &self.p.requests {
            if q.staff == s {
                cost[q.day][q.shift] += if q.on { -q.weight } else { q.weight };
            }
        }
        cost
    }

    /// A good schedule of staff `s` with everyone else as in `r`: the best
    /// one by the exact DP when `exact` (and the DP is cheap enough),
    /// otherwise by the heuristic DP; a single-staff sub-MIP when the DP
    /// cannot answer. `Err(true)`: no schedule exists; `Err(false)`: none
    /// found in `time` seconds. When `paced`, the DPs keep an even pace on
    /// horizon-wide limits ([`StaffDp::set_pace`]), and finding nothing
    /// gives `Err(false)` (no proof, no sub-MIP).
    fn respond(
        &mut self,
        r: &Roster,
        s: usize,
        time: f64,
        exact: bool,
        paced: bool,
    ) -> Result<Vec<Option<usize>>, bool> {
        let cost = self.marginal_costs(r, s);
        let nd = self.p.days;
        let rest = vec![true; nd];
        let t0 = Instant::now();
        let deadline = t0 + std::time::Duration::from_secs_f64(time.max(0.001));
        let dp = &self.dps[s];
        dp.set_deadline(Some(deadline));
        dp.set_pace(paced);
        let mut exact_res = None;
        if exact && !self.exact_too_big[s] {
            dp.set_effort_limit(Some(EXACT_RESPONSE_EFFORT));
            let res = dp.best(&cost, &self.allowed[s], &rest, DP_CAP);
            dp.set_effort_limit(None);
            if matches!(res, DpResult::TooBig) && dp.last_effort() > EXACT_RESPONSE_EFFORT {
                self.exact_too_big[s] = true;
                self.exact_aborts += 1;
                if self.exact_aborts >= EXACT_ABORTS {
                    self.exact_too_big.fill(true);
                }
            } else {
                self.exact_aborts = 0;
                exact_res = Some(res);
            }
        }
        let res = if let Some(res) = exact_res {
            res
        } else {
            let res = dp.heuristic_k(&cost, &self.allowed[s], &rest, f64::INFINITY, 1);
            self.last_heuristic_work = dp.last_work();
            match res {
                Ok(mut v) => {
                    let (c, a) = v.swap_remove(0);
                    DpResult::Best(c, a)
                }
                Err(DpResult::Infeasible) if !paced => {
                    // Not a proof: ask the exact DP.
                    dp.best(&cost, &self.allowed[s], &rest, DP_CAP)
                }
                Err(e) => e,
            }
        };
        dp.set_deadline(None);
        dp.set_pace(false);
        match res {
            DpResult::Best(_, a) => Ok(a),
            _ if paced => Err(false),
            DpResult::Infeasible => Err(true),
            DpResult::TooBig => {
                let left = deadline
                    .saturating_duration_since(Instant::now())
                    .as_secs_f64();
                if left <= 0.01 {
                    return Err(false);
                }
                let mut free = vec![vec![false; nd]; self.p.staff.len()];
                free[s] = vec![true; nd];
                let sub = self.sub_solve(r, &free, left, false);
                match (sub.status, sub.roster) {
                    (_, Some(nr)) => Ok(nr.assign[s].clone()),
                    (Status::Infeasible, None) => Err(true),
                    _ => Err(false),
                }
            }
        }
    }

    /// Whether construction keeps an even pace on horizon-wide limits
    /// (long horizons only). Best responses do not: pacing them too (the
    /// paced response first, the unpaced one when only that improves)
    /// made the best responses on Instance12 tiled 13x end 5 % lower, but
    /// the 60 s results were no better elsewhere (Year22 93,540 against
    /// 89,958, Instance12 tiled 2x 10,943 against 10,076), for up to
    /// twice the DP work.
    fn paces(&self) -> bool {
        self.p.days > PACE_MIN_HORIZON
    }

    /// Builds a first roster staff member by staff member. Returns false when
    /// no roster was found (infeasible, or out of time).
    pub(crate) fn construct(&mut self) -> bool {
        let (ns, nd) = (self.p.staff.len(), self.p.days);
        let mut r = Roster::empty(ns, nd);
        let t0 = Instant::now();
        let mut work = 0u64;
        let mut unpaced = 0;
        // On long horizons, where construction is costly, the portfolio's
        // odd searches take the staff in reverse order: a second roster,
        // not the same one twice.
        let pace = self.paces();
        let reverse = pace && self.opts.search % 2 == 1;
        for i in 0..ns {
            let s = if reverse { ns - 1 - i } else { i };
            let left = ns - i;
            // A roster is a must: up to 80% of the time, shared fairly.
            let time = (self.remaining() * 0.8 / left as f64).max(self.remaining().min(1.0));
            // At an even pace on horizon-wide limits when that is possible
            // (a paced search proves nothing when it finds nothing).
            let paced = if pace {
                self.respond(&r, s, time, false, true).ok()
            } else {
                None
            };
            let got = match paced {
                Some(a) => Ok(a),
                None => {
                    unpaced += usize::from(pace);
                    self.respond(&r, s, time, false, false)
                }
            };
            match got {
                Ok(a) => {
                    r.assign[s] = a;
                    work += self.last_heuristic_work;
                }
                Err(true) => {
                    self.infeasible = true;
                    self.note(format!(
                        "staff {} has no schedule that keeps every hard rule: infeasible",
                        self.p.staff[s].id
                    ));
                    return false;
                }
                Err(false) => {
                    self.note(format!(
                        "construction stopped at staff {}",
                        self.p.staff[s].id
                    ));
                    return false;
                }
            }
        }
        let broken = self.broken_staff(&r, 0..ns);
        if !broken.is_empty() {
            self.note(format!("construction left {} staff broken", broken.len()));
            return false;
        }
        self.best_obj = eval::objective(self.p, &r);
        self.best = Some(r);
        self.heuristic_dp_work = work as f64 / ns.max(1) as f64;
        self.note(format!(
            "constructed: {} in {:.2}s ({:.0} label extensions per staff member, {unpaced} not paced)",
            self.best_obj,
            t0.elapsed().as_secs_f64(),
            self.heuristic_dp_work
        ));
        true
    }

    /// Best-response passes over all staff in random order until none
    /// improves (or `max_passes`). Returns whether anything improved.
    fn respond_passes(&mut self, max_passes: usize, until: f64) -> bool {
        let ns = self.p.staff.len();
        let mut any = false;
        for _ in 0..max_passes {
            if self.elapsed() >= until {
                break;
            }
            let mut order: Vec<usize> = (0..ns).collect();
            self.rng.shuffle(&mut order);
            let mut improved = false;
            for s in order {
                if self.done() || self.elapsed() >= until {
                    return any;
                }
                let mut r = self.best.clone().expect("incumbent");
                let time = self.remaining().min(2.0);
                let Ok(a) = self.respond(&r, s, time, true, false) else {
                    continue;
                };
                if a == r.assign[s] || !eval::staff_violations(self.p, s, &a).is_empty() {
                    continue;
                }
                r.assign[s] = a;
                let obj = eval::objective(self.p, &r);
                if obj < self.best_obj - 1e-9 {
                    self.best_obj = obj;
                    self.best = Some(r);
                    improved = true;
                } else if obj <= self.best_obj + 1e-9 {
                    // Same cost, different schedule: move (plateau).
                    self.best = Some(r);
                }
            }
            if !improved {
                break;
            }
            any = true;
        }
        if any {
            self.note(format!("best responses: {}", self.best_obj));
        }
        any
    }

    /// Tries to improve the incumbent on the cells `free`. Returns whether it improved.
    fn improve(&mut self, free: &[Vec<bool>], time: f64, what: &str) -> (bool, Sub) {
        let base = self.best.clone().expect("incumbent");
        let mut sub = self.sub_solve(&base, free, time, true);
        let mut improved = false;
        if let (Some(r), Some(obj)) = (sub.roster.take(), sub.objective)
            && obj < self.best_obj - 1e-9
        {
            let changed: Vec<usize> = (0..self.p.staff.len())
                .filter(|&s| r.assign[s] != base.assign[s])
                .collect();
            let broken = self.broken_staff(&r, changed.into_iter());
            if broken.is_empty() {
                self.note(format!("{what}: {} -> {obj}", self.best_obj));
                self.best_obj = obj;
                self.best = Some(r);
                improved = true;
            } else {
                self.note(format!("{what}: rejected a sub-MIP roster breaking rules"));
            }
        }
        (improved, sub)
    }

    /// Solves the LP relaxation of the whole model for a first bound.
    pub(crate) fn root_bound(&mut self, time: f64) {
        let mut lp = Lp::new();
        let _ = build_part(self.p, &mut lp, &self.opts.build, None);
        lp.set_relaxation(true);
        lp.set_option("solver", "ipm");
        // With crossover: without it HiGHS's interior point stopped on an
        // 84-day instance (Instance8 tiled 3 times) with a solution but no
        // optimal status, which gives no bound; with it, 3701.4 in 4.9 s.
        lp.set_option("run_crossover", "on");
        let out = lp.solve(&SolveOptions {
            deadline: self.opts.deadline.within(time.max(0.01)),
            gap: 0.0,
            threads: 1,
            seed: 0,
            verbose: false,
            ..SolveOptions::default()
        });
        if out.status == Status::Optimal {
            if let Some(b) = out.bound {
                // The optimum is accurate to the solver's tolerances: keep a
                // margin.
                let b = b - 1e-6 * b.abs().max(1.0);
                self.raise_bound(b);
                self.note(format!("LP bound {b:.3} ({:.1}s)", out.seconds));
            }
        } else if out.status == Status::Infeasible {
            self.infeasible = true;
        } else {
            self.note(format!(
                "LP bound: none in {:.1}s ({:?})",
                out.seconds, out.status
            ));
        }
    }

    /// A Lagrangian bound with the horizon-wide limits priced
    /// (`lagrange`), within `time` seconds.
    pub(crate) fn lagrange_bound(&mut self, time: f64) {
        let cg = ColGen::new(self.p);
        let deadline = Instant::now() + Duration::from_secs_f64(time.max(0.0));
        let best = self.best.clone().expect("incumbent");
        let mut lines = Vec::new();
        let b = lagrange::bound(&cg, &best, self.best_obj, deadline, &mut |l| lines.push(l));
        for l in lines {
            self.note(l);
        }
        if let Some(b) = b {
            // Sums of floating-point prices: keep a margin.
            self.raise_bound(b - 1e-6 * b.abs().max(1.0));
        }
    }

    /// A column pool holding the incumbent, whose pricing knows the
    /// construction's DP work (`ColGen::expect_exact_work`).
    fn pool(&self) -> ColGen<'a> {
        let mut cg = ColGen::new(self.p);
        cg.expect_exact_work(self.heuristic_dp_work);
        cg.add_roster(self.best.as_ref().expect("incumbent"));
        cg
    }

    /// Number of decision values in a free set.
    fn size_of(&self, free: &[Vec<bool>]) -> usize {
        let mut n = 0;
        for (s, days) in free.iter().enumerate() {
            for (d, f) in days.iter().enumerate() {
                if *f {
                    n += self.width[s][d];
                }
            }
        }
        n
    }

    /// Picks a neighbourhood of about `target` decision values.
    fn neighbourhood(&mut self, hood: Hood, target: usize) -> Vec<Vec<bool>> {
        let (ns, nd) = (self.p.staff.len(), self.p.days);
        let mut free = vec![vec![false; nd]; ns];
        let per_staff: Vec<usize> = self.width.iter().map(|w| w.iter().sum()).collect();
        let total: usize = per_staff.iter().sum::<usize>().max(1);
        let avg_cell = (total as f64 / (ns * nd) as f64).max(1.0);
        match hood {
            Hood::Staff | Hood::Window => {
                let mut order: Vec<usize> = (0..ns).collect();
                self.rng.shuffle(&mut order);
                let mut n = 0;
                for s in order {
                    if n >= target {
                        break;
                    }
                    free[s] = vec![true; nd];
                    n += per_staff[s];
                }
            }
            Hood::Days => {
                let w = ((target as f64 / (avg_cell * ns as f64)).round() as usize).clamp(1, nd);
                let a = self.rng.below(nd - w + 1);
                if w == 1 && avg_cell * ns as f64 > 2.0 * target as f64 {
                    // Even one day is too big: a random part of the staff.
                    let k = (target as f64 / avg_cell).ceil() as usize;
                    let mut order: Vec<usize> = (0..ns).collect();
                    self.rng.shuffle(&mut order);
                    for &s in order.iter().take(k.max(1)) {
                        free[s][a] = true;
                    }
                } else {
                    for row in free.iter_mut() {
                        for f in row.iter_mut().skip(a).take(w) {
                            *f = true;
                        }
                    }
                }
            }
            Hood::StaffDays => {
                let w = (nd / 2).clamp(1, 14.max(nd / 4)).min(nd);
                let k = ((target as f64 / (avg_cell * w as f64)).round() as usize).clamp(1, ns);
                let a = self.rng.below(nd - w + 1);
                let mut order: Vec<usize> = (0..ns).collect();
                self.rng.shuffle(&mut order);
                for &s in order.iter().take(k) {
                    for f in free[s].iter_mut().skip(a).take(w) {
                        *f = true;
                    }
                }
            }
            Hood::Apart => {
                // Each window half the target; the first around a
                // penalised cover entry's day, the second anywhere else.
                let w = ((target as f64 / (2.0 * avg_cell * ns as f64)).round() as usize)
                    .clamp(1, (nd / 2).max(1));
                let pens = self.cover_penalties();
                let Some(c) = self.pick_penalised(&pens) else {
                    return self.neighbourhood(Hood::Days, target);
                };
                let d = self.p.cover[c].day;
                let a = d.saturating_sub(w / 2).min(nd - w);
                // The second window's start among those not overlapping the first.
                let starts: Vec<usize> =
                    (0..=nd - w).filter(|&b| b + w <= a || b >= a + w).collect();
                if starts.is_empty() {
                    return self.neighbourhood(Hood::Days, target);
                }
                let b = starts[self.rng.below(starts.len())];
                for row in free.iter_mut() {
                    for f in row.iter_mut().skip(a).take(w) {
                        *f = true;
                    }
                    for f in row.iter_mut().skip(b).take(w) {
                        *f = true;
                    }
                }
            }
            Hood::Cover => {
                let pens = self.cover_penalties();
                if pens.is_empty() {
                    return self.neighbourhood(Hood::Staff, target);
                }
                let mut n = 0;
                let mut tries = 0;
                while n < target && tries < 8 {
                    tries += 1;
                    let Some(c) = self.pick_penalised(&pens) else {
                        break;
                    };
                    let d = self.p.cover[c].day;
                    let w = 7.min(nd);
                    let a = d.saturating_sub(w / 2).min(nd - w);
                    let mut cand: Vec<usize> = (0..ns).collect();
                    self.rng.shuffle(&mut cand);
                    for s in cand {
                        if n >= target {
                            break;
                        }
                        if self.width[s][d] == 0 {
                            continue;
                        }
                        for (f, wd) in free[s].iter_mut().zip(&self.width[s]).skip(a).take(w) {
                            if !*f {
                                *f = true;
                                n += wd;
                            }
                        }
                    }
                }
            }
        }
        free
    }

    /// The incumbent's cover entries with a penalty, and the penalty.
    fn cover_penalties(&self) -> Vec<(usize, f64)> {
        let (nd, nt) = (self.p.days, self.p.types());
        let count = self.best.as_ref().expect("incumbent").counts(nd, nt, None);
        (self.p.cover.iter().enumerate())
            .map(|(c, cv)| {
                let (u, o) = eval::cover_penalty(self.p, c, count[cv.day * nt + cv.shift]);
                (c, u + o)
            })
            .filter(|(_, pen)| *pen > 0.0)
            .collect()
    }

    /// A cover entry of `pens` drawn with probability proportional to its
    /// penalty (`None` when there is none).
    fn pick_penalised(&mut self, pens: &[(usize, f64)]) -> Option<usize> {
        let sum: f64 = pens.iter().map(|x| x.1).sum();
        let mut pick = self.rng.unit() * sum;
        for &(c, pen) in pens {
            if pick < pen {
                return Some(c);
            }
            pick -= pen;
        }
        pens.last().map(|x| x.0)
    }

    /// The neighbourhood search until the time is up or the incumbent is proven.
    pub(crate) fn lns(&mut self, until: f64) {
        let HoodState {
            mut target,
            mut w_window,
            mut record,
            mut iter,
            mut since,
            mut mean_gain,
        } = self.hoods;
        if iter == 0 {
            // Fix-and-price needs the column pool; with it, it starts
            // ahead (one mean improvement in hand).
            for (_, r) in HOODS
                .iter()
                .zip(&mut record)
                .filter(|(h, _)| **h == Hood::Window)
            {
                r.off = self.cg.is_none();
                r.recent_gain = 1.0;
            }
        }
        while !self.done() && self.elapsed() < until {
            self.sync();
            iter += 1;
            if since > 0 && since.is_multiple_of(40) {
                let until = self.elapsed() + self.limit * 0.05;
                self.respond_passes(3, until);
            }
            let before = self.best_obj;
            let weights = record.map(|r| r.weight());
            let sum: f64 = weights.iter().sum();
            let mut pick = self.rng.unit() * sum;
            let mut h = 0;
            for (i, w) in weights.iter().enumerate() {
                if pick < *w {
                    h = i;
                    break;
                }
                pick -= w;
            }
            let hood = HOODS[h];
            let time = (until - self.elapsed()).min(SUB_TIME);
            if time <= MIN_SUB_TIME {
                break;
            }
            // The end of a slice cut this neighbourhood's time short: its
            // failure says nothing about its size or weight.
            let cut_short = time < SUB_TIME - 1e-9;
            let started = self.elapsed();
            let improved = if hood == Hood::Window {
                // Wider while its generation converges within half its
                // time, narrower when it does not converge at all.
                let t0 = Instant::now();
                let out = self.window_hood(w_window, time);
                let secs = t0.elapsed().as_secs_f64();
                if out.converged && secs < 0.5 * time {
                    w_window += 1;
                } else if !out.converged && !cut_short {
                    w_window = w_window.saturating_sub(1);
                }
                w_window = w_window.clamp(2, self.p.days.max(2));
                out.improved
            } else {
                let free = self.neighbourhood(hood, target);
                let size = self.size_of(&free);
                let (improved, sub) = self.improve(&free, time, &format!("{hood:?}[{size}]"));
                let solved = sub.status == Status::Optimal;
                // Adapt the size: grow while sub-MIPs solve, shrink when they
                // don't (not when the end of a slice cut the time short).
                if solved && sub.seconds < 1.0 {
                    target = (target as f64 * 1.08) as usize;
                } else if !solved && !cut_short {
                    target = (target as f64 * 0.85) as usize;
                }
                target = target.clamp(50, 50_000);
                improved
            };
            // An improvement counts by its size relative to the mean one:
            // on a tiling of Instance8 the window neighbourhood improves
            // in larger steps than the sub-MIPs.
            let mut gain = 0.0;
            if improved {
                let g = ((before - self.best_obj) / before.abs().max(1.0)).max(0.0);
                let wins = 1 + record.iter().map(|r| r.wins).sum::<usize>();
                mean_gain += (g - mean_gain) / wins as f64;
                gain = if mean_gain > 0.0 { g / mean_gain } else { 1.0 };
            }
            record[h].add(improved, gain, self.elapsed() - started);
            let over = self.elapsed() - (started + time);
            if over > 0.1 {
                self.note(format!(
                    "{hood:?} neighbourhood overran its {time:.2}s by {over:.2}s"
                ));
            }
            if improved {
                since = 0;
            } else {
                since += 1;
            }
        }
        let per: Vec<String> = HOODS
            .iter()
            .zip(&record)
            .filter(|(_, r)| r.runs > 0)
            .map(|(h, r)| format!("{h:?} {}/{} in {:.1}s", r.wins, r.runs, r.secs))
            .collect();
        self.note(format!(
            "lns: {iter} iterations, size {target}, window {w_window} ({})",
            per.join(", ")
        ));
        self.hoods = HoodState {
            target,
            w_window,
            record,
            iter,
            since,
            mean_gain,
        };
    }

    /// The whole model with the incumbent as MIP start, for 20 % of the
    /// time limit (at most 15 s and the time left), so that the
    /// neighbourhoods keep time when HiGHS does not close the gap.
    pub(crate) fn full_mip(&mut self) {
        let time = (self.limit * 0.2).min(15.0).min(self.remaining());
        let mut lp = Lp::new();
        let vars = build_part(self.p, &mut lp, &self.opts.build, None);
        if let Some(b) = &self.best {
            vars.hint(self.p, b, &mut lp);
        }
        let out = lp.solve(&SolveOptions {
            deadline: self.opts.deadline.within(time.max(0.01)),
            gap: self.opts.gap,
            threads: self.opts.threads.max(1),
            seed: 0,
            verbose: self.opts.verbose,
            ..SolveOptions::default()
        });
        if let Some(b) = out.bound {
            self.raise_bound(b);
        }
        if out.status == Status::Infeasible && self.best.is_none() {
            self.infeasible = true;
        }
        if let Some(v) = &out.values {
            let r = vars.roster(v);
            let obj = eval::objective(self.p, &r);
            if obj < self.best_obj - 1e-9 && self.broken_staff(&r, 0..self.p.staff.len()).is_empty()
            {
                self.best_obj = obj;
                self.best = Some(r);
            }
        }
        self.note(format!(
            "full MIP: {:?} obj {:?} bound {:?} ({:.1}s)",
            out.status, self.best_obj, out.bound, out.seconds
        ));
    }
}

/// Integer variables of the whole compact model above which the full MIP is
/// not attempted (measured: HiGHS proves the small benchmark instances within
/// seconds once given the incumbent, and stalls on the larger ones).
const FULL_MIP_MAX: usize = 1_000;

/// Integer variables above which the compact LP relaxation is not solved
/// for a bound (its presolve does not watch the clock).
const ROOT_LP_MAX: usize = 100_000;

/// Solves a roster problem by `opts.deadline`.
pub fn solve(p: &RosterProblem, opts: &RosterOptions) -> RosterResult {
    let mut s = Search::new(p, opts);
    if let Err(e) = p.validate() {
        s.note(e.to_string());
        return s.result(Status::Infeasible);
    }
    let tl = s.limit;
    if s.construct() {
        s.respond_passes(50, tl * 0.3);
        // One round of pricing costs about a heuristic DP per staff member:
        // the global column generation only when that is cheap.
        let round = s.heuristic_dp_work * p.staff.len() as f64 / DP_WORK_PER_SEC;
        // The searches of a portfolio share one bound. When its rounds
        // price heuristically (too big for exact DPs), column generation
        // gives a bound only once it converges, which on long horizons it
        // does not within its share (a 364-day, 50-staff instance at 600 s:
        // 83 rounds in 150 s, master LP 125,645 against rosters of 57,240,
        // no bound): the first search alone tries it, and the Lagrangian
        // bound, while the others search for rosters from the start.
        let lead = opts.search == 0;
        let exact = colgen::prices_exactly(s.heuristic_dp_work, p.staff.len());
        if !s.done() && round <= tl * 0.01 && (lead || exact) {
            s.colgen(s.elapsed() + tl * 0.25);
        }
        s.sync();
        let converged = s.cg.as_ref().is_some_and(|cg| cg.converged);
        if !s.done() && lead && !converged {
            // No Dantzig–Wolfe bound: the Lagrangian bound with the
            // horizon-wide limits priced, then in what is left of the share
            // the compact LP relaxation. The Lagrangian beats it where
            // both finish (Instance8 tiled 3 times: 3,835 in 1.7 s against
            // 3,701 in 4.8 s) and where it does not finish in its share
            // (56 days and more: Instance12 tiled twice 8,068, 13 times
            // 50,864), but its steps stop short where per-person limits
            // decide (Instance9 tiled twice: 57 in 1.1 s, compact LP 82.6).
            let share_end = s.elapsed() + tl * 0.1;
            s.lagrange_bound((tl * 0.1).min(s.remaining()));
            let left = (share_end - s.elapsed()).min(s.remaining());
            if !s.done() && left > 0.5 && s.binaries() <= ROOT_LP_MAX {
                s.root_bound(left);
            }
        }
        if !s.done() && s.cg.is_some() {
            // Round the master LP, then dive (also when the master has not
            // converged).
            if s.round_lp() {
                s.respond_passes(10, s.elapsed() + tl * 0.05);
            }
            // Dives differ by path (which staff are fixed first): more of
            // them, with more random tie-breaking, while they pay off. Only
            // from a converged master: on a 364-day, 50-staff instance the
            // master was still far from converged after 21 rounds, and each
            // of two dives spent its 18 s (of 120 s) on its first master
            // solve, while the neighbourhoods improved the incumbent by 13 %
            // in the 30 s they had left.
            let dives_until = if converged {
                s.elapsed() + tl * DIVES_SHARE
            } else {
                s.note("no dives: the master did not converge".into());
                s.elapsed()
            };
            let mut failed = 0;
            let mut noise = 1e-3;
            while !s.done() && failed < 2 && s.elapsed() < dives_until - tl * 0.05 {
                s.sync();
                let before = s.best_obj;
                let until = (s.elapsed() + tl * 0.15).min(dives_until);
                s.dive(20, until, noise);
                failed = if s.best_obj < before { 0 } else { failed + 1 };
                noise = 0.1;
                if s.elapsed() >= until - MIN_SUB_TIME {
                    // Out of time, the dive rounded its last LP: another
                    // would too (Instance12 at 60 s: two dives of 9 s each
                    // ended at 7,300-7,500, where the neighbourhoods then
                    // reached 4,262 from 6,905 in the 35 s left).
                    s.note("no more dives: the last ran out of time".into());
                    break;
                }
            }
        }
        // The compact MIP only when no search of the portfolio has a tree
        // (Instance1: the tree proves 607 in 0.3 s, the MIP in 1.4 s).
        if !s.done() && s.small_model() && !(s.opts.branch && s.root_solved()) {
            s.full_mip();
        }
        if !s.done() {
            if s.cg.is_none() {
                // Keep a column pool for fix-and-price neighbourhoods.
                s.cg = Some(s.pool());
            }
            s.alternate(tl);
        }
    }
    s.sync();
    let status = if s.infeasible {
        Status::Infeasible
    } else if s.best.is_some() && s.proven() {
        Status::Optimal
    } else if s.remaining() <= MIN_SUB_TIME || s.best.is_none() {
        // (The search stops once no neighbourhood fits in the time left.)
        Status::TimeLimit
    } else {
        Status::Feasible
    };
    s.result(status)
}

impl Search<'_> {
    /// Column generation for the Dantzig–Wolfe bound (global), keeping the
    /// column pool for the neighbourhoods.
    fn colgen(&mut self, until: f64) {
        let mut cg = self.pool();
        let base = self.best.clone().expect("incumbent");
        let at = |t: f64| self.start + std::time::Duration::from_secs_f64(t.max(0.0));
        let deadline = at(until);
        let checkpoint = at((self.elapsed() + until) / 2.0);
        let stop_at = self.stop_at();
        let mut lines = Vec::new();
        let t0 = Instant::now();
        cg.run(&base, checkpoint, deadline, stop_at, &mut |l| lines.push(l));
        self.root_secs = t0.elapsed().as_secs_f64();
        for l in lines {
            self.note(l);
        }
        if cg.lb.is_finite() {
            self.raise_bound(cg.lb);
        }
        self.cg = Some(cg);
    }

    /// Rounds the last global master LP (`ColGen::round`; every column keeps
    /// its staff member's rules, so this is a roster). Returns whether it
    /// improved the incumbent.
    fn round_lp(&mut self) -> bool {
        let Some(cg) = self.cg.as_ref() else {
            return false;
        };
        let r = cg.round(&cg.last_lambda, self.best.as_ref().expect("incumbent"));
        let n = cg.last_lambda.iter().filter(|x| x.1 > 1e-6).count();
        self.note(format!(
            "LP rounding ({n} columns in the LP): {}",
            eval::objective(self.p, &r)
        ));
        self.offer(r, "LP rounding")
    }

    /// One dive from the global master for a roster.
    fn dive(&mut self, iters_per_step: usize, until: f64, noise: f64) {
        let Some(mut cg) = self.cg.take() else {
            return;
        };
        let ns = self.p.staff.len();
        let deadline = self.start + std::time::Duration::from_secs_f64(until.min(self.limit));
        let mut lines = Vec::new();
        let mut rng = self.rng.clone();
        let base = self.best.clone().expect("incumbent");
        let (iters, frac) = (iters_per_step, DIVE_FIX_FRACTION);
        let r = cg.dive(
            &vec![true; ns],
            &base,
            deadline,
            self.stop_at() + 1e-6,
            iters,
            frac,
            noise,
            &mut rng,
            &mut |l| lines.push(l),
        );
        self.rng = rng;
        self.cg = Some(cg);
        for l in lines {
            self.note(l);
        }
        if let Some(r) = r {
            self.offer(r, "dive");
        }
    }

    /// The rest of the search: slices of branch-and-price (when the global
    /// master converged, so the tree starts from the Dantzig–Wolfe bound)
    /// alternate with slices of neighbourhood search. The tree keeps its
    /// equal share while it pays: it improved the incumbent in its last
    /// slice, or (judged once it has had three slices) the rate at which its
    /// bound rose since its first slice would close the gap in the time
    /// left. Otherwise the neighbourhood search gets the rest of the time.
    /// (Rates are taken from the first slice's end: on Instance9 one
    /// branching lifts the bound from 405.7 to the optimum 439 in the first
    /// slice, and a rate from the root kept a tree that could add no more.)
    fn alternate(&mut self, until: f64) {
        let mut tree_on = self.tree_worthwhile();
        let (mut t_tree, mut t_hoods) = (0.0, 0.0);
        let slice = (self.limit * TREE_SLICE).max(0.5);
        // Time in the tree and its bound at the end of its first slice.
        let mut first: Option<(f64, f64)> = None;
        // (A neighbourhood needs `MIN_SUB_TIME`: without it the loop would
        // spin, logging empty neighbourhood searches, until the clock
        // reaches `until`.)
        while !self.done() && self.elapsed() < until - MIN_SUB_TIME {
            let t0 = self.elapsed();
            let end = (t0 + slice).min(until);
            if tree_on && t_tree <= t_hoods {
                let (bound, improved) = self.branch_and_price(end);
                t_tree += self.elapsed() - t0;
                if self.tree.as_ref().is_some_and(|t| t.exhausted()) {
                    break;
                }
                if self
                    .tree
                    .as_ref()
                    .is_some_and(|t| t.lost() || t.open() == 0)
                {
                    // Nothing left that the tree can prove.
                    tree_on = false;
                    continue;
                }
                let &mut (t_first, b_first) = first.get_or_insert((t_tree, bound));
                let rate = (bound - b_first) / (t_tree - t_first).max(1e-3);
                let gap = self.stop_at() - bound;
                // Judged after three slices (its bound rises in steps).
                let pays = improved
                    || t_tree < 3.0 * slice
                    || (rate > 0.0 && gap / rate <= self.remaining());
                if !pays {
                    tree_on = false;
                    self.note(
                        "branch-and-price: set aside (its bound would not close the gap in time)"
                            .into(),
                    );
                    // The gap the tree cannot close may be one HiGHS closes
                    // on a small compact model (a random 5-staff, 14-day
                    // case: the tree held 0.33 against 2 over 271 nodes, the
                    // compact MIP proves it in 1.3 s).
                    if self.small_model() {
                        self.full_mip();
                    }
                }
            } else if tree_on {
                self.lns(end);
                t_hoods += self.elapsed() - t0;
            } else {
                self.lns(until);
            }
        }
    }

    /// Whether the compact model is small enough for the full MIP
    /// (`FULL_MIP_MAX`).
    fn small_model(&self) -> bool {
        self.binaries() <= FULL_MIP_MAX
    }

    /// Binaries of the whole compact model (one per allowed cell).
    fn binaries(&self) -> usize {
        self.width.iter().flatten().sum()
    }

    /// Whether to build a branch-and-price tree: asked for, this is the
    /// first search of a portfolio, and the root is solved: the global
    /// master converged within `TREE_ROOT_SHARE` of the time limit (every
    /// node re-converges a master like it, and a tree needs many nodes: at
    /// 60 s this leaves out Instance12, whose root takes 7 s).
    fn tree_worthwhile(&self) -> bool {
        self.opts.branch && self.opts.search == 0 && self.root_solved()
    }

    /// The global master converged within `TREE_ROOT_SHARE` of the time limit.
    fn root_solved(&self) -> bool {
        self.cg.as_ref().is_some_and(|cg| cg.converged)
            && self.root_secs <= TREE_ROOT_SHARE * self.limit
    }

    /// One slice of branch-and-price (`branch::Tree`) until `until`;
    /// returns the tree's bound and whether the tree itself improved the
    /// incumbent (not counting rosters adopted from other searches). A tree
    /// searched to the end proves the incumbent.
    fn branch_and_price(&mut self, until: f64) -> (f64, bool) {
        let Some(mut cg) = self.cg.take() else {
            return (f64::NEG_INFINITY, false);
        };
        let mut improved = false;
        let deadline = self.start + std::time::Duration::from_secs_f64(until.min(self.limit));
        let mut tree = match self.tree.take() {
            Some(t) => t,
            None => Tree::new(&mut cg, self.best.as_ref().expect("incumbent")),
        };
        let mut lines = Vec::new();
        {
            let mut cutoff = |r: Option<Roster>, bound: f64| -> f64 {
                if let Some(r) = r {
                    improved |= self.offer(r, "branch-and-price");
                }
                if bound.is_finite() {
                    let b = bound.min(self.best_obj);
                    self.raise_bound(b);
                }
                self.sync();
                if self.done() {
                    f64::NEG_INFINITY
                } else {
                    self.stop_at()
                }
            };
            tree.run(&mut cg, deadline, &mut cutoff, &mut |l| lines.push(l));
        }
        for l in lines {
            self.note(l);
        }
        if tree.exhausted() {
            self.bound = Some(self.best_obj);
        } else if tree.bound().is_finite() {
            let b = tree.bound().min(self.best_obj);
            self.raise_bound(b);
        }
        let bound = tree.bound();
        self.cg = Some(cg);
        self.tree = Some(tree);
        (bound, improved)
    }

    /// Takes `r` as the incumbent if it is better and keeps every rule.
    fn offer(&mut self, r: Roster, what: &str) -> bool {
        let obj = eval::objective(self.p, &r);
        if obj < self.best_obj - 1e-9 && self.broken_staff(&r, 0..self.p.staff.len()).is_empty() {
            self.note(format!("{what}: {} -> {obj}", self.best_obj));
            self.best_obj = obj;
            self.best = Some(r);
            if let Some(cg) = &mut self.cg {
                cg.add_roster(self.best.as_ref().expect("just set"));
            }
            true
        } else {
            false
        }
    }

    /// Fix-and-price on the staff marked free: generate their columns with
    /// the others fixed; when the restricted bound leaves room, solve the
    /// restricted master MIP, and dive when that finds nothing better.
    fn price_hood(&mut self, free: &[bool], time: f64, what: &str) -> Priced {
        let mut out = Priced::default();
        let Some(mut cg) = self.cg.take() else {
            return out;
        };
        let base = self.best.clone().expect("incumbent");
        let deadline = Instant::now() + std::time::Duration::from_secs_f64(time.max(0.01));
        let stop_at = self.stop_at();
        let g = cg.generate(free, &base, deadline, 200, stop_at, &mut |_| {});
        out.converged = g.as_ref().is_some_and(|g| g.converged);
        // The restricted bound shows that it cannot improve the incumbent.
        let closed = g
            .as_ref()
            .is_some_and(|g| g.bound.is_some_and(|b| b >= stop_at));
        let mut found = None;
        if !closed && Instant::now() < deadline {
            let left = deadline
                .saturating_duration_since(Instant::now())
                .as_secs_f64();
            found = cg
                .rmip(free, &base, left.min(2.0), 0)
                .filter(|r| eval::objective(self.p, r) < self.best_obj - 1e-9)
                .map(|r| (r, what.to_string()));
            // The restricted master MIP lacks the columns: dive instead.
            if found.is_none() && Instant::now() < deadline {
                let mut rng = self.rng.clone();
                found = cg
                    .dive(
                        free,
                        &base,
                        deadline,
                        stop_at + 1e-6,
                        20,
                        0.2,
                        1e-3,
                        &mut rng,
                        &mut |_| {},
                    )
                    .map(|r| (r, format!("{what} dive")));
                self.rng = rng;
            }
        }
        self.cg = Some(cg);
        if let Some((r, label)) = found {
            out.improved = self.offer(r, &label);
        }
        out
    }

    /// Window fix-and-price: every staff member free on `w` days at a
    /// random start, every other day held to the incumbent by the pricing
    /// masks (the DP keeps every rule over the whole horizon, so the
    /// window's edges need no special care).
    fn window_hood(&mut self, w: usize, time: f64) -> Priced {
        let (ns, nd) = (self.p.staff.len(), self.p.days);
        let w = w.min(nd);
        let a = self.rng.below(nd - w + 1);
        let Some(cg) = self.cg.as_mut() else {
            return Priced::default();
        };
        let best = self.best.as_ref().expect("incumbent");
        // The incumbent's schedules keep the masks: the master starts feasible.
        cg.add_roster(best);
        for s in 0..ns {
            let mut work = cg.allowed(s).to_vec();
            let mut rest = vec![true; nd];
            for d in (0..nd).filter(|&d| d < a || d >= a + w) {
                let held = best.assign[s][d];
                for (t, x) in work[d].iter_mut().enumerate() {
                    *x = held == Some(t);
                }
                rest[d] = held.is_none();
            }
            cg.set_masks(s, work, rest);
        }
        let out = self.price_hood(&vec![true; ns], time, &format!("window[{a}+{w}]"));
        if let Some(cg) = self.cg.as_mut() {
            cg.clear_masks();
        }
        out
    }

    /// Objective values at or above this cannot improve on the incumbent.
    fn stop_at(&self) -> f64 {
        if self.integral {
            self.best_obj - 1.0 + 1e-6
        } else {
            self.best_obj - 1e-9
        }
    }

    fn result(self, status: Status) -> RosterResult {
        let objective = self.best.as_ref().map(|_| self.best_obj);
        let bound = self.effective_bound();
        let gap = match (objective, bound) {
            (Some(o), Some(b)) => Some(relative_gap(o, b)),
            _ => None,
        };
        RosterResult {
            status,
            roster: self.best,
            objective,
            bound,
            gap,
            seconds: self.start.elapsed().as_secs_f64(),
            log: self.log,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::nrp;

    /// Window fix-and-price from the construction of Instance4: every
    /// roster it returns changes only the window's days, keeps every rule,
    /// and leaves no mask behind; over a few windows it improves.
    #[test]
    fn window_neighbourhood_changes_only_its_days() {
        let p = nrp::to_roster_problem(&nrp::read(&nrp::benchmark_path(4)).expect("instance"));
        let opts = RosterOptions {
            deadline: crate::solve::Deadline::after(30.0),
            ..RosterOptions::default()
        };
        let mut s = Search::new(&p, &opts);
        assert!(s.construct());
        s.cg = Some(s.pool());
        let first = s.best_obj;
        for _ in 0..4 {
            let before = s.best.clone().expect("incumbent");
            let out = s.window_hood(7, 5.0);
            let after = s.best.as_ref().expect("incumbent");
            let changed: Vec<usize> = (0..p.days)
                .filter(|&d| (0..p.staff.len()).any(|i| before.assign[i][d] != after.assign[i][d]))
                .collect();
            assert_eq!(out.improved, !changed.is_empty());
            if let (Some(&lo), Some(&hi)) = (changed.first(), changed.last()) {
                assert!(hi - lo < 7, "days {changed:?} changed by a 7-day window");
            }
            for i in 0..p.staff.len() {
                assert!(eval::staff_violations(&p, i, &after.assign[i]).is_empty());
            }
            let cg = s.cg.as_ref().expect("pool");
            assert!(
                (0..cg.columns.len()).all(|j| cg.compatible(j)),
                "masks left behind"
            );
        }
        assert!(
            s.best_obj < first,
            "{} not below the construction's {first}",
            s.best_obj
        );
        assert_eq!(
            s.best_obj,
            eval::objective(&p, s.best.as_ref().expect("incumbent"))
        );
    }

    /// The two-window neighbourhood on Instance12 tiled twice (56 days)
    /// frees every staff member on the same days, which form two windows
    /// of equal length that do not overlap, one holding a cover entry
    /// the incumbent pays for; its sub-MIPs keep every rule.
    #[test]
    fn apart_neighbourhood_frees_two_windows_for_all_staff() {
        let inst = nrp::read(&nrp::benchmark_path(12)).expect("instance");
        let p = nrp::to_roster_problem(&inst.tiled(2, 1));
        let opts = RosterOptions::default();
        let mut s = Search::new(&p, &opts);
        assert!(s.construct());
        for _ in 0..5 {
            let pens = s.cover_penalties();
            let paid: Vec<usize> = pens.iter().map(|&(c, _)| p.cover[c].day).collect();
            let free = s.neighbourhood(Hood::Apart, 2000);
            let days: Vec<usize> = (0..p.days).filter(|&d| free[0][d]).collect();
            assert!(free.iter().all(|row| row == &free[0]), "staff differ");
            // Split into runs of consecutive days.
            let mut runs: Vec<Vec<usize>> = Vec::new();
            for &d in &days {
                match runs.last_mut() {
                    Some(r) if *r.last().expect("run") + 1 == d => r.push(d),
                    _ => runs.push(vec![d]),
                }
            }
            // Two windows of w days (adjacent ones make one run of 2w).
            let ok = match runs.len() {
                2 => runs[0].len() == runs[1].len(),
                1 => runs[0].len().is_multiple_of(2),
                _ => false,
            };
            assert!(ok, "free days {days:?}");
            let w = days.len() / 2;
            assert!(
                runs.iter().any(|r| r.iter().any(|d| paid.contains(d))),
                "no paid cover entry in {days:?}"
            );
            assert!(w >= 1 && w <= p.days / 2);
            let (improved, _) = s.improve(&free, 5.0, "apart");
            let best = s.best.as_ref().expect("incumbent");
            for i in 0..p.staff.len() {
                assert!(eval::staff_violations(&p, i, &best.assign[i]).is_empty());
            }
            assert_eq!(s.best_obj, eval::objective(&p, best), "improved {improved}");
        }
    }
}
