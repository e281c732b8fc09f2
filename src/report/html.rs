//! `report.html`: one self-contained page (inline CSS and SVG, no scripts,
//! no network) for planners and management, rendered with minijinja from
//! `templates/report.html`. Every label comes from [`Lang`].

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, Result};
use chrono::{Datelike, Duration, NaiveDate};
use minijinja::{Environment, context, value::Serde};
use serde::Serialize;

use super::folder::PlanFolder;
use super::lang::Lang;
use super::svg;
use crate::scenario::Scenario;
use crate::scenario::calendar::{dates, holiday_name, iso_week};

const TEMPLATE: &str = include_str!("templates/report.html");
/// The batch report page (rendered by `batch::report`).
pub(crate) const BATCH_TEMPLATE: &str = include_str!("templates/batch.html");
/// The page of `serviceplan price` (rendered by `price::report`).
pub(crate) const PRICE_TEMPLATE: &str = include_str!("templates/price.html");
/// The section "Vad kostar reglerna?", in the price page and a batch report.
pub(crate) const PRICE_SECTION: &str = include_str!("templates/price_section.html");
/// The page style shared by `report.html` and the batch report.
pub(crate) const STYLE: &str = include_str!("templates/style.css");

#[derive(Serialize)]
struct Figure {
    label: &'static str,
    value: String,
}

#[derive(Serialize)]
struct DayHead {
    label: String,
    sub: String,
    class: &'static str,
    title: String,
}

#[derive(Serialize)]
struct Cell {
    text: String,
    class: &'static str,
    title: String,
}

#[derive(Serialize)]
struct CalRow {
    name: String,
    cells: Vec<Cell>,
    days: usize,
    evenings: usize,
}

#[derive(Serialize)]
struct MonthCal {
    id: String,
    title: String,
    days: Vec<DayHead>,
    rows: Vec<CalRow>,
}

#[derive(Serialize)]
struct Entry {
    text: String,
    class: &'static str,
}

#[derive(Serialize)]
struct StaffWeekRow {
    name: String,
    cells: Vec<Vec<Entry>>,
}

#[derive(Serialize)]
struct WeekTable {
    id: String,
    title: String,
    days: Vec<DayHead>,
    rows: Vec<StaffWeekRow>,
}

#[derive(Serialize)]
struct CostLine {
    year: i32,
    category: String,
    planned: String,
    budget: String,
    difference: String,
    share: String,
    over: bool,
    total: bool,
}

#[derive(Serialize)]
struct HoursLine {
    name: String,
    fte: String,
    contract: String,
    office: String,
    travel: String,
    base: String,
    days: u32,
    evenings: u32,
    km: String,
}

#[derive(Serialize)]
struct ChangeLine {
    date: String,
    office: String,
    staff: String,
    what: &'static str,
    before: String,
    after: String,
}

#[derive(Serialize)]
struct BookingLine {
    date: String,
    office: String,
    room: String,
    department: String,
    time: String,
}

fn long_date(d: NaiveDate, lang: Lang) -> String {
    format!("{} {} {}", d.day(), lang.month(d.month()), d.year())
}

/// Office names with a prefix that every office shares ("Servicekontor ")
/// left out, for narrow table cells.
fn short_names(s: &Scenario) -> BTreeMap<String, String> {
    let names: Vec<(String, String)> = s
        .offices
        .iter()
        .map(|o| {
            let n = if o.name.is_empty() {
                o.id.clone()
            } else {
                o.name.clone()
            };
            (o.id.clone(), n)
        })
        .collect();
    let first_word = |n: &str| n.split_once(' ').map(|(a, _)| a.to_string());
    let common = names.first().and_then(|(_, n)| first_word(n)).filter(|w| {
        names.len() > 1
            && names
                .iter()
                .all(|(_, n)| first_word(n).as_deref() == Some(w))
    });
    names
        .into_iter()
        .map(|(id, n)| {
            let short = match &common {
                Some(w) => n[w.len()..].trim().to_string(),
                None => n,
            };
            (id, short)
        })
        .collect()
}

