//! The readable reports of a real plan folder: the default Gävle scenario is
//! planned once, then `write_reports` makes report.html, plan.xlsx and the
//! calendars, which are read back as a user's tools would: the workbook with
//! calamine, the calendars with an iCalendar parser, the page in headless
//! Chromium (a screenshot that is not blank, no console errors).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod common;
use common::{chromium, probe_in_chromium, render_in_chromium};

use calamine::{Data, Reader};
use serviceplan::planner::{self, Outcome};
use serviceplan::report::{Lang, write_reports};
use serviceplan::scenario::Scenario;
use serviceplan::solve::SolveOptions;

/// The default scenario and a plan folder for it (without reports), made once.
fn planned() -> &'static (Scenario, PathBuf) {
    static PLANNED: OnceLock<(Scenario, PathBuf)> = OnceLock::new();
    PLANNED.get_or_init(|| {
        let (s, _) = serviceplan::scenario::load_default();
        let opts = SolveOptions {
            deadline: serviceplan::solve::Deadline::after(120.0),
            ..SolveOptions::default()
        };
        let mut plan = match planner::solve(&s, &opts) {
            Outcome::Planned(p) => *p,
            Outcome::Infeasible { explanation, .. } => panic!("infeasible: {explanation}"),
            Outcome::NoSolution { reason, .. } => panic!("no solution: {reason}"),
        };
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("reports-gavle");
        planner::write_verified(&s, &mut plan, &dir).expect("plan folder");
        (s, dir)
    })
}

/// A fresh copy of the planned folder, for one test to write reports into.
fn copy_of_plan() -> (Scenario, tempfile::TempDir) {
    let (s, src) = planned();
    let dst = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, dst.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    (s.clone(), dst)
}

fn csv_rows(path: &Path) -> usize {
    csv::Reader::from_path(path)
        .unwrap()
        .records()
        .map(Result::unwrap)
        .count()
}

