//! `total_minutes` (the staffing layer's rule): a staff member's paid
//! minutes lie within `[MinTotalMinutes, MaxTotalMinutes]`.

use super::in_scope;
use crate::roster::RosterProblem;
use crate::roster::model::{BuildOptions, RosterVars};
use crate::solve::Lp;
use crate::staffing::Grid;

pub(crate) fn total_minutes(p: &RosterProblem, v: &mut RosterVars, lp: &mut Lp, _o: &BuildOptions) {
    let g = v.grid(p);
    for (s, _, _) in in_scope(v) {
        let st = &p.staff[s];
        if st.min_total_minutes.is_none() && st.max_total_minutes.is_none() {
            continue;
        }
        let total: good_lp::Expression = (0..p.days).map(|d| g.paid(s, d)).sum();
        crate::staffing::total_minutes(
            lp,
            total,
            st.min_total_minutes.map(f64::from),
            st.max_total_minutes.map(f64::from),
            None,
        );
    }
}
