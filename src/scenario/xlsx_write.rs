//! The scenario as a workbook a planner edits in Excel (`serviceplan
//! template`, `export-scenario … --out x.xlsx`): the sheets of
//! [`super::sheets`], every value the scenario holds (defaults included, so
//! the workbook is the whole scenario), Swedish headers over the English
//! keys, data validation (lists of ids, ja/nej, weekdays, dates, number
//! ranges) with an input message per column, and an Anvisningar sheet.
//!
//! Text is written as string cells, which a spreadsheet never evaluates. The
//! same scenario gives the same bytes: the workbook's creation time is the
//! period's start.

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatBorder, Formula, Workbook, Worksheet,
};
use toml::{Table, Value};

use super::sheets::{self, Field, Kind, Settings};
use super::types::Scenario;

/// The last row that data validation covers (1-based, as Excel shows it).
const LAST_ROW: u32 = 500;

struct Formats {
    header: Format,
    key: Format,
    text: Format,
    date: Format,
    wrap: Format,
    title: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color("DDEBF7")
                .set_border_bottom(FormatBorder::Thin),
            key: Format::new().set_italic().set_font_color("808080"),
            text: Format::new().set_num_format("@"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            wrap: Format::new()
                .set_text_wrap()
                .set_align(rust_xlsxwriter::FormatAlign::Top),
            title: Format::new().set_bold().set_font_size(14),
        }
    }
}

/// The workbook of scenario `s`, as bytes.
pub fn workbook(s: &Scenario) -> Result<Vec<u8>> {
    let value = Value::try_from(s).context("cannot represent the scenario")?;
    let Value::Table(data) = value else {
        anyhow::bail!("the scenario is not a table");
    };
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        s.period.start.year().clamp(1900, 9999) as u16,
        s.period.start.month() as u8,
        s.period.start.day() as u8,
    )?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("serviceplan: {}", s.title))
            .set_creation_datetime(&created),
    );
    let fmt = Formats::new();
    instructions(wb.add_worksheet(), &fmt)?;
    settings_sheet(wb.add_worksheet(), &sheets::SCENARIO, &data, &fmt)?;
    for t in sheets::TABLES.iter() {
        let rows = entity_rows(&data, t.list);
        table_sheet(wb.add_worksheet(), t, &rows, &fmt)?;
    }
    for st in sheets::SETTINGS.iter().skip(1) {
        settings_sheet(wb.add_worksheet(), st, &data, &fmt)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// The rows of a table sheet: the list's entities; for absences, every
/// staff member's own absences (marked) and then the `[[absences]]` table.
fn entity_rows(data: &Table, list: &str) -> Vec<Table> {
    let items = |v: Option<&Value>| -> Vec<Table> {
        v.and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|x| x.as_table().cloned()).collect())
            .unwrap_or_default()
    };
    if list != "absences" {
        return items(data.get(list));
    }
    let mut rows = Vec::new();
    for x in items(data.get("staff")) {
        let id = x.get("id").cloned().unwrap_or(Value::String(String::new()));
        for mut a in items(x.get("absences")) {
            a.insert("staff".into(), id.clone());
            a.insert(sheets::OWN_ABSENCE.into(), Value::Boolean(true));
            rows.push(a);
        }
    }
    rows.extend(items(data.get("absences")));
    rows
}

/// The value at a dotted path inside a table.
pub(crate) fn get<'a>(t: &'a Table, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut v = t.get(parts.next()?)?;
    for p in parts {
        v = v.as_table()?.get(p)?;
    }
    Some(v)
}

