//! Lagrangian preprocessing for the fixed-charge model (OR-Library CFLP/UFLP):
//! a lower bound, a primal solution and site fixings, before HiGHS sees the
//! MIP. This is Beasley's (1988) scheme in small:
//!
//! * Relax `assign_each_customer` with multipliers u_j. For fixed u the
//!   problem splits by site: opening site i is worth
//!   v_i = f_i + min { Σ_j (c_ij − u_j) x_ij : Σ_j d_j x_ij ≤ s_i, 0 ≤ x_ij ≤ 1 }
//!   (a continuous knapsack), and the sites are chosen by the 0/1 covering
//!   knapsack on `total_capacity` (Σ s_i y_i ≥ Σ d_j) — exact for equal
//!   capacities, otherwise a relaxation with capacities rounded up, so still
//!   a valid bound. Solving it in integers rather than as an LP is what
//!   makes the bound strong (capa-8000: 19.23 M, where the LP relaxation
//!   gives 18.83 M and the optimum is 19.24 M). L(u) = Σ_j u_j + that minimum is a lower bound for every u.
//! * Subgradient steps on u; each Lagrangian site choice is turned into a
//!   feasible solution by a greedy assignment (exact transport LP for the
//!   best few at the end).
//! * Fixing: if forcing y_i to the value it does not take in the relaxation
//!   lifts the bound above the best known solution, no better solution has
//!   it, so site i is fixed. Closed sites lose all their x_ij columns, which
//!   is what makes the MIP on capa/b/c small.
//!
//! Fixings are only claims about solutions *better than the incumbent*; the
//! incumbent itself is handed to HiGHS as a start, so the MIP's optimum over
//! the fixed model is the optimum of the full model.

use std::time::Instant;

use super::problem::{LocationProblem, Objective};
use crate::solve::{Lp, SolveOptions, Status};

/// A site's state after preprocessing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    Free,
    Open,
    Closed,
}

/// A feasible solution: open sites and served fractions (site, customer, x).
#[derive(Debug, Clone, PartialEq)]
pub struct Incumbent {
    pub open: Vec<bool>,
    pub x: Vec<(usize, usize, f64)>,
    pub cost: f64,
}

/// What preprocessing found.
#[derive(Debug, Clone)]
pub struct Preprocess {
    /// Best Lagrangian lower bound (valid for the full problem).
    pub bound: f64,
    /// The multipliers that gave `bound`.
    pub u: Vec<f64>,
    /// Best feasible solution known.
    pub incumbent: Option<Incumbent>,
    /// The best few distinct solutions found (exact assignment), cheapest first.
    pub candidates: Vec<Incumbent>,
    /// Fixings from the problem itself (must_open / must_close).
    pub user_fix: Vec<Fix>,
    /// Per site: free, or fixed open/closed.
    pub fix: Vec<Fix>,
    /// Smallest lower bound among the alternatives the fixings exclude
    /// (+∞ when nothing was fixed): every excluded solution costs at least this.
    pub excluded_bound: f64,
    pub iterations: usize,
    pub seconds: f64,
}

impl Preprocess {
    pub fn fixed_open(&self) -> usize {
        self.fix.iter().filter(|f| **f == Fix::Open).count()
    }
    pub fn fixed_closed(&self) -> usize {
        self.fix.iter().filter(|f| **f == Fix::Closed).count()
    }
}

/// True when the objective and data suit the Lagrangian scheme.
pub fn applies(p: &LocationProblem) -> bool {
    p.objective == Objective::FixedCharge && !p.customers.is_empty()
}

struct Data<'a> {
    p: &'a LocationProblem,
    m: usize,
    n: usize,
    demand: Vec<f64>,
    cap: Vec<Option<f64>>,
    total_demand: f64,
    /// All sites capacitated: the covering knapsack Σ s_i y_i ≥ D applies.
    knapsack: bool,
}

