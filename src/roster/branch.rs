//! Branch-and-price on the staff decomposition of `colgen`.
//!
//! The Dantzig–Wolfe bound is tight on these problems but not exact: the
//! master LP mixes schedules of one staff member. Branching on a *cell*
//! (staff s, day d, choice c, where c is a shift type or the day off)
//! splits the problem into "s takes c on d" and "s does not"; both sides
//! keep the decomposition, because the restriction is one more rule of one
//! staff member: pricing runs the same DP with the cell masked, and master
//! columns that break it get an upper bound of 0. A node whose bound
//! reaches the cutoff (the incumbent less one, when every weight is
//! integral) is pruned; a tree searched to the end proves the incumbent.
//!
//! Before cells the tree branches on *slack totals* (`ColGen::groups`):
//! the missing (or extra) staff over all cover entries of one weight, a
//! whole number in every roster. The restriction touches no schedule, so
//! pricing is unchanged; the master carries it as bounds on one column.
//!
//! Nodes are taken best bound first; after a branching the search plunges
//! into the child on the side the LP leans to (a dive that can backtrack)
//! unless that child starts far above the best open bound, and every
//! node's LP is rounded for rosters.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::time::Instant;

use super::Roster;
use super::colgen::{ColGen, LiveMaster};

/// One branching decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    /// Staff `s` on day `d` must (or must not) take `choice`, a shift type
    /// or `None` for the day off.
    Cell {
        s: usize,
        d: usize,
        choice: Option<usize>,
        must: bool,
    },
    /// The total of slack group `g` (`ColGen::groups`) is at most
    /// (`upper`) or at least `k`.
    Total { g: usize, k: u32, upper: bool },
}

/// Narrows one staff member's choices (`work[d][t]`: may work type t on day
/// d; `rest[d]`: may rest on day d) to keep a decision: on day `d` the
/// staff member must (or must not) take `choice`, a type or `None` for the
/// day off.
pub(crate) fn restrict_cell(
    work: &mut [Vec<bool>],
    rest: &mut [bool],
    d: usize,
    choice: Option<usize>,
    must: bool,
) {
    match (choice, must) {
        (None, true) => work[d].iter_mut().for_each(|w| *w = false),
        (None, false) => rest[d] = false,
        (Some(t), true) => {
            rest[d] = false;
            for (u, w) in work[d].iter_mut().enumerate() {
                *w &= u == t;
            }
        }
        (Some(t), false) => work[d][t] = false,
    }
}

/// An open node: its decisions and the bound of its parent.
#[derive(Debug, Clone)]
struct Node {
    decisions: Vec<Decision>,
    bound: f64,
    /// Creation order (ties, for determinism).
    id: usize,
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Node {}
impl PartialOrd for Node {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Node {
    /// The max-heap's top is the lowest bound, then the deepest, then the oldest.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .bound
            .total_cmp(&self.bound)
            .then(self.decisions.len().cmp(&other.decisions.len()))
            .then(other.id.cmp(&self.id))
    }
}

/// A branch-and-price tree that can be searched in slices: between them
/// the column pool is shared with the rest of the search (the tree lifts its
/// restrictions when a slice ends).
pub(crate) struct Tree {
    lm: LiveMaster,
    heap: BinaryHeap<Node>,
    /// The node to solve next (a plunge, or one cut short by a deadline).
    current: Option<Node>,
    next_id: usize,
    /// Nodes solved.
    pub nodes: usize,
    /// Branchings on slack totals (the others are on cells).
    total_branchings: usize,
    /// A node the DP could not decide was dropped: no proof any more.
    lost: bool,
    /// Last roster rounded from a node (start of the next master solves).
    base: Roster,
    /// Whether `lm` has the slack group totals (made when a node first
    /// needs them: they change the LP's vertices, and so the tree, of
    /// problems that never branch on them).
    totals: bool,
}

impl Tree {
    /// A tree whose root is the whole problem.
    pub(crate) fn new(cg: &mut ColGen<'_>, incumbent: &Roster) -> Self {
        Tree {
            lm: cg.live_master(&vec![true; cg.problem().staff.len()], incumbent),
            totals: false,
            heap: BinaryHeap::new(),
            current: Some(Node {
                decisions: Vec::new(),
                bound: f64::NEG_INFINITY,
                id: 0,
            }),
            next_id: 1,
            nodes: 0,
            total_branchings: 0,
            lost: false,
            base: incumbent.clone(),
        }
    }

