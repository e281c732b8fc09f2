//! Helpers shared by the integration tests: tiny scenarios from TOML text.
#![allow(dead_code)]

use std::path::Path;

use serviceplan::plan::Plan;
use serviceplan::planner::{self, Outcome};
use serviceplan::scenario::{self, Scenario};
use serviceplan::solve::SolveOptions;

/// The head of a tiny scenario: one home area, weights that make the
/// objective count paid minutes plus 1000 per missing opening.
pub const HEAD: &str = r#"
name = "tiny"
[rules]
cycle_weeks = 0
min_evenings_per_month = 0
[weights]
missing_opening = 1000
evening_spread = 0
staff_minute = 1
mileage_sek = 0
cycle_exception = 0
workload_balance = 0
evening_fairness = 0
preference = 0
[[areas]]
id = "home"
population = 100
lat = 60.0
lon = 17.0
"#;

pub fn load(text: &str) -> Scenario {
    match scenario::load_str(Path::new("test.toml"), text) {
        Ok((s, _)) => s,
        Err(d) => panic!("test scenario invalid:\n{d}\n---\n{text}"),
    }
}

pub fn options() -> SolveOptions {
    SolveOptions {
        deadline: serviceplan::solve::Deadline::after(60.0),
        ..SolveOptions::default()
    }
}

pub fn solve(s: &Scenario) -> Outcome {
    planner::solve(s, &options())
}

/// Solves and returns the plan, failing the test otherwise.
pub fn plan(s: &Scenario) -> Plan {
    match solve(s) {
        Outcome::Planned(p) => *p,
        Outcome::Infeasible { explanation, .. } => panic!("infeasible: {explanation}"),
        Outcome::NoSolution { reason, .. } => panic!("no solution: {reason}"),
    }
}

/// The plan's objective.
pub fn objective(p: &Plan) -> f64 {
    p.summary.objective.expect("a plan has an objective")
}

/// Debian's Chromium, installed by `scripts/chromium.sh` when missing; `None`
/// (with a note) when it cannot be had, so the browser checks are skipped.
pub fn chromium() -> Option<std::path::PathBuf> {
    let bin = std::path::PathBuf::from("/usr/bin/chromium");
    if bin.exists() {
        return Some(bin);
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/chromium.sh");
    let ok = std::process::Command::new("bash")
        .arg(&script)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if ok && bin.exists() {
        Some(bin)
    } else {
        println!(
            "NOTE: skipping the browser check: Chromium is not installed and {} could not install it",
            script.display()
        );
        None
    }
}

/// Headless Chromium with a fresh profile, nothing fetched from the
/// network, killed after three minutes.
fn headless(chromium: &Path, profile: &Path) -> std::process::Command {
    let mut c = std::process::Command::new("timeout");
    c.arg("180").arg(chromium).args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]);
    c.arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// Loads `page` in headless Chromium at `window` ("1200,1600"), writes a
/// screenshot next to it and returns its path. Asserts that a screenshot was
/// taken and that the page logged no console errors.
pub fn render_in_chromium(chromium: &Path, page: &Path, window: &str) -> std::path::PathBuf {
    let shot = page.with_file_name("screenshot.png");
    let profile = tempfile::tempdir().unwrap();
    let out = headless(chromium, profile.path())
        .args(["--enable-logging=stderr", "--v=0"])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("--window-size={window}"))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(shot.exists(), "no screenshot; chromium said:\n{stderr}");
    let console: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            l.contains("CONSOLE") && (l.contains("Uncaught") || l.contains("ERROR:CONSOLE"))
        })
        .filter(|l| l.contains(&*page.file_name().unwrap().to_string_lossy()))
        .collect();
    assert!(console.is_empty(), "console errors: {console:#?}");
    shot
}

/// The configuration of a property test: `cases` cases drawn from a fixed
/// seed, so that CI draws the same ones every run (the environment
/// variable `seed_var=n` draws others), and a failure shrinks for at most
/// 32 steps and two minutes (each step may be a whole solve).
pub fn property_config(cases: u32, seed_var: &str) -> proptest::test_runner::Config {
    let seed = std::env::var(seed_var)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261127);
    proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(seed),
        max_shrink_iters: 32,
        max_shrink_time: 120_000,
        ..proptest::test_runner::Config::default()
    }
}

/// What [`probe_in_chromium`] found on a page.
#[derive(Debug, serde::Deserialize)]
pub struct Probe {
    /// SVG text elements drawn (with a non-empty box).
    pub labels: usize,
    /// Pairs of SVG texts whose boxes intersect by more than 1 px each way.
    pub overlaps: Vec<String>,
    /// Uncaught errors, failed resources and `console.error` calls.
    pub errors: Vec<String>,
}

/// Injected at the top of `<head>` of a copy of the page: records errors
/// from the start, and on load compares the rendered boxes of every SVG
/// text pairwise (page coordinates, so texts of different charts count
/// too), then writes the result as JSON into `<pre id="probe-result">`.
const PROBE: &str = r#"<script>(function () {
  var errors = [];
  window.addEventListener('error', function (e) {
    var t = e.target;
    errors.push(t && t !== window ? 'resource: ' + (t.src || t.href || t.tagName) : 'error: ' + e.message);
  }, true);
  var ce = console.error;
  console.error = function () { errors.push('console: ' + Array.prototype.join.call(arguments, ' ')); ce.apply(console, arguments); };
  window.addEventListener('load', function () {
    var boxes = [];
    document.querySelectorAll('svg text').forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) boxes.push({ r: r, t: el.textContent });
    });
    var overlaps = [];
    for (var i = 0; i < boxes.length; i++) for (var j = i + 1; j < boxes.length; j++) {
      var a = boxes[i].r, b = boxes[j].r;
      var w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      var h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) overlaps.push(boxes[i].t + ' / ' + boxes[j].t);
    }
    var pre = document.createElement('pre');
    pre.id = 'probe-result';
    pre.textContent = JSON.stringify({ labels: boxes.length, overlaps: overlaps, errors: errors });
    document.body.appendChild(pre);
  });
})();</script>"#;

/// Loads a copy of `page` (with [`PROBE`] injected) in headless Chromium at
/// `window` width and returns what the probe found in the rendered page.
pub fn probe_in_chromium(chromium: &Path, page: &Path, window: &str) -> Probe {
    let html = std::fs::read_to_string(page).expect("the page");
    assert!(html.contains("<head>"), "{} has no <head>", page.display());
    let probed = page.with_file_name("probe.html");
    std::fs::write(
        &probed,
        html.replacen("<head>", &format!("<head>{PROBE}"), 1),
    )
    .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let out = headless(chromium, profile.path())
        .args(["--virtual-time-budget=5000", "--dump-dom"])
        .arg(format!("--window-size={window}"))
        .arg(format!("file://{}", probed.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"probe-result\">").unwrap_or_else(|| {
        panic!(
            "the probe did not run on {}; chromium said:\n{}",
            page.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    }) + "<pre id=\"probe-result\">".len();
    let end = start
        + dom[start..]
            .find("</pre>")
            .expect("end of the probe's result");
    let json = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    let _ = std::fs::remove_file(&probed);
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("probe result {json}: {e}"))
}
