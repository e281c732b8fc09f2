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
//!
//! The search is split along its own concepts: [`construct`] (single-staff
//! best responses), [`bound`] (column generation, the Lagrangian bound,
//! rounding and dives), [`hoods`] (the neighbourhoods and their sub-MIPs)
//! and [`tree`] (branch-and-price in slices). The choice among
//! neighbourhoods, their sizing and the random generator are the shared
//! search engine's ([`crate::search`]).

mod bound;
mod construct;
mod hoods;
mod rescue;
mod tree;

use std::time::Instant;

use super::branch::Tree;
use super::colgen::{self, ColGen};
use super::staff_dp::StaffDp;
use super::{Roster, RosterOptions, RosterProblem, RosterResult, eval};
use crate::search::Rng;
use crate::solve::{Status, relative_gap};

use hoods::HoodState;

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
    /// Seconds until this search first held a roster.
    first_at: Option<f64>,
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
            first_at: None,
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
            self.first_at
                .get_or_insert(self.start.elapsed().as_secs_f64());
        }
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
            first_seconds: self.first_at,
            log: self.log,
        }
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
        s.first_at.get_or_insert(s.elapsed());
        if opts.search == 0 {
            // A first bound whatever the horizon: 0.5 s on a year of 100
            // staff and 16 types, 1.7 s with 150 staff and 32 types.
            s.aggregate_bound((tl * 0.1).min(s.remaining()));
        }
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
