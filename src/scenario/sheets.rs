//! The scenario workbook's layout, shared by its writer and its reader: the
//! sheets a planner edits, their columns (a Swedish header over an English
//! key) and the settings rows, each with the kind of value a cell holds.
//!
//! Table sheets (Kontor, Medarbetare, ...) hold one entity per row: row 1
//! is the Swedish header, row 2 the key that the reader goes by (so columns
//! may be moved), data from row 3. Settings sheets (Scenario, Regler,
//! Vikter, Kostnader) hold one setting per row: label, value, meaning,
//! source, key. A key is the TOML field's dotted path (docs/scenario.md).

/// What a cell holds, and how it becomes the TOML value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// An id of another table (validated against it).
    Id,
    /// A whole number.
    Int,
    /// A decimal number; a Swedish decimal comma is accepted ("0,75").
    Num,
    /// ja/nej (or an Excel boolean).
    Bool,
    /// A date cell, an Excel serial number or "YYYY-MM-DD".
    Date,
    /// Dates separated by commas.
    Dates,
    /// Words separated by commas (weekdays, skills, office ids).
    List,
    /// "HH:MM-HH:MM".
    Window,
    /// "YYYY-MM" (a date cell gives its month).
    Month,
}

/// One column of a table sheet, or one row of a settings sheet.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Dotted path inside the entity (`preferences.avoid_evenings`) or the
    /// scenario (`rules.daily_rest_hours`).
    pub key: &'static str,
    /// The Swedish header or label.
    pub label: &'static str,
    pub kind: Kind,
    /// What it means (settings sheets; an input message on table sheets).
    pub meaning: &'static str,
    /// The rule's legal or programme source, if any.
    pub source: &'static str,
}

const fn f(key: &'static str, label: &'static str, kind: Kind, meaning: &'static str) -> Field {
    Field {
        key,
        label,
        kind,
        meaning,
        source: "",
    }
}

const fn r(
    key: &'static str,
    label: &'static str,
    kind: Kind,
    meaning: &'static str,
    source: &'static str,
) -> Field {
    Field {
        key,
        label,
        kind,
        meaning,
        source,
    }
}

use Kind::*;

/// A table sheet: one entity of a scenario list per row.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// The sheet's (Swedish) name.
    pub sheet: &'static str,
    /// The scenario list it holds (`offices`).
    pub list: &'static str,
    pub columns: &'static [Field],
}

/// A settings sheet: one setting per row.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub sheet: &'static str,
    pub rows: &'static [Field],
}

/// The weekdays as keys (`hours.mon`) and as Swedish headers.
pub const WEEKDAYS: [(&str, &str); 7] = [
    ("mon", "måndag"),
    ("tue", "tisdag"),
    ("wed", "onsdag"),
    ("thu", "torsdag"),
    ("fri", "fredag"),
    ("sat", "lördag"),
    ("sun", "söndag"),
];

/// The Frånvaro sheet's column saying that a row belongs to the staff
/// member's own list (`[[staff]] absences`) rather than the `[[absences]]`
/// table.
pub const OWN_ABSENCE: &str = "own";

/// The key of the optional column that removes an inherited row.
pub const REMOVE: &str = "remove";

pub const AREAS: Table = Table {
    sheet: "Områden",
    list: "areas",
    columns: &[
        f("id", "Id", Text, "Kort id utan mellanslag, t.ex. valbo"),
        f("name", "Namn", Text, ""),
        f("population", "Invånare", Int, ""),
        f("lat", "Latitud", Num, "WGS84, t.ex. 60,6448"),
        f("lon", "Longitud", Num, "WGS84, t.ex. 17,0123"),
        f(
            "central",
            "Centralort",
            Bool,
            "ja för tätorten, nej för ytterområden",
        ),
    ],
};

