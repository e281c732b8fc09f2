//! Solve: a small linear-program builder on top of `good_lp`, and one call
//! that hands it to HiGHS with the user's options and reports the status
//! truthfully (optimal, feasible with its gap, infeasible, time limit).
//! Every solve ends by the run's one [`Deadline`]: HiGHS gets the time
//! left as its limit and is interrupted at the deadline ([`interrupt`]).
//!
//! Every row carries the name of the constraint family it belongs to, so the
//! same model can be re-solved *elastically*: each hard row gets a
//! non-negative slack with a large penalty, and the families whose slacks are
//! positive are the rules that conflict.

mod deadline;
mod interrupt;
mod progress;
mod restrict;
mod running;

pub(crate) use interrupt::Guard as InterruptGuard;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

pub use deadline::Deadline;
pub use progress::{Event, Progress};
pub use restrict::Restricted;
pub use running::{Running, exit_now, leave, live_solves};

use good_lp::{
    Expression, IntoAffineExpression, ProblemVariables, Solution, SolutionStatus, Variable,
    VariableDefinition, highs,
};
use serde::Serialize;

use crate::family::Family;

/// Options the user sets on the command line (`--time-limit`, `--gap`, `--threads`).
#[derive(Debug, Clone, PartialEq)]
pub struct SolveOptions {
    /// When the solve must end (the run's deadline or a stage's share of it).
    pub deadline: Deadline,
    /// Relative MIP gap at which HiGHS stops (0.0001 = 0.01 %).
    pub gap: f64,
    /// HiGHS threads for this solve.
    pub threads: u32,
    /// HiGHS random seed (fixed: plans are deterministic).
    pub seed: i32,
    /// Print the HiGHS log.
    pub verbose: bool,
    /// HiGHS `mip_heuristic_effort` (share of time in primal heuristics).
    pub heuristic_effort: f64,
    /// A folder to write every stage's program into (MPS, with
    /// `stages.json`), for other solvers; `None`: nothing written.
    pub export: Option<std::path::PathBuf>,
    /// Where the stages, plans and bounds are reported as they come.
    pub progress: Progress,
    /// How the planner solves its stages: its own search, or each stage's
    /// whole program handed to HiGHS alone (the reference point).
    pub method: Method,
}

/// How the planner solves a stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Method {
    /// The search: a legal start, neighbourhoods of HiGHS sub-MIPs, a bound
    /// beside them (models/municipal.md, "The search").
    #[default]
    Search,
    /// Each stage's whole program given to HiGHS in one call, from no
    /// start; the staff and the bookings in one program (no rooms stage).
    /// The anchor the search is measured against.
    HighsAlone,
}

impl SolveOptions {
    /// The default options with a deadline `seconds` from now.
    pub fn within(seconds: f64) -> SolveOptions {
        SolveOptions {
            deadline: Deadline::after(seconds),
            ..SolveOptions::default()
        }
    }

    /// The same options for a stage that ends by `deadline`.
    pub fn until(&self, deadline: Deadline) -> SolveOptions {
        SolveOptions {
            deadline,
            ..self.clone()
        }
    }

    /// Seconds left before the deadline (`None`: no limit).
    pub fn time_left(&self) -> Option<f64> {
        self.deadline.remaining()
    }
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            deadline: Deadline::after(60.0),
            gap: 1e-4,
            threads: 1,
            seed: 0,
            verbose: false,
            heuristic_effort: 0.05,
            export: None,
            progress: Progress::default(),
            method: Method::Search,
        }
    }
}

/// How a solve ended, in the words of the output contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal within the requested gap.
    Optimal,
    /// A solution exists but optimality was not proven (stopped early for a reason other than time).
    Feasible,
    /// No solution exists.
    Infeasible,
    /// The time limit stopped the solve; a solution may or may not exist.
    TimeLimit,
}

impl Status {
    /// The contract string (`optimal`, `feasible`, `infeasible`, `time_limit`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::Infeasible => "infeasible",
            Status::TimeLimit => "time_limit",
        }
    }
}

/// Sense of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    Le,
    Ge,
    Eq,
}

/// One linear row `expr (<=|>=|=) rhs`, tagged with its constraint family.
#[derive(Clone)]
pub struct Row {
    pub family: &'static Family,
    pub expr: Expression,
    pub sense: Sense,
    pub rhs: f64,
}

/// Each variable's column. Shared (not copied) with every solution of the
/// program, and hashed with FxHash: a sub-program of a 1,000,000-column
/// quarter (100 offices x 120 staff) looks up every non-zero of the model,
/// about 15 million, and with the standard hasher that took 2 s of each
/// 2 s neighbourhood.
type ColumnIndex = rustc_hash::FxHashMap<Variable, usize>;

