//! iCalendar files (RFC 5545) for Outlook and phones: one per staff member
//! (their shifts) and one per office (its openings). Times are local
//! Swedish time with `TZID=Europe/Stockholm` and a VTIMEZONE block, which
//! Outlook needs to import them. UIDs are derived from the event's own keys
//! (staff or office, date, kind; [`crate::plan::changes`]), not the
//! scenario's name, so the same shift keeps its UID in every plan and a
//! re-import updates instead of duplicating. A re-plan raises the
//! SEQUENCE of every event it changed (`sequences.csv`), lists its removed
//! events as STATUS:CANCELLED, and adds changes-only calendars
//! (`changes/`: the updates, and the cancellations with METHOD:CANCEL) to
//! send to the people concerned. DTSTAMP comes from the plan (a re-plan's
//! `from`, else the period's start): same plan ⇒ same bytes.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;
use chrono::{NaiveDateTime, TimeZone, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus, Property};

use super::folder::PlanFolder;
use super::lang::Lang;
use crate::plan::changes::{ChangeRow, change_uid, opening_uid, parse_event, shift_uid};
use crate::scenario::Scenario;
use crate::scenario::time::parse_clock;

/// The time zone of every event.
pub const TZID: &str = "Europe/Stockholm";

/// Europe/Stockholm as a VTIMEZONE (EU rules since 1996: summer time from
/// the last Sunday of March 02:00 to the last Sunday of October 03:00).
pub const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\n\
TZID:Europe/Stockholm\r\n\
X-LIC-LOCATION:Europe/Stockholm\r\n\
BEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\n\
TZNAME:CEST\r\n\
DTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\n\
BEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\n\
TZOFFSETTO:+0100\r\n\
TZNAME:CET\r\n\
DTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
END:STANDARD\r\n\
END:VTIMEZONE\r\n";

fn local(date: chrono::NaiveDate, clock: &str) -> Result<CalendarDateTime> {
    let m = parse_clock(clock).ok_or_else(|| anyhow::anyhow!("`{clock}` is not a time HH:MM"))?;
    let t = chrono::NaiveTime::from_hms_opt(m / 60, m % 60, 0)
        .ok_or_else(|| anyhow::anyhow!("`{clock}` is not a time of day"))?;
    Ok(CalendarDateTime::WithTimezone {
        date_time: NaiveDateTime::new(date, t),
        tzid: TZID.into(),
    })
}

/// A calendar's text: the header properties (`method` PUBLISH or CANCEL),
/// the VTIMEZONE, then the events.
fn calendar_text(name: &str, method: &str, events: Vec<Event>) -> String {
    let mut cal = Calendar::empty();
    for (k, v) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//serviceplan//Gavle service offices//SV"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", method),
        ("X-WR-CALNAME", name),
        ("X-WR-TIMEZONE", TZID),
    ] {
        cal.append_property(Property::new(k, v));
    }
    for e in events {
        cal.push(e);
    }
    let text = cal.to_string();
    // icalendar has no VTIMEZONE component: it goes before the first event.
    let at = text
        .find("BEGIN:VEVENT\r\n")
        .or_else(|| text.find("END:VCALENDAR"))
        .expect("a calendar ends with END:VCALENDAR");
    format!("{}{}{}", &text[..at], VTIMEZONE, &text[at..])
}

/// One calendar's events: the current ones, the cancelled ones (a re-plan's
/// removed events) and which of them changed (UIDs), for the full calendar
/// and the changes-only calendars.
#[derive(Default)]
struct Events {
    current: Vec<(String, Event)>,
    cancelled: Vec<(String, Event)>,
}

