//! Properties: on random small rostering problems the branch-and-price tree
//! and HiGHS on the compact MIP prove the same optimum, and the roster each
//! returns keeps every hard rule and scores what it claims.
//!
//! The two proofs share nothing past the first roster: the tree prunes with
//! Dantzig–Wolfe bounds under cell and slack-total decisions, the compact
//! MIP is the textbook model on HiGHS. A tree that pruned the optimum (a
//! wrong bound under a total limit, say) would claim a worse optimum. Most
//! of these problems are closed by the root bound; in a run of the 60
//! cases, 5 built a tree (15 to 56 nodes).
//!
//! And generated instances of the benchmark's kind, of any small size,
//! solve to rosters the independent checker accepts.

mod common;

use chrono::Weekday;
use proptest::prelude::*;
use serviceplan::roster::eval::evaluate;
use serviceplan::roster::{
    Cover, Request, Roster, RosterOptions, RosterProblem, RosterResult, ShiftType, StaffRules,
    build_with, solve,
};
use serviceplan::solve::{Lp, SolveOptions, Status};

#[derive(Debug, Clone)]
struct Person {
    max_consecutive: u32,
    min_consecutive: Option<u32>,
    min_days_off: Option<u32>,
    /// Shifts worked at least and at most (scaled to minutes below).
    shifts: (u32, u32),
    max_weekends: Option<u32>,
    day_off: Option<usize>,
}

fn person() -> impl Strategy<Value = Person> {
    (
        2u32..6,
        proptest::option::of(2u32..3),
        proptest::option::of(1u32..3),
        (2u32..7, 7u32..13),
        proptest::option::of(1u32..3),
        proptest::option::of(0usize..14),
    )
        .prop_map(
            |(max_consecutive, min_consecutive, min_days_off, shifts, max_weekends, day_off)| {
                Person {
                    max_consecutive,
                    min_consecutive,
                    min_days_off,
                    shifts,
                    max_weekends,
                    day_off,
                }
            },
        )
}

/// `days` days from a Monday, `types` shift types of 480 minutes with the
/// last one forbidden before the first (a late-then-early rule), cover on
/// every (day, type) with the requirement from `req` (cycled), missing
/// staff at `under` and extra staff at 1, and the requests given.
fn problem(
    days: usize,
    types: usize,
    people: &[Person],
    req: &[u32],
    under: f64,
    requests: &[(usize, usize, usize, u32, bool)],
) -> RosterProblem {
    let staff = people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut s = StaffRules::new(format!("s{i}"), vec![480; types]);
            s.max_consecutive = Some(p.max_consecutive);
            s.min_consecutive = p.min_consecutive;
            s.min_days_off = p.min_days_off;
            s.min_total_minutes = Some(480 * p.shifts.0);
            s.max_total_minutes = Some(480 * p.shifts.1);
            s.max_weekends = p.max_weekends;
            s.unavailable = p
                .day_off
                .filter(|&d| d < days)
                .map(|d| (d, None))
                .into_iter()
                .collect();
            s
        })
        .collect::<Vec<_>>();
    let mut cover = Vec::new();
    for day in 0..days {
        for shift in 0..types {
            cover.push(Cover {
                day,
                shift,
                requirement: req[(day * types + shift) % req.len()],
                weight_under: under,
                weight_over: 1.0,
            });
        }
    }
    RosterProblem {
        days,
        first_weekday: Weekday::Mon,
        shift_types: (0..types)
            .map(|t| ShiftType {
                id: format!("T{t}"),
                start_minute: 6 * 60 + 8 * 60 * t as u32,
                end_minute: 14 * 60 + 8 * 60 * t as u32,
            })
            .collect(),
        forbidden_next: if types > 1 {
            vec![(types - 1, 0)]
        } else {
            vec![]
        },
        requests: requests
            .iter()
            .filter(|r| r.0 < staff.len() && r.1 < days && r.2 < types)
            .map(|&(staff, day, shift, weight, on)| Request {
                staff,
                day,
                shift,
                weight: weight as f64,
                on,
            })
            .collect(),
        staff,
        cover,
    }
}

