//! Output folders: what the program may replace, and how it replaces it.
//!
//! Three guarantees, relied on by every command that writes:
//!
//! - **Only its own folders are replaced.** A folder the program writes holds
//!   a marker file ([`MARKER`]). [`claim`] accepts an output path that does
//!   not exist, an empty folder, or a folder with the marker; anything else
//!   (a user's folder, a file, a fifo, a device, a symbolic link) is refused
//!   unless the user passed `--force`, and a path that is not a folder is
//!   refused even then.
//! - **A folder is replaced atomically.** [`replace_folder`] fills a fresh
//!   folder beside the target and swaps the two in one `renameat2`
//!   `RENAME_EXCHANGE` call, so a reader (or a kill at any moment) sees the
//!   old folder or the new one, never neither. The old folder, now under the
//!   temporary name, is then removed; leftovers of a run killed in between
//!   are removed by the next run ([`remove_leftovers`]).
//! - **Names from data are never paths.** [`file_name`] turns an id or a
//!   scenario name into one path component that cannot leave its folder, and
//!   [`unique_file_names`] keeps such names apart when two ids map to the
//!   same component.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The marker file in every folder the program writes.
pub const MARKER: &str = ".serviceplan";

/// Every name serviceplan writes into an output folder (plan, roster,
/// facility, locate, budget and batch outputs).
const WRITTEN: &[&str] = &[
    "summary.json",
    "openings.csv",
    "shifts.csv",
    "base_schedule.csv",
    "staff_hours.csv",
    "costs.csv",
    "bookings.csv",
    "demand.csv",
    "slots.csv",
    "report.html",
    "plan.xlsx",
    "calendars",
    "roster.csv",
    "location.json",
    "areas.csv",
    "followup.csv",
    "followup.json",
];

/// What an output path holds now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Existing {
    /// Nothing: the folder will be created.
    Absent,
    /// A folder with no entries.
    Empty,
    /// A folder written by serviceplan (it holds [`MARKER`]).
    Ours,
    /// A folder with entries serviceplan did not write (the first few names).
    Foreign(Vec<String>),
    /// Something that is not a folder: a file, a fifo, a device, a link.
    NotAFolder(&'static str),
}

/// Looks at `dir` without following a symbolic link.
pub fn inspect(dir: &Path) -> Result<Existing> {
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Existing::Absent),
        Err(e) => return Err(e).with_context(|| format!("cannot look at {}", dir.display())),
    };
    let ft = meta.file_type();
    if ft.is_symlink() {
        return Ok(Existing::NotAFolder("a symbolic link"));
    }
    if !ft.is_dir() {
        return Ok(Existing::NotAFolder(kind_of(&ft)));
    }
    if dir.join(MARKER).is_file() {
        return Ok(Existing::Ours);
    }
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the folder {}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return Ok(Existing::Empty);
    }
    // A folder written before folders were marked: nothing in it but the
    // files serviceplan writes, a summary among them.
    if names.iter().any(|n| n == "summary.json")
        && names.iter().all(|n| WRITTEN.contains(&n.as_str()))
    {
        return Ok(Existing::Ours);
    }
    names.sort();
    names.truncate(3);
    Ok(Existing::Foreign(names))
}

fn kind_of(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a fifo";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_file() {
        "a file"
    } else {
        "not a folder"
    }
}

/// Checks that the program may write (and replace) the output folder `dir`:
/// it does not exist, is empty, or was written by serviceplan; with `force`
/// also a folder that holds other files. Never a path that is not a folder.
pub fn claim(dir: &Path, force: bool) -> Result<()> {
    match inspect(dir)? {
        Existing::Absent | Existing::Empty | Existing::Ours => Ok(()),
        Existing::Foreign(_) if force => Ok(()),
        Existing::Foreign(names) => bail!(
            "{} is a folder that serviceplan did not write (it holds {}{}); \
             choose a new or empty folder for --out, or pass --force to replace it and everything in it",
            dir.display(),
            names.join(", "),
            if names.len() == 3 { ", …" } else { "" }
        ),
        Existing::NotAFolder(kind) => bail!(
            "{} is {kind}, not a folder; choose another path for --out (it is never replaced)",
            dir.display()
        ),
    }
}

/// An output folder the program has been allowed to write: made only by
/// [`OutDir::claim`], so a writer that takes an `OutDir` cannot touch a
/// path nobody checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutDir {
    path: PathBuf,
    force: bool,
}

