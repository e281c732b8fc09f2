//! The search for one stage's plan (the base schedule, the quarter): the
//! rostering core's machinery on the municipal model.
//!
//! 1. **A legal start at once.** The evening minimum is made elastic
//!    (`Lp::soften`, a shortfall priced far above any cost), so that the
//!    plan with nothing open is a solution; HiGHS completes its auxiliary
//!    variables in a sub-MIP with every decision fixed.
//! 2. **The fewest missing openings**, when the plan misses some: HiGHS
//!    on the whole model with only its missing openings priced. Its plan,
//!    completed under the real objective, is offered, and its bound
//!    becomes a row of every copy solved whole (`fewest_missing`). Where
//!    that finds no better plan in its share, **construction by windows
//!    of days**, in order over the horizon: each a sub-MIP of all staff
//!    and offices on a few days, the rest fixed.
//! 3. **Large neighbourhoods**: windows of days, groups of nearby offices,
//!    groups of staff (any, or living near one another on a window of
//!    days), offices on a window — chosen by the shared engine's
//!    [`Adaptive`] (gain per second) and sized by its [`Size`], each a HiGHS
//!    sub-MIP on one model kept for the whole search ([`Session`]). On a
//!    model too large to prove, a second neighbourhood runs on the second
//!    core whenever nothing else does there ([`Helper`]), its changes
//!    merged into the best plan when it returns.
//! 4. **The bound**: when the model is small enough, the whole MIP from the
//!    best plan for the time left (its dual bound, often a proof); else
//!    its LP relaxation.
//!
//! A plan whose evening slack is not zero breaks the hard rule: the search
//! then reports no plan (or, proven, an infeasible stage).

use std::collections::BTreeMap;

use crate::model::Model;
use crate::model::families::{self, EVENING_MINIMUM, FEWEST_MISSING};
use crate::search::{Adaptive, Rng, Size};
use crate::solve::{Event, Outcome, SolveOptions, Status};

/// One sub-MIP's result, as whole-program column values.
struct Sub {
    values: Option<Vec<f64>>,
    objective: Option<f64>,
    status: Status,
    seconds: f64,
}

/// Price of one missing evening while searching: above anything a plan
/// can save by not holding it (a missing day opening costs 1,000 by
/// default), so that every legal plan is better than every illegal one.
const EVENING_SLACK: f64 = 1e5;

/// Most branch-and-bound nodes of one neighbourhood's sub-MIP: its work
/// limit, before its time limit.
const SUB_NODES: i32 = 2_000;

/// Longest time of one neighbourhood, seconds.
const SUB_TIME: f64 = 2.0;

/// Models with more columns than this get no LP relaxation bound either
/// (100 offices x 120 staff, 1,023,218 columns: 28 s for the LP without
/// [`LP_BOUND_LEAVES_OUT`], 0.7 GB more at the peak).
const LP_BOUND_MAX_COLUMNS: usize = 1_200_000;

/// Families left out of the LP relaxation solved for the bound: a
/// relaxation of the relaxation, so still a bound. Their rows hold most of
/// the non-zeros (on 50 offices x 60 staff 3.7 of 4.6 million: each
/// `budget` row holds every cell, `staff_totals` every cell of a staff
/// member, `weekly_rest` a big-M row per candidate rest) and move the LP's
/// value little: there, the LP with every row 70,322 in 52-58 s (HiGHS
/// interior point, one thread; dual simplex not in 90 s), without these
/// 67,879 in 1.9 s (dual simplex), against plans of about 93,000.
/// `rest_room` and `combined_shifts`, which carry most of what the LP
/// knows, stay.
const LP_BOUND_LEAVES_OUT: [&crate::family::Family; 7] = [
    &families::BUDGET,
    &families::STAFF_TOTALS,
    &families::WEEKLY_REST,
    &families::WORKLOAD_BALANCE,
    &families::EVENING_FAIRNESS,
    &crate::staffing::MAX_CONSECUTIVE,
    &crate::staffing::MINUTE_WINDOWS,
];

/// Models with more columns than [`PROVE_MAX_COLUMNS`] and at most this
/// many get their bound from HiGHS's MIP root (the LP with HiGHS's cuts)
/// beside the search, not from the LP relaxation alone (measured on
/// generated 25 offices x 30 staff, 79,196 columns, 60 s: the LP's bound
/// 19,821, after HiGHS's cut rounds 39,349, where the search's plan is
/// about 42,700; with probing in presolve HiGHS spent the whole 60 s in
/// presolve and gave no bound at all).
const CUT_BOUND_MAX_COLUMNS: usize = 120_000;

/// Least time left for HiGHS's MIP root beside the search to be started
/// after the LP relaxation (on 25 x 30 its root LP alone takes 9 s).
const CUT_BOUND_MIN_SECONDS: f64 = 10.0;

/// HiGHS's presolve rule "probing", as a bit of `presolve_rule_off`.
const PROBING: i32 = 1 << 15;

/// Models with more columns than this are not solved whole for the bound
/// (measured: on 25 offices x 30 staff, 76,000 columns, HiGHS had no bound
/// after 14 s; the default's 4,840 are proven in 3 s).
const PROVE_MAX_COLUMNS: usize = 20_000;

/// Whether [`search`] solves `lp` whole, from its first plan, for a share
/// of the time (step 3): small enough to be proven there, as the default
/// is.
pub fn provable(lp: &crate::solve::Lp) -> bool {
    lp.size().variables <= PROVE_MAX_COLUMNS
}

/// Most share of the time left for the fewest missing openings (step 2
/// of [`search`]), given where the missing openings are the whole
/// objective; less in proportion to their share of it. Measured on
/// generated 12 offices x 6 staff (9,185 columns, seed 7): HiGHS proves
/// the fewest (91) in 8.4 s from no start, and that plan, completed, is
/// 101,081 against a bound of 100,064, where the neighbourhoods from the
/// construction's plan (143 missing) reached 114,327 in 60 s; with a
/// small price on every other cost besides, HiGHS found no plan in 40 s.
/// With 30 % of the time, 12 x 6 at 30 s ended at 24.4 % (the fewest not
/// reached) and 16 x 8 seed 5 at 60 s at 49.6 %; with this, 0.37 % and
/// 10.1 %.
const FEWEST_SHARE: f64 = 0.6;

