//! The MILP variables of a roster and the build entry points. The rows of each
//! constraint family are added by its own file under `families/`.

use std::collections::HashMap;

use good_lp::{Expression, Variable};

use super::{Roster, RosterProblem, families};
use crate::solve::{Lp, Sense, Values};

/// Formulation choices. The defaults are the variants measured best
/// (`models/roster.md`); the others stay for comparison and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildOptions {
    /// Create a variable for every (staff, day, shift type) and state
    /// unavailability and zero `max_shifts` as rows (families `unavailable`,
    /// `max_shifts_per_type`), so that an elastic re-solve can name them. Off:
    /// those cells simply get no variable (smaller model, same optimum).
    pub explain: bool,
    /// How the minimum-run rules are written.
    pub min_runs: MinRunForm,
    /// Also bound each working day by the run starts of the last
    /// `max_consecutive` days (needs the start variables of `StartStop`).
    pub max_run_starts: bool,
    /// How the forbidden successions are written.
    pub succession: SuccessionForm,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            explain: false,
            min_runs: MinRunForm::StartStop,
            max_run_starts: false,
            succession: SuccessionForm::Bicliques,
        }
    }
}

/// Formulations of "every maximal run lasts at least m days".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinRunForm {
    /// Forbid each too-short pattern `off, on×k, off` (k < m) separately.
    Patterns,
    /// A run that starts on day d must still be on at d+1..d+m-1:
    /// `w[d] - w[d-1] <= w[d+j]`.
    Windows,
    /// Start (stop) variables and `sum of starts in the last m days <= w[d]`
    /// (the min-up/min-down polytope of unit commitment).
    StartStop,
}

/// Formulations of the forbidden successions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuccessionForm {
    /// `x[d][a] + x[d+1][b] <= 1` for each forbidden pair.
    Pairs,
    /// `sum_{a in A} x[d][a] + sum_{b in B} x[d+1][b] <= 1` for bicliques
    /// A × B of forbidden pairs (with one-shift-per-day, much tighter).
    Bicliques,
}

/// What an auxiliary variable stands for (to give it a value in a MIP start).
#[derive(Debug, Clone)]
pub(crate) enum Aux {
    /// 1 if the staff member works on any of the days.
    AnyWork { s: usize, days: Vec<usize> },
    /// 1 if a working run starts on `d` (works on d, not on d-1).
    Start { s: usize, d: usize },
    /// 1 if a run of days off starts on `d` (off on d, works on d-1).
    Stop { s: usize, d: usize },
    /// Missing staff of cover entry `c`.
    Under(usize),
    /// Extra staff of cover entry `c`.
    Over(usize),
}

/// The variables of a roster in an [`Lp`].
pub struct RosterVars {
    pub(crate) staff: usize,
    pub(crate) days: usize,
    pub(crate) types: usize,
    x: Vec<Option<Variable>>,
    /// Cells fixed by the caller (neighbourhood search): the fixed assignment.
    fixed: Vec<Option<Option<usize>>>,
    /// Per staff member: first and last day with a free cell.
    scope: Vec<Option<(usize, usize)>>,
    pub(crate) aux: Vec<(Variable, Aux)>,
    /// Start / stop variables per (staff, day), shared by the run families.
    starts: HashMap<(usize, usize), Variable>,
    stops: HashMap<(usize, usize), Variable>,
}

impl RosterVars {
    fn idx(&self, s: usize, d: usize) -> usize {
        s * self.days + d
    }

    /// The 0/1 variable "staff `s` works shift type `t` on day `d`"; `None` where
    /// that is impossible (unavailable, zero `max_shifts`) or the cell is fixed.
    pub fn x(&self, s: usize, d: usize, t: usize) -> Option<Variable> {
        self.x[self.idx(s, d) * self.types + t]
    }

    /// `x` as an expression: the variable, or the fixed value as a constant.
    pub fn assigned(&self, s: usize, d: usize, t: usize) -> Expression {
        match self.fixed[self.idx(s, d)] {
            Some(a) => Expression::from(if a == Some(t) { 1.0 } else { 0.0 }),
            None => self
                .x(s, d, t)
                .map(Expression::from)
                .unwrap_or_else(|| Expression::from(0.0)),
        }
    }

