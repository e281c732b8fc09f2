//! `DIR/report.html` of a batch: the comparison table, a cost-vs-reach
//! chart with the Pareto-efficient scenarios highlighted, and one map-like
//! plot per scenario (areas by population, offices open or not, the reach
//! around each open office). Self-contained (inline CSS and SVG, no
//! scripts, no network), rendered with the plan report's templating, style,
//! SVG helpers and labels ([`crate::report::Lang`]).
//!
//! Deterministic: made from the scenarios and the comparison rows alone,
//! without the measured solve times.

use anyhow::{Context, Result};
use minijinja::{Environment, context, value::Serde};
use serde::Serialize;

use super::compare::ComparisonRow;
use crate::report::Lang;
use crate::report::html::{BATCH_TEMPLATE, STYLE, status_label};
use crate::report::svg::{self, MapArea, MapExtent, MapOffice, ScatterPoint};
use crate::report::verdict::{Facts, Level, judge};
use crate::scenario::Scenario;

const CATEGORIES: [(&str, &str); 3] = [
    ("staff", "cat_staff"),
    ("premises", "cat_premises"),
    ("other", "cat_other"),
];

#[derive(Serialize)]
struct Money {
    text: String,
    over: bool,
}

#[derive(Serialize)]
struct Row {
    scenario: String,
    anchor: String,
    planned: bool,
    pareto: bool,
    status: String,
    reason: String,
    offices: usize,
    fte: String,
    year: i32,
    costs: Vec<Money>,
    total: Money,
    reached: String,
    share: String,
    hours: String,
    evenings: String,
    missing: String,
    unmet: String,
    /// The plain verdict with its reasons (crate::report::verdict).
    verdict: String,
    /// `ok`, `remarks` or `not`: the verdict's CSS class.
    verdict_class: &'static str,
    over_budget: bool,
}

#[derive(Serialize)]
struct Map {
    scenario: String,
    anchor: String,
    pareto: bool,
    caption: String,
    svg: String,
}

fn planned(r: &ComparisonRow) -> bool {
    r.reason.is_empty() && !r.costs.is_empty()
}

/// Planned and budget SEK of `category` in the row's compared year.
fn cost_of(r: &ComparisonRow, category: &str) -> Option<(f64, f64)> {
    r.costs.get(&(r.year, category.to_string())).copied()
}

fn money(v: Option<(f64, f64)>, lang: Lang) -> Money {
    match v {
        Some((p, b)) => Money {
            text: format!("{} / {}", lang.int(p), lang.int(b)),
            over: p > b,
        },
        None => Money {
            text: "–".into(),
            over: false,
        },
    }
}

fn anchor(name: &str) -> String {
    crate::report::folder::file_id(name)
}

/// Renders the batch report page.
pub fn render(
    scenarios: &[Scenario],
    rows: &[ComparisonRow],
    radius_km: f64,
    lang: Lang,
) -> Result<String> {
    render_with(scenarios, rows, radius_km, lang, &[])
}

/// A section a caller adds to the page (after the maps), with a link in
/// the page's navigation.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The `id` of the section's heading.
    pub anchor: String,
    pub title: String,
    /// The section's HTML, inserted as it is.
    pub html: String,
}

