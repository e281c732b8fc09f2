//! Families `evening_minimum` (hard) and `evening_spread` (soft): at least
//! N evening openings per office in every whole calendar month, spread so
//! that one ISO week holds at most one of an office's evenings.

use std::collections::BTreeMap;

use crate::scenario::facts::monday_of;

use super::Model;

pub(super) fn add(m: &mut Model) {
    let (s, f) = (m.scenario, m.facts);
    for &o in &f.offices {
        let mut periods: Vec<Vec<good_lp::Variable>> = vec![Vec::new(); f.evening_periods.len()];
        let mut weeks: BTreeMap<chrono::NaiveDate, Vec<good_lp::Variable>> = BTreeMap::new();
        for (d, &date) in f.dates.iter().enumerate() {
            if f.evening_window(s, o, date).is_some() {
                let v = m.lp.binary();
                m.evening.insert((o, d), v);
                if let Some(p) = f
                    .evening_periods
                    .iter()
                    .position(|p| p.first <= date && date <= p.last)
                {
                    periods[p].push(v);
                }
                weeks.entry(monday_of(date)).or_default().push(v);
            }
        }
        for (p, period) in f.evening_periods.iter().enumerate() {
            let need = period.need;
            if need == 0 {
                continue;
            }
            let vars = &periods[p];
            let sum: good_lp::Expression = vars.iter().copied().sum();
            // An office with too few possible evenings makes this row infeasible:
            // the elastic re-solve then names this family.
            let open_office = super::location::is_open(m, o);
            m.lp.ge(
                &crate::model::families::EVENING_MINIMUM,
                sum - need as f64 * open_office,
                0.0,
            );
            m.lp.label_last(format!("office {} in {}", s.offices[o].id, period.label));
        }
        for (_, vars) in weeks {
            if vars.len() > 1 {
                let excess = m.lp.continuous(0.0, f64::INFINITY);
                let sum: good_lp::Expression = vars.iter().copied().sum();
                m.lp.le(&crate::model::families::EVENING_SPREAD, sum - excess, 1.0);
                m.lp.cost(s.weights.evening_spread, excess);
            }
        }
    }
}
