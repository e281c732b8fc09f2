//! Re-planning mid-quarter with the least change (models/replan.md): the
//! published plan folder and the scenario as it is now (new absences,
//! closed days, rooms taken) give a new plan of the same period that
//!
//! - keeps everything before `from` exactly as published (family
//!   `replan_freeze`, hard: the frozen days stay in the model as fixed
//!   variables, so every rule with a window counts them);
//! - keeps the notice period after `from` unless a hard rule forces a
//!   change (`notice_freeze`), and says why for each forced change;
//! - changes as little as possible after that (`change_opening`,
//!   `change_shift`, `change_times`, `change_booking`), then the usual
//!   objective;
//! - keeps the published base schedule and the published choice of offices.
//!
//! The result is a [`Plan`] with [`Plan::replan`] set: the changes
//! (`changes.csv`) and the calendar events' revisions (`sequences.csv`).
//! [`write_verified`] writes it after the independent verifier has checked
//! the hard rules and the re-plan against the published plan.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::{Datelike, Duration, NaiveDate};

use super::Outcome;
use crate::error::Error;
use crate::model::replan::{Baseline, add_rooms, add_staff};
use crate::model::{Cycle, Model, Part, Slot};
use crate::output::OutDir;
use crate::plan::changes::{self, ChangeRow, SequenceRow};
use crate::plan::{self, BookingRow, Plan, ReplanSummary};
use crate::report::{self, PlanFolder};
use crate::scenario::Scenario;
use crate::scenario::facts::{Facts, Kind};
use crate::scenario::time::parse_clock;
use crate::solve::{SolveOptions, Status};
use crate::verify;

/// A published plan folder, read back: its tables and its events' revisions.
#[derive(Debug, Clone)]
pub struct Published {
    pub folder: PlanFolder,
    /// `sequences.csv` of a folder that was itself a re-plan (else empty).
    pub sequences: Vec<SequenceRow>,
}

impl Published {
    /// Reads a plan folder written by `plan` or `replan`.
    pub fn read(dir: &Path) -> Result<Published> {
        let folder = PlanFolder::read(dir)
            .with_context(|| format!("{}: not a readable plan folder", dir.display()))?;
        let sequences = folder.sequences.clone();
        Ok(Published { folder, sequences })
    }

    fn bookings(&self) -> &[BookingRow] {
        self.folder.bookings.as_deref().unwrap_or(&[])
    }
}

