//! Absences from an HR export (`--absences FILE`): a CSV file with a header
//! naming the staff member (id or name), the first and last day, and
//! optionally the reason, in UTF-8 or Windows-1252 (read through
//! [`crate::input`]), separated by `;` (Swedish Excel) or `,`. Each row is
//! added to the scenario's `[[absences]]` table.
//!
//! Every problem is reported at once, at file:line with the column's name:
//! an unknown staff member (with the nearest id or name), a date that is not
//! a date, an absence that ends before it starts.

use std::path::Path;

use chrono::NaiveDate;

use super::diag::{Diagnostic, Diagnostics};
use super::suggest;
use super::types::{Scenario, StaffAbsence};

/// Header names accepted for each column (lower case; Swedish and English).
const STAFF: &[&str] = &[
    "staff",
    "id",
    "medarbetare",
    "anställd",
    "person",
    "namn",
    "name",
    "anställningsnummer",
];
const FROM: &[&str] = &[
    "from",
    "från",
    "fr.o.m.",
    "fom",
    "från och med",
    "start",
    "startdatum",
];
const TO: &[&str] = &[
    "to",
    "till",
    "t.o.m.",
    "tom",
    "till och med",
    "slut",
    "slutdatum",
];
const REASON: &[&str] = &[
    "reason",
    "orsak",
    "frånvaroorsak",
    "typ",
    "frånvarotyp",
    "kommentar",
];

/// The absences of the CSV `text` (read from `path`), each naming a staff
/// member of `s` by id.
pub fn parse(path: &Path, text: &str, s: &Scenario) -> Result<Vec<StaffAbsence>, Diagnostics> {
    Ok(parse_lines(path, text, s)?
        .into_iter()
        .map(|(a, _)| a)
        .collect())
}

