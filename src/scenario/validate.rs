//! Validation of a typed scenario: every problem at once, each naming the
//! field (located to file:line:col by the loader) with a hint.

use std::collections::{BTreeSet, HashSet};

use chrono::Datelike;

use super::diag::Diagnostic;
use super::time::{parse_weekday, parse_window};
use super::types::*;

/// Every problem in `s`; empty when the scenario is valid.
pub fn validate(s: &Scenario) -> Vec<Diagnostic> {
    let mut p = Vec::new();
    if let Some(why) = crate::output::unsafe_name(&s.name) {
        p.push(
            Diagnostic::new("name", format!("the scenario name {:?} {why}", s.name)).hint(
                "a name also names the plan folder: use letters, digits, spaces, `-` or `_`, e.g. \"gavle-q2\"",
            ),
        );
    }
    period(s, &mut p);
    rules(s, &mut p);
    weights_costs_travel(s, &mut p);
    let areas = ids(&mut p, "areas", s.areas.iter().map(|a| a.id.as_str()));
    let offices = ids(&mut p, "offices", s.offices.iter().map(|o| o.id.as_str()));
    ids(&mut p, "staff", s.staff.iter().map(|x| x.id.as_str()));
    for a in &s.areas {
        coords(&mut p, &format!("areas[{}]", a.id), a.lat, a.lon);
        if a.population > 20_000_000 {
            p.push(
                Diagnostic::new(
                    format!("areas[{}].population", a.id),
                    format!("{} inhabitants is outside 0 to 20,000,000", a.population),
                )
                .hint("the area's inhabitants, e.g. 12000"),
            );
        }
    }
    for o in &s.offices {
        office(s, o, &areas, &mut p);
    }
    if s.offices.iter().filter(|o| !o.closed).count() == 0 {
        p.push(
            Diagnostic::new("offices", "the scenario has no open office")
                .hint("add an [[offices]] entry, or remove `closed = true` from one"),
        );
    }
    let skills: HashSet<&str> = s
        .staff
        .iter()
        .flat_map(|x| x.skills.iter().map(String::as_str))
        .collect();
    for o in &s.offices {
        for (i, k) in o.required_skills.iter().enumerate() {
            if !skills.contains(k.as_str()) {
                p.push(
                    Diagnostic::new(
                        format!("offices[{}].required_skills[{i}]", o.id),
                        format!("no staff member has the skill `{k}`"),
                    )
                    .hint("add the skill to a staff member's `skills`, or drop the requirement"),
                );
            }
        }
    }
    for x in &s.staff {
        staff(x, &areas, &offices, &mut p);
    }
    let staff_ids: BTreeSet<String> = s.staff.iter().map(|x| x.id.clone()).collect();
    for (i, a) in s.absences.iter().enumerate() {
        let at = format!("absences[{i}]");
        if !staff_ids.contains(&a.staff) {
            p.push(
                Diagnostic::new(
                    format!("{at}.staff"),
                    format!(
                        "unknown staff member `{}`{}",
                        a.staff,
                        near(&a.staff, &staff_ids)
                    ),
                )
                .hint(format!(
                    "use one of the [[staff]] ids: {}",
                    join(&staff_ids)
                )),
            );
        }
        if a.to < a.from {
            p.push(
                Diagnostic::new(
                    format!("{at}.to"),
                    format!("the absence ends ({}) before it starts ({})", a.to, a.from),
                )
                .hint("swap from and to"),
            );
        }
    }
    rooms_and_demand(s, &offices, &areas, &mut p);
    if s.staff.is_empty() {
        p.push(Diagnostic::new("staff", "the scenario has no staff").hint("add [[staff]] entries"));
    }
    p
}

/// The years a scenario may plan and cost: a period or a programme year
/// outside them is a typo (1025 for 2025), and spreadsheets cannot hold
/// dates before 1900.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Largest yearly amount in SEK (budgets, premises, other costs): a
/// billion, far above a service unit's, small enough for the solver's numbers.
const MAX_SEK_PER_YEAR: f64 = 1e9;

