//! `min_days_off`: every maximal run of days off lasts at least
//! `l = min_days_off` days, except a run touching the first or last day of the
//! horizon. The mirror image of `min_consecutive` with `1 - w[d]`:
//!
//! * `StartStop` (default): `stop[d] >= w[d-1] - w[d]` and
//!   `sum_{i=max(1,d-l+1)}^{d} stop[i] + w[d] <= 1` for d >= 1.
//! * `Windows`: `w[d-1] - w[d] + w[d+j] <= 1` for d >= 1, 1 <= j < l.
//! * `Patterns`: `w[d] + w[d+k+1] - sum_{j=1}^{k} w[d+j] <= 1` for k < l.

use good_lp::Expression;

use super::in_scope;
use crate::roster::RosterProblem;
use crate::roster::families::MIN_DAYS_OFF;
use crate::roster::model::{BuildOptions, MinRunForm, RosterVars};
use crate::solve::{Lp, Sense};

pub(crate) fn min_days_off(p: &RosterProblem, v: &mut RosterVars, lp: &mut Lp, o: &BuildOptions) {
    let h = p.days;
    let scopes: Vec<_> = in_scope(v).collect();
    for (s, lo, hi) in scopes {
        let Some(l) = p.staff[s].min_days_off else {
            continue;
        };
        let l = l as usize;
        if l < 2 || h < 3 {
            continue;
        }
        match o.min_runs {
            MinRunForm::StartStop => {
                for d in lo.max(1)..=(hi + l).min(h - 1) {
                    let mut e = v.works(s, d);
                    for i in (d + 1).saturating_sub(l).max(1)..=d {
                        let st = v.stop(lp, s, i);
                        e += st;
                    }
                    lp.constrain(&MIN_DAYS_OFF, e, Sense::Le, 1.0);
                }
            }
            MinRunForm::Windows => {
                for d in (lo + 1).saturating_sub(l).max(1)..=(hi + 1).min(h - 1) {
                    for j in 1..l {
                        if d + j > h - 1 {
                            break;
                        }
                        let e = v.works(s, d - 1) - v.works(s, d) + v.works(s, d + j);
                        lp.constrain(&MIN_DAYS_OFF, e, Sense::Le, 1.0);
                    }
                }
            }
            MinRunForm::Patterns => {
                for k in 1..l {
                    if k + 2 > h {
                        break;
                    }
                    for d in lo.saturating_sub(k + 1)..=hi.min(h - k - 2) {
                        let mut e = v.works(s, d) + v.works(s, d + k + 1);
                        let mut inner = Expression::from(0.0);
                        for j in 1..=k {
                            inner += v.works(s, d + j);
                        }
                        e -= inner;
                        lp.constrain(&MIN_DAYS_OFF, e, Sense::Le, 1.0);
                    }
                }
            }
        }
    }
}
