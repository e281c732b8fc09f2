//! `max_weekends`: a weekend (the Saturday and Sunday of one week, those days
//! of it inside the horizon) counts as worked if the staff member works on
//! either day; at most `max_weekends` worked weekends.
//!
//! `k[s][we] >= w[s][d]` for each day d of weekend `we` (k continuous in
//! [0, 1]: it is only bounded from below), `sum_we k[s][we] <= max_weekends`.

use good_lp::Expression;

use super::in_scope;
use crate::roster::RosterProblem;
use crate::roster::families::MAX_WEEKENDS;
use crate::roster::model::{Aux, BuildOptions, RosterVars};
use crate::solve::{Lp, Sense};

pub(crate) fn max_weekends(p: &RosterProblem, v: &mut RosterVars, lp: &mut Lp, _o: &BuildOptions) {
    let weekends = p.weekends();
    let scopes: Vec<_> = in_scope(v).collect();
    for (s, _, _) in scopes {
        let Some(max) = p.staff[s].max_weekends else {
            continue;
        };
        if max as usize >= weekends.len() {
            continue;
        }
        let mut total = Expression::from(0.0);
        for days in &weekends {
            let fixed_on = days
                .iter()
                .any(|&d| v.fixed(s, d).is_some_and(|a| a.is_some()));
            let all_fixed = days.iter().all(|&d| !v.is_free(s, d));
            if fixed_on {
                total += 1.0;
            } else if !all_fixed {
                if days.len() == 1 {
                    total += v.works(s, days[0]);
                    continue;
                }
                let k = lp.continuous(0.0, 1.0);
                v.aux.push((
                    k,
                    Aux::AnyWork {
                        s,
                        days: days.clone(),
                    },
                ));
                for &d in days {
                    lp.constrain(&MAX_WEEKENDS, v.works(s, d) - k, Sense::Le, 0.0);
                }
                total += k;
            }
        }
        lp.constrain(&MAX_WEEKENDS, total, Sense::Le, max as f64);
    }
}