/// Largest weight or penalty of the objective.
const MAX_WEIGHT: f64 = 1e6;

/// `v` must be finite and within `lo..=hi`; else a diagnostic naming the
/// field and the range.
fn range(p: &mut Vec<Diagnostic>, field: impl Into<String>, v: f64, lo: f64, hi: f64, hint: &str) {
    if !(v.is_finite() && (lo..=hi).contains(&v)) {
        p.push(
            Diagnostic::new(
                field,
                format!("{v} is outside the allowed range {lo} to {hi}"),
            )
            .hint(hint),
        );
    }
}

fn period(s: &Scenario, p: &mut Vec<Diagnostic>) {
    if s.period.start == chrono::NaiveDate::MIN {
        return; // reported when reading
    }
    if s.period.end < s.period.start {
        p.push(
            Diagnostic::new(
                "period.end",
                format!(
                    "the period ends ({}) before it starts ({})",
                    s.period.end, s.period.start
                ),
            )
            .hint("swap start and end, or correct the year"),
        );
    } else if !(YEARS.contains(&s.period.start.year()) && YEARS.contains(&s.period.end.year())) {
        p.push(
            Diagnostic::new(
                "period",
                format!(
                    "the period {} – {} lies outside the years {} to {} that serviceplan plans",
                    s.period.start,
                    s.period.end,
                    YEARS.start(),
                    YEARS.end()
                ),
            )
            .hint("correct the year, e.g. start = 2025-04-01"),
        );
    } else if s.period.start < s.costs.programme_start
        || s.period.end.year() > s.costs.programme_end_year
    {
        p.push(
            Diagnostic::new(
                "period",
                format!(
                    "the period {} – {} lies outside the programme, {} to the end of {}: its costs and budget are counted per programme year",
                    s.period.start,
                    s.period.end,
                    s.costs.programme_start,
                    s.costs.programme_end_year
                ),
            )
            .hint("plan a period within the programme, or extend it with costs.programme_start and costs.programme_end_year (and budgets for the years)"),
        );
    } else if (s.period.end - s.period.start).num_days() > 366 {
        p.push(
            Diagnostic::new("period.end", "the period is longer than a year")
                .hint("plan a quarter at a time; a batch can cover several quarters"),
        );
    }
}

