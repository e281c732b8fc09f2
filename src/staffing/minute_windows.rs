//! `minute_windows`: at most `limit` paid minutes on the days
//! `first..=last`: `Σ_{d} paid[s][d] ≤ limit`. A window whose longest
//! possible days add up to no more than the limit needs no row.

use super::{Grid, MINUTE_WINDOWS};
use crate::solve::{Lp, Sense};

/// Adds the row of one window of staff member `s`, labelled.
pub fn minute_window(
    lp: &mut Lp,
    g: &impl Grid,
    s: usize,
    (first, last): (usize, usize),
    limit: f64,
    label: Option<String>,
) {
    let most: f64 = (first..=last).map(|d| g.longest(s, d)).sum();
    if most <= limit {
        return;
    }
    let e: good_lp::Expression = (first..=last).map(|d| g.paid(s, d)).sum();
    if lp.constrain(&MINUTE_WINDOWS, e, Sense::Le, limit)
        && let Some(l) = label
    {
        lp.label_last(l);
    }
}
