//! Spreadsheet cells written from data, safe to open: a text that starts
//! like a formula (`=`, `+`, `-`, `@`, tab or carriage return) is written
//! with a single quote in front, so Excel and LibreOffice show it as text
//! instead of running it ("CSV injection"). Numbers stay numbers: `-5`
//! and `-1.5e3` are left as they are.
//!
//! Every CSV writer goes through [`record`] or [`serialize`]; the XLSX
//! workbooks are made from those CSV files, so they hold the same cells (as
//! string cells, which a spreadsheet never evaluates anyway). Readers of
//! the plan folder (`verify`, the reports) undo the quote with [`restore`],
//! so a plan reads back exactly what was planned. The quote is added also
//! to a text that starts with a quote followed by such a text (`'=x` is
//! written `''=x`), so that [`restore`] is exact for every text.
//!
//! Ids (of offices, staff, areas, rooms, departments) are refused by
//! `check` when they start like a formula ([`starts_like_formula`]): they
//! are identifiers and appear in file names and links. Free text (names,
//! titles, reasons) is kept as written and neutralised here.

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

/// True when a spreadsheet would read a cell starting so as a formula.
pub fn starts_like_formula(s: &str) -> bool {
    matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

/// A plain number (`-5`, `+3`, `-1.5e3`), which a spreadsheet reads as a number.
fn is_number(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// True when `s` is written with a quote in front.
fn needs_quote(s: &str) -> bool {
    if is_number(s) {
        return false;
    }
    starts_like_formula(s) || s.strip_prefix('\'').is_some_and(needs_quote)
}

/// The cell for the text `s`: with a leading `'` when a spreadsheet would
/// otherwise read it as a formula (see the module's doc).
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if needs_quote(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The text a cell written by [`neutralise`] holds: `restore(neutralise(s)) == s`.
pub fn restore(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => s,
    }
}

/// Writes one CSV record, every field through [`neutralise`].
pub fn record<W: Write, I, F>(w: &mut csv::Writer<W>, fields: I) -> csv::Result<()>
where
    I: IntoIterator<Item = F>,
    F: AsRef<str>,
{
    let fields: Vec<String> = fields
        .into_iter()
        .map(|f| neutralise(f.as_ref()).into_owned())
        .collect();
    w.write_record(&fields)
}

/// The fields of one serialisable row (a flat struct), as the csv crate
/// writes them, not yet neutralised.
pub fn fields<T: Serialize>(row: &T) -> csv::Result<csv::StringRecord> {
    let mut one = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    one.serialize(row)?;
    let bytes = one
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    Ok(r.records().next().transpose()?.unwrap_or_default())
}

/// Writes one serialisable row (a flat struct) as a CSV record, every
/// field through [`neutralise`] (no header: write it with [`record`]).
pub fn serialize<W: Write, T: Serialize>(w: &mut csv::Writer<W>, row: &T) -> csv::Result<()> {
    record(w, fields(row)?.iter())
}

/// A record read back from a file written here, every field through [`restore`].
pub fn restored(rec: &csv::StringRecord) -> csv::StringRecord {
    let mut out: csv::StringRecord = rec.iter().map(restore).collect();
    out.set_position(rec.position().cloned());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_quoted_and_restored() {
        for s in [
            "=1+1", "+cmd", "-x", "@SUM(A1)", "\tx", "\rx", "'=x", "''=x", "'x", "", "-", "a=b",
        ] {
            assert_eq!(restore(&neutralise(s)), s, "{s:?}");
        }
        assert_eq!(neutralise("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(neutralise("'=x"), "''=x");
        for n in ["-5", "-1.5", "+3", "-1e3", "12", "valbo", "'x"] {
            assert_eq!(neutralise(n), n);
        }
    }
}
