//! Department demand resolved against the period: one entry per department,
//! target (an office, or the offices of an area) and month, in hours.

use chrono::{Datelike, NaiveDate};

use super::types::{Demand, Scenario};

/// Demand for one department, target and month.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandKey {
    pub department: usize,
    /// `valbo` for an office, `area:valbo` for any office of an area.
    pub target: String,
    /// Offices (indices) that can serve it.
    pub offices: Vec<usize>,
    /// "YYYY-MM".
    pub month: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub hours: f64,
    pub evening_share: f64,
}

/// Hours of a demand entry: `hours`, or `meetings` × (meeting + buffer).
pub fn hours_of(s: &Scenario, d: &Demand) -> f64 {
    if let Some(h) = d.hours {
        return h;
    }
    let dep = s.departments.iter().find(|x| x.id == d.department);
    match (d.meetings, dep) {
        (Some(n), Some(dep)) => n as f64 * (dep.meeting_minutes + dep.buffer_minutes) as f64 / 60.0,
        _ => 0.0,
    }
}

/// Months ("YYYY-MM", first, last) the period touches, clipped to it.
pub fn months(s: &Scenario) -> Vec<(String, NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut first =
        NaiveDate::from_ymd_opt(s.period.start.year(), s.period.start.month(), 1).unwrap();
    while first <= s.period.end {
        let next = if first.month() == 12 {
            NaiveDate::from_ymd_opt(first.year() + 1, 1, 1).unwrap()
        } else {
            NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1).unwrap()
        };
        let last = next.pred_opt().unwrap();
        out.push((
            format!("{}-{:02}", first.year(), first.month()),
            first.max(s.period.start),
            last.min(s.period.end),
        ));
        first = next;
    }
    out
}

/// Every demand entry resolved to (department, target, month); entries for
/// the same key are added up. Unknown ids are left to validation.
pub fn resolve(s: &Scenario) -> Vec<DemandKey> {
    let months = months(s);
    let mut keys: Vec<DemandKey> = Vec::new();
    for d in &s.demand {
        let Some(dep) = s.departments.iter().position(|x| x.id == d.department) else {
            continue;
        };
        let (target, offices): (String, Vec<usize>) = match (&d.office, &d.area) {
            (Some(o), _) => (
                o.clone(),
                s.offices
                    .iter()
                    .position(|x| &x.id == o)
                    .into_iter()
                    .collect(),
            ),
            (None, Some(a)) => (
                format!("area:{a}"),
                (0..s.offices.len())
                    .filter(|&i| &s.offices[i].area == a)
                    .collect(),
            ),
            (None, None) => continue,
        };
        let offices: Vec<usize> = offices
            .into_iter()
            .filter(|&o| !s.offices[o].closed)
            .collect();
        let hours = hours_of(s, d);
        for (label, first, last) in &months {
            if d.month.as_ref().is_some_and(|m| m != label) {
                continue;
            }
            match keys
                .iter_mut()
                .find(|k| k.department == dep && k.target == target && &k.month == label)
            {
                Some(k) => {
                    let total = k.hours + hours;
                    if total > 0.0 {
                        k.evening_share =
                            (k.evening_share * k.hours + d.evening_share * hours) / total;
                    }
                    k.hours = total;
                }
                None => keys.push(DemandKey {
                    department: dep,
                    target: target.clone(),
                    offices: offices.clone(),
                    month: label.clone(),
                    first: *first,
                    last: *last,
                    hours,
                    evening_share: d.evening_share,
                }),
            }
        }
    }
    keys
}
