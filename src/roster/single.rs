//! One staff member alone: their hard rules as a problem of their own (no
//! cover, no requests, nobody else), a schedule that keeps them — by the
//! exact DP with no costs, where only the rules prune, else by a compact
//! feasibility MIP — and, when there is none, which of their rules
//! contradict each other.
//!
//! Every hard rule of the core is per staff member, so a schedule found
//! here can stand in any roster, and a staff member with none makes the
//! whole problem infeasible: the construction's last resort and its
//! explanation of infeasibility.

use std::time::Instant;

use super::model::BuildOptions;
use super::rules::build_part;
use super::staff_dp::{DpResult, StaffDp};
use super::{RosterProblem, StaffRules};
use crate::solve::{Deadline, Lp, SolveOptions, Status};

/// Most labels a day of the feasibility DP keeps before the MIP is asked.
const FEASIBILITY_DP_CAP: usize = 200_000;

/// What a feasibility question found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Alone {
    /// A schedule keeping every rule.
    Schedule(Vec<Option<usize>>),
    /// Proven: no schedule keeps every rule.
    None,
    /// Out of time, or too hard for the methods within it.
    Unknown,
}

/// Staff member `s` of `p` with `rules` in place of their own, alone.
fn alone(p: &RosterProblem, rules: StaffRules, succession: bool) -> RosterProblem {
    RosterProblem {
        days: p.days,
        first_weekday: p.first_weekday,
        shift_types: p.shift_types.clone(),
        forbidden_next: if succession {
            p.forbidden_next.clone()
        } else {
            Vec::new()
        },
        staff: vec![rules],
        cover: Vec::new(),
        requests: Vec::new(),
    }
}

/// A schedule keeping every rule of the single staff member of `q`, by
/// `deadline`: first the heuristic DP (one label per state), paced and
/// not, on the `guide` costs damped towards none, then on random costs
/// (a third of the time), then the exact DP without costs (to two thirds),
/// then the compact MIP. Measured on a 364-day staff member with 4 types
/// whose total minutes are exact (generated, planted): the unpaced
/// heuristic finds nothing, the paced one finds a schedule in 0.01 s, the
/// random ones 7 (unpaced) and 13 (paced) times of 20; the exact DP needs
/// a million labels a day (2 s), the MIP 4 s.
fn feasible(
    q: &RosterProblem,
    deadline: Instant,
    use_mip: bool,
    guide: Option<&[Vec<f64>]>,
    random: bool,
) -> Alone {
    let dp = StaffDp::new(q, 0);
    let allowed = q.allowed().swap_remove(0);
    let (nd, nt) = (q.days, q.types());
    let rest = vec![true; nd];
    let t0 = Instant::now();
    let total = deadline.saturating_duration_since(t0);
    dp.set_deadline(Some(deadline));
    let heuristic = |cost: &[Vec<f64>], pace: bool| {
        dp.set_pace(pace);
        let got = dp.heuristic_k(cost, &allowed, &rest, f64::INFINITY, 1);
        dp.set_pace(false);
        got.ok().map(|mut v| v.swap_remove(0).1)
    };
    let damp = [1.0, 0.3, 0.1, 0.0];
    for alpha in damp.iter().filter(|&&a| a == 0.0 || guide.is_some()) {
        let cost: Vec<Vec<f64>> = match guide {
            Some(g) => g
                .iter()
                .map(|row| row.iter().map(|c| c * alpha).collect())
                .collect(),
            None => vec![vec![0.0; nt]; nd],
        };
        for pace in [false, true] {
            if let Some(a) = heuristic(&cost, pace) {
                return Alone::Schedule(a);
            }
        }
    }
    let mut rng = crate::search::Rng::new(nd as u64 * 31 + nt as u64);
    let mut pace = true;
    while random && t0.elapsed() < total / 3 {
        let scale = guide.map_or(0.0, |_| 0.1 * rng.unit());
        let cost: Vec<Vec<f64>> = (0..nd)
            .map(|d| {
                (0..nt)
                    .map(|t| rng.unit() + guide.map_or(0.0, |g| g[d][t] * scale))
                    .collect()
            })
            .collect();
        if let Some(a) = heuristic(&cost, pace) {
            return Alone::Schedule(a);
        }
        pace = !pace;
    }
    let zero = vec![vec![0.0; nt]; nd];
    dp.set_deadline(Some(t0 + total * 2 / 3));
    let res = dp.best(&zero, &allowed, &rest, FEASIBILITY_DP_CAP);
    match res {
        DpResult::Best(_, a) => return Alone::Schedule(a),
        DpResult::Infeasible => return Alone::None,
        DpResult::TooBig => {}
    }
    let left = deadline
        .saturating_duration_since(Instant::now())
        .as_secs_f64();
    if !use_mip || left < 0.01 {
        return Alone::Unknown;
    }
    mip(q, left)
}

