//! `max_shifts_per_type`: over the horizon, staff `s` works type `t` at most
//! `max_shifts[s][t]` times: `sum_d x[s][d][t] <= max_shifts[s][t]`.

use good_lp::Expression;

use super::in_scope;
use crate::roster::RosterProblem;
use crate::roster::families::MAX_SHIFTS_PER_TYPE;
use crate::roster::model::{BuildOptions, RosterVars};
use crate::solve::{Lp, Sense};

pub(crate) fn max_shifts_per_type(
    p: &RosterProblem,
    v: &mut RosterVars,
    lp: &mut Lp,
    _o: &BuildOptions,
) {
    let scopes: Vec<_> = in_scope(v).collect();
    for (s, _, _) in scopes {
        for t in 0..p.types() {
            let Some(max) = p.staff[s].max_shifts[t] else {
                continue;
            };
            // Only cells that can hold t count; skip rows that cannot bind.
            let cells: Vec<usize> = (0..p.days)
                .filter(|&d| match v.fixed(s, d) {
                    Some(a) => a == Some(t),
                    None => v.x(s, d, t).is_some(),
                })
                .collect();
            if cells.len() as u32 <= max {
                continue;
            }
            let mut e = Expression::with_capacity(cells.len());
            for d in cells {
                e += v.assigned(s, d, t);
            }
            lp.constrain(&MAX_SHIFTS_PER_TYPE, e, Sense::Le, max as f64);
        }
    }
}