/// A plan status (`optimal`, `time_limit`, ...) in words of `lang`.
pub fn status_label(status: &str, lang: Lang) -> String {
    match status {
        "optimal" => lang.t("status_optimal").into(),
        "feasible" => lang.t("status_feasible").into(),
        "time_limit" => lang.t("status_time_limit").into(),
        "infeasible" => lang.t("status_infeasible").into(),
        other => other.into(),
    }
}

/// The verdict's facts from `summary.json` (the written plan, not the solver).
fn verdict_facts(j: &serde_json::Value) -> crate::report::verdict::Facts {
    let num = |k: &str| j[k].as_f64().unwrap_or(0.0);
    crate::report::verdict::Facts {
        has_plan: true,
        status: j["status"].as_str().unwrap_or("?").to_string(),
        gap: j["mip_gap"].as_f64(),
        missing_openings: num("missing_openings"),
        unmet_demand_hours: num("unmet_demand_hours"),
        overruns: j["costs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| {
                let (p, b) = (c["planned_sek"].as_f64()?, c["budget_sek"].as_f64()?);
                (p > b).then(|| {
                    (
                        c["year"].as_i64().unwrap_or(0) as i32,
                        c["category"].as_str().unwrap_or("?").to_string(),
                        if b > 0.0 {
                            (p / b * 1000.0).round() / 10.0
                        } else {
                            f64::INFINITY
                        },
                    )
                })
            })
            .collect(),
    }
}

/// The key figures as (label, value) text, for the workbook's summary.
pub(crate) fn key_figure_pairs(f: &PlanFolder, lang: Lang) -> Vec<(String, String)> {
    key_figures(f, lang)
        .into_iter()
        .map(|x| (x.label.to_string(), x.value))
        .collect()
}

fn key_figures(f: &PlanFolder, lang: Lang) -> Vec<Figure> {
    let j = &f.summary;
    let num = |k: &str| j[k].as_f64();
    let int = |k: &str| num(k).map(|v| lang.int(v)).unwrap_or_else(|| "–".into());
    let verdict = crate::report::verdict::judge(&verdict_facts(j), lang);
    let overruns = verdict_facts(j).overruns;
    let mut out = vec![
        Figure {
            label: lang.t("verdict"),
            value: verdict.text(lang),
        },
        Figure {
            label: lang.t("budget_status"),
            value: if overruns.is_empty() {
                lang.t("within_budget").into()
            } else {
                verdict.reasons.join("; ")
            },
        },
        Figure {
            label: lang.t("status"),
            value: status_label(j["status"].as_str().unwrap_or("?"), lang),
        },
        Figure {
            label: lang.t("verified"),
            value: lang
                .t(if j["verified"].as_bool().unwrap_or(false) {
                    "yes"
                } else {
                    "no"
                })
                .into(),
        },
        Figure {
            label: lang.t("offices"),
            value: int("offices"),
        },
        Figure {
            label: lang.t("staff"),
            value: int("staff"),
        },
        Figure {
            label: lang.t("day_openings"),
            value: int("day_openings"),
        },
        Figure {
            label: lang.t("evening_openings"),
            value: int("evening_openings"),
        },
        Figure {
            label: lang.t("opening_hours"),
            value: num("opening_hours")
                .map(|v| lang.dec(v, 1))
                .unwrap_or_default(),
        },
        Figure {
            label: lang.t("missing_openings"),
            value: num("missing_openings")
                .map(|v| lang.dec(v, 2))
                .unwrap_or_default(),
        },
        Figure {
            label: lang.t("cycle_weeks"),
            value: int("cycle_weeks"),
        },
        Figure {
            label: lang.t("cycle_exceptions"),
            value: int("cycle_exceptions"),
        },
        Figure {
            label: lang.t("mileage_sek"),
            value: int("mileage_sek"),
        },
    ];
    if let Some(g) = num("mip_gap") {
        out.push(Figure {
            label: lang.t("mip_gap"),
            value: format!("{} %", lang.dec(g * 100.0, 2)),
        });
    }
    out
}

