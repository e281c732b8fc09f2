//! Location core (model 4): OR-Library optima, hand-solved p-median /
//! covering / maximal covering, distances, readers and their errors.

use std::path::{Path, PathBuf};

use serviceplan::benchmark::facility::run_facility_command;
use serviceplan::geo::{self, LatLon};
use serviceplan::location::gavle;
use serviceplan::location::{Customer, LocationProblem, Objective, Site, orlib, solve};
use serviceplan::output::OutDir;
use serviceplan::solve::{SolveOptions, Status};
use serviceplan::verify::location as location_check;

fn opts() -> SolveOptions {
    SolveOptions {
        deadline: serviceplan::solve::Deadline::after(120.0),
        gap: 1e-7,
        ..SolveOptions::default()
    }
}

/// The OR-Library instances vendored in the repository.
fn benchmarks() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benchmarks/facility-location")
}

fn optimum(dir: &Path, csv: &str, name: &str) -> f64 {
    let text = std::fs::read_to_string(dir.join(csv)).unwrap();
    text.lines()
        .find_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0] == name).then(|| f[3].parse().unwrap())
        })
        .unwrap_or_else(|| panic!("{name} not in {csv}"))
}

fn check_orlib(name: &str, uncapacitated: bool) {
    let dir = benchmarks();
    let csv = if uncapacitated {
        "best-known-uncapacitated.csv"
    } else {
        "best-known.csv"
    };
    let want = optimum(&dir, csv, name);
    let file = dir.join("instances").join(format!("{name}.txt"));
    let p = orlib::read(&file, None)
        .unwrap()
        .to_problem(uncapacitated)
        .unwrap();
    let r = solve(&p, &opts()).unwrap();
    assert_eq!(r.status, Status::Optimal, "{name}");
    let got = r.objective.unwrap();
    assert!(
        ((got - want) / want).abs() <= 1e-6,
        "{name}: objective {got}, published optimum {want}"
    );
    // The reported solution is consistent: every customer fully served from open sites.
    let mut served = vec![0.0; p.customers.len()];
    for a in &r.assignment {
        assert!(
            r.open.contains(&a.site),
            "{name}: served from closed {}",
            a.site
        );
        served[a.customer.parse::<usize>().unwrap() - 1] += a.fraction;
    }
    assert!(served.iter().all(|s| (s - 1.0).abs() < 1e-6), "{name}");
    let cost = r.fixed_cost
        + r.assignment
            .iter()
            .map(|a| a.fraction * a.cost)
            .sum::<f64>();
    assert!(((cost - got) / got).abs() < 1e-7, "{name}: {cost} vs {got}");
    // ... and passes the independent verifier.
    let rep = location_check::verify(&p, (&r).into());
    assert!(
        rep.ok(),
        "{name}: {:?} {:?}",
        rep.violations,
        rep.objective_mismatch
    );
}

#[test]
fn orlib_cap41_capacitated() {
    check_orlib("cap41", false);
}

#[test]
fn orlib_cap71_capacitated() {
    check_orlib("cap71", false);
}

#[test]
fn orlib_cap101_capacitated() {
    check_orlib("cap101", false);
}

#[test]
fn orlib_cap131_capacitated() {
    check_orlib("cap131", false);
}

#[test]
fn orlib_cap71_uncapacitated() {
    check_orlib("cap71", true);
}

#[test]
fn orlib_cap131_uncapacitated() {
    check_orlib("cap131", true);
}

#[test]
fn orlib_capacitated_without_preprocessing() {
    // The plain MIP (no Lagrangian fixing) reaches the same optimum.
    let dir = benchmarks();
    let want = optimum(&dir, "best-known.csv", "cap64");
    let p = orlib::read(&dir.join("instances/cap64.txt"), None)
        .unwrap()
        .to_problem(false)
        .unwrap();
    let tuning = serviceplan::location::Tuning {
        lagrangian_min_pairs: usize::MAX,
        ..Default::default()
    };
    let r = serviceplan::location::solve_tuned(&p, &opts(), &tuning).unwrap();
    assert_eq!(r.fixed_closed + r.fixed_open, 0);
    assert!(((r.objective.unwrap() - want) / want).abs() <= 1e-6);
}

