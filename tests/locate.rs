//! `serviceplan locate`: a scenario's premises screened with the location
//! model alone, on three areas on a north–south line whose answers are known
//! by hand, and the `travel.distances` file overriding the coordinates.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use serviceplan::screening::{ScreenObjective, ScreenOptions, screen};

/// Areas a, b, c on longitude 17 at latitudes 60.00, 60.15, 60.30 (100, 400
/// and 350 inhabitants): neighbours are 0.15° apart, 16.68 km great-circle,
/// 21.68 road km (factor 1.3); a–c 43.37 km. One candidate office per area,
/// premises 100 000 / 80 000 / 90 000 SEK a year.
fn line(extra: &str, oa_candidate: bool) -> String {
    // the common head's `home` area is not part of this line
    let head = HEAD.replace(
        "[[areas]]\nid = \"home\"\npopulation = 100\nlat = 60.0\nlon = 17.0\n",
        "",
    );
    format!(
        "{head}[period]\nstart = 2025-03-03\nend = 2025-03-09\n{extra}\n\
         [[areas]]\nid = \"a\"\npopulation = 100\nlat = 60.0\nlon = 17.0\n\
         [[areas]]\nid = \"b\"\npopulation = 400\nlat = 60.15\nlon = 17.0\n\
         [[areas]]\nid = \"c\"\npopulation = 350\nlat = 60.3\nlon = 17.0\n\
         [[offices]]\nid = \"oa\"\narea = \"a\"\nlat = 60.0\nlon = 17.0\ncandidate = {oa_candidate}\nhours = {{ mon = \"10:00-14:00\" }}\nevening_days = []\npremises_cost_per_year = 100000\n\
         [[offices]]\nid = \"ob\"\narea = \"b\"\nlat = 60.15\nlon = 17.0\ncandidate = true\nhours = {{ mon = \"10:00-14:00\" }}\nevening_days = []\npremises_cost_per_year = 80000\n\
         [[offices]]\nid = \"oc\"\narea = \"c\"\nlat = 60.3\nlon = 17.0\ncandidate = true\nhours = {{ mon = \"10:00-14:00\" }}\nevening_days = []\npremises_cost_per_year = 90000\n\
         [[staff]]\nid = \"s1\"\nfte = 1.0\nhome = \"b\"\n"
    )
}

fn opts(objective: ScreenObjective, radius_km: f64) -> ScreenOptions {
    ScreenOptions {
        objective,
        radius_km,
        offices: None,
        budget: None,
        sek_per_person_km: 1.0,
        free: false,
    }
}

fn open(s: &serviceplan::scenario::Scenario, o: &ScreenOptions) -> Vec<String> {
    screen(s, o, &options()).unwrap().0.open_offices
}

/// Road km between neighbouring areas: 0.15° of a great circle × 1.3.
fn neighbour_km() -> f64 {
    6371.0 * 0.15_f64.to_radians() * 1.3
}

#[test]
fn p_median_picks_the_middle_then_the_bigger_end() {
    let s = load(&line("", true));
    let mut o = opts(ScreenObjective::PMedian, 25.0);
    o.offices = Some(1);
    assert_eq!(open(&s, &o), ["ob"]);
    o.offices = Some(2);
    let (summary, rows) = screen(&s, &o, &options()).unwrap();
    assert_eq!(summary.open_offices, ["ob", "oc"]);
    // only a's 100 inhabitants travel, one neighbour step
    let want = 100.0 * neighbour_km();
    let got = summary.objective_value.unwrap();
    assert!((got - want).abs() < 0.5, "{got} vs {want}");
    let a = rows.iter().find(|r| r.area == "a").unwrap();
    assert_eq!(a.office, "ob");
    assert!(a.reached);
    assert_eq!(summary.inhabitants_reached, 850);
}

#[test]
fn covering_needs_every_office_at_20_km_and_only_the_middle_at_25() {
    let s = load(&line("", true));
    assert_eq!(
        open(&s, &opts(ScreenObjective::Covering, 20.0)),
        ["oa", "ob", "oc"]
    );
    let (summary, _) = screen(&s, &opts(ScreenObjective::Covering, 25.0), &options()).unwrap();
    assert_eq!(summary.open_offices, ["ob"]);
    assert_eq!(summary.premises_cost_per_year, 80000.0);
}