fn rules(s: &Scenario, p: &mut Vec<Diagnostic>) {
    let r = &s.rules;
    let mut check = |ok: bool, field: &str, msg: &str, hint: &str| {
        if !ok {
            p.push(Diagnostic::new(format!("rules.{field}"), msg).hint(hint));
        }
    };
    check(
        r.min_evenings_per_month <= 31,
        "min_evenings_per_month",
        "must be between 0 and 31",
        "the programme asks for 2 evening openings per office and month",
    );
    check(
        r.staff_per_opening.day <= 50 && r.staff_per_opening.evening <= 50,
        "staff_per_opening",
        "at most 50 staff per opening",
        "use day = 1, evening = 2",
    );
    check(
        (1..=7).contains(&r.max_consecutive_days),
        "max_consecutive_days",
        "must be between 1 and 7",
        "the weekly rest rule (ATL §14) allows at most 6 in a row within a week",
    );
    check(
        (0.0..=24.0).contains(&r.daily_rest_hours),
        "daily_rest_hours",
        "must be between 0 and 24 hours",
        "ATL §13 and AB §13: 11",
    );
    check(
        (0.0..=72.0).contains(&r.weekly_rest_hours),
        "weekly_rest_hours",
        "must be between 0 and 72 hours",
        "ATL §14: 36",
    );
    check(
        r.max_weekly_hours > 0.0 && r.max_weekly_hours <= 60.0,
        "max_weekly_hours",
        "must be in (0, 60]",
        "ATL §5: 40 hours a week on average",
    );
    check(
        (1..=4).contains(&r.averaging_weeks),
        "averaging_weeks",
        "must be between 1 and 4",
        "ATL §5 averages over at most 4 weeks",
    );
    check(
        r.cycle_weeks <= 13,
        "cycle_weeks",
        "must be 0 (no cycle) to 13 weeks",
        "rotating schedules usually have 2 to 6 weeks",
    );
    check(
        r.full_time_hours > 0.0 && r.full_time_hours <= r.max_weekly_hours,
        "full_time_hours",
        "must be positive and at most max_weekly_hours",
        "municipal full time is 40 hours (some agreements 38.25)",
    );
    check(
        r.staff_per_opening.day >= 1 && r.staff_per_opening.evening >= 1,
        "staff_per_opening",
        "every opening needs at least one staff member",
        "use day = 1, evening = 2 (two for safety in the evening)",
    );
    check(
        (0.0..=1.0).contains(&r.workload_tolerance),
        "workload_tolerance",
        "must be a share between 0 and 1",
        "0.10 lets office work differ by 10 % of contract hours from the fair share",
    );
    check(
        (r.break_minutes as f64) < r.max_hours_without_break * 60.0,
        "break_minutes",
        "the break must be shorter than max_hours_without_break",
        "ATL §15 and the agreement: usually 30 minutes",
    );
    check(
        r.max_hours_without_break > 0.0 && r.max_hours_without_break <= 24.0,
        "max_hours_without_break",
        "must be in (0, 24]",
        "ATL §15: 5",
    );
}

