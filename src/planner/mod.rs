//! The planning pipeline for one scenario: facts → model → solve → plan →
//! verify → write, and the elastic re-solve that explains an infeasible
//! scenario in words. The CLI and the batch runner both call this.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use anyhow::Result;

use crate::family::Family;
use crate::model::{Cycle, Model, majority_pattern};
use crate::output::OutDir;
use crate::plan::{self, Plan};
use crate::report;
use crate::scenario::Scenario;
use crate::scenario::facts::{EveningPeriod, Facts};
use crate::solve::{Event, Method, SolveOptions, Status};
use crate::verify;

mod diagnose;
mod export;
mod greedy;
pub mod replan;
mod search;

pub use replan::{Published, replan};
pub use search::SearchLog;

/// A hard rule family that had to give in the elastic re-solve.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// The family; printed as its id.
    pub family: &'static Family,
    pub name: &'static str,
    pub rule: &'static str,
    /// Total violation in the rows' own units (openings, staff, minutes, days).
    pub amount: f64,
    /// The rows that gave in, in words, largest first (at most 5).
    pub examples: Vec<String>,
    pub rows: usize,
}

/// Why a scenario has no plan.
#[derive(Debug, Clone)]
pub struct Explanation {
    pub conflicts: Vec<Conflict>,
    /// False when the elastic re-solve itself did not finish.
    pub complete: bool,
    /// True when the conflicts are proven by counting before any solve
    /// (the root causes of [`diagnose`]), not found by the elastic re-solve.
    pub proven: bool,
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.conflicts.is_empty() {
            return write!(
                f,
                "the rules conflict, but the elastic re-solve could not tell which within its 10 s (run `serviceplan check` and relax the rules one at a time)"
            );
        }
        writeln!(
            f,
            "{}",
            if self.proven {
                "these rules cannot all hold together (proven by counting, before solving):"
            } else {
                "these rules cannot all hold together; the least violation that makes a plan possible is:"
            }
        )?;
        for c in &self.conflicts {
            writeln!(
                f,
                "  - {} [{}]: violated in {} place(s), total {:.2}",
                c.name, c.family, c.rows, c.amount
            )?;
            writeln!(f, "      rule: {}", c.rule)?;
            for e in &c.examples {
                writeln!(f, "      e.g. {e}")?;
            }
        }
        if self.proven {
            write!(f, "each line says what to change in the scenario")
        } else {
            write!(
                f,
                "change the scenario so that these can be met (more staff or FTE, fewer openings, other rules)"
            )
        }
    }
}

/// The result of planning one scenario.
pub enum Outcome {
    /// A verified plan.
    Planned(Box<Plan>),
    /// No plan exists; the explanation names the conflicting rules.
    Infeasible {
        explanation: Explanation,
        seconds: f64,
    },
    /// The solver stopped without a plan (time limit before any solution, or a solver error).
    NoSolution {
        status: Status,
        reason: String,
        seconds: f64,
    },
}

/// Solves a scenario and returns its plan (not yet verified or written).
///
/// With a rotating base schedule (`cycle_weeks > 0`) the solve runs in two
/// stages, as a planner works: first the base schedule, a plan for one
/// cycle of ordinary weeks (no holidays, absences or closed premises; the
/// evening minimum per cycle); then the quarter, with the base schedule
/// fixed and every departure from it costed as an exception. Measured
/// against the joint formulation in `models/municipal.md`.
///
/// The yearly budget limits (families `budget`, `budget_deficit`) are part
/// of every stage unless even the dearest plan keeps them
/// ([`crate::model::budget::may_bind`]): then leaving them out changes
/// nothing.
pub fn solve(s: &Scenario, opts: &SolveOptions) -> Outcome {
    solve_from(s, opts, None)
}

/// [`solve`], the quarter's search started also from `start` (a plan of
/// `s` or of a scenario close to it, e.g. the base of `serviceplan price`):
/// what of it still keeps the rules is a plan the search begins from when
/// it is better than its own construction.
pub fn solve_from(s: &Scenario, opts: &SolveOptions, start: Option<&Plan>) -> Outcome {
    let started = std::time::Instant::now();
    let facts = Facts::new(s);
    let causes = diagnose::root_causes(s, &facts);
    if !causes.is_empty() {
        return Outcome::Infeasible {
            explanation: Explanation {
                conflicts: causes,
                complete: true,
                proven: true,
            },
            seconds: started.elapsed().as_secs_f64(),
        };
    }
    let budget = crate::model::budget::may_bind(s, &facts);
    if opts.verbose {
        eprintln!(
            "budget: {}",
            if budget {
                "the limits can bind; every stage is planned with them"
            } else {
                "even the dearest plan is within every limit; planned without them"
            }
        );
    }
    let mut export = opts.export.as_deref().map(export::Export::new);
    let mut result = solve_stages(s, opts, budget, &mut export, start);
    if let Some(e) = &export
        && let Err(err) = e.finish(&s.name)
    {
        result = Outcome::NoSolution {
            status: Status::Feasible,
            reason: format!("--export-model: {err:#}"),
            seconds: started.elapsed().as_secs_f64(),
        };
    }
    let total = started.elapsed().as_secs_f64();
    match &mut result {
        Outcome::Planned(p) => {
            p.summary.solve_seconds = (total * 1000.0).round() / 1000.0;
            p.summary.budget_in_solve = budget;
        }
        Outcome::Infeasible { seconds, .. } | Outcome::NoSolution { seconds, .. } => {
            *seconds = total
        }
    }
    result
}

