//! Solve: a small linear-program builder on top of `good_lp`, and one call
//! that hands it to HiGHS with the user's options and reports the status
//! truthfully (optimal, feasible with its gap, infeasible, time limit).
//!
//! Every row carries the name of the constraint family it belongs to, so the
//! same model can be re-solved *elastically*: each hard row gets a
//! non-negative slack with a large penalty, and the families whose slacks are
//! positive are the rules that conflict.

use std::collections::HashMap;
use std::time::Instant;

use good_lp::{
    Expression, IntoAffineExpression, ProblemVariables, Solution, SolutionStatus, Variable,
    VariableDefinition, highs,
};
use serde::Serialize;

/// Options the user sets on the command line (`--time-limit`, `--gap`, `--threads`).
#[derive(Debug, Clone, PartialEq)]
pub struct SolveOptions {
    /// Wall-clock limit in seconds; `None` for no limit.
    pub time_limit: Option<f64>,
    /// Relative MIP gap at which HiGHS stops (0.0001 = 0.01 %).
    pub gap: f64,
    /// HiGHS threads for this solve.
    pub threads: u32,
    /// HiGHS random seed (fixed: plans are deterministic).
    pub seed: i32,
    /// Print the HiGHS log.
    pub verbose: bool,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: Some(60.0),
            gap: 1e-4,
            threads: 1,
            seed: 0,
            verbose: false,
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
    pub family: &'static str,
    pub expr: Expression,
    pub sense: Sense,
    pub rhs: f64,
}

/// A linear program under construction: variables, rows and an objective to minimise.
pub struct Lp {
    vars: ProblemVariables,
    index: HashMap<Variable, usize>,
    integer: Vec<bool>,
    rows: Vec<Row>,
    objective: Expression,
    hint: HashMap<usize, f64>,
    options: Vec<(String, HighsValue)>,
}