/// A linear program under construction: variables, rows and an objective to minimise.
pub struct Lp {
    vars: ProblemVariables,
    index: Arc<ColumnIndex>,
    integer: Vec<bool>,
    /// Each column's bounds as created (a session frees fixed columns to them).
    bounds: Vec<(f64, f64)>,
    rows: Vec<Row>,
    labels: HashMap<usize, String>,
    objective: Expression,
    hint: HashMap<usize, f64>,
    extra: Vec<(String, HighsValue)>,
    cutoff: Option<f64>,
    relaxation: bool,
    /// The rows and the objective by column index, built by the first
    /// [`Lp::restrict`] and dropped by any change to them.
    sparse: std::sync::OnceLock<restrict::Sparse>,
    /// Where a solve keeps HiGHS's dual bound and best solution as they
    /// come (set by [`Lp::spawn`], read if the solve is given up).
    seen: Option<Arc<std::sync::Mutex<interrupt::Seen>>>,
}

/// A value for an extra HiGHS option (see [`Lp::set_option`]).
#[derive(Debug, Clone, PartialEq)]
pub enum HighsValue {
    Bool(bool),
    Int(i32),
    Float(f64),
    Str(String),
}

impl From<bool> for HighsValue {
    fn from(v: bool) -> Self {
        HighsValue::Bool(v)
    }
}
impl From<i32> for HighsValue {
    fn from(v: i32) -> Self {
        HighsValue::Int(v)
    }
}
impl From<f64> for HighsValue {
    fn from(v: f64) -> Self {
        HighsValue::Float(v)
    }
}
impl From<&str> for HighsValue {
    fn from(v: &str) -> Self {
        HighsValue::Str(v.to_string())
    }
}

impl Default for Lp {
    fn default() -> Self {
        Self::new()
    }
}

impl Lp {
    pub fn new() -> Self {
        Lp {
            vars: ProblemVariables::new(),
            index: Arc::default(),
            integer: Vec::new(),
            bounds: Vec::new(),
            rows: Vec::new(),
            labels: HashMap::new(),
            objective: Expression::from(0.0),
            hint: HashMap::new(),
            extra: Vec::new(),
            cutoff: None,
            relaxation: false,
            sparse: std::sync::OnceLock::new(),
            seen: None,
        }
    }

    /// Sets any HiGHS option for this solve (applied after [`SolveOptions`]),
    /// e.g. `mip_max_nodes`, `presolve`, `mip_heuristic_effort`.
    pub fn set_option(&mut self, name: &str, value: impl Into<HighsValue>) {
        self.extra.push((name.to_string(), value.into()));
    }

    /// Same as [`Lp::set_option`] with an explicit [`HighsValue`].
    pub fn option(&mut self, key: &str, value: HighsValue) {
        self.extra.push((key.to_string(), value));
    }

    /// Only solutions with objective below `cutoff` are of interest (HiGHS
    /// `objective_bound`, corrected for the objective's constant). When none
    /// exists the solve ends infeasible.
    pub fn set_cutoff(&mut self, cutoff: f64) {
        self.cutoff = Some(cutoff);
    }

    /// Solve the LP relaxation only (integrality dropped); the bound is then
    /// the relaxation's optimum.
    pub fn set_relaxation(&mut self, relaxation: bool) {
        self.relaxation = relaxation;
    }

    /// The objective (minimised), with its constant.
    pub fn objective(&self) -> &Expression {
        &self.objective
    }

    fn add(&mut self, def: VariableDefinition, integer: bool, bounds: (f64, f64)) -> Variable {
        let v = self.vars.add(def);
        Arc::make_mut(&mut self.index).insert(v, self.integer.len());
        self.integer.push(integer);
        self.bounds.push(bounds);
        v
    }

    /// A 0/1 variable.
    pub fn binary(&mut self) -> Variable {
        self.add(good_lp::variable().binary(), true, (0.0, 1.0))
    }

    /// An integer variable in `[lo, hi]`.
    pub fn integer(&mut self, lo: f64, hi: f64) -> Variable {
        self.add(
            good_lp::variable().integer().min(lo).max(hi),
            true,
            (lo, hi),
        )
    }

    /// A continuous variable in `[lo, hi]` (`hi` may be infinite).
    pub fn continuous(&mut self, lo: f64, hi: f64) -> Variable {
        let mut d = good_lp::variable().min(lo);
        if hi.is_finite() {
            d = d.max(hi);
        }
        self.add(d, false, (lo, hi))
    }

