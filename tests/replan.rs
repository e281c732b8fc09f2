//! Re-planning mid-quarter with the least change (issue 24,
//! models/replan.md): the default re-planned after an illness, a closed
//! office day and a lost room — the freeze, the rules across its boundary,
//! the change count against a fresh plan, and calendars that update — and a
//! tiny week whose frozen days decide what may follow them.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use common::*;
use serviceplan::output::OutDir;
use serviceplan::plan::changes::{self, ChangeRow};
use serviceplan::plan::{OpeningRow, Plan, ShiftRow};
use serviceplan::planner::{self, Outcome, Published};
use serviceplan::report::{Lang, PlanFolder};
use serviceplan::scenario::{self, Scenario};
use serviceplan::verify;

fn date(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

fn planned(o: Outcome) -> Plan {
    match o {
        Outcome::Planned(p) => *p,
        Outcome::Infeasible { explanation, .. } => panic!("infeasible: {explanation}"),
        Outcome::NoSolution { reason, .. } => panic!("no solution: {reason}"),
    }
}

fn replanned(s: &Scenario, published: &Published, from: NaiveDate) -> Plan {
    match planner::replan(s, published, from, &options()) {
        Ok(o) => planned(o),
        Err(e) => panic!("re-plan refused: {e}"),
    }
}

/// Lines of a calendar file that start with `key:` (`UID`, `SEQUENCE` …).
fn lines_of(path: &Path, key: &str) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| l.starts_with(&format!("{key}:")))
        .map(|l| l[key.len() + 1..].to_string())
        .collect()
}

/// The default scenario with erik ill 5–16 May, Hille closed on Wednesday
/// 7 May, and Valbo's group room taken on 6 and 8 May, as a changes file.
const CHANGES: &str = r#"
[[absences]]
staff = "erik"
from = 2025-05-05
to = 2025-05-16
reason = "sjuk"

[[offices]]
id = "hille"
unavailable = [2025-05-07]

[[rooms]]
id = "valbo-grupprum"
unavailable = [2025-05-06, 2025-05-08]
"#;

