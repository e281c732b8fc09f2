//! The scenario as planners write it (TOML), after `extends` has been merged.
//! Every field is documented in `docs/scenario.md`; defaults are the domain
//! facts of docs/domain.md (Facts) and can be overridden in any scenario.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A scenario: one planning problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Short id, used in file names and comparison rows.
    pub name: String,
    pub title: String,
    pub period: Period,
    pub rules: Rules,
    pub weights: Weights,
    pub costs: Costs,
    pub calendar: CalendarConfig,
    pub travel: Travel,
    pub areas: Vec<Area>,
    pub offices: Vec<Office>,
    pub staff: Vec<Staff>,
    /// Absences kept as a table (e.g. imported from the HR system), each naming a staff member.
    pub absences: Vec<StaffAbsence>,
    /// Departments that meet citizens at the offices (model 3).
    pub departments: Vec<Department>,
    /// Rooms in the host premises.
    pub rooms: Vec<Room>,
    /// Departments' demand for meeting time.
    pub demand: Vec<Demand>,
    /// How rooms are shared when they are short.
    pub room_rules: RoomRules,
    /// Office location when offices are candidates.
    pub location: Location,
}

/// A department (nämnd/förvaltning) that meets citizens at the offices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// Area id the department's staff travel from.
    pub base: String,
    /// Meetings need the office open (a unit staff member present).
    #[serde(default = "yes")]
    pub needs_open_office: bool,
    /// Length of one citizen meeting, minutes (appointment slots).
    #[serde(default = "default_meeting")]
    pub meeting_minutes: u32,
    /// Buffer after each meeting, minutes.
    #[serde(default = "default_buffer")]
    pub buffer_minutes: u32,
    /// Weight in the sharing rule when rooms are short (higher is served first
    /// under `priority`; a larger share under `proportional`).
    #[serde(default = "one")]
    pub priority: f64,
}

fn yes() -> bool {
    true
}
fn one() -> f64 {
    1.0
}
fn default_meeting() -> u32 {
    45
}
fn default_buffer() -> u32 {
    15
}

/// A room in an office's host premises.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Room {
    pub id: String,
    pub office: String,
    #[serde(default)]
    pub name: String,
    /// Seats.
    #[serde(default = "default_capacity")]
    pub capacity: u32,
    /// Accessible for wheelchair users.
    #[serde(default)]
    pub accessible: bool,
    /// Weekly availability per weekday, "HH:MM-HH:MM" (the host's terms).
    #[serde(default)]
    pub available: BTreeMap<String, Window>,
    /// Dates the room is not available.
    #[serde(default)]
    pub unavailable: Vec<NaiveDate>,
}

fn default_capacity() -> u32 {
    4
}

/// A department's demand for meeting time at an office (or any office of an
/// area) in a month (or every month of the period).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Demand {
    /// Optional id: a child scenario's row with the same id replaces (or with
    /// `remove = true` drops) the inherited row; rows without id are added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub department: String,
    #[serde(default)]
    pub office: Option<String>,
    #[serde(default)]
    pub area: Option<String>,
    /// "YYYY-MM"; every month of the period when left out.
    #[serde(default)]
    pub month: Option<String>,
    /// Hours of meetings wanted; or give `meetings` (× the department's meeting + buffer).
    #[serde(default)]
    pub hours: Option<f64>,
    #[serde(default)]
    pub meetings: Option<u32>,
    /// Share of the hours wanted in evening openings (16–18).
    #[serde(default)]
    pub evening_share: f64,
}