/// Least share of the plan's objective in missing openings for the
/// fewest-missing step: its plan prices nothing else, so where a few
/// openings are missing it costs more than it saves (generated 12 x 12,
/// seed 7: 2 missing in 15,047; HiGHS proved 0 in 9.8 s, a plan of
/// 15,266).
const FEWEST_WORTH: f64 = 0.25;

/// Models with more columns than this get no fewest-missing step: HiGHS
/// on the whole of a larger model finds little in a share of the time.
const FEWEST_MAX_COLUMNS: usize = CUT_BOUND_MAX_COLUMNS;

/// The share of a staff member's contract minutes worked from which the
/// staff neighbourhood frees their whole quarter ([`Hood::Staff`]).
const CONTRACT_SPENT: f64 = 0.9;

/// A neighbourhood solved on the second core while the search goes on
/// ([`State::launch`], [`State::land`]).
struct Helper<'scope> {
    thread: std::thread::ScopedJoinHandle<'scope, Sub>,
    hood: usize,
    /// Its free cells (the search's own neighbourhood leaves them out).
    free: Vec<bool>,
    /// The best plan when it started (shared with its thread), and its
    /// objective.
    start: std::sync::Arc<Vec<f64>>,
    start_obj: f64,
}

impl Helper<'_> {
    fn is_finished(&self) -> bool {
        self.thread.is_finished()
    }
}

/// The root-cut bound beside the search counts as stalled when it has risen
/// less than this share of itself in [`STALL_SECONDS`].
const STALL_RISE: f64 = 5e-4;

/// See [`STALL_RISE`].
const STALL_SECONDS: f64 = 8.0;

/// Watches a bound as it rises: [`Stall::stalled`] once it has risen less
/// than a share of itself (`rise`) in the last `seconds` (never before it
/// has a value). The default: [`STALL_RISE`] in [`STALL_SECONDS`].
#[derive(Debug)]
pub(super) struct Stall {
    rise: f64,
    seconds: f64,
    /// The bound when it last rose by enough, and when (seconds).
    last: Option<(f64, f64)>,
}

impl Default for Stall {
    fn default() -> Stall {
        Stall::new(STALL_RISE, STALL_SECONDS)
    }
}

impl Stall {
    pub(super) fn new(rise: f64, seconds: f64) -> Stall {
        Stall {
            rise,
            seconds,
            last: None,
        }
    }

    pub(super) fn stalled(&mut self, bound: Option<f64>, now: f64) -> bool {
        let Some(b) = bound else {
            return false;
        };
        match self.last {
            Some((old, at)) if b - old < self.rise * old.abs().max(1.0) => now - at >= self.seconds,
            _ => {
                self.last = Some((b, now));
                false
            }
        }
    }
}

/// The neighbourhoods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hood {
    /// All staff and offices on a window of days.
    Days,
    /// A group of nearby offices, all staff, all days.
    Offices,
    /// A group of staff, all offices: around a random staff member who
    /// works their contract's minutes, any staff over all days; around
    /// one who does not, staff living near them on a window of days.
    Staff,
    /// A group of nearby offices on a window of days.
    OfficeDays,
}

const HOODS: [Hood; 4] = [Hood::Days, Hood::Offices, Hood::Staff, Hood::OfficeDays];

/// What the search returns besides the outcome.
#[derive(Debug, Clone, Default)]
pub struct SearchLog {
    /// Seconds from the start of the run to the first legal plan (no
    /// evening slack), if any.
    pub first_plan: Option<f64>,
    pub iterations: usize,
    pub lines: Vec<String>,
}

/// The decision columns of a model and what frees them.
struct Cols {
    /// Column of each cell (model order).
    cell: Vec<usize>,
    /// Opening columns: (office, day) → column, per kind.
    open: BTreeMap<(usize, usize), usize>,
    evening: BTreeMap<(usize, usize), usize>,
    /// Columns of the missing openings (one per office and week).
    missing: Vec<usize>,
}

impl Cols {
    /// Every missing opening at coefficient 1: their total, as terms.
    fn missing_terms(&self) -> Vec<(usize, f64)> {
        self.missing.iter().map(|&c| (c, 1.0)).collect()
    }
}

/// The total of `values` over the columns `cols`.
fn sum_at(cols: &[usize], values: &[f64]) -> f64 {
    cols.iter().map(|&c| values[c]).sum()
}

