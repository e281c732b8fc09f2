//! `unavailable` (the staffing layer's rule): no shift on an unavailable
//! day, no shift of an unavailable type on its day. By default these cells
//! simply get no variable; with `BuildOptions::explain` they get rows
//! `w[s][d] = 0` (the shared rule) and `x[s][d][t] = 0`, so an elastic
//! re-solve can name the rule.

use super::in_scope;
use crate::roster::RosterProblem;
use crate::roster::families::UNAVAILABLE;
use crate::roster::model::{BuildOptions, RosterVars};
use crate::solve::{Lp, Sense};

pub(crate) fn unavailable(p: &RosterProblem, v: &mut RosterVars, lp: &mut Lp, o: &BuildOptions) {
    if !o.explain {
        return;
    }
    let scopes: Vec<_> = in_scope(v).collect();
    for (s, lo, hi) in scopes {
        let inside = |d: usize| d >= lo && d <= hi && v.is_free(s, d);
        let days: Vec<(usize, String)> = p.staff[s]
            .unavailable
            .iter()
            .filter(|&&(d, t)| t.is_none() && inside(d))
            .map(|&(d, _)| (d, format!("staff {} on day {d}", p.staff[s].id)))
            .collect();
        crate::staffing::unavailable(lp, &v.grid(p), s, days);
        for &(d, t) in &p.staff[s].unavailable {
            if let Some(t) = t
                && inside(d)
            {
                lp.constrain(&UNAVAILABLE, v.assigned(s, d, t), Sense::Eq, 0.0);
            }
        }
    }
}
