//! Generated scenarios for benchmarks and tests: the default Gävle scenario
//! scaled to more offices and staff, deterministic for a seed.
//!
//! The seed varies what real units vary, so that a planner tuned on the
//! default meets the rest of its class: opening days (one to three a week,
//! Saturdays among them), hours, the weekdays evenings may fall on,
//! premises unavailable on some dates, offices needing a skill that few
//! staff have, contracts from half to full time, homes in outer areas,
//! holidays and sick leave, preferences, one or two staff per evening, the
//! rotating schedule's length, and rooms with departments' demand at the
//! generated offices. Every generated scenario passes validation.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::load::load_default;
use super::types::*;
use crate::search::Rng;

/// The default scenario with `offices` offices in outer areas within about
/// 45 km of Gävle and `staff` staff, over a quarter of 2025 (which one, and
/// the rest of its features, follow from `seed`; see the module doc).
/// The budget grows with the unit: staff (salaries, mileage and OB) by
/// full-time posts, premises by the offices' premises costs, so that a
/// larger unit is funded like the default. Other costs are the scenario's
/// fixed `other_per_year`, so their budget stays.
pub fn generated(offices: usize, staff: usize, seed: u64) -> Scenario {
    generated_with(offices, staff, seed, Shape::QUARTER)
}

/// The calendar of a generated scenario, beyond what the seed varies:
/// how long its period is and how many offices open on Saturdays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Whole months (1–12) from the first of the quarter the seed chooses,
    /// or earlier, so that the period ends by December 2025 (the
    /// programme's end).
    pub months: u32,
    /// One office in `saturday_one_in` (on average) also opens on
    /// Saturdays, 10–14; 1 makes every office open then.
    pub saturday_one_in: usize,
}

impl Shape {
    /// A quarter with one office in five open on Saturdays: what
    /// [`generated`] writes.
    pub const QUARTER: Shape = Shape {
        months: 3,
        saturday_one_in: 5,
    };
}

