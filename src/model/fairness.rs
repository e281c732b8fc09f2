//! Families `workload_balance` and `evening_fairness` (soft): office hours
//! and evenings shared in proportion to contract hours.

use good_lp::Expression;

use crate::scenario::facts::Kind;

use super::Model;

pub(super) fn add(m: &mut Model) {
    let (s, f) = (m.scenario, m.facts);
    let n = s.staff.len();
    let contract: Vec<f64> = (0..n).map(|x| f.contract_minutes(s, x) as f64).collect();
    let total: f64 = contract.iter().sum();
    if n < 2 || total <= 0.0 {
        return;
    }
    let mut minutes = vec![Expression::from(0.0); n];
    let mut evenings = vec![Expression::from(0.0); n];
    for c in &m.cells {
        minutes[c.staff] += c.paid as f64 * c.var;
        if c.part.covers(Kind::Evening) {
            evenings[c.staff] += c.var;
        }
    }
    let all_minutes: Expression = minutes.iter().cloned().sum();
    let all_evenings: Expression = evenings.iter().cloned().sum();
    let tol = s.rules.workload_tolerance;
    for x in 0..n {
        let share = contract[x] / total;
        let band = tol * contract[x];
        let dev = m.lp.continuous(0.0, f64::INFINITY);
        let diff = minutes[x].clone() - share * all_minutes.clone();
        m.lp.ge("workload_balance", dev - diff.clone(), -band);
        m.lp.ge("workload_balance", dev + diff, -band);
        m.lp.cost(s.weights.workload_balance / 60.0, dev);

        let edev = m.lp.continuous(0.0, f64::INFINITY);
        let ediff = evenings[x].clone() - share * all_evenings.clone();
        m.lp.ge("evening_fairness", edev - ediff.clone(), 0.0);
        m.lp.ge("evening_fairness", edev + ediff, 0.0);
        m.lp.cost(s.weights.evening_fairness, edev);
    }
}