/// The stages for one scenario, with or without the budget limits.
fn solve_stages(
    s: &Scenario,
    opts: &SolveOptions,
    budget: bool,
    export: &mut Option<export::Export>,
    start: Option<&Plan>,
) -> Outcome {
    if !s.offices.iter().any(|o| o.candidate && !o.closed) {
        return solve_fixed(s, opts, budget, export, start);
    }
    // Office location first, together with a plan for four ordinary weeks
    // (openings, evenings, staffing within contract hours, coverage, premises
    // budget); then the quarter with the chosen offices.
    let started = std::time::Instant::now();
    let (mut ts, mut tf) = template(s);
    if s.rules.cycle_weeks == 0 {
        ts.rules.cycle_weeks = 4;
        (ts, tf) = template(&ts);
    }
    let mut model = Model::build_with(&ts, &tf, Cycle::Off, budget);
    let lp = std::mem::take(&mut model.lp);
    if let Some(e) = export.as_mut() {
        e.stage(
            "location",
            &lp,
            "which candidate offices to open, with four ordinary weeks planned on them",
        );
    }
    opts.progress.report(Event::Stage("location"));
    let out = lp.solve(&opts.until(opts.deadline.share(0.25, 0.0)));
    let Some(values) = out.values.as_ref() else {
        return match out.status {
            Status::Infeasible => Outcome::Infeasible {
                explanation: explain(s, opts),
                seconds: out.seconds,
            },
            status => Outcome::NoSolution {
                status,
                reason: "no choice of offices found within the time limit; raise --time-limit"
                    .into(),
                seconds: out.seconds,
            },
        };
    };
    let mut decided = s.clone();
    for (&o, &z) in &model.office_open {
        if values.on(z) {
            decided.offices[o].candidate = false;
        } else {
            decided.offices[o].closed = true;
        }
    }
    if opts.verbose {
        let open: Vec<&str> = decided
            .offices
            .iter()
            .filter(|o| !o.closed)
            .map(|o| o.id.as_str())
            .collect();
        eprintln!(
            "location: {} in {:.2} s, open offices: {}",
            out.status.as_str(),
            out.seconds,
            open.join(", ")
        );
    }
    let mut result = solve_fixed(&decided, opts, budget, export, start);
    match &mut result {
        Outcome::Planned(p) => {
            p.summary.solve_seconds = ((started.elapsed().as_secs_f64()) * 1000.0).round() / 1000.0
        }
        Outcome::Infeasible { seconds, .. } | Outcome::NoSolution { seconds, .. } => {
            *seconds = started.elapsed().as_secs_f64()
        }
    }
    result
}

