//! Column generation (Dantzig–Wolfe decomposition by staff member).
//!
//! Every hard rule concerns one staff member, so a roster is one feasible
//! schedule ("column") per staff member, and only the soft cover couples
//! them. The master LP picks a convex combination of columns per staff member
//! (`sum_p lambda[s][p] = 1`, dual `mu[s]`) and prices cover
//! (`sum lambda a + under - over = requirement`, dual `pi[c]`). The pricing
//! problem of staff s is its exact DP (`staff_dp`) with cell costs
//! `request cost - pi`. Whatever duals are used, the Lagrangian function
//!
//! `L(pi) = sum_s min_p (cost_p - pi . a_p) + sum_c (pi_c req_c + min(0, (wu_c - pi_c) req_c))`
//!
//! (for `pi_c >= -wo_c`) is a valid lower bound; at convergence it equals the
//! master LP value, the Dantzig–Wolfe bound, which on rostering problems is
//! far stronger than the compact LP relaxation. Under a branch-and-price
//! tree's limits on slack totals (`SlackGroup`) the slack term is taken
//! group by group at its cheapest within the limits (`cheapest_total`).
//!
//! The master can be *restricted*: only the staff marked free choose a column,
//! the others keep their schedule in a base roster (their cover moves to the
//! right-hand side). The same machinery then serves the global bound, dives
//! (fix the staff whose LP choice is nearly integral, generate again, repeat)
//! and neighbourhoods of the search (a restricted LP bound at least the
//! incumbent's value proves a neighbourhood cannot improve it).

use std::collections::HashSet;
use std::time::Instant;

use highs::{Col, ColProblem, HighsModelStatus, HighsSolutionStatus, Model, Row, Sense};

use super::staff_dp::{DpResult, StaffDp};
use super::{Roster, RosterProblem};
use crate::search::Rng;

/// One schedule of one staff member.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub staff: usize,
    pub sched: Vec<Option<usize>>,
    /// Request penalties of the schedule.
    pub cost: f64,
    /// Cover entries the schedule contributes one staff member to.
    pub covers: Vec<usize>,
}

/// Outcome of a generation run on a (restricted) master.
#[derive(Debug, Clone)]
pub(crate) struct Generated {
    /// Master LP value, including the fixed staff's cost.
    pub value: f64,
    /// Whether pricing proved the LP optimal over all columns.
    pub converged: bool,
    /// Lagrangian bound of this restricted problem (only when converged or
    /// after a complete exact pricing round).
    pub bound: Option<f64>,
    /// (pool column, LP value) for the columns of free staff.
    pub lambda: Vec<(usize, f64)>,
    /// LP value of each slack group's total.
    pub totals: Vec<f64>,
}

/// `min sum a x` over `x` in the boxes `(a, cap)` (`0 <= x <= cap`) with
/// `lo <= sum x <= hi`: the cheapest units first, the negative ones up to
/// `hi`, the others only as far as `lo` needs (∞ when `lo` cannot be met).
fn cheapest_total(items: &mut [(f64, f64)], lo: f64, hi: f64) -> f64 {
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut total, mut cost) = (0.0f64, 0.0f64);
    for &(a, cap) in items.iter() {
        let want = if a < 0.0 { hi } else { lo };
        let take = cap.min(want - total).max(0.0);
        if take > 0.0 {
            total += take;
            cost += a * take;
        }
    }
    if total < lo - 1e-9 {
        f64::INFINITY
    } else {
        cost
    }
}

/// The rows of a master (see `ColGen::master_rows`).
struct MasterRows {
    pb: ColProblem,
    conv: Vec<Option<Row>>,
    cov: Vec<Row>,
    rhs: Vec<f64>,
    constant: f64,
}

/// Column index of a master: which pool columns it holds.
struct Master {
    cols: Vec<usize>,
}

/// A master LP kept alive across generation calls (see `ColGen::live_master`).
pub(crate) struct LiveMaster {
    model: Option<Model>,
    /// Pool column and its handle in the model.
    cols: Vec<(usize, Col)>,
    conv: Vec<Option<Row>>,
    cov: Vec<Row>,
    /// Per slack group: the column of its total (`ColGen::groups`).
    totals: Vec<Col>,
    /// Model index of the first pool column (slacks, artificials and
    /// group totals before).
    pool_from: usize,
    /// Staff with a convexity row.
    in_master: Vec<bool>,
    /// Pool columns of each staff member already considered.
    in_model: Vec<usize>,
    /// Staff fixed to a column by bounds.
    fixed: Vec<Option<usize>>,
    /// Cost of the staff outside the master.
    constant: f64,
    /// Price heuristically first, exactly only when that finds nothing
    /// (dives: the heuristic alone stalls early on a much weaker LP).
    heuristic_first: bool,
    /// Wall time of all solves of this model: HiGHS measures its time
    /// limit on a clock that runs across solves of one model.
    lp_secs: f64,
    /// Wall time of the last solve.
    last_lp_secs: f64,
    /// The next solve follows bound changes (dual simplex set).
    dual_next: bool,
}

pub(crate) struct ColGen<'a> {
    p: &'a RosterProblem,
    /// The run's deadline: its stop flag interrupts the master's HiGHS
    /// solves too (their own limits come from the search's time shares).
    pub(crate) deadline: crate::solve::Deadline,
    allowed: Vec<Vec<Vec<bool>>>,
    pub(super) dps: Vec<StaffDp<'a>>,
    cover_at: Vec<Option<usize>>,
    /// Per staff: cost of working (d, t) from requests.
    req_cost: Vec<Vec<Vec<f64>>>,
    /// Per staff: penalty of the on-requests when nothing is worked.
    pub(super) on_const: Vec<f64>,
    pub columns: Vec<Column>,
    by_staff: Vec<Vec<usize>>,
    seen: HashSet<(usize, Vec<Option<usize>>)>,
    /// Best global Lagrangian lower bound found.
    pub lb: f64,
    /// Whether the global master converged.
    pub converged: bool,
    pub iterations: usize,
    /// Labels per day before a pricing DP gives up.
    pub dp_cap: usize,
    pub t_lp: f64,
    pub t_price: f64,
    /// Running average work (label extensions) of an exact pricing DP.
    exact_work: f64,
    /// Work of one exact DP at least, known before any has run (see
    /// `expect_exact_work`).
    exact_work_floor: f64,
    /// Column values of the last global master LP.
    pub last_lambda: Vec<(usize, f64)>,
    /// The global generation gives up at this instant when it has no
    /// positive bound by then (see [`Self::run`]).
    give_up: Option<Instant>,
    /// Branching restrictions (`branch`): per staff, the cells it may work
    /// and the days it may rest. Outside a branch-and-price tree they are
    /// the staff member's own `allowed` cells and every day.
    pub(super) work_mask: Vec<Vec<Vec<bool>>>,
    pub(super) rest_mask: Vec<Vec<bool>>,
    /// The cover slacks grouped by side and weight (see `SlackGroup`).
    pub groups: Vec<SlackGroup>,
    /// Branching limits on each group's total (`lo`, `hi`); outside a tree
    /// `(0, ∞)`.
    group_lim: Vec<(f64, f64)>,
    /// Cost of an artificial cover unit in a live master: it keeps the
    /// master feasible under group limits its columns cannot meet yet.
    big_m: f64,
}

