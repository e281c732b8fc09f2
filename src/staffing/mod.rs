//! The staffing layer shared by the municipal plan and the rostering core.
//!
//! Both problems decide, for each staff member and day, which of a few
//! *cells* (shift variables with their paid minutes) is worked: an office
//! and part of the day in the municipal plan, a shift type in the
//! benchmark. A [`Grid`] is that view of a model. The rules about one
//! staff member's days are written here once, each in its own file, with
//! its [`Family`](crate::family::Family) and its rows:
//!
//! | family | rule |
//! |---|---|
//! | [`ONE_SHIFT_PER_DAY`] | at most one cell a day |
//! | [`UNAVAILABLE`] | no work on a day (or shift) of absence |
//! | [`MAX_CONSECUTIVE`] | at most k working days in a row |
//! | [`MINUTE_WINDOWS`] | at most so many paid minutes within a window of days |
//! | [`TOTAL_MINUTES`] | paid minutes over the horizon within limits |
//!
//! A grid may hold fixed days (a neighbourhood search fixes all but a few):
//! their cells are constants, and a row without any variable is left out
//! when it holds ([`crate::solve::Lp::constrain`]).

mod families;
mod max_consecutive;
mod minute_windows;
mod one_shift_per_day;
mod total_minutes;
mod unavailable;

use good_lp::{Expression, IntoAffineExpression};

pub use families::{
    ALL, MAX_CONSECUTIVE, MINUTE_WINDOWS, ONE_SHIFT_PER_DAY, TOTAL_MINUTES, UNAVAILABLE,
};
pub use max_consecutive::max_consecutive;
pub use minute_windows::minute_window;
pub use one_shift_per_day::one_shift_per_day;
pub use total_minutes::total_minutes;
pub use unavailable::unavailable;

/// A model's staff × days grid of cells.
pub trait Grid {
    /// Number of days (day indices are `0..days()`).
    fn days(&self) -> usize;
    /// 1 when staff member `s` works on day `d`: the sum of the day's
    /// cells (a constant on a fixed day, 0 when no cell exists).
    fn works(&self, s: usize, d: usize) -> Expression;
    /// Paid minutes of `s` on `d`: `Σ minutes(c) · x_c` over the day's cells.
    fn paid(&self, s: usize, d: usize) -> Expression;
    /// How many of the day's cells are variables (choices left open).
    fn choices(&self, s: usize, d: usize) -> usize;
    /// The most paid minutes `s` can work on `d` (0 when certainly off).
    fn longest(&self, s: usize, d: usize) -> f64;
}

/// True when `e` has no variable and equals 0: a day certainly off.
pub(crate) fn is_zero(e: &Expression) -> bool {
    e.linear_coefficients().all(|(_, c)| c == 0.0) && e.constant() == 0.0
}