/// Plans a scenario whose offices are decided (no open candidates).
fn solve_fixed(
    s: &Scenario,
    opts: &SolveOptions,
    budget: bool,
    export: &mut Option<export::Export>,
    start: Option<&Plan>,
) -> Outcome {
    let started = std::time::Instant::now();
    let facts = Facts::new(s);
    // Staff stages plan without department demand; rooms follow (measured in
    // models/rooms.md: jointly, the default did not prove optimality in 60 s).
    let mut staff_only = s.clone();
    staff_only.demand.clear();
    let mut cycle = Cycle::Off;
    // A stage's options: `share` of the time left.
    let stage = |share: f64| opts.until(opts.deadline.share(share, 0.0));
    if s.rules.cycle_weeks > 0 {
        let (ts, tf) = template(s);
        let mut model = Model::build_with(&ts, &tf, Cycle::Off, budget);
        if let Some(e) = export.as_mut() {
            e.stage(
                "base_schedule",
                &model.lp,
                "one cycle of ordinary weeks; its plan is the quarter's base schedule",
            );
        }
        opts.progress.report(Event::Stage("base schedule"));
        // Within BASE_SCHEDULE_GAP of its bound it is good enough: the
        // quarter plans around it and prices every exception from it.
        let mut base = stage(0.25);
        base.gap = base.gap.max(BASE_SCHEDULE_GAP);
        let (outcome, log) = match opts.method {
            Method::Search => search::search(&mut model, &base),
            Method::HighsAlone => search::highs_alone(&model, &base),
        };
        if opts.verbose {
            eprintln!(
                "base schedule ({} weeks): {} in {:.2} s, objective {:?}, {} neighbourhoods",
                s.rules.cycle_weeks,
                outcome.status.as_str(),
                outcome.seconds,
                outcome.objective,
                log.iterations
            );
        }
        if let Some(values) = outcome.values.as_ref() {
            let worked: Vec<bool> = model.cells.iter().map(|c| values.on(c.var)).collect();
            cycle = Cycle::Fixed(majority_pattern(&model, &worked));
        }
        // Without a base schedule (the cycle alone is infeasible or timed out)
        // the quarter is planned without one; the summary reports no cycle.
    }
    if opts.method == Method::HighsAlone {
        return whole_by_highs(s, &facts, cycle, budget, opts, export, started);
    }
    // The rooms model and the department terms' bound need no staff plan:
    // they are built and found on the second core beside the quarter's
    // model and its search. Each model takes seconds to build at 100
    // offices x 120 staff; built after the quarter's, the rooms model was
    // ready 2.6 s after the quarter's search had ended (a 10 s limit, past
    // the promise). A thread of its own, not `rayon::join`: inside a batch,
    // whose scenarios keep rayon's threads busy, join may run its second
    // half only after the first, past the quarter's deadline.
    //
    // When the whole model is small enough, that core then gives it to
    // HiGHS whole ([`Beside`]) until the staged plan is settled; the rooms
    // thread learns whether from the quarter's model, with the quarter's
    // options, once that is built.
    let with_rooms = !s.demand.is_empty();
    let whole_deadline = opts.deadline.haltable();
    let quarter_cycle = cycle.clone();
    let (to_rooms, quarter_built) = std::sync::mpsc::channel::<(bool, bool, SolveOptions)>();
    let (quarter_ended, quarter_end) = std::sync::mpsc::channel::<bool>();
    let (model, size, (mut outcome, log), rooms) = std::thread::scope(|scope| {
        let rooms = scope.spawn(|| {
            let quarter_built = quarter_built;
            let quarter_end = quarter_end;
            with_rooms.then(|| {
                let rooms = Model::build_with(s, &facts, cycle, budget);
                let (beside, provable, quarter) =
                    quarter_built.recv().expect("the quarter's model");
                // With the whole model to follow on this core, the
                // department bound has a tenth of the quarter's time, not
                // half: the whole model's bound, when it has one, covers
                // the department terms too.
                let share = if beside { 0.1 } else { 0.5 };
                let bound =
                    department_bound(&rooms, &quarter.until(quarter.deadline.share(share, 0.0)));
                rooms.lp.prepare_restrict();
                // A quarter small enough to be proven whole is given its
                // first seconds alone: the default's is proven in under
                // 7 s, and the whole model beside it, halted then, had
                // spent as much CPU time for nothing. Settled (proven
                // optimal or infeasible), the quarter needs no help; the
                // whole model may still start after the rooms stage.
                let wait = if provable {
                    quarter.deadline.remaining().map_or(BESIDE_WAIT_MAX, |t| {
                        (BESIDE_WAIT_SHARE * t).min(BESIDE_WAIT_MAX)
                    })
                } else {
                    0.0
                };
                let settled = wait > 0.0
                    && quarter_end
                        .recv_timeout(std::time::Duration::from_secs_f64(wait))
                        .unwrap_or(false);
                let wanted = beside && rooms.lp.size().variables <= BESIDE_MAX_COLUMNS;
                let whole = (wanted && !settled)
                    .then(|| Beside::start(&rooms, opts, &whole_deadline))
                    .flatten();
                (rooms, bound, whole, wanted)
            })
        });
        let mut model = Model::build_with(&staff_only, &facts, quarter_cycle, budget);
        if let Some(p) = start {
            replan::hint_plan(&mut model, s, p);
        }
        let size = model.lp.size();
        if opts.verbose {
            eprintln!(
                "quarter model: {} columns, {} rows, built at {:.2} s of the run",
                size.variables,
                size.rows,
                opts.deadline.elapsed()
            );
            for (family, rows, nonzeros) in model.lp.family_sizes() {
                eprintln!("  family {family:<20} {rows:>7} rows {nonzeros:>9} non-zeros");
            }
        }
        // The rooms stage follows: it keeps a share of the time (it rarely
        // needs it; what the quarter leaves over goes to it too).
        let quarter = if s.demand.is_empty() {
            opts.clone()
        } else {
            let keep = opts
                .deadline
                .remaining()
                .map_or(0.0, |t| (0.15 * t).clamp(0.5, 10.0));
            opts.until(opts.deadline.less(keep))
        };
        if let Some(e) = export.as_mut() {
            e.stage(
                "quarter",
                &model.lp,
                "the quarter's openings and staff, with the base schedule's exceptions costed",
            );
        }
        opts.progress.report(Event::Stage("quarter"));
        let beside = with_rooms && size.variables <= BESIDE_QUARTER_MAX_COLUMNS;
        let provable = search::provable(&model.lp);
        // Without rooms the thread has returned and nobody listens.
        let _ = to_rooms.send((beside, provable, quarter.clone()));
        let searched = search::search(&mut model, &quarter);
        // Proven optimal or infeasible: the whole model need not start
        // beside it (it may still after the rooms stage).
        let settled = matches!(searched.0.status, Status::Optimal | Status::Infeasible);
        let _ = quarter_ended.send(settled);
        (
            model,
            size,
            searched,
            rooms.join().expect("the rooms model's thread panicked"),
        )
    });
    if opts.verbose
        && let Some((_, departments, _, _)) = &rooms
    {
        eprintln!("department terms: at least {departments:.2} in every plan");
    }
    if opts.verbose {
        for l in &log.lines {
            eprintln!("  quarter {l}");
        }
    }
    let first_plan = log.first_plan.map(|t| (t * 1000.0).round() / 1000.0);
    let with_first = |mut out: Outcome| {
        if let Outcome::Planned(p) = &mut out {
            p.summary.first_plan_seconds = first_plan;
        }
        out
    };
    let Some((rooms, departments, whole, wanted)) = rooms else {
        return with_first(finish(s, opts, model, outcome, size, started));
    };
    if outcome.values.is_none() {
        // No staged plan: the whole model's, if it has one by the end.
        let found = whole
            .filter(|_| outcome.status != Status::Infeasible)
            .map(|w| w.settle(&rooms, &opts.deadline, opts.verbose))
            .filter(|w| w.values.is_some());
        // Not settled (an infeasible quarter): not left running either.
        whole_deadline.halt();
        return with_first(match found {
            Some(w) => {
                let size = rooms.lp.size();
                finish(s, opts, rooms, w, size, started)
            }
            None => finish(s, opts, model, outcome, size, started),
        });
    }
    // Rooms: the staff plan and openings fixed, department bookings
    // allocated. The fixed part is written out of the program
    // (`Lp::restrict`), so HiGHS sees the bookings alone.
    let staff_values = outcome.values.take().expect("checked above");
    let size = rooms.lp.size();
    opts.progress.report(Event::Stage("rooms"));
    let room_outcome = rooms_stage(&model, &rooms, &staff_values, opts, |sub| {
        if let Some(e) = export.as_mut() {
            e.stage(
                "rooms",
                sub,
                "department bookings with the quarter's staff plan fixed (its terms in the offset)",
            );
        }
    });
    if opts.verbose {
        eprintln!(
            "quarter: {} in {:.2} s, objective {:?}; rooms: {} in {:.2} s, objective {:?}",
            outcome.status.as_str(),
            outcome.seconds,
            outcome.objective,
            room_outcome.status.as_str(),
            room_outcome.seconds,
            room_outcome.objective
        );
    }
    let quarter_proven = outcome.status == Status::Optimal;
    let room_outcome = weakest_stage(&outcome, room_outcome, departments, opts.gap);
    // Both stages proven and their plan within NEAR_PROVEN x --gap of
    // their summed bounds: the whole model is not worth its time.
    let near = quarter_proven
        && room_outcome
            .gap
            .is_some_and(|g| g <= NEAR_PROVEN * opts.gap);
    // A quarter proven before the whole model started: the whole model
    // starts now, if the staged plan is not proven (its openings were
    // chosen without the departments).
    let whole = whole.or_else(|| {
        (wanted && room_outcome.status != Status::Optimal && !near && !opts.deadline.expired())
            .then(|| Beside::start(&rooms, opts, &whole_deadline))
            .flatten()
    });
    let room_outcome = match whole {
        Some(whole) => {
            // A proven quarter (the default) leaves the whole model as long
            // again as the stages took (at least 2 s); else the time left.
            let end = if near {
                opts.deadline.within(0.0)
            } else if quarter_proven && room_outcome.status != Status::Optimal {
                opts.deadline
                    .within(started.elapsed().as_secs_f64().max(2.0))
            } else if room_outcome.status == Status::Optimal {
                opts.deadline.within(0.0)
            } else {
                opts.deadline.clone()
            };
            let w = whole.settle(&rooms, &end, opts.verbose);
            best_of(room_outcome, w, opts)
        }
        None => room_outcome,
    };
    with_first(finish(s, opts, rooms, room_outcome, size, started))
}

