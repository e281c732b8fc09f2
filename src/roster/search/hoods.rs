//! The neighbourhoods: which cells a sub-MIP (or fix-and-price) frees,
//! and the search loop that picks them by the shared engine's
//! [`Adaptive`] choice and sizes them by its [`Size`].

use std::time::Instant;

use super::super::model::Fixing;
use super::super::rules::build_part;
use super::super::{Roster, eval};
use super::*;
use crate::search::{Adaptive, Size};
use crate::solve::{Lp, SolveOptions, Status};

/// The neighbourhoods of the search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hood {
    /// A few staff members, all days.
    Staff,
    /// All staff, a window of days.
    Days,
    /// More staff on a shorter window.
    StaffDays,
    /// The staff able to fix the worst cover entries, around their days.
    Cover,
    /// All staff on two windows of days apart, one around a penalised cover
    /// entry and one at random: the sub-MIP can trade horizon-wide limits
    /// (worked weekends, minutes, shifts per type) between them, which a
    /// single window cannot once the staff are at their limits.
    Apart,
    /// All staff re-optimised by column generation on a window of days,
    /// every other day as in the incumbent (fix-and-price over time).
    Window,
}

/// Adaptive state of the neighbourhood search (kept between slices).
#[derive(Debug, Clone, Copy)]
pub(super) struct HoodState {
    /// Target size (open cells) of sub-MIP neighbourhoods.
    size: Size,
    /// Days per window fix-and-price neighbourhood.
    w_window: usize,
    /// What each neighbourhood did (`HOODS` order).
    adaptive: Adaptive<6>,
    iter: usize,
    /// Neighbourhoods since the last improvement.
    since: usize,
}

impl HoodState {
    pub(super) fn new() -> Self {
        HoodState {
            size: Size {
                target: 400,
                min: 50,
                max: 50_000,
            },
            w_window: 7,
            adaptive: Adaptive::default(),
            iter: 0,
            since: 0,
        }
    }
}

const HOODS: [Hood; 6] = [
    Hood::Staff,
    Hood::Days,
    Hood::StaffDays,
    Hood::Cover,
    Hood::Apart,
    Hood::Window,
];

impl<'a> Search<'a> {
    /// Solves the sub-MIP where the cells with `free[s][d]` are open and the
    /// others keep their value in `base`.
    pub(super) fn sub_solve(
        &self,
        base: &Roster,
        free: &[Vec<bool>],
        time: f64,
        hint: bool,
    ) -> Sub {
        let mut lp = Lp::new();
        let vars = build_part(
            self.p,
            &mut lp,
            &self.opts.build,
            Some(Fixing {
                incumbent: base,
                free,
            }),
        );
        if hint {
            vars.hint(self.p, base, &mut lp);
        }
        let out = lp.solve(&self.lp_options(time));
        let roster = out.values.as_ref().map(|v| vars.roster(v));
        let objective = roster.as_ref().map(|r| eval::objective(self.p, r));
        Sub {
            status: out.status,
            roster,
            objective,
            seconds: out.seconds,
        }
    }

    /// Tries to improve the incumbent on the cells `free`. Returns whether it improved.
    pub(super) fn improve(&mut self, free: &[Vec<bool>], time: f64, what: &str) -> (bool, Sub) {
        let base = self.best.clone().expect("incumbent");
        let mut sub = self.sub_solve(&base, free, time, true);
        let mut improved = false;
        if let (Some(r), Some(obj)) = (sub.roster.take(), sub.objective)
            && obj < self.best_obj - 1e-9
        {
            let changed: Vec<usize> = (0..self.p.staff.len())
                .filter(|&s| r.assign[s] != base.assign[s])
                .collect();
            let broken = self.broken_staff(&r, changed.into_iter());
            if broken.is_empty() {
                self.note(format!("{what}: {} -> {obj}", self.best_obj));
                self.best_obj = obj;
                self.best = Some(r);
                improved = true;
            } else {
                self.note(format!("{what}: rejected a sub-MIP roster breaking rules"));
            }
        }
        (improved, sub)
    }

    /// Number of decision values in a free set.
    pub(super) fn size_of(&self, free: &[Vec<bool>]) -> usize {
        let mut n = 0;
        for (s, days) in free.iter().enumerate() {
            for (d, f) in days.iter().enumerate() {
                if *f {
                    n += self.width[s][d];
                }
            }
        }
        n
    }

