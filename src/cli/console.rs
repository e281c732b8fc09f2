//! What the commands print: summaries on stdout, progress and errors on stderr.

use chrono::Datelike;
use serviceplan::Error;
use serviceplan::batch::ComparisonRow;
use serviceplan::benchmark::facility::FacilitySummary;
use serviceplan::benchmark::roster::RosterSummary;
use serviceplan::output::OutDir;
use serviceplan::plan::Plan;
use serviceplan::report::Lang;
use serviceplan::scenario::Scenario;
use serviceplan::screening::ScreenSummary;
use serviceplan::solve::{Event, Progress};
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
pub fn planning(s: &Scenario, lang: Lang) {
    let offices = s.offices.iter().filter(|o| !o.closed).count();
    match lang {
        Lang::Sv => eprintln!(
            "planerar {} ({} – {}): {offices} kontor, {} medarbetare",
            s.name,
            s.period.start,
            s.period.end,
            s.staff.len()
        ),
        Lang::En => eprintln!(
            "planning {} ({} – {}): {offices} offices, {} staff",
            s.name,
            s.period.start,
            s.period.end,
            s.staff.len()
        ),
    }
}

/// A re-plan's freeze and changes, in `lang`.
pub fn replan_summary(p: &Plan, lang: Lang) {
    let Some(r) = &p.summary.replan else { return };
    match lang {
        Lang::Sv => {
            println!(
                "omplanering från {}: allt före som publicerat; varselperioden till {}",
                r.from, r.notice_until
            );
            println!(
                "ändringar: {} ({} öppningar, {} personalhändelser, {} rumsbokningar), listade i changes.csv",
                r.changes, r.opening_changes, r.staff_event_changes, r.booking_changes
            );
        }
        Lang::En => {
            println!(
                "re-plan from {}: everything before as published; notice period to {}",
                r.from, r.notice_until
            );
            println!(
                "changes: {} ({} openings, {} staff events, {} room bookings), listed in changes.csv",
                r.changes, r.opening_changes, r.staff_event_changes, r.booking_changes
            );
        }
    }
    if !r.notice_changes.is_empty() {
        println!(
            "{} {}",
            r.notice_changes.len(),
            tr(
                lang,
                "ändringar inom varselperioden, var och en framtvingad av en hård regel:",
                "changes within the notice period, each forced by a hard rule:"
            )
        );
        for c in &r.notice_changes {
            println!("  {c}");
        }
    }
}

/// `sv` or `en` of one printed line.
fn tr(lang: Lang, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Sv => sv,
        Lang::En => en,
    }
}