#[test]
fn facility_command_writes_summary() {
    let dir = benchmarks();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("nested/run");
    let s = run_facility_command(
        &dir.join("instances/cap71.txt"),
        &OutDir::claim(&target, false).unwrap(),
        None,
        false,
        &opts(),
    )
    .unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(target.join("summary.json")).unwrap())
            .unwrap();
    assert_eq!(json["status"], "optimal");
    let obj = json["objective"].as_f64().unwrap();
    assert!((obj - 932615.75).abs() < 1e-3, "{obj}");
    assert!(json["solve_seconds"].as_f64().unwrap() >= 0.0);
    assert!(json["bound"].as_f64().unwrap() <= obj + 1e-6);
    assert!(json["gap"].as_f64().unwrap() <= 1e-6);
    let open: Vec<u64> = json["open_sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(open.len(), s.open_sites.len());
    assert!(open.iter().all(|&i| (1..=16).contains(&i)));
    // Nothing else (no temporary file) is left in the directory: the
    // summary and the marker that makes it serviceplan's folder.
    let mut names: Vec<_> = std::fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            std::ffi::OsString::from(".serviceplan"),
            std::ffi::OsString::from("summary.json")
        ]
    );
}

#[test]
fn facility_command_bad_file_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("bad.txt");
    std::fs::write(&file, "2 2\n10 5\n10 x\n").unwrap();
    let out = tmp.path().join("out");
    let err = run_facility_command(
        &file,
        &OutDir::claim(&out, false).unwrap(),
        None,
        false,
        &opts(),
    )
    .unwrap_err();
    let msg = format!("{err:#}");
    assert!(msg.contains("bad.txt:3"), "{msg}");
    assert!(msg.contains("fixed cost of site 2"), "{msg}");
    assert!(!out.join("summary.json").exists());
}

// ---------------------------------------------------------------------------
// A tiny problem solved by hand: five places on a line at 0, 2, 5, 9, 10 km
// (A..E), each a customer and a candidate site; distance = |a − b|.
// Populations 10, 20, 31, 25, 15; fixed costs 1, 5, 1, 2, 1.

fn line(objective: Objective, priced: bool) -> LocationProblem {
    let pos = [0.0, 2.0, 5.0, 9.0, 10.0];
    let pop = [10.0, 20.0, 31.0, 25.0, 15.0];
    let fixed = [1.0, 5.0, 1.0, 2.0, 1.0];
    let names = ["A", "B", "C", "D", "E"];
    LocationProblem {
        sites: (0..5)
            .map(|i| Site::new(names[i], if priced { fixed[i] } else { 0.0 }))
            .collect(),
        customers: (0..5).map(|j| Customer::new(names[j], pop[j])).collect(),
        cost: (0..5)
            .map(|i| (0..5).map(|j| f64::abs(pos[i] - pos[j])).collect())
            .collect(),
        objective,
    }
}

fn run(p: &LocationProblem) -> (f64, Vec<String>) {
    let r = solve(p, &opts()).unwrap();
    assert_eq!(r.status, Status::Optimal);
    let rep = location_check::verify(p, (&r).into());
    assert!(
        rep.ok(),
        "{:?} {:?}",
        rep.violations,
        rep.objective_mismatch
    );
    (r.objective.unwrap(), r.open)
}