    /// Picks a neighbourhood of about `target` decision values.
    pub(super) fn neighbourhood(&mut self, hood: Hood, target: usize) -> Vec<Vec<bool>> {
        let (ns, nd) = (self.p.staff.len(), self.p.days);
        let mut free = vec![vec![false; nd]; ns];
        let per_staff: Vec<usize> = self.width.iter().map(|w| w.iter().sum()).collect();
        let total: usize = per_staff.iter().sum::<usize>().max(1);
        let avg_cell = (total as f64 / (ns * nd) as f64).max(1.0);
        match hood {
            Hood::Staff | Hood::Window => {
                let mut order: Vec<usize> = (0..ns).collect();
                self.rng.shuffle(&mut order);
                let mut n = 0;
                for s in order {
                    if n >= target {
                        break;
                    }
                    free[s] = vec![true; nd];
                    n += per_staff[s];
                }
            }
            Hood::Days => {
                let w = ((target as f64 / (avg_cell * ns as f64)).round() as usize).clamp(1, nd);
                let a = self.rng.below(nd - w + 1);
                if w == 1 && avg_cell * ns as f64 > 2.0 * target as f64 {
                    // Even one day is too big: a random part of the staff.
                    let k = (target as f64 / avg_cell).ceil() as usize;
                    let mut order: Vec<usize> = (0..ns).collect();
                    self.rng.shuffle(&mut order);
                    for &s in order.iter().take(k.max(1)) {
                        free[s][a] = true;
                    }
                } else {
                    for row in free.iter_mut() {
                        for f in row.iter_mut().skip(a).take(w) {
                            *f = true;
                        }
                    }
                }
            }
            Hood::StaffDays => {
                let w = (nd / 2).clamp(1, 14.max(nd / 4)).min(nd);
                let k = ((target as f64 / (avg_cell * w as f64)).round() as usize).clamp(1, ns);
                let a = self.rng.below(nd - w + 1);
                let mut order: Vec<usize> = (0..ns).collect();
                self.rng.shuffle(&mut order);
                for &s in order.iter().take(k) {
                    for f in free[s].iter_mut().skip(a).take(w) {
                        *f = true;
                    }
                }
            }
            Hood::Apart => {
                // Each window half the target; the first around a
                // penalised cover entry's day, the second anywhere else.
                let w = ((target as f64 / (2.0 * avg_cell * ns as f64)).round() as usize)
                    .clamp(1, (nd / 2).max(1));
                let pens = self.cover_penalties();
                let Some(c) = self.pick_penalised(&pens) else {
                    return self.neighbourhood(Hood::Days, target);
                };
                let d = self.p.cover[c].day;
                let a = d.saturating_sub(w / 2).min(nd - w);
                // The second window's start among those not overlapping the first.
                let starts: Vec<usize> =
                    (0..=nd - w).filter(|&b| b + w <= a || b >= a + w).collect();
                if starts.is_empty() {
                    return self.neighbourhood(Hood::Days, target);
                }
                let b = starts[self.rng.below(starts.len())];
                for row in free.iter_mut() {
                    for f in row.iter_mut().skip(a).take(w) {
                        *f = true;
                    }
                    for f in row.iter_mut().skip(b).take(w) {
                        *f = true;
                    }
                }
            }
            Hood::Cover => {
                let pens = self.cover_penalties();
                if pens.is_empty() {
                    return self.neighbourhood(Hood::Staff, target);
                }
                let mut n = 0;
                let mut tries = 0;
                while n < target && tries < 8 {
                    tries += 1;
                    let Some(c) = self.pick_penalised(&pens) else {
                        break;
                    };
                    let d = self.p.cover[c].day;
                    let w = 7.min(nd);
                    let a = d.saturating_sub(w / 2).min(nd - w);
                    let mut cand: Vec<usize> = (0..ns).collect();
                    self.rng.shuffle(&mut cand);
                    for s in cand {
                        if n >= target {
                            break;
                        }
                        if self.width[s][d] == 0 {
                            continue;
                        }
                        for (f, wd) in free[s].iter_mut().zip(&self.width[s]).skip(a).take(w) {
                            if !*f {
                                *f = true;
                                n += wd;
                            }
                        }
                    }
                }
            }
        }
        free
    }

