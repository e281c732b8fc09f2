//! Families `staffing` and `skills` (hard): each opening has exactly the
//! required number of staff; at each opening of an office with required
//! skills, someone with each skill is there.

use good_lp::Expression;

use crate::scenario::facts::Kind;

use super::Model;

pub(super) fn add(m: &mut Model) {
    let s = m.scenario;
    let mut staffed: std::collections::BTreeMap<(usize, usize, Kind), Vec<usize>> =
        Default::default();
    for (i, c) in m.cells.iter().enumerate() {
        for kind in [Kind::Day, Kind::Evening] {
            if c.part.covers(kind) {
                staffed.entry((c.office, c.day, kind)).or_default().push(i);
            }
        }
    }
    let openings: Vec<(usize, usize, Kind, good_lp::Variable)> = m
        .open
        .iter()
        .map(|(&(o, d), &v)| (o, d, Kind::Day, v))
        .chain(
            m.evening
                .iter()
                .map(|(&(o, d), &v)| (o, d, Kind::Evening, v)),
        )
        .collect();
    for (o, d, kind, v) in openings {
        let need = match kind {
            Kind::Day => s.rules.staff_per_opening.day,
            Kind::Evening => s.rules.staff_per_opening.evening,
        } as f64;
        let cells = staffed.get(&(o, d, kind)).cloned().unwrap_or_default();
        let sum: Expression = cells.iter().map(|&i| m.cells[i].var).sum();
        m.lp.eq(&crate::model::families::STAFFING, sum - need * v, 0.0);
        let what = format!(
            "{} opening of office {} on {}",
            kind.as_str(),
            s.offices[o].id,
            m.facts.dates[d]
        );
        m.lp.label_last(what.clone());
        for skill in &s.offices[o].required_skills {
            let with: Expression = cells
                .iter()
                .filter(|&&i| s.staff[m.cells[i].staff].skills.contains(skill))
                .map(|&i| m.cells[i].var)
                .sum();
            m.lp.ge(&crate::model::families::SKILLS, with - v, 0.0);
            m.lp.label_last(format!("skill {skill} at the {what}"));
        }
    }
}
