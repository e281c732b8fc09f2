//! The planner's search as a user meets it: the time limit is a promise at
//! every size, the exported model is the model (another solver reading
//! `quarter.mps` finds the plan's objective), the reported bound is valid
//! (never above the proven optimum of the same model), and a legal plan
//! comes at once from the construction.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use proptest::prelude::*;
use serviceplan::planner::{self, Outcome};
use serviceplan::scenario::generate::generated;
use serviceplan::solve::{Deadline, SolveOptions};

/// The tests of this file time whole commands: they run one at a time, so
/// that they do not take each other's cores (the machine has two).
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_serviceplan"))
}

/// HiGHS alone on a written model: its proven optimum, if any.
fn highs_optimum(mps: &Path) -> Option<f64> {
    let path = std::ffi::CString::new(mps.to_str().unwrap()).unwrap();
    // SAFETY: one HiGHS instance, created, used and destroyed here; the
    // option names and the path are NUL-terminated.
    unsafe {
        let h = highs_sys::Highs_create();
        highs_sys::Highs_setBoolOptionValue(h, c"output_flag".as_ptr(), 0);
        highs_sys::Highs_setDoubleOptionValue(h, c"mip_rel_gap".as_ptr(), 1e-9);
        highs_sys::Highs_setDoubleOptionValue(h, c"time_limit".as_ptr(), 120.0);
        highs_sys::Highs_readModel(h, path.as_ptr());
        highs_sys::Highs_run(h);
        let status = highs_sys::Highs_getModelStatus(h);
        let value = highs_sys::Highs_getObjectiveValue(h);
        highs_sys::Highs_destroy(h);
        (status == highs_sys::kHighsModelStatusOptimal).then_some(value)
    }
}

/// Plans a generated scenario through the command with `limit` seconds and
/// checks the promise: back within limit + 5 % + 1 s, with a plan that
/// passes `verify` (exit 0) or none (exit 4).
fn keeps_its_time_limit(offices: usize, staff: usize, seed: u64, limit: f64) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.toml");
    std::fs::write(
        &file,
        toml::to_string(&generated(offices, staff, seed)).unwrap(),
    )
    .unwrap();
    let t = Instant::now();
    let o = bin()
        .args([
            "plan",
            "g.toml",
            "--out",
            "p",
            "--time-limit",
            &limit.to_string(),
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let wall = t.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        wall <= limit * 1.05 + 1.0,
        "{offices}x{staff}: {wall:.2} s for a {limit} s limit\n{err}"
    );
    match o.status.code() {
        Some(0) => {
            let v = bin()
                .args(["verify", "g.toml", "p"])
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
        }
        Some(4) => assert!(!dir.path().join("p").exists()),
        other => panic!("{offices}x{staff}: exit {other:?}\n{err}"),
    }
}

#[test]
fn a_large_scenario_returns_within_a_short_limit() {
    let _serial = serial();
    keeps_its_time_limit(50, 60, 3, 6.0);
}

/// 100 offices x 120 staff at 10 s: before the rooms model was built
/// beside the quarter's and time was kept back for verifying and writing
/// (`planner::write_reserve`), this seed's plan came back after 12.2 s.
#[test]
fn the_largest_generated_size_keeps_a_10_s_limit() {
    let _serial = serial();
    keeps_its_time_limit(100, 120, 82, 10.0);
}

#[test]
fn a_mid_size_scenario_returns_within_a_short_limit_with_a_plan() {
    let _serial = serial();
    keeps_its_time_limit(25, 30, 5, 5.0);
}

