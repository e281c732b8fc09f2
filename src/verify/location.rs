//! Independent checker for the location core: from a [`LocationProblem`]
//! and a solution as the core returns it (the open sites' ids, the
//! assignment records, the objective) — never from the model or the
//! solver's variables — it lists every broken hard location family and
//! recomputes the objective. [`CHECKS`] lists one check per family group.
//!
//! Which families apply follows the objective, as in `location::solve::build`:
//! assignment and capacity for fixed charge and p-median, the count for
//! p-median (exactly p) and maximal covering (at most K), the radius for
//! covering, the budget for maximal covering; must-open, must-close and
//! "nobody served by a closed site" always. Sums allow 1e-5 (relative
//! for capacity and budget): fractions come from an LP solver.

use std::fmt;

use crate::family::Family;
use crate::location::families::{
    ASSIGN_EACH_CUSTOMER, CAPACITY, COVER_RADIUS, MUST_CLOSE, MUST_OPEN, OPEN_BEFORE_ASSIGN,
    OPEN_BEFORE_ASSIGN_TOTAL, SITE_BUDGET, SITE_COUNT, TRANSPORT_ASSIGN, TRANSPORT_CAPACITY,
};
use crate::location::{Assignment, LocationProblem, LocationResult, Objective};

use super::Violation;

/// Slack for sums of fractions and loads.
const TOL: f64 = 1e-5;

/// A solution as the location core returns it.
#[derive(Debug, Clone, Copy)]
pub struct Solution<'a> {
    /// Ids of the open sites.
    pub open: &'a [String],
    /// Served fractions (fixed charge, p-median) or each customer's site
    /// (covering models).
    pub assignment: &'a [Assignment],
    /// The objective the solver reports, in the objective's natural sense.
    pub objective: Option<f64>,
}

impl<'a> From<&'a LocationResult> for Solution<'a> {
    fn from(r: &'a LocationResult) -> Self {
        Solution {
            open: &r.open,
            assignment: &r.assignment,
            objective: r.objective,
        }
    }
}

/// The checker's verdict.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub violations: Vec<Violation>,
    /// The objective recomputed from the open sites and the assignment.
    pub objective: f64,
    /// Why the reported objective is not the recomputed one, if it is not.
    pub objective_mismatch: Option<String>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.violations.is_empty() && self.objective_mismatch.is_none()
    }
    fn add(&mut self, family: &'static Family, message: String) {
        self.violations.push(Violation { family, message });
    }
}

/// A solution laid out on the problem, as the checks read it.
pub struct Ctx<'a> {
    pub p: &'a LocationProblem,
    /// `open[i]`: site i is open.
    pub open: Vec<bool>,
    /// Assignment records with known ids: (site, customer, fraction).
    pub served: Vec<(usize, usize, f64)>,
}

/// One check: the families whose rule it re-checks, and the function.
pub struct Check {
    pub families: &'static [&'static Family],
    pub check: fn(&Ctx, &mut Report),
}

/// Every check of a location solution. The transport families are the
/// same rules over a fixed choice of sites (the Lagrangian upper bound), so
/// the assignment and capacity checks cover them; their violations are
/// reported under the main families.
pub static CHECKS: &[Check] = &[
    Check {
        families: &[&ASSIGN_EACH_CUSTOMER, &TRANSPORT_ASSIGN],
        check: assign_each_customer,
    },
    Check {
        families: &[&CAPACITY, &TRANSPORT_CAPACITY],
        check: capacity,
    },
    Check {
        families: &[&OPEN_BEFORE_ASSIGN, &OPEN_BEFORE_ASSIGN_TOTAL],
        check: open_before_assign,
    },
    Check {
        families: &[&SITE_COUNT],
        check: site_count,
    },
    Check {
        families: &[&COVER_RADIUS],
        check: cover_radius,
    },
    Check {
        families: &[&SITE_BUDGET],
        check: site_budget,
    },
    Check {
        families: &[&MUST_OPEN],
        check: must_open,
    },
    Check {
        families: &[&MUST_CLOSE],
        check: must_close,
    },
];

