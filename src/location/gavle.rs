//! The Gävle defaults of docs/domain.md (Facts) as data — localities with population and
//! WGS84 coordinates, and the candidate premises per locality — so the
//! location model can run alone for quick screening. Plain structs,
//! independent of the scenario types: the scenario maps onto them.

use serde::Serialize;

use super::problem::{Customer, LocationError, LocationProblem, Objective, Site};
use super::solve::{LocationResult, solve};
use crate::geo::{self, LatLon};
use crate::solve::SolveOptions;

/// A locality (tätort / district) whose inhabitants the offices serve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Area {
    pub id: String,
    pub name: String,
    pub population: f64,
    /// Year of the population figure (sources differ).
    pub population_year: u16,
    pub lat: f64,
    pub lon: f64,
    /// The central city (Gävle tätort): excluded from the outer-area share.
    pub is_city: bool,
}

/// Candidate premises for an office.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    /// The area the premises lie in.
    pub area: String,
    /// Own coordinates; `None` = the area's.
    pub position: Option<(f64, f64)>,
    /// Yearly premises cost in SEK.
    pub yearly_cost: f64,
    pub capacity: Option<f64>,
    pub must_open: bool,
    pub must_close: bool,
}

/// Placeholder yearly cost of one set of premises, SEK. An **assumption**, not
/// a sourced figure: the programme's premises budget (0.5 mnkr/year) spread
/// over ten premises. Override per candidate.
pub const DEFAULT_PREMISES_COST_SEK: f64 = 50_000.0;

/// Gävle municipality's population, 31 Dec 2023 (SCB).
pub const MUNICIPALITY_POPULATION: f64 = 103_532.0;

fn area(
    id: &str,
    name: &str,
    population: f64,
    year: u16,
    lat: f64,
    lon: f64,
    is_city: bool,
) -> Area {
    Area {
        id: id.into(),
        name: name.into(),
        population,
        population_year: year,
        lat,
        lon,
        is_city,
    }
}

/// The localities of docs/domain.md, Facts (populations SCB via Wikipedia; years differ).
pub fn default_areas() -> Vec<Area> {
    vec![
        area("gavle", "Gävle", 79_004.0, 2020, 60.6750, 17.1467, true),
        area("valbo", "Valbo", 7_147.0, 2015, 60.6448, 17.0123, false),
        area(
            "forsbacka",
            "Forsbacka",
            1_759.0,
            2020,
            60.6053,
            16.8911,
            false,
        ),
        area(
            "hedesunda",
            "Hedesunda",
            1_028.0,
            2010,
            60.3940,
            17.0064,
            false,
        ),
        area(
            "bergby",
            "Bergby (Hamrånge)",
            834.0,
            2000,
            60.9291,
            17.0410,
            false,
        ),
        area(
            "norrsundet",
            "Norrsundet",
            1_044.0,
            2000,
            60.9300,
            17.1407,
            false,
        ),
        area("furuvik", "Furuvik", 760.0, 2020, 60.6503, 17.3308, false),
        area(
            "hille",
            "Hille / Åbyggeby",
            7_010.0,
            2022,
            60.7287,
            17.1268,
            false,
        ),
    ]
}

fn candidate(id: &str, name: &str, area: &str) -> Candidate {
    Candidate {
        id: id.into(),
        name: name.into(),
        area: area.into(),
        position: None,
        yearly_cost: DEFAULT_PREMISES_COST_SEK,
        capacity: None,
        must_open: false,
        must_close: false,
    }
}

/// The candidate premises of docs/domain.md (Facts), placed at their area's coordinates
/// (copied into `position`, so they keep them when areas are filtered, e.g.
/// to screen the outer areas only).
pub fn default_candidates() -> Vec<Candidate> {
    let areas = default_areas();
    let mut c = vec![
        candidate("andersberg_bibliotek", "Andersbergs bibliotek", "gavle"),
        candidate("bomhus_bibliotek", "Bomhus bibliotek", "gavle"),
        candidate("satra_bibliotek", "Sätra bibliotek", "gavle"),
        candidate("valbo_bibliotek", "Valbo bibliotek", "valbo"),
        candidate("forsbacka_bibliotek", "Forsbacka bibliotek", "forsbacka"),
        candidate("hedesunda_bibliotek", "Hedesunda bibliotek", "hedesunda"),
        candidate("hedesunda_skola", "Hedesunda skola", "hedesunda"),
        candidate("bergby_bibliotek", "Bergby bibliotek", "bergby"),
        candidate("bergby_centralskola", "Bergby centralskola", "bergby"),
        candidate(
            "hille_skolbibliotek",
            "Hille skolbibliotek (sedan 2024)",
            "hille",
        ),
    ];
    for cand in &mut c {
        cand.position = areas
            .iter()
            .find(|a| a.id == cand.area)
            .map(|a| (a.lat, a.lon));
    }
    c
}

