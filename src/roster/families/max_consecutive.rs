//! `max_consecutive`: no more than `C = max_consecutive` working days in a
//! row. Days outside the horizon are days off, so only windows inside it
//! matter: `sum_{i=d}^{d+C} w[s][i] <= C` for every window of C+1 days.
//!
//! With `max_run_starts` (and start variables from `min_consecutive`'s
//! `StartStop` form) also `w[s][d] <= sum_{i=d-C+1}^{d} start[s][i]`, where the
//! start on day 0 is `w[s][0]`: a working day belongs to a run that began at
//! most C-1 days earlier.

use good_lp::Expression;

use super::{MAX_CONSECUTIVE, in_scope};
use crate::roster::RosterProblem;
use crate::roster::model::{BuildOptions, Cmp, RosterVars, add_row};
use crate::solve::Lp;

pub(crate) fn max_consecutive(
    p: &RosterProblem,
    v: &mut RosterVars,
    lp: &mut Lp,
    o: &BuildOptions,
) {
    let scopes: Vec<_> = in_scope(v).collect();
    for (s, lo, hi) in scopes {
        let Some(c) = p.staff[s].max_consecutive else {
            continue;
        };
        let c = c as usize;
        if c >= p.days {
            continue;
        }
        // Windows [d, d + c] that contain a free day.
        let first = lo.saturating_sub(c);
        for d in first..=hi.min(p.days - 1 - c) {
            let mut e = Expression::from(0.0);
            for i in d..=d + c {
                e += v.works(s, i);
            }
            add_row(lp, MAX_CONSECUTIVE.id, e, Cmp::Le, c as f64);
        }
        if o.max_run_starts && c >= 1 {
            for d in lo..=hi {
                let mut e = v.works(s, d);
                for i in d.saturating_sub(c - 1)..=d {
                    if i == 0 {
                        e -= v.works(s, 0);
                    } else {
                        let st = v.start(lp, s, i);
                        e -= st;
                    }
                }
                add_row(lp, MAX_CONSECUTIVE.id, e, Cmp::Le, 0.0);
            }
        }
    }
}