impl OutDir {
    /// Checks `path` with [`claim`] and returns it as an output folder.
    pub fn claim(path: impl Into<PathBuf>, force: bool) -> Result<OutDir> {
        let path = path.into();
        claim(&path, force)?;
        Ok(OutDir { path, force })
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A folder inside this one, named from data (a scenario's name) by
    /// [`file_name`]: it cannot lie outside this folder.
    pub fn child(&self, name: &str) -> Result<OutDir> {
        OutDir::claim(self.path.join(file_name(name, "scenario")), false)
    }

    /// Replaces the whole folder atomically with what `fill` writes.
    pub fn replace_with(&self, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
        replace_folder(&self.path, self.force, fill)
    }

    /// Writes one file into the folder atomically (creating and marking the
    /// folder first). `name` is the program's own file name, never data.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        ensure_folder(&self.path)?;
        write_file(&self.path.join(name), bytes)
    }
}

/// The parent folder of `path` (`.` for a bare name).
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The last component of `dir`, for the names of its temporary siblings.
fn base_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into())
}

/// Writes the marker into `dir` (naming the process, so that a later run can
/// tell a leftover from a folder still being written).
pub fn mark(dir: &Path) -> Result<()> {
    std::fs::write(
        dir.join(MARKER),
        format!(
            "written by serviceplan; this folder may be replaced by its next run\npid={}\n",
            std::process::id()
        ),
    )
    .with_context(|| format!("cannot write into {}", dir.display()))
}

/// Creates `dir` if needed and marks it as serviceplan's (after [`claim`]).
pub fn ensure_folder(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    if !dir.join(MARKER).exists() {
        mark(dir)?;
    }
    Ok(())
}

/// Replaces the folder `dir` atomically: `fill` writes into a fresh marked
/// folder beside `dir`, which takes `dir`'s place only when `fill`
/// succeeds. The caller has checked `dir` with [`claim`] (a folder
/// serviceplan did not write is refused here too, unless `force`).
pub fn replace_folder(
    dir: &Path,
    force: bool,
    fill: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    claim(dir, force)?;
    let parent = parent_of(dir);
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let name = base_name(dir);
    remove_leftovers(&parent, &name);
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}.tmp"))
        .tempdir_in(&parent)
        .with_context(|| format!("cannot create a temporary folder in {}", parent.display()))?;
    mark(tmp.path())?;
    fill(tmp.path())?;
    // From here on the folder is ours to place, not to delete on drop.
    let tmp = tmp.keep();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755)).ok();
    }
    sync_dir(&tmp);
    if inspect(dir)? == Existing::Absent {
        std::fs::rename(&tmp, dir).with_context(|| format!("cannot create {}", dir.display()))?;
    } else {
        swap(&tmp, dir)?;
        // `tmp` now holds the previous folder.
        std::fs::remove_dir_all(&tmp).ok();
    }
    sync_dir(&parent);
    Ok(())
}

/// Exchanges two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`).
/// Where the file system cannot, falls back to moving `dir` aside and `new`
/// into its place: then a kill between the two renames leaves the previous
/// folder under a hidden name beside it, which the next run removes.
fn swap(new: &Path, dir: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, new, CWD, dir, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => {
                return Err(std::io::Error::from(e))
                    .with_context(|| format!("cannot replace {}", dir.display()));
            }
        }
    }
    let parent = parent_of(dir);
    let old = tempfile::Builder::new()
        .prefix(&format!(".{}.old", base_name(dir)))
        .tempdir_in(&parent)?
        .keep();
    std::fs::rename(dir, old.join("previous"))
        .with_context(|| format!("cannot replace {}", dir.display()))?;
    std::fs::rename(new, dir).with_context(|| format!("cannot replace {}", dir.display()))?;
    std::fs::rename(&old, new).ok();
    Ok(())
}

/// Removes what interrupted runs left beside `parent/name`: hidden
/// `.name.tmp*` and `.name.old*` folders whose writer is no longer running.
/// A folder another live process is still filling is left alone.
pub fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let tmp = format!(".{name}.tmp");
    let old = format!(".{name}.old");
    for e in entries.filter_map(|e| e.ok()) {
        let n = e.file_name().to_string_lossy().into_owned();
        if !(n.starts_with(&tmp) || n.starts_with(&old)) {
            continue;
        }
        let path = e.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_dir() {
            continue;
        }
        if writer_alive(&path) {
            continue;
        }
        std::fs::remove_dir_all(&path).ok();
    }
}

/// True when the marker in `dir` (or in `dir/previous`) names a process
/// that is still running. A leftover without a marker was never filled.
fn writer_alive(dir: &Path) -> bool {
    let text = crate::input::read_text(&dir.join(MARKER))
        .or_else(|_| crate::input::read_text(&dir.join("previous").join(MARKER)));
    let Ok(text) = text else {
        return false;
    };
    let Some(pid) = text
        .lines()
        .find_map(|l| l.strip_prefix("pid="))
        .and_then(|p| p.trim().parse::<i32>().ok())
    else {
        return false;
    };
    if pid == std::process::id() as i32 {
        // Our own: a folder this process is filling right now (a batch
        // writes several), never a leftover of an earlier run.
        return !dir.join("previous").exists();
    }
    process_alive(pid)
}

