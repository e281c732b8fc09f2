//! Whether a plan can be published, in one plain word and the reasons:
//! the same verdict in the printed summary, the plan's report and the
//! batch comparison.
//!
//! - **not publishable**: there is no plan, or it is over a category's
//!   budget in some year (an overrun needs a decision first);
//! - **publishable with remarks**: every hard rule verified, but openings
//!   are missing, department demand is unmet, or the plan is not proven
//!   within [`REMARKABLE_GAP`] of the best possible (stopped at its time
//!   limit, or stages whose bounds leave a gap);
//! - **publishable**: none of these.

use crate::report::Lang;

/// A plan not proven optimal but at most this far (relative) above the
/// best possible plan is publishable without a remark about it: the
/// printed status and the report still give its gap.
pub const REMARKABLE_GAP: f64 = 0.02;

/// The three verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Publishable,
    WithRemarks,
    NotPublishable,
}

/// What the verdict is judged from; made from a plan summary or a row of
/// a batch comparison.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub has_plan: bool,
    /// The solve status (`optimal`, `time_limit`, ...).
    pub status: String,
    pub gap: Option<f64>,
    pub missing_openings: f64,
    pub unmet_demand_hours: f64,
    /// (year, category, planned / budget in %) of every overrun.
    pub overruns: Vec<(i32, String, f64)>,
}

impl Facts {
    /// The facts of a written plan.
    pub fn of_plan(s: &crate::plan::Summary) -> Self {
        Facts {
            has_plan: true,
            status: s.status.clone(),
            gap: s.mip_gap,
            missing_openings: s.missing_openings,
            unmet_demand_hours: s.unmet_demand_hours,
            overruns: s
                .costs
                .iter()
                .filter(|c| c.planned_sek > c.budget_sek)
                .map(|c| {
                    (
                        c.year,
                        c.category.clone(),
                        if c.budget_sek > 0.0 {
                            (c.planned_sek / c.budget_sek * 1000.0).round() / 10.0
                        } else {
                            f64::INFINITY
                        },
                    )
                })
                .collect(),
        }
    }
}

/// A verdict and its reasons, in the language it was made in.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub level: Level,
    pub reasons: Vec<String>,
}

impl Verdict {
    /// The verdict's word(s): "kan publiceras med anmärkning".
    pub fn word(&self, lang: Lang) -> &'static str {
        lang.t(match self.level {
            Level::Publishable => "v_publishable",
            Level::WithRemarks => "v_remarks",
            Level::NotPublishable => "v_not",
        })
    }

    /// The word and the reasons: "publishable with remarks: 2 openings not held".
    pub fn text(&self, lang: Lang) -> String {
        if self.reasons.is_empty() {
            self.word(lang).to_string()
        } else {
            format!("{}: {}", self.word(lang), self.reasons.join("; "))
        }
    }
}

fn category(c: &str, lang: Lang) -> &'static str {
    lang.category(c).filter(|_| c != "total").unwrap_or("?")
}

