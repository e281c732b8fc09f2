//! A plan folder read back from its files, for the reports: they are made
//! from what was written, never from the solver's variables.

use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use super::{
    BASE_HEADER, BOOKINGS_HEADER, CHANGES_HEADER, COSTS_HEADER, OPENINGS_HEADER, SEQUENCES_HEADER,
    SHIFTS_HEADER, STAFF_HOURS_HEADER, csv_io,
};
use crate::cost::CostRow;
use crate::plan::changes::{ChangeRow, SequenceRow};
use crate::plan::{BaseRow, BookingRow, OpeningRow, ShiftRow, StaffHoursRow};

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
    /// `changes.csv` of a re-plan (`None` for a fresh plan).
    pub changes: Option<Vec<ChangeRow>>,
    /// `sequences.csv` of a re-plan: the events' revisions (empty: all 0).
    pub sequences: Vec<SequenceRow>,
}

impl PlanFolder {
    /// Reads the contract files of a plan folder; errors name the file and line.
    pub fn read(dir: &Path) -> Result<PlanFolder> {
        let summary_path = dir.join("summary.json");
        let text = crate::input::read_text(&summary_path)
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
            // The contract's columns; `target` was added later and may be absent.
            Some(csv_io::read(&bookings_path, &BOOKINGS_HEADER[..6])?)
        } else {
            None
        };
        let changes_path = dir.join("changes.csv");
        let changes = if changes_path.exists() {
            Some(csv_io::read(&changes_path, CHANGES_HEADER)?)
        } else {
            None
        };
        let sequences_path = dir.join("sequences.csv");
        let sequences = if sequences_path.exists() {
            csv_io::read(&sequences_path, SEQUENCES_HEADER)?
        } else {
            Vec::new()
        };
        Ok(PlanFolder {
            changes,
            sequences,
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
