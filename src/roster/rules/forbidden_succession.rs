//! `forbidden_succession`: shift type `a` on day `d` forbids type `b` on day
//! `d + 1` for every pair `(a, b)` of `forbidden_next`. Nothing is checked
//! across the horizon ends.
//!
//! `Pairs`: `x[d][a] + x[d+1][b] <= 1`. `Bicliques` (default): for sets `A`,
//! `B` with every pair of `A × B` forbidden,
//! `sum_{a in A} x[d][a] + sum_{b in B} x[d+1][b] <= 1` — valid because at most
//! one shift is worked per day, and much tighter in the LP relaxation. The
//! bicliques used are, for each `a`, `B = next(a)` with
//! `A = {a' : next(a') ⊇ B}`, and symmetrically for each `b`; together they
//! cover every forbidden pair.

use std::collections::BTreeSet;

use good_lp::Expression;

use super::in_scope;
use crate::roster::RosterProblem;
use crate::roster::families::FORBIDDEN_SUCCESSION;
use crate::roster::model::{BuildOptions, RosterVars, SuccessionForm};
use crate::solve::{Lp, Sense};

/// The (A, B) sets of the rows, for the given forbidden pairs.
pub(crate) fn bicliques(nt: usize, pairs: &[(usize, usize)]) -> Vec<(Vec<usize>, Vec<usize>)> {
    let next: Vec<BTreeSet<usize>> = (0..nt)
        .map(|a| pairs.iter().filter(|p| p.0 == a).map(|p| p.1).collect())
        .collect();
    let prev: Vec<BTreeSet<usize>> = (0..nt)
        .map(|b| pairs.iter().filter(|p| p.1 == b).map(|p| p.0).collect())
        .collect();
    let mut out = BTreeSet::new();
    for a in 0..nt {
        if next[a].is_empty() {
            continue;
        }
        let bs: Vec<usize> = next[a].iter().copied().collect();
        let as_: Vec<usize> = (0..nt)
            .filter(|&a2| next[a2].is_superset(&next[a]))
            .collect();
        out.insert((as_, bs));
    }
    for b in 0..nt {
        if prev[b].is_empty() {
            continue;
        }
        let as_: Vec<usize> = prev[b].iter().copied().collect();
        let bs: Vec<usize> = (0..nt)
            .filter(|&b2| prev[b2].is_superset(&prev[b]))
            .collect();
        out.insert((as_, bs));
    }
    out.into_iter().collect()
}

pub(crate) fn forbidden_succession(
    p: &RosterProblem,
    v: &mut RosterVars,
    lp: &mut Lp,
    o: &BuildOptions,
) {
    if p.forbidden_next.is_empty() || p.days < 2 {
        return;
    }
    let mut pairs = p.forbidden_next.clone();
    pairs.sort_unstable();
    pairs.dedup();
    let sets: Vec<(Vec<usize>, Vec<usize>)> = match o.succession {
        SuccessionForm::Pairs => pairs.iter().map(|&(a, b)| (vec![a], vec![b])).collect(),
        SuccessionForm::Bicliques => bicliques(p.types(), &pairs),
    };
    let scopes: Vec<_> = in_scope(v).collect();
    for (s, lo, hi) in scopes {
        let first = lo.saturating_sub(1);
        let last = hi.min(p.days - 2);
        for d in first..=last {
            // Restricted to the types this cell can hold, rows may coincide.
            let mut seen = BTreeSet::new();
            for (a_set, b_set) in &sets {
                let a_live: Vec<usize> = a_set
                    .iter()
                    .copied()
                    .filter(|&a| live(v, s, d, a))
                    .collect();
                let b_live: Vec<usize> = b_set
                    .iter()
                    .copied()
                    .filter(|&b| live(v, s, d + 1, b))
                    .collect();
                if a_live.is_empty()
                    || b_live.is_empty()
                    || !seen.insert((a_live.clone(), b_live.clone()))
                {
                    continue;
                }
                let mut e = Expression::from(0.0);
                for &a in &a_live {
                    e += v.assigned(s, d, a);
                }
                for &b in &b_live {
                    e += v.assigned(s, d + 1, b);
                }
                lp.constrain(&FORBIDDEN_SUCCESSION, e, Sense::Le, 1.0);
            }
        }
    }
}

/// Whether type `t` can be on at (s, d): a variable, or fixed to `t`.
fn live(v: &RosterVars, s: usize, d: usize, t: usize) -> bool {
    match v.fixed(s, d) {
        Some(a) => a == Some(t),
        None => v.x(s, d, t).is_some(),
    }
}
