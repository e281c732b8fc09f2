//! `one_shift_per_day` (the staffing layer's rule): at most one shift type
//! per staff member and day, on every day of the build's scope.

use super::in_scope;
use crate::roster::RosterProblem;
use crate::roster::model::{BuildOptions, RosterVars};
use crate::solve::Lp;

pub(crate) fn one_shift_per_day(
    p: &RosterProblem,
    v: &mut RosterVars,
    lp: &mut Lp,
    _o: &BuildOptions,
) {
    let g = v.grid(p);
    for (s, lo, hi) in in_scope(v) {
        crate::staffing::one_shift_per_day(lp, &g, s, lo..=hi);
    }
}
