//! The yearly budget limits inside the solve (families `budget` and
//! `budget_deficit`): a hand-computed scenario where the hard limit binds
//! and changes the plan, the exact deficit in soft mode, an impossible
//! budget named as the conflict (exit 3), the verifier's check of
//! `costs.csv`, and the validation of `costs.budget_mode`.
//!
//! The scenario: one staff member (0.5 FTE, salary 10 000 kr, on-costs 50 %)
//! and one office 50 road km away, open Mondays 10:00–13:00, in February
//! 2025 (4 Mondays, 28 days). The programme is 2025 alone (share 1).
//!
//! - salaries: 0.5 × 10 000 × 12 × 1.5 = 90 000 kr;
//! - each opening: mileage 100 km × 2.5 = 250 kr; OB after 12:00, 1 h ×
//!   60 kr = 60 kr, with on-costs 90 kr; projected to the year × 365/28:
//!   340 × 365/28 = 4 432.142857 kr;
//! - staff cost with n openings: 90 000 + n × 4 432.142857
//!   (n = 2: 98 864.29, n = 3: 103 296.43, n = 4: 107 728.57);
//! - paid minutes per opening: 180 on site + 2 × 50 travel = 280.
//!
//! Without a limit all 4 openings are held (objective 4 × 280 = 1 120).
//! With a staff budget of 100 000 kr at most 2 fit: objective
//! 2 × 1 000 (missing) + 2 × 280 = 2 560, staff cost 98 864 kr.
//!
//! In soft mode a SEK of the period's own cost over the budget costs the
//! deficit weight once (not once per projected SEK): an opening then costs
//! 280 + 340 × weight against 1 000 for a missing one, so all 4 are held
//! up to a weight of 2.12 and none above it.

mod common;

use std::path::Path;

use common::*;
use serviceplan::plan::Plan;
use serviceplan::planner::{self, Outcome};
use serviceplan::scenario::Scenario;

fn scenario(budget_staff: f64, mode: &str, deficit_weight: f64) -> Scenario {
    let head = HEAD.replace(
        "preference = 0\n",
        &format!("preference = 0\nbudget_deficit_sek = {deficit_weight}\n"),
    );
    load(&format!(
        "{head}[period]\nstart = 2025-02-01\nend = 2025-02-28\n\
         [costs]\nmonthly_salary = 10000\nsalary_year = 2025\non_costs = {{ \"2025\" = 0.5 }}\n\
         mileage_sek_per_km = 2.5\nob_sek_per_hour = 60\nob_from = \"12:00\"\n\
         programme_start = 2025-01-01\nprogramme_end_year = 2025\nbudget_mode = \"{mode}\"\n\
         budget = {{ staff = {budget_staff}, premises = 0, other = 0 }}\n\
         [[offices]]\nid = \"far\"\narea = \"home\"\nlat = 60.0\nlon = 17.0\nroad_km = 50\n\
         hours = {{ mon = \"10:00-13:00\" }}\n\
         [[staff]]\nid = \"s1\"\nfte = 0.5\nhome = \"home\"\n"
    ))
}

fn cost(p: &Plan, category: &str) -> (f64, f64, f64) {
    let c = p
        .summary
        .costs
        .iter()
        .find(|c| c.year == 2025 && c.category == category)
        .unwrap();
    (c.planned_sek, c.budget_sek, c.deficit_sek)
}

fn days(p: &Plan) -> usize {
    p.openings.iter().filter(|o| o.kind == "day").count()
}

fn write_and_verify(s: &Scenario, p: &mut Plan) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan");
    planner::write_verified(s, p, &out).expect("the plan passes the verifier");
    dir
}

#[test]
fn without_a_binding_limit_every_opening_is_held() {
    let p = plan(&scenario(200_000.0, "hard", 1.0));
    assert_eq!(days(&p), 4);
    assert!((p.summary.objective.unwrap() - 1120.0).abs() < 1e-6);
    // 90 000 + 4 × 340 × 365 / 28 = 107 728.57
    assert_eq!(cost(&p, "staff"), (107_729.0, 200_000.0, 0.0));
    assert_eq!(p.summary.mileage_sek, 1000.0);
    assert!(!p.summary.budget_in_solve);
}