/// [`generated`] with the period's length and the Saturday openings
/// given: the same unit over a month, half a year, or with Saturday
/// hours everywhere. A quarter with one office in five on Saturdays is
/// [`generated`]'s scenario, byte for byte.
pub fn generated_with(offices: usize, staff: usize, seed: u64, shape: Shape) -> Scenario {
    let months = shape.months.clamp(1, 12);
    let (mut s, _) = load_default();
    let (fte0, premises0) = funded(&s);
    let mut rng = Rng::new(seed);
    s.name = format!("gen-{offices}o-{staff}s");
    s.title = format!("Generated: {offices} offices, {staff} staff (seed {seed})");
    // The quarter: one of 2025's four, so holidays differ by seed.
    let q = rng.below(4) as u32;
    // Within the programme (to the end of 2025): a longer period starts
    // early enough to end by December.
    let first = (3 * q).min(12 - months); // months after January 2025
    s.period.start = NaiveDate::from_ymd_opt(2025, 1 + first, 1).expect("a date");
    let after = first + months; // where the period ends
    s.period.end = NaiveDate::from_ymd_opt(2025 + (after / 12) as i32, after % 12 + 1, 1)
        .expect("a date")
        - Duration::days(1);
    // Dates drawn within the period: a quarter's draws (80 and 70 days)
    // scaled to its length.
    let period_days = (s.period.end - s.period.start).num_days() as usize + 1;
    let within = |quarter_span: usize| {
        if months == 3 {
            quarter_span
        } else {
            (quarter_span * period_days / 90).max(1)
        }
    };
    s.rules.staff_per_opening.evening = if rng.below(4) == 0 { 1 } else { 2 };
    s.rules.cycle_weeks = [4, 4, 2, 0][rng.below(4)];
    let centre = s
        .areas
        .iter()
        .find(|a| a.central)
        .cloned()
        .expect("the default has a central area");
    s.areas.retain(|a| a.central);
    s.offices.clear();
    s.staff.clear();
    s.absences.clear();
    s.rooms.clear();
    s.demand.clear();
    const DAYS: [&str; 6] = ["mon", "tue", "wed", "thu", "fri", "sat"];
    let skills = ["teckensprak", "ekonomi"];
    let mut skilled: BTreeMap<&str, usize> = BTreeMap::new();
    for i in 0..offices {
        let angle = rng.unit() * std::f64::consts::TAU;
        let km = 6.0 + rng.unit() * 40.0;
        let lat = centre.lat + km * angle.sin() / 111.2;
        let lon = centre.lon + km * angle.cos() / (111.2 * centre.lat.to_radians().cos());
        let id = format!("o{:02}", i + 1);
        s.areas.push(Area {
            id: id.clone(),
            name: format!("Area {}", i + 1),
            population: 500 + rng.below(7000) as u32,
            lat,
            lon,
            central: false,
        });
        let days = [1, 1, 2, 2, 3][rng.below(5)];
        let first = rng.below(5);
        let (start, end) =
            [("10:00", "15:00"), ("12:00", "16:00"), ("09:00", "13:00")][rng.below(3)];
        let mut hours = BTreeMap::new();
        for k in 0..days {
            hours.insert(
                DAYS[(first + 2 * k) % 5].to_string(),
                format!("{start}-{end}"),
            );
        }
        if rng.below(shape.saturday_one_in.max(1)) == 0 {
            hours.insert("sat".to_string(), "10:00-14:00".to_string());
        }
        let mut evening_days: Vec<String> = DAYS[..4].iter().map(|d| d.to_string()).collect();
        while evening_days.len() > 2 && rng.below(3) == 0 {
            evening_days.remove(rng.below(evening_days.len()));
        }
        let unavailable = if rng.below(8) == 0 {
            let d = s.period.start + Duration::days(rng.below(within(80)) as i64);
            vec![d, d + Duration::days(1)]
        } else {
            Vec::new()
        };
        let required_skills = if rng.below(7) == 0 {
            let k = skills[rng.below(skills.len())];
            *skilled.entry(k).or_default() += 1;
            vec![k.to_string()]
        } else {
            Vec::new()
        };
        s.offices.push(Office {
            id: id.clone(),
            name: format!("Servicekontor {}", i + 1),
            premises: "bibliotek".into(),
            area: id.clone(),
            lat,
            lon,
            road_km: None,
            hours,
            min_days_per_week: None,
            max_days_per_week: None,
            evening_days,
            evening: default_evening(),
            unavailable,
            required_skills,
            premises_cost_per_year: 30_000.0 + 10_000.0 * rng.below(4) as f64,
            premises_cost_per_hour: 0.0,
            closed: false,
            candidate: false,
        });
        // Rooms where departments meet citizens, most offices one.
        if rng.below(5) < 3 {
            let open: Vec<String> = s.offices[i].hours.keys().cloned().collect();
            let mut available = BTreeMap::new();
            for d in &open {
                available.insert(d.clone(), "10:00-18:00".to_string());
            }
            for d in &s.offices[i].evening_days {
                available
                    .entry(d.clone())
                    .or_insert_with(|| "16:00-18:00".to_string());
            }
            s.rooms.push(Room {
                id: format!("{id}-rum"),
                office: id.clone(),
                name: format!("Mötesrum {}", i + 1),
                capacity: 4,
                accessible: rng.below(2) == 0,
                available,
                unavailable: Vec::new(),
            });
            for (k, dep) in s.departments.iter().enumerate() {
                if rng.below(3) == 0 {
                    s.demand.push(Demand {
                        id: Some(format!("{}-{id}-{k}", dep.id)),
                        department: dep.id.clone(),
                        office: Some(id.clone()),
                        area: None,
                        month: None,
                        hours: Some((1 + rng.below(5)) as f64),
                        meetings: None,
                        evening_share: if rng.below(3) == 0 { 0.25 } else { 0.0 },
                    });
                }
            }
        }
    }
    let ftes = [1.0, 1.0, 0.75, 0.5, 0.8];
    let outer: Vec<String> = s
        .areas
        .iter()
        .filter(|a| !a.central)
        .map(|a| a.id.clone())
        .collect();
    for i in 0..staff {
        let mut absences = Vec::new();
        if rng.below(3) == 0 {
            let from = s.period.start + Duration::days(rng.below(within(80)) as i64);
            absences.push(Absence {
                from,
                to: from + Duration::days(4),
                reason: "semester".into(),
            });
        }
        if rng.below(10) == 0 {
            let from = s.period.start + Duration::days(rng.below(within(70)) as i64);
            absences.push(Absence {
                from,
                to: from + Duration::days(13),
                reason: "sjuk".into(),
            });
        }
        let home = if !outer.is_empty() && rng.below(10) < 3 {
            outer[rng.below(outer.len())].clone()
        } else {
            centre.id.clone()
        };
        let mut preferences = Preferences::default();
        if rng.below(5) == 0 {
            preferences.avoid_evenings = true;
        }
        if rng.below(10) == 0 {
            preferences.avoid_weekdays = vec![DAYS[rng.below(5)].to_string()];
        }
        s.staff.push(Staff {
            id: format!("s{:02}", i + 1),
            name: format!("Staff {}", i + 1),
            fte: ftes[i % ftes.len()],
            home,
            skills: Vec::new(),
            absences,
            preferences,
        });
    }
    // Every skill an office needs is held by a few staff (at least one,
    // about one in five).
    for (k, (skill, _)) in skilled.iter().enumerate() {
        let holders = (staff / 5).max(1);
        for j in 0..holders {
            let x = (k * 7 + j * 5) % staff.max(1);
            if let Some(x) = s.staff.get_mut(x)
                && !x.skills.iter().any(|h| h == skill)
            {
                x.skills.push(skill.to_string());
            }
        }
    }
    if staff == 0 {
        for o in &mut s.offices {
            o.required_skills.clear();
        }
    }
    let (fte, premises) = funded(&s);
    let grow = |v: f64, v0: f64| if v0 > 0.0 { (v / v0).max(1.0) } else { 1.0 };
    s.costs.budget.staff *= grow(fte, fte0);
    s.costs.budget.premises *= grow(premises, premises0);
    // The first ISO week's Monday stays the cycle's anchor: nothing else
    // depends on the weekday the quarter starts on.
    debug_assert!(s.period.start.day() == 1);
    s
}