/// How rooms are shared when they are short.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RoomRules {
    /// `proportional`: unmet demand is shared so that every department's unmet
    /// share (unmet / demand, divided by its priority) is as equal as possible;
    /// `priority`: unmet demand costs in proportion to priority, so higher
    /// priorities are served first.
    pub sharing: String,
    /// Booking granularity, minutes.
    pub block_minutes: u32,
    /// Penalty per unmet hour of demand (docs/domain.md, Models: after hard rules, with missing openings).
    pub unmet_hour: f64,
    /// Penalty per hour of evening demand met in the day instead.
    pub evening_shortfall_hour: f64,
    /// Penalty for the largest unmet share under `proportional` (per 1.0 share).
    pub fairness: f64,
    /// Penalty per hour above half a month's demand in one ISO week (spread).
    pub spread: f64,
}

impl Default for RoomRules {
    fn default() -> Self {
        RoomRules {
            sharing: "proportional".into(),
            block_minutes: 60,
            unmet_hour: 200.0,
            evening_shortfall_hour: 20.0,
            fairness: 500.0,
            spread: 10.0,
        }
    }
}

/// The planning period, inclusive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// Days of the period, both ends counted (not below 0 for an end
    /// before the start, which validation reports).
    pub fn days(&self) -> i64 {
        ((self.end - self.start).num_days() + 1).max(0)
    }
}

/// Staff needed per opening, by kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StaffPerOpening {
    pub day: u32,
    pub evening: u32,
}

impl Default for StaffPerOpening {
    fn default() -> Self {
        StaffPerOpening { day: 1, evening: 2 }
    }
}

/// Working-time and opening rules (ATL, AB and the programme), all overridable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// Evening openings (16–18) per office in every whole calendar month (programme: 2).
    pub min_evenings_per_month: u32,
    pub staff_per_opening: StaffPerOpening,
    /// Longest run of working days.
    pub max_consecutive_days: u32,
    /// Daily rest, hours per 24 h (ATL §13, AB §13: 11).
    pub daily_rest_hours: f64,
    /// Weekly rest, consecutive hours per 7-day period (ATL §14: 36).
    pub weekly_rest_hours: f64,
    /// Ordinary time, hours per week on average (ATL §5: 40).
    pub max_weekly_hours: f64,
    /// Weeks over which `max_weekly_hours` is averaged (ATL §5: up to 4).
    pub averaging_weeks: u32,
    /// Longest stretch of work without a break, hours (ATL §15: 5).
    pub max_hours_without_break: f64,
    /// Length of the break in a longer shift, minutes.
    pub break_minutes: u32,
    /// Length of the rotating base schedule in weeks (rullande schema); 0 = no cycle.
    pub cycle_weeks: u32,
    /// Full-time hours per week in the contract (FTE 1.0).
    pub full_time_hours: f64,
    /// Allowed share of contract hours by which office work may fall below
    /// the staff member's FTE share of the office work (soft band, see weights).
    pub workload_tolerance: f64,
    /// Allow an evening window outside 16–18 (the programme says 16–18).
    pub allow_evening_outside_16_18: bool,
    /// Notice for schedule changes, days (ATL §12: 14). Reported, not modelled.
    pub change_notice_days: u32,
}

/// The average length of a month in days (365.25 / 12).
pub const AVERAGE_MONTH_DAYS: f64 = 365.25 / 12.0;

impl Rules {
    /// The evening rule, the one formula for it: the evening openings an
    /// office needs in `days` days of a calendar month of `month_days`
    /// days, `min_evenings_per_month` prorated and rounded down (a whole
    /// month needs exactly `min_evenings_per_month`).
    pub fn evenings_needed(&self, days: i64, month_days: i64) -> u32 {
        (self.min_evenings_per_month as i64 * days / month_days.max(1)) as u32
    }

    /// The evenings a base schedule of `weeks` ordinary weeks holds: the
    /// same rule at the average month's rate, rounded up, so that rolled
    /// out it meets every whole month's need.
    pub fn evenings_per_cycle(&self, weeks: u32) -> u32 {
        (self.min_evenings_per_month as f64 * 7.0 * weeks as f64 / AVERAGE_MONTH_DAYS).ceil() as u32
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            min_evenings_per_month: 2,
            staff_per_opening: StaffPerOpening::default(),
            max_consecutive_days: 5,
            daily_rest_hours: 11.0,
            weekly_rest_hours: 36.0,
            max_weekly_hours: 40.0,
            averaging_weeks: 4,
            max_hours_without_break: 5.0,
            break_minutes: 30,
            cycle_weeks: 4,
            full_time_hours: 40.0,
            workload_tolerance: 0.10,
            allow_evening_outside_16_18: false,
            change_notice_days: 14,
        }
    }
}