fn weights_costs_travel(s: &Scenario, p: &mut Vec<Diagnostic>) {
    let w = &s.weights;
    for (field, v) in [
        ("missing_opening", w.missing_opening),
        ("evening_spread", w.evening_spread),
        ("staff_minute", w.staff_minute),
        ("mileage_sek", w.mileage_sek),
        ("cycle_exception", w.cycle_exception),
        ("workload_balance", w.workload_balance),
        ("evening_fairness", w.evening_fairness),
        ("preference", w.preference),
        ("budget_deficit_sek", w.budget_deficit_sek),
        ("change_opening", w.change_opening),
        ("change_shift", w.change_shift),
        ("change_times", w.change_times),
        ("change_booking", w.change_booking),
        ("change_in_notice", w.change_in_notice),
    ] {
        range(
            p,
            format!("weights.{field}"),
            v,
            0.0,
            MAX_WEIGHT,
            "a weight is zero or positive (a negative one would reward what it is meant to penalise), at most 1,000,000",
        );
    }
    let c = &s.costs;
    for (field, v, hi) in [
        ("monthly_salary", c.monthly_salary, 1e6),
        ("mileage_sek_per_km", c.mileage_sek_per_km, 100.0),
        ("ob_sek_per_hour", c.ob_sek_per_hour, 10_000.0),
        ("other_per_year", c.other_per_year, MAX_SEK_PER_YEAR),
        ("budget.staff", c.budget.staff, MAX_SEK_PER_YEAR),
        ("budget.premises", c.budget.premises, MAX_SEK_PER_YEAR),
        ("budget.other", c.budget.other, MAX_SEK_PER_YEAR),
    ] {
        range(
            p,
            format!("costs.{field}"),
            v,
            0.0,
            hi,
            "amounts are SEK, zero or positive",
        );
    }
    for (field, year) in [
        ("salary_year", c.salary_year),
        ("programme_end_year", c.programme_end_year),
        ("programme_start", c.programme_start.year()),
    ] {
        if !YEARS.contains(&year) {
            p.push(
                Diagnostic::new(
                    format!("costs.{field}"),
                    format!(
                        "the year {year} is outside {} to {}",
                        YEARS.start(),
                        YEARS.end()
                    ),
                )
                .hint("correct the year, e.g. 2022"),
            );
        }
    }
    if c.programme_end_year < c.programme_start.year() {
        p.push(
            Diagnostic::new(
                "costs.programme_end_year",
                format!(
                    "the programme ends ({}) before it starts ({})",
                    c.programme_end_year, c.programme_start
                ),
            )
            .hint("the programme runs from 1 July 2022 to the end of 2025"),
        );
    }
    for (field, map) in [("pay_revision", &c.pay_revision), ("on_costs", &c.on_costs)] {
        for (year, v) in map.iter() {
            if !year.parse::<i32>().is_ok_and(|y| YEARS.contains(&y)) {
                p.push(
                    Diagnostic::new(
                        format!("costs.{field}.{year}"),
                        format!("`{year}` is not a year"),
                    )
                    .hint("write e.g. \"2024\" = 0.033"),
                );
            }
            if !(-0.5..=2.0).contains(v) {
                p.push(
                    Diagnostic::new(
                        format!("costs.{field}.{year}"),
                        format!("{v} is not a plausible rate"),
                    )
                    .hint("a share: 0.033 is 3.3 %"),
                );
            }
        }
    }
    if c.budget_mode != "hard" && c.budget_mode != "soft" {
        p.push(
            Diagnostic::new(
                "costs.budget_mode",
                format!("unknown budget mode `{}`", c.budget_mode),
            )
            .hint("\"hard\" (the plan stays within the yearly budget) or \"soft\" (an overrun is penalised and reported)"),
        );
    }
    if crate::scenario::time::parse_clock(&c.ob_from).is_none() {
        p.push(
            Diagnostic::new("costs.ob_from", format!("`{}` is not a time", c.ob_from))
                .hint("write \"HH:MM\", e.g. \"19:00\""),
        );
    }
    let t = &s.travel;
    if !(1..=60).contains(&t.round_minutes) {
        p.push(
            Diagnostic::new(
                "travel.round_minutes",
                format!("{} minutes is outside 1 to 60", t.round_minutes),
            )
            .hint("travel minutes are rounded up to this step, e.g. 5"),
        );
    }
    let r = &s.room_rules;
    for (field, v) in [
        ("unmet_hour", r.unmet_hour),
        ("evening_shortfall_hour", r.evening_shortfall_hour),
        ("fairness", r.fairness),
        ("spread", r.spread),
    ] {
        range(
            p,
            format!("room_rules.{field}"),
            v,
            0.0,
            MAX_WEIGHT,
            "a penalty is zero or positive, at most 1,000,000",
        );
    }
    let l = &s.location;
    range(
        p,
        "location.radius_km",
        l.radius_km,
        0.0,
        crate::geo::MAX_KM,
        "road km from an open office, e.g. 10",
    );
    for (field, v) in [
        ("unreached_inhabitant", l.unreached_inhabitant),
        ("premises_sek", l.premises_sek),
    ] {
        range(
            p,
            format!("location.{field}"),
            v,
            0.0,
            MAX_WEIGHT,
            "a penalty is zero or positive, at most 1,000,000",
        );
    }
    if !(t.speed_kmh > 0.0 && t.speed_kmh <= 200.0) {
        p.push(
            Diagnostic::new(
                "travel.speed_kmh",
                format!("{} km/h is not a plausible speed", t.speed_kmh),
            )
            .hint("average speed on the road, e.g. 60"),
        );
    }
    if !(1.0..=3.0).contains(&t.road_factor) {
        p.push(
            Diagnostic::new(
                "travel.road_factor",
                format!("{} is not a plausible road factor", t.road_factor),
            )
            .hint("road km ≈ factor × straight-line km; the Gävle default is 1.3"),
        );
    }
}

