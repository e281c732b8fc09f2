//! Hostile and careless input (issue 28, items 6–9): values that would break
//! the solve are refused by `check` with file:line:col; only regular files
//! of a sane size are read and errors never echo a foreign file's content;
//! a byte-order mark and Windows-1252 are read; cells that a spreadsheet
//! would run as formulas are neutralised, and `verify` reads them back.
//! Run alone with `cargo test --release --test hostile_input`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_serviceplan"))
}

/// Runs serviceplan in `dir`, killing it after `secs` (a hang fails the test).
fn run_within(args: &[&str], dir: &Path, secs: u64) -> Output {
    let mut child = bin()
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run serviceplan");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(secs) {
            child.kill().ok();
            let o = child.wait_with_output().unwrap();
            panic!(
                "serviceplan {args:?} still ran after {secs} s; stderr:\n{}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn run(args: &[&str], dir: &Path) -> Output {
    run_within(args, dir, 120)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A scenario that plans in a fraction of a second; `top` goes before the
/// first table, `office` into the office, `tail` after everything.
fn tiny(top: &str, office: &str, tail: &str) -> String {
    format!(
        r#"name = "t"
{top}
[period]
start = 2025-03-03
end = 2025-03-30
[rules]
cycle_weeks = 0
min_evenings_per_month = 0
[[areas]]
id = "home"
population = 100
lat = 60.0
lon = 17.0
[[offices]]
id = "a"
area = "home"
lat = 60.0
lon = 17.0
hours = {{ mon = "10:00-14:00" }}
{office}
[[staff]]
id = "s1"
fte = 1.0
home = "home"
{tail}
"#
    )
}

/// `check` of `text` fails with exit 2, and the message has `file:line:col`
/// and every one of `needles`.
fn refused(dir: &Path, text: &str, needles: &[&str]) {
    write(dir, "t.toml", text);
    let o = run(&["check", "t.toml"], dir);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "accepted:\n{text}\n{e}");
    let located = e
        .split("t.toml:")
        .skip(1)
        .any(|rest| rest.split(':').take(2).all(|n| n.parse::<u32>().is_ok()));
    assert!(located, "no t.toml:line:col in\n{e}");
    for n in needles {
        assert!(e.contains(n), "`{n}` missing in\n{e}");
    }
}

// ------------------------------------------------------------------ item 6

#[test]
fn values_that_would_break_the_solve_are_refused_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The tiny scenario itself is fine.
    write(d, "t.toml", tiny("", "", ""));
    let o = run(&["check", "t.toml"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    refused(
        d,
        &tiny("", "premises_cost_per_year = nan", ""),
        &["offices[a].premises_cost_per_year", "allowed range"],
    );
    refused(
        d,
        &tiny("", "premises_cost_per_hour = inf", ""),
        &["offices[a].premises_cost_per_hour"],
    );
    refused(
        d,
        &tiny("", "", "[room_rules]\nunmet_hour = nan"),
        &["room_rules.unmet_hour", "allowed range"],
    );
    refused(
        d,
        &tiny("", "", "[costs]\nmonthly_salary = 1e308"),
        &["costs.monthly_salary", "allowed range"],
    );
    refused(
        d,
        &tiny("", "", "[costs]\nbudget = { staff = 1e308 }"),
        &["costs.budget.staff"],
    );
    refused(
        d,
        &tiny("", "", "[weights]\nmissing_opening = 1e300"),
        &["weights.missing_opening"],
    );
    refused(
        d,
        &tiny("", "", "[location]\nunreached_inhabitant = nan"),
        &["location.unreached_inhabitant"],
    );
    // Periods before 1900 (XLSX cannot hold them) and far in the future.
    for (from, to) in [("1850-03-03", "1850-03-30"), ("9999-03-03", "9999-03-30")] {
        let text = tiny("", "", "")
            .replace("2025-03-03", from)
            .replace("2025-03-30", to);
        refused(d, &text, &["period", "2000 to 2100"]);
    }
    // A period outside the programme years, whose costs would be reported
    // for 2022–2025 only.
    let text = tiny("", "", "")
        .replace("2025-03-03", "2030-03-04")
        .replace("2025-03-30", "2030-03-31");
    refused(d, &text, &["period", "outside the programme"]);
    // A distance of 1e308 km in the distances file.
    write(d, "km.csv", "from,to,km\nhome,a,1e308\n");
    write(
        d,
        "t.toml",
        tiny("", "", "[travel]\ndistances = \"km.csv\""),
    );
    let o = run(&["check", "t.toml"], d);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("km.csv:2") && stderr(&o).contains("2000"),
        "{}",
        stderr(&o)
    );

    // Float options: NaN, infinity and negatives are refused by the parser.
    for args in [
        &["plan", "t.toml", "--time-limit", "nan"][..],
        &["plan", "t.toml", "--time-limit", "inf"],
        &["plan", "t.toml", "--gap", "nan"],
        &["plan", "t.toml", "--gap", "-1"],
        &["locate", "t.toml", "--out", "l", "--radius-km", "nan"],
        &["locate", "t.toml", "--out", "l", "--budget", "-5"],
        &["batch", "t.toml", "--out", "b", "--radius-km", "inf"],
        &["facility", "x.txt", "--out", "f", "--capacity", "nan"],
        &["facility", "x.txt", "--out", "f", "--threads", "100000"],
    ] {
        let o = run(args, d);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }

    // A batch's levers: values that are not finite, ranges of a billion
    // values and variants outside check's ranges are refused or kept as
    // rows saying why, never solved.
    for spec in [
        "rules.daily_rest_hours=nan",
        "weights.missing_opening=0..1e18:1e-9",
        "costs.monthly_salary=inf",
    ] {
        assert!(
            serviceplan::batch::grid::parse_lever(spec).is_err(),
            "{spec}"
        );
    }
    let base = serviceplan::scenario::load_default().0;
    for spec in ["costs.monthly_salary=1e308", "fte=1e9"] {
        let lever = serviceplan::batch::grid::parse_lever(spec).unwrap();
        let variants = serviceplan::batch::grid::expand_variants(&base, &[lever]);
        assert!(
            variants.iter().all(|(_, why)| why.is_some()),
            "{spec} was accepted"
        );
    }

    // A roster instance with a horizon of a billion days is refused before
    // anything is allocated for it, at once.
    let roster = "SECTION_HORIZON\n1000000000\n\nSECTION_SHIFTS\nD,480,\n\n\
                  SECTION_STAFF\nA,D=7,2400,960,5,2,2,1\n\nSECTION_COVER\n0,D,1,100,1\n";
    write(d, "r.txt", roster);
    let t = Instant::now();
    let o = run_within(
        &["roster", "r.txt", "--out", "r", "--time-limit", "5"],
        d,
        30,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("horizon"), "{}", stderr(&o));
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
}

// ------------------------------------------------------------------ item 7

#[test]
fn only_regular_files_are_read_and_foreign_content_is_never_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A device and a directory as the scenario: refused at once.
    for what in ["/dev/zero", "/"] {
        let o = run_within(&["check", what], d, 10);
        assert_eq!(o.status.code(), Some(2), "{what}: {}", stderr(&o));
        assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    }
    // `extends`, `distances` and the ledger naming a device or a fifo.
    let fifo = d.join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for target in ["/dev/zero", "fifo"] {
        write(
            d,
            "t.toml",
            format!("extends = {target:?}\n") + &tiny("", "", ""),
        );
        let o = run_within(&["check", "t.toml"], d, 10);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("t.toml:1:"), "{}", stderr(&o));
        write(
            d,
            "t.toml",
            tiny("", "", &format!("[travel]\ndistances = {target:?}")),
        );
        let o = run_within(&["check", "t.toml"], d, 10);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    }
    // A file that is not a distances file: its lines are not echoed.
    let secret = "root:$6$SECRETSALT$SECRETHASHSECRETHASH:19000:0:99999:7:::\nbin:x:1:1\n";
    write(d, "shadow", secret);
    write(
        d,
        "t.toml",
        tiny("", "", "[travel]\ndistances = \"shadow\""),
    );
    let o = run(&["check", "t.toml"], d);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stderr(&o).contains("SECRET"), "{}", stderr(&o));
    assert!(stderr(&o).contains("shadow:1"), "{}", stderr(&o));
    // ... nor as a facility file, nor as a ledger.
    let o = run(&["facility", "shadow", "--out", "f"], d);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stderr(&o).contains("SECRET"), "{}", stderr(&o));

    let s = serviceplan::scenario::load_default().0;
    let plan = tempfile::tempdir().unwrap();
    write(plan.path(), "costs.csv", COSTS_CSV);
    let ledger_err = |ledger: &[u8]| -> String {
        let p = write(d, "ledger.csv", ledger);
        let e = serviceplan::cost::followup::followup(&s, plan.path(), &p).unwrap_err();
        assert_eq!(
            serviceplan::Error::from(e.context("x")).exit_code(),
            2,
            "not bad input"
        );
        let e = serviceplan::cost::followup::followup(&s, plan.path(), &p).unwrap_err();
        format!("{e:#}")
    };
    let e = ledger_err(secret.as_bytes());
    assert!(!e.contains("SECRET"), "{e}");
    // The ledger through the same door: a device is refused.
    let e =
        serviceplan::cost::followup::followup(&s, plan.path(), Path::new("/dev/zero")).unwrap_err();
    assert!(format!("{e:#}").contains("not a regular file"), "{e:#}");
    // A row with an extra field (an unquoted decimal comma) names its line.
    let e = ledger_err(b"month,category,amount_sek\n2022-07,staff,1000\n2022-08,staff,1,5\n");
    assert!(e.contains("ledger.csv:3:") && e.contains("4 fields"), "{e}");
    // An office the scenario does not have.
    let e = ledger_err(b"month,category,amount_sek,office\n2022-07,staff,1000,atlantis\n");
    assert!(
        e.contains("ledger.csv:2:") && e.contains("unknown office"),
        "{e}"
    );
    // A duplicated row is counted, with a warning (the CLI shows it).
    let p = write(
        d,
        "ledger.csv",
        "month,category,amount_sek\n2022-07,staff,1000\n2022-07,staff,1000\n",
    );
    let (_, summary) = serviceplan::cost::followup::followup(&s, plan.path(), &p).unwrap();
    assert_eq!(summary.ledger_rows, 2);
    std::fs::create_dir_all(d.join("p")).unwrap();
    write(&d.join("p"), "costs.csv", COSTS_CSV);
    let o = run(
        &[
            "budget",
            "--plan",
            "p",
            "--actuals",
            "ledger.csv",
            "--out",
            "fu",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("ledger.csv:3: warning") && stderr(&o).contains("line 2"),
        "{}",
        stderr(&o)
    );
}

