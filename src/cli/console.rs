//! What the commands print: summaries on stdout, progress and errors on stderr.

use chrono::Datelike;
use serviceplan::Error;
use serviceplan::batch::ComparisonRow;
use serviceplan::benchmark::facility::FacilitySummary;
use serviceplan::benchmark::roster::RosterSummary;
use serviceplan::output::OutDir;
use serviceplan::plan::Plan;
use serviceplan::scenario::Scenario;
use serviceplan::screening::ScreenSummary;
use serviceplan::verify;

/// An error, as the user reads it (the exit code says which kind).
pub fn error(e: &Error) {
    match e {
        // Diagnostics and explanations are complete messages of their own.
        Error::BadInput(m) | Error::Infeasible(m) | Error::NoPlan(m) | Error::VerifyFailed(m)
            if m.contains('\n') =>
        {
            eprintln!("{m}")
        }
        _ => eprintln!("error: {e}"),
    }
}

/// The line before a plan's solve.
pub fn planning(s: &Scenario) {
    eprintln!(
        "planning {} ({} – {}): {} offices, {} staff",
        s.name,
        s.period.start,
        s.period.end,
        s.offices.iter().filter(|o| !o.closed).count(),
        s.staff.len()
    );
}

/// A re-plan's freeze and changes.
pub fn replan_summary(p: &Plan) {
    let Some(r) = &p.summary.replan else { return };
    println!(
        "re-plan from {}: everything before as published; notice period to {}",
        r.from, r.notice_until
    );
    println!(
        "changes: {} ({} openings, {} staff events, {} room bookings), listed in changes.csv",
        r.changes, r.opening_changes, r.staff_event_changes, r.booking_changes
    );
    if !r.notice_changes.is_empty() {
        println!(
            "{} changes within the notice period, each forced by a hard rule:",
            r.notice_changes.len()
        );
        for c in &r.notice_changes {
            println!("  {c}");
        }
    }
}

/// A written plan: status, openings, staff, costs, verification.
pub fn plan_summary(p: &Plan, out: &OutDir, r: &verify::Report) {
    let s = &p.summary;
    println!("{} — {}", s.scenario, s.title);
    println!(
        "status {} (objective {:.2}, {}), solved in {:.2} s; model {} variables, {} rows",
        s.status,
        s.objective.unwrap_or(f64::NAN),
        s.mip_gap.map_or_else(
            || "no lower bound".to_string(),
            |g| format!("gap {:.4} %", g * 100.0)
        ),
        s.solve_seconds,
        s.model.variables,
        s.model.rows
    );
    println!(
        "openings: {} day, {} evening ({:.1} hours); missing day openings: {}",
        s.day_openings, s.evening_openings, s.opening_hours, s.missing_openings
    );
    for (office, months) in &s.evenings_per_month {
        let m: Vec<String> = months.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        println!("  evenings {office:<12} {}", m.join(", "));
    }
    for h in &s.staff_hours {
        println!(
            "  staff {:<8} FTE {:.2}: {:>6.1} h at offices of {:>6.1} h contract ({:.0} %), {} days, {} evenings",
            h.staff,
            h.fte,
            h.office_hours,
            h.contract_hours,
            h.office_share_pct,
            h.working_days,
            h.evenings
        );
    }
    let shares = s.staff_hours.iter().filter(|h| h.contract_hours > 0.0);
    if let (Some(low), Some(high)) = (
        shares
            .clone()
            .min_by(|a, b| a.office_share_pct.total_cmp(&b.office_share_pct)),
        shares.max_by(|a, b| a.office_share_pct.total_cmp(&b.office_share_pct)),
    ) && high.office_share_pct - low.office_share_pct > 25.0
    {
        println!(
            "  note: uneven workload: {} has {:.0} % of contract hours at offices, {} {:.0} %; \
             raise [weights] workload_balance or lower [rules] workload_tolerance to even it out",
            low.staff, low.office_share_pct, high.staff, high.office_share_pct
        );
    }
    // The costs of the years the plan covers, every category.
    let years = s.period.start.year()..=s.period.end.year();
    for c in s.costs.iter().filter(|c| years.contains(&c.year)) {
        println!(
            "  {} cost {}: {:>10.0} SEK projected for the year, budget {:>10.0}{}",
            c.category,
            c.year,
            c.planned_sek,
            c.budget_sek,
            if c.deficit_sek > 0.0 {
                format!(", {:.0} SEK over (budget_mode = soft)", c.deficit_sek)
            } else {
                String::new()
            }
        );
    }
    println!(
        "budget ({}): {}",
        s.budget_mode,
        if s.budget_deficit_sek > 0.0 {
            format!(
                "{:.0} SEK over in all programme years (costs.csv)",
                s.budget_deficit_sek
            )
        } else if s.budget_in_solve {
            "within every yearly limit; the limits shaped the plan".to_string()
        } else {
            "within every yearly limit".to_string()
        }
    );
    println!(
        "verified: {} openings and {} shifts, no rule broken; cycle exceptions: {} \
         (shifts that depart from the rotating base schedule for another reason than a holiday or absence)",
        r.openings, r.shifts, s.cycle_exceptions
    );
    println!(
        "objective {:.2}: the plan's weighted cost (paid minutes, mileage, missing openings, \
         exceptions, imbalance, unmet demand; models/municipal.md, Objective), lower is better",
        s.objective.unwrap_or(f64::NAN)
    );
    let v = serviceplan::report::verdict::judge(
        &serviceplan::report::verdict::Facts::of_plan(s),
        serviceplan::report::Lang::En,
    );
    println!("verdict: {}", v.text(serviceplan::report::Lang::En));
    println!("wrote {}", out.path().display());
    println!(
        "  open report.html (the plan to read), plan.xlsx (every table, for Excel), \
         calendars/ (one .ics per staff member and office, for Outlook)"
    );
}

