//! Property: for random small scenarios, every plan the program returns
//! passes the independent verifier (from the written files), and an
//! infeasible scenario is reported as such with the rules that conflict —
//! never as a plan.

mod common;

use proptest::prelude::*;
use serviceplan::planner::{self, Outcome};

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

#[derive(Debug, Clone)]
struct Office {
    days: Vec<usize>,
    start: u32,
    len: u32,
    evening_days: Vec<usize>,
    lat: f64,
    max_days: Option<u32>,
    skill: bool,
}

#[derive(Debug, Clone)]
struct Person {
    fte: f64,
    absence: Option<(u32, u32)>,
    skilled: bool,
    avoid_evenings: bool,
}

fn office() -> impl Strategy<Value = Office> {
    (
        proptest::sample::subsequence((0..7).collect::<Vec<_>>(), 0..4),
        16u32..22, // start, in half hours: 08:00..11:00
        4u32..13,  // length in half hours: 2..6 h
        proptest::sample::subsequence((0..5).collect::<Vec<_>>(), 1..3),
        0.0f64..0.4,
        proptest::option::of(1u32..3),
        proptest::bool::weighted(0.2),
    )
        .prop_map(
            |(days, start, len, evening_days, lat, max_days, skill)| Office {
                days,
                start: start * 30,
                len: len * 30,
                evening_days,
                lat,
                max_days,
                skill,
            },
        )
}

fn person() -> impl Strategy<Value = Person> {
    (
        proptest::sample::select(vec![0.25, 0.5, 0.75, 1.0]),
        proptest::option::of((0u32..30, 1u32..8)),
        proptest::bool::weighted(0.5),
        proptest::bool::weighted(0.3),
    )
        .prop_map(|(fte, absence, skilled, avoid_evenings)| Person {
            fte,
            absence,
            skilled,
            avoid_evenings,
        })
}

fn clock(m: u32) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

#[allow(clippy::too_many_arguments)]
fn scenario(
    offices: &[Office],
    people: &[Person],
    start_day: u32,
    weeks: u32,
    evenings: u32,
    evening_staff: u32,
    max_consecutive: u32,
    cycle: u32,
) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
        + chrono::Duration::days(start_day as i64);
    let end = start + chrono::Duration::days(7 * weeks as i64 - 1);
    let mut t = format!(
        "name = \"random\"\n[period]\nstart = {start}\nend = {end}\n[rules]\nmin_evenings_per_month = {evenings}\nmax_consecutive_days = {max_consecutive}\ncycle_weeks = {cycle}\nstaff_per_opening = {{ day = 1, evening = {evening_staff} }}\n[[areas]]\nid = \"home\"\npopulation = 1000\nlat = 60.0\nlon = 17.0\n"
    );
    for (i, o) in offices.iter().enumerate() {
        let hours: Vec<String> = o
            .days
            .iter()
            .map(|d| {
                format!(
                    "{} = \"{}-{}\"",
                    DAYS[*d],
                    clock(o.start),
                    clock(o.start + o.len)
                )
            })
            .collect();
        let ev: Vec<String> = o
            .evening_days
            .iter()
            .map(|d| format!("\"{}\"", DAYS[*d]))
            .collect();
        t += &format!(
            "[[offices]]\nid = \"o{i}\"\narea = \"home\"\nlat = {}\nlon = 17.0\nhours = {{ {} }}\nevening_days = [{}]\n",
            60.0 + o.lat,
            hours.join(", "),
            ev.join(", ")
        );
        if let Some(m) = o.max_days
            && (m as usize) <= o.days.len()
        {
            t += &format!("max_days_per_week = {m}\n");
        }
        if o.skill && people.iter().any(|p| p.skilled) {
            t += "required_skills = [\"k\"]\n";
        }
    }
    for (i, p) in people.iter().enumerate() {
        t += &format!(
            "[[staff]]\nid = \"s{i}\"\nfte = {}\nhome = \"home\"\n",
            p.fte
        );
        if p.skilled {
            t += "skills = [\"k\"]\n";
        }
        if let Some((a, len)) = p.absence {
            let from = start + chrono::Duration::days(a as i64);
            t += &format!(
                "absences = [{{ from = {from}, to = {} }}]\n",
                from + chrono::Duration::days(len as i64)
            );
        }
        if p.avoid_evenings {
            t += "preferences = { avoid_evenings = true }\n";
        }
    }
    t
}

proptest! {
    #![proptest_config(common::property_config(40, "PLAN_PROPERTY_SEED"))]

    #[test]
    fn every_plan_passes_the_verifier(
        offices in proptest::collection::vec(office(), 1..4),
        people in proptest::collection::vec(person(), 1..5),
        start_day in 0u32..300,
        weeks in 1u32..6,
        evenings in 0u32..4,
        evening_staff in 1u32..3,
        max_consecutive in 2u32..7,
        cycle in 0u32..3,
    ) {
        let text = scenario(&offices, &people, start_day, weeks, evenings, evening_staff, max_consecutive, cycle);
        let s = match serviceplan::scenario::load_str(std::path::Path::new("random.toml"), &text) {
            Ok((s, _)) => s,
            // generated input that `check` rejects is fine: it must be a clear diagnostic
            Err(d) => { prop_assert!(!d.0.is_empty()); return Ok(()); }
        };
        match planner::solve(&s, &common::options()) {
            Outcome::Planned(mut p) => {
                let dir = tempfile::tempdir().unwrap();
                let out = dir.path().join("plan");
                // write_verified re-reads the files and runs the verifier
                let r = planner::write_verified(&s, &mut p, &out);
                prop_assert!(r.is_ok(), "{:?}\n{text}", r.err());
                prop_assert!(out.join("shifts.csv").exists());
            }
            Outcome::Infeasible { explanation, .. } => {
                prop_assert!(!explanation.conflicts.is_empty(), "no conflict named\n{text}");
                for c in &explanation.conflicts {
                    prop_assert!(serviceplan::model::family(c.family.id).is_some_and(|f| f.is_hard()), "{} is not a hard rule", c.family);
                }
            }
            Outcome::NoSolution { reason, .. } => prop_assert!(false, "no solution: {reason}\n{text}"),
        }
    }
}
