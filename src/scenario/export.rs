//! A scenario written back to a file: TOML or a workbook (`.xlsx`), chosen
//! by the file's extension, written atomically (a temporary file in the same
//! folder, renamed over the target), so nothing is ever half-written.
//!
//! The written scenario is whole: `extends` is resolved and every default
//! is spelled out, so reading it back gives the same scenario as data.

use std::path::Path;

use anyhow::{Context, Result};

use super::types::Scenario;

/// The scenario as a TOML document.
pub fn to_toml(s: &Scenario) -> Result<String> {
    let body = toml::to_string(s).context("cannot write the scenario as TOML")?;
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
