//! Family `max_consecutive` (hard, the staffing layer's): in every window
//! of `max_consecutive_days + 1` consecutive dates, at most
//! `max_consecutive_days` are working days.

use super::{Model, StaffGrid};

pub(super) fn add(m: &mut Model) {
    let (s, f) = (m.scenario, m.facts);
    let k = s.rules.max_consecutive_days as usize;
    let grid = StaffGrid {
        cells: &m.cells,
        by_staff_day: &m.by_staff_day,
    };
    let n = f.dates.len();
    for x in 0..s.staff.len() {
        crate::staffing::max_consecutive(&mut m.lp, &grid, x, k, (0, n.saturating_sub(1)), |a| {
            Some(format!("staff {} from {}", s.staff[x].id, f.dates[a]))
        });
    }
}