/// The quarter with its bookings as one program, given to HiGHS alone
/// for the time left (`--method highs-alone`, the anchor of the planner's
/// bench); verified and written as any plan.
fn whole_by_highs(
    s: &Scenario,
    facts: &Facts,
    cycle: Cycle,
    budget: bool,
    opts: &SolveOptions,
    export: &mut Option<export::Export>,
    started: std::time::Instant,
) -> Outcome {
    let model = Model::build_with(s, facts, cycle, budget);
    let size = model.lp.size();
    if let Some(e) = export.as_mut() {
        e.stage(
            "whole",
            &model.lp,
            "the quarter's openings, staff and department bookings in one program",
        );
    }
    opts.progress.report(Event::Stage("quarter"));
    let (outcome, log) = search::highs_alone(&model, opts);
    if opts.verbose {
        for l in &log.lines {
            eprintln!("  quarter {l}");
        }
    }
    finish(s, opts, model, outcome, size, started)
}

/// The base schedule's stage ends when its plan is within this gap of its
/// bound (or at its share of the time). It is a template: at the run's
/// `--gap` (1e-4) it used its whole share (a quarter of the run) chasing the
/// last hundredth of a per cent: generated 12 x 6 seed 4, 15 s of a 60 s
/// run at 21,590 against a bound of 21,587, the quarter's first plan after
/// it.
const BASE_SCHEDULE_GAP: f64 = 1e-3;

/// A staged plan whose two stages are proven and which is within this
/// many times `--gap` of their summed bounds ([`weakest_stage`]) is
/// returned as it is (`feasible`, with its gap): the whole model [`Beside`]
/// the stages is not started, or is halted. Measured at a 60 s limit on
/// generated units whose stages were proven but whose plans were not
/// (5 x 3 and 8 x 5 with Saturdays, seeds 4, 5 and 6; 10 x 4 seed 3; gaps
/// 0.017 % to 0.025 %), the whole model, given as long again as the stages
/// had taken, never found a better plan; on 3 x 3 seed 0
/// (tests/planner_search.rs), where the staged plan was 9.8 % above the
/// optimum, it found the optimum.
const NEAR_PROVEN: f64 = 10.0;