pub const OFFICES: Table = Table {
    sheet: "Kontor",
    list: "offices",
    columns: &[
        f("id", "Id", Text, "Kort id utan mellanslag, t.ex. valbo"),
        f("name", "Namn", Text, ""),
        f(
            "premises",
            "Lokal",
            Text,
            "Värdlokalen, t.ex. Valbo bibliotek",
        ),
        f("area", "Område", Id, "Ett id från bladet Områden"),
        f("lat", "Latitud", Num, ""),
        f("lon", "Longitud", Num, ""),
        f(
            "road_km",
            "Vägavstånd km",
            Num,
            "Ersätter uppskattningen från koordinaterna",
        ),
        f(
            "hours.mon",
            "Måndag",
            Window,
            "Öppet, t.ex. 10:00-15:00; tomt = stängt",
        ),
        f(
            "hours.tue",
            "Tisdag",
            Window,
            "Öppet, t.ex. 10:00-15:00; tomt = stängt",
        ),
        f(
            "hours.wed",
            "Onsdag",
            Window,
            "Öppet, t.ex. 10:00-15:00; tomt = stängt",
        ),
        f(
            "hours.thu",
            "Torsdag",
            Window,
            "Öppet, t.ex. 10:00-15:00; tomt = stängt",
        ),
        f(
            "hours.fri",
            "Fredag",
            Window,
            "Öppet, t.ex. 10:00-15:00; tomt = stängt",
        ),
        f(
            "hours.sat",
            "Lördag",
            Window,
            "Öppet, t.ex. 10:00-15:00; tomt = stängt",
        ),
        f(
            "hours.sun",
            "Söndag",
            Window,
            "Öppet, t.ex. 10:00-15:00; tomt = stängt",
        ),
        f("min_days_per_week", "Minst dagar/vecka", Int, ""),
        f("max_days_per_week", "Högst dagar/vecka", Int, ""),
        f(
            "evening_days",
            "Kvällsdagar",
            List,
            "Veckodagar för kvällsöppning, t.ex. mon, tue, wed, thu; tomt = mån–tors, ingen = inga",
        ),
        f("evening", "Kvällstid", Window, "Programmet: 16:00-18:00"),
        f(
            "unavailable",
            "Lokalen ej tillgänglig",
            Dates,
            "Datum, t.ex. 2025-05-13, 2025-05-20",
        ),
        f(
            "required_skills",
            "Krävd kompetens",
            List,
            "Minst en i personalen vid varje öppning",
        ),
        f("premises_cost_per_year", "Lokalkostnad kr/år", Num, ""),
        f("premises_cost_per_hour", "Lokalkostnad kr/timme", Num, ""),
        f(
            "closed",
            "Stängt",
            Bool,
            "ja = kontoret hålls stängt i detta scenario",
        ),
        f(
            "candidate",
            "Kandidat",
            Bool,
            "ja = planen väljer om kontoret öppnar",
        ),
    ],
};

pub const STAFF: Table = Table {
    sheet: "Medarbetare",
    list: "staff",
    columns: &[
        f("id", "Id", Text, "Kort id utan mellanslag, t.ex. anna"),
        f("name", "Namn", Text, ""),
        f(
            "fte",
            "Tjänstgöringsgrad",
            Num,
            "Mellan 0 och 1, t.ex. 0,75",
        ),
        f("home", "Utgår från", Id, "Ett id från bladet Områden"),
        f("skills", "Kompetenser", List, "T.ex. arabiska, bygglov"),
        f(
            "preferences.avoid_weekdays",
            "Helst inte dagar",
            List,
            "T.ex. fri",
        ),
        f(
            "preferences.avoid_offices",
            "Helst inte kontor",
            List,
            "Id från bladet Kontor",
        ),
        f("preferences.avoid_evenings", "Helst inte kvällar", Bool, ""),
    ],
};

pub const ABSENCES: Table = Table {
    sheet: "Frånvaro",
    list: "absences",
    columns: &[
        f("staff", "Medarbetare", Id, "Ett id från bladet Medarbetare"),
        f("from", "Från", Date, "Första dagen"),
        f("to", "Till", Date, "Sista dagen"),
        f("reason", "Orsak", Text, "T.ex. semester, kurs"),
        f(
            OWN_ABSENCE,
            "Medarbetarens egen lista",
            Bool,
            "ja = sparas hos medarbetaren i TOML; tomt räcker",
        ),
    ],
};

pub const DEPARTMENTS: Table = Table {
    sheet: "Förvaltningar",
    list: "departments",
    columns: &[
        f("id", "Id", Text, ""),
        f("name", "Namn", Text, ""),
        f("base", "Utgår från", Id, "Ett id från bladet Områden"),
        f("needs_open_office", "Kräver öppet kontor", Bool, ""),
        f("meeting_minutes", "Mötets längd, min", Int, ""),
        f("buffer_minutes", "Buffert efter möte, min", Int, ""),
        f(
            "priority",
            "Prioritet",
            Num,
            "Högre betjänas först när rummen inte räcker",
        ),
    ],
};

