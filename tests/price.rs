//! What each rule costs (`serviceplan price`): an exact price against the
//! hand computation and against two independent plans of the batch's
//! `--vary` path, infeasible steps naming the rules, deterministic tables,
//! the CSV contract and the report section.

mod common;

use common::*;
use serviceplan::batch::{self, BatchOptions, grid};
use serviceplan::price::{self, PriceOptions, PriceRow, Rule};
use serviceplan::report::Lang;
use serviceplan::solve::{Deadline, SolveOptions};

/// One office with evening openings only (no day hours), 10 road km from
/// the two staff's home; OB 100 SEK/h from 16:00, on-costs 50 %, mileage
/// 2.5 SEK/km, a whole year planned (so the year's costs are the plan's).
/// Two staff at each evening, one evening a month.
fn one_office() -> serviceplan::scenario::Scenario {
    load(&format!(
        "{HEAD}[period]\nstart = 2025-01-01\nend = 2025-12-31\n\
         [costs]\nmonthly_salary = 30000\nsalary_year = 2025\npay_revision = {{}}\n\
         on_costs = {{ \"2025\" = 0.5 }}\nmileage_sek_per_km = 2.5\nob_sek_per_hour = 100\nob_from = \"16:00\"\n\
         [[offices]]\nid = \"a\"\nname = \"Kontor A\"\narea = \"home\"\nlat = 60.0\nlon = 17.0\nroad_km = 10\n\
         [[staff]]\nid = \"s1\"\nfte = 1.0\nhome = \"home\"\n[[staff]]\nid = \"s2\"\nfte = 1.0\nhome = \"home\"\n"
    ))
    .with_evenings(1)
}

trait Evenings {
    fn with_evenings(self, n: u32) -> Self;
}

impl Evenings for serviceplan::scenario::Scenario {
    fn with_evenings(mut self, n: u32) -> Self {
        self.rules.min_evenings_per_month = n;
        self
    }
}

fn options(seconds: f64) -> PriceOptions {
    PriceOptions {
        solve: SolveOptions {
            deadline: Deadline::after(seconds),
            ..SolveOptions::default()
        },
        jobs: 0,
        radius_km: 10.0,
        lang: Lang::Sv,
    }
}

fn row<'a>(rows: &'a [PriceRow], rule: Rule, to: &str) -> &'a PriceRow {
    rows.iter()
        .find(|r| r.step.rule == rule && r.step.to == to)
        .unwrap_or_else(|| panic!("no row {rule:?} → {to}"))
}

