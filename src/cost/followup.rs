//! Budget follow-up (model 5 of docs/domain.md, Models): the controller's monthly view.
//!
//! Reads the plan's `costs.csv` (planned and budget per programme year and
//! category) and a ledger of actuals (`month,category,amount_sek`, optional
//! `office`), spreads each year's plan and budget evenly over the
//! programme's months of that year, and writes
//!
//! - `followup.csv`: `year,month,category,budget_sek,planned_sek,actual_sek,variance_sek,forecast_year_sek`,
//!   one row per programme month × category from the programme start through
//!   the last month with actuals; variance = actual − planned; forecast_year
//!   = actuals in that year up to and including the month + plan for the
//!   rest of that year;
//! - `followup.json`: per year and category the budget, plan, actuals to
//!   date and year-end forecast, with every category heading for an
//!   overrun (forecast > budget) flagged with the amount.
//!
//! The whole ledger is checked before anything is written; every bad row is
//! named with file, line and field. The definitions are in `models/budget.md`.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Cursor;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::Datelike;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cost::programme_months;
use crate::output::OutDir;
use crate::scenario::Scenario;

/// The cost categories, in report order.
pub use super::CATEGORIES;

/// Header of `followup.csv`.
/// The first eight columns are the original contract; the rest were added
/// after them (never renamed).
pub const FOLLOWUP_HEADER: &[&str] = &[
    "year",
    "month",
    "category",
    "budget_sek",
    "planned_sek",
    "actual_sek",
    "variance_sek",
    "forecast_year_sek",
    "variance_budget_sek",
    "budget_ytd_sek",
    "planned_ytd_sek",
    "actual_ytd_sek",
    "used_pct",
    "actual_status",
];

/// The category of the total rows (the sum of staff, premises and other).
pub const TOTAL: &str = "total";

/// How the budget is spread over a year's months (stated in `followup.json`).
pub const BUDGET_PROFILE: &str = "even";

/// How the year-end forecast is made (stated in `followup.json` and the report).
pub const FORECAST_METHOD: &str = "actual for the months booked through the follow-up month, \
plan for months without any ledger rows and for the rest of the year; a category planned at 0 \
with actuals: the booked months' average for the rest of the year (run rate)";

/// What the ledger says about a month and category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActualStatus {
    /// The ledger has rows for the month and category.
    Booked,
    /// The ledger has rows for the month, none for this category: counted as
    /// 0 kr and flagged (rent booked quarterly looks like this; so does a
    /// forgotten booking).
    NoRows,
    /// The ledger has no rows at all for the month: not booked yet. Counted
    /// as 0 kr in `actual_sek`, but the forecast takes the plan for it.
    MonthMissing,
}

impl ActualStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActualStatus::Booked => "booked",
            ActualStatus::NoRows => "no_rows",
            ActualStatus::MonthMissing => "month_missing",
        }
    }
}

/// Bad input (ledger or costs file): one line per problem, each
/// `file:line: error: field: what is wrong`. The CLI maps it to exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadInput(pub Vec<String>);

impl fmt::Display for BadInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.join("\n"))
    }
}

impl std::error::Error for BadInput {}

/// One row of `followup.csv`. Amounts are SEK; plan and budget are whole
/// kronor, actuals keep öre when the ledger has them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowupRow {
    pub year: i32,
    /// `YYYY-MM`.
    pub month: String,
    pub category: String,
    pub budget_sek: f64,
    pub planned_sek: f64,
    pub actual_sek: f64,
    pub variance_sek: f64,
    pub forecast_year_sek: f64,
    /// actual − budget of the month (avvikelse mot budget).
    pub variance_budget_sek: f64,
    /// Budget of the year's months through this one.
    pub budget_ytd_sek: f64,
    /// Plan of the year's months through this one.
    pub planned_ytd_sek: f64,
    /// Actuals of the year's months through this one.
    pub actual_ytd_sek: f64,
    /// actual_ytd / the year's budget × 100, one decimal (förbrukat %); 0
    /// when the budget is 0.
    pub used_pct: f64,
    pub actual_status: ActualStatus,
}