/// Searches `m` (built, not yet solved) until `opts.deadline`.
pub fn search(m: &mut Model, opts: &SolveOptions) -> (Outcome, SearchLog) {
    let t0 = std::time::Instant::now();
    let slacks = m.lp.soften(&EVENING_MINIMUM, EVENING_SLACK);
    let m = &*m;
    let lp = &m.lp;
    let cols = Cols {
        cell: m.cells.iter().map(|c| lp.column(c.var)).collect(),
        open: m.open.iter().map(|(k, v)| (*k, lp.column(*v))).collect(),
        evening: m.evening.iter().map(|(k, v)| (*k, lp.column(*v))).collect(),
        missing: m.missing.values().map(|v| lp.column(*v)).collect(),
    };
    let slack_cols: Vec<usize> = slacks.iter().map(|v| lp.column(*v)).collect();
    let mut log = SearchLog::default();
    let mut state = State {
        m,
        cols: &cols,
        slack_cols: &slack_cols,
        opts,
        rng: Rng::new(opts.seed as u64),
        sub_cut_short: false,
        best: Vec::new(),
        best_obj: f64::INFINITY,
        t0,
        log: &mut log,
    };
    // 1. Nothing open: every decision fixed at 0.
    let all: Vec<usize> = state.decisions().collect();
    let mut zero = vec![None; lp.size().variables];
    for &c in &all {
        zero[c] = Some(0.0);
    }
    // Like the construction's completion, a quarter of the time left: on
    // 100 offices x 120 staff it takes 1.5 s on an idle machine, and once,
    // with the rooms model built beside it, over the 2 s it had: the
    // whole model, given the rest, then found no plan in 60 s.
    let out = state.sub_solve(&zero, &completion_run(opts));
    match out.values {
        Some(v) => {
            state.offer(v, out.objective, "start");
        }
        None => {
            // Nothing open breaks a rule (a budget below the salaries, say):
            // the whole model decides whether any plan keeps the rules.
            let none = vec![None; lp.size().variables];
            let whole = state.sub_solve(&none, opts);
            match whole.values {
                Some(v) => {
                    state.offer(v, whole.objective, "whole model");
                }
                None => {
                    let mut out = Outcome::from_search(lp, None, whole.status, None);
                    out.seconds = t0.elapsed().as_secs_f64();
                    return (out, log);
                }
            }
        }
    }
    let provable = provable(lp);
    // 1b. The greedy plan, completed and checked by the model.
    {
        let g = super::greedy::build(m, !provable);
        state.note(format!(
            "greedy: {} day openings short of the weekly targets",
            g.missing
        ));
        state.complete(&g.decisions(m), "greedy");
    }
    // 1c. A start plan given with the model (`planner::solve_from`: a
    // price step starts from the base plan), its decisions completed and
    // checked like the construction's; kept when legal and better.
    if lp.has_hints() {
        let fix = state.every_decision(|c| lp.hinted(c).unwrap_or(0.0));
        state.complete(&fix, "start plan");
    }
    // 2. The fewest missing openings, when the plan misses some: an
    // understaffed unit's plans differ mostly in their missing openings
    // (1,000 each by default), which the construction's windows decide one
    // part of the horizon at a time. Its plan, when taken, replaces the
    // construction; its bound is kept as the row `fewest_missing` of
    // every copy solved whole below.
    let mut floored = None;
    let mut fewest = false;
    // The best plan's missing openings, and what they cost in it.
    let missing = state.missing();
    let missing_cost = missing * m.scenario.weights.missing_opening;
    if missing > 0.5
        && missing_cost > 0.0
        && missing_cost >= FEWEST_WORTH * state.best_obj
        && lp.size().variables <= FEWEST_MAX_COLUMNS
        && !opts.deadline.expired()
    {
        // Its share of the time grows with the missing openings' share of
        // the objective: where they are nearly all of it, the plan that
        // follows can save little besides.
        let priced = missing_cost / state.best_obj;
        let until = opts.deadline.share(FEWEST_SHARE * priced.min(1.0), 0.0);
        let (taken, floor) = state.fewest_missing(&until);
        fewest = taken;
        if let Some(floor) = floor {
            floored = Some(lp.with_floor(&FEWEST_MISSING, &cols.missing_terms(), floor));
        }
    }
    let days = m.facts.dates.len().max(1);
    let per_day = (all.len() as f64 / days as f64).max(1.0);
    let mut size = Size {
        target: 2_000.min(all.len().max(1)),
        min: 50,
        max: 200_000,
    };
    // 2b. Else construction: windows of days in order. A window that holds
    // the whole horizon and is solved to optimality is the whole model
    // solved.
    let w = ((size.target as f64 / per_day) as usize).clamp(1, days);
    let mut a = if provable && !fewest { 0 } else { days };
    while a < days && !opts.deadline.expired() {
        let free = state.window(a, (a + w).min(days), None);
        let (_, secs, solved) = state.improve(&free, &opts.deadline, "build");
        if w >= days && solved && !state.sub_cut_short {
            let legal = state.slack() < 0.5;
            let mut out = Outcome::from_search(
                lp,
                legal.then(|| state.best.clone()),
                if legal {
                    Status::Optimal
                } else {
                    Status::Infeasible
                },
                Some(state.best_obj),
            );
            out.seconds = t0.elapsed().as_secs_f64();
            return (out, log);
        }
        size.adapt(solved, secs, false);
        a += w;
    }
    // Solved whole from here on: the model, with the floor when proven.
    let whole = floored.as_ref().unwrap_or(lp);
    // 3. The whole model from the plan built, for a share of the time: a
    // small model is often proven here; a larger one gets its dual bound
    // (valid whatever follows) and HiGHS's own better plans.
    let mut bound = None;
    let mut status = Status::TimeLimit;
    if provable && !opts.deadline.expired() {
        let share = opts.until(opts.deadline.share(0.4, 0.0));
        // On a copy, abandoned at its deadline: HiGHS's cut loop at the
        // root does not check the clock (generated 12 x 6: 18.7 s of a
        // 6 s share).
        let out = started_from(whole, Some(&state.best), &share);
        if let Some(v) = &out.values {
            state.offer(v.columns().to_vec(), out.objective, "whole model");
        }
        bound = out.bound;
        if let Some(b) = bound {
            opts.progress.report(Event::Bound(b));
        }
        state.note(format!(
            "whole model: {} in {:.2}s, bound {:?}",
            out.status.as_str(),
            out.seconds,
            out.bound
        ));
        match out.status {
            Status::Optimal | Status::Infeasible => status = out.status,
            _ => {}
        }
    }
    // 3b. Too large to solve whole, or the whole model gave no bound in
    // its share: bounds solved on a thread of their own while the
    // neighbourhoods search. First the LP relaxation without the heavy
    // families of LP_BOUND_LEAVES_OUT (measured, dual simplex: 25 x 30 in
    // 0.7 s, 50 x 60 in 4.4 s, 100 x 120 in 28 s).
    // Then, up to CUT_BOUND_MAX_COLUMNS and with at least
    // CUT_BOUND_MIN_SECONDS left, HiGHS's MIP on the whole model for the
    // rest of the time, without probing and symmetry detection: its root
    // cuts raise the bound far above the LP's, and its dual bound stands
    // whenever it is stopped. The neighbourhoods take each bound when it
    // comes.
    let columns = lp.size().variables;
    let quiet = SolveOptions {
        verbose: false,
        ..opts.clone()
    };
    let copy = || whole_copy(whole).ok();
    let with_cuts = !provable && columns <= CUT_BOUND_MAX_COLUMNS;
    let relaxation = (bound.is_none()
        && columns <= LP_BOUND_MAX_COLUMNS
        && !opts.deadline.expired())
    .then(|| {
        let mut r = lp.without(&LP_BOUND_LEAVES_OUT);
        r.set_relaxation(true);
        r.spawn(&quiet)
    });
    let cuts = || {
        let time = opts.deadline.remaining();
        (with_cuts && time.is_some_and(|t| t >= CUT_BOUND_MIN_SECONDS))
            .then(copy)
            .flatten()
            .map(|mut c| {
                c.set_option("presolve_rule_off", PROBING);
                c.set_option("mip_detect_symmetry", false);
                // Haltable: stopped once its bound stalls ([`Stall`]).
                c.spawn(&quiet.until(quiet.deadline.haltable()))
            })
    };
    {
        // The LP's value counts when solved; the MIP's dual bound however
        // it stopped, and its plan (valued as the program's) when better.
        let take = |out: Outcome, mip: bool, state: &mut State, bound: &mut Option<f64>| {
            let out = if mip { in_program(lp, out) } else { out };
            let found = if mip {
                out.bound
            } else if out.status == Status::Optimal {
                out.bound.or(out.objective)
            } else {
                None
            };
            if let Some(b) = found.filter(|&b| bound.is_none_or(|old| b > old)) {
                *bound = Some(b);
                opts.progress.report(Event::Bound(b));
            }
            if mip && let Some(v) = &out.values {
                state.offer(v.columns().to_vec(), out.objective, "whole model beside");
            }
            state.note(format!(
                "{}: {} in {:.2}s, bound {:?}",
                if mip {
                    "whole model beside (root cuts)"
                } else {
                    "LP relaxation"
                },
                out.status.as_str(),
                out.seconds,
                *bound
            ));
        };
        // What runs beside: the LP, then the MIP.
        let mut beside = relaxation.map(|r| (r, false));
        // 4. Neighbourhoods for the rest of the time, unless proven. Their
        // size starts small and grows while they solve.
        let mut adaptive: Adaptive<4> = Adaptive::default();
        let mut size = Size {
            target: 1_000.min(all.len().max(1)),
            min: 50,
            max: 50_000,
        };
        let mut stall = Stall::default();
        std::thread::scope(|scope| {
            // A second neighbourhood in flight on the second core, when
            // nothing else runs there (see `Helper`).
            let mut helper: Option<Helper<'_>> = None;
            while status == Status::TimeLimit && !opts.deadline.expired() {
                if let Some((out, mip)) = beside
                    .as_ref()
                    .and_then(|(r, mip)| r.try_take().map(|out| (out, *mip)))
                {
                    take(out, mip, &mut state, &mut bound);
                    beside = if mip { None } else { cuts().map(|c| (c, true)) };
                }
                // HiGHS's root cuts on a large model raise its bound in
                // rounds of seconds, then hardly at all (25 x 30: 20,134 at
                // the root LP, 20,304 after four rounds at 32 s, 20,309 at
                // 35 s and no more by 50 s); then the core is worth more
                // to the neighbourhoods.
                if let Some((r, true)) = &beside
                    && stall.stalled(r.bound_so_far(), opts.deadline.elapsed())
                {
                    r.halt();
                    if let Some((r, _)) = beside.take() {
                        take(r.wait(GRACE), true, &mut state, &mut bound);
                    }
                    state.note(format!(
                        "whole model beside: halted, its bound rose less than {:.2} % in {STALL_SECONDS} s",
                        100.0 * STALL_RISE
                    ));
                }
                if bound
                    .is_some_and(|b: f64| crate::solve::relative_gap(state.best_obj, b) <= opts.gap)
                {
                    status = Status::Optimal;
                    break;
                }
                if helper.as_ref().is_some_and(Helper::is_finished) {
                    let done = helper.take().expect("checked above");
                    state.land(done, &mut adaptive, &mut size);
                }
                if helper.is_none() && beside.is_none() && !provable {
                    let h = adaptive.pick(&mut state.rng);
                    let free = state.neighbourhood(HOODS[h], size.target);
                    helper = state.launch(scope, h, free, &opts.deadline);
                }
                state.log.iterations += 1;
                let h = adaptive.pick(&mut state.rng);
                let mut free = state.neighbourhood(HOODS[h], size.target);
                if let Some(other) = &helper {
                    for (f, o) in free.iter_mut().zip(&other.free) {
                        *f &= !*o;
                    }
                }
                let before = state.best_obj;
                let (improved, secs, solved) =
                    state.improve(&free, &opts.deadline, &format!("{:?}", HOODS[h]));
                let cut_short = opts.deadline.remaining().is_some_and(|r| r < 1e-3);
                size.adapt(solved, secs, cut_short);
                adaptive.add(h, improved, before, state.best_obj, secs);
            }
            // The helper ends at the same deadline (or has ended).
            if let Some(done) = helper {
                state.land(done, &mut adaptive, &mut size);
            }
        });
        // What runs beside stops at the same deadline (or has stopped).
        if let Some((r, mip)) = beside {
            take(r.wait(GRACE), mip, &mut state, &mut bound);
        }
        if state.log.iterations > 0 {
            let names = HOODS.map(|h| format!("{h:?}"));
            let summary = adaptive.summary(&names);
            state.note(format!(
                "neighbourhoods: {} iterations, size {} ({summary})",
                state.log.iterations, size.target
            ));
        }
    }
    let illegal = state.slack() > 0.5;
    let mut out = Outcome::from_search(
        lp,
        if illegal {
            None
        } else {
            Some(state.best.clone())
        },
        if illegal {
            if status == Status::Optimal {
                // Proven: no plan keeps the evening minimum.
                Status::Infeasible
            } else {
                Status::TimeLimit
            }
        } else {
            status
        },
        bound,
    );
    out.seconds = t0.elapsed().as_secs_f64();
    (out, log)
}

