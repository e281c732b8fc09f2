//! Mutation fuzzing of every reader of outside input (issue 28): the
//! scenario (TOML, and the workbook), the HR absences CSV, the budget
//! ledger, the benchmark's NRP files and OR-Library facility files. Each
//! starts from valid files of the project and applies random byte edits
//! (flip, insert, delete, duplicate a slice, splice a token that readers
//! treat specially: `-0`, `NaN`, `1e999`, a BOM, CRLF, a Windows-1252
//! byte, quotes, separators). A reader may refuse an input, never panic.
//!
//! In CI each reader gets `FUZZ_SECONDS` (default 2) seconds; the closing
//! note's run used `FUZZ_SECONDS=600 cargo test --release --test
//! fuzz_readers -- --nocapture --test-threads 1`, which prints how many
//! inputs each reader saw and how many distinct outcomes (accepted, or the
//! first line of the error) they gave: the corpus.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serviceplan::search::Rng;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn budget() -> Duration {
    let secs = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v > 0.0)
        .unwrap_or(2.0);
    Duration::from_secs_f64(secs)
}

const TOKENS: &[&[u8]] = &[
    b"-0",
    b"+7",
    b"NaN",
    b"inf",
    b"1e999",
    b"-1",
    b"99999999999999999999",
    b"\xEF\xBB\xBF",
    b"\r\n",
    b"\n\n",
    b"\xE5",
    b"\"",
    b"'",
    b",",
    b";",
    b"=",
    b"[",
    b"]",
    b"{",
    b"#",
    b"..",
    b"/",
    b"\0",
    b" ",
    b"2025-02-30",
    b"24:61",
];

/// One random edit of `data`.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    let n = data.len();
    match rng.below(6) {
        0 if n > 0 => {
            let i = rng.below(n);
            data[i] ^= 1 << rng.below(8);
        }
        1 => {
            let i = rng.below(n + 1);
            data.insert(i, rng.below(256) as u8);
        }
        2 if n > 0 => {
            let i = rng.below(n);
            let len = (1 + rng.below(16)).min(n - i);
            data.drain(i..i + len);
        }
        3 if n > 0 => {
            let i = rng.below(n);
            let len = (1 + rng.below(64)).min(n - i);
            let slice = data[i..i + len].to_vec();
            let at = rng.below(data.len() + 1);
            data.splice(at..at, slice);
        }
        _ => {
            let t = TOKENS[rng.below(TOKENS.len())];
            let i = rng.below(n + 1);
            if rng.below(2) == 0 && i < n {
                let len = (1 + rng.below(4)).min(n - i);
                data.splice(i..i + len, t.iter().copied());
            } else {
                data.splice(i..i, t.iter().copied());
            }
        }
    }
}

/// Feeds mutants of `seeds` to `read` (which gets the bytes, written to
/// `file` when it reads from a path) for the time budget; returns (inputs,
/// distinct outcomes). A panic fails the test with the input saved.
fn fuzz(name: &str, seeds: &[Vec<u8>], read: &dyn Fn(&[u8]) -> String) -> (usize, usize) {
    let mut rng = Rng::new(0x5eed ^ name.len() as u64);
    let start = Instant::now();
    let mut runs = 0;
    let mut outcomes = BTreeSet::new();
    while runs == 0 || start.elapsed() < budget() {
        let mut data = seeds[rng.below(seeds.len())].clone();
        for _ in 0..1 + rng.below(8) {
            mutate(&mut rng, &mut data);
        }
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(&data)));
        match result {
            Ok(outcome) => {
                outcomes.insert(outcome);
            }
            Err(_) => {
                let keep = std::env::temp_dir().join(format!("fuzz-{name}-panic.bin"));
                std::fs::write(&keep, &data).unwrap();
                panic!(
                    "{name}: the reader panicked; input saved to {}",
                    keep.display()
                );
            }
        }
        runs += 1;
    }
    eprintln!(
        "{name}: {runs} inputs, {} distinct outcomes in {:.0} s",
        outcomes.len(),
        start.elapsed().as_secs_f64()
    );
    (runs, outcomes.len())
}