fn rooms_and_demand(
    s: &Scenario,
    offices: &BTreeSet<String>,
    areas: &BTreeSet<String>,
    p: &mut Vec<Diagnostic>,
) {
    let deps = ids(
        p,
        "departments",
        s.departments.iter().map(|d| d.id.as_str()),
    );
    ids(p, "rooms", s.rooms.iter().map(|r| r.id.as_str()));
    for d in &s.departments {
        let at = |f: &str| format!("departments[{}].{f}", d.id);
        if !areas.contains(&d.base) {
            p.push(
                Diagnostic::new(
                    at("base"),
                    format!("unknown area `{}`{}", d.base, near(&d.base, areas)),
                )
                .hint(format!("use one of the [[areas]] ids: {}", join(areas))),
            );
        }
        if d.meeting_minutes == 0 || d.meeting_minutes > 480 {
            p.push(
                Diagnostic::new(
                    at("meeting_minutes"),
                    format!("{} minutes is not a meeting length", d.meeting_minutes),
                )
                .hint("e.g. 45"),
            );
        }
        if !(d.priority > 0.0 && d.priority <= 1000.0) {
            p.push(
                Diagnostic::new(
                    at("priority"),
                    format!(
                        "priority {} is outside the allowed range (0, 1000]",
                        d.priority
                    ),
                )
                .hint("1.0 is normal; 2.0 is served twice as much"),
            );
        }
        if d.buffer_minutes > 480 {
            p.push(
                Diagnostic::new(
                    at("buffer_minutes"),
                    format!("{} minutes is outside 0 to 480", d.buffer_minutes),
                )
                .hint("the pause after each meeting, e.g. 15"),
            );
        }
    }
    for r in &s.rooms {
        let at = |f: &str| format!("rooms[{}].{f}", r.id);
        let Some(office) = s.offices.iter().find(|o| o.id == r.office) else {
            p.push(
                Diagnostic::new(
                    at("office"),
                    format!("unknown office `{}`{}", r.office, near(&r.office, offices)),
                )
                .hint(format!("use one of the [[offices]] ids: {}", join(offices))),
            );
            continue;
        };
        for (day, w) in &r.available {
            let field = at(&format!("available.{day}"));
            let Some(wd) = parse_weekday(day) else {
                p.push(
                    Diagnostic::new(field, format!("`{day}` is not a weekday"))
                        .hint("use mon, tue, wed, thu, fri, sat or sun"),
                );
                continue;
            };
            let Some((a, b)) = parse_window(w) else {
                p.push(
                    Diagnostic::new(field, format!("`{w}` is not a window"))
                        .hint("write \"HH:MM-HH:MM\", e.g. \"10:00-15:00\""),
                );
                continue;
            };
            let mut opening: Vec<(u32, u32)> = office
                .hours
                .iter()
                .filter(|(d, _)| parse_weekday(d) == Some(wd))
                .filter_map(|(_, w)| parse_window(w))
                .collect();
            if office
                .evening_days
                .iter()
                .any(|d| parse_weekday(d) == Some(wd))
                && let Some(e) = parse_window(&office.evening)
            {
                opening.push(e);
            }
            if !opening.iter().any(|(x, y)| a < *y && *x < b) {
                p.push(
                    Diagnostic::new(
                        field,
                        format!(
                            "the room is available {w} on {day}, when office {} is never open",
                            office.id
                        ),
                    )
                    .hint("match the room's hours to the office's `hours` or `evening_days`"),
                );
            }
        }
    }
    let months: Vec<String> = super::demand::months(s).into_iter().map(|m| m.0).collect();
    for (i, d) in s.demand.iter().enumerate() {
        let at = |f: &str| format!("demand[{i}].{f}");
        if !deps.contains(&d.department) {
            p.push(
                Diagnostic::new(
                    at("department"),
                    format!(
                        "unknown department `{}`{}",
                        d.department,
                        near(&d.department, &deps)
                    ),
                )
                .hint(format!(
                    "use one of the [[departments]] ids: {}",
                    join(&deps)
                )),
            );
        }
        match (&d.office, &d.area) {
            (Some(o), None) if !offices.contains(o) => p.push(
                Diagnostic::new(
                    at("office"),
                    format!("unknown office `{o}`{}", near(o, offices)),
                )
                .hint(format!("use one of the [[offices]] ids: {}", join(offices))),
            ),
            (None, Some(a)) if !areas.contains(a) => p.push(
                Diagnostic::new(at("area"), format!("unknown area `{a}`{}", near(a, areas)))
                    .hint(format!("use one of the [[areas]] ids: {}", join(areas))),
            ),
            (Some(_), Some(_)) => p.push(
                Diagnostic::new(at("office"), "give either `office` or `area`, not both")
                    .hint("an area's demand can be met at any office in it"),
            ),
            (None, None) => p.push(
                Diagnostic::new(at("department"), "the demand names no office or area")
                    .hint("add office = \"valbo\" or area = \"valbo\""),
            ),
            _ => {}
        }
        if let Some(m) = &d.month {
            let ok = m.len() == 7
                && m.as_bytes()[4] == b'-'
                && m[..4].parse::<u32>().is_ok()
                && m[5..].parse::<u32>().is_ok_and(|x| (1..=12).contains(&x));
            if !ok {
                p.push(
                    Diagnostic::new(at("month"), format!("`{m}` is not a month"))
                        .hint("write \"YYYY-MM\", e.g. \"2025-05\""),
                );
            } else if !months.contains(m) {
                p.push(
                    Diagnostic::new(
                        at("month"),
                        format!(
                            "{m} is outside the period {} – {}",
                            s.period.start, s.period.end
                        ),
                    )
                    .hint(format!("use one of {}", months.join(", "))),
                );
            }
        }
        match (d.hours, d.meetings) {
            (Some(_), Some(_)) => p.push(
                Diagnostic::new(at("hours"), "give either `hours` or `meetings`, not both")
                    .hint("meetings are counted as meeting_minutes + buffer_minutes each"),
            ),
            (None, None) => p.push(
                Diagnostic::new(
                    at("hours"),
                    "the demand gives neither `hours` nor `meetings`",
                )
                .hint("add hours = 6 or meetings = 8"),
            ),
            (Some(h), None) if !(h > 0.0 && h <= 300.0) => p.push(
                Diagnostic::new(at("hours"), format!("{h} hours a month is not plausible"))
                    .hint("hours of meetings per month, between 0 and 300"),
            ),
            (None, Some(m)) if m == 0 || m > 400 => p.push(
                Diagnostic::new(
                    at("meetings"),
                    format!("{m} meetings a month is not plausible"),
                )
                .hint("meetings per month, 1 to 400"),
            ),
            _ => {}
        }
        if !(0.0..=1.0).contains(&d.evening_share) {
            p.push(
                Diagnostic::new(
                    at("evening_share"),
                    format!("{} is not a share", d.evening_share),
                )
                .hint("between 0 and 1, e.g. 0.25"),
            );
        }
    }
    let r = &s.room_rules;
    if r.sharing != "proportional" && r.sharing != "priority" {
        p.push(
            Diagnostic::new(
                "room_rules.sharing",
                format!("unknown sharing rule `{}`", r.sharing),
            )
            .hint("use \"proportional\" or \"priority\""),
        );
    }
    if !(15..=240).contains(&r.block_minutes) {
        p.push(
            Diagnostic::new(
                "room_rules.block_minutes",
                format!("{} minutes is not a booking block", r.block_minutes),
            )
            .hint("15 to 240, e.g. 60"),
        );
    }
}