#[test]
fn a_hard_staff_budget_leaves_out_the_openings_it_cannot_pay() {
    let s = scenario(100_000.0, "hard", 1.0);
    let mut p = plan(&s);
    assert_eq!(days(&p), 2, "{:?}", p.openings);
    assert_eq!(p.summary.missing_openings, 2.0);
    assert!(
        (p.summary.objective.unwrap() - 2560.0).abs() < 1e-6,
        "{:?}",
        p.summary.objective
    );
    // 90 000 + 2 × 340 × 365 / 28 = 98 864.29
    assert_eq!(cost(&p, "staff"), (98_864.0, 100_000.0, 0.0));
    assert_eq!(p.summary.budget_deficit_sek, 0.0);
    assert!(p.summary.budget_in_solve);
    assert_eq!(p.summary.budget_mode, "hard");
    write_and_verify(&s, &mut p);
}

#[test]
fn a_soft_budget_reports_the_exact_deficit() {
    // 0.1 per SEK over: an opening costs 280 + 443.2 < 1 000 for a missing one.
    let s = scenario(100_000.0, "soft", 0.1);
    let mut p = plan(&s);
    assert_eq!(days(&p), 4);
    // 107 728.57 − 100 000 = 7 728.57: costs.csv rounds to 107 729 − 100 000
    assert_eq!(cost(&p, "staff"), (107_729.0, 100_000.0, 7_729.0));
    assert_eq!(p.summary.budget_deficit_sek, 7_729.0);
    // 4 × 280 + 0.1 × (4 × 340 × 365/28 − 10 000) × 28/365: the yearly
    // deficit priced at the period's share of the year
    let expected = 1120.0 + 0.1 * (4.0 * 340.0 - 10_000.0 * 28.0 / 365.0);
    assert!(
        (p.summary.objective.unwrap() - expected).abs() < 1e-4,
        "{:?} vs {expected}",
        p.summary.objective
    );
    let dir = write_and_verify(&s, &mut p);
    let text = std::fs::read_to_string(dir.path().join("plan/costs.csv")).unwrap();
    assert!(text.starts_with("year,category,planned_sek,budget_sek,deficit_sek\n"));
    assert!(
        text.contains("2025,staff,107729.0,100000.0,7729.0\n"),
        "{text}"
    );
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("plan/summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(summary["budget_deficit_sek"], 7729.0);
    assert_eq!(summary["budget_mode"], "soft");
}

#[test]
fn a_soft_budget_never_trades_an_opening_for_less_than_it_is_worth() {
    // 1 per SEK over: a third and fourth opening cost 280 + 340 < 1 000
    // each, so all 4 are held; the projection's ×365/28 used to price them
    // at 280 + 4 432 and drop two.
    let p = plan(&scenario(100_000.0, "soft", 1.0));
    assert_eq!(days(&p), 4);
    assert_eq!(cost(&p, "staff"), (107_729.0, 100_000.0, 7_729.0));
    let expected = 1120.0 + (4.0 * 340.0 - 10_000.0 * 28.0 / 365.0);
    assert!((p.summary.objective.unwrap() - expected).abs() < 1e-4);
    // Salaries alone over the budget (as in the report: every opening was
    // dropped): the openings are held exactly as with no deficit price.
    let over = plan(&scenario(50_000.0, "soft", 1.0));
    let free = plan(&scenario(50_000.0, "soft", 0.0));
    assert_eq!(days(&over), 4);
    assert_eq!(days(&free), 4);
    // Above 720/340 = 2.12 per SEK an opening costs more than it is worth.
    assert_eq!(days(&plan(&scenario(50_000.0, "soft", 2.2))), 0);
    assert_eq!(days(&plan(&scenario(50_000.0, "soft", 2.0))), 4);
}

#[test]
fn a_budget_below_the_salaries_is_named_as_the_conflict() {
    let s = scenario(50_000.0, "hard", 1.0);
    match planner::solve(&s, &options()) {
        Outcome::Infeasible { explanation, .. } => {
            let c = &explanation.conflicts;
            assert_eq!(c.len(), 1, "{explanation}");
            assert_eq!(c[0].family.id, "budget");
            assert_eq!(c[0].name, "Yearly budget per category");
            // 90 000 − 50 000 = 40 000 SEK, in rows of 1 000 SEK
            assert!((c[0].amount - 40.0).abs() < 1e-6, "{explanation}");
            assert!(c[0].examples[0].starts_with("staff 2025"), "{explanation}");
        }
        _ => panic!("expected infeasible"),
    }
    // the command line: exit 3 with the family named
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tiny.toml");
    std::fs::write(&file, toml_of(50_000.0)).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_serviceplan"))
        .args(["plan", "tiny.toml", "--out", "out"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("Yearly budget per category [budget]"), "{err}");
    assert!(!dir.path().join("out").exists());
}

fn toml_of(budget_staff: f64) -> String {
    let head = HEAD.to_string();
    format!(
        "{head}[period]\nstart = 2025-02-01\nend = 2025-02-28\n\
         [costs]\nmonthly_salary = 10000\nsalary_year = 2025\non_costs = {{ \"2025\" = 0.5 }}\n\
         programme_start = 2025-01-01\nprogramme_end_year = 2025\n\
         budget = {{ staff = {budget_staff}, premises = 0, other = 0 }}\n\
         [[offices]]\nid = \"far\"\narea = \"home\"\nlat = 60.0\nlon = 17.0\nroad_km = 50\n\
         hours = {{ mon = \"10:00-13:00\" }}\n\
         [[staff]]\nid = \"s1\"\nfte = 0.5\nhome = \"home\"\n"
    )
}

#[test]
fn the_verifier_rejects_a_costs_file_over_the_budget_or_off_the_shifts() {
    let s = scenario(100_000.0, "hard", 1.0);
    let mut p = plan(&s);
    let dir = write_and_verify(&s, &mut p);
    let plan_dir = dir.path().join("plan");
    let costs = plan_dir.join("costs.csv");
    let text = std::fs::read_to_string(&costs).unwrap();
    let families = |dir: &Path| -> Vec<String> {
        let r = serviceplan::verify::verify_dir(&s, dir).unwrap();
        r.violations
            .iter()
            .map(|v| format!("{}: {}", v.family, v.message))
            .collect()
    };
    assert!(families(&plan_dir).is_empty());
    // a planned figure that the shifts do not give
    std::fs::write(&costs, text.replace("98864.0", "98000.0")).unwrap();
    let v = families(&plan_dir);
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(
        v[0].contains(
            "budget: staff 2025: planned_sek is 98000, the shifts and open offices cost 98864"
        ),
        "{v:?}"
    );
    // a budget cut in the file: over it in hard mode
    std::fs::write(&costs, text.replace("98864.0,100000.0", "98864.0,90000.0")).unwrap();
    let v = families(&plan_dir);
    assert_eq!(v.len(), 2, "{v:?}");
    assert!(
        v.iter()
            .any(|m| m.contains("over the budget of 90000 SEK by 8864")),
        "{v:?}"
    );
    // an extra Monday opening and shift: the staff cost is over the budget
    let mut shifts = std::fs::read_to_string(plan_dir.join("shifts.csv")).unwrap();
    let mut openings = std::fs::read_to_string(plan_dir.join("openings.csv")).unwrap();
    std::fs::write(&costs, &text).unwrap();
    for date in ["2025-02-03", "2025-02-10", "2025-02-17", "2025-02-24"] {
        if !openings.contains(date) {
            openings += &format!("{date},far,10:00,13:00,day\n");
            shifts += &format!("{date},far,s1,10:00,13:00,day,50,,\n");
            break;
        }
    }
    std::fs::write(plan_dir.join("shifts.csv"), shifts).unwrap();
    std::fs::write(plan_dir.join("openings.csv"), openings).unwrap();
    let v = families(&plan_dir);
    assert!(
        v.iter()
            .any(|m| m.contains("the shifts and open offices cost 103296")),
        "{v:?}"
    );
}

#[test]
fn an_unknown_budget_mode_is_bad_input_with_its_line() {
    let text = toml_of(100_000.0).replace(
        "programme_end_year = 2025\n",
        "programme_end_year = 2025\nbudget_mode = \"medium\"\n",
    );
    let d = match serviceplan::scenario::load_str(Path::new("t.toml"), &text) {
        Ok(_) => panic!("budget_mode = \"medium\" was accepted"),
        Err(d) => d.to_string(),
    };
    assert!(d.contains("costs.budget_mode"), "{d}");
    assert!(d.contains("unknown budget mode `medium`"), "{d}");
    let line = text
        .lines()
        .position(|l| l.starts_with("budget_mode"))
        .unwrap()
        + 1;
    assert!(d.contains(&format!("t.toml:{line}:")), "{d}");
}

#[test]
fn every_row_of_the_shipped_scenarios_belongs_to_a_listed_family() {
    use serviceplan::model::{Cycle, Model, family};
    use serviceplan::scenario::facts::Facts;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in ["scenarios/gavle.toml", "scenarios/gavle-val-av-kontor.toml"] {
        let (s, _) = serviceplan::scenario::load(&repo.join(file)).unwrap();
        for mode in ["hard", "soft"] {
            let mut s = s.clone();
            s.costs.budget_mode = mode.into();
            let f = Facts::new(&s);
            let m = Model::build(&s, &f, Cycle::Off);
            let mut ids: Vec<&str> = m.lp.rows().iter().map(|r| r.family.id).collect();
            ids.sort();
            ids.dedup();
            for id in &ids {
                assert!(family(id).is_some(), "{file}: family `{id}` is not listed");
            }
            let budget = if mode == "hard" {
                "budget"
            } else {
                "budget_deficit"
            };
            assert!(ids.contains(&budget), "{file} {mode}: {ids:?}");
        }
    }
}

/// The same office under a premises agreement that charges 100 kr per
/// opening hour: each 3-hour opening costs 300 kr, projected to the year
/// × 365/28 = 3 910.714 kr. A premises budget of 10 000 kr pays for two
/// (7 821.43 kr), not three (11 732.14 kr).
fn hourly(premises_budget: f64) -> Scenario {
    let text = format!(
        "{HEAD}[period]\nstart = 2025-02-01\nend = 2025-02-28\n\
         [costs]\nmonthly_salary = 10000\nsalary_year = 2025\non_costs = {{ \"2025\" = 0.5 }}\n\
         mileage_sek_per_km = 2.5\nob_sek_per_hour = 60\nob_from = \"12:00\"\n\
         programme_start = 2025-01-01\nprogramme_end_year = 2025\n\
         budget = {{ staff = 200000, premises = {premises_budget}, other = 0 }}\n\
         [[offices]]\nid = \"far\"\narea = \"home\"\nlat = 60.0\nlon = 17.0\nroad_km = 50\n\
         hours = {{ mon = \"10:00-13:00\" }}\npremises_cost_per_hour = 100\n\
         [[staff]]\nid = \"s1\"\nfte = 0.5\nhome = \"home\"\n"
    );
    load(&text)
}

#[test]
fn premises_charged_per_hour_follow_the_openings_and_the_limit() {
    let p = plan(&hourly(50_000.0));
    assert_eq!(days(&p), 4);
    // 4 × 300 × 365 / 28 = 15 642.86
    assert_eq!(cost(&p, "premises"), (15_643.0, 50_000.0, 0.0));
    let s = hourly(10_000.0);
    let mut p = plan(&s);
    assert_eq!(days(&p), 2, "{:?}", p.openings);
    assert_eq!(cost(&p, "premises"), (7_821.0, 10_000.0, 0.0));
    assert!(p.summary.budget_in_solve);
    let dir = write_and_verify(&s, &mut p);
    // the verifier recomputes the hourly premises from openings.csv
    let costs = dir.path().join("plan/costs.csv");
    let text = std::fs::read_to_string(&costs).unwrap();
    std::fs::write(&costs, text.replace("premises,7821", "premises,6000")).unwrap();
    let report = serviceplan::verify::verify_dir(&s, &dir.path().join("plan")).unwrap();
    assert!(!report.ok(), "a wrong premises figure must be caught");
}

#[test]
fn the_workload_share_is_reported_per_staff_member() {
    // 4 openings × 280 paid minutes = 18.67 h of a 0.5 FTE contract over
    // February 2025's 20 working days × 8 h × 0.5 = 80 h: 23.3 %.
    let p = plan(&scenario(200_000.0, "hard", 1.0));
    let h = &p.staff_hours[0];
    assert_eq!(h.contract_hours, 80.0, "{h:?}");
    assert_eq!(h.office_share_pct, 23.3, "{h:?}");
}
