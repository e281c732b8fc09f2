//! Solving a [`LocationProblem`]: builds the MILP from the families in
//! [`super::families`], hands it to HiGHS through [`crate::solve::Lp`] and
//! reads back the open sites and the assignment.
//!
//! Fixed-charge problems first go through the Lagrangian preprocessing of
//! [`super::lagrange`] (bound, start solution, site fixing) and, when many
//! sites stay free, a restricted "merge" MIP over the sites of its best
//! solutions; HiGHS then solves the fixed model from that start.
//!
//! The `open_before_assign` rows (x_ij ≤ y_i) make the LP relaxation tight
//! but number sites × customers (100,000 on capa/b/c). [`Linking`] chooses
//! which of them go in: all, none (the aggregated `open_before_assign_total`
//! row per site keeps the model correct), the k cheapest sites per customer,
//! and/or rows found violated by the LP relaxation in a few cutting-plane
//! rounds before the MIP. All of them, on a model made small by fixing, was
//! fastest by measurement (see `models/location.md`).

use std::str::FromStr;
use std::time::Instant;

use good_lp::Variable;
use serde::Serialize;

use super::families::{self as fam, Vars};
use super::lagrange::{self, Fix, Incumbent};
use super::problem::{LocationError, LocationProblem, Objective};
use crate::solve::{HighsValue, Lp, ModelSize, SolveOptions, Status, relative_gap};

/// Which `open_before_assign` (x_ij ≤ y_i) rows the model carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerPair {
    /// Every pair.
    All,
    /// None up front.
    None,
    /// For each customer, the k sites that serve it most cheaply.
    Nearest(usize),
}

/// How x_ij ≤ y_i rows are added: an initial set plus LP cutting-plane rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Linking {
    pub per_pair: PerPair,
    /// Rounds of "solve the LP relaxation, add the violated x_ij ≤ y_i rows"
    /// before the MIP (0 = none). Stops early when nothing is violated.
    pub lazy_rounds: usize,
}

impl Linking {
    pub const ALL: Linking = Linking {
        per_pair: PerPair::All,
        lazy_rounds: 0,
    };
}

impl Default for Linking {
    /// Chosen by measurement on the OR-Library sets (models/location.md).
    fn default() -> Self {
        Linking::ALL
    }
}

impl FromStr for Linking {
    type Err = String;
    /// `all`, `none`, `nearest:K`, `lazy`, `lazy:R`, `nearest:K+lazy[:R]`.
    fn from_str(s: &str) -> Result<Self, String> {
        let mut l = Linking {
            per_pair: PerPair::None,
            lazy_rounds: 0,
        };
        for part in s.split('+') {
            let (head, arg) = match part.split_once(':') {
                Some((h, a)) => (h, Some(a)),
                None => (part, None),
            };
            let num = |what: &str| -> Result<usize, String> {
                arg.ok_or_else(|| format!("{what} needs a number, e.g. {what}:10"))?
                    .parse()
                    .map_err(|_| format!("{what}: {:?} is not a whole number", arg.unwrap_or("")))
            };
            match head {
                "all" => l.per_pair = PerPair::All,
                "none" => l.per_pair = PerPair::None,
                "nearest" => l.per_pair = PerPair::Nearest(num("nearest")?),
                "lazy" => l.lazy_rounds = if arg.is_some() { num("lazy")? } else { 20 },
                other => {
                    return Err(format!(
                        "unknown linking {other:?}; use all, none, nearest:K, lazy[:R] or nearest:K+lazy"
                    ));
                }
            }
        }
        Ok(l)
    }
}

