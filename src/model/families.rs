//! Every constraint family of the municipal model, named (Timefold style):
//! the family with its Swedish and English names, whether it is hard, and
//! what it says. [`crate::model::rules`] lists them with the build step
//! that adds each, in build order. The five rules about one staff member's
//! days are the staffing layer's ([`crate::staffing`]), shared with the
//! rostering core; the office choice is the location core's.
//!
//! Hard families are never violated in a returned plan; the elastic
//! re-solve relaxes exactly these to explain an infeasible scenario. Soft
//! families carry their own penalty variables in the objective. Definition
//! rows only define auxiliary variables and are never relaxed.

use crate::family::{Family, Strength::*};

pub static DAY_OPENING: Family = Family {
    id: "day_opening",
    name_sv: "Öppetdagar per vecka",
    name_en: "Open days per week",
    strength: Hard,
    rule: "an office opens only on its configured weekdays, never on a closed day, and at most max_days_per_week days in an ISO week",
};

pub static MISSING_OPENING: Family = Family {
    id: "missing_opening",
    name_sv: "Uteblivna öppningar",
    name_en: "Missing openings",
    strength: Soft,
    rule: "an office should open on every configured day (or min_days_per_week days a week); each missing opening is penalised",
};

pub static EVENING_MINIMUM: Family = Family {
    id: "evening_minimum",
    name_sv: "Kvällsöppet per månad",
    name_en: "Evening openings per month",
    strength: Hard,
    rule: "every office is open in the evening (16–18) at least min_evenings_per_month times in every whole calendar month (prorated by days, rounded down, in a month the period only partly covers)",
};

pub static EVENING_SPREAD: Family = Family {
    id: "evening_spread",
    name_sv: "Kvällar spridda över veckor",
    name_en: "Evenings spread over weeks",
    strength: Soft,
    rule: "an office's evening openings should fall in different ISO weeks",
};

pub static STAFFING: Family = Family {
    id: "staffing",
    name_sv: "Bemanning per öppning",
    name_en: "Staff per opening",
    strength: Hard,
    rule: "each opening has exactly the required number of staff (staff_per_opening: day and evening), and nobody works at a closed office",
};

pub static COMBINED_SHIFTS: Family = Family {
    id: "combined_shifts",
    name_sv: "Dag- och kvällspass vid en kvällsöppning",
    name_en: "Day-and-evening shifts at an evening opening",
    strength: Implied,
    rule: "at an evening opening, at most the smaller of the day's and the evening's staff numbers work both the day and the evening; the evening's other staff come for the evening alone",
};

pub static SKILLS: Family = Family {
    id: "skills",
    name_sv: "Kompetens",
    name_en: "Skills",
    strength: Hard,
    rule: "at each opening of an office with required skills, at least one staff member has each skill",
};

pub static DAILY_REST: Family = Family {
    id: "daily_rest",
    name_sv: "Dygnsvila",
    name_en: "Daily rest",
    strength: Hard,
    rule: "at least daily_rest_hours (11) consecutive hours of rest between two working days, travel counted as work (ATL §13, AB §13); across the period's start the day before counts as worked with the calendar's most adverse shift (the next period's plan keeps its own start clear of this one's end)",
};

pub static REST_ROOM: Family = Family {
    id: "rest_room",
    name_sv: "Pass som inte lämnar plats för veckovilan",
    name_en: "Shifts that leave no room for the weekly rest",
    strength: Implied,
    rule: "a shift after or before which no weekly rest fits within its week's days in the period is never worked (follows from weekly_rest)",
};

pub static REST_DAYS: Family = Family {
    id: "rest_days",
    name_sv: "Dagar som veckovilan kan ligga på",
    name_en: "Days the weekly rest can fall on",
    strength: Implied,
    rule: "a staff member does not work every day of a week's part on which its weekly rest could fall (follows from weekly_rest)",
};

pub static FEWEST_MISSING: Family = Family {
    id: "fewest_missing",
    name_sv: "Minsta antal saknade öppningar",
    name_en: "Fewest missing openings",
    strength: Implied,
    rule: "a plan misses at least as many day openings as the fewest any plan can miss (proven by the quarter search; added to the copies it solves whole)",
};

pub static WEEKLY_REST: Family = Family {
    id: "weekly_rest",
    name_sv: "Veckovila",
    name_en: "Weekly rest",
    strength: Hard,
    rule: "at least weekly_rest_hours (36) consecutive hours of rest in every ISO week, in hours from one day's return to a later day's departure (ATL §14); in a week cut by the period's edge, within its days in the period when they span the rest, unless only the period's end cuts it and the week's days after the period span the rest (then the next period's plan holds it)",
};

pub static STAFF_TOTALS: Family = Family {
    id: "staff_totals",
    name_sv: "Summor per person",
    name_en: "Totals per staff member",
    strength: Definition,
    rule: "paid minutes and evening shifts of each staff member over the period",
};

pub static FIXING: Family = Family {
    id: "fixing",
    name_sv: "Fixerat pass",
    name_en: "Fixed shift",
    strength: Definition,
    rule: "a shift fixed by a staged solve (the base schedule rolled out on undisturbed days)",
};

pub static ROOM_SINGLE_BOOKING: Family = Family {
    id: "room_single_booking",
    name_sv: "Ett möte per rum och tid",
    name_en: "One booking per room at a time",
    strength: Hard,
    rule: "a room holds one booking at a time, within the room's availability, and a booking that needs the office open lies inside an opening",
};

pub static ROOM_DEMAND: Family = Family {
    id: "room_demand",
    name_sv: "Förvaltningarnas behov",
    name_en: "Department demand",
    strength: Soft,
    rule: "booked + unmet = demand for every department, office or area, and month; unmet hours are penalised and reported",
};

