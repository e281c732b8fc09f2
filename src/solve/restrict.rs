//! Sub-programs: an [`Lp`] with some columns replaced by values.
//!
//! A neighbourhood search fixes most decisions at the incumbent's values
//! and solves what is left. Fixing by column bounds keeps the whole model
//! in the solver, whose presolve then reads every row each time (on a
//! 255,000-column quarter, 0.2–3 s per sub-MIP). [`Lp::restrict`] instead
//! writes a new, small program: fixed columns become constants, rows left
//! without a variable are dropped (or, when the fixing breaks them,
//! reported), and the objective keeps the fixed part as its constant, so
//! that a sub-program's objective value is the whole program's value of
//! the completed solution.

use good_lp::{Expression, IntoAffineExpression, Variable};

use super::{Lp, Row, Sense};

/// A sub-program and where its columns came from.
pub struct Restricted {
    pub lp: Lp,
    /// The original column of each of the sub-program's columns.
    pub original: Vec<usize>,
    /// The sub-program's variable of each original column (`None`: fixed).
    pub var: Vec<Option<Variable>>,
}

impl Lp {
    /// This program with every column `c` that has `fixed[c] = Some(v)`
    /// replaced by `v`. Err names a row the fixing breaks (its family and
    /// label) — the fixed values alone cannot be completed.
    pub fn restrict(&self, fixed: &[Option<f64>]) -> Result<Restricted, String> {
        let mut lp = Lp::new();
        let n = self.integer.len();
        let mut var: Vec<Option<Variable>> = vec![None; n];
        let mut original = Vec::new();
        for c in 0..n {
            if fixed[c].is_some() {
                continue;
            }
            let (lo, hi) = self.bounds[c];
            let v = if self.integer[c] {
                if lo == 0.0 && hi == 1.0 {
                    lp.binary()
                } else {
                    lp.integer(lo, hi)
                }
            } else {
                lp.continuous(lo, hi)
            };
            var[c] = Some(v);
            original.push(c);
        }
        let map = |e: &Expression| -> (Expression, f64) {
            let mut out = Expression::with_capacity(0);
            let mut constant = 0.0;
            for (v, coef) in e.linear_coefficients() {
                let c = self.index[&v];
                match (fixed[c], var[c]) {
                    (Some(x), _) => constant += coef * x,
                    (None, Some(nv)) => out.add_mul(coef, nv),
                    (None, None) => unreachable!("a free column has a variable"),
                }
            }
            (out, constant)
        };
        for (i, r) in self.rows.iter().enumerate() {
            let (expr, constant) = map(&r.expr);
            let rhs = r.rhs - constant;
            if (&expr).linear_coefficients().next().is_none() {
                let holds = match r.sense {
                    Sense::Le => 0.0 <= rhs + 1e-7,
                    Sense::Ge => 0.0 >= rhs - 1e-7,
                    Sense::Eq => rhs.abs() <= 1e-7,
                };
                if holds {
                    continue;
                }
                return Err(format!(
                    "the fixed values break `{}`{}",
                    r.family.id,
                    self.labels
                        .get(&i)
                        .map_or(String::new(), |l| format!(" ({l})"))
                ));
            }
            lp.rows.push(Row {
                family: r.family,
                expr,
                sense: r.sense,
                rhs,
            });
            if let Some(l) = self.labels.get(&i) {
                lp.labels.insert(lp.rows.len() - 1, l.clone());
            }
        }
        let (mut objective, constant) = map(&self.objective);
        objective += self.objective.constant() + constant;
        lp.objective = objective;
        lp.extra = self.extra.clone();
        Ok(Restricted { lp, original, var })
    }
}