/// The whole of `m` given to HiGHS in one call, from no start, until
/// `opts.deadline` (abandoned [`GRACE`] after it, as HiGHS does not check
/// its limit everywhere): the reference point the search is measured
/// against (`--method highs-alone`). The program is the model's own, a
/// copy of it solved on a thread of its own.
pub fn highs_alone(m: &Model, opts: &SolveOptions) -> (Outcome, SearchLog) {
    let t0 = std::time::Instant::now();
    let mut o = started_from(&m.lp, None, opts);
    let mut log = SearchLog::default();
    log.lines.push(format!(
        "{:>7.2}s  HiGHS alone: {} in {:.2}s, objective {:?}, bound {:?}",
        t0.elapsed().as_secs_f64(),
        o.status.as_str(),
        o.seconds,
        o.objective,
        o.bound
    ));
    o.seconds = t0.elapsed().as_secs_f64();
    (o, log)
}

/// `lp` solved whole (from the complete solution `start`, if any) on a
/// copy on a thread of its own, given up [`GRACE`] after `opts.deadline`;
/// the outcome in `lp`'s columns.
pub fn started_from(lp: &crate::solve::Lp, start: Option<&[f64]>, opts: &SolveOptions) -> Outcome {
    match spawn_copy(lp, start, opts) {
        Ok(running) => in_program(lp, running.wait(GRACE)),
        Err(out) => *out,
    }
}

