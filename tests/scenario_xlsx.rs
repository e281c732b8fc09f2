//! Scenarios from Excel (issue 30): the workbook of a scenario reads back as
//! the same scenario; a workbook edited as Excel saves it plans exactly as
//! the TOML with the same edit; bad cells are named by sheet and cell; a
//! workbook may build on a TOML file; HR absences are merged; TOML typos and
//! decimal commas get a fix; `check` warns about dates outside the period.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx};
use serviceplan::planner::{self, Outcome};
use serviceplan::scenario::{self, export};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_serviceplan"))
}

fn run(args: &[&str], dir: &Path) -> Output {
    bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run serviceplan")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every sheet of a workbook as a grid of cells from A1.
type Sheets = Vec<(String, Vec<Vec<Data>>)>;

fn read_sheets(path: &Path) -> Sheets {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let (h, w) = range.end().map_or((0, 0), |(r, c)| (r + 1, c + 1));
        let grid = (0..h)
            .map(|r| {
                (0..w)
                    .map(|c| range.get_value((r, c)).cloned().unwrap_or(Data::Empty))
                    .collect()
            })
            .collect();
        out.push((name, grid));
    }
    out
}

/// Saves the cells again as Excel would: strings, numbers, date cells
/// (numbers with a date format), booleans.
fn write_sheets(sheets: &Sheets, path: &Path) {
    use rust_xlsxwriter::{Format, Workbook};
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut wb = Workbook::new();
    for (name, grid) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in grid.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::String(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Data::Float(x) => {
                        ws.write_number(r, c, *x).unwrap();
                    }
                    Data::Int(i) => {
                        ws.write_number(r, c, *i as f64).unwrap();
                    }
                    Data::Bool(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    Data::DateTime(d) => {
                        ws.write_number_with_format(r, c, d.as_f64(), &date)
                            .unwrap();
                    }
                    _ => {}
                }
            }
        }
    }
    wb.save(path).unwrap();
}

fn sheet<'a>(sheets: &'a mut Sheets, name: &str) -> &'a mut Vec<Vec<Data>> {
    &mut sheets.iter_mut().find(|(n, _)| n == name).unwrap().1
}

/// The column of `key` (row 2) and the row whose first cell is `id`.
fn at(grid: &[Vec<Data>], id: &str, key: &str) -> (usize, usize) {
    let col = grid[1]
        .iter()
        .position(|c| matches!(c, Data::String(s) if s == key))
        .unwrap();
    let row = grid
        .iter()
        .position(|r| matches!(&r[0], Data::String(s) if s == id))
        .unwrap();
    (row, col)
}

fn set(grid: &mut [Vec<Data>], row: usize, col: usize, v: Data) {
    if grid[row].len() <= col {
        grid[row].resize(col + 1, Data::Empty);
    }
    grid[row][col] = v;
}

#[test]
fn every_shipped_scenario_goes_to_a_workbook_and_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo().join("scenarios")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let (s, _) = scenario::load(&p).unwrap();
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        let xlsx = dir.path().join(format!("{stem}.xlsx"));
        export::save(&s, &xlsx).unwrap();
        let (back, _) = scenario::load(&xlsx).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert_eq!(back, s, "{}: TOML → XLSX", p.display());
        let toml = dir.path().join(format!("{stem}.toml"));
        export::save(&back, &toml).unwrap();
        let text = std::fs::read_to_string(&toml).unwrap();
        assert!(
            text.contains("\nstart = 20"),
            "dates are TOML dates:\n{text}"
        );
        let (again, _) = scenario::load(&toml).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert_eq!(again, s, "{}: TOML → XLSX → TOML", p.display());
        // the same scenario gives the same bytes
        assert_eq!(
            export::bytes(&s, export::Format::Workbook).unwrap(),
            std::fs::read(&xlsx).unwrap(),
            "{}",
            p.display()
        );
    }
}

/// Files of a plan folder, by relative path.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().to_string();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A summary.json without the fields that measure time (`*_seconds`).
fn untimed(bytes: &[u8]) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.retain(|k, _| !k.ends_with("seconds"));
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    strip(&mut v);
    v
}

