//! `cover` (soft): with `n = sum_s x[s][d][t]` staff on shift type t on day d,
//! `n + under - over = requirement`, `under, over >= 0`, costing
//! `weight_under * under + weight_over * over`. The municipal model leaves
//! `cover` empty and writes its own cover rows on `RosterVars::x`.

use good_lp::{Expression, IntoAffineExpression};

use crate::roster::RosterProblem;
use crate::roster::families::COVER;
use crate::roster::model::{Aux, BuildOptions, RosterVars};
use crate::solve::{Lp, Sense};

pub(crate) fn cover(p: &RosterProblem, v: &mut RosterVars, lp: &mut Lp, _o: &BuildOptions) {
    for (c, cv) in p.cover.iter().enumerate() {
        let mut n = Expression::from(0.0);
        let mut any_var = false;
        for s in 0..v.staff {
            if v.is_free(s, cv.day) {
                if let Some(x) = v.x(s, cv.day, cv.shift) {
                    n += x;
                    any_var = true;
                }
            } else if v.fixed(s, cv.day) == Some(Some(cv.shift)) {
                n += 1.0;
            }
        }
        let req = cv.requirement as f64;
        if !any_var {
            // Fixed count: a constant penalty keeps the objective whole.
            let k = n.constant();
            let pen = if k < req {
                cv.weight_under * (req - k)
            } else {
                cv.weight_over * (k - req)
            };
            lp.cost(pen, Expression::from(1.0));
            continue;
        }
        let under = lp.continuous(0.0, req);
        let over = lp.continuous(0.0, f64::INFINITY);
        v.aux.push((under, Aux::Under(c)));
        v.aux.push((over, Aux::Over(c)));
        lp.constrain(&COVER, n + under - over, Sense::Eq, req);
        lp.cost(cv.weight_under, under);
        lp.cost(cv.weight_over, over);
    }
}