/// Ctrl-C stops the solve and the best plan found so far is written.
#[test]
fn an_interrupt_keeps_the_best_plan() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("g.toml"),
        toml::to_string(&generated(25, 30, 5)).unwrap(),
    )
    .unwrap();
    let t = Instant::now();
    let child = bin()
        .args(["plan", "g.toml", "--out", "p", "--time-limit", "60"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(3));
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(t.elapsed().as_secs_f64() < 15.0, "did not stop");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("p/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["status"], "time_limit");
    assert_eq!(summary["verified"], true);
}

/// The exported quarter is the model: HiGHS alone, reading the file,
/// proves the optimum the plan reports (plus the stage's offset).
#[test]
fn the_exported_quarter_is_the_model_the_plan_solves() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}\n[period]\nstart = 2025-03-03\nend = 2025-03-30\n\
         [[offices]]\nid = \"a\"\narea = \"home\"\nlat = 60.1\nlon = 17.0\nhours = {{ mon = \"10:00-14:00\", wed = \"10:00-14:00\" }}\n\
         [[offices]]\nid = \"b\"\narea = \"home\"\nlat = 60.3\nlon = 17.0\nhours = {{ tue = \"10:00-14:00\" }}\n\
         [[staff]]\nid = \"s1\"\nfte = 0.5\nhome = \"home\"\n[[staff]]\nid = \"s2\"\nfte = 0.25\nhome = \"home\"\n",
        common::HEAD
    );
    std::fs::write(dir.path().join("t.toml"), text).unwrap();
    let o = bin()
        .args(["plan", "t.toml", "--out", "p", "--export-model", "m"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stages: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("m/stages.json")).unwrap())
            .unwrap();
    let quarter = stages["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "quarter")
        .expect("a quarter stage");
    let offset = quarter["objective_offset"].as_f64().unwrap();
    let optimum = highs_optimum(&dir.path().join("m/quarter.mps")).expect("solved") + offset;
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("p/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["status"], "optimal");
    let objective = summary["objective"].as_f64().unwrap();
    assert!(
        (objective - optimum).abs() <= 1e-4 * optimum.abs().max(1.0),
        "plan {objective}, HiGHS on the file {optimum}"
    );
}

proptest! {
    #![proptest_config(common::property_config(12, "PLAN_PROPERTY_SEED"))]

    /// On small generated scenarios (no rooms), the plan's bound never
    /// exceeds the optimum HiGHS proves on the exported quarter, and a plan
    /// reported optimal is that optimum.
    #[test]
    fn the_bound_is_valid_and_optimal_means_optimal(
        offices in 1usize..4,
        staff in 1usize..4,
        seed in 0u64..1000,
    ) {
        let _serial = serial();
        let mut s = generated(offices, staff, seed);
        s.demand.clear();
        s.rooms.clear();
        let dir = tempfile::tempdir().unwrap();
        let opts = SolveOptions {
            deadline: Deadline::after(60.0),
            export: Some(dir.path().to_path_buf()),
            ..SolveOptions::default()
        };
        if let Outcome::Planned(p) = planner::solve(&s, &opts) {
            let stages: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(dir.path().join("stages.json")).unwrap(),
            ).unwrap();
            let quarter = stages["stages"].as_array().unwrap().iter()
                .find(|s| s["stage"] == "quarter").expect("a quarter stage");
            let offset = quarter["objective_offset"].as_f64().unwrap();
            let Some(optimum) = highs_optimum(&dir.path().join("quarter.mps")) else {
                return Ok(());
            };
            let optimum = optimum + offset;
            let tol = 1e-4 * optimum.abs().max(1.0) + 1e-6;
            if let Some(b) = p.summary.bound {
                prop_assert!(b <= optimum + tol, "bound {b} above the optimum {optimum}");
            }
            let objective = p.summary.objective.unwrap();
            prop_assert!(objective >= optimum - tol, "{objective} below the optimum {optimum}");
            if p.summary.status == "optimal" {
                prop_assert!(objective <= optimum + tol, "optimal {objective}, HiGHS {optimum}");
            }
        }
    }
}