/// `lp` solved whole (from `start`, if any) on a copy on a thread of its
/// own: read its outcome with [`in_program`].
pub fn spawn_copy(
    lp: &crate::solve::Lp,
    start: Option<&[f64]>,
    opts: &SolveOptions,
) -> Result<crate::solve::Running, Box<Outcome>> {
    let mut copy = whole_copy(lp).map_err(|e| Box::new(lp_failed(lp, e)))?;
    if let Some(start) = start {
        copy.start_from(&copy.values(start.to_vec()));
    }
    Ok(copy.spawn(opts))
}

/// A copy of `lp` with nothing fixed, to be solved on a thread of its
/// own: its columns are the program's, in order.
fn whole_copy(lp: &crate::solve::Lp) -> Result<crate::solve::Lp, String> {
    lp.restrict(&vec![None; lp.size().variables]).map(|r| r.lp)
}

/// The outcome of a copy of `lp` ([`spawn_copy`]) as `lp`'s.
pub fn in_program(lp: &crate::solve::Lp, out: Outcome) -> Outcome {
    let mut o = Outcome::from_search(
        lp,
        out.values.map(|v| v.columns().to_vec()),
        out.status,
        out.bound,
    );
    o.seconds = out.seconds;
    o.error = out.error;
    o
}

/// Seconds a step may run past the end of the run when it must (completing
/// a plan whose every decision is fixed: the first plan after Ctrl-C).
pub const GRACE: f64 = 0.5;

/// Options for a step that must run even when the time is up: its share
/// of the time, or [`GRACE`] past the end (the stop flag too is its own).
pub fn must_run(opts: &SolveOptions) -> SolveOptions {
    if opts.deadline.expired() {
        opts.until(crate::solve::Deadline::after(GRACE))
    } else {
        opts.until(opts.deadline.within(SUB_TIME))
    }
}

/// Options for completing the construction's plan (every decision fixed;
/// HiGHS presolves and sets the auxiliary columns): up to a quarter of the
/// time left, at least a neighbourhood's. It is the large quarters' first
/// plan; on 100 × 120 (1,000,000 columns) it takes 0.1 s on an idle
/// machine, but a neighbourhood's 2 s once refused it there (before the
/// construction was made faster, models/municipal.md), and without it the
/// search has no plan. A precaution: the benchmark's missing 100 × 120
/// plan of 2026-12-07 turned out to be the rooms stage's.
fn completion_run(opts: &SolveOptions) -> SolveOptions {
    if opts.deadline.expired() {
        return must_run(opts);
    }
    let left = opts.deadline.remaining_or(SUB_TIME);
    opts.until(opts.deadline.within(SUB_TIME.max(0.25 * left)))
}

/// An outcome for a program HiGHS would not take.
fn lp_failed(lp: &crate::solve::Lp, e: String) -> Outcome {
    let mut out = Outcome::from_search(lp, None, Status::Feasible, None);
    out.error = Some(e);
    out
}

struct State<'s, 'm, 'a> {
    m: &'m Model<'a>,
    cols: &'s Cols,
    slack_cols: &'s [usize],
    opts: &'s SolveOptions,
    rng: Rng,
    /// The last sub-MIP was stopped by its deadline, not solved.
    sub_cut_short: bool,
    /// The best solution's column values, and its objective.
    best: Vec<f64>,
    best_obj: f64,
    t0: std::time::Instant,
    log: &'s mut SearchLog,
}

impl<'s, 'm, 'a> State<'s, 'm, 'a> {
    fn note(&mut self, line: String) {
        let line = format!("{:8.2}s  {line}", self.t0.elapsed().as_secs_f64());
        if self.opts.verbose {
            eprintln!("{line}");
        }
        self.log.lines.push(line);
    }

