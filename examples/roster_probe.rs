#![allow(clippy::field_reassign_with_default)]
//! Measurement probe for formulation choices (not part of the product).
//! cargo run --release --example roster_probe -- <instance-number> <lp|mip> <pat|win|ss> <pairs|bic> [starts] [time]
use std::path::PathBuf;

use serviceplan::formats::nrp;
use serviceplan::roster::model_forms::{MinRunForm, SuccessionForm};
use serviceplan::roster::{BuildOptions, build_with};
use serviceplan::solve::{Lp, SolveOptions};

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let n = &a[1];
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!(
        "../shared/benchmarks/shift-scheduling/instances/Instance{n}.txt"
    ));
    let inst = nrp::read(&path).unwrap();
    let p = nrp::to_roster_problem(&inst);
    let mut o = BuildOptions::default();
    o.min_runs = match a[3].as_str() {
        "pat" => MinRunForm::Patterns,
        "win" => MinRunForm::Windows,
        _ => MinRunForm::StartStop,
    };
    o.succession = if a[4] == "pairs" {
        SuccessionForm::Pairs
    } else {
        SuccessionForm::Bicliques
    };
    o.max_run_starts = a.get(5).is_some_and(|s| s == "starts");
    let t: f64 = a.get(6).and_then(|s| s.parse().ok()).unwrap_or(60.0);
    let mut lp = Lp::new();
    let _v = build_with(&p, &mut lp, &o);
    let size = lp.size();
    if a[2] == "lp" {
        lp.set_relaxation(true);
    }
    if let Ok(opts) = std::env::var("HOPTS") {
        for kv in opts.split(',') {
            let (k, v) = kv.split_once('=').unwrap();
            if let Ok(i) = v.parse::<i32>() {
                lp.set_option(k, i);
            } else if let Ok(f) = v.parse::<f64>() {
                lp.set_option(k, f);
            } else if v == "true" || v == "false" {
                lp.set_option(k, v == "true");
            } else {
                lp.set_option(k, v);
            }
        }
    }
    let out = lp.solve(&SolveOptions {
        time_limit: Some(t),
        gap: 0.0,
        threads: 1,
        seed: 0,
        verbose: std::env::var("V").is_ok(),
        ..SolveOptions::default()
    });
    println!(
        "Instance{n} {} {:?} obj={:?} bound={:?} status={:?} t={:.1}s size={:?}",
        a[2], o, out.objective, out.bound, out.status, out.seconds, size
    );
}
