//! `requests` (soft): an on-request (s, d, t, w) costs `w * (1 - x[s][d][t])`,
//! an off-request `w * x[s][d][t]`. Where no variable exists the cost is a
//! constant.

use good_lp::Expression;

use crate::roster::RosterProblem;
use crate::roster::model::{BuildOptions, RosterVars};
use crate::solve::Lp;

pub(crate) fn requests(p: &RosterProblem, v: &mut RosterVars, lp: &mut Lp, _o: &BuildOptions) {
    for r in &p.requests {
        let x = v.assigned(r.staff, r.day, r.shift);
        if r.on {
            lp.cost(r.weight, Expression::from(1.0) - x);
        } else {
            lp.cost(r.weight, x);
        }
    }
}
