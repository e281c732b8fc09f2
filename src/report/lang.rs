//! Report language: every label of the HTML report and the calendars comes
//! from the one table below, Swedish first (the users' language, docs/domain.md, Users),
//! English second.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// The language of `report.html` and the calendar texts. Swedish by default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    /// `sv` or `en` (also the HTML `lang` attribute).
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// The label for `key` ("?" when the table lacks it, a bug that debug
    /// builds stop at).
    pub fn t(self, key: &str) -> &'static str {
        self.find(key).unwrap_or_else(|| {
            debug_assert!(false, "no label for {key}");
            "?"
        })
    }

    /// The name of a cost category (`staff`, `premises`, `other`, `total`),
    /// `None` for another word.
    pub fn category(self, key: &str) -> Option<&'static str> {
        self.find(&format!("cat_{key}"))
    }

    /// The label for `key`, `None` when the table has none.
    pub fn find(self, key: &str) -> Option<&'static str> {
        TABLE
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, sv, en)| match self {
                Lang::Sv => *sv,
                Lang::En => *en,
            })
    }

    /// Every label, for the template (`t.key`).
    pub fn labels(self) -> BTreeMap<&'static str, &'static str> {
        TABLE
            .iter()
            .map(|(k, sv, en)| {
                (
                    *k,
                    match self {
                        Lang::Sv => *sv,
                        Lang::En => *en,
                    },
                )
            })
            .collect()
    }

    /// Short weekday name, Monday = 0.
    pub fn weekday(self, monday_based: u32) -> &'static str {
        self.t(WEEKDAYS[monday_based as usize % 7])
    }

    /// Month name, 1–12.
    pub fn month(self, month: u32) -> &'static str {
        self.t(MONTHS[(month as usize + 11) % 12])
    }

    /// A whole number with the language's thousands separator
    /// (Swedish: no-break space; English: comma).
    pub fn int(self, v: f64) -> String {
        let n = v.round() as i64;
        let digits = n.unsigned_abs().to_string();
        let sep = match self {
            Lang::Sv => "\u{a0}",
            Lang::En => ",",
        };
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(ch);
        }
        if n < 0 { format!("−{out}") } else { out }
    }

    /// A number with `decimals` decimals and the language's decimal mark.
    pub fn dec(self, v: f64, decimals: usize) -> String {
        let s = format!("{v:.decimals$}");
        match self {
            Lang::Sv => s.replace('.', ",").replace('-', "−"),
            Lang::En => s,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "sv" | "sv-se" | "swedish" | "svenska" => Ok(Lang::Sv),
            "en" | "en-gb" | "en-us" | "english" | "engelska" => Ok(Lang::En),
            _ => Err(format!("unknown language `{s}`; use sv or en")),
        }
    }
}

const WEEKDAYS: [&str; 7] = [
    "wd_mon", "wd_tue", "wd_wed", "wd_thu", "wd_fri", "wd_sat", "wd_sun",
];
const MONTHS: [&str; 12] = [
    "m_01", "m_02", "m_03", "m_04", "m_05", "m_06", "m_07", "m_08", "m_09", "m_10", "m_11", "m_12",
];

