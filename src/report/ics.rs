//! iCalendar files (RFC 5545) for Outlook and phones: one per staff member
//! (their shifts) and one per office (its openings). Times are local
//! Swedish time with `TZID=Europe/Stockholm` and a VTIMEZONE block, which
//! Outlook needs to import them. UIDs are derived from the plan's own keys
//! (scenario, staff or office, date, kind), so the same shift keeps its
//! UID when a plan is remade and a re-import updates instead of
//! duplicating. DTSTAMP is the plan period's start: same plan ⇒ same bytes.

use std::collections::BTreeMap;

use anyhow::Result;
use chrono::{NaiveDateTime, TimeZone, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, Property};

use super::folder::{PlanFolder, file_id};
use super::lang::Lang;
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

/// A calendar's text: the header properties, the VTIMEZONE, then the events.
fn calendar_text(name: &str, events: Vec<Event>) -> String {
    let mut cal = Calendar::empty();
    for (k, v) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//serviceplan//Gavle service offices//SV"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
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

/// Every calendar of the plan: (file name, text), staff first, then offices,
/// each in scenario order.
pub fn calendars(folder: &PlanFolder, s: &Scenario, lang: Lang) -> Result<Vec<(String, String)>> {
    let start = folder.period.0;
    let stamp = Utc.from_utc_datetime(&start.and_hms_opt(0, 0, 0).expect("midnight"));
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
    let scenario = file_id(&s.name);
    // File names from ids, distinct even where two ids clash (`jo/han`, `jo_han`).
    let staff_files =
        crate::output::unique_file_names(s.staff.iter().map(|x| x.id.as_str()), "staff-", ".ics");
    let office_files = crate::output::unique_file_names(
        s.offices.iter().map(|o| o.id.as_str()),
        "office-",
        ".ics",
    );
    let mut out = Vec::new();
    for x in &s.staff {
        let mut events = Vec::new();
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
            events.push(
                Event::new()
                    .uid(&format!(
                        "{scenario}-shift-{}-{}-{}-{}@serviceplan",
                        file_id(&r.staff),
                        r.date,
                        file_id(&r.office),
                        r.kind
                    ))
                    .timestamp(stamp)
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
            );
        }
        let name = format!("{} – {}", lang.t("cal_shifts"), name_of(&staff_name, &x.id));
        out.push((staff_files[&x.id].clone(), calendar_text(&name, events)));
    }
    for o in &s.offices {
        let mut events = Vec::new();
        for r in folder.openings.iter().filter(|r| r.office == o.id) {
            let mut e = Event::new();
            e.uid(&format!(
                "{scenario}-opening-{}-{}-{}@serviceplan",
                file_id(&r.office),
                r.date,
                r.kind
            ))
            .timestamp(stamp)
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
            events.push(e.done());
        }
        let name = format!(
            "{} – {}",
            lang.t("cal_openings"),
            name_of(&office_name, &o.id)
        );
        out.push((office_files[&o.id].clone(), calendar_text(&name, events)));
    }
    Ok(out)
}