/// Objective weights: hard rules are never weighed; these order the soft goals
/// (docs/domain.md, Models: missing openings, then cost, then fairness and preferences).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// Per configured day opening that is not held.
    pub missing_opening: f64,
    /// Per extra evening opening of one office in one ISO week.
    pub evening_spread: f64,
    /// Per staffed minute (travel included): a proxy for the cost of time.
    pub staff_minute: f64,
    /// Per krona of mileage.
    pub mileage_sek: f64,
    /// Per shift that departs from the rotating base schedule.
    pub cycle_exception: f64,
    /// Per hour of office work outside a staff member's fair share band.
    pub workload_balance: f64,
    /// Per evening above or below a staff member's FTE share of evenings.
    pub evening_fairness: f64,
    /// Per shift against a staff preference.
    pub preference: f64,
    /// Per SEK of projected cost over the yearly budget (`costs.budget_mode = "soft"`).
    pub budget_deficit_sek: f64,
    /// Re-plan: per published opening cancelled, or opening added.
    pub change_opening: f64,
    /// Re-plan: per published shift removed, or shift added (a move is both).
    pub change_shift: f64,
    /// Re-plan: per published shift kept with other times.
    pub change_times: f64,
    /// Re-plan: per booked room block removed or added.
    pub change_booking: f64,
    /// Re-plan: added to each change of an opening or shift within
    /// `rules.change_notice_days` of `--from`.
    pub change_in_notice: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            missing_opening: 1000.0,
            evening_spread: 50.0,
            staff_minute: 0.05,
            mileage_sek: 0.1,
            cycle_exception: 2.0,
            workload_balance: 1.0,
            evening_fairness: 5.0,
            preference: 3.0,
            budget_deficit_sek: 1.0,
            change_opening: 400.0,
            change_shift: 100.0,
            change_times: 20.0,
            change_booking: 5.0,
            change_in_notice: 10_000.0,
        }
    }
}

/// Cost parameters (docs/domain.md, Facts), per year where they change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Costs {
    /// Monthly salary for a full-time post in `salary_year`, SEK.
    pub monthly_salary: f64,
    /// The year `monthly_salary` refers to.
    pub salary_year: i32,
    /// Pay revision per year, e.g. {"2023" = 0.041}.
    pub pay_revision: BTreeMap<String, f64>,
    /// Employer on-costs (PO-pålägg) per year, e.g. {"2023" = 0.4453}.
    pub on_costs: BTreeMap<String, f64>,
    /// Mileage for own car on duty, SEK per km.
    pub mileage_sek_per_km: f64,
    /// Evening (OB) supplement, SEK per hour worked after `ob_from`.
    pub ob_sek_per_hour: f64,
    /// Start of the weekday unsocial-hours window, "HH:MM".
    pub ob_from: String,
    /// Yearly budget per category, SEK.
    pub budget: Budget,
    /// Other costs per year (citizen computers, equipment, marketing), SEK.
    pub other_per_year: f64,
    /// The unit starts on this date (programme: 1 July 2022); the first
    /// year's costs and budget count from here.
    pub programme_start: NaiveDate,
    /// Last year of the programme (2025).
    pub programme_end_year: i32,
    /// How the yearly budget limits enter the solve: `hard` (the plan's
    /// projected cost stays within the budget in every programme year and
    /// category; family `budget`) or `soft` (an overrun is allowed at
    /// `weights.budget_deficit_sek` per SEK and reported; family `budget_deficit`).
    pub budget_mode: String,
}

