//! A solve that can be abandoned.
//!
//! HiGHS asks the deadline's callback ([`super::interrupt`]) whether to
//! stop only at some points. Between them it can run on for seconds: a
//! neighbourhood's sub-MIP of 1,371 columns on 25 offices x 30 staff, with
//! 0.8 s of the run left, found a solution by randomized rounding at the
//! root and then did not return for more than 3.8 s, past the run's
//! promise (limit + 5 % + 1 s), in 3 of 8 runs with `--time-limit 10`.
//! [`Lp::spawn`] solves on a thread of its own; [`Running::wait`] waits
//! until the solve's deadline and a grace period, then gives up on it: the
//! caller goes on with "no result in time", and the thread finishes on its
//! own when HiGHS next checks the deadline (its result is dropped).

use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{Deadline, Lp, ModelSize, Outcome, SolveOptions};

/// A solve running on a thread of its own (see [`Lp::spawn`]).
pub struct Running {
    rx: mpsc::Receiver<Outcome>,
    deadline: Deadline,
    size: ModelSize,
    start: Instant,
}

impl Lp {
    /// Starts [`Lp::solve`] on a thread of its own and returns at once.
    pub fn spawn(self, opts: &SolveOptions) -> Running {
        let (tx, rx) = mpsc::channel();
        let size = self.size();
        let deadline = opts.deadline.clone();
        let opts = opts.clone();
        std::thread::spawn(move || {
            // The receiver may have given up: then nobody wants the result.
            let _ = tx.send(self.solve(&opts));
        });
        Running {
            rx,
            deadline,
            size,
            start: Instant::now(),
        }
    }
}

impl Running {
    /// The outcome if the solve has returned, without waiting.
    pub fn try_take(&self) -> Option<Outcome> {
        self.rx.try_recv().ok()
    }

    /// The outcome, waiting at most until the solve's deadline and `grace`
    /// seconds more (without a deadline, until it returns). A solve still
    /// running then is abandoned: status `time_limit`, no solution.
    pub fn wait(self, grace: f64) -> Outcome {
        let got = match self.deadline.remaining() {
            None => self.rx.recv().ok(),
            Some(left) => self
                .rx
                .recv_timeout(Duration::from_secs_f64(left + grace.max(0.0)))
                .ok(),
        };
        got.unwrap_or_else(|| Outcome::out_of_time(self.size, self.start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::families::STAFFING;

    /// A solve that returns in time is waited for: its outcome is the
    /// same as solving in place (min a + 2b with a + b ≥ 1: 1).
    #[test]
    fn a_solve_in_time_is_waited_for() {
        let mut lp = Lp::new();
        let (a, b) = (lp.binary(), lp.binary());
        lp.ge(&STAFFING, a + b, 1.0);
        lp.cost(1.0, a);
        lp.cost(2.0, b);
        let out = lp.spawn(&SolveOptions::within(10.0)).wait(0.5);
        assert_eq!(out.status, crate::solve::Status::Optimal);
        assert!((out.objective.unwrap() - 1.0).abs() < 1e-9);
    }

    /// A receiver whose solve never answers gives up at deadline + grace.
    #[test]
    fn a_solve_that_does_not_return_is_abandoned_at_deadline_and_grace() {
        let (_tx, rx) = mpsc::channel();
        let running = Running {
            rx,
            deadline: Deadline::after(0.2),
            size: ModelSize::default(),
            start: Instant::now(),
        };
        let t = Instant::now();
        let out = running.wait(0.3);
        let waited = t.elapsed().as_secs_f64();
        assert_eq!(out.status, crate::solve::Status::TimeLimit);
        assert!(out.values.is_none());
        assert!((0.45..2.0).contains(&waited), "waited {waited:.2} s");
    }
}