/// The compact feasibility MIP of the single staff member of `q`.
fn mip(q: &RosterProblem, time: f64) -> Alone {
    let mut lp = Lp::new();
    let vars = build_part(q, &mut lp, &BuildOptions::default(), None);
    let out = lp.solve(&SolveOptions {
        deadline: Deadline::after(time),
        gap: 1.0,
        threads: 1,
        seed: 0,
        verbose: false,
        ..SolveOptions::default()
    });
    match (out.status, out.values) {
        (_, Some(v)) => Alone::Schedule(vars.roster(&v).assign.swap_remove(0)),
        (Status::Infeasible, None) => Alone::None,
        _ => Alone::Unknown,
    }
}

/// A schedule of staff `s` keeping all their rules, found alone (see the
/// module documentation) and cheap under `cost[d][t]` where that is easy,
/// by `deadline`.
pub(crate) fn schedule(
    p: &RosterProblem,
    s: usize,
    cost: Option<&[Vec<f64>]>,
    deadline: Instant,
) -> Alone {
    feasible(
        &alone(p, p.staff[s].clone(), true),
        deadline,
        true,
        cost,
        true,
    )
}

/// The groups of rules a staff member's conflict is stated in.
const GROUPS: [&str; 9] = [
    "MinTotalMinutes",
    "MaxTotalMinutes",
    "MaxShifts",
    "MaxWeekends",
    "MaxConsecutiveShifts",
    "MinConsecutiveShifts",
    "MinConsecutiveDaysOff",
    "DaysOff",
    "ForbiddenNext",
];

/// `rules` with the rule groups not in `keep` dropped.
fn keep_only(rules: &StaffRules, keep: &[bool]) -> StaffRules {
    let mut r = rules.clone();
    let on = |name: &str| keep[GROUPS.iter().position(|g| *g == name).expect("group")];
    if !on("MinTotalMinutes") {
        r.min_total_minutes = None;
    }
    if !on("MaxTotalMinutes") {
        r.max_total_minutes = None;
    }
    if !on("MaxShifts") {
        // (A limit of 0 is a skill, not a count: it stays.)
        for m in r.max_shifts.iter_mut() {
            if *m != Some(0) {
                *m = None;
            }
        }
    }
    if !on("MaxWeekends") {
        r.max_weekends = None;
    }
    if !on("MaxConsecutiveShifts") {
        r.max_consecutive = None;
    }
    if !on("MinConsecutiveShifts") {
        r.min_consecutive = None;
    }
    if !on("MinConsecutiveDaysOff") {
        r.min_days_off = None;
    }
    if !on("DaysOff") {
        r.unavailable.clear();
    }
    r
}

/// The rule groups of staff `s` that together leave no schedule: a
/// minimal set (dropping any one of them leaves a schedule), found by
/// dropping the groups one by one and keeping those whose loss makes a
/// schedule appear. `None` when the search ran out of time or could not
/// decide a step.
pub(crate) fn conflict(p: &RosterProblem, s: usize, deadline: Instant) -> Option<Vec<String>> {
    let rules = &p.staff[s];
    let mut keep = [true; GROUPS.len()];
    for g in 0..GROUPS.len() {
        keep[g] = false;
        let q = alone(p, keep_only(rules, &keep), keep[8]);
        // (No random costs: most of these questions have no answer.)
        match feasible(&q, deadline, true, None, false) {
            // Needed for the conflict: back in.
            Alone::Schedule(_) => keep[g] = true,
            Alone::None => {}
            Alone::Unknown => return None,
        }
    }
    Some(
        (0..GROUPS.len())
            .filter(|&g| keep[g])
            .map(|g| describe(p, s, GROUPS[g]))
            .collect(),
    )
}