pub const ROOMS: Table = Table {
    sheet: "Rum",
    list: "rooms",
    columns: &[
        f("id", "Id", Text, ""),
        f("office", "Kontor", Id, "Ett id från bladet Kontor"),
        f("name", "Namn", Text, ""),
        f("capacity", "Platser", Int, ""),
        f(
            "accessible",
            "Tillgängligt",
            Bool,
            "ja = tillgängligt för rullstol",
        ),
        f(
            "available.mon",
            "Måndag",
            Window,
            "Tillgängligt, t.ex. 10:00-18:00",
        ),
        f(
            "available.tue",
            "Tisdag",
            Window,
            "Tillgängligt, t.ex. 10:00-18:00",
        ),
        f(
            "available.wed",
            "Onsdag",
            Window,
            "Tillgängligt, t.ex. 10:00-18:00",
        ),
        f(
            "available.thu",
            "Torsdag",
            Window,
            "Tillgängligt, t.ex. 10:00-18:00",
        ),
        f(
            "available.fri",
            "Fredag",
            Window,
            "Tillgängligt, t.ex. 10:00-18:00",
        ),
        f(
            "available.sat",
            "Lördag",
            Window,
            "Tillgängligt, t.ex. 10:00-18:00",
        ),
        f(
            "available.sun",
            "Söndag",
            Window,
            "Tillgängligt, t.ex. 10:00-18:00",
        ),
        f(
            "unavailable",
            "Ej tillgängligt",
            Dates,
            "Datum, t.ex. 2025-05-13",
        ),
    ],
};

pub const DEMAND: Table = Table {
    sheet: "Efterfrågan",
    list: "demand",
    columns: &[
        f(
            "id",
            "Id",
            Text,
            "Valfritt; samma id ersätter en rad i basscenariot",
        ),
        f(
            "department",
            "Förvaltning",
            Id,
            "Ett id från bladet Förvaltningar",
        ),
        f(
            "office",
            "Kontor",
            Id,
            "Ett id från bladet Kontor (eller Område)",
        ),
        f(
            "area",
            "Område",
            Id,
            "Ett id från bladet Områden (eller Kontor)",
        ),
        f("month", "Månad", Month, "ÅÅÅÅ-MM; tomt = varje månad"),
        f(
            "hours",
            "Timmar",
            Num,
            "Timmar möten i månaden (eller Möten)",
        ),
        f(
            "meetings",
            "Möten",
            Int,
            "Antal möten i månaden (eller Timmar)",
        ),
        f(
            "evening_share",
            "Andel kväll",
            Num,
            "Mellan 0 och 1, t.ex. 0,25",
        ),
    ],
};

/// Every table sheet, in the workbook's order.
pub static TABLES: [Table; 7] = [OFFICES, STAFF, ABSENCES, AREAS, DEPARTMENTS, ROOMS, DEMAND];

pub const SCENARIO: Settings = Settings {
    sheet: "Scenario",
    rows: &[
        f(
            "name",
            "Namn (kort id)",
            Text,
            "Namnger planmappen, t.ex. gavle-q2",
        ),
        f("title", "Rubrik", Text, "Visas i rapporten"),
        f(
            "extends",
            "Bygger på",
            Text,
            "En TOML-fil eller arbetsbok (sökväg från denna fil) som arbetsboken ändrar; bladen håller då bara det som skiljer. gavle.toml = det inbyggda scenariot",
        ),
        f("period.start", "Periodens första dag", Date, ""),
        f("period.end", "Periodens sista dag", Date, ""),
        f(
            "calendar.extra_closed",
            "Extra stängda dagar",
            Dates,
            "Utöver helgdagarna, t.ex. klämdagar",
        ),
        f("calendar.open_on_holidays", "Öppet på helgdagar", Bool, ""),
        f(
            "travel.road_factor",
            "Vägfaktor",
            Num,
            "Väg ≈ faktor × fågelvägen (1,3)",
        ),
        f("travel.speed_kmh", "Medelhastighet km/h", Num, ""),
        f(
            "travel.round_minutes",
            "Restid avrundas till minuter",
            Int,
            "",
        ),
        f(
            "travel.distances",
            "Fil med vägavstånd",
            Text,
            "CSV from,to,km; sökväg från denna fil",
        ),
        f(
            "location.min_offices",
            "Minst antal öppna kontor",
            Int,
            "Vid val av kontor (kandidater)",
        ),
        f(
            "location.max_offices",
            "Högst antal öppna kontor",
            Int,
            "Vid val av kontor (kandidater)",
        ),
        f(
            "location.radius_km",
            "Räckvidd km",
            Num,
            "Ett område nås inom så många km väg",
        ),
        f(
            "location.unreached_inhabitant",
            "Straff per invånare som inte nås",
            Num,
            "",
        ),
        f(
            "location.premises_sek",
            "Straff per krona lokalkostnad",
            Num,
            "",
        ),
        f(
            "location.enforce_premises_budget",
            "Lokalkostnad inom lokalbudgeten",
            Bool,
            "",
        ),
    ],
};

