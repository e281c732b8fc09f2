//! What one verified plan costs and delivers, in the terms a price is the
//! difference of: yearly cost per programme year and category (the plan's
//! `costs.csv`), and the service over the plan's period (opening and
//! evening hours, inhabitants reached, unmet department demand, missing
//! openings, staff hours at the offices and on the road).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::plan::Plan;
use crate::scenario::Scenario;

/// One plan's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    /// (year, category) → planned SEK in that programme year.
    #[serde(serialize_with = "cost_map")]
    pub costs: BTreeMap<(i32, String), f64>,
    /// Day and evening opening hours over the period.
    pub open_hours: f64,
    /// Evening opening hours over the period.
    pub evening_hours: f64,
    /// Inhabitants of the outer areas within the radius of an open office.
    pub reach: u64,
    /// Department demand hours not booked over the period.
    pub unmet_hours: f64,
    /// Day openings the plan should have held but did not.
    pub missing_openings: f64,
    /// Staff hours at offices and travelling to them over the period.
    pub staff_hours: f64,
}

fn cost_map<S: serde::Serializer>(
    m: &BTreeMap<(i32, String), f64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(m.len()))?;
    for ((y, c), v) in m {
        map.serialize_entry(&format!("{c}_{y}"), v)?;
    }
    map.end()
}

impl Measure {
    /// The figures of plan `p` of scenario `s`.
    pub fn of(s: &Scenario, p: &Plan, radius_km: f64) -> Measure {
        let mut opened = s.clone();
        for o in &mut opened.offices {
            o.closed = !p.summary.open_offices.contains(&o.id);
        }
        let (reach, _) = crate::batch::compare::reach(&opened, radius_km);
        let minutes = |w: &crate::plan::OpeningRow| {
            let clock = crate::scenario::time::parse_clock;
            match (clock(&w.start), clock(&w.end)) {
                (Some(a), Some(b)) => b.saturating_sub(a) as f64,
                _ => 0.0,
            }
        };
        let evening: f64 = p
            .openings
            .iter()
            .filter(|o| o.kind == "evening")
            .map(minutes)
            .sum();
        Measure {
            costs: p
                .summary
                .costs
                .iter()
                .map(|c| ((c.year, c.category.clone()), c.planned_sek))
                .collect(),
            open_hours: p.summary.opening_hours,
            evening_hours: round2(evening / 60.0),
            reach,
            unmet_hours: p.summary.unmet_demand_hours,
            missing_openings: p.summary.missing_openings,
            // `office_hours` counts the travel to and from the offices.
            staff_hours: round2(p.staff_hours.iter().map(|h| h.office_hours).sum()),
        }
    }

    /// Planned SEK of `category` in `year` (0 when the year is not projected).
    pub fn cost(&self, year: i32, category: &str) -> f64 {
        self.costs
            .get(&(year, category.to_string()))
            .copied()
            .unwrap_or(0.0)
    }
}

pub(crate) fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}