/// The sites' choice for one u: LP value of the knapsack, integer choice.
struct Choice {
    value: f64,
    open: Vec<bool>,
}

impl<'a> Data<'a> {
    fn new(p: &'a LocationProblem) -> Self {
        Data {
            p,
            m: p.sites.len(),
            n: p.customers.len(),
            demand: p.customers.iter().map(|c| c.demand).collect(),
            cap: p.sites.iter().map(|s| s.capacity).collect(),
            total_demand: p.total_demand(),
            knapsack: p.sites.iter().all(|s| s.capacity.is_some()),
        }
    }

    /// v_i and, if `xs` is given, the knapsack's x (customer, fraction).
    fn site_value(
        &self,
        i: usize,
        u: &[f64],
        buf: &mut Vec<(f64, usize, f64)>,
        xs: Option<&mut Vec<(usize, f64)>>,
    ) -> f64 {
        let c = &self.p.cost[i];
        let mut g = 0.0;
        buf.clear();
        let mut taken: Vec<(usize, f64)> = Vec::new();
        let want_x = xs.is_some();
        for j in 0..self.n {
            let r = c[j] - u[j];
            if r < 0.0 {
                if self.cap[i].is_none() || self.demand[j] <= 0.0 {
                    g += r;
                    if want_x {
                        taken.push((j, 1.0));
                    }
                } else {
                    buf.push((r / self.demand[j], j, r));
                }
            }
        }
        if let Some(s) = self.cap[i] {
            buf.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut left = s;
            for &(_, j, r) in buf.iter() {
                if left <= 0.0 {
                    break;
                }
                let f = (left / self.demand[j]).min(1.0);
                g += f * r;
                left -= f * self.demand[j];
                if want_x {
                    taken.push((j, f));
                }
            }
        }
        if let Some(xs) = xs {
            *xs = taken;
        }
        self.p.sites[i].fixed_cost + g
    }

    /// Chooses sites for values `v` under `fix`: LP bound and integer choice.
    /// `None` when the non-closed capacity cannot cover the demand.
    fn choose(&self, v: &[f64], fix: &[Fix]) -> Option<Choice> {
        let mut open = vec![false; self.m];
        let mut value = 0.0;
        let mut capacity = 0.0;
        for i in 0..self.m {
            let take = match fix[i] {
                Fix::Open => true,
                Fix::Closed => false,
                Fix::Free => v[i] < 0.0,
            };
            if take {
                open[i] = true;
                value += v[i];
                capacity += self.cap[i].unwrap_or(f64::INFINITY);
            }
        }
        if self.knapsack && capacity < self.total_demand {
            let items: Vec<(f64, f64, usize)> = (0..self.m)
                .filter(|&i| fix[i] == Fix::Free && !open[i])
                .filter_map(|i| self.cap[i].filter(|s| *s > 0.0).map(|s| (v[i], s, i)))
                .collect();
            let need = self.total_demand - capacity;
            let (bound, chosen) = cover_knapsack(&items, need)?;
            value += bound;
            let mut have = 0.0;
            for i in chosen {
                open[i] = true;
                have += self.cap[i].unwrap_or(0.0);
            }
            // The knapsack may round capacities; top up the choice so it is feasible.
            if have < need {
                let mut rest: Vec<&(f64, f64, usize)> =
                    items.iter().filter(|t| !open[t.2]).collect();
                rest.sort_by(|a, b| (a.0 / a.1).total_cmp(&(b.0 / b.1)));
                for t in rest {
                    if have >= need {
                        break;
                    }
                    open[t.2] = true;
                    have += t.1;
                }
            }
        }
        Some(Choice { value, open })
    }