impl Default for Costs {
    fn default() -> Self {
        let years = |pairs: &[(&str, f64)]| {
            pairs
                .iter()
                .map(|(y, v)| (y.to_string(), *v))
                .collect::<BTreeMap<_, _>>()
        };
        Costs {
            monthly_salary: 33_000.0,
            salary_year: 2022,
            pay_revision: years(&[("2023", 0.041), ("2024", 0.033), ("2025", 0.034)]),
            on_costs: years(&[
                ("2022", 0.3925),
                ("2023", 0.4453),
                ("2024", 0.4453),
                ("2025", 0.4453),
            ]),
            mileage_sek_per_km: 2.5,
            ob_sek_per_hour: 0.0,
            ob_from: "19:00".into(),
            budget: Budget::default(),
            other_per_year: 0.0,
            programme_start: NaiveDate::from_ymd_opt(2022, 7, 1).expect("valid date"),
            programme_end_year: 2025,
            budget_mode: "hard".into(),
        }
    }
}

/// Yearly budget per category (programme: 2.0 / 0.5 / 0.5 mnkr).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Budget {
    pub staff: f64,
    pub premises: f64,
    pub other: f64,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            staff: 2_000_000.0,
            premises: 500_000.0,
            other: 500_000.0,
        }
    }
}

/// Calendar settings: the Swedish holidays are computed; these add to them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarConfig {
    /// Extra closed days for every office (e.g. a klämdag).
    pub extra_closed: Vec<NaiveDate>,
    /// Plan on Swedish public holidays and closed eves anyway (default false).
    pub open_on_holidays: bool,
}

/// How travel is derived from coordinates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Travel {
    /// Road distance ≈ factor × great-circle distance (docs/domain.md, Facts: 1.3).
    pub road_factor: f64,
    /// Average speed on the road, km/h.
    pub speed_kmh: f64,
    /// Travel minutes are rounded up to this step.
    pub round_minutes: u32,
    /// Optional `from,to,km` CSV of road distances between areas and offices
    /// (ids), relative to the scenario file that names it. A pair it gives
    /// replaces the coordinate estimate; pairs it leaves out keep it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distances: Option<String>,
    /// The pairs read from `distances` (filled by the loader).
    #[serde(skip)]
    pub pairs: crate::geo::Pairs,
}

impl Default for Travel {
    fn default() -> Self {
        Travel {
            road_factor: 1.3,
            speed_kmh: 60.0,
            round_minutes: 5,
            distances: None,
            pairs: Default::default(),
        }
    }
}

/// A locality with its population (for coverage and location).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub population: u32,
    pub lat: f64,
    pub lon: f64,
    /// True for the central city (not an outer area).
    #[serde(default)]
    pub central: bool,
}

/// Opening hours for one weekday, "HH:MM-HH:MM".
pub type Window = String;

/// A service office in existing municipal premises.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// The host premises, e.g. "Valbo bibliotek".
    #[serde(default)]
    pub premises: String,
    /// Area id.
    pub area: String,
    pub lat: f64,
    pub lon: f64,
    /// Road km from the staff's home base, overriding the coordinate estimate.
    #[serde(default)]
    pub road_km: Option<f64>,
    /// Day opening windows per weekday: {tue = "10:00-15:00"}.
    #[serde(default)]
    pub hours: BTreeMap<String, Window>,
    /// Open days per ISO week: at least / at most (default: every configured day).
    #[serde(default)]
    pub min_days_per_week: Option<u32>,
    #[serde(default)]
    pub max_days_per_week: Option<u32>,
    /// Weekdays on which an evening opening may be placed.
    #[serde(default = "default_evening_days")]
    pub evening_days: Vec<String>,
    /// The evening window (programme: 16:00-18:00).
    #[serde(default = "default_evening")]
    pub evening: Window,
    /// Dates the host premises are unavailable.
    #[serde(default)]
    pub unavailable: Vec<NaiveDate>,
    /// Skills at least one staff member at each opening must have.
    #[serde(default)]
    pub required_skills: Vec<String>,
    /// Yearly premises cost, SEK (rent share in the host building).
    #[serde(default)]
    pub premises_cost_per_year: f64,
    /// Premises cost per opening hour, SEK, when the premises agreement
    /// charges by use (on top of, or instead of, the yearly cost).
    #[serde(default)]
    pub premises_cost_per_hour: f64,
    /// Set by a scenario that closes this office (kept for comparison).
    #[serde(default)]
    pub closed: bool,
    /// A candidate the plan may open or leave closed (model 4, office location).
    #[serde(default)]
    pub candidate: bool,
}

