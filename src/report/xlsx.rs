//! `plan.xlsx`: a summary sheet, then every table of the plan folder as one
//! sheet, header row first, with typed cells: `date` columns as Excel
//! dates, `start`/`end` as Excel times, numbers as numbers (kronor with a
//! thousands format), ids and words as text. Sheets, headers and words
//! (day/evening, categories, weekdays) are in the report's language; beside
//! every id column (office, staff, room, department, target) stands its
//! name (the CSV's appended `office_name`, ... column). The CSV files stay
//! the machine contract (English keys, ids); in English the sheet and
//! column names are the CSV file and column names.

use std::path::Path;

use anyhow::{Context, Result};
use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::folder::PlanFolder;
use super::lang::Lang;

/// Sheet (English, = CSV name), Swedish sheet name, file, in workbook
/// order; the last three only when the folder has the file.
pub const SHEETS: &[(&str, &str, &str)] = &[
    ("openings", "Öppningar", "openings.csv"),
    ("shifts", "Pass", "shifts.csv"),
    ("base_schedule", "Grundschema", "base_schedule.csv"),
    ("staff_hours", "Arbetstid", "staff_hours.csv"),
    ("costs", "Kostnader", "costs.csv"),
    ("demand", "Efterfrågan", "demand.csv"),
    ("slots", "Mötestider", "slots.csv"),
    ("bookings", "Bokningar", "bookings.csv"),
];

/// Sheets written only when the plan folder has their file.
const OPTIONAL: &[&str] = &["demand", "slots", "bookings"];

/// Swedish headers of the CSV columns (a column not listed keeps its key).
const HEADERS_SV: &[(&str, &str)] = &[
    ("date", "Datum"),
    ("office", "Kontor (id)"),
    ("staff", "Medarbetare (id)"),
    ("room", "Rum (id)"),
    ("department", "Förvaltning (id)"),
    ("target", "Kontor/område (id)"),
    ("start", "Början"),
    ("end", "Slut"),
    ("kind", "Slag"),
    ("shift", "Pass"),
    ("travel_minutes", "Restid (min)"),
    ("break_start", "Rast början"),
    ("break_end", "Rast slut"),
    ("cycle_week", "Vecka i schemat"),
    ("weekday", "Veckodag"),
    ("name", "Namn"),
    ("fte", "Tjänstgöringsgrad"),
    ("contract_hours", "Avtalade timmar"),
    ("office_hours", "Timmar på kontor"),
    ("travel_hours", "Restimmar"),
    ("base_hours", "Timmar på basen"),
    ("working_days", "Arbetsdagar"),
    ("evenings", "Kvällar"),
    ("mileage_km", "Körsträcka (km)"),
    ("office_share_pct", "Andel på kontor (%)"),
    ("year", "År"),
    ("category", "Kategori"),
    ("planned_sek", "Planerat (kr)"),
    ("budget_sek", "Budget (kr)"),
    ("deficit_sek", "Över budget (kr)"),
    ("month", "Månad"),
    ("demand_hours", "Behov (h)"),
    ("booked_hours", "Bokat (h)"),
    ("unmet_hours", "Ej mött (h)"),
    ("evening_hours", "Kvällstimmar (h)"),
];

/// Swedish headers of the name columns.
const NAME_HEADERS_SV: &[(&str, &str)] = &[
    ("office_name", "Kontor"),
    ("staff_name", "Medarbetare"),
    ("room_name", "Rum"),
    ("department_name", "Förvaltning"),
    ("target_name", "Kontor/område"),
];

/// Columns whose cells are words of the report's vocabulary, and the
/// prefix of their label keys in [`Lang`] (`day` → "dag", `staff` →
/// `cat_staff` → "Personal", `mon` → `wd_mon` → "mån").
const WORD_COLUMNS: &[(&str, &str)] = &[
    ("kind", ""),
    ("shift", ""),
    ("category", "cat_"),
    ("weekday", "wd_"),
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
    if TEXT_COLUMNS.contains(&column) || column.ends_with("_name") {
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
    /// Kronor: whole, with thousands grouped as Excel's locale does.
    sek: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            header: Format::new().set_bold().set_background_color("#DDE7EE"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            time: Format::new().set_num_format("hh:mm"),
            sek: Format::new().set_num_format("#,##0"),
        }
    }
}

/// How a table is shown: as the CSV has it, or for a person (headers and
/// words in a language, each id's name column beside it).
enum View {
    AsIs,
    Named { lang: Lang },
}

/// One column of a sheet: the CSV column it shows, under `header`.
struct Column {
    source: usize,
    header: String,
}

