//! The municipal model (models 1 and 2 of docs/domain.md, Models): the opening calendar and
//! the staff rotation as one mixed-integer program.
//!
//! Variables (see `models/municipal.md` for the mathematics):
//! - `open[o,d]`: office o holds its day opening on date d;
//! - `evening[o,d]`: office o is open 16–18 on date d;
//! - `x[s,d,o,part]`: staff member s works at office o on date d, the day
//!   opening, the evening, or both (`Part`). A *cell* is one such variable
//!   with its working times, paid minutes and mileage.
//!
//! Every constraint family is listed in [`families`] with the build step
//! that adds it, each step in its own file; the rules about one staff
//! member's days come from the shared staffing layer ([`crate::staffing`]).

pub mod families;
pub mod rules;

pub mod budget;
mod consecutive;
pub mod cycle;
pub mod edges;
mod evenings;
pub(crate) mod fairness;
mod hours;
pub mod location;
mod objective;
mod opening;
mod preferences;
pub mod replan;
mod rest;
pub mod rooms;
mod shifts;
mod staffing;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use good_lp::{Expression, Variable};

use crate::scenario::Scenario;
use crate::scenario::facts::Facts;
use crate::solve::Lp;

pub use cycle::{Cycle, Slot, cycle_week, majority_pattern};
pub use hours::averaging_windows;
pub use rules::{RULES, family};
pub use shifts::{Cell, Part};

/// The cells as the shared staffing layer sees them ([`crate::staffing::Grid`]):
/// a view of the cells alone, so that a rule can add rows to the program
/// while it reads them.
pub struct StaffGrid<'m> {
    pub cells: &'m [Cell],
    pub by_staff_day: &'m [Vec<Vec<usize>>],
}

impl crate::staffing::Grid for StaffGrid<'_> {
    fn days(&self) -> usize {
        self.by_staff_day.first().map_or(0, Vec::len)
    }
    fn works(&self, s: usize, d: usize) -> Expression {
        self.by_staff_day[s][d]
            .iter()
            .map(|&i| self.cells[i].var)
            .sum()
    }
    fn paid(&self, s: usize, d: usize) -> Expression {
        self.by_staff_day[s][d]
            .iter()
            .map(|&i| self.cells[i].paid as f64 * self.cells[i].var)
            .sum()
    }
    fn choices(&self, s: usize, d: usize) -> usize {
        self.by_staff_day[s][d].len()
    }
    fn longest(&self, s: usize, d: usize) -> f64 {
        self.by_staff_day[s][d]
            .iter()
            .map(|&i| self.cells[i].paid)
            .max()
            .unwrap_or(0) as f64
    }
}

/// The built program with the handles needed to read a solution back.
pub struct Model<'a> {
    pub scenario: &'a Scenario,
    pub facts: &'a Facts,
    pub lp: Lp,
    pub cells: Vec<Cell>,
    /// `[staff][day index]` → indices into `cells`.
    pub by_staff_day: Vec<Vec<Vec<usize>>>,
    /// `(office, day index)` → day-opening variable.
    pub open: BTreeMap<(usize, usize), Variable>,
    /// `(office, day index)` → evening-opening variable.
    pub evening: BTreeMap<(usize, usize), Variable>,
    /// Missing day openings: `(office, ISO-week Monday)` → shortfall variable.
    pub missing: BTreeMap<(usize, NaiveDate), Variable>,
    /// Base schedule as variables (`Cycle::Joint`): slot → variable.
    pub pattern: BTreeMap<cycle::Slot, Variable>,
    /// How the base schedule entered the model.
    pub cycle: Cycle,
    /// Per staff member: paid minutes over the period (defined in `hours`).
    pub minutes: Vec<Variable>,
    /// Per staff member: evening shifts over the period (defined in `hours`).
    pub evenings: Vec<Variable>,
    /// Department room bookings (model 3).
    pub rooms: rooms::Rooms,
    /// Candidate offices: office → "is open" variable (model 4).
    pub office_open: BTreeMap<usize, Variable>,
    /// Whether the yearly budget limits are part of this model.
    pub with_budget: bool,
}

impl<'a> Model<'a> {
    /// Builds the program for a scenario: every family in [`FAMILIES`].
    pub fn build(scenario: &'a Scenario, facts: &'a Facts, cycle: Cycle) -> Model<'a> {
        Model::build_with(scenario, facts, cycle, true)
    }

    /// [`Model::build`], with the yearly budget limits (`budget` or
    /// `budget_deficit`) only when `budget` is set: the staged planner first
    /// plans without them and adds them only when that plan breaks them.
    pub fn build_with(
        scenario: &'a Scenario,
        facts: &'a Facts,
        cycle: Cycle,
        budget: bool,
    ) -> Model<'a> {
        let mut m = Model::empty(scenario, facts, cycle, budget);
        for rule in RULES {
            (rule.add)(&mut m);
        }
        objective::add(&mut m);
        m
    }

    /// A model with no variables or rows yet, for the steps of [`RULES`].
    pub(crate) fn empty(
        scenario: &'a Scenario,
        facts: &'a Facts,
        cycle: Cycle,
        budget: bool,
    ) -> Model<'a> {
        Model {
            scenario,
            facts,
            lp: Lp::new(),
            cells: Vec::new(),
            by_staff_day: Vec::new(),
            open: BTreeMap::new(),
            evening: BTreeMap::new(),
            missing: BTreeMap::new(),
            pattern: BTreeMap::new(),
            cycle,
            minutes: Vec::new(),
            evenings: Vec::new(),
            rooms: rooms::Rooms::default(),
            office_open: BTreeMap::new(),
            with_budget: budget,
        }
    }

    /// Cells of staff member `s` on day `d`.
    pub fn cells_of(&self, s: usize, d: usize) -> impl Iterator<Item = &Cell> {
        self.by_staff_day[s][d].iter().map(|&i| &self.cells[i])
    }

    /// `Σ x` over the cells of staff member `s` on day `d`: 1 when s works that day.
    pub fn works(&self, s: usize, d: usize) -> Expression {
        self.cells_of(s, d).map(|c| c.var).sum()
    }

    /// The base schedule of a solution: the variables' (joint) or the given one.
    pub fn base_schedule(&self, values: &crate::solve::Values) -> std::collections::BTreeSet<Slot> {
        match &self.cycle {
            Cycle::Off => Default::default(),
            Cycle::Fixed(p) => p.clone(),
            Cycle::Joint => self
                .pattern
                .iter()
                .filter(|(_, v)| values.on(**v))
                .map(|(k, _)| *k)
                .collect(),
        }
    }

    /// Fixes cell `i` on or off (family `fixing`, used by staged solves).
    pub fn fix(&mut self, i: usize, on: bool) {
        let v = self.cells[i].var;
        self.lp.eq(&families::FIXING, v, if on { 1.0 } else { 0.0 });
    }

    /// The staffing layer's view of the cells.
    pub fn grid(&self) -> StaffGrid<'_> {
        StaffGrid {
            cells: &self.cells,
            by_staff_day: &self.by_staff_day,
        }
    }

    /// Date of day index `d`.
    pub fn date(&self, d: usize) -> NaiveDate {
        self.facts.dates[d]
    }
}
