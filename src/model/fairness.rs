//! Families `workload_balance` and `evening_fairness` (soft).
//!
//! Workload: the spread between the highest and the lowest utilisation
//! (office minutes / contract minutes) among the staff, in hours of an
//! average contract, beyond `workload_tolerance`.
//! Evenings: each staff member's evening shifts against a fixed target, their
//! share by contract hours of the evening shifts the rules require.
//! Both use sparse rows (one staff member each): measured faster than
//! deviations from a share of the (variable) total.

use good_lp::Expression;

use super::Model;

/// Each staff member's target of evening shifts, θ: their share by
/// contract minutes of the evening shifts the rules require (none with
/// fewer than two staff or no contract minutes: the family is left out).
pub fn evening_targets(
    s: &crate::scenario::Scenario,
    f: &crate::scenario::facts::Facts,
) -> Vec<f64> {
    let n = s.staff.len();
    let contract: Vec<f64> = (0..n).map(|x| f.contract_minutes(s, x) as f64).collect();
    let total: f64 = contract.iter().sum();
    if n < 2 || total <= 0.0 {
        return Vec::new();
    }
    let required_evenings: f64 = f.evening_periods.iter().map(|p| p.need as f64).sum::<f64>()
        * f.offices.len() as f64
        * s.rules.staff_per_opening.evening as f64;
    contract
        .iter()
        .map(|c| c / total * required_evenings)
        .collect()
}

pub(super) fn add(m: &mut Model) {
    let (s, f) = (m.scenario, m.facts);
    let n = s.staff.len();
    let contract: Vec<f64> = (0..n).map(|x| f.contract_minutes(s, x) as f64).collect();
    let total: f64 = contract.iter().sum();
    if n < 2 || total <= 0.0 {
        return;
    }
    let minutes: Vec<Expression> = m.minutes.iter().map(|v| Expression::from(*v)).collect();
    let evenings: Vec<Expression> = m.evenings.iter().map(|v| Expression::from(*v)).collect();
    let targets = evening_targets(s, f);
    let mean_contract = total / n as f64;
    let umax = m.lp.continuous(0.0, f64::INFINITY);
    let umin = m.lp.continuous(0.0, f64::INFINITY);
    let excess = m.lp.continuous(0.0, f64::INFINITY);
    for x in 0..n {
        if contract[x] <= 0.0 {
            continue;
        }
        let u = (1.0 / contract[x]) * minutes[x].clone();
        m.lp.ge(
            &crate::model::families::WORKLOAD_BALANCE,
            umax - u.clone(),
            0.0,
        );
        m.lp.le(&crate::model::families::WORKLOAD_BALANCE, umin - u, 0.0);

        let target = targets[x];
        let edev = m.lp.continuous(0.0, f64::INFINITY);
        m.lp.ge(
            &crate::model::families::EVENING_FAIRNESS,
            edev - evenings[x].clone(),
            -target,
        );
        m.lp.ge(
            &crate::model::families::EVENING_FAIRNESS,
            edev + evenings[x].clone(),
            target,
        );
        m.lp.cost(s.weights.evening_fairness, edev);
    }
    m.lp.ge(
        &crate::model::families::WORKLOAD_BALANCE,
        excess - umax + umin,
        -s.rules.workload_tolerance,
    );
    // weight per hour of an average contract
    m.lp.cost(s.weights.workload_balance * mean_contract / 60.0, excess);
}