/// [`parse`], with the line of each absence.
fn parse_lines(
    path: &Path,
    text: &str,
    s: &Scenario,
) -> Result<Vec<(StaffAbsence, usize)>, Diagnostics> {
    let at = |line: usize, field: &str, msg: String, hint: String| {
        let mut d = Diagnostic::new(field, msg).hint(hint).at(path, "", None);
        d.line = Some(line);
        d
    };
    let first = text.lines().next().unwrap_or("");
    let sep = if first.matches(';').count() >= first.matches(',').count() && first.contains(';') {
        b';'
    } else if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(true)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => {
            return Err(Diagnostics(vec![at(
                1,
                "",
                format!("cannot read the header: {e}"),
                "the first line names the columns: staff;from;to;reason".into(),
            )]));
        }
    };
    let find = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let mut problems = Vec::new();
    let mut column = |names: &[&str], what: &str| {
        let c = find(names);
        if c.is_none() {
            let near = headers
                .iter()
                .find_map(|h| suggest::nearest(h, names.iter().copied()).map(|n| (h, n)));
            let msg = match near {
                Some((h, n)) => format!("no column for {what}: `{h}` — did you mean `{n}`?"),
                None => format!("no column for {what}"),
            };
            problems.push(at(
                1,
                names[0],
                msg,
                format!(
                    "the header must name the columns staff (or id, namn), from (från), to (till) and optionally reason (orsak); found: {}",
                    headers
                        .iter()
                        .map(|h| crate::input::excerpt(h))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        c
    };
    let (c_staff, c_from, c_to) = (
        column(STAFF, "the staff member"),
        column(FROM, "the first day"),
        column(TO, "the last day"),
    );
    let c_reason = find(REASON);
    let (Some(c_staff), Some(c_from), Some(c_to)) = (c_staff, c_from, c_to) else {
        return Err(Diagnostics(problems));
    };
    let ids: Vec<&str> = s.staff.iter().map(|x| x.id.as_str()).collect();
    let names: Vec<&str> = s.staff.iter().map(|x| x.name.as_str()).collect();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                problems.push(at(
                    line,
                    "",
                    format!("cannot read the row: {e}"),
                    "save the file as CSV (UTF-8 or Windows-1252)".into(),
                ));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |c: usize| rec.get(c).unwrap_or("").trim();
        let who = cell(c_staff);
        let staff = s.staff.iter().find(|x| x.id == who).or_else(|| {
            s.staff
                .iter()
                .find(|x| !x.name.is_empty() && x.name.eq_ignore_ascii_case(who))
        });
        let staff = match staff {
            Some(x) => Some(x.id.clone()),
            None => {
                let near = suggest::nearest(who, ids.iter().chain(names.iter()).copied());
                problems.push(at(
                    line,
                    &headers[c_staff],
                    format!(
                        "unknown staff member {}{}",
                        crate::input::excerpt(who),
                        near.map(|n| format!(" — did you mean `{n}`?"))
                            .unwrap_or_default()
                    ),
                    format!("use a staff id or name of the scenario: {}", ids.join(", ")),
                ));
                None
            }
        };
        let mut date = |c: usize| {
            let v = cell(c);
            let d = parse_date(v);
            if d.is_none() {
                problems.push(at(
                    line,
                    &headers[c],
                    format!("{} is not a date", crate::input::excerpt(v)),
                    "write dates as YYYY-MM-DD, e.g. 2025-05-12".into(),
                ));
            }
            d
        };
        let (from, to) = (date(c_from), date(c_to));
        let (Some(staff), Some(from), Some(to)) = (staff, from, to) else {
            continue;
        };
        if to < from {
            problems.push(at(
                line,
                &headers[c_to],
                format!("the absence ends ({to}) before it starts ({from})"),
                "swap the dates".into(),
            ));
            continue;
        }
        out.push((
            StaffAbsence {
                staff,
                from,
                to,
                reason: c_reason.map(|c| cell(c).to_string()).unwrap_or_default(),
            },
            line,
        ));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Diagnostics(problems))
    }
}

/// A date as HR systems export it: `2025-05-12` (also with a time after
/// it), `20250512` or `12/05/2025`... only the unambiguous ISO forms.
fn parse_date(v: &str) -> Option<NaiveDate> {
    let v = v.trim();
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .ok()
        .or_else(|| {
            v.get(..10)
                .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
        })
        .or_else(|| NaiveDate::parse_from_str(v, "%Y%m%d").ok())
}

/// Where the absences added from an HR export are: their rows of the
/// scenario's `[[absences]]` table and their lines in the file.
#[derive(Debug, Clone)]
pub struct Imported {
    pub path: std::path::PathBuf,
    /// Index in `[[absences]]` of the first imported row.
    pub first: usize,
    /// The line of each imported row.
    pub lines: Vec<usize>,
}

impl Imported {
    /// A diagnostic about an imported row (`absences[i]`) placed at its
    /// line of the export; `None` for any other.
    pub fn locate(&self, d: &Diagnostic) -> Option<Diagnostic> {
        let index = d
            .field
            .strip_prefix("absences[")
            .and_then(|r| r.split(']').next())
            .and_then(|i| i.parse::<usize>().ok());
        match index
            .and_then(|i| i.checked_sub(self.first))
            .and_then(|k| self.lines.get(k))
        {
            Some(&line) => {
                let mut d = d.clone().at(&self.path, "", None);
                d.line = Some(line);
                Some(d)
            }
            None => None,
        }
    }
}

/// Reads the HR export at `path` and adds its absences to `s`.
pub fn merge(s: &mut Scenario, path: &Path) -> Result<Imported, Diagnostics> {
    let text = crate::input::read_text(path).map_err(|e| {
        Diagnostics(vec![
            Diagnostic::new("", format!("cannot read the absences file: {}", e.message))
                .hint("--absences names a CSV file: staff;from;to;reason")
                .at(path, "", None),
        ])
    })?;
    let absences = parse_lines(path, &text, s)?;
    let first = s.absences.len();
    let lines = absences.iter().map(|(_, line)| *line).collect();
    s.absences.extend(absences.into_iter().map(|(a, _)| a));
    Ok(Imported {
        path: path.to_path_buf(),
        first,
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_names_and_errors_with_lines() {
        let (s, _) = crate::scenario::load_default();
        let text = "Namn;Från;Till;Orsak\nAnna Lindqvist;2025-04-22;2025-04-25;Semester\nerik;2025-05-02;2025-05-02;\n";
        let a = parse(Path::new("hr.csv"), text, &s).unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].staff, "anna");
        assert_eq!(a[0].reason, "Semester");
        assert_eq!(a[1].staff, "erik");
        let bad = "staff,from,to\nanan,2025-04-22,2025-04-25\nerik,2025-13-01,2025-05-02\n";
        let e = parse(Path::new("hr.csv"), bad, &s).unwrap_err().to_string();
        assert!(
            e.contains(
                "hr.csv:2: error: staff: unknown staff member `anan` — did you mean `anna`?"
            ),
            "{e}"
        );
        assert!(
            e.contains("hr.csv:3: error: from: `2025-13-01` is not a date"),
            "{e}"
        );
    }
}