/// The under (or over) slacks of the cover entries with one weight. In a
/// roster each slack is a whole number, so their total is too: the tree
/// branches on a fractional total ("at most 1 or at least 2 staff missing
/// over the horizon"), which the master keeps as bounds on one column.
#[derive(Debug, Clone)]
pub(crate) struct SlackGroup {
    pub over: bool,
    pub weight: f64,
    pub covers: Vec<usize>,
}

/// Exact pricing every round while a round of exact DPs does at most this
/// many label extensions (about 0.1-0.2 s).
const EXACT_ROUND_WORK: f64 = 4.0e6;

/// Whether a round of `staff` exact pricing DPs of `work` label extensions
/// each is cheap enough to price exactly first (`EXACT_ROUND_WORK`).
pub(crate) fn prices_exactly(work: f64, staff: usize) -> bool {
    work * staff as f64 <= EXACT_ROUND_WORK
}

/// Rounds a global column generation is given to converge: one whose
/// pace so far would not fit this many in its share gives up while it has
/// no positive bound (see `ColGen::run`). Instances 1–12 converge in 6–38
/// rounds, Instance12 (the slowest) at 0.3 s a round in a 15 s share.
const CONVERGENCE_ROUNDS: f64 = 20.0;

/// Tailing off of the global column generation: past `TAIL_ROUNDS` rounds,
/// a master LP that fell by less than `TAIL_DROP` (relative) over the last
/// `TAIL_WINDOW` rounds stops the generation, its Lagrangian bound kept.
/// Instances 1–12 converge within 38 rounds, before the rule can apply. A
/// generated 42-day, 45-staff, 6-type instance at 120 s: rounds 50–100 moved
/// the LP from 2,799.3 to 2,794.0 (0.2 %) and the bound from 2,069 to 2,160,
/// while the Lagrangian steps that follow reached 2,420 in 2.6 s; the
/// generation took its whole share (30 s) that the first search could have
/// spent on rosters.
const TAIL_ROUNDS: usize = 50;
const TAIL_WINDOW: usize = 20;
const TAIL_DROP: f64 = 0.002;

/// Whether a global generation whose master LP took `values` round by
/// round is tailing off (see [`TAIL_ROUNDS`]).
fn tails_off(values: &[f64]) -> bool {
    let n = values.len();
    if n <= TAIL_ROUNDS.max(TAIL_WINDOW) {
        return false;
    }
    let (then, now) = (values[n - 1 - TAIL_WINDOW], values[n - 1]);
    then - now < TAIL_DROP * now.abs().max(1.0)
}

/// Staff a dive step fixes out of `open`: the fraction `fix_fraction`
/// (at least one), or more when steps at `pace` seconds each (`None`:
/// not known yet) would not fix them all in the `left` seconds.
fn dive_step(open: usize, fix_fraction: f64, pace: Option<f64>, left: f64) -> usize {
    let want = ((open as f64 * fix_fraction).ceil() as usize).max(1);
    match pace {
        Some(pace) if pace > 0.0 => {
            let fit = ((left / pace).floor() as usize).max(1);
            want.max(open.div_ceil(fit))
        }
        _ => want,
    }
}

/// Weight of the stability centre in the smoothed duals.
const SMOOTHING: f64 = 0.5;

impl LiveMaster {
    /// Whether the HiGHS model is still there (a failed solve consumes it).
    pub(crate) fn alive(&self) -> bool {
        self.model.is_some()
    }
}

impl<'a> ColGen<'a> {
    pub(crate) fn new(p: &'a RosterProblem) -> Self {
        let allowed = p.allowed();
        let (ns, nd, nt) = (p.staff.len(), p.days, p.types());
        let mut cover_at = vec![None; nd * nt];
        for (c, cv) in p.cover.iter().enumerate() {
            cover_at[cv.day * nt + cv.shift] = Some(c);
        }
        let mut req_cost = vec![vec![vec![0.0; nt]; nd]; ns];
        let mut on_const = vec![0.0; ns];
        for q in &p.requests {
            if q.on {
                on_const[q.staff] += q.weight;
                req_cost[q.staff][q.day][q.shift] -= q.weight;
            } else {
                req_cost[q.staff][q.day][q.shift] += q.weight;
            }
        }
        let max_weight = p
            .cover
            .iter()
            .flat_map(|c| [c.weight_under, c.weight_over])
            .chain(p.requests.iter().map(|q| q.weight))
            .fold(0.0f64, f64::max);
        let mut groups: Vec<SlackGroup> = Vec::new();
        for (c, cv) in p.cover.iter().enumerate() {
            for (over, weight) in [(false, cv.weight_under), (true, cv.weight_over)] {
                match groups
                    .iter_mut()
                    .find(|g| g.over == over && g.weight == weight)
                {
                    Some(g) => g.covers.push(c),
                    None => groups.push(SlackGroup {
                        over,
                        weight,
                        covers: vec![c],
                    }),
                }
            }
        }
        ColGen {
            p,
            dps: (0..ns).map(|s| StaffDp::new(p, s)).collect(),
            cover_at,
            req_cost,
            on_const,
            columns: Vec::new(),
            by_staff: vec![Vec::new(); ns],
            seen: HashSet::new(),
            lb: f64::NEG_INFINITY,
            converged: false,
            iterations: 0,
            dp_cap: 200_000,
            t_lp: 0.0,
            t_price: 0.0,
            exact_work: 0.0,
            exact_work_floor: 0.0,
            last_lambda: Vec::new(),
            give_up: None,
            deadline: crate::solve::Deadline::none(),
            work_mask: allowed.clone(),
            rest_mask: vec![vec![true; nd]; ns],
            allowed,
            group_lim: vec![(0.0, f64::INFINITY); groups.len()],
            groups,
            big_m: 1e3 * (1.0 + max_weight),
        }
    }

    /// Sets a floor on the work of one exact pricing DP, e.g. the work of
    /// the heuristic DP (an exact DP extends at least as many labels):
    /// without one the first round prices exactly, which on a 364-day,
    /// 50-staff instance took all of column generation's 30 s share
    /// without finishing the round.
    pub(crate) fn expect_exact_work(&mut self, work: f64) {
        self.exact_work_floor = work;
    }

    /// Adds the schedule `sched` of staff `s` unless known. Returns whether added.
    pub(crate) fn add_column(&mut self, s: usize, sched: &[Option<usize>]) -> bool {
        if !self.seen.insert((s, sched.to_vec())) {
            return false;
        }
        let cost = self.sched_cost(s, sched);
        let covers = self.covers_of(sched).collect();
        self.by_staff[s].push(self.columns.len());
        self.columns.push(Column {
            staff: s,
            sched: sched.to_vec(),
            cost,
            covers,
        });
        true
    }

