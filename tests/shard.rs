//! Sharded batches: a grid split 3 ways and merged equals the one-machine
//! batch (comparison.csv byte for byte without the solve times, the plan
//! folders, report.html); a missing shard, a duplicated shard and a shard of
//! another grid are refused with exit code 2 and a message naming them;
//! merging 1 000 rows is fast.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::HEAD;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_serviceplan"));
    for k in [
        "JOB_COMPLETION_INDEX",
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_COUNT",
        "SLURM_ARRAY_TASK_MIN",
    ] {
        c.env_remove(k);
    }
    c
}

fn tiny_file(dir: &Path) -> PathBuf {
    let text = format!(
        "{HEAD}[period]\nstart = 2025-02-01\nend = 2025-02-28\n\
         [[areas]]\nid = \"north\"\npopulation = 500\nlat = 60.3\nlon = 17.0\n\
         [[offices]]\nid = \"a\"\narea = \"home\"\nlat = 60.0\nlon = 17.0\nhours = {{ mon = \"10:00-14:00\", wed = \"10:00-14:00\" }}\nevening_days = [\"tue\"]\n\
         [[offices]]\nid = \"b\"\narea = \"north\"\nlat = 60.3\nlon = 17.0\nhours = {{ tue = \"10:00-14:00\" }}\nevening_days = [\"thu\"]\n\
         [[staff]]\nid = \"s1\"\nfte = 1.0\nhome = \"home\"\n[[staff]]\nid = \"s2\"\nfte = 0.5\nhome = \"home\"\n"
    );
    let p = dir.join("tiny.toml");
    std::fs::write(&p, text).unwrap();
    p
}

/// `batch` over the tiny grid (9 variants, 3 of which cannot be built).
fn batch(file: &Path, out: &Path, extra: &[&str], vary_fte: &str) -> Output {
    bin()
        .arg("batch")
        .arg(file)
        .args([
            "--vary",
            "offices=1..3",
            "--vary",
            vary_fte,
            "--jobs",
            "1",
            "--time-limit",
            "30",
            "--out",
        ])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn merge(parts: &[PathBuf], out: &Path) -> Output {
    bin()
        .arg("merge")
        .args(parts)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&o.stderr),
        String::from_utf8_lossy(&o.stdout)
    );
}