/// A rule group of staff `s` with its values, for a message.
fn describe(p: &RosterProblem, s: usize, group: &str) -> String {
    let r = &p.staff[s];
    let opt = |v: Option<u32>| v.map_or("none".to_string(), |v| v.to_string());
    match group {
        "MinTotalMinutes" => format!("MinTotalMinutes {}", opt(r.min_total_minutes)),
        "MaxTotalMinutes" => format!("MaxTotalMinutes {}", opt(r.max_total_minutes)),
        "MaxShifts" => {
            let limits: Vec<String> = (r.max_shifts.iter().enumerate())
                .filter_map(|(t, m)| {
                    m.filter(|&m| m > 0)
                        .map(|m| format!("{}={m}", p.shift_types[t].id))
                })
                .collect();
            format!("MaxShifts {}", limits.join("|"))
        }
        "MaxWeekends" => format!("MaxWeekends {}", opt(r.max_weekends)),
        "MaxConsecutiveShifts" => format!("MaxConsecutiveShifts {}", opt(r.max_consecutive)),
        "MinConsecutiveShifts" => format!("MinConsecutiveShifts {}", opt(r.min_consecutive)),
        "MinConsecutiveDaysOff" => format!("MinConsecutiveDaysOff {}", opt(r.min_days_off)),
        "DaysOff" => {
            let n = r.unavailable.iter().filter(|(_, t)| t.is_none()).count();
            format!("{n} fixed days off")
        }
        _ => format!("the forbidden successions of the shift types ({group})"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::eval::staff_violations;
    use super::*;
    use crate::formats::nrp::{parse, to_roster_problem};

    const ONE: &str = "\
SECTION_HORIZON
14
SECTION_SHIFTS
D,480,
N,600,D
SECTION_STAFF
A,D=14|N=3,4800,3840,5,2,2,1
SECTION_DAYS_OFF
A,0,1
SECTION_COVER
0,D,1,100,1
";

    fn soon() -> Instant {
        Instant::now() + std::time::Duration::from_secs(10)
    }

    #[test]
    fn a_schedule_alone_keeps_every_rule() {
        let p = to_roster_problem(&parse(ONE).unwrap());
        let Alone::Schedule(a) = schedule(&p, 0, None, soon()) else {
            panic!("no schedule");
        };
        assert!(staff_violations(&p, 0, &a).is_empty());
    }

    #[test]
    fn the_feasibility_mip_agrees() {
        let p = to_roster_problem(&parse(ONE).unwrap());
        let Alone::Schedule(a) = mip(&alone(&p, p.staff[0].clone(), true), 10.0) else {
            panic!("no schedule");
        };
        assert!(staff_violations(&p, 0, &a).is_empty());
    }

    #[test]
    fn a_conflict_names_the_rules_that_make_it() {
        // At least 10 shifts of 480 minutes (4800) in 14 days with days 0-1
        // off and at most 5 in a row with 2 off between: 12 open days, runs
        // of at most 5 then 2 off: 5+5 needs days 2-6 and 9-13 — feasible
        // only with weekends worked, and MaxWeekends 1 forbids the second.
        let text = ONE.replace(
            "A,D=14|N=3,4800,3840,5,2,2,1",
            "A,D=14|N=0,4800,4800,5,2,2,1",
        );
        let p = to_roster_problem(&parse(&text).unwrap());
        assert_eq!(schedule(&p, 0, None, soon()), Alone::None);
        let c = conflict(&p, 0, soon()).unwrap();
        assert!(
            c.iter().any(|g| g.starts_with("MinTotalMinutes 4800")),
            "{c:?}"
        );
        assert!(c.iter().any(|g| g.starts_with("MaxWeekends 1")), "{c:?}");
        assert!(!c.iter().any(|g| g.starts_with("MaxTotalMinutes")), "{c:?}");
    }
}
