//! Model 5, budget and cost: the projection computed by hand to the krona,
//! and the follow-up of a hand-made ledger against plan and budget (every
//! variance and forecast worked out by hand), bad ledger rows named by
//! file, line and field, and nothing written on bad input.

mod common;

use std::path::Path;

use serviceplan::cost::followup::{ActualStatus, BadInput, FollowupRow};
use serviceplan::report::followup::run_budget as run_budget_in;

/// The follow-up in Swedish (every output file).
fn run_budget(
    s: &Scenario,
    plan: &Path,
    ledger: &Path,
    out: &OutDir,
) -> anyhow::Result<serviceplan::cost::followup::FollowupSummary> {
    run_budget_in(s, plan, ledger, out, serviceplan::report::Lang::Sv)
}
use serviceplan::cost::{PlanVariableCosts, projection};
use serviceplan::output::OutDir;
use serviceplan::scenario::Scenario;

// ---------------------------------------------------------------- projection

/// Two staff (1.0 + 0.5 FTE), three offices of which one is closed, salary
/// 30 000 kr in 2022 with revisions 4 / 3 / 2 %, on-costs 40 % from 2022 and
/// 45 % from 2024 (2023 and 2025 not listed: the latest year before counts),
/// and a 91-day plan period (Q2 2025).
const COSTS_SCENARIO: &str = r#"
name = "costs"
[period]
start = 2025-04-01
end = 2025-06-30
[rules]
cycle_weeks = 0
[costs]
monthly_salary = 30000
salary_year = 2022
pay_revision = { "2023" = 0.04, "2024" = 0.03, "2025" = 0.02 }
on_costs = { "2022" = 0.40, "2024" = 0.45 }
mileage_sek_per_km = 2.5
other_per_year = 120000
budget = { staff = 1800000, premises = 400000, other = 300000 }
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
hours = { mon = "10:00-14:00" }
premises_cost_per_year = 60000
[[offices]]
id = "b"
area = "home"
lat = 60.0
lon = 17.0
hours = { tue = "10:00-14:00" }
premises_cost_per_year = 40000
[[offices]]
id = "c"
area = "home"
lat = 60.0
lon = 17.0
hours = { wed = "10:00-14:00" }
premises_cost_per_year = 100000
closed = true
[[staff]]
id = "s1"
fte = 1.0
home = "home"
[[staff]]
id = "s2"
fte = 0.5
home = "home"
"#;

fn rows_of(rows: &[serviceplan::cost::CostRow]) -> Vec<(i32, &str, f64, f64)> {
    rows.iter()
        .map(|r| (r.year, r.category.as_str(), r.planned_sek, r.budget_sek))
        .collect()
}

#[test]
fn projection_matches_the_hand_calculation_to_the_krona() {
    let s = common::load(COSTS_SCENARIO);
    // The plan drove 364 km (× 2.5 kr = 910 kr) and earned 182 kr of OB in
    // its 91 days: 10 kr and 2 kr a day, scaled to each year by its days ×
    // programme share (2022: 6/12 of 365 = 182.5 days).
    let plan = PlanVariableCosts {
        mileage_sek: 364.0 * 2.5,
        ob_sek: 182.0,
        premises_hours_sek: 0.0,
    };
    // Monthly salary: 2022 30 000; 2023 31 200; 2024 32 136; 2025 32 778.72.
    // staff = 1.5 FTE × salary × months × (1 + PO) + mileage + OB × (1 + PO):
    //   2022: 1.5 × 30 000 × 6 × 1.40 = 378 000 + 1 825 + 365 × 1.40 = 511     → 380 336
    //   2023: 1.5 × 31 200 × 12 × 1.40 = 786 240 + 3 650 + 730 × 1.40 = 1 022  → 790 912
    //   2024: 1.5 × 32 136 × 12 × 1.45 = 838 749.6 + 3 660 + 732 × 1.45 = 1 061.4 → 843 471
    //   2025: 1.5 × 32 778.72 × 12 × 1.45 = 855 524.592 + 3 650 + 730 × 1.45 = 1 058.5
    //         = 860 233.092 → 860 233
    // premises = 60 000 + 40 000 (c is closed) = 100 000 a year, 2022: 6/12.
    // other = 120 000 a year, 2022: 6/12. Budget 2022: 6/12 of each.
    let expected = vec![
        (2022, "staff", 380_336.0, 900_000.0),
        (2022, "premises", 50_000.0, 200_000.0),
        (2022, "other", 60_000.0, 150_000.0),
        (2023, "staff", 790_912.0, 1_800_000.0),
        (2023, "premises", 100_000.0, 400_000.0),
        (2023, "other", 120_000.0, 300_000.0),
        (2024, "staff", 843_471.0, 1_800_000.0),
        (2024, "premises", 100_000.0, 400_000.0),
        (2024, "other", 120_000.0, 300_000.0),
        (2025, "staff", 860_233.0, 1_800_000.0),
        (2025, "premises", 100_000.0, 400_000.0),
        (2025, "other", 120_000.0, 300_000.0),
    ];
    assert_eq!(rows_of(&projection(&s, plan)), expected);
}

