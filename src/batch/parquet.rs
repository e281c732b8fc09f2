//! `comparison.parquet`: the comparison table with typed columns (text,
//! integers, floats, booleans; a missing cost is null), for analysts who load
//! batches into polars, pandas, DuckDB or Power BI. Written with polars'
//! Parquet writer (zstd), same columns and order as `comparison.csv`.

use std::io::Cursor;

use anyhow::{Context, Result};
use polars::prelude::{Column, DataFrame, ParquetWriter};

use super::compare::{ComparisonRow, cost_keys};

/// The comparison rows as one data frame, columns as in `comparison.csv`.
pub fn comparison_frame(rows: &[ComparisonRow]) -> Result<DataFrame> {
    let text = |name: &str, f: &dyn Fn(&ComparisonRow) -> String| {
        Column::new(name.into(), rows.iter().map(f).collect::<Vec<String>>())
    };
    let float = |name: &str, f: &dyn Fn(&ComparisonRow) -> f64| {
        Column::new(name.into(), rows.iter().map(f).collect::<Vec<f64>>())
    };
    let mut cols = vec![
        text("scenario", &|r| r.scenario.clone()),
        text("status", &|r| r.status.clone()),
        text("reason", &|r| r.reason.clone()),
        Column::new(
            "offices".into(),
            rows.iter().map(|r| r.offices as u32).collect::<Vec<u32>>(),
        ),
        float("staff_fte", &|r| r.staff_fte),
    ];
    for (y, c) in cost_keys(rows) {
        let key = (y, c.clone());
        let planned: Vec<Option<f64>> = rows
            .iter()
            .map(|r| r.costs.get(&key).map(|v| v.0))
            .collect();
        let budget: Vec<Option<f64>> = rows
            .iter()
            .map(|r| r.costs.get(&key).map(|v| v.1))
            .collect();
        cols.push(Column::new(format!("{c}_{y}_sek").into(), planned));
        cols.push(Column::new(format!("{c}_{y}_budget_sek").into(), budget));
    }
    cols.extend([
        Column::new(
            "inhabitants_reached".into(),
            rows.iter()
                .map(|r| r.inhabitants_reached)
                .collect::<Vec<u64>>(),
        ),
        float("reached_share", &|r| r.reached_share),
        float("opening_hours_per_office_week", &|r| {
            r.opening_hours_per_office_week
        }),
        float("evening_openings_per_month", &|r| {
            r.evening_openings_per_month
        }),
        float("missing_openings", &|r| r.missing_openings),
        float("unmet_demand_hours", &|r| r.unmet_demand_hours),
        float("staff_office_hours", &|r| r.staff_office_hours),
        float("solve_seconds", &|r| r.solve_seconds),
        Column::new(
            "pareto".into(),
            rows.iter().map(|r| r.pareto).collect::<Vec<bool>>(),
        ),
        Column::new(
            "over_budget".into(),
            rows.iter()
                .map(|r| r.overruns_text())
                .collect::<Vec<String>>(),
        ),
    ]);
    DataFrame::new(rows.len(), cols).context("building the comparison table")
}

/// `comparison.parquet` as bytes (written atomically by the caller).
pub fn comparison_parquet(rows: &[ComparisonRow]) -> Result<Vec<u8>> {
    let mut df = comparison_frame(rows)?;
    let mut buf = Cursor::new(Vec::new());
    ParquetWriter::new(&mut buf)
        .finish(&mut df)
        .context("writing comparison.parquet")?;
    Ok(buf.into_inner())
}
