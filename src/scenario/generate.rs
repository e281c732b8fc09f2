//! Generated scenarios for benchmarks and tests: the default Gävle scenario
//! scaled to more offices and staff, deterministic for a seed.

use super::load::load_default;
use super::types::*;

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The default scenario with `offices` offices in outer areas within about
/// 45 km of Gävle (one or two opening days a week, 4–5 hours) and `staff`
/// staff (FTE 1.0, 1.0, 0.75, 0.5 in turn), over the default's quarter.
/// The budget grows with the unit: staff (salaries, mileage and OB) by
/// full-time posts, premises by the offices' premises costs, so that a
/// larger unit is funded like the default. Other costs are the scenario's
/// fixed `other_per_year`, so their budget stays.
pub fn generated(offices: usize, staff: usize, seed: u64) -> Scenario {
    let (mut s, _) = load_default();
    let (fte0, premises0) = funded(&s);
    let mut rng = Rng(seed);
    s.name = format!("gen-{offices}o-{staff}s");
    s.title = format!("Generated: {offices} offices, {staff} staff");
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
    const DAYS: [&str; 5] = ["mon", "tue", "wed", "thu", "fri"];
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
        let days = 1 + rng.below(2);
        let first = rng.below(5);
        let start = if rng.below(2) == 0 { "10:00" } else { "12:00" };
        let end = if start == "10:00" { "15:00" } else { "16:00" };
        let mut hours = std::collections::BTreeMap::new();
        for k in 0..days {
            hours.insert(
                DAYS[(first + 2 * k) % 5].to_string(),
                format!("{start}-{end}"),
            );
        }
        s.offices.push(Office {
            id: id.clone(),
            name: format!("Servicekontor {}", i + 1),
            premises: "bibliotek".into(),
            area: id,
            lat,
            lon,
            road_km: None,
            hours,
            min_days_per_week: None,
            max_days_per_week: None,
            evening_days: default_evening_days(),
            evening: default_evening(),
            unavailable: Vec::new(),
            required_skills: Vec::new(),
            premises_cost_per_year: 30_000.0 + 10_000.0 * rng.below(4) as f64,
            premises_cost_per_hour: 0.0,
            closed: false,
            candidate: false,
        });
    }
    let ftes = [1.0, 1.0, 0.75, 0.5];
    for i in 0..staff {
        let mut absences = Vec::new();
        if rng.below(3) == 0 {
            let from = s.period.start + chrono::Duration::days(rng.below(80) as i64);
            absences.push(Absence {
                from,
                to: from + chrono::Duration::days(4),
                reason: "semester".into(),
            });
        }
        s.staff.push(Staff {
            id: format!("s{:02}", i + 1),
            name: format!("Staff {}", i + 1),
            fte: ftes[i % ftes.len()],
            home: centre.id.clone(),
            skills: Vec::new(),
            absences,
            preferences: Preferences::default(),
        });
    }
    let (fte, premises) = funded(&s);
    let grow = |v: f64, v0: f64| if v0 > 0.0 { (v / v0).max(1.0) } else { 1.0 };
    s.costs.budget.staff *= grow(fte, fte0);
    s.costs.budget.premises *= grow(premises, premises0);
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
    use super::{funded, generated};
    use crate::scenario::load_default;

    /// A generated unit is funded like the default: 30 staff (24.75
    /// full-time posts against the default's 3.0) get 8.25 times the staff
    /// budget.
    #[test]
    fn budget_grows_with_the_unit() {
        let (d, _) = load_default();
        let g = generated(25, 30, 7);
        let (fte, _) = funded(&g);
        let (fte0, _) = funded(&d);
        assert_eq!(fte, 24.75);
        assert!((g.costs.budget.staff - d.costs.budget.staff * fte / fte0).abs() < 1e-6);
        assert!(g.costs.budget.premises > d.costs.budget.premises);
        assert_eq!(g.costs.budget.other, d.costs.budget.other);
        // Never below the default's.
        let small = generated(2, 1, 7);
        assert_eq!(small.costs.budget.staff, d.costs.budget.staff);
    }
}
