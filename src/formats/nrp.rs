//! Reader for the Curtois & Qu shift scheduling benchmark format
//! (`benchmarks/shift-scheduling/README.md`), and its translation to a
//! [`RosterProblem`].
//!
//! A line `SECTION_<NAME>` starts a section and the records are
//! comma-separated; `#` starts a comment, blank lines are ignored, and the
//! lexical freedoms of [`super::nrp_lex`] (BOM, CRLF, spaces, `+`/`-0`,
//! trailing separators) are accepted. Every problem with the input is an
//! [`NrpError`] naming the file, the line, the section, the field and what to
//! write instead, quoting at most a few dozen characters of the file; the
//! reader never panics. SECTION_COVER may be missing (no cover).

use std::collections::HashMap;
use std::path::Path;

use chrono::Weekday;
use serde::Serialize;

use super::nrp_lex as lex;
use crate::roster::{Cover, Request, RosterProblem, ShiftType, StaffRules};

/// A shift type of the instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NrpShift {
    pub id: String,
    pub minutes: u32,
    /// Indices of the shift types that may not follow this one on the next day.
    pub forbidden_next: Vec<usize>,
}

/// A staff member of the instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NrpStaff {
    pub id: String,
    /// Most shifts of each type (indexed like `shifts`; a type the file does not
    /// list has no limit, `None`).
    pub max_shifts: Vec<Option<u32>>,
    pub max_total_minutes: u32,
    pub min_total_minutes: u32,
    pub max_consecutive_shifts: u32,
    pub min_consecutive_shifts: u32,
    pub min_consecutive_days_off: u32,
    pub max_weekends: u32,
    /// Days on which the staff member must not work.
    pub days_off: Vec<usize>,
}

/// A shift-on or shift-off request (indices into `staff` and `shifts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NrpRequest {
    pub staff: usize,
    pub day: usize,
    pub shift: usize,
    pub weight: u32,
}

/// A cover requirement (index into `shifts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NrpCover {
    pub day: usize,
    pub shift: usize,
    pub requirement: u32,
    pub weight_under: u32,
    pub weight_over: u32,
}

/// A parsed instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NrpInstance {
    pub horizon: usize,
    pub shifts: Vec<NrpShift>,
    pub staff: Vec<NrpStaff>,
    pub on_requests: Vec<NrpRequest>,
    pub off_requests: Vec<NrpRequest>,
    pub cover: Vec<NrpCover>,
}

impl NrpInstance {
    /// Index of the shift type with this id.
    pub fn shift_index(&self, id: &str) -> Option<usize> {
        self.shifts.iter().position(|s| s.id == id)
    }
    /// Index of the staff member with this id.
    pub fn staff_index(&self, id: &str) -> Option<usize> {
        self.staff.iter().position(|s| s.id == id)
    }

    /// A larger instance of the same kind, for measuring how the solver
    /// scales (the benchmark's own instances 13-24 are not here): the
    /// horizon repeated `days` times and every staff member `staff` times,
    /// with the cover requirements multiplied by `staff`. Horizon-wide
    /// limits (total minutes, weekends, shifts of a type) grow with the
    /// horizon; copy `c` of a staff member has its days off and requests
    /// `c` days later (within each repeat), so the copies are not alike.
    /// The original's roster repeated is a roster of the tiling when no run
    /// crosses the seams, so `days` times its optimum is about an upper
    /// bound of the tiling's.
    pub fn tiled(&self, days: usize, staff: usize) -> NrpInstance {
        let (k, f, h) = (days.max(1), staff.max(1), self.horizon);
        let nh = h * k;
        let day = |d: usize, c: usize, rep: usize| (d + c) % h.max(1) + rep * h;
        let mut out = NrpInstance {
            horizon: nh,
            shifts: self.shifts.clone(),
            staff: Vec::new(),
            on_requests: Vec::new(),
            off_requests: Vec::new(),
            cover: Vec::new(),
        };
        let k32 = k as u32;
        for c in 0..f {
            for st in &self.staff {
                let mut days_off = Vec::new();
                for rep in 0..k {
                    days_off.extend(st.days_off.iter().map(|&d| day(d, c, rep)));
                }
                days_off.sort_unstable();
                out.staff.push(NrpStaff {
                    id: if c == 0 {
                        st.id.clone()
                    } else {
                        format!("{}_{c}", st.id)
                    },
                    max_shifts: (st.max_shifts.iter())
                        .map(|m| m.map(|m| if m as usize >= h { nh as u32 } else { m * k32 }))
                        .collect(),
                    max_total_minutes: st.max_total_minutes * k32,
                    min_total_minutes: st.min_total_minutes * k32,
                    max_weekends: st.max_weekends * k32,
                    days_off,
                    ..st.clone()
                });
            }
        }
        let ns = self.staff.len();
        for (from, to) in [
            (&self.on_requests, &mut out.on_requests),
            (&self.off_requests, &mut out.off_requests),
        ] {
            for c in 0..f {
                for rep in 0..k {
                    to.extend(from.iter().map(|r| NrpRequest {
                        staff: c * ns + r.staff,
                        day: day(r.day, c, rep),
                        ..r.clone()
                    }));
                }
            }
        }
        for rep in 0..k {
            out.cover.extend(self.cover.iter().map(|cv| NrpCover {
                day: cv.day + rep * h,
                requirement: cv.requirement * f as u32,
                ..cv.clone()
            }));
        }
        out
    }
}