#[test]
fn p_median_by_hand() {
    // p = 1: C gives 10·5 + 20·3 + 25·4 + 15·5 = 285 (A 570, B 408, D 369, E 440).
    let (obj, open) = run(&line(Objective::PMedian { p: 1 }, false));
    assert!((obj - 285.0).abs() < 1e-6, "{obj}");
    assert_eq!(open, ["C"]);
    // p = 2: {C, D} gives 10·5 + 20·3 + 15·1 = 125 ({B, D} 128, {C, E} 135).
    let (obj, open) = run(&line(Objective::PMedian { p: 2 }, false));
    assert!((obj - 125.0).abs() < 1e-6, "{obj}");
    assert_eq!(open, ["C", "D"]);
}

#[test]
fn covering_by_hand() {
    // Radius 3: A covers {A,B}, B {A,B,C}, C {B,C}, D {D,E}, E {D,E}.
    // Fewest sites: B plus D or E = 2.
    let (obj, open) = run(&line(Objective::Covering { radius: 3.0 }, false));
    assert!((obj - 2.0).abs() < 1e-6);
    assert_eq!(open.len(), 2);
    assert!(open.contains(&"B".to_string()));
    // Cheapest: {A, C, E} costs 3 ({B, E} 6, {A, C, D} 4).
    let (obj, open) = run(&line(Objective::Covering { radius: 3.0 }, true));
    assert!((obj - 3.0).abs() < 1e-6);
    assert_eq!(open, ["A", "C", "E"]);
    // Radius 0.5 with E closed: D must cover itself and E cannot be covered.
    let mut p = line(Objective::Covering { radius: 0.5 }, false);
    p.sites[4].must_close = true;
    let r = solve(&p, &opts()).unwrap();
    assert_eq!(r.status, Status::Infeasible);
}

#[test]
fn max_covering_by_hand() {
    // Radius 3, one site: B reaches A, B, C = 10 + 20 + 31 = 61.
    let mc = |max_sites, budget| Objective::MaxCovering {
        radius: 3.0,
        max_sites,
        budget,
    };
    let (obj, open) = run(&line(mc(Some(1), None), false));
    assert!((obj - 61.0).abs() < 1e-6);
    assert_eq!(open, ["B"]);
    // Two sites: B and D or E = 61 + 40 = 101 (everyone).
    let (obj, _) = run(&line(mc(Some(2), None), false));
    assert!((obj - 101.0).abs() < 1e-6);
    // Budget 2 (costs 1, 5, 1, 2, 1): {C, E} = 51 + 40 = 91 ({A, E} 70, {A, C} 61, {D} 40).
    let (obj, open) = run(&line(mc(None, Some(2.0)), true));
    assert!((obj - 91.0).abs() < 1e-6);
    assert_eq!(open, ["C", "E"]);
    // A must-open site counts against the limit: A forced, one more: A + D/E = 30 + 40.
    let mut p = line(mc(Some(2), None), false);
    p.sites[0].must_open = true;
    let (obj, open) = run(&p);
    assert!((obj - 70.0).abs() < 1e-6);
    assert!(open.contains(&"A".to_string()));
}