pub static ROOM_EVENING_SHARE: Family = Family {
    id: "room_evening_share",
    name_sv: "Kvällstider för möten",
    name_en: "Evening share of meetings",
    strength: Soft,
    rule: "the share of a department's demand wanted in the evening is booked in evening openings",
};

pub static ROOM_SPREAD: Family = Family {
    id: "room_spread",
    name_sv: "Möten spridda över månaden",
    name_en: "Bookings spread over the month",
    strength: Soft,
    rule: "at most half of a month's demand falls in one ISO week",
};

pub static ROOM_SHARING: Family = Family {
    id: "room_sharing",
    name_sv: "Fördelning vid brist på rum",
    name_en: "Sharing when rooms are short",
    strength: Soft,
    rule: "when rooms are short, unmet demand is shared by the configured rule (proportional: the largest unmet share per priority is minimised; priority: higher priorities are served first)",
};

pub static ROOM_TRIPS: Family = Family {
    id: "room_trips",
    name_sv: "Förvaltningarnas resor",
    name_en: "Department trips",
    strength: Definition,
    rule: "a department travels to an office on each day it has bookings there; mileage from its base is costed",
};

pub static BREAKS: Family = Family {
    id: "breaks",
    name_sv: "Raster",
    name_en: "Breaks",
    strength: Hard,
    rule: "a working day longer than max_hours_without_break (5 h) includes a break of break_minutes, placed so that no stretch exceeds 5 hours (ATL §15)",
};

pub static CYCLE: Family = Family {
    id: "cycle",
    name_sv: "Rullande schema",
    name_en: "Rotating base schedule",
    strength: Soft,
    rule: "the quarter follows a base schedule of cycle_weeks weeks; each shift that departs from it (other than for a holiday or an absence) is an exception",
};

pub static CYCLE_DEFINITION: Family = Family {
    id: "cycle_definition",
    name_sv: "Grundschema",
    name_en: "Base schedule",
    strength: Definition,
    rule: "the base schedule has at most one shift per staff member and cycle day",
};

pub static WORKLOAD_BALANCE: Family = Family {
    id: "workload_balance",
    name_sv: "Jämn arbetsbelastning",
    name_en: "Workload balance",
    strength: Soft,
    rule: "each staff member's office hours stay within workload_tolerance of their share by contract hours",
};

pub static EVENING_FAIRNESS: Family = Family {
    id: "evening_fairness",
    name_sv: "Rättvis fördelning av kvällar",
    name_en: "Fair share of evenings",
    strength: Soft,
    rule: "evenings are shared in proportion to contract hours",
};

pub static PREFERENCES: Family = Family {
    id: "preferences",
    name_sv: "Önskemål",
    name_en: "Preferences",
    strength: Soft,
    rule: "staff preferences (weekdays, offices, evenings to avoid) are followed where possible",
};

pub static OFFICE_OPEN: Family = Family {
    id: "office_open",
    name_sv: "Kandidatkontor öppet",
    name_en: "Candidate office open",
    strength: Definition,
    rule: "a candidate office has openings only when the plan opens it",
};

pub static BUDGET: Family = Family {
    id: "budget",
    name_sv: "Årsbudget per kostnadsslag",
    name_en: "Yearly budget per category",
    strength: Hard,
    rule: "the plan's projected cost (salaries with on-costs, mileage and OB scaled from the period to the year; premises of the open offices; other costs) stays within costs.budget for staff, premises and other in every programme year (costs.budget_mode = \"hard\")",
};

pub static BUDGET_DEFICIT: Family = Family {
    id: "budget_deficit",
    name_sv: "Budgetunderskott",
    name_en: "Budget deficit",
    strength: Soft,
    rule: "with costs.budget_mode = \"soft\" the projected cost may exceed the yearly budget; each SEK over costs weights.budget_deficit_sek and is reported as deficit_sek",
};

pub static REPLAN_FREEZE: Family = Family {
    id: "replan_freeze",
    name_sv: "Publicerat före omplaneringen",
    name_en: "Published before the re-plan",
    strength: Hard,
    rule: "a re-plan keeps every opening, shift and room booking dated before --from exactly as published, and adds none there",
};

pub static NOTICE_FREEZE: Family = Family {
    id: "notice_freeze",
    name_sv: "Ändringar inom varseltiden",
    name_en: "Changes within the notice period",
    strength: Soft,
    rule: "a re-plan keeps the published plan within rules.change_notice_days after --from; each opening or shift changed there costs weights.change_in_notice, so it changes only where keeping it would break a hard rule",
};

pub static CHANGE_OPENING: Family = Family {
    id: "change_opening",
    name_sv: "Ändrade öppettider",
    name_en: "Changed openings",
    strength: Soft,
    rule: "a re-plan keeps the openings citizens were told about: each published opening cancelled and each opening added costs weights.change_opening",
};

pub static CHANGE_SHIFT: Family = Family {
    id: "change_shift",
    name_sv: "Flyttade pass",
    name_en: "Moved shifts",
    strength: Soft,
    rule: "a re-plan keeps staff where they were published: each published shift removed and each shift added (a move to another office or day is both) costs weights.change_shift",
};

pub static CHANGE_TIMES: Family = Family {
    id: "change_times",
    name_sv: "Ändrade passtider",
    name_en: "Changed shift times",
    strength: Soft,
    rule: "a re-plan keeps shift times: a published shift kept with other times (its office's hours changed) costs weights.change_times",
};

pub static CHANGE_BOOKING: Family = Family {
    id: "change_booking",
    name_sv: "Flyttade rumsbokningar",
    name_en: "Moved room bookings",
    strength: Soft,
    rule: "a re-plan keeps the departments' published room bookings: each booked block removed or added costs weights.change_booking",
};