/// Share of the quarter's time, and most seconds, that the whole model
/// [`Beside`] a provable quarter ([`search::provable`]) waits for it to be
/// settled before it starts. The default at 60 s: the quarter proven in
/// under 7 s, where the whole model, started with it and halted then, took
/// the run's CPU time from 9 to 15 s.
const BESIDE_WAIT_SHARE: f64 = 0.2;
const BESIDE_WAIT_MAX: f64 = 10.0;

/// Most columns of a whole model that HiGHS solves [`Beside`] the stages
/// (measured: generated 12 offices x 12 staff, 19,703 columns, its root
/// takes HiGHS 35 s).
const BESIDE_MAX_COLUMNS: usize = 25_000;

/// Most columns of a quarter model (without bookings) whose whole model is
/// solved [`Beside`] the stages (its whole model is then expected within
/// [`BESIDE_MAX_COLUMNS`]).
const BESIDE_QUARTER_MAX_COLUMNS: usize = 18_000;

/// The whole model (staff, openings and bookings together) given to HiGHS
/// on the second core while the quarter is searched and its bookings
/// allocated. The stages choose openings without the departments; HiGHS
/// may move an opening to where a booking saves more than it costs, and
/// its cuts on the whole model give a bound the stages' sum does not
/// (generated 12 x 6: from the LP's 52,007 to 104,381 at the root, where
/// the quarter's own bound was 97,807). It runs under a deadline of its
/// own ([`crate::solve::Deadline::haltable`]), halted when the staged plan
/// is settled, and is given up [`search::GRACE`] later with what HiGHS had
/// reported ([`crate::solve::Running::wait_until`]).
struct Beside {
    running: crate::solve::Running,
    /// Seconds into the run when it was started.
    started: f64,
}

impl Beside {
    /// The whole model solved from nothing on a thread of its own, until
    /// `deadline` (the run's, made haltable) at the latest.
    fn start(
        whole: &Model,
        opts: &SolveOptions,
        deadline: &crate::solve::Deadline,
    ) -> Option<Beside> {
        let quiet = SolveOptions {
            verbose: false,
            ..opts.until(deadline.clone())
        };
        let running = search::spawn_copy(&whole.lp, None, &quiet).ok()?;
        Some(Beside {
            running,
            started: opts.deadline.elapsed(),
        })
    }

    /// Its outcome (in `whole`'s columns) by `end` at the latest.
    fn settle(
        self,
        whole: &Model,
        end: &crate::solve::Deadline,
        verbose: bool,
    ) -> crate::solve::Outcome {
        let out = search::in_program(&whole.lp, self.running.wait_until(end, search::GRACE));
        if verbose {
            eprintln!(
                "whole model beside the stages (from {:.2} s): {} in {:.2} s, objective {:?}, bound {:?}",
                self.started,
                out.status.as_str(),
                out.seconds,
                out.objective,
                out.bound
            );
        }
        out
    }
}

/// The better plan of the staged one and the whole model's, with the
/// higher of their bounds (each valid for the whole model), and the status
/// that gap and the time give.
fn best_of(
    staged: crate::solve::Outcome,
    whole: crate::solve::Outcome,
    opts: &SolveOptions,
) -> crate::solve::Outcome {
    if whole.error.is_some() {
        return staged;
    }
    let better = whole.values.is_some()
        && matches!((whole.objective, staged.objective), (Some(a), Some(b)) if a < b - 1e-9);
    let bound = match (staged.bound, whole.bound) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let mut result = if better { whole } else { staged };
    result.set_bound(bound);
    result.status = if result.gap.is_some_and(|g| g <= opts.gap) {
        Status::Optimal
    } else if opts.deadline.expired() {
        Status::TimeLimit
    } else {
        // stopped by its own budget, not by the user's time limit
        Status::Feasible
    };
    result
}

/// The rooms stage: `rooms` (the whole model with department demand) with
/// the staff plan and openings of `staff` (a solution of `model`, the same
/// scenario without demand) fixed and written out of the program
/// ([`crate::solve::Lp::restrict`]), so that HiGHS sees the bookings alone.
/// `export` sees the sub-program before it is solved. The outcome is in
/// `rooms`'s columns; its bound holds for this staff plan only (see
/// [`weakest_stage`]).
pub(super) fn rooms_stage(
    model: &Model,
    rooms: &Model,
    staff: &crate::solve::Values,
    opts: &SolveOptions,
    export: impl FnOnce(&crate::solve::Lp),
) -> crate::solve::Outcome {
    let mut fixed = vec![None; rooms.lp.size().variables];
    let on = |v| Some(if staff.on(v) { 1.0 } else { 0.0 });
    for (i, c) in model.cells.iter().enumerate() {
        fixed[rooms.lp.column(rooms.cells[i].var)] = on(c.var);
    }
    for (key, v) in &model.open {
        fixed[rooms.lp.column(rooms.open[key])] = on(*v);
    }
    for (key, v) in &model.evening {
        fixed[rooms.lp.column(rooms.evening[key])] = on(*v);
    }
    let sub = match rooms.lp.restrict(&fixed) {
        Ok(sub) => sub,
        Err(e) => {
            return crate::solve::Outcome::from_search(&rooms.lp, None, Status::Infeasible, None)
                .with_error(e);
        }
    };
    export(&sub.lp);
    // The bookings of a plan found: also after Ctrl-C, for a moment.
    let opts = if opts.deadline.expired() {
        search::must_run(opts)
    } else {
        opts.clone()
    };
    // HiGHS does not watch the clock in symmetry detection: on 100 x 120
    // it took 4.9 s of the rooms stage's last 8 s.
    let (mut lp, mut original) = (sub.lp, sub.original);
    lp.set_option("mip_detect_symmetry", false);
    let mut out = lp.spawn(&opts).wait(search::GRACE);
    if out.values.is_none() && out.status != Status::Infeasible {
        // No bookings found in the time: the staff plan with no bookings
        // (demand unmet, a soft term) rather than no plan at all.
        let mut none = fixed.clone();
        let blocks = rooms.rooms.blocks.iter().map(|b| b.var);
        for v in blocks.chain(rooms.rooms.trips.values().copied()) {
            none[rooms.lp.column(v)] = Some(0.0);
        }
        if let Ok(empty) = rooms.lp.restrict(&none) {
            let done = empty.lp.spawn(&search::must_run(&opts)).wait(search::GRACE);
            if done.values.is_some() {
                (fixed, original) = (none, empty.original);
                out.values = done.values;
                out.error = done.error;
            }
        }
    }
    let full = out.values.as_ref().map(|v| {
        let mut full: Vec<f64> = fixed.iter().map(|f| f.unwrap_or(0.0)).collect();
        for (k, &c) in original.iter().enumerate() {
            full[c] = v.columns()[k];
        }
        full
    });
    let mut o = crate::solve::Outcome::from_search(&rooms.lp, full, out.status, out.bound);
    o.seconds = out.seconds;
    o.error = out.error;
    o
}

