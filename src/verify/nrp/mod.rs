//! Independent checker for the shift scheduling benchmark: from the instance
//! and a roster given as (staff, day, shift) records alone — never from solver
//! variables or the rostering core's code — it lists every broken hard rule in
//! words and recomputes the objective with its breakdown. The rules are those
//! of `benchmarks/shift-scheduling/README.md`, written out again here on
//! purpose, one function each in `rules.rs`; [`CHECKS`] lists them by the
//! roster family each re-checks.

mod rules;

use std::path::Path;

use serde::Serialize;

use crate::family::Family;
use crate::formats::nrp::NrpInstance;
use crate::roster::families::{
    FORBIDDEN_SUCCESSION, FREE_DAYS, MAX_CONSECUTIVE, MAX_SHIFTS_PER_TYPE, MAX_WEEKENDS,
    MIN_CONSECUTIVE, MIN_DAYS_OFF, MINUTE_WINDOWS, ONE_SHIFT_PER_DAY, TOTAL_MINUTES, UNAVAILABLE,
};

/// One worked shift: staff id, day (0-based), shift id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub staff: String,
    pub day: usize,
    pub shift: String,
}

impl Assignment {
    pub fn new(staff: &str, day: usize, shift: &str) -> Self {
        Assignment {
            staff: staff.to_string(),
            day,
            shift: shift.to_string(),
        }
    }
}

/// The checker's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Report {
    /// Every broken hard rule, in words. Empty: the roster is feasible.
    pub violations: Vec<String>,
    /// Total penalty.
    pub objective: u64,
    /// Penalty of unmet shift-on requests.
    pub on_requests: u64,
    /// Penalty of met shift-off requests.
    pub off_requests: u64,
    /// Penalty of missing cover.
    pub cover_under: u64,
    /// Penalty of extra cover.
    pub cover_over: u64,
}

impl Report {
    pub fn feasible(&self) -> bool {
        self.violations.is_empty()
    }
}

/// A roster laid out on the instance, as the checks read it.
pub struct Grid<'a> {
    pub inst: &'a NrpInstance,
    /// `grid[e][d]`: the shift index staff member `e` works on day `d`, if any.
    pub grid: Vec<Vec<Option<usize>>>,
    /// Records that put a second shift on a day, with the shift already there.
    pub doubles: Vec<(&'a Assignment, usize)>,
}

/// One check: the roster families whose rule it re-checks, and the function.
pub struct Check {
    pub families: &'static [&'static Family],
    pub check: fn(&Grid, &mut Report),
}

/// The checks of the benchmark's hard rules 1–9, one per roster family.
pub static CHECKS: &[Check] = &[
    Check {
        families: &[&ONE_SHIFT_PER_DAY],
        check: rules::one_shift_per_day,
    },
    Check {
        families: &[&FORBIDDEN_SUCCESSION],
        check: rules::forbidden_succession,
    },
    Check {
        families: &[&MAX_SHIFTS_PER_TYPE],
        check: rules::max_shifts_per_type,
    },
    Check {
        families: &[&TOTAL_MINUTES],
        check: rules::total_minutes,
    },
    Check {
        families: &[&MAX_CONSECUTIVE],
        check: rules::max_consecutive,
    },
    Check {
        families: &[&MIN_CONSECUTIVE],
        check: rules::min_consecutive,
    },
    Check {
        families: &[&MIN_DAYS_OFF],
        check: rules::min_days_off,
    },
    Check {
        families: &[&MAX_WEEKENDS],
        check: rules::max_weekends,
    },
    Check {
        families: &[&UNAVAILABLE],
        check: rules::unavailable,
    },
];

/// Hard families of the rostering core that the benchmark format cannot
/// state, so a benchmark roster has nothing to break: `minute_windows` and
/// `free_days` (no section of `benchmarks/shift-scheduling/README.md`
/// holds them; `formats::nrp::to_roster_problem` leaves them empty, which a
/// test checks for every instance). The core's own `roster::eval` checks
/// them where a problem has them.
pub static NOT_IN_FORMAT: &[&Family] = &[&MINUTE_WINDOWS, &FREE_DAYS];