    /// The incumbent's cover entries with a penalty, and the penalty.
    pub(super) fn cover_penalties(&self) -> Vec<(usize, f64)> {
        let (nd, nt) = (self.p.days, self.p.types());
        let count = self.best.as_ref().expect("incumbent").counts(nd, nt, None);
        (self.p.cover.iter().enumerate())
            .map(|(c, cv)| {
                let (u, o) = eval::cover_penalty(self.p, c, count[cv.day * nt + cv.shift]);
                (c, u + o)
            })
            .filter(|(_, pen)| *pen > 0.0)
            .collect()
    }

    /// A cover entry of `pens` drawn with probability proportional to its
    /// penalty (`None` when there is none).
    pub(super) fn pick_penalised(&mut self, pens: &[(usize, f64)]) -> Option<usize> {
        let sum: f64 = pens.iter().map(|x| x.1).sum();
        let mut pick = self.rng.unit() * sum;
        for &(c, pen) in pens {
            if pick < pen {
                return Some(c);
            }
            pick -= pen;
        }
        pens.last().map(|x| x.0)
    }

    /// The neighbourhood search until the time is up or the incumbent is proven.
    pub(crate) fn lns(&mut self, until: f64) {
        let HoodState {
            mut size,
            mut w_window,
            mut adaptive,
            mut iter,
            mut since,
        } = self.hoods;
        if iter == 0 {
            // Fix-and-price needs the column pool; with it, it starts
            // ahead (one mean improvement in hand).
            let w = HOODS
                .iter()
                .position(|h| *h == Hood::Window)
                .expect("listed");
            adaptive.record[w].off = self.cg.is_none();
            adaptive.record[w].recent_gain = 1.0;
        }
        while !self.done() && self.elapsed() < until {
            self.sync();
            iter += 1;
            if since > 0 && since.is_multiple_of(40) {
                let until = self.elapsed() + self.limit * 0.05;
                self.respond_passes(3, until);
            }
            let before = self.best_obj;
            let h = adaptive.pick(&mut self.rng);
            let hood = HOODS[h];
            let time = (until - self.elapsed()).min(SUB_TIME);
            if time <= MIN_SUB_TIME {
                break;
            }
            // The end of a slice cut this neighbourhood's time short: its
            // failure says nothing about its size or weight.
            let cut_short = time < SUB_TIME - 1e-9;
            let started = self.elapsed();
            let improved = if hood == Hood::Window {
                // Wider while its generation converges within half its
                // time, narrower when it does not converge at all.
                let t0 = Instant::now();
                let out = self.window_hood(w_window, time);
                let secs = t0.elapsed().as_secs_f64();
                if out.converged && secs < 0.5 * time {
                    w_window += 1;
                } else if !out.converged && !cut_short {
                    w_window = w_window.saturating_sub(1);
                }
                w_window = w_window.clamp(2, self.p.days.max(2));
                out.improved
            } else {
                let free = self.neighbourhood(hood, size.target);
                let cells = self.size_of(&free);
                let (improved, sub) = self.improve(&free, time, &format!("{hood:?}[{cells}]"));
                // Adapt the size: grow while sub-MIPs solve, shrink when they
                // don't (not when the end of a slice cut the time short).
                size.adapt(sub.status == Status::Optimal, sub.seconds, cut_short);
                improved
            };
            // An improvement counts by its size relative to the mean one:
            // on a tiling of Instance8 the window neighbourhood improves
            // in larger steps than the sub-MIPs.
            adaptive.add(h, improved, before, self.best_obj, self.elapsed() - started);
            let over = self.elapsed() - (started + time);
            if over > 0.1 {
                self.note(format!(
                    "{hood:?} neighbourhood overran its {time:.2}s by {over:.2}s"
                ));
            }
            if improved {
                since = 0;
            } else {
                since += 1;
            }
        }
        self.note(format!(
            "lns: {iter} iterations, size {}, window {w_window} ({})",
            size.target,
            adaptive.summary(&HOODS.map(|h| format!("{h:?}")))
        ));
        self.hoods = HoodState {
            size,
            w_window,
            adaptive,
            iter,
            since,
        };
    }