/// What went wrong reading an instance.
#[derive(Debug, thiserror::Error)]
pub enum NrpError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{file}:{line}: not UTF-8 text (a Curtois & Qu instance is a plain text file; \
         is this the right file?)"
    )]
    NotText { file: String, line: usize },
    #[error("{file}:{line}: SECTION_{section}: {message}")]
    Parse {
        file: String,
        line: usize,
        section: String,
        message: String,
    },
    #[error(
        "{file}:{line}: data before the first SECTION_ line: {text} (a Curtois & Qu \
         instance starts with SECTION_HORIZON; is this the right file?)"
    )]
    BeforeSections {
        file: String,
        line: usize,
        text: String,
    },
    #[error("{file}: missing section SECTION_{section}")]
    MissingSection { file: String, section: String },
}

const SECTIONS: [&str; 7] = [
    "HORIZON",
    "SHIFTS",
    "STAFF",
    "DAYS_OFF",
    "SHIFT_ON_REQUESTS",
    "SHIFT_OFF_REQUESTS",
    "COVER",
];
const REQUIRED: [&str; 3] = ["HORIZON", "SHIFTS", "STAFF"];

/// Fields of a record of each section (a trailing `,` beyond them is
/// dropped; DAYS_OFF has any number).
fn field_count(section: &str) -> usize {
    match section {
        "HORIZON" => 1,
        "SHIFTS" => 3,
        "STAFF" => 8,
        "SHIFT_ON_REQUESTS" | "SHIFT_OFF_REQUESTS" => 4,
        "COVER" => 5,
        _ => 1,
    }
}

/// Reads an instance file.
pub fn read(path: &Path) -> Result<NrpInstance, NrpError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| NrpError::Io {
        file: file.clone(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
        NrpError::NotText {
            file: file.clone(),
            line,
        }
    })?;
    parse_named(&text, &file)
}

/// Instance `i` of the Curtois & Qu benchmark beside the project (for tests).
#[cfg(test)]
pub(crate) fn benchmark_path(i: usize) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
        "benchmarks/shift-scheduling/instances/Instance{i}.txt"
    ))
}

/// Parses an instance from text.
pub fn parse(text: &str) -> Result<NrpInstance, NrpError> {
    parse_named(text, "<input>")
}

/// One record: its line number and fields.
struct Record<'a> {
    line: usize,
    fields: Vec<&'a str>,
}

struct Ctx<'a> {
    file: &'a str,
}

