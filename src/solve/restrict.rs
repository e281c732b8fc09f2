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

/// The rows and the objective of an [`Lp`] by column index: what
/// [`Lp::restrict`] reads for every sub-program. Reading good_lp's
/// expressions instead (a hash look-up per non-zero) took 0.8 s of each
/// neighbourhood on a 1,000,000-column quarter; this takes one pass over
/// arrays.
pub(super) struct Sparse {
    rows: Vec<Vec<(u32, f64)>>,
    pub(super) objective: Vec<(u32, f64)>,
}

impl Lp {
    /// Builds now what [`Lp::restrict`] reads (the rows by column index),
    /// so that a later restrict on a deadline does not pay for it (1.8 s
    /// on a 100 x 120 quarter's rooms model).
    pub fn prepare_restrict(&self) {
        self.sparse();
    }

    pub(super) fn sparse(&self) -> &Sparse {
        self.sparse.get_or_init(|| {
            let by_column = |e: &Expression| -> Vec<(u32, f64)> {
                let mut v: Vec<(u32, f64)> = e
                    .linear_coefficients()
                    .map(|(var, coef)| (self.index[&var] as u32, coef))
                    .collect();
                // Column order: the same sub-program whatever the hash order.
                v.sort_unstable_by_key(|x| x.0);
                v
            };
            Sparse {
                rows: self.rows.iter().map(|r| by_column(&r.expr)).collect(),
                objective: by_column(&self.objective),
            }
        })
    }

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
            var[c] = Some(self.copy_column(c, &mut lp));
            original.push(c);
        }
        let sparse = self.sparse();
        let map = |terms: &[(u32, f64)]| -> (Option<Expression>, f64) {
            let mut out: Option<Expression> = None;
            let mut constant = 0.0;
            for &(c, coef) in terms {
                let c = c as usize;
                match (fixed[c], var[c]) {
                    (Some(x), _) => constant += coef * x,
                    (None, Some(nv)) => out
                        .get_or_insert_with(|| Expression::with_capacity(4))
                        .add_mul(coef, nv),
                    (None, None) => unreachable!("a free column has a variable"),
                }
            }
            (out, constant)
        };
        for (i, (r, terms)) in self.rows.iter().zip(&sparse.rows).enumerate() {
            let (expr, constant) = map(terms);
            let rhs = r.rhs - constant;
            let Some(expr) = expr else {
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
            };
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
        let (objective, constant) = map(&sparse.objective);
        let mut objective = objective.unwrap_or_else(|| Expression::with_capacity(0));
        objective += self.objective.constant() + constant;
        lp.objective = objective;
        lp.extra = self.extra.clone();
        Ok(Restricted { lp, original, var })
    }
}

impl Lp {
    /// A new column of `lp` like column `c` of this program: its kind
    /// (binary, integer, continuous) and its bounds as created.
    fn copy_column(&self, c: usize, lp: &mut Lp) -> Variable {
        let (lo, hi) = self.bounds[c];
        match (self.integer[c], lo, hi) {
            (true, 0.0, 1.0) => lp.binary(),
            (true, _, _) => lp.integer(lo, hi),
            (false, _, _) => lp.continuous(lo, hi),
        }
    }

