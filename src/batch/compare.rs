//! The comparison management reads: one row per scenario with cost against
//! budget, citizens reached, opening hours, evenings, unmet demand, staff
//! hours and solve time; Pareto-efficient rows marked (cost vs inhabitants
//! reached vs opening hours).

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;

use crate::plan::Plan;
use crate::scenario::Scenario;

/// One scenario's row of `comparison.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonRow {
    pub scenario: String,
    pub status: String,
    /// Why a scenario has no plan (empty when it has one).
    pub reason: String,
    pub offices: usize,
    pub staff_fte: f64,
    /// (year, category) → (planned, budget), SEK.
    #[serde(skip)]
    pub costs: BTreeMap<(i32, String), (f64, f64)>,
    /// Inhabitants of the outer areas within the radius of an open office.
    pub inhabitants_reached: u64,
    pub reached_share: f64,
    pub opening_hours_per_office_week: f64,
    pub evening_openings_per_month: f64,
    pub missing_openings: f64,
    pub unmet_demand_hours: f64,
    pub staff_office_hours: f64,
    pub solve_seconds: f64,
    pub pareto: bool,
    /// The year whose cost is compared (the plan's first year).
    pub year: i32,
    /// Ids of the offices open in the plan (empty without a plan).
    #[serde(skip)]
    pub open_offices: Vec<String>,
}

impl ComparisonRow {
    pub fn failed(s: &Scenario, status: &str, reason: String, seconds: f64) -> Self {
        ComparisonRow {
            scenario: s.name.clone(),
            status: status.into(),
            reason,
            offices: s
                .offices
                .iter()
                .filter(|o| !o.closed && !o.candidate)
                .count(),
            staff_fte: s.staff.iter().map(|x| x.fte).sum(),
            costs: BTreeMap::new(),
            inhabitants_reached: 0,
            reached_share: 0.0,
            opening_hours_per_office_week: 0.0,
            evening_openings_per_month: 0.0,
            missing_openings: 0.0,
            unmet_demand_hours: 0.0,
            staff_office_hours: 0.0,
            solve_seconds: (seconds * 1000.0).round() / 1000.0,
            pareto: false,
            year: chrono::Datelike::year(&s.period.start),
            open_offices: Vec::new(),
        }
    }

    pub fn from_plan(s: &Scenario, p: &Plan, radius_km: f64) -> Self {
        let mut row =
            ComparisonRow::failed(s, &p.summary.status, String::new(), p.summary.solve_seconds);
        for c in &p.summary.costs {
            row.costs
                .insert((c.year, c.category.clone()), (c.planned_sek, c.budget_sek));
        }
        let mut opened = s.clone();
        for o in &mut opened.offices {
            o.closed = !p.summary.open_offices.contains(&o.id);
        }
        let (reached, share) = reach(&opened, radius_km);
        row.inhabitants_reached = reached;
        row.offices = p.summary.open_offices.len();
        row.open_offices = p.summary.open_offices.clone();
        row.reached_share = (share * 10_000.0).round() / 10_000.0;
        let days = ((s.period.end - s.period.start).num_days() + 1) as f64;
        let weeks = days / 7.0;
        let offices = p.summary.offices.max(1) as f64;
        row.opening_hours_per_office_week = round2(p.summary.opening_hours / offices / weeks);
        row.evening_openings_per_month = round2(
            p.summary.evening_openings as f64 / (days / crate::scenario::types::AVERAGE_MONTH_DAYS),
        );
        row.missing_openings = p.summary.missing_openings;
        row.unmet_demand_hours = p.summary.unmet_demand_hours;
        row.staff_office_hours = round2(p.staff_hours.iter().map(|h| h.office_hours).sum());
        row
    }

    /// Planned cost of all categories in the compared year.
    pub fn total_cost(&self) -> f64 {
        self.costs
            .iter()
            .filter(|((y, _), _)| *y == self.year)
            .map(|(_, (planned, _))| planned)
            .sum()
    }

    /// Every (year, category) whose planned cost exceeds its budget, with
    /// the share of the budget used, in year and category order.
    pub fn overruns(&self) -> Vec<(i32, String, f64)> {
        self.costs
            .iter()
            .filter(|(_, (planned, budget))| planned > budget)
            .map(|((y, c), (planned, budget))| {
                let pct = if *budget > 0.0 {
                    (planned / budget * 1000.0).round() / 10.0
                } else {
                    f64::INFINITY
                };
                (*y, c.clone(), pct)
            })
            .collect()
    }

