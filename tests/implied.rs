//! The municipal model's implied families (valid inequalities:
//! `combined_shifts`, `rest_room`, `rest_days`) never cut off a whole plan and only
//! tighten the LP relaxation: on small generated quarters, HiGHS proves the
//! same optimum with and without their rows, and the LP relaxation with
//! them is never below the one without (`rest_room` has rows where a week's
//! part at the period's start is short, `rest_days` where offices open on
//! Saturdays). The bound the planner reports
//! rests on both (its LP is solved with these rows).

use chrono::{Datelike, Duration};
use serviceplan::model::families::{COMBINED_SHIFTS, FEWEST_MISSING, REST_DAYS, REST_ROOM};
use serviceplan::model::{Cycle, Model};
use serviceplan::scenario::facts::Facts;
use serviceplan::scenario::generate::{Shape, generated_with};
use serviceplan::solve::{Deadline, Lp, SolveOptions, Status};

fn solve(mut lp: Lp, relaxation: bool) -> (Status, Option<f64>) {
    lp.set_relaxation(relaxation);
    let out = lp.solve(&SolveOptions {
        deadline: Deadline::after(120.0),
        gap: 0.0,
        threads: 1,
        ..SolveOptions::default()
    });
    (out.status, out.objective)
}

/// A month with Saturday hours at every office.
const SATURDAYS: Shape = Shape {
    months: 1,
    saturday_one_in: 1,
};

#[test]
fn implied_rows_keep_the_optimum_and_only_tighten_the_lp() {
    let implied = [&COMBINED_SHIFTS, &REST_ROOM, &REST_DAYS];
    let mut seen = [0usize; 3];
    let mut tighter = 0;
    let mut compared = 0;
    // The last two start on a Saturday: a first week of two days, in which
    // a shift leaves no 36 h of rest on either side (`rest_room`'s rows).
    // The last three have Saturday hours at every office, over a month:
    // whoever works a Saturday needs a free weekday (`rest_days`' rows).
    for (offices, staff, seed, saturday, shape) in [
        (2, 2, 1, false, Shape::QUARTER),
        (2, 3, 4, false, Shape::QUARTER),
        (3, 2, 7, false, Shape::QUARTER),
        (3, 3, 3, false, Shape::QUARTER),
        (2, 2, 11, false, Shape::QUARTER),
        (3, 2, 20, false, Shape::QUARTER),
        (2, 2, 2, true, Shape::QUARTER),
        (3, 2, 4, true, Shape::QUARTER),
        (3, 2, 1, false, SATURDAYS),
        (3, 3, 2, false, SATURDAYS),
        (4, 3, 4, false, SATURDAYS),
    ] {
        let mut s = generated_with(offices, staff, seed, shape);
        s.demand.clear();
        s.rooms.clear();
        if saturday {
            let d = s.period.start;
            let to_saturday = (5 - i64::from(d.weekday().num_days_from_monday())).rem_euclid(7);
            s.period.start = d + Duration::days(to_saturday);
        }
        let f = Facts::new(&s);
        let m = Model::build(&s, &f, Cycle::Off);
        for (i, fam) in implied.iter().enumerate() {
            seen[i] +=
                m.lp.rows()
                    .iter()
                    .filter(|r| std::ptr::eq(r.family, *fam))
                    .count();
        }
        let with = m.lp.without(&[]);
        let without = m.lp.without(&implied);
        let (lp_with, lp_without) = (
            solve(m.lp.without(&[]), true),
            solve(m.lp.without(&implied), true),
        );
        let (Some(a), Some(b)) = (lp_with.1, lp_without.1) else {
            panic!("{offices}x{staff} seed {seed}: LP {lp_with:?} / {lp_without:?}");
        };
        let tol = 1e-6 * a.abs().max(1.0);
        assert!(
            a >= b - tol,
            "{offices}x{staff} seed {seed}: LP {a} with, {b} without"
        );
        tighter += usize::from(a > b + tol);
        let (mip_with, mip_without) = (solve(with, false), solve(without, false));
        if mip_with.0 == Status::Optimal && mip_without.0 == Status::Optimal {
            let (x, y) = (mip_with.1.unwrap(), mip_without.1.unwrap());
            assert!(
                (x - y).abs() <= 1e-4 * x.abs().max(1.0),
                "{offices}x{staff} seed {seed}: optimum {x} with the implied rows, {y} without"
            );
            compared += 1;
        } else {
            assert_eq!(mip_with.0, mip_without.0, "{offices}x{staff} seed {seed}");
        }
    }
    assert!(compared >= 4, "only {compared} optima compared");
    assert!(
        seen.iter().all(|&n| n > 0),
        "rows per implied family: {seen:?}"
    );
    assert!(tighter > 0, "the implied rows never tightened the LP");
}

/// `fewest_missing` (added by the quarter's search, not built with the
/// model): the floor at the fewest missing openings of any plan keeps the
/// optimum and only tightens the LP relaxation, on small generated units
/// with too few staff for every day opening.
#[test]
fn the_fewest_missing_floor_keeps_the_optimum() {
    let mut raised = 0;
    let mut floors = 0;
    for (offices, staff, seed, shape) in [
        (3, 1, 1, SATURDAYS),
        (4, 2, 4, SATURDAYS),
        (5, 3, 3, SATURDAYS),
        (4, 1, 3, Shape::QUARTER),
    ] {
        let mut s = generated_with(offices, staff, seed, shape);
        s.demand.clear();
        s.rooms.clear();
        let f = Facts::new(&s);
        let m = Model::build(&s, &f, Cycle::Off);
        let terms: Vec<(usize, f64)> = m.missing.values().map(|v| (m.lp.column(*v), 1.0)).collect();
        let case = format!("{offices}x{staff} seed {seed}");
        let (status, fewest) = solve(m.lp.priced(&terms), false);
        assert_eq!(status, Status::Optimal, "{case}: the fewest missing");
        let fewest = fewest.unwrap().round();
        floors += usize::from(fewest > 0.5);
        let floored = || m.lp.with_floor(&FEWEST_MISSING, &terms, fewest);
        let (lp_plain, lp_floored) = (solve(m.lp.without(&[]), true), solve(floored(), true));
        let (Some(a), Some(b)) = (lp_floored.1, lp_plain.1) else {
            panic!("{case}: LP {lp_floored:?} / {lp_plain:?}");
        };
        let tol = 1e-6 * a.abs().max(1.0);
        assert!(a >= b - tol, "{case}: LP {a} with the floor, {b} without");
        raised += usize::from(a > b + tol);
        let (x, y) = (solve(floored(), false), solve(m.lp.without(&[]), false));
        assert_eq!((x.0, y.0), (Status::Optimal, Status::Optimal), "{case}");
        let (x, y) = (x.1.unwrap(), y.1.unwrap());
        assert!(
            (x - y).abs() <= 1e-4 * x.abs().max(1.0),
            "{case}: optimum {x} with the floor at {fewest}, {y} without"
        );
    }
    assert!(
        floors >= 2,
        "only {floors} units miss openings in every plan"
    );
    assert!(raised > 0, "the floor never raised the LP relaxation");
}
