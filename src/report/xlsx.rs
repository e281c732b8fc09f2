//! `plan.xlsx`: every table of the plan folder as one sheet, header row
//! first, with typed cells: `date` columns as Excel dates, `start`/`end`
//! as Excel times, numbers as numbers, ids and words as text. Sheet names
//! are the CSV file names, so tools find the same table under the same name.

use std::path::Path;

use anyhow::{Context, Result};
use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::folder::PlanFolder;

/// Sheet name and file, in workbook order; `bookings` only when the file exists.
pub const SHEETS: &[(&str, &str)] = &[
    ("openings", "openings.csv"),
    ("shifts", "shifts.csv"),
    ("base_schedule", "base_schedule.csv"),
    ("staff_hours", "staff_hours.csv"),
    ("costs", "costs.csv"),
    ("bookings", "bookings.csv"),
];

/// Columns that are always text, even when every value looks like a number
/// (ids may be digits).
const TEXT_COLUMNS: &[&str] = &[
    "office",
    "staff",
    "kind",
    "category",
    "weekday",
    "shift",
    "name",
    "room",
    "department",
    "iso_week",
    "scenario",
    "status",
    "reason",
    "pareto",
];

enum CellKind {
    Date,
    Time,
    Number,
    Text,
}

fn kind_of(column: &str, values: &[&str]) -> CellKind {
    let filled = || values.iter().filter(|v| !v.is_empty());
    if TEXT_COLUMNS.contains(&column) {
        CellKind::Text
    } else if column == "date"
        && filled().all(|v| chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok())
    {
        CellKind::Date
    } else if matches!(column, "start" | "end" | "break_start" | "break_end")
        && filled().all(|v| crate::scenario::time::parse_clock(v).is_some())
    {
        CellKind::Time
    } else if filled().all(|v| v.parse::<f64>().is_ok_and(f64::is_finite)) {
        CellKind::Number
    } else {
        CellKind::Text
    }
}

/// Cell formats shared by every sheet.
struct Formats {
    header: Format,
    date: Format,
    time: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            header: Format::new().set_bold().set_background_color("#DDE7EE"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            time: Format::new().set_num_format("hh:mm"),
        }
    }
}

/// A workbook whose creation time is `created`, so the same tables give the
/// same bytes.
pub(crate) fn new_workbook(created: chrono::NaiveDate) -> Result<Workbook> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        created.year() as u16,
        created.month() as u8,
        created.day() as u8,
    )?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("serviceplan")
            .set_creation_datetime(&created),
    );
    Ok(wb)
}

/// The workbook as bytes. Its creation time is the plan period's start, so
/// the same folder gives the same bytes.
pub fn workbook(dir: &Path, folder: &PlanFolder) -> Result<Vec<u8>> {
    let mut wb = new_workbook(folder.period.0)?;
    let fmt = Formats::new();
    for (sheet, file) in SHEETS {
        let path = dir.join(file);
        if !path.exists() {
            if *sheet == "bookings" {
                continue;
            }
            anyhow::bail!("{} is missing", path.display());
        }
        let r = csv::ReaderBuilder::new()
            .from_path(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        add_sheet(&mut wb, sheet, r, &path.display().to_string(), &fmt)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// `comparison.xlsx` of a batch: the comparison table as one sheet, dated
/// `created` (the batch's first plan period start) for repeatable bytes.
pub fn comparison_workbook(comparison_csv: &[u8], created: chrono::NaiveDate) -> Result<Vec<u8>> {
    let mut wb = new_workbook(created)?;
    let r = csv::ReaderBuilder::new().from_reader(comparison_csv);
    add_sheet(&mut wb, "comparison", r, "comparison.csv", &Formats::new())?;
    Ok(wb.save_to_buffer()?)
}

/// One CSV table as a typed sheet with a bold, frozen, filterable header.
fn add_sheet<R: std::io::Read>(
    wb: &mut Workbook,
    sheet: &str,
    mut r: csv::Reader<R>,
    what: &str,
    fmt: &Formats,
) -> Result<()> {
    let (header, date_fmt, time_fmt) = (&fmt.header, &fmt.date, &fmt.time);
    let head: Vec<String> = r.headers()?.iter().map(str::to_string).collect();
    let mut rows: Vec<csv::StringRecord> = Vec::new();
    for (i, rec) in r.records().enumerate() {
        rows.push(rec.with_context(|| format!("{what}: line {}", i + 2))?);
    }
    let kinds: Vec<CellKind> = head
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let values: Vec<&str> = rows.iter().map(|r| r.get(c).unwrap_or("")).collect();
            kind_of(name, &values)
        })
        .collect();
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    for (c, name) in head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, name, header)?;
    }
    for (i, rec) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, kind) in kinds.iter().enumerate() {
            let v = rec.get(c).unwrap_or("");
            let col = c as u16;
            if v.is_empty() {
                continue;
            }
            match kind {
                CellKind::Date => {
                    let d = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")?;
                    let x =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(row, col, &x, date_fmt)?;
                }
                CellKind::Time => {
                    let m = crate::scenario::time::parse_clock(v).unwrap_or(0);
                    let x = ExcelDateTime::from_hms((m / 60) as u16, (m % 60) as u8, 0)?;
                    ws.write_datetime_with_format(row, col, &x, time_fmt)?;
                }
                CellKind::Number => {
                    ws.write_number(row, col, v.parse::<f64>()?)?;
                }
                CellKind::Text => {
                    ws.write_string(row, col, v)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !head.is_empty() {
        ws.autofilter(0, 0, rows.len() as u32, head.len() as u16 - 1)?;
    }
    for (c, name) in head.iter().enumerate() {
        let widest = rows
            .iter()
            .map(|r| r.get(c).unwrap_or("").chars().count())
            .chain([name.chars().count()])
            .max()
            .unwrap_or(8);
        ws.set_column_width(c as u16, (widest as f64 + 3.0).clamp(8.0, 40.0))?;
    }
    Ok(())
}
