//! `serviceplan batch`: many scenarios (and a grid of variations) solved in
//! parallel, each written to its own plan folder, and one comparison; with
//! `--shard I/N` (or a Kubernetes Indexed Job's / Slurm array's index) only
//! one part of the grid, and `serviceplan merge` to join the parts.

use std::path::{Path, PathBuf};

use clap::Args;

use serviceplan::Error;
use serviceplan::batch::{self, ComparisonRow};
use serviceplan::scenario::Scenario;
use serviceplan::solve::Deadline;

use super::{OutArgs, SolveArgs, console, load_with_absences};

#[derive(Args, Clone)]
pub struct BatchArgs {
    /// Scenario files (TOML or workbooks, .xlsx); the embedded default when none is given.
    files: Vec<PathBuf>,
    /// Absences from an HR export (CSV: staff id or name, from, to, reason),
    /// added to every scenario.
    #[arg(long, value_name = "CSV")]
    absences: Option<PathBuf>,
    /// Output folder: comparison.csv, comparison.md and one plan folder per scenario.
    #[arg(long)]
    out: PathBuf,
    /// Vary a lever over values, applied to every scenario (repeatable: the grid is
    /// their product). Levers: offices=N (keep the N offices in the most populous
    /// areas), evenings=N, evening_staff=N, cycle=WEEKS, fte=TOTAL, or a dotted path
    /// such as rules.max_consecutive_days. Values: 2,4 or 4..8 or 3.0..4.0:0.5.
    #[arg(long = "vary", value_name = "LEVER=VALUES")]
    vary: Vec<String>,
    /// Parallel jobs (0 = one per core); HiGHS threads are split so that jobs × threads ≤ cores.
    #[arg(long, default_value_t = 0)]
    jobs: usize,
    /// Radius for "inhabitants reached": road km from an open office.
    #[arg(long, default_value_t = 10.0, value_parser = super::amount)]
    radius_km: f64,
    /// Language of report.html (the batch's and each plan folder's): sv (default) or en.
    #[arg(long, default_value = "sv")]
    lang: serviceplan::report::Lang,
    /// Plan only part I of N of the expanded grid (1-based: 1/4 … 4/4), balanced by
    /// expected size; --out then holds its plan folders, a partial comparison and
    /// part.json for `serviceplan merge`. Without it, JOB_COMPLETION_INDEX (Kubernetes
    /// Indexed Job, 0-based, needs --shards) or SLURM_ARRAY_TASK_ID (part
    /// TASK_ID − SLURM_ARRAY_TASK_MIN + 1 of SLURM_ARRAY_TASK_COUNT) select the part.
    #[arg(long, value_name = "I/N")]
    shard: Option<String>,
    /// Parts in all, with the part taken from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000))]
    shards: Option<u64>,
    /// Also price every rule of each scenario file (before --vary), as
    /// `serviceplan price` does: prices.csv, prices.json and the section
    /// "Vad kostar reglerna?" in report.html. Each file's table gets
    /// --time-limit in all, after the batch.
    #[arg(long)]
    price: bool,
    #[command(flatten)]
    output: OutArgs,
    /// --time-limit is each scenario's: every scenario's plan is written
    /// within it.
    #[command(flatten)]
    solve: SolveArgs,
}

/// The expanded grid of `files` (the embedded default when empty) × the
/// `--vary` levers: the scenarios, and for each the reason it could not be
/// built (a row saying why).
fn expand_grid(
    files: &[PathBuf],
    vary: &[String],
    absences: Option<&Path>,
) -> Result<(Vec<Scenario>, Vec<Option<String>>), Error> {
    let mut bases = Vec::new();
    if files.is_empty() {
        bases.push(load_with_absences(None, absences)?);
    }
    for f in files {
        bases.push(load_with_absences(Some(f), absences)?);
    }
    let levers = vary
        .iter()
        .map(|v| batch::grid::parse_lever(v))
        .collect::<anyhow::Result<Vec<_>>>()
        .map_err(|e| Error::BadInput(format!("--vary {e:#}")))?;
    // A variant that cannot be built (offices=8 of 7) becomes a row saying why.
    let (scenarios, invalid): (Vec<Scenario>, Vec<Option<String>>) = bases
        .iter()
        .flat_map(|b| batch::grid::expand_variants(b, &levers))
        .unzip();
    let mut names = std::collections::BTreeSet::new();
    for s in &scenarios {
        if !names.insert(s.name.clone()) {
            return Err(Error::BadInput(format!(
                "two scenarios are named `{}`; give each file its own `name`",
                s.name
            )));
        }
    }
    Ok((scenarios, invalid))
}