impl Ctx<'_> {
    fn err(&self, line: usize, section: &str, message: impl Into<String>) -> NrpError {
        NrpError::Parse {
            file: self.file.to_string(),
            line,
            section: section.to_string(),
            message: message.into(),
        }
    }

    fn fields(&self, r: &Record, section: &str, n: usize, names: &str) -> Result<(), NrpError> {
        if r.fields.len() != n {
            return Err(self.err(
                r.line,
                section,
                format!(
                    "expected {n} comma-separated fields ({names}), found {}",
                    r.fields.len()
                ),
            ));
        }
        Ok(())
    }

    /// Field `i` (0-based) as a whole number; `what` names it.
    fn int(&self, r: &Record, section: &str, i: usize, what: &str) -> Result<u32, NrpError> {
        self.number(
            r.line,
            section,
            r.fields[i],
            &format!("{what} (field {})", i + 1),
        )
    }

    fn number(&self, line: usize, section: &str, f: &str, what: &str) -> Result<u32, NrpError> {
        lex::count(f).map_err(|e| {
            self.err(
                line,
                section,
                format!(
                    "{what} must be a non-negative integer, found {}: {}",
                    lex::quote(f),
                    e.hint()
                ),
            )
        })
    }

    fn day(&self, r: &Record, section: &str, f: &str, horizon: usize) -> Result<usize, NrpError> {
        let d = self.number(r.line, section, f, "the day")? as usize;
        if d >= horizon {
            return Err(self.err(
                r.line,
                section,
                format!(
                    "day {d} is outside the horizon 0..{} (days count from 0)",
                    horizon
                ),
            ));
        }
        Ok(d)
    }
}