fn month_calendars(f: &PlanFolder, s: &Scenario, lang: Lang) -> Vec<MonthCal> {
    let names = short_names(s);
    let mut open: BTreeMap<(&str, NaiveDate), (bool, bool)> = BTreeMap::new();
    for r in &f.openings {
        let e = open.entry((r.office.as_str(), r.date)).or_default();
        if r.kind == "evening" {
            e.1 = true;
        } else {
            e.0 = true;
        }
    }
    let (start, end) = f.period;
    let mut months: Vec<(i32, u32)> = dates(start, end).map(|d| (d.year(), d.month())).collect();
    months.dedup();
    let offices: Vec<&str> = s.offices.iter().map(|o| o.id.as_str()).collect();
    months
        .into_iter()
        .map(|(y, m)| {
            let days: Vec<NaiveDate> = dates(start, end)
                .filter(|d| d.year() == y && d.month() == m)
                .collect();
            let heads = days
                .iter()
                .map(|d| {
                    let hol = holiday_name(*d);
                    let weekend = d.weekday().num_days_from_monday() >= 5;
                    DayHead {
                        label: d.day().to_string(),
                        sub: lang.weekday(d.weekday().num_days_from_monday()).into(),
                        class: if hol.is_some() || weekend { "off" } else { "" },
                        title: hol
                            .map(|h| format!("{} ({})", h, lang.t("holiday")))
                            .unwrap_or_default(),
                    }
                })
                .collect();
            let rows = offices
                .iter()
                .map(|o| {
                    let mut n_days = 0;
                    let mut n_evenings = 0;
                    let cells = days
                        .iter()
                        .map(|d| {
                            let (day, evening) = open.get(&(*o, *d)).copied().unwrap_or_default();
                            n_days += usize::from(day);
                            n_evenings += usize::from(evening);
                            let off = holiday_name(*d).is_some()
                                || d.weekday().num_days_from_monday() >= 5;
                            let (text, class) = match (day, evening) {
                                (true, true) => (
                                    format!("{}{}", lang.t("mark_day"), lang.t("mark_evening")),
                                    "de",
                                ),
                                (true, false) => (lang.t("mark_day").to_string(), "d"),
                                (false, true) => (lang.t("mark_evening").to_string(), "e"),
                                (false, false) => (String::new(), if off { "off" } else { "" }),
                            };
                            Cell {
                                text,
                                class,
                                title: d.to_string(),
                            }
                        })
                        .collect();
                    CalRow {
                        name: names.get(*o).cloned().unwrap_or_else(|| o.to_string()),
                        cells,
                        days: n_days,
                        evenings: n_evenings,
                    }
                })
                .collect();
            MonthCal {
                id: format!("m{y}{m:02}"),
                title: format!("{} {}", lang.month(m), y),
                days: heads,
                rows,
            }
        })
        .collect()
}

fn week_tables(f: &PlanFolder, s: &Scenario, lang: Lang) -> Vec<WeekTable> {
    let names = short_names(s);
    let (start, end) = f.period;
    let mut by_cell: BTreeMap<(&str, NaiveDate), Vec<&crate::plan::ShiftRow>> = BTreeMap::new();
    for r in &f.shifts {
        by_cell
            .entry((r.staff.as_str(), r.date))
            .or_default()
            .push(r);
    }
    let mut mondays: BTreeSet<NaiveDate> = BTreeSet::new();
    for d in dates(start, end) {
        mondays.insert(d - Duration::days(d.weekday().num_days_from_monday() as i64));
    }
    mondays
        .into_iter()
        .map(|monday| {
            let week: Vec<NaiveDate> = (0..7).map(|i| monday + Duration::days(i)).collect();
            let (wy, wn) = iso_week(monday);
            let days = week
                .iter()
                .map(|d| {
                    let hol = holiday_name(*d);
                    let outside = *d < start || *d > end;
                    DayHead {
                        label: format!(
                            "{} {}/{}",
                            lang.weekday(d.weekday().num_days_from_monday()),
                            d.day(),
                            d.month()
                        ),
                        sub: String::new(),
                        class: if outside {
                            "out"
                        } else if hol.is_some() || d.weekday().num_days_from_monday() >= 5 {
                            "off"
                        } else {
                            ""
                        },
                        title: hol
                            .map(|h| format!("{} ({})", h, lang.t("holiday")))
                            .unwrap_or_default(),
                    }
                })
                .collect();
            let rows = s
                .staff
                .iter()
                .enumerate()
                .map(|(x, st)| {
                    let cells = week
                        .iter()
                        .map(|d| {
                            let mut entries: Vec<Entry> = by_cell
                                .get(&(st.id.as_str(), *d))
                                .map(|rs| {
                                    rs.iter()
                                        .map(|r| Entry {
                                            text: format!(
                                                "{} {}–{}",
                                                names
                                                    .get(&r.office)
                                                    .cloned()
                                                    .unwrap_or_else(|| r.office.clone()),
                                                r.start,
                                                r.end
                                            ),
                                            class: if r.kind == "evening" { "e" } else { "d" },
                                        })
                                        .collect()
                                })
                                .unwrap_or_default();
                            // The day's break, when it needs one (ATL §15).
                            if let Some(r) = by_cell
                                .get(&(st.id.as_str(), *d))
                                .and_then(|rs| rs.iter().find(|r| !r.break_start.is_empty()))
                            {
                                entries.push(Entry {
                                    text: format!(
                                        "{} {}–{}",
                                        lang.t("break"),
                                        r.break_start,
                                        r.break_end
                                    ),
                                    class: "brk",
                                });
                            }
                            if entries.is_empty() && *d >= start && *d <= end && s.is_absent(x, *d)
                            {
                                entries.push(Entry {
                                    text: lang.t("absent").into(),
                                    class: "abs",
                                });
                            }
                            entries
                        })
                        .collect();
                    StaffWeekRow {
                        name: if st.name.is_empty() {
                            st.id.clone()
                        } else {
                            st.name.clone()
                        },
                        cells,
                    }
                })
                .collect();
            WeekTable {
                id: format!("w{wy}{wn:02}"),
                title: format!("{} {} ({}-W{:02})", lang.t("week"), wn, wy, wn),
                days,
                rows,
            }
        })
        .collect()
}