#[test]
fn an_edited_workbook_plans_as_the_toml_with_the_same_edit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = run(&["template", "--out", "scenario.xlsx"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    let (default, _) = scenario::load_default();
    assert_eq!(
        std::fs::read(d.join("scenario.xlsx")).unwrap(),
        export::bytes(&default, export::Format::Workbook).unwrap(),
        "the template is the default scenario's workbook"
    );
    // The planner's edits, saved as Excel saves them: Maria's FTE typed
    // with a decimal comma, and a week's course for Johan (serial dates).
    let mut sheets = read_sheets(&d.join("scenario.xlsx"));
    let staff = sheet(&mut sheets, "Medarbetare");
    let (row, col) = at(staff, "maria", "fte");
    set(staff, row, col, Data::String("0,4".into()));
    let absences = sheet(&mut sheets, "Frånvaro");
    // 45782 = 2025-05-05, 45786 = 2025-05-09
    absences.push(vec![
        Data::String("johan".into()),
        Data::Float(45782.0),
        Data::Float(45786.0),
        Data::String("kurs".into()),
    ]);
    write_sheets(&sheets, &d.join("edited.xlsx"));
    let toml = scenario::load::DEFAULT_SCENARIO.replacen(
        "name = \"Maria Svensson\"\nfte = 0.5",
        "name = \"Maria Svensson\"\nfte = 0.4",
        1,
    ) + "\n[[absences]]\nstaff = \"johan\"\nfrom = 2025-05-05\nto = 2025-05-09\nreason = \"kurs\"\n";
    std::fs::write(d.join("edited.toml"), toml).unwrap();
    let (from_xlsx, _) = scenario::load(&d.join("edited.xlsx")).unwrap();
    let (from_toml, _) = scenario::load(&d.join("edited.toml")).unwrap();
    assert_eq!(from_xlsx, from_toml);
    assert_eq!(from_xlsx.staff[2].fte, 0.4);
    // planned in this process, as `plan` does (solve, verify, write the folder)
    for (s, out) in [(&from_xlsx, "a"), (&from_toml, "b")] {
        let opts = serviceplan::solve::SolveOptions {
            deadline: serviceplan::solve::Deadline::after(120.0),
            ..Default::default()
        };
        let Outcome::Planned(mut p) = planner::solve(s, &opts) else {
            panic!("{out}: no plan");
        };
        let dir = serviceplan::output::OutDir::claim(d.join(out), false).unwrap();
        planner::write_verified_reports(s, &mut p, &dir, Some("sv".parse().unwrap())).unwrap();
    }
    let (a, b) = (files(&d.join("a")), files(&d.join("b")));
    assert!(a.iter().any(|(f, _)| f == "shifts.csv"), "{a:?}");
    assert_eq!(
        a.iter().map(|(f, _)| f).collect::<Vec<_>>(),
        b.iter().map(|(f, _)| f).collect::<Vec<_>>()
    );
    // every file byte for byte; summary.json but for its measured seconds
    let differ: Vec<&String> = a
        .iter()
        .zip(&b)
        .filter(|((f, x), (_, y))| match f.as_str() {
            ".serviceplan" => false, // the marker names the writing process
            "summary.json" => untimed(x) != untimed(y),
            _ => x != y,
        })
        .map(|((f, _), _)| f)
        .collect();
    assert!(
        differ.is_empty(),
        "differ between the workbook's plan and the TOML's: {differ:?}"
    );
}

#[test]
fn bad_cells_are_named_by_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (s, _) = scenario::load_default();
    export::save(&s, &d.join("scenario.xlsx")).unwrap();
    let mut sheets = read_sheets(&d.join("scenario.xlsx"));
    let staff = sheet(&mut sheets, "Medarbetare");
    let (row, col) = at(staff, "maria", "fte");
    set(staff, row, col, Data::String("tre kvart".into()));
    let fte_cell = format!("Medarbetare!C{}", row + 1);
    assert_eq!(col, 2);
    let offices = sheet(&mut sheets, "Kontor");
    let (row, col) = at(offices, "hille", "area");
    set(offices, row, col, Data::String("hile".into()));
    let area_cell = format!("Kontor!D{}", row + 1);
    assert_eq!(col, 3);
    let rooms = sheet(&mut sheets, "Rum");
    set(rooms, 1, 3, Data::String("capasity".into()));
    write_sheets(&sheets, &d.join("bad.xlsx"));
    let o = run(&["check", "bad.xlsx"], d);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains(&format!("bad.xlsx: {fte_cell}: error: staff[maria].fte")),
        "{e}"
    );
    assert!(e.contains("`tre kvart` is not a number"), "{e}");
    assert!(e.contains("0,75"), "{e}");
    assert!(e.contains("Rum!D2: error"), "{e}");
    assert!(
        e.contains("unknown key `capasity` — did you mean `capacity`?"),
        "{e}"
    );
    // the cell error stops the reading; fixed, the id typo is found
    let staff = sheet(&mut sheets, "Medarbetare");
    let (row, col) = at(staff, "maria", "fte");
    set(staff, row, col, Data::Float(0.5));
    set(
        sheet(&mut sheets, "Rum"),
        1,
        3,
        Data::String("capacity".into()),
    );
    write_sheets(&sheets, &d.join("bad.xlsx"));
    let o = run(&["check", "bad.xlsx"], d);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains(&format!(
            "bad.xlsx: {area_cell}: error: offices[hille].area"
        )),
        "{e}"
    );
    assert!(
        e.contains("unknown area `hile` — did you mean `hille`?"),
        "{e}"
    );
}

