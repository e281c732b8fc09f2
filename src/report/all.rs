//! The readable reports of a plan folder (docs/domain.md, Users: "readable without the
//! tool"): `report.html`, `plan.xlsx` and `calendars/*.ics`, made from the
//! folder's files alone (never from solver state), so that a folder written
//! yesterday or checked by hand gives the same reports.
//!
//! Everything is deterministic: the same folder, scenario and language give
//! byte-identical files. The only dates in them come from the data (the
//! calendars' DTSTAMP is the plan period's start).

use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::lang::Lang;
use super::{
    BASE_HEADER, COSTS_HEADER, OPENINGS_HEADER, SHIFTS_HEADER, STAFF_HOURS_HEADER, csv_io,
};
use crate::cost::CostRow;
use crate::output::write_file;
use crate::plan::{BaseRow, OpeningRow, ShiftRow, StaffHoursRow};
use crate::scenario::Scenario;

/// Header of the optional `bookings.csv` (docs/domain.md, Output contract).
pub const BOOKINGS_HEADER: &[&str] = &["date", "office", "room", "department", "start", "end"];

/// One row of `bookings.csv`: a department's room booking.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BookingRow {
    pub date: NaiveDate,
    pub office: String,
    pub room: String,
    pub department: String,
    pub start: String,
    pub end: String,
}

/// A plan folder read back from its files.
#[derive(Debug, Clone)]
pub struct PlanFolder {
    /// `summary.json` as written (read as JSON so that added fields never break reports).
    pub summary: serde_json::Value,
    pub period: (NaiveDate, NaiveDate),
    pub openings: Vec<OpeningRow>,
    pub shifts: Vec<ShiftRow>,
    pub base: Vec<BaseRow>,
    pub staff_hours: Vec<StaffHoursRow>,
    pub costs: Vec<CostRow>,
    /// `bookings.csv` when the folder has one.
    pub bookings: Option<Vec<BookingRow>>,
}

impl PlanFolder {
    /// Reads the contract files of a plan folder; errors name the file and line.
    pub fn read(dir: &Path) -> Result<PlanFolder> {
        let summary_path = dir.join("summary.json");
        let text = std::fs::read_to_string(&summary_path)
            .with_context(|| format!("cannot read {}", summary_path.display()))?;
        let summary: serde_json::Value = serde_json::from_str(&text)
            .with_context(|| format!("{}: not valid JSON", summary_path.display()))?;
        let date = |key: &str| -> Result<NaiveDate> {
            let v = summary["period"][key]
                .as_str()
                .with_context(|| format!("{}: period.{key} is missing", summary_path.display()))?;
            NaiveDate::parse_from_str(v, "%Y-%m-%d").with_context(|| {
                format!(
                    "{}: period.{key} `{v}` is not a date",
                    summary_path.display()
                )
            })
        };
        let period = (date("start")?, date("end")?);
        if period.1 < period.0 {
            bail!(
                "{}: the period ends before it starts",
                summary_path.display()
            );
        }
        let bookings_path = dir.join("bookings.csv");
        let bookings = if bookings_path.exists() {
            Some(csv_io::read(&bookings_path, BOOKINGS_HEADER)?)
        } else {
            None
        };
        Ok(PlanFolder {
            summary,
            period,
            openings: csv_io::read(&dir.join("openings.csv"), OPENINGS_HEADER)?,
            shifts: csv_io::read(&dir.join("shifts.csv"), SHIFTS_HEADER)?,
            base: csv_io::read(&dir.join("base_schedule.csv"), BASE_HEADER)?,
            staff_hours: csv_io::read(&dir.join("staff_hours.csv"), STAFF_HOURS_HEADER)?,
            // `deficit_sek` is optional: a folder written before it still reads
            costs: csv_io::read(&dir.join("costs.csv"), &COSTS_HEADER[..4])?,
            bookings,
        })
    }
}

/// Writes `report.html`, `plan.xlsx` and `calendars/` (one `staff-<id>.ics`
/// per staff member, one `office-<id>.ics` per office, names made safe by
/// [`crate::output::unique_file_names`]) into the plan folder `dir` being
/// filled, reading only the folder's files. Every report is made in memory
/// first.
pub fn write_reports(dir: &Path, scenario: &Scenario, lang: Lang) -> Result<()> {
    let folder = PlanFolder::read(dir)?;
    let html = super::html::render(&folder, scenario, lang)?;
    let xlsx = super::xlsx::workbook(dir, &folder)?;
    let calendars = super::ics::calendars(&folder, scenario, lang)?;
    write_file(&dir.join("report.html"), html.as_bytes())?;
    write_file(&dir.join("plan.xlsx"), &xlsx)?;
    // The plan folder is a fresh one being filled (see `planner`), so the
    // calendars are new files in a new folder.
    let folder = dir.join("calendars");
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    for (name, text) in &calendars {
        write_file(&folder.join(name), text.as_bytes())?;
    }
    Ok(())
}

/// A file-name-safe version of an id: letters, digits, `-` and `_` kept,
/// anything else as `_`.
pub fn file_id(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