    /// Over the budget in any category and year.
    pub fn over_budget(&self) -> bool {
        !self.overruns().is_empty()
    }

    /// The `over_budget` column: `staff 2025 131.7 %; …`, empty when within budget.
    pub fn overruns_text(&self) -> String {
        self.overruns()
            .iter()
            .map(|(y, c, pct)| {
                if pct.is_finite() {
                    format!("{c} {y} {pct:.1} %")
                } else {
                    format!("{c} {y} (budget 0)")
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn planned(&self) -> bool {
        matches!(self.status.as_str(), "optimal" | "feasible" | "time_limit")
            && !self.costs.is_empty()
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Inhabitants of the outer (non-central) areas within `radius_km` by road
/// of an open office, and their share of the outer areas' population.
pub fn reach(s: &Scenario, radius_km: f64) -> (u64, f64) {
    let outer: Vec<_> = s.areas.iter().filter(|a| !a.central).collect();
    let total: u64 = outer.iter().map(|a| a.population as u64).sum();
    let reached: u64 = outer
        .iter()
        .filter(|a| {
            s.offices
                .iter()
                .filter(|o| !o.closed)
                .any(|o| s.road_km(a, o) <= radius_km)
        })
        .map(|a| a.population as u64)
        .sum();
    (
        reached,
        if total > 0 {
            reached as f64 / total as f64
        } else {
            0.0
        },
    )
}

/// Marks the rows no other planned row beats on all of: lower cost, more
/// inhabitants reached, more opening hours (and strictly on one). Only
/// rows within every category's budget take part: a scenario over a
/// budget is never Pareto-efficient, however much it offers.
pub fn mark_pareto(rows: &mut [ComparisonRow]) {
    let keys: Vec<Option<(f64, f64, f64)>> = rows
        .iter()
        .map(|r| {
            (r.planned() && !r.over_budget()).then(|| {
                (
                    r.total_cost(),
                    r.inhabitants_reached as f64,
                    r.opening_hours_per_office_week * r.offices as f64,
                )
            })
        })
        .collect();
    for i in 0..rows.len() {
        let Some(a) = keys[i] else { continue };
        let dominated = keys.iter().enumerate().any(|(j, k)| {
            j != i
                && k.is_some_and(|b| {
                    b.0 <= a.0 && b.1 >= a.1 && b.2 >= a.2 && (b.0 < a.0 || b.1 > a.1 || b.2 > a.2)
                })
        });
        rows[i].pareto = !dominated;
    }
    for r in rows.iter_mut() {
        if r.over_budget() {
            r.pareto = false;
        }
    }
}

/// The (year, category) cost columns present in any row, sorted.
pub(crate) fn cost_keys(rows: &[ComparisonRow]) -> Vec<(i32, String)> {
    let mut keys: Vec<(i32, String)> = rows.iter().flat_map(|r| r.costs.keys().cloned()).collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Column names and values of a row, cost columns per year and category.
fn columns(rows: &[ComparisonRow]) -> (Vec<String>, Vec<Vec<String>>) {
    let keys = cost_keys(rows);
    let mut header: Vec<String> = ["scenario", "status", "reason", "offices", "staff_fte"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for (y, c) in &keys {
        header.push(format!("{c}_{y}_sek"));
        header.push(format!("{c}_{y}_budget_sek"));
    }
    header.extend(
        [
            "inhabitants_reached",
            "reached_share",
            "opening_hours_per_office_week",
            "evening_openings_per_month",
            "missing_openings",
            "unmet_demand_hours",
            "staff_office_hours",
            "solve_seconds",
            "pareto",
            "over_budget",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    let body = rows
        .iter()
        .map(|r| {
            let mut v = vec![
                r.scenario.clone(),
                r.status.clone(),
                r.reason.clone(),
                r.offices.to_string(),
                format!("{}", r.staff_fte),
            ];
            for k in &keys {
                match r.costs.get(k) {
                    Some((p, b)) => {
                        v.push(format!("{p}"));
                        v.push(format!("{b}"));
                    }
                    None => {
                        v.push(String::new());
                        v.push(String::new());
                    }
                }
            }
            v.extend([
                r.inhabitants_reached.to_string(),
                format!("{}", r.reached_share),
                format!("{}", r.opening_hours_per_office_week),
                format!("{}", r.evening_openings_per_month),
                format!("{}", r.missing_openings),
                format!("{}", r.unmet_demand_hours),
                format!("{}", r.staff_office_hours),
                format!("{}", r.solve_seconds),
                r.pareto.to_string(),
                r.overruns_text(),
            ]);
            v
        })
        .collect();
    (header, body)
}

/// `comparison.csv` and `comparison.md`, in memory.
pub fn comparison_files(rows: &[ComparisonRow]) -> Result<(Vec<u8>, String)> {
    let (header, body) = columns(rows);
    let mut w = csv::Writer::from_writer(Vec::new());
    crate::cell::record(&mut w, &header)?;
    for r in &body {
        crate::cell::record(&mut w, r)?;
    }
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;

    let mut md = String::from("# Scenario comparison\n\n");
    md += "Pareto-efficient scenarios (no other is cheaper, reaches more inhabitants and opens more hours at once) are marked ★. A scenario over its budget in any category and year is marked ! and is never Pareto-efficient.\n\n";
    md += "| | scenario | status | offices | FTE | cost (year) SEK | of budget SEK | over budget | inhabitants reached | share | hours/office/week | evenings/month | missing openings | solve s |\n";
    md += "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    for r in rows {
        let budget: f64 = r
            .costs
            .iter()
            .filter(|((y, _), _)| *y == r.year)
            .map(|(_, (_, b))| b)
            .sum();
        md += &format!(
            "| {} | {} | {} | {} | {:.2} | {:.0} | {:.0} | {} | {} | {:.1} % | {:.1} | {:.1} | {} | {:.1} |\n",
            if r.pareto {
                "★"
            } else if r.over_budget() {
                "!"
            } else {
                ""
            },
            r.scenario,
            if r.reason.is_empty() {
                r.status.clone()
            } else {
                format!("{}: {}", r.status, r.reason)
            },
            r.offices,
            r.staff_fte,
            r.total_cost(),
            budget,
            r.overruns_text(),
            r.inhabitants_reached,
            r.reached_share * 100.0,
            r.opening_hours_per_office_week,
            r.evening_openings_per_month,
            r.missing_openings,
            r.solve_seconds
        );
    }
    Ok((bytes, md))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, staff: (f64, f64), reached: u64, hours: f64) -> ComparisonRow {
        let mut costs = BTreeMap::new();
        costs.insert((2025, "staff".to_string()), staff);
        costs.insert((2025, "premises".to_string()), (100_000.0, 500_000.0));
        ComparisonRow {
            scenario: name.into(),
            status: "optimal".into(),
            reason: String::new(),
            offices: 4,
            staff_fte: 4.0,
            costs,
            inhabitants_reached: reached,
            reached_share: 0.5,
            opening_hours_per_office_week: hours,
            evening_openings_per_month: 2.0,
            missing_openings: 0.0,
            unmet_demand_hours: 0.0,
            staff_office_hours: 0.0,
            solve_seconds: 1.0,
            pareto: false,
            year: 2025,
            open_offices: Vec::new(),
        }
    }

    /// A scenario over its staff budget that would beat every other on
    /// reach and hours is marked, and never Pareto-efficient; the
    /// within-budget scenarios are compared among themselves.
    #[test]
    fn an_over_budget_scenario_is_marked_and_never_pareto() {
        let mut rows = vec![
            row("billig", (1_500_000.0, 2_000_000.0), 10_000, 10.0),
            row("kvallar", (2_634_093.0, 2_000_000.0), 20_000, 20.0),
            row("mellan", (1_900_000.0, 2_000_000.0), 15_000, 12.0),
            row("sämre", (1_950_000.0, 2_000_000.0), 14_000, 11.0),
        ];
        mark_pareto(&mut rows);
        let marks: Vec<(bool, bool)> = rows.iter().map(|r| (r.pareto, r.over_budget())).collect();
        assert_eq!(
            marks,
            [(true, false), (false, true), (true, false), (false, false)]
        );
        assert_eq!(rows[1].overruns_text(), "staff 2025 131.7 %");
        let (csv, md) = comparison_files(&rows).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        let header = csv.lines().next().unwrap();
        assert!(header.ends_with(",pareto,over_budget"), "{header}");
        assert!(csv.contains(",false,staff 2025 131.7 %"), "{csv}");
        assert!(md.contains("| ! | kvallar |"), "{md}");
    }
}
