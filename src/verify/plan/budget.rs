//! The yearly budget (family `budget`, `costs.budget_mode = "hard"`),
//! re-checked from the written `costs.csv` and `shifts.csv`:
//!
//! - every programme year and category has a row, and its `budget_sek` is
//!   the scenario's budget prorated by the year's programme months;
//! - `planned_sek` is what the shifts cost: mileage of one round trip per
//!   staff member and working day (road km from the scenario), OB from the
//!   shift times, premises of the offices the plan opens, projected to the
//!   year — within 1 SEK of the file;
//! - in hard mode, `planned_sek ≤ budget_sek`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::Report;
use crate::cost::{self, CATEGORIES, CostRow, PlanVariableCosts};
use crate::geo::{LatLon, great_circle_km};
use crate::model::families::BUDGET;
use crate::plan::{OpeningRow, ShiftRow};
use crate::scenario::Scenario;

/// Round-trip road km from a staff member's home area to an office.
fn round_trip_km(s: &Scenario, staff: &str, office: &str) -> f64 {
    let Some(o) = s.offices.iter().find(|o| o.id == office) else {
        return 0.0;
    };
    let home = s
        .staff
        .iter()
        .find(|x| x.id == staff)
        .and_then(|x| s.areas.iter().find(|a| a.id == x.home));
    let km = match (o.road_km, home) {
        (Some(km), _) => km,
        (None, Some(h)) => {
            great_circle_km(LatLon::new(h.lat, h.lon), LatLon::new(o.lat, o.lon))
                * s.travel.road_factor
        }
        (None, None) => 0.0,
    };
    2.0 * km
}

/// Checks `costs` against the scenario and the plan's shifts and openings.
pub fn check(
    s: &Scenario,
    openings: &[OpeningRow],
    shifts: &[ShiftRow],
    costs: &[CostRow],
    r: &mut Report,
) {
    // One round trip per staff member and working day (a day and an evening
    // at the same office are one trip).
    let mut trips: BTreeMap<(&str, NaiveDate), &str> = BTreeMap::new();
    for sh in shifts {
        trips.insert((sh.staff.as_str(), sh.date), sh.office.as_str());
    }
    let km: f64 = trips
        .iter()
        .map(|((staff, _), office)| round_trip_km(s, staff, office))
        .sum();
    let mut opened = s.clone();
    let with_openings: BTreeSet<&str> = openings.iter().map(|o| o.office.as_str()).collect();
    for o in &mut opened.offices {
        if o.candidate && !with_openings.contains(o.id.as_str()) {
            o.closed = true;
        }
    }
    let expected = cost::projection(
        &opened,
        PlanVariableCosts {
            mileage_sek: cost::mileage_sek(s, km),
            ob_sek: crate::plan::ob_cost(s, shifts),
            premises_hours_sek: crate::plan::premises_hours_cost(s, openings),
        },
    );
    let hard = s.costs.budget_mode != "soft";
    for e in &expected {
        let what = format!("{} {}", e.category, e.year);
        let Some(row) = costs
            .iter()
            .find(|c| c.year == e.year && c.category == e.category)
        else {
            r.add(&BUDGET, format!("costs.csv has no row for {what}"));
            continue;
        };
        if row.budget_sek != e.budget_sek {
            r.add(
                &BUDGET,
                format!(
                    "{what}: budget_sek is {:.0}, the scenario's budget for the year is {:.0}",
                    row.budget_sek, e.budget_sek
                ),
            );
        }
        if (row.planned_sek - e.planned_sek).abs() > 1.0 {
            r.add(
                &BUDGET,
                format!(
                    "{what}: planned_sek is {:.0}, the shifts and open offices cost {:.0}",
                    row.planned_sek, e.planned_sek
                ),
            );
        }
        if hard && row.planned_sek > row.budget_sek {
            r.add(
                &BUDGET,
                format!(
                    "{what}: planned {:.0} SEK is over the budget of {:.0} SEK by {:.0} (costs.budget_mode = \"hard\")",
                    row.planned_sek,
                    row.budget_sek,
                    row.planned_sek - row.budget_sek
                ),
            );
        }
    }
    for c in costs {
        if !CATEGORIES.contains(&c.category.as_str()) {
            r.add(
                &BUDGET,
                format!("costs.csv: unknown category `{}`", c.category),
            );
        }
    }
}
