//! Branch-and-price in slices, alternating with the neighbourhoods.

use super::super::Roster;
use super::super::branch::Tree;
use super::*;

impl<'a> Search<'a> {
    /// The rest of the search: slices of branch-and-price (when the global
    /// master converged, so the tree starts from the Dantzig–Wolfe bound)
    /// alternate with slices of neighbourhood search. The tree keeps its
    /// equal share while it pays: it improved the incumbent in its last
    /// slice, or (judged once it has had three slices) the rate at which its
    /// bound rose since its first slice would close the gap in the time
    /// left. Otherwise the neighbourhood search gets the rest of the time.
    /// (Rates are taken from the first slice's end: on Instance9 one
    /// branching lifts the bound from 405.7 to the optimum 439 in the first
    /// slice, and a rate from the root kept a tree that could add no more.)
    pub(super) fn alternate(&mut self, until: f64) {
        let mut tree_on = self.tree_worthwhile();
        let (mut t_tree, mut t_hoods) = (0.0, 0.0);
        let slice = (self.limit * TREE_SLICE).max(0.5);
        // Time in the tree and its bound at the end of its first slice.
        let mut first: Option<(f64, f64)> = None;
        // (A neighbourhood needs `MIN_SUB_TIME`: without it the loop would
        // spin, logging empty neighbourhood searches, until the clock
        // reaches `until`.)
        while !self.done() && self.elapsed() < until - MIN_SUB_TIME {
            let t0 = self.elapsed();
            let end = (t0 + slice).min(until);
            if tree_on && t_tree <= t_hoods {
                let (bound, improved) = self.branch_and_price(end);
                t_tree += self.elapsed() - t0;
                if self.tree.as_ref().is_some_and(|t| t.exhausted()) {
                    break;
                }
                if self
                    .tree
                    .as_ref()
                    .is_some_and(|t| t.lost() || t.open() == 0)
                {
                    // Nothing left that the tree can prove.
                    tree_on = false;
                    continue;
                }
                let &mut (t_first, b_first) = first.get_or_insert((t_tree, bound));
                let rate = (bound - b_first) / (t_tree - t_first).max(1e-3);
                let gap = self.stop_at() - bound;
                // Judged after three slices (its bound rises in steps).
                let pays = improved
                    || t_tree < 3.0 * slice
                    || (rate > 0.0 && gap / rate <= self.remaining());
                if !pays {
                    tree_on = false;
                    self.note(
                        "branch-and-price: set aside (its bound would not close the gap in time)"
                            .into(),
                    );
                    // The gap the tree cannot close may be one HiGHS closes
                    // on a small compact model (a random 5-staff, 14-day
                    // case: the tree held 0.33 against 2 over 271 nodes, the
                    // compact MIP proves it in 1.3 s).
                    if self.small_model() {
                        self.full_mip();
                    }
                }
            } else if tree_on {
                self.lns(end);
                t_hoods += self.elapsed() - t0;
            } else {
                self.lns(until);
            }
        }
    }

    /// Whether the compact model is small enough for the full MIP
    /// (`FULL_MIP_MAX`).
    pub(super) fn small_model(&self) -> bool {
        self.binaries() <= FULL_MIP_MAX
    }

    /// Binaries of the whole compact model (one per allowed cell).
    pub(super) fn binaries(&self) -> usize {
        self.width.iter().flatten().sum()
    }

    /// Whether to build a branch-and-price tree: asked for, this is the
    /// first search of a portfolio, and the root is solved: the global
    /// master converged within `TREE_ROOT_SHARE` of the time limit (every
    /// node re-converges a master like it, and a tree needs many nodes: at
    /// 60 s this leaves out Instance12, whose root takes 7 s).
    pub(super) fn tree_worthwhile(&self) -> bool {
        self.opts.branch && self.opts.search == 0 && self.root_solved()
    }

    /// The global master converged within `TREE_ROOT_SHARE` of the time limit.
    pub(super) fn root_solved(&self) -> bool {
        self.cg.as_ref().is_some_and(|cg| cg.converged)
            && self.root_secs <= TREE_ROOT_SHARE * self.limit
    }

    /// One slice of branch-and-price (`branch::Tree`) until `until`;
    /// returns the tree's bound and whether the tree itself improved the
    /// incumbent (not counting rosters adopted from other searches). A tree
    /// searched to the end proves the incumbent.
    pub(super) fn branch_and_price(&mut self, until: f64) -> (f64, bool) {
        let Some(mut cg) = self.cg.take() else {
            return (f64::NEG_INFINITY, false);
        };
        let mut improved = false;
        let deadline = self.start + std::time::Duration::from_secs_f64(until.min(self.limit));
        let mut tree = match self.tree.take() {
            Some(t) => t,
            None => Tree::new(&mut cg, self.best.as_ref().expect("incumbent")),
        };
        let mut lines = Vec::new();
        {
            let mut cutoff = |r: Option<Roster>, bound: f64| -> f64 {
                if let Some(r) = r {
                    improved |= self.offer(r, "branch-and-price");
                }
                if bound.is_finite() {
                    let b = bound.min(self.best_obj);
                    self.raise_bound(b);
                }
                self.sync();
                if self.done() {
                    f64::NEG_INFINITY
                } else {
                    self.stop_at()
                }
            };
            tree.run(&mut cg, deadline, &mut cutoff, &mut |l| lines.push(l));
        }
        for l in lines {
            self.note(l);
        }
        if tree.exhausted() {
            self.bound = Some(self.best_obj);
        } else if tree.bound().is_finite() {
            let b = tree.bound().min(self.best_obj);
            self.raise_bound(b);
        }
        let bound = tree.bound();
        self.cg = Some(cg);
        self.tree = Some(tree);
        (bound, improved)
    }
}
