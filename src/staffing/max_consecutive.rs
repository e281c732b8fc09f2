//! `max_consecutive`: no more than `k` working days in a row. Days outside
//! the horizon are free, so only windows inside it matter:
//! `Σ_{i=a}^{a+k} works[s][i] ≤ k` for every window of `k + 1` days. A
//! window with a day certainly off needs no row.

use super::{Grid, MAX_CONSECUTIVE, is_zero};
use crate::solve::{Lp, Sense};

/// Adds the windows of staff member `s` that touch the days `touch`
/// (`first..=last`); `label(a)` names the window starting on day `a`.
pub fn max_consecutive(
    lp: &mut Lp,
    g: &impl Grid,
    s: usize,
    k: usize,
    (first, last): (usize, usize),
    label: impl Fn(usize) -> Option<String>,
) {
    let n = g.days();
    if k >= n || first > last {
        return;
    }
    for a in first.saturating_sub(k)..=last.min(n - 1 - k) {
        let days: Vec<_> = (a..=a + k).map(|d| g.works(s, d)).collect();
        if days.iter().any(is_zero) {
            continue;
        }
        let e: good_lp::Expression = days.into_iter().sum();
        if lp.constrain(&MAX_CONSECUTIVE, e, Sense::Le, k as f64)
            && let Some(l) = label(a)
        {
            lp.label_last(l);
        }
    }
}