fn staff_of_shifts(dir: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(dir.join("shifts.csv")).unwrap();
    r.records().map(|x| x.unwrap()[2].to_string()).collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn xlsx_has_one_sheet_per_table_with_the_csv_row_counts_and_typed_cells() {
    let (s, dir) = copy_of_plan();
    let dir = dir.path();
    write_reports(dir, &s, Lang::En).unwrap();
    let mut wb = calamine::open_workbook_auto(dir.join("plan.xlsx")).unwrap();
    let tables = [
        "openings",
        "shifts",
        "base_schedule",
        "staff_hours",
        "costs",
        "demand",
        "slots",
    ];
    let names = wb.sheet_names();
    assert_eq!(names[0], "summary");
    assert_eq!(
        names[1..=tables.len()],
        tables.map(String::from),
        "{names:?}"
    );
    // the default scenario has department bookings since model 3
    assert!(names.iter().any(|n| n == "bookings"), "{names:?}");
    for t in tables {
        let range = wb.worksheet_range(t).unwrap();
        let csv_path = dir.join(format!("{t}.csv"));
        assert_eq!(
            range.height(),
            csv_rows(&csv_path) + 1,
            "{t}: header + one row per CSV row"
        );
        // The CSV's columns, with a name column after each id column.
        // The CSV: its contract columns, then a name column per id column
        // (`staff_hours` names its staff already).
        let text = read(&csv_path);
        let csv_head: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let ids = ["office", "staff", "room", "department", "target"];
        let contract: Vec<&str> = csv_head
            .iter()
            .copied()
            .take_while(|h| !h.ends_with("_name"))
            .collect();
        let appended: Vec<String> = contract
            .iter()
            .enumerate()
            .filter(|(c, h)| ids.contains(h) && contract.get(c + 1) != Some(&"name"))
            .map(|(_, h)| format!("{h}_name"))
            .collect();
        assert_eq!(csv_head[contract.len()..], appended, "{t}: name columns");
        // The sheet: each name column beside its id.
        let mut header = Vec::new();
        for h in &contract {
            header.push(h.to_string());
            if appended.contains(&format!("{h}_name")) {
                header.push(format!("{h}_name"));
            }
        }
        let got: Vec<String> = (0..header.len())
            .map(|c| range.get((0, c)).unwrap().to_string())
            .collect();
        assert_eq!(got, header, "{t}: header row");
    }
    let openings = wb.worksheet_range("openings").unwrap();
    assert!(openings.height() > 10);
    assert!(
        matches!(openings.get((1, 0)), Some(Data::DateTime(d)) if d.is_datetime()),
        "date is a date: {:?}",
        openings.get((1, 0))
    );
    assert!(
        matches!(openings.get((1, 3)), Some(Data::DateTime(_))),
        "start is a time: {:?}",
        openings.get((1, 3))
    );
    assert!(
        matches!(openings.get((1, 1)), Some(Data::String(_))),
        "office is text"
    );
    // The office's name from the scenario beside its id.
    let id = openings.get((1, 1)).unwrap().to_string();
    let office = s.offices.iter().find(|o| o.id == id).unwrap();
    assert_eq!(openings.get((1, 2)).unwrap().to_string(), office.name);
    // The first opening's date, read back as a date, is the CSV's date.
    let first_csv = read(&dir.join("openings.csv"))
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    if let Some(Data::DateTime(d)) = openings.get((1, 0)) {
        // Excel counts days from 1899-12-30.
        let date = chrono::NaiveDate::parse_from_str(&first_csv, "%Y-%m-%d").unwrap();
        let serial = (date - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days();
        assert_eq!(d.as_f64(), serial as f64);
    }
    let shifts = wb.worksheet_range("shifts").unwrap();
    assert!(
        matches!(shifts.get((1, 8)), Some(Data::Float(_))),
        "travel_minutes is a number: {:?}",
        shifts.get((1, 8))
    );
    let costs = wb.worksheet_range("costs").unwrap();
    assert_eq!(costs.height(), 13, "4 years × 3 categories");
    assert!(matches!(costs.get((1, 0)), Some(Data::Float(y)) if *y == 2022.0));
    assert!(matches!(costs.get((1, 2)), Some(Data::Float(_))));

    // In Swedish: sheets, headers and words in Swedish, the same numbers.
    write_reports(dir, &s, Lang::Sv).unwrap();
    let mut sv = calamine::open_workbook_auto(dir.join("plan.xlsx")).unwrap();
    assert_eq!(
        sv.sheet_names()[..8],
        [
            "Sammanfattning",
            "Öppningar",
            "Pass",
            "Grundschema",
            "Arbetstid",
            "Kostnader",
            "Efterfrågan",
            "Mötestider"
        ]
        .map(String::from)
    );
    let summary = sv.worksheet_range("Sammanfattning").unwrap();
    assert_eq!(summary.get((1, 0)).unwrap().to_string(), "Bedömning");
    assert_eq!(summary.get((1, 1)).unwrap().to_string(), "kan publiceras");
    let o = sv.worksheet_range("Öppningar").unwrap();
    let head: Vec<String> = (0..6).map(|c| o.get((0, c)).unwrap().to_string()).collect();
    assert_eq!(
        head,
        ["Datum", "Kontor (id)", "Kontor", "Början", "Slut", "Slag"]
    );
    let kinds: BTreeSet<String> = (1..o.height())
        .map(|r| o.get((r, 5)).unwrap().to_string())
        .collect();
    assert_eq!(kinds, BTreeSet::from(["dag".into(), "kväll".into()]));
    let k = sv.worksheet_range("Kostnader").unwrap();
    assert_eq!(k.get((1, 1)).unwrap().to_string(), "Personal");
    assert_eq!(k.get((1, 2)), costs.get((1, 2)), "the same kronor");
    let bookings = sv.worksheet_range("Bokningar").unwrap();
    let room_id = bookings.get((1, 3)).unwrap().to_string();
    let room = s.rooms.iter().find(|r| r.id == room_id).unwrap();
    assert_eq!(bookings.get((1, 4)).unwrap().to_string(), room.name);
}

#[test]
fn calendars_have_one_event_per_shift_and_opening_in_stockholm_time() {
    let (s, dir) = copy_of_plan();
    let dir = dir.path();
    write_reports(dir, &s, Lang::Sv).unwrap();
    let shifts = staff_of_shifts(dir);
    let mut uids = BTreeSet::new();
    for x in &s.staff {
        let text = read(&dir.join("calendars").join(format!("staff-{}.ics", x.id)));
        let expected = shifts.iter().filter(|st| **st == x.id).count();
        assert!(expected > 0, "{} works in the default plan", x.id);
        assert_eq!(
            text.matches("BEGIN:VEVENT\r\n").count(),
            expected,
            "{}",
            x.id
        );
        check_calendar(&text, expected, &mut uids);
    }
    let mut r = csv::Reader::from_path(dir.join("openings.csv")).unwrap();
    let offices: Vec<String> = r.records().map(|x| x.unwrap()[1].to_string()).collect();
    for o in &s.offices {
        let text = read(&dir.join("calendars").join(format!("office-{}.ics", o.id)));
        let expected = offices.iter().filter(|x| **x == o.id).count();
        check_calendar(&text, expected, &mut uids);
        assert!(
            text.contains(&format!("LOCATION:{}", o.premises)),
            "{}",
            o.id
        );
    }
    let files = std::fs::read_dir(dir.join("calendars")).unwrap().count();
    assert_eq!(files, s.staff.len() + s.offices.len());
}

/// Checks one calendar by lines and with the icalendar parser; UIDs must be
/// unique across all the plan's calendars.
fn check_calendar(text: &str, events: usize, uids: &mut BTreeSet<String>) {
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(
        text.matches("BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n")
            .count(),
        1
    );
    assert!(text.find("END:VTIMEZONE").unwrap() < text.find("BEGIN:VEVENT").unwrap_or(usize::MAX));
    let dtstarts: Vec<&str> = text.lines().filter(|l| l.starts_with("DTSTART")).collect();
    // Two in the VTIMEZONE (summer and winter time), one per event.
    assert_eq!(dtstarts.len(), events + 2);
    for l in text
        .lines()
        .filter(|l| l.starts_with("DTSTART;") || l.starts_with("DTEND"))
    {
        assert!(
            l.starts_with("DTSTART;TZID=Europe/Stockholm:")
                || l.starts_with("DTEND;TZID=Europe/Stockholm:"),
            "{l}"
        );
    }
    for l in text.lines().filter(|l| l.starts_with("DTSTAMP")) {
        assert_eq!(l, "DTSTAMP:20250401T000000Z", "DTSTAMP is the period start");
    }
    let cal: icalendar::Calendar = text.parse().expect("parses as iCalendar");
    let parsed: Vec<&icalendar::Event> = cal.events().collect();
    assert_eq!(parsed.len(), events);
    use icalendar::Component;
    for e in parsed {
        let uid = e.get_uid().expect("every event has a UID").to_string();
        assert!(uids.insert(uid.clone()), "duplicate UID {uid}");
        assert!(e.get_summary().is_some());
    }
}

#[test]
fn reports_are_deterministic_and_ignore_the_measured_solve_time() {
    let (s, a) = copy_of_plan();
    let (_, b) = copy_of_plan();
    // The one non-deterministic figure of a plan folder must not reach the reports.
    let summary = b.path().join("summary.json");
    let mut j: serde_json::Value = serde_json::from_str(&read(&summary)).unwrap();
    j["solve_seconds"] = serde_json::json!(987.654);
    std::fs::write(&summary, serde_json::to_string_pretty(&j).unwrap()).unwrap();
    write_reports(a.path(), &s, Lang::Sv).unwrap();
    write_reports(b.path(), &s, Lang::Sv).unwrap();
    let mut files = vec![PathBuf::from("report.html"), PathBuf::from("plan.xlsx")];
    for e in std::fs::read_dir(a.path().join("calendars")).unwrap() {
        files.push(Path::new("calendars").join(e.unwrap().file_name()));
    }
    for f in &files {
        let x = std::fs::read(a.path().join(f)).unwrap();
        let y = std::fs::read(b.path().join(f)).unwrap();
        assert!(x == y, "{} differs between two runs", f.display());
    }
    // Writing again over existing reports gives the same bytes.
    let before = std::fs::read(a.path().join("plan.xlsx")).unwrap();
    write_reports(a.path(), &s, Lang::Sv).unwrap();
    assert_eq!(before, std::fs::read(a.path().join("plan.xlsx")).unwrap());
}

#[test]
fn html_is_swedish_by_default_english_on_request_and_self_contained() {
    let (s, dir) = copy_of_plan();
    let dir = dir.path();
    write_reports(dir, &s, Lang::Sv).unwrap();
    let sv = read(&dir.join("report.html"));
    for label in [
        "<html lang=\"sv\">",
        "Öppetkalender",
        "Personalschema per ISO-vecka",
        "Kostnad mot budget",
        "Nyckeltal",
        "april 2025",
        "Vecka 14",
    ] {
        assert!(sv.contains(label), "Swedish report lacks {label}");
    }
    // the default scenario has department bookings since model 3
    assert!(
        sv.contains("<td>Socialtjänst</td>") && sv.contains("<td>Grupprum, Valbo bibliotek</td>"),
        "the bookings table names departments and rooms as the scenario does"
    );
    assert!(
        !sv.contains("<td>socialtjanst</td>") && !sv.contains("<td>valbo-grupprum</td>"),
        "no ids where the scenario has names"
    );
    write_reports(dir, &s, Lang::En).unwrap();
    let en = read(&dir.join("report.html"));
    for label in [
        "<html lang=\"en\">",
        "Opening calendar",
        "Staff schedule by ISO week",
        "Cost against budget",
        "Key figures",
        "April 2025",
        "Week 14",
    ] {
        assert!(en.contains(label), "English report lacks {label}");
    }
    assert!(!en.contains("Öppetkalender"));
    for page in [&sv, &en] {
        assert!(!page.contains("<script"), "no scripts");
        assert!(
            !page.contains("src=\"http")
                && !page.contains("href=\"http")
                && !page.contains("url(http"),
            "no network"
        );
        assert_eq!(
            page.matches("<svg ").count(),
            2,
            "cost and hours charts inline"
        );
        // Every evening opening is marked in the calendar.
        let evenings = read(&dir.join("openings.csv"))
            .lines()
            .filter(|l| l.split(',').nth(4) == Some("evening"))
            .count();
        let marked =
            page.matches("<td class=\"e\"").count() + page.matches("<td class=\"de\"").count();
        assert_eq!(marked, evenings);
    }
    let calendar_en = read(&dir.join("calendars").join("staff-anna.ics"));
    assert!(calendar_en.contains("day shift") || calendar_en.contains("evening shift"));
}

#[test]
fn bookings_become_a_sheet_and_a_table_when_the_folder_has_them() {
    let (s, dir) = copy_of_plan();
    let dir = dir.path();
    std::fs::write(
        dir.join("bookings.csv"),
        "date,office,room,department,start,end\n\
         2025-04-01,valbo,samtalsrum,socialtjanst,10:00,11:00\n\
         2025-04-03,hedesunda,grupprum,bygglov,13:00,14:30\n",
    )
    .unwrap();
    write_reports(dir, &s, Lang::Sv).unwrap();
    let mut wb = calamine::open_workbook_auto(dir.join("plan.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names().last().map(String::as_str),
        Some("Bokningar")
    );
    let b = wb.worksheet_range("Bokningar").unwrap();
    assert_eq!(b.height(), 3);
    // a hand-written file without name columns: shown as it is
    assert!(
        matches!(b.get((2, 5)), Some(Data::DateTime(_))),
        "end is a time"
    );
    let html = read(&dir.join("report.html"));
    // The report names the department as the scenario does, not its id.
    assert!(html.contains("Socialtjänst") && html.contains("13:00–14:30"));
    assert!(!html.contains("<td>socialtjanst</td>"));
    assert!(!html.contains("Planmappen har inga bokningar"));
}

/// Installs Chromium through scripts/chromium.sh when it is missing;
/// `None` (with a printed note) when it cannot.
#[test]
fn html_renders_in_headless_chromium_without_console_errors() {
    let (s, dir) = copy_of_plan();
    let dir = dir.path();
    write_reports(dir, &s, Lang::Sv).unwrap();
    let Some(chromium) = chromium() else {
        return;
    };
    let shot = render_in_chromium(&chromium, &dir.join("report.html"), "1200,2000");

    // Not blank: the picture has many colours and real contrast.
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1200, 2000));
    let channels = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(channels).collect();
    let luma: Vec<f64> = pixels
        .iter()
        .map(|p| 0.299 * p[0] as f64 + 0.587 * p[1] as f64 + 0.114 * p[2] as f64)
        .collect();
    let mean = luma.iter().sum::<f64>() / luma.len() as f64;
    let var = luma.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / luma.len() as f64;
    let colours: BTreeSet<[u8; 3]> = pixels.iter().map(|p| [p[0], p[1], p[2]]).collect();
    assert!(
        var > 200.0,
        "luminance variance {var:.1}: the page looks blank"
    );
    assert!(
        colours.len() > 50,
        "{} colours: the page looks blank",
        colours.len()
    );
    let dark = luma.iter().filter(|l| **l < 100.0).count();
    assert!(dark > 5_000, "{dark} dark pixels: little text drawn");

    // Every chart label readable: no two SVG texts cover each other, at a
    // screen width and at a narrow one (the charts scale with the page).
    for lang in [Lang::Sv, Lang::En] {
        write_reports(dir, &s, lang).unwrap();
        for window in ["1200,2000", "700,2000"] {
            let probe = probe_in_chromium(&chromium, &dir.join("report.html"), window);
            assert!(probe.labels >= 20, "{lang:?} {window}: {probe:?}");
            assert!(probe.overlaps.is_empty(), "{lang:?} {window}: {probe:?}");
            assert!(probe.errors.is_empty(), "{lang:?} {window}: {probe:?}");
        }
    }
}