/// What the budget is scaled by: the full-time posts and the premises
/// costs per year.
fn funded(s: &Scenario) -> (f64, f64) {
    let fte = s.staff.iter().map(|x| x.fte).sum();
    let premises = s.offices.iter().map(|o| o.premises_cost_per_year).sum();
    (fte, premises)
}

#[cfg(test)]
mod tests {
    use super::{Shape, funded, generated, generated_with};
    use crate::scenario::load_default;
    use chrono::Datelike;

    /// A generated unit is funded like the default: more full-time posts
    /// than the default's get a proportionally larger staff budget.
    #[test]
    fn budget_grows_with_the_unit() {
        let (d, _) = load_default();
        let g = generated(25, 30, 7);
        let (fte, _) = funded(&g);
        let (fte0, _) = funded(&d);
        assert!(fte > fte0);
        assert!((g.costs.budget.staff - d.costs.budget.staff * fte / fte0).abs() < 1e-6);
        assert!(g.costs.budget.premises > d.costs.budget.premises);
        assert_eq!(g.costs.budget.other, d.costs.budget.other);
        // Never below the default's.
        let small = generated(2, 1, 7);
        assert_eq!(small.costs.budget.staff, d.costs.budget.staff);
    }

    /// Every generated scenario is valid, whatever the size and seed, and
    /// the same size and seed give the same scenario.
    #[test]
    fn generated_scenarios_are_valid_and_deterministic() {
        for (o, st) in [(1, 1), (3, 2), (7, 4), (12, 6), (25, 30), (50, 60)] {
            for seed in 0..12 {
                let g = generated(o, st, seed);
                let problems = crate::scenario::validate::validate(&g);
                assert!(
                    problems.is_empty(),
                    "{o}x{st} seed {seed}: {:?}",
                    problems
                        .iter()
                        .map(|p| format!("{}: {}", p.field, p.message))
                        .collect::<Vec<_>>()
                );
                let text = toml::to_string(&g).unwrap();
                assert_eq!(text, toml::to_string(&generated(o, st, seed)).unwrap());
            }
        }
        for months in [1, 2, 6, 12] {
            for seed in 0..8 {
                let shape = Shape {
                    months,
                    saturday_one_in: 1 + seed as usize % 3,
                };
                let g = generated_with(5, 3, seed, shape);
                let problems = crate::scenario::validate::validate(&g);
                assert!(
                    problems.is_empty(),
                    "5x3 {shape:?} seed {seed}: {}",
                    problems.len()
                );
                assert_eq!((g.period.end + chrono::Duration::days(1)).day(), 1);
                assert_eq!(
                    (g.period.end.year() - 2025) * 12 + g.period.end.month0() as i32,
                    (g.period.start.month0() + months - 1) as i32
                );
            }
        }
    }
}
