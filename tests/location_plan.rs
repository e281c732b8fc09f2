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

/// The families of a verifier report, sorted and deduplicated.
fn families(r: &serviceplan::verify::Report) -> Vec<&'static str> {
    let mut f: Vec<&str> = r.violations.iter().map(|v| v.family.id).collect();
    f.sort();
    f.dedup();
    f
}

/// An opening of office `s` on Tuesday 4 March (its configured hours).
fn south_opening() -> serviceplan::plan::OpeningRow {
    serviceplan::plan::OpeningRow {
        date: "2025-03-04".parse().unwrap(),
        office: "s".into(),
        start: "10:00".into(),
        end: "14:00".into(),
        kind: "day".into(),
    }
}

#[test]
fn the_verifier_counts_the_open_offices_against_max_offices() {
    let s = load(&two_candidates(
        "[location]\nmax_offices = 1\nradius_km = 5\nunreached_inhabitant = 10\n",
    ));
    let p = plan(&s);
    let r = serviceplan::verify::verify(&s, &p.openings, &p.shifts);
    assert!(r.ok(), "{:?}", r.violations);
    // Opening the second candidate too: two offices open, at most one allowed
    // (and nobody staffs the new opening).
    let mut openings = p.openings.clone();
    openings.push(south_opening());
    let r = serviceplan::verify::verify(&s, &openings, &p.shifts);
    assert_eq!(
        families(&r),
        ["site_count", "staffing"],
        "{:?}",
        r.violations
    );
    let v = r
        .violations
        .iter()
        .find(|v| v.family.id == "site_count")
        .unwrap();
    assert_eq!(
        v.message,
        "2 offices are open (n, s), more than location.max_offices = 1"
    );
}

#[test]
fn the_verifier_counts_the_open_offices_against_min_offices() {
    // No solve: one candidate opened where two are required.
    let s = load(&two_candidates("[location]\nmin_offices = 2\n"));
    let r = serviceplan::verify::verify(&s, &[south_opening()], &[]);
    let v: Vec<&str> = r
        .violations
        .iter()
        .filter(|v| v.family.id == "site_count")
        .map(|v| v.message.as_str())
        .collect();
    assert_eq!(
        v,
        ["1 offices are open (s), fewer than location.min_offices = 2"]
    );
}

#[test]
fn the_verifier_sums_the_open_offices_premises_against_the_budget() {
    // 60 000 SEK of premises budget: the plan opens only the south office
    // (50 000); opening the north one too costs 150 000.
    let s = load(&two_candidates(
        "[location]\nradius_km = 5\nunreached_inhabitant = 10\n[costs.budget]\npremises = 60000\n",
    ));
    let p = plan(&s);
    assert_eq!(p.summary.open_offices, ["s"]);
    let r = serviceplan::verify::verify(&s, &p.openings, &p.shifts);
    assert!(r.ok(), "{:?}", r.violations);
    let mut openings = p.openings.clone();
    openings.push(serviceplan::plan::OpeningRow {
        date: "2025-03-03".parse().unwrap(),
        office: "n".into(),
        ..south_opening()
    });
    let r = serviceplan::verify::verify(&s, &openings, &p.shifts);
    assert_eq!(
        families(&r),
        ["site_budget", "staffing"],
        "{:?}",
        r.violations
    );
    let v = r
        .violations
        .iter()
        .find(|v| v.family.id == "site_budget")
        .unwrap();
    assert_eq!(
        v.message,
        "the open offices (n, s) cost 150000 SEK a year in premises, more than costs.budget.premises = 60000"
    );
    // Without enforce_premises_budget the same plan breaks no office rule.
    let mut free = s.clone();
    free.location.enforce_premises_budget = false;
    let r = serviceplan::verify::verify(&free, &openings, &p.shifts);
    assert_eq!(families(&r), ["staffing"], "{:?}", r.violations);
}