/// Formulation and HiGHS choices beyond [`SolveOptions`].
#[derive(Debug, Clone, PartialEq)]
pub struct Tuning {
    pub linking: Linking,
    /// Add the `total_capacity` valid inequality (capacitated problems).
    pub total_capacity: bool,
    /// Lagrangian preprocessing (bound, start solution, site fixing) for
    /// `FixedCharge` problems with at least this many site × customer pairs;
    /// `usize::MAX` turns it off.
    pub lagrangian_min_pairs: usize,
    /// Subgradient iterations of the preprocessing.
    pub lagrangian_iterations: usize,
    /// Extra HiGHS options for the MIP, e.g. `("mip_heuristic_effort", Float(0.2))`.
    pub highs: Vec<(String, HighsValue)>,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            linking: Linking::default(),
            total_capacity: true,
            lagrangian_min_pairs: 0,
            lagrangian_iterations: 1000,
            highs: Vec::new(),
        }
    }
}

/// One (partial) assignment of a customer to an open site.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assignment {
    pub customer: String,
    pub site: String,
    /// Share of the customer's demand served from the site (1 for covering models).
    pub fraction: f64,
    /// `cost[site][customer]` (assignment cost or distance).
    pub cost: f64,
}

/// The solution of a location problem, in the objective's natural sense
/// (maximal covering reports covered demand; its bound is an upper bound).
#[derive(Debug, Clone, Serialize)]
pub struct LocationResult {
    pub objective_kind: &'static str,
    pub status: Status,
    pub objective: Option<f64>,
    pub bound: Option<f64>,
    pub gap: Option<f64>,
    /// Ids of the open sites, in site order.
    pub open: Vec<String>,
    /// Indices (0-based) of the open sites into `problem.sites`.
    pub open_index: Vec<usize>,
    /// FixedCharge / p-median: the served fractions (> 1e-6). Covering models:
    /// each customer's nearest open site.
    pub assignment: Vec<Assignment>,
    /// Total fixed cost of the open sites.
    pub fixed_cost: f64,
    /// Wall-clock seconds, model building and LP rounds included.
    pub seconds: f64,
    /// Size of the final MIP.
    pub size: ModelSize,
    /// LP cutting-plane rounds run and `open_before_assign` rows in the final MIP.
    pub lp_rounds: usize,
    pub link_rows: usize,
    /// Lagrangian preprocessing: its bound, and the sites it fixed open / closed.
    pub lagrangian_bound: Option<f64>,
    pub fixed_open: usize,
    pub fixed_closed: usize,
    /// Seconds spent in preprocessing (included in `seconds`).
    pub preprocess_seconds: f64,
}

/// Solves with the default [`Tuning`].
pub fn solve(p: &LocationProblem, opts: &SolveOptions) -> Result<LocationResult, LocationError> {
    solve_tuned(p, opts, &Tuning::default())
}

