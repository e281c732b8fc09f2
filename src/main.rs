//! serviceplan — plans the local service offices of a municipality.
//!
//! `serviceplan --help` is the manual. The program is the library
//! (`serviceplan::*`) wired together by [`cli`]: parse the arguments, run
//! one command, exit with the code of its result.

mod cli;

fn main() -> std::process::ExitCode {
    // Solves given up at the time limit may still be inside HiGHS: `leave`
    // ends the process without waiting for them.
    serviceplan::solve::leave(cli::run())
}
