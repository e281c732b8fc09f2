//! `unavailable`: no shift on an unavailable day, no shift of an unavailable
//! type on its day. By default these cells simply get no variable; with
//! `BuildOptions::explain` they get rows `w[s][d] = 0` / `x[s][d][t] = 0`, so an
//! elastic re-solve can name the rule.

use super::{UNAVAILABLE, in_scope};
use crate::roster::RosterProblem;
use crate::roster::model::{BuildOptions, Cmp, RosterVars, add_row};
use crate::solve::Lp;

pub(crate) fn unavailable(p: &RosterProblem, v: &mut RosterVars, lp: &mut Lp, o: &BuildOptions) {
    if !o.explain {
        return;
    }
    let scopes: Vec<_> = in_scope(v).collect();
    for (s, lo, hi) in scopes {
        for &(d, t) in &p.staff[s].unavailable {
            if d < lo || d > hi || !v.is_free(s, d) {
                continue;
            }
            let e = match t {
                None => v.works(s, d),
                Some(t) => v.assigned(s, d, t),
            };
            add_row(lp, UNAVAILABLE.id, e, Cmp::Eq, 0.0);
        }
    }
}