/// Solves with explicit formulation and HiGHS choices.
pub fn solve_tuned(
    p: &LocationProblem,
    opts: &SolveOptions,
    tuning: &Tuning,
) -> Result<LocationResult, LocationError> {
    p.validate()?;
    let start = Instant::now();
    let needs_x = matches!(
        p.objective,
        Objective::FixedCharge | Objective::PMedian { .. }
    );
    let (m, n) = (p.sites.len(), p.customers.len());

    // Lagrangian preprocessing: bound, start solution, fixings; then a
    // restricted MIP over the sites of the best few solutions found.
    let mut pre = if lagrange::applies(p) && m * n >= tuning.lagrangian_min_pairs {
        lagrange::preprocess(p, opts, tuning.lagrangian_iterations)
    } else {
        None
    };
    if let Some(pre) = &mut pre {
        if opts.verbose {
            eprintln!(
                "location: Lagrangian bound {:.6}, incumbent {:?}, {} iterations, {} sites fixed open, {} closed, {:.2} s",
                pre.bound,
                pre.incumbent.as_ref().map(|i| i.cost),
                pre.iterations,
                pre.fixed_open(),
                pre.fixed_closed(),
                pre.seconds
            );
        }
        let gap_open = pre
            .incumbent
            .as_ref()
            .is_none_or(|inc| relative_gap(inc.cost, pre.bound) > opts.gap);
        let free = pre.fix.iter().filter(|f| **f == Fix::Free).count();
        if gap_open
            && free > MERGE_MIN_FREE
            && let Some(inc) = merge_heuristic(p, pre, opts, tuning)
        {
            pre.improve(p, inc);
            if opts.verbose {
                eprintln!(
                    "location: merged solution {:?}, {} sites fixed open, {} closed, {:.2} s",
                    pre.incumbent.as_ref().map(|i| i.cost),
                    pre.fixed_open(),
                    pre.fixed_closed(),
                    start.elapsed().as_secs_f64()
                );
            }
        }
    }
    let preprocess_seconds = start.elapsed().as_secs_f64();
    let mut fix = vec![Fix::Free; m];
    let mut incumbent = None;
    if let Some(pre) = &pre {
        incumbent = pre.incumbent.clone();
        // The incumbent must agree with the fixings; if rounding made them
        // disagree, drop the fixings rather than risk cutting it off.
        let agrees = incumbent.as_ref().is_none_or(|inc| {
            (0..m).all(|i| match pre.fix[i] {
                Fix::Free => true,
                Fix::Open => inc.open[i],
                Fix::Closed => !inc.open[i],
            })
        });
        if agrees {
            fix.clone_from(&pre.fix);
        }
    }
    let pre_bound = pre.as_ref().map(|p| p.bound);
    let excluded_bound = if fix.iter().all(|f| *f == Fix::Free) {
        f64::INFINITY
    } else {
        pre.as_ref().map_or(f64::INFINITY, |p| p.excluded_bound)
    };
    let mut result = LocationResult {
        objective_kind: p.objective.name(),
        status: Status::Feasible,
        objective: None,
        bound: None,
        gap: None,
        open: Vec::new(),
        open_index: Vec::new(),
        assignment: Vec::new(),
        fixed_cost: 0.0,
        seconds: 0.0,
        size: ModelSize::default(),
        lp_rounds: 0,
        link_rows: 0,
        lagrangian_bound: pre_bound,
        fixed_open: fix.iter().filter(|f| **f == Fix::Open).count(),
        fixed_closed: fix.iter().filter(|f| **f == Fix::Closed).count(),
        preprocess_seconds,
    };

    // Preprocessing may already prove its solution optimal.
    if let (Some(inc), Some(lb)) = (&incumbent, pre_bound)
        && relative_gap(inc.cost, lb) <= opts.gap
    {
        result.status = Status::Optimal;
        result.objective = Some(inc.cost);
        result.bound = Some(lb.min(inc.cost));
        result.gap = Some(relative_gap(inc.cost, lb.min(inc.cost)));
        fill_from_incumbent(&mut result, p, inc);
        result.seconds = start.elapsed().as_secs_f64();
        return Ok(result);
    }

    // The set of (i, j) pairs carrying an x_ij ≤ y_i row.
    let mut linked = vec![vec![false; n]; m];
    if needs_x {
        match tuning.linking.per_pair {
            PerPair::All => linked.iter_mut().for_each(|r| r.fill(true)),
            PerPair::None => {}
            PerPair::Nearest(k) => {
                let cheapest = (0..n).map(|j| {
                    let mut order: Vec<usize> = (0..m).collect();
                    order.sort_by(|&a, &b| p.cost[a][j].total_cmp(&p.cost[b][j]));
                    order.truncate(k);
                    order
                });
                for (j, sites) in cheapest.enumerate() {
                    sites.into_iter().for_each(|i| linked[i][j] = true);
                }
            }
        }
    }

    if needs_x && tuning.linking.per_pair != PerPair::All {
        for _ in 0..tuning.linking.lazy_rounds {
            if opts.deadline.expired() {
                break;
            }
            let (lp, v) = build(p, &linked, true, tuning, &fix);
            let out = lp.solve(opts);
            result.lp_rounds += 1;
            if let Some(e) = out.error {
                return Err(LocationError::Solver(e));
            }
            if out.status == Status::Infeasible {
                break; // the MIP below reports it
            }
            let Some(vals) = out.values else { break };
            let mut added = 0;
            for (i, row) in linked.iter_mut().enumerate() {
                let Some(x) = &v.x[i] else { continue };
                let yi = vals.get(v.y[i]);
                for (j, l) in row.iter_mut().enumerate() {
                    if !*l && vals.get(x[j]) > yi + 1e-6 {
                        *l = true;
                        added += 1;
                    }
                }
            }
            if opts.verbose {
                eprintln!(
                    "location: LP round {}: objective {:?}, {added} open_before_assign rows added, {:.2} s",
                    result.lp_rounds, out.objective, out.seconds
                );
            }
            if added == 0 || out.status != Status::Optimal {
                break;
            }
        }
    }

    let (mut lp, v) = build(p, &linked, false, tuning, &fix);
    for (k, val) in &tuning.highs {
        lp.option(k, val.clone());
    }
    if let Some(inc) = &incumbent
        && fix
            .iter()
            .zip(&inc.open)
            .all(|(f, o)| *f != Fix::Closed || !o)
    {
        for (i, &o) in inc.open.iter().enumerate() {
            lp.hint(v.y[i], if o { 1.0 } else { 0.0 });
        }
        for &(i, j, f) in &inc.x {
            if let Some(x) = &v.x[i] {
                lp.hint(x[j], f);
            }
        }
    }
    let out = lp.solve(opts);
    if let Some(e) = out.error {
        return Err(LocationError::Solver(e));
    }
    result.size = out.size;
    result.link_rows = (0..m)
        .filter(|&i| v.x.get(i).is_some_and(Option::is_some))
        .map(|i| linked[i].iter().filter(|b| **b).count())
        .sum();
    let sign = if p.objective.maximise() { -1.0 } else { 1.0 };
    result.status = out.status;
    result.objective = out.objective.map(|o| sign * o);
    result.bound = out.bound.map(|b| sign * b);
    if let Some(vals) = &out.values {
        result.open_index = (0..m).filter(|&i| vals.on(v.y[i])).collect();
        result.open = result
            .open_index
            .iter()
            .map(|&i| p.sites[i].id.clone())
            .collect();
        result.fixed_cost = result
            .open_index
            .iter()
            .map(|&i| p.sites[i].fixed_cost)
            .sum();
        if needs_x {
            for j in 0..n {
                for i in 0..m {
                    let Some(x) = &v.x[i] else { continue };
                    let f = vals.get(x[j]);
                    if f > 1e-6 {
                        result.assignment.push(Assignment {
                            customer: p.customers[j].id.clone(),
                            site: p.sites[i].id.clone(),
                            fraction: f,
                            cost: p.cost[i][j],
                        });
                    }
                }
            }
        } else {
            result.assignment = nearest_assignment(p, &result.open_index);
        }
    }
    // The preprocessing's solution stands if HiGHS found nothing better.
    if let Some(inc) = &incumbent
        && result
            .objective
            .is_none_or(|o| inc.cost < o - 1e-9 * o.abs().max(1.0))
    {
        result.objective = Some(inc.cost);
        fill_from_incumbent(&mut result, p, inc);
        if result.status == Status::Infeasible {
            result.status = Status::Feasible;
        }
    }
    // A bound for the full model: the MIP's covers the fixed model only;
    // every excluded solution costs at least `excluded_bound`.
    if pre.is_some() && result.status != Status::Infeasible {
        let mip = result.bound.unwrap_or(f64::NEG_INFINITY);
        let b = mip
            .min(excluded_bound)
            .max(pre_bound.unwrap_or(f64::NEG_INFINITY));
        result.bound = b.is_finite().then_some(b);
    }
    if let (Some(o), Some(b)) = (result.objective, result.bound) {
        let b = if p.objective.maximise() {
            b.max(o)
        } else {
            b.min(o)
        };
        result.bound = Some(b);
        result.gap = Some(relative_gap(o, b));
    }
    result.seconds = start.elapsed().as_secs_f64();
    Ok(result)
}