fn ids<'a>(
    p: &mut Vec<Diagnostic>,
    list: &str,
    items: impl Iterator<Item = &'a str>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for id in items {
        if id.trim().is_empty() {
            p.push(
                Diagnostic::new(list, "an entry has an empty id")
                    .hint("give every entry a unique id"),
            );
        } else if crate::cell::starts_like_formula(id) {
            seen.insert(id.to_string());
            p.push(
                Diagnostic::new(
                    format!("{list}[{id}].id"),
                    format!(
                        "the id {id:?} starts with `{}`, which a spreadsheet reads as the start of a formula",
                        id.chars().next().unwrap_or(' ').escape_default()
                    ),
                )
                .hint("ids name things in the plan's CSV files: start with a letter or digit, e.g. \"valbo\""),
            );
        } else if !seen.insert(id.to_string()) {
            p.push(
                Diagnostic::new(
                    format!("{list}[{id}].id"),
                    format!("duplicate id `{id}` in {list}"),
                )
                .hint("ids must be unique; rename one of the entries"),
            );
        }
    }
    seen
}

fn coords(p: &mut Vec<Diagnostic>, path: &str, lat: f64, lon: f64) {
    if !(-90.0..=90.0).contains(&lat) {
        p.push(
            Diagnostic::new(
                format!("{path}.lat"),
                format!("latitude {lat} is outside -90..90"),
            )
            .hint("WGS84 degrees, e.g. 60.6448"),
        );
    }
    if !(-180.0..=180.0).contains(&lon) {
        p.push(
            Diagnostic::new(
                format!("{path}.lon"),
                format!("longitude {lon} is outside -180..180"),
            )
            .hint("WGS84 degrees, e.g. 17.0123"),
        );
    }
}