fn position(c: &Candidate, areas: &[Area]) -> Result<LatLon, LocationError> {
    if let Some((lat, lon)) = c.position {
        return Ok(LatLon::new(lat, lon));
    }
    areas
        .iter()
        .find(|a| a.id == c.area)
        .map(|a| LatLon::new(a.lat, a.lon))
        .ok_or_else(|| {
            LocationError::Input(format!(
                "candidate {}: unknown area {:?} and no own coordinates",
                c.id, c.area
            ))
        })
}

/// Road-km matrix candidate × area (`road_factor` × great-circle).
pub fn road_matrix(
    areas: &[Area],
    candidates: &[Candidate],
    road_factor: f64,
) -> Result<Vec<Vec<f64>>, LocationError> {
    let from = candidates
        .iter()
        .map(|c| position(c, areas))
        .collect::<Result<Vec<_>, _>>()?;
    let to: Vec<LatLon> = areas.iter().map(|a| LatLon::new(a.lat, a.lon)).collect();
    Ok(geo::matrix_from_coords(&from, &to, road_factor))
}

/// The location problem for these areas and candidates. The cost matrix is
/// road km for p-median and covering; for `FixedCharge` it is population ×
/// road km (person-km, priced at 1 SEK each — scale `cost` for another
/// price), and fixed costs are the premises' yearly cost.
pub fn problem(
    areas: &[Area],
    candidates: &[Candidate],
    objective: Objective,
    road_factor: f64,
) -> Result<LocationProblem, LocationError> {
    let mut cost = road_matrix(areas, candidates, road_factor)?;
    if objective == Objective::FixedCharge {
        for row in &mut cost {
            for (c, a) in row.iter_mut().zip(areas) {
                *c *= a.population;
            }
        }
    }
    Ok(LocationProblem {
        sites: candidates
            .iter()
            .map(|c| Site {
                id: c.id.clone(),
                fixed_cost: c.yearly_cost,
                capacity: c.capacity,
                must_open: c.must_open,
                must_close: c.must_close,
            })
            .collect(),
        customers: areas
            .iter()
            .map(|a| Customer::new(a.id.clone(), a.population))
            .collect(),
        cost,
        objective,
    })
}

/// Quick screening with default solve options.
pub fn screen(
    areas: &[Area],
    candidates: &[Candidate],
    objective: Objective,
    road_factor: f64,
) -> Result<LocationResult, LocationError> {
    screen_with(
        areas,
        candidates,
        objective,
        road_factor,
        &SolveOptions::default(),
    )
}

/// Quick screening with the caller's solve options.
pub fn screen_with(
    areas: &[Area],
    candidates: &[Candidate],
    objective: Objective,
    road_factor: f64,
    opts: &SolveOptions,
) -> Result<LocationResult, LocationError> {
    solve(&problem(areas, candidates, objective, road_factor)?, opts)
}

/// Inhabitants within `within_km` road km of an open office.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub within_km: f64,
    /// All areas, the city included.
    pub inhabitants: f64,
    /// Outer areas (not the city) only.
    pub outer_inhabitants: f64,
    /// Population of the outer areas.
    pub outer_population: f64,
    /// `outer_inhabitants / outer_population` (0 when there are no outer areas).
    pub outer_share: f64,
}

/// An area's nearest open office.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaReach {
    pub area: String,
    pub population: f64,
    /// `None` when no office is open.
    pub nearest_office: Option<String>,
    pub road_km: Option<f64>,
}

/// Each area's nearest open office (`open` are candidate ids).
pub fn reach(
    areas: &[Area],
    candidates: &[Candidate],
    open: &[String],
    road_factor: f64,
) -> Result<Vec<AreaReach>, LocationError> {
    let d = road_matrix(areas, candidates, road_factor)?;
    let open_idx: Vec<usize> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| open.contains(&c.id))
        .map(|(i, _)| i)
        .collect();
    Ok(areas
        .iter()
        .enumerate()
        .map(|(j, a)| {
            let best = open_idx
                .iter()
                .min_by(|&&x, &&y| d[x][j].total_cmp(&d[y][j]));
            AreaReach {
                area: a.id.clone(),
                population: a.population,
                nearest_office: best.map(|&i| candidates[i].id.clone()),
                road_km: best.map(|&i| d[i][j]),
            }
        })
        .collect())
}

/// Coverage figures for an opening decision (`open` are candidate ids).
pub fn coverage(
    areas: &[Area],
    candidates: &[Candidate],
    open: &[String],
    road_factor: f64,
    within_km: f64,
) -> Result<Coverage, LocationError> {
    let r = reach(areas, candidates, open, road_factor)?;
    let mut cov = Coverage {
        within_km,
        inhabitants: 0.0,
        outer_inhabitants: 0.0,
        outer_population: 0.0,
        outer_share: 0.0,
    };
    for (a, ar) in areas.iter().zip(&r) {
        let covered = ar.road_km.is_some_and(|k| k <= within_km + 1e-9);
        if covered {
            cov.inhabitants += a.population;
        }
        if !a.is_city {
            cov.outer_population += a.population;
            if covered {
                cov.outer_inhabitants += a.population;
            }
        }
    }
    if cov.outer_population > 0.0 {
        cov.outer_share = cov.outer_inhabitants / cov.outer_population;
    }
    Ok(cov)
}