/// Checks a solution of `p`. Ids the problem does not have are violations
/// too: an unknown or repeated open site (`site_count`), an assignment to
/// an unknown site (`open_before_assign`) or of an unknown customer
/// (`assign_each_customer`).
pub fn verify(p: &LocationProblem, sol: Solution) -> Report {
    let mut r = Report::default();
    let mut c = Ctx {
        p,
        open: vec![false; p.sites.len()],
        served: Vec::new(),
    };
    for id in sol.open {
        match p.sites.iter().position(|s| &s.id == id) {
            None => r.add(
                &SITE_COUNT,
                format!("site {id} is open, but the problem has no such site"),
            ),
            Some(i) if c.open[i] => r.add(&SITE_COUNT, format!("site {id} is listed open twice")),
            Some(i) => c.open[i] = true,
        }
    }
    for a in sol.assignment {
        let Some(i) = p.sites.iter().position(|s| s.id == a.site) else {
            r.add(
                &OPEN_BEFORE_ASSIGN,
                format!(
                    "customer {} is served from site {}, which the problem does not have",
                    a.customer, a.site
                ),
            );
            continue;
        };
        let Some(j) = p.customers.iter().position(|x| x.id == a.customer) else {
            r.add(
                &ASSIGN_EACH_CUSTOMER,
                format!("customer {} is not in the problem", a.customer),
            );
            continue;
        };
        c.served.push((i, j, a.fraction));
    }
    for check in CHECKS {
        (check.check)(&c, &mut r);
    }
    r.objective = objective(&c);
    if let Some(reported) = sol.objective {
        let tol = 1e-6 * r.objective.abs().max(1.0);
        let wrong = if p.objective.maximise() {
            // Maximal covering: z_j ≤ 1 is continuous, so a solver may value a
            // covered customer below 1; it may never claim more than is covered.
            reported > r.objective + tol
        } else {
            (reported - r.objective).abs() > tol
        };
        if wrong {
            r.objective_mismatch = Some(format!(
                "the reported objective {reported} differs from {} recomputed from the open sites and the assignment",
                r.objective
            ));
        }
    }
    r
}

