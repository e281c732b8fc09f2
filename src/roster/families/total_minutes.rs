//! `total_minutes`: the paid minutes of all shifts of staff `s` lie within
//! `[min_total_minutes, max_total_minutes]`:
//! `min <= sum_{d,t} minutes[s][t] x[s][d][t] <= max`.

use good_lp::Expression;

use super::{TOTAL_MINUTES, in_scope};
use crate::roster::RosterProblem;
use crate::roster::model::{BuildOptions, Cmp, RosterVars, add_row};
use crate::solve::Lp;

/// Paid minutes of staff `s` on the days `days`, as an expression.
pub(crate) fn minutes(
    p: &RosterProblem,
    v: &RosterVars,
    s: usize,
    days: impl Iterator<Item = usize>,
) -> Expression {
    let mut e = Expression::from(0.0);
    for d in days {
        for t in 0..p.types() {
            let m = p.staff[s].minutes[t] as f64;
            if m != 0.0 {
                e.add_mul(m, v.assigned(s, d, t));
            }
        }
    }
    e
}

pub(crate) fn total_minutes(p: &RosterProblem, v: &mut RosterVars, lp: &mut Lp, _o: &BuildOptions) {
    let scopes: Vec<_> = in_scope(v).collect();
    for (s, _, _) in scopes {
        let st = &p.staff[s];
        if st.min_total_minutes.is_none() && st.max_total_minutes.is_none() {
            continue;
        }
        let e = minutes(p, v, s, 0..p.days);
        if let Some(max) = st.max_total_minutes {
            add_row(lp, TOTAL_MINUTES.id, e.clone(), Cmp::Le, max as f64);
        }
        if let Some(min) = st.min_total_minutes.filter(|&m| m > 0) {
            add_row(lp, TOTAL_MINUTES.id, e, Cmp::Ge, min as f64);
        }
    }
}
