//! Explanations name the root cause before the symptom: a skill whose only
//! holder is absent, absences that leave too few staff for the evenings, and
//! salaries alone above a hard budget are proven by counting before any
//! solve (exit code 3), in the scenario's own names; the elastic re-solve
//! is left for what counting cannot prove.
//!
//! The scenario: two staff (Anna with skill "tolk", Bo without), one office
//! "Hedesunda" open Tuesdays with an evening on Tuesdays, needing 2 evenings
//! in May 2025 with an interpreter present.

mod common;

use std::process::Command;

use common::*;
use serviceplan::planner::Outcome;

fn scenario(anna_absent: &str, evening_staff: u32) -> String {
    let head = HEAD.replace(
        "min_evenings_per_month = 0\n",
        "min_evenings_per_month = 2\n",
    );
    let head = head.replace(
        "[rules]\n",
        &format!("[rules]\nstaff_per_opening = {{ day = 1, evening = {evening_staff} }}\n"),
    );
    format!(
        "{head}[period]\nstart = 2025-05-01\nend = 2025-05-31\n\
         [[offices]]\nid = \"hed\"\nname = \"Hedesunda\"\narea = \"home\"\nlat = 60.0\nlon = 17.0\n\
         hours = {{ tue = \"10:00-13:00\" }}\nevening_days = [\"tue\"]\nrequired_skills = [\"tolk\"]\n\
         [[staff]]\nid = \"a\"\nname = \"Anna\"\nfte = 1.0\nhome = \"home\"\nskills = [\"tolk\"]\n\
         {anna_absent}\
         [[staff]]\nid = \"b\"\nname = \"Bo\"\nfte = 1.0\nhome = \"home\"\n"
    )
}

const ANNA_AWAY_ALL_MAY: &str =
    "absences = [{ from = 2025-05-01, to = 2025-05-31, reason = \"sjuk\" }]\n";

#[test]
fn the_absent_holder_of_a_required_skill_is_named_not_the_evening_minimum() {
    let s = load(&scenario(ANNA_AWAY_ALL_MAY, 1));
    let Outcome::Infeasible { explanation, .. } = solve(&s) else {
        panic!("expected infeasible");
    };
    let text = explanation.to_string();
    assert!(explanation.proven, "{text}");
    let c = &explanation.conflicts;
    assert_eq!(c.len(), 1, "{text}");
    assert_eq!(c[0].family.id, "skills", "{text}");
    // 2 evenings short: none of the 4 Tuesdays has Anna.
    assert_eq!(c[0].amount, 2.0, "{text}");
    let e = &c[0].examples[0];
    assert!(e.contains("Hedesunda"), "{e}");
    assert!(e.contains("\"tolk\""), "{e}");
    assert!(e.contains("only Anna has it"), "{e}");
    assert!(e.contains("Anna 2025-05-01–2025-05-31"), "{e}");
    assert!(!text.contains("evening_minimum"), "{text}");
}

#[test]
fn absences_that_leave_too_few_staff_for_the_evenings_are_named() {
    // Anna away for three of the four Tuesdays, 2 staff needed per evening
    // (she has the skill, so both rules are short on the same days).
    let away = "absences = [{ from = 2025-05-01, to = 2025-05-25, reason = \"semester\" }]\n";
    let s = load(&scenario(away, 2));
    let Outcome::Infeasible { explanation, .. } = solve(&s) else {
        panic!("expected infeasible");
    };
    let ids: Vec<&str> = explanation.conflicts.iter().map(|c| c.family.id).collect();
    assert_eq!(ids, ["skills", "unavailable"], "{explanation}");
    // Tuesdays 6, 13, 20 without Anna; 27 with her: 1 of 2 needed.
    assert_eq!(explanation.conflicts[1].amount, 1.0, "{explanation}");
    assert!(
        explanation.conflicts[1].examples[0].contains("present on only 1 of its 4 evening days"),
        "{explanation}"
    );
}

#[test]
fn a_skill_present_often_enough_is_no_conflict() {
    let away = "absences = [{ from = 2025-05-01, to = 2025-05-14, reason = \"semester\" }]\n";
    let p = plan(&load(&scenario(away, 1)));
    assert_eq!(p.openings.iter().filter(|o| o.kind == "evening").count(), 2);
}

#[test]
fn salaries_above_a_hard_budget_exit_3_before_solving_naming_only_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("over.toml");
    let text = scenario("", 1).replace(
        "[period]",
        "[costs]\nmonthly_salary = 40000\nbudget = { staff = 100000, premises = 500000, other = 500000 }\n\
         programme_start = 2025-01-01\nprogramme_end_year = 2025\n[period]",
    );
    std::fs::write(&file, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_serviceplan"))
        .args(["plan", file.to_str().unwrap(), "--out"])
        .arg(dir.path().join("plan"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("proven by counting"), "{err}");
    assert!(err.contains("[budget]"), "{err}");
    assert!(
        err.contains("staff 2025: salaries with on-costs alone"),
        "{err}"
    );
    assert!(
        !err.contains("[evening_minimum]") && !err.contains("[staffing]"),
        "{err}"
    );
    assert!(!dir.path().join("plan").exists());
}
