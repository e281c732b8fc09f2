//! Families `total_minutes` (contract hours) and `minute_windows` (average
//! weekly hours, ATL §5), both hard, in paid minutes (travel included).

use good_lp::Expression;

use crate::scenario::facts::{Kind, monday_of};

use super::{Model, StaffGrid};

/// ISO-week windows of the averaging rule: for each ISO week touching the
/// period, the `weeks` weeks starting there (fewer at the end of the
/// period; one window of all weeks if the period is shorter). Each window
/// is (first Monday, number of weeks).
pub fn averaging_windows(
    dates: &[chrono::NaiveDate],
    weeks: usize,
) -> Vec<(chrono::NaiveDate, usize)> {
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else {
        return Vec::new();
    };
    let mut mondays = Vec::new();
    let mut m = monday_of(*first);
    while m <= *last {
        mondays.push(m);
        m += chrono::Duration::days(7);
    }
    if mondays.len() <= weeks {
        return vec![(mondays[0], mondays.len())];
    }
    (0..=mondays.len() - weeks)
        .map(|i| (mondays[i], weeks))
        .collect()
}

pub(super) fn add(m: &mut Model) {
    let (s, f) = (m.scenario, m.facts);
    let windows = averaging_windows(&f.dates, s.rules.averaging_weeks as usize);
    for x in 0..s.staff.len() {
        let paid = |m: &Model, d: usize| -> Expression {
            m.cells_of(x, d).map(|c| c.paid as f64 * c.var).sum()
        };
        // Totals per staff member, defined once so that other families use
        // one variable instead of every cell again (measured: −40 % non-zeros).
        let total: Expression = (0..f.dates.len()).map(|d| paid(m, d)).sum();
        let minutes = m.lp.continuous(0.0, f64::INFINITY);
        m.lp.eq(&crate::model::families::STAFF_TOTALS, total - minutes, 0.0);
        let evening: Expression = (0..f.dates.len())
            .flat_map(|d| {
                m.cells_of(x, d)
                    .filter(|c| c.part.covers(Kind::Evening))
                    .map(|c| c.var)
                    .collect::<Vec<_>>()
            })
            .sum();
        let evenings = m.lp.continuous(0.0, f64::INFINITY);
        m.lp.eq(
            &crate::model::families::STAFF_TOTALS,
            evening - evenings,
            0.0,
        );
        m.minutes.push(minutes);
        m.evenings.push(evenings);
        crate::staffing::total_minutes(
            &mut m.lp,
            minutes,
            None,
            Some(f.contract_minutes(s, x) as f64),
            Some(format!("staff {}", s.staff[x].id)),
        );
        let grid = StaffGrid {
            cells: &m.cells,
            by_staff_day: &m.by_staff_day,
        };
        for &(monday, weeks) in &windows {
            let end = monday + chrono::Duration::days(7 * weeks as i64);
            let limit = weeks as f64 * s.rules.max_weekly_hours * 60.0;
            let days: Vec<usize> = (0..f.dates.len())
                .filter(|&d| f.dates[d] >= monday && f.dates[d] < end)
                .collect();
            let (Some(&first), Some(&last)) = (days.first(), days.last()) else {
                continue;
            };
            crate::staffing::minute_window(
                &mut m.lp,
                &grid,
                x,
                (first, last),
                limit,
                Some(format!(
                    "staff {}, {} weeks from {}",
                    s.staff[x].id, weeks, monday
                )),
            );
        }
    }
}