fn columns(head: &[String], view: &View) -> Vec<Column> {
    let View::Named { lang } = view else {
        return head
            .iter()
            .enumerate()
            .map(|(c, h)| Column {
                source: c,
                header: h.clone(),
            })
            .collect();
    };
    let sv = |table: &[(&str, &str)], h: &str| -> String {
        match lang {
            Lang::Sv => table
                .iter()
                .find(|(k, _)| *k == h)
                .map_or(h.to_string(), |(_, v)| (*v).to_string()),
            Lang::En => h.to_string(),
        }
    };
    let name_of = |h: &str| head.iter().position(|n| *n == format!("{h}_name"));
    let placed_beside_its_id = |h: &str| {
        h.strip_suffix("_name")
            .is_some_and(|id| head.iter().any(|n| n == id))
    };
    let mut out = Vec::new();
    for (c, h) in head.iter().enumerate() {
        if placed_beside_its_id(h) {
            continue;
        }
        out.push(Column {
            source: c,
            header: sv(HEADERS_SV, h),
        });
        if let Some(n) = name_of(h) {
            out.push(Column {
                source: n,
                header: sv(NAME_HEADERS_SV, &head[n]),
            });
        }
    }
    out
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

/// The workbook as bytes, in `lang`. Its creation time is the plan
/// period's start, so the same folder gives the same bytes.
pub fn workbook(dir: &Path, folder: &PlanFolder, lang: Lang) -> Result<Vec<u8>> {
    let mut wb = new_workbook(folder.period.0)?;
    let fmt = Formats::new();
    summary_sheet(&mut wb, folder, lang, &fmt)?;
    for (sheet, sheet_sv, file) in SHEETS {
        let path = dir.join(file);
        if !path.exists() {
            if OPTIONAL.contains(sheet) {
                continue;
            }
            anyhow::bail!("{} is missing", path.display());
        }
        let r = csv::ReaderBuilder::new()
            .from_path(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let view = View::Named { lang };
        let name = if lang == Lang::Sv { sheet_sv } else { sheet };
        add_sheet(&mut wb, name, r, &path.display().to_string(), &fmt, &view)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// The report's key figures as the first sheet.
fn summary_sheet(wb: &mut Workbook, folder: &PlanFolder, lang: Lang, fmt: &Formats) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name(if lang == Lang::Sv {
        "Sammanfattning"
    } else {
        "summary"
    })?;
    let (what, value) = if lang == Lang::Sv {
        ("Nyckeltal", "Värde")
    } else {
        ("figure", "value")
    };
    ws.write_string_with_format(0, 0, what, &fmt.header)?;
    ws.write_string_with_format(0, 1, value, &fmt.header)?;
    let figures = super::html::key_figure_pairs(folder, lang);
    for (i, (label, v)) in figures.iter().enumerate() {
        ws.write_string(i as u32 + 1, 0, label)?;
        ws.write_string(i as u32 + 1, 1, v)?;
    }
    ws.set_column_width(0, 34.0)?;
    ws.set_column_width(1, 60.0)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// `comparison.xlsx` of a batch: the comparison table as one sheet, dated
/// `created` (the batch's first plan period start) for repeatable bytes.
pub fn comparison_workbook(comparison_csv: &[u8], created: chrono::NaiveDate) -> Result<Vec<u8>> {
    let mut wb = new_workbook(created)?;
    let r = csv::ReaderBuilder::new().from_reader(comparison_csv);
    add_sheet(
        &mut wb,
        "comparison",
        r,
        "comparison.csv",
        &Formats::new(),
        &View::AsIs,
    )?;
    Ok(wb.save_to_buffer()?)
}

/// One CSV table as a typed sheet with a bold, frozen, filterable header,
/// shown as `view` says.
fn add_sheet<R: std::io::Read>(
    wb: &mut Workbook,
    sheet: &str,
    mut r: csv::Reader<R>,
    what: &str,
    fmt: &Formats,
    view: &View,
) -> Result<()> {
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
    let cols = columns(&head, view);
    // The text a cell shows: a word in the language.
    let shown = |col: &Column, v: &str| -> String {
        let View::Named { lang } = view else {
            return v.to_string();
        };
        if *lang == Lang::Sv
            && let Some((_, prefix)) = WORD_COLUMNS.iter().find(|(c, _)| *c == head[col.source])
            && let Some(word) = lang.find(&format!("{prefix}{v}"))
        {
            return word.to_string();
        }
        v.to_string()
    };
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    for (c, col) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, &col.header, &fmt.header)?;
    }
    for (i, rec) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, col) in cols.iter().enumerate() {
            let v = rec.get(col.source).unwrap_or("");
            let at = c as u16;
            if v.is_empty() {
                continue;
            }
            match &kinds[col.source] {
                CellKind::Date => {
                    let d = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")?;
                    let x =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(row, at, &x, &fmt.date)?;
                }
                CellKind::Time => {
                    let m = crate::scenario::time::parse_clock(v).unwrap_or(0);
                    let x = ExcelDateTime::from_hms((m / 60) as u16, (m % 60) as u8, 0)?;
                    ws.write_datetime_with_format(row, at, &x, &fmt.time)?;
                }
                CellKind::Number if head[col.source].ends_with("_sek") => {
                    ws.write_number_with_format(row, at, v.parse::<f64>()?, &fmt.sek)?;
                }
                CellKind::Number => {
                    ws.write_number(row, at, v.parse::<f64>()?)?;
                }
                CellKind::Text => {
                    ws.write_string(row, at, shown(col, v))?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !cols.is_empty() {
        ws.autofilter(0, 0, rows.len() as u32, cols.len() as u16 - 1)?;
    }
    for (c, col) in cols.iter().enumerate() {
        let widest = rows
            .iter()
            .map(|r| shown(col, r.get(col.source).unwrap_or("")).chars().count())
            .chain([col.header.chars().count()])
            .max()
            .unwrap_or(8);
        ws.set_column_width(c as u16, (widest as f64 + 3.0).clamp(8.0, 40.0))?;
    }
    Ok(())
}
