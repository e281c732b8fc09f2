//! Evaluation of a roster against a [`RosterProblem`]: the objective with its
//! parts, and every hard-rule violation. Used by the search (which never trusts
//! a sub-MIP blindly) and by tests; the benchmark has its own independent
//! checker in `verify::nrp`.

use super::families;
use super::{Roster, RosterProblem};
use crate::family::Family;

/// One broken hard rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub family: &'static Family,
    pub staff: usize,
    pub message: String,
}

/// The objective of a roster, by part, and its violations.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evaluation {
    pub objective: f64,
    pub requests_on: f64,
    pub requests_off: f64,
    pub cover_under: f64,
    pub cover_over: f64,
    pub violations: Vec<Violation>,
}

/// Cover penalty of `count` staff on cover entry `c`.
pub(crate) fn cover_penalty(p: &RosterProblem, c: usize, count: u32) -> (f64, f64) {
    let cv = &p.cover[c];
    if count < cv.requirement {
        (cv.weight_under * (cv.requirement - count) as f64, 0.0)
    } else {
        (0.0, cv.weight_over * (count - cv.requirement) as f64)
    }
}

/// Objective and violations of `r`.
pub fn evaluate(p: &RosterProblem, r: &Roster) -> Evaluation {
    let mut e = Evaluation::default();
    for req in &p.requests {
        let works = r.assign[req.staff][req.day] == Some(req.shift);
        if req.on && !works {
            e.requests_on += req.weight;
        }
        if !req.on && works {
            e.requests_off += req.weight;
        }
    }
    for (c, cv) in p.cover.iter().enumerate() {
        let n = (0..p.staff.len())
            .filter(|&s| r.assign[s][cv.day] == Some(cv.shift))
            .count() as u32;
        let (u, o) = cover_penalty(p, c, n);
        e.cover_under += u;
        e.cover_over += o;
    }
    e.objective = e.requests_on + e.requests_off + e.cover_under + e.cover_over;
    for s in 0..p.staff.len() {
        e.violations.extend(staff_violations(p, s, &r.assign[s]));
    }
    e
}

/// The objective only.
pub fn objective(p: &RosterProblem, r: &Roster) -> f64 {
    let mut obj = 0.0;
    for req in &p.requests {
        let works = r.assign[req.staff][req.day] == Some(req.shift);
        if req.on != works {
            obj += req.weight;
        }
    }
    let count = r.counts(p.days, p.types(), None);
    for (c, cv) in p.cover.iter().enumerate() {
        let (u, o) = cover_penalty(p, c, count[cv.day * p.types() + cv.shift]);
        obj += u + o;
    }
    obj
}

/// Lengths of the maximal runs of `on` values: (first day, length, touches an end).
fn runs(on: &[bool], value: bool) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut d = 0;
    while d < on.len() {
        if on[d] == value {
            let start = d;
            while d < on.len() && on[d] == value {
                d += 1;
            }
            out.push((start, d - start, start == 0 || d == on.len()));
        } else {
            d += 1;
        }
    }
    out
}

/// Every hard rule staff member `s` breaks with the assignment `a` (one entry per day).
pub fn staff_violations(p: &RosterProblem, s: usize, a: &[Option<usize>]) -> Vec<Violation> {
    let st = &p.staff[s];
    let mut out = Vec::new();
    let mut v = |family: &'static Family, message: String| {
        out.push(Violation {
            family,
            staff: s,
            message: format!("{}: {message}", st.id),
        })
    };
    let on: Vec<bool> = a.iter().map(|x| x.is_some()).collect();
    for (d, x) in a.iter().enumerate() {
        if let Some(t) = *x
            && t >= p.types()
        {
            v(
                &families::ONE_SHIFT_PER_DAY,
                format!("day {d}: shift type {t} does not exist"),
            );
            return out;
        }
    }
    for d in 0..a.len().saturating_sub(1) {
        if let (Some(x), Some(y)) = (a[d], a[d + 1])
            && p.forbidden_next.contains(&(x, y))
        {
            v(
                &families::FORBIDDEN_SUCCESSION,
                format!(
                    "{} on day {d} followed by {} on day {}",
                    p.shift_types[x].id,
                    p.shift_types[y].id,
                    d + 1
                ),
            );
        }
    }
    for t in 0..p.types() {
        let n = a.iter().filter(|x| **x == Some(t)).count() as u32;
        if let Some(max) = st.max_shifts[t]
            && n > max
        {
            v(
                &families::MAX_SHIFTS_PER_TYPE,
                format!("{n} shifts of type {} (max {max})", p.shift_types[t].id),
            );
        }
    }
    let minutes = |days: std::ops::RangeInclusive<usize>| -> u32 {
        days.filter_map(|d| a[d].map(|t| st.minutes[t])).sum()
    };
    if !a.is_empty() {
        let total = minutes(0..=a.len() - 1);
        if let Some(max) = st.max_total_minutes
            && total > max
        {
            v(
                &families::TOTAL_MINUTES,
                format!("{total} minutes (max {max})"),
            );
        }
        if let Some(min) = st.min_total_minutes
            && total < min
        {
            v(
                &families::TOTAL_MINUTES,
                format!("{total} minutes (min {min})"),
            );
        }
    } else if st.min_total_minutes.is_some_and(|m| m > 0) {
        v(
            &families::TOTAL_MINUTES,
            "no days but a minimum of minutes".into(),
        );
    }
    for w in &st.minute_windows {
        let m = minutes(w.first_day..=w.last_day);
        if m > w.max_minutes {
            v(
                &families::MINUTE_WINDOWS,
                format!(
                    "{m} minutes on days {}..={} (max {})",
                    w.first_day, w.last_day, w.max_minutes
                ),
            );
        }
    }
    for (start, len, touches_end) in runs(&on, true) {
        if let Some(max) = st.max_consecutive
            && len as u32 > max
        {
            v(
                &families::MAX_CONSECUTIVE,
                format!("{len} working days in a row from day {start} (max {max})"),
            );
        }
        if let Some(min) = st.min_consecutive
            && !touches_end
            && (len as u32) < min
        {
            v(
                &families::MIN_CONSECUTIVE,
                format!("{len} working days in a row from day {start} (min {min})"),
            );
        }
    }
    if let Some(min) = st.min_days_off {
        for (start, len, touches_end) in runs(&on, false) {
            if !touches_end && (len as u32) < min {
                v(
                    &families::MIN_DAYS_OFF,
                    format!("{len} days off in a row from day {start} (min {min})"),
                );
            }
        }
    }
    if let Some(max) = st.max_weekends {
        let n = p
            .weekends()
            .iter()
            .filter(|days| days.iter().any(|&d| on[d]))
            .count() as u32;
        if n > max {
            v(
                &families::MAX_WEEKENDS,
                format!("{n} weekends worked (max {max})"),
            );
        }
    }
    for w in &st.free_day_windows {
        let free = (w.first_day..=w.last_day).filter(|&d| !on[d]).count() as u32;
        if free < w.min_free_days {
            v(
                &families::FREE_DAYS,
                format!(
                    "{free} days off on days {}..={} (min {})",
                    w.first_day, w.last_day, w.min_free_days
                ),
            );
        }
    }
    for &(d, t) in &st.unavailable {
        match (t, a[d]) {
            (None, Some(x)) => v(
                &families::UNAVAILABLE,
                format!("works {} on unavailable day {d}", p.shift_types[x].id),
            ),
            (Some(t), Some(x)) if t == x => v(
                &families::UNAVAILABLE,
                format!("works unavailable shift {} on day {d}", p.shift_types[x].id),
            ),
            _ => {}
        }
    }
    out
}
