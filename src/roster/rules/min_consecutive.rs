//! `min_consecutive`: every maximal run of working days lasts at least
//! `m = min_consecutive` days, except a run touching the first or last day of
//! the horizon (it continues into the neighbouring periods). With
//! `w[d] = sum_t x[s][d][t]`:
//!
//! * `StartStop` (default): `start[d] >= w[d] - w[d-1]` (d >= 1, continuous
//!   in [0, 1]) and `sum_{i=max(1,d-m+1)}^{d} start[i] <= w[d]` for d >= 1: a run
//!   that began within the last m-1 days is still on. Runs starting on day 0
//!   have no start variable (exempt), runs reaching the last day are on to the
//!   end, so both boundary exemptions are exact.
//! * `Windows`: `w[d] - w[d-1] <= w[d+j]` for d >= 1, 1 <= j < m, d+j < days.
//! * `Patterns`: `sum_{j=1}^{k} w[d+j] - w[d] - w[d+k+1] <= k-1` for k < m
//!   (the pattern off, on×k, off is forbidden inside the horizon).

use good_lp::Expression;

use super::in_scope;
use crate::roster::RosterProblem;
use crate::roster::families::MIN_CONSECUTIVE;
use crate::roster::model::{BuildOptions, MinRunForm, RosterVars};
use crate::solve::{Lp, Sense};

pub(crate) fn min_consecutive(
    p: &RosterProblem,
    v: &mut RosterVars,
    lp: &mut Lp,
    o: &BuildOptions,
) {
    let h = p.days;
    let scopes: Vec<_> = in_scope(v).collect();
    for (s, lo, hi) in scopes {
        let Some(m) = p.staff[s].min_consecutive else {
            continue;
        };
        let m = m as usize;
        if m < 2 || h < 3 {
            continue;
        }
        match o.min_runs {
            MinRunForm::StartStop => {
                for d in lo.max(1)..=(hi + m).min(h - 1) {
                    let mut e = -v.works(s, d);
                    for i in (d + 1).saturating_sub(m).max(1)..=d {
                        let st = v.start(lp, s, i);
                        e += st;
                    }
                    lp.constrain(&MIN_CONSECUTIVE, e, Sense::Le, 0.0);
                }
            }
            MinRunForm::Windows => {
                for d in (lo + 1).saturating_sub(m).max(1)..=(hi + 1).min(h - 1) {
                    for j in 1..m {
                        if d + j > h - 1 {
                            break;
                        }
                        let e = v.works(s, d) - v.works(s, d - 1) - v.works(s, d + j);
                        lp.constrain(&MIN_CONSECUTIVE, e, Sense::Le, 0.0);
                    }
                }
            }
            MinRunForm::Patterns => {
                for k in 1..m {
                    if k + 2 > h {
                        break;
                    }
                    for d in lo.saturating_sub(k + 1)..=hi.min(h - k - 2) {
                        let mut e = Expression::from(0.0);
                        for j in 1..=k {
                            e += v.works(s, d + j);
                        }
                        e -= v.works(s, d);
                        e -= v.works(s, d + k + 1);
                        lp.constrain(&MIN_CONSECUTIVE, e, Sense::Le, (k - 1) as f64);
                    }
                }
            }
        }
    }
}