/// The search (30 s, one search), with or without the branch-and-price tree.
fn search(p: &RosterProblem, branch: bool) -> RosterResult {
    let opts = RosterOptions {
        deadline: serviceplan::solve::Deadline::after(30.0),
        threads: 1,
        branch,
        ..RosterOptions::default()
    };
    solve(p, &opts)
}

/// Asserts that the search proves `value` optimal with a roster that keeps
/// every rule and scores what it claims; returns the roster.
fn assert_proves(p: &RosterProblem, branch: bool, value: f64) -> Roster {
    let res = search(p, branch);
    assert_eq!(
        res.status,
        Status::Optimal,
        "branch {branch}: {:#?}",
        res.log
    );
    assert_eq!(
        res.objective,
        Some(value),
        "branch {branch}: {:#?}",
        res.log
    );
    let r = res.roster.expect("a roster");
    let e = evaluate(p, &r);
    assert!(e.violations.is_empty(), "{:?}", e.violations);
    assert_eq!(e.objective, value);
    r
}

/// Asserts that HiGHS on the compact MIP (30 s, one thread), started from
/// `start` if given, proves `value` with the bound `value`.
fn assert_compact_proves(p: &RosterProblem, start: Option<&Roster>, value: f64) {
    let mut lp = Lp::new();
    let v = build_with(p, &mut lp, &RosterOptions::default().build);
    if let Some(r) = start {
        v.hint(p, r, &mut lp);
    }
    let out = lp.solve(&SolveOptions {
        deadline: serviceplan::solve::Deadline::after(30.0),
        threads: 1,
        ..SolveOptions::default()
    });
    assert_eq!(out.status, Status::Optimal, "start {:?}", start.is_some());
    let (o, b) = (
        out.objective.expect("a roster"),
        out.bound.expect("a bound"),
    );
    assert!(
        (o - value).abs() < 1e-6 && (b - value).abs() < 1e-6,
        "{o} {b}"
    );
}

proptest! {
    // A fixed seed: the same 60 cases in every run (a random seed once drew
    // the cases below, and shrinking them at up to a minute per step ran
    // CI past 19 minutes).
    #![proptest_config(common::property_config(60, "ROSTER_PROPERTY_SEED"))]

    #[test]
    fn tree_and_compact_mip_prove_the_same_optimum(
        people in proptest::collection::vec(person(), 4..9),
        days in 14usize..22,
        types in 1usize..4,
        req in proptest::collection::vec(0u32..3, 1..8),
        under in prop_oneof![Just(100.0), Just(10.0), Just(3.0)],
        requests in proptest::collection::vec((0usize..9, 0usize..21, 0usize..3, 1u32..4, any::<bool>()), 0..40),
    ) {
        let p = problem(days, types, &people, &req, under, &requests);
        let tree = search(&p, true);
        let mip = search(&p, false);
        if mip.status == Status::Infeasible {
            prop_assert_eq!(tree.status, Status::Infeasible);
            return Ok(());
        }
        prop_assert_eq!(mip.status, Status::Optimal, "{:#?}", mip.log);
        prop_assert_eq!(tree.status, Status::Optimal, "{:#?}", tree.log);
        prop_assert_eq!(tree.objective, mip.objective, "tree {:#?}", tree.log);
        for res in [&tree, &mip] {
            let r = res.roster.as_ref().expect("a roster");
            let e = evaluate(&p, r);
            prop_assert!(e.violations.is_empty(), "{:?}", e.violations);
            prop_assert_eq!(Some(e.objective), res.objective);
        }
    }
}

fn person_of(
    max_consecutive: u32,
    min_consecutive: Option<u32>,
    min_days_off: Option<u32>,
    shifts: (u32, u32),
    max_weekends: Option<u32>,
    day_off: Option<usize>,
) -> Person {
    Person {
        max_consecutive,
        min_consecutive,
        min_days_off,
        shifts,
        max_weekends,
        day_off,
    }
}

