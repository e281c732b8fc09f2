//! The run's one deadline, and what keeps its promise.
//!
//! - Ctrl-C (SIGINT) or SIGTERM stops the deadline: every solve under it
//!   ends at once and the command writes the best verified result found
//!   so far. A second signal ends the program at once (exit code 130).
//! - A watchdog thread ends the program with exit code 4 should the run
//!   ever pass `--time-limit` + 5 % + 1 s (a solver that did not stop);
//!   output folders are swapped in whole, so nothing half-written remains.
//! - The planning commands keep back time for what follows their solve
//!   (`planner::write_reserve`).

use serviceplan::solve::Deadline;

/// Creates the run's deadline `limit` seconds from now, with its guards.
pub fn deadline(limit: f64) -> Deadline {
    let d = stoppable(Deadline::after(limit));
    let promise = std::time::Duration::from_secs_f64(limit * 1.05 + 1.0 - 0.25);
    std::thread::spawn(move || {
        std::thread::sleep(promise);
        eprintln!(
            "no result within the time limit of {limit} s (+5 % and 1 s); nothing was replaced. \
             Raise --time-limit."
        );
        // Without exit handlers: they would wait for the solves still
        // leaving HiGHS, past the promise.
        serviceplan::solve::exit_now(4)
    });
    d
}

/// `d`, stopped by Ctrl-C or SIGTERM (a second one ends the program).
pub fn stoppable(d: Deadline) -> Deadline {
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // Registered first, so it sees the flag as the previous signal left it.
        let _ = signal_hook::flag::register_conditional_shutdown(signal, 130, d.stop_flag());
        let _ = signal_hook::flag::register(signal, d.stop_flag());
    }
    d
}