/// Renders the batch report page with `sections` after the maps.
pub fn render_with(
    scenarios: &[Scenario],
    rows: &[ComparisonRow],
    radius_km: f64,
    lang: Lang,
    sections: &[Section],
) -> Result<String> {
    let mut env = Environment::new();
    env.add_template("style.css", STYLE)?;
    env.add_template("batch.html", BATCH_TEMPLATE)?;
    let table: Vec<Row> = rows
        .iter()
        .map(|r| {
            let ok = planned(r);
            let v = judge(
                &Facts {
                    has_plan: ok,
                    status: r.status.clone(),
                    gap: None,
                    missing_openings: r.missing_openings,
                    unmet_demand_hours: r.unmet_demand_hours,
                    overruns: r.overruns(),
                },
                lang,
            );
            let costs: Vec<Money> = CATEGORIES
                .iter()
                .map(|(c, _)| money(cost_of(r, c).filter(|_| ok), lang))
                .collect();
            let total = ok.then(|| {
                CATEGORIES
                    .iter()
                    .filter_map(|(c, _)| cost_of(r, c))
                    .fold((0.0, 0.0), |a, (p, b)| (a.0 + p, a.1 + b))
            });
            let num = |v: f64, d: usize| {
                if ok {
                    lang.dec(v, d)
                } else {
                    "–".to_string()
                }
            };
            Row {
                scenario: r.scenario.clone(),
                anchor: anchor(&r.scenario),
                planned: ok,
                pareto: r.pareto,
                status: status_label(&r.status, lang),
                reason: r.reason.clone(),
                offices: r.offices,
                fte: lang.dec(r.staff_fte, 2),
                year: r.year,
                costs,
                total: money(total, lang),
                reached: if ok {
                    lang.int(r.inhabitants_reached as f64)
                } else {
                    "–".into()
                },
                share: if ok {
                    format!("{} %", lang.dec(r.reached_share * 100.0, 1))
                } else {
                    "–".into()
                },
                hours: num(r.opening_hours_per_office_week, 1),
                evenings: num(r.evening_openings_per_month, 1),
                missing: num(r.missing_openings, 2),
                unmet: num(r.unmet_demand_hours, 1),
                verdict: v.text(lang),
                verdict_class: match v.level {
                    Level::Publishable => "ok",
                    Level::WithRemarks => "remarks",
                    Level::NotPublishable => "not",
                },
                over_budget: r.over_budget(),
            }
        })
        .collect();
    let points: Vec<ScatterPoint> = rows
        .iter()
        .filter(|r| planned(r))
        .map(|r| ScatterPoint {
            label: r.scenario.clone(),
            cost: r.total_cost(),
            reach: r.reached_share,
            pareto: r.pareto,
            over_budget: r.over_budget(),
        })
        .collect();
    let budget = rows
        .iter()
        .filter(|r| planned(r))
        .map(|r| {
            CATEGORIES
                .iter()
                .filter_map(|(c, _)| cost_of(r, c).map(|x| x.1))
                .sum::<f64>()
        })
        .fold(0.0, f64::max);
    let chart = svg::cost_reach_chart(&points, budget, lang);

    // One extent for every map, so that they compare at a glance.
    let mut places = Vec::new();
    let mut max_population = 1;
    for s in scenarios {
        places.extend(s.areas.iter().map(|a| (a.lat, a.lon)));
        places.extend(s.offices.iter().map(|o| (o.lat, o.lon)));
        max_population =
            max_population.max(s.areas.iter().map(|a| a.population).max().unwrap_or(1));
    }
    let margin = scenarios
        .iter()
        .map(|s| radius_km / s.travel.road_factor.max(1.0))
        .fold(2.0, f64::max);
    let extent = MapExtent::around(&places, max_population, margin);
    let maps: Vec<Map> = rows
        .iter()
        .filter_map(|r| {
            let s = scenarios.iter().find(|s| s.name == r.scenario)?;
            let ok = planned(r);
            let areas: Vec<MapArea> = s
                .areas
                .iter()
                .map(|a| MapArea {
                    name: if a.name.is_empty() {
                        a.id.clone()
                    } else {
                        a.name.clone()
                    },
                    population: a.population,
                    lat: a.lat,
                    lon: a.lon,
                })
                .collect();
            let offices: Vec<MapOffice> = s
                .offices
                .iter()
                .map(|o| MapOffice {
                    name: if o.name.is_empty() {
                        o.id.clone()
                    } else {
                        o.name.clone()
                    },
                    lat: o.lat,
                    lon: o.lon,
                    open: ok && r.open_offices.contains(&o.id),
                })
                .collect();
            let straight = radius_km / s.travel.road_factor.max(1.0);
            let caption = if ok {
                format!(
                    "{} {} · {} % {}{}",
                    r.offices,
                    lang.t("offices").to_lowercase(),
                    lang.dec(r.reached_share * 100.0, 1),
                    lang.t("inhabitants"),
                    if r.over_budget() {
                        format!(" · {} !", lang.t("over_budget"))
                    } else {
                        String::new()
                    }
                )
            } else {
                format!(
                    "{} ({})",
                    lang.t("b_no_plan"),
                    status_label(&r.status, lang)
                )
            };
            Some(Map {
                scenario: r.scenario.clone(),
                anchor: anchor(&r.scenario),
                pareto: r.pareto,
                caption,
                svg: svg::area_map(&r.scenario, &areas, &offices, &extent, straight, lang),
            })
        })
        .collect();
    let mut years: Vec<i32> = rows.iter().map(|r| r.year).collect();
    years.sort();
    years.dedup();
    let years: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    let categories: Vec<&str> = CATEGORIES.iter().map(|(_, k)| lang.t(k)).collect();
    let ctx = context! {
        lang => lang.as_str(),
        t => Serde(lang.labels()),
        years => years.join(", "),
        categories => categories,
        rows => Serde(table),
        chart => chart,
        maps => Serde(maps),
        sections => Serde(sections),
    };
    env.get_template("batch.html")?
        .render(ctx)
        .context("cannot render the batch report.html")
}
