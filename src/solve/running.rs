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
//! caller goes on with what HiGHS had reported by then (its best solution
//! and dual bound, kept by the deadline's callback, [`super::interrupt`]),
//! and the thread finishes on its own when HiGHS next checks the deadline
//! (its result is dropped).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Once, mpsc};
use std::time::{Duration, Instant};

use super::interrupt::Seen;
use super::{ColumnIndex, Deadline, Lp, ModelSize, Outcome, SolveOptions, Status, Values};

/// Solves still running on threads of their own, given up or not.
static LIVE: AtomicUsize = AtomicUsize::new(0);

/// Registers [`wait_for_given_up_solves`] once.
static AT_EXIT: Once = Once::new();

/// Longest wait at exit for the solves given up, seconds.
const EXIT_WAIT: f64 = 60.0;

/// Counts one live solve for as long as it is held (dropped when its
/// thread ends, by return or panic).
struct Live;

impl Drop for Live {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Waits, at most [`EXIT_WAIT`] seconds, for the solves given up to leave
/// HiGHS. When a process ends, its exit handlers run in the reverse order
/// of their registration, C++ static destructors among them; a solve given
/// up at its deadline may still be inside HiGHS on its thread (it leaves
/// at HiGHS's next check), and it must not meet a destroyed static.
///
/// The one that did: HiGHS builds `HighsExternalApi::instance()` (which
/// its option checks use to look for an optional extras library) on first
/// use, so its destructor was registered after this handler and ran
/// before it; a given-up solve that then set the option `solver` ran a
/// `std::call_once` on the destroyed instance, and the process aborted
/// ("double free or corruption", "malloc_consolidate(): unaligned fastbin
/// chunk detected") after all of a test binary's tests had passed. Seen
/// under gdb, the main thread in this handler and the solve's thread in
/// `HighsDynamicLibrary::load`; made frequent by running a test binary
/// with `GLIBC_TUNABLES=glibc.malloc.tcache_count=0`. [`highs_statics`]
/// now builds it before this handler is registered. The command line does
/// not wait: see [`leave`].
extern "C" fn wait_for_given_up_solves() {
    let start = Instant::now();
    while LIVE.load(Ordering::SeqCst) > 0 && start.elapsed().as_secs_f64() < EXIT_WAIT {
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Builds HiGHS's static objects that it builds on first use, so that
/// their destructors are registered before [`wait_for_given_up_solves`]
/// and run after it. There is one with a destructor
/// (`HighsExternalApi::instance()`, HiGHS 1.16), built by the check of
/// the option `solver`.
fn highs_statics() {
    // SAFETY: a HiGHS instance created, given one string option (both C
    // strings outlive the call) and destroyed here.
    unsafe {
        let highs = highs_sys::Highs_create();
        if !highs.is_null() {
            highs_sys::Highs_setStringOptionValue(highs, c"solver".as_ptr(), c"choose".as_ptr());
            highs_sys::Highs_destroy(highs);
        }
    }
}

/// Solves given up at their deadline ([`Running::wait`]) that are still
/// inside HiGHS on their threads, with the solves still waited for: a
/// process that plans again (a bench, a batch) can wait for them to leave
/// so that they do not take the next plan's cores.
pub fn live_solves() -> usize {
    LIVE.load(Ordering::SeqCst)
}

/// Ends the process with `code` once everything is written. With a solve
/// given up still inside HiGHS, the process leaves at once without
/// running exit handlers (`_exit`): waiting for it would break the time
/// limit's promise, and HiGHS's static destructors must not run beside it.
/// Otherwise returns `code` for `main` to exit with as usual.
pub fn leave(code: u8) -> std::process::ExitCode {
    if LIVE.load(Ordering::SeqCst) > 0 {
        exit_now(code)
    }
    std::process::ExitCode::from(code)
}

/// Ends the process with `code` at once, without exit handlers (`_exit`),
/// once standard output and error are flushed: a solve given up may still
/// be inside HiGHS, and the handlers would wait for it ([`leave`]).
pub fn exit_now(code: u8) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: `_exit` ends the process; nothing runs after it.
    unsafe { libc::_exit(i32::from(code)) }
}

/// A solve running on a thread of its own (see [`Lp::spawn`]).
pub struct Running {
    rx: mpsc::Receiver<Outcome>,
    deadline: Deadline,
    size: ModelSize,
    /// What HiGHS has reported so far, and how to read it as the program's.
    seen: Arc<Mutex<Seen>>,
    offset: f64,
    index: Arc<ColumnIndex>,
    /// A solve from a start: the objective's terms, to tell whether HiGHS
    /// misread the start (as [`Lp::solve`] does; then its bound is void).
    started: Option<Vec<(u32, f64)>>,
    start: Instant,
}

impl Lp {
    /// Starts [`Lp::solve`] on a thread of its own and returns at once.
    pub fn spawn(mut self, opts: &SolveOptions) -> Running {
        let (tx, rx) = mpsc::channel();
        let size = self.size();
        let deadline = opts.deadline.clone();
        let opts = opts.clone();
        let seen = Arc::new(Mutex::new(Seen::default()));
        self.seen = Some(seen.clone());
        let offset = self.objective_offset();
        let index = self.index.clone();
        let started =
            (!self.hint.is_empty() && !self.relaxation).then(|| self.sparse().objective.clone());
        AT_EXIT.call_once(|| {
            highs_statics();
            // SAFETY: registers a plain `extern "C"` function without
            // arguments, as `atexit` expects.
            unsafe {
                libc::atexit(wait_for_given_up_solves);
            }
        });
        LIVE.fetch_add(1, Ordering::SeqCst);
        std::thread::spawn(move || {
            let _live = Live;
            // The receiver may have given up: then nobody wants the result.
            let _ = tx.send(self.solve(&opts));
        });
        Running {
            rx,
            deadline,
            size,
            seen,
            offset,
            index,
            started,
            start: Instant::now(),
        }
    }
}

impl Running {
    /// The outcome if the solve has returned, without waiting.
    pub fn try_take(&self) -> Option<Outcome> {
        self.rx.try_recv().ok()
    }

    /// The dual bound HiGHS has reported so far (a MIP's, in the
    /// program's objective, with its constant), while it runs. `None` before
    /// its root LP is solved, and on a solve from a start, whose bound stands
    /// only once HiGHS's value of its solution is checked ([`Running::wait`]).
    pub fn bound_so_far(&self) -> Option<f64> {
        if self.started.is_some() {
            return None;
        }
        let seen = self.seen.lock().ok()?;
        seen.bound.map(|b| b + self.offset)
    }

    /// Asks the solve to stop now ([`Deadline::halt`]: only a solve on a
    /// deadline made by [`Deadline::haltable`] stops); [`Running::wait`]
    /// then has its outcome within a moment.
    pub fn halt(&self) {
        self.deadline.halt();
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
        got.unwrap_or_else(|| self.given_up())
    }

    /// The outcome, waiting until `end` at most; then the solve is halted
    /// ([`Deadline::halt`]: its own deadline, made by
    /// [`Deadline::haltable`], never the run's) and waited for `grace`
    /// seconds more, else given up with what HiGHS had reported. A solve
    /// on a deadline that is not haltable runs on to its own end (its
    /// result dropped).
    pub fn wait_until(self, end: &Deadline, grace: f64) -> Outcome {
        let Some(left) = end.remaining() else {
            return self.wait(grace);
        };
        if let Ok(out) = self.rx.recv_timeout(Duration::from_secs_f64(left)) {
            return out;
        }
        self.deadline.halt();
        self.rx
            .recv_timeout(Duration::from_secs_f64(grace.max(0.0)))
            .unwrap_or_else(|_| self.given_up())
    }

    /// The outcome of a solve given up: status `time_limit`, with the best
    /// solution and the dual bound HiGHS had reported, if any.
    fn given_up(&self) -> Outcome {
        let mut out = Outcome::out_of_time(self.size, self.start);
        out.status = Status::TimeLimit;
        let seen = self.seen.lock().map(|s| s.clone()).unwrap_or_default();
        // From a start, HiGHS's bound stands only if its value of its
        // solution is the program's.
        let misread = self.started.as_ref().is_some_and(|terms| {
            seen.solution.as_ref().is_none_or(|(highs, cols)| {
                let own: f64 = terms.iter().map(|&(c, k)| k * cols[c as usize]).sum();
                (own - highs).abs() > 1e-6 * own.abs().max(1.0)
            })
        });
        if let Some((objective, cols)) = seen.solution {
            out.objective = Some(objective + self.offset);
            out.values = Some(Values {
                cols,
                index: self.index.clone(),
            });
        }
        if !misread {
            out.set_bound(seen.bound.map(|b| b + self.offset));
        }
        out
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
            seen: Arc::default(),
            offset: 0.0,
            index: Arc::default(),
            started: None,
            start: Instant::now(),
        };
        let t = Instant::now();
        let out = running.wait(0.3);
        let waited = t.elapsed().as_secs_f64();
        assert_eq!(out.status, crate::solve::Status::TimeLimit);
        assert!(out.values.is_none());
        assert!((0.45..2.0).contains(&waited), "waited {waited:.2} s");
    }

    /// A solve given up keeps what HiGHS had reported through the
    /// callback: its best solution (objective with the program's constant)
    /// and its dual bound; from a start whose value HiGHS misread (its
    /// objective of its solution is not the program's), the bound is void.
    #[test]
    fn a_solve_given_up_keeps_what_highs_reported() {
        let mut index = ColumnIndex::default();
        let mut lp = Lp::new();
        let (a, b) = (lp.binary(), lp.binary());
        index.insert(a, 0);
        index.insert(b, 1);
        let given_up = |started: Option<Vec<(u32, f64)>>| {
            let (_tx, rx) = mpsc::channel();
            let seen = Seen {
                bound: Some(9.0),
                solution: Some((10.0, vec![1.0, 0.0])),
            };
            Running {
                rx,
                deadline: Deadline::after(0.0),
                size: ModelSize::default(),
                seen: Arc::new(Mutex::new(seen)),
                offset: 100.0,
                index: Arc::new(index.clone()),
                started,
                start: Instant::now(),
            }
            .wait(0.0)
        };
        let out = given_up(None);
        assert_eq!(out.status, crate::solve::Status::TimeLimit);
        assert_eq!(out.objective, Some(110.0));
        assert_eq!(out.bound, Some(109.0));
        let v = out.values.expect("the solution HiGHS reported");
        assert!(v.on(a) && !v.on(b));
        // Started from a solution: HiGHS's value 10 is the program's (10 a).
        assert_eq!(given_up(Some(vec![(0, 10.0)])).bound, Some(109.0));
        // ... and here it is not (the program's value is 11): no bound.
        assert_eq!(given_up(Some(vec![(0, 11.0)])).bound, None);
    }
}
