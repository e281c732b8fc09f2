//! Stopping HiGHS at the run's deadline.
//!
//! HiGHS checks its own `time_limit` only at some points (measured: a 2 s
//! limit returned after 10 s on a 58,000-binary model, and stages overran
//! their shares by 20–70 %). It also asks a user callback whether to stop:
//! in the MIP driver's limit check (between nodes, in the root's cut loop
//! and heuristics), in simplex and in the interior-point method. This
//! module installs such a callback that answers "stop" once the
//! [`Deadline`] has expired or was stopped, so a solve ends within a
//! moment of it with the best solution found.
//!
//! The only `unsafe` code of the project is here: two calls into the HiGHS
//! C API through `highs-sys` and the callback they call back.

use std::os::raw::{c_char, c_int, c_void};

use highs_sys::{
    Highs_setCallback, Highs_startCallback, HighsCallbackDataIn, HighsCallbackDataOut,
    kHighsCallbackIpmInterrupt, kHighsCallbackMipInterrupt, kHighsCallbackSimplexInterrupt,
};

use super::Deadline;

/// Keeps the callback's data alive while HiGHS may call it: install with
/// [`Guard::install`] before the solve, drop after it.
pub(crate) struct Guard {
    _deadline: Box<Deadline>,
}

impl Guard {
    /// Makes the HiGHS instance behind `highs` (a `Highs*`, as
    /// `highs::Model::as_mut_ptr` returns it) stop once `deadline` expires.
    pub(crate) fn install(highs: *mut c_void, deadline: &Deadline) -> Guard {
        let data = Box::new(deadline.clone());
        let ptr = &*data as *const Deadline as *mut c_void;
        // SAFETY: `highs` is a live HiGHS instance owned by the caller's
        // model; `ptr` points into `data`, which the returned guard keeps
        // alive until the solve has returned (the caller drops the guard
        // after `solve`), and the callback only reads it.
        unsafe {
            Highs_setCallback(highs, Some(callback), ptr);
            for kind in [
                kHighsCallbackMipInterrupt,
                kHighsCallbackSimplexInterrupt,
                kHighsCallbackIpmInterrupt,
            ] {
                Highs_startCallback(highs, kind);
            }
        }
        Guard { _deadline: data }
    }
}

/// Answers HiGHS's "interrupt?" with whether the deadline has passed.
unsafe extern "C" fn callback(
    kind: c_int,
    _message: *const c_char,
    _out: *const HighsCallbackDataOut,
    data_in: *mut HighsCallbackDataIn,
    user: *mut c_void,
) {
    let interrupt = kind == kHighsCallbackMipInterrupt as c_int
        || kind == kHighsCallbackSimplexInterrupt as c_int
        || kind == kHighsCallbackIpmInterrupt as c_int;
    if !interrupt || data_in.is_null() || user.is_null() {
        return;
    }
    // SAFETY: `user` is the `Deadline` the guard keeps alive for the solve;
    // `data_in` is HiGHS's own input record for this call.
    unsafe {
        let deadline = &*(user as *const Deadline);
        if deadline.expired() {
            (*data_in).user_interrupt = 1;
        }
    }
}
