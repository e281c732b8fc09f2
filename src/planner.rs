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
use crate::solve::{SolveOptions, Status};
use crate::verify;

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
            "these rules cannot all hold together; the least violation that makes a plan possible is:"
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
        write!(
            f,
            "change the scenario so that these can be met (more staff or FTE, fewer openings, other rules)"
        )
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
/// The yearly budget limits (families `budget`, `budget_deficit`) enter
/// lazily: the stages first plan without them; when that plan's projected
/// cost (`costs.csv`) stays within the budget in every year and category it
/// is also the best plan with them, and it is returned as it is. Otherwise
/// every stage is solved again with the limits, in the time that is left.
pub fn solve(s: &Scenario, opts: &SolveOptions) -> Outcome {
    let started = std::time::Instant::now();
    let first = solve_stages(s, opts, false);
    let Outcome::Planned(p) = &first else {
        return first;
    };
    if !p.summary.costs.iter().any(|c| c.deficit_sek > 0.0) {
        return first;
    }
    if opts.verbose {
        eprintln!(
            "budget: the plan without limits spends over the budget; planning again with the budget family ({})",
            s.costs.budget_mode
        );
    }
    let mut result = solve_stages(s, opts, true);
    // Soft limits allow the first plan as it is: when the second solve finds
    // nothing in the time left, the first plan stands, reported with its
    // deficit and as not proven best under the deficit penalty.
    let fell_back = crate::model::budget::soft(s) && matches!(result, Outcome::NoSolution { .. });
    if fell_back {
        result = first;
        if let Outcome::Planned(p) = &mut result {
            if p.summary.status == "optimal" {
                p.summary.status = Status::Feasible.as_str().into();
            }
            if opts.verbose {
                eprintln!(
                    "budget: no plan with the soft limits in the time left; the first plan stands"
                );
            }
        }
    }
    let total = started.elapsed().as_secs_f64();
    match &mut result {
        Outcome::Planned(p) => {
            p.summary.solve_seconds = (total * 1000.0).round() / 1000.0;
            p.summary.budget_in_solve = !fell_back;
        }
        Outcome::Infeasible { seconds, .. } | Outcome::NoSolution { seconds, .. } => {
            *seconds = total
        }
    }
    result
}