/// Re-plans scenario `s` from date `from` against the published plan.
///
/// Returns [`Outcome::Planned`] with [`Plan::replan`] set, or why there is
/// no plan. Bad input (another period, unknown ids, a scenario that
/// changes a date before `from`, `from` outside the period) is an
/// [`Error::BadInput`] naming what and how to fix it.
pub fn replan(
    s: &Scenario,
    published: &Published,
    from: NaiveDate,
    opts: &SolveOptions,
) -> Result<Outcome, Error> {
    let started = std::time::Instant::now();
    let bad = |m: String| Err(Error::BadInput(m));
    if published.folder.period != (s.period.start, s.period.end) {
        return bad(format!(
            "the published plan covers {} to {}, the scenario {} to {}: re-plan with the scenario the plan was made from (with the new absences, closed days and rooms added)",
            published.folder.period.0, published.folder.period.1, s.period.start, s.period.end
        ));
    }
    if from < s.period.start || from > s.period.end {
        return bad(format!(
            "--from {from} is outside the period {} to {}: give the first date that may change",
            s.period.start, s.period.end
        ));
    }
    let decided = decide_offices(s, &published.folder)?;
    let facts = Facts::new(&decided);
    let notice = decided.rules.change_notice_days as i64;
    let notice_until = (from + Duration::days(notice - 1)).min(s.period.end);
    let baseline = baseline(&decided, &facts, published, from, notice_until)?;
    let cycle = base_schedule(&decided, &published.folder)?;
    let budget = crate::model::budget::may_bind(&decided, &facts);

    // The staff plan: openings and shifts, without department demand.
    let mut staff_only = decided.clone();
    staff_only.demand.clear();
    let mut model = Model::build_with(&staff_only, &facts, cycle.clone(), budget);
    let problems = add_staff(&mut model, &baseline);
    refuse(&problems, from)?;
    start_from_published(&mut model, &baseline);
    let keep = if decided.demand.is_empty() {
        0.0
    } else {
        opts.deadline
            .remaining()
            .map_or(0.0, |t| (0.15 * t).clamp(0.5, 10.0))
    };
    let size = model.lp.size();
    let lp = std::mem::take(&mut model.lp);
    let quarter = lp.solve(&opts.until(opts.deadline.less(keep)));
    if opts.verbose {
        eprintln!(
            "re-plan quarter: {} in {:.2} s, objective {:?}",
            quarter.status.as_str(),
            quarter.seconds,
            quarter.objective
        );
    }
    if quarter.values.is_none() {
        return Ok(match quarter.status {
            Status::Infeasible => Outcome::Infeasible {
                explanation: {
                    // the frozen program again, its hard rows relaxed: the
                    // families that give way (the freeze among them)
                    let mut m = Model::build_with(&staff_only, &facts, Cycle::Off, budget);
                    add_staff(&mut m, &baseline);
                    super::explain_lp(std::mem::take(&mut m.lp), opts)
                },
                seconds: started.elapsed().as_secs_f64(),
            },
            status => Outcome::NoSolution {
                status,
                reason: "no re-plan found within the time limit; raise --time-limit".into(),
                seconds: started.elapsed().as_secs_f64(),
            },
        });
    }
    let (model_for_plan, outcome, size) = if decided.demand.is_empty() {
        (model, quarter, size)
    } else {
        // Rooms: the staff plan fixed, bookings frozen before `from` and
        // kept where they can be after it.
        let staff_values = quarter.values.as_ref().expect("checked above");
        let mut rooms = Model::build_with(&decided, &facts, cycle, budget);
        let problems = add_rooms(&mut rooms, &baseline);
        refuse(&problems, from)?;
        let size = rooms.lp.size();
        let out = super::rooms_stage(&model, &rooms, staff_values, opts, |_| {});
        // Bookings frozen or changed are left out of the department
        // terms' bound, which loosens it (still valid).
        let departments = super::department_bound(&rooms, &opts.until(opts.deadline.within(2.0)));
        (
            rooms,
            super::weakest_stage(&quarter, out, departments, opts.gap),
            size,
        )
    };
    if let Some(err) = &outcome.error {
        return Ok(Outcome::NoSolution {
            status: outcome.status,
            reason: err.clone(),
            seconds: started.elapsed().as_secs_f64(),
        });
    }
    let Some(mut p) = plan::extract(&model_for_plan, &outcome, size) else {
        return Ok(Outcome::NoSolution {
            status: outcome.status,
            reason: "the rooms stage found no bookings for the re-planned staff plan; raise --time-limit".into(),
            seconds: started.elapsed().as_secs_f64(),
        });
    };
    p.summary.scenario = s.name.clone();
    p.summary.budget_in_solve = budget;
    p.summary.solve_seconds = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    let f = &published.folder;
    let changes = changes::diff(
        (&f.openings, &f.shifts, published.bookings()),
        (&p.openings, &p.shifts, &p.bookings),
    );
    let notice_changes = changes
        .iter()
        .filter(|c| from <= c.date && c.date <= notice_until)
        .map(|c| format!("{}: {}", describe(c), why(&decided, &facts, c, &changes)))
        .collect();
    p.summary.replan = Some(ReplanSummary {
        from,
        notice_until,
        changes: changes.len(),
        opening_changes: changes.iter().filter(|c| c.is_opening()).count(),
        staff_event_changes: changes.iter().filter(|c| c.is_shift()).count(),
        booking_changes: changes
            .iter()
            .filter(|c| !c.is_shift() && !c.is_opening())
            .count(),
        notice_changes,
    });
    p.replan = Some(plan::changes::Replan {
        from,
        notice_until,
        sequences: changes::sequences(&published.sequences, &changes),
        changes,
    });
    Ok(Outcome::Planned(Box::new(p)))
}