/// A case the property once drew (random seed 14): the root bound is 1/3 of a
/// unit of extra staff (weight 1, which the tree does not branch on), the
/// incumbent 2, and 268 cell-branching nodes left the bound at 0.33. The
/// tree is set aside; on a model this small the search then hands the gap
/// to the compact MIP, which proves it (before: time limit at 30 s).
#[test]
fn a_tree_set_aside_on_a_small_model_hands_the_proof_to_the_compact_mip() {
    let people = [
        person_of(5, None, None, (5, 11), None, Some(6)),
        person_of(3, Some(2), Some(2), (4, 12), Some(2), None),
        person_of(3, Some(2), Some(2), (5, 9), Some(2), Some(10)),
        person_of(2, Some(2), Some(2), (6, 9), None, Some(4)),
        person_of(2, None, None, (5, 12), None, Some(5)),
    ];
    let requests = [
        (6, 10, 2, 1, false),
        (2, 1, 0, 2, true),
        (4, 17, 1, 3, false),
        (8, 10, 2, 3, true),
        (1, 6, 0, 3, true),
        (8, 8, 0, 1, false),
        (8, 4, 1, 3, true),
        (1, 17, 1, 3, true),
        (4, 16, 1, 3, false),
        (1, 12, 1, 2, true),
        (5, 12, 2, 2, false),
        (7, 7, 0, 3, false),
        (0, 10, 2, 1, false),
        (3, 9, 0, 3, false),
        (0, 20, 0, 3, true),
        (6, 3, 0, 3, true),
        (5, 0, 2, 3, true),
        (5, 6, 2, 3, false),
        (6, 14, 1, 3, false),
        (7, 17, 0, 1, false),
        (6, 6, 0, 3, false),
        (3, 13, 1, 3, true),
        (5, 18, 0, 3, true),
        (5, 13, 0, 2, true),
        (2, 4, 0, 3, false),
        (7, 2, 2, 3, true),
        (2, 9, 2, 1, true),
    ];
    let p = problem(14, 3, &people, &[1], 100.0, &requests);
    // The compact MIP alone (`branch: false`) proves 2 as well.
    assert_proves(&p, true, 2.0);
}

/// Another case the property drew (fixed seed): started from the optimal
/// roster (15), HiGHS 1.16 misreads the start (presolve's offset lost, see
/// `Lp::solve`) and reports "Primal bound 8, Dual bound 8" against an
/// objective of 10 before the constant 5. `Lp::solve` sees HiGHS's value
/// differ from the returned solution's and solves again without the start;
/// before, the search kept the bound 13 and ended at its time limit.
#[test]
fn a_mip_start_does_not_shift_the_reported_bound() {
    let people = [
        person_of(2, Some(2), Some(2), (2, 9), None, None),
        person_of(3, Some(2), Some(2), (6, 8), None, None),
        person_of(4, Some(2), Some(1), (4, 7), None, None),
        person_of(4, None, None, (4, 10), None, Some(3)),
    ];
    let requests = [
        (5, 16, 1, 1, false),
        (2, 13, 2, 3, false),
        (0, 10, 2, 1, true),
        (4, 20, 0, 2, true),
        (3, 0, 0, 2, true),
        (8, 0, 2, 2, false),
        (3, 1, 0, 2, true),
    ];
    let p = problem(17, 3, &people, &[0, 0, 1, 2, 0], 10.0, &requests);
    // The branch-and-price tree proves 15.
    let best = assert_proves(&p, true, 15.0);
    // The compact MIP, with and without that roster as its start.
    assert_compact_proves(&p, None, 15.0);
    assert_compact_proves(&p, Some(&best), 15.0);
    // And the search without the tree, whose compact MIP starts from its
    // incumbent, proves it too.
    assert_proves(&p, false, 15.0);
}

