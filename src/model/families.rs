//! Every constraint family of the municipal model, listed in one place
//! (Timefold style): id as used to tag rows in the code, names in Swedish and
//! English for reports and explanations, and whether it is a hard rule.
//!
//! Hard families are never violated in a returned plan; the elastic
//! re-solve relaxes exactly these to explain an infeasible scenario. Soft
//! families carry their own penalty variables in the objective. Definition
//! rows only define auxiliary variables and are never relaxed.

/// How a family enters the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    Hard,
    Soft,
    Definition,
}

/// A named constraint family.
#[derive(Debug, Clone, Copy)]
pub struct Family {
    pub id: &'static str,
    pub name_sv: &'static str,
    pub name_en: &'static str,
    pub strength: Strength,
    /// What the rule says, in a planner's words.
    pub rule: &'static str,
}

use Strength::*;

pub const FAMILIES: &[Family] = &[
    Family {
        id: "day_opening",
        name_sv: "Öppetdagar per vecka",
        name_en: "Open days per week",
        strength: Hard,
        rule: "an office opens only on its configured weekdays, never on a closed day, and at most max_days_per_week days in an ISO week",
    },
    Family {
        id: "missing_opening",
        name_sv: "Uteblivna öppningar",
        name_en: "Missing openings",
        strength: Soft,
        rule: "an office should open on every configured day (or min_days_per_week days a week); each missing opening is penalised",
    },
    Family {
        id: "evening_minimum",
        name_sv: "Kvällsöppet per månad",
        name_en: "Evening openings per month",
        strength: Hard,
        rule: "every office is open in the evening (16–18) at least min_evenings_per_month times in every whole calendar month (prorated by days, rounded down, in a month the period only partly covers)",
    },
    Family {
        id: "evening_spread",
        name_sv: "Kvällar spridda över veckor",
        name_en: "Evenings spread over weeks",
        strength: Soft,
        rule: "an office's evening openings should fall in different ISO weeks",
    },
    Family {
        id: "staffing",
        name_sv: "Bemanning per öppning",
        name_en: "Staff per opening",
        strength: Hard,
        rule: "each opening has exactly the required number of staff (staff_per_opening: day and evening), and nobody works at a closed office",
    },
    Family {
        id: "skills",
        name_sv: "Kompetens",
        name_en: "Skills",
        strength: Hard,
        rule: "at each opening of an office with required skills, at least one staff member has each skill",
    },
    Family {
        id: "one_shift_per_day",
        name_sv: "Ett pass per dag",
        name_en: "One shift per day",
        strength: Hard,
        rule: "a staff member works at most one office a day (a day and an evening at the same office count as one working day)",
    },
    Family {
        id: "unavailable",
        name_sv: "Frånvaro",
        name_en: "Absences",
        strength: Hard,
        rule: "nobody is scheduled on a day of absence",
    },
    Family {
        id: "daily_rest",
        name_sv: "Dygnsvila",
        name_en: "Daily rest",
        strength: Hard,
        rule: "at least daily_rest_hours (11) consecutive hours of rest between two working days, travel counted as work (ATL §13, AB §13)",
    },
    Family {
        id: "weekly_rest",
        name_sv: "Veckovila",
        name_en: "Weekly rest",
        strength: Hard,
        rule: "at least weekly_rest_hours (36) consecutive hours of rest in every ISO week (ATL §14)",
    },
    Family {
        id: "max_consecutive",
        name_sv: "Max arbetsdagar i följd",
        name_en: "Maximum consecutive working days",
        strength: Hard,
        rule: "no more than max_consecutive_days working days in a row",
    },
    Family {
        id: "minute_windows",
        name_sv: "Genomsnittlig veckoarbetstid",
        name_en: "Average weekly hours",
        strength: Hard,
        rule: "at most max_weekly_hours (40) a week on average over every averaging_weeks (4) consecutive ISO weeks (ATL §5)",
    },
    Family {
        id: "total_minutes",
        name_sv: "Avtalad arbetstid",
        name_en: "Contract hours",
        strength: Hard,
        rule: "office work, travel included, never exceeds a staff member's contract hours for the period (FTE × full time, less absences and holidays)",
    },
    Family {
        id: "staff_totals",
        name_sv: "Summor per person",
        name_en: "Totals per staff member",
        strength: Definition,
        rule: "paid minutes and evening shifts of each staff member over the period",
    },
    Family {
        id: "fixing",
        name_sv: "Fixerat pass",
        name_en: "Fixed shift",
        strength: Definition,
        rule: "a shift fixed by a staged solve (the base schedule rolled out on undisturbed days)",
    },
    Family {
        id: "room_single_booking",
        name_sv: "Ett möte per rum och tid",
        name_en: "One booking per room at a time",
        strength: Hard,
        rule: "a room holds one booking at a time, within the room's availability, and a booking that needs the office open lies inside an opening",
    },
    Family {
        id: "room_demand",
        name_sv: "Förvaltningarnas behov",
        name_en: "Department demand",
        strength: Soft,
        rule: "booked + unmet = demand for every department, office or area, and month; unmet hours are penalised and reported",
    },
    Family {
        id: "room_evening_share",
        name_sv: "Kvällstider för möten",
        name_en: "Evening share of meetings",
        strength: Soft,
        rule: "the share of a department's demand wanted in the evening is booked in evening openings",
    },
    Family {
        id: "room_spread",
        name_sv: "Möten spridda över månaden",
        name_en: "Bookings spread over the month",
        strength: Soft,
        rule: "at most half of a month's demand falls in one ISO week",
    },
    Family {
        id: "room_sharing",
        name_sv: "Fördelning vid brist på rum",
        name_en: "Sharing when rooms are short",
        strength: Soft,
        rule: "when rooms are short, unmet demand is shared by the configured rule (proportional: the largest unmet share per priority is minimised; priority: higher priorities are served first)",
    },
    Family {
        id: "room_trips",
        name_sv: "Förvaltningarnas resor",
        name_en: "Department trips",
        strength: Definition,
        rule: "a department travels to an office on each day it has bookings there; mileage from its base is costed",
    },
    Family {
        id: "breaks",
        name_sv: "Raster",
        name_en: "Breaks",
        strength: Hard,
        rule: "a working day longer than max_hours_without_break (5 h) includes a break of break_minutes, placed so that no stretch exceeds 5 hours (ATL §15)",
    },
    Family {
        id: "cycle",
        name_sv: "Rullande schema",
        name_en: "Rotating base schedule",
        strength: Soft,
        rule: "the quarter follows a base schedule of cycle_weeks weeks; each shift that departs from it (other than for a holiday or an absence) is an exception",
    },
    Family {
        id: "cycle_definition",
        name_sv: "Grundschema",
        name_en: "Base schedule",
        strength: Definition,
        rule: "the base schedule has at most one shift per staff member and cycle day",
    },
    Family {
        id: "workload_balance",
        name_sv: "Jämn arbetsbelastning",
        name_en: "Workload balance",
        strength: Soft,
        rule: "each staff member's office hours stay within workload_tolerance of their share by contract hours",
    },
    Family {
        id: "evening_fairness",
        name_sv: "Rättvis fördelning av kvällar",
        name_en: "Fair share of evenings",
        strength: Soft,
        rule: "evenings are shared in proportion to contract hours",
    },
    Family {
        id: "preferences",
        name_sv: "Önskemål",
        name_en: "Preferences",
        strength: Soft,
        rule: "staff preferences (weekdays, offices, evenings to avoid) are followed where possible",
    },
    Family {
        id: "office_open",
        name_sv: "Kandidatkontor öppet",
        name_en: "Candidate office open",
        strength: Definition,
        rule: "a candidate office has openings only when the plan opens it",
    },
    Family {
        id: "office_count",
        name_sv: "Antal kontor",
        name_en: "Number of offices",
        strength: Hard,
        rule: "between location.min_offices and location.max_offices offices are open",
    },
    Family {
        id: "premises_budget",
        name_sv: "Lokalbudget för valda kontor",
        name_en: "Premises budget of the chosen offices",
        strength: Hard,
        rule: "the yearly premises cost of the open offices stays within the premises budget (location.enforce_premises_budget)",
    },
    Family {
        id: "coverage",
        name_sv: "Invånare inom räckhåll",
        name_en: "Inhabitants reached",
        strength: Soft,
        rule: "each inhabitant of an outer area with no open office within location.radius_km costs location.unreached_inhabitant",
    },
    Family {
        id: "budget",
        name_sv: "Årsbudget per kostnadsslag",
        name_en: "Yearly budget per category",
        strength: Hard,
        rule: "the plan's projected cost (salaries with on-costs, mileage and OB scaled from the period to the year; premises of the open offices; other costs) stays within costs.budget for staff, premises and other in every programme year (costs.budget_mode = \"hard\")",
    },
    Family {
        id: "budget_deficit",
        name_sv: "Budgetunderskott",
        name_en: "Budget deficit",
        strength: Soft,
        rule: "with costs.budget_mode = \"soft\" the projected cost may exceed the yearly budget; each SEK over costs weights.budget_deficit_sek and is reported as deficit_sek",
    },
];

/// The family with this id.
pub fn family(id: &str) -> Option<&'static Family> {
    FAMILIES.iter().find(|f| f.id == id)
}

/// True when rows of this family are hard rules.
pub fn is_hard(id: &str) -> bool {
    family(id).is_some_and(|f| f.strength == Hard)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_ids_are_unique() {
        let mut ids: Vec<_> = FAMILIES.iter().map(|f| f.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), FAMILIES.len());
    }

    #[test]
    fn every_family_tagged_in_the_model_is_listed() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/model");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for call in [".le(\"", ".ge(\"", ".eq(\""] {
                for (i, _) in text.match_indices(call) {
                    let rest = &text[i + call.len()..];
                    let id = &rest[..rest.find('"').unwrap()];
                    assert!(
                        family(id).is_some(),
                        "{}: family {id:?} is not in FAMILIES",
                        path.display()
                    );
                }
            }
        }
    }
}
