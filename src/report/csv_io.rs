//! CSV tables with fixed headers, read back with line numbers in errors.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Writes `rows` under `header` (the header is written even for no rows).
pub fn write<T: Serialize>(path: &Path, header: &[&str], rows: &[T]) -> Result<()> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_path(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    w.write_record(header)?;
    for r in rows {
        w.serialize(r)?;
    }
    w.flush()?;
    Ok(())
}

/// Reads a table, checking that the header starts with `header`.
pub fn read<T: DeserializeOwned>(path: &Path, header: &[&str]) -> Result<Vec<T>> {
    let mut r = csv::ReaderBuilder::new()
        .from_path(path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let got: Vec<String> = r.headers()?.iter().map(str::to_string).collect();
    if got.len() < header.len() || got.iter().zip(header).any(|(a, b)| a != b) {
        bail!(
            "{}: line 1: the header is `{}`, expected `{}`",
            path.display(),
            got.join(","),
            header.join(",")
        );
    }
    let mut rows = Vec::new();
    for (i, rec) in r.deserialize().enumerate() {
        let row: T = rec
            .with_context(|| format!("{}: line {}: cannot read the row", path.display(), i + 2))?;
        rows.push(row);
    }
    Ok(rows)
}