    /// Whether a node could not be decided (no proof any more).
    pub(crate) fn lost(&self) -> bool {
        self.lost
    }

    /// Whether the tree has been searched to the end (with every node
    /// decided): no roster below the last cutoff exists.
    pub(crate) fn exhausted(&self) -> bool {
        self.current.is_none() && self.heap.is_empty() && !self.lost
    }

    /// A lower bound on every roster the tree has not ruled out (∞ when
    /// exhausted, −∞ once a node could not be decided).
    pub(crate) fn bound(&self) -> f64 {
        if self.lost {
            return f64::NEG_INFINITY;
        }
        self.heap
            .iter()
            .chain(self.current.iter())
            .map(|n| n.bound)
            .fold(f64::INFINITY, f64::min)
    }

    /// Opens two children: plunges into `first` unless its (parent's) bound
    /// is more than 1 % (plus one) above the best open bound. A plunge that
    /// far up spends its nodes where the tree's bound is not held: on
    /// Instance9 one branching on the missing staff total lifts one side
    /// from 405.7 to 439, and the other side, left open, held the bound
    /// at 405.7 for the rest of the run.
    /// The children are `node` with one more decision each, and carry the
    /// node's `bound`.
    fn split(&mut self, node: &Node, bound: f64, first: Decision, second: Decision) {
        let mut child = |decision: Decision| {
            let mut decisions = node.decisions.clone();
            decisions.push(decision);
            self.next_id += 1;
            Node {
                decisions,
                bound,
                id: self.next_id - 1,
            }
        };
        let (first, second) = (child(first), child(second));
        let low = self.heap.peek().map_or(f64::INFINITY, |n| n.bound);
        let reach = 0.01 * low.abs() + 1.0;
        if first.bound <= low + reach || low == f64::INFINITY {
            self.current = Some(first);
        } else {
            self.heap.push(first);
        }
        self.heap.push(second);
    }

    /// Open nodes.
    pub(crate) fn open(&self) -> usize {
        self.heap.len() + usize::from(self.current.is_some())
    }

