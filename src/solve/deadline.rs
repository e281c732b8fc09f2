//! One deadline for a whole run.
//!
//! A command creates one [`Deadline`] from `--time-limit` and hands it (or
//! a [`Deadline::share`] of it) to every stage and every solve; nothing
//! else keeps its own clock. Shares end no later than their parent and
//! share its stop flag, so `stop()` (Ctrl-C) or the end of the run ends
//! every solve under it: HiGHS is interrupted through its callbacks
//! ([`super::interrupt`]), the searches check [`Deadline::expired`].

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// When a run (or a stage of it) must end.
#[derive(Debug, Clone)]
pub struct Deadline {
    start: Instant,
    end: Option<Instant>,
    stop: Arc<AtomicBool>,
    /// A second flag of a deadline made by [`Deadline::haltable`]: stops it
    /// (and its shares) without stopping the one it was made from.
    halt: Option<Arc<AtomicBool>>,
}

impl PartialEq for Deadline {
    fn eq(&self, other: &Self) -> bool {
        self.end == other.end && Arc::ptr_eq(&self.stop, &other.stop)
    }
}

impl Default for Deadline {
    /// No limit.
    fn default() -> Self {
        Deadline::none()
    }
}

impl Deadline {
    /// A deadline `seconds` from now (a negative or NaN value ends now).
    pub fn after(seconds: f64) -> Deadline {
        let start = Instant::now();
        let secs = if seconds.is_nan() {
            0.0
        } else {
            seconds.max(0.0)
        };
        Deadline {
            start,
            end: Some(start + Duration::from_secs_f64(secs.min(1e9))),
            stop: Arc::new(AtomicBool::new(false)),
            halt: None,
        }
    }

    /// No time limit (only [`Deadline::stop`] ends it).
    pub fn none() -> Deadline {
        Deadline {
            start: Instant::now(),
            end: None,
            stop: Arc::new(AtomicBool::new(false)),
            halt: None,
        }
    }

    /// [`Deadline::after`] for `Some(seconds)`, [`Deadline::none`] for `None`.
    pub fn from_limit(limit: Option<f64>) -> Deadline {
        limit.map_or_else(Deadline::none, Deadline::after)
    }

    /// Seconds since this deadline (or the run it was shared from) began.
    pub fn elapsed(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// Seconds left (0 once expired); `None` without a time limit.
    pub fn remaining(&self) -> Option<f64> {
        if self.stopped() {
            return Some(0.0);
        }
        self.end
            .map(|e| e.saturating_duration_since(Instant::now()).as_secs_f64())
    }

    /// Seconds left, or `default` when there is no limit.
    pub fn remaining_or(&self, default: f64) -> f64 {
        self.remaining().unwrap_or(default)
    }

    /// True once the time is up or the run was stopped.
    pub fn expired(&self) -> bool {
        self.stopped() || self.end.is_some_and(|e| Instant::now() >= e)
    }

    /// Ends this deadline and every one shared from it or with it, now
    /// (Ctrl-C: the best result so far is kept).
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    /// True when [`Deadline::stop`] (or, on a deadline made by
    /// [`Deadline::haltable`], [`Deadline::halt`]) was called, not merely
    /// out of time.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
            || self
                .halt
                .as_ref()
                .is_some_and(|h| h.load(Ordering::Relaxed))
    }

    /// This deadline with a stop of its own: [`Deadline::halt`] ends it
    /// and its shares, not this one; [`Deadline::stop`] on this one (or
    /// the end of its time) still ends both. For a solve beside others
    /// that the caller ends when it has what it needs.
    pub fn haltable(&self) -> Deadline {
        Deadline {
            halt: Some(Arc::new(AtomicBool::new(false))),
            ..self.clone()
        }
    }

    /// Ends a deadline made by [`Deadline::haltable`] (and its shares),
    /// not the one it was made from. On any other deadline it does
    /// nothing: halting a solve must never stop the whole run (that is
    /// [`Deadline::stop`], for Ctrl-C).
    pub fn halt(&self) {
        if let Some(h) = &self.halt {
            h.store(true, Ordering::SeqCst);
        }
    }

    /// The flag that [`Deadline::stop`] sets, for a signal handler.
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.stop)
    }

    /// A stage's deadline: `fraction` of the time left (at least
    /// `min_seconds`), never past this deadline; the same stop flag. Without
    /// a limit the stage has none either.
    pub fn share(&self, fraction: f64, min_seconds: f64) -> Deadline {
        let Some(left) = self.remaining() else {
            return self.clone();
        };
        self.within((left * fraction).max(min_seconds))
    }

    /// At most `seconds` from now, never past this deadline.
    pub fn within(&self, seconds: f64) -> Deadline {
        let now = Instant::now();
        let secs = if seconds.is_nan() {
            0.0
        } else {
            seconds.max(0.0)
        };
        let mine = now + Duration::from_secs_f64(secs.min(1e9));
        Deadline {
            start: self.start,
            end: Some(self.end.map_or(mine, |e| e.min(mine))),
            stop: Arc::clone(&self.stop),
            halt: self.halt.clone(),
        }
    }

    /// This deadline moved `seconds` earlier (time kept back for work after
    /// the solve, such as verifying and writing the plan).
    pub fn less(&self, seconds: f64) -> Deadline {
        match self.end {
            None => self.clone(),
            Some(e) => Deadline {
                start: self.start,
                end: Some(
                    e.checked_sub(Duration::from_secs_f64(seconds.max(0.0)))
                        .unwrap_or(self.start)
                        .max(self.start),
                ),
                stop: Arc::clone(&self.stop),
                halt: self.halt.clone(),
            },
        }
    }

    /// True when this deadline has a time limit.
    pub fn is_limited(&self) -> bool {
        self.end.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_never_outlast_their_parent_and_share_its_stop() {
        let d = Deadline::after(10.0);
        let s = d.share(0.25, 0.0);
        let left = s.remaining().unwrap();
        assert!(left <= 2.5 + 1e-3 && left > 2.0, "{left}");
        let long = d.within(100.0);
        assert!(long.remaining().unwrap() <= 10.0);
        assert!(!s.expired());
        d.stop();
        assert!(s.expired() && long.expired());
        assert_eq!(s.remaining(), Some(0.0));
    }

    #[test]
    fn a_haltable_deadline_ends_alone_but_not_its_parent() {
        let run = Deadline::after(10.0);
        let side = run.haltable();
        let share = side.share(0.5, 0.0);
        side.halt();
        assert!(side.expired() && share.expired());
        assert!(!run.expired() && !run.stopped());
        // Halting a deadline that is not haltable leaves the run going.
        run.halt();
        assert!(!run.expired() && !run.stopped());
        let other = run.haltable();
        run.stop();
        assert!(other.expired());
    }

    #[test]
    fn no_limit_and_odd_limits() {
        let d = Deadline::none();
        assert_eq!(d.remaining(), None);
        assert!(!d.expired());
        assert_eq!(d.share(0.5, 1.0).remaining(), None);
        assert!(d.within(0.0).expired());
        assert!(Deadline::after(f64::NAN).expired());
        assert!(Deadline::after(-1.0).expired());
        assert!(Deadline::after(5.0).less(10.0).expired());
    }
}
