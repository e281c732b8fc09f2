//! The command line as a user runs it: good input, every class of bad input
//! (message with file:line:col, field, and exit code 2), determinism.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_serviceplan"))
}

fn run(args: &[&str], dir: &Path) -> Output {
    bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run serviceplan")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Writes `files` into a fresh folder and runs `check` on the first.
fn check(files: &[(&str, &str)]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let o = run(&["check", files[0].0], dir.path());
    (o.status.code().unwrap_or(-1), stderr(&o))
}

const GOOD_TAIL: &str = r#"
[[offices]]
id = "a"
area = "home"
lat = 60.0
lon = 17.0
hours = { mon = "10:00-14:00" }

[[staff]]
id = "s1"
fte = 1.0
home = "home"
"#;

fn good(head: &str) -> String {
    format!(
        "name = \"t\"\n[period]\nstart = 2025-03-03\nend = 2025-03-30\n{head}\n[[areas]]\nid = \"home\"\npopulation = 1\nlat = 60.0\nlon = 17.0\n{GOOD_TAIL}"
    )
}

#[test]
fn check_accepts_the_shipped_scenarios() {
    for entry in std::fs::read_dir(repo().join("scenarios")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "toml") {
            let o = run(&["check", p.to_str().unwrap()], &repo());
            assert!(o.status.success(), "{}: {}", p.display(), stderr(&o));
        }
    }
}

