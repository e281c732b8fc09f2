//! Construction: every staff member in turn gets their best schedule
//! given the others (a single-staff dynamic program, or an exact small
//! MIP), in passes until nobody improves.

use std::time::Instant;

use super::super::staff_dp::{DpResult, PACE_MIN_HORIZON};
use super::super::{Roster, eval};
use super::*;
use crate::solve::Status;

impl<'a> Search<'a> {
    /// Staff members whose schedule in `r` breaks a rule.
    pub(super) fn broken_staff(
        &self,
        r: &Roster,
        staff: impl Iterator<Item = usize>,
    ) -> Vec<usize> {
        staff
            .filter(|&s| !eval::staff_violations(self.p, s, &r.assign[s]).is_empty())
            .collect()
    }

    /// Cost of staff `s` working each (day, type) given everyone else in `r`:
    /// requests, and cover at the margin.
    pub(super) fn marginal_costs(&self, r: &Roster, s: usize) -> Vec<Vec<f64>> {
        let (nd, nt) = (self.p.days, self.p.types());
        let mut cost = vec![vec![0.0; nt]; nd];
        let count = r.counts(nd, nt, Some(s));
        for d in 0..nd {
            for t in 0..nt {
                if let Some(c) = self.cover_at[d * nt + t] {
                    let cv = &self.p.cover[c];
                    cost[d][t] = if count[d * nt + t] < cv.requirement {
                        -cv.weight_under
                    } else {
                        cv.weight_over
                    };
                }
            }
        }
        for q in &self.p.requests {
            if q.staff == s {
                cost[q.day][q.shift] += if q.on { -q.weight } else { q.weight };
            }
        }
        cost
    }

    /// A good schedule of staff `s` with everyone else as in `r`: the best
    /// one by the exact DP when `exact` (and the DP is cheap enough),
    /// otherwise by the heuristic DP; a single-staff sub-MIP when the DP
    /// cannot answer. `Err(true)`: no schedule exists; `Err(false)`: none
    /// found in `time` seconds. When `paced`, the DPs keep an even pace on
    /// horizon-wide limits ([`StaffDp::set_pace`]), and finding nothing
    /// gives `Err(false)` (no proof, no sub-MIP).
    pub(super) fn respond(
        &mut self,
        r: &Roster,
        s: usize,
        time: f64,
        exact: bool,
        paced: bool,
    ) -> Result<Vec<Option<usize>>, bool> {
        let cost = self.marginal_costs(r, s);
        let nd = self.p.days;
        let rest = vec![true; nd];
        let t0 = Instant::now();
        let deadline = t0 + std::time::Duration::from_secs_f64(time.max(0.001));
        let dp = &self.dps[s];
        dp.set_deadline(Some(deadline));
        dp.set_pace(paced);
        let mut exact_res = None;
        if exact && !self.exact_too_big[s] {
            dp.set_effort_limit(Some(EXACT_RESPONSE_EFFORT));
            let res = dp.best(&cost, &self.allowed[s], &rest, DP_CAP);
            dp.set_effort_limit(None);
            if matches!(res, DpResult::TooBig) && dp.last_effort() > EXACT_RESPONSE_EFFORT {
                self.exact_too_big[s] = true;
                self.exact_aborts += 1;
                if self.exact_aborts >= EXACT_ABORTS {
                    self.exact_too_big.fill(true);
                }
            } else {
                self.exact_aborts = 0;
                exact_res = Some(res);
            }
        }
        let res = if let Some(res) = exact_res {
            res
        } else {
            let res = dp.heuristic_k(&cost, &self.allowed[s], &rest, f64::INFINITY, 1);
            self.last_heuristic_work = dp.last_work();
            match res {
                Ok(mut v) => {
                    let (c, a) = v.swap_remove(0);
                    DpResult::Best(c, a)
                }
                Err(DpResult::Infeasible) if !paced => {
                    // Not a proof: ask the exact DP.
                    dp.best(&cost, &self.allowed[s], &rest, DP_CAP)
                }
                Err(e) => e,
            }
        };
        dp.set_deadline(None);
        dp.set_pace(false);
        match res {
            DpResult::Best(_, a) => Ok(a),
            _ if paced => Err(false),
            DpResult::Infeasible => Err(true),
            DpResult::TooBig => {
                let left = deadline
                    .saturating_duration_since(Instant::now())
                    .as_secs_f64();
                if left <= 0.01 {
                    return Err(false);
                }
                let mut free = vec![vec![false; nd]; self.p.staff.len()];
                free[s] = vec![true; nd];
                let sub = self.sub_solve(r, &free, left, false);
                match (sub.status, sub.roster) {
                    (_, Some(nr)) => Ok(nr.assign[s].clone()),
                    (Status::Infeasible, None) => Err(true),
                    _ => Err(false),
                }
            }
        }
    }

    /// The heuristic DP's schedule of staff `s` given `r` (paced or not),
    /// if it finds one in `time` seconds.
    fn quick(
        &mut self,
        r: &Roster,
        s: usize,
        time: f64,
        paced: bool,
    ) -> Option<Vec<Option<usize>>> {
        let cost = self.marginal_costs(r, s);
        let rest = vec![true; self.p.days];
        let dp = &self.dps[s];
        dp.set_deadline(Some(
            Instant::now() + std::time::Duration::from_secs_f64(time.max(0.001)),
        ));
        dp.set_pace(paced);
        let res = dp.heuristic_k(&cost, &self.allowed[s], &rest, f64::INFINITY, 1);
        dp.set_deadline(None);
        dp.set_pace(false);
        self.last_heuristic_work = dp.last_work();
        res.ok().map(|mut v| v.swap_remove(0).1)
    }

