//! `total_minutes`: a staff member's paid minutes over the horizon lie
//! within `[min, max]`: `min ≤ total ≤ max`, where `total` is the model's
//! expression (or variable) for `Σ_d paid[s][d]`.

use good_lp::Expression;

use super::TOTAL_MINUTES;
use crate::solve::{Lp, Sense};

/// Adds the bounds that are given, each labelled.
pub fn total_minutes(
    lp: &mut Lp,
    total: impl Into<Expression>,
    min: Option<f64>,
    max: Option<f64>,
    label: Option<String>,
) {
    let total = total.into();
    if let Some(max) = max
        && lp.constrain(&TOTAL_MINUTES, total.clone(), Sense::Le, max)
        && let Some(l) = &label
    {
        lp.label_last(l.clone());
    }
    if let Some(min) = min.filter(|&m| m > 0.0)
        && lp.constrain(&TOTAL_MINUTES, total, Sense::Ge, min)
        && let Some(l) = label
    {
        lp.label_last(l);
    }
}
