//! Loading a scenario: TOML with source spans or a workbook (`.xlsx`, read
//! by [`super::xlsx_read`] into the same table, each field at its cell),
//! `extends` chains of either (merged table by table, entity lists by `id`),
//! typed deserialisation that reports every problem at once, then validation.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::{Table, Value};

use super::diag::{Diagnostic, Diagnostics};
use super::types::*;
use super::validate;

/// The default Gävle scenario, embedded in the binary.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/gavle.toml");
/// The name the embedded default goes by in messages and in `extends`.
pub const DEFAULT_NAME: &str = "scenarios/gavle.toml";

/// Lists of entities that are merged by `id` across `extends`.
const ENTITY_LISTS: &[&str] = &[
    "areas",
    "offices",
    "staff",
    "departments",
    "rooms",
    "demand",
];

/// One file of an `extends` chain, with the byte span of every field.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    spans: HashMap<String, Range<usize>>,
    /// A workbook's cell of each field (`staff[anna].fte` → `Medarbetare!C3`).
    cells: HashMap<String, String>,
}

/// The files a scenario was read from, child first.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
}

impl Sources {
    /// Locates a diagnostic for `field` in the file that set it (child first);
    /// falls back to the nearest enclosing field that is written somewhere.
    pub fn locate(&self, d: Diagnostic) -> Diagnostic {
        let mut path = d.field.clone();
        loop {
            for f in &self.files {
                if let Some(span) = f.spans.get(&path) {
                    return d.at(&f.path, &f.text, Some(span.clone()));
                }
                if let Some(cell) = f.cells.get(&path) {
                    return d.at(&f.path, "", None).in_cell(cell.clone());
                }
            }
            match parent_path(&path) {
                Some(p) => path = p,
                None => break,
            }
        }
        match self.files.first() {
            Some(f) => d.at(&f.path, &f.text, None),
            None => d,
        }
    }

    /// The file a whole scenario starts from.
    pub fn main_path(&self) -> Option<&Path> {
        self.files.first().map(|f| f.path.as_path())
    }
}

impl SourceFile {
    /// `d` placed also at the workbook cell of `field`, if this is a workbook.
    fn in_cell_of(&self, d: Diagnostic, field: &str) -> Diagnostic {
        match self.cells.get(field) {
            Some(cell) => d.in_cell(cell.clone()),
            None => d,
        }
    }
}

fn parent_path(path: &str) -> Option<String> {
    let cut = path.rfind(['.', '['])?;
    Some(path[..cut].to_string())
}

/// True when `path` names a workbook (`.xlsx`), read as one.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Loads and validates the scenario in `path`: a TOML file, or a workbook
/// when the name ends in `.xlsx`.
pub fn load(path: &Path) -> Result<(Scenario, Sources), Diagnostics> {
    if is_workbook(path) {
        let mut sources = Sources::default();
        let mut chain: Vec<PathBuf> = Vec::new();
        let merged = read_chain(path, "", &mut sources, &mut chain, None)?;
        return finish(path, &merged, sources);
    }
    let text = crate::input::read_text(path).map_err(|e| {
        Diagnostics(vec![
            Diagnostic::new("", format!("cannot read the scenario file: {}", e.message))
                .hint("check the path; scenarios live in scenarios/")
                .at(path, "", None),
        ])
    })?;
    load_str(path, &text)
}

/// Loads the embedded default scenario.
pub fn load_default() -> (Scenario, Sources) {
    load_str(Path::new(DEFAULT_NAME), DEFAULT_SCENARIO)
        .unwrap_or_else(|d| panic!("the embedded default scenario is invalid:\n{d}"))
}

/// Loads a scenario from text; `path` names it in messages and anchors `extends`.
pub fn load_str(path: &Path, text: &str) -> Result<(Scenario, Sources), Diagnostics> {
    let mut sources = Sources::default();
    let mut chain: Vec<PathBuf> = Vec::new();
    let merged = read_chain(path, text, &mut sources, &mut chain, None)?;
    finish(path, &merged, sources)
}