/// comparison.csv without the solve-time column.
fn without_times(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let t = header.iter().position(|h| *h == "solve_seconds").unwrap();
    let mut out = String::new();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    out += &header
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != t)
        .map(|(_, h)| *h)
        .collect::<Vec<_>>()
        .join(",");
    out += "\n";
    for rec in r.records() {
        let rec = rec.unwrap();
        let cells: Vec<&str> = rec
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != t)
            .map(|(_, c)| c)
            .collect();
        out += &cells.join("|");
        out += "\n";
    }
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn three_shards_merged_equal_one_batch_and_bad_parts_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tiny_file(tmp.path());
    let one = tmp.path().join("one");
    ok(&batch(&file, &one, &[], "evenings=0,1,2"));

    let parts: Vec<PathBuf> = (1..=3).map(|i| tmp.path().join(format!("p{i}"))).collect();
    let mut sizes = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        ok(&batch(
            &file,
            p,
            &["--shard", &format!("{}/3", i + 1)],
            "evenings=0,1,2",
        ));
        let part: serde_json::Value =
            serde_json::from_slice(&std::fs::read(p.join("part.json")).unwrap()).unwrap();
        assert_eq!(part["shard"], i + 1);
        assert_eq!(part["shards"], 3);
        sizes.push(part["rows"].as_array().unwrap().len());
    }
    assert_eq!(sizes, [3, 3, 3], "9 variants dealt evenly");

    // The Kubernetes index (0-based) selects the same part as --shard.
    let k8s = tmp.path().join("k8s");
    let o = bin()
        .env("JOB_COMPLETION_INDEX", "1")
        .arg("batch")
        .arg(&file)
        .args(["--vary", "offices=1..3", "--vary", "evenings=0,1,2"])
        .args(["--jobs", "1", "--shards", "3", "--out"])
        .arg(&k8s)
        .output()
        .unwrap();
    ok(&o);
    let rows = |d: &Path| {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(d.join("part.json")).unwrap()).unwrap();
        let f = v["fingerprint"].clone();
        let names: Vec<String> = v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["scenario"].as_str().unwrap().to_string())
            .collect();
        (f, names)
    };
    assert_eq!(rows(&k8s), rows(&parts[1]));

    let merged = tmp.path().join("merged");
    // in another order: the order of the folders does not matter
    let shuffled = vec![parts[2].clone(), parts[0].clone(), parts[1].clone()];
    ok(&merge(&shuffled, &merged));
    assert_eq!(
        without_times(&one.join("comparison.csv")),
        without_times(&merged.join("comparison.csv"))
    );
    for f in [
        "comparison.parquet",
        "comparison.xlsx",
        "comparison.md",
        "report.html",
    ] {
        assert!(merged.join(f).is_file(), "{f} written");
    }
    // report.html is made without the solve times: identical.
    assert_eq!(
        std::fs::read(one.join("report.html")).unwrap(),
        std::fs::read(merged.join("report.html")).unwrap()
    );
    // the same plan folders, with the same plans
    let folders = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(folders(&one), folders(&merged));
    assert_eq!(folders(&one).len(), 6);
    for f in folders(&one) {
        assert_eq!(
            std::fs::read(one.join(&f).join("openings.csv")).unwrap(),
            std::fs::read(merged.join(&f).join("openings.csv")).unwrap(),
            "{f}"
        );
    }

    // A missing shard is named.
    let o = merge(&parts[..2], &tmp.path().join("m2"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("shard 3/3"), "{}", stderr(&o));
    assert!(!tmp.path().join("m2").exists());

    // A duplicated shard is named.
    let o = merge(
        &[parts[0].clone(), parts[1].clone(), parts[1].clone()],
        &tmp.path().join("m3"),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("2/3 is given twice"), "{}", stderr(&o));

    // A shard of another grid is refused, naming its folder.
    let other = tmp.path().join("other");
    ok(&batch(&file, &other, &["--shard", "3/3"], "evenings=0,1,3"));
    let o = merge(
        &[parts[0].clone(), parts[1].clone(), other.clone()],
        &tmp.path().join("m4"),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("another grid") && e.contains("other"), "{e}");

    // A changed scenario file after the shards ran is refused.
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("population = 500", "population = 600")).unwrap();
    let o = merge(&parts, &tmp.path().join("m5"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("changed since the shards ran"),
        "{}",
        stderr(&o)
    );

    // A folder without part.json is named.
    let o = merge(std::slice::from_ref(&one), &tmp.path().join("m6"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("part.json"), "{}", stderr(&o));

    // --shards without a cluster index is refused.
    let o = batch(
        &file,
        &tmp.path().join("x"),
        &["--shards", "3"],
        "evenings=0",
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("JOB_COMPLETION_INDEX"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn merging_a_thousand_rows_takes_under_a_second() {
    use serviceplan::batch::shard::{Exact, Part, PartCost, PartRow};
    let mut parts = Vec::new();
    let n = 4;
    for shard in 1..=n {
        let rows = (0..1000)
            .filter(|k| k % n == shard - 1)
            .map(|k| PartRow {
                index: k,
                scenario: format!("s{k}"),
                status: "optimal".into(),
                reason: String::new(),
                offices: 3,
                staff_fte: Exact(4.5),
                costs: vec![PartCost {
                    year: 2025,
                    category: "staff".into(),
                    planned_sek: Exact(1_000_000.0 + (k * 7919 % 1000) as f64),
                    budget_sek: Exact(3e6),
                }],
                inhabitants_reached: (k * 104_729 % 997) as u64,
                reached_share: Exact(0.5),
                opening_hours_per_office_week: Exact((k % 13) as f64 + 0.25),
                evening_openings_per_month: Exact(2.0),
                missing_openings: Exact(0.0),
                unmet_demand_hours: Exact(0.0),
                staff_office_hours: Exact(100.1),
                solve_seconds: Exact(0.123),
                year: 2025,
                open_offices: vec!["a".into()],
            })
            .collect();
        let part = Part {
            format: serviceplan::batch::shard::FORMAT,
            program: Part::program(),
            fingerprint: "0123456789abcdef".into(),
            shard,
            shards: n,
            grid_size: 1000,
            files: vec![],
            vary: vec![],
            radius_km: Exact(10.0),
            lang: "sv".into(),
            rows,
        };
        parts.push(part);
    }
    let tmp = tempfile::tempdir().unwrap();
    let dirs: Vec<PathBuf> = (1..=n).map(|i| tmp.path().join(format!("p{i}"))).collect();
    for (d, p) in dirs.iter().zip(&parts) {
        std::fs::create_dir_all(d).unwrap();
        std::fs::write(d.join("part.json"), p.to_json().unwrap()).unwrap();
    }
    let start = std::time::Instant::now();
    let read: Vec<(PathBuf, Part)> = dirs
        .iter()
        .map(|d| (d.clone(), Part::read(d).unwrap()))
        .collect();
    let rows = serviceplan::batch::shard::merge_rows(&read).unwrap();
    let out = serviceplan::output::OutDir::claim(tmp.path().join("merged"), false).unwrap();
    serviceplan::batch::write_comparison(&out, &rows).unwrap();
    let took = start.elapsed();
    eprintln!("merged 1000 rows of {n} parts in {took:?}");
    assert_eq!(rows.len(), 1000);
    assert_eq!(rows[999].scenario, "s999");
    assert!(rows.iter().any(|r| r.pareto));
    assert!(took.as_secs_f64() < 1.0, "took {took:?}");
}