pub const RULES: Settings = Settings {
    sheet: "Regler",
    rows: &[
        r(
            "rules.min_evenings_per_month",
            "Kvällsöppningar per kontor och månad",
            Int,
            "Kvällsöppningar 16–18 i varje hel månad",
            "Programmet: minst två kvällar i månaden",
        ),
        r(
            "rules.staff_per_opening.day",
            "Personal per dagöppning",
            Int,
            "",
            "",
        ),
        r(
            "rules.staff_per_opening.evening",
            "Personal per kvällsöppning",
            Int,
            "Två på kvällen, för säkerheten",
            "Arbetsmiljölagen 3 kap. 2 §, ensamarbete",
        ),
        r(
            "rules.max_consecutive_days",
            "Högst arbetsdagar i följd",
            Int,
            "",
            "",
        ),
        r(
            "rules.daily_rest_hours",
            "Dygnsvila, timmar",
            Num,
            "Sammanhängande ledighet per 24 timmar",
            "ATL 13 §, AB § 13: 11 timmar",
        ),
        r(
            "rules.weekly_rest_hours",
            "Veckovila, timmar",
            Num,
            "Sammanhängande ledighet per 7 dagar",
            "ATL 14 §: 36 timmar",
        ),
        r(
            "rules.max_weekly_hours",
            "Ordinarie arbetstid, timmar/vecka",
            Num,
            "I genomsnitt över beräkningsperioden",
            "ATL 5 §: 40 timmar",
        ),
        r(
            "rules.averaging_weeks",
            "Beräkningsperiod, veckor",
            Int,
            "",
            "ATL 5 §: högst fyra veckor",
        ),
        r(
            "rules.max_hours_without_break",
            "Högst timmar utan rast",
            Num,
            "",
            "ATL 15 §: högst fem timmar",
        ),
        r("rules.break_minutes", "Rast, minuter", Int, "", "ATL 15 §"),
        r(
            "rules.cycle_weeks",
            "Rullande schema, veckor",
            Int,
            "0 = inget rullande schema",
            "",
        ),
        r(
            "rules.full_time_hours",
            "Heltid, timmar/vecka",
            Num,
            "Tjänstgöringsgrad 1,0",
            "Kollektivavtal (AB)",
        ),
        r(
            "rules.workload_tolerance",
            "Tolerans arbetsbelastning (andel)",
            Num,
            "Hur mycket kontorsarbetet får understiga andelen enligt tjänstgöringsgrad",
            "",
        ),
        r(
            "rules.allow_evening_outside_16_18",
            "Tillåt kvällstid utanför 16–18",
            Bool,
            "",
            "Programmet: kvällsöppning 16–18",
        ),
        r(
            "rules.change_notice_days",
            "Varsel vid schemaändring, dagar",
            Int,
            "Rapporteras, planeras inte",
            "ATL 12 §: 14 dagar",
        ),
        r(
            "room_rules.sharing",
            "Fördelning när rummen inte räcker",
            Text,
            "proportional (lika andel) eller priority (prioritet först)",
            "",
        ),
        r(
            "room_rules.block_minutes",
            "Bokningsblock, minuter",
            Int,
            "",
            "",
        ),
        r(
            "room_rules.unmet_hour",
            "Straff per timme ej mött efterfrågan",
            Num,
            "",
            "",
        ),
        r(
            "room_rules.evening_shortfall_hour",
            "Straff per kvällstimme lagd på dagen",
            Num,
            "",
            "",
        ),
        r(
            "room_rules.fairness",
            "Straff för största ej mötta andel",
            Num,
            "",
            "",
        ),
        r(
            "room_rules.spread",
            "Straff för ojämn spridning över veckor",
            Num,
            "",
            "",
        ),
    ],
};