#[test]
fn first_year_counts_whole_months_from_a_mid_year_start() {
    // Start 15 September 2023: Sep–Dec = 4 months of salary, premises,
    // other and budget alike; 2022 is outside the programme.
    let text = COSTS_SCENARIO.replace("budget = {", "programme_start = 2023-09-15\nbudget = {");
    let s = common::load(&text);
    let rows = projection(&s, PlanVariableCosts::default());
    // 1.5 × 31 200 × 4 × 1.40 = 262 080; 100 000 × 4/12 = 33 333.33;
    // 120 000 × 4/12 = 40 000; budget 1 800 000 × 4/12 = 600 000.
    assert_eq!(
        rows_of(&rows[..3]),
        vec![
            (2023, "staff", 262_080.0, 600_000.0),
            (2023, "premises", 33_333.0, 133_333.0),
            (2023, "other", 40_000.0, 100_000.0),
        ]
    );
    assert_eq!(rows.len(), 9, "2023, 2024, 2025");
}

#[test]
fn a_planned_quarter_carries_its_mileage_into_the_costs() {
    // One office 10 km by road, open Mondays 10–14, two weeks in March 2025:
    // two openings, each a 20 km round trip at 2.5 kr/km.
    let s = common::load(&format!(
        "{}[period]\nstart = 2025-03-03\nend = 2025-03-16\n[costs]\nmileage_sek_per_km = 2.5\n\
         [[offices]]\nid = \"a\"\narea = \"home\"\nlat = 60.0\nlon = 17.0\nroad_km = 10\n\
         hours = {{ mon = \"10:00-14:00\" }}\nevening_days = []\n\
         [[staff]]\nid = \"s1\"\nfte = 1.0\nhome = \"home\"\n",
        common::HEAD
    ));
    let p = common::plan(&s);
    let trips = p.shifts.len() as f64;
    assert_eq!(trips, 2.0, "{:?}", p.shifts);
    let mileage = trips * 20.0 * 2.5;
    assert_eq!(p.summary.mileage_sek, mileage);
    // 2023: 1.0 × 33 000 × 1.041 × 12 × 1.4453 + 100 kr × 365 / 14 days
    //     = 595 804.6908 + 2 607.142857 = 598 411.83 → 598 412
    let staff_2023 = p
        .summary
        .costs
        .iter()
        .find(|c| c.year == 2023 && c.category == "staff")
        .unwrap();
    assert_eq!(staff_2023.planned_sek, 598_412.0);
}

// ----------------------------------------------------------------- follow-up

/// A plan folder with only `costs.csv`, as the follow-up needs.
const COSTS_CSV: &str = "year,category,planned_sek,budget_sek
2022,staff,900000,1000000
2022,premises,120000,250000
2022,other,60000,250000
2023,staff,1800000,1840000
2023,premises,240000,500000
2023,other,150000,500000
2024,staff,1850000,2000000
2024,premises,240000,500000
2024,other,150000,500000
2025,staff,1900000,2000000
2025,premises,240000,500000
2025,other,150000,500000
";