    /// The problem the columns are schedules of.
    pub(crate) fn problem(&self) -> &'a RosterProblem {
        self.p
    }

    /// Whether pool column `j` keeps the branching restrictions.
    pub(crate) fn compatible(&self, j: usize) -> bool {
        let col = &self.columns[j];
        let (work, rest) = (&self.work_mask[col.staff], &self.rest_mask[col.staff]);
        col.sched.iter().enumerate().all(|(d, a)| match *a {
            Some(t) => work[d][t],
            None => rest[d],
        })
    }

    /// The staff member's own cells, before any branching restriction.
    pub(crate) fn allowed(&self, s: usize) -> &[Vec<bool>] {
        &self.allowed[s]
    }

    /// Sets the branching restrictions of staff `s` (pricing keeps them;
    /// `restrict` bounds the columns that break them to 0 in a master).
    pub(crate) fn set_masks(&mut self, s: usize, work: Vec<Vec<bool>>, rest: Vec<bool>) {
        self.work_mask[s] = work;
        self.rest_mask[s] = rest;
    }

    /// Narrows the branching limits on the total of slack group `g` to at
    /// most (`upper`) or at least `k` (`restrict` puts them on the master).
    pub(crate) fn limit_group(&mut self, g: usize, k: f64, upper: bool) {
        let (lo, hi) = &mut self.group_lim[g];
        if upper {
            *hi = hi.min(k);
        } else {
            *lo = lo.max(k);
        }
    }

    /// Lifts every branching restriction.
    pub(crate) fn clear_masks(&mut self) {
        for s in 0..self.p.staff.len() {
            self.work_mask[s] = self.allowed[s].clone();
            self.rest_mask[s] = vec![true; self.p.days];
        }
        self.group_lim.fill((0.0, f64::INFINITY));
    }

    /// Gives staff `s` a pool column that keeps its restrictions (the
    /// cheapest at request costs). `Ok(false)`: no schedule keeps them;
    /// `Err(())`: the DP was too big to tell.
    pub(crate) fn feasible_column(&mut self, s: usize) -> Result<bool, ()> {
        let (work, rest) = (&self.work_mask[s], &self.rest_mask[s]);
        let sched = match self.dps[s].best(&self.req_cost[s], work, rest, self.dp_cap) {
            DpResult::Best(_, sched) => sched,
            DpResult::Infeasible => return Ok(false),
            DpResult::TooBig => {
                match self.dps[s].heuristic_k(&self.req_cost[s], work, rest, f64::INFINITY, 1) {
                    Ok(mut v) => v.swap_remove(0).1,
                    Err(_) => return Err(()),
                }
            }
        };
        self.add_column(s, &sched);
        Ok(true)
    }

    /// Whether staff `s` has a pool column that keeps its restrictions.
    pub(crate) fn has_compatible(&self, s: usize) -> bool {
        self.by_staff[s].iter().any(|&j| self.compatible(j))
    }

    /// Bounds every column of `lm` to 0 that breaks the current
    /// restrictions and to [0, 1] the others; the next solve is a dual
    /// simplex warm start.
    pub(crate) fn restrict(&self, lm: &mut LiveMaster) {
        self.sync(lm);
        let model = lm.model.as_mut().expect("live model");
        for &(j, handle) in &lm.cols {
            let ub = if self.compatible(j) { 1.0 } else { 0.0 };
            model.change_column_bounds(handle, 0.0..=ub);
        }
        for (&col, &(lo, hi)) in lm.totals.iter().zip(&self.group_lim) {
            model.change_column_bounds(col, lo..=hi);
        }
        model.set_option("simplex_strategy", 1);
        lm.dual_next = true;
    }

    /// Adds every schedule of a roster.
    pub(crate) fn add_roster(&mut self, r: &Roster) {
        for (s, a) in r.assign.iter().enumerate() {
            self.add_column(s, a);
        }
    }

    /// Request cost of staff `s`'s schedule `a`.
    fn sched_cost(&self, s: usize, a: &[Option<usize>]) -> f64 {
        let mut cost = self.on_const[s];
        for (d, x) in a.iter().enumerate() {
            if let Some(t) = *x {
                cost += self.req_cost[s][d][t];
            }
        }
        cost
    }

    /// The pricing DP's cell costs of staff `s` at cover duals `pi`: the
    /// request cost of working (d, t) less the dual of its cover entry.
    pub(super) fn cell_costs(&self, s: usize, pi: &[f64]) -> Vec<Vec<f64>> {
        let nt = self.p.types();
        let mut cost = self.req_cost[s].clone();
        for (d, row) in cost.iter_mut().enumerate() {
            for (t, c) in row.iter_mut().enumerate() {
                if let Some(ci) = self.cover_at[d * nt + t] {
                    *c -= pi[ci];
                }
            }
        }
        cost
    }

    /// The cover entries a schedule contributes one staff member to.
    pub(super) fn covers_of<'s>(
        &'s self,
        sched: &'s [Option<usize>],
    ) -> impl Iterator<Item = usize> + 's {
        let nt = self.p.types();
        sched
            .iter()
            .enumerate()
            .filter_map(move |(d, a)| a.and_then(|t| self.cover_at[d * nt + t]))
    }

    /// Staff per cover entry among the staff outside `free` (their schedules
    /// in `base`), and the request cost of those schedules.
    fn fixed_part(&self, free: &[bool], base: &Roster) -> (Vec<u32>, f64) {
        let mut fixed_count = vec![0u32; self.p.cover.len()];
        let mut constant = 0.0;
        for s in (0..self.p.staff.len()).filter(|&s| !free[s]) {
            constant += self.sched_cost(s, &base.assign[s]);
            for c in self.covers_of(&base.assign[s]) {
                fixed_count[c] += 1;
            }
        }
        (fixed_count, constant)
    }

    /// The rows of a master: a convexity row per free staff member, a cover
    /// row per entry (the others' cover, from `base`, on the right-hand side:
    /// returned too), with the cost of the others' schedules.
    fn master_rows(&self, free: &[bool], base: &Roster) -> MasterRows {
        let ns = self.p.staff.len();
        let (fixed_count, constant) = self.fixed_part(free, base);
        let mut pb = ColProblem::default();
        let conv: Vec<Option<Row>> = (0..ns)
            .map(|s| free[s].then(|| pb.add_row(1.0..=1.0)))
            .collect();
        let rhs: Vec<f64> = (self.p.cover.iter().zip(&fixed_count))
            .map(|(cv, &k)| cv.requirement as f64 - k as f64)
            .collect();
        let cov = rhs.iter().map(|&r| pb.add_row(r..=r)).collect();
        MasterRows {
            pb,
            conv,
            cov,
            rhs,
            constant,
        }
    }

    /// The master over the free staff's columns; the others keep `base`.
    /// Columns: the under and over slack of each cover entry, then the pool's.
    fn master(&self, free: &[bool], base: &Roster, integer: bool) -> (ColProblem, Master) {
        let ns = self.p.staff.len();
        let MasterRows {
            mut pb,
            conv,
            cov,
            rhs,
            ..
        } = self.master_rows(free, base);
        for (c, cv) in self.p.cover.iter().enumerate() {
            pb.add_column(cv.weight_under, 0.0..=rhs[c].max(0.0), [(cov[c], 1.0)]);
            pb.add_column(cv.weight_over, 0.0.., [(cov[c], -1.0)]);
        }
        let mut cols = Vec::new();
        for s in (0..ns).filter(|&s| free[s]) {
            for &j in self.by_staff[s].iter().filter(|&&j| self.compatible(j)) {
                let col = &self.columns[j];
                let factors = std::iter::once((conv[s].expect("free row"), 1.0))
                    .chain(col.covers.iter().map(|&c| (cov[c], 1.0)));
                if integer {
                    pb.add_integer_column(col.cost, 0.0..=1.0, factors);
                } else {
                    pb.add_column(col.cost, 0.0..=1.0, factors);
                }
                cols.push(j);
            }
        }
        (pb, Master { cols })
    }

    /// Prices staff `s` at duals `(mu, pi)`: adds up to `k` improving columns
    /// and returns a lower bound on `min_p (cost_p - pi . a_p)` (exact mode),
    /// or `None` (heuristic mode).
    fn price(&mut self, s: usize, mu: f64, pi: &[f64], k: usize, exact: bool) -> (f64, usize) {
        let cost = self.cell_costs(s, pi);
        let (work, rest) = (&self.work_mask[s], &self.rest_mask[s]);
        let ub = mu - self.on_const[s];
        let res = if exact {
            self.dps[s].best_k(&cost, work, rest, self.dp_cap, ub, k)
        } else {
            self.dps[s].heuristic_k(&cost, work, rest, ub, k)
        };
        let relaxed = self.on_const[s] + self.dps[s].last_bound();
        match res {
            Ok(v) => {
                let min = self.on_const[s] + v[0].0;
                let mut added = 0;
                for (_, sched) in v {
                    if self.add_column(s, &sched) {
                        added += 1;
                    }
                }
                (if exact { min } else { relaxed }, added)
            }
            // Nothing below ub: the minimum is at least mu.
            Err(DpResult::Infeasible) if exact => ((mu - 1e-9).max(relaxed), 0),
            // Heuristic miss, or too big for the DP: the relaxation bound.
            Err(_) => (relaxed, 0),
        }
    }

    /// One exact pricing round at duals `pi_sep` (for the bound and the
    /// columns), keeping only columns with negative reduced cost at the
    /// master's own duals `(mu, pi_lp)`. Returns `L(pi_sep)` when every free
    /// staff member was priced before the deadline, and the columns added.
    #[allow(clippy::too_many_arguments)]
    fn exact_round(
        &mut self,
        free: &[bool],
        base: &Roster,
        constant: f64,
        pi_sep: &[f64],
        pi_lp: &[f64],
        mu: &[f64],
        deadline: Instant,
    ) -> (Option<f64>, usize) {
        let ns = self.p.staff.len();
        let nfree = free.iter().filter(|f| **f).count();
        let mut lagr = self.lagrangian_base(free, base, constant, pi_sep);
        let mut added = 0;
        for s in (0..ns).filter(|&s| free[s]) {
            if Instant::now() >= deadline {
                return (None, added);
            }
            let cost = self.cell_costs(s, pi_sep);
            // The best known column at pi_sep: the DP only looks below it.
            let pool_min = self.by_staff[s]
                .iter()
                .filter(|&&j| self.compatible(j))
                .map(|&j| {
                    let col = &self.columns[j];
                    col.cost - col.covers.iter().map(|&c| pi_sep[c]).sum::<f64>()
                })
                .fold(f64::INFINITY, f64::min);
            let ub = pool_min - self.on_const[s];
            let (work, rest) = (&self.work_mask[s], &self.rest_mask[s]);
            let res = self.dps[s].best_k(&cost, work, rest, self.dp_cap, ub, 3);
            let min = match res {
                Ok(v) => {
                    let min = self.on_const[s] + v[0].0;
                    for (_, sched) in v {
                        // Keep it only if it improves the master at its own duals.
                        let mut rc = self.sched_cost(s, &sched) - mu[s];
                        for c in self.covers_of(&sched) {
                            rc -= pi_lp[c];
                        }
                        if rc < -1e-7 && self.add_column(s, &sched) {
                            added += 1;
                        }
                    }
                    min
                }
                Err(DpResult::Infeasible) => pool_min - 1e-9,
                Err(_) => self.on_const[s] + self.dps[s].last_bound(),
            };
            self.exact_work = 0.9 * self.exact_work + 0.1 * self.dps[s].last_work() as f64;
            lagr += min;
            if !prices_exactly(self.exact_work.max(self.exact_work_floor), nfree) {
                // Exact DPs turned out too costly (an 84-day instance: up to
                // 1.5 M extensions each, a round of 15 s): the next rounds
                // price heuristically.
                return (None, added);
            }
        }
        if Instant::now() >= deadline {
            // A DP stopped by the deadline found nothing, which proves nothing.
            return (None, added);
        }
        (Some(lagr), added)
    }

    /// The part of `L(pi)` that does not depend on the free staff's choice.
    pub(super) fn lagrangian_base(
        &self,
        free: &[bool],
        base: &Roster,
        constant: f64,
        pi: &[f64],
    ) -> f64 {
        let mut lagr: f64 = self
            .p
            .cover
            .iter()
            .enumerate()
            .map(|(c, cv)| pi[c] * cv.requirement as f64)
            .sum::<f64>()
            + constant;
        // The slacks at their cheapest at pi, group by group: an under slack
        // in [0, requirement] costs weight - pi, an over slack in [0, ∞)
        // weight + pi (so an unlimited group needs pi >= -weight).
        for (g, &(lo, hi)) in self.groups.iter().zip(&self.group_lim) {
            let mut items: Vec<(f64, f64)> = g
                .covers
                .iter()
                .map(|&c| {
                    if g.over {
                        (g.weight + pi[c], f64::INFINITY)
                    } else {
                        (g.weight - pi[c], self.p.cover[c].requirement as f64)
                    }
                })
                .collect();
            lagr += cheapest_total(&mut items, lo, hi);
        }
        for s in (0..self.p.staff.len()).filter(|&s| !free[s]) {
            for c in self.covers_of(&base.assign[s]) {
                lagr -= pi[c];
            }
        }
        lagr
    }

    /// Column generation on the whole problem until convergence, `deadline`,
    /// or a bound of at least `stop_at`; at `checkpoint` it gives up unless
    /// its Lagrangian bound is positive by then (on an 84-day, 30-staff
    /// instance at 60 s the bound was still -30,288 after its 15 s share,
    /// which the neighbourhoods then lacked). Needs a column per staff member.
    pub(crate) fn run(
        &mut self,
        base: &Roster,
        checkpoint: Instant,
        deadline: Instant,
        stop_at: f64,
        log: &mut dyn FnMut(String),
    ) {
        let free = vec![true; self.p.staff.len()];
        self.give_up = Some(checkpoint);
        let g = self.generate(&free, base, deadline, usize::MAX, stop_at, log);
        self.give_up = None;
        if let Some(g) = &g {
            self.last_lambda = g.lambda.clone();
            self.converged = g.converged;
            if let Some(b) = g.bound {
                self.lb = self.lb.max(b);
            }
        }
        log(format!(
            "colgen: {} iterations (lp {:.1}s, pricing {:.1}s), lp {:?}, lb {:.3}, {} columns{}",
            self.iterations,
            self.t_lp,
            self.t_price,
            g.as_ref().map(|g| g.value),
            self.lb,
            self.columns.len(),
            if self.converged { ", converged" } else { "" }
        ));
    }

    /// A master LP kept alive between calls: rows of the staff in it and of
    /// the cover (the others' cover on the right-hand side), the slacks, and
    /// the pool columns of its staff, added one by one so that their bounds
    /// can change (a dive fixes staff by bounds and warm-starts).
    pub(crate) fn live_master(&mut self, free: &[bool], base: &Roster) -> LiveMaster {
        self.live_master_with(free, base, false)
    }

    /// The live master of a branch-and-price tree: every staff member in
    /// it, with the artificial units and slack group totals that branching
    /// on the totals needs.
    pub(crate) fn tree_master(&mut self, base: &Roster) -> LiveMaster {
        let free = vec![true; self.p.staff.len()];
        self.live_master_with(&free, base, true)
    }

    fn live_master_with(&mut self, free: &[bool], base: &Roster, groups: bool) -> LiveMaster {
        for (s, a) in base.assign.iter().enumerate() {
            if free[s] && self.by_staff[s].is_empty() {
                self.add_column(s, a);
            }
        }
        let ns = self.p.staff.len();
        let MasterRows {
            pb,
            conv,
            cov,
            rhs,
            constant,
        } = self.master_rows(free, base);
        let mut model = pb.optimise(Sense::Minimise);
        // Per cover entry its slacks; for a tree, two artificial units at
        // cost big_m that keep the master feasible under any group limits,
        // and per slack group a column equal to its total (row
        // `sum slacks - total = 0`), whose bounds carry the limits.
        let mut slack = Vec::with_capacity(cov.len());
        for (c, cv) in self.p.cover.iter().enumerate() {
            let u = model.add_col(cv.weight_under, 0.0..=rhs[c].max(0.0), [(cov[c], 1.0)]);
            let o = model.add_col(cv.weight_over, 0.0.., [(cov[c], -1.0)]);
            slack.push((u, o));
        }
        let mut totals = Vec::new();
        for &row in cov.iter().filter(|_| groups) {
            model.add_col(self.big_m, 0.0.., [(row, 1.0)]);
            model.add_col(self.big_m, 0.0.., [(row, -1.0)]);
        }
        for (g, &(lo, hi)) in (self.groups.iter().zip(&self.group_lim)).filter(|_| groups) {
            let total = model.add_col(0.0, lo..=hi, []);
            let members = g.covers.iter().map(|&c| {
                let (u, o) = slack[c];
                (if g.over { o } else { u }, 1.0)
            });
            model.add_row(0.0..=0.0, members.chain([(total, -1.0)]));
            totals.push(total);
        }
        model.make_quiet();
        model.set_option("threads", 1);
        model.set_option("random_seed", 0);
        model.set_option("presolve", "off");
        // After adding columns the basis stays primal feasible: primal
        // simplex continues from it (measured faster than dual here).
        model.set_option("simplex_strategy", 4);
        let mut lm = LiveMaster {
            model: Some(model),
            cols: Vec::new(),
            conv,
            pool_from: if groups { 4 } else { 2 } * cov.len() + totals.len(),
            cov,
            totals,
            in_master: free.to_vec(),
            in_model: vec![0; ns],
            fixed: vec![None; ns],
            constant,
            heuristic_first: false,
            lp_secs: 0.0,
            last_lp_secs: 0.0,
            dual_next: false,
        };
        self.sync(&mut lm);
        lm
    }

    /// Adds the pool columns of the master's unfixed staff it does not have yet.
    fn sync(&self, lm: &mut LiveMaster) {
        let mut new = Vec::new();
        for s in 0..self.p.staff.len() {
            if lm.in_master[s] && lm.fixed[s].is_none() {
                new.extend_from_slice(&self.by_staff[s][lm.in_model[s]..]);
            }
            lm.in_model[s] = self.by_staff[s].len();
        }
        new.sort_unstable();
        let model = lm.model.as_mut().expect("live model");
        for j in new {
            let col = &self.columns[j];
            let factors: Vec<(Row, f64)> =
                std::iter::once((lm.conv[col.staff].expect("in master"), 1.0))
                    .chain(col.covers.iter().map(|&c| (lm.cov[c], 1.0)))
                    .collect();
            let ub = if self.compatible(j) { 1.0 } else { 0.0 };
            let handle = model.add_col(col.cost, 0.0..=ub, factors);
            lm.cols.push((j, handle));
        }
    }

    /// Fixes staff `s` of the master to pool column `j` (by bounds).
    fn fix(&self, lm: &mut LiveMaster, s: usize, j: usize) {
        let model = lm.model.as_mut().expect("live model");
        for &(k, handle) in &lm.cols {
            if self.columns[k].staff == s {
                if k == j {
                    model.change_column_bounds(handle, 1.0..=1.0);
                } else {
                    model.change_column_bounds(handle, 0.0..=0.0);
                }
            }
        }
        lm.fixed[s] = Some(j);
        // Bound changes leave the basis dual feasible: dual simplex next.
        model.set_option("simplex_strategy", 1);
        lm.dual_next = true;
    }

    /// The generation loop on the master restricted to `free` staff (the
    /// others keep `base`). Stops at convergence, `deadline`, `max_iter`
    /// master solves, or once the bound reaches `stop_at`.
    pub(crate) fn generate(
        &mut self,
        free: &[bool],
        base: &Roster,
        deadline: Instant,
        max_iter: usize,
        stop_at: f64,
        log: &mut dyn FnMut(String),
    ) -> Option<Generated> {
        let mut lm = self.live_master(free, base);
        self.generate_on(&mut lm, base, deadline, max_iter, stop_at, log)
    }

    /// The generation loop on a live master; `base` holds the schedules of
    /// the staff outside it or fixed in it.
    pub(crate) fn generate_on(
        &mut self,
        lm: &mut LiveMaster,
        base: &Roster,
        deadline: Instant,
        max_iter: usize,
        stop_at: f64,
        log: &mut dyn FnMut(String),
    ) -> Option<Generated> {
        let ns = self.p.staff.len();
        let nc = self.p.cover.len();
        let free: Vec<bool> = (0..ns)
            .map(|s| lm.in_master[s] && lm.fixed[s].is_none())
            .collect();
        let free = &free[..];
        let global = free.iter().all(|f| *f);
        // Cost of the staff not chosen here: outside the master (constant)
        // or fixed in it (their column's cost is in the LP objective).
        let fixed_cost: f64 = (0..ns)
            .filter_map(|s| lm.fixed[s].map(|j| self.columns[j].cost))
            .sum();
        let lagr_constant = lm.constant + fixed_cost;
        // Pricing DPs give up at the deadline too (an exact DP on a
        // 364-day horizon can take seconds; a fix-and-price neighbourhood
        // overran its 2 s by 1.1 s).
        for (s, dp) in self.dps.iter().enumerate() {
            dp.set_deadline(free[s].then_some(deadline));
        }
        self.sync(lm);
        // Cover entries whose over slack is unlimited (its group's total).
        let mut over_open = vec![true; nc];
        for (g, &(_, hi)) in self.groups.iter().zip(&self.group_lim) {
            if g.over && hi.is_finite() {
                g.covers.iter().for_each(|&c| over_open[c] = false);
            }
        }
        let mut out: Option<Generated> = None;
        let mut best_bound = f64::NEG_INFINITY;
        // Stability centre of the dual smoothing: duals and their bound.
        let mut center: Option<(Vec<f64>, f64)> = None;
        let mut iter = 0;
        let started = Instant::now();
        // Master LP values of the rounds (for the tailing-off rule).
        let mut values = Vec::new();
        loop {
            let left = deadline
                .saturating_duration_since(Instant::now())
                .as_secs_f64();
            if left <= 0.0 || iter >= max_iter {
                break;
            }
            // Without a positive bound yet, pricing stops at the checkpoint
            // too (one exact round took 15 s on an 84-day instance).
            // It also gives up when, at its pace so far, the rounds a
            // master needs to converge would not fit before the deadline.
            let round_deadline = match self.give_up {
                Some(t) if global && best_bound <= 0.0 => {
                    if Instant::now() >= t {
                        log(format!(
                            "colgen: no positive bound after {} iterations, given up",
                            self.iterations
                        ));
                        break;
                    }
                    let spent = started.elapsed().as_secs_f64();
                    let share = deadline.saturating_duration_since(started).as_secs_f64();
                    if iter > 0 && spent / iter as f64 * CONVERGENCE_ROUNDS > share {
                        log(format!(
                            "colgen: {iter} rounds in {spent:.1}s, too slow to converge in {share:.1}s: given up"
                        ));
                        break;
                    }
                    t.min(deadline)
                }
                _ => deadline,
            };
            iter += 1;
            let mut model = lm.model.take().expect("live model");
            if lm.dual_next && iter > 1 {
                model.set_option("simplex_strategy", 4);
                lm.dual_next = false;
            }
            model.set_option("time_limit", lm.lp_secs + left);
            let t_lp = Instant::now();
            let guard = crate::solve::InterruptGuard::install(model.as_mut_ptr(), &self.deadline);
            let solved = model.try_solve();
            drop(guard);
            let solved = match solved {
                Ok(s) => s,
                Err(_) => break,
            };
            lm.last_lp_secs = t_lp.elapsed().as_secs_f64();
            lm.lp_secs += lm.last_lp_secs;
            if solved.status() != HighsModelStatus::Optimal {
                log(format!("master LP stopped: {:?}", solved.status()));
                lm.model = Some(solved.into());
                break;
            }
            self.iterations += 1;
            self.t_lp += t_lp.elapsed().as_secs_f64();
            let t_pr = Instant::now();
            let value = solved.objective_value() + lm.constant;
            let sol = solved.get_solution();
            let duals = sol.dual_rows().to_vec();
            let colvals = sol.columns().to_vec();
            lm.model = Some(solved.into());
            let lambda: Vec<(usize, f64)> = lm
                .cols
                .iter()
                .enumerate()
                .filter(|(_, (j, _))| free[self.columns[*j].staff])
                .map(|(i, (j, _))| (*j, colvals[lm.pool_from + i]))
                .collect();
            // Row order: convexity rows of free staff, then cover rows.
            let mut mu = vec![0.0; ns];
            let mut r = 0;
            for (m, row) in mu.iter_mut().zip(&lm.conv) {
                if row.is_some() {
                    *m = duals[r];
                    r += 1;
                }
            }
            let pi: Vec<f64> = duals[r..r + nc]
                .iter()
                .zip(&self.p.cover)
                .zip(&over_open)
                .map(|((&x, cv), &open)| if open { x.max(-cv.weight_over) } else { x })
                .collect();
            // L(pi) of the restricted problem: fixed staff contribute their
            // cost minus pi over their cover; the rhs uses the full requirement.
            let base_lagr = self.lagrangian_base(free, base, lagr_constant, &pi);
            // Exact pricing when the DPs are cheap (a valid bound every
            // round); otherwise heuristic pricing first (its relaxation gives
            // a valid but weaker bound) and exact pricing only when it finds
            // nothing, to prove convergence and get the exact bound.
            let nfree = free.iter().filter(|f| **f).count();
            let exact_work = self.exact_work.max(self.exact_work_floor);
            let exact_first = !lm.heuristic_first && prices_exactly(exact_work, nfree);
            let mut added = 0;
            let mut lagr = base_lagr;
            let mut complete = true;
            let mut converged = false;
            if exact_first {
                // Wentges smoothing: price at a convex combination of the
                // best-bound duals and the LP duals; when that finds nothing
                // for the master (mispricing), price at the LP duals.
                let pi_sep: Vec<f64> = match &center {
                    Some((c, _)) => c
                        .iter()
                        .zip(&pi)
                        .map(|(a, b)| SMOOTHING * a + (1.0 - SMOOTHING) * b)
                        .collect(),
                    None => pi.clone(),
                };
                let (l, a) =
                    self.exact_round(free, base, lagr_constant, &pi_sep, &pi, &mu, round_deadline);
                added += a;
                match l {
                    Some(l) => {
                        best_bound = best_bound.max(l);
                        if center.as_ref().is_none_or(|(_, cb)| l > *cb) {
                            center = Some((pi_sep.clone(), l));
                        }
                    }
                    None => complete = false,
                }
                if added == 0 && complete && center.is_some() && pi_sep != pi {
                    let (l, a) =
                        self.exact_round(free, base, lagr_constant, &pi, &pi, &mu, round_deadline);
                    added += a;
                    match l {
                        Some(l) => {
                            best_bound = best_bound.max(l);
                            if center.as_ref().is_none_or(|(_, cb)| l > *cb) {
                                center = Some((pi.clone(), l));
                            }
                            lagr = l;
                        }
                        None => complete = false,
                    }
                } else if let Some((_, cb)) = &center {
                    lagr = *cb;
                }
                converged = added == 0 && complete;
                if converged {
                    best_bound = best_bound.max(value.min(lagr.max(best_bound)));
                }
            } else {
                for s in (0..ns).filter(|&s| free[s]) {
                    let (lb, a) = self.price(s, mu[s], &pi, 3, false);
                    lagr += lb;
                    added += a;
                    if Instant::now() >= round_deadline {
                        complete = false;
                        break;
                    }
                }
                if complete {
                    best_bound = best_bound.max(lagr);
                }
            }
            if added == 0 && complete && !exact_first {
                let mut lagr = base_lagr;
                for s in (0..ns).filter(|&s| free[s]) {
                    if Instant::now() >= round_deadline {
                        complete = false;
                        break;
                    }
                    let (min, a) = self.price(s, mu[s], &pi, 3, true);
                    self.exact_work = 0.9 * self.exact_work + 0.1 * self.dps[s].last_work() as f64;
                    lagr += min;
                    added += a;
                }
                // A DP stopped by the deadline found nothing, which proves nothing.
                complete &= Instant::now() < round_deadline;
                if complete {
                    best_bound = best_bound.max(lagr);
                    if added == 0 {
                        converged = true;
                        best_bound = best_bound.max(value.min(lagr));
                    }
                }
            }
            self.t_price += t_pr.elapsed().as_secs_f64();
            out = Some(Generated {
                value,
                converged,
                bound: best_bound.is_finite().then_some(best_bound),
                lambda,
                // Slacks come first, under and over per cover entry.
                totals: (self.groups.iter())
                    .map(|g| {
                        g.covers
                            .iter()
                            .map(|&c| colvals[2 * c + usize::from(g.over)])
                            .sum()
                    })
                    .collect(),
            });
            if converged || best_bound >= stop_at {
                break;
            }
            values.push(value);
            // `give_up` is set only for the root generation (`run`); tree
            // nodes and neighbourhoods price to convergence.
            if self.give_up.is_some() && tails_off(&values) {
                log(format!(
                    "colgen: tailing off after {} rounds (lp {:.3} -> {value:.3} in the last {TAIL_WINDOW}), stopped",
                    values.len(),
                    values[values.len() - 1 - TAIL_WINDOW],
                ));
                break;
            }
            if global && self.iterations.is_multiple_of(25) {
                log(format!(
                    "colgen {}: lp {value:.3} lb {best_bound:.3} columns {}",
                    self.iterations,
                    self.columns.len()
                ));
            }
            // Add the new columns of free staff and solve again (warm start).
            self.sync(lm);
        }
        for dp in &self.dps {
            dp.set_deadline(None);
        }
        out
    }

    /// The restricted master MIP over the known columns of the free staff
    /// (others keep `base`), started from `base`. Returns the best roster
    /// found within `time` seconds.
    pub(crate) fn rmip(
        &self,
        free: &[bool],
        base: &Roster,
        time: f64,
        seed: i32,
    ) -> Option<Roster> {
        let nc = self.p.cover.len();
        let (pb, ms) = self.master(free, base, true);
        let mut model = pb.optimise(Sense::Minimise);
        model.make_quiet();
        model.set_option("threads", 1);
        model.set_option("random_seed", seed);
        model.set_option("mip_rel_gap", 0.0);
        model.set_option("time_limit", time.max(0.01));
        // Start: the base schedules (when they are columns).
        let mut x = vec![0.0; 2 * nc + ms.cols.len()];
        let mut count = vec![0u32; nc];
        for sched in &base.assign {
            for c in self.covers_of(sched) {
                count[c] += 1;
            }
        }
        for (i, &j) in ms.cols.iter().enumerate() {
            let col = &self.columns[j];
            if base.assign[col.staff] == col.sched {
                x[2 * nc + i] = 1.0;
            }
        }
        for (c, cv) in self.p.cover.iter().enumerate() {
            let req = cv.requirement as f64;
            let k = count[c] as f64;
            x[2 * c] = (req - k).max(0.0);
            x[2 * c + 1] = (k - req).max(0.0);
        }
        model.set_solution(Some(&x), None, None, None);
        let guard = crate::solve::InterruptGuard::install(model.as_mut_ptr(), &self.deadline);
        let solved = model.try_solve();
        drop(guard);
        let solved = solved.ok()?;
        if solved.primal_solution_status() != HighsSolutionStatus::Feasible {
            return None;
        }
        let sol = solved.get_solution();
        let vals = sol.columns();
        let mut r = base.clone();
        let mut taken = vec![false; self.p.staff.len()];
        for (i, &j) in ms.cols.iter().enumerate() {
            let col = &self.columns[j];
            if vals[2 * nc + i] > 0.5 && !taken[col.staff] {
                taken[col.staff] = true;
                r.assign[col.staff] = col.sched.clone();
            }
        }
        (0..self.p.staff.len())
            .all(|s| !free[s] || taken[s])
            .then_some(r)
    }

    /// Sequential rounding of master LP values `lambda`: the staff members
    /// with a positive value, most integral first, each take the one of
    /// their columns in `lambda` that is cheapest given the cover of those
    /// before them; everybody else keeps `base`.
    pub(crate) fn round(&self, lambda: &[(usize, f64)], base: &Roster) -> Roster {
        let ns = self.p.staff.len();
        let mut cands: Vec<Vec<usize>> = vec![Vec::new(); ns];
        let mut top = vec![0.0f64; ns];
        for &(j, v) in lambda {
            if v > 1e-6 {
                let s = self.columns[j].staff;
                cands[s].push(j);
                top[s] = top[s].max(v);
            }
        }
        let mut count = vec![0u32; self.p.cover.len()];
        for s in (0..ns).filter(|&s| cands[s].is_empty()) {
            for c in self.covers_of(&base.assign[s]) {
                count[c] += 1;
            }
        }
        let mut order: Vec<usize> = (0..ns).filter(|&s| !cands[s].is_empty()).collect();
        order.sort_by(|&a, &b| top[b].total_cmp(&top[a]).then(a.cmp(&b)));
        let mut r = base.clone();
        for s in order {
            let mut best: Option<(f64, usize)> = None;
            for &j in &cands[s] {
                let col = &self.columns[j];
                let mut v = col.cost;
                for &c in &col.covers {
                    let cv = &self.p.cover[c];
                    v += if count[c] < cv.requirement {
                        -cv.weight_under
                    } else {
                        cv.weight_over
                    };
                }
                if best.is_none_or(|(bv, _)| v < bv - 1e-9) {
                    best = Some((v, j));
                }
            }
            let (_, j) = best.expect("a candidate");
            for &c in &self.columns[j].covers {
                count[c] += 1;
            }
            r.assign[s] = self.columns[j].sched.clone();
        }
        r
    }

    /// A dive on the free staff: repeatedly fix the staff whose LP choice is
    /// (nearly) integral, and at least `fix_fraction` of the free ones (those
    /// closest to integral, up to `noise` added at random), then generate again on the
    /// same master (warm start), until every free staff member has a column.
    /// Gives up when the LP value reaches `cutoff` or at the deadline.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn dive(
        &mut self,
        free: &[bool],
        base: &Roster,
        deadline: Instant,
        cutoff: f64,
        iters_per_step: usize,
        fix_fraction: f64,
        noise: f64,
        rng: &mut Rng,
        log: &mut dyn FnMut(String),
    ) -> Option<Roster> {
        let ns = self.p.staff.len();
        let mut lm = self.live_master(free, base);
        lm.heuristic_first = true;
        let mut cur = base.clone();
        let mut steps = 0;
        // Values of the open staff's columns in the last master LP.
        let mut last: Vec<(usize, f64)> = Vec::new();
        // End of the first step: the later ones set the pace.
        let mut since_first = Instant::now();
        loop {
            let open: Vec<usize> = (0..ns)
                .filter(|&s| lm.in_master[s] && lm.fixed[s].is_none())
                .collect();
            if open.is_empty() {
                break;
            }
            let now = Instant::now();
            if now >= deadline {
                // Out of time: the fixed staff with the others as in `base`
                // is still a roster (every schedule keeps its own rules).
                log(format!("dive: out of time after {steps} steps"));
                return Some(self.round(&last, &cur));
            }
            // Share the time left over the steps still expected. Once the
            // steps after the first (which solves the master from scratch)
            // say that at this pace they would not all fit, each fixes
            // more staff, so that the dive ends with every staff member
            // fixed rather than rounding a half-fixed LP (Instance12 at
            // 60 s: 16 of about 20 steps in 9 s, then out of time, and
            // the rounding no better than the incumbent).
            let pace =
                (steps >= 2).then(|| since_first.elapsed().as_secs_f64() / (steps - 1) as f64);
            let left = deadline.saturating_duration_since(now).as_secs_f64();
            let want = dive_step(open.len(), fix_fraction, pace, left);
            let steps_left = open.len().div_ceil(want).max(1) as u32;
            // (The first master LP is solved from scratch: the whole time.)
            // Every step gets at least a few master solves' time.
            let step_deadline = if steps == 0 {
                deadline
            } else {
                let share = deadline.saturating_duration_since(now) / steps_left;
                let least = std::time::Duration::from_secs_f64(3.0 * lm.last_lp_secs);
                (now + share.max(least)).min(deadline)
            };
            let Some(g) = self
                .generate_on(
                    &mut lm,
                    &cur,
                    step_deadline,
                    iters_per_step,
                    f64::INFINITY,
                    log,
                )
                .or_else(|| {
                    // The step's share was too short for one master solve:
                    // finish that solve on the dive's time.
                    (Instant::now() < deadline)
                        .then(|| self.generate_on(&mut lm, &cur, deadline, 1, f64::INFINITY, log))
                        .flatten()
                })
            else {
                log(format!("dive: master LP out of time after {steps} steps"));
                return (steps > 0).then(|| self.round(&last, &cur));
            };
            last.clone_from(&g.lambda);
            steps += 1;
            if steps == 1 {
                since_first = Instant::now();
            }
            if g.value >= cutoff || g.bound.is_some_and(|b| b >= cutoff) {
                return None;
            }
            // Best column per open staff member by LP value.
            let mut best: Vec<Option<(usize, f64)>> = vec![None; ns];
            for &(j, v) in &g.lambda {
                let s = self.columns[j].staff;
                if best[s].is_none_or(|(_, bv)| v > bv + 1e-9) {
                    best[s] = Some((j, v));
                }
            }
            let mut order: Vec<(f64, usize)> = open
                .iter()
                .filter(|&&s| best[s].is_some())
                .map(|&s| (best[s].expect("some").1 + noise * rng.unit(), s))
                .collect();
            if order.is_empty() {
                return None;
            }
            order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let fix: Vec<usize> = order
                .iter()
                .enumerate()
                .take_while(|(i, (v, _))| *i < want || *v >= 0.999)
                .map(|(_, x)| x.1)
                .collect();
            for s in fix {
                let (j, _) = best[s]?;
                cur.assign[s] = self.columns[j].sched.clone();
                self.fix(&mut lm, s, j);
            }
        }
        log(format!("dive: {steps} steps"));
        Some(cur)
    }
}

