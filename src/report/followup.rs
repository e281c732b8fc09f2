//! The controller's follow-up as a workbook (`followup.xlsx`: the monthly
//! rows and the full-year status, Swedish headers by default, SEK cells
//! with a number format) and a page (`followup.html`: per year a chart of
//! the cumulative actual against budget and plan, the full-year table and
//! the months). Both are made from what `followup.csv`/`followup.json`
//! hold ([`crate::cost::followup`]), in one language ([`Lang`]).

use anyhow::Result;
use minijinja::{Environment, context, value::Serde};
use rust_xlsxwriter::Format;
use serde::Serialize;

use super::lang::Lang;
use super::svg::{self, Line};
use crate::cost::followup::{ActualStatus, FollowupRow, FollowupSummary, TOTAL};

const TEMPLATE: &str = include_str!("templates/followup.html");

/// The whole follow-up: `followup.csv` and `followup.json`
/// ([`crate::cost::followup::run_budget`]), then `followup.xlsx` and
/// `followup.html` in `lang`, each written atomically; nothing is written
/// when an input is bad.
pub fn run_budget(
    s: &crate::scenario::Scenario,
    plan_dir: &std::path::Path,
    actuals: &std::path::Path,
    out: &crate::output::OutDir,
    lang: Lang,
) -> Result<FollowupSummary> {
    // Made in memory first, so that a bad input leaves nothing behind.
    let (rows, summary) = crate::cost::followup::followup(s, plan_dir, actuals)?;
    let xlsx = workbook(&rows, &summary, s.costs.programme_start, lang)?;
    let page = html(&rows, &summary, lang)?;
    crate::cost::followup::write_files(&rows, &summary, out)?;
    out.write("followup.xlsx", &xlsx)?;
    out.write("followup.html", page.as_bytes())?;
    Ok(summary)
}

/// The category's name in `lang`.
pub fn category_name(category: &str, lang: Lang) -> &'static str {
    lang.category(category).unwrap_or("?")
}

fn status_name(s: ActualStatus, lang: Lang) -> &'static str {
    lang.t(match s {
        ActualStatus::Booked => "fu_booked",
        ActualStatus::NoRows => "fu_no_rows",
        ActualStatus::MonthMissing => "fu_month_missing",
    })
}

