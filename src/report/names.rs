//! The names a person reads for the ids in the plan files. Every CSV that
//! holds an office, staff, room, department or target id gets a name column
//! for it appended (`office_name`, ...; the ids stay the keys and the
//! contract columns keep their place), and `plan.xlsx` shows it beside the id.

use std::collections::BTreeMap;

use crate::scenario::Scenario;

/// Id columns and the name column appended for each.
pub const NAME_COLUMNS: &[(&str, &str)] = &[
    ("office", "office_name"),
    ("staff", "staff_name"),
    ("room", "room_name"),
    ("department", "department_name"),
    ("target", "target_name"),
];

/// Id → name per kind of id (the id itself where the scenario gives no name).
#[derive(Debug, Clone, Default)]
pub struct Names(BTreeMap<&'static str, BTreeMap<String, String>>);

impl Names {
    /// The names of a scenario's offices, staff, rooms, departments and
    /// demand targets (an office, or an area as `area:<id>`).
    pub fn of(s: &Scenario) -> Names {
        let pick = |id: &str, name: &str| {
            (
                id.to_string(),
                if name.is_empty() { id } else { name }.to_string(),
            )
        };
        let offices: BTreeMap<String, String> =
            s.offices.iter().map(|o| pick(&o.id, &o.name)).collect();
        // A demand target is an office id or `area:<id>`.
        let mut targets = offices.clone();
        for a in &s.areas {
            targets.insert(format!("area:{}", a.id), pick(&a.id, &a.name).1);
        }
        Names(BTreeMap::from([
            ("office", offices),
            (
                "staff",
                s.staff.iter().map(|x| pick(&x.id, &x.name)).collect(),
            ),
            (
                "room",
                s.rooms.iter().map(|r| pick(&r.id, &r.name)).collect(),
            ),
            (
                "department",
                s.departments.iter().map(|d| pick(&d.id, &d.name)).collect(),
            ),
            ("target", targets),
        ]))
    }

    /// The name for `id` in the id column `column`; the id when unknown.
    pub fn get<'a>(&'a self, column: &str, id: &'a str) -> &'a str {
        self.0
            .get(column)
            .and_then(|m| m.get(id))
            .map_or(id, String::as_str)
    }

    /// The name columns to append to a table with `header`: one per id
    /// column, except where the table already names it (`staff,name`).
    pub fn columns_for(header: &[&str]) -> Vec<(usize, &'static str)> {
        header
            .iter()
            .enumerate()
            .filter(|(c, _)| header.get(c + 1) != Some(&"name"))
            .filter_map(|(c, h)| {
                NAME_COLUMNS
                    .iter()
                    .find(|(id, _)| id == h)
                    .map(|(_, name)| (c, *name))
            })
            .collect()
    }
}
