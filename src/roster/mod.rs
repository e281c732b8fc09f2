//! The generic rostering core: who works which shift type on which day.
//!
//! A [`RosterProblem`] holds the days, the shift types, each staff member's
//! rules, soft cover and soft requests. [`build`] turns it into rows of an
//! [`Lp`](crate::solve::Lp) — one function per constraint family, listed in
//! [`families`] — and [`solve`] runs the full pipeline (construction, column
//! generation by staff member, dives, branch-and-price alternating with large
//! neighbourhood search around HiGHS; `models/roster.md` lists the steps).
//!
//! Conventions (those of the Curtois & Qu benchmark, `models/roster.md`):
//! days are `0..days`; the days just outside the horizon count as days off;
//! runs of working days or of days off that touch either end of the horizon are
//! exempt from the minimum-run rules; a weekend is the Saturday and Sunday of
//! one calendar week (only its days inside the horizon count).

mod aggregate;
mod branch;
mod colgen;
pub mod eval;
pub mod families;
mod lagrange;
mod model;
pub mod portfolio;
mod rules;
mod search;
mod single;
mod staff_dp;

use chrono::Weekday;
use serde::Serialize;

pub use model::{BuildOptions, RosterVars};
pub use portfolio::solve;
pub use rules::{build, build_with};
/// Formulation variants of [`BuildOptions`].
pub mod model_forms {
    pub use crate::roster::model::{MinRunForm, SuccessionForm};
}

use crate::solve::Status;

/// A shift type. Times are minutes from midnight of the day the shift starts;
/// `end_minute` may exceed 1440 for a shift that ends the next day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShiftType {
    pub id: String,
    pub start_minute: u32,
    pub end_minute: u32,
}

/// At most `max_minutes` paid minutes on the days `first_day..=last_day`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MinuteWindow {
    pub first_day: usize,
    pub last_day: usize,
    pub max_minutes: u32,
}

/// At least `min_free_days` days off among the days `first_day..=last_day`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FreeDayWindow {
    pub first_day: usize,
    pub last_day: usize,
    pub min_free_days: u32,
}

/// The rules of one staff member. Vectors indexed by shift type have one entry per shift type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffRules {
    pub id: String,
    /// Paid minutes of each shift type for this staff member.
    pub minutes: Vec<u32>,
    /// Most shifts of each type over the horizon (`None`: no limit; `Some(0)`: never).
    pub max_shifts: Vec<Option<u32>>,
    pub min_total_minutes: Option<u32>,
    pub max_total_minutes: Option<u32>,
    pub minute_windows: Vec<MinuteWindow>,
    /// Longest run of working days.
    pub max_consecutive: Option<u32>,
    /// Shortest run of working days (runs touching a horizon end are exempt).
    pub min_consecutive: Option<u32>,
    /// Shortest run of days off (runs touching a horizon end are exempt).
    pub min_days_off: Option<u32>,
    /// Most weekends with any work.
    pub max_weekends: Option<u32>,
    pub free_day_windows: Vec<FreeDayWindow>,
    /// `(day, None)`: no shift that day; `(day, Some(t))`: not shift type `t` that day.
    pub unavailable: Vec<(usize, Option<usize>)>,
}

impl StaffRules {
    /// A staff member with no rules except the paid minutes of each shift type.
    pub fn new(id: impl Into<String>, minutes: Vec<u32>) -> Self {
        let n = minutes.len();
        StaffRules {
            id: id.into(),
            minutes,
            max_shifts: vec![None; n],
            min_total_minutes: None,
            max_total_minutes: None,
            minute_windows: Vec::new(),
            max_consecutive: None,
            min_consecutive: None,
            min_days_off: None,
            max_weekends: None,
            free_day_windows: Vec::new(),
            unavailable: Vec::new(),
        }
    }
}

/// Soft cover: `requirement` staff on shift type `shift` on `day`; each missing
/// one costs `weight_under`, each extra one `weight_over`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cover {
    pub day: usize,
    pub shift: usize,
    pub requirement: u32,
    pub weight_under: f64,
    pub weight_over: f64,
}