#[test]
fn fixed_charge_capacitated_by_hand() {
    // Two customers of demand 6 and 4; c_ij is the cost of serving all of j.
    // s1: capacity 7, fixed 10, costs 1 and 1. s2: capacity 10, fixed 30, costs 8 and 8.
    // s1 alone cannot serve 10 units. s2 alone: 30 + 8 + 8 = 46.
    // Both: 40, and s1's 7 units go where they save most per unit — all of c2
    // (saves 7/4 per unit) and 3 of c1's 6 units (7/6): 1 + 0.5·1 + 0.5·8 = 5.5,
    // total 45.5 < 46, with c1 split between the two sites.
    let p = LocationProblem {
        sites: vec![
            Site {
                capacity: Some(7.0),
                ..Site::new("s1", 10.0)
            },
            Site {
                capacity: Some(10.0),
                ..Site::new("s2", 30.0)
            },
        ],
        customers: vec![Customer::new("c1", 6.0), Customer::new("c2", 4.0)],
        cost: vec![vec![1.0, 1.0], vec![8.0, 8.0]],
        objective: Objective::FixedCharge,
    };
    let r = solve(&p, &opts()).unwrap();
    assert_eq!(r.status, Status::Optimal);
    assert!(
        (r.objective.unwrap() - 45.5).abs() < 1e-6,
        "{:?}",
        r.objective
    );
    assert_eq!(r.open, ["s1", "s2"]);
    let split: Vec<_> = r.assignment.iter().filter(|a| a.customer == "c1").collect();
    assert_eq!(split.len(), 2);
    assert!(split.iter().all(|a| (a.fraction - 0.5).abs() < 1e-6));
    // Uncapacitated, s1 alone: 10 + 1 + 1 = 12.
    let mut u = p.clone();
    u.sites.iter_mut().for_each(|s| s.capacity = None);
    let (obj, open) = run(&u);
    assert!((obj - 12.0).abs() < 1e-6);
    assert_eq!(open, ["s1"]);
    // Capacity 7 + 2 < 10: infeasible.
    let mut t = p.clone();
    t.sites[1].capacity = Some(2.0);
    assert_eq!(solve(&t, &opts()).unwrap().status, Status::Infeasible);
}

#[test]
fn invalid_problems_are_errors() {
    let mut p = line(Objective::PMedian { p: 9 }, false);
    assert!(
        solve(&p, &opts())
            .unwrap_err()
            .to_string()
            .contains("p = 9")
    );
    p.objective = Objective::FixedCharge;
    p.cost[1][2] = f64::NAN;
    let e = solve(&p, &opts()).unwrap_err().to_string();
    assert!(e.contains("site B") && e.contains("customer C"), "{e}");
    p.cost[1][2] = 1.0;
    p.sites[0].must_open = true;
    p.sites[0].must_close = true;
    assert!(solve(&p, &opts()).unwrap_err().to_string().contains("both"));
}

// ---------------------------------------------------------------------------
// OR-Library reader errors.

fn parse_err(text: &str, capacity: Option<f64>) -> String {
    orlib::parse("t.txt", text, capacity)
        .and_then(|i| i.to_problem(false))
        .unwrap_err()
        .to_string()
}

#[test]
fn orlib_errors_name_line_token_and_problem() {
    let e = parse_err("", None);
    assert!(
        e.contains("end of file") && e.contains("number of sites"),
        "{e}"
    );
    let e = parse_err("2 x\n", None);
    assert!(
        e.starts_with("t.txt:1:") && e.contains("`x`") && e.contains("customers"),
        "{e}"
    );
    let e = parse_err("0 3\n", None);
    assert!(e.contains("at least 1"), "{e}");
    let e = parse_err("2 2\n10 5\n10 5\n4 1 2\n", None);
    assert!(e.contains("end of file") && e.contains("customer 2"), "{e}");
    let e = parse_err("2 2\n10 5\n10 5\n4 1 2\n-3 1 2\n", None);
    assert!(
        e.starts_with("t.txt:5:") && e.contains("demand of customer 2"),
        "{e}"
    );
    let e = parse_err("2 2\n10 5\n10 5\n4 1 2\n3 1 2\n7\n", None);
    assert!(
        e.starts_with("t.txt:6:") && e.contains("extra token"),
        "{e}"
    );
    let e = parse_err("1 1\nabc 5\n1 1\n", None);
    assert!(e.contains("capacity of site 1"), "{e}");
    let e = parse_err("1 1\n5 inf\n1 1\n", None);
    assert!(
        e.contains("fixed cost of site 1") && e.contains("finite"),
        "{e}"
    );
}

