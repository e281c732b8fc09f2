//! A cooperative portfolio: with `threads = k ≥ 2`, k searches run at once on
//! k cores, each single-threaded with its own seed (so their dives fix staff
//! in different orders and their neighbourhoods differ), sharing one
//! incumbent and one bound. Every search publishes an improvement and adopts
//! a better roster found by another at its next step; all stop as soon as the
//! shared incumbent meets the shared bound. The result is the best roster,
//! the best bound, and the status they prove together.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::{Roster, RosterOptions, RosterProblem, RosterResult};
use crate::solve::Status;

/// The incumbent and bound shared by the searches of a portfolio.
#[derive(Debug)]
pub struct Shared {
    best: Mutex<Option<(f64, Roster)>>,
    best_obj: AtomicU64,
    bound: AtomicU64,
}

impl Shared {
    fn new() -> Self {
        Shared {
            best: Mutex::new(None),
            best_obj: AtomicU64::new(f64::INFINITY.to_bits()),
            bound: AtomicU64::new(f64::NEG_INFINITY.to_bits()),
        }
    }

    /// The best objective any search has published (∞ before the first).
    pub fn best_obj(&self) -> f64 {
        f64::from_bits(self.best_obj.load(Ordering::Acquire))
    }

    /// The best bound any search has published.
    pub fn bound(&self) -> Option<f64> {
        let b = f64::from_bits(self.bound.load(Ordering::Acquire));
        b.is_finite().then_some(b)
    }

    /// Publishes a roster if it beats the shared one.
    pub fn offer(&self, obj: f64, r: &Roster) {
        let mut best = self.best.lock().expect("portfolio lock");
        if best.as_ref().is_none_or(|(o, _)| obj < *o - 1e-9) {
            *best = Some((obj, r.clone()));
            self.best_obj.store(obj.to_bits(), Ordering::Release);
        }
    }

    /// The shared roster if it beats `obj`.
    pub fn better_than(&self, obj: f64) -> Option<(f64, Roster)> {
        if self.best_obj() >= obj - 1e-9 {
            return None;
        }
        self.best.lock().expect("portfolio lock").clone()
    }

    /// Raises the shared bound to `b` if it is higher.
    pub fn raise_bound(&self, b: f64) {
        let _ = self
            .bound
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |old| {
                (b > f64::from_bits(old)).then_some(b.to_bits())
            });
    }
}

/// A handle to the shared state in [`RosterOptions`]; equal when it is the same portfolio.
#[derive(Debug, Clone)]
pub struct SharedHandle(pub Arc<Shared>);

impl PartialEq for SharedHandle {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Solves with `opts.threads` cooperating searches (one search when 1).
pub fn solve(p: &RosterProblem, opts: &RosterOptions) -> RosterResult {
    let k = opts.threads.max(1) as u64;
    if k == 1 || opts.shared.is_some() {
        return super::search::solve(p, opts);
    }
    let shared = SharedHandle(Arc::new(Shared::new()));
    let results: Vec<RosterResult> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..k)
            .map(|i| {
                let o = RosterOptions {
                    seed: opts.seed.wrapping_add(i),
                    threads: 1,
                    verbose: opts.verbose && i == 0,
                    shared: Some(shared.clone()),
                    search: i as u32,
                    ..opts.clone()
                };
                scope.spawn(move || super::search::solve(p, &o))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a portfolio search panicked"))
            .collect()
    });
    combine(results)
}

/// The best roster (the first search's on ties), the highest bound, and the
/// status they prove together.
fn combine(results: Vec<RosterResult>) -> RosterResult {
    let seconds = results.iter().map(|r| r.seconds).fold(0.0, f64::max);
    let bound = results.iter().filter_map(|r| r.bound).reduce(f64::max);
    let infeasible = results.iter().any(|r| r.status == Status::Infeasible);
    let first_seconds = results
        .iter()
        .filter_map(|r| r.first_seconds)
        .reduce(f64::min);
    let mut log = Vec::new();
    for (i, r) in results.iter().enumerate() {
        log.extend(r.log.iter().map(|l| format!("[search {i}] {l}")));
    }
    let mut best: Option<RosterResult> = None;
    for r in results {
        let better = match (&best, r.objective) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(b), Some(o)) => b.objective.is_none_or(|bo| o < bo - 1e-9),
        };
        if better || best.is_none() {
            best = Some(r);
        }
    }
    let mut out = best.expect("at least one search");
    out.bound = bound;
    out.seconds = seconds;
    out.first_seconds = first_seconds;
    out.log = log;
    if let (Some(o), Some(b)) = (out.objective, bound) {
        out.gap = Some(crate::solve::relative_gap(o, b));
        if o <= b + 1e-9 {
            out.status = Status::Optimal;
        }
    }
    if infeasible && out.roster.is_none() {
        out.status = Status::Infeasible;
    }
    out
}