    /// Greedy feasible assignment for an open set (exact when uncapacitated).
    fn greedy(&self, open: &[bool]) -> Option<Incumbent> {
        let sites: Vec<usize> = (0..self.m).filter(|&i| open[i]).collect();
        if sites.is_empty() {
            return None;
        }
        let mut cost: f64 = sites.iter().map(|&i| self.p.sites[i].fixed_cost).sum();
        let mut x = Vec::new();
        let mut left: Vec<f64> = (0..self.m)
            .map(|i| self.cap[i].unwrap_or(f64::INFINITY))
            .collect();
        let mut order: Vec<(f64, usize)> = Vec::with_capacity(self.n);
        for j in 0..self.n {
            let (mut a, mut b) = (f64::INFINITY, f64::INFINITY);
            for &i in &sites {
                let c = self.p.cost[i][j];
                if c < a {
                    b = a;
                    a = c;
                } else if c < b {
                    b = c;
                }
            }
            let regret = if b.is_finite() { b - a } else { f64::INFINITY };
            order.push((regret * self.demand[j].max(1e-9), j));
        }
        order.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut by_cost = sites.clone();
        for &(_, j) in &order {
            by_cost.sort_by(|&a, &b| self.p.cost[a][j].total_cmp(&self.p.cost[b][j]));
            let d = self.demand[j];
            let mut need = 1.0;
            for &i in &by_cost {
                if need <= 1e-12 {
                    break;
                }
                let f = if d > 0.0 {
                    (left[i] / d).min(need)
                } else {
                    need
                };
                if f <= 1e-12 {
                    continue;
                }
                left[i] -= f * d;
                need -= f;
                cost += f * self.p.cost[i][j];
                x.push((i, j, f));
            }
            if need > 1e-9 {
                return None;
            }
        }
        Some(Incumbent {
            open: open.to_vec(),
            x,
            cost,
        })
    }

    /// The best assignment for an open set: the transport LP (capacitated).
    fn transport(&self, open: &[bool], opts: &SolveOptions) -> Option<Incumbent> {
        if !self.cap.iter().any(Option::is_some) {
            return self.greedy(open);
        }
        let sites: Vec<usize> = (0..self.m).filter(|&i| open[i]).collect();
        let mut lp = Lp::new();
        let vars: Vec<Vec<_>> = sites
            .iter()
            .map(|_| (0..self.n).map(|_| lp.continuous(0.0, 1.0)).collect())
            .collect();
        for j in 0..self.n {
            let e: good_lp::Expression = vars.iter().map(|r: &Vec<_>| r[j]).sum();
            lp.eq(&super::families::TRANSPORT_ASSIGN, e, 1.0);
        }
        for (k, &i) in sites.iter().enumerate() {
            if let Some(s) = self.cap[i] {
                let mut e = good_lp::Expression::from(0.0);
                for (&d, &var) in self.demand.iter().zip(&vars[k]) {
                    e.add_mul(d, var);
                }
                lp.le(&super::families::TRANSPORT_CAPACITY, e, s);
            }
            for (&c, &var) in self.p.cost[i].iter().zip(&vars[k]) {
                lp.cost(c, var);
            }
        }
        let lp_opts = SolveOptions {
            verbose: false,
            ..opts.clone()
        };
        let out = lp.solve(&lp_opts);
        if out.status != Status::Optimal {
            return None;
        }
        let vals = out.values?;
        let mut x = Vec::new();
        let mut cost: f64 = sites.iter().map(|&i| self.p.sites[i].fixed_cost).sum();
        for (k, &i) in sites.iter().enumerate() {
            for (j, &var) in vars[k].iter().enumerate() {
                let f = vals.get(var);
                if f > 1e-9 {
                    x.push((i, j, f));
                    cost += f * self.p.cost[i][j];
                }
            }
        }
        Some(Incumbent {
            open: open.to_vec(),
            x,
            cost,
        })
    }
}