#[cfg(target_os = "linux")]
fn process_alive(pid: i32) -> bool {
    match rustix::process::Pid::from_raw(pid) {
        Some(p) => match rustix::process::test_kill_process(p) {
            Ok(()) => true,
            Err(e) => e == rustix::io::Errno::PERM,
        },
        None => false,
    }
}

#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: i32) -> bool {
    true
}

/// Flushes a folder's entries to disk (best effort).
fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        f.sync_all().ok();
    }
}

/// Writes one file atomically: a temporary file in the same folder, synced
/// to disk, made as readable as any other output file (0644), then renamed
/// over `path`. A reader sees the old file or the whole new one, never a
/// part; on any error nothing is left at `path`. `path` must not be a
/// folder, a link or a special file.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = parent_of(path);
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    if let Ok(m) = std::fs::symlink_metadata(path)
        && !m.file_type().is_file()
    {
        bail!(
            "{} is {}, not a file; it is not replaced",
            path.display(),
            kind_of(&m.file_type())
        );
    }
    let mut f = tempfile::NamedTempFile::new_in(&parent)
        .with_context(|| format!("cannot create a temporary file in {}", parent.display()))?;
    f.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    // A temporary file is private (0600); the output is as readable as the
    // files beside it.
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

/// One path component made from a name in the data (an id, a scenario
/// name): letters, digits, `-`, `_` and `.` are kept, everything else
/// (`/`, `\`, spaces, control characters) becomes `_`; leading dots are
/// dropped, so the result is never `.`, `..` or hidden; at most 80
/// characters; `fallback` when nothing is left.
pub fn file_name(name: &str, fallback: &str) -> String {
    let mapped: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed: String = mapped
        .trim_start_matches('.')
        .chars()
        .take(80)
        .collect::<String>();
    if trimmed.is_empty() {
        fallback.to_string()
    } else {
        trimmed
    }
}

/// File names for `ids` (`prefix` + [`file_name`] + `suffix`), distinct
/// even where two ids map to the same component (`jo/han` and `jo_han`):
/// then each of them gets a short digest of its own id as well, so neither
/// name depends on which other ids exist beyond the clash.
pub fn unique_file_names<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    prefix: &str,
    suffix: &str,
) -> BTreeMap<String, String> {
    let ids: BTreeSet<&str> = ids.into_iter().collect();
    let mut by_name: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for id in &ids {
        by_name.entry(file_name(id, "id")).or_default().push(id);
    }
    let mut out = BTreeMap::new();
    for (name, group) in by_name {
        for id in &group {
            let file = if group.len() == 1 {
                format!("{prefix}{name}{suffix}")
            } else {
                format!("{prefix}{name}-{:08x}{suffix}", digest(id))
            };
            out.insert(id.to_string(), file);
        }
    }
    out
}