/// The first line of an error (its kind), or "ok".
fn outcome<T, E: std::fmt::Display>(r: Result<T, E>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => e
            .to_string()
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(80)
            .collect(),
    }
}

fn file_in(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p
}

#[test]
fn the_scenario_reader_never_panics() {
    let seeds: Vec<Vec<u8>> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    // `extends` names resolve next to the file: the project's scenarios.
    for e in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let (runs, _) = fuzz("scenario.toml", &seeds, &|data| {
        let p = file_in(dir.path(), "fuzzed.toml", data);
        outcome(serviceplan::scenario::load(&p))
    });
    assert!(runs > 0);
}

#[test]
fn the_workbook_reader_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let s = serviceplan::scenario::load_default().0;
    let seeds = vec![serviceplan::scenario::xlsx_write::workbook(&s).unwrap()];
    let (runs, _) = fuzz("scenario.xlsx", &seeds, &|data| {
        let p = file_in(dir.path(), "fuzzed.xlsx", data);
        outcome(serviceplan::scenario::load(&p))
    });
    assert!(runs > 0);
}

#[test]
fn the_absences_and_ledger_readers_never_panic() {
    let s = serviceplan::scenario::load_default().0;
    let dir = tempfile::tempdir().unwrap();
    let absences = vec![
        b"staff,from,to,reason\nanna,2025-04-07,2025-04-11,sjuk\nmaria,2025-05-05,2025-05-05,vab\n"
            .to_vec(),
        "medarbetare;från;till;orsak\r\nAnna Berg;2025-04-07;2025-04-11;semester\r\n"
            .as_bytes()
            .to_vec(),
    ];
    fuzz("absences.csv", &absences, &|data| {
        let p = file_in(dir.path(), "hr.csv", data);
        let text = String::from_utf8_lossy(data);
        outcome(serviceplan::scenario::absences::parse(&p, &text, &s))
    });
    let plan = dir.path().join("plan");
    std::fs::create_dir_all(&plan).unwrap();
    let mut costs = String::from("year,category,planned_sek,budget_sek\n");
    for y in 2022..=2025 {
        for c in ["staff", "premises", "other"] {
            costs += &format!("{y},{c},100000,200000\n");
        }
    }
    std::fs::write(plan.join("costs.csv"), costs).unwrap();
    let ledgers = vec![
        std::fs::read(root().join("reports/ledger-example.csv")).unwrap(),
        b"month;category;amount_sek\n2025-01;staff;1 234,50\n".to_vec(),
    ];
    fuzz("ledger.csv", &ledgers, &|data| {
        let p = file_in(dir.path(), "ledger.csv", data);
        outcome(serviceplan::cost::followup::followup(&s, &plan, &p))
    });
}

#[test]
fn the_benchmark_readers_never_panic() {
    let nrp_dir = root().join("benchmarks/shift-scheduling/instances");
    let nrp: Vec<Vec<u8>> = ["Instance1.txt", "Instance2.txt"]
        .iter()
        .map(|f| std::fs::read(nrp_dir.join(f)).unwrap())
        .collect();
    fuzz("nrp", &nrp, &|data| {
        outcome(serviceplan::formats::nrp::parse(&String::from_utf8_lossy(
            data,
        )))
    });
    let orlib_dir = root().join("benchmarks/facility-location/instances");
    let orlib: Vec<Vec<u8>> = ["cap101.txt"]
        .iter()
        .map(|f| std::fs::read(orlib_dir.join(f)).unwrap())
        .collect();
    fuzz("orlib", &orlib, &|data| {
        outcome(serviceplan::location::orlib::parse(
            "cap101.txt",
            &String::from_utf8_lossy(data),
            None,
        ))
    });
}
