//! `free_days`: at least `min_free_days` days off within each window of days
//! (weekly rest): `sum_{d in window} w[s][d] <= len(window) - min_free_days`.

use good_lp::Expression;

use super::in_scope;
use crate::roster::RosterProblem;
use crate::roster::families::FREE_DAYS;
use crate::roster::model::{BuildOptions, RosterVars};
use crate::solve::{Lp, Sense};

pub(crate) fn free_days(p: &RosterProblem, v: &mut RosterVars, lp: &mut Lp, _o: &BuildOptions) {
    let scopes: Vec<_> = in_scope(v).collect();
    for (s, lo, hi) in scopes {
        for w in &p.staff[s].free_day_windows {
            if w.last_day < lo || w.first_day > hi {
                continue;
            }
            let len = (w.last_day - w.first_day + 1) as f64;
            let mut e = Expression::from(0.0);
            for d in w.first_day..=w.last_day {
                e += v.works(s, d);
            }
            lp.constrain(&FREE_DAYS, e, Sense::Le, len - w.min_free_days as f64);
        }
    }
}
