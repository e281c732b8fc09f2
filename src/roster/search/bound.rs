//! Bounds and roundings: the Dantzig–Wolfe bound by column generation,
//! the Lagrangian bound where generation does not converge, the compact
//! LP relaxation, and dives that round the master LP.

use std::time::{Duration, Instant};

use super::super::aggregate;
use super::super::colgen::ColGen;
use super::super::eval;
use super::super::lagrange;
use super::super::rules::build_part;
use super::*;
use crate::solve::{Lp, SolveOptions, Status};

impl<'a> Search<'a> {
    /// Options of a HiGHS solve within `time` seconds: one thread, seed 0,
    /// quiet, to optimality.
    pub(super) fn lp_options(&self, time: f64) -> SolveOptions {
        SolveOptions {
            deadline: self.opts.deadline.within(time.max(0.01)),
            gap: 0.0,
            threads: 1,
            seed: 0,
            verbose: false,
            ..SolveOptions::default()
        }
    }

    /// Solves the LP relaxation of the whole model for a first bound.
    pub(crate) fn root_bound(&mut self, time: f64) {
        let mut lp = Lp::new();
        let _ = build_part(self.p, &mut lp, &self.opts.build, None);
        lp.set_relaxation(true);
        lp.set_option("solver", "ipm");
        // With crossover: without it HiGHS's interior point stopped on an
        // 84-day instance (Instance8 tiled 3 times) with a solution but no
        // optimal status, which gives no bound; with it, 3701.4 in 4.9 s.
        lp.set_option("run_crossover", "on");
        let out = lp.solve(&self.lp_options(time));
        if out.status == Status::Optimal {
            if let Some(b) = out.bound {
                // The optimum is accurate to the solver's tolerances: keep a
                // margin.
                let b = b - 1e-6 * b.abs().max(1.0);
                self.raise_bound(b);
                self.note(format!("LP bound {b:.3} ({:.1}s)", out.seconds));
            }
        } else if out.status == Status::Infeasible {
            self.infeasible = true;
        } else {
            self.note(format!(
                "LP bound: none in {:.1}s ({:?})",
                out.seconds, out.status
            ));
        }
    }

    /// The aggregate bound (`roster::aggregate`): how many shifts of each
    /// type the staff can work at all, against the cover. Small (staff ×
    /// types + days × types columns) and solved in well under a second on
    /// a year; it stands where column generation does not converge.
    pub(crate) fn aggregate_bound(&mut self, time: f64) {
        let t0 = Instant::now();
        let b = aggregate::bound(self.p, &self.lp_options(time));
        let secs = t0.elapsed().as_secs_f64();
        match b {
            Some(b) => {
                self.raise_bound(b);
                self.note(format!("aggregate bound {b:.3} ({secs:.2}s)"));
            }
            None => self.note(format!("aggregate bound: none ({secs:.2}s)")),
        }
    }

    /// A Lagrangian bound with the horizon-wide limits priced
    /// (`lagrange`), within `time` seconds.
    pub(crate) fn lagrange_bound(&mut self, time: f64) {
        let cg = ColGen::new(self.p);
        let deadline = Instant::now() + Duration::from_secs_f64(time.max(0.0));
        let best = self.best.clone().expect("incumbent");
        let mut lines = Vec::new();
        let b = lagrange::bound(&cg, &best, self.best_obj, deadline, &mut |l| lines.push(l));
        for l in lines {
            self.note(l);
        }
        if let Some(b) = b {
            // Sums of floating-point prices: keep a margin.
            self.raise_bound(b - 1e-6 * b.abs().max(1.0));
        }
    }

    /// A column pool holding the incumbent, whose pricing knows the
    /// construction's DP work (`ColGen::expect_exact_work`).
    pub(super) fn pool(&self) -> ColGen<'a> {
        let mut cg = ColGen::new(self.p);
        cg.deadline = self.opts.deadline.clone();
        cg.expect_exact_work(self.heuristic_dp_work);
        cg.add_roster(self.best.as_ref().expect("incumbent"));
        cg
    }

    /// Column generation for the Dantzig–Wolfe bound (global), keeping the
    /// column pool for the neighbourhoods.
    pub(super) fn colgen(&mut self, until: f64) {
        let mut cg = self.pool();
        let base = self.best.clone().expect("incumbent");
        let at = |t: f64| self.start + std::time::Duration::from_secs_f64(t.max(0.0));
        let deadline = at(until);
        let checkpoint = at((self.elapsed() + until) / 2.0);
        let stop_at = self.stop_at();
        let mut lines = Vec::new();
        let t0 = Instant::now();
        cg.run(&base, checkpoint, deadline, stop_at, &mut |l| lines.push(l));
        self.root_secs = t0.elapsed().as_secs_f64();
        for l in lines {
            self.note(l);
        }
        if cg.lb.is_finite() {
            self.raise_bound(cg.lb);
        }
        self.cg = Some(cg);
    }

    /// Rounds the last global master LP (`ColGen::round`; every column keeps
    /// its staff member's rules, so this is a roster). Returns whether it
    /// improved the incumbent.
    pub(super) fn round_lp(&mut self) -> bool {
        let Some(cg) = self.cg.as_ref() else {
            return false;
        };
        let r = cg.round(&cg.last_lambda, self.best.as_ref().expect("incumbent"));
        let n = cg.last_lambda.iter().filter(|x| x.1 > 1e-6).count();
        self.note(format!(
            "LP rounding ({n} columns in the LP): {}",
            eval::objective(self.p, &r)
        ));
        self.offer(r, "LP rounding")
    }

    /// One dive from the global master for a roster.
    pub(super) fn dive(&mut self, iters_per_step: usize, until: f64, noise: f64) {
        let Some(mut cg) = self.cg.take() else {
            return;
        };
        let ns = self.p.staff.len();
        let deadline = self.start + std::time::Duration::from_secs_f64(until.min(self.limit));
        let mut lines = Vec::new();
        let mut rng = self.rng.clone();
        let base = self.best.clone().expect("incumbent");
        let (iters, frac) = (iters_per_step, DIVE_FIX_FRACTION);
        let r = cg.dive(
            &vec![true; ns],
            &base,
            deadline,
            self.stop_at() + 1e-6,
            iters,
            frac,
            noise,
            &mut rng,
            &mut |l| lines.push(l),
        );
        self.rng = rng;
        self.cg = Some(cg);
        for l in lines {
            self.note(l);
        }
        if let Some(r) = r {
            self.offer(r, "dive");
        }
    }
}
