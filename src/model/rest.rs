//! Families `daily_rest` and `weekly_rest` (hard, ATL §13–14).
//!
//! Daily rest: two shifts on consecutive dates whose gap (travel counted as
//! work) is shorter than `daily_rest_hours` exclude each other.
//! Weekly rest: every whole ISO week in the period holds a run of
//! ⌈weekly_rest_hours / 24⌉ consecutive free days (two for 36 h), which
//! always contains the required rest inside the week.

use good_lp::Expression;

use crate::scenario::facts::monday_of;

use super::Model;

pub(super) fn add(m: &mut Model) {
    daily(m);
    weekly(m);
}

fn daily(m: &mut Model) {
    let (s, f) = (m.scenario, m.facts);
    let need = (s.rules.daily_rest_hours * 60.0).round() as i64;
    for x in 0..s.staff.len() {
        for d in 1..f.dates.len() {
            if (f.dates[d] - f.dates[d - 1]).num_days() != 1 {
                continue;
            }
            for &a in &m.by_staff_day[x][d - 1] {
                let back = m.cells[a].work.back();
                let clash: Vec<usize> = m.by_staff_day[x][d]
                    .iter()
                    .copied()
                    .filter(|&b| 1440 - back + m.cells[b].work.leave() < need)
                    .collect();
                if !clash.is_empty() {
                    let e: Expression =
                        clash.iter().map(|&b| m.cells[b].var).sum::<Expression>() + m.cells[a].var;
                    m.lp.le(&crate::model::families::DAILY_REST, e, 1.0);
                }
            }
        }
    }
}

fn weekly(m: &mut Model) {
    let (s, f) = (m.scenario, m.facts);
    let k = ((s.rules.weekly_rest_hours / 24.0).ceil() as usize).max(1);
    if f.dates.is_empty() {
        return;
    }
    let first_monday = monday_of(f.dates[0]);
    let mut monday = if first_monday == f.dates[0] {
        first_monday
    } else {
        first_monday + chrono::Duration::days(7)
    };
    while monday + chrono::Duration::days(6) <= *f.dates.last().unwrap() {
        let d0 = (monday - f.dates[0]).num_days() as usize;
        for x in 0..s.staff.len() {
            let runs: Vec<std::ops::Range<usize>> = (d0..=d0 + 7 - k).map(|a| a..a + k).collect();
            if runs
                .iter()
                .any(|r| r.clone().all(|d| m.by_staff_day[x][d].is_empty()))
            {
                continue; // a run of free days is certain
            }
            let mut any = Expression::from(0.0);
            for r in runs {
                let free = m.lp.binary();
                for d in r {
                    let w = m.works(x, d);
                    m.lp.le(&crate::model::families::WEEKLY_REST, w + free, 1.0);
                }
                any += free;
            }
            m.lp.ge(&crate::model::families::WEEKLY_REST, any, 1.0);
            m.lp.label_last(format!("staff {}, week of {}", s.staff[x].id, monday));
        }
        monday += chrono::Duration::days(7);
    }
}