/// The stages for one scenario, with or without the budget limits.
fn solve_stages(s: &Scenario, opts: &SolveOptions, budget: bool) -> Outcome {
    if !s.offices.iter().any(|o| o.candidate && !o.closed) {
        return solve_fixed(s, opts, budget);
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
    let mut result = solve_fixed(&decided, opts, budget);
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
fn solve_fixed(s: &Scenario, opts: &SolveOptions, budget: bool) -> Outcome {
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
        let lp = std::mem::take(&mut model.lp);
        let outcome = lp.solve(&stage(0.25));
        if opts.verbose {
            eprintln!(
                "base schedule ({} weeks): {} in {:.2} s, objective {:?}",
                s.rules.cycle_weeks,
                outcome.status.as_str(),
                outcome.seconds,
                outcome.objective
            );
        }
        if let Some(values) = outcome.values.as_ref() {
            let worked: Vec<bool> = model.cells.iter().map(|c| values.on(c.var)).collect();
            cycle = Cycle::Fixed(majority_pattern(&model, &worked));
        }
        // Without a base schedule (the cycle alone is infeasible or timed out)
        // the quarter is planned without one; the summary reports no cycle.
    }
    // Roll-out: the base schedule fixed on undisturbed days gives a first
    // plan quickly; it starts the full solve.
    let mut start = None;
    if let Cycle::Fixed(pattern) = &cycle {
        let mut model = Model::build_with(&staff_only, &facts, cycle.clone(), budget);
        if model.cells.len() < ROLLOUT_CELLS {
            model.cells.clear();
        }
        fix_undisturbed(&mut model, pattern);
        if model.cells.is_empty() {
            // small model: HiGHS finds a first plan on its own
        } else {
            let mut rollout_opts = stage(0.5);
            rollout_opts.gap = opts.gap.max(0.01);
            let lp = std::mem::take(&mut model.lp);
            let outcome = lp.solve(&rollout_opts);
            if opts.verbose {
                eprintln!(
                    "roll-out of the base schedule: {} in {:.2} s, objective {:?}",
                    outcome.status.as_str(),
                    outcome.seconds,
                    outcome.objective
                );
            }
            start = outcome.values;
        }
    }
    let mut model = Model::build_with(&staff_only, &facts, cycle.clone(), budget);
    let size = model.lp.size();
    if opts.verbose {
        for (family, rows, nonzeros) in model.lp.family_sizes() {
            eprintln!("  family {family:<20} {rows:>7} rows {nonzeros:>9} non-zeros");
        }
    }
    if let Some(v) = &start {
        model.lp.start_from(v);
    }
    let lp = std::mem::take(&mut model.lp);
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
    let mut outcome = lp.solve(&quarter);
    if s.demand.is_empty() || outcome.values.is_none() {
        return finish(s, opts, model, outcome, size, started);
    }
    // Rooms: the staff plan and openings fixed, department bookings allocated.
    let staff_values = outcome.values.take().expect("checked above");
    let mut rooms = Model::build_with(s, &facts, cycle, budget);
    for i in 0..model.cells.len() {
        let on = staff_values.on(model.cells[i].var);
        rooms.fix(i, on);
    }
    for (key, v) in &model.open {
        let on = staff_values.on(*v);
        rooms.lp.eq(
            &crate::model::families::FIXING,
            rooms.open[key],
            if on { 1.0 } else { 0.0 },
        );
    }
    for (key, v) in &model.evening {
        let on = staff_values.on(*v);
        rooms.lp.eq(
            &crate::model::families::FIXING,
            rooms.evening[key],
            if on { 1.0 } else { 0.0 },
        );
    }
    let size = rooms.lp.size();
    let lp = std::mem::take(&mut rooms.lp);
    let room_outcome = lp.solve(opts);
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
    let room_outcome = weakest_stage(&outcome, room_outcome);
    finish(s, opts, rooms, room_outcome, size, started)
}

/// Models with at least this many shift cells get the roll-out start:
/// measured, HiGHS found no plan at all in 40 s for 25 offices × 30 staff
/// (63,000 cells) without it, while the default (2,600 cells) proves
/// optimality faster without it.
const ROLLOUT_CELLS: usize = 20_000;

/// Fixes every cell to the base schedule except on disturbed days (a
/// holiday or closed day, premises unavailable, someone absent) and, in the
/// ISO weeks holding a disturbed day, the evening cells (so that an evening
/// lost to a holiday can move within its month).
fn fix_undisturbed(m: &mut Model, pattern: &std::collections::BTreeSet<crate::model::Slot>) {
    use crate::scenario::facts::{Kind, monday_of};
    let (s, f) = (m.scenario, m.facts);
    let disturbed: Vec<bool> = f
        .dates
        .iter()
        .map(|&d| {
            f.closed.contains_key(&d)
                || s.offices.iter().any(|o| o.unavailable.contains(&d))
                || (0..s.staff.len()).any(|x| s.is_absent(x, d))
        })
        .collect();
    let weeks: std::collections::BTreeSet<chrono::NaiveDate> = f
        .dates
        .iter()
        .zip(&disturbed)
        .filter(|(_, b)| **b)
        .map(|(d, _)| monday_of(*d))
        .collect();
    for i in 0..m.cells.len() {
        let c = &m.cells[i];
        let date = f.dates[c.day];
        let free =
            disturbed[c.day] || (weeks.contains(&monday_of(date)) && c.part.covers(Kind::Evening));
        if !free {
            let on = pattern.contains(&crate::model::cycle::slot_of(m, c));
            m.fix(i, on);
        }
    }
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

/// The rooms stage's outcome, reported as proven as the weakest stage:
/// when the quarter stage (staff plan and openings) stopped short of
/// optimality, so does the plan, and its bound is the quarter's own bound.
/// The plan's objective is the quarter's terms plus the department terms,
/// which are never negative (scenario weights are), so no plan costs less
/// than the quarter's bound. The rooms stage's bound holds only for the
/// staff plan it was given (it equals its objective once that plan is
/// fixed), so it bounds nothing here.
fn weakest_stage(
    quarter: &crate::solve::Outcome,
    mut rooms: crate::solve::Outcome,
) -> crate::solve::Outcome {
    if quarter.status == Status::Optimal {
        return rooms;
    }
    if rooms.status == Status::Optimal {
        rooms.status = quarter.status;
    }
    rooms.set_bound(quarter.bound);
    rooms
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
    let lp = std::mem::take(&mut model.lp);
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
    }
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
    let mut report_out = None;
    dir.replace_with(|tmp| {
        report::write_plan_files(tmp, plan)?;
        let r = verify::verify_dir(s, tmp)?;
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

    /// A quarter stopped at its time limit 100 above its bound: the plan
    /// (rooms stage proven on the fixed staff plan) reports the time limit
    /// and the quarter's bound, not the rooms stage's proof.
    #[test]
    fn plan_is_as_proven_as_its_weakest_stage() {
        let quarter = outcome(Status::TimeLimit, 1100.0, 1000.0);
        let rooms = outcome(Status::Optimal, 2000.0, 2000.0);
        let got = weakest_stage(&quarter, rooms);
        assert_eq!(got.status, Status::TimeLimit);
        assert_eq!(got.bound, Some(1000.0));
        assert_eq!(got.gap, Some(0.5));
        // A proven quarter leaves the rooms stage's outcome as it is.
        let quarter = outcome(Status::Optimal, 1000.0, 1000.0);
        let rooms = outcome(Status::TimeLimit, 2000.0, 1990.0);
        let got = weakest_stage(&quarter, rooms);
        assert_eq!(got.status, Status::TimeLimit);
        assert_eq!(got.bound, Some(1990.0));
        // A quarter without a bound: the plan has none either.
        let mut quarter = outcome(Status::TimeLimit, 1100.0, 1000.0);
        quarter.bound = None;
        let got = weakest_stage(&quarter, outcome(Status::Optimal, 2000.0, 2000.0));
        assert_eq!((got.bound, got.gap), (None, None));
    }
}
