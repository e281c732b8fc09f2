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
//! The same callback keeps, when asked to ([`Seen`]), the MIP's latest dual
//! bound and its best solution as HiGHS reports them, so that a solve
//! given up before it returns ([`super::Running`]) still yields them.
//!
//! The `unsafe` code here: two calls into the HiGHS C API through
//! `highs-sys` and the callback they call back. The project's other calls
//! into that API are in `solve` too (bounds of a [`super::Session`],
//! writing a model, and [`super::running`] at exit).

use std::os::raw::{c_char, c_int, c_void};
use std::sync::{Arc, Mutex};

use highs_sys::{
    Highs_setCallback, Highs_startCallback, HighsCallbackDataIn, HighsCallbackDataOut,
    kHighsCallbackIpmInterrupt, kHighsCallbackMipImprovingSolution, kHighsCallbackMipInterrupt,
    kHighsCallbackSimplexInterrupt,
};

use super::Deadline;

/// What HiGHS has reported of a MIP so far, in its own objective (without
/// the program's constant).
#[derive(Debug, Default, Clone)]
pub struct Seen {
    /// The latest dual bound.
    pub bound: Option<f64>,
    /// The best solution's objective and column values.
    pub solution: Option<(f64, Vec<f64>)>,
}

/// The callback's data: the deadline, and where to keep what it sees.
struct Data {
    deadline: Deadline,
    seen: Option<(Arc<Mutex<Seen>>, usize)>,
}

/// Keeps the callback's data alive while HiGHS may call it: install with
/// [`Guard::install`] before the solve, drop after it.
pub(crate) struct Guard {
    _data: Box<Data>,
}

impl Guard {
    /// Makes the HiGHS instance behind `highs` (a `Highs*`, as
    /// `highs::Model::as_mut_ptr` returns it) stop once `deadline` expires.
    pub(crate) fn install(highs: *mut c_void, deadline: &Deadline) -> Guard {
        Guard::watching(highs, deadline, None)
    }

    /// [`Guard::install`], also keeping in `seen` the dual bound and the
    /// best solution (of `columns` columns) as HiGHS reports them.
    pub(crate) fn watching(
        highs: *mut c_void,
        deadline: &Deadline,
        seen: Option<(Arc<Mutex<Seen>>, usize)>,
    ) -> Guard {
        let watch = seen.is_some();
        let data = Box::new(Data {
            deadline: deadline.clone(),
            seen,
        });
        let ptr = &*data as *const Data as *mut c_void;
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
            if watch {
                Highs_startCallback(highs, kHighsCallbackMipImprovingSolution);
            }
        }
        Guard { _data: data }
    }
}

/// Answers HiGHS's "interrupt?" with whether the deadline has passed, and
/// keeps the MIP's dual bound and improving solutions when asked to.
unsafe extern "C" fn callback(
    kind: c_int,
    _message: *const c_char,
    out: *const HighsCallbackDataOut,
    data_in: *mut HighsCallbackDataIn,
    user: *mut c_void,
) {
    if user.is_null() {
        return;
    }
    // SAFETY: `user` is the `Data` the guard keeps alive for the solve;
    // `out` and `data_in` are HiGHS's own records for this call, and an
    // improving solution's array holds one value per column of the model.
    unsafe {
        let data = &*(user as *const Data);
        if let (Some((seen, columns)), false) = (&data.seen, out.is_null()) {
            let out = &*out;
            let mip = kind == kHighsCallbackMipInterrupt as c_int;
            let improving = kind == kHighsCallbackMipImprovingSolution as c_int;
            if (mip || improving)
                && let Ok(mut seen) = seen.lock()
            {
                if mip && out.mip_dual_bound.is_finite() {
                    seen.bound = Some(out.mip_dual_bound);
                }
                if improving && !out.mip_solution.is_null() {
                    let cols = std::slice::from_raw_parts(out.mip_solution, *columns).to_vec();
                    seen.solution = Some((out.objective_function_value, cols));
                }
            }
        }
        let interrupt = kind == kHighsCallbackMipInterrupt as c_int
            || kind == kHighsCallbackSimplexInterrupt as c_int
            || kind == kHighsCallbackIpmInterrupt as c_int;
        if interrupt && !data_in.is_null() && data.deadline.expired() {
            (*data_in).user_interrupt = 1;
        }
    }
}