fn office(s: &Scenario, o: &Office, areas: &BTreeSet<String>, p: &mut Vec<Diagnostic>) {
    let at = |f: &str| format!("offices[{}].{f}", o.id);
    coords(p, &format!("offices[{}]", o.id), o.lat, o.lon);
    if !areas.contains(&o.area) {
        p.push(
            Diagnostic::new(
                at("area"),
                format!("unknown area `{}`{}", o.area, near(&o.area, areas)),
            )
            .hint(format!("use one of the [[areas]] ids: {}", join(areas))),
        );
    }
    for (day, w) in &o.hours {
        if parse_weekday(day).is_none() {
            p.push(
                Diagnostic::new(
                    at(&format!("hours.{day}")),
                    format!("`{day}` is not a weekday"),
                )
                .hint("use mon, tue, wed, thu, fri, sat or sun"),
            );
        }
        if parse_window(w).is_none() {
            p.push(
                Diagnostic::new(
                    at(&format!("hours.{day}")),
                    format!("`{w}` is not an opening window"),
                )
                .hint("write \"HH:MM-HH:MM\" with the start before the end, e.g. \"10:00-15:00\""),
            );
        }
    }
    for (i, day) in o.evening_days.iter().enumerate() {
        if parse_weekday(day).is_none() {
            p.push(
                Diagnostic::new(
                    at(&format!("evening_days[{i}]")),
                    format!("`{day}` is not a weekday"),
                )
                .hint("use mon, tue, wed, thu, fri, sat or sun"),
            );
        }
    }
    if o.evening_days.is_empty() && s.rules.min_evenings_per_month > 0 && !o.closed {
        p.push(
            Diagnostic::new(at("evening_days"), "the office has no evening days, but the rules ask for evening openings every month")
                .hint("list the weekdays an evening may be held, e.g. evening_days = [\"tue\", \"thu\"], or set rules.min_evenings_per_month = 0"),
        );
    }
    match parse_window(&o.evening) {
        None => p.push(
            Diagnostic::new(at("evening"), format!("`{}` is not an opening window", o.evening))
                .hint("write \"HH:MM-HH:MM\", e.g. \"16:00-18:00\""),
        ),
        Some((a, b)) if !s.rules.allow_evening_outside_16_18 && (a < 16 * 60 || b > 18 * 60) => p.push(
            Diagnostic::new(
                at("evening"),
                format!("the evening window {} lies outside 16:00-18:00 set by the programme", o.evening),
            )
            .hint("use a window within \"16:00-18:00\", or set rules.allow_evening_outside_16_18 = true"),
        ),
        Some(_) => {}
    }
    let configured = o.hours.len() as u32;
    if let (Some(lo), Some(hi)) = (o.min_days_per_week, o.max_days_per_week)
        && lo > hi
    {
        p.push(
            Diagnostic::new(
                at("min_days_per_week"),
                format!("min_days_per_week {lo} exceeds max_days_per_week {hi}"),
            )
            .hint("lower the minimum or raise the maximum"),
        );
    }
    for (f, v) in [
        ("min_days_per_week", o.min_days_per_week),
        ("max_days_per_week", o.max_days_per_week),
    ] {
        if let Some(v) = v
            && v > configured
        {
            p.push(
                Diagnostic::new(
                    at(f),
                    format!("{v} days a week, but only {configured} weekdays have opening hours"),
                )
                .hint("add weekdays to `hours`, or lower the number"),
            );
        }
    }
    range(
        p,
        at("premises_cost_per_year"),
        o.premises_cost_per_year,
        0.0,
        MAX_SEK_PER_YEAR,
        "SEK per year, zero or positive, e.g. 40000",
    );
    range(
        p,
        at("premises_cost_per_hour"),
        o.premises_cost_per_hour,
        0.0,
        1e6,
        "SEK per opening hour, zero or positive, e.g. 150",
    );
    if let Some(km) = o.road_km
        && !(0.0..=500.0).contains(&km)
    {
        p.push(
            Diagnostic::new(
                at("road_km"),
                format!("{km} km is not a plausible road distance"),
            )
            .hint("km from the staff's home base, 0 to 500"),
        );
    }
}