/// The covering knapsack min Σ v_k z_k s.t. Σ s_k z_k ≥ need, z binary, over
/// `items` = (v_k ≥ 0, s_k > 0, site). Returns a lower bound on its minimum —
/// exact when all sizes are equal or integral with `need` ≤ 2000; otherwise
/// the larger of its LP bound and the optimum with sizes rounded up to units
/// of need/2000 (a relaxation) — and the chosen sites of that rounded problem.
/// `None` when the items cannot cover `need`.
fn cover_knapsack(items: &[(f64, f64, usize)], need: f64) -> Option<(f64, Vec<usize>)> {
    if need <= 0.0 {
        return Some((0.0, Vec::new()));
    }
    let total: f64 = items.iter().map(|t| t.1).sum();
    if total < need * (1.0 - 1e-12) {
        return None;
    }
    let mut by_cost: Vec<usize> = (0..items.len()).collect();
    let s0 = items[0].1;
    if items.iter().all(|t| (t.1 - s0).abs() <= 1e-12 * s0) {
        // Equal sizes: the k cheapest are optimal.
        let k = ((need / s0) * (1.0 - 1e-12)).ceil() as usize;
        by_cost.sort_by(|&a, &b| items[a].0.total_cmp(&items[b].0));
        by_cost.truncate(k);
        let value = by_cost.iter().map(|&k| items[k].0).sum();
        return Some((value, by_cost.iter().map(|&k| items[k].2).collect()));
    }
    // LP bound (fractional greedy by cost per unit of capacity).
    by_cost.sort_by(|&a, &b| (items[a].0 / items[a].1).total_cmp(&(items[b].0 / items[b].1)));
    let (mut lp, mut left) = (0.0, need);
    for &k in &by_cost {
        let (v, s, _) = items[k];
        if s >= left {
            lp += v * left / s;
            break;
        }
        lp += v;
        left -= s;
    }
    // Dynamic programme on sizes rounded up to units of g: every choice
    // covering `need` also covers the rounded requirement, so its optimum is
    // a lower bound.
    const UNITS: f64 = 2000.0;
    let g = (need / UNITS).max(1.0);
    let r = ((need / g) * (1.0 - 1e-12)).ceil() as usize;
    let sizes: Vec<usize> = items
        .iter()
        .map(|t| (t.1 / g).ceil().max(1.0) as usize)
        .collect();
    let mut dp = vec![f64::INFINITY; r + 1];
    dp[0] = 0.0;
    let mut take = vec![false; items.len() * (r + 1)];
    for (k, t) in items.iter().enumerate() {
        for c in (1..=r).rev() {
            let cand = dp[c.saturating_sub(sizes[k])] + t.0;
            if cand < dp[c] {
                dp[c] = cand;
                take[k * (r + 1) + c] = true;
            }
        }
    }
    let mut chosen = Vec::new();
    let mut c = r;
    for k in (0..items.len()).rev() {
        if c == 0 {
            break;
        }
        if take[k * (r + 1) + c] {
            chosen.push(items[k].2);
            c = c.saturating_sub(sizes[k]);
        }
    }
    Some((dp[r].max(lp), chosen))
}

