//! Reading a scenario workbook (see [`super::sheets`]) into the same TOML
//! table the TOML loader builds, so that `extends`, merging by id, typed
//! reading and validation are shared, and every field is located at its
//! cell (`Medarbetare!C7`).
//!
//! Cells are read as Excel stores them: numbers with a Swedish decimal
//! comma ("0,75") or a point, dates as date cells, serial numbers or
//! `YYYY-MM-DD`, ja/nej or booleans. Columns are found by the key in row 2,
//! so a planner may move them; an unknown key or sheet name gets a "did you
//! mean". An empty cell leaves the field to its default (or to the base
//! scenario's value).

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx};
use chrono::NaiveDate;
use toml::{Table, Value};

use super::diag::{Diagnostic, Diagnostics};
use super::sheets::{self, Field, Kind};
use super::suggest;

/// A workbook read as a scenario table, with the cell of every field path
/// (`staff[anna].fte` → `Medarbetare!C3`).
pub struct Read {
    pub table: Table,
    pub cells: HashMap<String, String>,
}

/// The column letters of a 0-based column index (0 → A, 26 → AA).
pub fn column_name(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// `Sheet!C7` for a 0-based row and column.
pub fn cell_name(sheet: &str, row: u32, col: u32) -> String {
    format!("{sheet}!{}{}", column_name(col), row + 1)
}

/// Reads the workbook at `path`.
pub fn read(path: &Path) -> Result<Read, Diagnostics> {
    let fail = |msg: String, hint: &str| {
        Diagnostics(vec![Diagnostic::new("", msg).hint(hint).at(path, "", None)])
    };
    let bytes = crate::input::read_bytes(path).map_err(|e| {
        fail(
            format!("cannot read the workbook: {}", e.message),
            "check the path",
        )
    })?;
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        fail(
            format!("not an Excel workbook (.xlsx): {e}"),
            "save the file in Excel as \"Excel-arbetsbok (*.xlsx)\", or write the scenario as TOML",
        )
    })?;
    let mut r = Book::new(path);
    let known: Vec<&str> = sheets::TABLES
        .iter()
        .map(|t| t.sheet)
        .chain(sheets::SETTINGS.iter().map(|s| s.sheet))
        .chain([sheets::INSTRUCTIONS])
        .collect();
    for name in wb.sheet_names() {
        let range = match wb.worksheet_range(&name) {
            Ok(range) => range,
            Err(e) => {
                r.problem(
                    Diagnostic::new("", format!("cannot read sheet `{name}`: {e}"))
                        .hint("save the workbook again in Excel"),
                    None,
                );
                continue;
            }
        };
        if let Some(t) = sheets::TABLES.iter().find(|t| t.sheet == name) {
            r.table_sheet(t, &range);
        } else if let Some(s) = sheets::SETTINGS.iter().find(|s| s.sheet == name) {
            r.settings_sheet(s.sheet, &range);
        } else if name != sheets::INSTRUCTIONS
            && let Some(near) = suggest::nearest(&name, known.iter().copied())
        {
            r.problem(
                Diagnostic::new(
                    "",
                    format!("unknown sheet `{name}` — did you mean `{near}`?"),
                )
                .hint(format!(
                    "rename the sheet; the scenario's sheets are {}",
                    known.join(", ")
                )),
                None,
            );
        }
    }
    r.attach_own_absences();
    if r.problems.is_empty() {
        Ok(Read {
            table: r.table,
            cells: r.cells,
        })
    } else {
        Err(Diagnostics(r.problems))
    }
}

struct Book<'p> {
    path: &'p Path,
    table: Table,
    cells: HashMap<String, String>,
    problems: Vec<Diagnostic>,
    /// Absences marked as the staff member's own, by staff id, with their rows.
    own: BTreeMap<String, Vec<(Table, String)>>,
}

