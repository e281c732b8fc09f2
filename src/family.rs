//! Constraint families: the one type every model names its rules with.
//!
//! A family is a rule in words (Timefold's "constraint" with its name): an
//! id that tags the rows of a linear program, a Swedish and an English name
//! for reports and explanations, whether it is hard, and what it says. Rows
//! are tagged with a `&'static Family`, never with a string, so a misspelt
//! family is a compile error. Each problem lists its families in one place
//! ([`crate::model::families`], [`crate::roster::families`],
//! [`crate::location::families`]); the rules about one staff member's days
//! that the municipal plan and the rostering core share are defined once in
//! [`crate::staffing`].

/// How a family enters a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Strength {
    /// Never violated in a returned plan; relaxed by the elastic
    /// re-solve to explain an infeasible problem.
    Hard,
    /// Priced in the objective by penalty variables.
    Soft,
    /// Rows that only define auxiliary variables (totals, fixings).
    Definition,
    /// A valid inequality: implied by the hard rows for integer solutions,
    /// so it never changes the optimum and never explains an infeasibility.
    Implied,
}

/// A named constraint family.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Family {
    /// Row tag and stable id (the written model in `models/` uses it as its
    /// section heading).
    pub id: &'static str,
    pub name_sv: &'static str,
    pub name_en: &'static str,
    pub strength: Strength,
    /// What the rule says, in a planner's words.
    pub rule: &'static str,
}

impl Family {
    /// True when rows of this family are hard rules (and are relaxed to
    /// explain an infeasible problem).
    pub fn is_hard(&self) -> bool {
        self.strength == Strength::Hard
    }

    /// The name in a language: `sv` or anything else for English.
    pub fn name(&self, swedish: bool) -> &'static str {
        if swedish { self.name_sv } else { self.name_en }
    }
}

impl std::fmt::Display for Family {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

/// The family with `id` in `list`.
pub fn find(list: &[&'static Family], id: &str) -> Option<&'static Family> {
    list.iter().copied().find(|f| f.id == id)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every family of every problem: ids unique within each list, names
    /// and rule texts present.
    pub(crate) fn check_list(list: &[&'static Family]) {
        let mut ids: Vec<&str> = list.iter().map(|f| f.id).collect();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "family ids are unique");
        for f in list {
            assert!(
                !f.name_sv.is_empty() && !f.name_en.is_empty() && !f.rule.is_empty(),
                "{}",
                f.id
            );
        }
    }

    #[test]
    fn lists_are_well_formed() {
        check_list(&crate::model::rules::all());
        check_list(crate::roster::families::ALL);
        check_list(crate::location::families::FAMILIES);
    }
}