/// A written plan, in `lang`: status, openings, staff, costs, verification,
/// the verdict, and what to open next. Offices and staff by their names.
pub fn plan_summary(s: &Scenario, p: &Plan, out: &OutDir, r: &verify::Report, lang: Lang) {
    let sum = &p.summary;
    let office_name = |id: &str| {
        s.offices
            .iter()
            .find(|o| o.id == id && !o.name.is_empty())
            .map_or_else(|| id.to_string(), |o| o.name.clone())
    };
    let hours = |v: f64| lang.dec(v, 1);
    println!("{} — {}", sum.scenario, sum.title);
    let gap = sum.mip_gap.map_or_else(
        || tr(lang, "ingen undre gräns", "no lower bound").to_string(),
        |g| format!("gap {} %", lang.dec(g * 100.0, 2)),
    );
    println!(
        "{} {} ({gap}), {} {} s; {} {} {}, {} {}",
        tr(lang, "status", "status"),
        serviceplan::report::status_label(&sum.status, lang),
        tr(lang, "löst på", "solved in"),
        lang.dec(sum.solve_seconds, 2),
        tr(lang, "modell", "model"),
        lang.int(sum.model.variables as f64),
        tr(lang, "variabler", "variables"),
        lang.int(sum.model.rows as f64),
        tr(lang, "villkor", "rows"),
    );
    println!(
        "{}: {} {}, {} {} ({} {}); {}: {}",
        tr(lang, "öppningar", "openings"),
        sum.day_openings,
        tr(lang, "dagtid", "day"),
        sum.evening_openings,
        tr(lang, "kväll", "evening"),
        hours(sum.opening_hours),
        tr(lang, "timmar", "hours"),
        tr(lang, "saknade dagöppningar", "missing day openings"),
        lang.dec(sum.missing_openings, 0),
    );
    for (office, months) in &sum.evenings_per_month {
        let m: Vec<String> = months.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        println!(
            "  {} {:<24} {}",
            tr(lang, "kvällar", "evenings"),
            office_name(office),
            m.join(", ")
        );
    }
    for h in &sum.staff_hours {
        println!(
            "  {:<16} {} {}: {:>6} h {} {:>6} h ({} %), {} {}, {} {}",
            if h.name.is_empty() { &h.staff } else { &h.name },
            tr(lang, "tjänstegrad", "FTE"),
            lang.dec(h.fte, 2),
            hours(h.office_hours),
            tr(lang, "på kontor av", "at offices of"),
            hours(h.contract_hours),
            lang.dec(h.office_share_pct, 0),
            h.working_days,
            tr(lang, "dagar", "days"),
            h.evenings,
            tr(lang, "kvällar", "evenings"),
        );
    }
    let shares = sum.staff_hours.iter().filter(|h| h.contract_hours > 0.0);
    if let (Some(low), Some(high)) = (
        shares
            .clone()
            .min_by(|a, b| a.office_share_pct.total_cmp(&b.office_share_pct)),
        shares.max_by(|a, b| a.office_share_pct.total_cmp(&b.office_share_pct)),
    ) && high.office_share_pct - low.office_share_pct > 25.0
    {
        match lang {
            Lang::Sv => println!(
                "  obs: ojämn arbetsbelastning: {} har {:.0} % av avtalad tid på kontor, {} {:.0} %; \
                 höj [weights] workload_balance eller sänk [rules] workload_tolerance för att jämna ut",
                low.name, low.office_share_pct, high.name, high.office_share_pct
            ),
            Lang::En => println!(
                "  note: uneven workload: {} has {:.0} % of contract hours at offices, {} {:.0} %; \
                 raise [weights] workload_balance or lower [rules] workload_tolerance to even it out",
                low.name, low.office_share_pct, high.name, high.office_share_pct
            ),
        }
    }
    // The costs of the years the plan covers, every category.
    let years = sum.period.start.year()..=sum.period.end.year();
    for c in sum.costs.iter().filter(|c| years.contains(&c.year)) {
        let category = lang.category(&c.category).unwrap_or(&c.category);
        let over = if c.deficit_sek > 0.0 {
            format!(
                ", {} kr {} (budget_mode = soft)",
                lang.int(c.deficit_sek),
                tr(lang, "över", "over")
            )
        } else {
            String::new()
        };
        match lang {
            Lang::Sv => println!(
                "  {category} {}: {:>12} kr beräknat för året, budget {:>12} kr{over}",
                c.year,
                lang.int(c.planned_sek),
                lang.int(c.budget_sek)
            ),
            Lang::En => println!(
                "  {} cost {}: {:>10} SEK projected for the year, budget {:>10}{over}",
                c.category,
                c.year,
                lang.int(c.planned_sek),
                lang.int(c.budget_sek)
            ),
        }
    }
    let budget = if sum.budget_deficit_sek > 0.0 {
        match lang {
            Lang::Sv => format!(
                "{} kr över under programåren (costs.csv)",
                lang.int(sum.budget_deficit_sek)
            ),
            Lang::En => format!(
                "{} SEK over in all programme years (costs.csv)",
                lang.int(sum.budget_deficit_sek)
            ),
        }
    } else if sum.budget_in_solve {
        tr(
            lang,
            "inom varje årsbudget; gränserna har format planen",
            "within every yearly limit; the limits shaped the plan",
        )
        .to_string()
    } else {
        tr(lang, "inom varje årsbudget", "within every yearly limit").to_string()
    };
    println!("budget ({}): {budget}", sum.budget_mode);
    match lang {
        Lang::Sv => println!(
            "verifierad: {} öppningar och {} pass, ingen regel bruten; undantag från grundschemat: {} \
             (pass som avviker från det roterande grundschemat av annat skäl än helgdag eller frånvaro)",
            r.openings, r.shifts, sum.cycle_exceptions
        ),
        Lang::En => println!(
            "verified: {} openings and {} shifts, no rule broken; cycle exceptions: {} \
             (shifts that depart from the rotating base schedule for another reason than a holiday or absence)",
            r.openings, r.shifts, sum.cycle_exceptions
        ),
    }
    let objective = sum
        .objective
        .map_or_else(|| "–".to_string(), |o| lang.dec(o, 2));
    match lang {
        Lang::Sv => println!(
            "målfunktion {objective}: planens viktade kostnad (betald tid, milersättning, saknade öppningar, \
             undantag, obalans, ej tillgodosedd efterfrågan; models/municipal.md, Objective), lägre är bättre"
        ),
        Lang::En => println!(
            "objective {objective}: the plan's weighted cost (paid minutes, mileage, missing openings, \
             exceptions, imbalance, unmet demand; models/municipal.md, Objective), lower is better"
        ),
    }
    let v = serviceplan::report::verdict::judge(
        &serviceplan::report::verdict::Facts::of_plan(sum),
        lang,
    );
    println!("{}: {}", tr(lang, "bedömning", "verdict"), v.text(lang));
    println!("{} {}", tr(lang, "skrev", "wrote"), out.path().display());
    println!(
        "  {}",
        tr(
            lang,
            "öppna report.html (planen att läsa), plan.xlsx (alla tabeller, för Excel), \
             calendars/ (en .ics per medarbetare och kontor, för Outlook)",
            "open report.html (the plan to read), plan.xlsx (every table, for Excel), \
             calendars/ (one .ics per staff member and office, for Outlook)"
        )
    );
}