const LEDGER: &str = "month,category,amount_sek,office
2022-07,staff,140000,
2022-08,staff,150000,
2022-09,staff,155000.50,
2022-10,staff,150000,
2022-11,staff,150000,
2022-12,staff,150000,
2022-07,premises,20000,valbo
2022-12,premises,25000,hille
2022-10,other,9000,
2023-01,staff,160000,
2023-02,staff,160000,
2023-02,staff,5000,
2023-03,staff,170000,
2023-01,premises,20000,valbo
2023-03,other,30000,valbo
";

fn default_scenario() -> Scenario {
    serviceplan::scenario::load_default().0
}

fn folder_with(costs: &str) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("costs.csv"), costs).unwrap();
    d
}

fn read_rows(path: &Path) -> Vec<FollowupRow> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    // The original contract's eight columns first, the added ones after.
    assert_eq!(
        head.join(","),
        "year,month,category,budget_sek,planned_sek,actual_sek,variance_sek,forecast_year_sek,\
         variance_budget_sek,budget_ytd_sek,planned_ytd_sek,actual_ytd_sek,used_pct,actual_status"
    );
    r.deserialize().map(Result::unwrap).collect()
}

fn row<'a>(rows: &'a [FollowupRow], month: &str, category: &str) -> &'a FollowupRow {
    rows.iter()
        .find(|r| r.month == month && r.category == category)
        .unwrap_or_else(|| panic!("no row {month} {category}"))
}

fn numbers(r: &FollowupRow) -> (f64, f64, f64, f64, f64) {
    (
        r.budget_sek,
        r.planned_sek,
        r.actual_sek,
        r.variance_sek,
        r.forecast_year_sek,
    )
}