    /// Adds `expr <= rhs` to `family`.
    pub fn le(&mut self, family: &'static Family, expr: impl IntoAffineExpression, rhs: f64) {
        self.row(family, expr, Sense::Le, rhs)
    }

    /// Adds `expr >= rhs` to `family`.
    pub fn ge(&mut self, family: &'static Family, expr: impl IntoAffineExpression, rhs: f64) {
        self.row(family, expr, Sense::Ge, rhs)
    }

    /// Adds `expr = rhs` to `family`.
    pub fn eq(&mut self, family: &'static Family, expr: impl IntoAffineExpression, rhs: f64) {
        self.row(family, expr, Sense::Eq, rhs)
    }

    /// Adds `expr (sense) rhs` to `family` unless the row has no variable
    /// and holds (a day fixed by a neighbourhood search, say); returns
    /// whether a row was added. A row without variables that fails is
    /// added, so that the solve reports the conflict.
    pub fn constrain(
        &mut self,
        family: &'static Family,
        expr: impl IntoAffineExpression,
        sense: Sense,
        rhs: f64,
    ) -> bool {
        let e: Expression = expr.into_expression();
        if (&e).linear_coefficients().all(|(_, c)| c == 0.0) {
            let c = e.constant();
            let holds = match sense {
                Sense::Le => c <= rhs + 1e-9,
                Sense::Ge => c >= rhs - 1e-9,
                Sense::Eq => (c - rhs).abs() <= 1e-9,
            };
            if holds {
                return false;
            }
        }
        self.row(family, e, sense, rhs);
        true
    }

    fn row(
        &mut self,
        family: &'static Family,
        expr: impl IntoAffineExpression,
        sense: Sense,
        rhs: f64,
    ) {
        let expr: Expression = expr.into_expression();
        let c = expr.constant();
        let (expr, rhs) = (expr - c, rhs - c);
        self.sparse.take();
        self.rows.push(Row {
            family,
            expr,
            sense,
            rhs,
        });
    }

    /// Names the row added last in words ("office valbo, 2025-05"), for explanations.
    pub fn label_last(&mut self, label: impl Into<String>) {
        if !self.rows.is_empty() {
            self.labels.insert(self.rows.len() - 1, label.into());
        }
    }

    /// Adds `weight * term` to the objective (minimised).
    pub fn cost(&mut self, weight: f64, term: impl IntoAffineExpression) {
        if weight != 0.0 {
            self.sparse.take();
            self.objective.add_mul(weight, term);
        }
    }

    /// Starts the solve from a complete solution of a program with the same
    /// variables (e.g. the same model with fewer rows).
    pub fn start_from(&mut self, values: &Values) {
        self.hint = values.cols.iter().copied().enumerate().collect();
    }

    /// Suggests a starting value for a variable (a MIP start); unset variables start at 0.
    pub fn hint(&mut self, v: Variable, value: f64) {
        self.hint.insert(self.index[&v], value);
    }

    /// The start value suggested for column `c` ([`Lp::hint`]), if any.
    pub fn hinted(&self, c: usize) -> Option<f64> {
        self.hint.get(&c).copied()
    }

    /// Whether any start value is suggested.
    pub fn has_hints(&self) -> bool {
        !self.hint.is_empty()
    }

    /// Number of variables, integer variables and rows.
    pub fn size(&self) -> ModelSize {
        ModelSize {
            variables: self.integer.len(),
            integers: self.integer.iter().filter(|b| **b).count(),
            rows: self.rows.len(),
        }
    }