/// One year and category in `followup.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryStatus {
    pub year: i32,
    pub category: String,
    /// The year's budget (prorated in the first programme year).
    pub budget_sek: f64,
    /// The year's plan from `costs.csv`.
    pub planned_sek: f64,
    /// Plan for the months up to and including `through` (or the whole year when it is past).
    pub planned_to_date_sek: f64,
    /// Actuals booked in the year up to `through`.
    pub actual_to_date_sek: f64,
    /// actual_to_date − planned_to_date.
    pub variance_to_date_sek: f64,
    /// Actuals to date + plan for the year's remaining months.
    pub forecast_year_sek: f64,
    /// forecast − budget (negative: under budget).
    pub forecast_vs_budget_sek: f64,
    /// True when the forecast exceeds the budget.
    pub overrun: bool,
    /// By how much (0 when there is no overrun).
    pub overrun_sek: f64,
    /// Programme months of the year up to `through`.
    pub months_to_date: u32,
    /// Programme months of the year.
    pub months_in_year: u32,
    /// actual_to_date / budget × 100, one decimal (förbrukat %).
    pub used_pct: f64,
    /// Months of the year through `through` without any ledger rows: the
    /// forecast takes the plan for them.
    pub months_missing: Vec<String>,
    /// `plan`: the rest of the year at plan; `run_rate`: the year's plan is
    /// 0 but actuals were booked, so the rest of the year at the booked
    /// months' average.
    pub forecast_basis: String,
}

/// `followup.json`, also returned by [`run_budget`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowupSummary {
    pub scenario: String,
    /// First programme month, `YYYY-MM`.
    pub programme_start: String,
    /// Last month with actuals, `YYYY-MM`: the follow-up runs through it.
    pub through: String,
    /// Ledger rows read.
    pub ledger_rows: usize,
    /// How the budget is spread over the months: [`BUDGET_PROFILE`].
    pub budget_profile: String,
    /// How the year-end forecast is made: [`FORECAST_METHOD`].
    pub forecast_method: String,
    /// Months from the programme start through `through` with no ledger
    /// rows at all (not booked yet?), `YYYY-MM`.
    pub missing_months: Vec<String>,
    /// Per category, the months that have ledger rows for other categories
    /// but none for it (counted as 0 kr).
    pub months_without_rows: BTreeMap<String, Vec<String>>,
    /// Every year from the programme start through `through`, × category,
    /// then the year's total (category `total`).
    pub categories: Vec<CategoryStatus>,
    /// The categories whose year-end forecast exceeds the budget.
    pub overruns: Vec<CategoryStatus>,
    /// Actuals to date by the ledger's `office` column (when it has one), office → category → SEK.
    pub actual_by_office: BTreeMap<String, BTreeMap<String, f64>>,
}

/// A month as (year, month 1–12).
type Ym = (i32, u32);

fn ym_label((y, m): Ym) -> String {
    format!("{y:04}-{m:02}")
}

fn next_month((y, m): Ym) -> Ym {
    if m == 12 { (y + 1, 1) } else { (y, m + 1) }
}

/// Parses `YYYY-MM` strictly (four-digit year, two-digit month 01–12).
fn parse_ym(s: &str) -> Option<Ym> {
    let b = s.as_bytes();
    if b.len() != 7 || b[4] != b'-' {
        return None;
    }
    if !b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit) {
        return None;
    }
    let y: i32 = s[..4].parse().ok()?;
    let m: u32 = s[5..].parse().ok()?;
    (1..=12).contains(&m).then_some((y, m))
}

/// The programme's first and last month.
fn programme_range(s: &Scenario) -> (Ym, Ym) {
    let start = s.costs.programme_start;
    (
        (start.year(), start.month()),
        (s.costs.programme_end_year, 12),
    )
}

/// Spreads a whole-krona `total` over `n` months so that the months add up
/// to it exactly: ⌊total / n⌋ each, one krona more in the first
/// `total mod n` months.
pub fn spread(total: i64, n: u32) -> Vec<i64> {
    if n == 0 {
        return Vec::new();
    }
    let n64 = n as i64;
    let base = total.div_euclid(n64);
    let rest = total.rem_euclid(n64);
    (0..n64).map(|i| base + i64::from(i < rest)).collect()
}

/// Rounds to öre.
fn ore(v: f64) -> f64 {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

/// Formats an amount for CSV: whole kronor without decimals, else two decimals.
fn fmt_sek(v: f64) -> String {
    let v = ore(v);
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
    }
}