const CATEGORY_KEYS: [(&str, &str); 3] = [
    ("staff", "cat_staff"),
    ("premises", "cat_premises"),
    ("other", "cat_other"),
];

fn costs(f: &PlanFolder, lang: Lang) -> (String, Vec<CostLine>) {
    let mut years: Vec<i32> = f.costs.iter().map(|c| c.year).collect();
    years.sort();
    years.dedup();
    let get = |y: i32, c: &str| {
        f.costs
            .iter()
            .find(|r| r.year == y && r.category == c)
            .map(|r| (r.planned_sek, r.budget_sek))
            .unwrap_or((0.0, 0.0))
    };
    let share = |p: f64, b: f64| {
        if b > 0.0 {
            format!("{} %", lang.dec(p / b * 100.0, 1))
        } else {
            "–".into()
        }
    };
    let mut lines = Vec::new();
    let mut groups = Vec::new();
    for &y in &years {
        let mut values = Vec::new();
        let (mut tp, mut tb) = (0.0, 0.0);
        for (cat, key) in CATEGORY_KEYS {
            let (p, b) = get(y, cat);
            values.push((p, b));
            tp += p;
            tb += b;
            lines.push(CostLine {
                year: y,
                category: lang.t(key).into(),
                planned: lang.int(p),
                budget: lang.int(b),
                difference: lang.int(b - p),
                share: share(p, b),
                over: p > b,
                total: false,
            });
        }
        lines.push(CostLine {
            year: y,
            category: lang.t("total").into(),
            planned: lang.int(tp),
            budget: lang.int(tb),
            difference: lang.int(tb - tp),
            share: share(tp, tb),
            over: tp > tb,
            total: true,
        });
        groups.push(svg::CostGroup {
            label: y.to_string(),
            values,
        });
    }
    let cats: Vec<&str> = CATEGORY_KEYS.iter().map(|(_, k)| lang.t(k)).collect();
    (svg::cost_chart(&groups, &cats, lang), lines)
}