    /// Rows and non-zeros per constraint family, largest first.
    pub fn family_sizes(&self) -> Vec<(&'static Family, usize, usize)> {
        let mut by: std::collections::BTreeMap<&'static str, (&'static Family, usize, usize)> =
            Default::default();
        for r in &self.rows {
            let e = by.entry(r.family.id).or_insert((r.family, 0, 0));
            e.1 += 1;
            e.2 += (&r.expr).linear_coefficients().count();
        }
        let mut v: Vec<_> = by.into_values().collect();
        v.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.id.cmp(b.0.id)));
        v
    }

    /// The rows, for inspection (tests, the written model).
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Makes the rows of `family` elastic in place: each `>=` row gets a
    /// non-negative shortfall slack and each `<=` row an excess slack,
    /// priced `penalty` per unit in the objective. A search can then start
    /// from a plan that breaks them and drive the slacks to zero; the
    /// slacks are returned so that a result can be checked for them.
    pub fn soften(&mut self, family: &'static Family, penalty: f64) -> Vec<Variable> {
        let picked: Vec<usize> = (0..self.rows.len())
            .filter(|&i| std::ptr::eq(self.rows[i].family, family))
            .collect();
        let mut slacks = Vec::with_capacity(picked.len());
        self.sparse.take();
        for i in picked {
            let sign = match self.rows[i].sense {
                Sense::Ge => 1.0,
                Sense::Le => -1.0,
                Sense::Eq => continue,
            };
            let s = self.continuous(0.0, f64::INFINITY);
            self.rows[i].expr.add_mul(sign, s);
            self.objective.add_mul(penalty, s);
            slacks.push(s);
        }
        slacks
    }

    /// The elastic version of this program: every row of a hard family
    /// gets a non-negative slack, rows of implied families (valid
    /// inequalities) are left out, and the objective becomes the total
    /// slack. Returns the new program and each slack with its family.
    pub fn into_elastic(mut self) -> (Lp, Vec<Slack>) {
        let rows = std::mem::take(&mut self.rows);
        let labels = std::mem::take(&mut self.labels);
        self.sparse.take();
        self.objective = Expression::from(0.0);
        self.hint.clear();
        let mut slacks = Vec::new();
        for (i, mut r) in rows.into_iter().enumerate() {
            if r.family.strength == crate::family::Strength::Implied {
                // A valid inequality follows from the hard rows only as
                // they stand: with those relaxed it could add a conflict.
                continue;
            }
            let label = labels.get(&i).cloned();
            if r.family.is_hard() {
                if matches!(r.sense, Sense::Le | Sense::Eq) {
                    let s = self.continuous(0.0, f64::INFINITY);
                    r.expr.add_mul(-1.0, s);
                    self.objective.add_mul(1.0, s);
                    slacks.push(Slack {
                        family: r.family,
                        label: label.clone(),
                        var: s,
                        over: true,
                    });
                }
                if matches!(r.sense, Sense::Ge | Sense::Eq) {
                    let s = self.continuous(0.0, f64::INFINITY);
                    r.expr.add_mul(1.0, s);
                    self.objective.add_mul(1.0, s);
                    slacks.push(Slack {
                        family: r.family,
                        label: label.clone(),
                        var: s,
                        over: false,
                    });
                }
            }
            self.rows.push(r);
        }
        (self, slacks)
    }

    /// Solves the program with HiGHS.
    ///
    /// HiGHS 1.16 can misread a MIP start: it values the start in
    /// presolve's reduced space without presolve's objective offset ("MIP
    /// start solution is feasible: objective value is -27 / in the reduced
    /// space: -28"), then prunes every node against that value and may
    /// return the start as optimal when a better solution exists (a random
    /// roster: "optimal" 11, the model's optimum 10). The misreading shows
    /// as HiGHS's own objective value differing from the returned
    /// solution's. Then neither its status nor its bound is kept: the
    /// program is solved again without the start for the time left, and
    /// the better of the two solutions is returned with the second solve's
    /// status and bound (with less than `MIN_SECOND_SOLVE` seconds left,
    /// the solution is returned as feasible, without a bound).
    pub fn solve(self, opts: &SolveOptions) -> Outcome {
        let start = Instant::now();
        let (first, misread) = self.solve_once(opts, true);
        let left = opts.deadline.remaining();
        match misread {
            false => first,
            // Too little time for a second solve (HiGHS's presolve does not
            // watch the clock): the solution stands, unproven.
            true if left.is_some_and(|l| l < MIN_SECOND_SOLVE) => {
                let mut out = first;
                if out.status == Status::Optimal {
                    out.status = Status::Feasible;
                }
                out.set_bound(None);
                out.seconds = start.elapsed().as_secs_f64();
                out
            }
            true => {
                let (second, _) = self.solve_once(opts, false);
                let mut out = keep_better_solution(first, second);
                out.seconds = start.elapsed().as_secs_f64();
                out
            }
        }
    }

    /// One HiGHS solve, from the MIP start when `with_start`; also whether
    /// HiGHS misread that start (see [`Lp::solve`]). The program is
    /// borrowed, so that a second solve needs no copy of it.
    fn solve_once(&self, opts: &SolveOptions, with_start: bool) -> (Outcome, bool) {
        let start = Instant::now();
        let size = self.size();
        let started_from_hint = with_start && !self.hint.is_empty() && !self.relaxation;
        let mut model = match self.to_highs(opts) {
            Ok(m) => m,
            // A failed solve: no solution, and no start to have misread.
            Err(msg) => return (Outcome::failed(msg, size, start), false),
        };
        if started_from_hint {
            let mut start_values = vec![0.0; self.integer.len()];
            for (&i, &v) in &self.hint {
                start_values[i] = v;
            }
            model.set_solution(Some(&start_values), None, None, None);
        }
        if opts.deadline.expired() {
            return (Outcome::out_of_time(size, start), false);
        }
        let seen = self.seen.clone().map(|s| (s, self.integer.len()));
        let guard = interrupt::Guard::watching(model.as_mut_ptr(), &opts.deadline, seen);
        let solved = model.try_solve();
        drop(guard);
        match solved {
            Ok(solved) => self.read(&solved, start, started_from_hint),
            Err(e) => (
                Outcome::failed(format!("HiGHS failed: {e:?}"), size, start),
                false,
            ),
        }
    }

    /// The program as a HiGHS model with the options of `opts` (and this
    /// program's cutoff, relaxation and extra options) set.
    fn to_highs(&self, opts: &SolveOptions) -> Result<highs::Model, String> {
        let mut problem = self
            .vars
            .clone()
            .minimise(self.objective.clone())
            .using(highs);
        for r in &self.rows {
            let e = r.expr.clone();
            let c = match r.sense {
                Sense::Le => e.leq(r.rhs),
                Sense::Ge => e.geq(r.rhs),
                Sense::Eq => e.eq(r.rhs),
            };
            problem = good_lp::SolverModel::with(problem, c);
        }
        let mut model = problem
            .try_into_inner()
            .map_err(|e| format!("HiGHS rejected the model: {e}"))?;
        model.set_option("output_flag", opts.verbose);
        model.set_option("log_to_console", opts.verbose);
        model.set_option("threads", opts.threads.max(1) as i32);
        model.set_option("random_seed", opts.seed);
        model.set_option("mip_rel_gap", opts.gap);
        model.set_option("mip_heuristic_effort", opts.heuristic_effort);
        if let Some(t) = opts.deadline.remaining() {
            model.set_option("time_limit", t.max(0.0));
        }
        if let Some(c) = self.cutoff {
            model.set_option("objective_bound", c - self.objective.constant());
        }
        if self.relaxation {
            model.set_option("solve_relaxation", true);
        }
        for (name, value) in &self.extra {
            let name = name.as_str();
            let ok = match value {
                HighsValue::Bool(v) => model.try_set_option(name, *v),
                HighsValue::Int(v) => model.try_set_option(name, *v),
                HighsValue::Float(v) => model.try_set_option(name, *v),
                HighsValue::Str(v) => model.try_set_option(name, v.as_str()),
            };
            if ok.is_err() {
                return Err(format!("HiGHS rejected option {name}"));
            }
        }
        Ok(model)
    }

    /// Reads a finished HiGHS solve: status, solution, objective (with the
    /// constant HiGHS never saw), bound; and whether HiGHS misread a MIP
    /// start it was given (see [`Lp::solve`]).
    fn read(
        &self,
        solved: &highs::SolvedModel,
        start: Instant,
        started_from_hint: bool,
    ) -> (Outcome, bool) {
        let seconds = start.elapsed().as_secs_f64();
        let size = self.size();
        let offset = self.objective.constant();
        use highs::{HighsModelStatus as M, HighsSolutionStatus as P};
        let has_solution = solved.primal_solution_status() == P::Feasible;
        let status = match solved.status() {
            M::Optimal | M::ObjectiveBound | M::ObjectiveTarget => Status::Optimal,
            M::Infeasible | M::UnboundedOrInfeasible => Status::Infeasible,
            M::ReachedTimeLimit | M::ReachedInterrupt => Status::TimeLimit,
            _ if has_solution => Status::Feasible,
            other => {
                return (
                    Outcome::failed(format!("HiGHS stopped with status {other:?}"), size, start),
                    false,
                );
            }
        };
        let values = has_solution.then(|| Values {
            cols: solved.get_solution().columns().to_vec(),
            index: self.index.clone(),
        });
        // good_lp does not pass the objective's constant to HiGHS: add it back.
        let objective_value = values.as_ref().map(|v| v.eval(&self.objective));
        let is_mip = self.integer.iter().any(|b| *b) && !self.relaxation;
        // HiGHS's own value of the solution it returns; off only when it
        // misread the MIP start (see `Lp::solve`).
        let misread = started_from_hint
            && is_mip
            && match (
                &objective_value,
                solved.double_info_value(c"objective_function_value"),
            ) {
                (Some(o), Ok(h)) if h.is_finite() => {
                    (o - offset - h).abs() > 1e-6 * h.abs().max(1.0)
                }
                _ => false,
            };
        let bound = if is_mip {
            // HiGHS never sees the objective's constant: add it back.
            solved
                .double_info_value(c"mip_dual_bound")
                .ok()
                .filter(|b| b.is_finite())
                .map(|b| b + offset)
        } else if status != Status::Optimal {
            None
        } else {
            objective_value
        };
        let mut out = Outcome {
            status,
            objective: objective_value,
            bound: None,
            gap: None,
            seconds,
            size,
            values,
            error: None,
        };
        out.set_bound(bound);
        (out, misread)
    }

    /// A HiGHS model of this program kept for many solves that differ only
    /// in which integer variables are fixed: a neighbourhood search builds
    /// the program once and solves sub-MIPs by fixing the rest
    /// ([`Session::solve`]).
    pub fn session(&self, opts: &SolveOptions) -> Result<Session<'_>, String> {
        // Quiet: a search runs hundreds of sub-MIPs and reports its own
        // steps (SERVICEPLAN_SUBMIP_LOG=1 shows HiGHS's log of each).
        let quiet = SolveOptions {
            verbose: std::env::var_os("SERVICEPLAN_SUBMIP_LOG").is_some(),
            ..opts.clone()
        };
        let model = self.to_highs(&quiet)?;
        Ok(Session {
            lp: self,
            model: Some(model),
            fixed: Vec::new(),
        })
    }

    /// Writes the program as HiGHS writes it (the format by the file's
    /// extension: `.mps`, `.lp`), each row named by its family and index.
    /// Its objective constant is not in the file (HiGHS never sees it): see
    /// [`Lp::objective_offset`].
    pub fn write_model(&self, path: &std::path::Path) -> Result<(), String> {
        let mut model = self.to_highs(&SolveOptions::default())?;
        // Rows named by their family (`staffing_17`), so that a reader of
        // the file sees which rule each row is.
        for (i, row) in self.rows.iter().enumerate() {
            let row_name = std::ffi::CString::new(format!("{}_{i}", row.family.id))
                .expect("family ids hold no NUL");
            // SAFETY: a live HiGHS instance, a row index in range and a
            // NUL-terminated name.
            unsafe {
                highs_sys::Highs_passRowName(model.as_mut_ptr(), i as _, row_name.as_ptr());
            }
        }
        let name = std::ffi::CString::new(path.to_string_lossy().as_bytes())
            .map_err(|_| format!("{}: not a usable file name", path.display()))?;
        // SAFETY: a live HiGHS instance and a NUL-terminated path.
        let status = unsafe { highs_sys::Highs_writeModel(model.as_mut_ptr(), name.as_ptr()) };
        if status == highs_sys::kHighsStatusError {
            return Err(format!("HiGHS could not write {}", path.display()));
        }
        Ok(())
    }

    /// The objective's constant, which solvers reading a written model do
    /// not see: add it to their objective value.
    pub fn objective_offset(&self) -> f64 {
        self.objective.constant()
    }

    /// A solution of this program from its column values.
    pub fn values(&self, cols: Vec<f64>) -> Values {
        Values {
            cols,
            index: self.index.clone(),
        }
    }

    /// Whether column `c` is an integer variable.
    pub fn is_integer(&self, c: usize) -> bool {
        self.integer[c]
    }

    /// Column index of `v` (the order of variables in a written model).
    pub fn column(&self, v: Variable) -> usize {
        self.index[&v]
    }
}

