//! Report writers. A plan folder is written whole or not at all: every file
//! goes into a temporary folder beside the target, which then replaces it.

pub mod all;
pub mod csv_io;
pub(crate) mod html;
mod ics;
pub mod lang;
pub(crate) mod svg;
pub(crate) mod xlsx;

pub use all::{BookingRow, PlanFolder, write_reports};
pub use lang::Lang;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::plan::Plan;

/// Headers of the contract files (DESIGN §5), written even when a table is empty.
pub const OPENINGS_HEADER: &[&str] = &["date", "office", "start", "end", "kind"];
pub const SHIFTS_HEADER: &[&str] = &[
    "date",
    "office",
    "staff",
    "start",
    "end",
    "kind",
    "travel_minutes",
];
pub const BASE_HEADER: &[&str] = &["cycle_week", "weekday", "staff", "office", "shift"];
pub const BOOKINGS_HEADER: &[&str] = &[
    "date",
    "office",
    "room",
    "department",
    "start",
    "end",
    "target",
];
pub const DEMAND_HEADER: &[&str] = &[
    "department",
    "target",
    "month",
    "demand_hours",
    "booked_hours",
    "unmet_hours",
    "evening_hours",
];
pub const COSTS_HEADER: &[&str] = &[
    "year",
    "category",
    "planned_sek",
    "budget_sek",
    "deficit_sek",
];
pub const STAFF_HOURS_HEADER: &[&str] = &[
    "staff",
    "name",
    "fte",
    "contract_hours",
    "office_hours",
    "travel_hours",
    "base_hours",
    "working_days",
    "evenings",
    "mileage_km",
];

/// Writes a folder atomically: `fill` writes into a fresh temporary folder
/// next to `dir`, which is renamed into place only when `fill` succeeds.
pub fn write_folder_atomically(dir: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "plan".into());
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}.tmp"))
        .tempdir_in(&parent)
        .with_context(|| format!("cannot create a temporary folder in {}", parent.display()))?;
    fill(tmp.path())?;
    let tmp = tmp.keep();
    if dir.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old"))
            .tempdir_in(&parent)?
            .keep();
        std::fs::rename(dir, old.join("previous"))
            .with_context(|| format!("cannot replace {}", dir.display()))?;
        std::fs::rename(&tmp, dir)?;
        std::fs::remove_dir_all(&old).ok();
    } else {
        std::fs::rename(&tmp, dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    Ok(())
}

/// Writes one file atomically: a temporary file in the same folder, synced
/// to disk, made as readable as any other output file (0644), then renamed
/// over `path`. A reader sees the old file or the whole new one, never a
/// part; on any error nothing is left at `path`.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let mut f = tempfile::NamedTempFile::new_in(parent)
        .with_context(|| format!("cannot create a temporary file in {}", parent.display()))?;
    f.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    // A temporary file is private (0600); the output is as readable as the
    // CSV files beside it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    f.as_file()
        .sync_all()
        .with_context(|| format!("cannot write {}", path.display()))?;
    f.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Writes the plan's files into `dir` (not atomic by itself; see [`write_plan`]).
pub fn write_plan_files(dir: &Path, plan: &Plan) -> Result<()> {
    csv_io::write(&dir.join("openings.csv"), OPENINGS_HEADER, &plan.openings)?;
    csv_io::write(&dir.join("shifts.csv"), SHIFTS_HEADER, &plan.shifts)?;
    csv_io::write(&dir.join("base_schedule.csv"), BASE_HEADER, &plan.base)?;
    csv_io::write(
        &dir.join("staff_hours.csv"),
        STAFF_HOURS_HEADER,
        &plan.staff_hours,
    )?;
    csv_io::write(&dir.join("costs.csv"), COSTS_HEADER, &plan.summary.costs)?;
    csv_io::write(&dir.join("bookings.csv"), BOOKINGS_HEADER, &plan.bookings)?;
    csv_io::write(&dir.join("demand.csv"), DEMAND_HEADER, &plan.demand)?;
    csv_io::write(&dir.join("slots.csv"), BOOKINGS_HEADER, &plan.slots)?;
    let json = serde_json::to_string_pretty(&plan.summary)? + "\n";
    std::fs::write(dir.join("summary.json"), json)?;
    Ok(())
}

/// Writes a plan folder atomically.
pub fn write_plan(dir: &Path, plan: &Plan) -> Result<()> {
    write_folder_atomically(dir, |tmp| write_plan_files(tmp, plan))
}