/// One validated ledger row.
struct LedgerRow {
    month: Ym,
    category: &'static str,
    amount: f64,
    office: Option<String>,
}

/// Reads a CSV file with every column as text (polars), dropping blank
/// lines first so that data row `i` is physical line `lines[i]`. Returns the
/// frame, the line number of each data row and the separator used.
fn read_text_table(path: &Path) -> Result<(DataFrame, Vec<usize>, u8)> {
    let raw = crate::input::read_text(path).map_err(|e| BadInput(vec![e.to_string()]))?;
    let mut kept = Vec::new();
    let mut numbers = Vec::new();
    for (i, line) in raw.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        kept.push(line);
        numbers.push(i + 1);
    }
    let header = kept.first().copied().unwrap_or("");
    // Swedish Excel writes `;`-separated files with decimal commas.
    let sep = if header.contains(';') && !header.contains(',') {
        b';'
    } else {
        b','
    };
    let text = kept.join("\n") + "\n";
    check_widths(path, &text, &numbers, sep)?;
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_raise_if_empty(false)
        .map_parse_options(|o| o.with_separator(sep))
        .into_reader_with_file_handle(Cursor::new(text.into_bytes()))
        .finish()
        .map_err(anyhow::Error::from)
        .with_context(|| format!("{}: cannot read the file as CSV", path.display()))?;
    let lines = numbers.into_iter().skip(1).collect::<Vec<_>>();
    if df.height() != lines.len() {
        // A quoted field spanning lines: fall back to counting rows.
        return Ok((df, (2..2 + lines.len()).collect(), sep));
    }
    Ok((df, lines, sep))
}

/// Every row has as many fields as the header: a row with an extra field
/// (an amount `1,5` in a `,`-separated file, a stray separator) would
/// otherwise be read with its fields shifted. `lines[k]` is the physical
/// line of line `k + 1` of `text`.
fn check_widths(path: &Path, text: &str, lines: &[usize], sep: u8) -> Result<()> {
    let file = path.display().to_string();
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut width = None;
    let mut problems = Vec::new();
    for rec in rdr.records() {
        let line_of = |p: Option<&csv::Position>| {
            p.and_then(|p| lines.get(p.line() as usize - 1))
                .copied()
                .unwrap_or(0)
        };
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = line_of(e.position());
                problems.push(format!(
                    "{file}:{line}: error: the row is not CSV (an unclosed quote?)"
                ));
                break;
            }
        };
        let line = line_of(rec.position());
        match width {
            None => width = Some(rec.len()),
            Some(w) if rec.len() != w && problems.len() < 50 => problems.push(format!(
                "{file}:{line}: error: the row has {} fields, the header {w}; remove the extra field, \
                 or put a value that holds the separator in quotes (e.g. \"1,5\")",
                rec.len()
            )),
            _ => {}
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(BadInput(problems).into())
    }
}

/// A text column, or `None` when the table has no such column.
fn text_column<'a>(df: &'a DataFrame, name: &str) -> Option<Vec<Option<&'a str>>> {
    let c = df.column(name).ok()?;
    let s = c.as_materialized_series();
    let ca = s.str().ok()?;
    Some(ca.iter().collect())
}

/// Parses an amount: `-1234.50`, `1 234,50` (spaces as thousands
/// separators; a decimal comma only in `;`-separated files).
fn parse_amount(s: &str, sep: u8) -> Option<f64> {
    let mut t: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if sep == b';' {
        t = t.replace(',', ".");
    }
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
    {
        return None;
    }
    // Finite and at most a trillion kronor, so that sums stay exact to the öre.
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && v.abs() <= 1e12)
}

