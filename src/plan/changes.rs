//! What a re-plan changed against the published plan, from the two plans'
//! rows alone: `changes.csv` (one row per opening, shift or booking added,
//! removed or given other times) and each calendar event's revision
//! (`sequences.csv`, the iCalendar SEQUENCE of every event that ever
//! changed). The calendar UIDs are made here too, so that the same staff
//! member, office, date and kind keep one UID across plans and scenario
//! names.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{BookingRow, OpeningRow, ShiftRow};

/// One row of `changes.csv`. `before` and `after` are events as
/// `"<kind> <start>-<end>"` (`"day 10:00-15:00"`) for openings and shifts,
/// `"<room> <department> <start>-<end>"` for bookings; empty for an event
/// added or removed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ChangeRow {
    pub date: NaiveDate,
    pub office: String,
    /// The staff member of a shift; empty for openings and bookings.
    pub staff: String,
    /// `opening_added`, `opening_cancelled`, `opening_times`, `shift_added`,
    /// `shift_removed`, `shift_times`, `booking_added` or `booking_removed`.
    pub what: String,
    pub before: String,
    pub after: String,
}

impl ChangeRow {
    /// True for a change of a staff member's shift (a staff event).
    pub fn is_shift(&self) -> bool {
        self.what.starts_with("shift_")
    }
    /// True for a change of an opening citizens were told about.
    pub fn is_opening(&self) -> bool {
        self.what.starts_with("opening_")
    }
}

/// One row of `sequences.csv`: an event's iCalendar SEQUENCE (events not
/// listed have 0).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SequenceRow {
    pub uid: String,
    pub sequence: u32,
}

/// What a re-plan adds to a plan: the date it changes from, the end of the
/// notice period, the changes and the events' revisions.
#[derive(Debug, Clone, PartialEq)]
pub struct Replan {
    pub from: NaiveDate,
    /// The last date of the notice period after `from`.
    pub notice_until: NaiveDate,
    pub changes: Vec<ChangeRow>,
    pub sequences: Vec<SequenceRow>,
}

/// An event in `changes.csv`'s form.
pub fn event(kind: &str, start: &str, end: &str) -> String {
    format!("{kind} {start}-{end}")
}

/// `(kind, start, end)` of an event written by [`event`].
pub fn parse_event(text: &str) -> Option<(&str, &str, &str)> {
    let (kind, times) = text.split_once(' ')?;
    let (start, end) = times.split_once('-')?;
    Some((kind, start, end))
}

/// An id as a UID part: letters, digits, `-` and `_` as they are, anything
/// else as `.XX` (its UTF-8 bytes in hex), so that distinct ids give
/// distinct UIDs.
fn uid_part(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out += &format!(".{b:02X}");
            }
        }
    }
    out
}

/// The calendar UID of a staff member's shift: the same for the same
/// staff member, office, date and kind in every plan of every scenario.
pub fn shift_uid(staff: &str, office: &str, date: NaiveDate, kind: &str) -> String {
    format!(
        "shift-{}-{}-{date}-{kind}@serviceplan",
        uid_part(staff),
        uid_part(office)
    )
}

/// The calendar UID of an office's opening.
pub fn opening_uid(office: &str, date: NaiveDate, kind: &str) -> String {
    format!("opening-{}-{date}-{kind}@serviceplan", uid_part(office))
}

/// Compares two plans: every opening, shift and booking that was removed,
/// added or given other times, sorted by date, office, staff and what.
pub fn diff(
    before: (&[OpeningRow], &[ShiftRow], &[BookingRow]),
    after: (&[OpeningRow], &[ShiftRow], &[BookingRow]),
) -> Vec<ChangeRow> {
    let mut out = Vec::new();
    // openings: (date, office, kind) → times
    let openings = |rows: &[OpeningRow]| -> BTreeMap<(NaiveDate, String, String), String> {
        rows.iter()
            .map(|r| {
                (
                    (r.date, r.office.clone(), r.kind.clone()),
                    event(&r.kind, &r.start, &r.end),
                )
            })
            .collect()
    };
    let (a, b) = (openings(before.0), openings(after.0));
    for (key @ (date, office, _), was) in &a {
        match b.get(key) {
            None => out.push(change(*date, office, "", "opening_cancelled", was, "")),
            Some(now) if now != was => {
                out.push(change(*date, office, "", "opening_times", was, now))
            }
            Some(_) => {}
        }
    }
    for (key @ (date, office, _), now) in &b {
        if !a.contains_key(key) {
            out.push(change(*date, office, "", "opening_added", "", now));
        }
    }
    // shifts: (date, office, staff, kind) → times
    let shifts = |rows: &[ShiftRow]| -> BTreeMap<(NaiveDate, String, String, String), String> {
        rows.iter()
            .map(|r| {
                (
                    (r.date, r.office.clone(), r.staff.clone(), r.kind.clone()),
                    event(&r.kind, &r.start, &r.end),
                )
            })
            .collect()
    };
    let (a, b) = (shifts(before.1), shifts(after.1));
    for (key @ (date, office, staff, _), was) in &a {
        match b.get(key) {
            None => out.push(change(*date, office, staff, "shift_removed", was, "")),
            Some(now) if now != was => {
                out.push(change(*date, office, staff, "shift_times", was, now))
            }
            Some(_) => {}
        }
    }
    for (key @ (date, office, staff, _), now) in &b {
        if !a.contains_key(key) {
            out.push(change(*date, office, staff, "shift_added", "", now));
        }
    }
    // bookings, as whole rows
    let bookings = |rows: &[BookingRow]| -> BTreeSet<(NaiveDate, String, String)> {
        rows.iter()
            .map(|r| {
                (
                    r.date,
                    r.office.clone(),
                    format!("{} {} {}-{}", r.room, r.department, r.start, r.end),
                )
            })
            .collect()
    };
    let (a, b) = (bookings(before.2), bookings(after.2));
    for (date, office, text) in a.difference(&b) {
        out.push(change(*date, office, "", "booking_removed", text, ""));
    }
    for (date, office, text) in b.difference(&a) {
        out.push(change(*date, office, "", "booking_added", "", text));
    }
    out.sort();
    out
}

