//! Model 5, budget and cost: the projection computed by hand to the krona.

mod common;

use serviceplan::cost::{PlanVariableCosts, projection};

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