/// Checks a roster. Records naming an unknown staff member or shift, a day
/// outside the horizon, or a second shift on one day are violations too.
pub fn check(inst: &NrpInstance, roster: &[Assignment]) -> Report {
    let h = inst.horizon;
    let ns = inst.staff.len();
    let mut rep = Report::default();
    let mut g = Grid {
        inst,
        grid: vec![vec![None; h]; ns],
        doubles: Vec::new(),
    };
    for a in roster {
        let Some(e) = inst.staff.iter().position(|s| s.id == a.staff) else {
            rep.violations
                .push(format!("unknown employee {:?} in the roster", a.staff));
            continue;
        };
        let Some(t) = inst.shifts.iter().position(|s| s.id == a.shift) else {
            rep.violations.push(format!(
                "unknown shift {:?} for employee {} on day {}",
                a.shift, a.staff, a.day
            ));
            continue;
        };
        if a.day >= h {
            rep.violations.push(format!(
                "employee {} works on day {}, outside the horizon of {h} days",
                a.staff, a.day
            ));
            continue;
        }
        if let Some(prev) = g.grid[e][a.day] {
            g.doubles.push((a, prev));
            continue;
        }
        g.grid[e][a.day] = Some(t);
    }
    for c in CHECKS {
        (c.check)(&g, &mut rep);
    }
    let grid = &g.grid;

    // Soft constraints.
    for r in &inst.on_requests {
        if grid[r.staff][r.day] != Some(r.shift) {
            rep.on_requests += r.weight as u64;
        }
    }
    for r in &inst.off_requests {
        if grid[r.staff][r.day] == Some(r.shift) {
            rep.off_requests += r.weight as u64;
        }
    }
    for c in &inst.cover {
        let k = (0..ns).filter(|&e| grid[e][c.day] == Some(c.shift)).count() as u64;
        let req = c.requirement as u64;
        if k < req {
            rep.cover_under += c.weight_under as u64 * (req - k);
        } else {
            rep.cover_over += c.weight_over as u64 * (k - req);
        }
    }
    rep.objective = rep.on_requests + rep.off_requests + rep.cover_under + rep.cover_over;
    rep
}