    /// This program without the rows of `families`: every column (kind,
    /// bounds) and the whole objective, every other row. A relaxation, so
    /// its optimum (as an LP, or HiGHS's dual bound as a MIP) bounds this
    /// program's.
    pub fn without(&self, families: &[&'static crate::family::Family]) -> Lp {
        let dropped = |r: &Row| families.iter().any(|f| std::ptr::eq(*f, r.family));
        let (mut lp, var) = self.copied(|r| !dropped(r));
        lp.objective = by_var(&var, &self.sparse().objective) + self.objective.constant();
        lp
    }

    /// This program with another objective, `Σ coefficient · column` over
    /// `cost` (every other column costs nothing, no constant): the same
    /// columns in the same order and the same rows, so that a solution of
    /// one is a solution of the other.
    pub fn priced(&self, cost: &[(usize, f64)]) -> Lp {
        let (mut lp, var) = self.copied(|_| true);
        let terms: Vec<(u32, f64)> = cost.iter().map(|&(c, w)| (c as u32, w)).collect();
        lp.objective = by_var(&var, &terms);
        lp
    }

    /// This program and one more row, `Σ coefficient · column` over
    /// `terms` ≥ `rhs`, of `family` (a valid inequality the caller
    /// knows of): the same columns in the same order and the same
    /// objective.
    pub fn with_floor(
        &self,
        family: &'static crate::family::Family,
        terms: &[(usize, f64)],
        rhs: f64,
    ) -> Lp {
        let (mut lp, var) = self.copied(|_| true);
        lp.objective = by_var(&var, &self.sparse().objective) + self.objective.constant();
        let terms: Vec<(u32, f64)> = terms.iter().map(|&(c, w)| (c as u32, w)).collect();
        lp.rows.push(Row {
            family,
            expr: by_var(&var, &terms),
            sense: Sense::Ge,
            rhs,
        });
        lp
    }

    /// Every column of this program (kind, bounds, in order) and the rows
    /// `keep` takes, into a new program without objective; its variable of
    /// each column. The extra HiGHS options come along.
    fn copied(&self, keep: impl Fn(&Row) -> bool) -> (Lp, Vec<Variable>) {
        let sparse = self.sparse();
        let mut lp = Lp::new();
        let var: Vec<Variable> = (0..self.integer.len())
            .map(|c| self.copy_column(c, &mut lp))
            .collect();
        for (r, terms) in self.rows.iter().zip(&sparse.rows) {
            if keep(r) {
                lp.rows.push(Row {
                    family: r.family,
                    expr: by_var(&var, terms),
                    sense: r.sense,
                    rhs: r.rhs,
                });
            }
        }
        lp.extra = self.extra.clone();
        (lp, var)
    }

    /// The part of this program held by the rows of `families`: those rows
    /// alone, with every column `c` that has `fixed[c] = Some(v)` replaced
    /// by `v`, the columns they use, and the objective's terms of those
    /// columns only (no constant). Every other row and column is left out.
    ///
    /// Its optimum is a lower bound on the objective's terms of the kept
    /// columns over the whole program whenever leaving the other rows out
    /// and fixing the `fixed` columns only loosens the kept rows (the
    /// caller's argument; e.g. an opening fixed open only allows more
    /// bookings).
    pub fn part(&self, families: &[&'static crate::family::Family], fixed: &[Option<f64>]) -> Lp {
        let kept = |r: &Row| families.iter().any(|f| std::ptr::eq(*f, r.family));
        let sparse = self.sparse();
        let rows: Vec<(&Row, &[(u32, f64)])> = self
            .rows
            .iter()
            .zip(&sparse.rows)
            .filter(|(r, _)| kept(r))
            .map(|(r, terms)| (r, terms.as_slice()))
            .collect();
        let mut lp = Lp::new();
        let mut var: Vec<Option<Variable>> = vec![None; self.integer.len()];
        for &(_, terms) in &rows {
            for &(c, _) in terms {
                let c = c as usize;
                if fixed[c].is_none() && var[c].is_none() {
                    var[c] = Some(self.copy_column(c, &mut lp));
                }
            }
        }
        let map = |terms: &[(u32, f64)], keep_fixed: bool| -> (Expression, f64) {
            let mut out = Expression::with_capacity(terms.len());
            let mut constant = 0.0;
            for &(c, coef) in terms {
                let c = c as usize;
                match (fixed[c], var[c]) {
                    (Some(x), _) if keep_fixed => constant += coef * x,
                    (None, Some(nv)) => out.add_mul(coef, nv),
                    _ => {}
                }
            }
            (out, constant)
        };
        for (r, terms) in rows {
            let (expr, constant) = map(terms, true);
            if (&expr).linear_coefficients().next().is_none() {
                continue;
            }
            lp.rows.push(Row {
                family: r.family,
                expr,
                sense: r.sense,
                rhs: r.rhs - constant,
            });
        }
        lp.objective = map(&sparse.objective, false).0;
        lp.extra = self.extra.clone();
        lp
    }
}

/// `Σ coefficient · var[column]` over `terms`.
fn by_var(var: &[Variable], terms: &[(u32, f64)]) -> Expression {
    let mut out = Expression::with_capacity(terms.len());
    for &(c, coef) in terms {
        out.add_mul(coef, var[c as usize]);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::families::{ROOM_DEMAND, ROOM_TRIPS, STAFFING};
    use crate::solve::{SolveOptions, Status};

    /// restrict reads a by-column copy of the rows, made once: a row or a
    /// cost added after a first restrict is in the next one. min a + b
    /// with a + b ≥ 1: fixing a at 0 gives 1 (b = 1). After the cost 4b,
    /// a at 1 gives 1 and a at 0 gives 5; after the row b ≤ 0, a at 0
    /// with b at 1 is refused.
    #[test]
    fn a_restrict_sees_rows_and_costs_added_after_the_first() {
        let mut lp = crate::solve::Lp::new();
        let (a, b) = (lp.binary(), lp.binary());
        lp.ge(&STAFFING, a + b, 1.0);
        lp.cost(1.0, a + b);
        let (ca, cb) = (lp.column(a), lp.column(b));
        let mut fixed = vec![None; 2];
        fixed[ca] = Some(0.0);
        let sub = lp.restrict(&fixed).expect("b can be 1");
        let out = sub.lp.solve(&SolveOptions::default());
        assert!((out.objective.unwrap() - 1.0).abs() < 1e-9);
        lp.cost(4.0, b);
        fixed[ca] = Some(1.0);
        let sub = lp.restrict(&fixed).expect("a is 1");
        let out = sub.lp.solve(&SolveOptions::default());
        assert!((out.objective.unwrap() - 1.0).abs() < 1e-9);
        fixed[ca] = Some(0.0);
        let sub = lp.restrict(&fixed).expect("b can be 1");
        let out = sub.lp.solve(&SolveOptions::default());
        assert!((out.objective.unwrap() - 5.0).abs() < 1e-9);
        lp.le(&ROOM_TRIPS, b, 0.0);
        fixed[cb] = Some(1.0);
        assert!(lp.restrict(&fixed).is_err(), "a = 0, b = 1 breaks b ≤ 0");
    }

    /// min 5a + 3b + 2c + 7d, with a + b ≥ 1 (kept), b ≤ c (kept, c fixed
    /// at 0 would force b = 0; here c is held at 1) and a + d ≥ 1 (another
    /// family, left out): the part is min 5a + 3b s.t. a + b ≥ 1, b ≤ 1,
    /// optimum 3, while the whole program's optimum is 5 (a = 1).
    #[test]
    fn a_part_keeps_its_rows_and_their_columns_costs() {
        let mut lp = crate::solve::Lp::new();
        let (a, b, c, d) = (lp.binary(), lp.binary(), lp.binary(), lp.binary());
        lp.ge(&ROOM_DEMAND, a + b, 1.0);
        lp.le(&ROOM_TRIPS, b - c, 0.0);
        lp.ge(&STAFFING, a + d, 1.0);
        lp.cost(5.0, a);
        lp.cost(3.0, b);
        lp.cost(2.0, c);
        lp.cost(7.0, d);
        let mut fixed = vec![None; 4];
        fixed[lp.column(c)] = Some(1.0);
        let part = lp.part(&[&ROOM_DEMAND, &ROOM_TRIPS], &fixed);
        assert_eq!(part.size().variables, 2);
        assert_eq!(part.rows().len(), 2);
        let out = part.solve(&SolveOptions::default());
        assert_eq!(out.status, Status::Optimal);
        assert!((out.objective.unwrap() - 3.0).abs() < 1e-9);
        let whole = lp.solve(&SolveOptions::default());
        assert!((whole.objective.unwrap() - 5.0).abs() < 1e-9);
    }

    /// `without` drops the rows of the named families and keeps every
    /// column in place and the whole objective (its constant too): min
    /// 2a + 3b + 1 with a + b ≥ 1 (staffing) and a ≤ 0 (skills) is 4;
    /// without the skills row 3, with a at 1 in column a's place.
    #[test]
    fn without_drops_the_named_families_only() {
        let mut lp = crate::solve::Lp::new();
        let (a, b) = (lp.binary(), lp.binary());
        lp.ge(&STAFFING, a + b, 1.0);
        lp.le(&crate::model::families::SKILLS, a, 0.0);
        lp.cost(2.0, a);
        lp.cost(3.0, b);
        lp.cost(1.0, good_lp::Expression::from(1.0));
        let whole = lp.without(&[]).solve(&SolveOptions::default());
        assert!((whole.objective.unwrap() - 4.0).abs() < 1e-9);
        let loose = lp.without(&[&crate::model::families::SKILLS]);
        assert_eq!(loose.rows().len(), 1);
        let out = loose.solve(&SolveOptions::default());
        assert_eq!(out.status, Status::Optimal);
        assert!((out.objective.unwrap() - 3.0).abs() < 1e-9);
        let v = out.values.unwrap();
        assert_eq!(v.columns()[lp.column(a)], 1.0);
        assert_eq!(v.columns()[lp.column(b)], 0.0);
    }

    #[test]
    fn priced_and_floored_copies_keep_the_columns() {
        let mut lp = crate::solve::Lp::new();
        let (a, b) = (lp.binary(), lp.binary());
        lp.ge(&STAFFING, a + b, 1.0);
        lp.cost(2.0, a);
        lp.cost(3.0, b);
        // Priced: only b costs, so the optimum takes a.
        let priced = lp.priced(&[(lp.column(b), 1.0)]);
        let out = priced.solve(&SolveOptions::default());
        assert_eq!(out.objective, Some(0.0));
        assert_eq!(out.values.unwrap().columns()[lp.column(a)], 1.0);
        // Floored: b at least 1, so the optimum is 3 (b alone).
        let floored = lp.with_floor(&STAFFING, &[(lp.column(b), 1.0)], 1.0);
        assert_eq!(floored.rows().len(), 2);
        let out = floored.solve(&SolveOptions::default());
        assert!((out.objective.unwrap() - 3.0).abs() < 1e-9);
        let v = out.values.unwrap();
        assert_eq!(v.columns()[lp.column(a)], 0.0);
        assert_eq!(v.columns()[lp.column(b)], 1.0);
    }
}
