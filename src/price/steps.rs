//! The steps to price: every rule and service level with a value in the
//! scenario, moved one step down and up (and dropped, where it can be
//! dropped), each as a changed copy of the scenario.
//!
//! A step beyond a rule's own range (two staff at a day opening when there
//! is no second, an eighth consecutive day) is not generated. A step whose
//! scenario fails `check` for another reason (closing the only office) is a
//! row `invalid` with the reason; a step whose scenario is valid but has no
//! plan is a row `infeasible`, with the rules that conflict.

use anyhow::{Result, anyhow, bail};
use serde::Serialize;

use crate::scenario::Scenario;
use crate::scenario::time::{clock, parse_window};

/// A rule or service level that can be priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// `rules.min_evenings_per_month`: evening openings per office and month.
    Evenings,
    /// `rules.staff_per_opening.day`.
    DayStaff,
    /// `rules.staff_per_opening.evening`.
    EveningStaff,
    /// An office open (`closed = false`) or closed.
    OfficeOpen,
    /// An office's day openings per week (`min_days_per_week` =
    /// `max_days_per_week`).
    DaysPerWeek,
    /// An office's day opening hours: the end of every day window.
    OpeningHours,
    /// A department's demand for meeting time (every one of its rows).
    Demand,
    /// `rules.max_consecutive_days`.
    MaxConsecutive,
    /// `rules.averaging_weeks`: weeks over which weekly hours are averaged.
    Averaging,
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl Rule {
    /// The id in `prices.csv`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::Evenings => "min_evenings_per_month",
            Rule::DayStaff => "staff_per_opening.day",
            Rule::EveningStaff => "staff_per_opening.evening",
            Rule::OfficeOpen => "office_open",
            Rule::DaysPerWeek => "days_per_week",
            Rule::OpeningHours => "opening_hours",
            Rule::Demand => "demand",
            Rule::MaxConsecutive => "max_consecutive_days",
            Rule::Averaging => "averaging_weeks",
        }
    }

    /// The label key of its name in [`crate::report::Lang`].
    pub fn label(self) -> &'static str {
        match self {
            Rule::Evenings => "p_rule_evenings",
            Rule::DayStaff => "p_rule_day_staff",
            Rule::EveningStaff => "p_rule_evening_staff",
            Rule::OfficeOpen => "p_rule_office_open",
            Rule::DaysPerWeek => "p_rule_days_per_week",
            Rule::OpeningHours => "p_rule_opening_hours",
            Rule::Demand => "p_rule_demand",
            Rule::MaxConsecutive => "p_rule_max_consecutive",
            Rule::Averaging => "p_rule_averaging",
        }
    }
}

/// One step: `rule` (of `target`, an office or department id, or empty for
/// a rule of the whole scenario) moved from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub rule: Rule,
    pub target: String,
    /// The target's name in the scenario (its id when it has none).
    pub target_name: String,
    pub from: String,
    pub to: String,
    /// What to set, in the lever's own terms.
    #[serde(skip)]
    change: Change,
}

#[derive(Debug, Clone, PartialEq)]
enum Change {
    Number(u32),
    Closed(bool),
    /// Minutes added to the end of every day window (negative: earlier).
    EndBy(i32),
    /// Added to every demand row of the department (hours, or meetings);
    /// `None`: every row removed.
    DemandBy(Option<i32>),
}