/// A third case the property drew (random seed 22): the search without the
/// tree started the compact MIP from its incumbent, 11. HiGHS 1.16 valued
/// that start at -28 in presolve's reduced space (-27 in the model's own),
/// pruned everything against it and returned the start as optimal; the
/// optimum is 10. `Lp::solve` sees HiGHS's value differ from the returned
/// solution's and solves again without the start. (Whether the search's
/// incumbent is 11 when it gets there depends on its dives, so the test
/// also starts the compact MIP from such rosters directly.)
#[test]
fn a_misread_mip_start_does_not_end_the_search_at_a_worse_roster() {
    let people = [
        person_of(2, Some(2), Some(1), (5, 8), Some(2), None),
        person_of(4, None, None, (3, 10), None, Some(9)),
        person_of(3, None, Some(1), (2, 8), None, Some(7)),
        person_of(3, Some(2), Some(2), (2, 12), None, None),
        person_of(2, None, Some(2), (5, 11), None, Some(3)),
        person_of(3, None, Some(2), (3, 11), Some(2), Some(7)),
        person_of(2, Some(2), None, (6, 10), Some(1), None),
    ];
    let requests = [
        (2, 13, 2, 1, false),
        (4, 18, 1, 1, false),
        (0, 16, 2, 3, true),
        (4, 6, 2, 3, true),
        (2, 13, 1, 1, true),
        (5, 18, 0, 2, true),
        (5, 12, 0, 2, true),
        (1, 16, 0, 3, false),
        (6, 0, 0, 1, false),
        (3, 8, 2, 3, true),
        (8, 17, 2, 1, false),
        (4, 11, 2, 3, false),
        (6, 4, 1, 3, false),
        (6, 18, 1, 2, false),
        (1, 4, 2, 3, true),
        (4, 19, 2, 1, true),
        (8, 9, 1, 3, true),
        (5, 10, 2, 3, false),
        (8, 2, 0, 1, false),
        (4, 17, 2, 2, true),
        (1, 15, 0, 2, false),
        (1, 13, 2, 3, false),
        (8, 9, 0, 2, true),
        (3, 11, 0, 1, true),
        (5, 3, 2, 2, true),
        (3, 10, 0, 3, true),
        (1, 9, 0, 2, true),
        (3, 7, 2, 2, false),
        (2, 7, 0, 1, false),
        (5, 3, 0, 2, false),
        (1, 7, 0, 3, true),
        (6, 12, 2, 2, true),
        (2, 15, 1, 3, true),
        (2, 9, 1, 3, true),
        (4, 20, 1, 3, true),
        (4, 2, 2, 2, true),
    ];
    let p = problem(18, 3, &people, &[0, 2, 1, 0], 10.0, &requests);
    // The compact MIP started from any roster one cell away from an
    // optimal one, at most 3 worse, must still find 10 (on HiGHS alone 13
    // of 90 such starts came back as "optimal" at their own value).
    let ten = assert_proves(&p, true, 10.0);
    let starts: Vec<_> = (0..people.len())
        .flat_map(|s| (0..18).flat_map(move |d| (0..4).map(move |c| (s, d, c))))
        .map(|(s, d, c)| {
            let mut r = ten.clone();
            r.assign[s][d] = (c < 3).then_some(c);
            r
        })
        .filter(|r| {
            let e = evaluate(&p, r);
            e.violations.is_empty() && e.objective > 10.0 && e.objective <= 13.0
        })
        .collect();
    assert!(starts.len() >= 20, "{} starts", starts.len());
    for start in &starts {
        assert_compact_proves(&p, Some(start), 10.0);
    }
    assert_proves(&p, false, 10.0);
}

proptest! {
    #![proptest_config(common::property_config(64, "ROSTER_PROPERTY_SEED"))]

    /// Generated instances of any small size (`formats::nrp_gen`: 1 to 21
    /// days, 1 to 6 staff, 1 to 5 types, any seed) have a roster: the
    /// search returns one that the independent checker finds feasible and
    /// scores as the solver does, never below the solver's bound.
    #[test]
    fn small_generated_instances_solve_and_the_checker_agrees(
        days in 1usize..22,
        staff in 1usize..7,
        types in 1usize..6,
        seed in any::<u64>(),
    ) {
        use serviceplan::formats::{nrp, nrp_gen};
        use serviceplan::benchmark::roster::roster_rows;
        use serviceplan::verify::nrp::check;
        let inst = nrp_gen::generate(nrp_gen::GenSpec { days, staff, types }, seed);
        let p = nrp::to_roster_problem(&inst);
        let res = solve(&p, &RosterOptions { deadline: serviceplan::solve::Deadline::after(10.0), threads: 1, ..RosterOptions::default() });
        prop_assert_ne!(res.status, Status::Infeasible, "{:#?}", res.log);
        let r = res.roster.expect("a roster");
        let rows = roster_rows(&inst, &r);
        let rep = check(&inst, &rows);
        prop_assert!(rep.feasible(), "{:?}", rep.violations);
        prop_assert_eq!(Some(rep.objective as f64), res.objective);
        prop_assert!(res.bound.expect("a bound") <= rep.objective as f64 + 1e-6);
    }
}