/// One more evening a month costs exactly the OB with on-costs of two
/// staff for 2 hours, plus their mileage, × 12 months:
/// 12 × (2 × 2 h × 100 SEK × 1.5 + 2 × 20 km × 2.5 SEK) = 12 × 700 = 8 400 SEK.
/// The same as the difference of two independent plans through the
/// batch's `--vary evenings=1,2`.
#[test]
fn one_more_evening_costs_the_hand_computed_price() {
    let s = one_office();
    let steps: Vec<_> = price::steps::steps(&s)
        .into_iter()
        .filter(|st| st.rule == Rule::Evenings)
        .collect();
    let table = price::price_steps(&s, steps, &options(120.0)).unwrap();
    assert_eq!(table.base.status, "optimal", "{:?}", table.base);
    let up = row(&table.rows, Rule::Evenings, "2");
    assert_eq!(up.step.from, "1");
    assert_eq!(up.status, "optimal", "{up:?}");
    assert!(up.exact);
    let d = up.delta.as_ref().expect("a price");
    assert_eq!(
        d.staff_sek,
        12.0 * (2.0 * 2.0 * 100.0 * 1.5 + 2.0 * 20.0 * 2.5)
    );
    assert_eq!(d.staff_sek, 8400.0);
    assert_eq!(d.premises_sek, 0.0);
    assert_eq!(d.other_sek, 0.0);
    assert_eq!(up.cost_sek_per_year(), Some(8400.0));
    assert_eq!(up.delta_open_hours, Some(24.0));
    assert_eq!(up.delta_evening_hours, Some(24.0));
    assert_eq!(up.delta_reach, Some(0));
    assert_eq!(up.delta_unmet_hours, Some(0.0));
    // The staff time: 12 evenings × 2 staff × (2 h + 2 × 10 min travel).
    assert_eq!(up.delta_staff_hours, Some(56.0));
    let hourly: f64 = 30000.0 * 12.0 * 1.5 / (40.0 * 52.0);
    assert_eq!(d.staff_time_sek, (56.0 * hourly).round());
    // Dropping the one evening saves the same.
    let down = row(&table.rows, Rule::Evenings, "0");
    assert_eq!(down.cost_sek_per_year(), Some(-8400.0));
    assert!(down.estimate_sek.is_none(), "no dual estimate is invented");

    // Two independent plans through the batch's --vary path.
    let variants = grid::expand(&s, &[grid::parse_lever("evenings=1,2").unwrap()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let rows = batch::run(
        &variants,
        &serviceplan::output::OutDir::claim(dir.path(), false).unwrap(),
        &BatchOptions {
            solve: SolveOptions {
                deadline: Deadline::none(),
                ..SolveOptions::default()
            },
            time_limit: 60.0,
            jobs: 0,
            radius_km: 10.0,
            progress: false,
            lang: Lang::Sv,
        },
    )
    .unwrap();
    assert_eq!(rows[1].total_cost() - rows[0].total_cost(), 8400.0);
}

/// A month whose office can hold one evening (one Monday free): two
/// evenings are infeasible, and the row names the rules that conflict.
/// The same table twice gives the same bytes.
fn one_monday() -> serviceplan::scenario::Scenario {
    load(&format!(
        "{HEAD}[period]\nstart = 2025-02-01\nend = 2025-02-28\n\
         [[offices]]\nid = \"a\"\nname = \"Kontor A\"\narea = \"home\"\nlat = 60.0\nlon = 17.0\n\
         hours = {{ wed = \"10:00-14:00\" }}\nevening_days = [\"mon\"]\n\
         unavailable = [2025-02-03, 2025-02-10, 2025-02-17]\n\
         [[staff]]\nid = \"s1\"\nfte = 1.0\nhome = \"home\"\n[[staff]]\nid = \"s2\"\nfte = 0.5\nhome = \"home\"\n"
    ))
    .with_evenings(1)
}

#[test]
fn an_infeasible_step_names_the_conflicting_rules_and_tables_repeat() {
    let s = one_monday();
    let table = price::price(&s, &options(120.0)).unwrap();
    assert!(table.base.measure.is_some(), "{:?}", table.base);
    let up = row(&table.rows, Rule::Evenings, "2");
    assert_eq!(up.status, "infeasible", "{up:?}");
    assert!(up.delta.is_none());
    assert!(
        up.reason.starts_with("rules in conflict:") && up.reason.contains('['),
        "{}",
        up.reason
    );
    // Closing the only office leaves no scenario to plan: a row saying why.
    let closed = row(&table.rows, Rule::OfficeOpen, "closed");
    assert_eq!(closed.status, "invalid");
    assert!(closed.reason.contains("no open office"), "{closed:?}");
    // Moving the Wednesday hours changes the opening hours.
    let later = row(&table.rows, Rule::OpeningHours, "10:00-15:00");
    assert_eq!(later.delta_open_hours, Some(4.0), "{later:?}");

    let csv = table.csv().unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(text.starts_with(
        "rule,target,from,to,status,cost_sek_per_year,delta_staff_sek,delta_premises_sek,\
         delta_other_sek,delta_open_hours,delta_reach,delta_unmet_hours,estimate_sek,exact,"
    ));
    assert!(text.contains("min_evenings_per_month,,1,2,infeasible,"));
    let again = price::price(&s, &options(120.0)).unwrap();
    assert_eq!(again.csv().unwrap(), csv, "the same table twice");

    // The report section, Swedish by default, names from the scenario.
    let dir = tempfile::tempdir().unwrap();
    let out = serviceplan::output::OutDir::claim(dir.path().join("p"), false).unwrap();
    price::write(&out, &table, Lang::Sv).unwrap();
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("Vad kostar reglerna?"));
    assert!(html.contains("Kontor A"));
    assert!(html.contains("<svg"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("prices.json")).unwrap()).unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), table.rows.len());
    // `batch --price`: the same rows and the section in the batch's report.
    let batch_out = serviceplan::output::OutDir::claim(dir.path().join("b"), false).unwrap();
    let rows = vec![batch::ComparisonRow::failed(
        &s,
        "invalid",
        "test".into(),
        0.0,
    )];
    let opts = BatchOptions {
        solve: SolveOptions::default(),
        time_limit: 1.0,
        jobs: 1,
        radius_km: 10.0,
        progress: false,
        lang: Lang::Sv,
    };
    let (section, files) = price::batch_extras(std::slice::from_ref(&table), Lang::Sv).unwrap();
    batch::write_outputs_priced(
        &batch_out,
        std::slice::from_ref(&s),
        &rows,
        &opts,
        &[section],
        &files,
    )
    .unwrap();
    assert_eq!(
        std::fs::read(batch_out.path().join("prices.csv")).unwrap(),
        csv
    );
    let page = std::fs::read_to_string(batch_out.path().join("report.html")).unwrap();
    assert!(page.contains("Vad kostar reglerna?") && page.contains("href=\"#prices\""));
    if let Some(chromium) = chromium() {
        render_in_chromium(&chromium, &out.path().join("report.html"), "1200,1600");
    }
}