#[test]
fn orlib_capacity_word() {
    let text = "2 2\n capacity 5.\n capacity 7.\n4 1. 2.\n3 2. 1.\n";
    // Capacitated without a value: an error that says what to do.
    let e = parse_err(text, None);
    assert!(e.starts_with("t.txt:2:") && e.contains("--capacity"), "{e}");
    // With a value: replaced for every site.
    let i = orlib::parse("t.txt", text, Some(8000.0)).unwrap();
    assert_eq!(i.capacity, vec![Some(8000.0), Some(8000.0)]);
    assert_eq!(i.fixed_cost, vec![5.0, 7.0]);
    assert_eq!(i.cost, vec![vec![1.0, 2.0], vec![2.0, 1.0]]);
    // Uncapacitated: the field is ignored.
    let p = orlib::parse("t.txt", text, None)
        .unwrap()
        .to_problem(true)
        .unwrap();
    assert!(p.sites.iter().all(|s| s.capacity.is_none()));
    assert_eq!(p.sites[1].id, "2");
    assert!(
        orlib::read(Path::new("/nonexistent/x.txt"), None)
            .unwrap_err()
            .to_string()
            .contains("cannot open")
    );
}

// ---------------------------------------------------------------------------
// Distances.

#[test]
fn great_circle_matches_design_table() {
    // docs/domain.md, Facts: straight km from Gävle city.
    let areas = gavle::default_areas();
    let city = LatLon::new(areas[0].lat, areas[0].lon);
    let want = [
        ("valbo", 8.1),
        ("forsbacka", 15.9),
        ("hedesunda", 32.2),
        ("bergby", 28.8),
        ("norrsundet", 28.4),
        ("furuvik", 10.4),
        ("hille", 6.1),
    ];
    for (id, km) in want {
        let a = areas.iter().find(|a| a.id == id).unwrap();
        let d = geo::great_circle_km(city, LatLon::new(a.lat, a.lon));
        assert!((d - km).abs() < 0.15, "{id}: {d:.2} km, table {km}");
        let r = geo::road_km(city, LatLon::new(a.lat, a.lon), geo::DEFAULT_ROAD_FACTOR);
        assert!((r - 1.3 * d).abs() < 1e-9);
    }
}

#[test]
fn distance_csv() {
    let text = "from,to,km\na,x,3.5\ny,a,4\nb,x,1\nb,y,2\n";
    let m = geo::matrix_from_csv("d.csv", text, &["a", "b"], &["x", "y"]).unwrap();
    assert_eq!(m, vec![vec![3.5, 4.0], vec![1.0, 2.0]]);
    let err = |t: &str| {
        geo::matrix_from_csv("d.csv", t, &["a", "b"], &["x", "y"])
            .unwrap_err()
            .to_string()
    };
    let e = err("from,to,distance\n");
    assert!(e.starts_with("d.csv:1:") && e.contains("from,to,km"), "{e}");
    let e = err("from,to,km\na,x,3.5\na,y,far\n");
    assert!(e.starts_with("d.csv:3:") && e.contains("far"), "{e}");
    let e = err("from,to,km\na,q,1\n");
    assert!(e.starts_with("d.csv:2:") && e.contains("`q`"), "{e}");
    let e = err("from,to,km\na,x,-1\n");
    assert!(
        e.starts_with("d.csv:2:") && e.contains("from 0 to 2000"),
        "{e}"
    );
    let e = err("from,to,km\na,x,1\na,x,2\n");
    assert!(e.starts_with("d.csv:3:") && e.contains("line 2"), "{e}");
    let e = err("from,to,km\na,x,1\n");
    assert!(e.contains("no distance for a → y"), "{e}");
    let e = err("from,to,km\na,x\n");
    assert!(e.starts_with("d.csv:2:") && e.contains("3 fields"), "{e}");
}

// ---------------------------------------------------------------------------
// Gävle screening.

