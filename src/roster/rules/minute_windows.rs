//! `minute_windows` (the staffing layer's rule): at most `max_minutes` paid
//! minutes within each of a staff member's windows of days.

use super::in_scope;
use crate::roster::RosterProblem;
use crate::roster::model::{BuildOptions, RosterVars};
use crate::solve::Lp;

pub(crate) fn minute_windows(
    p: &RosterProblem,
    v: &mut RosterVars,
    lp: &mut Lp,
    _o: &BuildOptions,
) {
    let g = v.grid(p);
    for (s, lo, hi) in in_scope(v) {
        for w in &p.staff[s].minute_windows {
            if w.last_day < lo || w.first_day > hi {
                continue;
            }
            crate::staffing::minute_window(
                lp,
                &g,
                s,
                (w.first_day, w.last_day),
                w.max_minutes as f64,
                None,
            );
        }
    }
}