    /// Every decision column: cells, day openings, evening openings.
    fn decisions(&self) -> impl Iterator<Item = usize> + '_ {
        self.cols
            .cell
            .iter()
            .chain(self.cols.open.values())
            .chain(self.cols.evening.values())
            .copied()
    }

    /// Every decision column fixed at `value(column)` rounded to 0 or 1,
    /// the other columns free.
    fn every_decision(&self, value: impl Fn(usize) -> f64) -> Vec<Option<f64>> {
        let mut fix = vec![None; self.m.lp.size().variables];
        for c in self.decisions() {
            fix[c] = Some(if value(c) > 0.5 { 1.0 } else { 0.0 });
        }
        fix
    }

    /// A plan given by its decisions (`fix`, every decision fixed),
    /// completed by HiGHS (the auxiliary columns) and offered as `what`;
    /// whether it became the best. A plan the model refuses, or no better
    /// than the best, is noted.
    fn complete(&mut self, fix: &[Option<f64>], what: &str) -> bool {
        let out = self.sub_solve(fix, &completion_run(self.opts));
        match out.values {
            Some(v) => {
                let objective = out.objective;
                let taken = self.offer(v, objective, what);
                if !taken {
                    self.note(format!(
                        "{what}: {:.2}, not better",
                        objective.unwrap_or(f64::NAN)
                    ));
                }
                taken
            }
            None => {
                self.note(format!(
                    "{what}: rejected by the model ({})",
                    out.status.as_str()
                ));
                false
            }
        }
    }

    /// Total evening shortfall of the best solution.
    fn slack(&self) -> f64 {
        sum_at(self.slack_cols, &self.best)
    }

    /// Total missing openings of the best solution.
    fn missing(&self) -> f64 {
        sum_at(&self.cols.missing, &self.best)
    }

    /// Step 2 of [`search`]: HiGHS on a copy of the whole model with only
    /// the missing openings priced (and the evening shortfall above them,
    /// as in the search), from no start, until `until`. Its plan,
    /// completed under the model's own objective, is offered. Returns
    /// whether it was taken, and the floor proven: every legal plan misses
    /// at least this many openings (the dual bound rounded up, as a plan's
    /// fewest missing openings are whole), when above zero.
    fn fewest_missing(&mut self, until: &crate::solve::Deadline) -> (bool, Option<f64>) {
        let before = self.missing();
        let per_evening = EVENING_SLACK / self.m.scenario.weights.missing_opening;
        let mut cost = self.cols.missing_terms();
        cost.extend(self.slack_cols.iter().map(|&c| (c, per_evening)));
        let program = self.m.lp.priced(&cost);
        // From no start: from the construction's plan (134 missing on
        // generated 12 x 6) HiGHS ended at 94 in 12.5 s, from none it
        // proved 91 in 8.7 s.
        let mut opts = self.opts.until(until.clone());
        opts.verbose = false;
        opts.gap = 0.0;
        let out = program.spawn(&opts).wait(GRACE);
        let bound = match out.status {
            Status::Optimal => out.objective,
            _ => out.bound,
        };
        let found = out
            .values
            .as_ref()
            .map(|v| sum_at(&self.cols.missing, v.columns()));
        let legal = out
            .values
            .as_ref()
            .is_some_and(|v| sum_at(self.slack_cols, v.columns()) < 0.5);
        self.note(format!(
            "fewest missing: {} in {:.2}s, {} missing openings in its plan (the best had {before:.0}), at least {}",
            out.status.as_str(),
            out.seconds,
            found.map_or("no plan".to_string(), |f| format!("{f:.0}")),
            bound.map_or("-".to_string(), |b| format!("{b:.2}")),
        ));
        let mut taken = false;
        if let Some(v) = &out.values
            && found.is_some_and(|f| f < before - 0.5)
        {
            let cols = v.columns().to_vec();
            let fix = self.every_decision(|c| cols[c]);
            taken = self.complete(&fix, "fewest missing");
        }
        // Only beside a legal plan, which keeps it: a copy solved whole
        // must still find the best plan with an evening shortfall when no
        // legal plan exists (its proof that none does).
        let floor = bound
            .map(|b| (b - 1e-6).ceil())
            .filter(|&b| b > 0.5 && legal);
        (taken, floor)
    }

    /// Takes a solution if it is better than the best.
    fn offer(&mut self, cols: Vec<f64>, objective: Option<f64>, what: &str) -> bool {
        let Some(obj) = objective else {
            return false;
        };
        if obj >= self.best_obj - 1e-6 {
            return false;
        }
        self.best = cols;
        self.best_obj = obj;
        if self.log.first_plan.is_none() && self.slack() < 0.5 {
            // From the start of the run (the deadline's), not of this stage.
            self.log.first_plan = Some(self.opts.deadline.elapsed());
        }
        let slack = self.slack();
        self.note(format!("{what}: {obj:.2} (evening shortfall {slack:.0})"));
        if slack < 0.5 {
            self.opts.progress.report(Event::Plan(obj));
        }
        true
    }

    /// Solves the sub-program with the columns `fixed` at their values,
    /// from the best solution; the whole program's column values of its
    /// solution.
    fn sub_solve(&self, fixed: &[Option<f64>], opts: &SolveOptions) -> Sub {
        self.sub_solve_nodes(fixed, opts, None)
    }

    /// [`State::sub_solve`] with a node limit (a neighbourhood's work,
    /// so that the search's path does not depend on the machine's speed).
    fn sub_solve_nodes(
        &self,
        fixed: &[Option<f64>],
        opts: &SolveOptions,
        nodes: Option<i32>,
    ) -> Sub {
        sub_solve_from(self.m, &self.best, fixed, opts, nodes)
    }

    /// A neighbourhood's options: at most [`SUB_TIME`] of what is left
    /// before `until`, solved to optimality (gap 0); `None` when no time
    /// is left for one.
    fn sub_options(&self, until: &crate::solve::Deadline) -> Option<SolveOptions> {
        let time = until.remaining_or(SUB_TIME).min(SUB_TIME);
        if time <= 0.01 {
            return None;
        }
        let mut opts = self.opts.until(until.within(time));
        opts.gap = 0.0;
        Some(opts)
    }

    /// Starts the neighbourhood `free` (of kind `HOODS[hood]`) on a thread
    /// of its own, from the best plan as it is now.
    fn launch<'scope>(
        &self,
        scope: &'scope std::thread::Scope<'scope, '_>,
        hood: usize,
        free: Vec<bool>,
        until: &crate::solve::Deadline,
    ) -> Option<Helper<'scope>>
    where
        'm: 'scope,
        'a: 'scope,
    {
        let opts = self.sub_options(until)?;
        let fix = self.fixing(&free);
        let start = std::sync::Arc::new(self.best.clone());
        let start_obj = self.best_obj;
        let m = self.m;
        let thread = {
            let start = std::sync::Arc::clone(&start);
            scope.spawn(move || sub_solve_from(m, &start, &fix, &opts, Some(SUB_NODES)))
        };
        Some(Helper {
            thread,
            hood,
            free,
            start,
            start_obj,
        })
    }

    /// Takes a finished helper's plan: as it is when the best plan has not
    /// changed since it started; else its changes written into the best
    /// plan (every decision it changed), completed by HiGHS with every
    /// decision fixed, and kept when that is legal and better.
    fn land(&mut self, done: Helper<'_>, adaptive: &mut Adaptive<4>, size: &mut Size) {
        let sub = done
            .thread
            .join()
            .expect("a neighbourhood's thread panicked");
        let what = format!("{:?} (beside)", HOODS[done.hood]);
        let solved = sub.status == Status::Optimal;
        let found = sub
            .values
            .zip(sub.objective)
            .filter(|(_, o)| *o < done.start_obj - 1e-6);
        let before = self.best_obj;
        if let Some((values, objective)) = found {
            if self.best == *done.start {
                self.offer(values, Some(objective), &what);
            } else {
                let fix = self.every_decision(|c| {
                    if (values[c] - done.start[c]).abs() > 0.5 {
                        values[c]
                    } else {
                        self.best[c]
                    }
                });
                self.complete(&fix, &format!("{what}, merged"));
            }
        }
        let improved = self.best_obj < before;
        self.log.iterations += 1;
        size.adapt(solved, sub.seconds, false);
        adaptive.add(
            done.hood,
            improved,
            done.start_obj,
            done.start_obj - (before - self.best_obj),
            sub.seconds,
        );
    }

    /// Solves the sub-MIP freeing the cells `free` says (and the openings
    /// they staff); returns (improved, seconds, solved to optimality).
    fn improve(
        &mut self,
        free: &[bool],
        until: &crate::solve::Deadline,
        what: &str,
    ) -> (bool, f64, bool) {
        let fix = self.fixing(free);
        let Some(opts) = self.sub_options(until) else {
            return (false, 0.0, false);
        };
        let out = self.sub_solve_nodes(&fix, &opts, Some(SUB_NODES));
        let solved = out.status == Status::Optimal;
        self.sub_cut_short = out.status == Status::TimeLimit;
        let improved = match out.values {
            Some(v) => self.offer(v, out.objective, what),
            None => false,
        };
        (improved, out.seconds, solved)
    }

    /// The fixed columns of a neighbourhood: every decision not freed, at
    /// its value in the best solution. An opening is free when a free cell
    /// can staff it.
    fn fixing(&self, free: &[bool]) -> Vec<Option<f64>> {
        let m = self.m;
        let mut open_free: BTreeMap<(usize, usize), (bool, bool)> = BTreeMap::new();
        for (i, c) in m.cells.iter().enumerate() {
            if free[i] {
                let e = open_free.entry((c.office, c.day)).or_default();
                e.0 |= c.part.covers(crate::scenario::facts::Kind::Day);
                e.1 |= c.part.covers(crate::scenario::facts::Kind::Evening);
            }
        }
        let round = |c: usize| Some(if self.best[c] > 0.5 { 1.0 } else { 0.0 });
        let mut fix = vec![None; self.m.lp.size().variables];
        for (i, &c) in self.cols.cell.iter().enumerate() {
            if !free[i] {
                fix[c] = round(c);
            }
        }
        for (k, &c) in &self.cols.open {
            if !open_free.get(k).is_some_and(|e| e.0) {
                fix[c] = round(c);
            }
        }
        for (k, &c) in &self.cols.evening {
            if !open_free.get(k).is_some_and(|e| e.1) {
                fix[c] = round(c);
            }
        }
        fix
    }

    /// Cells on days `a..b` (of the offices in `offices`, or all).
    fn window(&self, a: usize, b: usize, offices: Option<&[bool]>) -> Vec<bool> {
        self.m
            .cells
            .iter()
            .map(|c| c.day >= a && c.day < b && offices.is_none_or(|o| o[c.office]))
            .collect()
    }

    /// The offices nearest to a random one, `k` of them, as a mask.
    fn office_group(&mut self, k: usize) -> Vec<bool> {
        let (s, f) = (self.m.scenario, self.m.facts);
        let mut mask = vec![false; s.offices.len()];
        if f.offices.is_empty() {
            return mask;
        }
        let seed = f.offices[self.rng.below(f.offices.len())];
        let at = |o: usize| crate::geo::LatLon::new(s.offices[o].lat, s.offices[o].lon);
        let mut by: Vec<(f64, usize)> = f
            .offices
            .iter()
            .map(|&o| (crate::geo::great_circle_km(at(seed), at(o)), o))
            .collect();
        by.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (_, o) in by.into_iter().take(k.max(1)) {
            mask[o] = true;
        }
        mask
    }

    /// Whether staff member `x` works, in the best plan, at least
    /// [`CONTRACT_SPENT`] of their contract's minutes over the period.
    fn works_its_contract(&self, x: usize) -> bool {
        let m = self.m;
        let contract = m.facts.contract_minutes(m.scenario, x) as f64;
        let worked: f64 = m.by_staff_day[x]
            .iter()
            .flatten()
            .filter(|&&i| self.best[self.cols.cell[i]] > 0.5)
            .map(|&i| m.cells[i].paid as f64)
            .sum();
        contract > 0.0 && worked >= CONTRACT_SPENT * contract
    }

    /// The `k` staff nearest to staff member `seed` (with it), as a mask.
    /// Near: their road km to every office alike (the distance between
    /// the two staff members' rows of trips), so that the group can swap
    /// openings.
    fn staff_group(&self, seed: usize, k: usize) -> Vec<bool> {
        let trips = &self.m.facts.trips;
        let mut mask = vec![false; trips.len()];
        if trips.is_empty() {
            return mask;
        }
        let apart = |t: usize| -> f64 {
            trips[seed]
                .iter()
                .zip(&trips[t])
                .map(|(a, b)| (a.km - b.km).powi(2))
                .sum()
        };
        let mut by: Vec<(f64, usize)> = (0..trips.len()).map(|t| (apart(t), t)).collect();
        by.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (_, t) in by.into_iter().take(k.max(1)) {
            mask[t] = true;
        }
        mask
    }

    /// A neighbourhood of about `target` free cells.
    fn neighbourhood(&mut self, hood: Hood, target: usize) -> Vec<bool> {
        let m = self.m;
        let (days, offices, staff) = (
            m.facts.dates.len().max(1),
            m.facts.offices.len().max(1),
            m.scenario.staff.len().max(1),
        );
        let n = m.cells.len().max(1) as f64;
        let share = (target as f64 / n).min(1.0);
        match hood {
            Hood::Days => {
                let w = ((share * days as f64).ceil() as usize).clamp(1, days);
                let a = self.rng.below(days - w + 1);
                self.window(a, a + w, None)
            }
            Hood::Offices => {
                let k = ((share * offices as f64).ceil() as usize).clamp(1, offices);
                let mask = self.office_group(k);
                self.window(0, days, Some(&mask))
            }
            // No staff, no staff cells (a library caller's scenario;
            // validation refuses it on the command line).
            Hood::Staff if m.scenario.staff.is_empty() => vec![false; m.cells.len()],
            Hood::Staff => {
                let seed = self.rng.below(staff);
                if self.works_its_contract(seed) {
                    // Its quarter's minutes are spent: only its whole
                    // quarter (and another's) can move minutes to where an
                    // opening is missing (12 x 6, too few staff for every
                    // opening).
                    let k = ((share * staff as f64).ceil() as usize).clamp(1, staff);
                    let mut all: Vec<usize> = (0..staff).filter(|&x| x != seed).collect();
                    self.rng.shuffle(&mut all);
                    let mut mask = vec![false; staff];
                    mask[seed] = true;
                    for &x in all.iter().take(k - 1) {
                        mask[x] = true;
                    }
                    m.cells.iter().map(|c| mask[c.staff]).collect()
                } else {
                    // Staff who live near one another, on a window of days:
                    // a group that can take over each other's openings.
                    // Random staff over the quarter are one staff member at
                    // 25 x 30, who can change nothing an opening needs
                    // while its other staff are fixed (0 improvements in
                    // 16 tries, seed 7).
                    let k =
                        ((2.0 * share * staff as f64).ceil() as usize).clamp(2.min(staff), staff);
                    let mask = self.staff_group(seed, k);
                    let w = ((share * staff as f64 / k as f64 * days as f64).ceil() as usize)
                        .clamp(1, days);
                    let a = self.rng.below(days - w + 1);
                    m.cells
                        .iter()
                        .map(|c| mask[c.staff] && c.day >= a && c.day < a + w)
                        .collect()
                }
            }
            Hood::OfficeDays => {
                // Twice the offices of a group on half the days.
                let k = ((2.0 * share * offices as f64).ceil() as usize).clamp(1, offices);
                let mask = self.office_group(k);
                let w = ((0.5 * days as f64).ceil() as usize).clamp(1, days);
                let a = self.rng.below(days - w + 1);
                self.window(a, a + w, Some(&mask))
            }
        }
    }
}

