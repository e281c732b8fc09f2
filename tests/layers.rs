//! The module graph: data flows one way. Each top-level module may use only
//! modules of lower layers (no import climbs back up), and within a module
//! no two submodules use each other, directly or through others (no
//! circle). Run alone with `cargo test --release --test layers`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first. A module may use the modules of the layers
/// below its own, never of its own layer or above.
const LAYERS: &[&[&str]] = &[
    &["input", "cell"],
    &["family", "output", "geo", "search"],
    &["solve"],
    &["staffing", "scenario"],
    &["cost", "roster", "location"],
    &["formats", "model"],
    &["plan"],
    &["report"],
    &["verify"],
    &["error"],
    &["planner", "screening", "benchmark"],
    &["batch"],
    &["price"],
];

/// Every module of the library with its file: `roster::search::hoods`.
fn modules() -> BTreeMap<Vec<String>, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut m = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|l| l == "mod") {
            parts.pop();
        }
        // The binary's modules (main, cli) and the crate root are not layered.
        if parts.is_empty() || parts[0] == "lib" || parts[0] == "main" || parts[0] == "cli" {
            continue;
        }
        m.insert(parts, f);
    }
    m
}

/// The code of a file without comments and without its tests.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]").next().unwrap();
    text.lines()
        .map(|l| l.split("//").next().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules a file refers to, as paths: `crate::a::b`, `super::x`,
/// `super::{x, y}`, resolved against the file's own module path and cut
/// to the longest existing module.
fn references(me: &[String], text: &str, known: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let bytes: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        let starts_word = i == 0 || !ident(bytes[i - 1]);
        if starts_word && (rest.starts_with("crate::") || rest.starts_with("super::")) {
            // Read a path of identifiers and `::`, with a `{...}` group at the end.
            let mut j = i;
            let mut segs: Vec<String> = Vec::new();
            let mut cur = String::new();
            let mut group: Vec<String> = Vec::new();
            while j < bytes.len() {
                let c = bytes[j];
                if ident(c) {
                    cur.push(c);
                    j += 1;
                } else if c == ':' && j + 1 < bytes.len() && bytes[j + 1] == ':' {
                    segs.push(std::mem::take(&mut cur));
                    j += 2;
                } else if c == '{' && cur.is_empty() {
                    let end = bytes[j..]
                        .iter()
                        .position(|&c| c == '}')
                        .map_or(bytes.len(), |p| j + p);
                    let inner: String = bytes[j + 1..end].iter().collect();
                    group = inner
                        .split(',')
                        .map(|s| s.trim().split("::").next().unwrap_or("").trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect();
                    j = end;
                    break;
                } else {
                    break;
                }
            }
            if !cur.is_empty() {
                segs.push(cur);
            }
            // Resolve crate:: / super:: against `me`.
            let mut base: Vec<String> = Vec::new();
            let mut k = 0;
            if segs.first().is_some_and(|s| s == "crate") {
                k = 1;
            } else {
                base = me.to_vec();
                // A mod.rs is its module; `super` of `a::b` is `a`.
                while segs.get(k).is_some_and(|s| s == "super") {
                    base.pop();
                    k += 1;
                }
            }
            let tails: Vec<Vec<String>> = if group.is_empty() {
                vec![segs[k..].to_vec()]
            } else {
                group
                    .iter()
                    .map(|g| {
                        let mut t = segs[k..].to_vec();
                        t.push(g.clone());
                        t
                    })
                    .collect()
            };
            for tail in tails {
                let mut path = base.clone();
                let mut best = None;
                for s in tail {
                    path.push(s);
                    if known.contains(&path) {
                        best = Some(path.clone());
                    } else {
                        break;
                    }
                }
                if let Some(b) = best
                    .or_else(|| (!base.is_empty() && known.contains(&base)).then(|| base.clone()))
                {
                    out.insert(b);
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

fn layer_of(top: &str) -> usize {
    LAYERS
        .iter()
        .position(|l| l.contains(&top))
        .unwrap_or_else(|| panic!("module `{top}` is in no layer of tests/layers.rs: add it"))
}

#[test]
fn no_import_climbs_back_up_and_no_module_circle() {
    let mods = modules();
    let known: BTreeSet<Vec<String>> = mods.keys().cloned().collect();
    let mut problems = Vec::new();
    // sibling edges: (parent, from child, to child)
    let mut edges: BTreeMap<Vec<String>, BTreeSet<(String, String)>> = BTreeMap::new();
    for (me, file) in &mods {
        for target in references(me, &code(file), &known) {
            let (a, b) = (&me[0], &target[0]);
            if a != b {
                if layer_of(b) >= layer_of(a) {
                    problems.push(format!(
                        "{} uses crate::{}: `{a}` (layer {}) may only use layers below it",
                        me.join("::"),
                        target.join("::"),
                        layer_of(a)
                    ));
                }
                continue;
            }
            // Within one top module: cut both paths below their common ancestor.
            let common = me.iter().zip(&target).take_while(|(x, y)| x == y).count();
            if common == me.len() || common == target.len() {
                continue; // one contains the other (a module and its parent)
            }
            edges
                .entry(me[..common].to_vec())
                .or_default()
                .insert((me[common].clone(), target[common].clone()));
        }
    }
    // Circles among siblings (depth-first search).
    for (parent, es) in &edges {
        let mut adj: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (a, b) in es {
            adj.entry(a.as_str()).or_default().push(b.as_str());
        }
        fn visit<'a>(
            n: &'a str,
            adj: &BTreeMap<&'a str, Vec<&'a str>>,
            stack: &mut Vec<&'a str>,
            done: &mut BTreeSet<&'a str>,
        ) -> Option<Vec<&'a str>> {
            if let Some(p) = stack.iter().position(|&s| s == n) {
                let mut c = stack[p..].to_vec();
                c.push(n);
                return Some(c);
            }
            if done.contains(n) {
                return None;
            }
            stack.push(n);
            for &m in adj.get(n).into_iter().flatten() {
                if let Some(c) = visit(m, adj, stack, done) {
                    return Some(c);
                }
            }
            stack.pop();
            done.insert(n);
            None
        }
        let mut done = BTreeSet::new();
        for &n in adj.keys() {
            if let Some(c) = visit(n, &adj, &mut Vec::new(), &mut done) {
                problems.push(format!(
                    "a circle in {}: {}",
                    parent.join("::"),
                    c.join(" → ")
                ));
                break;
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The check can fail: a made-up import that climbs up is found.
#[test]
fn a_climbing_import_is_caught() {
    let known: BTreeSet<Vec<String>> = [vec!["planner".to_string()], vec!["solve".to_string()]]
        .into_iter()
        .collect();
    let r = references(&["solve".to_string()], "use crate::planner::solve;", &known);
    assert!(r.contains(&vec!["planner".to_string()]));
    assert!(layer_of("planner") > layer_of("solve"));
}