/// A stable 32-bit digest (FNV-1a) of a string, for telling file names apart.
pub fn digest(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Why `name` (a scenario's name) is not safe as a folder name, if it is not.
pub fn unsafe_name(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("is empty")
    } else if name.contains('/') || name.contains('\\') {
        Some("contains a path separator (`/` or `\\`)")
    } else if name == "." || name == ".." || name.starts_with('.') {
        Some("starts with a dot")
    } else if name.chars().any(char::is_control) {
        Some("contains a control character")
    } else if name.chars().count() > 80 {
        Some("is longer than 80 characters")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_data_stay_inside_their_folder() {
        assert_eq!(file_name("gavle", "x"), "gavle");
        assert_eq!(file_name("../../x", "x"), "_.._x");
        assert_eq!(file_name("/some/dir", "x"), "_some_dir");
        assert_eq!(file_name("..", "x"), "x");
        assert_eq!(file_name("", "scenario"), "scenario");
        assert_eq!(file_name("Gävle Q2", "x"), "Gävle_Q2");
        for n in ["../../x", "/a/b", "..", ".hidden", "a\\b", "a\u{0}b"] {
            let f = file_name(n, "x");
            assert!(
                !f.contains('/') && !f.contains('\\') && !f.starts_with('.'),
                "{f}"
            );
            assert_eq!(Path::new(&f).components().count(), 1, "{f}");
        }
    }

    #[test]
    fn clashing_ids_get_distinct_file_names() {
        let m = unique_file_names(["jo/han", "jo_han", "anna"], "staff-", ".ics");
        assert_eq!(m["anna"], "staff-anna.ics");
        assert_ne!(m["jo/han"], m["jo_han"]);
        assert!(m["jo/han"].starts_with("staff-jo_han-"), "{}", m["jo/han"]);
        // Deterministic.
        assert_eq!(
            m,
            unique_file_names(["anna", "jo_han", "jo/han"], "staff-", ".ics")
        );
    }

    #[test]
    fn claim_refuses_what_serviceplan_did_not_write() {
        let root = tempfile::tempdir().unwrap();
        let user = root.path().join("u");
        std::fs::create_dir(&user).unwrap();
        std::fs::write(user.join("notes.txt"), "mine").unwrap();
        let err = claim(&user, false).unwrap_err().to_string();
        assert!(
            err.contains("notes.txt") && err.contains("--force"),
            "{err}"
        );
        assert!(claim(&user, true).is_ok());
        // A plan folder from before the marker is recognised by its files.
        let legacy = root.path().join("legacy");
        std::fs::create_dir(&legacy).unwrap();
        std::fs::write(legacy.join("summary.json"), "{}").unwrap();
        std::fs::write(legacy.join("shifts.csv"), "").unwrap();
        assert_eq!(inspect(&legacy).unwrap(), Existing::Ours);
        std::fs::write(legacy.join("notes.txt"), "").unwrap();
        assert!(claim(&legacy, false).is_err());
        let file = root.path().join("f");
        std::fs::write(&file, "x").unwrap();
        assert!(
            claim(&file, true)
                .unwrap_err()
                .to_string()
                .contains("a file")
        );
        assert!(claim(&root.path().join("new"), false).is_ok());
        let empty = root.path().join("e");
        std::fs::create_dir(&empty).unwrap();
        assert!(claim(&empty, false).is_ok());
        #[cfg(unix)]
        {
            let link = root.path().join("l");
            std::os::unix::fs::symlink(&empty, &link).unwrap();
            assert!(claim(&link, true).is_err());
        }
    }

    #[test]
    fn replace_swaps_whole_folders_and_leaves_nothing_behind() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("plan");
        replace_folder(&dir, false, |t| write_file(&t.join("a.csv"), b"1")).unwrap();
        replace_folder(&dir, false, |t| write_file(&t.join("b.csv"), b"2")).unwrap();
        assert!(!dir.join("a.csv").exists());
        assert_eq!(std::fs::read(dir.join("b.csv")).unwrap(), b"2");
        assert!(dir.join(MARKER).exists());
        // A failing fill leaves the old folder as it was.
        let r = replace_folder(&dir, false, |_| bail!("no"));
        assert!(r.is_err());
        assert_eq!(std::fs::read(dir.join("b.csv")).unwrap(), b"2");
        let names: Vec<String> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["plan".to_string()]);
    }

    #[test]
    fn leftovers_of_dead_runs_are_removed_live_ones_kept() {
        let root = tempfile::tempdir().unwrap();
        let dead = root.path().join(".plan.tmpABC");
        std::fs::create_dir(&dead).unwrap();
        // No process has pid 2^22 + 1 (above Linux's pid_max default).
        std::fs::write(dead.join(MARKER), "pid=4194305\n").unwrap();
        let old = root.path().join(".plan.oldXYZ");
        std::fs::create_dir_all(old.join("previous")).unwrap();
        std::fs::write(old.join("previous").join(MARKER), "pid=4194305\n").unwrap();
        let other = root.path().join(".other.tmp1");
        std::fs::create_dir(&other).unwrap();
        let mut live = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let running = root.path().join(".plan.tmpLIVE");
        std::fs::create_dir(&running).unwrap();
        std::fs::write(running.join(MARKER), format!("pid={}\n", live.id())).unwrap();
        remove_leftovers(root.path(), "plan");
        live.kill().ok();
        live.wait().ok();
        assert!(!dead.exists() && !old.exists());
        assert!(other.exists() && running.exists());
    }

    #[test]
    fn unsafe_names_are_named() {
        assert!(unsafe_name("gavle-4-kontor").is_none());
        assert!(unsafe_name("Gävle Q2").is_none());
        for n in ["/some/dir", "../../x", "..", ".x", "", "a\nb"] {
            assert!(unsafe_name(n).is_some(), "{n:?}");
        }
    }

    #[test]
    fn write_file_refuses_special_files() {
        let root = tempfile::tempdir().unwrap();
        let d = root.path().join("d");
        std::fs::create_dir(&d).unwrap();
        assert!(write_file(&d, b"x").is_err());
        assert!(d.is_dir());
    }
}