fn hours(f: &PlanFolder, s: &Scenario, lang: Lang) -> (String, Vec<HoursLine>) {
    let name_of = |id: &str| {
        s.staff
            .iter()
            .find(|x| x.id == id && !x.name.is_empty())
            .map(|x| x.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let rows: Vec<(String, Vec<f64>)> = f
        .staff_hours
        .iter()
        .map(|r| {
            // `office_hours` are paid hours at offices, travel included.
            (
                name_of(&r.staff),
                vec![
                    r.office_hours - r.travel_hours,
                    r.travel_hours,
                    r.base_hours,
                ],
            )
        })
        .collect();
    let parts = [
        (lang.t("on_site_hours"), "#1f5f7a"),
        (lang.t("travel_hours"), "#c8642b"),
        (lang.t("base_hours"), "#a9b4bc"),
    ];
    let chart = svg::stacked_hours(&rows, &parts, lang.t("hours_chart_title"), lang);
    let lines = f
        .staff_hours
        .iter()
        .map(|r| HoursLine {
            name: name_of(&r.staff),
            fte: lang.dec(r.fte, 2),
            contract: lang.dec(r.contract_hours, 1),
            office: lang.dec(r.office_hours, 1),
            travel: lang.dec(r.travel_hours, 1),
            base: lang.dec(r.base_hours, 1),
            days: r.working_days,
            evenings: r.evenings,
            km: lang.dec(r.mileage_km, 1),
        })
        .collect();
    (chart, lines)
}

/// Renders the report page.
pub fn render(f: &PlanFolder, s: &Scenario, lang: Lang) -> Result<String> {
    let mut env = Environment::new();
    env.add_template("style.css", STYLE)?;
    env.add_template("report.html", TEMPLATE)?;
    let (cost_chart, cost_lines) = costs(f, lang);
    let (hours_chart, hours_lines) = hours(f, s, lang);
    let names = short_names(s);
    let ids = super::names::Names::of(s);
    let bookings: Option<Vec<BookingLine>> = f.bookings.as_ref().map(|b| {
        b.iter()
            .map(|r| BookingLine {
                date: format!(
                    "{} {}",
                    lang.weekday(r.date.weekday().num_days_from_monday()),
                    r.date
                ),
                office: names
                    .get(&r.office)
                    .cloned()
                    .unwrap_or_else(|| r.office.clone()),
                room: ids.get("room", &r.room).to_string(),
                department: ids.get("department", &r.department).to_string(),
                time: format!("{}–{}", r.start, r.end),
            })
            .collect()
    });
    let staff_names: BTreeMap<&str, &str> = s
        .staff
        .iter()
        .map(|x| {
            (
                x.id.as_str(),
                if x.name.is_empty() {
                    x.id.as_str()
                } else {
                    x.name.as_str()
                },
            )
        })
        .collect();
    let changes: Option<Vec<ChangeLine>> = f.changes.as_ref().map(|c| {
        c.iter()
            .map(|r| ChangeLine {
                date: format!(
                    "{} {}",
                    lang.weekday(r.date.weekday().num_days_from_monday()),
                    r.date
                ),
                office: names
                    .get(&r.office)
                    .cloned()
                    .unwrap_or_else(|| r.office.clone()),
                staff: staff_names
                    .get(r.staff.as_str())
                    .map_or_else(|| r.staff.clone(), |n| n.to_string()),
                what: lang.t(&r.what),
                before: r.before.replace('-', "–"),
                after: r.after.replace('-', "–"),
            })
            .collect()
    });
    let replan = &f.summary["replan"];
    let changes_intro = lang
        .t("changes_intro")
        .replace("{from}", replan["from"].as_str().unwrap_or(""))
        .replace("{until}", replan["notice_until"].as_str().unwrap_or(""));
    let notice: Vec<String> = replan["notice_changes"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let title = f.summary["title"]
        .as_str()
        .filter(|t| !t.is_empty())
        .unwrap_or(&s.title)
        .to_string();
    let ctx = context! {
        lang => lang.as_str(),
        t => Serde(lang.labels()),
        title => title,
        scenario => f.summary["scenario"].as_str().unwrap_or(&s.name).to_string(),
        period => format!("{} – {}", long_date(f.period.0, lang), long_date(f.period.1, lang)),
        figures => Serde(key_figures(f, lang)),
        months => Serde(month_calendars(f, s, lang)),
        weeks => Serde(week_tables(f, s, lang)),
        bookings => Serde(bookings),
        changes => Serde(changes),
        changes_intro => changes_intro,
        notice => Serde(notice),
        cost_chart => cost_chart,
        costs => Serde(cost_lines),
        hours_chart => hours_chart,
        hours => Serde(hours_lines),
    };
    env.get_template("report.html")?
        .render(ctx)
        .context("cannot render report.html")
}