/// A neighbourhood's sub-MIP: `m`'s program with the columns `fixed` at
/// their values, from `best` (the whole program's columns; empty: no
/// start); the whole program's column values of its solution.
fn sub_solve_from(
    m: &Model,
    best: &[f64],
    fixed: &[Option<f64>],
    opts: &SolveOptions,
    nodes: Option<i32>,
) -> Sub {
    let t = std::time::Instant::now();
    let r = match m.lp.restrict(fixed) {
        Ok(r) => r,
        Err(_) => {
            return Sub {
                values: None,
                objective: None,
                status: Status::Infeasible,
                seconds: t.elapsed().as_secs_f64(),
            };
        }
    };
    if std::env::var_os("SERVICEPLAN_SUBMIP_TIMING").is_some() {
        eprintln!(
            "restrict: {:.3}s, {} of {} columns, {} rows",
            t.elapsed().as_secs_f64(),
            r.lp.size().variables,
            m.lp.size().variables,
            r.lp.size().rows
        );
    }
    let crate::solve::Restricted {
        mut lp,
        original,
        var,
    } = r;
    if !best.is_empty() {
        for (c, v) in var.iter().enumerate() {
            if let Some(v) = v {
                lp.hint(*v, best[c]);
            }
        }
    }
    // The fixed columns at their fixed values, the others from the best
    // (overwritten by the sub-MIP's solution below).
    let base: Vec<f64> = fixed
        .iter()
        .enumerate()
        .map(|(c, f)| f.unwrap_or_else(|| best.get(c).copied().unwrap_or(0.0)))
        .collect();
    // Symmetry detection costs more than it saves on sub-MIPs of many
    // alike staff (measured: 1.3 s of a 1.9 s window on 50 x 60).
    if std::env::var_os("SERVICEPLAN_SUBMIP_SYMMETRY").is_none() {
        lp.set_option("mip_detect_symmetry", false);
    }
    // So does presolve's probing (bit 15 of HiGHS's presolve rules):
    // measured on 50 x 60, construction windows 2.5 times as fast.
    let rules_off = std::env::var("SERVICEPLAN_SUBMIP_RULES_OFF")
        .ok()
        .and_then(|m| m.parse::<i32>().ok())
        .unwrap_or(PROBING);
    lp.set_option("presolve_rule_off", rules_off);
    if let Some(n) = nodes {
        lp.set_option("mip_max_nodes", n);
    }
    // Quiet: the search reports its own steps (SERVICEPLAN_SUBMIP_LOG=1
    // shows HiGHS's log of each sub-MIP). Abandoned when HiGHS does not
    // return within GRACE of its deadline (`solve::Running`).
    let out = lp
        .spawn(&SolveOptions {
            verbose: std::env::var_os("SERVICEPLAN_SUBMIP_LOG").is_some(),
            ..opts.clone()
        })
        .wait(GRACE);
    let values = out.values.as_ref().map(|v| {
        let mut full = base;
        for (k, &c) in original.iter().enumerate() {
            full[c] = v.columns()[k];
        }
        full
    });
    Sub {
        values,
        objective: out.objective,
        status: out.status,
        seconds: t.elapsed().as_secs_f64(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bound counts as stalled only once it has a value and has then
    /// risen less than [`STALL_RISE`] of itself for [`STALL_SECONDS`]; a
    /// rise by enough starts the wait again.
    #[test]
    fn a_bound_stalls_after_small_rises_for_the_whole_wait() {
        let mut s = Stall::default();
        assert!(!s.stalled(None, 0.0));
        assert!(!s.stalled(None, 100.0), "no value, no stall");
        assert!(!s.stalled(Some(20_000.0), 10.0));
        // +5 is 0.025 %: too little to count as a rise.
        assert!(!s.stalled(Some(20_005.0), 17.9));
        assert!(s.stalled(Some(20_005.0), 18.0));
        // +100 (0.5 %) counts: the wait starts again from 20.
        let mut s = Stall::default();
        assert!(!s.stalled(Some(20_000.0), 10.0));
        assert!(!s.stalled(Some(20_100.0), 20.0));
        assert!(!s.stalled(Some(20_101.0), 27.9));
        assert!(s.stalled(Some(20_101.0), 28.0));
    }
}