fn change(
    date: NaiveDate,
    office: &str,
    staff: &str,
    what: &str,
    before: &str,
    after: &str,
) -> ChangeRow {
    ChangeRow {
        date,
        office: office.into(),
        staff: staff.into(),
        what: what.into(),
        before: before.into(),
        after: after.into(),
    }
}

/// The UID of the calendar event a change of an opening or shift is about
/// (`None` for bookings, which have no calendar).
pub fn change_uid(c: &ChangeRow) -> Option<String> {
    let text = if c.before.is_empty() {
        &c.after
    } else {
        &c.before
    };
    let (kind, _, _) = parse_event(text)?;
    if c.is_shift() {
        Some(shift_uid(&c.staff, &c.office, c.date, kind))
    } else if c.is_opening() {
        Some(opening_uid(&c.office, c.date, kind))
    } else {
        None
    }
}

/// The events' revisions after `changes`: every event a change is about is
/// one above its revision in `previous` (0 when not listed); the others keep
/// theirs. Sorted by UID.
pub fn sequences(previous: &[SequenceRow], changes: &[ChangeRow]) -> Vec<SequenceRow> {
    let old: BTreeMap<&str, u32> = previous
        .iter()
        .map(|r| (r.uid.as_str(), r.sequence))
        .collect();
    let mut new: BTreeMap<String, u32> = old.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    for uid in changes.iter().filter_map(change_uid) {
        let next = old.get(uid.as_str()).copied().unwrap_or(0) + 1;
        new.insert(uid, next);
    }
    new.into_iter()
        .map(|(uid, sequence)| SequenceRow { uid, sequence })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shift(date: &str, office: &str, staff: &str, kind: &str, start: &str) -> ShiftRow {
        ShiftRow {
            date: date.parse().unwrap(),
            office: office.into(),
            staff: staff.into(),
            start: start.into(),
            end: "15:00".into(),
            kind: kind.into(),
            travel_minutes: 20,
            break_start: String::new(),
            break_end: String::new(),
        }
    }

    /// A move to another office is a removal and an addition; other times
    /// are one change; the events' sequences rise by one from the previous.
    #[test]
    fn a_move_is_two_changes_and_raises_both_sequences() {
        let before = [
            shift("2025-05-05", "valbo", "anna", "day", "10:00"),
            shift("2025-05-06", "hille", "erik", "day", "10:00"),
        ];
        let after = [
            shift("2025-05-05", "hille", "anna", "day", "10:00"),
            shift("2025-05-06", "hille", "erik", "day", "11:00"),
        ];
        let c = diff((&[], &before, &[]), (&[], &after, &[]));
        let whats: Vec<&str> = c.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(whats, ["shift_added", "shift_removed", "shift_times"]);
        assert_eq!(c[2].before, "day 10:00-15:00");
        assert_eq!(c[2].after, "day 11:00-15:00");
        let prev = [SequenceRow {
            uid: shift_uid("anna", "valbo", "2025-05-05".parse().unwrap(), "day"),
            sequence: 2,
        }];
        let seq = sequences(&prev, &c);
        assert_eq!(seq.len(), 3);
        let of = |uid: String| seq.iter().find(|r| r.uid == uid).unwrap().sequence;
        let d5: NaiveDate = "2025-05-05".parse().unwrap();
        assert_eq!(of(shift_uid("anna", "valbo", d5, "day")), 3);
        assert_eq!(of(shift_uid("anna", "hille", d5, "day")), 1);
    }

    /// Ids that a file name would merge keep distinct UIDs.
    #[test]
    fn uids_keep_ids_apart() {
        let d: NaiveDate = "2025-05-05".parse().unwrap();
        assert_ne!(
            shift_uid("jo/han", "a", d, "day"),
            shift_uid("jo_han", "a", d, "day")
        );
        assert_eq!(
            opening_uid("å", d, "day"),
            "opening-.C3.A5-2025-05-05-day@serviceplan"
        );
    }
}