/// A line on stderr while a plan is solved: stage, elapsed time, best plan
/// so far and its gap to the bound. Drawn only on a terminal, from two
/// seconds into the solve (quick solves and pipes stay quiet), and not with
/// `--verbose`, whose log says more.
pub struct Watch {
    bar: Option<indicatif::ProgressBar>,
}

/// What the watch line shows.
#[derive(Default)]
struct Seen {
    stage: String,
    best: Option<f64>,
    bound: Option<f64>,
}

impl Watch {
    /// A watch and the progress sink to hand the solve.
    pub fn start(lang: Lang, verbose: bool) -> (Watch, Progress) {
        if verbose || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            return (Watch { bar: None }, Progress::default());
        }
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} [{elapsed}] {msg}") {
            bar.set_style(style);
        }
        let later = bar.downgrade();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(2));
            if let Some(bar) = later.upgrade()
                && !bar.is_finished()
            {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                bar.enable_steady_tick(std::time::Duration::from_millis(250));
            }
        });
        let seen = std::sync::Mutex::new(Seen::default());
        let shown = bar.clone();
        let progress = Progress::to(move |e| {
            let Ok(mut seen) = seen.lock() else { return };
            match e {
                Event::Stage(stage) => {
                    *seen = Seen {
                        stage: stage_name(stage, lang).to_string(),
                        ..Seen::default()
                    }
                }
                Event::Plan(v) => seen.best = Some(v),
                Event::Bound(b) => seen.bound = Some(b),
            }
            shown.set_message(watch_line(&seen, lang));
        });
        (Watch { bar: Some(bar) }, progress)
    }

    /// Takes the line away before the summary is printed.
    pub fn done(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A stage as the watch line names it.
fn stage_name(stage: &str, lang: Lang) -> &str {
    match (stage, lang) {
        ("location", Lang::Sv) => "kontorsval",
        ("base schedule", Lang::Sv) => "grundschema",
        ("quarter", Lang::Sv) => "kvartalet",
        ("rooms", Lang::Sv) => "rumsbokningar",
        (s, _) => s,
    }
}

/// `quarter · best plan 5059.10 · gap 1.20 %`.
fn watch_line(seen: &Seen, lang: Lang) -> String {
    let mut line = seen.stage.clone();
    if let Some(best) = seen.best {
        line += &format!(
            " · {} {}",
            tr(lang, "bästa plan", "best plan"),
            lang.dec(best, 2)
        );
        if let Some(bound) = seen.bound {
            let gap = serviceplan::solve::relative_gap(best, bound);
            line += &format!(" · gap {} %", lang.dec(100.0 * gap, 2));
        }
    } else {
        line += &format!(
            " · {}",
            tr(lang, "söker en första plan", "looking for a first plan")
        );
    }
    line
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
pub fn batch_summary(rows: &[ComparisonRow], out: &OutDir, lang: Lang) {
    for r in rows {
        if r.reason.is_empty() {
            let over = if r.over_budget() {
                let text: Vec<String> = r
                    .overruns()
                    .iter()
                    .map(|(y, c, pct)| {
                        let c = lang.category(c).unwrap_or(c);
                        if pct.is_finite() {
                            format!("{c} {y} {} %", lang.dec(*pct, 1))
                        } else {
                            format!("{c} {y} (budget 0)")
                        }
                    })
                    .collect();
                format!(
                    "; {}: {}",
                    tr(lang, "över budget", "over budget"),
                    text.join("; ")
                )
            } else {
                String::new()
            };
            println!(
                "{} {:<40} {:<10} {} {:>12} kr, {} {:>7} ({:>5} %), {:>5} {}{over}",
                if r.pareto {
                    "*"
                } else if r.over_budget() {
                    "!"
                } else {
                    " "
                },
                r.scenario,
                r.status,
                tr(lang, "kostnad", "cost"),
                lang.int(r.total_cost()),
                tr(lang, "når", "reached"),
                lang.int(r.inhabitants_reached as f64),
                lang.dec(r.reached_share * 100.0, 1),
                lang.dec(r.opening_hours_per_office_week, 1),
                tr(lang, "h/kontor/vecka", "h/office/week"),
            );
        } else {
            println!("  {:<40} {:<10} {}", r.scenario, r.status, r.reason);
        }
    }
    match lang {
        Lang::Sv => println!(
            "skrev {}/comparison.csv, comparison.parquet, comparison.xlsx, comparison.md och report.html \
             (* = Paretoeffektiv bland scenarierna inom budget, ! = över budget)",
            out.path().display()
        ),
        Lang::En => println!(
            "wrote {}/comparison.csv, comparison.parquet, comparison.xlsx, comparison.md and report.html \
             (* = Pareto-efficient among the scenarios within budget, ! = over budget)",
            out.path().display()
        ),
    }
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