fn words(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a
            .iter()
            .map(|x| match x {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect(),
        Value::String(s) => vec![s.clone()],
        other => vec![other.to_string()],
    }
}

/// Writes one value as the cell of its kind.
fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    field: &Field,
    v: &Value,
    fmt: &Formats,
) -> Result<()> {
    match (field.kind, v) {
        (Kind::Int | Kind::Num, Value::Integer(i)) => {
            ws.write_number(row, col, *i as f64)?;
        }
        (Kind::Int | Kind::Num, Value::Float(x)) => {
            ws.write_number(row, col, *x)?;
        }
        (Kind::Bool, Value::Boolean(b)) => {
            ws.write_string(row, col, if *b { "ja" } else { "nej" })?;
        }
        (Kind::Date, Value::String(d)) if NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok() => {
            let d = NaiveDate::parse_from_str(d, "%Y-%m-%d")?;
            ws.write_date_with_format(row, col, d, &fmt.date)?;
        }
        (Kind::List | Kind::Dates, v) => {
            let w = words(v);
            let text = if w.is_empty() {
                "ingen".to_string()
            } else {
                w.join(", ")
            };
            ws.write_string_with_format(row, col, text, &fmt.text)?;
        }
        (_, Value::String(s)) => {
            ws.write_string_with_format(row, col, s, &fmt.text)?;
        }
        (_, other) => {
            ws.write_string_with_format(row, col, other.to_string(), &fmt.text)?;
        }
    }
    Ok(())
}

/// A list is written only when it differs from the default: an empty list
/// is written "ingen" where the default is not empty (evening days).
fn skip_empty(field: &Field, v: &Value) -> bool {
    matches!(v, Value::Array(a) if a.is_empty()) && field.key != "evening_days"
}

fn table_sheet(ws: &mut Worksheet, t: &sheets::Table, rows: &[Table], fmt: &Formats) -> Result<()> {
    ws.set_name(t.sheet)?;
    for (c, field) in t.columns.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, field.label, &fmt.header)?;
        ws.write_string_with_format(1, c, field.key, &fmt.key)?;
        let width = field.label.chars().count().max(10) as f64 + 2.0;
        ws.set_column_width(c, width.min(40.0))?;
        validate_column(ws, t.sheet, c, field)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        for (c, field) in t.columns.iter().enumerate() {
            if let Some(v) = get(row, field.key) {
                if skip_empty(field, v) {
                    continue;
                }
                write_cell(ws, r, c as u16, field, v, fmt)?;
            }
        }
    }
    ws.set_freeze_panes(2, 1)?;
    Ok(())
}

/// The sheet whose first column holds the ids an `Id` column refers to.
fn id_sheet(sheet: &str, key: &str) -> Option<&'static str> {
    Some(match key {
        "area" | "home" | "base" => sheets::AREAS.sheet,
        "office" => sheets::OFFICES.sheet,
        "staff" => sheets::STAFF.sheet,
        "department" => sheets::DEPARTMENTS.sheet,
        _ => {
            let _ = sheet;
            return None;
        }
    })
}

/// The number range a numeric field may take.
fn number_range(key: &str) -> (f64, f64) {
    let last = key.rsplit('.').next().unwrap_or(key);
    match last {
        "fte" | "evening_share" | "workload_tolerance" => (0.0, 1.0),
        "lat" => (-90.0, 90.0),
        "lon" => (-180.0, 180.0),
        _ if key.starts_with("costs.pay_revision") || key.starts_with("costs.on_costs") => {
            (-1.0, 1.0)
        }
        _ => (0.0, 1e9),
    }
}

