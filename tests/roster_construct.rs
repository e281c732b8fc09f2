//! The construction on instances built to defeat it: planted-roster
//! instances (`formats::nrp_gen_planted`) on which the cost-guided DP finds
//! no schedule for some staff members (tight total minutes with mixed shift
//! lengths, exact weekend and type limits). A roster must come back, early,
//! and pass the independent checker; a staff member whose own rules
//! contradict each other is named with the rules that conflict.

use serviceplan::formats::nrp::{self, to_roster_problem};
use serviceplan::formats::nrp_gen::GenSpec;
use serviceplan::formats::nrp_gen_planted::generate;
use serviceplan::roster::{RosterOptions, solve};
use serviceplan::solve::{Deadline, Status};
use serviceplan::verify::nrp::{Assignment, check};

fn records(inst: &nrp::NrpInstance, assign: &[Vec<Option<usize>>]) -> Vec<Assignment> {
    let mut out = Vec::new();
    for (s, a) in assign.iter().enumerate() {
        for (d, t) in a.iter().enumerate() {
            if let Some(t) = t {
                out.push(Assignment::new(&inst.staff[s].id, d, &inst.shifts[*t].id));
            }
        }
    }
    out
}

/// Seconds of the "constructed" line of a log, if any.
fn constructed_at(log: &[String]) -> Option<f64> {
    let l = log.iter().find(|l| l.contains("constructed:"))?;
    l.trim().split('s').next()?.trim().parse().ok()
}

#[test]
fn planted_year_long_instances_get_a_roster_early() {
    let spec: GenSpec = "364x30x32".parse().unwrap();
    // Seed 4 stopped with "construction stopped at staff R" before the
    // fallbacks; 7 and 8 needed a rescue too.
    let limit = 8.0;
    for seed in [4, 7, 8] {
        let planted = generate(spec, seed);
        let inst = &planted.instance;
        assert!(check(inst, &records(inst, &planted.roster)).feasible());
        let p = to_roster_problem(inst);
        let res = solve(
            &p,
            &RosterOptions {
                deadline: Deadline::after(limit),
                ..RosterOptions::default()
            },
        );
        let roster = res
            .roster
            .unwrap_or_else(|| panic!("seed {seed}: no roster\n{:#?}", res.log));
        let rep = check(inst, &records(inst, &roster.assign));
        assert!(rep.feasible(), "seed {seed}: {:?}", rep.violations);
        assert_eq!(Some(rep.objective as f64), res.objective, "seed {seed}");
        let at = constructed_at(&res.log).expect("a constructed line");
        // Early: well before the deadline (the speed itself is measured by
        // examples/nrp_construct_probe, not timed here).
        assert!(at <= 0.5 * limit, "seed {seed}: first roster at {at}s");
    }
}

#[test]
fn an_infeasible_staff_member_is_named_with_the_conflicting_rules() {
    // B must work 10 shifts in 14 days with days 0-1 off, at most 5 in a
    // row and 2 days off between runs: only days 2-6 and 9-13, two
    // weekends, and MaxWeekends is 1.
    let text = "\
SECTION_HORIZON
14
SECTION_SHIFTS
D,480,
SECTION_STAFF
A,D=14,4800,960,5,1,1,2
B,D=14,4800,4800,5,2,2,1
SECTION_DAYS_OFF
B,0,1
SECTION_COVER
3,D,1,100,1
";
    let p = to_roster_problem(&nrp::parse(text).unwrap());
    let res = solve(
        &p,
        &RosterOptions {
            deadline: Deadline::after(20.0),
            ..RosterOptions::default()
        },
    );
    assert_eq!(res.status, Status::Infeasible);
    let line = res
        .log
        .iter()
        .find(|l| l.contains("infeasible"))
        .expect("an infeasibility line");
    assert!(line.contains("staff B"), "{line}");
    for rule in [
        "MinTotalMinutes 4800",
        "MaxWeekends 1",
        "MaxConsecutiveShifts 5",
    ] {
        assert!(line.contains(rule), "{rule}: {line}");
    }
    assert!(!line.contains("MaxTotalMinutes"), "{line}");
}