#[test]
fn maximal_covering_within_an_office_count_or_a_budget() {
    let s = load(&line("", true));
    let mut o = opts(ScreenObjective::MaxCovering, 20.0);
    o.offices = Some(2);
    let (summary, _) = screen(&s, &o, &options()).unwrap();
    assert_eq!(summary.open_offices, ["ob", "oc"]);
    assert_eq!(summary.inhabitants_reached, 750);
    // 150 000 SEK buys one office: the one reaching most people
    o.offices = None;
    o.budget = Some(150_000.0);
    let (summary, _) = screen(&s, &o, &options()).unwrap();
    assert_eq!(summary.open_offices, ["ob"]);
    assert_eq!(
        (summary.inhabitants_reached, summary.outer_population),
        (400, 850)
    );
}

#[test]
fn existing_offices_stay_open_unless_free() {
    let s = load(&line("", false));
    let cover = opts(ScreenObjective::Covering, 25.0);
    // oa must stay open; c still needs ob (cheaper than oc)
    assert_eq!(open(&s, &cover), ["oa", "ob"]);
    let mut free = cover.clone();
    free.free = true;
    assert_eq!(open(&s, &free), ["ob"]);
    // closed premises never open
    let mut s2 = s.clone();
    s2.offices[1].closed = true;
    assert_eq!(open(&s2, &cover), ["oa", "oc"]);
}

fn write_scenario(dir: &Path, distances: &str) -> std::path::PathBuf {
    let text = line("[travel]\ndistances = \"data/distances.csv\"\n", true);
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(dir.join("data/distances.csv"), distances).unwrap();
    let path = dir.join("line.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_distance_file_overrides_the_coordinates() {
    let dir = tempfile::tempdir().unwrap();
    // a good road from a to oc: oc now covers a and c within 20 km
    let path = write_scenario(dir.path(), "from,to,km\noc,a,5\n");
    let (s, _) = serviceplan::scenario::load(&path).unwrap();
    assert_eq!(s.travel.pairs.len(), 1);
    assert_eq!(
        open(&s, &opts(ScreenObjective::Covering, 20.0)),
        ["ob", "oc"]
    );
    // the same pair feeds staff travel, coverage and the comparison
    let a = &s.areas[0];
    assert_eq!(s.road_km(a, &s.offices[2]), 5.0);
    assert!((s.road_km(a, &s.offices[1]) - neighbour_km()).abs() < 1e-6);
}

#[test]
fn a_bad_distance_file_names_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_scenario(dir.path(), "from,to,km\noc,a,5\nob,nowhere,3\n");
    let err = serviceplan::scenario::load(&path).unwrap_err().to_string();
    assert!(err.contains("distances.csv:3"), "{err}");
    assert!(err.contains("unknown place id `nowhere`"), "{err}");
    assert!(err.contains("travel.distances"), "{err}");
    let path = write_scenario(dir.path(), "from,to,km\noc,a,-5\n");
    let err = serviceplan::scenario::load(&path).unwrap_err().to_string();
    assert!(
        err.contains("distances.csv:2") && err.contains("from 0 to 2000"),
        "{err}"
    );
}

#[test]
fn the_locate_command_writes_its_folder_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_scenario(dir.path(), "from,to,km\noc,a,5\n");
    let out = dir.path().join("loc");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_serviceplan"))
            .arg("locate")
            .arg(&path)
            .arg("--out")
            .arg(&out)
            .args(args)
            .output()
            .unwrap()
    };
    let r = run(&["--objective", "covering", "--radius-km", "20"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("location.json")).unwrap()).unwrap();
    assert_eq!(json["open_offices"], serde_json::json!(["ob", "oc"]));
    assert_eq!(json["status"], "optimal");
    let csv = std::fs::read_to_string(out.join("areas.csv")).unwrap();
    assert_eq!(
        csv.lines().next().unwrap(),
        "area,population,office,road_km,reached"
    );
    assert!(csv.contains("a,100,oc,5.0,true"), "{csv}");
    // p-median without an office count: a clear error, the folder untouched
    let before = std::fs::read(out.join("location.json")).unwrap();
    let r = run(&["--objective", "p-median"]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("--offices N"));
    assert_eq!(std::fs::read(out.join("location.json")).unwrap(), before);
    // the embedded default screens too
    let out2 = dir.path().join("gavle");
    let r = Command::new(env!("CARGO_BIN_EXE_serviceplan"))
        .args([
            "locate",
            "--free",
            "--objective",
            "p-median",
            "--offices",
            "4",
            "--out",
        ])
        .arg(&out2)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out2.join("location.json")).unwrap()).unwrap();
    assert_eq!(json["open_offices"].as_array().unwrap().len(), 4);
}