/// One reason per category over budget, its years as a range when they
/// follow each other: "över budget för personal 2022–2025: 115,2–132,2 %
/// av budgeten".
fn overrun_reasons(overruns: &[(i32, String, f64)], lang: Lang) -> Vec<String> {
    let mut categories: Vec<&str> = Vec::new();
    for (_, c, _) in overruns {
        if !categories.contains(&c.as_str()) {
            categories.push(c);
        }
    }
    categories
        .into_iter()
        .map(|c| {
            let mut years: Vec<i32> = overruns.iter().filter(|o| o.1 == c).map(|o| o.0).collect();
            years.sort_unstable();
            let consecutive = years.windows(2).all(|w| w[1] == w[0] + 1);
            let years_text = match (years.first(), years.last()) {
                (Some(a), Some(b)) if a != b && consecutive => format!("{a}–{b}"),
                _ => years
                    .iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            let pcts: Vec<f64> = overruns.iter().filter(|o| o.1 == c).map(|o| o.2).collect();
            let head = format!(
                "{} {} {years_text}",
                lang.t("v_over"),
                category(c, lang).to_lowercase()
            );
            if pcts.iter().any(|p| !p.is_finite()) {
                return head;
            }
            let lo = pcts.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = pcts.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let pct = if lang.dec(lo, 1) == lang.dec(hi, 1) {
                lang.dec(lo, 1)
            } else {
                format!("{}–{}", lang.dec(lo, 1), lang.dec(hi, 1))
            };
            format!("{head}: {pct} % {}", lang.t("v_of_budget"))
        })
        .collect()
}

/// The verdict on `f`, with its reasons in `lang`.
pub fn judge(f: &Facts, lang: Lang) -> Verdict {
    if !f.has_plan {
        return Verdict {
            level: Level::NotPublishable,
            reasons: vec![lang.t("v_no_plan").into()],
        };
    }
    if !f.overruns.is_empty() {
        return Verdict {
            level: Level::NotPublishable,
            reasons: overrun_reasons(&f.overruns, lang),
        };
    }
    let mut reasons = Vec::new();
    if f.missing_openings > 0.0 {
        reasons.push(format!(
            "{} {}",
            lang.dec(
                f.missing_openings,
                if f.missing_openings.fract() == 0.0 {
                    0
                } else {
                    2
                }
            ),
            lang.t("v_missing")
        ));
    }
    if f.unmet_demand_hours > 0.0 {
        reasons.push(format!(
            "{} {}",
            lang.dec(f.unmet_demand_hours, 1),
            lang.t("v_unmet")
        ));
    }
    if f.status != "optimal" && f.gap.is_none_or(|g| g > REMARKABLE_GAP) {
        // Stopped by the clock, or finished with stages whose bounds
        // leave a gap (see planner::weakest_stage).
        let (gap, no_gap) = if f.status == "time_limit" {
            ("v_gap", "v_no_gap")
        } else {
            ("v_unproven_gap", "v_unproven")
        };
        reasons.push(match f.gap {
            Some(g) => lang.t(gap).replace("{}", &lang.dec(g * 100.0, 2)),
            None => lang.t(no_gap).into(),
        });
    }
    Verdict {
        level: if reasons.is_empty() {
            Level::Publishable
        } else {
            Level::WithRemarks
        },
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overrun_outweighs_everything_else() {
        let f = Facts {
            has_plan: true,
            status: "time_limit".into(),
            gap: Some(0.047),
            missing_openings: 14.0,
            overruns: vec![(2025, "staff".into(), 131.7)],
            ..Facts::default()
        };
        let v = judge(&f, Lang::Sv);
        assert_eq!(v.level, Level::NotPublishable);
        assert_eq!(
            v.text(Lang::Sv),
            "kan inte publiceras: över budget för personal 2025: 131,7 % av budgeten"
        );
        // Years in a row become a range; another category its own reason.
        let many = Facts {
            overruns: vec![
                (2022, "staff".into(), 115.2),
                (2023, "staff".into(), 124.1),
                (2024, "staff".into(), 132.2),
                (2022, "other".into(), 101.0),
                (2024, "other".into(), 101.0),
            ],
            ..f.clone()
        };
        assert_eq!(
            judge(&many, Lang::En).text(Lang::En),
            "not publishable: over the budget for staff 2022–2024: 115.2–132.2 % of the budget; over the budget for other 2022, 2024: 101.0 % of the budget"
        );
        let ok = Facts {
            overruns: vec![],
            ..f
        };
        assert_eq!(
            judge(&ok, Lang::En).text(Lang::En),
            "publishable with remarks: 14 openings not held; stopped at its time limit, at most 4.70 % above the best possible plan"
        );
        let best = Facts {
            has_plan: true,
            status: "optimal".into(),
            ..Facts::default()
        };
        assert_eq!(judge(&best, Lang::En).text(Lang::En), "publishable");
        // Not proven, but within 2 % of the best possible: no remark; at
        // 3 % a remark that does not blame the clock.
        let close = Facts {
            status: "feasible".into(),
            gap: Some(0.0118),
            ..best.clone()
        };
        assert_eq!(judge(&close, Lang::En).text(Lang::En), "publishable");
        let far = Facts {
            gap: Some(0.03),
            ..close
        };
        assert_eq!(
            judge(&far, Lang::Sv).text(Lang::Sv),
            "kan publiceras med anmärkning: inte bevisat optimal, högst 3,00 % från bästa möjliga plan"
        );
    }
}
