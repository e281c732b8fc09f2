//! `unavailable`: no work on a day of absence. Normally such a day simply
//! has no cell (the rule is structural); a model built to explain an
//! infeasibility keeps the cells and adds `works[s][d] = 0`, so that the
//! elastic re-solve can name the absence as the cause.

use super::{Grid, UNAVAILABLE};
use crate::solve::{Lp, Sense};

/// Adds `works[s][d] = 0` for each of `days` that has a cell, labelled.
pub fn unavailable(
    lp: &mut Lp,
    g: &impl Grid,
    s: usize,
    days: impl IntoIterator<Item = (usize, String)>,
) {
    for (d, label) in days {
        if g.choices(s, d) > 0 && lp.constrain(&UNAVAILABLE, g.works(s, d), Sense::Eq, 0.0) {
            lp.label_last(label);
        }
    }
}
