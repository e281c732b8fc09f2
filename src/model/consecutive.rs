//! Family `max_consecutive` (hard, the staffing layer's): in every window
//! of `max_consecutive_days + 1` consecutive dates, at most
//! `max_consecutive_days` are working days. Windows that cross the
//! period's start count the dates before it that the calendar lets the
//! staff member work as worked ([`super::edges`]); the next period's plan
//! counts this one's last days the same way, so the end needs no rows.

use good_lp::Expression;

use crate::solve::Sense;
use crate::staffing::MAX_CONSECUTIVE;

use super::edges::edge_days;
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
    edges(m, k);
}

/// The windows of `k + 1` dates that cross the period's start:
/// `Σ y ≤ k − (dates before assumed worked)`.
fn edges(m: &mut Model, k: usize) {
    let (s, f) = (m.scenario, m.facts);
    let n = f.dates.len() as i64;
    if n == 0 {
        return;
    }
    let k = k as i64;
    for x in 0..s.staff.len() {
        let before = edge_days(m, x, k as usize);
        let worked = |i: i64| -> bool { i < 0 && before[(-i - 1) as usize].is_some() };
        for a in -k..0 {
            let outside = (a..=a + k).filter(|&i| worked(i)).count() as i64;
            if outside == 0 {
                continue; // the same as a window inside, or free outside
            }
            let inside = a.max(0) as usize..=(a + k).min(n - 1) as usize;
            let open = inside
                .clone()
                .filter(|&d| !m.by_staff_day[x][d].is_empty())
                .count() as i64;
            if open + outside <= k {
                continue; // holds whatever is worked
            }
            let e: Expression = inside.map(|d| m.works(x, d)).sum();
            let first = a.max(0) as usize;
            if m.lp
                .constrain(&MAX_CONSECUTIVE, e, Sense::Le, (k - outside) as f64)
            {
                m.lp.label_last(format!(
                    "staff {} from {} (across the period's start)",
                    s.staff[x].id, f.dates[first]
                ));
            }
        }
    }
}