/// Soft request: staff `staff` wants (`on`) or does not want (`!on`) shift type
/// `shift` on `day`; `weight` is paid when the wish is not met.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    pub staff: usize,
    pub day: usize,
    pub shift: usize,
    pub weight: f64,
    pub on: bool,
}

/// A rostering problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterProblem {
    pub days: usize,
    /// Weekday of day 0.
    pub first_weekday: Weekday,
    pub shift_types: Vec<ShiftType>,
    /// `(a, b)`: type `a` on day `d` forbids type `b` on day `d + 1`.
    pub forbidden_next: Vec<(usize, usize)>,
    pub staff: Vec<StaffRules>,
    pub cover: Vec<Cover>,
    pub requests: Vec<Request>,
}

/// A problem whose indices or vector lengths do not fit together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid roster problem: {0}")]
pub struct InvalidProblem(pub String);

impl RosterProblem {
    /// Number of shift types.
    pub fn types(&self) -> usize {
        self.shift_types.len()
    }

    /// Checks that every index is in range and every per-type vector has one
    /// entry per shift type.
    pub fn validate(&self) -> Result<(), InvalidProblem> {
        let nt = self.types();
        let err = |m: String| Err(InvalidProblem(m));
        for &(a, b) in &self.forbidden_next {
            if a >= nt || b >= nt {
                return err(format!(
                    "forbidden succession ({a}, {b}) names no shift type"
                ));
            }
        }
        for s in &self.staff {
            if s.minutes.len() != nt || s.max_shifts.len() != nt {
                return err(format!(
                    "staff {}: minutes/max_shifts need one entry per shift type ({nt})",
                    s.id
                ));
            }
            for w in &s.minute_windows {
                if w.first_day > w.last_day || w.last_day >= self.days {
                    return err(format!("staff {}: minute window outside the horizon", s.id));
                }
            }
            for w in &s.free_day_windows {
                if w.first_day > w.last_day || w.last_day >= self.days {
                    return err(format!(
                        "staff {}: free-day window outside the horizon",
                        s.id
                    ));
                }
            }
            for &(d, t) in &s.unavailable {
                if d >= self.days || t.is_some_and(|t| t >= nt) {
                    return err(format!(
                        "staff {}: unavailability ({d}, {t:?}) out of range",
                        s.id
                    ));
                }
            }
        }
        for c in &self.cover {
            if c.day >= self.days || c.shift >= nt {
                return err(format!("cover ({}, {}) out of range", c.day, c.shift));
            }
        }
        for r in &self.requests {
            if r.staff >= self.staff.len() || r.day >= self.days || r.shift >= nt {
                return err(format!(
                    "request ({}, {}, {}) out of range",
                    r.staff, r.day, r.shift
                ));
            }
        }
        Ok(())
    }

    /// Weekday of `day`.
    pub fn weekday(&self, day: usize) -> Weekday {
        let first = self.first_weekday.num_days_from_monday() as usize;
        match (first + day) % 7 {
            0 => Weekday::Mon,
            1 => Weekday::Tue,
            2 => Weekday::Wed,
            3 => Weekday::Thu,
            4 => Weekday::Fri,
            5 => Weekday::Sat,
            _ => Weekday::Sun,
        }
    }