/// `followup.xlsx` as bytes; dated `created` (the programme start) so the
/// same follow-up gives the same bytes.
pub fn workbook(
    rows: &[FollowupRow],
    summary: &FollowupSummary,
    created: chrono::NaiveDate,
    lang: Lang,
) -> Result<Vec<u8>> {
    let mut wb = super::xlsx::new_workbook(created)?;
    let header = Format::new().set_bold().set_background_color("#DDE7EE");
    let bold = Format::new().set_bold();
    let sek = Format::new().set_num_format("#,##0");
    let sek_bold = Format::new().set_num_format("#,##0").set_bold();
    let pct = Format::new().set_num_format("0.0");

    let ws = wb.add_worksheet();
    ws.set_name(lang.t("fu_monthly"))?;
    let heads = [
        "fu_year",
        "fu_month",
        "fu_category",
        "budget",
        "fu_plan",
        "fu_actual",
        "fu_var_budget",
        "fu_var_plan",
        "fu_budget_ytd",
        "fu_plan_ytd",
        "fu_actual_ytd",
        "fu_used",
        "fu_forecast",
        "fu_status",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_with_format(0, c as u16, lang.t(h), &header)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        let total = r.category == TOTAL;
        let money = if total { &sek_bold } else { &sek };
        ws.write_number(row, 0, r.year)?;
        ws.write(row, 1, &r.month)?;
        if total {
            ws.write_with_format(row, 2, category_name(&r.category, lang), &bold)?;
        } else {
            ws.write(row, 2, category_name(&r.category, lang))?;
        }
        for (c, v) in [
            r.budget_sek,
            r.planned_sek,
            r.actual_sek,
            r.variance_budget_sek,
            r.variance_sek,
            r.budget_ytd_sek,
            r.planned_ytd_sek,
            r.actual_ytd_sek,
        ]
        .into_iter()
        .enumerate()
        {
            ws.write_number_with_format(row, 3 + c as u16, v, money)?;
        }
        ws.write_number_with_format(row, 11, r.used_pct, &pct)?;
        ws.write_number_with_format(row, 12, r.forecast_year_sek, money)?;
        ws.write(row, 13, status_name(r.actual_status, lang))?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len() as u32, heads.len() as u16 - 1)?;
    ws.set_column_width(13, 34)?;
    ws.set_column_range_width(3, 12, 16)?;

    let ws = wb.add_worksheet();
    ws.set_name(lang.t("fu_full_year"))?;
    let heads = [
        "fu_year",
        "fu_category",
        "budget",
        "fu_plan",
        "fu_plan_ytd",
        "fu_actual_ytd",
        "fu_used",
        "fu_forecast",
        "fu_forecast_vs_budget",
        "fu_status",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_with_format(0, c as u16, lang.t(h), &header)?;
    }
    for (i, c) in summary.categories.iter().enumerate() {
        let row = i as u32 + 1;
        let money = if c.category == TOTAL { &sek_bold } else { &sek };
        ws.write_number(row, 0, c.year)?;
        ws.write(row, 1, category_name(&c.category, lang))?;
        for (k, v) in [
            c.budget_sek,
            c.planned_sek,
            c.planned_to_date_sek,
            c.actual_to_date_sek,
        ]
        .into_iter()
        .enumerate()
        {
            ws.write_number_with_format(row, 2 + k as u16, v, money)?;
        }
        ws.write_number_with_format(row, 6, c.used_pct, &pct)?;
        ws.write_number_with_format(row, 7, c.forecast_year_sek, money)?;
        ws.write_number_with_format(row, 8, c.forecast_vs_budget_sek, money)?;
        ws.write(
            row,
            9,
            lang.t(if c.overrun { "fu_overrun" } else { "fu_within" }),
        )?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_column_range_width(2, 8, 16)?;
    let notes = summary.categories.len() as u32 + 2;
    ws.write(notes, 0, lang.t("fu_method"))?;
    if !summary.missing_months.is_empty() {
        ws.write(
            notes + 1,
            0,
            format!(
                "{} {}",
                lang.t("fu_missing"),
                crate::cost::followup::month_ranges(&summary.missing_months)
            ),
        )?;
    }
    Ok(wb.save_to_buffer()?)
}

#[derive(Serialize)]
struct YearRow {
    name: &'static str,
    total: bool,
    budget: String,
    plan: String,
    actual: String,
    used: String,
    forecast: String,
    vs_budget: String,
    overrun: bool,
}

#[derive(Serialize)]
struct MonthRow {
    month: String,
    category: &'static str,
    total: bool,
    budget: String,
    plan: String,
    actual: String,
    var_budget: String,
    var_plan: String,
    used: String,
    forecast: String,
    status: &'static str,
}

#[derive(Serialize)]
struct YearOut {
    year: i32,
    chart: String,
    categories: Vec<YearRow>,
    rows: Vec<MonthRow>,
}

#[derive(Serialize)]
struct NoRows {
    category: &'static str,
    months: String,
}

/// `followup.html`: self-contained, no scripts.
pub fn html(rows: &[FollowupRow], summary: &FollowupSummary, lang: Lang) -> Result<String> {
    let money = |v: f64| lang.int(v);
    let mut years = Vec::new();
    let mut year_list: Vec<i32> = summary.categories.iter().map(|c| c.year).collect();
    year_list.dedup();
    for year in year_list {
        let totals: Vec<&FollowupRow> = rows
            .iter()
            .filter(|r| r.year == year && r.category == TOTAL)
            .collect();
        let status = summary
            .categories
            .iter()
            .find(|c| c.year == year && c.category == TOTAL);
        // The whole year on the x axis: budget and plan to December, the
        // actual through the follow-up month.
        let n = status.map_or(totals.len(), |c| c.months_in_year as usize);
        let first_month: u32 = totals
            .first()
            .and_then(|r| r.month.get(5..))
            .and_then(|m| m.parse().ok())
            .unwrap_or(1);
        let x_labels: Vec<String> = (0..n as u32)
            .map(|k| lang.month(first_month + k).chars().take(3).collect())
            .collect();
        let (budget_year, plan_year) = status.map_or((0.0, 0.0), |c| (c.budget_sek, c.planned_sek));
        let cum = |total: f64| -> Vec<Option<f64>> {
            let parts = crate::cost::followup::spread(total.round() as i64, n as u32);
            let mut acc = 0.0;
            parts
                .iter()
                .map(|p| {
                    acc += *p as f64;
                    Some(acc)
                })
                .collect()
        };
        // A month without any ledger rows has no actual: the line breaks
        // there instead of showing 0 kr (the page's warning names it).
        let actual: Vec<Option<f64>> = (0..n)
            .map(|k| {
                totals
                    .get(k)
                    .filter(|r| r.actual_status != ActualStatus::MonthMissing)
                    .map(|r| r.actual_ytd_sek)
            })
            .collect();
        let chart = svg::line_chart(
            &format!("{} {year}", lang.t("fu_chart")),
            &x_labels,
            &[
                Line {
                    label: lang.t("budget").into(),
                    colour: "#8a96a3",
                    dash: "6 4",
                    values: cum(budget_year),
                },
                Line {
                    label: lang.t("fu_plan").into(),
                    colour: "#1f5f7a",
                    dash: "",
                    values: cum(plan_year),
                },
                Line {
                    label: lang.t("fu_actual").into(),
                    colour: "#c8642b",
                    dash: "",
                    values: actual,
                },
            ],
            lang,
        );
        let categories = summary
            .categories
            .iter()
            .filter(|c| c.year == year)
            .map(|c| YearRow {
                name: category_name(&c.category, lang),
                total: c.category == TOTAL,
                budget: money(c.budget_sek),
                plan: money(c.planned_sek),
                actual: money(c.actual_to_date_sek),
                used: lang.dec(c.used_pct, 1),
                forecast: money(c.forecast_year_sek),
                vs_budget: money(c.forecast_vs_budget_sek),
                overrun: c.overrun,
            })
            .collect();
        let month_rows = rows
            .iter()
            .filter(|r| r.year == year)
            .map(|r| MonthRow {
                month: r.month.clone(),
                category: category_name(&r.category, lang),
                total: r.category == TOTAL,
                budget: money(r.budget_sek),
                plan: money(r.planned_sek),
                actual: money(r.actual_sek),
                var_budget: money(r.variance_budget_sek),
                var_plan: money(r.variance_sek),
                used: lang.dec(r.used_pct, 1),
                forecast: money(r.forecast_year_sek),
                status: status_name(r.actual_status, lang),
            })
            .collect();
        years.push(YearOut {
            year,
            chart,
            categories,
            rows: month_rows,
        });
    }
    let no_rows: Vec<NoRows> = summary
        .months_without_rows
        .iter()
        .map(|(c, m)| NoRows {
            category: category_name(c, lang),
            months: crate::cost::followup::month_ranges(m),
        })
        .collect();
    let mut env = Environment::new();
    env.add_template("style.css", super::html::STYLE)?;
    env.add_template("followup.html", TEMPLATE)?;
    Ok(env.get_template("followup.html")?.render(context! {
        lang => lang.as_str(),
        t => lang.labels(),
        scenario => summary.scenario.as_str(),
        through => summary.through.as_str(),
        missing => crate::cost::followup::month_ranges(&summary.missing_months),
        no_rows => Serde(no_rows),
        years => Serde(years),
    })?)
}