#[test]
fn followup_of_a_hand_made_ledger_to_the_krona() {
    let s = default_scenario();
    let plan = folder_with(COSTS_CSV);
    let ledger = plan.path().join("ledger.csv");
    std::fs::write(&ledger, LEDGER).unwrap();
    let out = tempfile::tempdir().unwrap();
    let summary = run_budget(
        &s,
        plan.path(),
        &ledger,
        &OutDir::claim(out.path(), false).unwrap(),
    )
    .unwrap();
    let rows = read_rows(&out.path().join("followup.csv"));

    // July 2022 to March 2023, 9 months × (3 categories + the total).
    assert_eq!(rows.len(), 36);
    assert_eq!(summary.through, "2023-03");
    assert_eq!(summary.programme_start, "2022-07");
    assert_eq!(summary.ledger_rows, 15);
    assert_eq!(
        (rows[0].month.as_str(), rows[0].category.as_str()),
        ("2022-07", "staff")
    );
    assert_eq!(rows[34].month, "2023-03");
    assert_eq!(rows[34].category, "other");
    assert_eq!(rows[35].category, "total");

    // 2022 has 6 programme months. Plan: staff 900 000 / 6 = 150 000 a
    // month. Budget 1 000 000 / 6 = 166 666 rest 4: Jul–Oct 166 667,
    // Nov–Dec 166 666 (the months add up to the year exactly).
    // September: actual 155 000.50, variance +5 000.50; forecast = actuals
    // Jul–Sep (140 000 + 150 000 + 155 000.50) + plan Oct–Dec 3 × 150 000.
    assert_eq!(
        numbers(row(&rows, "2022-09", "staff")),
        (166_667.0, 150_000.0, 155_000.5, 5_000.5, 895_000.5)
    );
    assert_eq!(
        numbers(row(&rows, "2022-12", "staff")),
        (166_666.0, 150_000.0, 150_000.0, 0.0, 895_000.5)
    );
    // Other 2022: plan 60 000 / 6 = 10 000; budget 250 000 / 6 → 41 667
    // (Jul–Oct), 41 666 (Nov–Dec). October: actual 9 000; forecast = 9 000
    // + plan Nov–Dec 20 000. July: nothing booked yet, forecast = the plan.
    assert_eq!(
        numbers(row(&rows, "2022-10", "other")),
        (41_667.0, 10_000.0, 9_000.0, -1_000.0, 29_000.0)
    );
    assert_eq!(
        numbers(row(&rows, "2022-07", "other")),
        (41_667.0, 10_000.0, 0.0, -10_000.0, 50_000.0)
    );
    // 2023: staff plan 150 000 a month; budget 1 840 000 / 12 = 153 333
    // rest 4: Jan–Apr 153 334. February has two ledger rows: 160 000 +
    // 5 000. Forecast March = 160 000 + 165 000 + 170 000 + 9 × 150 000.
    assert_eq!(
        numbers(row(&rows, "2023-02", "staff")),
        (153_334.0, 150_000.0, 165_000.0, 15_000.0, 1_825_000.0)
    );
    assert_eq!(
        numbers(row(&rows, "2023-03", "staff")),
        (153_334.0, 150_000.0, 170_000.0, 20_000.0, 1_845_000.0)
    );
    // Premises 2023: 240 000 / 12 = 20 000 a month; March has no booking,
    // forecast = 20 000 (Jan) + 0 + 0 + 9 × 20 000.
    assert_eq!(
        numbers(row(&rows, "2023-03", "premises")),
        (41_667.0, 20_000.0, 0.0, -20_000.0, 200_000.0)
    );
    // Other 2023: 150 000 / 12 = 12 500; March 30 000, forecast 30 000 + 9 × 12 500.
    assert_eq!(
        numbers(row(&rows, "2023-03", "other")),
        (41_667.0, 12_500.0, 30_000.0, 17_500.0, 142_500.0)
    );

    // Every month has staff rows: no month is missing; premises has none
    // in Aug–Nov 2022 and Feb–Mar 2023 (counted as 0 kr, flagged).
    assert!(summary.missing_months.is_empty());
    assert_eq!(
        summary.months_without_rows["premises"],
        [
            "2022-08", "2022-09", "2022-10", "2022-11", "2023-02", "2023-03"
        ]
    );
    assert_eq!(
        row(&rows, "2023-03", "premises").actual_status,
        ActualStatus::NoRows
    );
    // March 2023, all categories: budget 153 334 + 41 667 + 41 667; actual
    // 170 000 + 0 + 30 000; forecast 1 845 000 + 200 000 + 142 500.
    let t = row(&rows, "2023-03", "total");
    assert_eq!(
        (t.budget_sek, t.actual_sek, t.forecast_year_sek),
        (236_668.0, 200_000.0, 2_187_500.0)
    );
    // Used: staff actuals to date 495 000 of 1 840 000 = 26.9 %.
    assert_eq!(row(&rows, "2023-03", "staff").used_pct, 26.9);
    // Against the budget: other in March, 30 000 − 41 667.
    assert_eq!(
        row(&rows, "2023-03", "other").variance_budget_sek,
        -11_667.0
    );

    // followup.json: the 2023 staff forecast 1 845 000 is 5 000 over the
    // budget of 1 840 000, the only overrun; each year has a total entry.
    assert_eq!(summary.categories.len(), 8);
    assert_eq!(summary.overruns.len(), 1, "{:?}", summary.overruns);
    let o = &summary.overruns[0];
    assert_eq!((o.year, o.category.as_str()), (2023, "staff"));
    assert_eq!(o.overrun_sek, 5_000.0);
    assert_eq!(o.forecast_year_sek, 1_845_000.0);
    assert_eq!(o.budget_sek, 1_840_000.0);
    assert_eq!(o.actual_to_date_sek, 495_000.0);
    assert_eq!(o.planned_to_date_sek, 450_000.0);
    assert_eq!(o.variance_to_date_sek, 45_000.0);
    assert_eq!((o.months_to_date, o.months_in_year), (3, 12));
    let staff_2022 = summary
        .categories
        .iter()
        .find(|c| c.year == 2022 && c.category == "staff")
        .unwrap();
    assert_eq!(staff_2022.forecast_year_sek, 895_000.5);
    assert!(!staff_2022.overrun);
    assert_eq!(staff_2022.forecast_vs_budget_sek, -104_999.5);
    assert_eq!(summary.actual_by_office["valbo"]["premises"], 40_000.0);
    assert_eq!(summary.actual_by_office["valbo"]["other"], 30_000.0);
    assert_eq!(summary.actual_by_office["hille"]["premises"], 25_000.0);

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("followup.json")).unwrap())
            .unwrap();
    assert_eq!(json["overruns"][0]["overrun_sek"], 5000.0);
    assert_eq!(json["overruns"][0]["overrun"], true);

    // The monthly plan and budget add up to the year exactly.
    let sum = |cat: &str, f: fn(&FollowupRow) -> f64| -> f64 {
        rows.iter()
            .filter(|r| r.year == 2022 && r.category == cat)
            .map(f)
            .sum()
    };
    assert_eq!(sum("staff", |r| r.budget_sek), 1_000_000.0);
    assert_eq!(sum("premises", |r| r.planned_sek), 120_000.0);
}