/// Typed reading, the distances file and validation of a merged chain.
fn finish(
    path: &Path,
    merged: &Table,
    sources: Sources,
) -> Result<(Scenario, Sources), Diagnostics> {
    let mut scenario = deserialize(merged, path, &sources)?;
    if let Err(d) = read_distances(&mut scenario) {
        return Err(Diagnostics(vec![sources.locate(*d)]));
    }
    let problems = validate::validate(&scenario);
    if problems.is_empty() {
        Ok((scenario, sources))
    } else {
        Err(Diagnostics(
            problems.into_iter().map(|d| sources.locate(d)).collect(),
        ))
    }
}

fn read_chain(
    path: &Path,
    text: &str,
    sources: &mut Sources,
    chain: &mut Vec<PathBuf>,
    referrer: Option<(&SourceFile, Range<usize>)>,
) -> Result<Table, Diagnostics> {
    let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if chain.contains(&key) {
        let names: Vec<String> = chain
            .iter()
            .chain(std::iter::once(&key))
            .map(|p| p.display().to_string())
            .collect();
        let mut d = Diagnostic::new(
            "extends",
            format!("`extends` forms a cycle: {}", names.join(" → ")),
        )
        .hint("a scenario may build on another, but not on itself through a chain");
        if let Some((f, span)) = referrer {
            d = d.at(&f.path, &f.text, Some(span));
            if let Some(cell) = f.cells.get("extends") {
                d = d.in_cell(cell.clone());
            }
        }
        return Err(Diagnostics(vec![d]));
    }
    chain.push(key);
    let (mut table, file) = if is_workbook(path) {
        let read = super::xlsx_read::read(path)?;
        let file = SourceFile {
            path: path.to_path_buf(),
            text: String::new(),
            spans: HashMap::new(),
            cells: read.cells,
        };
        (read.table, file)
    } else {
        let doc = toml_edit::ImDocument::parse(text.to_string()).map_err(|e| {
            let msg = e.message().trim().to_string();
            Diagnostics(vec![
                Diagnostic::new("", format!("TOML syntax error: {msg}"))
                    .hint("see docs/scenario.md for the file format")
                    .at(path, text, e.span()),
            ])
        })?;
        let mut spans = HashMap::new();
        let table = walk_table(doc.as_table(), "", &mut spans);
        let file = SourceFile {
            path: path.to_path_buf(),
            text: text.to_string(),
            spans,
            cells: HashMap::new(),
        };
        (table, file)
    };
    anchor_distances(&mut table, path);
    sources.files.push(file.clone());
    let Some(parent) = table.get("extends") else {
        return Ok(table);
    };
    let span = file.spans.get("extends").cloned();
    let Some(parent_name) = parent.as_str() else {
        return Err(Diagnostics(
            vec![
                Diagnostic::new(
                    "extends",
                    "must be a file name in quotes, e.g. extends = \"gavle.toml\"",
                )
                .at(&file.path, &file.text, span.clone()),
            ]
            .into_iter()
            .map(|d| file.in_cell_of(d, "extends"))
            .collect(),
        ));
    };
    let base = path.parent().unwrap_or(Path::new("."));
    let parent_path = base.join(parent_name);
    // a workbook is read (as bytes) by the chain itself
    let read = if is_workbook(&parent_path) {
        Ok(String::new())
    } else {
        crate::input::read_text(&parent_path)
    };
    let parent_text = match read {
        Ok(t) => t,
        Err(e) if e.not_found && is_default_name(parent_name) => DEFAULT_SCENARIO.to_string(),
        Err(e) => {
            return Err(Diagnostics(vec![
                Diagnostic::new(
                    "extends",
                    format!("cannot read `{}`: {}", parent_path.display(), e.message),
                )
                .hint("`extends` is resolved relative to the file that names it; use \"gavle.toml\" for the embedded default")
                .at(&file.path, &file.text, span.clone()),
            ]
            .into_iter()
            .map(|d| file.in_cell_of(d, "extends"))
            .collect()));
        }
    };
    let parent_table = read_chain(
        &parent_path,
        &parent_text,
        sources,
        chain,
        Some((&file, span.unwrap_or(0..0))),
    )?;
    let names_itself = table.contains_key("name");
    let mut merged = parent_table;
    merge_table(&mut merged, table, "");
    merged.remove("extends");
    if !names_itself {
        // a child is its own scenario: without a `name` it is named after its file
        merged.remove("name");
    }
    Ok(merged)
}