    /// The whole model with the incumbent as MIP start, for 20 % of the
    /// time limit (at most 15 s and the time left), so that the
    /// neighbourhoods keep time when HiGHS does not close the gap.
    pub(crate) fn full_mip(&mut self) {
        let time = (self.limit * 0.2).min(15.0).min(self.remaining());
        let mut lp = Lp::new();
        let vars = build_part(self.p, &mut lp, &self.opts.build, None);
        if let Some(b) = &self.best {
            vars.hint(self.p, b, &mut lp);
        }
        let out = lp.solve(&SolveOptions {
            deadline: self.opts.deadline.within(time.max(0.01)),
            gap: self.opts.gap,
            threads: self.opts.threads.max(1),
            seed: 0,
            verbose: self.opts.verbose,
            ..SolveOptions::default()
        });
        if let Some(b) = out.bound {
            self.raise_bound(b);
        }
        if out.status == Status::Infeasible && self.best.is_none() {
            self.infeasible = true;
        }
        if let Some(v) = &out.values {
            let r = vars.roster(v);
            let obj = eval::objective(self.p, &r);
            if obj < self.best_obj - 1e-9 && self.broken_staff(&r, 0..self.p.staff.len()).is_empty()
            {
                self.best_obj = obj;
                self.best = Some(r);
            }
        }
        self.note(format!(
            "full MIP: {:?} obj {:?} bound {:?} ({:.1}s)",
            out.status, self.best_obj, out.bound, out.seconds
        ));
    }

    /// Fix-and-price on the staff marked free: generate their columns with
    /// the others fixed; when the restricted bound leaves room, solve the
    /// restricted master MIP, and dive when that finds nothing better.
    pub(super) fn price_hood(&mut self, free: &[bool], time: f64, what: &str) -> Priced {
        let mut out = Priced::default();
        let Some(mut cg) = self.cg.take() else {
            return out;
        };
        let base = self.best.clone().expect("incumbent");
        let deadline = Instant::now() + std::time::Duration::from_secs_f64(time.max(0.01));
        let stop_at = self.stop_at();
        let g = cg.generate(free, &base, deadline, 200, stop_at, &mut |_| {});
        out.converged = g.as_ref().is_some_and(|g| g.converged);
        // The restricted bound shows that it cannot improve the incumbent.
        let closed = g
            .as_ref()
            .is_some_and(|g| g.bound.is_some_and(|b| b >= stop_at));
        let mut found = None;
        if !closed && Instant::now() < deadline {
            let left = deadline
                .saturating_duration_since(Instant::now())
                .as_secs_f64();
            found = cg
                .rmip(free, &base, left.min(2.0), 0)
                .filter(|r| eval::objective(self.p, r) < self.best_obj - 1e-9)
                .map(|r| (r, what.to_string()));
            // The restricted master MIP lacks the columns: dive instead.
            if found.is_none() && Instant::now() < deadline {
                let mut rng = self.rng.clone();
                found = cg
                    .dive(
                        free,
                        &base,
                        deadline,
                        stop_at + 1e-6,
                        20,
                        0.2,
                        1e-3,
                        &mut rng,
                        &mut |_| {},
                    )
                    .map(|r| (r, format!("{what} dive")));
                self.rng = rng;
            }
        }
        self.cg = Some(cg);
        if let Some((r, label)) = found {
            out.improved = self.offer(r, &label);
        }
        out
    }