fn is_empty(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn get(range: &Range<Data>, row: u32, col: u32) -> &Data {
    static EMPTY: Data = Data::Empty;
    range.get_value((row, col)).unwrap_or(&EMPTY)
}

fn last(range: &Range<Data>) -> (u32, u32) {
    range.end().unwrap_or((0, 0))
}

/// Sets a dotted path in a table, creating the tables on the way.
fn set(t: &mut Table, path: &str, v: Value) {
    match path.split_once('.') {
        None => {
            t.insert(path.to_string(), v);
        }
        Some((head, rest)) => {
            let entry = t
                .entry(head.to_string())
                .or_insert_with(|| Value::Table(Table::new()));
            if !entry.is_table() {
                *entry = Value::Table(Table::new());
            }
            if let Value::Table(inner) = entry {
                set(inner, rest, v);
            }
        }
    }
}

impl<'p> Book<'p> {
    fn new(path: &'p Path) -> Self {
        Book {
            path,
            table: Table::new(),
            cells: HashMap::new(),
            problems: Vec::new(),
            own: BTreeMap::new(),
        }
    }

    fn problem(&mut self, d: Diagnostic, cell: Option<String>) {
        let d = d.at(self.path, "", None);
        self.problems.push(match cell {
            Some(c) => d.in_cell(c),
            None => d,
        });
    }

    /// The fields of a table sheet's columns, by the keys in row 2.
    fn columns(&mut self, t: &sheets::Table, range: &Range<Data>) -> Vec<(u32, Field)> {
        let (last_row, last_col) = last(range);
        let mut out = Vec::new();
        let keys: Vec<&str> = t
            .columns
            .iter()
            .map(|f| f.key)
            .chain([sheets::REMOVE])
            .collect();
        for c in 0..=last_col {
            let key = text_of(get(range, 1, c)).trim().to_string();
            let has_data = (2..=last_row).any(|r| !is_empty(get(range, r, c)));
            if key.is_empty() {
                if has_data {
                    self.problem(
                        Diagnostic::new(t.list, "this column holds values but has no key in row 2")
                            .hint(format!(
                                "row 2 names the field each column holds; the sheet's keys are {}",
                                keys.join(", ")
                            )),
                        Some(cell_name(t.sheet, 1, c)),
                    );
                }
                continue;
            }
            if key == sheets::REMOVE {
                out.push((
                    c,
                    Field {
                        key: sheets::REMOVE,
                        label: "Ta bort",
                        kind: Kind::Bool,
                        meaning: "",
                        source: "",
                    },
                ));
                continue;
            }
            match t.columns.iter().find(|f| f.key == key) {
                Some(f) => out.push((c, *f)),
                None => {
                    let by_label = t
                        .columns
                        .iter()
                        .find(|f| f.label.eq_ignore_ascii_case(&key))
                        .map(|f| f.key);
                    let near = by_label
                        .map(str::to_string)
                        .or_else(|| suggest::nearest(&key, keys.iter().copied()));
                    let msg = match &near {
                        Some(n) => format!("unknown key `{key}` — did you mean `{n}`?"),
                        None => format!("unknown key `{key}`"),
                    };
                    self.problem(
                        Diagnostic::new(t.list, msg).hint(format!(
                            "row 2 holds the keys the program reads: {}",
                            keys.join(", ")
                        )),
                        Some(cell_name(t.sheet, 1, c)),
                    );
                }
            }
        }
        out
    }

    fn table_sheet(&mut self, t: &sheets::Table, range: &Range<Data>) {
        let columns = self.columns(t, range);
        let (last_row, _) = last(range);
        let id_col = columns.iter().find(|(_, f)| f.key == "id").map(|(c, _)| *c);
        let mut rows: Vec<Value> = Vec::new();
        for r in 2..=last_row {
            if columns.iter().all(|(c, _)| is_empty(get(range, r, *c))) {
                continue;
            }
            let id = id_col
                .map(|c| text_of(get(range, r, c)).trim().to_string())
                .filter(|s| !s.is_empty());
            let own = t.list == "absences"
                && columns.iter().any(|(c, f)| {
                    f.key == sheets::OWN_ABSENCE
                        && convert(Kind::Bool, get(range, r, *c)) == Ok(Value::Boolean(true))
                });
            let staff_of = if t.list == "absences" {
                columns
                    .iter()
                    .find(|(_, f)| f.key == "staff")
                    .map(|(c, _)| text_of(get(range, r, *c)).trim().to_string())
                    .unwrap_or_default()
            } else {
                String::new()
            };
            let entity = if own {
                let n = self.own.get(&staff_of).map_or(0, Vec::len);
                format!("staff[{staff_of}].absences[{n}]")
            } else {
                match &id {
                    Some(id) => format!("{}[{id}]", t.list),
                    None => format!("{}[{}]", t.list, rows.len()),
                }
            };
            let row_cell = cell_name(t.sheet, r, 0);
            self.cells.insert(entity.clone(), row_cell.clone());
            let mut item = Table::new();
            for (c, f) in &columns {
                let cell = get(range, r, *c);
                if is_empty(cell) || f.key == sheets::OWN_ABSENCE || (own && f.key == "staff") {
                    continue;
                }
                let field = format!("{entity}.{}", f.key);
                let at = cell_name(t.sheet, r, *c);
                self.cells.insert(field.clone(), at.clone());
                match convert(f.kind, cell) {
                    Ok(v) => set(&mut item, f.key, v),
                    Err((msg, hint)) => self.problem(
                        Diagnostic::new(field, format!("{} ({}): {msg}", f.label, f.key))
                            .hint(hint),
                        Some(at),
                    ),
                }
            }
            if own {
                self.own.entry(staff_of).or_default().push((item, row_cell));
            } else {
                rows.push(Value::Table(item));
            }
        }
        if !rows.is_empty() {
            self.table.insert(t.list.to_string(), Value::Array(rows));
        }
    }

    /// Puts the staff members' own absences into their `[[staff]]` rows
    /// (a row with only the id when the sheet Medarbetare does not hold them).
    fn attach_own_absences(&mut self) {
        for (id, absences) in std::mem::take(&mut self.own) {
            let list: Vec<Value> = absences.into_iter().map(|(t, _)| Value::Table(t)).collect();
            let staff = self
                .table
                .entry("staff")
                .or_insert_with(|| Value::Array(Vec::new()));
            let Value::Array(staff) = staff else { continue };
            let pos = staff
                .iter()
                .position(|x| x.get("id").and_then(Value::as_str) == Some(id.as_str()));
            match pos {
                Some(i) => {
                    if let Value::Table(t) = &mut staff[i] {
                        t.insert("absences".into(), Value::Array(list));
                    }
                }
                None => {
                    let mut t = Table::new();
                    t.insert("id".into(), Value::String(id));
                    t.insert("absences".into(), Value::Array(list));
                    staff.push(Value::Table(t));
                }
            }
        }
    }

    fn settings_sheet(&mut self, sheet: &str, range: &Range<Data>) {
        let (last_row, last_col) = last(range);
        let find = |name: &str, fallback: u32| {
            (0..=last_col)
                .find(|c| text_of(get(range, 1, *c)).trim() == name)
                .unwrap_or(fallback)
        };
        let key_col = find("key", 4);
        let value_col = find("value", 1);
        for r in 2..=last_row {
            let key = text_of(get(range, r, key_col)).trim().to_string();
            let cell = get(range, r, value_col);
            if key.is_empty() {
                if !is_empty(cell) {
                    self.problem(
                        Diagnostic::new("", "a value without a key")
                            .hint("the key column (Nyckel) names the setting, e.g. rules.max_consecutive_days"),
                        Some(cell_name(sheet, r, key_col)),
                    );
                }
                continue;
            }
            let Some((_, field)) = sheets::setting(&key) else {
                let msg = format!(
                    "unknown setting `{key}`{}",
                    suggest::did_you_mean(&key, sheets::setting_keys())
                );
                self.problem(
                    Diagnostic::new(key.clone(), msg)
                        .hint("the Nyckel column must hold a setting's key; docs/scenario.md lists every field"),
                    Some(cell_name(sheet, r, key_col)),
                );
                continue;
            };
            let at = cell_name(sheet, r, value_col);
            self.cells.insert(key.clone(), at.clone());
            if is_empty(cell) {
                continue;
            }
            match convert(field.kind, cell) {
                Ok(v) => set(&mut self.table, &key, v),
                Err((msg, hint)) => {
                    self.problem(Diagnostic::new(key.clone(), msg).hint(hint), Some(at))
                }
            }
        }
    }
}

/// A cell's content as text (numbers without a needless `.0`).
fn text_of(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(x) => x.to_string(),
        Data::Bool(b) => if *b { "ja" } else { "nej" }.to_string(),
        Data::DateTime(dt) if (0.0..1.0).contains(&dt.as_f64()) => {
            // a time of day typed into a general cell: "19:00"
            let minutes = (dt.as_f64() * 24.0 * 60.0).round() as u32;
            format!("{:02}:{:02}", minutes / 60, minutes % 60)
        }
        Data::DateTime(dt) => serial_date(dt.as_f64())
            .map(|d| d.to_string())
            .unwrap_or_else(|| dt.as_f64().to_string()),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// The date of an Excel serial number (1900 date system; day 60 is the
/// non-existent 1900-02-29, so serials from 61 are exact).
pub fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !(61.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_days(chrono::Days::new(serial.floor() as u64))
}

type Bad = (String, String);

fn bad(msg: impl Into<String>, hint: impl Into<String>) -> Bad {
    (msg.into(), hint.into())
}

/// A number typed as text: a decimal comma or point, spaces (also
/// non-breaking) as thousands separators.
fn parse_number(s: &str) -> Option<f64> {
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    cleaned.parse::<f64>().ok().filter(|x| x.is_finite())
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().or_else(|| {
        s.get(..10)
            .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
    })
}

fn split_words(s: &str) -> Vec<String> {
    if s.trim().eq_ignore_ascii_case("ingen") {
        return Vec::new();
    }
    s.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn date_of(d: &Data) -> Result<NaiveDate, Bad> {
    let hint = "write a date, e.g. 2025-05-12 (a date cell, or text as YYYY-MM-DD)";
    match d {
        Data::DateTime(dt) => serial_date(dt.as_f64()).ok_or_else(|| {
            bad(
                format!("{} is not a date Excel can hold", dt.as_f64()),
                hint,
            )
        }),
        Data::Float(x) => {
            serial_date(*x).ok_or_else(|| bad(format!("the number {x} is not a date"), hint))
        }
        Data::Int(i) => {
            serial_date(*i as f64).ok_or_else(|| bad(format!("the number {i} is not a date"), hint))
        }
        Data::String(s) | Data::DateTimeIso(s) => {
            parse_date(s).ok_or_else(|| bad(format!("{} is not a date", excerpt(s)), hint))
        }
        other => Err(bad(format!("`{}` is not a date", text_of(other)), hint)),
    }
}

fn excerpt(s: &str) -> String {
    crate::input::excerpt(s)
}

/// A cell as the TOML value of its kind, or what is wrong and a hint.
pub fn convert(kind: Kind, d: &Data) -> Result<Value, Bad> {
    if let Data::Error(e) = d {
        return Err(bad(
            format!("the cell holds an Excel error ({e:?})"),
            "type the value instead of a formula, or fix the formula",
        ));
    }
    match kind {
        Kind::Text => Ok(Value::String(text_of(d))),
        Kind::Id | Kind::Window => Ok(Value::String(match d {
            Data::DateTime(_) | Data::Float(_) if kind == Kind::Window => {
                return Err(bad(
                    "a time or number, not an opening window",
                    "write the window as text, e.g. 10:00-15:00 (format the cell as Text)",
                ));
            }
            _ => text_of(d).trim().to_string(),
        })),
        Kind::Int => {
            let x = match d {
                Data::Int(i) => *i as f64,
                Data::Float(x) => *x,
                Data::String(s) => parse_number(s).ok_or_else(|| {
                    bad(
                        format!("{} is not a whole number", excerpt(s)),
                        "write a whole number, e.g. 2",
                    )
                })?,
                other => {
                    return Err(bad(
                        format!("`{}` is not a whole number", text_of(other)),
                        "write a whole number, e.g. 2",
                    ));
                }
            };
            if x.fract() != 0.0 || x.abs() > 1e15 {
                return Err(bad(
                    format!("{} is not a whole number", x.to_string().replace('.', ",")),
                    "write a whole number, e.g. 2",
                ));
            }
            Ok(Value::Integer(x as i64))
        }
        Kind::Num => match d {
            Data::Int(i) => Ok(Value::Float(*i as f64)),
            Data::Float(x) => Ok(Value::Float(*x)),
            Data::String(s) => parse_number(s).map(Value::Float).ok_or_else(|| {
                bad(
                    format!("{} is not a number", excerpt(s)),
                    "write a number, with a decimal comma or point, e.g. 0,75",
                )
            }),
            other => Err(bad(
                format!("`{}` is not a number", text_of(other)),
                "write a number, e.g. 0,75",
            )),
        },
        Kind::Bool => {
            let hint = "write ja or nej";
            match d {
                Data::Bool(b) => Ok(Value::Boolean(*b)),
                Data::Int(1) => Ok(Value::Boolean(true)),
                Data::Int(0) => Ok(Value::Boolean(false)),
                Data::Float(x) if *x == 1.0 || *x == 0.0 => Ok(Value::Boolean(*x == 1.0)),
                Data::String(s) => match s.trim().to_lowercase().as_str() {
                    "ja" | "j" | "x" | "sant" | "true" | "yes" | "1" => Ok(Value::Boolean(true)),
                    "nej" | "n" | "falskt" | "false" | "no" | "0" => Ok(Value::Boolean(false)),
                    _ => Err(bad(format!("{} is not ja or nej", excerpt(s)), hint)),
                },
                other => Err(bad(format!("`{}` is not ja or nej", text_of(other)), hint)),
            }
        }
        Kind::Date => date_of(d).map(|x| Value::String(x.to_string())),
        Kind::Dates => match d {
            Data::String(s) => split_words(s)
                .iter()
                .map(|w| {
                    parse_date(w).map(|x| Value::String(x.to_string())).ok_or_else(|| {
                        bad(
                            format!("{} is not a date", excerpt(w)),
                            "write dates as YYYY-MM-DD, separated by commas: 2025-05-13, 2025-05-20",
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            other => date_of(other).map(|x| Value::Array(vec![Value::String(x.to_string())])),
        },
        Kind::List => Ok(Value::Array(
            split_words(&text_of(d))
                .into_iter()
                .map(Value::String)
                .collect(),
        )),
        Kind::Month => match d {
            Data::String(s) => Ok(Value::String(s.trim().to_string())),
            other => date_of(other).map(|x| Value::String(x.format("%Y-%m").to_string())),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(cell_name("Medarbetare", 6, 2), "Medarbetare!C7");
    }

    #[test]
    fn swedish_numbers_and_excel_dates_are_read() {
        assert_eq!(
            convert(Kind::Num, &Data::String("0,75".into())),
            Ok(Value::Float(0.75))
        );
        assert_eq!(
            convert(Kind::Num, &Data::String("2 000 000".into())),
            Ok(Value::Float(2e6))
        );
        assert!(convert(Kind::Num, &Data::String("tre".into())).is_err());
        assert!(convert(Kind::Int, &Data::Float(2.5)).is_err());
        // 45778 is 2025-05-01 in Excel's 1900 date system
        assert_eq!(
            convert(Kind::Date, &Data::Float(45778.0)),
            Ok(Value::String("2025-05-01".into()))
        );
        assert_eq!(
            convert(Kind::Month, &Data::Float(45778.0)),
            Ok(Value::String("2025-05".into()))
        );
        assert_eq!(
            convert(Kind::Bool, &Data::String("Ja".into())),
            Ok(Value::Boolean(true))
        );
    }
}
