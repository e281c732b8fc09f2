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

/// Like [`write`], with a name column appended for every id column of
/// `header` (see [`super::names`]); every field through
/// [`crate::cell::neutralise`].
pub fn write_named<T: Serialize>(
    path: &Path,
    header: &[&str],
    rows: &[T],
    names: &super::names::Names,
) -> Result<()> {
    let extra = super::names::Names::columns_for(header);
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_path(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    let full: Vec<&str> = header
        .iter()
        .copied()
        .chain(extra.iter().map(|(_, n)| *n))
        .collect();
    crate::cell::record(&mut w, &full)?;
    for r in rows {
        let rec = crate::cell::fields(r)?;
        let mut fields: Vec<&str> = rec.iter().collect();
        for (c, _) in &extra {
            fields.push(names.get(header[*c], rec.get(*c).unwrap_or("")));
        }
        crate::cell::record(&mut w, &fields)?;
    }
    w.flush()?;
    Ok(())
}

/// Reads a table, checking that the header starts with `header`.
pub fn read<T: DeserializeOwned>(path: &Path, header: &[&str]) -> Result<Vec<T>> {
    let bytes = crate::input::read_bytes(path)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    // Flexible: a row added by hand may leave out the appended name columns
    // (`office_name`, ...), which only inform a reader.
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
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
        if rec.len() < header.len() || rec.len() > got.len() {
            bail!(
                "{}: line {line}: {} field(s); the header has {} and the row needs at least {} (`{}`)",
                path.display(),
                rec.len(),
                got.len(),
                header.len(),
                header.join(",")
            );
        }
        // Cells were written through `cell::neutralise`: read back the text;
        // name columns left out are read as empty.
        let mut cells = crate::cell::restored(&rec);
        while cells.len() < headers.len() {
            cells.push_field("");
        }
        let row: T = cells
            .deserialize(Some(&headers))
            .with_context(|| format!("{}: line {line}: cannot read the row", path.display()))?;
        rows.push(row);
    }
    Ok(rows)
}
