//! Breaks (ATL §15, family `breaks`): a working day longer than
//! `max_hours_without_break` shows its break in shifts.csv (and from there
//! in the calendars, plan.xlsx and report.html), placed by hand here, and
//! the verifier refuses a plan whose break is missing or leaves too long a
//! stretch.

mod common;

use common::*;
use serviceplan::verify;

/// One office, open Tuesdays 10:00–17:00 and Wednesdays 10:00–14:00, in
/// the staff member's home area (no travel), for the ISO week from Monday
/// 31 March 2025 (a whole week, so weekly rest lies within the period).
fn scenario() -> serviceplan::scenario::Scenario {
    load(&format!(
        "{HEAD}[period]\nstart = 2025-03-31\nend = 2025-04-06\n\
         [[offices]]\nid = \"a\"\narea = \"home\"\nlat = 60.0\nlon = 17.0\n\
         hours = {{ tue = \"10:00-17:00\", wed = \"10:00-14:00\" }}\nevening_days = []\n\
         [[staff]]\nid = \"s1\"\nfte = 1.0\nhome = \"home\"\n"
    ))
}

#[test]
fn a_long_day_shows_its_break_and_the_verifier_checks_it() {
    let s = scenario();
    let p = plan(&s);
    let days: Vec<(String, String, String, String, u32)> = p
        .shifts
        .iter()
        .map(|r| {
            (
                r.date.to_string(),
                r.start.clone(),
                r.break_start.clone(),
                r.break_end.clone(),
                r.travel_minutes,
            )
        })
        .collect();
    // 7 hours on Tuesday: the break may start from 11:30 (else more than
    // 5 h after it) to 15:00 (else more than 5 h before it); nearest 12:00.
    // 4 hours on Wednesday: none.
    assert_eq!(
        days,
        [
            (
                "2025-04-01".into(),
                "10:00".into(),
                "12:00".into(),
                "12:30".into(),
                0
            ),
            ("2025-04-02".into(), "10:00".into(), "".into(), "".into(), 0),
        ]
    );
    assert!(verify::verify(&s, &p.openings, &p.shifts).ok());

    let broken = |shifts: &[serviceplan::plan::ShiftRow]| -> Vec<String> {
        verify::verify(&s, &p.openings, shifts)
            .violations
            .into_iter()
            .filter(|v| v.family.id == "breaks")
            .map(|v| v.message)
            .collect()
    };
    // Moved to 16:00: 6 hours before it.
    let mut late = p.shifts.clone();
    late[0].break_start = "16:00".into();
    late[0].break_end = "16:30".into();
    let b = broken(&late);
    assert!(
        b.len() == 1 && b[0].contains("stretch longer than 5 h"),
        "{b:?}"
    );
    // Left out.
    let mut none = p.shifts.clone();
    none[0].break_start.clear();
    none[0].break_end.clear();
    let b = broken(&none);
    assert!(b.len() == 1 && b[0].contains("shows none"), "{b:?}");
    // Too short.
    let mut short = p.shifts.clone();
    short[0].break_end = "12:15".into();
    assert_eq!(broken(&short).len(), 1);
}

#[test]
fn the_break_is_placed_as_near_noon_as_the_rule_allows() {
    use serviceplan::scenario::facts::break_window;
    // 08:00–17:00 with 30 min: from 11:30 to 13:00, so 12:00.
    assert_eq!(break_window(480, 1020, 30, 300), Some((720, 750)));
    // 12:00–18:00: from 12:30 (else 5.5 h after) — the earliest.
    assert_eq!(break_window(720, 1080, 30, 300), Some((750, 780)));
    // 06:00–12:00: at the latest 11:00.
    assert_eq!(break_window(360, 720, 30, 300), Some((660, 690)));
    // 5 hours exactly: no break.
    assert_eq!(break_window(600, 900, 30, 300), None);
    // 12:07–18:07: from 12:37, the next 5-minute mark is 12:40.
    assert_eq!(break_window(727, 1087, 30, 300), Some((760, 790)));
}