#[test]
fn gavle_screening() {
    let areas = gavle::default_areas();
    let cands = gavle::default_candidates();
    let outer: f64 = areas
        .iter()
        .filter(|a| !a.is_city)
        .map(|a| a.population)
        .sum();
    assert_eq!(outer, 19_582.0);

    // p-median, 1 office: in the city (79,004 of 98,586 inhabitants live there).
    let r = gavle::screen(&areas, &cands, Objective::PMedian { p: 1 }, 1.3).unwrap();
    assert_eq!(r.status, Status::Optimal);
    assert_eq!(r.open.len(), 1);
    assert!(r.open[0].ends_with("bibliotek"));
    assert_eq!(
        cands.iter().find(|c| c.id == r.open[0]).unwrap().area,
        "gavle"
    );

    // Covering within 15 road km: every area reachable, so feasible; the
    // nearest-office distances in the report respect the radius.
    let r = gavle::screen(&areas, &cands, Objective::Covering { radius: 15.0 }, 1.3).unwrap();
    assert_eq!(r.status, Status::Optimal);
    let reach = gavle::reach(&areas, &cands, &r.open, 1.3).unwrap();
    assert!(reach.iter().all(|a| a.road_km.unwrap() <= 15.0 + 1e-9));
    let cov = gavle::coverage(&areas, &cands, &r.open, 1.3, 15.0).unwrap();
    assert_eq!(cov.outer_inhabitants, outer);
    assert!((cov.outer_share - 1.0).abs() < 1e-12);

    // Maximal covering with two offices within 10 road km, the city excluded
    // from the customers: the two largest outer areas (Valbo, Hille) are best.
    let outer_areas: Vec<_> = areas.iter().filter(|a| !a.is_city).cloned().collect();
    let r = gavle::screen(
        &outer_areas,
        &cands,
        Objective::MaxCovering {
            radius: 10.0,
            max_sites: Some(2),
            budget: None,
        },
        1.3,
    )
    .unwrap();
    let cov = gavle::coverage(&areas, &cands, &r.open, 1.3, 10.0).unwrap();
    assert!((r.objective.unwrap() - cov.outer_inhabitants).abs() < 1e-6);
    assert!(cov.outer_inhabitants >= 7_147.0 + 7_010.0);
    assert!((cov.outer_share - cov.outer_inhabitants / outer).abs() < 1e-12);
}

// ---------------------------------------------------------------------------
// The independent verifier (verify::location) on tampered solutions.

/// The families of a location verifier report, sorted and deduplicated.
fn families(r: &location_check::Report) -> Vec<&'static str> {
    let mut f: Vec<&str> = r.violations.iter().map(|v| v.family.id).collect();
    f.sort();
    f.dedup();
    f
}

#[test]
fn the_location_verifier_finds_a_customer_served_from_a_closed_site() {
    let file = benchmarks().join("instances/cap71.txt");
    let p = orlib::read(&file, None).unwrap().to_problem(false).unwrap();
    let r = solve(&p, &opts()).unwrap();
    assert!(location_check::verify(&p, (&r).into()).ok());
    let closed = p
        .sites
        .iter()
        .find(|s| !r.open.contains(&s.id))
        .expect("cap71 leaves a site closed");
    let mut assignment = r.assignment.clone();
    assignment[0].site = closed.id.clone();
    let rep = location_check::verify(
        &p,
        location_check::Solution {
            assignment: &assignment,
            ..(&r).into()
        },
    );
    assert_eq!(
        families(&rep),
        ["open_before_assign"],
        "{:?}",
        rep.violations
    );
    assert_eq!(
        rep.violations[0].message,
        format!(
            "customer {} is served from site {}, which is not open",
            assignment[0].customer, closed.id
        )
    );
    // The reported cost is no longer that of the solution.
    assert!(rep.objective_mismatch.is_some());
    assert!(!rep.ok());
    assert!(location_check::verified(&p, &r).is_ok());
}