/// Sites open in the best few preprocessing solutions (at most this many solutions).
const MERGE_SOLUTIONS: usize = 5;
/// The merge heuristic runs only when more sites than this are left free:
/// a MIP over fewer is solved directly faster (capa: 12-17 free sites).
const MERGE_MIN_FREE: usize = 25;

/// Solves the MIP restricted to the sites open in the best few solutions of
/// the preprocessing (and not fixed closed); returns its solution if it
/// beats the incumbent. Time: at most a quarter of what is left, 60 s.
fn merge_heuristic(
    p: &LocationProblem,
    pre: &lagrange::Preprocess,
    opts: &SolveOptions,
    tuning: &Tuning,
) -> Option<Incumbent> {
    let inc = pre.incumbent.as_ref()?;
    let m = p.sites.len();
    let mut fix = pre.fix.clone();
    let mut union = vec![false; m];
    for c in pre.candidates.iter().take(MERGE_SOLUTIONS) {
        for (u, &o) in union.iter_mut().zip(&c.open) {
            *u |= o;
        }
    }
    for i in 0..m {
        union[i] |= inc.open[i];
        if !union[i] && fix[i] == Fix::Free {
            fix[i] = Fix::Closed;
        }
    }
    let free = fix.iter().filter(|f| **f == Fix::Free).count();
    let before = pre.fix.iter().filter(|f| **f == Fix::Free).count();
    if free == 0
        || free == before
        || inc
            .open
            .iter()
            .zip(&fix)
            .any(|(o, f)| *o && *f == Fix::Closed)
    {
        return None;
    }
    let budget = opts
        .deadline
        .remaining()
        .map_or(60.0, |t| (t / 4.0).min(60.0));
    if budget < 0.5 {
        return None;
    }
    let linked = vec![vec![true; p.customers.len()]; m];
    let (mut lp, v) = build(p, &linked, false, tuning, &fix);
    for (i, &o) in inc.open.iter().enumerate() {
        lp.hint(v.y[i], if o { 1.0 } else { 0.0 });
    }
    for &(i, j, f) in &inc.x {
        if let Some(x) = &v.x[i] {
            lp.hint(x[j], f);
        }
    }
    let out = lp.solve(&SolveOptions {
        deadline: opts.deadline.within(budget),
        verbose: false,
        ..opts.clone()
    });
    let vals = out.values?;
    let cost = out.objective?;
    if cost >= inc.cost - 1e-9 * inc.cost.abs().max(1.0) {
        return None;
    }
    let open: Vec<bool> = (0..m).map(|i| vals.on(v.y[i])).collect();
    let mut x = Vec::new();
    for (i, xi) in v.x.iter().enumerate() {
        if let Some(xi) = xi {
            for (j, &var) in xi.iter().enumerate() {
                let f = vals.get(var);
                if f > 1e-9 {
                    x.push((i, j, f));
                }
            }
        }
    }
    Some(Incumbent { open, x, cost })
}