/// Every rule with a value in the default scenario has its steps.
#[test]
fn the_default_has_a_step_for_every_rule() {
    let (s, _) = serviceplan::scenario::load_default();
    let steps = price::steps::steps(&s);
    for rule in [
        Rule::Evenings,
        Rule::DayStaff,
        Rule::EveningStaff,
        Rule::OfficeOpen,
        Rule::DaysPerWeek,
        Rule::OpeningHours,
        Rule::Demand,
        Rule::MaxConsecutive,
        Rule::Averaging,
    ] {
        assert!(
            steps.iter().any(|st| st.rule == rule),
            "no step for {rule:?}"
        );
    }
    // Hedesunda from one day a week to two; every step builds a valid scenario.
    assert!(
        steps
            .iter()
            .any(|st| st.rule == Rule::DaysPerWeek && st.target == "hedesunda" && st.to == "2")
    );
    for st in &steps {
        price::steps::apply(&s, st).unwrap_or_else(|e| panic!("{st:?}: {e:#}"));
    }
}

/// The command wires the library: the files are written within the time
/// limit (+5 % and a second), the CSV keeps the contract's columns.
#[test]
fn the_command_writes_the_table_within_its_time_limit() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one-monday.toml");
    let s = one_monday();
    std::fs::write(
        &file,
        format!(
            "{HEAD}[period]\nstart = 2025-02-01\nend = 2025-02-28\n\
             [[offices]]\nid = \"a\"\nname = \"Kontor A\"\narea = \"home\"\nlat = 60.0\nlon = 17.0\n\
             hours = {{ wed = \"10:00-14:00\" }}\nevening_days = [\"mon\"]\n\
             unavailable = [2025-02-03, 2025-02-10, 2025-02-17]\n\
             [[staff]]\nid = \"s1\"\nfte = 1.0\nhome = \"home\"\n[[staff]]\nid = \"s2\"\nfte = 0.5\nhome = \"home\"\n"
        )
        .replace("min_evenings_per_month = 0", "min_evenings_per_month = 1"),
    )
    .unwrap();
    let out = dir.path().join("priser");
    let limit = 20.0;
    let started = std::time::Instant::now();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_serviceplan"))
        .args([
            "price",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["--time-limit", &limit.to_string(), "--lang", "en"])
        .output()
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(seconds <= limit * 1.05 + 1.0, "{seconds:.1} s");
    let csv = std::fs::read_to_string(out.join("prices.csv")).unwrap();
    assert_eq!(
        csv.lines().count(),
        1 + price::steps::steps(&s).len(),
        "{csv}"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("What do the rules cost?"));
    assert!(out.join("prices.json").exists());
}
