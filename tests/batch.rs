//! Batch planning: grid expansion, parallel = sequential, failures reported
//! while the others complete, Pareto marks.

mod common;

use common::*;
use serviceplan::batch::{self, BatchOptions, grid};
use serviceplan::solve::SolveOptions;

/// An output folder for a test.
fn out(p: &std::path::Path) -> serviceplan::output::OutDir {
    serviceplan::output::OutDir::claim(p, false).expect("a fresh output folder")
}

fn tiny() -> serviceplan::scenario::Scenario {
    load(&format!(
        "{HEAD}[period]\nstart = 2025-02-01\nend = 2025-02-28\n\
         [[areas]]\nid = \"north\"\npopulation = 500\nlat = 60.3\nlon = 17.0\n\
         [[offices]]\nid = \"a\"\narea = \"home\"\nlat = 60.0\nlon = 17.0\nhours = {{ mon = \"10:00-14:00\", wed = \"10:00-14:00\" }}\nevening_days = [\"tue\"]\n\
         [[offices]]\nid = \"b\"\narea = \"north\"\nlat = 60.3\nlon = 17.0\nhours = {{ tue = \"10:00-14:00\" }}\nevening_days = [\"thu\"]\n\
         [[staff]]\nid = \"s1\"\nfte = 1.0\nhome = \"home\"\n[[staff]]\nid = \"s2\"\nfte = 0.5\nhome = \"home\"\n"
    ))
}

fn options(jobs: usize) -> BatchOptions {
    BatchOptions {
        solve: SolveOptions {
            deadline: serviceplan::solve::Deadline::none(),
            ..SolveOptions::default()
        },
        time_limit: 30.0,
        jobs,
        radius_km: 10.0,
        progress: false,
        lang: serviceplan::report::Lang::Sv,
    }
}

#[test]
fn grid_expands_to_the_product_of_levers() {
    let levers = vec![
        grid::parse_lever("offices=1..2").unwrap(),
        grid::parse_lever("evenings=0,2").unwrap(),
    ];
    let v = grid::expand(&tiny(), &levers).unwrap();
    let names: Vec<&str> = v.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "tiny-offices1-evenings0",
            "tiny-offices1-evenings2",
            "tiny-offices2-evenings0",
            "tiny-offices2-evenings2"
        ]
    );
    // offices=1 keeps the office in the most populous area (home: 100 < north: 500)
    assert!(v[0].offices.iter().find(|o| o.id == "a").unwrap().closed);
    assert!(!v[0].offices.iter().find(|o| o.id == "b").unwrap().closed);
    assert_eq!(v[1].rules.min_evenings_per_month, 2);
    let fte = grid::expand(&tiny(), &[grid::parse_lever("fte=3.0").unwrap()]).unwrap();
    let total: f64 = fte[0].staff.iter().map(|x| x.fte).sum();
    assert!(
        (total - 3.0).abs() < 1e-9 && fte[0].staff.iter().all(|x| x.fte <= 1.0),
        "{total}"
    );
    assert_eq!(
        grid::parse_lever("fte=3.0..4.0:0.5").unwrap().values,
        [3.0, 3.5, 4.0]
    );
    let path = grid::expand(
        &tiny(),
        &[grid::parse_lever("rules.max_consecutive_days=3").unwrap()],
    )
    .unwrap();
    assert_eq!(path[0].rules.max_consecutive_days, 3);
    assert!(grid::parse_lever("nonsense").is_err());
    assert!(grid::expand(&tiny(), &[grid::parse_lever("colour=3").unwrap()]).is_err());
}