/// Office location (model 4) when some offices are candidates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Location {
    /// Least and most offices open (candidates and fixed ones together).
    pub min_offices: Option<u32>,
    pub max_offices: Option<u32>,
    /// An area is reached when an open office is within this many road km.
    pub radius_km: f64,
    /// Penalty per inhabitant of an outer area not reached.
    pub unreached_inhabitant: f64,
    /// Penalty per SEK of yearly premises cost.
    pub premises_sek: f64,
    /// The yearly premises cost of the open offices stays within the premises budget.
    pub enforce_premises_budget: bool,
}

impl Default for Location {
    fn default() -> Self {
        Location {
            min_offices: None,
            max_offices: None,
            radius_km: 10.0,
            unreached_inhabitant: 1.0,
            premises_sek: 0.001,
            enforce_premises_budget: true,
        }
    }
}

pub fn default_evening_days() -> Vec<String> {
    vec!["mon".into(), "tue".into(), "wed".into(), "thu".into()]
}

pub fn default_evening() -> Window {
    "16:00-18:00".into()
}

/// An absence (semester, course, sick leave known in advance).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Absence {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(default)]
    pub reason: String,
}

/// An absence in the top-level `[[absences]]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffAbsence {
    /// Staff id.
    pub staff: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(default)]
    pub reason: String,
}

impl Scenario {
    /// Road km between an area and an office: the `travel.distances` file's
    /// value for the pair when it gives one, else great-circle × road factor.
    pub fn road_km(&self, area: &Area, office: &Office) -> f64 {
        self.travel
            .pairs
            .get(&area.id, &office.id)
            .unwrap_or_else(|| {
                crate::geo::great_circle_km(
                    crate::geo::LatLon::new(area.lat, area.lon),
                    crate::geo::LatLon::new(office.lat, office.lon),
                ) * self.travel.road_factor
            })
    }

    /// Every absence of staff member `x`: their own list and the table's rows naming them.
    pub fn absences_of(&self, x: usize) -> impl Iterator<Item = (NaiveDate, NaiveDate)> + '_ {
        let id = &self.staff[x].id;
        self.staff[x].absences.iter().map(|a| (a.from, a.to)).chain(
            self.absences
                .iter()
                .filter(move |a| &a.staff == id)
                .map(|a| (a.from, a.to)),
        )
    }

    /// True when staff member `x` is absent on `date`.
    pub fn is_absent(&self, x: usize, date: NaiveDate) -> bool {
        self.absences_of(x).any(|(a, b)| a <= date && date <= b)
    }
}

/// Soft wishes of a staff member.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Preferences {
    /// Weekdays the staff member would rather not work at an office.
    pub avoid_weekdays: Vec<String>,
    /// Offices the staff member would rather not staff.
    pub avoid_offices: Vec<String>,
    /// Would rather not work evenings.
    pub avoid_evenings: bool,
}

/// A member of the unit's staff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// Employment rate, in (0, 1].
    pub fte: f64,
    /// Home base: an area id (travel starts and ends there).
    pub home: String,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub absences: Vec<Absence>,
    #[serde(default)]
    pub preferences: Preferences,
}
