//! `one_shift_per_day`: a staff member works at most one shift per day.
//!
//! `sum_t x[s][d][t] <= 1` for every staff member and day.

use super::{ONE_SHIFT_PER_DAY, in_scope};
use crate::roster::RosterProblem;
use crate::roster::model::{BuildOptions, Cmp, RosterVars, add_row};
use crate::solve::Lp;

pub(crate) fn one_shift_per_day(
    _p: &RosterProblem,
    v: &mut RosterVars,
    lp: &mut Lp,
    _o: &BuildOptions,
) {
    let scopes: Vec<_> = in_scope(v).collect();
    for (s, lo, hi) in scopes {
        for d in lo..=hi {
            if !v.is_free(s, d) {
                continue;
            }
            let n = (0..v.types).filter(|&t| v.x(s, d, t).is_some()).count();
            if n >= 2 {
                add_row(lp, ONE_SHIFT_PER_DAY.id, v.works(s, d), Cmp::Le, 1.0);
            }
        }
    }
}