/// Reads a roster CSV with header `staff,day,shift`.
pub fn read_roster_csv(path: &Path) -> anyhow::Result<Vec<Assignment>> {
    use anyhow::Context;
    let bytes = crate::input::read_bytes(path)?;
    let mut rd = csv::Reader::from_reader(bytes.as_slice());
    let headers = rd.headers()?.clone();
    if headers.iter().collect::<Vec<_>>() != ["staff", "day", "shift"] {
        anyhow::bail!(
            "{}:1: the header must be staff,day,shift (found {} column(s))",
            path.display(),
            headers.len()
        );
    }
    let mut out = Vec::new();
    for (i, rec) in rd.records().enumerate() {
        let rec = rec.with_context(|| format!("{}: record {}", path.display(), i + 1))?;
        let rec = crate::cell::restored(&rec);
        let day = rec[1].trim().parse::<usize>().with_context(|| {
            format!(
                "{}:{}: day {} is not an integer",
                path.display(),
                i + 2,
                crate::input::excerpt(&rec[1])
            )
        })?;
        out.push(Assignment::new(rec[0].trim(), day, rec[2].trim()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::nrp::parse;

    /// 14 days (two weekends: days 5-6, 12-13), one shift type D (480 min) and
    /// L (480 min, L forbids D next day), two employees.
    const INST: &str = "\
SECTION_HORIZON
14
SECTION_SHIFTS
D,480,
L,480,D
SECTION_STAFF
A,D=14|L=3,4800,1920,5,2,2,1
B,D=14|L=0,4800,0,5,2,2,2
SECTION_DAYS_OFF
A,9
SECTION_SHIFT_ON_REQUESTS
A,0,D,3
B,1,D,2
SECTION_SHIFT_OFF_REQUESTS
A,2,D,5
SECTION_COVER
0,D,1,100,1
1,D,2,100,1
2,L,1,50,7
";

    fn roster(spec: &[(&str, &str)]) -> Vec<Assignment> {
        // spec: (staff, 14-char string of '.', 'D', 'L' per day)
        let mut out = Vec::new();
        for (s, days) in spec {
            for (d, c) in days.chars().enumerate() {
                if c != '.' {
                    out.push(Assignment::new(s, d, &c.to_string()));
                }
            }
        }
        out
    }

    #[test]
    fn feasible_roster_and_objective_by_hand() {
        let inst = parse(INST).unwrap();
        // A: D D D . . . . D D . . . . .  -> 5 shifts = 2400 min, runs 0-2 (touches start), 7-8
        // B: . D D . . . . . . . . . . .  -> run 1-2 (len 2 ok); off run 0 touches start
        let r = roster(&[("A", "DDD....DD....."), ("B", ".DD...........")]);
        let rep = check(&inst, &r);
        assert!(rep.feasible(), "{:?}", rep.violations);
        // on: A0D met, B1D met -> 0. off: A2D worked -> 5.
        // cover: day0 D: A only -> 1 of 1 ok; day1 D: A,B = 2 of 2 ok;
        // day2 L: 0 of 1 -> under 50; day2 D has no cover line.
        assert_eq!(rep.on_requests, 0);
        assert_eq!(rep.off_requests, 5);
        assert_eq!(rep.cover_under, 50);
        assert_eq!(rep.cover_over, 0);
        assert_eq!(rep.objective, 55);
    }

    #[test]
    fn cover_over_and_missed_requests() {
        let inst = parse(INST).unwrap();
        // A works L on day 0-1 (on-request A0D missed: 3), B works D days 0-1.
        let r = roster(&[("A", "LL..DDD..D...."), ("B", "DD............")]);
        let rep = check(&inst, &r);
        // A: day 9 is a day off -> rule 9; run 9 is a single day (min 2) -> rule 6;
        // also off-run days 2-3 ok (2), 7-8 ok (2), run 4-6 ok.
        assert!(rep.violations.iter().any(|v| v.starts_with("rule 9")));
        assert!(rep.violations.iter().any(|v| v.starts_with("rule 6")));
        // B1D met. on: A0D missed -> 3. off: none.
        // cover day0 D: B -> 1 ok; day1 D: B only -> under 100; day2 L: none -> 50.
        assert_eq!(rep.on_requests, 3);
        assert_eq!(rep.cover_under, 150);
        assert_eq!(rep.objective, 153);
    }

    #[test]
    fn min_runs_exempt_at_the_horizon_ends() {
        let inst = parse(INST).unwrap();
        // Single working day on day 0 (touches start) and day 13 (touches end):
        // exempt. Single day off on day 13? here the last run is a working one.
        let r = roster(&[("A", "D....DD......D"), ("B", "..............")]);
        let rep = check(&inst, &r);
        // A: 4 shifts = 1920 min (min 1920): ok. Weekends: days 5-6 -> 1, day 13 (Sunday) -> 2 > 1.
        assert_eq!(rep.violations.len(), 1, "{:?}", rep.violations);
        assert!(rep.violations[0].starts_with("rule 8"));
        // Single day off at either end is exempt; inside it is not.
        let r = roster(&[("A", ".DDDD.DDD....."), ("B", "DDDD.DDDD.....")]);
        let rep = check(&inst, &r);
        let v: Vec<_> = rep
            .violations
            .iter()
            .filter(|v| v.starts_with("rule 7"))
            .collect();
        assert_eq!(v.len(), 2, "{:?}", rep.violations); // A day 5, B day 4
        assert!(v[0].contains("employee A") && v[0].contains("days 5-5"));
        assert!(v[1].contains("employee B") && v[1].contains("days 4-4"));
        // Single working day just inside the end (day 12, then off day 13): rule 6.
        let r = roster(&[("A", "DDD........D.."), ("B", "..............")]);
        let rep = check(&inst, &r);
        assert!(
            rep.violations
                .iter()
                .any(|v| v.starts_with("rule 6") && v.contains("days 11-11"))
        );
        // ... and on day 1 after an off day 0: rule 6 too (the run does not touch day 0).
        let r = roster(&[("A", ".D....DD..DDD."), ("B", "..............")]);
        let rep = check(&inst, &r);
        assert!(
            rep.violations
                .iter()
                .any(|v| v.starts_with("rule 6") && v.contains("days 1-1"))
        );
    }

    #[test]
    fn rotation_max_shifts_time_and_duplicates() {
        let inst = parse(INST).unwrap();
        let mut r = roster(&[("A", "LLLLD........."), ("B", "L.............")]);
        r.push(Assignment::new("B", 0, "D"));
        r.push(Assignment::new("Z", 0, "D"));
        r.push(Assignment::new("B", 20, "D"));
        let rep = check(&inst, &r);
        let has = |p: &str| rep.violations.iter().any(|v| v.starts_with(p));
        assert!(has("unknown employee"));
        assert!(has("employee B works on day 20"));
        assert!(has("rule 1"));
        assert!(has(
            "rule 2 (shift rotation): employee A works L on day 3 and D on day 4"
        ));
        assert!(has("rule 3 (maximum shifts): employee A works 4 L shifts"));
        assert!(has("rule 3 (maximum shifts): employee B works 1 L shifts"));
        assert!(!has("rule 4"));
        // Too little time: 3 shifts = 1440 minutes < 1920.
        let rep = check(
            &inst,
            &roster(&[("A", "DDD..........."), ("B", "..............")]),
        );
        assert_eq!(
            rep.violations,
            vec!["rule 4 (total working time): employee A works 1440 minutes, allowed 1920..=4800"]
        );
        // B: a single shift on day 0 touches the start: no rule 6 for B.
        assert!(
            !rep.violations
                .iter()
                .any(|v| v.starts_with("rule 6") && v.contains("employee B"))
        );
    }

    #[test]
    fn max_consecutive() {
        let inst = parse(INST).unwrap();
        let r = roster(&[("A", "DDDDDD........"), ("B", "..............")]);
        let rep = check(&inst, &r);
        assert!(
            rep.violations
                .iter()
                .any(|v| v.starts_with("rule 5") && v.contains("6 days"))
        );
    }
}
