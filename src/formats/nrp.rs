//! Reader for the Curtois & Qu shift scheduling benchmark format
//! (`benchmarks/shift-scheduling/README.md`), and its translation to a
//! [`RosterProblem`].
//!
//! Lines starting with `#` are comments, blank lines are ignored, a line
//! `SECTION_<NAME>` starts a section and the records are comma-separated. Every
//! problem with the input is an [`NrpError`] naming the line, the section and
//! what is wrong; the reader never panics.

use std::collections::HashMap;
use std::path::Path;

use chrono::Weekday;
use serde::Serialize;

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
    #[error("{file}:{line}: SECTION_{section}: {message}")]
    Parse {
        file: String,
        line: usize,
        section: String,
        message: String,
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
const REQUIRED: [&str; 4] = ["HORIZON", "SHIFTS", "STAFF", "COVER"];

/// Reads an instance file.
pub fn read(path: &Path) -> Result<NrpInstance, NrpError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| NrpError::Io {
        file: file.clone(),
        source,
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
                format!("expected {n} fields ({names}), found {}", r.fields.len()),
            ));
        }
        Ok(())
    }

    fn int(&self, r: &Record, section: &str, i: usize, what: &str) -> Result<u32, NrpError> {
        let f = r.fields[i];
        f.parse::<u32>().map_err(|_| {
            self.err(
                r.line,
                section,
                format!("{what} must be a non-negative integer, found {f:?}"),
            )
        })
    }

    fn day(&self, r: &Record, section: &str, f: &str, horizon: usize) -> Result<usize, NrpError> {
        let d = f.parse::<usize>().map_err(|_| {
            self.err(
                r.line,
                section,
                format!("day must be a non-negative integer, found {f:?}"),
            )
        })?;
        if d >= horizon {
            return Err(self.err(
                r.line,
                section,
                format!("day {d} is outside the horizon 0..{}", horizon),
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
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if let Some(name) = l.strip_prefix("SECTION_") {
            let name = name.trim();
            let Some(known) = SECTIONS.iter().find(|s| **s == name) else {
                return Err(cx.err(line, name, format!("unknown section SECTION_{name}")));
            };
            if let Some((first, _)) = sections.get(known) {
                return Err(cx.err(
                    line,
                    known,
                    format!("section repeated (first on line {first})"),
                ));
            }
            sections.insert(known, (line, Vec::new()));
            current = Some(known);
            continue;
        }
        let Some(sec) = current else {
            return Err(NrpError::Parse {
                file: file.to_string(),
                line,
                section: "(none)".into(),
                message: format!("data before the first SECTION_ line: {l:?}"),
            });
        };
        let fields = l.split(',').map(|f| f.trim()).collect();
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
        [] => return Err(cx.err(*hline, "HORIZON", "no horizon given")),
        [_, r, ..] => return Err(cx.err(r.line, "HORIZON", "more than one horizon record")),
    };

    // SHIFTS (forbidden-next ids resolved once all ids are known)
    let (sline, srec) = get("SHIFTS");
    if srec.is_empty() {
        return Err(cx.err(*sline, "SHIFTS", "no shift types"));
    }
    let mut shift_ids: HashMap<String, usize> = HashMap::new();
    let mut shifts = Vec::new();
    for r in srec {
        cx.fields(r, "SHIFTS", 3, "ShiftID, LengthInMinutes, ForbiddenNext")?;
        let id = r.fields[0];
        if id.is_empty() {
            return Err(cx.err(r.line, "SHIFTS", "empty shift id"));
        }
        if shift_ids.insert(id.to_string(), shifts.len()).is_some() {
            return Err(cx.err(r.line, "SHIFTS", format!("shift id {id:?} defined twice")));
        }
        let minutes = cx.int(r, "SHIFTS", 1, "the length in minutes")?;
        shifts.push(NrpShift {
            id: id.to_string(),
            minutes,
            forbidden_next: Vec::new(),
        });
    }
    for (k, r) in srec.iter().enumerate() {
        for name in r.fields[2]
            .split('|')
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let Some(&t) = shift_ids.get(name) else {
                return Err(cx.err(
                    r.line,
                    "SHIFTS",
                    format!("unknown shift id {name:?} in ForbiddenNext"),
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
        return Err(cx.err(*stline, "STAFF", "no staff"));
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
            return Err(cx.err(r.line, "STAFF", "empty staff id"));
        }
        if staff_ids.insert(id.to_string(), staff.len()).is_some() {
            return Err(cx.err(r.line, "STAFF", format!("staff id {id:?} defined twice")));
        }
        let mut max_shifts = vec![None; shifts.len()];
        for item in r.fields[1]
            .split('|')
            .map(str::trim)
            .filter(|i| !i.is_empty())
        {
            let Some((name, limit)) = item.split_once('=') else {
                return Err(cx.err(
                    r.line,
                    "STAFF",
                    format!("MaxShifts entry {item:?} is not ShiftID=limit"),
                ));
            };
            let Some(&t) = shift_ids.get(name.trim()) else {
                return Err(cx.err(
                    r.line,
                    "STAFF",
                    format!("unknown shift id {:?} in MaxShifts", name.trim()),
                ));
            };
            let limit = limit.trim().parse::<u32>().map_err(|_| {
                cx.err(
                    r.line,
                    "STAFF",
                    format!(
                        "MaxShifts limit of {name} must be a non-negative integer, found {limit:?}"
                    ),
                )
            })?;
            if max_shifts[t].is_some() {
                return Err(cx.err(r.line, "STAFF", format!("MaxShifts lists {name} twice")));
            }
            max_shifts[t] = Some(limit);
        }
        let max_total_minutes = cx.int(r, "STAFF", 2, "MaxTotalMinutes")?;
        let min_total_minutes = cx.int(r, "STAFF", 3, "MinTotalMinutes")?;
        if min_total_minutes > max_total_minutes {
            return Err(cx.err(
                r.line,
                "STAFF",
                format!("MinTotalMinutes {min_total_minutes} exceeds MaxTotalMinutes {max_total_minutes}"),
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
        staff_ids
            .get(id)
            .copied()
            .ok_or_else(|| cx.err(r.line, section, format!("unknown staff id {id:?}")))
    };
    let shift_of = |r: &Record, section: &str, i: usize| -> Result<usize, NrpError> {
        let id = r.fields[i];
        shift_ids
            .get(id)
            .copied()
            .ok_or_else(|| cx.err(r.line, section, format!("unknown shift id {id:?}")))
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
                    shifts[shift].id
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
            e.starts_with("<input>:10: SECTION_STAFF: expected 8 fields"),
            "{e}"
        );
        let bad = SMALL.replace("0,L,1,100,1", "0,L,1,1x0,1");
        assert_eq!(
            parse_err(&bad),
            "<input>:24: SECTION_COVER: the weight for under must be a non-negative integer, found \"1x0\""
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
        assert!(parse_err(&bad).contains(":3: SECTION_HORIZON: the horizon must be"));
        assert!(parse("").is_err());
        assert!(parse("7\n").is_err());
    }
}
