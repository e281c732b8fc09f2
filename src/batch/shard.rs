//! Batches larger than one machine: the expanded grid split into N
//! deterministic parts (shards), each planned by its own process (a
//! Kubernetes Indexed Job's pod, a Slurm array task), and the parts merged
//! into exactly the outputs of a one-machine batch.
//!
//! A shard's folder holds its plan folders, a partial comparison and
//! `part.json` ([`Part`]): its comparison rows with every number exact, its
//! place (shard I of N, 1-based), the scenario files and `--vary` levers it
//! was expanded from, and a fingerprint of the expanded grid (FNV-1a 64 over
//! the program version, the options that change a row and the canonical
//! JSON of every scenario). [`merge_rows`] refuses parts of different grids
//! and names missing or duplicated shards.
//!
//! The split: the grid's scenarios sorted by expected size, largest first
//! (the single-machine queue's order, ties by grid position), dealt
//! round-robin in snake order (1…N, N…1, …), so every shard gets a like
//! share of big and small ones.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use super::compare::{self, ComparisonRow};
use crate::scenario::Scenario;

/// The file name of a shard's part.
pub const PART_FILE: &str = "part.json";

/// Version of the part file format.
pub const FORMAT: u32 = 1;

/// The grid positions shard `shard` (1-based) of `shards` plans: the
/// scenarios sorted by expected size, largest first, dealt round-robin in
/// snake order (1…N, then N…1), so that no shard always gets the larger of
/// each round.
/// Returned in grid order.
pub fn shard_indices(scenarios: &[Scenario], shard: usize, shards: usize) -> Vec<usize> {
    assert!(
        shards >= 1 && (1..=shards).contains(&shard),
        "shard in 1..=N"
    );
    let mut order: Vec<usize> = (0..scenarios.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(super::size_estimate(&scenarios[i])), i));
    let mut mine: Vec<usize> = order
        .into_iter()
        .enumerate()
        .filter(|(k, _)| {
            // snake order: 1..N, N..1, 1..N, …
            let lap = k / shards;
            let at = k % shards;
            let part = if lap.is_multiple_of(2) {
                at
            } else {
                shards - 1 - at
            };
            part == shard - 1
        })
        .map(|(_, i)| i)
        .collect();
    mine.sort_unstable();
    mine
}

/// Parses `I/N` (1 ≤ I ≤ N).
pub fn parse_shard(spec: &str) -> Result<(usize, usize)> {
    let (i, n) = spec
        .split_once('/')
        .with_context(|| format!("`{spec}`: write I/N, e.g. 2/4 for the second of four parts"))?;
    let i: usize = i
        .trim()
        .parse()
        .with_context(|| format!("`{spec}`: `{i}` is not a whole number"))?;
    let n: usize = n
        .trim()
        .parse()
        .with_context(|| format!("`{spec}`: `{n}` is not a whole number"))?;
    if n == 0 || i == 0 || i > n {
        bail!("`{spec}`: the part I runs from 1 to N (N at least 1)");
    }
    Ok((i, n))
}

/// The grid fingerprint: FNV-1a 64 (hex) over the program version, the
/// options that change a row, every scenario's canonical JSON and the
/// reason a variant could not be built.
pub fn fingerprint(
    scenarios: &[Scenario],
    invalid: &[Option<String>],
    radius_km: f64,
    lang: &str,
) -> Result<String> {
    let mut h = Fnv::new();
    h.feed(format!("serviceplan {}\n", env!("CARGO_PKG_VERSION")).as_bytes());
    h.feed(format!("radius_km={radius_km}\nlang={lang}\n").as_bytes());
    for (s, why) in scenarios.iter().zip(invalid) {
        h.feed(&serde_json::to_vec(s).context("cannot serialise a scenario")?);
        h.feed(b"\n");
        h.feed(why.as_deref().unwrap_or("").as_bytes());
        h.feed(b"\n");
    }
    Ok(format!("{:016x}", h.0))
}

struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// A number kept exactly in JSON: written as Rust's shortest round-trip
/// text, read back by `str::parse` (which rounds correctly).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exact(pub f64);

impl Serialize for Exact {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{}", self.0))
    }
}

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse::<f64>()
            .map(Exact)
            .map_err(|_| serde::de::Error::custom(format!("`{text}` is not a number")))
    }
}

/// One cost cell of a row: (year, category) → planned and budget, SEK.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartCost {
    pub year: i32,
    pub category: String,
    pub planned_sek: Exact,
    pub budget_sek: Exact,
}

/// A comparison row as stored in a part, with its grid position.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartRow {
    pub index: usize,
    pub scenario: String,
    pub status: String,
    pub reason: String,
    pub offices: usize,
    pub staff_fte: Exact,
    pub costs: Vec<PartCost>,
    pub inhabitants_reached: u64,
    pub reached_share: Exact,
    pub opening_hours_per_office_week: Exact,
    pub evening_openings_per_month: Exact,
    pub missing_openings: Exact,
    pub unmet_demand_hours: Exact,
    pub staff_office_hours: Exact,
    pub solve_seconds: Exact,
    pub year: i32,
    pub open_offices: Vec<String>,
}