#[test]
fn a_swedish_excel_ledger_with_semicolons_and_decimal_commas_is_read() {
    let s = default_scenario();
    let plan = folder_with(COSTS_CSV);
    let ledger = plan.path().join("ledger.csv");
    std::fs::write(
        &ledger,
        "\u{feff}month;category;amount_sek\r\n2022-07;staff;1 234,50\r\n2022-07;Other;-34,50\r\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    run_budget(
        &s,
        plan.path(),
        &ledger,
        &OutDir::claim(out.path(), false).unwrap(),
    )
    .unwrap();
    let rows = read_rows(&out.path().join("followup.csv"));
    assert_eq!(rows.len(), 4, "three categories and the total");
    assert_eq!(row(&rows, "2022-07", "staff").actual_sek, 1234.5);
    assert_eq!(row(&rows, "2022-07", "other").actual_sek, -34.5);
}

fn bad_input(ledger_text: &str) -> (Vec<String>, tempfile::TempDir) {
    let s = default_scenario();
    let plan = folder_with(COSTS_CSV);
    let ledger = plan.path().join("ledger.csv");
    std::fs::write(&ledger, ledger_text).unwrap();
    let out = plan.path().join("out");
    let err = run_budget(
        &s,
        plan.path(),
        &ledger,
        &OutDir::claim(&out, false).unwrap(),
    )
    .unwrap_err();
    let bad = err
        .downcast_ref::<BadInput>()
        .unwrap_or_else(|| panic!("not a BadInput: {err:#}"))
        .clone();
    assert!(!out.exists(), "nothing may be written on bad input");
    (bad.0, plan)
}

#[test]
fn bad_ledger_rows_are_named_by_file_line_and_field() {
    let (problems, _dir) = bad_input(
        "month,category,amount_sek\n\
         2023-01,staff,100\n\
         \n\
         2023-13,staff,100\n\
         2023-02,rent,100\n\
         2023-02,other,12k\n\
         2021-05,other,10\n\
         2026-01,staff,5\n\
         23-04,staff,5\n\
         2023-04,,5\n\
         2023-04,staff,\n",
    );
    let expect = [
        (
            "ledger.csv:4: error: month:",
            "`2023-13` is not a month YYYY-MM",
        ),
        ("ledger.csv:5: error: category:", "unknown category `rent`"),
        ("ledger.csv:6: error: amount_sek:", "`12k` is not a number"),
        (
            "ledger.csv:7: error: month:",
            "2021-05 lies outside the programme, 2022-07 to 2025-12",
        ),
        (
            "ledger.csv:8: error: month:",
            "2026-01 lies outside the programme",
        ),
        ("ledger.csv:9: error: month:", "`23-04` is not a month"),
        ("ledger.csv:10: error: category:", "empty"),
        ("ledger.csv:11: error: amount_sek:", "empty"),
    ];
    assert_eq!(problems.len(), expect.len(), "{problems:#?}");
    for ((at, what), got) in expect.iter().zip(&problems) {
        assert!(
            got.contains(at) && got.contains(what),
            "expected {at} … {what}, got {got}"
        );
    }
}