#[test]
fn the_default_replanned_after_an_illness_a_closed_day_and_a_lost_room() {
    let dir = tempfile::tempdir().unwrap();
    let (s0, _) = scenario::load_default();
    let mut p0 = planned(planner::solve(&s0, &options()));
    let published_dir = dir.path().join("published");
    planner::write_verified_reports(
        &s0,
        &mut p0,
        &OutDir::claim(&published_dir, false).unwrap(),
        Some(Lang::Sv),
    )
    .unwrap();
    let changes_file = dir.path().join("changes.toml");
    std::fs::write(&changes_file, CHANGES).unwrap();
    let (s1, _) = scenario::load_with_changes(None, &changes_file).unwrap();
    assert_eq!(s1.name, s0.name);
    let published = Published::read(&published_dir).unwrap();
    let from = date("2025-05-05");
    let mut p1 = replanned(&s1, &published, from);
    let new_dir = dir.path().join("replanned");
    let report = planner::replan::write_verified(
        &s1,
        &mut p1,
        &published,
        &OutDir::claim(&new_dir, false).unwrap(),
        Some(Lang::En),
    )
    .unwrap();
    assert!(report.ok());

    // The freeze: every row before `from` as published, none added.
    let before = |o: &[OpeningRow], sh: &[ShiftRow]| {
        (
            o.iter()
                .filter(|r| r.date < from)
                .cloned()
                .collect::<Vec<_>>(),
            sh.iter()
                .filter(|r| r.date < from)
                .cloned()
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        before(&p1.openings, &p1.shifts),
        before(&p0.openings, &p0.shifts)
    );
    let new = PlanFolder::read(&new_dir).unwrap();
    let b0: Vec<_> = p0.bookings.iter().filter(|b| b.date < from).collect();
    let b1: Vec<_> = new
        .bookings
        .as_ref()
        .unwrap()
        .iter()
        .filter(|b| b.date < from)
        .collect();
    assert_eq!(b0, b1);

    // The scenario's changes hold: erik works none of his sick days, Hille
    // does not open on the 7th, the lost room holds no booking.
    assert!(
        !p1.shifts
            .iter()
            .any(|r| r.staff == "erik"
                && (date("2025-05-05")..=date("2025-05-16")).contains(&r.date))
    );
    assert!(
        !p1.openings
            .iter()
            .any(|r| r.office == "hille" && r.date == date("2025-05-07"))
    );
    assert!(!p1.bookings.iter().any(|b| b.room == "valbo-grupprum"
        && [date("2025-05-06"), date("2025-05-08")].contains(&b.date)));

    // Every hard rule across the boundary, from the files alone: the
    // verifier re-checks the whole period (rest, consecutive days, hour
    // windows and evenings per month include the frozen days), and the
    // re-plan against the published plan.
    let r =
        verify::plan::verify_replan_dir(&s1, &new_dir, (&p0.openings, &p0.shifts, &p0.bookings))
            .unwrap();
    assert!(r.ok(), "{:?}", r.violations);
    // May's evenings count the frozen ones: every office still has its two.
    for (office, months) in &p1.summary.evenings_per_month {
        assert!(months["2025-05"] >= 2, "{office}: {months:?}");
    }

    // changes.csv is the diff, exactly; the summary counts it.
    let listed: Vec<ChangeRow> = new.changes.clone().unwrap();
    let diff = changes::diff(
        (&p0.openings, &p0.shifts, &p0.bookings),
        (&p1.openings, &p1.shifts, &p1.bookings),
    );
    assert_eq!(listed, diff);
    assert!(listed.iter().all(|c| c.date >= from));
    let sum = p1.summary.replan.as_ref().unwrap();
    let staff_changes = listed.iter().filter(|c| c.is_shift()).count();
    assert_eq!(sum.staff_event_changes, staff_changes);
    // erik's published shifts in his sick days are removed, and someone
    // else covers each of them (the openings are kept).
    let sick: Vec<&ShiftRow> = p0
        .shifts
        .iter()
        .filter(|r| r.staff == "erik" && (from..=date("2025-05-16")).contains(&r.date))
        .collect();
    assert!(!sick.is_empty());
    for r in &sick {
        assert!(listed.iter().any(|c| c.what == "shift_removed"
            && c.staff == "erik"
            && c.date == r.date
            && c.office == r.office));
    }
    assert!(
        listed
            .iter()
            .any(|c| c.what == "opening_cancelled" && c.office == "hille")
    );
    // The notice period: every change there has a reason.
    assert_eq!(sum.notice_until, date("2025-05-18"));
    let in_notice = listed.iter().filter(|c| c.date <= sum.notice_until).count();
    assert_eq!(sum.notice_changes.len(), in_notice);
    assert!(
        sum.notice_changes
            .iter()
            .any(|n| n.contains("erik is absent"))
    );

    // Against a fresh plan of the same scenario. The published events the
    // scenario now forbids (erik's sick days, Hille's closed day) leave
    // both plans; the re-plan changes fewer staff events, at most half as
    // many beyond those, and none before `from`, where a fresh plan moves
    // staff too. (The issue's target of a fifth is out of reach here: each
    // forced removal needs a cover, so a re-plan changes at least twice
    // the forced removals, and a fresh plan of the default changes only
    // 2–5 times as many; see models/replan.md, Measurements.)
    let fresh = planned(planner::solve(&s1, &options()));
    let fresh_changes = changes::diff(
        (&p0.openings, &p0.shifts, &p0.bookings),
        (&fresh.openings, &fresh.shifts, &fresh.bookings),
    );
    let fresh_staff = fresh_changes.iter().filter(|c| c.is_shift()).count();
    let forced = p0
        .shifts
        .iter()
        .filter(|r| {
            (r.staff == "erik" && (from..=date("2025-05-16")).contains(&r.date))
                || (r.office == "hille" && r.date == date("2025-05-07"))
        })
        .count();
    eprintln!(
        "staff events changed: re-plan {staff_changes}, fresh plan {fresh_staff}, forced removals {forced}"
    );
    assert!(staff_changes < fresh_staff);
    assert!(
        2 * (staff_changes - forced) <= fresh_staff - forced,
        "re-plan changed {staff_changes} staff events, a fresh plan {fresh_staff}, {forced} forced"
    );
    assert!(
        listed
            .iter()
            .filter(|c| c.is_shift())
            .all(|c| c.date >= from)
    );

    // Calendars that update: UIDs without the scenario's name and the same
    // for unchanged events, SEQUENCE raised on changed ones, cancellations.
    let cal0 = published_dir.join("calendars");
    let cal1 = new_dir.join("calendars");
    let anna0: BTreeSet<String> = lines_of(&cal0.join("staff-anna.ics"), "UID")
        .into_iter()
        .collect();
    let anna1: BTreeSet<String> = lines_of(&cal1.join("staff-anna.ics"), "UID")
        .into_iter()
        .collect();
    assert!(
        anna0
            .iter()
            .all(|u| !u.contains("gavle") && u.starts_with("shift-anna-"))
    );
    let kept: Vec<_> = p0
        .shifts
        .iter()
        .filter(|r| r.staff == "anna" && p1.shifts.contains(r))
        .map(|r| changes::shift_uid(&r.staff, &r.office, r.date, &r.kind))
        .collect();
    assert!(!kept.is_empty());
    for uid in &kept {
        assert!(anna0.contains(uid) && anna1.contains(uid), "{uid}");
    }
    let erik = std::fs::read_to_string(cal1.join("staff-erik.ics")).unwrap();
    let removed = listed
        .iter()
        .filter(|c| c.what == "shift_removed" && c.staff == "erik")
        .count();
    assert_eq!(erik.matches("STATUS:CANCELLED").count(), removed);
    let cancel = std::fs::read_to_string(cal1.join("changes/staff-erik-cancel.ics")).unwrap();
    assert!(cancel.contains("METHOD:CANCEL\r\n"));
    assert_eq!(cancel.matches("BEGIN:VEVENT").count(), removed);
    assert!(cancel.contains("SEQUENCE:1\r\n"));
    let seq: BTreeMap<String, u32> = new
        .sequences
        .iter()
        .map(|r| (r.uid.clone(), r.sequence))
        .collect();
    // someone covers erik: an added shift, in a changes-only calendar, SEQUENCE 1
    let added = listed
        .iter()
        .find(|c| c.what == "shift_added")
        .expect("a cover");
    let uid = changes::change_uid(added).unwrap();
    assert_eq!(seq[&uid], 1);
    let file = cal1.join(format!("changes/staff-{}.ics", added.staff));
    assert!(lines_of(&file, "UID").contains(&uid));
    // unchanged events keep SEQUENCE 0, stamped with the plan's `from`
    assert!(
        std::fs::read_to_string(cal1.join("staff-anna.ics"))
            .unwrap()
            .contains("DTSTAMP:20250505T000000Z")
    );
    let report_html = std::fs::read_to_string(new_dir.join("report.html")).unwrap();
    assert!(report_html.contains("id=\"changes\""));
    assert!(report_html.contains("Erik Johansson"));
    // changes.csv names the office and the staff member for a reader.
    let changes_csv = std::fs::read_to_string(new_dir.join("changes.csv")).unwrap();
    assert_eq!(
        changes_csv.lines().next(),
        Some("date,office,staff,what,before,after,office_name,staff_name")
    );
    assert!(
        changes_csv
            .lines()
            .any(|l| l.contains(",erik,shift_removed,") && l.ends_with(",Erik Johansson")),
        "{changes_csv}"
    );

    // The verifier holds changes.csv to the plans: a row left out, or the
    // frozen part touched, is a `replan_freeze` violation.
    let shortened: Vec<ChangeRow> = listed[1..].to_vec();
    serviceplan::report::csv_io::write(
        &new_dir.join("changes.csv"),
        serviceplan::report::CHANGES_HEADER,
        &shortened,
    )
    .unwrap();
    let r =
        verify::plan::verify_replan_dir(&s1, &new_dir, (&p0.openings, &p0.shifts, &p0.bookings))
            .unwrap();
    assert_eq!(r.violations.len(), 1, "{:?}", r.violations);
    assert_eq!(r.violations[0].family.id, "replan_freeze");
    assert!(
        r.violations[0]
            .message
            .starts_with("changes.csv lacks a change")
    );
    let early: Vec<ShiftRow> = p0
        .shifts
        .iter()
        .filter(|r| r.date >= from)
        .cloned()
        .collect();
    let r = verify::plan::verify_replan_dir(&s1, &new_dir, (&p0.openings, &early, &p0.bookings))
        .unwrap();
    assert!(
        r.violations
            .iter()
            .any(|v| v.family.id == "replan_freeze"
                && v.message.contains("before --from 2025-05-05"))
    );
    serviceplan::report::csv_io::write(
        &new_dir.join("changes.csv"),
        serviceplan::report::CHANGES_HEADER,
        &listed,
    )
    .unwrap();

    // A re-plan of the re-plan raises the sequence again and keeps the others.
    let published2 = Published::read(&new_dir).unwrap();
    let p2 = replanned(&s1, &published2, date("2025-05-19"));
    let r2 = p2.replan.as_ref().unwrap();
    assert!(r2.changes.is_empty(), "{:?}", r2.changes);
    assert_eq!(r2.sequences, new.sequences);
}

/// A tiny week, an office open Tuesday to Sunday and at most 3 consecutive
/// days: s1 worked Tuesday to Thursday (frozen), s2 falls ill Friday and
/// Saturday. Friday would be s1's fourth day in a row, so the re-plan
/// leaves it without an opening and gives s1 Saturday beside its Sunday.
#[test]
fn frozen_days_count_in_the_rules_across_the_boundary() {
    let text = format!(
        "{HEAD}\n[period]\nstart = 2025-05-05\nend = 2025-05-11\n[[offices]]\nid = \"a\"\narea = \"home\"\nlat = 60.0\nlon = 17.0\nhours = {{ tue = \"10:00-15:00\", wed = \"10:00-15:00\", thu = \"10:00-15:00\", fri = \"10:00-15:00\", sat = \"10:00-15:00\", sun = \"10:00-15:00\" }}\nevening_days = []\n[[staff]]\nid = \"s1\"\nfte = 1.0\nhome = \"home\"\n[[staff]]\nid = \"s2\"\nfte = 1.0\nhome = \"home\"\n"
    )
    .replace("cycle_weeks = 0", "cycle_weeks = 0\nmax_consecutive_days = 3\nchange_notice_days = 0");
    let s0 = load(&text);
    let s1 = load(&format!(
        "{text}\n[[absences]]\nstaff = \"s2\"\nfrom = 2025-05-09\nto = 2025-05-10\n"
    ));
    let day = |d: &str, who: &str| {
        (
            OpeningRow {
                date: date(d),
                office: "a".into(),
                start: "10:00".into(),
                end: "15:00".into(),
                kind: "day".into(),
            },
            ShiftRow {
                date: date(d),
                office: "a".into(),
                staff: who.into(),
                start: "10:00".into(),
                end: "15:00".into(),
                kind: "day".into(),
                travel_minutes: 0,
                break_start: String::new(),
                break_end: String::new(),
            },
        )
    };
    let week = [
        day("2025-05-06", "s1"),
        day("2025-05-07", "s1"),
        day("2025-05-08", "s1"),
        day("2025-05-09", "s2"),
        day("2025-05-10", "s2"),
        day("2025-05-11", "s1"),
    ];
    let (openings, shifts): (Vec<_>, Vec<_>) = week.into_iter().unzip();
    let r = verify::verify(&s0, &openings, &shifts);
    assert!(r.ok(), "{:?}", r.violations);
    let published = Published {
        folder: PlanFolder {
            summary: serde_json::json!({"period": {"start": "2025-05-05", "end": "2025-05-11"}}),
            period: (date("2025-05-05"), date("2025-05-11")),
            openings,
            shifts,
            base: Vec::new(),
            staff_hours: Vec::new(),
            costs: Vec::new(),
            bookings: None,
            changes: None,
            sequences: Vec::new(),
        },
        sequences: Vec::new(),
    };
    let p = replanned(&s1, &published, date("2025-05-09"));
    let after: Vec<(String, String)> = p
        .shifts
        .iter()
        .filter(|r| r.date >= date("2025-05-09"))
        .map(|r| (r.date.to_string(), r.staff.clone()))
        .collect();
    let want: Vec<(String, String)> = [("2025-05-10", "s1"), ("2025-05-11", "s1")]
        .iter()
        .map(|(d, s)| (d.to_string(), s.to_string()))
        .collect();
    assert_eq!(after, want);
    assert!(!p.openings.iter().any(|o| o.date == date("2025-05-09")));
    assert!(verify::verify(&s1, &p.openings, &p.shifts).ok());
    // Without the frozen days counted, s1 could open Friday: the fresh
    // plan of the same week does (its Tuesday to Thursday are its own).
    let fresh = plan(&s1);
    assert!(fresh.openings.iter().any(|o| o.date == date("2025-05-09")));
}

/// A scenario that changes a published day before `from` is refused,
/// naming the event and the fix.
#[test]
fn a_change_before_from_is_refused_with_the_fix() {
    let text = format!(
        "{HEAD}\n[period]\nstart = 2025-05-05\nend = 2025-05-11\n[[offices]]\nid = \"a\"\narea = \"home\"\nlat = 60.0\nlon = 17.0\nhours = {{ mon = \"10:00-15:00\" }}\n[[staff]]\nid = \"s1\"\nfte = 1.0\nhome = \"home\"\n[[absences]]\nstaff = \"s1\"\nfrom = 2025-05-05\nto = 2025-05-05\n"
    );
    let s = load(&text);
    let published = Published {
        folder: PlanFolder {
            summary: serde_json::json!({}),
            period: (date("2025-05-05"), date("2025-05-11")),
            openings: vec![OpeningRow {
                date: date("2025-05-05"),
                office: "a".into(),
                start: "10:00".into(),
                end: "15:00".into(),
                kind: "day".into(),
            }],
            shifts: vec![ShiftRow {
                date: date("2025-05-05"),
                office: "a".into(),
                staff: "s1".into(),
                start: "10:00".into(),
                end: "15:00".into(),
                kind: "day".into(),
                travel_minutes: 0,
                break_start: String::new(),
                break_end: String::new(),
            }],
            base: Vec::new(),
            staff_hours: Vec::new(),
            costs: Vec::new(),
            bookings: None,
            changes: None,
            sequences: Vec::new(),
        },
        sequences: Vec::new(),
    };
    let Err(e) = planner::replan(&s, &published, date("2025-05-07"), &options()) else {
        panic!("a published shift on a day of absence before --from must be refused");
    };
    assert_eq!(e.exit_code(), 2);
    let m = e.to_string();
    assert!(
        m.contains("staff s1 has a published shift at office a on 2025-05-05 and is absent"),
        "{m}"
    );
    assert!(
        m.contains("fix: give --from the first date the scenario changes"),
        "{m}"
    );
}

/// The command refuses a --from outside the period with exit code 2,
/// before it solves, naming the fix.
#[test]
fn replan_refuses_a_from_outside_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = scenario::load_default();
    // a published folder of the right period, with nothing in it
    let plan_dir = dir.path().join("published");
    let mut p = planned(planner::solve(&s, &options()));
    p.openings.clear();
    p.shifts.clear();
    p.bookings.clear();
    p.demand.clear();
    p.slots.clear();
    std::fs::create_dir_all(&plan_dir).unwrap();
    serviceplan::report::write_plan_files(&plan_dir, &p, &serviceplan::report::Names::of(&s))
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_serviceplan"))
        .args(["replan", "--plan"])
        .arg(&plan_dir)
        .args(["--from", "2025-07-01", "--out"])
        .arg(dir.path().join("new"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--from 2025-07-01 is outside the period 2025-04-01 to 2025-06-30"),
        "{err}"
    );
    assert!(!dir.path().join("new").exists());
}