fn fill_from_incumbent(r: &mut LocationResult, p: &LocationProblem, inc: &Incumbent) {
    r.open_index = (0..p.sites.len()).filter(|&i| inc.open[i]).collect();
    r.open = r
        .open_index
        .iter()
        .map(|&i| p.sites[i].id.clone())
        .collect();
    r.fixed_cost = r.open_index.iter().map(|&i| p.sites[i].fixed_cost).sum();
    let mut x = inc.x.clone();
    x.sort_by_key(|&(i, j, _)| (j, i));
    r.assignment = x
        .into_iter()
        .filter(|&(_, _, f)| f > 1e-6)
        .map(|(i, j, f)| Assignment {
            customer: p.customers[j].id.clone(),
            site: p.sites[i].id.clone(),
            fraction: f,
            cost: p.cost[i][j],
        })
        .collect();
}

/// Each customer's nearest site among `open` (by `cost`), fraction 1.
pub fn nearest_assignment(p: &LocationProblem, open: &[usize]) -> Vec<Assignment> {
    let mut out = Vec::new();
    for (j, c) in p.customers.iter().enumerate() {
        if let Some(&i) = open
            .iter()
            .min_by(|&&a, &&b| p.cost[a][j].total_cmp(&p.cost[b][j]))
        {
            out.push(Assignment {
                customer: c.id.clone(),
                site: p.sites[i].id.clone(),
                fraction: 1.0,
                cost: p.cost[i][j],
            });
        }
    }
    out
}

