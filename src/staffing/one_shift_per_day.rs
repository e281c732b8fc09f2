//! `one_shift_per_day`: `Σ_c x[s][d][c] ≤ 1` for every day on which the
//! staff member has a choice between two or more cells.

use super::{Grid, ONE_SHIFT_PER_DAY};
use crate::solve::{Lp, Sense};

/// Adds the rows for staff member `s` on `days`.
pub fn one_shift_per_day(
    lp: &mut Lp,
    g: &impl Grid,
    s: usize,
    days: impl IntoIterator<Item = usize>,
) {
    for d in days {
        if g.choices(s, d) >= 2 {
            lp.constrain(&ONE_SHIFT_PER_DAY, g.works(s, d), Sense::Le, 1.0);
        }
    }
}