#[test]
fn the_location_verifier_counts_sites_and_their_cost() {
    // p-median, p = 2: {C, D}; a third open site is one too many.
    let p = line(Objective::PMedian { p: 2 }, false);
    let r = solve(&p, &opts()).unwrap();
    let mut open = r.open.clone();
    open.push("A".into());
    let sol = location_check::Solution {
        open: &open,
        ..(&r).into()
    };
    let rep = location_check::verify(&p, sol);
    assert_eq!(families(&rep), ["site_count"]);
    assert_eq!(
        rep.violations[0].message,
        "3 sites are open, p-median needs exactly 2"
    );
    assert!(rep.objective_mismatch.is_none());
    // Maximal covering with at most one site and a budget of 2: opening C
    // and E too breaks both (and covers more than reported).
    let p = line(
        Objective::MaxCovering {
            radius: 3.0,
            max_sites: Some(1),
            budget: Some(2.0),
        },
        true,
    );
    let r = solve(&p, &opts()).unwrap();
    let open: Vec<String> = ["A", "C", "E"].map(String::from).to_vec();
    let rep = location_check::verify(
        &p,
        location_check::Solution {
            open: &open,
            ..(&r).into()
        },
    );
    assert_eq!(
        families(&rep),
        ["site_budget", "site_count"],
        "{:?}",
        rep.violations
    );
    // Covering at radius 3 opens B and D or E; B alone leaves D and E
    // without a site within reach.
    let p = line(Objective::Covering { radius: 3.0 }, false);
    let r = solve(&p, &opts()).unwrap();
    let rep = location_check::verify(
        &p,
        location_check::Solution {
            open: &r.open[..1],
            assignment: &[],
            objective: Some(1.0),
        },
    );
    assert_eq!(families(&rep), ["cover_radius"], "{:?}", rep.violations);
}

#[test]
fn the_location_verifier_checks_capacity_service_and_fixed_sites() {
    // Two customers of demand 6 and 4, s1 (capacity 7) and s2 (capacity 10).
    let mut p = LocationProblem {
        sites: vec![
            Site {
                capacity: Some(7.0),
                ..Site::new("s1", 10.0)
            },
            Site {
                capacity: Some(10.0),
                ..Site::new("s2", 30.0)
            },
        ],
        customers: vec![Customer::new("c1", 6.0), Customer::new("c2", 4.0)],
        cost: vec![vec![1.0, 1.0], vec![8.0, 8.0]],
        objective: Objective::FixedCharge,
    };
    let a = |c: &str, s: &str, f: f64| serviceplan::location::Assignment {
        customer: c.into(),
        site: s.into(),
        fraction: f,
        cost: 0.0,
    };
    let open: Vec<String> = vec!["s1".into(), "s2".into()];
    // Both customers from s1: 10 units of demand on a capacity of 7.
    let all_s1 = [a("c1", "s1", 1.0), a("c2", "s1", 1.0)];
    let sol = location_check::Solution {
        open: &open,
        assignment: &all_s1,
        objective: Some(42.0),
    };
    let rep = location_check::verify(&p, sol);
    assert_eq!(families(&rep), ["capacity"]);
    // 10 + 30 fixed, 1 + 1 served: the reported 42 is the recomputed cost.
    assert_eq!(rep.objective, 42.0);
    assert!(rep.objective_mismatch.is_none());
    // c2 only half served.
    let half = [a("c1", "s2", 1.0), a("c2", "s2", 0.5)];
    let rep = location_check::verify(
        &p,
        location_check::Solution {
            assignment: &half,
            objective: None,
            ..sol
        },
    );
    assert_eq!(families(&rep), ["assign_each_customer"]);
    assert_eq!(
        rep.violations[0].message,
        "customer c2 is served 0.5 in all, not 1"
    );
    // s1 must stay closed, s2 must be open.
    p.sites[0].must_close = true;
    p.sites[1].must_open = true;
    let only_s1: Vec<String> = vec!["s1".into()];
    let rep = location_check::verify(
        &p,
        location_check::Solution {
            open: &only_s1,
            assignment: &[],
            objective: None,
        },
    );
    assert_eq!(
        families(&rep),
        ["assign_each_customer", "must_close", "must_open"],
        "{:?}",
        rep.violations
    );
}
