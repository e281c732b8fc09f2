//! The independent verifiers: each re-checks every hard rule of a solution
//! from the problem and the solution alone — never from the solver's
//! variables — and names the constraint family of each violation.
//!
//! - [`plan`]: a municipal plan folder against its scenario ([`plan::CHECKS`],
//!   with its rooms and budget checks);
//! - [`nrp`]: a benchmark roster against its instance ([`nrp::CHECKS`]);
//! - [`location`]: a location solution against its problem ([`location::CHECKS`]).
//!
//! Each registry lists its checks with the families they re-check; a test
//! holds every hard family of each problem to a check and to a section of
//! its written model in `models/`.

pub mod location;
pub mod nrp;
pub mod plan;

use crate::family::Family;

pub use plan::{Report, verify, verify_dir};

/// One broken rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The constraint family; printed as its id.
    pub family: &'static Family,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::family::{Family, Strength};

    /// One problem: its family registry, its verifier's registry (the
    /// families of each check), the pages of its written model, and the
    /// hard families its verifier has nothing to check for.
    struct Problem {
        name: &'static str,
        families: Vec<&'static Family>,
        checks: Vec<&'static [&'static Family]>,
        pages: &'static [&'static str],
        unchecked: &'static [&'static Family],
    }

    fn problems() -> Vec<Problem> {
        vec![
            Problem {
                name: "municipal",
                families: crate::model::rules::all(),
                checks: super::plan::CHECKS.iter().map(|c| c.families).collect(),
                pages: &["municipal.md", "rooms.md", "budget.md", "replan.md"],
                unchecked: &[],
            },
            Problem {
                name: "roster",
                families: crate::roster::families::ALL.to_vec(),
                checks: super::nrp::CHECKS.iter().map(|c| c.families).collect(),
                pages: &["roster.md"],
                unchecked: super::nrp::NOT_IN_FORMAT,
            },
            Problem {
                name: "location",
                families: crate::location::families::FAMILIES.to_vec(),
                checks: super::location::CHECKS.iter().map(|c| c.families).collect(),
                pages: &["location.md"],
                unchecked: &[],
            },
        ]
    }

    /// True when `text` has a section for family `id`: a Markdown heading
    /// line containing `` `id` ``, or a table row starting with `` | `id` ``.
    fn has_section(text: &str, id: &str) -> bool {
        let code = format!("`{id}`");
        let row = format!("| {code}");
        text.lines()
            .map(str::trim_start)
            .any(|l| (l.starts_with('#') && l.contains(&code)) || l.starts_with(&row))
    }

    /// What is wrong with a problem's registries and pages (empty: nothing).
    fn problems_of(p: &Problem, pages: &str) -> Vec<String> {
        let listed = |f: &Family, list: &[&Family]| list.iter().any(|g| std::ptr::eq(*g, f));
        let mut out = Vec::new();
        for f in p.families.iter().filter(|f| f.strength == Strength::Hard) {
            let checked = p.checks.iter().any(|c| listed(f, c));
            if !checked && !listed(f, p.unchecked) {
                out.push(format!(
                    "{}: hard family `{}` has no verifier check",
                    p.name, f.id
                ));
            }
            if checked && listed(f, p.unchecked) {
                out.push(format!(
                    "{}: `{}` is checked and listed as unchecked",
                    p.name, f.id
                ));
            }
            if !has_section(pages, f.id) {
                out.push(format!(
                    "{}: hard family `{}` has no section in models/{}",
                    p.name,
                    f.id,
                    p.pages.join(", models/")
                ));
            }
        }
        for f in p.checks.iter().flat_map(|c| c.iter()).chain(p.unchecked) {
            if !listed(f, &p.families) {
                out.push(format!(
                    "{}: the verifier names `{}`, which is not one of its families",
                    p.name, f.id
                ));
            }
        }
        for f in p.unchecked {
            if f.strength != Strength::Hard {
                out.push(format!("{}: unchecked `{}` is not hard", p.name, f.id));
            }
        }
        out
    }

    fn pages(p: &Problem) -> String {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
        p.pages
            .iter()
            .map(|f| std::fs::read_to_string(dir.join(f)).expect("model page"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The issue "One house for both problems": every hard family of each
    /// problem has (a) a check in that problem's verifier registry and (b) a
    /// section in its written model; (c) every check names only families of
    /// its problem.
    #[test]
    fn every_hard_family_has_a_check_and_a_section() {
        let mut all = Vec::new();
        for p in problems() {
            all.extend(problems_of(&p, &pages(&p)));
        }
        assert!(all.is_empty(), "\n{}", all.join("\n"));
    }

    /// The test above fails when a check, a section or a family is missing.
    #[test]
    fn the_family_test_can_fail() {
        for mut p in problems() {
            let text = pages(&p);
            // a check dropped
            let dropped = p.checks.remove(0);
            let found = problems_of(&p, &text);
            for f in dropped.iter().filter(|f| f.is_hard()) {
                if !p
                    .checks
                    .iter()
                    .any(|c| c.iter().any(|g| std::ptr::eq(*g, *f)))
                {
                    let want = format!("{}: hard family `{}` has no verifier check", p.name, f.id);
                    assert!(found.contains(&want), "{found:?}");
                }
            }
            p.checks.insert(0, dropped);
            // a section dropped
            let hard = *p.families.iter().find(|f| f.is_hard()).unwrap();
            let code = format!("`{}`", hard.id);
            let without: String = text
                .lines()
                .filter(|l| !l.contains(&code))
                .collect::<Vec<_>>()
                .join("\n");
            let found = problems_of(&p, &without);
            assert!(
                found
                    .iter()
                    .any(|m| m.contains(&format!("`{}` has no section", hard.id))),
                "{found:?}"
            );
            // a family of another problem named by a check
            static STRANGER: Family = Family {
                id: "stranger",
                name_sv: "Främling",
                name_en: "Stranger",
                strength: Strength::Hard,
                rule: "not a family of any problem",
            };
            static WITH_STRANGER: [&Family; 1] = [&STRANGER];
            p.checks.push(&WITH_STRANGER);
            let found = problems_of(&p, &text);
            assert!(
                found
                    .iter()
                    .any(|m| m.ends_with("names `stranger`, which is not one of its families")),
                "{found:?}"
            );
        }
    }

    /// `nrp::NOT_IN_FORMAT` holds: no benchmark instance gives a staff
    /// member a minute window or a free-day window.
    #[test]
    fn the_benchmark_format_has_no_minute_or_free_day_windows() {
        use crate::formats::nrp;
        let dir =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("benchmarks/shift-scheduling/instances");
        let mut n = 0;
        for e in std::fs::read_dir(dir).unwrap() {
            let p = nrp::to_roster_problem(&nrp::read(&e.unwrap().path()).unwrap());
            assert!(
                p.staff
                    .iter()
                    .all(|s| s.minute_windows.is_empty() && s.free_day_windows.is_empty())
            );
            n += 1;
        }
        assert!(n >= 12, "{n} instances");
    }
}
