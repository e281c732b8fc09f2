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
//! Nodes are taken best bound first; after a branching the search plunges
//! into the child on the side the LP leans to (a dive that can backtrack),
//! and every node's LP is rounded for rosters.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::time::Instant;

use super::Roster;
use super::colgen::{ColGen, LiveMaster};

/// One branching decision: staff `s` on day `d` must (or must not) take
/// `choice`, a shift type or `None` for the day off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Decision {
    s: usize,
    d: usize,
    choice: Option<usize>,
    must: bool,
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
    /// A node the DP could not decide was dropped: no proof any more.
    lost: bool,
    /// Last roster rounded from a node (start of the next master solves).
    base: Roster,
}

impl Tree {
    /// A tree whose root is the whole problem.
    pub(crate) fn new(cg: &mut ColGen<'_>, incumbent: &Roster) -> Self {
        let ns = cg.problem().staff.len();
        Tree {
            lm: cg.live_master(&vec![true; ns], incumbent),
            heap: BinaryHeap::new(),
            current: Some(Node {
                decisions: Vec::new(),
                bound: f64::NEG_INFINITY,
                id: 0,
            }),
            next_id: 1,
            nodes: 0,
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
            let mut touched: Vec<usize> = node.decisions.iter().map(|x| x.s).collect();
            touched.sort_unstable();
            touched.dedup();
            let mut feasible = true;
            for &s in &touched {
                let mut work = cg.allowed(s).to_vec();
                let mut rest = vec![true; nd];
                for x in node.decisions.iter().filter(|x| x.s == s) {
                    restrict_cell(&mut work, &mut rest, x.d, x.choice, x.must);
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
            if !self.lm.alive() {
                // HiGHS failed on the last solve and kept the model: start
                // a new master (the pool keeps every column).
                self.lm = cg.live_master(&vec![true; ns], &self.base);
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
            // Branch on the most fractional cell.
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
            let child = |must: bool, id: usize| {
                let mut decisions = node.decisions.clone();
                decisions.push(Decision { s, d, choice, must });
                Node {
                    decisions,
                    bound,
                    id,
                }
            };
            self.current = Some(child(lean, self.next_id));
            self.heap.push(child(!lean, self.next_id + 1));
            self.next_id += 2;
        }
        cg.clear_masks();
        log(format!(
            "branch-and-price: {} nodes, {} open, bound {:.3}{}",
            self.nodes,
            self.open(),
            self.bound(),
            if self.lost {
                " (a DP was too big: no proof)"
            } else {
                ""
            }
        ));
    }
}