#[cfg(test)]
mod tests {
    use super::{TAIL_ROUNDS, TAIL_WINDOW, cheapest_total, dive_step, tails_off};
    use crate::search::Rng;

    /// The tailing-off rule: never within the first `TAIL_ROUNDS` rounds,
    /// however flat; past them when the LP fell by under 0.2 % in the last
    /// `TAIL_WINDOW` rounds, and not while it still falls faster (fails if
    /// the window or the threshold is off by one step).
    #[test]
    fn generation_tails_off_only_when_long_and_flat() {
        let flat = vec![1000.0; TAIL_ROUNDS];
        assert!(!tails_off(&flat));
        let mut long_flat = flat.clone();
        long_flat.push(1000.0);
        assert!(tails_off(&long_flat));
        // TAIL_ROUNDS + 1 values, flat until the window and then falling
        // by `drop` in all to 1,000.
        let falling_in_window = |drop: f64| -> Vec<f64> {
            let step = drop / TAIL_WINDOW as f64;
            let window_start = (TAIL_ROUNDS - TAIL_WINDOW) as f64;
            (0..=TAIL_ROUNDS)
                .map(|i| 1000.0 + drop - step * (i as f64 - window_start).max(0.0))
                .collect()
        };
        // 0.25 % over the window at 1,000: still falling, goes on.
        assert!(!tails_off(&falling_in_window(2.5)));
        // 0.15 %: tailing off.
        assert!(tails_off(&falling_in_window(1.5)));
    }