/// The data validation of a cell of `field`, with the field's meaning as
/// the input message; warnings only (a value the list does not know may
/// still be meant: an id of the base scenario).
fn validation(sheet: &str, field: &Field) -> Result<Option<DataValidation>> {
    let key = field.key.rsplit('.').next().unwrap_or(field.key);
    let dv = match field.kind {
        Kind::Id => match id_sheet(sheet, key) {
            Some(target) => DataValidation::new()
                .allow_list_formula(Formula::new(format!("='{target}'!$A$3:$A${LAST_ROW}"))),
            None => return Ok(None),
        },
        Kind::Bool => DataValidation::new().allow_list_strings(&["ja", "nej"])?,
        Kind::Int => {
            let (lo, hi) = number_range(field.key);
            DataValidation::new().allow_whole_number(DataValidationRule::Between(
                lo as i32,
                hi.min(i32::MAX as f64) as i32,
            ))
        }
        Kind::Num => {
            let (lo, hi) = number_range(field.key);
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(lo, hi))
        }
        Kind::Date => DataValidation::new().allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(2000, 1, 1)?,
            ExcelDateTime::from_ymd(2100, 12, 31)?,
        )),
        Kind::Text if field.key == "room_rules.sharing" => {
            DataValidation::new().allow_list_strings(&["proportional", "priority"])?
        }
        Kind::Text if field.key == "costs.budget_mode" => {
            DataValidation::new().allow_list_strings(&["hard", "soft"])?
        }
        _ if field.meaning.is_empty() => return Ok(None),
        _ => DataValidation::new().allow_any_value(),
    };
    let mut dv = dv
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title("Kontrollera värdet")?
        .set_error_message(error_message(field))?;
    if !field.meaning.is_empty() {
        let message: String = field.meaning.chars().take(250).collect();
        let title: String = field.label.chars().take(32).collect();
        dv = dv.set_input_title(title)?.set_input_message(message)?;
    }
    Ok(Some(dv))
}

fn error_message(field: &Field) -> String {
    let (lo, hi) = number_range(field.key);
    let m = match field.kind {
        Kind::Id => "Välj ett id ur listan (eller ett id i basscenariot).".to_string(),
        Kind::Bool => "Skriv ja eller nej.".to_string(),
        Kind::Int => format!("Ett heltal från {lo} till {hi}."),
        Kind::Num => format!(
            "Ett tal från {} till {}.",
            lo.to_string().replace('.', ","),
            hi.to_string().replace('.', ",")
        ),
        Kind::Date => "Ett datum, ÅÅÅÅ-MM-DD, mellan 2000 och 2100.".to_string(),
        _ => "Se Anvisningar.".to_string(),
    };
    m.chars().take(250).collect()
}

fn validate_column(ws: &mut Worksheet, sheet: &str, col: u16, field: &Field) -> Result<()> {
    if let Some(dv) = validation(sheet, field)? {
        ws.add_data_validation(2, col, LAST_ROW - 1, col, &dv)?;
    }
    Ok(())
}

/// The rows of a settings sheet: its fields, per-year patterns expanded
/// from the data (`costs.pay_revision.2023`).
fn settings_rows(st: &Settings, data: &Table) -> Vec<(String, String, Field)> {
    let mut out = Vec::new();
    for field in st.rows {
        match field.key.strip_suffix(".*") {
            Some(map) => {
                if let Some(Value::Table(years)) = get(data, map) {
                    for y in years.keys() {
                        out.push((format!("{map}.{y}"), format!("{} {y}", field.label), *field));
                    }
                }
            }
            None => out.push((field.key.to_string(), field.label.to_string(), *field)),
        }
    }
    out
}

fn settings_sheet(ws: &mut Worksheet, st: &Settings, data: &Table, fmt: &Formats) -> Result<()> {
    ws.set_name(st.sheet)?;
    let headers = [
        ("Inställning", "label", 42.0),
        ("Värde", "value", 22.0),
        ("Betydelse", "meaning", 60.0),
        ("Källa", "source", 36.0),
        ("Nyckel", "key", 36.0),
    ];
    for (c, (label, key, width)) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *label, &fmt.header)?;
        ws.write_string_with_format(1, c as u16, *key, &fmt.key)?;
        ws.set_column_width(c as u16, *width)?;
    }
    for (i, (key, label, field)) in settings_rows(st, data).iter().enumerate() {
        let r = i as u32 + 2;
        ws.write_string(r, 0, label)?;
        if let Some(v) = get(data, key) {
            write_cell(ws, r, 1, field, v, fmt)?;
        } else if matches!(field.kind, Kind::Text | Kind::Dates | Kind::List) {
            ws.set_cell_format(r, 1, &fmt.text)?;
        }
        ws.write_string_with_format(r, 2, field.meaning, &fmt.wrap)?;
        ws.write_string_with_format(r, 3, field.source, &fmt.wrap)?;
        ws.write_string_with_format(r, 4, key, &fmt.key)?;
        if let Some(dv) = validation(st.sheet, field)? {
            ws.add_data_validation(r, 1, r, 1, &dv)?;
        }
    }
    ws.set_freeze_panes(2, 0)?;
    Ok(())
}