impl PartRow {
    /// The stored form of `row` at grid position `index`.
    pub fn new(index: usize, r: &ComparisonRow) -> Self {
        PartRow {
            index,
            scenario: r.scenario.clone(),
            status: r.status.clone(),
            reason: r.reason.clone(),
            offices: r.offices,
            staff_fte: Exact(r.staff_fte),
            costs: r
                .costs
                .iter()
                .map(|((year, category), (p, b))| PartCost {
                    year: *year,
                    category: category.clone(),
                    planned_sek: Exact(*p),
                    budget_sek: Exact(*b),
                })
                .collect(),
            inhabitants_reached: r.inhabitants_reached,
            reached_share: Exact(r.reached_share),
            opening_hours_per_office_week: Exact(r.opening_hours_per_office_week),
            evening_openings_per_month: Exact(r.evening_openings_per_month),
            missing_openings: Exact(r.missing_openings),
            unmet_demand_hours: Exact(r.unmet_demand_hours),
            staff_office_hours: Exact(r.staff_office_hours),
            solve_seconds: Exact(r.solve_seconds),
            year: r.year,
            open_offices: r.open_offices.clone(),
        }
    }

    /// The comparison row again (Pareto mark unset: it is the whole set's).
    pub fn row(&self) -> ComparisonRow {
        ComparisonRow {
            scenario: self.scenario.clone(),
            status: self.status.clone(),
            reason: self.reason.clone(),
            offices: self.offices,
            staff_fte: self.staff_fte.0,
            costs: self
                .costs
                .iter()
                .map(|c| {
                    (
                        (c.year, c.category.clone()),
                        (c.planned_sek.0, c.budget_sek.0),
                    )
                })
                .collect(),
            inhabitants_reached: self.inhabitants_reached,
            reached_share: self.reached_share.0,
            opening_hours_per_office_week: self.opening_hours_per_office_week.0,
            evening_openings_per_month: self.evening_openings_per_month.0,
            missing_openings: self.missing_openings.0,
            unmet_demand_hours: self.unmet_demand_hours.0,
            staff_office_hours: self.staff_office_hours.0,
            solve_seconds: self.solve_seconds.0,
            pareto: false,
            year: self.year,
            open_offices: self.open_offices.clone(),
        }
    }
}

/// `part.json`: one shard's rows and what the merge checks them against.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Part {
    /// [`FORMAT`].
    pub format: u32,
    /// The program and its version, e.g. `serviceplan 0.1.0`.
    pub program: String,
    /// The grid fingerprint ([`fingerprint`]).
    pub fingerprint: String,
    /// This part, 1-based.
    pub shard: usize,
    /// Parts in all.
    pub shards: usize,
    /// Scenarios in the whole expanded grid.
    pub grid_size: usize,
    /// The scenario files (absolute paths); empty for the embedded default.
    pub files: Vec<String>,
    /// The `--vary` levers, as given.
    pub vary: Vec<String>,
    /// `--radius-km`.
    pub radius_km: Exact,
    /// `--lang`.
    pub lang: String,
    /// This part's rows, in grid order.
    pub rows: Vec<PartRow>,
}

impl Part {
    /// The program string parts carry.
    pub fn program() -> String {
        format!("serviceplan {}", env!("CARGO_PKG_VERSION"))
    }

    /// `part.json`'s bytes.
    pub fn to_json(&self) -> Result<Vec<u8>> {
        let mut v = serde_json::to_vec_pretty(self)?;
        v.push(b'\n');
        Ok(v)
    }

    /// Reads `DIR/part.json`.
    pub fn read(dir: &Path) -> Result<Part> {
        let path = dir.join(PART_FILE);
        let text = std::fs::read(&path).with_context(|| {
            format!(
                "{} holds no readable {PART_FILE}: give the --out folders of `serviceplan batch --shard I/N`",
                dir.display()
            )
        })?;
        let part: Part = serde_json::from_slice(&text)
            .with_context(|| format!("{} is not a part file of this program", path.display()))?;
        if part.format != FORMAT {
            bail!(
                "{} has part format {} (this program reads {FORMAT}); rerun that shard with {}",
                path.display(),
                part.format,
                Part::program()
            );
        }
        Ok(part)
    }
}