fn parse_named(text: &str, file: &str) -> Result<NrpInstance, NrpError> {
    let cx = Ctx { file };
    // Split into sections of records.
    let mut sections: HashMap<&str, (usize, Vec<Record>)> = HashMap::new();
    let mut current: Option<&str> = None;
    for (line, l) in lex::content_lines(text) {
        if let Some(name) = l.strip_prefix("SECTION_") {
            // (A header may carry trailing separators too.)
            let name = name.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
            let Some(known) = SECTIONS.iter().find(|s| **s == name) else {
                return Err(cx.err(
                    line,
                    &lex::cut(name),
                    format!(
                        "unknown section SECTION_{}; the sections are SECTION_{}",
                        lex::cut(name),
                        SECTIONS.join(", SECTION_")
                    ),
                ));
            };
            if let Some((first, _)) = sections.get(known) {
                return Err(cx.err(
                    line,
                    known,
                    format!("section repeated (first on line {first}); merge the two"),
                ));
            }
            sections.insert(known, (line, Vec::new()));
            current = Some(known);
            continue;
        }
        let Some(sec) = current else {
            return Err(NrpError::BeforeSections {
                file: file.to_string(),
                line,
                text: lex::quote(l),
            });
        };
        let fields = lex::fields(l, field_count(sec));
        sections
            .get_mut(sec)
            .expect("current section exists")
            .1
            .push(Record { line, fields });
    }
    for req in REQUIRED {
        if !sections.contains_key(req) {
            return Err(NrpError::MissingSection {
                file: file.to_string(),
                section: req.to_string(),
            });
        }
    }
    let empty = (0, Vec::new());
    let get = |name: &str| sections.get(name).unwrap_or(&empty);

    // HORIZON
    let (hline, hrec) = get("HORIZON");
    let horizon = match hrec.as_slice() {
        [r] => {
            cx.fields(r, "HORIZON", 1, "number of days")?;
            let h = cx.int(r, "HORIZON", 0, "the horizon")? as usize;
            if h == 0 {
                return Err(cx.err(r.line, "HORIZON", "the horizon must be at least 1 day"));
            }
            h
        }
        [] => return Err(cx.err(*hline, "HORIZON", "no horizon given (a number of days)")),
        [_, r, ..] => return Err(cx.err(r.line, "HORIZON", "more than one horizon record")),
    };

    // SHIFTS (forbidden-next ids resolved once all ids are known)
    let (sline, srec) = get("SHIFTS");
    if srec.is_empty() {
        return Err(cx.err(*sline, "SHIFTS", "no shift types (at least one is needed)"));
    }
    let mut shift_ids: HashMap<String, usize> = HashMap::new();
    let mut shifts = Vec::new();
    for r in srec {
        cx.fields(r, "SHIFTS", 3, "ShiftID, LengthInMinutes, ForbiddenNext")?;
        let id = r.fields[0];
        if id.is_empty() {
            return Err(cx.err(r.line, "SHIFTS", "empty shift id (field 1)"));
        }
        if shift_ids.insert(id.to_string(), shifts.len()).is_some() {
            return Err(cx.err(
                r.line,
                "SHIFTS",
                format!("shift id {} defined twice", lex::quote(id)),
            ));
        }
        let minutes = cx.int(r, "SHIFTS", 1, "the length in minutes")?;
        shifts.push(NrpShift {
            id: id.to_string(),
            minutes,
            forbidden_next: Vec::new(),
        });
    }
    for (k, r) in srec.iter().enumerate() {
        for name in lex::items(r.fields[2]) {
            let Some(&t) = shift_ids.get(name) else {
                return Err(cx.err(
                    r.line,
                    "SHIFTS",
                    format!(
                        "unknown shift id {} in ForbiddenNext (field 3; ids separated by |)",
                        lex::quote(name)
                    ),
                ));
            };
            if !shifts[k].forbidden_next.contains(&t) {
                shifts[k].forbidden_next.push(t);
            }
        }
    }

    // STAFF
    let (stline, strec) = get("STAFF");
    if strec.is_empty() {
        return Err(cx.err(*stline, "STAFF", "no staff (at least one is needed)"));
    }
    let mut staff_ids: HashMap<String, usize> = HashMap::new();
    let mut staff = Vec::new();
    for r in strec {
        cx.fields(
            r,
            "STAFF",
            8,
            "ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, \
             MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends",
        )?;
        let id = r.fields[0];
        if id.is_empty() {
            return Err(cx.err(r.line, "STAFF", "empty staff id (field 1)"));
        }
        if staff_ids.insert(id.to_string(), staff.len()).is_some() {
            return Err(cx.err(
                r.line,
                "STAFF",
                format!("staff id {} defined twice", lex::quote(id)),
            ));
        }
        let mut max_shifts = vec![None; shifts.len()];
        for item in lex::items(r.fields[1]) {
            let Some((name, limit)) = item.split_once('=') else {
                return Err(cx.err(
                    r.line,
                    "STAFF",
                    format!(
                        "MaxShifts (field 2) entry {} is not ShiftID=limit",
                        lex::quote(item)
                    ),
                ));
            };
            let name = name.trim();
            let Some(&t) = shift_ids.get(name) else {
                return Err(cx.err(
                    r.line,
                    "STAFF",
                    format!(
                        "unknown shift id {} in MaxShifts (field 2)",
                        lex::quote(name)
                    ),
                ));
            };
            let what = format!("the MaxShifts limit of {} (field 2)", lex::quote(name));
            let limit = cx.number(r.line, "STAFF", limit, &what)?;
            if max_shifts[t].is_some() {
                return Err(cx.err(
                    r.line,
                    "STAFF",
                    format!("MaxShifts (field 2) lists {} twice", lex::quote(name)),
                ));
            }
            max_shifts[t] = Some(limit);
        }
        let max_total_minutes = cx.int(r, "STAFF", 2, "MaxTotalMinutes")?;
        let min_total_minutes = cx.int(r, "STAFF", 3, "MinTotalMinutes")?;
        if min_total_minutes > max_total_minutes {
            return Err(cx.err(
                r.line,
                "STAFF",
                format!(
                    "MinTotalMinutes {min_total_minutes} (field 4) exceeds MaxTotalMinutes \
                     {max_total_minutes} (field 3)"
                ),
            ));
        }
        staff.push(NrpStaff {
            id: id.to_string(),
            max_shifts,
            max_total_minutes,
            min_total_minutes,
            max_consecutive_shifts: cx.int(r, "STAFF", 4, "MaxConsecutiveShifts")?,
            min_consecutive_shifts: cx.int(r, "STAFF", 5, "MinConsecutiveShifts")?,
            min_consecutive_days_off: cx.int(r, "STAFF", 6, "MinConsecutiveDaysOff")?,
            max_weekends: cx.int(r, "STAFF", 7, "MaxWeekends")?,
            days_off: Vec::new(),
        });
    }
    let staff_of = |r: &Record, section: &str| -> Result<usize, NrpError> {
        let id = r.fields[0];
        staff_ids.get(id).copied().ok_or_else(|| {
            cx.err(
                r.line,
                section,
                format!(
                    "unknown staff id {} (field 1; staff are listed in SECTION_STAFF)",
                    lex::quote(id)
                ),
            )
        })
    };
    let shift_of = |r: &Record, section: &str, i: usize| -> Result<usize, NrpError> {
        let id = r.fields[i];
        shift_ids.get(id).copied().ok_or_else(|| {
            cx.err(
                r.line,
                section,
                format!("unknown shift id {}", lex::quote(id)),
            )
        })
    };

    // DAYS_OFF
    for r in &get("DAYS_OFF").1 {
        if r.fields.is_empty() || r.fields[0].is_empty() {
            return Err(cx.err(r.line, "DAYS_OFF", "expected EmployeeID, day, day, ..."));
        }
        let s = staff_of(r, "DAYS_OFF")?;
        for f in &r.fields[1..] {
            if f.is_empty() {
                continue;
            }
            let d = cx.day(r, "DAYS_OFF", f, horizon)?;
            if !staff[s].days_off.contains(&d) {
                staff[s].days_off.push(d);
            }
        }
    }
    for s in &mut staff {
        s.days_off.sort_unstable();
    }

    // Requests
    let requests = |section: &str| -> Result<Vec<NrpRequest>, NrpError> {
        let mut out = Vec::new();
        for r in &get(section).1 {
            cx.fields(r, section, 4, "EmployeeID, Day, ShiftID, Weight")?;
            out.push(NrpRequest {
                staff: staff_of(r, section)?,
                day: cx.day(r, section, r.fields[1], horizon)?,
                shift: shift_of(r, section, 2)?,
                weight: cx.int(r, section, 3, "the weight")?,
            });
        }
        Ok(out)
    };
    let on_requests = requests("SHIFT_ON_REQUESTS")?;
    let off_requests = requests("SHIFT_OFF_REQUESTS")?;

    // COVER
    let mut cover = Vec::new();
    let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
    for r in &get("COVER").1 {
        cx.fields(
            r,
            "COVER",
            5,
            "Day, ShiftID, Requirement, WeightForUnder, WeightForOver",
        )?;
        let day = cx.day(r, "COVER", r.fields[0], horizon)?;
        let shift = shift_of(r, "COVER", 1)?;
        if let Some(first) = seen.insert((day, shift), r.line) {
            return Err(cx.err(
                r.line,
                "COVER",
                format!(
                    "cover for day {day}, shift {} given twice (first on line {first})",
                    lex::quote(&shifts[shift].id)
                ),
            ));
        }
        cover.push(NrpCover {
            day,
            shift,
            requirement: cx.int(r, "COVER", 2, "the requirement")?,
            weight_under: cx.int(r, "COVER", 3, "the weight for under")?,
            weight_over: cx.int(r, "COVER", 4, "the weight for over")?,
        });
    }

    Ok(NrpInstance {
        horizon,
        shifts,
        staff,
        on_requests,
        off_requests,
        cover,
    })
}