/// Every step of `s`, in a fixed order (rule, target in scenario order,
/// down before up before drop).
pub fn steps(s: &Scenario) -> Vec<Step> {
    let mut out = Vec::new();
    let r = &s.rules;
    numbers(
        &mut out,
        Rule::Evenings,
        r.min_evenings_per_month,
        0,
        31,
        Some(0),
    );
    let staff = s.staff.len() as u32;
    numbers(
        &mut out,
        Rule::DayStaff,
        r.staff_per_opening.day,
        1,
        staff.max(1),
        None,
    );
    numbers(
        &mut out,
        Rule::EveningStaff,
        r.staff_per_opening.evening,
        1,
        staff.max(1),
        None,
    );
    for o in s.offices.iter().filter(|o| !o.candidate) {
        out.push(Step {
            rule: Rule::OfficeOpen,
            target: o.id.clone(),
            target_name: name_or_id(&o.name, &o.id),
            from: open_word(!o.closed).into(),
            to: open_word(o.closed).into(),
            change: Change::Closed(!o.closed),
        });
    }
    for o in s
        .offices
        .iter()
        .filter(|o| !o.closed && !o.hours.is_empty())
    {
        let n = o.hours.len() as u32;
        let now = o.max_days_per_week.unwrap_or(n).min(n);
        for to in [now.checked_sub(1), Some(now + 1)].into_iter().flatten() {
            if (1..=n).contains(&to) {
                out.push(Step {
                    rule: Rule::DaysPerWeek,
                    target: o.id.clone(),
                    target_name: name_or_id(&o.name, &o.id),
                    from: now.to_string(),
                    to: to.to_string(),
                    change: Change::Number(to),
                });
            }
        }
    }
    for o in s
        .offices
        .iter()
        .filter(|o| !o.closed && !o.hours.is_empty())
    {
        for by in [-60, 60] {
            if let Some(to) = moved_windows(&o.hours, by) {
                out.push(Step {
                    rule: Rule::OpeningHours,
                    target: o.id.clone(),
                    target_name: name_or_id(&o.name, &o.id),
                    from: windows_text(&o.hours),
                    to: windows_text(&to),
                    change: Change::EndBy(by),
                });
            }
        }
    }
    for d in &s.departments {
        let rows: Vec<_> = s.demand.iter().filter(|x| x.department == d.id).collect();
        if rows.is_empty() {
            continue;
        }
        let now = demand_hours(s, &d.id);
        let mut push = |change: Change, to: f64| {
            out.push(Step {
                rule: Rule::Demand,
                target: d.id.clone(),
                target_name: name_or_id(&d.name, &d.id),
                from: hours_text(now),
                to: hours_text(to),
                change,
            })
        };
        let mut down = s.clone();
        if apply_demand(&mut down, &d.id, Some(-1)).is_ok() {
            push(Change::DemandBy(Some(-1)), demand_hours(&down, &d.id));
        }
        let mut up = s.clone();
        if apply_demand(&mut up, &d.id, Some(1)).is_ok() {
            push(Change::DemandBy(Some(1)), demand_hours(&up, &d.id));
        }
        if demand_hours(&down, &d.id) > 0.0 {
            push(Change::DemandBy(None), 0.0);
        }
    }
    numbers(
        &mut out,
        Rule::MaxConsecutive,
        r.max_consecutive_days,
        1,
        7,
        None,
    );
    numbers(&mut out, Rule::Averaging, r.averaging_weeks, 1, 4, None);
    out
}

/// A whole-scenario number `v` in `lo..=hi` one step down and up, and
/// dropped to `drop` when that is not already the step down.
fn numbers(out: &mut Vec<Step>, rule: Rule, v: u32, lo: u32, hi: u32, drop: Option<u32>) {
    let whole = |to: u32| Step {
        rule,
        target: String::new(),
        target_name: String::new(),
        from: v.to_string(),
        to: to.to_string(),
        change: Change::Number(to),
    };
    if v > lo {
        out.push(whole(v - 1));
    }
    if v < hi {
        out.push(whole(v + 1));
    }
    if let Some(d) = drop
        && v > d + 1
    {
        out.push(whole(d));
    }
}

fn name_or_id(name: &str, id: &str) -> String {
    if name.is_empty() {
        id.to_string()
    } else {
        name.to_string()
    }
}

fn open_word(open: bool) -> &'static str {
    if open { "open" } else { "closed" }
}

/// `hours` with every window's end moved by `by` minutes; `None` when a
/// window would end before it starts (or open less than an hour), or
/// after midnight.
fn moved_windows(
    hours: &std::collections::BTreeMap<String, String>,
    by: i32,
) -> Option<std::collections::BTreeMap<String, String>> {
    hours
        .iter()
        .map(|(day, w)| {
            let (start, end) = parse_window(w)?;
            let end = end as i32 + by;
            (end - start as i32 >= 60 && end <= 24 * 60).then(|| {
                (
                    day.clone(),
                    format!("{}-{}", clock(start), clock(end as u32)),
                )
            })
        })
        .collect()
}

/// The distinct windows of an office's day hours, e.g. `10:00-15:00`.
fn windows_text(hours: &std::collections::BTreeMap<String, String>) -> String {
    let mut w: Vec<String> = hours
        .values()
        .filter_map(|w| parse_window(w))
        .map(|(a, b)| format!("{}-{}", clock(a), clock(b)))
        .collect();
    w.sort();
    w.dedup();
    w.join(" ")
}