/// Writes a re-plan into `dir` atomically after the independent verifier
/// has checked it: every hard rule of the scenario, and against the
/// published plan (the part before `from` identical, every change listed
/// in `changes.csv`). With `lang`, also the reports (`report.html` with its
/// changes section, `plan.xlsx`, the calendars with their updates).
pub fn write_verified(
    s: &Scenario,
    plan: &mut Plan,
    published: &Published,
    dir: &OutDir,
    lang: Option<report::Lang>,
) -> Result<verify::Report> {
    let f = &published.folder;
    super::write_checked(s, plan, dir, lang, |tmp| {
        verify::plan::verify_replan_dir(s, tmp, (&f.openings, &f.shifts, published.bookings()))
    })
}

/// The offices as published: a candidate office is open when the
/// published plan opened it.
fn decide_offices(s: &Scenario, f: &PlanFolder) -> Result<Scenario, Error> {
    let mut d = s.clone();
    if !s.offices.iter().any(|o| o.candidate && !o.closed) {
        return Ok(d);
    }
    let open: BTreeSet<&str> = f.summary["open_offices"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_else(|| f.openings.iter().map(|o| o.office.as_str()).collect());
    for o in &mut d.offices {
        if o.candidate {
            if open.contains(o.id.as_str()) {
                o.candidate = false;
            } else {
                o.closed = true;
            }
        }
    }
    Ok(d)
}

/// The published base schedule (`base_schedule.csv`) as the model's slots.
fn base_schedule(s: &Scenario, f: &PlanFolder) -> Result<Cycle, Error> {
    if s.rules.cycle_weeks == 0 || f.base.is_empty() {
        return Ok(Cycle::Off);
    }
    let mut slots: BTreeSet<Slot> = BTreeSet::new();
    for (i, r) in f.base.iter().enumerate() {
        let line = i + 2;
        let x = staff_index(s, &r.staff, "base_schedule.csv", line)?;
        let o = office_index(s, &r.office, "base_schedule.csv", line)?;
        let wd = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .position(|d| *d == r.weekday);
        let part = match r.shift.as_str() {
            "day" => Some(Part::Day),
            "evening" => Some(Part::Evening),
            "day+evening" => Some(Part::DayEvening),
            _ => None,
        };
        let (Some(wd), Some(part), true) =
            (wd, part, (1..=s.rules.cycle_weeks).contains(&r.cycle_week))
        else {
            return Err(Error::BadInput(format!(
                "base_schedule.csv: line {line}: cycle_week, weekday or shift is not one serviceplan writes (cycle weeks 1..={}, weekdays mon..sun, shifts day, evening, day+evening): re-plan from the folder `plan` wrote",
                s.rules.cycle_weeks
            )));
        };
        slots.insert((x, r.cycle_week - 1, wd as u32, o, part));
    }
    Ok(Cycle::Fixed(slots))
}

/// The index of staff member `id` in `s`, if it has one.
fn staff_pos(s: &Scenario, id: &str) -> Option<usize> {
    s.staff.iter().position(|x| x.id == id)
}

/// The index of office `id` in `s`, if it has one.
fn office_pos(s: &Scenario, id: &str) -> Option<usize> {
    s.offices.iter().position(|o| o.id == id)
}

fn staff_index(s: &Scenario, id: &str, file: &str, line: usize) -> Result<usize, Error> {
    staff_pos(s, id).ok_or_else(|| {
        Error::BadInput(format!(
            "{file}: line {line}: field staff: `{}` is not a staff member of scenario {}: re-plan with the scenario the plan was made from",
            crate::input::excerpt(id),
            s.name
        ))
    })
}

fn office_index(s: &Scenario, id: &str, file: &str, line: usize) -> Result<usize, Error> {
    office_pos(s, id).ok_or_else(|| {
        Error::BadInput(format!(
            "{file}: line {line}: field office: `{}` is not an office of scenario {}: re-plan with the scenario the plan was made from",
            crate::input::excerpt(id),
            s.name
        ))
    })
}

/// The published plan in the model's indices.
fn baseline(
    s: &Scenario,
    facts: &Facts,
    published: &Published,
    from: NaiveDate,
    notice_until: NaiveDate,
) -> Result<Baseline, Error> {
    let index = |d: NaiveDate| facts.dates.partition_point(|x| *x < d);
    let mut b = Baseline {
        from: index(from),
        notice_end: index(notice_until + Duration::days(1)),
        ..Baseline::default()
    };
    let times = |file: &str, line: usize, start: &str, end: &str| match (
        parse_clock(start),
        parse_clock(end),
    ) {
        (Some(a), Some(z)) if a < z => Ok((a, z)),
        _ => Err(Error::BadInput(format!(
            "{file}: line {line}: fields start, end: not times HH:MM with start before end: re-plan from the folder `plan` wrote"
        ))),
    };
    let date_of = |file: &str, line: usize, d: NaiveDate| {
        facts.day(d).ok_or_else(|| {
            Error::BadInput(format!(
                "{file}: line {line}: field date: {d} is not a date of the period: re-plan from the folder `plan` wrote for this scenario"
            ))
        })
    };
    let kind_of = |file: &str, line: usize, k: &str| {
        Kind::parse(k).ok_or_else(|| {
            Error::BadInput(format!(
                "{file}: line {line}: field kind: `{}` is neither day nor evening",
                crate::input::excerpt(k)
            ))
        })
    };
    for (i, r) in published.folder.openings.iter().enumerate() {
        let (file, line) = ("openings.csv", i + 2);
        let key = (
            office_index(s, &r.office, file, line)?,
            date_of(file, line, r.date)?,
            kind_of(file, line, &r.kind)?,
        );
        b.openings.insert(key, times(file, line, &r.start, &r.end)?);
    }
    for (i, r) in published.folder.shifts.iter().enumerate() {
        let (file, line) = ("shifts.csv", i + 2);
        let key = (
            staff_index(s, &r.staff, file, line)?,
            date_of(file, line, r.date)?,
            office_index(s, &r.office, file, line)?,
            kind_of(file, line, &r.kind)?,
        );
        b.shifts.insert(key, times(file, line, &r.start, &r.end)?);
    }
    let block = s.room_rules.block_minutes.max(1);
    for (i, r) in published.bookings().iter().enumerate() {
        let (file, line) = ("bookings.csv", i + 2);
        let room = s.rooms.iter().position(|x| x.id == r.room);
        let dep = s.departments.iter().position(|x| x.id == r.department);
        let (Some(room), Some(dep)) = (room, dep) else {
            return Err(Error::BadInput(format!(
                "{file}: line {line}: fields room, department: `{}` or `{}` is not in scenario {}: re-plan with the scenario the plan was made from (a room taken away is `unavailable` on its dates, not removed)",
                crate::input::excerpt(&r.room),
                crate::input::excerpt(&r.department),
                s.name
            )));
        };
        let d = date_of(file, line, r.date)?;
        let (a, z) = times(file, line, &r.start, &r.end)?;
        let mut t = a;
        while t < z {
            b.blocks.insert((room, d, dep, t));
            t += block;
        }
    }
    Ok(b)
}

/// Refuses a re-plan whose scenario changes a date before `from`.
fn refuse(problems: &[String], from: NaiveDate) -> Result<(), Error> {
    if problems.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = problems
        .iter()
        .take(10)
        .map(|p| format!("  - {p}"))
        .collect();
    let more = if problems.len() > 10 {
        format!("\n  ... and {} more", problems.len() - 10)
    } else {
        String::new()
    };
    Err(Error::BadInput(format!(
        "the published plan before --from {from} is frozen, but the scenario no longer allows {} of it:\n{}{more}\nfix: give --from the first date the scenario changes (the date of the absence, closed day or room), or keep the scenario as it was before {from}",
        problems.len(),
        shown.join("\n")
    )))
}

/// Suggests `plan`'s openings and shifts as the start of `m` (a model of
/// `s`, possibly changed since `plan` was made): rows whose office, staff
/// member, date or kind `s` no longer has are left out, and what of the
/// rest still fits is hinted ([`start_from_published`]). The same lookups
/// as [`baseline`], which turns a missing one into an error instead.
pub(super) fn hint_plan(m: &mut Model, s: &Scenario, plan: &crate::plan::Plan) {
    let facts = m.facts;
    let mut b = Baseline::default();
    for r in &plan.openings {
        if let (Some(o), Some(d), Some(k)) = (
            office_pos(s, &r.office),
            facts.day(r.date),
            Kind::parse(&r.kind),
        ) {
            b.openings.insert((o, d, k), (0, 0));
        }
    }
    for r in &plan.shifts {
        if let (Some(x), Some(d), Some(o), Some(k)) = (
            staff_pos(s, &r.staff),
            facts.day(r.date),
            office_pos(s, &r.office),
            Kind::parse(&r.kind),
        ) {
            b.shifts.insert((x, d, o, k), (0, 0));
        }
    }
    start_from_published(m, &b);
}

/// Starts the solver from the published plan (what of it still fits).
fn start_from_published(m: &mut Model, b: &Baseline) {
    let mut hints = Vec::new();
    for ((o, d), v) in m.open.iter().chain(m.evening.iter()).map(|(k, v)| (*k, *v)) {
        let kind = if m.open.get(&(o, d)) == Some(&v) {
            Kind::Day
        } else {
            Kind::Evening
        };
        hints.push((v, b.openings.contains_key(&(o, d, kind))));
    }
    for c in &m.cells {
        let mine: BTreeSet<(usize, Kind)> = b
            .shifts
            .range((c.staff, c.day, 0, Kind::Day)..=(c.staff, c.day, usize::MAX, Kind::Evening))
            .map(|(&(_, _, o, k), _)| (o, k))
            .collect();
        let covers: BTreeSet<(usize, Kind)> = [Kind::Day, Kind::Evening]
            .into_iter()
            .filter(|k| c.part.covers(*k))
            .map(|k| (c.office, k))
            .collect();
        hints.push((c.var, covers == mine));
    }
    for (v, on) in hints {
        if on {
            m.lp.hint(v, 1.0);
        }
    }
}

/// A change in words.
fn describe(c: &ChangeRow) -> String {
    let who = if c.staff.is_empty() {
        format!("office {}", c.office)
    } else {
        format!("staff {} at office {}", c.staff, c.office)
    };
    let what = match (c.before.is_empty(), c.after.is_empty()) {
        (false, true) => format!("{} ({})", c.what, c.before),
        (true, false) => format!("{} ({})", c.what, c.after),
        _ => format!("{} ({} → {})", c.what, c.before, c.after),
    };
    format!("{} {who}: {what}", c.date)
}

/// Why a change within the notice period was made: the scenario no longer
/// allows the published event, or the hard rules need it after such a
/// change that day.
fn why(s: &Scenario, f: &Facts, c: &ChangeRow, all: &[ChangeRow]) -> String {
    if let Some(reason) = direct_cause(s, f, c) {
        return reason;
    }
    if !c.is_shift() && !c.is_opening() {
        // a booking lies inside an opening: it follows the openings that day
        return match all
            .iter()
            .find(|o| o.date == c.date && o.office == c.office && o.what == "opening_cancelled")
        {
            Some(o) => format!(
                "a booking needs the office open, and its {} opening is cancelled",
                o.before
            ),
            None => {
                "the department's demand is re-booked after the openings changed around it".into()
            }
        };
    }
    let causes: Vec<String> = all
        .iter()
        .filter(|o| o.date == c.date && o != &c)
        .filter_map(|o| direct_cause(s, f, o))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if causes.is_empty() {
        "keeping the published plan would break a hard rule (staffing, rest, hours) after the changes around it".into()
    } else {
        format!(
            "keeping the published plan would break a hard rule (staffing) after: {}",
            causes.join("; ")
        )
    }
}

/// The reason a removed or changed published event is no longer possible.
fn direct_cause(s: &Scenario, f: &Facts, c: &ChangeRow) -> Option<String> {
    if c.before.is_empty() {
        return None;
    }
    let o = s.offices.iter().position(|x| x.id == c.office)?;
    if c.is_shift()
        && let Some(x) = s.staff.iter().position(|x| x.id == c.staff)
        && f.absent(s, x, c.date)
    {
        return Some(format!("{} is absent on {}", c.staff, c.date));
    }
    if let Some(reason) = f.closed_reason(s, o, c.date) {
        return Some(format!(
            "office {} is closed on {} ({reason})",
            c.office, c.date
        ));
    }
    if !c.is_shift() && !c.is_opening() {
        let room = c.before.split(' ').next()?;
        let r = s.rooms.iter().find(|r| r.id == room)?;
        if r.unavailable.contains(&c.date) {
            return Some(format!("room {room} is unavailable on {}", c.date));
        }
    }
    if c.what.ends_with("_times") {
        return Some(format!(
            "office {}'s hours on {} ({}) changed in the scenario",
            c.office,
            c.date,
            c.date.weekday()
        ));
    }
    None
}