/// The base-schedule problem: one cycle of ordinary weeks from the Monday of
/// the period's first week, with no holidays, absences or closed premises,
/// and the evening minimum scaled to the cycle (rounded up).
pub fn template(s: &Scenario) -> (Scenario, Facts) {
    let weeks = s.rules.cycle_weeks.max(1) as i64;
    let mut t = s.clone();
    let monday = crate::scenario::facts::monday_of(s.period.start);
    t.period.start = monday;
    t.period.end = monday + chrono::Duration::days(7 * weeks - 1);
    t.calendar.open_on_holidays = true;
    t.calendar.extra_closed.clear();
    for x in &mut t.staff {
        x.absences.clear();
    }
    t.absences.clear();
    // the base schedule is for staff; rooms follow in the quarter
    t.demand.clear();
    for o in &mut t.offices {
        o.unavailable.clear();
    }
    let mut f = Facts::new(&t);
    let need = s.rules.evenings_per_cycle(weeks as u32);
    f.evening_periods = vec![EveningPeriod {
        first: t.period.start,
        last: t.period.end,
        need,
        label: "cycle".into(),
    }];
    (t, f)
}

/// The rooms stage's outcome, as proven as the two stages together. The
/// plan's objective is the quarter's terms plus the department terms
/// (bookings, unmet demand, trips). No plan's quarter terms are below the
/// quarter's bound, and no plan's department terms are below
/// `departments` ([`department_bound`]), so their sum bounds every plan.
/// The rooms stage's own bound holds only for the staff plan it was given
/// (it equals its objective once that plan is fixed), so it bounds nothing
/// here. The plan is optimal when both stages are and the sum is within
/// `gap` of its objective; a plan whose quarter is optimal but whose
/// bookings the openings constrain is `feasible`, with that gap.
pub(super) fn weakest_stage(
    quarter: &crate::solve::Outcome,
    mut rooms: crate::solve::Outcome,
    departments: f64,
    gap: f64,
) -> crate::solve::Outcome {
    let proven = quarter.status == Status::Optimal && rooms.status == Status::Optimal;
    rooms.set_bound(quarter.bound.map(|b| b + departments));
    if rooms.status == Status::Optimal {
        rooms.status = quarter.status;
    }
    if proven && rooms.gap.is_some_and(|g| g > gap) {
        rooms.status = Status::Feasible;
    }
    rooms
}

/// Most branch-and-bound nodes of the department terms' bound
/// ([`department_bound`]).
const DEPARTMENT_BOUND_NODES: i32 = 100;

/// The department terms' bound is halted once it has risen less than this
/// share of itself in [`DEPARTMENT_STALL_SECONDS`].
const DEPARTMENT_STALL_RISE: f64 = 5e-4;

/// See [`DEPARTMENT_STALL_RISE`].
const DEPARTMENT_STALL_SECONDS: f64 = 3.0;

