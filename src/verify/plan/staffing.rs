//! `staffing` and `skills`: every shift belongs to an opening, and every
//! opening has its number of staff with the office's skills.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::Report;
use super::ctx::Ctx;
use crate::model::families::{SKILLS, STAFFING};
use crate::plan::OpeningRow;

/// `staffing`: each shift names a known staff member and office and
/// matches an opening and its times; each opening has exactly
/// `staff_per_opening` distinct staff.
pub(super) fn staffing(c: &Ctx, r: &mut Report) {
    let s = c.s;
    let opening_set: BTreeMap<(NaiveDate, &str, &str), &OpeningRow> = c
        .openings
        .iter()
        .map(|o| ((o.date, o.office.as_str(), o.kind.as_str()), o))
        .collect();
    for sh in c.shifts {
        let what = format!(
            "{}'s {} shift at {} on {}",
            sh.staff, sh.kind, sh.office, sh.date
        );
        if !c.staff.contains_key(sh.staff.as_str()) {
            r.add(&STAFFING, format!("{what}: unknown staff member"));
            continue;
        }
        if !c.offices.contains_key(sh.office.as_str()) {
            r.add(&STAFFING, format!("{what}: unknown office"));
            continue;
        }
        match opening_set.get(&(sh.date, sh.office.as_str(), sh.kind.as_str())) {
            None => r.add(&STAFFING, format!("{what}: the office has no such opening")),
            Some(o) if o.start != sh.start || o.end != sh.end => r.add(
                &STAFFING,
                format!(
                    "{what}: {}–{} differs from the opening {}–{}",
                    sh.start, sh.end, o.start, o.end
                ),
            ),
            _ => {}
        }
    }
    for o in c.openings {
        let need = if o.kind == "evening" {
            s.rules.staff_per_opening.evening
        } else {
            s.rules.staff_per_opening.day
        };
        let who = staff_of(c, o);
        let distinct: BTreeSet<&str> = who.iter().copied().collect();
        if distinct.len() != who.len() {
            r.add(
                &STAFFING,
                format!(
                    "the {} opening of {} on {}: a staff member is listed twice",
                    o.kind, o.office, o.date
                ),
            );
        }
        if distinct.len() as u32 != need {
            r.add(
                &STAFFING,
                format!(
                    "the {} opening of {} on {} has {} staff, {} required",
                    o.kind,
                    o.office,
                    o.date,
                    distinct.len(),
                    need
                ),
            );
        }
    }
}

/// `skills`: at each opening, someone with each of the office's `required_skills`.
pub(super) fn skills(c: &Ctx, r: &mut Report) {
    for o in c.openings {
        let distinct: BTreeSet<&str> = staff_of(c, o).into_iter().collect();
        if let Some(office) = c.offices.get(o.office.as_str()) {
            for skill in &office.required_skills {
                if !distinct
                    .iter()
                    .any(|id| c.staff.get(id).is_some_and(|x| x.skills.contains(skill)))
                {
                    r.add(
                        &SKILLS,
                        format!(
                            "the {} opening of {} on {}: nobody with skill `{skill}`",
                            o.kind, o.office, o.date
                        ),
                    );
                }
            }
        }
    }
}

/// The staff of an opening's shifts (a staff member listed twice appears twice).
fn staff_of<'a>(c: &Ctx<'a>, o: &OpeningRow) -> Vec<&'a str> {
    c.staffed
        .get(&(o.date, o.office.as_str(), o.kind.as_str()))
        .cloned()
        .unwrap_or_default()
}
