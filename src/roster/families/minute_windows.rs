//! `minute_windows`: at most `max_minutes` paid minutes within each window of
//! days (for example an average-hours period):
//! `sum_{d in window, t} minutes[s][t] x[s][d][t] <= max_minutes`.

use super::total_minutes::minutes;
use super::{MINUTE_WINDOWS, in_scope};
use crate::roster::RosterProblem;
use crate::roster::model::{BuildOptions, Cmp, RosterVars, add_row};
use crate::solve::Lp;

pub(crate) fn minute_windows(
    p: &RosterProblem,
    v: &mut RosterVars,
    lp: &mut Lp,
    _o: &BuildOptions,
) {
    let scopes: Vec<_> = in_scope(v).collect();
    for (s, lo, hi) in scopes {
        for w in &p.staff[s].minute_windows {
            if w.last_day < lo || w.first_day > hi {
                continue;
            }
            let e = minutes(p, v, s, w.first_day..=w.last_day);
            add_row(lp, MINUTE_WINDOWS.id, e, Cmp::Le, w.max_minutes as f64);
        }
    }
}