pub const WEIGHTS: Settings = Settings {
    sheet: "Vikter",
    rows: &[
        f(
            "weights.missing_opening",
            "Per öppning som inte hålls",
            Num,
            "Mjuka mål; hårda regler vägs aldrig",
        ),
        f(
            "weights.evening_spread",
            "Per extra kvällsöppning i samma vecka",
            Num,
            "",
        ),
        f("weights.staff_minute", "Per bemannad minut", Num, ""),
        f("weights.mileage_sek", "Per krona milersättning", Num, ""),
        f(
            "weights.cycle_exception",
            "Per pass utanför grundschemat",
            Num,
            "",
        ),
        f(
            "weights.workload_balance",
            "Per timme utanför rättvis andel",
            Num,
            "",
        ),
        f(
            "weights.evening_fairness",
            "Per kväll över/under rättvis andel",
            Num,
            "",
        ),
        f("weights.preference", "Per pass mot önskemål", Num, ""),
        f(
            "weights.budget_deficit_sek",
            "Per krona över budget (mjuk budget)",
            Num,
            "",
        ),
    ],
};

pub const COSTS: Settings = Settings {
    sheet: "Kostnader",
    rows: &[
        r(
            "costs.monthly_salary",
            "Månadslön heltid, kr",
            Num,
            "Lönenivå för lönens år",
            "Programmet",
        ),
        r("costs.salary_year", "Lönens år", Int, "", ""),
        r(
            "costs.pay_revision.*",
            "Löneökning",
            Num,
            "Andel per år, t.ex. 0,041",
            "Avtal",
        ),
        r(
            "costs.on_costs.*",
            "PO-pålägg",
            Num,
            "Arbetsgivaravgifter och avtalsförsäkringar, andel per år",
            "SKR PO-pålägg",
        ),
        r(
            "costs.mileage_sek_per_km",
            "Milersättning, kr/km",
            Num,
            "",
            "Skatteverket: skattefri 25 kr/mil",
        ),
        r(
            "costs.ob_sek_per_hour",
            "OB-tillägg, kr/timme",
            Num,
            "",
            "AB",
        ),
        r("costs.ob_from", "OB från klockan", Text, "TT:MM", "AB"),
        r(
            "costs.budget.staff",
            "Budget personal, kr/år",
            Num,
            "",
            "Programmet: 2,0 mnkr",
        ),
        r(
            "costs.budget.premises",
            "Budget lokaler, kr/år",
            Num,
            "",
            "Programmet: 0,5 mnkr",
        ),
        r(
            "costs.budget.other",
            "Budget övrigt, kr/år",
            Num,
            "",
            "Programmet: 0,5 mnkr",
        ),
        r(
            "costs.other_per_year",
            "Övriga kostnader, kr/år",
            Num,
            "Datorer, utrustning, marknadsföring",
            "",
        ),
        r(
            "costs.programme_start",
            "Programmets start",
            Date,
            "",
            "Programmet: 1 juli 2022",
        ),
        r(
            "costs.programme_end_year",
            "Programmets sista år",
            Int,
            "",
            "Programmet: 2025",
        ),
        r(
            "costs.budget_mode",
            "Budgeten hård eller mjuk",
            Text,
            "hard = planen håller budgeten; soft = överskridande kostar och rapporteras",
            "",
        ),
    ],
};

/// Every settings sheet, in the workbook's order.
pub static SETTINGS: [Settings; 4] = [SCENARIO, RULES, WEIGHTS, COSTS];

/// The instructions sheet's name.
pub const INSTRUCTIONS: &str = "Anvisningar";

/// The settings field for `key`: exact, or a per-year pattern (`costs.pay_revision.*`).
pub fn setting(key: &str) -> Option<(&'static Settings, &'static Field)> {
    SETTINGS.iter().find_map(|s| {
        s.rows
            .iter()
            .find(|f| match f.key.strip_suffix('*') {
                Some(prefix) => key.strip_prefix(prefix).is_some_and(|y| !y.is_empty()),
                None => f.key == key,
            })
            .map(|f| (s, f))
    })
}

/// Every settings key, for "did you mean".
pub fn setting_keys() -> impl Iterator<Item = &'static str> {
    SETTINGS.iter().flat_map(|s| s.rows.iter().map(|f| f.key))
}
