//! `max_consecutive` (the staffing layer's rule): no more than
//! `C = max_consecutive` working days in a row.
//!
//! With `max_run_starts` (and start variables from `min_consecutive`'s
//! `StartStop` form) also `w[s][d] <= sum_{i=d-C+1}^{d} start[s][i]`, where the
//! start on day 0 is `w[s][0]`: a working day belongs to a run that began at
//! most C-1 days earlier.

use super::in_scope;
use crate::roster::RosterProblem;
use crate::roster::families::MAX_CONSECUTIVE;
use crate::roster::model::{BuildOptions, RosterVars};
use crate::solve::{Lp, Sense};

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
        crate::staffing::max_consecutive(lp, &v.grid(p), s, c, (lo, hi), |_| None);
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
                lp.constrain(&MAX_CONSECUTIVE, e, Sense::Le, 0.0);
            }
        }
    }
}