/// A value for a summary line: the number as it is, or "none".
fn number_or_none(v: Option<f64>) -> String {
    v.map_or_else(|| "none".to_string(), |x| x.to_string())
}

/// A solved benchmark roster.
pub fn roster_summary(s: &RosterSummary, out: &OutDir) {
    println!(
        "{}: {}, objective {}, bound {}{} in {:.1} s; wrote {}",
        s.instance,
        s.status.as_str(),
        number_or_none(s.objective),
        number_or_none(s.bound),
        s.gap
            .filter(|g| *g > 0.0)
            .map_or(String::new(), |g| format!(" (gap {:.2} %)", 100.0 * g)),
        s.solve_seconds,
        out.path().display()
    );
}

/// A solved facility location instance.
pub fn facility_summary(s: &FacilitySummary, out: &OutDir) {
    println!(
        "{}: {}, objective {} in {:.2} s; wrote {}",
        s.instance,
        s.status.as_str(),
        number_or_none(s.objective),
        s.solve_seconds,
        out.path().display()
    );
}

/// A location screening.
pub fn locate_summary(s: &Scenario, summary: &ScreenSummary, out: &OutDir) {
    println!(
        "{}: {} ({}) open {} — {} of {} outer inhabitants within {} km ({:.1} %), mean {:.1} km, premises {:.0} SEK/year; wrote {}",
        s.name,
        summary.objective,
        summary.status.as_str(),
        summary.open_offices.join(", "),
        summary.inhabitants_reached,
        summary.outer_population,
        summary.radius_km,
        summary.reached_share * 100.0,
        summary.mean_km,
        summary.premises_cost_per_year,
        out.path().display()
    );
}

/// A batch's comparison, one line per scenario.
pub fn batch_summary(rows: &[ComparisonRow], out: &OutDir) {
    for r in rows {
        if r.reason.is_empty() {
            println!(
                "{} {:<40} {:<10} cost {:>10.0} SEK, reached {:>6} ({:>5.1} %), {:>5.1} h/office/week{}",
                if r.pareto {
                    "*"
                } else if r.over_budget() {
                    "!"
                } else {
                    " "
                },
                r.scenario,
                r.status,
                r.total_cost(),
                r.inhabitants_reached,
                r.reached_share * 100.0,
                r.opening_hours_per_office_week,
                if r.over_budget() {
                    format!("; over budget: {}", r.overruns_text())
                } else {
                    String::new()
                }
            );
        } else {
            println!("  {:<40} {:<10} {}", r.scenario, r.status, r.reason);
        }
    }
    println!(
        "wrote {}/comparison.csv, comparison.parquet, comparison.xlsx, comparison.md and report.html (* = Pareto-efficient among the scenarios within budget, ! = over budget)",
        out.path().display()
    );
}

/// What `serviceplan price` prints: the base, each priced step largest
/// first, the steps without a price, and where the files are.
pub fn price_summary(t: &serviceplan::price::PriceTable, out: &OutDir) {
    match &t.base.measure {
        Some(m) => println!(
            "base plan ({}): {:.0} SEK in {}",
            t.base.status,
            m.costs
                .iter()
                .filter(|((y, _), _)| *y == t.year)
                .map(|(_, v)| v)
                .sum::<f64>(),
            t.year
        ),
        None => println!("base plan: {} ({})", t.base.status, t.base.reason),
    }
    let mut priced: Vec<_> = t
        .rows
        .iter()
        .filter_map(|r| r.cost_sek_per_year().map(|c| (c, r)))
        .collect();
    priced.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (c, r) in &priced {
        println!(
            "  {:>+10.0} SEK/year  {:>+8.1} h open  {:<28} {:<14} {} -> {}{}",
            c,
            r.delta_open_hours.unwrap_or(0.0),
            r.step.rule.id(),
            r.step.target,
            r.step.from,
            r.step.to,
            if r.exact { "" } else { "  (not proven)" }
        );
    }
    for r in t.rows.iter().filter(|r| r.delta.is_none()) {
        println!(
            "  {:<10} {} {} {} -> {}: {}",
            r.status,
            r.step.rule.id(),
            r.step.target,
            r.step.from,
            r.step.to,
            r.reason
        );
    }
    println!(
        "wrote {}/prices.csv, prices.json and report.html ({} rows, {} priced)",
        out.path().display(),
        t.rows.len(),
        priced.len()
    );
}
