//! The construction's fallbacks for a staff member whose best response
//! found no schedule in its time: the staff member alone, costs dropped
//! ([`single::schedule`]: the DP where only the rules prune, then a
//! compact feasibility MIP), with a larger share of the time; and, when
//! a staff member provably has no schedule, which of their rules conflict.

use std::time::{Duration, Instant};

use super::super::Roster;
use super::super::single::{self, Alone};
use super::*;

/// Share of the time left one rescue may take (the first roster should
/// come within a tenth of the time limit; a rescue is rare).
const RESCUE_SHARE: f64 = 0.05;

/// Share of the time left for a second rescue of the same staff member,
/// when the first found nothing: the run has no roster without it.
const LAST_RESCUE_SHARE: f64 = 0.5;

/// Seconds a rescue may always take, whatever the share.
const RESCUE_MIN: f64 = 1.0;

/// Seconds the explanation of an infeasible staff member may take.
const EXPLAIN_TIME: f64 = 10.0;

impl Search<'_> {
    /// A schedule of staff `s` that keeps their rules, found alone.
    /// `Err(true)`: none exists; `Err(false)`: none found in time.
    pub(super) fn rescue(&mut self, r: &Roster, s: usize) -> Result<Vec<Option<usize>>, bool> {
        match self.rescue_for(r, s, RESCUE_SHARE) {
            // Without this staff member's schedule there is no roster at
            // all, so a second try may take half of what is left (a planted
            // year of 30 staff and 32 types, at 8 s on a slower machine:
            // none found in the first 1.09 s, and the run ended with none).
            Err(false) if self.remaining() > RESCUE_MIN => self.rescue_for(r, s, LAST_RESCUE_SHARE),
            got => got,
        }
    }

    /// [`Search::rescue`] in `share` of the time left (at least
    /// [`RESCUE_MIN`]).
    fn rescue_for(&mut self, r: &Roster, s: usize, share: f64) -> Result<Vec<Option<usize>>, bool> {
        let time = (self.remaining() * share)
            .max(RESCUE_MIN)
            .min(self.remaining());
        let t0 = Instant::now();
        let cost = self.marginal_costs(r, s);
        let deadline = t0 + Duration::from_secs_f64(time.max(0.0));
        let got = single::schedule(self.p, s, Some(&cost), deadline);
        self.note(format!(
            "staff {}: no schedule by best response, alone {} ({:.2}s)",
            self.p.staff[s].id,
            match &got {
                Alone::Schedule(_) => "found one",
                Alone::None => "there is none",
                Alone::Unknown => "found none",
            },
            t0.elapsed().as_secs_f64()
        ));
        match got {
            Alone::Schedule(a) => Ok(a),
            Alone::None => Err(true),
            Alone::Unknown => Err(false),
        }
    }

    /// Why staff `s` has no schedule: the rules that conflict.
    pub(super) fn why_infeasible(&self, s: usize) -> String {
        let id = &self.p.staff[s].id;
        let time = self.remaining().min(EXPLAIN_TIME);
        let deadline = Instant::now() + Duration::from_secs_f64(time.max(0.0));
        match single::conflict(self.p, s, deadline) {
            Some(rules) if !rules.is_empty() => format!(
                "infeasible: staff {id} has no schedule that keeps all their hard rules; \
                 these conflict (dropping any one of them leaves a schedule): {}",
                rules.join("; ")
            ),
            _ => format!(
                "infeasible: staff {id} has no schedule that keeps all their hard rules \
                 (which of them conflict was not found in {time:.0}s)"
            ),
        }
    }
}