fn staff(x: &Staff, areas: &BTreeSet<String>, offices: &BTreeSet<String>, p: &mut Vec<Diagnostic>) {
    let at = |f: &str| format!("staff[{}].{f}", x.id);
    if !(x.fte > 0.0 && x.fte <= 1.0) {
        p.push(
            Diagnostic::new(at("fte"), format!("FTE {} is outside (0, 1]", x.fte))
                .hint("the employment rate: 1.0 is full time, 0.5 half time"),
        );
    }
    if !areas.contains(&x.home) {
        p.push(
            Diagnostic::new(
                at("home"),
                format!("unknown home base `{}`{}", x.home, near(&x.home, areas)),
            )
            .hint(format!("use one of the [[areas]] ids: {}", join(areas))),
        );
    }
    for (i, a) in x.absences.iter().enumerate() {
        if a.to < a.from {
            p.push(
                Diagnostic::new(
                    at(&format!("absences[{i}].to")),
                    format!("the absence ends ({}) before it starts ({})", a.to, a.from),
                )
                .hint("swap from and to"),
            );
        }
    }
    for (i, d) in x.preferences.avoid_weekdays.iter().enumerate() {
        if parse_weekday(d).is_none() {
            p.push(
                Diagnostic::new(
                    at(&format!("preferences.avoid_weekdays[{i}]")),
                    format!("`{d}` is not a weekday"),
                )
                .hint("use mon, tue, wed, thu, fri, sat or sun"),
            );
        }
    }
    for (i, o) in x.preferences.avoid_offices.iter().enumerate() {
        if !offices.contains(o) {
            p.push(
                Diagnostic::new(
                    at(&format!("preferences.avoid_offices[{i}]")),
                    format!("unknown office `{o}`{}", near(o, offices)),
                )
                .hint(format!("use one of the [[offices]] ids: {}", join(offices))),
            );
        }
    }
}

/// " — did you mean `x`?" when a known id is near `word`.
fn near(word: &str, known: &BTreeSet<String>) -> String {
    super::suggest::did_you_mean(word, known.iter())
}

fn join(ids: &BTreeSet<String>) -> String {
    ids.iter().cloned().collect::<Vec<_>>().join(", ")
}