/// A lower bound on the department terms of every plan: the rooms model's
/// rows alone ([`crate::model::rules::ROOMS`]), with every opening the
/// calendar allows held open. Bookings are linked to the staff plan only
/// through "a booking that needs an open office lies in an opening", which
/// open openings loosen, and the department terms' variables appear in no
/// other row that could raise them (the budget rows are left out, which
/// loosens too). So its optimum, and its solver's dual bound when stopped
/// early, is at most the department terms of any plan. 0 when there is no
/// demand or no time.
pub(super) fn department_bound(rooms: &Model, opts: &SolveOptions) -> f64 {
    if rooms.rooms.keys.is_empty() {
        return 0.0;
    }
    let mut fixed = vec![None; rooms.lp.size().variables];
    for v in rooms.open.values().chain(rooms.evening.values()) {
        fixed[rooms.lp.column(*v)] = Some(1.0);
    }
    let mut part = rooms.lp.part(&crate::model::rules::ROOMS, &fixed);
    // HiGHS does not watch the clock in symmetry detection: on 100 x 120
    // it took 16.8 s of a 30 s share.
    part.set_option("mip_detect_symmetry", false);
    // Its root's cuts give the bound; its tree hardly raises it (25 x 30:
    // 1,660.30 after the root at 2.0 s, 1,666.86 after 100 nodes at 4.1 s
    // and still after 565 nodes and 25 s), and it shares the second core
    // with the bounds beside the quarter's search.
    part.set_option("mip_max_nodes", DEPARTMENT_BOUND_NODES);
    // Nodes can be slow too (generated 25 x 30, seed 55: 1,780.47 after
    // the root at 3.6 s, 1,782.79 after 100 nodes at 18.7 s, on a core the
    // quarter's search needs): halted once its bound stalls.
    let running = part.spawn(&opts.until(opts.deadline.haltable()));
    let started = std::time::Instant::now();
    let mut stall = search::Stall::new(DEPARTMENT_STALL_RISE, DEPARTMENT_STALL_SECONDS);
    let out = loop {
        if let Some(out) = running.try_take() {
            break out;
        }
        let now = started.elapsed().as_secs_f64();
        if opts.deadline.expired() || stall.stalled(running.bound_so_far(), now) {
            running.halt();
            break running.wait(search::GRACE);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    if opts.verbose {
        eprintln!(
            "department terms' bound: {} in {:.2} s, bound {:?}",
            out.status.as_str(),
            out.seconds,
            out.bound
        );
    }
    out.bound.unwrap_or(0.0).max(0.0)
}

fn finish(
    s: &Scenario,
    opts: &SolveOptions,
    model: Model,
    mut outcome: crate::solve::Outcome,
    size: crate::solve::ModelSize,
    started: std::time::Instant,
) -> Outcome {
    outcome.seconds = started.elapsed().as_secs_f64();
    if let Some(err) = &outcome.error {
        return Outcome::NoSolution {
            status: outcome.status,
            reason: err.clone(),
            seconds: outcome.seconds,
        };
    }
    match outcome.status {
        Status::Infeasible => {
            let explanation = explain(s, opts);
            Outcome::Infeasible {
                explanation,
                seconds: outcome.seconds,
            }
        }
        _ => match plan::extract(&model, &outcome, size) {
            Some(p) => Outcome::Planned(Box::new(p)),
            None => Outcome::NoSolution {
                status: outcome.status,
                reason: format!(
                    "the solver stopped ({}) after {:.1} s without finding a plan; raise --time-limit",
                    outcome.status.as_str(),
                    outcome.seconds
                ),
                seconds: outcome.seconds,
            },
        },
    }
}

/// Re-solves with every hard row relaxed by a penalised slack and names the
/// families whose slack is positive: the rules that conflict.
pub fn explain(s: &Scenario, opts: &SolveOptions) -> Explanation {
    let facts = Facts::new(s);
    let mut model = Model::build(s, &facts, Cycle::Off);
    explain_lp(std::mem::take(&mut model.lp), opts)
}

/// [`explain`] for a built program: its hard rows relaxed, the families
/// that give way named.
fn explain_lp(lp: crate::solve::Lp, opts: &SolveOptions) -> Explanation {
    let (elastic, slacks) = lp.into_elastic();
    // The least violation need not be proven least: a good one names the
    // rules. At most 10 s, within the run's deadline.
    let mut elastic_opts = opts.until(opts.deadline.within(10.0));
    elastic_opts.gap = elastic_opts.gap.max(0.01);
    let out = elastic.solve(&elastic_opts);
    let Some(values) = out.values.as_ref() else {
        return Explanation {
            conflicts: Vec::new(),
            complete: false,
            proven: false,
        };
    };
    // family id → (family, (slack, labelled row) of each row that gave in)
    type Gave = Vec<(f64, Option<String>)>;
    let mut by_family: BTreeMap<&'static str, (&'static Family, Gave)> = BTreeMap::new();
    for sl in &slacks {
        let v = values.get(sl.var);
        if v > 1e-6 {
            let label = sl.label.clone().map(|l| {
                let dir = if sl.over { "over by" } else { "short by" };
                format!("{l}: {dir} {:.2}", v)
            });
            by_family
                .entry(sl.family.id)
                .or_insert((sl.family, Vec::new()))
                .1
                .push((v, label));
        }
    }
    let mut conflicts: Vec<Conflict> = by_family
        .into_values()
        .map(|(fam, mut rows)| {
            rows.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            Conflict {
                family: fam,
                name: fam.name_en,
                rule: fam.rule,
                amount: rows.iter().map(|r| r.0).sum(),
                rows: rows.len(),
                examples: rows.iter().filter_map(|r| r.1.clone()).take(5).collect(),
            }
        })
        .collect();
    conflicts.sort_by(|a, b| {
        b.amount
            .total_cmp(&a.amount)
            .then(a.family.id.cmp(b.family.id))
    });
    Explanation {
        conflicts,
        complete: out.status == Status::Optimal,
        proven: false,
    }
}

/// Seconds a command keeps back from its time limit for what follows the
/// solve: the last stage's overrun past its deadline (a sub-MIP or the
/// rooms model HiGHS is still leaving), verifying the written files and
/// writing the reports. Grows with the offices and staff times the days
/// of the period, which those files hold. Measured at `--time-limit 10`
/// and 20 on generated 100 offices x 120 staff (92 days): verifying and
/// writing 0.73 s, the stages' overrun up to 1.0 s (the run took 12.2 s,
/// past the promise of 11.5 s, before this was kept back); 50 x 60: 0.31
/// s of writing. 100 µs per office- or staff-day: 2.0 s there, 0.1 s on
/// the default.
pub fn write_reserve(s: &Scenario) -> f64 {
    let days = s.period.days().max(1) as f64;
    1e-4 * (s.offices.len() + s.staff.len()) as f64 * days
}

/// Writes a solved plan into `dir` atomically after verifying the written
/// files; on a violation nothing is written and the violations are returned
/// as the error.
pub fn write_verified(s: &Scenario, plan: &mut Plan, dir: &Path) -> Result<verify::Report> {
    write_verified_reports(s, plan, &OutDir::claim(dir, false)?, None)
}

/// [`write_verified`], and with `lang` also the reports people read
/// (`report.html`, `plan.xlsx`, `calendars/`), all in the same atomic folder.
pub fn write_verified_reports(
    s: &Scenario,
    plan: &mut Plan,
    dir: &OutDir,
    lang: Option<report::Lang>,
) -> Result<verify::Report> {
    write_checked(s, plan, dir, lang, |tmp| verify::verify_dir(s, tmp))
}

/// Fills `dir` with the plan's files, verifies them with `check` (reading
/// the files back), and only then writes `summary.json` as verified and
/// the reports; on a violation nothing is written.
fn write_checked(
    s: &Scenario,
    plan: &mut Plan,
    dir: &OutDir,
    lang: Option<report::Lang>,
    check: impl Fn(&Path) -> Result<verify::Report>,
) -> Result<verify::Report> {
    let mut report_out = None;
    dir.replace_with(|tmp| {
        report::write_plan_files(tmp, plan, &report::Names::of(s))?;
        let r = check(tmp)?;
        if !r.ok() {
            let lines: Vec<String> = r
                .violations
                .iter()
                .map(|v| format!("  [{}] {}", v.family, v.message))
                .collect();
            return Err(crate::error::Error::VerifyFailed(format!(
                "the plan failed verification ({} violations); nothing was written:\n{}",
                r.violations.len(),
                lines.join("\n")
            ))
            .into());
        }
        plan.summary.verified = true;
        let json = serde_json::to_string_pretty(&plan.summary)? + "\n";
        std::fs::write(tmp.join("summary.json"), json)?;
        if let Some(lang) = lang {
            report::write_reports(tmp, s, lang)?;
        }
        report_out = Some(r);
        Ok(())
    })?;
    Ok(report_out.expect("set when the folder was written"))
}

#[cfg(test)]
mod tests {
    use super::weakest_stage;
    use crate::solve::{Outcome, Status};

    fn outcome(status: Status, objective: f64, bound: f64) -> Outcome {
        Outcome {
            status,
            objective: Some(objective),
            bound: Some(bound),
            gap: Some(crate::solve::relative_gap(objective, bound)),
            seconds: 1.0,
            size: Default::default(),
            values: None,
            error: None,
        }
    }

    /// A quarter stopped at its time limit 100 above its bound, department
    /// terms at least 500: the plan (rooms stage proven on the fixed staff
    /// plan) reports the time limit and the sum of the two bounds, not the
    /// rooms stage's proof.
    #[test]
    fn plan_is_as_proven_as_its_weakest_stage() {
        let quarter = outcome(Status::TimeLimit, 1100.0, 1000.0);
        let rooms = outcome(Status::Optimal, 2000.0, 2000.0);
        let got = weakest_stage(&quarter, rooms, 500.0, 1e-4);
        assert_eq!(got.status, Status::TimeLimit);
        assert_eq!(got.bound, Some(1500.0));
        assert_eq!(got.gap, Some(0.25));
        // A proven quarter and rooms stage stopped early: the rooms
        // stage's bound (for this staff plan only) is not the plan's.
        let quarter = outcome(Status::Optimal, 1000.0, 1000.0);
        let rooms = outcome(Status::TimeLimit, 2000.0, 1990.0);
        let got = weakest_stage(&quarter, rooms, 900.0, 1e-4);
        assert_eq!(got.status, Status::TimeLimit);
        assert_eq!(got.bound, Some(1900.0));
        // Both proven and the department terms at their bound: optimal.
        let rooms = outcome(Status::Optimal, 2000.0, 2000.0);
        let got = weakest_stage(&quarter, rooms, 1000.0, 1e-4);
        assert_eq!((got.status, got.gap), (Status::Optimal, Some(0.0)));
        // Both proven, but the openings cost the bookings 100: feasible.
        let rooms = outcome(Status::Optimal, 2000.0, 2000.0);
        let got = weakest_stage(&quarter, rooms, 900.0, 1e-4);
        assert_eq!((got.status, got.gap), (Status::Feasible, Some(0.05)));
        // A quarter without a bound: the plan has none either.
        let mut quarter = outcome(Status::TimeLimit, 1100.0, 1000.0);
        quarter.bound = None;
        let got = weakest_stage(
            &quarter,
            outcome(Status::Optimal, 2000.0, 2000.0),
            500.0,
            1e-4,
        );
        assert_eq!((got.bound, got.gap), (None, None));
    }
}