/// A HiGHS model of an [`Lp`] kept for sub-MIPs (see [`Lp::session`]).
pub struct Session<'a> {
    lp: &'a Lp,
    model: Option<highs::Model>,
    /// Columns the previous solve fixed (to be freed again).
    fixed: Vec<usize>,
}

impl Session<'_> {
    /// Solves the program with the integer columns `fix` fixed to their
    /// values (every other column keeps its own bounds), from the complete
    /// solution `start` when given, by `opts.deadline`.
    pub fn solve(
        &mut self,
        fix: &[(usize, f64)],
        start: Option<&[f64]>,
        opts: &SolveOptions,
    ) -> Outcome {
        let t0 = Instant::now();
        let size = self.lp.size();
        let Some(mut model) = self.model.take() else {
            return Outcome::failed("the HiGHS session was lost".into(), size, t0);
        };
        let ptr = model.as_mut_ptr();
        // Free what the previous solve fixed, then fix this one's columns.
        let free: Vec<i32> = self.fixed.iter().map(|&c| c as i32).collect();
        let (lo, hi): (Vec<f64>, Vec<f64>) = self.fixed.iter().map(|&c| self.lp.bounds[c]).unzip();
        let set: Vec<i32> = fix.iter().map(|&(c, _)| c as i32).collect();
        let vals: Vec<f64> = fix.iter().map(|&(_, v)| v).collect();
        // SAFETY: a live HiGHS instance; every array holds as many entries
        // as the count passed with it.
        unsafe {
            if !free.is_empty() {
                highs_sys::Highs_changeColsBoundsBySet(
                    ptr,
                    free.len() as i32,
                    free.as_ptr(),
                    lo.as_ptr(),
                    hi.as_ptr(),
                );
            }
            if !set.is_empty() {
                highs_sys::Highs_changeColsBoundsBySet(
                    ptr,
                    set.len() as i32,
                    set.as_ptr(),
                    vals.as_ptr(),
                    vals.as_ptr(),
                );
            }
        }
        self.fixed = fix.iter().map(|&(c, _)| c).collect();
        model.set_option("time_limit", opts.deadline.remaining_or(1e9).max(0.0));
        model.set_option("mip_rel_gap", opts.gap);
        if let Some(x) = start {
            model.set_solution(Some(x), None, None, None);
        }
        if opts.deadline.expired() {
            self.model = Some(model);
            return Outcome::out_of_time(size, t0);
        }
        let guard = interrupt::Guard::install(model.as_mut_ptr(), &opts.deadline);
        let solved = model.try_solve();
        drop(guard);
        match solved {
            Ok(solved) => {
                let (mut out, _) = self.lp.read(&solved, t0, false);
                out.seconds = t0.elapsed().as_secs_f64();
                self.model = Some(solved.into());
                out
            }
            Err(e) => Outcome::failed(format!("HiGHS failed: {e:?}"), size, t0),
        }
    }
}