/// A solution that failed [`verify`], as an error.
#[derive(Debug, Clone)]
pub struct Failed(pub Report);

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = &self.0;
        let n = r.violations.len() + usize::from(r.objective_mismatch.is_some());
        write!(f, "the solution failed verification ({n} problems):")?;
        for v in &r.violations {
            write!(f, "\n  [{}] {}", v.family, v.message)?;
        }
        if let Some(m) = &r.objective_mismatch {
            write!(f, "\n  {m}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failed {}

/// [`verify`] of a solver result that holds a solution, as a `Result`.
pub fn verified(p: &LocationProblem, r: &LocationResult) -> Result<Report, Failed> {
    let rep = verify(p, r.into());
    if rep.ok() { Ok(rep) } else { Err(Failed(rep)) }
}

/// True for the objectives whose model serves customers by fractions x_ij.
fn by_fractions(p: &LocationProblem) -> bool {
    matches!(
        p.objective,
        Objective::FixedCharge | Objective::PMedian { .. }
    )
}

/// `assign_each_customer`: each customer's fractions lie in [0, 1] and sum to 1.
fn assign_each_customer(c: &Ctx, r: &mut Report) {
    if !by_fractions(c.p) {
        return;
    }
    let mut total = vec![0.0; c.p.customers.len()];
    for &(i, j, f) in &c.served {
        if !(-TOL..=1.0 + TOL).contains(&f) {
            r.add(
                &ASSIGN_EACH_CUSTOMER,
                format!(
                    "customer {} is served a fraction {f} from site {}, not in [0, 1]",
                    c.p.customers[j].id, c.p.sites[i].id
                ),
            );
        }
        total[j] += f;
    }
    for (cu, t) in c.p.customers.iter().zip(&total) {
        if (t - 1.0).abs() > TOL {
            r.add(
                &ASSIGN_EACH_CUSTOMER,
                format!("customer {} is served {t} in all, not 1", cu.id),
            );
        }
    }
}

/// `capacity`: a capacitated site serves at most its capacity.
fn capacity(c: &Ctx, r: &mut Report) {
    if !by_fractions(c.p) {
        return;
    }
    let mut load = vec![0.0; c.p.sites.len()];
    for &(i, j, f) in &c.served {
        load[i] += c.p.customers[j].demand * f;
    }
    for (s, l) in c.p.sites.iter().zip(&load) {
        if let Some(cap) = s.capacity
            && *l > cap + TOL * cap.max(1.0)
        {
            r.add(
                &CAPACITY,
                format!(
                    "site {} serves {l} of demand, more than its capacity {cap}",
                    s.id
                ),
            );
        }
    }
}

/// `open_before_assign`: nobody is served from a site that is not open.
fn open_before_assign(c: &Ctx, r: &mut Report) {
    for &(i, j, _) in &c.served {
        if !c.open[i] {
            r.add(
                &OPEN_BEFORE_ASSIGN,
                format!(
                    "customer {} is served from site {}, which is not open",
                    c.p.customers[j].id, c.p.sites[i].id
                ),
            );
        }
    }
}

/// `site_count`: exactly p open (p-median), at most K (maximal covering).
fn site_count(c: &Ctx, r: &mut Report) {
    let n = c.open.iter().filter(|o| **o).count();
    match c.p.objective {
        Objective::PMedian { p } if n != p => r.add(
            &SITE_COUNT,
            format!("{n} sites are open, p-median needs exactly {p}"),
        ),
        Objective::MaxCovering {
            max_sites: Some(k), ..
        } if n > k => r.add(
            &SITE_COUNT,
            format!("{n} sites are open, at most {k} allowed"),
        ),
        _ => {}
    }
}

/// `cover_radius` (covering): every customer has an open site within the radius.
fn cover_radius(c: &Ctx, r: &mut Report) {
    let Objective::Covering { radius } = c.p.objective else {
        return;
    };
    for (j, cu) in c.p.customers.iter().enumerate() {
        if !within(c, j, radius) {
            r.add(
                &COVER_RADIUS,
                format!("customer {} has no open site within {radius}", cu.id),
            );
        }
    }
}

/// `site_budget` (maximal covering with a budget): the open sites' fixed
/// cost within the budget.
fn site_budget(c: &Ctx, r: &mut Report) {
    let Objective::MaxCovering {
        budget: Some(b), ..
    } = c.p.objective
    else {
        return;
    };
    let cost = fixed_cost(c);
    if cost > b + TOL * b.max(1.0) {
        r.add(
            &SITE_BUDGET,
            format!("the open sites' fixed cost {cost} is over the budget {b}"),
        );
    }
}

/// `must_open`: a site that must be open is.
fn must_open(c: &Ctx, r: &mut Report) {
    for (s, open) in c.p.sites.iter().zip(&c.open) {
        if s.must_open && !open {
            r.add(&MUST_OPEN, format!("site {} must be open but is not", s.id));
        }
    }
}

/// `must_close`: a site that must stay closed is not open.
fn must_close(c: &Ctx, r: &mut Report) {
    for (s, open) in c.p.sites.iter().zip(&c.open) {
        if s.must_close && *open {
            r.add(
                &MUST_CLOSE,
                format!("site {} must stay closed but is open", s.id),
            );
        }
    }
}

/// True when customer `j` has an open site within `radius`.
fn within(c: &Ctx, j: usize, radius: f64) -> bool {
    (0..c.p.sites.len()).any(|i| c.open[i] && c.p.cost[i][j] <= radius + 1e-9)
}

fn fixed_cost(c: &Ctx) -> f64 {
    (c.p.sites.iter().zip(&c.open))
        .filter(|(_, o)| **o)
        .map(|(s, _)| s.fixed_cost)
        .sum()
}

/// The objective of the solution, in its natural sense.
fn objective(c: &Ctx) -> f64 {
    let p = c.p;
    match p.objective {
        Objective::FixedCharge => {
            fixed_cost(c)
                + c.served
                    .iter()
                    .map(|&(i, j, f)| p.cost[i][j] * f)
                    .sum::<f64>()
        }
        Objective::PMedian { .. } => c
            .served
            .iter()
            .map(|&(i, j, f)| p.customers[j].demand * p.cost[i][j] * f)
            .sum(),
        Objective::Covering { .. } => {
            if p.sites.iter().any(|s| s.fixed_cost > 0.0) {
                fixed_cost(c)
            } else {
                c.open.iter().filter(|o| **o).count() as f64
            }
        }
        Objective::MaxCovering { radius, .. } => (0..p.customers.len())
            .filter(|&j| within(c, j, radius))
            .map(|j| p.customers[j].demand)
            .sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    /// `facility` and `locate` tell a failed verification (exit code 5)
    /// from other errors by finding [`Failed`] under their context.
    #[test]
    fn failed_is_found_under_context() {
        let r: Result<(), Failed> = Err(Failed(Report::default()));
        let e = r.context("location model").unwrap_err();
        assert!(e.downcast_ref::<Failed>().is_some());
        assert!(format!("{e:#}").starts_with("location model: the solution failed verification"));
    }
}
