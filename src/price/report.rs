//! The section "Vad kostar reglerna?" ("What do the rules cost?"): a bar
//! chart of every priced step's cost per year, largest first, and the
//! table of all rows (with why a step has no price). The price command's
//! own `report.html` is this section on a page; a batch with `--price`
//! adds it to its report. Names come from the scenario, labels from
//! [`Lang`]; deterministic (no solve times).

use std::fmt::Write;

use anyhow::{Context, Result};
use minijinja::{Environment, context, value::Serde};
use serde::Serialize;

use super::{PriceRow, PriceTable};
use crate::report::Lang;
use crate::report::html::{PRICE_SECTION, PRICE_TEMPLATE, STYLE, status_label};
use crate::report::svg::esc;

/// One table line of the section.
#[derive(Serialize)]
struct Line {
    rule: String,
    target: String,
    change: String,
    status: String,
    reason: String,
    priced: bool,
    cost: String,
    negative: bool,
    staff: String,
    premises: String,
    other: String,
    staff_time: String,
    open_hours: String,
    evening_hours: String,
    reach: String,
    unmet: String,
    missing: String,
    exact: String,
}

/// One scenario's part of the section.
#[derive(Serialize)]
pub(crate) struct Section {
    scenario: String,
    title: String,
    year: i32,
    base: String,
    hourly: String,
    chart: String,
    lines: Vec<Line>,
}

fn signed(v: f64, lang: Lang) -> String {
    if v > 0.0 {
        format!("+{}", lang.int(v))
    } else {
        lang.int(v)
    }
}

fn signed_dec(v: f64, decimals: usize, lang: Lang) -> String {
    let s = lang.dec(v, decimals);
    if v > 0.0 { format!("+{s}") } else { s }
}

/// "Kvällar per kontor och månad (Servicekontor Valbo): 2 → 3".
fn label(r: &PriceRow, lang: Lang) -> String {
    let target = if r.step.target.is_empty() {
        String::new()
    } else {
        format!(" ({})", r.step.target_name)
    };
    format!(
        "{}{target}: {} → {}",
        r.rule_name,
        words(&r.step.from, lang),
        words(&r.step.to, lang)
    )
}

/// A step's value in the reader's words (`open`, `closed`).
fn words(v: &str, lang: Lang) -> String {
    match (v, lang) {
        ("open", Lang::Sv) => "öppet".into(),
        ("closed", Lang::Sv) => "stängt".into(),
        (v, Lang::Sv) => v.replace("h/month", "h/mån"),
        (v, Lang::En) => v.into(),
    }
}

/// A horizontal bar chart of the priced rows' cost per year, largest
/// first (ties by label), with a zero line; savings to the left.
fn chart(rows: &[PriceRow], lang: Lang) -> String {
    let mut bars: Vec<(String, f64)> = rows
        .iter()
        .filter_map(|r| r.cost_sek_per_year().map(|c| (label(r, lang), c)))
        .collect();
    bars.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if bars.is_empty() {
        return String::new();
    }
    let (label_w, plot_w, value_w, bar_h, gap, top) = (480.0, 380.0, 100.0, 16.0, 6.0, 8.0);
    let w = label_w + plot_w + value_w;
    let h = top * 2.0 + bars.len() as f64 * (bar_h + gap);
    let lo = bars.iter().map(|b| b.1).fold(0.0f64, f64::min);
    let hi = bars.iter().map(|b| b.1).fold(0.0f64, f64::max);
    let span = (hi - lo).max(1.0);
    let x = |v: f64| label_w + (v - lo) / span * plot_w;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h:.0}" width="100%" role="img" aria-label="{}" class="chart price-chart">"#,
        esc(lang.t("p_title"))
    );
    for (i, (name, v)) in bars.iter().enumerate() {
        let y = top + i as f64 * (bar_h + gap);
        let (a, b) = (x(v.min(0.0)), x(v.max(0.0)));
        let colour = if *v > 0.0 { "#c8642b" } else { "#1f5f7a" };
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" fill="#222" text-anchor="end">{}</text><rect x="{a:.1}" y="{y:.1}" width="{:.1}" height="{bar_h}" fill="{colour}"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#222">{} {}</text>"##,
            label_w - 6.0,
            y + bar_h - 3.0,
            esc(name),
            (b - a).max(1.0),
            label_w + plot_w + 6.0,
            y + bar_h - 3.0,
            esc(&signed(*v, lang)),
            esc(lang.t("sek"))
        );
    }
    let zero = x(0.0);
    let _ = write!(
        s,
        r##"<line x1="{zero:.1}" y1="{}" x2="{zero:.1}" y2="{:.1}" stroke="#333" stroke-width="1"/></svg>"##,
        top - 4.0,
        h - top + 4.0
    );
    s
}