fn hours_text(h: f64) -> String {
    format!("{} h/month", (h * 100.0).round() / 100.0)
}

/// A department's demand, hours a month summed over its rows (meetings
/// converted with its meeting and buffer minutes; a row for one month counts
/// once).
fn demand_hours(s: &Scenario, department: &str) -> f64 {
    let per_meeting = s
        .departments
        .iter()
        .find(|d| d.id == department)
        .map_or(1.0, |d| {
            (d.meeting_minutes + d.buffer_minutes) as f64 / 60.0
        });
    s.demand
        .iter()
        .filter(|x| x.department == department)
        .map(|x| {
            x.hours
                .unwrap_or_else(|| x.meetings.unwrap_or(0) as f64 * per_meeting)
        })
        .sum()
}

/// Adds `by` to every demand row of `department` (hours, or meetings for a
/// row given in meetings); a row that would reach 0 is removed. `None`
/// removes every row.
fn apply_demand(s: &mut Scenario, department: &str, by: Option<i32>) -> Result<()> {
    let Some(by) = by else {
        s.demand.retain(|x| x.department != department);
        return Ok(());
    };
    let mut changed = false;
    s.demand.retain_mut(|x| {
        if x.department != department {
            return true;
        }
        changed = true;
        if let Some(h) = x.hours.as_mut() {
            *h += by as f64;
            if *h > 300.0 {
                *h = 300.0;
            }
            *h > 1e-9
        } else if let Some(m) = x.meetings.as_mut() {
            let v = *m as i64 + by as i64;
            *m = v.max(0) as u32;
            v > 0
        } else {
            true
        }
    });
    if !changed {
        bail!("no demand rows for department `{department}`");
    }
    Ok(())
}

/// The scenario with `step` applied, named after the step; an error when
/// the result does not pass `check`.
pub fn apply(base: &Scenario, step: &Step) -> Result<Scenario> {
    let mut s = base.clone();
    let office = |s: &mut Scenario| -> Result<usize> {
        s.offices
            .iter()
            .position(|o| o.id == step.target)
            .ok_or_else(|| anyhow!("no office `{}`", step.target))
    };
    match (&step.rule, &step.change) {
        (Rule::Evenings, Change::Number(v)) => s.rules.min_evenings_per_month = *v,
        (Rule::DayStaff, Change::Number(v)) => s.rules.staff_per_opening.day = *v,
        (Rule::EveningStaff, Change::Number(v)) => s.rules.staff_per_opening.evening = *v,
        (Rule::MaxConsecutive, Change::Number(v)) => s.rules.max_consecutive_days = *v,
        (Rule::Averaging, Change::Number(v)) => s.rules.averaging_weeks = *v,
        (Rule::OfficeOpen, Change::Closed(c)) => {
            let i = office(&mut s)?;
            s.offices[i].closed = *c;
        }
        (Rule::DaysPerWeek, Change::Number(v)) => {
            let i = office(&mut s)?;
            s.offices[i].min_days_per_week = Some(*v);
            s.offices[i].max_days_per_week = Some(*v);
        }
        (Rule::OpeningHours, Change::EndBy(by)) => {
            let i = office(&mut s)?;
            s.offices[i].hours = moved_windows(&s.offices[i].hours, *by)
                .ok_or_else(|| anyhow!("the opening hours cannot move by {by} minutes"))?;
        }
        (Rule::Demand, Change::DemandBy(by)) => apply_demand(&mut s, &step.target, *by)?,
        (rule, change) => bail!("{rule:?} cannot take {change:?}"),
    }
    // A name for messages only (never a path): the step's values may hold
    // any character, so only letters, digits and dots are kept.
    let plain = |v: &str| -> String {
        v.chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    s.name = format!(
        "{}-{}{}{}-{}",
        base.name,
        step.rule.id(),
        if step.target.is_empty() { "" } else { "-" },
        plain(&step.target),
        plain(&step.to)
    );
    let problems = crate::scenario::validate::validate(&s);
    if !problems.is_empty() {
        let msgs: Vec<String> = problems
            .iter()
            .map(|d| format!("{}: {}", d.field, d.message))
            .collect();
        bail!("{}", msgs.join("; "));
    }
    Ok(s)
}
