//! A scenario written back to a file: TOML or a workbook (`.xlsx`), chosen
//! by the file's extension, written atomically (a temporary file in the same
//! folder, renamed over the target), so nothing is ever half-written.
//!
//! The written scenario is whole: `extends` is resolved and every default
//! is spelled out, so reading it back gives the same scenario as data.

use std::path::Path;

use anyhow::{Context, Result};

use super::types::Scenario;

/// Fields whose string values are dates, written as TOML dates.
const DATE_KEYS: &[&str] = &["start", "end", "from", "to", "programme_start"];
/// Lists of dates.
const DATE_LISTS: &[&str] = &["extra_closed", "unavailable"];

fn as_date(v: &toml_edit::Value) -> Option<toml_edit::Value> {
    let s = v.as_str()?;
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    s.parse::<toml_edit::Datetime>()
        .ok()
        .map(toml_edit::Value::from)
}

/// Dates as TOML dates (`start = 2025-04-01`), as a planner writes them.
fn dates_in_table(t: &mut dyn toml_edit::TableLike) {
    for (k, item) in t.iter_mut() {
        let key = k.get().to_string();
        match item {
            toml_edit::Item::Value(v) => dates_in_value(&key, v),
            toml_edit::Item::Table(t) => dates_in_table(t),
            toml_edit::Item::ArrayOfTables(a) => a.iter_mut().for_each(|t| dates_in_table(t)),
            toml_edit::Item::None => {}
        }
    }
}

fn dates_in_value(key: &str, v: &mut toml_edit::Value) {
    if DATE_KEYS.contains(&key)
        && let Some(d) = as_date(v)
    {
        *v = d;
        return;
    }
    match v {
        toml_edit::Value::Array(a) => {
            for x in a.iter_mut() {
                if DATE_LISTS.contains(&key)
                    && let Some(d) = as_date(x)
                {
                    *x = d;
                } else {
                    dates_in_value("", x);
                }
            }
        }
        toml_edit::Value::InlineTable(t) => dates_in_table(t),
        _ => {}
    }
}

/// The scenario as a TOML document.
pub fn to_toml(s: &Scenario) -> Result<String> {
    let body = toml::to_string(s).context("cannot write the scenario as TOML")?;
    let mut doc: toml_edit::DocumentMut =
        body.parse().context("cannot write the scenario as TOML")?;
    if s.absences.is_empty() {
        doc.remove("absences");
    }
    dates_in_table(doc.as_table_mut());
    let body = doc.to_string();
    Ok(format!(
        "# Scenario {:?}, written by serviceplan {} (every field spelled out;\n# docs/scenario.md explains each).\n\n{body}",
        s.name,
        env!("CARGO_PKG_VERSION")
    ))
}

/// The formats a scenario can be written in, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Workbook,
}

impl Format {
    /// The format of `path` by its extension, or a message saying which are known.
    pub fn of(path: &Path) -> Result<Format, String> {
        match path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .as_deref()
        {
            Some("toml") => Ok(Format::Toml),
            Some("xlsx") => Ok(Format::Workbook),
            _ => Err("name a .toml or an .xlsx file; the format goes by the extension".to_string()),
        }
    }
}

/// The bytes of `s` in `format`.
pub fn bytes(s: &Scenario, format: Format) -> Result<Vec<u8>> {
    match format {
        Format::Toml => Ok(to_toml(s)?.into_bytes()),
        Format::Workbook => super::xlsx_write::workbook(s),
    }
}

/// Writes `s` to `path` atomically, in the format its extension names.
pub fn save(s: &Scenario, path: &Path) -> Result<()> {
    let format = Format::of(path).map_err(|message| crate::input::InputError {
        file: path.display().to_string(),
        message,
        not_found: false,
    })?;
    crate::output::write_file(path, &bytes(s, format)?)
}