const INSTRUCTIONS: &[&str] = &[
    "Så här används arbetsboken",
    "",
    "Arbetsboken är ett helt scenario för serviceplan. Ändra i bladen, spara som .xlsx och kör:",
    "    serviceplan check scenario.xlsx        (kontrollerar och pekar ut fel som Medarbetare!C7)",
    "    serviceplan plan scenario.xlsx --out plan",
    "",
    "Bladen",
    "  Scenario: namn, rubrik, planeringsperiod, extra stängda dagar, resor och val av kontor.",
    "  Kontor: ett kontor per rad; öppettider per veckodag (t.ex. 10:00-15:00, tomt = stängt), kvällsdagar, lokalkostnad.",
    "  Medarbetare: en person per rad; tjänstgöringsgrad (0,75 går bra), område hon eller han utgår från, kompetenser, önskemål.",
    "  Frånvaro: en frånvaro per rad: medarbetarens id, från, till (båda dagarna räknas), orsak.",
    "  Områden: orter med invånare och koordinater (för restider och räckvidd).",
    "  Förvaltningar, Rum, Efterfrågan: förvaltningar som möter medborgare på kontoren, rummen och hur många timmar de behöver.",
    "  Regler: arbetstidsreglerna med betydelse och lagrum (ATL, AB, programmet).",
    "  Vikter: hur de mjuka målen vägs mot varandra.",
    "  Kostnader: lön, PO-pålägg, milersättning och budgeten (3 mnkr: personal 2,0, lokaler 0,5, övrigt 0,5).",
    "",
    "Regler för cellerna",
    "  Rad 1 är rubriken, rad 2 är nyckeln som programmet läser (ändra den inte); data börjar på rad 3. Kolumner får flyttas.",
    "  Id skrivs utan mellanslag och får inte börja med = + - @. Listor (veckodagar, kompetenser, datum) skrivs med komma emellan.",
    "  Veckodagar: mon, tue, wed, thu, fri, sat, sun. Datum: datumceller eller ÅÅÅÅ-MM-DD. Decimaler med komma eller punkt.",
    "  ja/nej i kolumner som Stängt och Centralort. En tom cell betyder standardvärdet (eller basscenariots värde).",
    "  En rad tas bort ur basscenariot med en kolumn med nyckeln remove och ja på raden.",
    "",
    "Bygga på ett annat scenario",
    "  Skriv en fil i Scenario-bladets rad Bygger på (t.ex. gavle.toml) och behåll bara det som skiljer: rader med samma id",
    "  ersätter basens rader (tomma celler ärvs), nya id läggs till, inställningar med tomt värde ärvs.",
    "",
    "Frånvaro från HR-systemet",
    "  En CSV-export (id eller namn, från, till, orsak; semikolon eller komma) läggs till med --absences FIL.",
];

fn instructions(ws: &mut Worksheet, fmt: &Formats) -> Result<()> {
    ws.set_name(sheets::INSTRUCTIONS)?;
    ws.set_column_width(0, 120.0)?;
    for (i, line) in INSTRUCTIONS.iter().enumerate() {
        if i == 0 {
            ws.write_string_with_format(0, 0, *line, &fmt.title)?;
        } else if !line.is_empty() {
            ws.write_string(i as u32, 0, *line)?;
        }
    }
    ws.set_active(true);
    Ok(())
}