    /// 1 if staff `s` works on day `d`: the sum of its `x`, or a constant for a
    /// fixed cell. Days outside the horizon are days off (use [`Self::works_at`]).
    pub fn works(&self, s: usize, d: usize) -> Expression {
        match self.fixed[self.idx(s, d)] {
            Some(a) => Expression::from(if a.is_some() { 1.0 } else { 0.0 }),
            None => {
                let mut e = Expression::with_capacity(self.types);
                for t in 0..self.types {
                    if let Some(v) = self.x(s, d, t) {
                        e.add_mul(1.0, v);
                    }
                }
                e
            }
        }
    }

    /// [`Self::works`] for a day index that may lie outside the horizon (then 0).
    pub fn works_at(&self, s: usize, d: isize) -> Expression {
        if d < 0 || d as usize >= self.days {
            Expression::from(0.0)
        } else {
            self.works(s, d as usize)
        }
    }

    /// The fixed assignment of a cell, if the build fixed it.
    pub fn fixed(&self, s: usize, d: usize) -> Option<Option<usize>> {
        self.fixed[self.idx(s, d)]
    }

    /// Whether the cell has decision variables.
    pub fn is_free(&self, s: usize, d: usize) -> bool {
        self.fixed[self.idx(s, d)].is_none()
    }

    /// First and last day on which staff `s` has a free cell (`None`: fully fixed).
    pub fn scope(&self, s: usize) -> Option<(usize, usize)> {
        self.scope[s]
    }

    /// The staffing layer's view of this build ([`crate::staffing::Grid`]).
    pub(crate) fn grid<'a>(&'a self, p: &'a RosterProblem) -> RosterGrid<'a> {
        RosterGrid { p, v: self }
    }

    /// Number of staff, days and shift types.
    pub fn dims(&self) -> (usize, usize, usize) {
        (self.staff, self.days, self.types)
    }

    /// The roster of a solution.
    pub fn roster(&self, values: &Values) -> Roster {
        let mut r = Roster::empty(self.staff, self.days);
        for s in 0..self.staff {
            for d in 0..self.days {
                r.assign[s][d] = match self.fixed(s, d) {
                    Some(a) => a,
                    None => {
                        (0..self.types).find(|&t| self.x(s, d, t).is_some_and(|v| values.on(v)))
                    }
                };
            }
        }
        r
    }

    /// Sets a MIP start from `roster`: every variable this build created,
    /// auxiliary ones included, gets the value the roster implies.
    pub fn hint(&self, p: &RosterProblem, roster: &Roster, lp: &mut Lp) {
        let w = |s: usize, d: isize| -> f64 { if roster.works(s, d) { 1.0 } else { 0.0 } };
        for s in 0..self.staff {
            for d in 0..self.days {
                for t in 0..self.types {
                    if let Some(v) = self.x(s, d, t) {
                        let on = roster.assign[s][d] == Some(t);
                        lp.hint(v, if on { 1.0 } else { 0.0 });
                    }
                }
            }
        }
        let mut count = vec![0u32; p.cover.len()];
        for (c, cv) in p.cover.iter().enumerate() {
            count[c] = (0..self.staff)
                .filter(|&s| roster.assign[s][cv.day] == Some(cv.shift))
                .count() as u32;
        }
        for (v, aux) in &self.aux {
            let val = match aux {
                Aux::AnyWork { s, days } => {
                    if days.iter().any(|&d| w(*s, d as isize) > 0.5) {
                        1.0
                    } else {
                        0.0
                    }
                }
                Aux::Start { s, d } => (w(*s, *d as isize) - w(*s, *d as isize - 1)).max(0.0),
                Aux::Stop { s, d } => (w(*s, *d as isize - 1) - w(*s, *d as isize)).max(0.0),
                Aux::Under(c) => (p.cover[*c].requirement as f64 - count[*c] as f64).max(0.0),
                Aux::Over(c) => (count[*c] as f64 - p.cover[*c].requirement as f64).max(0.0),
            };
            lp.hint(*v, val);
        }
    }

    /// The run-start indicator of staff `s` on day `d` (1 ≤ d < days): works
    /// on `d` and not on `d - 1`. A constant when both cells are fixed.
    pub(crate) fn start(&mut self, lp: &mut Lp, s: usize, d: usize) -> Expression {
        self.transition(lp, s, d, true)
    }

    /// The off-run-start indicator: off on `d`, working on `d - 1`.
    pub(crate) fn stop(&mut self, lp: &mut Lp, s: usize, d: usize) -> Expression {
        self.transition(lp, s, d, false)
    }