/// The instance as a general roster problem (day 0 is a Monday; shift types
/// start at minute 0 and last their length).
pub fn to_roster_problem(inst: &NrpInstance) -> RosterProblem {
    let shift_types = inst
        .shifts
        .iter()
        .map(|s| ShiftType {
            id: s.id.clone(),
            start_minute: 0,
            end_minute: s.minutes,
        })
        .collect();
    let mut forbidden_next = Vec::new();
    for (a, s) in inst.shifts.iter().enumerate() {
        for &b in &s.forbidden_next {
            forbidden_next.push((a, b));
        }
    }
    let minutes: Vec<u32> = inst.shifts.iter().map(|s| s.minutes).collect();
    let staff = inst
        .staff
        .iter()
        .map(|s| {
            let mut r = StaffRules::new(s.id.clone(), minutes.clone());
            r.max_shifts = s.max_shifts.clone();
            r.min_total_minutes = Some(s.min_total_minutes);
            r.max_total_minutes = Some(s.max_total_minutes);
            r.max_consecutive = Some(s.max_consecutive_shifts);
            r.min_consecutive = Some(s.min_consecutive_shifts);
            r.min_days_off = Some(s.min_consecutive_days_off);
            r.max_weekends = Some(s.max_weekends);
            r.unavailable = s.days_off.iter().map(|&d| (d, None)).collect();
            r
        })
        .collect();
    let cover = inst
        .cover
        .iter()
        .map(|c| Cover {
            day: c.day,
            shift: c.shift,
            requirement: c.requirement,
            weight_under: c.weight_under as f64,
            weight_over: c.weight_over as f64,
        })
        .collect();
    let mut requests = Vec::new();
    for (list, on) in [(&inst.on_requests, true), (&inst.off_requests, false)] {
        for r in list {
            requests.push(Request {
                staff: r.staff,
                day: r.day,
                shift: r.shift,
                weight: r.weight as f64,
                on,
            });
        }
    }
    RosterProblem {
        days: inst.horizon,
        first_weekday: Weekday::Mon,
        shift_types,
        forbidden_next,
        staff,
        cover,
        requests,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "\
# comment
SECTION_HORIZON
7

SECTION_SHIFTS
D,480,
L,480,D

SECTION_STAFF
A,D=7|L=2,2400,960,5,2,2,1
B,D=7|L=0,2400,960,5,1,1,1

SECTION_DAYS_OFF
A,0,3

SECTION_SHIFT_ON_REQUESTS
B,2,D,3

SECTION_SHIFT_OFF_REQUESTS
A,4,L,2

SECTION_COVER
0,D,1,100,1
0,L,1,100,1
";

    #[test]
    fn tiling_repeats_days_and_staff() {
        let inst = parse(SMALL).unwrap();
        assert_eq!(inst.tiled(1, 1), inst);
        let t = inst.tiled(2, 2);
        assert_eq!(t.horizon, 14);
        let ids: Vec<&str> = t.staff.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["A", "B", "A_1", "B_1"]);
        // A's limit of 2 L shifts doubles; D's (the whole horizon) stays whole.
        assert_eq!(t.staff[0].max_shifts, [Some(14), Some(4)]);
        assert_eq!(t.staff[0].max_total_minutes, 4800);
        assert_eq!(t.staff[0].max_weekends, 2);
        assert_eq!(t.staff[0].days_off, [0, 3, 7, 10]);
        assert_eq!(t.staff[2].days_off, [1, 4, 8, 11]);
        let on: Vec<(usize, usize)> = t.on_requests.iter().map(|r| (r.staff, r.day)).collect();
        assert_eq!(on, [(1, 2), (1, 9), (3, 3), (3, 10)]);
        let cover: Vec<(usize, u32)> = t.cover.iter().map(|c| (c.day, c.requirement)).collect();
        assert_eq!(cover, [(0, 2), (0, 2), (7, 2), (7, 2)]);
    }

    #[test]
    fn parses_a_small_instance() {
        let i = parse(SMALL).unwrap();
        assert_eq!(i.horizon, 7);
        assert_eq!(i.shifts.len(), 2);
        assert_eq!(i.shifts[1].forbidden_next, vec![0]);
        assert_eq!(i.staff[0].max_shifts, vec![Some(7), Some(2)]);
        assert_eq!(i.staff[0].days_off, vec![0, 3]);
        assert_eq!(i.on_requests[0].weight, 3);
        assert_eq!(i.off_requests[0].shift, 1);
        assert_eq!(i.cover.len(), 2);
        let p = to_roster_problem(&i);
        assert!(p.validate().is_ok());
        assert_eq!(p.forbidden_next, vec![(1, 0)]);
        assert_eq!(p.requests.len(), 2);
    }

    fn parse_err(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    /// SMALL with `from` replaced by `to` reads as SMALL does.
    fn same_as_small(from: &str, to: &str) {
        let text = SMALL.replacen(from, to, 1);
        assert_ne!(text, SMALL, "{from:?} not in SMALL");
        let got = parse(&text).unwrap_or_else(|e| panic!("{to:?}: {e}"));
        assert_eq!(got, parse(SMALL).unwrap(), "{to:?}");
    }

    #[test]
    fn a_cover_requirement_of_minus_zero_is_zero() {
        // The real-world file: "-0" was refused as not a non-negative integer.
        let text = SMALL.replace("0,L,1,100,1", "0,L,-0,100,1");
        assert_eq!(parse(&text).unwrap().cover[1].requirement, 0);
    }

    #[test]
    fn signed_zeros_and_plus_signs() {
        same_as_small("0,D,1,100,1", "-0,D,+1,+100,+1");
        same_as_small("A,0,3", "A,-0,+3");
        same_as_small("SECTION_HORIZON\n7", "SECTION_HORIZON\n+7");
        same_as_small(
            "D=7|L=2,2400,960,5,2,2,1",
            "D=+7|L=+2,+2400,+960,+5,+2,+2,+1",
        );
        same_as_small("B,2,D,3", "B,+2,D,+3");
        same_as_small("L,480,D", "L,+480,D");
        let text = SMALL.replace("A,4,L,2", "A,4,L,-0");
        assert_eq!(parse(&text).unwrap().off_requests[0].weight, 0);
    }

    #[test]
    fn spaces_and_tabs_around_fields() {
        same_as_small("A,D=7|L=2,2400", " A ,\tD = 7 | L=2\t, 2400");
        same_as_small("L,480,D", "\tL , 480 ,  D  ");
        same_as_small("0,D,1,100,1", "  0 , D,1 ,100 ,\t1\t");
        same_as_small("B,2,D,3", "B , 2 , D , 3");
    }

    #[test]
    fn crlf_and_lone_cr_line_ends() {
        let crlf = SMALL.replace('\n', "\r\n");
        assert_eq!(parse(&crlf).unwrap(), parse(SMALL).unwrap());
        let cr = SMALL.replace('\n', "\r");
        assert_eq!(parse(&cr).unwrap(), parse(SMALL).unwrap());
        // Line numbers count CRLF lines once.
        let bad = crlf.replace("B,2,D,3", "B,2,X,3");
        assert!(
            parse_err(&bad).starts_with("<input>:17:"),
            "{}",
            parse_err(&bad)
        );
    }

    #[test]
    fn blank_lines_and_comments_anywhere() {
        same_as_small(
            "A,0,3\n",
            "\n\n# a note\n  # indented\nA,0,3 # trailing note\n\n",
        );
        same_as_small("SECTION_STAFF\n", "SECTION_STAFF # staff follow\n\t\n");
        same_as_small("7\n", "7  # days\n");
    }

    #[test]
    fn empty_and_missing_optional_sections() {
        let text = SMALL
            .replace("A,0,3\n", "")
            .replace("B,2,D,3\n", "")
            .replace("A,4,L,2\n", "");
        let i = parse(&text).unwrap();
        assert!(i.on_requests.is_empty() && i.off_requests.is_empty());
        assert!(i.staff.iter().all(|s| s.days_off.is_empty()));
        let cut = SMALL.find("SECTION_DAYS_OFF").unwrap();
        let no_tail = &SMALL[..cut];
        let i = parse(no_tail).unwrap();
        assert!(i.cover.is_empty() && i.on_requests.is_empty());
        // An empty COVER section at the end of the file.
        let i = parse(&format!("{no_tail}SECTION_COVER\n")).unwrap();
        assert!(i.cover.is_empty());
    }

    #[test]
    fn trailing_separators() {
        same_as_small("A,0,3", "A,0,3,");
        same_as_small("0,D,1,100,1", "0,D,1,100,1,");
        same_as_small("B,2,D,3", "B,2,D,3 ,");
        same_as_small("D,480,", "D,480,,");
        same_as_small("L,480,D", "L,480,D|");
        same_as_small("D=7|L=2,", "D=7|L=2|,");
        same_as_small("A,D=7|L=2,2400,960,5,2,2,1", "A,D=7|L=2,2400,960,5,2,2,1,");
        same_as_small("SECTION_COVER", "SECTION_COVER,");
    }

    #[test]
    fn a_byte_order_mark_at_the_start() {
        let text = format!("\u{feff}{SMALL}");
        assert_eq!(parse(&text).unwrap(), parse(SMALL).unwrap());
        let text = format!(
            "\u{feff}SECTION_HORIZON\n7\n{}",
            &SMALL[SMALL.find("\nSECTION_SHIFTS").unwrap()..]
        );
        assert_eq!(parse(&text).unwrap(), parse(SMALL).unwrap());
    }

    #[test]
    fn malformed_values_name_field_and_hint() {
        let bad = SMALL.replace("0,L,1,100,1", "0,L,-1,100,1");
        let e = parse_err(&bad);
        assert!(
            e.starts_with("<input>:24: SECTION_COVER: the requirement (field 3) must be"),
            "{e}"
        );
        assert!(e.contains("\"-1\"") && e.contains("write 0 or more"), "{e}");
        let e = parse_err(&SMALL.replace("L,480,D", "L,4.5,D"));
        assert!(
            e.contains(":7: SECTION_SHIFTS: the length in minutes (field 2)"),
            "{e}"
        );
        assert!(e.contains("no decimals"), "{e}");
        let e = parse_err(&SMALL.replace("D=7|L=2", "D=7|L=x"));
        assert!(
            e.contains(":10: SECTION_STAFF: the MaxShifts limit of \"L\" (field 2)"),
            "{e}"
        );
        let e = parse_err(&SMALL.replace("A,0,3", "A,0,99999999999"));
        assert!(e.contains("too large"), "{e}");
        let e = parse_err(&SMALL.replace("A,0,3", "A,0,-3"));
        assert!(e.contains(":14: SECTION_DAYS_OFF: the day must be"), "{e}");
        let e = parse_err(&SMALL.replace("B,2,D,3", "B,2,D,+"));
        assert!(e.contains("the weight (field 4)"), "{e}");
    }

    #[test]
    fn errors_never_echo_long_foreign_content() {
        let junk = "x".repeat(10_000);
        let e = parse_err(&junk);
        assert!(e.len() < 300, "{e}");
        assert!(
            e.contains("<input>:1: data before the first SECTION_ line"),
            "{e}"
        );
        let e = parse_err(&SMALL.replace("B,2,D,3", &format!("B,2,{junk},3")));
        assert!(e.len() < 300, "{e}");
        let e = parse_err(&SMALL.replace("SECTION_COVER", &format!("SECTION_{junk}")));
        assert!(e.len() < 500, "{e}");
        let e = parse_err(&SMALL.replace("0,D,1,100,1", &format!("0,D,{junk},100,1")));
        assert!(e.len() < 400, "{e}");
    }

    #[test]
    fn a_file_that_is_not_text_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.txt");
        let mut bytes = b"SECTION_HORIZON\n7\n".to_vec();
        bytes.extend([0xff, 0xfe, 0x00, 0x80]);
        std::fs::write(&path, bytes).unwrap();
        let e = read(&path).unwrap_err().to_string();
        assert!(e.contains("x.txt:3: not UTF-8 text"), "{e}");
    }

    #[test]
    fn errors_name_line_and_section() {
        let bad = SMALL.replace("B,2,D,3", "B,2,X,3");
        assert_eq!(
            parse_err(&bad),
            "<input>:17: SECTION_SHIFT_ON_REQUESTS: unknown shift id \"X\""
        );
        let bad = SMALL.replace("A,D=7|L=2,2400,960,5,2,2,1", "A,D=7|L=2,2400,960,5,2,2");
        let e = parse_err(&bad);
        assert!(
            e.starts_with("<input>:10: SECTION_STAFF: expected 8 comma-separated fields"),
            "{e}"
        );
        let bad = SMALL.replace("0,L,1,100,1", "0,L,1,1x0,1");
        let e = parse_err(&bad);
        assert!(
            e.starts_with(
                "<input>:24: SECTION_COVER: the weight for under (field 4) must be a \
                 non-negative integer, found \"1x0\""
            ),
            "{e}"
        );
        let bad = SMALL.replace("L,480,D", "L,480,Q");
        assert!(parse_err(&bad).contains(":7: SECTION_SHIFTS: unknown shift id \"Q\""));
        let bad = SMALL.replace("A,0,3", "A,0,9");
        assert!(parse_err(&bad).contains(":14: SECTION_DAYS_OFF: day 9 is outside"));
        let bad = SMALL.replace("SECTION_COVER", "SECTION_COVERS");
        assert!(parse_err(&bad).contains("unknown section SECTION_COVERS"));
        let bad = SMALL.replace("SECTION_HORIZON\n7\n", "");
        assert_eq!(parse_err(&bad), "<input>: missing section SECTION_HORIZON");
        let bad = SMALL.replace("SECTION_HORIZON\n7", "SECTION_HORIZON\nseven");
        assert!(parse_err(&bad).contains(":3: SECTION_HORIZON: the horizon (field 1) must be"));
        assert!(parse("").is_err());
        assert!(parse("7\n").is_err());
    }
}
