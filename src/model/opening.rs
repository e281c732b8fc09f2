//! Families `day_opening` (hard) and `missing_opening` (soft): day openings
//! only on configured, non-closed days; per ISO week at most
//! `max_days_per_week`, and at least `min_days_per_week` (or every
//! configured day) or a penalised shortfall.

use std::collections::BTreeMap;

use crate::scenario::facts::monday_of;

use super::Model;

pub(super) fn add(m: &mut Model) {
    let (s, f) = (m.scenario, m.facts);
    for &o in &f.offices {
        let office = &s.offices[o];
        let mut weeks: BTreeMap<chrono::NaiveDate, Vec<usize>> = BTreeMap::new();
        for (d, &date) in f.dates.iter().enumerate() {
            if f.day_window(s, o, date).is_some() {
                let v = m.lp.binary();
                m.open.insert((o, d), v);
                weeks.entry(monday_of(date)).or_default().push(d);
            }
        }
        for (monday, days) in weeks {
            let n = days.len() as u32;
            let sum: good_lp::Expression = days.iter().map(|d| m.open[&(o, *d)]).sum();
            let max = office.max_days_per_week.unwrap_or(n).min(n);
            if max < n {
                m.lp.le(
                    &crate::model::families::DAY_OPENING,
                    sum.clone(),
                    max as f64,
                );
                m.lp.label_last(format!("office {}, week of {}", office.id, monday));
            }
            let target = office.min_days_per_week.unwrap_or(n).min(max);
            if target > 0 {
                // a candidate office's target holds only when it is open
                let open_office = super::location::is_open(m, o);
                let miss = m.lp.continuous(0.0, target as f64);
                m.missing.insert((o, monday), miss);
                m.lp.ge(
                    &crate::model::families::MISSING_OPENING,
                    sum + miss - target as f64 * open_office,
                    0.0,
                );
            }
        }
    }
}
