//! Model 4 inside a plan: candidate offices chosen for coverage within the
//! office count and the premises budget, then staffed and verified.

mod common;

use common::*;

/// Two candidate offices, one per area: north has 500 inhabitants, south 300.
fn two_candidates(extra: &str) -> String {
    format!(
        "{HEAD}[period]\nstart = 2025-03-03\nend = 2025-03-09\n{extra}\n\
         [[areas]]\nid = \"north\"\npopulation = 500\nlat = 60.5\nlon = 17.0\n\
         [[areas]]\nid = \"south\"\npopulation = 300\nlat = 59.5\nlon = 17.0\n\
         [[offices]]\nid = \"n\"\narea = \"north\"\nlat = 60.5\nlon = 17.0\ncandidate = true\nhours = {{ mon = \"10:00-14:00\" }}\nevening_days = []\npremises_cost_per_year = 100000\n\
         [[offices]]\nid = \"s\"\narea = \"south\"\nlat = 59.5\nlon = 17.0\ncandidate = true\nhours = {{ tue = \"10:00-14:00\" }}\nevening_days = []\npremises_cost_per_year = 50000\n\
         [[staff]]\nid = \"s1\"\nfte = 1.0\nhome = \"home\"\n"
    )
}

#[test]
fn one_office_goes_where_more_people_live() {
    let s = load(&two_candidates(
        "[location]\nmax_offices = 1\nradius_km = 5\nunreached_inhabitant = 10\n",
    ));
    let mut p = plan(&s);
    assert_eq!(p.summary.open_offices, ["n"]);
    assert!(p.openings.iter().all(|o| o.office == "n"));
    let dir = tempfile::tempdir().unwrap();
    serviceplan::planner::write_verified(&s, &mut p, &dir.path().join("p")).expect("verified");
}

#[test]
fn the_premises_budget_can_rule_an_office_out() {
    // budget 60 000 SEK: only the cheaper south office fits
    let s = load(&two_candidates(
        "[location]\nmax_offices = 1\nradius_km = 5\nunreached_inhabitant = 10\n[costs.budget]\npremises = 60000\n",
    ));
    let p = plan(&s);
    assert_eq!(p.summary.open_offices, ["s"]);
}

#[test]
fn both_open_when_allowed_and_worth_it() {
    let s = load(&two_candidates(
        "[location]\nradius_km = 5\nunreached_inhabitant = 10\n",
    ));
    let p = plan(&s);
    assert_eq!(p.summary.open_offices, ["n", "s"]);
}
