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
    crate::cell::record(&mut w, header)?;
    for r in rows {
        crate::cell::serialize(&mut w, r)?;
    }
    w.flush()?;
    Ok(())
}

/// Reads a table, checking that the header starts with `header`.
pub fn read<T: DeserializeOwned>(path: &Path, header: &[&str]) -> Result<Vec<T>> {
    let bytes = crate::input::read_bytes(path)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut r = csv::ReaderBuilder::new().from_reader(bytes);
    let got: Vec<String> = r.headers()?.iter().map(str::to_string).collect();
    if got.len() < header.len() || got.iter().zip(header).any(|(a, b)| a != b) {
        bail!(
            "{}: line 1: the header is not `{}` (found {} column(s): {})",
            path.display(),
            header.join(","),
            got.len(),
            got.iter()
                .map(|c| crate::input::excerpt(c))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let headers = r.headers()?.clone();
    let mut rows = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let line = i + 2;
        let rec =
            rec.with_context(|| format!("{}: line {line}: cannot read the row", path.display()))?;
        // Cells were written through `cell::neutralise`: read back the text.
        let row: T = crate::cell::restored(&rec)
            .deserialize(Some(&headers))
            .with_context(|| format!("{}: line {line}: cannot read the row", path.display()))?;
        rows.push(row);
    }
    Ok(rows)
}
