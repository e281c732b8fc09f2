//! Families `total_minutes` (contract hours) and `minute_windows` (average
//! weekly hours, ATL §5), both hard, in paid minutes (travel included).

use good_lp::Expression;

use crate::scenario::facts::{Kind, monday_of};

use super::Model;

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
        m.lp.eq("staff_totals", total - minutes, 0.0);
        let evening: Expression = (0..f.dates.len())
            .flat_map(|d| {
                m.cells_of(x, d)
                    .filter(|c| c.part.covers(Kind::Evening))
                    .map(|c| c.var)
                    .collect::<Vec<_>>()
            })
            .sum();
        let evenings = m.lp.continuous(0.0, f64::INFINITY);
        m.lp.eq("staff_totals", evening - evenings, 0.0);
        m.minutes.push(minutes);
        m.evenings.push(evenings);
        m.lp.le("total_minutes", minutes, f.contract_minutes(s, x) as f64);
        m.lp.label_last(format!("staff {}", s.staff[x].id));
        for &(monday, weeks) in &windows {
            let end = monday + chrono::Duration::days(7 * weeks as i64);
            let limit = weeks as f64 * s.rules.max_weekly_hours * 60.0;
            // A window that cannot exceed its limit (the longest shift of
            // every day added up) needs no row.
            let most: f64 = (0..f.dates.len())
                .filter(|&d| f.dates[d] >= monday && f.dates[d] < end)
                .map(|d| m.cells_of(x, d).map(|c| c.paid).max().unwrap_or(0) as f64)
                .sum();
            if most <= limit {
                continue;
            }
            let e: Expression = (0..f.dates.len())
                .filter(|&d| f.dates[d] >= monday && f.dates[d] < end)
                .map(|d| paid(m, d))
                .sum();
            m.lp.le("minute_windows", e, limit);
            m.lp.label_last(format!(
                "staff {}, {} weeks from {}",
                s.staff[x].id, weeks, monday
            ));
        }
    }
}