#[test]
fn a_workbook_builds_on_a_toml_file_and_holds_only_what_differs() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Scenario").unwrap();
    for (r, (key, value)) in [("name", "fler-kvallar"), ("extends", "gavle.toml")]
        .iter()
        .enumerate()
    {
        ws.write_string(r as u32 + 2, 1, *value).unwrap();
        ws.write_string(r as u32 + 2, 4, *key).unwrap();
    }
    ws.write_string(1, 1, "value").unwrap();
    ws.write_string(1, 4, "key").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Regler").unwrap();
    ws.write_string(1, 1, "value").unwrap();
    ws.write_string(1, 4, "key").unwrap();
    ws.write_number(2, 1, 3).unwrap();
    ws.write_string(2, 4, "rules.min_evenings_per_month")
        .unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Kontor").unwrap();
    for (c, k) in ["id", "candidate"].iter().enumerate() {
        ws.write_string(1, c as u16, *k).unwrap();
    }
    ws.write_string(2, 0, "valbo").unwrap();
    ws.write_string(2, 1, "ja").unwrap();
    wb.save(d.join("child.xlsx")).unwrap();
    std::fs::write(
        d.join("child.toml"),
        "extends = \"gavle.toml\"\nname = \"fler-kvallar\"\n[rules]\nmin_evenings_per_month = 3\n[[offices]]\nid = \"valbo\"\ncandidate = true\n",
    )
    .unwrap();
    let (x, _) = scenario::load(&d.join("child.xlsx")).unwrap();
    let (t, _) = scenario::load(&d.join("child.toml")).unwrap();
    assert_eq!(x, t);
    assert_eq!(x.rules.min_evenings_per_month, 3);
    assert!(x.offices[0].candidate);
    assert_eq!(x.staff.len(), 4);
}

#[test]
fn hr_absences_are_merged_and_their_errors_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Windows-1252, semicolons, names instead of ids: as Swedish Excel saves it
    let text = "Namn;Från;Till;Orsak\nMaria Svensson;2025-05-19;2025-05-23;Semester\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    std::fs::write(d.join("hr.csv"), &bytes).unwrap();
    let (s, _) = scenario::load_default();
    export::save(&s, &d.join("gavle.xlsx")).unwrap();
    let o = run(&["check", "--absences", "hr.csv", "gavle.xlsx"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    // an imported absence outside the period is pointed out at its line
    std::fs::write(
        d.join("late.csv"),
        "staff,from,to\nerik,2025-05-19,2025-05-23\nanna,2025-08-04,2025-08-08\n",
    )
    .unwrap();
    let o = run(&["check", "--absences", "late.csv", "gavle.xlsx"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("late.csv:3: warning: absences[1]: the absence of `anna`"),
        "{}",
        stderr(&o)
    );
    let mut s2 = s.clone();
    scenario::absences::merge(&mut s2, &d.join("hr.csv")).unwrap();
    assert_eq!(s2.absences.len(), 1);
    assert_eq!(s2.absences[0].staff, "maria");
    assert_eq!(s2.absences[0].reason, "Semester");
    std::fs::write(
        d.join("bad.csv"),
        "staff,from,to,reason\nmaria,2025-05-19,2025-05-23,\nmaira,2025-05-19,2025-05-23,\nerik,2025-05-19,19 maj,\n",
    )
    .unwrap();
    let o = run(&["check", "--absences", "bad.csv", "gavle.xlsx"], d);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("bad.csv:3: error: staff: unknown staff member `maira` — did you mean `maria`?"),
        "{e}"
    );
    assert!(
        e.contains("bad.csv:4: error: to: `19 maj` is not a date"),
        "{e}"
    );
}

#[test]
fn toml_typos_and_decimal_commas_get_the_fix_and_check_warns_about_dates() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("x.toml"),
        "extends = \"gavle.toml\"\nname = \"x\"\n[[staff]]\nid = \"maria\"\nfte = \"0,75\"\n[rules]\nmax_consecutiv_days = 4\n",
    )
    .unwrap();
    let o = run(&["check", "x.toml"], d);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("x.toml:5:7: error: staff[maria].fte: \"0,75\" is text, not a number"),
        "{e}"
    );
    assert!(
        e.contains("write the number without quotes and with a decimal point: 0.75"),
        "{e}"
    );
    assert!(
        e.contains("unknown field `max_consecutiv_days` — did you mean `max_consecutive_days`?"),
        "{e}"
    );
    std::fs::write(
        d.join("y.toml"),
        "extends = \"gavle.toml\"\nname = \"y\"\n[[absences]]\nstaff = \"erik\"\nfrom = 2025-08-04\nto = 2025-08-08\n[calendar]\nextra_closed = [2024-05-30]\n",
    )
    .unwrap();
    let o = run(&["check", "y.toml"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("y.toml:3:1: warning: absences[0]: the absence of `erik` (2025-08-04 – 2025-08-08) is outside the period 2025-04-01 – 2025-06-30"), "{e}");
    assert!(
        e.contains(
            "warning: calendar.extra_closed[0]: the closed day 2024-05-30 is outside the period"
        ),
        "{e}"
    );
}