/// Builds the model (public for experiments and for embedding model 4 in a
/// joint model). `linked[i][j]` marks the pairs with an x_ij ≤ y_i row;
/// `relax` makes y continuous (the LP relaxation); `fix` holds sites fixed by
/// preprocessing (`Fix::Closed` sites get no x columns).
pub fn build(
    p: &LocationProblem,
    linked: &[Vec<bool>],
    relax: bool,
    tuning: &Tuning,
    fix: &[Fix],
) -> (Lp, Vars) {
    let mut lp = Lp::new();
    let (m, n) = (p.sites.len(), p.customers.len());
    let y: Vec<Variable> = (0..m)
        .map(|i| match fix.get(i).copied().unwrap_or(Fix::Free) {
            Fix::Open => lp.continuous(1.0, 1.0),
            Fix::Closed => lp.continuous(0.0, 0.0),
            Fix::Free if relax => lp.continuous(0.0, 1.0),
            Fix::Free => lp.binary(),
        })
        .collect();
    let needs_x = matches!(
        p.objective,
        Objective::FixedCharge | Objective::PMedian { .. }
    );
    let x: Vec<Option<Vec<Variable>>> = if needs_x {
        (0..m)
            .map(|i| {
                (fix.get(i) != Some(&Fix::Closed))
                    .then(|| (0..n).map(|_| lp.continuous(0.0, 1.0)).collect())
            })
            .collect()
    } else {
        Vec::new()
    };
    let z: Vec<Variable> = if matches!(p.objective, Objective::MaxCovering { .. }) {
        (0..n).map(|_| lp.continuous(0.0, 1.0)).collect()
    } else {
        Vec::new()
    };
    let v = Vars { y, x, z };

    fam::must_open_close(&mut lp, p, &v);
    match &p.objective {
        Objective::FixedCharge | Objective::PMedian { .. } => {
            fam::assign_each_customer(&mut lp, p, &v);
            fam::capacity(&mut lp, p, &v);
            // x_ij ≤ y_i is void for a site fixed open.
            let pairs: Vec<(usize, usize)> = (0..m)
                .filter(|&i| fix.get(i) != Some(&Fix::Open))
                .flat_map(|i| (0..n).map(move |j| (i, j)))
                .filter(|&(i, j)| linked[i][j])
                .collect();
            fam::open_before_assign(&mut lp, &v, pairs);
            if linked.iter().flatten().any(|l| !l) {
                fam::open_before_assign_total(&mut lp, p, &v, linked);
            }
            if tuning.total_capacity && p.capacitated() {
                fam::total_capacity(&mut lp, p, &v);
            }
            let weight = |j: usize| match p.objective {
                Objective::PMedian { .. } => p.customers[j].demand,
                _ => 1.0,
            };
            for i in 0..m {
                if let Objective::FixedCharge = p.objective {
                    lp.cost(p.sites[i].fixed_cost, v.y[i]);
                }
                if let Some(x) = &v.x[i] {
                    for (j, &xj) in x.iter().enumerate() {
                        lp.cost(weight(j) * p.cost[i][j], xj);
                    }
                }
            }
            if let Objective::PMedian { p: count } = p.objective {
                fam::site_count(&mut lp, &v, Some(count), Some(count));
            }
        }
        Objective::Covering { radius } => {
            fam::cover_radius(&mut lp, p, &v, *radius);
            let priced = p.sites.iter().any(|s| s.fixed_cost > 0.0);
            for (i, s) in p.sites.iter().enumerate() {
                lp.cost(if priced { s.fixed_cost } else { 1.0 }, v.y[i]);
            }
        }
        Objective::MaxCovering {
            radius,
            max_sites,
            budget,
        } => {
            fam::office_choice(&mut lp, p, &v, *radius, (None, *max_sites), *budget);
            for (j, c) in p.customers.iter().enumerate() {
                lp.cost(-c.demand, v.z[j]);
            }
        }
    }
    (lp, v)
}