/// Checks that `parts` (with the folders they came from) are every shard of
/// one grid exactly once, and returns the grid's rows in grid order with the
/// Pareto marks over the whole set. The message of an error names the
/// folders and shards at fault.
pub fn merge_rows(parts: &[(PathBuf, Part)]) -> Result<Vec<ComparisonRow>> {
    let Some((first_dir, first)) = parts.first() else {
        bail!("no parts to merge: give the --out folders of every shard");
    };
    for (dir, p) in &parts[1..] {
        if p.fingerprint != first.fingerprint || p.program != first.program {
            bail!(
                "{} is a shard of another grid than {} (fingerprint {} of {} vs {} of {}): \
                 the scenario files, --vary, --radius-km, --lang or the program version differ; \
                 rerun every shard with the same inputs",
                dir.display(),
                first_dir.display(),
                p.fingerprint,
                p.program,
                first.fingerprint,
                first.program
            );
        }
        if p.shards != first.shards || p.grid_size != first.grid_size {
            bail!(
                "{} is shard {}/{} but {} is shard {}/{}: every shard must be run with the same N",
                dir.display(),
                p.shard,
                p.shards,
                first_dir.display(),
                first.shard,
                first.shards
            );
        }
    }
    let n = first.shards;
    let mut by_shard: BTreeMap<usize, &Path> = BTreeMap::new();
    for (dir, p) in parts {
        if p.shard == 0 || p.shard > n {
            bail!(
                "{}: shard {} of {n} is out of range",
                dir.display(),
                p.shard
            );
        }
        if let Some(other) = by_shard.insert(p.shard, dir) {
            bail!(
                "shard {}/{n} is given twice: {} and {}; give each shard's folder once",
                p.shard,
                other.display(),
                dir.display()
            );
        }
    }
    let missing: Vec<String> = (1..=n)
        .filter(|i| !by_shard.contains_key(i))
        .map(|i| format!("{i}/{n}"))
        .collect();
    if !missing.is_empty() {
        bail!(
            "shard{} {} of the grid {} missing (given: {}); run {} and give {} folder{} too",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", "),
            if missing.len() > 1 { "are" } else { "is" },
            by_shard
                .keys()
                .map(|i| format!("{i}/{n}"))
                .collect::<Vec<_>>()
                .join(", "),
            if missing.len() > 1 { "them" } else { "it" },
            if missing.len() > 1 { "their" } else { "its" },
            if missing.len() > 1 { "s" } else { "" },
        );
    }
    let size = first.grid_size;
    let mut slots: Vec<Option<ComparisonRow>> = vec![None; size];
    for (dir, p) in parts {
        for r in &p.rows {
            match slots.get_mut(r.index) {
                Some(slot @ None) => *slot = Some(r.row()),
                Some(Some(_)) => bail!(
                    "{}: the row of `{}` is in two parts; rerun the shards with the same N",
                    dir.display(),
                    r.scenario
                ),
                None => bail!(
                    "{}: row {} lies outside the grid of {size}",
                    dir.display(),
                    r.index
                ),
            }
        }
    }
    let absent: Vec<usize> = (0..size).filter(|&i| slots[i].is_none()).collect();
    if !absent.is_empty() {
        bail!(
            "the parts hold no row for {} of the grid's {size} scenarios (first at position {}); \
             the part files are incomplete: rerun their shards",
            absent.len(),
            absent[0]
        );
    }
    let mut rows: Vec<ComparisonRow> = slots.into_iter().flatten().collect();
    compare::mark_pareto(&mut rows);
    Ok(rows)
}

/// Copies the folder `from` into `to` (files and sub-folders; symbolic
/// links are not followed and not copied).
pub fn copy_folder(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for e in std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let e = e?;
        let ft = e.file_type()?;
        let target = to.join(e.file_name());
        if ft.is_dir() {
            copy_folder(&e.path(), &target)?;
        } else if ft.is_file() {
            std::fs::copy(e.path(), &target).with_context(|| {
                format!("cannot copy {} to {}", e.path().display(), target.display())
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_is_in_exactly_one_shard() {
        let (s, _) = crate::scenario::load_default();
        let grid: Vec<Scenario> = (0..11).map(|_| s.clone()).collect();
        for n in 1..=5 {
            let mut all: Vec<usize> = (1..=n).flat_map(|i| shard_indices(&grid, i, n)).collect();
            all.sort_unstable();
            assert_eq!(all, (0..11).collect::<Vec<_>>());
            // equal sizes: snake order 0,1,2,2,1,0,… for n = 3
        }
        assert_eq!(shard_indices(&grid, 1, 3), [0, 5, 6]);
        assert_eq!(shard_indices(&grid, 3, 3), [2, 3, 8, 9]);
        assert_eq!(parse_shard("2/4").unwrap(), (2, 4));
        assert!(parse_shard("0/4").is_err() && parse_shard("5/4").is_err());
    }

    #[test]
    fn numbers_survive_the_part_file_exactly() {
        for v in [0.1 + 0.2, 1e-310, 2241058.123456789, f64::MAX, -0.0] {
            let j = serde_json::to_string(&Exact(v)).unwrap();
            let back: Exact = serde_json::from_str(&j).unwrap();
            assert_eq!(back.0.to_bits(), v.to_bits());
        }
    }
}