    /// Whether construction keeps an even pace on horizon-wide limits
    /// (long horizons only). Best responses do not: pacing them too (the
    /// paced response first, the unpaced one when only that improves)
    /// made the best responses on Instance12 tiled 13x end 5 % lower, but
    /// the 60 s results were no better elsewhere (Year22 93,540 against
    /// 89,958, Instance12 tiled 2x 10,943 against 10,076), for up to
    /// twice the DP work.
    pub(super) fn paces(&self) -> bool {
        self.p.days > PACE_MIN_HORIZON
    }

    /// Builds a first roster staff member by staff member. Returns false when
    /// no roster was found (infeasible, or out of time).
    pub(crate) fn construct(&mut self) -> bool {
        let (ns, nd) = (self.p.staff.len(), self.p.days);
        let mut r = Roster::empty(ns, nd);
        let t0 = Instant::now();
        let mut work = 0u64;
        let mut unpaced = 0;
        let mut rescued = 0;
        // On long horizons, where construction is costly, the portfolio's
        // odd searches take the staff in reverse order: a second roster,
        // not the same one twice.
        let pace = self.paces();
        let reverse = pace && self.opts.search % 2 == 1;
        for i in 0..ns {
            let s = if reverse { ns - 1 - i } else { i };
            let left = ns - i;
            // A roster is a must: up to 80% of the time, shared fairly.
            let time = (self.remaining() * 0.8 / left as f64).max(self.remaining().min(1.0));
            // On long horizons the heuristic DP alone, at an even pace on
            // horizon-wide limits when that is possible, else without: the
            // exact DP with costs seldom ends there, and its time is better
            // spent on the staff member alone (`rescue`): a planted 364-day
            // instance (32 types, exact total minutes) took 3.5 s to build
            // with it, 0.9 s without.
            let got = if pace {
                let a = self.quick(&r, s, time, true).or_else(|| {
                    unpaced += 1;
                    self.quick(&r, s, time, false)
                });
                a.ok_or(false)
            } else {
                self.respond(&r, s, time, false, false)
            };
            // Not found in the time (no proof either way): the staff
            // member alone, for a schedule that keeps their rules whatever
            // it costs (cover is soft: any such schedule makes a roster).
            let got = match got {
                Err(false) => {
                    rescued += 1;
                    self.rescue(&r, s)
                }
                got => got,
            };
            match got {
                Ok(a) => {
                    r.assign[s] = a;
                    work += self.last_heuristic_work;
                }
                Err(true) => {
                    self.infeasible = true;
                    let why = self.why_infeasible(s);
                    self.note(why);
                    return false;
                }
                Err(false) => {
                    self.note(format!(
                        "construction stopped at staff {}: no schedule keeping their \
                         rules found in {:.1}s (none proven impossible either); a longer \
                         time limit may find one",
                        self.p.staff[s].id,
                        self.elapsed()
                    ));
                    return false;
                }
            }
        }
        let broken = self.broken_staff(&r, 0..ns);
        if !broken.is_empty() {
            self.note(format!("construction left {} staff broken", broken.len()));
            return false;
        }
        self.best_obj = eval::objective(self.p, &r);
        self.best = Some(r);
        self.heuristic_dp_work = work as f64 / ns.max(1) as f64;
        self.note(format!(
            "constructed: {} in {:.2}s ({:.0} label extensions per staff member, {unpaced} not paced, {rescued} rescued)",
            self.best_obj,
            t0.elapsed().as_secs_f64(),
            self.heuristic_dp_work
        ));
        true
    }

    /// Best-response passes over all staff in random order until none
    /// improves (or `max_passes`). Returns whether anything improved.
    pub(super) fn respond_passes(&mut self, max_passes: usize, until: f64) -> bool {
        let ns = self.p.staff.len();
        let mut any = false;
        for _ in 0..max_passes {
            if self.elapsed() >= until {
                break;
            }
            let mut order: Vec<usize> = (0..ns).collect();
            self.rng.shuffle(&mut order);
            let mut improved = false;
            for s in order {
                if self.done() || self.elapsed() >= until {
                    break;
                }
                let mut r = self.best.clone().expect("incumbent");
                let time = self.remaining().min(2.0);
                let Ok(a) = self.respond(&r, s, time, true, false) else {
                    continue;
                };
                if a == r.assign[s] || !eval::staff_violations(self.p, s, &a).is_empty() {
                    continue;
                }
                r.assign[s] = a;
                let obj = eval::objective(self.p, &r);
                if obj < self.best_obj - 1e-9 {
                    self.best_obj = obj;
                    self.best = Some(r);
                    improved = true;
                } else if obj <= self.best_obj + 1e-9 {
                    // Same cost, different schedule: move (plateau).
                    self.best = Some(r);
                }
            }
            any |= improved;
            // A pass cut by the clock still counts what it improved.
            if !improved || self.done() || self.elapsed() >= until {
                break;
            }
        }
        if any {
            self.note(format!("best responses: {}", self.best_obj));
        }
        any
    }
}
