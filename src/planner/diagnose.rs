//! Root causes proven by counting, before any solve.
//!
//! The elastic re-solve ([`super::explain`]) names the rows that gave in,
//! and these are often the symptom: when the only staff member with a
//! required skill is absent all month, the evening minimum gives in and
//! the advice is "more staff". Some conflicts are proven by a bound that
//! costs nothing, and then the cause can be named in the scenario's own
//! terms before the solver runs:
//!
//! - **budget** (hard mode): the costs the plan does not decide (salaries,
//!   other costs, the rent of offices that are not candidates) already
//!   exceed a year's budget of a category;
//! - **skills** and **unavailable**: an office that must open (not a
//!   candidate) needs N evenings in a month, but on fewer than N of its
//!   evening days is someone with each required skill present, or are
//!   enough staff present, because of who has the skill and who is absent.
//!
//! Each is a necessary condition of every plan, so a cause found here is a
//! proof of infeasibility (exit code 3), not a guess.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::cost::{self, CATEGORIES, PlanTerms};
use crate::family::Family;
use crate::model::families::{BUDGET, SKILLS};
use crate::scenario::Scenario;
use crate::scenario::facts::Facts;
use crate::staffing::UNAVAILABLE;

use super::Conflict;

/// Every cause this module can prove, budget first.
pub fn root_causes(s: &Scenario, f: &Facts) -> Vec<Conflict> {
    let mut out = budget_constants(s, f);
    out.extend(evenings_without_people(s, f));
    out
}

fn conflict(family: &'static Family, amount: f64, examples: Vec<String>) -> Conflict {
    Conflict {
        family,
        name: family.name_en,
        rule: family.rule,
        amount,
        rows: examples.len(),
        examples,
    }
}

/// Hard budget rows that the fixed costs alone break (amount in 1 000 SEK,
/// the rows' unit).
fn budget_constants(s: &Scenario, f: &Facts) -> Vec<Conflict> {
    if crate::model::budget::soft(s) {
        return Vec::new();
    }
    let least = PlanTerms {
        mileage_sek: 0.0,
        ob_sek: 0.0,
        premises_per_year: f
            .offices
            .iter()
            .filter(|&&o| !s.offices[o].candidate)
            .map(|&o| s.offices[o].premises_cost_per_year)
            .sum::<f64>(),
        premises_hours_sek: 0.0,
    };
    let mut examples = Vec::new();
    let mut amount = 0.0;
    for t in cost::year_terms(s) {
        for c in CATEGORIES {
            let (planned, budget) = (t.planned(c, &least), t.budget_of(c));
            if planned > budget + 0.5 {
                amount += (planned - budget) / crate::model::budget::ROW_UNIT_SEK;
                let what = match c {
                    "staff" => "salaries with on-costs alone",
                    "premises" => "the rent of the offices that stay open alone",
                    _ => "other costs alone",
                };
                examples.push(format!(
                    "{c} {}: {what} come to {:.0} SEK, over the budget of {:.0} SEK by {:.0} SEK; \
                     raise [costs] budget.{c}, lower the costs, or set budget_mode = \"soft\"",
                    t.year,
                    planned,
                    budget,
                    planned - budget
                ));
            }
        }
    }
    if examples.is_empty() {
        Vec::new()
    } else {
        vec![conflict(&BUDGET, amount, examples)]
    }
}

/// Offices that must hold N evenings in a span but have fewer evening days
/// on which the people an evening needs are present.
fn evenings_without_people(s: &Scenario, f: &Facts) -> Vec<Conflict> {
    let need_staff = s.rules.staff_per_opening.evening as usize;
    let mut skills = Vec::new();
    let mut absent = Vec::new();
    let (mut skills_short, mut absent_short) = (0.0, 0.0);
    for &o in &f.offices {
        let office = &s.offices[o];
        if office.candidate {
            continue; // it may stay closed: no proof
        }
        for p in &f.evening_periods {
            let need = p.need as usize;
            let days: Vec<NaiveDate> = f
                .dates
                .iter()
                .copied()
                .filter(|&d| p.first <= d && d <= p.last && f.evening_window(s, o, d).is_some())
                .collect();
            if need == 0 || days.len() < need {
                continue; // too few evening days at all: the elastic solve names it
            }
            let present = |d: NaiveDate| (0..s.staff.len()).filter(move |&x| !f.absent(s, x, d));
            let office_name = label(&office.name, &office.id);
            for skill in &office.required_skills {
                let with: Vec<usize> = (0..s.staff.len())
                    .filter(|&x| s.staff[x].skills.contains(skill))
                    .collect();
                let ok = days
                    .iter()
                    .filter(|&&d| present(d).any(|x| with.contains(&x)))
                    .count();
                if ok >= need {
                    continue;
                }
                skills_short += (need - ok) as f64;
                let who = if with.is_empty() {
                    "no staff member has it".to_string()
                } else {
                    format!(
                        "only {} {} it{}",
                        names(s, &with),
                        if with.len() == 1 { "has" } else { "have" },
                        absences_in(s, &with, p.first, p.last)
                    )
                };
                skills.push(format!(
                    "{office_name} needs {need} evening(s) in {} with someone with skill \"{skill}\", \
                     but that is possible on {ok} of its {} evening days: {who}; \
                     give the skill to more staff or move the absence",
                    p.label,
                    days.len()
                ));
            }
            let ok = days
                .iter()
                .filter(|&&d| present(d).count() >= need_staff)
                .count();
            if ok < need {
                absent_short += (need - ok) as f64;
                let all: Vec<usize> = (0..s.staff.len()).collect();
                absent.push(format!(
                    "{office_name} needs {need} evening(s) in {} with {need_staff} staff each, \
                     but {need_staff} staff are present on only {ok} of its {} evening days{}",
                    p.label,
                    days.len(),
                    absences_in(s, &all, p.first, p.last)
                ));
            }
        }
    }
    let mut out = Vec::new();
    if !skills.is_empty() {
        out.push(conflict(&SKILLS, skills_short, skills));
    }
    if !absent.is_empty() {
        out.push(conflict(&UNAVAILABLE, absent_short, absent));
    }
    out
}

fn names(s: &Scenario, staff: &[usize]) -> String {
    let v: Vec<String> = staff
        .iter()
        .map(|&x| label(&s.staff[x].name, &s.staff[x].id))
        .collect();
    v.join(", ")
}

/// " (absent: Anna 2025-05-01–2025-05-31, ...)" for the absences of `staff`
/// that overlap `first..=last`, or "".
fn absences_in(s: &Scenario, staff: &[usize], first: NaiveDate, last: NaiveDate) -> String {
    let mut seen = BTreeSet::new();
    for &x in staff {
        for (a, b) in s.absences_of(x) {
            if a <= last && first <= b {
                seen.insert((
                    label(&s.staff[x].name, &s.staff[x].id),
                    a.max(first),
                    b.min(last),
                ));
            }
        }
    }
    if seen.is_empty() {
        return String::new();
    }
    let v: Vec<String> = seen
        .into_iter()
        .map(|(n, a, b)| format!("{n} {a}–{b}"))
        .collect();
    format!(" (absent: {})", v.join(", "))
}

/// A person's or office's name, or its id when it has none.
fn label(name: &str, id: &str) -> String {
    if name.trim().is_empty() { id } else { name }.to_string()
}