#[test]
fn parallel_and_sequential_batches_agree_and_failures_are_rows() {
    let mut scenarios =
        grid::expand(&tiny(), &[grid::parse_lever("evenings=0,1,2").unwrap()]).unwrap();
    // an infeasible one: more evenings than Tuesdays and Thursdays can hold
    let mut bad = scenarios[0].clone();
    bad.name = "tiny-impossible".into();
    bad.period.start = chrono::NaiveDate::from_ymd_opt(2025, 2, 1).unwrap();
    bad.period.end = chrono::NaiveDate::from_ymd_opt(2025, 2, 28).unwrap();
    bad.rules.min_evenings_per_month = 9;
    scenarios.insert(1, bad);
    let d1 = tempfile::tempdir().unwrap();
    let d2 = tempfile::tempdir().unwrap();
    let seq = batch::run(&scenarios, &out(d1.path()), &options(1)).unwrap();
    let par = batch::run(&scenarios, &out(d2.path()), &options(2)).unwrap();
    let strip = |rows: &[batch::ComparisonRow]| -> Vec<batch::ComparisonRow> {
        rows.iter()
            .cloned()
            .map(|mut r| {
                r.solve_seconds = 0.0;
                r
            })
            .collect()
    };
    assert_eq!(strip(&seq), strip(&par));
    assert_eq!(seq.len(), 4);
    assert_eq!(seq[1].status, "infeasible");
    assert!(
        seq[1].reason.contains("Evening openings per month"),
        "{}",
        seq[1].reason
    );
    for r in [&seq[0], &seq[2], &seq[3]] {
        assert_eq!(r.status, "optimal", "{}: {}", r.scenario, r.reason);
        assert!(d1.path().join(&r.scenario).join("shifts.csv").exists());
    }
    assert!(!d1.path().join("tiny-impossible").exists());
    // plan folders are identical whatever the parallelism
    for r in [&seq[0], &seq[2]] {
        for f in ["openings.csv", "shifts.csv"] {
            assert_eq!(
                std::fs::read(d1.path().join(&r.scenario).join(f)).unwrap(),
                std::fs::read(d2.path().join(&r.scenario).join(f)).unwrap()
            );
        }
    }
    batch::write_comparison(&out(d1.path()), &seq).unwrap();
    let csv = std::fs::read_to_string(d1.path().join("comparison.csv")).unwrap();
    assert!(
        csv.starts_with("scenario,status,reason,offices,staff_fte,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 5);
    // the Parquet file has the CSV's columns, typed, and the same values
    {
        use polars::prelude::*;
        let f = std::fs::File::open(d1.path().join("comparison.parquet")).unwrap();
        let df = ParquetReader::new(f).finish().unwrap();
        let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
        let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
        assert_eq!(names, header);
        assert_eq!(df.height(), 4);
        let scen: Vec<Option<&str>> = df
            .column("scenario")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .collect();
        let want: Vec<Option<&str>> = seq.iter().map(|r| Some(r.scenario.as_str())).collect();
        assert_eq!(scen, want);
        let pareto: Vec<Option<bool>> = df
            .column("pareto")
            .unwrap()
            .bool()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(
            pareto,
            seq.iter().map(|r| Some(r.pareto)).collect::<Vec<_>>()
        );
        let missing: Vec<Option<f64>> = df
            .column("missing_openings")
            .unwrap()
            .f64()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(
            missing,
            seq.iter()
                .map(|r| Some(r.missing_openings))
                .collect::<Vec<_>>()
        );
        // the infeasible scenario has no cost: null, not zero
        let cost_col = header.iter().find(|h| h.ends_with("_budget_sek")).unwrap();
        assert_eq!(df.column(cost_col).unwrap().null_count(), 1);
    }
    // With two staff, an evening (two staff) costs the day opening elsewhere:
    // evenings rise, day openings go missing, opening hours stay, cost rises.
    assert!(seq[3].evening_openings_per_month > seq[2].evening_openings_per_month);
    assert_eq!(
        (
            seq[0].missing_openings,
            seq[2].missing_openings,
            seq[3].missing_openings
        ),
        (0.0, 1.0, 2.0)
    );
    assert!(seq[3].total_cost() > seq[0].total_cost());
    // so no evenings dominates: cheapest, same reach, same hours
    assert!(seq[0].pareto && !seq[2].pareto && !seq[3].pareto && !seq[1].pareto);
}

#[test]
fn cores_are_split_between_jobs_and_threads() {
    assert_eq!(batch::split_cores(32, 0, 2), (2, 1));
    assert_eq!(batch::split_cores(1, 0, 8), (1, 8));
    assert_eq!(batch::split_cores(3, 2, 8), (2, 4));
    // more jobs than cores would oversubscribe
    assert_eq!(batch::split_cores(8, 4, 2), (2, 1));
}

/// Installs Chromium through scripts/chromium.sh when it is missing;
/// `None` (with a printed note) when it cannot.
#[test]
fn the_batch_report_compares_every_scenario_with_a_map_each() {
    let mut scenarios =
        grid::expand(&tiny(), &[grid::parse_lever("offices=1..2").unwrap()]).unwrap();
    let mut bad = scenarios[1].clone();
    bad.name = "tiny-impossible".into();
    bad.rules.min_evenings_per_month = 9;
    scenarios.push(bad);
    let dir = tempfile::tempdir().unwrap();
    let opts = options(1);
    let rows = batch::run(&scenarios, &out(dir.path()), &opts).unwrap();
    assert_eq!(
        rows.iter().map(|r| r.status.as_str()).collect::<Vec<_>>(),
        ["optimal", "optimal", "infeasible"]
    );
    batch::write_outputs(&out(dir.path()), &scenarios, &rows, &opts).unwrap();
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
    assert!(html.contains("<h1>Jämförelse av scenarier</h1>"));
    for s in &scenarios {
        assert!(
            html.contains(&format!("<figure class=\"map\" id=\"map-{}\">", s.name)),
            "no map for {}",
            s.name
        );
        assert!(html.contains(&format!("id=\"row-{}\"", s.name)));
    }
    assert_eq!(html.matches("<figure class=\"map\"").count(), 3);
    assert_eq!(html.matches("<svg ").count(), 4, "one chart and three maps");
    // areas: two per map; offices: two per map, open ones filled
    assert_eq!(html.matches("class=\"area\"").count(), 6);
    // offices=1 keeps b (north); offices=2 both; the infeasible one has no plan
    assert_eq!(html.matches("class=\"office open\"").count(), 3);
    assert_eq!(html.matches("class=\"office closed\"").count(), 3);
    // a reach circle around each open office
    assert_eq!(html.matches("stroke-dasharray=\"4 3\"").count(), 3);
    // one point per planned scenario; the Pareto ones highlighted
    let pareto = rows.iter().filter(|r| r.pareto).count();
    assert!(pareto >= 1);
    assert_eq!(html.matches("class=\"point pareto\"").count(), pareto);
    assert_eq!(html.matches("class=\"point\"").count(), 2 - pareto);
    assert!(html.contains("ingen plan (omöjlig)"));
    // self-contained: no scripts, no external resources
    assert!(!html.contains("<script") && !html.contains("http://www.w3.org/1999"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));

    // comparison.xlsx: the comparison table as one typed sheet
    {
        use calamine::{Data, Reader};
        let mut wb = calamine::open_workbook_auto(dir.path().join("comparison.xlsx")).unwrap();
        assert_eq!(wb.sheet_names(), ["comparison"]);
        let sheet = wb.worksheet_range("comparison").unwrap();
        let csv = std::fs::read_to_string(dir.path().join("comparison.csv")).unwrap();
        assert_eq!(sheet.height(), csv.lines().count());
        let head: Vec<String> = sheet
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(head.join(","), csv.lines().next().unwrap());
        let scen: Vec<String> = sheet.rows().skip(1).map(|r| r[0].to_string()).collect();
        assert_eq!(
            scen,
            scenarios.iter().map(|s| s.name.clone()).collect::<Vec<_>>()
        );
        let offices_col = head.iter().position(|h| h == "offices").unwrap();
        assert!(matches!(
            sheet.rows().nth(1).unwrap()[offices_col],
            Data::Float(_)
        ));
    }

    // Deterministic: the measured solve times do not enter the page.
    let again = tempfile::tempdir().unwrap();
    let mut slower = rows.clone();
    for r in &mut slower {
        r.solve_seconds += 1.5;
    }
    batch::write_outputs(&out(again.path()), &scenarios, &slower, &opts).unwrap();
    assert_eq!(
        std::fs::read(dir.path().join("report.html")).unwrap(),
        std::fs::read(again.path().join("report.html")).unwrap()
    );
    // English on request.
    let mut en = opts.clone();
    en.lang = serviceplan::report::Lang::En;
    let english = tempfile::tempdir().unwrap();
    batch::write_outputs(&out(english.path()), &scenarios, &rows, &en).unwrap();
    let html_en = std::fs::read_to_string(english.path().join("report.html")).unwrap();
    assert!(
        html_en.contains("<html lang=\"en\">") && html_en.contains("<h1>Scenario comparison</h1>")
    );
    assert!(html_en.contains("no plan (infeasible)"));

    // Loads in headless Chromium without console errors.
    let Some(chromium) = chromium() else {
        return;
    };
    render_in_chromium(&chromium, &dir.path().join("report.html"), "1200,1600");
}

#[test]
fn a_variant_that_cannot_be_built_is_kept_with_its_reason() {
    let base = serviceplan::scenario::load_default().0;
    let lever = batch::grid::parse_lever("offices=6..8").unwrap();
    let v = batch::grid::expand_variants(&base, &[lever]);
    let names: Vec<&str> = v.iter().map(|(s, _)| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["gavle-offices6", "gavle-offices7", "gavle-offices8"]
    );
    assert!(v[0].1.is_none() && v[1].1.is_none());
    let why = v[2].1.as_deref().unwrap();
    assert!(
        why.contains("offices=8: the base scenario has 7 open offices"),
        "{why}"
    );
    assert_eq!(
        v[0].0.offices.iter().filter(|o| !o.closed).count(),
        6,
        "the valid variants are built as by expand"
    );
}

/// The comparison page in a browser: no SVG text covers another and no
/// console errors, on the real Gävle alternatives (one of them over its
/// staff budget, with the budget line near the points) and on a crowded
/// grid of 24 close alternatives, in both languages and two widths.
#[test]
fn the_batch_report_in_a_browser_has_no_overlapping_labels() {
    let Some(chromium) = chromium() else {
        return;
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let scenarios: Vec<serviceplan::scenario::Scenario> =
        ["gavle.toml", "gavle-4-kvallar.toml", "gavle-4-kontor.toml"]
            .iter()
            .map(|f| serviceplan::scenario::load(&root.join(f)).unwrap().0)
            .collect();
    let mut opts = options(2);
    opts.time_limit = 30.0;
    let dir = tempfile::tempdir().unwrap();
    let rows = batch::run(&scenarios, &out(dir.path()), &opts).unwrap();
    assert!(
        rows[1]
            .costs
            .values()
            .any(|(planned, budget)| planned > budget),
        "gavle-4-kvallar is over its staff budget: {:?}",
        rows[1].costs
    );

    // Close alternatives: costs 0.2 % apart, reach in four close steps,
    // names of real length, some over budget, some Pareto.
    let mut crowded_s = Vec::new();
    let mut crowded_r = Vec::new();
    for k in 0..24usize {
        let (mut s, mut r) = (scenarios[k % 3].clone(), rows[k % 3].clone());
        s.name = format!("{}-variant-{k}", s.name);
        r.scenario = s.name.clone();
        for (planned, _) in r.costs.values_mut() {
            *planned *= 1.0 + 0.002 * k as f64;
        }
        r.reached_share = (r.reached_share - 0.004 * (k % 4) as f64).max(0.0);
        r.pareto = k % 5 == 0;
        crowded_s.push(s);
        crowded_r.push(r);
    }
    for lang in [serviceplan::report::Lang::Sv, serviceplan::report::Lang::En] {
        opts.lang = lang;
        for (name, sc, rs) in [
            ("real", &scenarios, &rows),
            ("crowded", &crowded_s, &crowded_r),
        ] {
            let page = tempfile::tempdir().unwrap();
            batch::write_outputs(&out(page.path()), sc, rs, &opts).unwrap();
            let shot = render_in_chromium(&chromium, &page.path().join("report.html"), "1200,2400");
            assert!(
                std::fs::metadata(&shot).unwrap().len() > 20_000,
                "{name}: blank?"
            );
            for window in ["1200,2400", "700,2400"] {
                let probe = probe_in_chromium(&chromium, &page.path().join("report.html"), window);
                let at = format!("{name} {lang:?} {window}: {probe:?}");
                // axis ticks, legend, budget and a name per office on each map
                assert!(probe.labels >= 20, "{at}");
                assert!(probe.overlaps.is_empty(), "{at}");
                assert!(probe.errors.is_empty(), "{at}");
            }
        }
    }
}