#[test]
fn a_ledger_without_the_needed_columns_is_rejected_at_line_1() {
    let (problems, _dir) = bad_input("month,kategori,belopp\n2023-01,staff,100\n");
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("ledger.csv:1: error: category: the header has no column `category`")
    );
    assert!(problems[1].contains("ledger.csv:1: error: amount_sek:"));
    let (problems, _dir) = bad_input("month,category,amount_sek\n");
    assert!(
        problems[0].contains("the ledger has no rows"),
        "{problems:?}"
    );
}

#[test]
fn a_costs_file_that_misses_programme_years_is_rejected() {
    let s = default_scenario();
    let plan = folder_with("year,category,planned_sek,budget_sek\n2025,staff,1,2\n");
    let ledger = plan.path().join("ledger.csv");
    std::fs::write(&ledger, "month,category,amount_sek\n2025-01,staff,1\n").unwrap();
    let err = run_budget(
        &s,
        plan.path(),
        &ledger,
        &OutDir::claim(plan.path().join("out"), false).unwrap(),
    )
    .unwrap_err();
    let msg = format!("{err:#}");
    assert!(
        msg.contains("costs.csv: error: no row for 2022 staff"),
        "{msg}"
    );
    assert!(!plan.path().join("out").exists());
}

/// A month with no ledger rows at all is flagged and the forecast takes
/// the plan for it (never a silent zero); a category without rows in a
/// booked month counts as 0 kr and is flagged; variance against budget and
/// the share used are the controller's (an "other" cost far under its
/// budget shows a negative variance against it); the workbook and the page
/// are written in the language asked for.
#[test]
fn a_missing_month_is_flagged_and_forecast_at_plan() {
    let s = default_scenario();
    let plan = folder_with(COSTS_CSV);
    let ledger = plan.path().join("ledger.csv");
    std::fs::write(
        &ledger,
        "month,category,amount_sek\n2022-07,staff,140000\n2022-07,other,8200\n2022-09,staff,150000\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let summary = run_budget_in(
        &s,
        plan.path(),
        &ledger,
        &OutDir::claim(out.path(), false).unwrap(),
        serviceplan::report::Lang::Sv,
    )
    .unwrap();
    let rows = read_rows(&out.path().join("followup.csv"));
    assert_eq!(summary.missing_months, ["2022-08"]);
    let aug = row(&rows, "2022-08", "staff");
    assert_eq!(aug.actual_status, ActualStatus::MonthMissing);
    assert_eq!(aug.actual_sek, 0.0);
    // September staff: actuals 140 000 + 150 000, August at plan 150 000,
    // October–December at plan 3 × 150 000.
    assert_eq!(row(&rows, "2022-09", "staff").forecast_year_sek, 890_000.0);
    // Premises: nothing in July or September (0 kr, flagged), August at
    // plan 20 000, the rest of the year at plan.
    let sep = row(&rows, "2022-09", "premises");
    assert_eq!(sep.actual_status, ActualStatus::NoRows);
    assert_eq!(sep.forecast_year_sek, 80_000.0);
    assert_eq!(
        summary.months_without_rows["premises"],
        ["2022-07", "2022-09"]
    );
    // Other in July: 8 200 against a plan of 10 000 and a budget of 41 667;
    // 8 200 of 250 000 used = 3.3 %.
    let jul = row(&rows, "2022-07", "other");
    assert_eq!(
        (jul.variance_sek, jul.variance_budget_sek, jul.used_pct),
        (-1_800.0, -33_467.0, 3.3)
    );
    // The year's total: forecast 890 000 + 80 000 + (8 200 + 10 000 + 30 000).
    let total = summary
        .categories
        .iter()
        .find(|c| c.year == 2022 && c.category == "total")
        .unwrap();
    assert_eq!(total.forecast_year_sek, 1_018_200.0);
    assert_eq!(total.budget_sek, 1_500_000.0);
    assert_eq!(total.months_missing, ["2022-08"]);
    assert!(!total.overrun);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("followup.json")).unwrap())
            .unwrap();
    assert_eq!(json["budget_profile"], "even");
    assert!(
        json["forecast_method"]
            .as_str()
            .unwrap()
            .contains("plan for months without")
    );

    // followup.xlsx: Swedish sheets and headers, numbers as numbers.
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(out.path().join("followup.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), ["Uppföljning", "Helår"]);
    let sheet = wb.worksheet_range("Uppföljning").unwrap();
    let head: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(head.contains(&"Utfall".to_string()) && head.contains(&"Prognos helår".to_string()));
    assert!(head.contains(&"Avvikelse mot budget".to_string()));
    let html = std::fs::read_to_string(out.path().join("followup.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("Månader utan några rader"));
    assert!(html.contains("2022-08"));
    // The chart's actual line (2022, the first chart) breaks at August
    // rather than drawing it at 0 kr: July, then September onwards.
    let actual_path = html
        .split("<path d=\"")
        .skip(1)
        .find(|p| p.contains("stroke=\"#c8642b\""))
        .expect("an actual line");
    let d = &actual_path[..actual_path.find('"').unwrap()];
    assert_eq!(d.matches('M').count(), 2, "{d}");
    assert_eq!(d.matches('L').count(), 0, "{d}");
}

/// A category planned at 0 with actuals is forecast at its run rate, not
/// at the actuals alone; months are listed as ranges.
#[test]
fn a_category_planned_at_zero_is_forecast_at_its_run_rate() {
    let s = default_scenario();
    let plan = folder_with(&COSTS_CSV.replace("2022,other,60000,", "2022,other,0,"));
    let ledger = plan.path().join("ledger.csv");
    std::fs::write(
        &ledger,
        "month,category,amount_sek\n2022-07,staff,1\n2022-08,other,8200\n2022-09,other,3800\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let summary = run_budget(
        &s,
        plan.path(),
        &ledger,
        &OutDir::claim(out.path(), false).unwrap(),
    )
    .unwrap();
    let other = summary
        .categories
        .iter()
        .find(|c| c.year == 2022 && c.category == "other")
        .unwrap();
    // Booked Jul (0, no rows), Aug 8 200, Sep 3 800: 12 000 over 3 months,
    // 4 000 a month for Oct–Dec.
    assert_eq!(other.forecast_basis, "run_rate");
    assert_eq!(other.forecast_year_sek, 24_000.0);
    assert_eq!(
        serviceplan::cost::followup::month_ranges(&[
            "2022-07".into(),
            "2022-08".into(),
            "2022-09".into(),
            "2022-12".into()
        ]),
        "2022-07 – 2022-09, 2022-12"
    );
}

/// The follow-up page in a browser: its chart's labels (legend, months,
/// mnkr ticks) never cover each other and it logs no errors, for a ledger
/// of nine months and one of three and a half years (month labels thinned).
#[test]
fn the_followup_page_renders_with_every_label_clear() {
    let Some(chromium) = common::chromium() else {
        return;
    };
    let s = default_scenario();
    let plan = folder_with(COSTS_CSV);
    let long: String = std::iter::once("month,category,amount_sek\n".to_string())
        .chain((0..42).map(|m| {
            let (y, mo) = (2022 + (6 + m) / 12, (6 + m) % 12 + 1);
            format!("{y}-{mo:02},staff,150000\n{y}-{mo:02},premises,20000\n")
        }))
        .collect();
    for (name, text) in [("short", LEDGER.to_string()), ("long", long)] {
        let ledger = plan.path().join(format!("{name}.csv"));
        std::fs::write(&ledger, text).unwrap();
        for lang in [serviceplan::report::Lang::Sv, serviceplan::report::Lang::En] {
            let out = tempfile::tempdir().unwrap();
            run_budget_in(
                &s,
                plan.path(),
                &ledger,
                &OutDir::claim(out.path(), false).unwrap(),
                lang,
            )
            .unwrap();
            let page = out.path().join("followup.html");
            common::render_in_chromium(&chromium, &page, "1200,1600");
            for window in ["1200,1600", "700,1600"] {
                let probe = common::probe_in_chromium(&chromium, &page, window);
                let at = format!("{name} {lang:?} {window}: {probe:?}");
                assert!(probe.labels >= 8, "{at}");
                assert!(probe.overlaps.is_empty(), "{at}");
                assert!(probe.errors.is_empty(), "{at}");
            }
        }
    }
}