/// Seconds left below which a misread MIP start is not solved again.
const MIN_SECOND_SOLVE: f64 = 1.0;

/// After a misread MIP start (`Lp::solve`): the second solve's status and
/// bound, with the first solve's solution when it is better (HiGHS checked
/// its feasibility; only its value and status were misread).
fn keep_better_solution(first: Outcome, mut second: Outcome) -> Outcome {
    let first_better = match (first.objective, second.objective) {
        (Some(a), Some(b)) => a < b - 1e-9,
        (Some(_), None) => true,
        _ => false,
    };
    if first_better {
        let a = first.objective.expect("a first solution");
        // A second "optimum" a little worse than the first solution (within
        // the requested gap) still proves its bound; anything else from
        // the second solve claims nothing.
        let proven = second.status == Status::Optimal
            && second
                .bound
                .is_some_and(|lb| a >= lb - 1e-6 * a.abs().max(1.0));
        second.objective = first.objective;
        second.values = first.values;
        // A second solve that failed outright leaves the first solution.
        second.error = None;
        if !proven && matches!(second.status, Status::Optimal | Status::Infeasible) {
            second.status = Status::Feasible;
            second.bound = None;
        }
    }
    second.set_bound(second.bound);
    second
}

/// HiGHS's definition of the relative gap: |primal - dual| / max(1, |primal|).
pub fn relative_gap(objective: f64, bound: f64) -> f64 {
    let g = (objective - bound).abs() / objective.abs().max(1.0);
    if g < 1e-9 { 0.0 } else { g }
}