    /// The weekends that touch the horizon, each as its Saturday and/or Sunday
    /// inside the horizon, in day order.
    pub fn weekends(&self) -> Vec<Vec<usize>> {
        let mut out: Vec<Vec<usize>> = Vec::new();
        for d in 0..self.days {
            match self.weekday(d) {
                Weekday::Sat => out.push(vec![d]),
                Weekday::Sun => {
                    if d > 0 && self.weekday(d - 1) == Weekday::Sat {
                        out.last_mut().expect("saturday pushed").push(d);
                    } else {
                        out.push(vec![d]);
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// `allowed[s][d][t]`: staff `s` may work type `t` on day `d` as far as
    /// unavailability and a zero `max_shifts` go.
    pub fn allowed(&self) -> Vec<Vec<Vec<bool>>> {
        let nt = self.types();
        self.staff
            .iter()
            .map(|s| {
                let mut a = vec![vec![true; nt]; self.days];
                for row in a.iter_mut() {
                    for (t, ok) in row.iter_mut().enumerate() {
                        *ok = s.max_shifts[t] != Some(0);
                    }
                }
                for &(d, t) in &s.unavailable {
                    match t {
                        None => a[d].iter_mut().for_each(|x| *x = false),
                        Some(t) => a[d][t] = false,
                    }
                }
                a
            })
            .collect()
    }

    /// Whether every weight is an integer (then every objective value is one,
    /// and a lower bound may be rounded up).
    pub fn integral_weights(&self) -> bool {
        let int = |w: f64| w.fract() == 0.0;
        self.cover
            .iter()
            .all(|c| int(c.weight_under) && int(c.weight_over))
            && self.requests.iter().all(|r| int(r.weight))
    }

    /// Whether no weight is negative (then no objective is).
    pub fn nonnegative_weights(&self) -> bool {
        self.cover
            .iter()
            .all(|c| c.weight_under >= 0.0 && c.weight_over >= 0.0)
            && self.requests.iter().all(|r| r.weight >= 0.0)
    }
}

/// A roster: `assign[s][d]` is the shift type staff `s` works on day `d`, or
/// `None` for a day off.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Roster {
    pub assign: Vec<Vec<Option<usize>>>,
}

impl Roster {
    /// Everyone off every day.
    pub fn empty(staff: usize, days: usize) -> Self {
        Roster {
            assign: vec![vec![None; days]; staff],
        }
    }
    /// Staff working each (day, type) of `days` × `types`, at
    /// `d * types + t`, leaving out staff member `except`.
    pub(crate) fn counts(&self, days: usize, types: usize, except: Option<usize>) -> Vec<u32> {
        let mut count = vec![0u32; days * types];
        for (s, row) in self.assign.iter().enumerate() {
            if Some(s) == except {
                continue;
            }
            for (d, a) in row.iter().enumerate() {
                if let Some(t) = a {
                    count[d * types + t] += 1;
                }
            }
        }
        count
    }

    /// Whether `s` works on `d` (false outside the horizon).
    pub fn works(&self, s: usize, d: isize) -> bool {
        d >= 0 && (d as usize) < self.assign[s].len() && self.assign[s][d as usize].is_some()
    }
}

/// Options for [`solve`].
#[derive(Debug, Clone, PartialEq)]
pub struct RosterOptions {
    /// When the whole pipeline must end (shared by every search of a
    /// portfolio and every solve under them).
    pub deadline: crate::solve::Deadline,
    /// Cooperating searches, one per core ([`portfolio`]); HiGHS runs
    /// single-threaded in each.
    pub threads: u32,
    /// Seed of the neighbourhood choices (the run is deterministic given it,
    /// unless the time limit cuts it short at a different point).
    pub seed: u64,
    /// Relative gap at which the search stops.
    pub gap: f64,
    /// Print progress to stderr.
    pub verbose: bool,
    /// Stop as soon as a roster of at most this objective is found.
    pub target: Option<f64>,
    /// Formulation variants (measured; the defaults are the best found).
    pub build: BuildOptions,
    /// Set by [`portfolio::solve`] for each of its searches: the incumbent
    /// and bound they share.
    pub shared: Option<portfolio::SharedHandle>,
    /// Alternate branch-and-price with the neighbourhood search (in a
    /// portfolio, the first search only; the others search neighbourhoods).
    pub branch: bool,
    /// Index of this search in a portfolio (set by [`portfolio::solve`]; 0
    /// for a single search). Only search 0 builds a tree.
    pub search: u32,
}

impl Default for RosterOptions {
    fn default() -> Self {
        RosterOptions {
            deadline: crate::solve::Deadline::after(60.0),
            threads: 1,
            seed: 0,
            gap: 0.0,
            verbose: false,
            target: None,
            build: BuildOptions::default(),
            shared: None,
            branch: true,
            search: 0,
        }
    }
}

/// What [`solve`] returns.
#[derive(Debug, Clone)]
pub struct RosterResult {
    pub status: Status,
    pub roster: Option<Roster>,
    pub objective: Option<f64>,
    pub bound: Option<f64>,
    pub gap: Option<f64>,
    pub seconds: f64,
    /// Seconds until the first roster (of any search of the portfolio).
    pub first_seconds: Option<f64>,
    /// Progress lines (phase, time, objective), for logs and the bench.
    pub log: Vec<String>,
}