/// The section's data for one table.
pub(crate) fn section(t: &PriceTable, lang: Lang) -> Section {
    let dash = || "–".to_string();
    let lines = t
        .rows
        .iter()
        .map(|r| {
            let d = r.delta.as_ref();
            let money = |f: fn(&super::row::YearDelta) -> f64| {
                d.map(|d| signed(f(d), lang)).unwrap_or_else(dash)
            };
            let dec = |v: Option<f64>, n| v.map(|v| signed_dec(v, n, lang)).unwrap_or_else(dash);
            Line {
                rule: r.rule_name.clone(),
                target: if r.step.target.is_empty() {
                    lang.t("p_all").into()
                } else {
                    r.step.target_name.clone()
                },
                change: format!(
                    "{} → {}",
                    words(&r.step.from, lang),
                    words(&r.step.to, lang)
                ),
                status: status_label(&r.status, lang),
                reason: r.reason.clone(),
                priced: d.is_some(),
                cost: money(|d| d.total_sek),
                negative: d.is_some_and(|d| d.total_sek < 0.0),
                staff: money(|d| d.staff_sek),
                premises: money(|d| d.premises_sek),
                other: money(|d| d.other_sek),
                staff_time: money(|d| d.staff_time_sek),
                open_hours: dec(r.delta_open_hours, 1),
                evening_hours: dec(r.delta_evening_hours, 1),
                reach: r
                    .delta_reach
                    .map(|v| signed(v as f64, lang))
                    .unwrap_or_else(dash),
                unmet: dec(r.delta_unmet_hours, 1),
                missing: dec(r.delta_missing_openings, 1),
                exact: if d.is_none() {
                    dash()
                } else if r.exact {
                    lang.t("p_yes").into()
                } else {
                    lang.t("p_no").into()
                },
            }
        })
        .collect();
    let base = match &t.base.measure {
        Some(m) => {
            let total: f64 = m
                .costs
                .iter()
                .filter(|((y, _), _)| *y == t.year)
                .map(|(_, v)| v)
                .sum();
            format!(
                "{} ({}): {} {} {}",
                lang.t("p_base"),
                status_label(&t.base.status, lang),
                lang.int(total),
                lang.t("sek"),
                t.year
            )
        }
        None => format!(
            "{}: {} – {}",
            lang.t("p_base"),
            status_label(&t.base.status, lang),
            t.base.reason
        ),
    };
    Section {
        scenario: t.scenario.clone(),
        title: t.title.clone(),
        year: t.year,
        base,
        hourly: format!(
            "{}: {} {}/h",
            lang.t("p_base_note"),
            lang.int(t.hourly_staff_cost_sek),
            lang.t("sek")
        ),
        chart: chart(&t.rows, lang),
        lines,
    }
}

/// The budget categories' names, in `costs.csv` order.
pub(crate) fn categories(lang: Lang) -> Vec<&'static str> {
    ["cat_staff", "cat_premises", "cat_other"]
        .iter()
        .map(|k| lang.t(k))
        .collect()
}

/// The sections of `tables`, for a template that includes the section.
pub(crate) fn sections(tables: &[PriceTable], lang: Lang) -> Vec<Section> {
    tables.iter().map(|t| section(t, lang)).collect()
}

/// Adds the section's template to `env`.
fn add_templates(env: &mut Environment<'_>) -> Result<()> {
    env.add_template("price_section.html", PRICE_SECTION)?;
    Ok(())
}

/// The section alone, for a batch's report (`batch --price`).
pub fn batch_section(tables: &[PriceTable], lang: Lang) -> Result<crate::batch::report::Section> {
    let mut env = Environment::new();
    add_templates(&mut env)?;
    let ctx = context! {
        t => Serde(lang.labels()),
        categories => categories(lang),
        prices => Serde(sections(tables, lang)),
    };
    let html = env
        .get_template("price_section.html")?
        .render(ctx)
        .context("cannot render the price section")?;
    Ok(crate::batch::report::Section {
        anchor: "prices".into(),
        title: lang.t("p_title").into(),
        html,
    })
}

/// The price command's `report.html`: the section on its own page.
pub fn render(t: &PriceTable, lang: Lang) -> Result<String> {
    let mut env = Environment::new();
    env.add_template("style.css", STYLE)?;
    add_templates(&mut env)?;
    env.add_template("price.html", PRICE_TEMPLATE)?;
    let ctx = context! {
        lang => lang.as_str(),
        t => Serde(lang.labels()),
        title => t.title.clone(),
        categories => categories(lang),
        prices => Serde(sections(std::slice::from_ref(t), lang)),
    };
    env.get_template("price.html")?
        .render(ctx)
        .context("cannot render the price report.html")
}