/// Reads and checks the ledger. Every problem is collected (up to 50) so a
/// controller can fix the file in one go.
fn read_ledger(path: &Path, s: &Scenario) -> Result<Vec<LedgerRow>> {
    let (df, lines, sep) = read_text_table(path)?;
    let file = path.display().to_string();
    let mut problems = Vec::new();
    let columns: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|c| c.to_string())
        .collect();
    for need in ["month", "category", "amount_sek"] {
        if !columns.iter().any(|c| c == need) {
            problems.push(format!(
                "{file}:1: error: {need}: the header has no column `{need}` (found {} column(s): {}; expected month,category,amount_sek and optionally office)",
                columns.len(),
                columns
                    .iter()
                    .map(|c| crate::input::excerpt(c))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    if !problems.is_empty() {
        return Err(BadInput(problems).into());
    }
    let month = text_column(&df, "month").expect("checked above");
    let category = text_column(&df, "category").expect("checked above");
    let amount = text_column(&df, "amount_sek").expect("checked above");
    let office = text_column(&df, "office");
    let (first, last) = programme_range(s);
    let mut rows = Vec::with_capacity(df.height());
    let mut seen = std::collections::HashMap::new();
    for i in 0..df.height() {
        let line = lines[i];
        let mut bad = |field: &str, msg: String| {
            if problems.len() < 50 {
                problems.push(format!("{file}:{line}: error: {field}: {msg}"));
            }
        };
        let m = match month[i].map(str::trim) {
            None | Some("") => {
                bad("month", "empty; expected a month YYYY-MM".into());
                None
            }
            Some(v) => match parse_ym(v) {
                None => {
                    bad(
                        "month",
                        format!(
                            "{} is not a month YYYY-MM (e.g. 2023-04)",
                            crate::input::excerpt(v)
                        ),
                    );
                    None
                }
                Some(ym) if ym < first || ym > last => {
                    bad(
                        "month",
                        format!(
                            "{v} lies outside the programme, {} to {}",
                            ym_label(first),
                            ym_label(last)
                        ),
                    );
                    None
                }
                Some(ym) => Some(ym),
            },
        };
        let c = match category[i].map(str::trim) {
            None | Some("") => {
                bad(
                    "category",
                    "empty; expected staff, premises or other".into(),
                );
                None
            }
            Some(v) => match CATEGORIES.iter().find(|c| **c == v.to_lowercase()) {
                Some(c) => Some(*c),
                None => {
                    bad(
                        "category",
                        format!(
                            "unknown category {}; expected staff, premises or other",
                            crate::input::excerpt(v)
                        ),
                    );
                    None
                }
            },
        };
        let a = match amount[i].map(str::trim) {
            None | Some("") => {
                bad("amount_sek", "empty; expected an amount in SEK".into());
                None
            }
            Some(v) => match parse_amount(v, sep) {
                Some(a) => Some(a),
                None => {
                    bad(
                        "amount_sek",
                        format!(
                            "{} is not a number (write e.g. 12500 or -1234.50)",
                            crate::input::excerpt(v)
                        ),
                    );
                    None
                }
            },
        };
        let office = office
            .as_ref()
            .and_then(|o| o[i])
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::to_string);
        if let Some(o) = &office
            && !s.offices.iter().any(|x| &x.id == o)
        {
            bad(
                "office",
                format!(
                    "unknown office {}; expected one of the scenario's office ids: {}",
                    crate::input::excerpt(o),
                    s.offices
                        .iter()
                        .map(|x| x.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        if let (Some(month), Some(category), Some(amount)) = (m, c, a) {
            let key = (month, category, office.clone(), amount.to_bits());
            if let Some(first) = seen.insert(key, line) {
                eprintln!(
                    "{file}:{line}: warning: the same month, category, office and amount as line {first}; \
                     both are counted (remove one if it was booked twice)"
                );
            }
            rows.push(LedgerRow {
                month,
                category,
                amount,
                office,
            });
        }
    }
    if !problems.is_empty() {
        return Err(BadInput(problems).into());
    }
    if rows.is_empty() {
        return Err(BadInput(vec![format!(
            "{file}: error: the ledger has no rows; a follow-up needs at least one month of actuals"
        )])
        .into());
    }
    Ok(rows)
}

/// Planned and budget SEK per (year, category) from the plan's `costs.csv`.
type YearPlan = BTreeMap<(i32, &'static str), (i64, i64)>;

fn read_costs(path: &Path, s: &Scenario) -> Result<YearPlan> {
    let (df, lines, _) = read_text_table(path)?;
    let file = path.display().to_string();
    let cols = ["year", "category", "planned_sek", "budget_sek"];
    let mut problems = Vec::new();
    let mut data = Vec::new();
    for c in cols {
        match text_column(&df, c) {
            Some(v) => data.push(v),
            None => problems.push(format!(
                "{file}:1: error: {c}: the header has no column `{c}`"
            )),
        }
    }
    if !problems.is_empty() {
        return Err(BadInput(problems).into());
    }
    let mut out = YearPlan::new();
    for (i, &line) in lines.iter().enumerate() {
        let year = data[0][i].and_then(|v| v.trim().parse::<i32>().ok());
        let cat = data[1][i].and_then(|v| CATEGORIES.iter().find(|c| **c == v.trim()).copied());
        let planned = data[2][i].and_then(|v| parse_amount(v, b','));
        let budget = data[3][i].and_then(|v| parse_amount(v, b','));
        match (year, cat, planned, budget) {
            (Some(y), Some(c), Some(p), Some(b)) => {
                out.insert((y, c), (p.round() as i64, b.round() as i64));
            }
            _ => problems.push(format!(
                "{file}:{line}: error: the row is not `year,category,planned_sek,budget_sek` with a known category"
            )),
        }
    }
    let (first, last) = programme_range(s);
    for y in first.0..=last.0 {
        for c in CATEGORIES {
            if !out.contains_key(&(y, c)) {
                problems.push(format!(
                    "{file}: error: no row for {y} {c}; the plan folder does not cover the programme {} to {} (re-plan with this scenario)",
                    ym_label(first),
                    ym_label(last)
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(BadInput(problems).into());
    }
    Ok(out)
}

/// Sums the ledger per (month, category) and per (office, category) with
/// polars' eager group-by. Polars marks the eager aggregations deprecated in
/// favour of its lazy engine, but that engine (feature `lazy`) brings the
/// streaming engine and with it an HTTP client stack (object_store,
/// reqwest, hyper, rustls) that a tool reading two local CSV files must not
/// need; the eager sums have stayed unchanged since 0.24.
#[allow(clippy::type_complexity, deprecated)]
fn aggregate(
    rows: &[LedgerRow],
) -> Result<(
    BTreeMap<(Ym, &'static str), f64>,
    BTreeMap<String, BTreeMap<String, f64>>,
)> {
    let df = df!(
        "month" => rows.iter().map(|r| ym_label(r.month)).collect::<Vec<_>>(),
        "category" => rows.iter().map(|r| r.category).collect::<Vec<_>>(),
        "office" => rows.iter().map(|r| r.office.clone()).collect::<Vec<_>>(),
        "amount" => rows.iter().map(|r| r.amount).collect::<Vec<_>>(),
    )?;
    let by_month = df
        .group_by(["month", "category"])?
        .select(["amount"])
        .sum()?;
    let mut per_month = BTreeMap::new();
    let months = text_column(&by_month, "month").context("month column")?;
    let cats = text_column(&by_month, "category").context("category column")?;
    let sums = by_month
        .column("amount_sum")?
        .as_materialized_series()
        .f64()?
        .clone();
    for i in 0..by_month.height() {
        let ym = months[i].and_then(parse_ym).context("aggregated month")?;
        let cat = CATEGORIES
            .iter()
            .find(|c| Some(**c) == cats[i])
            .copied()
            .context("aggregated category")?;
        per_month.insert((ym, cat), sums.get(i).unwrap_or(0.0));
    }
    let has_office = df.column("office")?.is_not_null();
    let by_office = df
        .filter(&has_office)?
        .group_by(["office", "category"])?
        .select(["amount"])
        .sum()?;
    let mut per_office: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    let offices = text_column(&by_office, "office").context("office column")?;
    let cats = text_column(&by_office, "category").context("category column")?;
    let sums = by_office
        .column("amount_sum")?
        .as_materialized_series()
        .f64()?
        .clone();
    for i in 0..by_office.height() {
        if let (Some(o), Some(c)) = (offices[i], cats[i]) {
            per_office
                .entry(o.to_string())
                .or_default()
                .insert(c.to_string(), ore(sums.get(i).unwrap_or(0.0)));
        }
    }
    Ok((per_month, per_office))
}

/// Months `YYYY-MM` (sorted) written as ranges: `2022-07 – 2022-12, 2023-03`.
pub fn month_ranges(months: &[String]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut run: Option<(Ym, Ym)> = None;
    let flush = |run: Option<(Ym, Ym)>, out: &mut Vec<String>| {
        if let Some((a, b)) = run {
            out.push(if a == b {
                ym_label(a)
            } else {
                format!("{} – {}", ym_label(a), ym_label(b))
            });
        }
    };
    for m in months.iter().filter_map(|m| parse_ym(m)) {
        run = match run {
            Some((a, b)) if next_month(b) == m => Some((a, m)),
            other => {
                flush(other, &mut out);
                Some((m, m))
            }
        };
    }
    flush(run, &mut out);
    out.join(", ")
}

/// Rounds a percentage to one decimal.
fn pct(part: f64, whole: f64) -> f64 {
    if whole == 0.0 {
        0.0
    } else {
        (part / whole * 1000.0).round() / 10.0
    }
}

/// The follow-up computed in memory: rows of `followup.csv` and the summary.
pub fn followup(
    s: &Scenario,
    plan_dir: &Path,
    actuals: &Path,
) -> Result<(Vec<FollowupRow>, FollowupSummary)> {
    let plan = read_costs(&plan_dir.join("costs.csv"), s)?;
    let ledger = read_ledger(actuals, s)?;
    let (per_month, per_office) = aggregate(&ledger)?;
    let (first, _) = programme_range(s);
    let through = ledger.iter().map(|r| r.month).max().expect("not empty");
    let booked_months: std::collections::BTreeSet<Ym> = ledger.iter().map(|r| r.month).collect();

    let mut rows = Vec::new();
    let mut categories = Vec::new();
    let mut missing_months = Vec::new();
    let mut months_without_rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for year in first.0..=through.0 {
        let n = programme_months(s, year);
        let months: Vec<Ym> = {
            let mut m = if year == first.0 { first } else { (year, 1) };
            let mut v = Vec::new();
            for _ in 0..n {
                v.push(m);
                m = next_month(m);
            }
            v
        };
        let year_missing: Vec<String> = months
            .iter()
            .filter(|m| **m <= through && !booked_months.contains(m))
            .map(|m| ym_label(*m))
            .collect();
        missing_months.extend(year_missing.iter().cloned());
        let mut year_rows: Vec<FollowupRow> = Vec::new();
        let mut year_status: Vec<CategoryStatus> = Vec::new();
        for cat in CATEGORIES {
            let (planned_year, budget_year) = plan[&(year, cat)];
            let planned = spread(planned_year, n);
            let budget = spread(budget_year, n);
            let status_of = |m: &Ym| {
                if per_month.contains_key(&(*m, cat)) {
                    ActualStatus::Booked
                } else if booked_months.contains(m) {
                    ActualStatus::NoRows
                } else {
                    ActualStatus::MonthMissing
                }
            };
            let actual: Vec<f64> = months
                .iter()
                .map(|m| per_month.get(&(*m, cat)).copied().unwrap_or(0.0))
                .collect();
            let mut status = None;
            for (k, &m) in months.iter().enumerate() {
                if m > through {
                    break;
                }
                let st = status_of(&m);
                if st == ActualStatus::NoRows {
                    months_without_rows
                        .entry(cat.to_string())
                        .or_default()
                        .push(ym_label(m));
                }
                let actual_to_date: f64 = actual[..=k].iter().sum();
                // Months not booked yet count at plan in the forecast.
                let missing_at_plan: i64 = months[..=k]
                    .iter()
                    .zip(&planned)
                    .filter(|(m, _)| status_of(m) == ActualStatus::MonthMissing)
                    .map(|(_, p)| *p)
                    .sum();
                let planned_rest: i64 = planned[k + 1..].iter().sum();
                // A category the plan puts at 0 for the year but that has
                // actuals: the plan says nothing, so the rest of the year
                // runs at the booked months' average (the run rate).
                let booked: Vec<f64> = months[..=k]
                    .iter()
                    .zip(&actual)
                    .filter(|(m, _)| status_of(m) != ActualStatus::MonthMissing)
                    .map(|(_, a)| *a)
                    .collect();
                let run_rate = planned_year == 0 && booked.iter().any(|a| *a != 0.0);
                let forecast = if run_rate {
                    let rate = booked.iter().sum::<f64>() / booked.len() as f64;
                    let rest = (n as usize - booked.len()) as f64;
                    actual_to_date + rate * rest
                } else {
                    actual_to_date + (missing_at_plan + planned_rest) as f64
                };
                let planned_to_date: i64 = planned[..=k].iter().sum();
                let budget_to_date: i64 = budget[..=k].iter().sum();
                year_rows.push(FollowupRow {
                    year,
                    month: ym_label(m),
                    category: cat.into(),
                    budget_sek: budget[k] as f64,
                    planned_sek: planned[k] as f64,
                    actual_sek: ore(actual[k]),
                    variance_sek: ore(actual[k] - planned[k] as f64),
                    forecast_year_sek: ore(forecast),
                    variance_budget_sek: ore(actual[k] - budget[k] as f64),
                    budget_ytd_sek: budget_to_date as f64,
                    planned_ytd_sek: planned_to_date as f64,
                    actual_ytd_sek: ore(actual_to_date),
                    used_pct: pct(actual_to_date, budget_year as f64),
                    actual_status: st,
                });
                let over = ore(forecast - budget_year as f64);
                status = Some(CategoryStatus {
                    year,
                    category: cat.into(),
                    budget_sek: budget_year as f64,
                    planned_sek: planned_year as f64,
                    planned_to_date_sek: planned_to_date as f64,
                    actual_to_date_sek: ore(actual_to_date),
                    variance_to_date_sek: ore(actual_to_date - planned_to_date as f64),
                    forecast_year_sek: ore(forecast),
                    forecast_vs_budget_sek: over,
                    overrun: over > 0.0,
                    overrun_sek: over.max(0.0),
                    months_to_date: k as u32 + 1,
                    months_in_year: n,
                    used_pct: pct(actual_to_date, budget_year as f64),
                    months_missing: year_missing.clone(),
                    forecast_basis: if run_rate { "run_rate" } else { "plan" }.into(),
                });
            }
            if let Some(st) = status {
                year_status.push(st);
            }
        }
        // The total rows: each month's sum over the categories.
        let mut totals: Vec<FollowupRow> = Vec::new();
        for r in &year_rows {
            match totals.iter_mut().find(|t| t.month == r.month) {
                None => totals.push(FollowupRow {
                    category: TOTAL.into(),
                    ..r.clone()
                }),
                Some(t) => {
                    t.budget_sek += r.budget_sek;
                    t.planned_sek += r.planned_sek;
                    t.actual_sek = ore(t.actual_sek + r.actual_sek);
                    t.variance_sek = ore(t.variance_sek + r.variance_sek);
                    t.forecast_year_sek = ore(t.forecast_year_sek + r.forecast_year_sek);
                    t.variance_budget_sek = ore(t.variance_budget_sek + r.variance_budget_sek);
                    t.budget_ytd_sek += r.budget_ytd_sek;
                    t.planned_ytd_sek += r.planned_ytd_sek;
                    t.actual_ytd_sek = ore(t.actual_ytd_sek + r.actual_ytd_sek);
                    // Booked when any category is.
                    if r.actual_status == ActualStatus::Booked {
                        t.actual_status = ActualStatus::Booked;
                    }
                }
            }
        }
        let year_budget: f64 = year_status.iter().map(|c| c.budget_sek).sum();
        for t in &mut totals {
            t.used_pct = pct(t.actual_ytd_sek, year_budget);
        }
        if let Some(last) = year_status.first().cloned() {
            let sum = |f: fn(&CategoryStatus) -> f64| ore(year_status.iter().map(f).sum());
            let forecast = sum(|c| c.forecast_year_sek);
            let over = ore(forecast - year_budget);
            let total = CategoryStatus {
                category: TOTAL.into(),
                budget_sek: year_budget,
                planned_sek: sum(|c| c.planned_sek),
                planned_to_date_sek: sum(|c| c.planned_to_date_sek),
                actual_to_date_sek: sum(|c| c.actual_to_date_sek),
                variance_to_date_sek: sum(|c| c.variance_to_date_sek),
                forecast_year_sek: forecast,
                forecast_vs_budget_sek: over,
                overrun: over > 0.0,
                overrun_sek: over.max(0.0),
                used_pct: pct(sum(|c| c.actual_to_date_sek), year_budget),
                ..last
            };
            year_status.push(total);
        }
        rows.extend(year_rows);
        rows.extend(totals);
        categories.extend(year_status);
    }
    rows.sort_by(|a, b| {
        (a.year, &a.month, cat_rank(&a.category)).cmp(&(b.year, &b.month, cat_rank(&b.category)))
    });
    let overruns = categories
        .iter()
        .filter(|c| c.overrun && c.category != TOTAL)
        .cloned()
        .collect();
    let summary = FollowupSummary {
        scenario: s.name.clone(),
        programme_start: ym_label(first),
        through: ym_label(through),
        ledger_rows: ledger.len(),
        budget_profile: BUDGET_PROFILE.into(),
        forecast_method: FORECAST_METHOD.into(),
        missing_months,
        months_without_rows,
        categories,
        overruns,
        actual_by_office: per_office,
    };
    Ok((rows, summary))
}

fn cat_rank(c: &str) -> usize {
    CATEGORIES
        .iter()
        .position(|x| *x == c)
        .unwrap_or(CATEGORIES.len())
}

/// The follow-up as `followup.csv` text.
pub fn followup_csv(rows: &[FollowupRow]) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    crate::cell::record(&mut w, FOLLOWUP_HEADER)?;
    for r in rows {
        crate::cell::record(
            &mut w,
            [
                r.year.to_string(),
                r.month.clone(),
                r.category.clone(),
                fmt_sek(r.budget_sek),
                fmt_sek(r.planned_sek),
                fmt_sek(r.actual_sek),
                fmt_sek(r.variance_sek),
                fmt_sek(r.forecast_year_sek),
                fmt_sek(r.variance_budget_sek),
                fmt_sek(r.budget_ytd_sek),
                fmt_sek(r.planned_ytd_sek),
                fmt_sek(r.actual_ytd_sek),
                format!("{:.1}", r.used_pct),
                r.actual_status.as_str().to_string(),
            ],
        )?;
    }
    Ok(w.into_inner()?)
}

/// Budget follow-up: reads `plan_dir/costs.csv` and the ledger `actuals`,
/// checks both completely, then writes `out/followup.csv` and
/// `out/followup.json` (each atomically; nothing is written when an input
/// is bad). A bad ledger or costs file gives a [`BadInput`] error listing
/// every problem as `file:line: error: field: what`. The workbook and the
/// page for people come on top: `report::followup::run_budget`.
pub fn run_budget(
    s: &Scenario,
    plan_dir: &Path,
    actuals: &Path,
    out: &OutDir,
) -> Result<(Vec<FollowupRow>, FollowupSummary)> {
    let (rows, summary) = followup(s, plan_dir, actuals)?;
    write_files(&rows, &summary, out)?;
    Ok((rows, summary))
}

/// Writes `followup.csv` and `followup.json` of a computed follow-up.
pub fn write_files(rows: &[FollowupRow], summary: &FollowupSummary, out: &OutDir) -> Result<()> {
    let csv = followup_csv(rows)?;
    let json = serde_json::to_string_pretty(summary)? + "\n";
    out.write("followup.csv", &csv)?;
    out.write("followup.json", json.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_adds_up_to_the_krona() {
        assert_eq!(spread(1_000_000, 6).iter().sum::<i64>(), 1_000_000);
        assert_eq!(
            spread(100, 6),
            vec![17, 17, 17, 17, 16, 16],
            "the first months take the remainder"
        );
        assert_eq!(spread(-7, 2), vec![-3, -4]);
        assert!(spread(5, 0).is_empty());
    }

    #[test]
    fn months_are_strict() {
        assert_eq!(parse_ym("2023-04"), Some((2023, 4)));
        for bad in [
            "2023-4",
            "2023-13",
            "2023-00",
            "23-04",
            "2023/04",
            "2023-04-01",
            "abcd-ef",
        ] {
            assert_eq!(parse_ym(bad), None, "{bad}");
        }
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("-1234.50", b','), Some(-1234.5));
        assert_eq!(parse_amount("1 234,50", b';'), Some(1234.5));
        assert_eq!(parse_amount("12,5", b','), None);
        assert_eq!(parse_amount("12k", b','), None);
        assert_eq!(parse_amount("NaN", b','), None);
        assert_eq!(fmt_sek(166666.0), "166666");
        assert_eq!(fmt_sek(-0.004), "0");
        assert_eq!(fmt_sek(12.5), "12.50");
    }
}