/// The value of an extra HiGHS option set with [`Lp::option`].
#[derive(Debug, Clone, PartialEq)]
pub enum HighsValue {
    Bool(bool),
    Int(i32),
    Float(f64),
    Str(String),
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
            index: HashMap::new(),
            integer: Vec::new(),
            rows: Vec::new(),
            objective: Expression::from(0.0),
            hint: HashMap::new(),
            options: Vec::new(),
        }
    }

    /// Sets an extra HiGHS option for this program (applied after the
    /// [`SolveOptions`], so it wins over them). An unknown option or a value
    /// of the wrong type makes the solve fail with an error naming the option.
    pub fn option(&mut self, key: &str, value: HighsValue) {
        self.options.push((key.to_string(), value));
    }

    fn add(&mut self, def: VariableDefinition, integer: bool) -> Variable {
        let v = self.vars.add(def);
        self.index.insert(v, self.integer.len());
        self.integer.push(integer);
        v
    }

    /// A 0/1 variable.
    pub fn binary(&mut self) -> Variable {
        self.add(good_lp::variable().binary(), true)
    }

    /// An integer variable in `[lo, hi]`.
    pub fn integer(&mut self, lo: f64, hi: f64) -> Variable {
        self.add(good_lp::variable().integer().min(lo).max(hi), true)
    }

    /// A continuous variable in `[lo, hi]` (`hi` may be infinite).
    pub fn continuous(&mut self, lo: f64, hi: f64) -> Variable {
        let mut d = good_lp::variable().min(lo);
        if hi.is_finite() {
            d = d.max(hi);
        }
        self.add(d, false)
    }

    /// Adds `expr <= rhs` to `family`.
    pub fn le(&mut self, family: &'static str, expr: impl IntoAffineExpression, rhs: f64) {
        self.row(family, expr, Sense::Le, rhs)
    }

    /// Adds `expr >= rhs` to `family`.
    pub fn ge(&mut self, family: &'static str, expr: impl IntoAffineExpression, rhs: f64) {
        self.row(family, expr, Sense::Ge, rhs)
    }

    /// Adds `expr = rhs` to `family`.
    pub fn eq(&mut self, family: &'static str, expr: impl IntoAffineExpression, rhs: f64) {
        self.row(family, expr, Sense::Eq, rhs)
    }

    fn row(
        &mut self,
        family: &'static str,
        expr: impl IntoAffineExpression,
        sense: Sense,
        rhs: f64,
    ) {
        let expr: Expression = expr.into_expression();
        let c = expr.constant();
        let (expr, rhs) = (expr - c, rhs - c);
        self.rows.push(Row {
            family,
            expr,
            sense,
            rhs,
        });
    }

    /// Adds `weight * term` to the objective (minimised).
    pub fn cost(&mut self, weight: f64, term: impl IntoAffineExpression) {
        if weight != 0.0 {
            self.objective.add_mul(weight, term);
        }
    }

    /// Suggests a starting value for a variable (a MIP start); unset variables start at 0.
    pub fn hint(&mut self, v: Variable, value: f64) {
        self.hint.insert(self.index[&v], value);
    }

    /// Number of variables, integer variables and rows.
    pub fn size(&self) -> ModelSize {
        ModelSize {
            variables: self.integer.len(),
            integers: self.integer.iter().filter(|b| **b).count(),
            rows: self.rows.len(),
        }
    }

    /// The rows, for inspection (tests, the written model).
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The elastic version of this program: every row of a family for which
    /// `is_hard` holds gets a non-negative slack, and the objective becomes the
    /// total slack. Returns the new program and each slack with its family.
    pub fn into_elastic(
        mut self,
        is_hard: &dyn Fn(&str) -> bool,
    ) -> (Lp, Vec<(&'static str, Variable)>) {
        let rows = std::mem::take(&mut self.rows);
        self.objective = Expression::from(0.0);
        self.hint.clear();
        let mut slacks = Vec::new();
        for mut r in rows {
            if is_hard(r.family) {
                if matches!(r.sense, Sense::Le | Sense::Eq) {
                    let s = self.continuous(0.0, f64::INFINITY);
                    r.expr.add_mul(-1.0, s);
                    self.objective.add_mul(1.0, s);
                    slacks.push((r.family, s));
                }
                if matches!(r.sense, Sense::Ge | Sense::Eq) {
                    let s = self.continuous(0.0, f64::INFINITY);
                    r.expr.add_mul(1.0, s);
                    self.objective.add_mul(1.0, s);
                    slacks.push((r.family, s));
                }
            }
            self.rows.push(r);
        }
        (self, slacks)
    }

    /// Solves the program with HiGHS.
    pub fn solve(self, opts: &SolveOptions) -> Outcome {
        let start = Instant::now();
        let Lp {
            vars,
            index,
            integer,
            rows,
            objective,
            hint,
            options,
        } = self;
        let n = integer.len();
        let size = ModelSize {
            variables: n,
            integers: integer.iter().filter(|b| **b).count(),
            rows: rows.len(),
        };
        let mut problem = vars.minimise(objective.clone()).using(highs);
        for r in rows {
            let c = match r.sense {
                Sense::Le => r.expr.leq(r.rhs),
                Sense::Ge => r.expr.geq(r.rhs),
                Sense::Eq => r.expr.eq(r.rhs),
            };
            problem = good_lp::SolverModel::with(problem, c);
        }
        let mut model = match problem.try_into_inner() {
            Ok(m) => m,
            Err(e) => {
                return Outcome::failed(format!("HiGHS rejected the model: {e}"), size, start);
            }
        };
        model.set_option("output_flag", opts.verbose);
        model.set_option("log_to_console", opts.verbose);
        model.set_option("threads", opts.threads.max(1) as i32);
        model.set_option("random_seed", opts.seed);
        model.set_option("mip_rel_gap", opts.gap);
        if let Some(t) = opts.time_limit {
            model.set_option("time_limit", t.max(0.0));
        }
        for (key, value) in options {
            let applied = match &value {
                HighsValue::Bool(v) => model.try_set_option(key.as_str(), *v),
                HighsValue::Int(v) => model.try_set_option(key.as_str(), *v),
                HighsValue::Float(v) => model.try_set_option(key.as_str(), *v),
                HighsValue::Str(v) => model.try_set_option(key.as_str(), v.as_str()),
            };
            if applied.is_err() {
                return Outcome::failed(
                    format!("HiGHS rejected option {key} = {value:?}"),
                    size,
                    start,
                );
            }
        }
        if !hint.is_empty() {
            let mut start_values = vec![0.0; n];
            for (i, v) in hint {
                start_values[i] = v;
            }
            model.set_solution(Some(&start_values), None, None, None);
        }
        let solved = match model.try_solve() {
            Ok(s) => s,
            Err(e) => return Outcome::failed(format!("HiGHS failed: {e:?}"), size, start),
        };
        let seconds = start.elapsed().as_secs_f64();
        use highs::{HighsModelStatus as M, HighsSolutionStatus as P};
        let has_solution = solved.primal_solution_status() == P::Feasible;
        let status = match solved.status() {
            M::Optimal | M::ObjectiveBound | M::ObjectiveTarget => Status::Optimal,
            M::Infeasible | M::UnboundedOrInfeasible => Status::Infeasible,
            M::ReachedTimeLimit => Status::TimeLimit,
            _ if has_solution => Status::Feasible,
            other => {
                return Outcome::failed(
                    format!("HiGHS stopped with status {other:?}"),
                    size,
                    start,
                );
            }
        };
        let values = if has_solution {
            Some(Values {
                cols: solved.get_solution().columns().to_vec(),
                index,
            })
        } else {
            None
        };
        let objective_value = values.as_ref().map(|v| objective.eval_with(v));
        let is_mip = integer.iter().any(|b| *b);
        let bound = if is_mip {
            solved
                .double_info_value(c"mip_dual_bound")
                .ok()
                .filter(|b| b.is_finite())
        } else {
            objective_value
        };
        let gap = match (objective_value, bound) {
            (Some(o), Some(b)) => Some(relative_gap(o, b)),
            _ => None,
        };
        Outcome {
            status,
            objective: objective_value,
            bound,
            gap,
            seconds,
            size,
            values,
            error: None,
        }
    }
}

/// HiGHS's definition of the relative gap: |primal - dual| / max(1, |primal|).
pub fn relative_gap(objective: f64, bound: f64) -> f64 {
    let g = (objective - bound).abs() / objective.abs().max(1.0);
    if g < 1e-9 { 0.0 } else { g }
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
    index: HashMap<Variable, usize>,
}

impl Values {
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