#[test]
fn toml_syntax_error_names_line_and_column() {
    let (code, err) = check(&[("bad.toml", "name = \"t\"\n[period\nstart = 2025-03-03\n")]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.toml:2:"), "{err}");
    assert!(err.contains("TOML syntax error"), "{err}");
}

#[test]
fn wrong_type_names_the_field_and_line() {
    let text = good("").replace("fte = 1.0", "fte = \"full\"");
    let (code, err) = check(&[("t.toml", &text)]);
    assert_eq!(code, 2);
    let line = text.lines().position(|l| l.starts_with("fte")).unwrap() + 1;
    assert!(err.contains(&format!("t.toml:{line}:")), "{err}");
    assert!(err.contains("staff[s1].fte"), "{err}");
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn unknown_field_is_reported_with_a_hint() {
    let text = good("").replace("fte = 1.0", "fte = 1.0\nftee = 2");
    let (code, err) = check(&[("t.toml", &text)]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown field `ftee`"), "{err}");
}

#[test]
fn absence_naming_a_missing_staff_member() {
    let text =
        good("") + "\n[[absences]]\nstaff = \"nobody\"\nfrom = 2025-03-04\nto = 2025-03-05\n";
    let (code, err) = check(&[("t.toml", &text)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("absences[0].staff: unknown staff member `nobody`"),
        "{err}"
    );
    let line = text.lines().position(|l| l.contains("\"nobody\"")).unwrap() + 1;
    assert!(err.contains(&format!("t.toml:{line}:")), "{err}");
}

#[test]
fn unknown_area_and_duplicate_ids_are_all_reported_at_once() {
    let text = good("").replace("area = \"home\"", "area = \"nowhere\"")
        + "\n[[staff]]\nid = \"s1\"\nfte = 0.5\nhome = \"home\"\n";
    let (code, err) = check(&[("t.toml", &text)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("offices[a].area: unknown area `nowhere`"),
        "{err}"
    );
    assert!(err.contains("duplicate id `s1`"), "{err}");
    assert!(err.contains("2 problems found"), "{err}");
}

#[test]
fn period_ending_before_it_starts() {
    let text = good("").replace("end = 2025-03-30", "end = 2025-02-01");
    let (code, err) = check(&[("t.toml", &text)]);
    assert_eq!(code, 2);
    assert!(err.contains("t.toml:4:"), "{err}");
    assert!(err.contains("period.end"), "{err}");
}

#[test]
fn fte_outside_zero_to_one() {
    for bad in ["0.0", "1.5", "-0.5"] {
        let text = good("").replace("fte = 1.0", &format!("fte = {bad}"));
        let (code, err) = check(&[("t.toml", &text)]);
        assert_eq!(code, 2, "{bad}");
        assert!(
            err.contains("staff[s1].fte") && err.contains("outside (0, 1]"),
            "{err}"
        );
    }
}

#[test]
fn evening_outside_16_18_needs_the_override() {
    let text = good("").replace("hours = {", "evening = \"17:00-19:00\"\nhours = {");
    let (code, err) = check(&[("t.toml", &text)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("offices[a].evening") && err.contains("outside 16:00-18:00"),
        "{err}"
    );
    let allowed = good("[rules]\nallow_evening_outside_16_18 = true")
        .replace("hours = {", "evening = \"17:00-19:00\"\nhours = {");
    let (code, err) = check(&[("t.toml", &allowed)]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn missing_extends_file() {
    let (code, err) = check(&[("child.toml", "extends = \"nothere.toml\"\n")]);
    assert_eq!(code, 2);
    assert!(
        err.contains("child.toml:1:")
            && err.contains("cannot read")
            && err.contains("nothere.toml"),
        "{err}"
    );
}

#[test]
fn extends_cycle() {
    let (code, err) = check(&[
        ("a.toml", "extends = \"b.toml\"\n"),
        ("b.toml", "extends = \"a.toml\"\n"),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cycle"), "{err}");
}

#[test]
fn extends_overrides_only_what_it_names() {
    let (code, err) = check(&[(
        "child.toml",
        "extends = \"gavle.toml\"\nname = \"child\"\n[rules]\nmin_evenings_per_month = 3\n[[staff]]\nid = \"maria\"\nfte = 0.75\n",
    )]);
    assert_eq!(code, 0, "{err}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("c.toml"),
        "extends = \"gavle.toml\"\n[[staff]]\nid = \"maria\"\nfte = 2.0\n",
    )
    .unwrap();
    let o = run(&["check", "c.toml"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    // the error is located in the child file, where the bad value was written
    assert!(
        err.contains("c.toml:4:") && err.contains("staff[maria].fte"),
        "{err}"
    );
}

#[test]
fn plan_default_verify_and_determinism() {
    let dir = tempfile::tempdir().unwrap();
    let a = run(&["plan", "--out", "a"], dir.path());
    assert!(a.status.success(), "{}", stderr(&a));
    let b = run(&["plan", "--out", "b", "--lang", "en"], dir.path());
    assert!(b.status.success(), "{}", stderr(&b));
    // The summary says whether the plan can be published, what the numbers
    // mean, and what to open next; costs only for the plan's own year; in
    // the language of --lang (Swedish by default), staff and offices by name.
    let printed = String::from_utf8_lossy(&b.stdout);
    for what in [
        "verdict: publishable",
        "objective ",
        "lower is better",
        "report.html",
        "plan.xlsx",
        "calendars/",
        "staff cost 2025",
        "premises cost 2025",
    ] {
        assert!(printed.contains(what), "{what:?} not in:\n{printed}");
    }
    assert!(!printed.contains("cost 2022"), "{printed}");
    let svenska = String::from_utf8_lossy(&a.stdout);
    for what in [
        "bedömning: kan publiceras",
        "målfunktion ",
        "lägre är bättre",
        "öppna report.html",
        "Personal 2025",
        "Lokaler 2025",
        "Hedesunda",
    ] {
        assert!(svenska.contains(what), "{what:?} not in:\n{svenska}");
    }
    for english in ["verdict", "objective", "projected", "staff cost"] {
        assert!(!svenska.contains(english), "{english:?} in:\n{svenska}");
    }
    for f in [
        "openings.csv",
        "shifts.csv",
        "base_schedule.csv",
        "costs.csv",
        "staff_hours.csv",
    ] {
        let x = std::fs::read(dir.path().join("a").join(f)).unwrap();
        let y = std::fs::read(dir.path().join("b").join(f)).unwrap();
        assert!(x == y, "{f} differs between two runs");
    }
    let strip = |p: &str| -> serde_json::Value {
        let mut v: serde_json::Value = serde_json::from_slice(
            &std::fs::read(dir.path().join(p).join("summary.json")).unwrap(),
        )
        .unwrap();
        v.as_object_mut().unwrap().remove("solve_seconds");
        v.as_object_mut().unwrap().remove("first_plan_seconds");
        v
    };
    assert_eq!(strip("a"), strip("b"));
    let summary = strip("a");
    // The quarter is proven; the plan as a whole is proven within 2 % (the
    // department terms' bound, planner::weakest_stage).
    let status = summary["status"].as_str().unwrap();
    assert!(["optimal", "feasible"].contains(&status), "{status}");
    assert!(summary["mip_gap"].as_f64().unwrap() <= 0.02, "{summary}");
    assert_eq!(summary["verified"], true);
    // the programme's rule: at least 2 evenings per office in every month
    for (office, months) in summary["evenings_per_month"].as_object().unwrap() {
        for (month, n) in months.as_object().unwrap() {
            assert!(n.as_u64().unwrap() >= 2, "{office} {month}");
        }
    }
    // no opening on a Swedish public holiday or closed eve
    let openings = std::fs::read_to_string(dir.path().join("a/openings.csv")).unwrap();
    for holiday in [
        "2025-04-18",
        "2025-04-21",
        "2025-05-01",
        "2025-05-29",
        "2025-06-06",
        "2025-06-20",
    ] {
        assert!(!openings.contains(holiday), "opening on {holiday}");
    }
    let v = run(&["verify", "default", "a"], dir.path());
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
}

#[test]
fn verify_finds_a_tampered_plan() {
    let dir = tempfile::tempdir().unwrap();
    let a = run(&["plan", "--out", "a"], dir.path());
    assert!(a.status.success(), "{}", stderr(&a));
    let path = dir.path().join("a/openings.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    // move the first opening onto Good Friday
    let first = text.lines().nth(1).unwrap().to_string();
    let moved = format!("2025-04-18{}", &first[10..]);
    std::fs::write(&path, text.replacen(&first, &moved, 1)).unwrap();
    let v = run(&["verify", "default", "a"], dir.path());
    assert_eq!(v.status.code(), Some(5));
    let out = String::from_utf8_lossy(&v.stdout);
    assert!(out.contains("Långfredagen"), "{out}");
}

#[test]
fn infeasible_scenario_exits_3_and_names_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("x.toml"),
        "extends = \"gavle.toml\"\nname = \"x\"\n[rules]\nmin_evenings_per_month = 12\n",
    )
    .unwrap();
    // The stages and the diagnosis take about 17 s alone; the limit leaves
    // room for the other tests of this binary running beside it (at 30 s
    // it once ran out, with exit 4, on a loaded machine).
    let o = run(
        &["plan", "x.toml", "--out", "x", "--time-limit", "60"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("evening_minimum") || err.contains("staffing"),
        "{err}"
    );
    assert!(
        !dir.path().join("x").exists(),
        "nothing is written for an infeasible scenario"
    );
}
