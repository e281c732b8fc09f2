//! What the program may delete or replace, and what survives an interrupted
//! run (issue "Nothing lost"): `--out` onto a user's folder, a file or a
//! fifo is refused; a scenario's name never becomes a path; a plan folder
//! is replaced in one step and a kill at any moment leaves the old or the
//! new one; leftovers of killed runs are removed by the next run.

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

/// A scenario that plans in a fraction of a second: one office open on
/// Mondays, one staff member, four weeks.
fn tiny(name: &str) -> String {
    format!(
        r#"name = {name:?}
[period]
start = 2025-03-03
end = 2025-03-30
[rules]
cycle_weeks = 0
min_evenings_per_month = 0
[[areas]]
id = "home"
population = 100
lat = 60.0
lon = 17.0
[[offices]]
id = "a"
area = "home"
lat = 60.0
lon = 17.0
hours = {{ mon = "10:00-14:00" }}
[[staff]]
id = "s1"
fte = 1.0
home = "home"
"#
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn out_onto_a_users_folder_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "t.toml", &tiny("t"));
    std::fs::create_dir(dir.path().join("u")).unwrap();
    write(&dir.path().join("u"), "notes.txt", "my notes");
    let o = run(&["plan", "t.toml", "--out", "u"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("notes.txt"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("u/notes.txt")).unwrap(),
        "my notes"
    );
    // Every command that writes a folder refuses the same way.
    for args in [
        vec!["batch", "t.toml", "--out", "u"],
        vec!["locate", "t.toml", "--out", "u"],
    ] {
        let o = run(&args, dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_eq!(names_in(&dir.path().join("u")), vec!["notes.txt"]);
    }
    // Said so: replaced whole.
    let o = run(&["plan", "t.toml", "--out", "u", "--force"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!dir.path().join("u/notes.txt").exists());
    assert!(dir.path().join("u/shifts.csv").exists());
    // Now it is a plan folder: the next plan replaces it without --force.
    let o = run(&["plan", "t.toml", "--out", "u"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn out_onto_a_file_or_fifo_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "t.toml", &tiny("t"));
    write(dir.path(), "f", "a file");
    for force in [false, true] {
        let mut args = vec!["plan", "t.toml", "--out", "f"];
        if force {
            args.push("--force");
        }
        let o = run(&args, dir.path());
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("a file"), "{}", stderr(&o));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("f")).unwrap(),
            "a file"
        );
    }
    #[cfg(unix)]
    {
        let fifo = dir.path().join("p");
        let made = Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let o = run(&["plan", "t.toml", "--out", "p", "--force"], dir.path());
            assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
            assert!(stderr(&o).contains("fifo"), "{}", stderr(&o));
            use std::os::unix::fs::FileTypeExt;
            assert!(
                std::fs::symlink_metadata(&fifo)
                    .unwrap()
                    .file_type()
                    .is_fifo()
            );
        }
    }
}

#[test]
fn a_scenario_name_is_never_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::create_dir(&victim).unwrap();
    write(&victim, "keep.txt", "keep");
    for name in [victim.to_str().unwrap(), "../../x", "..", "a/b"] {
        write(dir.path(), "n.toml", &tiny(name));
        let o = run(&["check", "n.toml"], dir.path());
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains("name"), "{name}: {}", stderr(&o));
        let o = run(&["plan", "n.toml"], dir.path());
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        let o = run(&["batch", "n.toml", "--out", "b"], dir.path());
        assert_ne!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
    }
    assert_eq!(names_in(&victim), vec!["keep.txt"]);
    assert!(!dir.path().join("x").exists());
    assert!(!dir.path().parent().unwrap().join("x").exists());
}

#[test]
fn batch_plan_folders_stay_inside_out() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "t.toml", &tiny("Gävle Q2 tiny"));
    let o = run(&["batch", "t.toml", "--out", "b"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("b/Gävle_Q2_tiny/shifts.csv").exists());
    assert_eq!(names_in(dir.path()), vec!["b", "t.toml"]);
}

#[test]
fn leftovers_of_killed_runs_are_removed_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "t.toml", &tiny("t"));
    // What a run killed while writing leaves: a temporary folder and a
    // moved-aside previous folder, both marked by a process that is gone.
    for left in [".p.tmpAAAA", ".p.oldBBBB/previous"] {
        let d = dir.path().join(left);
        std::fs::create_dir_all(&d).unwrap();
        write(&d, ".serviceplan", "pid=4194305\n");
        write(&d, "shifts.csv", "half");
    }
    let o = run(&["plan", "t.toml", "--out", "p"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(names_in(dir.path()), vec!["p", "t.toml"]);
}

/// Kills `plan` at many moments while it replaces an existing plan folder:
/// every time, a whole plan folder (the old or the new one) is in place,
/// and the next run leaves no hidden folder behind.
#[test]
fn a_kill_at_any_moment_leaves_a_whole_plan_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "t.toml", &tiny("t"));
    let o = run(&["plan", "t.toml", "--out", "p"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let whole = |p: &Path| {
        ["summary.json", "shifts.csv", "openings.csv", "report.html"]
            .iter()
            .all(|f| p.join(f).is_file())
    };
    // Measure one run, then kill at evenly spread moments within it.
    let t0 = std::time::Instant::now();
    let o = run(&["plan", "t.toml", "--out", "p"], dir.path());
    assert!(o.status.success());
    let full = t0.elapsed();
    for k in 0..16 {
        let mut child = bin()
            .args(["plan", "t.toml", "--out", "p"])
            .current_dir(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(k as f64 / 16.0));
        child.kill().ok();
        child.wait().ok();
        assert!(
            whole(&dir.path().join("p")),
            "kill {k}: no whole plan folder"
        );
    }
    let o = run(&["plan", "t.toml", "--out", "p"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(names_in(dir.path()), vec!["p", "t.toml"]);
}

#[test]
fn calendar_file_names_of_clashing_ids_are_distinct() {
    let dir = tempfile::tempdir().unwrap();
    let text = tiny("t").replace(
        "[[staff]]\nid = \"s1\"",
        "[[staff]]\nid = \"jo/han\"\nfte = 1.0\nhome = \"home\"\n[[staff]]\nid = \"jo_han\"",
    );
    write(dir.path(), "t.toml", &text);
    let o = run(&["plan", "t.toml", "--out", "p"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let cals: Vec<String> = names_in(&dir.path().join("p/calendars"))
        .into_iter()
        .filter(|n| n.starts_with("staff-"))
        .collect();
    assert_eq!(cals.len(), 2, "{cals:?}");
}
