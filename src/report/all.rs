//! The readable reports of a plan folder (docs/domain.md, Users: "readable without the
//! tool"): `report.html`, `plan.xlsx` and `calendars/*.ics`, made from the
//! folder's files alone (never from solver state), so that a folder written
//! yesterday or checked by hand gives the same reports.
//!
//! Everything is deterministic: the same folder, scenario and language give
//! byte-identical files. The only dates in them come from the data (the
//! calendars' DTSTAMP is a re-plan's `from`, else the period's start).

use std::path::Path;

use anyhow::{Context, Result};

use super::folder::PlanFolder;
use super::lang::Lang;
use crate::output::write_file;
use crate::scenario::Scenario;

/// Writes `report.html`, `plan.xlsx` and `calendars/` (one `staff-<id>.ics`
/// per staff member, one `office-<id>.ics` per office, names made safe by
/// [`crate::output::unique_file_names`]; a re-plan's changes-only calendars
/// in `calendars/changes/`) into the plan folder `dir` being
/// filled, reading only the folder's files. Every report is made in memory
/// first.
pub fn write_reports(dir: &Path, scenario: &Scenario, lang: Lang) -> Result<()> {
    let folder = PlanFolder::read(dir)?;
    let html = super::html::render(&folder, scenario, lang)?;
    let xlsx = super::xlsx::workbook(dir, &folder, lang)?;
    let calendars = super::ics::calendars(&folder, scenario, lang)?;
    write_file(&dir.join("report.html"), html.as_bytes())?;
    write_file(&dir.join("plan.xlsx"), &xlsx)?;
    // The plan folder is a fresh one being filled (see `planner`), so the
    // calendars are new files in a new folder.
    let folder = dir.join("calendars");
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    for (name, text) in &calendars {
        let path = folder.join(name);
        if let Some(parent) = path.parent() {
            // `changes/` of a re-plan
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        write_file(&path, text.as_bytes())?;
    }
    Ok(())
}
