//! What `check` points out in a valid scenario: dates that lie wholly
//! outside the planning period (absences, closed days, unavailable premises
//! and rooms, demand months), which have no effect and are usually a typo
//! in the year or month (an absence in August for a plan of April–June).

use chrono::NaiveDate;

use super::diag::Diagnostic;
use super::types::Scenario;

/// Every warning for `s` (fields as paths; the loader's `Sources::locate`
/// places them in the file).
pub fn warnings(s: &Scenario) -> Vec<Diagnostic> {
    let (start, end) = (s.period.start, s.period.end);
    let period = format!("{start} – {end}");
    let outside = |a: NaiveDate, b: NaiveDate| b < start || a > end;
    let mut w = Vec::new();
    let mut absence = |field: String, who: &str, a: NaiveDate, b: NaiveDate| {
        if outside(a, b) {
            w.push(
                Diagnostic::new(
                    field,
                    format!("the absence of `{who}` ({a} – {b}) is outside the period {period}: it has no effect"),
                )
                .hint("check the year and month of the dates")
                .warn(),
            );
        }
    };
    for x in &s.staff {
        for (i, a) in x.absences.iter().enumerate() {
            absence(
                format!("staff[{}].absences[{i}]", x.id),
                &x.id,
                a.from,
                a.to,
            );
        }
    }
    for (i, a) in s.absences.iter().enumerate() {
        absence(format!("absences[{i}]"), &a.staff, a.from, a.to);
    }
    let mut day = |field: String, what: &str, d: NaiveDate| {
        if outside(d, d) {
            w.push(
                Diagnostic::new(
                    field,
                    format!("{what} {d} is outside the period {period}: it has no effect"),
                )
                .hint("check the year and month of the date")
                .warn(),
            );
        }
    };
    for (i, d) in s.calendar.extra_closed.iter().enumerate() {
        day(format!("calendar.extra_closed[{i}]"), "the closed day", *d);
    }
    for o in &s.offices {
        for (i, d) in o.unavailable.iter().enumerate() {
            day(
                format!("offices[{}].unavailable[{i}]", o.id),
                "the unavailable day",
                *d,
            );
        }
    }
    for r in &s.rooms {
        for (i, d) in r.unavailable.iter().enumerate() {
            day(
                format!("rooms[{}].unavailable[{i}]", r.id),
                "the unavailable day",
                *d,
            );
        }
    }
    for (i, d) in s.demand.iter().enumerate() {
        let Some(m) = &d.month else { continue };
        let Ok(first) = NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d") else {
            continue; // reported by validation
        };
        let last = first
            .checked_add_months(chrono::Months::new(1))
            .and_then(|n| n.pred_opt())
            .unwrap_or(first);
        if outside(first, last) {
            let at = match &d.id {
                Some(id) => format!("demand[{id}].month"),
                None => format!("demand[{i}].month"),
            };
            w.push(
                Diagnostic::new(
                    at,
                    format!(
                        "the demand month {m} is outside the period {period}: it has no effect"
                    ),
                )
                .hint("check the month; leave it out for every month of the period")
                .warn(),
            );
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_august_absence_in_a_q2_plan_is_pointed_out() {
        let (mut s, _) = crate::scenario::load_default();
        assert!(warnings(&s).is_empty());
        s.staff[0].absences[0].from = NaiveDate::from_ymd_opt(2025, 8, 4).unwrap();
        s.staff[0].absences[0].to = NaiveDate::from_ymd_opt(2025, 8, 8).unwrap();
        s.calendar
            .extra_closed
            .push(NaiveDate::from_ymd_opt(2024, 5, 30).unwrap());
        let w = warnings(&s);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].field, "staff[anna].absences[0]");
        assert!(w[0].warning);
        assert_eq!(w[1].field, "calendar.extra_closed[0]");
    }
}