/// A plan folder's `costs.csv` for the follow-up (every programme year).
const COSTS_CSV: &str = "year,category,planned_sek,budget_sek
2022,staff,900000,1000000
2022,premises,120000,250000
2022,other,60000,250000
2023,staff,1800000,1840000
2023,premises,240000,500000
2023,other,150000,500000
2024,staff,1850000,2000000
2024,premises,240000,500000
2024,other,150000,500000
2025,staff,1900000,2000000
2025,premises,240000,500000
2025,other,150000,500000
";

// ------------------------------------------------------------------ item 8

#[test]
fn byte_order_marks_and_windows_1252_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    // A scenario with a BOM, and one in Windows-1252 ("Gävle" with 0xE4).
    let text = tiny(
        "title = \"Service i G\u{e4}vle\"",
        "name = \"G\u{e4}vle\"",
        "",
    );
    write(d, "bom.toml", [BOM, text.as_bytes()].concat());
    let o = run(&["check", "bom.toml"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let latin: Vec<u8> = text
        .chars()
        .map(|c| if c == 'ä' { 0xE4 } else { c as u8 })
        .collect();
    let t = write(d, "latin.toml", &latin);
    let o = run(&["check", "latin.toml"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Windows-1252") && stderr(&o).contains("line 2"),
        "{}",
        stderr(&o)
    );
    let (s, _) = serviceplan::scenario::load(&t).unwrap();
    assert_eq!(s.title, "Service i Gävle");
    assert_eq!(s.offices[0].name, "Gävle");

    // A distances file with a BOM (and `;`-less CSV), in Windows-1252.
    write(d, "km.csv", [BOM, b"from,to,km\nhome,a,3.5\n"].concat());
    write(
        d,
        "t.toml",
        tiny("", "", "[travel]\ndistances = \"km.csv\""),
    );
    let o = run(&["check", "t.toml"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // A ledger saved by Swedish Excel: BOM, `;`, decimal commas, 0xE4.
    let s = serviceplan::scenario::load_default().0;
    let plan = tempfile::tempdir().unwrap();
    write(plan.path(), "costs.csv", COSTS_CSV);
    let ledger = [
        BOM,
        b"month;category;amount_sek;office\n2022-07;staff;1000,50;valbo\n",
    ]
    .concat();
    let p = write(d, "ledger.csv", &ledger);
    let (_, sum) = serviceplan::cost::followup::followup(&s, plan.path(), &p).unwrap();
    assert_eq!(sum.ledger_rows, 1);
    let p = write(
        d,
        "ledger1252.csv",
        b"month;category;amount_sek;comment\n2022-07;staff;1000,50;G\xE4vle\n",
    );
    let (_, sum) = serviceplan::cost::followup::followup(&s, plan.path(), &p).unwrap();
    assert_eq!(sum.ledger_rows, 1);

    // A facility file with a BOM.
    let fac = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("benchmarks/facility-location/instances/cap41.txt"),
    )
    .unwrap();
    let f = write(d, "cap41.txt", [BOM, &fac[..]].concat());
    assert!(serviceplan::location::orlib::read(&f, Some(8000.0)).is_ok());

    // A binary file is not text: refused, naming the line, never decoded.
    write(d, "bin.toml", b"name = \"x\"\n\0\0\0");
    let o = run(&["check", "bin.toml"], d);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("line 2"), "{}", stderr(&o));
}

// ------------------------------------------------------------------ item 9

#[test]
fn cells_that_start_like_formulas_are_neutralised_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Ids are identifiers: one starting like a formula is refused by check.
    refused(
        d,
        &tiny("", "", "").replace("id = \"s1\"", "id = \"=cmd\""),
        &["staff[=cmd].id", "formula"],
    );
    // Free text is kept, and written neutralised.
    let text = tiny(
        "",
        "name = \"=HYPERLINK(\\\"http://x\\\",\\\"a\\\")\"\npremises = \"@SUM(1)\"",
        "name = \"+1+cmd|' /C calc'!A0\"",
    );
    write(d, "t.toml", &text);
    let o = run(&["plan", "t.toml", "--out", "p", "--time-limit", "30"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let p = d.join("p");
    for f in std::fs::read_dir(&p).unwrap() {
        let f = f.unwrap().path();
        if f.extension().is_some_and(|x| x == "csv") {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_path(&f)
                .unwrap();
            for rec in r.records() {
                for cell in rec.unwrap().iter() {
                    let formula =
                        matches!(cell.chars().next(), Some('=' | '+' | '@' | '\t' | '\r'))
                            || (cell.starts_with('-') && cell.parse::<f64>().is_err());
                    assert!(!formula, "{}: cell {cell:?}", f.display());
                }
            }
        }
    }
    let hours = std::fs::read_to_string(p.join("staff_hours.csv")).unwrap();
    assert!(hours.contains("'+1+cmd"), "{hours}");
    // The workbook holds the same text, as string cells.
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(p.join("plan.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Arbetstid").unwrap();
    let names: Vec<String> = sheet.rows().skip(1).map(|r| r[1].to_string()).collect();
    assert_eq!(names, ["'+1+cmd|' /C calc'!A0"]);
    for row in sheet.rows() {
        for c in row {
            let s = c.to_string();
            assert!(!s.starts_with('=') && !s.starts_with('+'), "{s}");
        }
    }
    // verify reads the folder back as written: the plan still holds.
    let o = run(&["verify", "t.toml", "p"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let folder = serviceplan::report::PlanFolder::read(&p).unwrap();
    assert_eq!(folder.staff_hours[0].name, "+1+cmd|' /C calc'!A0");
}