/// `travel.distances` is relative to the file that names it: make it so
/// before the chain is merged.
fn anchor_distances(table: &mut Table, path: &Path) {
    let Some(Value::Table(travel)) = table.get_mut("travel") else {
        return;
    };
    let Some(Value::String(file)) = travel.get_mut("distances") else {
        return;
    };
    if Path::new(file.as_str()).is_relative() {
        let base = path.parent().unwrap_or(Path::new("."));
        *file = base.join(file.as_str()).to_string_lossy().to_string();
    }
}

/// Reads the `travel.distances` file, if any, into the scenario.
fn read_distances(s: &mut Scenario) -> Result<(), Box<Diagnostic>> {
    let Some(file) = s.travel.distances.clone() else {
        return Ok(());
    };
    let text = crate::input::read_text(Path::new(&file)).map_err(|e| {
        Box::new(
            Diagnostic::new(
                "travel.distances",
                format!("cannot read `{file}`: {}", e.message),
            )
            .hint("the path is relative to the scenario file that names it"),
        )
    })?;
    let known: Vec<&str> = s
        .areas
        .iter()
        .map(|a| a.id.as_str())
        .chain(s.offices.iter().map(|o| o.id.as_str()))
        .collect();
    s.travel.pairs = crate::geo::read_pairs(&file, &text, &known).map_err(|e| {
        Box::new(Diagnostic::new("travel.distances", e.to_string()).hint(
            "one row per pair: `from,to,km` with area and office ids; a pair may be given in either direction",
        ))
    })?;
    Ok(())
}

fn is_default_name(name: &str) -> bool {
    name == "gavle.toml" || name == DEFAULT_NAME || name == "builtin:gavle"
}

