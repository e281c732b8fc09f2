//! Report writers: the plan's files and the reports people read, written
//! into a plan folder being filled (whole or not at all, see
//! [`crate::output`]).

pub mod all;
pub mod csv_io;
pub mod folder;
pub mod followup;
pub(crate) mod html;
mod ics;
pub mod lang;
pub mod names;
pub(crate) mod svg;
pub mod verdict;
pub(crate) mod xlsx;

pub use crate::plan::BookingRow;
pub use all::write_reports;
pub use folder::PlanFolder;
pub use html::status_label;
pub use lang::Lang;
pub use names::Names;

use std::path::Path;

use anyhow::Result;

use crate::plan::Plan;

/// Headers of the contract files (docs/domain.md, Output contract), written even when a table is empty.
pub const OPENINGS_HEADER: &[&str] = &["date", "office", "start", "end", "kind"];
pub const SHIFTS_HEADER: &[&str] = &[
    "date",
    "office",
    "staff",
    "start",
    "end",
    "kind",
    "travel_minutes",
    "break_start",
    "break_end",
];
pub const BASE_HEADER: &[&str] = &["cycle_week", "weekday", "staff", "office", "shift"];
pub const BOOKINGS_HEADER: &[&str] = &[
    "date",
    "office",
    "room",
    "department",
    "start",
    "end",
    "target",
];
pub const DEMAND_HEADER: &[&str] = &[
    "department",
    "target",
    "month",
    "demand_hours",
    "booked_hours",
    "unmet_hours",
    "evening_hours",
];
pub const COSTS_HEADER: &[&str] = &[
    "year",
    "category",
    "planned_sek",
    "budget_sek",
    "deficit_sek",
];
pub const CHANGES_HEADER: &[&str] = &["date", "office", "staff", "what", "before", "after"];
pub const SEQUENCES_HEADER: &[&str] = &["uid", "sequence"];
pub const STAFF_HOURS_HEADER: &[&str] = &[
    "staff",
    "name",
    "fte",
    "contract_hours",
    "office_hours",
    "travel_hours",
    "base_hours",
    "working_days",
    "evenings",
    "mileage_km",
    "office_share_pct",
];

/// Writes the plan's files into `dir` (a folder being filled; see
/// [`crate::output::OutDir`]), each table with the `names` of its ids
/// appended as columns (`office_name`, ...).
pub fn write_plan_files(dir: &Path, plan: &Plan, names: &Names) -> Result<()> {
    let n = names;
    csv_io::write_named(
        &dir.join("openings.csv"),
        OPENINGS_HEADER,
        &plan.openings,
        n,
    )?;
    csv_io::write_named(&dir.join("shifts.csv"), SHIFTS_HEADER, &plan.shifts, n)?;
    csv_io::write_named(&dir.join("base_schedule.csv"), BASE_HEADER, &plan.base, n)?;
    csv_io::write(
        &dir.join("staff_hours.csv"),
        STAFF_HOURS_HEADER,
        &plan.staff_hours,
    )?;
    csv_io::write(&dir.join("costs.csv"), COSTS_HEADER, &plan.summary.costs)?;
    csv_io::write_named(
        &dir.join("bookings.csv"),
        BOOKINGS_HEADER,
        &plan.bookings,
        n,
    )?;
    csv_io::write_named(&dir.join("demand.csv"), DEMAND_HEADER, &plan.demand, n)?;
    csv_io::write_named(&dir.join("slots.csv"), BOOKINGS_HEADER, &plan.slots, n)?;
    if let Some(r) = &plan.replan {
        csv_io::write_named(&dir.join("changes.csv"), CHANGES_HEADER, &r.changes, n)?;
        csv_io::write(&dir.join("sequences.csv"), SEQUENCES_HEADER, &r.sequences)?;
    }
    let json = serde_json::to_string_pretty(&plan.summary)? + "\n";
    std::fs::write(dir.join("summary.json"), json)?;
    Ok(())
}