/// Every calendar of the plan: (file name, text), staff first, then
/// offices, each in scenario order; for a re-plan then the changes-only
/// calendars in `changes/`: `staff-<id>.ics` (METHOD:PUBLISH, the events
/// added or changed) and `staff-<id>-cancel.ics` (METHOD:CANCEL, the events
/// removed), likewise per office, for those with changes.
pub fn calendars(folder: &PlanFolder, s: &Scenario, lang: Lang) -> Result<Vec<(String, String)>> {
    // DTSTAMP from the plan: a re-plan's first date that could change, a
    // fresh plan's period start (later plans of the same period stamp later).
    let stamp_date = folder.summary["replan"]["from"]
        .as_str()
        .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
        .unwrap_or(folder.period.0);
    let stamp = Utc.from_utc_datetime(&stamp_date.and_hms_opt(0, 0, 0).expect("midnight"));
    let sequence: BTreeMap<&str, u32> = folder
        .sequences
        .iter()
        .map(|r| (r.uid.as_str(), r.sequence))
        .collect();
    let changes: &[ChangeRow] = folder.changes.as_deref().unwrap_or(&[]);
    let changed: BTreeSet<String> = changes.iter().filter_map(change_uid).collect();
    let office_name: BTreeMap<&str, &str> = s
        .offices
        .iter()
        .map(|o| {
            (
                o.id.as_str(),
                if o.name.is_empty() {
                    o.id.as_str()
                } else {
                    o.name.as_str()
                },
            )
        })
        .collect();
    let premises: BTreeMap<&str, &str> = s
        .offices
        .iter()
        .map(|o| {
            (
                o.id.as_str(),
                if o.premises.is_empty() {
                    office_name[o.id.as_str()]
                } else {
                    o.premises.as_str()
                },
            )
        })
        .collect();
    let staff_name: BTreeMap<&str, &str> = s
        .staff
        .iter()
        .map(|x| {
            (
                x.id.as_str(),
                if x.name.is_empty() {
                    x.id.as_str()
                } else {
                    x.name.as_str()
                },
            )
        })
        .collect();
    let name_of =
        |map: &BTreeMap<&str, &str>, id: &str| map.get(id).copied().unwrap_or(id).to_string();
    // Who works each opening: (date, office, kind) → staff ids.
    let mut crew: BTreeMap<(chrono::NaiveDate, &str, &str), Vec<&str>> = BTreeMap::new();
    for r in &folder.shifts {
        crew.entry((r.date, r.office.as_str(), r.kind.as_str()))
            .or_default()
            .push(r.staff.as_str());
    }
    let kind_label = |kind: &str, staff: bool| -> &'static str {
        match (kind, staff) {
            ("evening", true) => lang.t("shift_evening"),
            (_, true) => lang.t("shift_day"),
            ("evening", false) => lang.t("open_evening"),
            (_, false) => lang.t("open_day"),
        }
    };
    let seq = |uid: &str| sequence.get(uid).copied().unwrap_or(0);
    // File names from ids, distinct even where two ids clash (`jo/han`, `jo_han`).
    let staff_files =
        crate::output::unique_file_names(s.staff.iter().map(|x| x.id.as_str()), "staff-", ".ics");
    let office_files = crate::output::unique_file_names(
        s.offices.iter().map(|o| o.id.as_str()),
        "office-",
        ".ics",
    );
    // A removed event: cancelled, with its published times.
    let cancelled = |uid: &str, c: &ChangeRow, summary: String| -> Result<Option<Event>> {
        let Some((_, start, end)) = parse_event(&c.before) else {
            return Ok(None);
        };
        Ok(Some(
            Event::new()
                .uid(uid)
                .timestamp(stamp)
                .sequence(seq(uid))
                .status(EventStatus::Cancelled)
                .summary(&format!("{}: {summary}", lang.t("cancelled")))
                .location(&name_of(&premises, &c.office))
                .starts(local(c.date, start)?)
                .ends(local(c.date, end)?)
                .done(),
        ))
    };
    let mut staff_events: Vec<Events> = Vec::new();
    for x in &s.staff {
        let mut ev = Events::default();
        for r in folder.shifts.iter().filter(|r| r.staff == x.id) {
            let others: Vec<String> = crew[&(r.date, r.office.as_str(), r.kind.as_str())]
                .iter()
                .filter(|o| **o != x.id)
                .map(|o| name_of(&staff_name, o))
                .collect();
            let mut description = format!(
                "{}: {} {}",
                lang.t("travel_each_way"),
                r.travel_minutes,
                lang.t("minutes")
            );
            if !others.is_empty() {
                description += &format!("\n{}: {}", lang.t("colleagues"), others.join(", "));
            }
            if !r.break_start.is_empty() {
                description += &format!("\n{}: {}–{}", lang.t("break"), r.break_start, r.break_end);
            }
            let uid = shift_uid(&r.staff, &r.office, r.date, &r.kind);
            ev.current.push((
                uid.clone(),
                Event::new()
                    .uid(&uid)
                    .timestamp(stamp)
                    .sequence(seq(&uid))
                    .summary(&format!(
                        "{} – {}",
                        name_of(&office_name, &r.office),
                        kind_label(&r.kind, true)
                    ))
                    .location(&name_of(&premises, &r.office))
                    .description(&description)
                    .starts(local(r.date, &r.start)?)
                    .ends(local(r.date, &r.end)?)
                    .done(),
            ));
        }
        for c in changes
            .iter()
            .filter(|c| c.what == "shift_removed" && c.staff == x.id)
        {
            let uid = shift_uid(&c.staff, &c.office, c.date, kind_of(&c.before));
            let summary = format!(
                "{} – {}",
                name_of(&office_name, &c.office),
                kind_label(kind_of(&c.before), true)
            );
            if let Some(e) = cancelled(&uid, c, summary)? {
                ev.cancelled.push((uid, e));
            }
        }
        staff_events.push(ev);
    }
    let mut office_events: Vec<Events> = Vec::new();
    for o in &s.offices {
        let mut ev = Events::default();
        for r in folder.openings.iter().filter(|r| r.office == o.id) {
            let uid = opening_uid(&r.office, r.date, &r.kind);
            let mut e = Event::new();
            e.uid(&uid)
                .timestamp(stamp)
                .sequence(seq(&uid))
                .summary(&format!(
                    "{} – {}",
                    name_of(&office_name, &r.office),
                    kind_label(&r.kind, false)
                ))
                .location(&name_of(&premises, &r.office))
                .starts(local(r.date, &r.start)?)
                .ends(local(r.date, &r.end)?);
            if let Some(people) = crew.get(&(r.date, r.office.as_str(), r.kind.as_str())) {
                let names: Vec<String> = people.iter().map(|p| name_of(&staff_name, p)).collect();
                e.description(&format!("{}: {}", lang.t("staffed_by"), names.join(", ")));
            }
            ev.current.push((uid, e.done()));
        }
        for c in changes
            .iter()
            .filter(|c| c.what == "opening_cancelled" && c.office == o.id)
        {
            let uid = opening_uid(&c.office, c.date, kind_of(&c.before));
            let summary = format!(
                "{} – {}",
                name_of(&office_name, &c.office),
                kind_label(kind_of(&c.before), false)
            );
            if let Some(e) = cancelled(&uid, c, summary)? {
                ev.cancelled.push((uid, e));
            }
        }
        office_events.push(ev);
    }
    let mut out = Vec::new();
    let mut updates = Vec::new();
    let titled = [
        (lang.t("cal_shifts"), &staff_events, &staff_files, true),
        (lang.t("cal_openings"), &office_events, &office_files, false),
    ];
    for (title, all, files, staff) in titled {
        for (i, ev) in all.iter().enumerate() {
            let id = if staff {
                s.staff[i].id.as_str()
            } else {
                s.offices[i].id.as_str()
            };
            let who = if staff {
                name_of(&staff_name, id)
            } else {
                name_of(&office_name, id)
            };
            let file = &files[id];
            let name = format!("{title} – {who}");
            let full: Vec<Event> = ev
                .current
                .iter()
                .chain(&ev.cancelled)
                .map(|(_, e)| e.clone())
                .collect();
            out.push((file.clone(), calendar_text(&name, "PUBLISH", full)));
            if folder.changes.is_none() {
                continue;
            }
            let news: Vec<Event> = ev
                .current
                .iter()
                .filter(|(uid, _)| changed.contains(uid))
                .map(|(_, e)| e.clone())
                .collect();
            let name = format!("{name} – {}", lang.t("cal_changes"));
            if !news.is_empty() {
                updates.push((
                    format!("changes/{file}"),
                    calendar_text(&name, "PUBLISH", news),
                ));
            }
            if !ev.cancelled.is_empty() {
                let gone = ev.cancelled.iter().map(|(_, e)| e.clone()).collect();
                let stem = file.trim_end_matches(".ics");
                updates.push((
                    format!("changes/{stem}-cancel.ics"),
                    calendar_text(&name, "CANCEL", gone),
                ));
            }
        }
    }
    out.extend(updates);
    Ok(out)
}

/// The kind (`day`, `evening`) of an event written in `changes.csv`.
fn kind_of(text: &str) -> &str {
    parse_event(text).map_or("day", |(k, _, _)| k)
}