/// The slack of one relaxed row in an elastic program.
#[derive(Debug, Clone)]
pub struct Slack {
    pub family: &'static Family,
    pub label: Option<String>,
    pub var: Variable,
    /// True when the slack measures an excess over a `<=` bound; false for a shortfall.
    pub over: bool,
}

/// Model size, for benchmarks and the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ModelSize {
    pub variables: usize,
    pub integers: usize,
    pub rows: usize,
}

/// Variable values of a solution.
pub struct Values {
    cols: Vec<f64>,
    index: Arc<ColumnIndex>,
}

impl Values {
    /// Every column's value, in column order ([`Lp::column`]).
    pub fn columns(&self) -> &[f64] {
        &self.cols
    }

    /// The value of `v`.
    pub fn get(&self, v: Variable) -> f64 {
        self.cols[self.index[&v]]
    }
    /// True when the binary `v` is 1 (rounded).
    pub fn on(&self, v: Variable) -> bool {
        self.get(v) > 0.5
    }
    /// The value of an expression.
    pub fn eval(&self, e: &Expression) -> f64 {
        e.eval_with(self)
    }
}

impl Solution for Values {
    fn status(&self) -> SolutionStatus {
        SolutionStatus::Optimal
    }
    fn value(&self, variable: Variable) -> f64 {
        self.get(variable)
    }
}

/// The result of a solve.
pub struct Outcome {
    pub status: Status,
    pub objective: Option<f64>,
    pub bound: Option<f64>,
    pub gap: Option<f64>,
    pub seconds: f64,
    pub size: ModelSize,
    pub values: Option<Values>,
    /// Set when HiGHS itself failed (not infeasibility, not a time limit).
    pub error: Option<String>,
}

