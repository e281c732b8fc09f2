//! Family `max_consecutive` (hard): in every window of
//! `max_consecutive_days + 1` consecutive dates, at most
//! `max_consecutive_days` are working days.

use super::Model;

pub(super) fn add(m: &mut Model) {
    let (s, f) = (m.scenario, m.facts);
    let k = s.rules.max_consecutive_days as usize;
    if f.dates.len() <= k {
        return;
    }
    for x in 0..s.staff.len() {
        for a in 0..f.dates.len() - k {
            let window = a..a + k + 1;
            if window.clone().any(|d| m.by_staff_day[x][d].is_empty()) {
                continue; // a free day in the window is certain
            }
            let e: good_lp::Expression = window.map(|d| m.works(x, d)).sum();
            m.lp.le("max_consecutive", e, k as f64);
            m.lp.label_last(format!("staff {} from {}", s.staff[x].id, f.dates[a]));
        }
    }
}
