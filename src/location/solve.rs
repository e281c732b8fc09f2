//! Solving a [`LocationProblem`]: builds the MILP from the families in
//! [`super::families`], hands it to HiGHS through [`crate::solve::Lp`] and
//! reads back the open sites and the assignment.
//!
//! The `open_before_assign` rows (x_ij ≤ y_i) make the LP relaxation tight
//! but number sites × customers (100,000 on capa/b/c). [`Linking`] chooses
//! which of them go in: all, none (the aggregated `open_before_assign_total`
//! row per site keeps the model correct), the k cheapest sites per customer,
//! and/or rows found violated by the LP relaxation in a few cutting-plane
//! rounds before the MIP. The default was chosen by measurement (see
//! `models/location.md`).

use std::str::FromStr;
use std::time::Instant;

use good_lp::Variable;
use serde::Serialize;

use super::families::{self as fam, Vars};
use super::problem::{LocationError, LocationProblem, Objective};
use crate::solve::{HighsValue, Lp, ModelSize, SolveOptions, Status};

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
    /// Extra HiGHS options for the MIP, e.g. `("mip_heuristic_effort", Float(0.2))`.
    pub highs: Vec<(String, HighsValue)>,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            linking: Linking::default(),
            total_capacity: true,
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

    let mut lp_rounds = 0;
    if needs_x && tuning.linking.per_pair != PerPair::All {
        for _ in 0..tuning.linking.lazy_rounds {
            let remaining = remaining(opts, start);
            if remaining.is_some_and(|t| t <= 0.0) {
                break;
            }
            let (lp, v) = build(p, &linked, true, tuning);
            let lp_opts = SolveOptions {
                time_limit: remaining,
                ..opts.clone()
            };
            let out = lp.solve(&lp_opts);
            lp_rounds += 1;
            if let Some(e) = out.error {
                return Err(LocationError::Solver(e));
            }
            if out.status == Status::Infeasible {
                break; // the MIP below reports it
            }
            let Some(vals) = out.values else { break };
            let mut added = 0;
            for (i, row) in linked.iter_mut().enumerate() {
                let yi = vals.get(v.y[i]);
                for (j, l) in row.iter_mut().enumerate() {
                    if !*l && vals.get(v.x[i][j]) > yi + 1e-6 {
                        *l = true;
                        added += 1;
                    }
                }
            }
            if added == 0 || out.status != Status::Optimal {
                break;
            }
        }
    }

    let (mut lp, v) = build(p, &linked, false, tuning);
    for (k, val) in &tuning.highs {
        lp.option(k, val.clone());
    }
    let mip_opts = SolveOptions {
        time_limit: remaining(opts, start).map(|t| t.max(0.1)),
        ..opts.clone()
    };
    let out = lp.solve(&mip_opts);
    if let Some(e) = out.error {
        return Err(LocationError::Solver(e));
    }
    let link_rows = linked.iter().flatten().filter(|b| **b).count();
    let sign = if p.objective.maximise() { -1.0 } else { 1.0 };
    let mut result = LocationResult {
        objective_kind: p.objective.name(),
        status: out.status,
        objective: out.objective.map(|o| sign * o),
        bound: out.bound.map(|b| sign * b),
        gap: out.gap,
        open: Vec::new(),
        open_index: Vec::new(),
        assignment: Vec::new(),
        fixed_cost: 0.0,
        seconds: 0.0,
        size: out.size,
        lp_rounds,
        link_rows,
    };
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
                    let f = vals.get(v.x[i][j]);
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
    result.seconds = start.elapsed().as_secs_f64();
    Ok(result)
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

fn remaining(opts: &SolveOptions, start: Instant) -> Option<f64> {
    opts.time_limit.map(|t| t - start.elapsed().as_secs_f64())
}

/// Builds the model; `relax` makes y continuous (the LP relaxation).
fn build(p: &LocationProblem, linked: &[Vec<bool>], relax: bool, tuning: &Tuning) -> (Lp, Vars) {
    let mut lp = Lp::new();
    let (m, n) = (p.sites.len(), p.customers.len());
    let y: Vec<Variable> = (0..m)
        .map(|_| {
            if relax {
                lp.continuous(0.0, 1.0)
            } else {
                lp.binary()
            }
        })
        .collect();
    let needs_x = matches!(
        p.objective,
        Objective::FixedCharge | Objective::PMedian { .. }
    );
    let x: Vec<Vec<Variable>> = if needs_x {
        (0..m)
            .map(|_| (0..n).map(|_| lp.continuous(0.0, 1.0)).collect())
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
            let pairs: Vec<(usize, usize)> = (0..m)
                .flat_map(|i| (0..n).map(move |j| (i, j)))
                .filter(|&(i, j)| linked[i][j])
                .collect();
            let all_linked = pairs.len() == m * n;
            fam::open_before_assign(&mut lp, &v, pairs);
            if !all_linked {
                fam::open_before_assign_total(&mut lp, p, &v, linked);
            }
            if tuning.total_capacity && p.capacitated() {
                fam::total_capacity(&mut lp, p, &v);
            }
            if let Objective::PMedian { p: count } = p.objective {
                fam::site_count(&mut lp, &v, count, true);
                for i in 0..m {
                    for j in 0..n {
                        lp.cost(p.customers[j].demand * p.cost[i][j], v.x[i][j]);
                    }
                }
            } else {
                for (i, s) in p.sites.iter().enumerate() {
                    lp.cost(s.fixed_cost, v.y[i]);
                    for j in 0..n {
                        lp.cost(p.cost[i][j], v.x[i][j]);
                    }
                }
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
            fam::cover_radius(&mut lp, p, &v, *radius);
            if let Some(k) = max_sites {
                fam::site_count(&mut lp, &v, *k, false);
            }
            if let Some(b) = budget {
                fam::budget(&mut lp, p, &v, *b);
            }
            for (j, c) in p.customers.iter().enumerate() {
                lp.cost(-c.demand, v.z[j]);
            }
        }
    }
    (lp, v)
}
