//! Checks of a municipal plan (models 1–5) against the scenario: one small
//! function per hard family, listed in [`CHECKS`]. Every check reads the
//! scenario and the plan's files through a [`Ctx`], never the solver.

mod budget;
mod ctx;
mod edges;
mod hours;
mod office_choice;
mod openings;
pub mod replan;
mod rest;
mod rooms;
mod shifts;
mod staffing;

use std::path::Path;

use anyhow::{Context, Result};

pub use ctx::Ctx;

use super::Violation;
use crate::cost::CostRow;
use crate::family::Family;
use crate::location::families::{SITE_BUDGET, SITE_COUNT};
use crate::model::families::{
    BREAKS, BUDGET, DAILY_REST, DAY_OPENING, EVENING_MINIMUM, REPLAN_FREEZE, ROOM_DEMAND,
    ROOM_SINGLE_BOOKING, SKILLS, STAFFING, WEEKLY_REST,
};
use crate::plan::changes::ChangeRow;
use crate::plan::{BookingRow, DemandRow, OpeningRow, ShiftRow};
use crate::report::{
    BOOKINGS_HEADER, CHANGES_HEADER, COSTS_HEADER, DEMAND_HEADER, OPENINGS_HEADER, SHIFTS_HEADER,
    csv_io,
};
use crate::scenario::Scenario;
use crate::staffing::{
    MAX_CONSECUTIVE, MINUTE_WINDOWS, ONE_SHIFT_PER_DAY, TOTAL_MINUTES, UNAVAILABLE,
};

/// The verifier's findings.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub violations: Vec<Violation>,
    pub openings: usize,
    pub shifts: usize,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.violations.is_empty()
    }
    pub(crate) fn add(&mut self, family: &'static Family, message: String) {
        self.violations.push(Violation { family, message });
    }
}

/// One check: the families whose rule it re-checks (and whose violations
/// it reports), and the function that does it.
pub struct Check {
    pub families: &'static [&'static Family],
    pub check: fn(&Ctx, &mut Report),
}

/// Every check of a municipal plan, in the order they run. A test holds
/// each hard family of [`crate::model::rules::all`] to a check here.
pub static CHECKS: &[Check] = &[
    Check {
        families: &[&DAY_OPENING, &EVENING_MINIMUM],
        check: openings::rows,
    },
    Check {
        families: &[&DAY_OPENING],
        check: openings::days_per_week,
    },
    Check {
        families: &[&EVENING_MINIMUM],
        check: openings::evenings_per_month,
    },
    Check {
        families: &[&STAFFING],
        check: staffing::staffing,
    },
    Check {
        families: &[&SKILLS],
        check: staffing::skills,
    },
    Check {
        families: &[&UNAVAILABLE],
        check: shifts::unavailable,
    },
    Check {
        families: &[&ONE_SHIFT_PER_DAY],
        check: shifts::one_shift_per_day,
    },
    Check {
        families: &[&BREAKS],
        check: shifts::breaks,
    },
    Check {
        families: &[&DAILY_REST],
        check: rest::daily_rest,
    },
    Check {
        families: &[&WEEKLY_REST],
        check: rest::weekly_rest,
    },
    Check {
        families: &[&MAX_CONSECUTIVE],
        check: rest::max_consecutive,
    },
    Check {
        families: &[&MINUTE_WINDOWS],
        check: hours::minute_windows,
    },
    Check {
        families: &[&TOTAL_MINUTES],
        check: hours::total_minutes,
    },
    Check {
        families: &[&SITE_COUNT],
        check: office_choice::site_count,
    },
    Check {
        families: &[&SITE_BUDGET],
        check: office_choice::site_budget,
    },
    Check {
        families: &[&ROOM_SINGLE_BOOKING, &ROOM_DEMAND],
        check: rooms,
    },
    Check {
        families: &[&BUDGET],
        check: budget,
    },
    Check {
        families: &[&REPLAN_FREEZE],
        check: replan::frozen,
    },
    Check {
        families: &[&REPLAN_FREEZE],
        check: replan::listed,
    },
];

/// `room_single_booking` (and the demand table, `room_demand`): when the
/// plan has rooms to check, [`rooms`].
fn rooms(c: &Ctx, r: &mut Report) {
    if let Some((bookings, demand)) = c.rooms {
        rooms::check(c.s, c.openings, bookings, demand, r);
    }
}