/// With department demand, the plan's bound (the quarter's bound plus the
/// department terms' bound, `planner::weakest_stage`) never exceeds the
/// optimum of the whole model, staff and rooms together, solved by HiGHS
/// alone; the plan's objective is never below it, and a plan reported
/// optimal is that optimum. Small generated units with demand, four weeks
/// without a base schedule, so that the two stages and the whole model are
/// the same problem. (Before the whole model was solved beside the stages,
/// `planner::Beside`, the staged plan of 3 x 3 seed 0 was 9.8 % above this
/// optimum: the quarter chose its openings without the departments; now
/// every plan here is within ten times the gap of the optimum.)
#[test]
fn with_rooms_the_bound_is_valid_and_optimal_means_optimal() {
    use serviceplan::model::{Cycle, Model};
    use serviceplan::scenario::facts::Facts;
    let _serial = serial();
    let mut checked = 0;
    let cases = (0u64..60).flat_map(|seed| [(2, 3, seed), (3, 3, seed), (3, 4, seed)]);
    for (offices, staff, seed) in cases {
        if checked == 6 {
            break;
        }
        let mut s = generated(offices, staff, seed);
        if s.demand.is_empty() {
            continue;
        }
        // Four weeks without a base schedule: small enough for HiGHS to
        // prove the whole model.
        s.rules.cycle_weeks = 0;
        s.period.end = s.period.start + chrono::Duration::days(55);
        if serviceplan::scenario::validate::validate(&s)
            .iter()
            .any(|d| !d.warning)
        {
            continue;
        }
        let facts = Facts::new(&s);
        let budget = serviceplan::model::budget::may_bind(&s, &facts);
        let whole = Model::build_with(&s, &facts, Cycle::Off, budget);
        let mut lp = whole.lp;
        lp.set_option("mip_rel_gap", 1e-9);
        let optimum = lp.solve(&SolveOptions::within(30.0));
        if optimum.status != serviceplan::solve::Status::Optimal {
            continue;
        }
        let optimum = optimum.objective.unwrap();
        let Outcome::Planned(p) = planner::solve(&s, &SolveOptions::within(60.0)) else {
            panic!("{offices} x {staff} seed {seed}: no plan");
        };
        let tol = 1e-4 * optimum.abs().max(1.0) + 1e-6;
        let objective = p.summary.objective.unwrap();
        let bound = p.summary.bound.expect("a bound");
        let name = format!("{offices} x {staff} seed {seed}");
        assert!(
            bound <= optimum + tol,
            "{name}: bound {bound} above the optimum {optimum}"
        );
        assert!(
            objective >= optimum - tol,
            "{name}: {objective} below the optimum {optimum}"
        );
        // Within ten times the gap of the optimum (`planner::NEAR_PROVEN`):
        // a staged plan further off has the whole model after its stages
        // (without it, 3 x 4 seed 0 ends at 3,138.58, 0.11 % above).
        assert!(
            objective <= optimum + 10.0 * tol,
            "{name}: {objective}, more than 10 x the gap above the optimum {optimum}"
        );
        if p.summary.status == "optimal" {
            assert!(
                objective <= optimum + tol,
                "{name}: optimal {objective}, HiGHS {optimum}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 6, "cases with demand and a proven optimum");
}

/// `--method highs-alone`, the reference point of the planner's bench: the
/// whole program (staff and bookings in one) given to HiGHS, its plan
/// verified and written as any plan, and the program it solved exported
/// as the `whole` stage. On a small unit with department demand HiGHS
/// proves it; another solve of the exported file finds the same optimum,
/// and the search's plan is never below it.
#[test]
fn highs_alone_plans_the_whole_model_and_the_search_is_measured_against_it() {
    let _serial = serial();
    let mut s = (0u64..60)
        .map(|seed| generated(2, 3, seed))
        .find(|s| !s.demand.is_empty())
        .expect("a generated unit with demand");
    s.rules.cycle_weeks = 0;
    s.period.end = s.period.start + chrono::Duration::days(27);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.toml"), toml::to_string(&s).unwrap()).unwrap();
    let run = |method: &str, out: &str| {
        let o = bin()
            .args(["plan", "t.toml", "--out", out, "--method", method])
            .args(["--export-model", &format!("{out}-model")])
            .args(["--time-limit", "60", "--gap", "0"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let summary: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join(out).join("summary.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(summary["verified"], true, "{method}");
        summary
    };
    let alone = run("highs-alone", "alone");
    assert_eq!(alone["status"], "optimal");
    let optimum = alone["objective"].as_f64().unwrap();
    let stages: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("alone-model/stages.json")).unwrap(),
    )
    .unwrap();
    let whole = stages["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "whole")
        .expect("a whole stage");
    let offset = whole["objective_offset"].as_f64().unwrap();
    let file = highs_optimum(&dir.path().join("alone-model/whole.mps")).expect("solved") + offset;
    let tol = 1e-6 * optimum.abs().max(1.0);
    assert!(
        (file - optimum).abs() <= tol,
        "plan {optimum}, HiGHS on whole.mps {file}"
    );
    let search = run("search", "search");
    let objective = search["objective"].as_f64().unwrap();
    assert!(
        objective >= optimum - tol,
        "the search's {objective} below the proven {optimum}"
    );
    if let Some(bound) = search["bound"].as_f64() {
        assert!(
            bound <= optimum + tol,
            "the search's bound {bound} above {optimum}"
        );
    }
}
