//! `serviceplan locate`: quick location screening of a scenario's premises
//! with the location core alone (no staffing plan) — which offices to open
//! for covering, maximal covering, p-median or fixed-charge, in seconds.
//!
//! Sites are the scenario's offices (yearly premises cost as fixed cost); an
//! office with `closed = true` must stay closed, one that is not a
//! `candidate` must stay open unless `--free` makes every office a candidate.
//! Customers are the outer areas (not `central`) weighted by population;
//! distances are road km ([`Scenario::road_km`]: the `travel.distances` file
//! where it gives a pair, else great-circle × road factor).

use anyhow::{Context, Result};
use serde::Serialize;

use crate::location::offices::office_problem;
use crate::location::problem::{LocationProblem, Objective};
use crate::location::solve::{LocationResult, solve};
use crate::scenario::Scenario;
use crate::solve::{SolveOptions, Status};

/// The objective as the command line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScreenObjective {
    /// Every outer area within the radius of an open office, least premises
    /// cost (the fewest offices when costs are equal).
    Covering,
    /// Most inhabitants within the radius, with at most `--offices` offices
    /// and/or premises cost within `--budget`.
    MaxCovering,
    /// Exactly `--offices` offices, least population-weighted road km.
    PMedian,
    /// Least premises cost + person-km × `--sek-per-person-km`.
    FixedCharge,
}

/// What to screen.
#[derive(Debug, Clone)]
pub struct ScreenOptions {
    pub objective: ScreenObjective,
    /// Reach radius, road km (covering models; also reported for the others).
    pub radius_km: f64,
    /// Number of offices (p-median: exactly; maximal covering: at most).
    pub offices: Option<usize>,
    /// Yearly premises budget, SEK (maximal covering).
    pub budget: Option<f64>,
    /// Price of one person-km (fixed charge).
    pub sek_per_person_km: f64,
    /// Every office not closed is a candidate (existing ones included).
    pub free: bool,
}

/// Header of `areas.csv`: the fields of [`AreaRow`].
pub const AREA_HEADER: &[&str] = &["area", "population", "office", "road_km", "reached"];

/// One area's row of `areas.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaRow {
    pub area: String,
    pub population: u64,
    /// Nearest open office (empty when none is open).
    pub office: String,
    pub road_km: Option<f64>,
    pub reached: bool,
}

/// What `location.json` holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreenSummary {
    pub scenario: String,
    pub objective: &'static str,
    pub status: Status,
    /// Objective value of the best solution (`null` without one).
    pub objective_value: Option<f64>,
    pub bound: Option<f64>,
    pub gap: Option<f64>,
    pub open_offices: Vec<String>,
    pub premises_cost_per_year: f64,
    pub radius_km: f64,
    /// Inhabitants of the outer areas within the radius of an open office.
    pub inhabitants_reached: u64,
    pub outer_population: u64,
    pub reached_share: f64,
    /// Population-weighted mean road km to the nearest open office.
    pub mean_km: f64,
    pub solve_seconds: f64,
}

/// The location problem of a scenario's offices and outer areas.
pub fn problem(s: &Scenario, o: &ScreenOptions) -> Result<LocationProblem> {
    let areas: Vec<_> = s.areas.iter().filter(|a| !a.central).collect();
    anyhow::ensure!(
        !areas.is_empty(),
        "the scenario has no outer areas (every area is `central`): nothing to reach"
    );
    let need = |what: &str| {
        anyhow::anyhow!("--objective {what} needs --offices N (the number of offices to open)")
    };
    let objective = match o.objective {
        ScreenObjective::Covering => Objective::Covering {
            radius: o.radius_km,
        },
        ScreenObjective::MaxCovering => {
            anyhow::ensure!(
                o.offices.is_some() || o.budget.is_some(),
                "--objective max-covering needs --offices N or --budget SEK (otherwise every office opens)"
            );
            Objective::MaxCovering {
                radius: o.radius_km,
                max_sites: o.offices,
                budget: o.budget,
            }
        }
        ScreenObjective::PMedian => Objective::PMedian {
            p: o.offices.ok_or_else(|| need("p-median"))?,
        },
        ScreenObjective::FixedCharge => Objective::FixedCharge,
    };
    let all: Vec<usize> = (0..s.offices.len()).collect();
    let mut p = office_problem(s, &all, objective, |off| {
        !o.free && !off.candidate && !off.closed
    });
    if o.objective == ScreenObjective::FixedCharge {
        for row in &mut p.cost {
            for (c, a) in row.iter_mut().zip(&areas) {
                *c *= a.population as f64 * o.sek_per_person_km;
            }
        }
    }
    Ok(p)
}

/// Screens the scenario: the solve, its independent verification
/// ([`crate::verify::location`]; a solution that fails it is an error,
/// [`crate::verify::location::Failed`]), then every outer area's nearest
/// open office.
pub fn screen(
    s: &Scenario,
    o: &ScreenOptions,
    solve_opts: &SolveOptions,
) -> Result<(ScreenSummary, Vec<AreaRow>)> {
    let p = problem(s, o)?;
    let r: LocationResult = solve(&p, solve_opts).context("location model")?;
    if r.objective.is_some() {
        crate::verify::location::verified(&p, &r).context("location model")?;
    }
    let open: Vec<usize> = r.open_index.clone();
    let mut rows = Vec::new();
    let (mut reached, mut total, mut person_km) = (0u64, 0u64, 0.0);
    for a in s.areas.iter().filter(|a| !a.central) {
        let best = open
            .iter()
            .map(|&i| (i, s.road_km(a, &s.offices[i])))
            .min_by(|x, y| x.1.total_cmp(&y.1));
        let ok = best.is_some_and(|(_, km)| km <= o.radius_km + 1e-9);
        total += a.population as u64;
        if ok {
            reached += a.population as u64;
        }
        if let Some((_, km)) = best {
            person_km += km * a.population as f64;
        }
        rows.push(AreaRow {
            area: a.id.clone(),
            population: a.population as u64,
            office: best.map_or(String::new(), |(i, _)| s.offices[i].id.clone()),
            road_km: best.map(|(_, km)| (km * 100.0).round() / 100.0),
            reached: ok,
        });
    }
    let summary = ScreenSummary {
        scenario: s.name.clone(),
        objective: r.objective_kind,
        status: r.status,
        objective_value: r.objective,
        bound: r.bound,
        gap: r.gap,
        open_offices: r.open.clone(),
        premises_cost_per_year: r.fixed_cost,
        radius_km: o.radius_km,
        inhabitants_reached: reached,
        outer_population: total,
        reached_share: if total > 0 {
            ((reached as f64 / total as f64) * 10_000.0).round() / 10_000.0
        } else {
            0.0
        },
        mean_km: if total > 0 && !open.is_empty() {
            ((person_km / total as f64) * 100.0).round() / 100.0
        } else {
            0.0
        },
        solve_seconds: r.seconds,
    };
    Ok((summary, rows))
}

/// Writes `dir/location.json` and `dir/areas.csv` as one atomic folder.
pub fn write(dir: &crate::output::OutDir, summary: &ScreenSummary, rows: &[AreaRow]) -> Result<()> {
    dir.replace_with(|tmp| {
        let json = serde_json::to_vec_pretty(summary)?;
        std::fs::write(tmp.join("location.json"), json)?;
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_path(tmp.join("areas.csv"))?;
        crate::cell::record(&mut w, AREA_HEADER)?;
        for r in rows {
            crate::cell::serialize(&mut w, r)?;
        }
        w.flush()?;
        Ok(())
    })
}