/// key, Swedish, English.
const TABLE: &[(&str, &str, &str)] = &[
    (
        "report_title",
        "Plan för servicekontoren",
        "Service office plan",
    ),
    ("key_figures", "Nyckeltal", "Key figures"),
    ("scenario", "Scenario", "Scenario"),
    ("period", "Period", "Period"),
    ("status", "Status", "Status"),
    ("status_optimal", "optimal", "optimal"),
    (
        "status_feasible",
        "godtagbar (inte bevisat optimal)",
        "feasible (not proven optimal)",
    ),
    (
        "status_time_limit",
        "tidsgränsen nådd",
        "time limit reached",
    ),
    ("status_infeasible", "omöjlig", "infeasible"),
    (
        "verified",
        "Verifierad mot reglerna",
        "Verified against the rules",
    ),
    ("yes", "ja", "yes"),
    ("no", "nej", "no"),
    ("offices", "Kontor", "Offices"),
    ("staff", "Personal", "Staff"),
    ("day_openings", "Dagöppningar", "Day openings"),
    ("evening_openings", "Kvällsöppningar", "Evening openings"),
    ("opening_hours", "Öppettimmar", "Opening hours"),
    (
        "missing_openings",
        "Saknade öppningar (dagar)",
        "Missing openings (days)",
    ),
    (
        "cycle_weeks",
        "Grundschemats längd (veckor)",
        "Base schedule cycle (weeks)",
    ),
    (
        "cycle_exceptions",
        "Avvikelser från grundschemat",
        "Departures from the base schedule",
    ),
    (
        "mileage_sek",
        "Milersättning under perioden (kr)",
        "Mileage in the period (SEK)",
    ),
    ("objective", "Målfunktionsvärde", "Objective value"),
    ("mip_gap", "MIP-gap", "MIP gap"),
    ("contents", "Innehåll", "Contents"),
    ("opening_calendar", "Öppetkalender", "Opening calendar"),
    (
        "opening_calendar_note",
        "D = dagöppet, K = kvällsöppet 16–18, DK = båda samma dag. Grått: helg eller helgdag.",
        "D = day opening, E = evening opening 16–18, DE = both on one day. Grey: weekend or public holiday.",
    ),
    ("mark_day", "D", "D"),
    ("mark_evening", "K", "E"),
    ("days_open", "Dagar", "Days"),
    ("evenings", "Kvällar", "Evenings"),
    (
        "staff_schedule",
        "Personalschema per ISO-vecka",
        "Staff schedule by ISO week",
    ),
    ("week", "Vecka", "Week"),
    ("absent", "ledig", "absent"),
    ("holiday", "helgdag", "holiday"),
    ("evening", "kväll", "evening"),
    ("day", "dag", "day"),
    (
        "bookings",
        "Förvaltningarnas rumsbokningar",
        "Department room bookings",
    ),
    (
        "no_bookings",
        "Planmappen har inga bokningar (bookings.csv saknas).",
        "The plan folder has no bookings (no bookings.csv).",
    ),
    ("date", "Datum", "Date"),
    ("office", "Kontor", "Office"),
    ("room", "Rum", "Room"),
    ("department", "Förvaltning", "Department"),
    ("start", "Från", "From"),
    ("end", "Till", "To"),
    ("time", "Tid", "Time"),
    ("costs", "Kostnad mot budget", "Cost against budget"),
    (
        "costs_note",
        "Planerad kostnad per år och kategori mot budgeten 2,0 / 0,5 / 0,5 mnkr per år (första året från programstarten).",
        "Planned cost per year and category against the budget of 2.0 / 0.5 / 0.5 mnkr a year (the first year from the programme start).",
    ),
    ("year", "År", "Year"),
    ("category", "Kategori", "Category"),
    ("planned", "Planerat", "Planned"),
    ("budget", "Budget", "Budget"),
    ("difference", "Budget − planerat", "Budget − planned"),
    ("share_of_budget", "Andel av budget", "Share of budget"),
    ("cat_staff", "Personal", "Staff"),
    ("cat_premises", "Lokaler", "Premises"),
    ("cat_other", "Övrigt", "Other"),
    ("total", "Summa", "Total"),
    ("sek", "kr", "SEK"),
    ("mnkr", "mnkr", "MSEK"),
    (
        "staff_hours",
        "Arbetstid per medarbetare under perioden",
        "Working time per staff member in the period",
    ),
    ("name", "Namn", "Name"),
    ("fte", "Tjänstgöringsgrad", "FTE"),
    ("contract_hours", "Avtalad tid (h)", "Contract hours"),
    (
        "office_hours",
        "På kontor inkl. resor (h)",
        "At offices incl. travel (h)",
    ),
    (
        "on_site_hours",
        "På plats på kontoren (h)",
        "On site at offices (h)",
    ),
    ("travel_hours", "Restid (h)", "Travel (h)"),
    ("base_hours", "På hemmabasen (h)", "At the home base (h)"),
    ("working_days", "Kontorsdagar", "Office days"),
    ("mileage_km", "Körsträcka (km)", "Distance (km)"),
    (
        "hours_chart_title",
        "Avtalad tid: på plats på kontoren, resor och hemmabasen",
        "Contract hours: on site at offices, travel and the home base",
    ),
    (
        "footer",
        "Skapad av serviceplan ur planmappens filer. Alla tider är svensk tid (Europe/Stockholm). Kalenderfiler per medarbetare och kontor finns i mappen calendars/, alla tabeller i plan.xlsx.",
        "Made by serviceplan from the plan folder's files. All times are Swedish time (Europe/Stockholm). Calendar files per staff member and office are in calendars/, every table in plan.xlsx.",
    ),
    (
        "batch_title",
        "Jämförelse av scenarier",
        "Scenario comparison",
    ),
    (
        "batch_intro",
        "Varje scenario planerat, verifierat och jämfört: kostnad mot budget, invånare i ytterområdena inom räckhåll, öppettider, kvällar och förvaltningarnas ouppfyllda behov. ★ = Pareto-effektivt: inget annat scenario är billigare, når fler invånare och har fler öppettimmar på en gång.",
        "Every scenario planned, verified and compared: cost against budget, inhabitants of the outer areas within reach, opening hours, evenings and the departments' unmet demand. ★ = Pareto-efficient: no other scenario is cheaper, reaches more inhabitants and opens more hours at once.",
    ),
    ("b_comparison", "Jämförelsetabell", "Comparison table"),
    ("b_chart", "Kostnad och räckvidd", "Cost and reach"),
    ("b_maps", "Kartor", "Maps"),
    ("b_scenarios", "Scenarier", "Scenarios"),
    ("b_compared_year", "Jämfört år", "Compared year"),
    ("b_fte", "Årsarbetare", "FTE"),
    ("b_cost_total", "Kostnad totalt", "Total cost"),
    ("b_reached", "Invånare inom räckhåll", "Inhabitants reached"),
    ("b_share", "Andel", "Share"),
    (
        "b_hours_week",
        "Öppettimmar per kontor och vecka",
        "Hours per office and week",
    ),
    (
        "b_evenings_month",
        "Kvällar per månad",
        "Evenings per month",
    ),
    ("b_unmet", "Ouppfyllt behov (h)", "Unmet demand (h)"),
    ("b_missing", "Saknade öppningar", "Missing openings"),
    ("b_solve", "Lösningstid (s)", "Solve time (s)"),
    ("b_pareto", "Pareto", "Pareto"),
    ("b_reason", "Orsak", "Reason"),
    ("b_no_plan", "ingen plan", "no plan"),
    (
        "batch_chart_title",
        "Kostnad mot andel invånare inom räckhåll",
        "Cost against share of inhabitants reached",
    ),
    (
        "batch_chart_x",
        "Planerad kostnad för jämförelseåret (mnkr)",
        "Planned cost of the compared year (MSEK)",
    ),
    (
        "batch_chart_y",
        "Invånare inom räckhåll",
        "Inhabitants reached",
    ),
    ("pareto_efficient", "Pareto-effektivt", "Pareto-efficient"),
    ("over_budget", "över budget", "over budget"),
    (
        "over_budget_note",
        "Över budget i någon kategori och något år: kan inte vara Pareto-effektivt (jämförs bara med scenarier inom budget).",
        "Over its budget in some category and year: never Pareto-efficient (only scenarios within budget are compared).",
    ),
    ("verdict", "Bedömning", "Verdict"),
    ("v_publishable", "kan publiceras", "publishable"),
    (
        "v_remarks",
        "kan publiceras med anmärkning",
        "publishable with remarks",
    ),
    ("v_not", "kan inte publiceras", "not publishable"),
    ("budget_status", "Budget", "Budget"),
    ("v_no_plan", "ingen plan", "no plan"),
    ("v_over", "över budget för", "over the budget for"),
    ("v_of_budget", "av budgeten", "of the budget"),
    (
        "v_missing",
        "öppettillfällen hålls inte",
        "openings not held",
    ),
    (
        "v_unmet",
        "timmar av förvaltningarnas behov ouppfyllda",
        "hours of department demand unmet",
    ),
    (
        "v_gap",
        "stoppad vid tidsgränsen, högst {} % från bästa möjliga plan",
        "stopped at its time limit, at most {} % above the best possible plan",
    ),
    (
        "v_no_gap",
        "stoppad vid tidsgränsen utan bevis för hur bra planen är",
        "stopped at its time limit without a proof of how good it is",
    ),
    (
        "v_unproven_gap",
        "inte bevisat optimal, högst {} % från bästa möjliga plan",
        "not proven optimal, at most {} % above the best possible plan",
    ),
    ("v_unproven", "inte bevisat optimal", "not proven optimal"),
    ("within_budget", "inom budget", "within budget"),
    (
        "dominated",
        "slås av ett annat scenario",
        "beaten by another scenario",
    ),
    (
        "batch_chart_note",
        "Andelen av ytterområdenas invånare som har ett öppet kontor inom räckhåll, mot planerad kostnad (personal, lokaler, övrigt) för det år planen gäller. Den streckade linjen är årsbudgeten 3 mnkr. Scenarier utan plan visas inte.",
        "The share of the outer areas' inhabitants with an open office within reach, against the planned cost (staff, premises, other) of the plan's year. The dashed line is the yearly budget. Scenarios without a plan are not shown.",
    ),
    ("map", "Karta", "Map"),
    ("inhabitants", "invånare", "inhabitants"),
    ("office_open", "öppet kontor", "open office"),
    ("office_closed", "inte öppet", "not open"),
    (
        "map_note",
        "Områden som cirklar efter folkmängd, kontor som rutor: fylld = öppet i scenariots plan, ofylld = inte öppet. Streckad cirkel: räckhåll runt ett öppet kontor (vägavstånd omräknat till fågelvägen). Samma skala i alla kartor.",
        "Areas as circles by population, offices as squares: filled = open in the scenario's plan, hollow = not open. Dashed circle: the reach around an open office (road distance converted to straight-line distance). The same scale in every map.",
    ),
    (
        "batch_footer",
        "Skapad av serviceplan ur batchens jämförelse. Varje scenarios planmapp (report.html, plan.xlsx, kalendrar) ligger i en mapp med scenariots namn; comparison.csv har alla siffror.",
        "Made by serviceplan from the batch's comparison. Each scenario's plan folder (report.html, plan.xlsx, calendars) is in a folder named after the scenario; comparison.csv has every figure.",
    ),
    ("shift_day", "dagpass", "day shift"),
    ("shift_evening", "kvällspass", "evening shift"),
    ("open_day", "öppet", "open"),
    ("open_evening", "kvällsöppet", "evening opening"),
    ("travel_each_way", "Restid varje väg", "Travel each way"),
    ("minutes", "min", "min"),
    ("colleagues", "Tillsammans med", "Together with"),
    ("staffed_by", "Bemanning", "Staffed by"),
    ("cal_shifts", "Arbetspass", "Shifts"),
    ("cal_openings", "Öppettider", "Opening hours"),
    ("cal_changes", "Ändringar", "Changes"),
    ("cancelled", "INSTÄLLT", "CANCELLED"),
    ("changes", "Ändringar", "Changes"),
    (
        "changes_intro",
        "Omplanering från {from}: allt före är som publicerat, varseltiden till {until} ändras bara där en hård regel kräver det. Varje ändring mot den publicerade planen (changes.csv):",
        "Re-plan from {from}: everything before is as published; the notice period to {until} changes only where a hard rule requires it. Every change against the published plan (changes.csv):",
    ),
    (
        "changes_none",
        "Inga ändringar mot den publicerade planen.",
        "No changes against the published plan.",
    ),
    ("change_what", "Ändring", "Change"),
    ("change_before", "Före", "Before"),
    ("change_after", "Efter", "After"),
    ("change_staff", "Personal", "Staff"),
    ("change_office", "Kontor", "Office"),
    ("change_date", "Datum", "Date"),
    ("opening_added", "öppning tillagd", "opening added"),
    ("opening_cancelled", "öppning inställd", "opening cancelled"),
    (
        "opening_times",
        "öppettider ändrade",
        "opening times changed",
    ),
    ("shift_added", "pass tillagt", "shift added"),
    ("shift_removed", "pass borttaget", "shift removed"),
    ("shift_times", "passtider ändrade", "shift times changed"),
    ("booking_added", "bokning tillagd", "booking added"),
    ("booking_removed", "bokning borttagen", "booking removed"),
    (
        "notice_changes",
        "Ändringar inom varseltiden och varför",
        "Changes within the notice period, and why",
    ),
    ("wd_mon", "mån", "Mon"),
    ("wd_tue", "tis", "Tue"),
    ("wd_wed", "ons", "Wed"),
    ("wd_thu", "tor", "Thu"),
    ("wd_fri", "fre", "Fri"),
    ("wd_sat", "lör", "Sat"),
    ("wd_sun", "sön", "Sun"),
    ("m_01", "januari", "January"),
    ("m_02", "februari", "February"),
    ("m_03", "mars", "March"),
    ("m_04", "april", "April"),
    ("m_05", "maj", "May"),
    ("m_06", "juni", "June"),
    ("m_07", "juli", "July"),
    ("break", "Rast", "Break"),
    ("fu_title", "Budgetuppföljning", "Budget follow-up"),
    ("fu_monthly", "Uppföljning", "Follow-up"),
    ("fu_full_year", "Helår", "Full year"),
    ("fu_year", "År", "Year"),
    ("fu_month", "Månad", "Month"),
    ("fu_category", "Kategori", "Category"),
    ("fu_plan", "Plan", "Plan"),
    ("fu_actual", "Utfall", "Actual"),
    ("fu_var_plan", "Avvikelse mot plan", "Variance vs plan"),
    (
        "fu_var_budget",
        "Avvikelse mot budget",
        "Variance vs budget",
    ),
    ("fu_budget_ytd", "Budget hittills", "Budget to date"),
    ("fu_plan_ytd", "Plan hittills", "Plan to date"),
    ("fu_actual_ytd", "Utfall hittills", "Actual to date"),
    ("fu_used", "Förbrukat %", "Used %"),
    ("fu_forecast", "Prognos helår", "Full-year forecast"),
    (
        "fu_forecast_vs_budget",
        "Prognos mot budget",
        "Forecast vs budget",
    ),
    ("fu_status", "Status", "Status"),
    ("fu_overrun", "Överskrids", "Overrun"),
    ("fu_within", "Inom budget", "Within budget"),
    ("fu_booked", "bokförd", "booked"),
    ("fu_no_rows", "inga rader (0 kr)", "no rows (0 kr)"),
    (
        "fu_month_missing",
        "månad saknas (plan i prognosen)",
        "month missing (plan in the forecast)",
    ),
    ("cat_total", "Totalt", "Total"),
    (
        "fu_method",
        "Prognos helår = utfall för de bokförda månaderna till och med uppföljningsmånaden + plan för månader utan några rader i huvudboken och för årets återstående månader; en kategori med plan 0 men med utfall räknas fram med de bokförda månadernas snitt. Budget och plan är jämnt fördelade över årets programmånader (hela kronor).",
        "Full-year forecast = actuals of the months booked through the follow-up month + plan for months without any ledger rows and for the rest of the year; a category planned at 0 but with actuals runs at the booked months' average. Budget and plan are spread evenly over the year's programme months (whole kronor).",
    ),
    (
        "fu_missing",
        "Månader utan några rader i huvudboken (ej bokförda?): prognosen räknar med planen för dem.",
        "Months without any ledger rows (not booked yet?): the forecast takes the plan for them.",
    ),
    (
        "fu_no_rows_note",
        "Månader med rader för andra kategorier men inga för denna (räknas som 0 kr, kontrollera):",
        "Months with rows for other categories but none for this one (counted as 0 kr; please check):",
    ),
    ("fu_through", "Till och med", "Through"),
    (
        "fu_chart",
        "Ackumulerat, alla kategorier",
        "Cumulative, all categories",
    ),
    ("m_08", "augusti", "August"),
    ("m_09", "september", "September"),
    ("m_10", "oktober", "October"),
    ("m_11", "november", "November"),
    ("m_12", "december", "December"),
    // serviceplan price: "Vad kostar reglerna?"
    ("p_title", "Vad kostar reglerna?", "What do the rules cost?"),
    (
        "p_intro",
        "Varje regel och servicenivå i scenariot flyttad ett steg åt vardera hållet (och borttagen där det går), planerad om, verifierad och jämförd med grundplanen. Kostnad per år är skillnaden i planerad kostnad det jämförda året (personal, lokaler, övrigt); ett negativt tal är en besparing. Lönerna följer tjänsterna, så en regel som tar personaltid flyttar kostnaden lite: tiden den tar från annat arbete (bokning, administration) står som personaltid i kronor, efter timkostnaden för en tjänst. Timmar och invånare gäller planperioden.",
        "Every rule and service level of the scenario moved one step each way (and dropped where it can be), re-planned, verified and compared with the base plan. Cost per year is the difference in planned cost in the compared year (staff, premises, other); a negative number is a saving. Salaries follow the posts, so a rule that takes staff time moves the cost little: the time it takes from other work (booking service, admin) is shown as staff time in SEK, at the hourly cost of a post. Hours and inhabitants are for the plan's period.",
    ),
    (
        "p_chart_note",
        "Kostnad per år för varje steg, störst först. Steg utan plan saknas i diagrammet men står i tabellen.",
        "Cost per year of each step, largest first. Steps without a plan are left out of the chart but listed in the table.",
    ),
    ("p_rule", "Regel", "Rule"),
    ("p_target", "Gäller", "Applies to"),
    ("p_change", "Ändring", "Change"),
    ("p_cost_year", "Kostnad per år", "Cost per year"),
    ("p_staff_time", "Personaltid", "Staff time"),
    ("p_open_hours", "Öppettimmar", "Opening hours"),
    ("p_evening_hours", "Kvällstimmar", "Evening hours"),
    ("p_reach", "Invånare inom räckhåll", "Inhabitants reached"),
    ("p_unmet", "Ouppfyllt behov (h)", "Unmet demand (h)"),
    ("p_missing", "Saknade öppningar", "Missing openings"),
    ("p_exact", "Bevisat", "Proven"),
    ("p_yes", "ja", "yes"),
    ("p_no", "nej", "no"),
    ("p_all", "alla kontor", "all offices"),
    ("p_base", "Grundplan", "Base plan"),
    (
        "p_base_note",
        "Timkostnad för en tjänst (lön och PO)",
        "Hourly cost of a post (salary and on-costs)",
    ),
    (
        "p_footer",
        "Skapad av serviceplan price. Skattning ur LP-dualer lämnas tom: se models/pricing.md. Bevisat = båda planerna bevisat optimala, priset är exakt skillnad mellan två bästa planer.",
        "Made by serviceplan price. The LP-dual estimate is left empty: see models/pricing.md. Proven = both plans proven optimal, the price is the exact difference of two best plans.",
    ),
    (
        "p_rule_evenings",
        "Kvällar per kontor och månad",
        "Evenings per office and month",
    ),
    (
        "p_rule_day_staff",
        "Personal per dagöppning",
        "Staff per day opening",
    ),
    (
        "p_rule_evening_staff",
        "Personal per kvällsöppning",
        "Staff per evening opening",
    ),
    ("p_rule_office_open", "Kontoret öppet", "Office open"),
    (
        "p_rule_days_per_week",
        "Öppetdagar per vecka",
        "Opening days per week",
    ),
    (
        "p_rule_opening_hours",
        "Öppettider (dag)",
        "Opening hours (day)",
    ),
    (
        "p_rule_demand",
        "Förvaltningens behov",
        "Department's demand",
    ),
    (
        "p_rule_max_consecutive",
        "Högst dagar i följd",
        "Most consecutive days",
    ),
    (
        "p_rule_averaging",
        "Veckor för snittarbetstid",
        "Weeks averaging weekly hours",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique_and_both_languages_are_filled() {
        let mut seen = std::collections::BTreeSet::new();
        for (k, sv, en) in TABLE {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!sv.is_empty() && !en.is_empty(), "{k}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(Lang::Sv.int(1234567.4), "1\u{a0}234\u{a0}567");
        assert_eq!(Lang::En.int(-1234.0), "−1,234");
        assert_eq!(Lang::En.int(999.0), "999");
        assert_eq!(Lang::Sv.dec(0.5, 1), "0,5");
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        assert!("de".parse::<Lang>().is_err());
    }
}