impl Outcome {
    /// Sets the dual bound and the gap that goes with it (none without an
    /// objective or a bound).
    pub fn set_bound(&mut self, bound: Option<f64>) {
        self.bound = bound;
        self.gap = match (self.objective, bound) {
            (Some(o), Some(b)) => Some(relative_gap(o, b)),
            _ => None,
        };
    }

    /// The outcome of a search that ran its own solves: the best solution
    /// (column values of `lp`), the status and the best valid bound it has.
    pub fn from_search(
        lp: &Lp,
        best: Option<Vec<f64>>,
        status: Status,
        bound: Option<f64>,
    ) -> Outcome {
        let values = best.map(|cols| lp.values(cols));
        let objective = values.as_ref().map(|v| v.eval(&lp.objective));
        let mut out = Outcome {
            status,
            objective,
            bound: None,
            gap: None,
            seconds: 0.0,
            size: lp.size(),
            values,
            error: None,
        };
        // A bound above the plan (the plan proven within the gap) is the plan.
        out.set_bound(bound.map(|b| objective.map_or(b, |o| b.min(o))));
        out
    }

    /// This outcome marked as a failure with `msg` (no plan can be read from it).
    pub fn with_error(mut self, msg: String) -> Outcome {
        self.error = Some(msg);
        self
    }

    /// A solve that did not start: the deadline had passed.
    fn out_of_time(size: ModelSize, start: Instant) -> Outcome {
        Outcome {
            status: Status::TimeLimit,
            objective: None,
            bound: None,
            gap: None,
            seconds: start.elapsed().as_secs_f64(),
            size,
            values: None,
            error: None,
        }
    }

    fn failed(msg: String, size: ModelSize, start: Instant) -> Outcome {
        Outcome {
            status: Status::Feasible,
            objective: None,
            bound: None,
            gap: None,
            seconds: start.elapsed().as_secs_f64(),
            size,
            values: None,
            error: Some(msg),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(status: Status, objective: Option<f64>, bound: Option<f64>) -> Outcome {
        Outcome {
            status,
            objective,
            bound,
            gap: None,
            seconds: 0.0,
            size: ModelSize::default(),
            values: None,
            error: None,
        }
    }

    /// Status, objective and bound of an outcome.
    fn summary(o: &Outcome) -> (Status, Option<f64>, Option<f64>) {
        (o.status, o.objective, o.bound)
    }

    /// After a misread start: the better solution, the second solve's
    /// status and bound, and never a proof the second solve did not give.
    #[test]
    fn a_misread_start_keeps_the_better_solution_and_the_second_proof() {
        // The second solve proves a better optimum: taken as it is.
        let got = keep_better_solution(
            outcome(Status::Optimal, Some(11.0), Some(10.0)),
            outcome(Status::Optimal, Some(10.0), Some(10.0)),
        );
        assert_eq!(summary(&got), (Status::Optimal, Some(10.0), Some(10.0)));
        assert_eq!(got.gap, Some(0.0));
        // The second solve ran out of time without a solution: the first
        // solution, with the second's status and bound.
        let got = keep_better_solution(
            outcome(Status::Optimal, Some(11.0), Some(11.0)),
            outcome(Status::TimeLimit, None, Some(9.0)),
        );
        assert_eq!(summary(&got), (Status::TimeLimit, Some(11.0), Some(9.0)));
        assert_eq!(got.gap, Some(2.0 / 11.0));
        // A second "optimum" whose bound is above the first solution
        // proves nothing.
        let got = keep_better_solution(
            outcome(Status::Optimal, Some(11.0), Some(11.0)),
            outcome(Status::Optimal, Some(12.0), Some(12.0)),
        );
        assert_eq!(summary(&got), (Status::Feasible, Some(11.0), None));
        // One within its gap (bound 10.9 under the first solution's 11)
        // keeps its proof.
        let got = keep_better_solution(
            outcome(Status::Optimal, Some(11.0), Some(11.0)),
            outcome(Status::Optimal, Some(11.001), Some(10.9)),
        );
        assert_eq!(summary(&got), (Status::Optimal, Some(11.0), Some(10.9)));
        // A second solve that failed keeps the first solution, unproven.
        let mut failed = outcome(Status::Feasible, None, None);
        failed.error = Some("HiGHS stopped".into());
        let got = keep_better_solution(outcome(Status::Optimal, Some(11.0), Some(11.0)), failed);
        assert_eq!(summary(&got), (Status::Feasible, Some(11.0), None));
        assert!(got.error.is_none());
    }
}