/// `budget`: when the plan has a `costs.csv`, [`budget`].
fn budget(c: &Ctx, r: &mut Report) {
    if let Some(costs) = c.costs {
        budget::check(c.s, c.openings, c.shifts, costs, r);
    }
}

/// Runs every check of [`CHECKS`].
pub fn run(c: &Ctx) -> Report {
    let mut r = Report {
        openings: c.openings.len(),
        shifts: c.shifts.len(),
        ..Default::default()
    };
    for check in CHECKS {
        (check.check)(c, &mut r);
    }
    r
}

/// Verifies a plan's openings and shifts against every hard rule (no rooms,
/// no costs: those need their files, see [`verify_dir`]).
pub fn verify(s: &Scenario, openings: &[OpeningRow], shifts: &[ShiftRow]) -> Report {
    run(&Ctx::new(s, openings, shifts, None, None))
}

/// Reads a plan folder and verifies it: `openings.csv` and `shifts.csv`;
/// `bookings.csv` and `demand.csv` when the scenario has demand or the
/// folder has bookings; `costs.csv` when present.
pub fn verify_dir(s: &Scenario, dir: &Path) -> Result<Report> {
    verify_dir_with(s, dir, None)
}

/// [`verify_dir`] for a re-plan folder, also against the plan it replaces
/// (`published`: its openings, shifts and bookings): the part before the
/// re-plan's `from` (in its `summary.json`) identical, and every change in
/// its `changes.csv` (family `replan_freeze`).
pub fn verify_replan_dir(
    s: &Scenario,
    dir: &Path,
    published: (&[OpeningRow], &[ShiftRow], &[BookingRow]),
) -> Result<Report> {
    let summary_path = dir.join("summary.json");
    let text = crate::input::read_text(&summary_path)?;
    let summary: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{}: not valid JSON", summary_path.display()))?;
    let from = summary["replan"]["from"]
        .as_str()
        .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
        .with_context(|| {
            format!(
                "{}: replan.from is missing: the folder is not a re-plan",
                summary_path.display()
            )
        })?;
    let changes: Vec<ChangeRow> = csv_io::read(&dir.join("changes.csv"), CHANGES_HEADER)?;
    verify_dir_with(
        s,
        dir,
        Some((from, published.0, published.1, published.2, &changes)),
    )
}

type Against<'a> = (
    chrono::NaiveDate,
    &'a [OpeningRow],
    &'a [ShiftRow],
    &'a [BookingRow],
    &'a [ChangeRow],
);

fn verify_dir_with(s: &Scenario, dir: &Path, against: Option<Against>) -> Result<Report> {
    let openings: Vec<OpeningRow> = csv_io::read(&dir.join("openings.csv"), OPENINGS_HEADER)?;
    let shifts: Vec<ShiftRow> = csv_io::read(&dir.join("shifts.csv"), SHIFTS_HEADER)?;
    let (bookings_file, demand_file) = (dir.join("bookings.csv"), dir.join("demand.csv"));
    let rooms = if !s.demand.is_empty() || bookings_file.exists() {
        let bookings: Vec<BookingRow> = if bookings_file.exists() {
            csv_io::read(&bookings_file, BOOKINGS_HEADER)?
        } else {
            Vec::new()
        };
        let demand: Vec<DemandRow> = if demand_file.exists() {
            csv_io::read(&demand_file, DEMAND_HEADER)?
        } else {
            Vec::new()
        };
        Some((bookings, demand))
    } else {
        None
    };
    let costs_file = dir.join("costs.csv");
    let costs: Option<Vec<CostRow>> = if costs_file.exists() {
        Some(csv_io::read(&costs_file, &COSTS_HEADER[..4])?)
    } else {
        None
    };
    let rooms = rooms.as_ref().map(|(b, d)| (b.as_slice(), d.as_slice()));
    let mut ctx = Ctx::new(s, &openings, &shifts, rooms, costs.as_deref());
    ctx.replan = against.map(
        |(from, openings, shifts, bookings, changes)| replan::Replanned {
            from,
            openings,
            shifts,
            bookings,
            changes,
        },
    );
    Ok(run(&ctx))
}