    /// A dive step fixes its fraction of the open staff while the steps
    /// fit in the time left, and more when they would not.
    #[test]
    fn dive_steps_grow_when_time_runs_short() {
        // 45 open, 5 %: 3 a step, 15 steps.
        assert_eq!(dive_step(45, 0.05, None, 1.0), 3);
        assert_eq!(dive_step(45, 0.05, Some(0.1), 10.0), 3);
        // 15 steps of 0.5 s do not fit in 5 s: 10 steps of 5.
        assert_eq!(dive_step(45, 0.05, Some(0.5), 5.0), 5);
        // Not even one more step's time: the rest in one.
        assert_eq!(dive_step(45, 0.05, Some(2.0), 1.0), 45);
        assert_eq!(dive_step(1, 0.05, Some(2.0), 0.0), 1);
    }

    /// `cheapest_total` against enumeration of whole amounts (a box and one
    /// range on the sum: the optimum of the LP is at whole numbers).
    #[test]
    fn cheapest_total_matches_enumeration() {
        let mut rng = Rng::new(7);
        for case in 0..300 {
            let n = 1 + rng.below(4);
            let items: Vec<(f64, f64)> = (0..n)
                .map(|_| (rng.below(9) as f64 - 4.0, rng.below(4) as f64))
                .collect();
            let lo = rng.below(6) as f64;
            let hi = if rng.below(3) == 0 {
                f64::INFINITY
            } else {
                lo + rng.below(4) as f64
            };
            let mut best = f64::INFINITY;
            let mut x = vec![0usize; n];
            loop {
                let total: f64 = x.iter().map(|&v| v as f64).sum();
                if total >= lo && total <= hi {
                    let cost: f64 = x.iter().zip(&items).map(|(&v, it)| v as f64 * it.0).sum();
                    best = best.min(cost);
                }
                // Next point of the grid 0..=cap per item.
                let mut i = 0;
                while i < n && x[i] as f64 >= items[i].1 {
                    x[i] = 0;
                    i += 1;
                }
                if i == n {
                    break;
                }
                x[i] += 1;
            }
            let mut sorted = items.clone();
            let got = cheapest_total(&mut sorted, lo, hi);
            assert_eq!(got, best, "case {case}: {items:?} in [{lo}, {hi}]");
        }
        // An unbounded item at a negative cost and no upper limit.
        assert_eq!(
            cheapest_total(&mut [(-1.0, f64::INFINITY)], 0.0, f64::INFINITY),
            f64::NEG_INFINITY
        );
    }
}