/// Runs subgradient optimisation, the primal heuristic and the fixings.
/// `None` when the scheme does not apply or the capacity cannot cover demand
/// (HiGHS then reports infeasibility).
pub fn preprocess(
    p: &LocationProblem,
    opts: &SolveOptions,
    max_iterations: usize,
) -> Option<Preprocess> {
    if !applies(p) {
        return None;
    }
    let start = Instant::now();
    let (m, n) = (p.sites.len(), p.customers.len());
    let d = Data::new(p);
    let fix: Vec<Fix> = p
        .sites
        .iter()
        .map(|s| {
            if s.must_close {
                Fix::Closed
            } else if s.must_open {
                Fix::Open
            } else {
                Fix::Free
            }
        })
        .collect();
    // The subgradient steps get a fifth of the time left, the upper
    // bounds' transport problems up to three tenths.
    let (steps, uppers) = (opts.deadline.share(0.2, 0.0), opts.deadline.share(0.3, 0.0));
    let time_left = |frac: f64| !if frac <= 0.2 { &steps } else { &uppers }.expired();

    // Start: u_j = cheapest cost of customer j over the sites that may open.
    let mut u: Vec<f64> = (0..n)
        .map(|j| {
            (0..m)
                .filter(|&i| fix[i] != Fix::Closed)
                .map(|i| p.cost[i][j])
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    if u.iter().any(|x| !x.is_finite()) {
        return None;
    }
    let mut best: Option<Incumbent> =
        d.greedy(&fix.iter().map(|f| *f != Fix::Closed).collect::<Vec<_>>());
    let mut candidates: Vec<Incumbent> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut best_bound = f64::NEG_INFINITY;
    let mut best_u = u.clone();
    let mut pi = 2.0;
    let mut stall = 0;
    let mut iterations = 0;
    let mut buf = Vec::new();
    let mut xs: Vec<Vec<(usize, f64)>> = vec![Vec::new(); m];
    let mut v = vec![0.0; m];
    while iterations < max_iterations && pi > 1e-5 && time_left(0.2) {
        iterations += 1;
        for i in 0..m {
            v[i] = if fix[i] == Fix::Closed {
                0.0
            } else {
                d.site_value(i, &u, &mut buf, Some(&mut xs[i]))
            };
        }
        let choice = d.choose(&v, &fix)?;
        let bound = u.iter().sum::<f64>() + choice.value;
        if bound > best_bound + 1e-9 * bound.abs().max(1.0) {
            best_bound = bound;
            best_u.clone_from(&u);
            stall = 0;
        } else {
            stall += 1;
            if stall >= 20 {
                pi /= 2.0;
                stall = 0;
            }
        }
        if seen.insert(choice.open.clone())
            && let Some(inc) = d.greedy(&choice.open)
        {
            if best.as_ref().is_none_or(|b| inc.cost < b.cost) {
                best = Some(inc.clone());
            }
            candidates.push(inc);
        }
        let ub = best.as_ref().map_or(f64::INFINITY, |b| b.cost);
        if ub - best_bound <= 1e-9 * ub.abs().max(1.0) {
            break;
        }
        let mut g = vec![1.0; n];
        for (xi, _) in xs.iter().zip(&choice.open).filter(|(_, o)| **o) {
            for &(j, f) in xi {
                g[j] -= f;
            }
        }
        let norm: f64 = g.iter().map(|x| x * x).sum();
        if norm < 1e-12 {
            break;
        }
        let target = if ub.is_finite() {
            ub
        } else {
            bound.abs() * 1.1 + 1.0
        };
        let step = pi * (target - bound).max(1e-9 * target.abs()) / norm;
        for j in 0..n {
            u[j] += step * g[j];
        }
    }
    if !best_bound.is_finite() {
        return None;
    }

    // The best greedy solutions, re-assigned exactly.
    candidates.sort_by(|a, b| a.cost.total_cmp(&b.cost));
    let mut exact: Vec<Incumbent> = Vec::new();
    for c in candidates.iter().take(TOP_EXACT) {
        if !time_left(0.3) {
            break;
        }
        if let Some(inc) = d.transport(&c.open, opts) {
            exact.push(inc);
        }
    }
    exact.sort_by(|a, b| a.cost.total_cmp(&b.cost));
    if let Some(e) = exact.first()
        && best.as_ref().is_none_or(|b| e.cost < b.cost - 1e-9)
    {
        best = Some(e.clone());
    }
    let mut pre = Preprocess {
        bound: best_bound,
        u: best_u,
        incumbent: best,
        candidates: exact,
        user_fix: fix.clone(),
        fix,
        excluded_bound: f64::INFINITY,
        iterations,
        seconds: 0.0,
    };
    pre.refix(p);
    pre.seconds = start.elapsed().as_secs_f64();
    Some(pre)
}

/// Greedy solutions re-assigned exactly by the transport LP after the subgradient phase.
const TOP_EXACT: usize = 8;

impl Preprocess {
    /// Takes `inc` as the incumbent if it is better, and fixes again.
    pub fn improve(&mut self, p: &LocationProblem, inc: Incumbent) {
        if self
            .incumbent
            .as_ref()
            .is_none_or(|b| inc.cost < b.cost - 1e-9)
        {
            self.incumbent = Some(inc);
            self.refix(p);
        }
    }

    /// Fixes sites against the incumbent at the best multipliers: a free
    /// site is fixed when the bound with it forced the other way exceeds
    /// the incumbent's cost.
    pub fn refix(&mut self, p: &LocationProblem) {
        self.fix.clone_from(&self.user_fix);
        self.excluded_bound = f64::INFINITY;
        let Some(ub) = self.incumbent.as_ref().map(|b| b.cost) else {
            return;
        };
        let d = Data::new(p);
        let mut buf = Vec::new();
        let v: Vec<f64> = (0..d.m)
            .map(|i| {
                if self.user_fix[i] == Fix::Closed {
                    0.0
                } else {
                    d.site_value(i, &self.u, &mut buf, None)
                }
            })
            .collect();
        let su: f64 = self.u.iter().sum();
        let tol = 1e-9 * ub.abs().max(1.0) + 1e-6;
        for i in 0..d.m {
            if self.user_fix[i] != Fix::Free {
                continue;
            }
            let mut trial = self.user_fix.clone();
            for (alt, keep) in [(Fix::Closed, Fix::Open), (Fix::Open, Fix::Closed)] {
                trial[i] = alt;
                let lb = d.choose(&v, &trial).map_or(f64::INFINITY, |c| su + c.value);
                if lb > ub + tol {
                    self.fix[i] = keep;
                    self.excluded_bound = self.excluded_bound.min(lb);
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cover_knapsack;

    /// Brute-force minimum of the covering knapsack.
    fn brute(items: &[(f64, f64, usize)], need: f64) -> Option<f64> {
        let mut best: Option<f64> = None;
        for mask in 0u32..(1 << items.len()) {
            let (mut v, mut s) = (0.0, 0.0);
            for (k, t) in items.iter().enumerate() {
                if mask & (1 << k) != 0 {
                    v += t.0;
                    s += t.1;
                }
            }
            if s >= need && best.is_none_or(|b| v < b) {
                best = Some(v);
            }
        }
        best
    }

    #[test]
    fn cover_knapsack_is_a_valid_bound_and_exact_when_it_can_be() {
        let mut seed = 12345u64;
        let mut rnd = |hi: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % hi
        };
        for case in 0..400 {
            let n = 1 + rnd(9) as usize;
            let big = case % 2 == 0; // sizes in the thousands: rounded DP
            let items: Vec<(f64, f64, usize)> = (0..n)
                .map(|k| {
                    let s = if big { 500 + rnd(20_000) } else { 1 + rnd(60) };
                    (rnd(1000) as f64 + 0.5, s as f64, k)
                })
                .collect();
            let total: f64 = items.iter().map(|t| t.1).sum();
            let need = (rnd(1000) as f64 / 1000.0) * total * 1.1;
            let exact = brute(&items, need);
            match cover_knapsack(&items, need) {
                None => assert!(exact.is_none(), "case {case}"),
                Some((bound, chosen)) => {
                    let opt = exact.expect("feasible");
                    assert!(
                        bound <= opt + 1e-9,
                        "case {case}: bound {bound} > optimum {opt}"
                    );
                    if !big {
                        assert!((bound - opt).abs() < 1e-9, "case {case}: {bound} vs {opt}");
                    }
                    assert!(chosen.iter().all(|&k| k < n));
                }
            }
        }
        // Equal sizes: the k cheapest.
        let items = [
            (5.0, 10.0, 0),
            (1.0, 10.0, 1),
            (3.0, 10.0, 2),
            (2.0, 10.0, 3),
        ];
        let (v, mut c) = cover_knapsack(&items, 25.0).unwrap();
        c.sort();
        assert_eq!((v, c), (6.0, vec![1, 2, 3]));
    }
}