    /// Window fix-and-price: every staff member free on `w` days at a
    /// random start, every other day held to the incumbent by the pricing
    /// masks (the DP keeps every rule over the whole horizon, so the
    /// window's edges need no special care).
    pub(super) fn window_hood(&mut self, w: usize, time: f64) -> Priced {
        let (ns, nd) = (self.p.staff.len(), self.p.days);
        let w = w.min(nd);
        let a = self.rng.below(nd - w + 1);
        let Some(cg) = self.cg.as_mut() else {
            return Priced::default();
        };
        let best = self.best.as_ref().expect("incumbent");
        // The incumbent's schedules keep the masks: the master starts feasible.
        cg.add_roster(best);
        for s in 0..ns {
            let mut work = cg.allowed(s).to_vec();
            let mut rest = vec![true; nd];
            for d in (0..nd).filter(|&d| d < a || d >= a + w) {
                let held = best.assign[s][d];
                for (t, x) in work[d].iter_mut().enumerate() {
                    *x = held == Some(t);
                }
                rest[d] = held.is_none();
            }
            cg.set_masks(s, work, rest);
        }
        let out = self.price_hood(&vec![true; ns], time, &format!("window[{a}+{w}]"));
        if let Some(cg) = self.cg.as_mut() {
            cg.clear_masks();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::nrp;

    /// Window fix-and-price from the construction of Instance4: every
    /// roster it returns changes only the window's days, keeps every rule,
    /// and leaves no mask behind; over a few windows it improves.
    #[test]
    fn window_neighbourhood_changes_only_its_days() {
        let p = nrp::to_roster_problem(&nrp::read(&nrp::benchmark_path(4)).expect("instance"));
        let opts = RosterOptions {
            deadline: crate::solve::Deadline::after(30.0),
            ..RosterOptions::default()
        };
        let mut s = Search::new(&p, &opts);
        assert!(s.construct());
        s.cg = Some(s.pool());
        let first = s.best_obj;
        for _ in 0..4 {
            let before = s.best.clone().expect("incumbent");
            let out = s.window_hood(7, 5.0);
            let after = s.best.as_ref().expect("incumbent");
            let changed: Vec<usize> = (0..p.days)
                .filter(|&d| (0..p.staff.len()).any(|i| before.assign[i][d] != after.assign[i][d]))
                .collect();
            assert_eq!(out.improved, !changed.is_empty());
            if let (Some(&lo), Some(&hi)) = (changed.first(), changed.last()) {
                assert!(hi - lo < 7, "days {changed:?} changed by a 7-day window");
            }
            for i in 0..p.staff.len() {
                assert!(eval::staff_violations(&p, i, &after.assign[i]).is_empty());
            }
            let cg = s.cg.as_ref().expect("pool");
            assert!(
                (0..cg.columns.len()).all(|j| cg.compatible(j)),
                "masks left behind"
            );
        }
        assert!(
            s.best_obj < first,
            "{} not below the construction's {first}",
            s.best_obj
        );
        assert_eq!(
            s.best_obj,
            eval::objective(&p, s.best.as_ref().expect("incumbent"))
        );
    }

    /// The two-window neighbourhood on Instance12 tiled twice (56 days)
    /// frees every staff member on the same days, which form two windows
    /// of equal length that do not overlap, one holding a cover entry
    /// the incumbent pays for; its sub-MIPs keep every rule.
    #[test]
    fn apart_neighbourhood_frees_two_windows_for_all_staff() {
        let inst = nrp::read(&nrp::benchmark_path(12)).expect("instance");
        let p = nrp::to_roster_problem(&inst.tiled(2, 1));
        let opts = RosterOptions::default();
        let mut s = Search::new(&p, &opts);
        assert!(s.construct());
        for _ in 0..5 {
            let pens = s.cover_penalties();
            let paid: Vec<usize> = pens.iter().map(|&(c, _)| p.cover[c].day).collect();
            let free = s.neighbourhood(Hood::Apart, 2000);
            let days: Vec<usize> = (0..p.days).filter(|&d| free[0][d]).collect();
            assert!(free.iter().all(|row| row == &free[0]), "staff differ");
            // Split into runs of consecutive days.
            let mut runs: Vec<Vec<usize>> = Vec::new();
            for &d in &days {
                match runs.last_mut() {
                    Some(r) if *r.last().expect("run") + 1 == d => r.push(d),
                    _ => runs.push(vec![d]),
                }
            }
            // Two windows of w days (adjacent ones make one run of 2w).
            let ok = match runs.len() {
                2 => runs[0].len() == runs[1].len(),
                1 => runs[0].len().is_multiple_of(2),
                _ => false,
            };
            assert!(ok, "free days {days:?}");
            let w = days.len() / 2;
            assert!(
                runs.iter().any(|r| r.iter().any(|d| paid.contains(d))),
                "no paid cover entry in {days:?}"
            );
            assert!(w >= 1 && w <= p.days / 2);
            let (improved, _) = s.improve(&free, 5.0, "apart");
            let best = s.best.as_ref().expect("incumbent");
            for i in 0..p.staff.len() {
                assert!(eval::staff_violations(&p, i, &best.assign[i]).is_empty());
            }
            assert_eq!(s.best_obj, eval::objective(&p, best), "improved {improved}");
        }
    }
}