/// Which part to plan: `--shard I/N`, else `--shards N` with
/// JOB_COMPLETION_INDEX (0-based), else SLURM_ARRAY_TASK_ID (offset by
/// SLURM_ARRAY_TASK_MIN) of SLURM_ARRAY_TASK_COUNT (or `--shards`).
/// Returns (I 1-based, N, where it came from), or `None` for the whole grid.
fn select_shard(
    shard: Option<&str>,
    shards: Option<u64>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<(usize, usize, String)>, Error> {
    let bad = |m: String| Error::BadInput(m);
    let number = |name: &str, v: &str| -> Result<usize, Error> {
        v.trim().parse::<usize>().map_err(|_| {
            bad(format!(
                "{name}=`{v}` is not a whole number; unset it or pass --shard I/N"
            ))
        })
    };
    if let Some(spec) = shard {
        let (i, n) = batch::shard::parse_shard(spec).map_err(|e| bad(format!("--shard {e:#}")))?;
        if let Some(s) = shards
            && s as usize != n
        {
            return Err(bad(format!(
                "--shard {spec} and --shards {s} disagree; give one of them"
            )));
        }
        return Ok(Some((i, n, format!("--shard {spec}"))));
    }
    let shards = shards.map(|s| s as usize);
    if let Some(k) = env("JOB_COMPLETION_INDEX") {
        let k = number("JOB_COMPLETION_INDEX", &k)?;
        let Some(n) = shards else {
            return Err(bad(
                "JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but not --shards N; \
                 pass --shards with the Job's completions"
                    .into(),
            ));
        };
        if k >= n {
            return Err(bad(format!(
                "JOB_COMPLETION_INDEX={k} but --shards {n}: the index runs from 0 to {}; \
                 set --shards to the Job's completions",
                n - 1
            )));
        }
        return Ok(Some((k + 1, n, format!("JOB_COMPLETION_INDEX={k}"))));
    }
    if let Some(id) = env("SLURM_ARRAY_TASK_ID") {
        let id = number("SLURM_ARRAY_TASK_ID", &id)?;
        let min = match env("SLURM_ARRAY_TASK_MIN") {
            Some(m) => number("SLURM_ARRAY_TASK_MIN", &m)?,
            None => 0,
        };
        let n = match (shards, env("SLURM_ARRAY_TASK_COUNT")) {
            (Some(n), _) => n,
            (None, Some(c)) => number("SLURM_ARRAY_TASK_COUNT", &c)?,
            (None, None) => {
                return Err(bad(
                    "SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_COUNT; pass --shards N"
                        .into(),
                ));
            }
        };
        if id < min || id - min >= n || n == 0 {
            return Err(bad(format!(
                "SLURM_ARRAY_TASK_ID={id} is not one of {n} tasks from {min}; \
                 submit with --array={min}-{} (one task per part)",
                min + n.max(1) - 1
            )));
        }
        return Ok(Some((id - min + 1, n, format!("SLURM_ARRAY_TASK_ID={id}"))));
    }
    if let Some(n) = shards {
        return Err(bad(format!(
            "--shards {n} needs the part from JOB_COMPLETION_INDEX (Kubernetes) or \
             SLURM_ARRAY_TASK_ID (Slurm), and neither is set; pass --shard I/{n} instead"
        )));
    }
    Ok(None)
}

pub fn run(a: BatchArgs) -> Result<(), Error> {
    if let Some((i, n, from)) =
        select_shard(a.shard.as_deref(), a.shards, |k| std::env::var(k).ok())?
    {
        if a.absences.is_some() {
            // `merge` rebuilds the grid from the scenario files alone.
            return Err(Error::BadInput(
                "--absences cannot be used with a sharded batch: add the absences to the scenario first (e.g. in the workbook's Frånvaro sheet) so that `merge` sees them".into(),
            ));
        }
        return run_shard(a, i, n, &from);
    }
    let (scenarios, invalid) = expand_grid(&a.files, &a.vary, a.absences.as_deref())?;
    let out = a.output.claim(&a.out)?;
    eprintln!(
        "batch: {} scenarios into {}",
        scenarios.len(),
        a.out.display()
    );
    let opts = options(&a);
    let runnable: Vec<Scenario> = scenarios
        .iter()
        .zip(&invalid)
        .filter(|(_, why)| why.is_none())
        .map(|(s, _)| s.clone())
        .collect();
    let planned = batch::run(&runnable, &out, &opts)?;
    let mut planned = planned.into_iter();
    let mut rows: Vec<ComparisonRow> = scenarios
        .iter()
        .zip(&invalid)
        .map(|(s, why)| match why {
            None => planned.next().expect("one row per runnable scenario"),
            Some(w) => ComparisonRow::failed(s, "invalid", w.clone(), 0.0),
        })
        .collect();
    batch::compare::mark_pareto(&mut rows);
    let prices = if a.price {
        price_tables(&a)?
    } else {
        Vec::new()
    };
    let (sections, files) = if a.price {
        let (section, files) = serviceplan::price::batch_extras(&prices, a.lang)?;
        (vec![section], files)
    } else {
        (Vec::new(), Vec::new())
    };
    batch::write_outputs_priced(&out, &scenarios, &rows, &opts, &sections, &files)?;
    console::batch_summary(&rows, &out, a.lang);
    if a.price {
        let priced: usize = prices
            .iter()
            .map(|t| t.rows.iter().filter(|r| r.delta.is_some()).count())
            .sum();
        println!(
            "wrote {}/prices.csv and prices.json ({} tables, {priced} rows priced)",
            out.path().display(),
            prices.len()
        );
    }
    Ok(())
}

/// `--price`: the price table of each scenario file (the default when
/// none), one after another, each within --time-limit.
fn price_tables(a: &BatchArgs) -> Result<Vec<serviceplan::price::PriceTable>, Error> {
    let mut bases = Vec::new();
    if a.files.is_empty() {
        bases.push(load_with_absences(None, a.absences.as_deref())?);
    }
    for f in &a.files {
        bases.push(load_with_absences(Some(f), a.absences.as_deref())?);
    }
    let mut tables = Vec::new();
    for s in &bases {
        eprintln!("batch --price: {}", s.name);
        let opts = serviceplan::price::PriceOptions {
            solve: a
                .solve
                .options(super::guard::stoppable(Deadline::after(a.solve.time_limit))),
            jobs: a.jobs,
            radius_km: a.radius_km,
            lang: a.lang,
        };
        tables.push(serviceplan::price::price(s, &opts)?);
    }
    Ok(tables)
}

fn options(a: &BatchArgs) -> batch::BatchOptions {
    batch::BatchOptions {
        // Each scenario's own deadline (--time-limit) starts when its
        // solve does; Ctrl-C stops them all.
        solve: a.solve.options(super::guard::stoppable(Deadline::none())),
        time_limit: a.solve.time_limit,
        jobs: a.jobs,
        radius_km: a.radius_km,
        progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
        lang: a.lang,
    }
}

/// Absolute paths of the scenario files, so that a merge elsewhere in the
/// shared folder finds them.
fn absolute(files: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    files
        .iter()
        .map(|f| {
            std::fs::canonicalize(f).map_err(|e| {
                Error::BadInput(format!(
                    "{}: cannot read the scenario file ({e}); check the path",
                    f.display()
                ))
            })
        })
        .collect()
}

/// Plans part `i` of `n` of the grid into --out: plan folders, a partial
/// comparison (comparison.csv/.parquet/.md) and part.json.
fn run_shard(a: BatchArgs, i: usize, n: usize, from: &str) -> Result<(), Error> {
    let files = absolute(&a.files)?;
    let (scenarios, invalid) = expand_grid(&files, &a.vary, None)?;
    let fingerprint =
        batch::shard::fingerprint(&scenarios, &invalid, a.radius_km, a.lang.as_str())?;
    let mine = batch::shard::shard_indices(&scenarios, i, n);
    let out = a.output.claim(&a.out)?;
    eprintln!(
        "batch: shard {i}/{n} ({from}): {} of {} scenarios into {}",
        mine.len(),
        scenarios.len(),
        a.out.display()
    );
    let opts = options(&a);
    let runnable: Vec<Scenario> = mine
        .iter()
        .filter(|&&k| invalid[k].is_none())
        .map(|&k| scenarios[k].clone())
        .collect();
    let mut planned = batch::run(&runnable, &out, &opts)?.into_iter();
    let rows: Vec<ComparisonRow> = mine
        .iter()
        .map(|&k| match &invalid[k] {
            None => planned.next().expect("one row per runnable scenario"),
            Some(w) => ComparisonRow::failed(&scenarios[k], "invalid", w.clone(), 0.0),
        })
        .collect();
    let part = batch::shard::Part {
        format: batch::shard::FORMAT,
        program: batch::shard::Part::program(),
        fingerprint,
        shard: i,
        shards: n,
        grid_size: scenarios.len(),
        files: files.iter().map(|f| f.display().to_string()).collect(),
        vary: a.vary.clone(),
        radius_km: batch::shard::Exact(a.radius_km),
        lang: a.lang.as_str().to_string(),
        rows: mine
            .iter()
            .zip(&rows)
            .map(|(&k, r)| batch::shard::PartRow::new(k, r))
            .collect(),
    };
    let mut partial = rows;
    batch::compare::mark_pareto(&mut partial);
    batch::write_comparison(&out, &partial)?;
    out.write(batch::shard::PART_FILE, &part.to_json()?)?;
    part_summary(&partial, &out, i, n);
    Ok(())
}

/// What a shard prints: its rows, and what to do with its folder.
fn part_summary(rows: &[ComparisonRow], out: &serviceplan::output::OutDir, i: usize, n: usize) {
    for r in rows {
        println!("  {:<40} {:<10} {}", r.scenario, r.status, r.reason);
    }
    println!(
        "wrote part {i}/{n} to {} (part.json, a partial comparison.csv and the plan folders); \
         join all {n} parts with `serviceplan merge DIR... --out DIR`",
        out.path().display()
    );
}

#[derive(Args, Clone)]
pub struct MergeArgs {
    /// The --out folders of every shard (`serviceplan batch --shard I/N`), in any order.
    #[arg(required = true)]
    parts: Vec<PathBuf>,
    /// Output folder: the outputs of a one-machine batch (comparison.csv/.parquet/.xlsx/.md,
    /// report.html with Pareto marks over the whole set, one plan folder per scenario).
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    output: OutArgs,
}

/// Joins the parts into one batch's outputs, replacing --out atomically.
pub fn merge(a: MergeArgs) -> Result<(), Error> {
    let mut parts = Vec::new();
    for dir in &a.parts {
        let part = batch::shard::Part::read(dir).map_err(Error::bad_input)?;
        parts.push((dir.clone(), part));
    }
    let rows = batch::shard::merge_rows(&parts).map_err(Error::bad_input)?;
    let first = &parts[0].1;
    // The report needs the scenarios: rebuild the grid from the files the
    // shards read, and refuse when they changed since.
    let files: Vec<PathBuf> = first.files.iter().map(PathBuf::from).collect();
    let (scenarios, invalid) = expand_grid(&files, &first.vary, None)?;
    let lang: serviceplan::report::Lang = first
        .lang
        .parse()
        .map_err(|_| Error::BadInput(format!("part.json: unknown language `{}`", first.lang)))?;
    let now = batch::shard::fingerprint(&scenarios, &invalid, first.radius_km.0, &first.lang)?;
    if now != first.fingerprint {
        return Err(Error::BadInput(format!(
            "the scenario files ({}) or the program changed since the shards ran \
             (grid fingerprint now {now}, in the parts {}); rerun every shard",
            if files.is_empty() {
                "the embedded default".to_string()
            } else {
                first.files.join(", ")
            },
            first.fingerprint
        )));
    }
    // Where each plan folder is.
    let mut sources = Vec::new();
    for (dir, p) in &parts {
        for r in &p.rows {
            let name = serviceplan::output::file_name(&r.scenario, "scenario");
            let folder = dir.join(&name);
            if folder.is_dir() {
                sources.push((folder, name));
            }
        }
    }
    let out = a.output.claim(&a.out)?;
    let opts = batch::BatchOptions {
        solve: serviceplan::solve::SolveOptions::default(),
        time_limit: 0.0,
        jobs: 1,
        radius_km: first.radius_km.0,
        progress: false,
        lang,
    };
    out.replace_with(|tmp| {
        for (folder, name) in &sources {
            batch::shard::copy_folder(folder, &tmp.join(name))?;
        }
        let dir = serviceplan::output::OutDir::claim(tmp, false)?;
        batch::write_outputs(&dir, &scenarios, &rows, &opts)
    })?;
    eprintln!(
        "merge: {} parts, {} scenarios into {}",
        parts.len(),
        rows.len(),
        a.out.display()
    );
    console::batch_summary(&rows, &out, lang);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::select_shard;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_part_comes_from_the_flag_or_the_cluster() {
        assert_eq!(select_shard(None, None, env(&[])).unwrap(), None);
        assert_eq!(
            select_shard(Some("2/3"), None, env(&[]))
                .unwrap()
                .unwrap()
                .0,
            2
        );
        let k8s = env(&[("JOB_COMPLETION_INDEX", "0")]);
        assert_eq!(
            select_shard(None, Some(4), &k8s)
                .unwrap()
                .map(|s| (s.0, s.1)),
            Some((1, 4))
        );
        assert!(select_shard(None, None, &k8s).is_err());
        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]);
        assert_eq!(
            select_shard(None, None, &slurm)
                .unwrap()
                .map(|s| (s.0, s.1)),
            Some((4, 4))
        );
        let one_based = env(&[
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]);
        assert_eq!(
            select_shard(None, None, &one_based)
                .unwrap()
                .map(|s| (s.0, s.1)),
            Some((1, 4))
        );
        assert!(select_shard(None, Some(3), env(&[])).is_err());
        assert!(select_shard(Some("4/3"), None, env(&[])).is_err());
    }
}