    /// Searches until the tree is exhausted, `deadline`, or the caller says
    /// stop. `cutoff` is called with a roster to offer (or `None`) and the
    /// tree's bound, and returns the current cutoff: nodes whose bound
    /// reaches it are pruned; `-∞` stops the slice (e.g. on a proof found
    /// elsewhere).
    pub(crate) fn run(
        &mut self,
        cg: &mut ColGen<'_>,
        deadline: Instant,
        cutoff: &mut dyn FnMut(Option<Roster>, f64) -> f64,
        log: &mut dyn FnMut(String),
    ) {
        let p = cg.problem();
        let (ns, nd, nt) = (p.staff.len(), p.days, p.types());
        let mut cut = cutoff(None, self.bound());
        while let Some(node) = self.current.take().or_else(|| self.heap.pop()) {
            if Instant::now() >= deadline || cut == f64::NEG_INFINITY {
                self.current = Some(node);
                break;
            }
            if node.bound >= cut {
                continue;
            }
            // The node's restrictions.
            cg.clear_masks();
            let mut touched: Vec<usize> = Vec::new();
            let mut limited = false;
            for x in &node.decisions {
                match *x {
                    Decision::Cell { s, .. } => touched.push(s),
                    Decision::Total { g, k, upper } => {
                        cg.limit_group(g, k as f64, upper);
                        limited = true;
                    }
                }
            }
            touched.sort_unstable();
            touched.dedup();
            let mut feasible = true;
            for &s in &touched {
                let mut work = cg.allowed(s).to_vec();
                let mut rest = vec![true; nd];
                for x in &node.decisions {
                    if let Decision::Cell {
                        s: xs,
                        d,
                        choice,
                        must,
                    } = *x
                        && xs == s
                    {
                        restrict_cell(&mut work, &mut rest, d, choice, must);
                    }
                }
                cg.set_masks(s, work, rest);
                if !cg.has_compatible(s) {
                    match cg.feasible_column(s) {
                        Ok(true) => {}
                        Ok(false) => feasible = false,
                        Err(()) => {
                            self.lost = true;
                            feasible = false;
                        }
                    }
                }
                if !feasible {
                    break;
                }
            }
            if !feasible {
                continue;
            }
            let totals = self.totals || limited;
            if !self.lm.alive() || totals != self.totals {
                // A master with the group totals, or a new one after HiGHS
                // failed on the last solve and kept the model (the pool
                // keeps every column).
                self.lm = if totals {
                    cg.tree_master(&self.base)
                } else {
                    cg.live_master(&vec![true; ns], &self.base)
                };
                self.totals = totals;
            }
            cg.restrict(&mut self.lm);
            let g = cg.generate_on(
                &mut self.lm,
                &self.base,
                deadline,
                usize::MAX,
                cut,
                &mut |_| {},
            );
            let bound = g
                .as_ref()
                .and_then(|g| g.bound)
                .unwrap_or(node.bound)
                .max(node.bound);
            if bound >= cut {
                self.nodes += 1;
                continue;
            }
            let Some(g) = g.filter(|g| g.converged) else {
                // Out of time inside the node: solve it again next slice.
                self.current = Some(Node { bound, ..node });
                break;
            };
            self.nodes += 1;
            // Cell values of the LP, and whether every staff member has one column.
            let mut x = vec![0.0f64; ns * nd * (nt + 1)];
            let mut top = vec![0.0f64; ns];
            for &(j, v) in &g.lambda {
                if v <= 1e-9 {
                    continue;
                }
                let col = &cg.columns[j];
                top[col.staff] = top[col.staff].max(v);
                for (d, a) in col.sched.iter().enumerate() {
                    x[(col.staff * nd + d) * (nt + 1) + a.unwrap_or(nt)] += v;
                }
            }
            let r = cg.round(&g.lambda, &self.base);
            if top.iter().all(|&v| v >= 1.0 - 1e-6) {
                // An integral LP: the node's best roster, provided the LP
                // value is proven optimal for the node (a pricing DP that
                // hit its label cap adds nothing without proving it).
                if bound < g.value - 1e-6 * g.value.abs().max(1.0) {
                    self.lost = true;
                }
                cut = cutoff(Some(r), self.bound().min(bound));
                continue;
            }
            cut = cutoff(Some(r.clone()), self.bound().min(bound));
            if bound >= cut {
                continue;
            }
            self.base = r;
            // Branch first on the slack total with the most weight on its
            // fraction: the LP spreads a missing staff member in thirds over
            // entries no cell decision reaches, and a total binds them all.
            let mut pick: Option<(f64, usize)> = None;
            for (gi, &v) in g.totals.iter().enumerate() {
                let f = (v - v.floor()).min(v.ceil() - v);
                let score = f * cg.groups[gi].weight;
                if score >= 1.0 && pick.is_none_or(|(ps, _)| score > ps + 1e-9) {
                    pick = Some((score, gi));
                }
            }
            if let Some((_, gi)) = pick {
                let v = g.totals[gi];
                let below = v.floor() as u32;
                let lean_up = v - v.floor() >= 0.5;
                let down = Decision::Total {
                    g: gi,
                    k: below,
                    upper: true,
                };
                let up = Decision::Total {
                    g: gi,
                    k: below + 1,
                    upper: false,
                };
                let (first, second) = if lean_up { (up, down) } else { (down, up) };
                self.total_branchings += 1;
                self.split(&node, bound, first, second);
                continue;
            }
            // Then on the most fractional cell.
            let mut pick: Option<(f64, usize)> = None;
            for (i, &v) in x.iter().enumerate() {
                let f = v.min(1.0 - v);
                if f > 1e-6 && pick.is_none_or(|(pf, _)| f > pf + 1e-9) {
                    pick = Some((f, i));
                }
            }
            let Some((_, i)) = pick else {
                // Two different schedules of a staff member differ in some
                // cell, so a fractional LP has a fractional cell.
                self.lost = true;
                continue;
            };
            let c = i % (nt + 1);
            let d = (i / (nt + 1)) % nd;
            let s = i / ((nt + 1) * nd);
            let choice = (c < nt).then_some(c);
            let lean = x[i] >= 0.5;
            let cell = |must| Decision::Cell { s, d, choice, must };
            self.split(&node, bound, cell(lean), cell(!lean));
        }
        cg.clear_masks();
        log(format!(
            "branch-and-price: {} nodes ({} branchings on slack totals), {} open, bound {:.3}{}",
            self.nodes,
            self.total_branchings,
            self.open(),
            self.bound() + 0.0,
            if self.lost {
                " (a DP was too big: no proof)"
            } else {
                ""
            }
        ));
    }
}