    fn transition(&mut self, lp: &mut Lp, s: usize, d: usize, start: bool) -> Expression {
        debug_assert!(d >= 1 && d < self.days);
        if !self.is_free(s, d) && !self.is_free(s, d - 1) {
            let now = self.fixed(s, d).flatten().is_some();
            let before = self.fixed(s, d - 1).flatten().is_some();
            let on = if start {
                now && !before
            } else {
                before && !now
            };
            return Expression::from(if on { 1.0 } else { 0.0 });
        }
        let map = if start { &self.starts } else { &self.stops };
        if let Some(v) = map.get(&(s, d)) {
            return Expression::from(*v);
        }
        let v = lp.continuous(0.0, 1.0);
        // start >= w[d] - w[d-1]  (stop >= w[d-1] - w[d])
        let mut e = if start {
            self.works(s, d) - self.works(s, d - 1)
        } else {
            self.works(s, d - 1) - self.works(s, d)
        };
        e.add_mul(-1.0, v);
        let family = if start {
            &families::MIN_CONSECUTIVE
        } else {
            &families::MIN_DAYS_OFF
        };
        lp.constrain(family, e, Sense::Le, 0.0);
        if start {
            self.starts.insert((s, d), v);
            self.aux.push((v, Aux::Start { s, d }));
        } else {
            self.stops.insert((s, d), v);
            self.aux.push((v, Aux::Stop { s, d }));
        }
        Expression::from(v)
    }
}

/// The cells of a roster build as the shared staffing layer sees them:
/// shift types with their paid minutes per staff member.
pub(crate) struct RosterGrid<'a> {
    p: &'a RosterProblem,
    v: &'a RosterVars,
}

impl crate::staffing::Grid for RosterGrid<'_> {
    fn days(&self) -> usize {
        self.v.days
    }
    fn works(&self, s: usize, d: usize) -> Expression {
        self.v.works(s, d)
    }
    fn paid(&self, s: usize, d: usize) -> Expression {
        let mut e = Expression::from(0.0);
        for t in 0..self.v.types {
            let m = self.p.staff[s].minutes[t] as f64;
            if m != 0.0 {
                e.add_mul(m, self.v.assigned(s, d, t));
            }
        }
        e
    }
    fn choices(&self, s: usize, d: usize) -> usize {
        if !self.v.is_free(s, d) {
            return 0;
        }
        (0..self.v.types)
            .filter(|&t| self.v.x(s, d, t).is_some())
            .count()
    }
    fn longest(&self, s: usize, d: usize) -> f64 {
        let minutes = &self.p.staff[s].minutes;
        match self.v.fixed(s, d) {
            Some(a) => a.map_or(0.0, |t| minutes[t] as f64),
            None => (0..self.v.types)
                .filter(|&t| self.v.x(s, d, t).is_some())
                .map(|t| minutes[t] as f64)
                .fold(0.0, f64::max),
        }
    }
}

/// A partial model: cells with `free[s][d] == false` keep their assignment in
/// `incumbent`; rows over fixed cells only are left out.
pub(crate) struct Fixing<'a> {
    pub incumbent: &'a Roster,
    pub free: &'a [Vec<bool>],
}

impl RosterVars {
    /// The variables of a build, before any row: one 0/1 cell per staff
    /// member, day and allowed shift type (every type with `explain`),
    /// except on days `fixing` keeps.
    pub(crate) fn new(
        p: &RosterProblem,
        lp: &mut Lp,
        o: &BuildOptions,
        fixing: Option<Fixing<'_>>,
    ) -> RosterVars {
        let (ns, nd, nt) = (p.staff.len(), p.days, p.types());
        let allowed = p.allowed();
        let mut x = vec![None; ns * nd * nt];
        let mut fixed = vec![None; ns * nd];
        let mut scope = vec![None; ns];
        for s in 0..ns {
            for d in 0..nd {
                if let Some(f) = &fixing
                    && !f.free[s][d]
                {
                    fixed[s * nd + d] = Some(f.incumbent.assign[s][d]);
                    continue;
                }
                scope[s] = Some(match scope[s] {
                    None => (d, d),
                    Some((lo, _)) => (lo, d),
                });
                for t in 0..nt {
                    if o.explain || allowed[s][d][t] {
                        x[(s * nd + d) * nt + t] = Some(lp.binary());
                    }
                }
            }
        }
        RosterVars {
            staff: ns,
            days: nd,
            types: nt,
            x,
            fixed,
            scope,
            aux: Vec::new(),
            starts: HashMap::new(),
            stops: HashMap::new(),
        }
    }
}