/// Merges `child` into `base`: tables recursively, entity lists by `id`
/// (an entry with `remove = true` drops the inherited one), anything else replaced.
fn merge_table(base: &mut Table, child: Table, prefix: &str) {
    for (k, v) in child {
        if k == "extends" {
            continue;
        }
        match (base.get_mut(&k), v) {
            (Some(Value::Table(b)), Value::Table(c)) => merge_table(b, c, &format!("{prefix}{k}.")),
            (Some(Value::Array(b)), Value::Array(c))
                if prefix.is_empty() && ENTITY_LISTS.contains(&k.as_str()) =>
            {
                merge_entities(b, c)
            }
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

fn entity_id(v: &Value) -> Option<&str> {
    v.as_table()?.get("id")?.as_str()
}

fn merge_entities(base: &mut Vec<Value>, child: Vec<Value>) {
    for c in child {
        let remove = c
            .as_table()
            .and_then(|t| t.get("remove"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let pos = entity_id(&c).and_then(|id| base.iter().position(|b| entity_id(b) == Some(id)));
        match (pos, c) {
            (Some(i), _) if remove => {
                base.remove(i);
            }
            (Some(i), Value::Table(ct)) => {
                if let Value::Table(bt) = &mut base[i] {
                    merge_table(bt, ct, "entity.");
                }
            }
            (None, _) if remove => {}
            (_, c) => base.push(c),
        }
    }
}

// ---- toml_edit → toml::Value with spans ----------------------------------

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn walk_table(
    t: &toml_edit::Table,
    prefix: &str,
    spans: &mut HashMap<String, Range<usize>>,
) -> Table {
    let mut out = Table::new();
    for (k, item) in t.iter() {
        let path = join(prefix, k);
        if let Some(span) = item.span().or_else(|| t.key(k).and_then(|key| key.span())) {
            spans.insert(path.clone(), span);
        }
        if let Some(v) = walk_item(item, &path, spans) {
            out.insert(k.to_string(), v);
        }
    }
    out
}

fn walk_inline(
    t: &toml_edit::InlineTable,
    prefix: &str,
    spans: &mut HashMap<String, Range<usize>>,
) -> Table {
    let mut out = Table::new();
    for (k, v) in t.iter() {
        let path = join(prefix, k);
        if let Some(span) = v.span().or_else(|| t.key(k).and_then(|key| key.span())) {
            spans.insert(path.clone(), span);
        }
        out.insert(k.to_string(), walk_value(v, &path, spans));
    }
    out
}

fn element_path(prefix: &str, i: usize, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("{prefix}[{id}]"),
        None => format!("{prefix}[{i}]"),
    }
}

fn walk_item(
    item: &toml_edit::Item,
    path: &str,
    spans: &mut HashMap<String, Range<usize>>,
) -> Option<Value> {
    match item {
        toml_edit::Item::None => None,
        toml_edit::Item::Value(v) => Some(walk_value(v, path, spans)),
        toml_edit::Item::Table(t) => Some(Value::Table(walk_table(t, path, spans))),
        toml_edit::Item::ArrayOfTables(a) => {
            let mut out = Vec::new();
            for (i, t) in a.iter().enumerate() {
                let id = t.get("id").and_then(|v| v.as_str());
                let p = element_path(path, i, id);
                if let Some(span) = t.span() {
                    spans.insert(p.clone(), span);
                }
                out.push(Value::Table(walk_table(t, &p, spans)));
            }
            Some(Value::Array(out))
        }
    }
}

fn walk_value(
    v: &toml_edit::Value,
    path: &str,
    spans: &mut HashMap<String, Range<usize>>,
) -> Value {
    use toml_edit::Value as E;
    match v {
        E::String(s) => Value::String(s.value().clone()),
        E::Integer(i) => Value::Integer(*i.value()),
        E::Float(f) => Value::Float(*f.value()),
        E::Boolean(b) => Value::Boolean(*b.value()),
        E::Datetime(d) => {
            let d = d.value();
            match (d.date, d.time) {
                // A plain date reads as "YYYY-MM-DD" so that chrono can parse it.
                (Some(date), None) => Value::String(date.to_string()),
                _ => Value::Datetime(*d),
            }
        }
        E::Array(a) => Value::Array(
            a.iter()
                .enumerate()
                .map(|(i, x)| {
                    let id = x
                        .as_inline_table()
                        .and_then(|t| t.get("id"))
                        .and_then(|v| v.as_str());
                    let p = element_path(path, i, id);
                    if let Some(span) = x.span() {
                        spans.insert(p.clone(), span);
                    }
                    walk_value(x, &p, spans)
                })
                .collect(),
        ),
        E::InlineTable(t) => Value::Table(walk_inline(t, path, spans)),
    }
}

// ---- typed deserialisation, every error at once ---------------------------

fn typed<T: DeserializeOwned>(
    value: Value,
    field: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(t) => Some(t),
        Err(e) => {
            let inner = e.path().to_string();
            let path = if inner == "." || inner.is_empty() {
                field.to_string()
            } else {
                format!("{field}.{inner}")
            };
            let msg = e.into_inner().to_string();
            let msg = msg.trim().to_string();
            let (msg, hint) = explain(msg);
            problems.push(Diagnostic::new(path, msg).hint(hint));
            None
        }
    }
}

/// The words in backticks of a serde message: `unknown field `ft`,
/// expected one of `id`, `name`` gives ["ft", "id", "name"].
fn quoted(msg: &str) -> Vec<&str> {
    msg.split('`').skip(1).step_by(2).collect()
}

/// A serde message made plain, with a hint: "did you mean" for an unknown
/// field, the fix for a Swedish decimal comma in quotes.
fn explain(msg: String) -> (String, String) {
    if msg.starts_with("unknown field") {
        let words = quoted(&msg);
        if let Some((unknown, known)) = words.split_first() {
            let near = super::suggest::did_you_mean(unknown, known.iter().copied());
            return (
                format!("unknown field `{unknown}`{near}"),
                format!(
                    "check the spelling; the fields here are {}; docs/scenario.md explains each",
                    known.join(", ")
                ),
            );
        }
    }
    if msg.contains("missing field") {
        return (
            msg,
            "add the field; docs/scenario.md says what it means".into(),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid type: string \"")
        && let Some((text, expected)) = rest.split_once('"')
        && (expected.contains("f64") || expected.contains("u32") || expected.contains("integer"))
    {
        let fixed = text.trim().replace(',', ".");
        if fixed.parse::<f64>().is_ok() {
            return (
                format!("\"{text}\" is text, not a number"),
                format!(
                    "write the number without quotes and with a decimal point: {fixed} (a Swedish decimal comma is read in a workbook, not in TOML)"
                ),
            );
        }
        return (
            format!("\"{text}\" is text, not a number"),
            "write a number without quotes, e.g. 0.75".into(),
        );
    }
    (
        msg,
        "docs/scenario.md gives the type and an example of every field".into(),
    )
}

fn section<T: DeserializeOwned + Default>(
    t: &Table,
    key: &str,
    problems: &mut Vec<Diagnostic>,
) -> T {
    match t.get(key) {
        None => T::default(),
        Some(v) => typed(v.clone(), key, problems).unwrap_or_default(),
    }
}

fn list<T: DeserializeOwned>(t: &Table, key: &str, problems: &mut Vec<Diagnostic>) -> Vec<T> {
    let Some(v) = t.get(key) else {
        return Vec::new();
    };
    let Some(items) = v.as_array() else {
        problems.push(
            Diagnostic::new(key, "must be a list of tables ([[{key}]] entries)")
                .hint(format!("write each entry as a [[{key}]] table")),
        );
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let path = element_path(key, i, entity_id(item));
            let mut item = item.clone();
            if let Value::Table(t) = &mut item {
                t.remove("remove");
            }
            typed(item, &path, problems)
        })
        .collect()
}

const TOP_LEVEL: &[&str] = &[
    "name",
    "title",
    "extends",
    "period",
    "rules",
    "weights",
    "costs",
    "calendar",
    "travel",
    "areas",
    "offices",
    "staff",
    "absences",
    "departments",
    "rooms",
    "demand",
    "room_rules",
    "location",
];

fn deserialize(t: &Table, path: &Path, sources: &Sources) -> Result<Scenario, Diagnostics> {
    let mut problems = Vec::new();
    for k in t.keys() {
        if !TOP_LEVEL.contains(&k.as_str()) {
            problems.push(
                Diagnostic::new(
                    k.clone(),
                    format!(
                        "unknown section or field `{k}`{}",
                        super::suggest::did_you_mean(k, TOP_LEVEL.iter().copied())
                    ),
                )
                .hint(format!("known top-level fields: {}", TOP_LEVEL.join(", "))),
            );
        }
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "scenario".into());
    let name = match t.get("name") {
        Some(v) => typed::<String>(v.clone(), "name", &mut problems).unwrap_or_default(),
        None => stem,
    };
    let title = match t.get("title") {
        Some(v) => typed::<String>(v.clone(), "title", &mut problems).unwrap_or_default(),
        None => name.clone(),
    };
    let period = match t.get("period") {
        Some(v) => typed::<Period>(v.clone(), "period", &mut problems),
        None => {
            problems.push(
                Diagnostic::new("period", "the scenario has no planning period")
                    .hint("add [period] with start = 2025-04-01 and end = 2025-06-30"),
            );
            None
        }
    };
    let scenario = Scenario {
        name,
        title,
        period: period.unwrap_or(Period {
            start: chrono::NaiveDate::MIN,
            end: chrono::NaiveDate::MIN,
        }),
        rules: section(t, "rules", &mut problems),
        weights: section(t, "weights", &mut problems),
        costs: section(t, "costs", &mut problems),
        calendar: section(t, "calendar", &mut problems),
        travel: section(t, "travel", &mut problems),
        areas: list(t, "areas", &mut problems),
        offices: list(t, "offices", &mut problems),
        staff: list(t, "staff", &mut problems),
        absences: list(t, "absences", &mut problems),
        departments: list(t, "departments", &mut problems),
        rooms: list(t, "rooms", &mut problems),
        demand: list(t, "demand", &mut problems),
        room_rules: section(t, "room_rules", &mut problems),
        location: section(t, "location", &mut problems),
    };
    if problems.is_empty() {
        Ok(scenario)
    } else {
        Err(Diagnostics(
            problems.into_iter().map(|d| sources.locate(d)).collect(),
        ))
    }
}

/// Loads a scenario (`None`: the embedded default) with a changes file
/// merged on top, as a child scenario is merged on its `extends` (tables
/// field by field, `offices`, `staff`, `rooms` … by `id`, `[[absences]]`
/// rows added, a list inside a table such as `calendar.extra_closed`
/// replaced). The changes file holds the same tables as a scenario; it may
/// not set `name`, `period` or `extends`, so that it changes the same plan.
/// Problems name the changes file's line and column.
pub fn load_with_changes(
    path: Option<&Path>,
    changes: &Path,
) -> Result<(Scenario, Sources), Diagnostics> {
    let (base_path, base_text) = match path {
        None => (PathBuf::from(DEFAULT_NAME), DEFAULT_SCENARIO.to_string()),
        Some(p) if p.as_os_str() == "default" => {
            (PathBuf::from(DEFAULT_NAME), DEFAULT_SCENARIO.to_string())
        }
        // A workbook is read by `read_chain` itself.
        Some(p) if is_workbook(p) => (p.to_path_buf(), String::new()),
        Some(p) => {
            let text = crate::input::read_text(p).map_err(|e| {
                Diagnostics(vec![
                    Diagnostic::new("", format!("cannot read the scenario file: {}", e.message))
                        .hint("check the path; scenarios live in scenarios/")
                        .at(p, "", None),
                ])
            })?;
            (p.to_path_buf(), text)
        }
    };
    let text = crate::input::read_text(changes).map_err(|e| {
        Diagnostics(vec![
            Diagnostic::new("", format!("cannot read the changes file: {}", e.message))
                .hint("--changes names a TOML file with the scenario's tables ([[absences]], [calendar], [[offices]], [[rooms]])")
                .at(changes, "", None),
        ])
    })?;
    let mut change_sources = Sources::default();
    let child = read_chain(changes, &text, &mut change_sources, &mut Vec::new(), None)?;
    let file = &change_sources.files[0];
    for key in ["extends", "name", "period"] {
        if file.spans.contains_key(key) || child.contains_key(key) {
            return Err(Diagnostics(vec![
                Diagnostic::new(key, format!("a changes file may not set `{key}`"))
                    .hint("a changes file changes the plan's own scenario: give only the tables that change ([[absences]], [calendar] extra_closed, [[offices]] unavailable, [[rooms]] unavailable)")
                    .at(&file.path, &file.text, file.spans.get(key).cloned()),
            ]));
        }
    }
    let mut sources = Sources::default();
    let mut merged = read_chain(&base_path, &base_text, &mut sources, &mut Vec::new(), None)?;
    merge_table(&mut merged, child, "");
    sources.files.splice(0..0, change_sources.files);
    let mut scenario = deserialize(&merged, &base_path, &sources)?;
    if let Err(d) = read_distances(&mut scenario) {
        return Err(Diagnostics(vec![sources.locate(*d)]));
    }
    let problems = validate::validate(&scenario);
    if problems.is_empty() {
        Ok((scenario, sources))
    } else {
        Err(Diagnostics(
            problems.into_iter().map(|d| sources.locate(d)).collect(),
        ))
    }
}
