//! The error every command returns, and the exit code it maps to.
//!
//! Library functions return `anyhow` errors with context; the commands turn
//! them into an [`Error`] by what they are (a type, never the text of a
//! message) and the program exits with [`Error::exit_code`]:
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | an error that is not the input's fault (I/O, the solver failed) |
//! | 2 | bad input: a scenario, a file or an option; the message says where and how to fix it |
//! | 3 | infeasible: no plan keeps every hard rule; the conflicting rules are named |
//! | 4 | no plan (or roster) within the time limit |
//! | 5 | a plan failed its independent verification (a bug: nothing was written) |

use thiserror::Error as ThisError;

/// What went wrong, by exit code.
#[derive(Debug, ThisError)]
pub enum Error {
    /// The input is wrong: exit code 2.
    #[error("{0}")]
    BadInput(String),
    /// No plan keeps every hard rule: exit code 3.
    #[error("{0}")]
    Infeasible(String),
    /// Nothing found within the time limit: exit code 4.
    #[error("{0}")]
    NoPlan(String),
    /// A plan broke a hard rule in the independent check: exit code 5.
    #[error("{0}")]
    VerifyFailed(String),
    /// Anything else: exit code 1.
    #[error("{0:#}")]
    Other(anyhow::Error),
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Other(_) => 1,
            Error::BadInput(_) => 2,
            Error::Infeasible(_) => 3,
            Error::NoPlan(_) => 4,
            Error::VerifyFailed(_) => 5,
        }
    }

    /// Bad input, with the error's full chain of context as the message.
    pub fn bad_input(e: impl Into<anyhow::Error>) -> Error {
        Error::BadInput(format!("{:#}", e.into()))
    }

    /// An error of a command whose failures are the input's unless known
    /// otherwise: a typed error keeps its kind, anything else is bad input.
    pub fn input_unless_known(e: anyhow::Error) -> Error {
        match Error::from(e) {
            Error::Other(e) => Error::bad_input(e),
            known => known,
        }
    }
}

impl From<anyhow::Error> for Error {
    /// Classifies a library error by its type: an [`Error`] stays what it
    /// is; the readers' error types are bad input; anything else is an
    /// error of kind 1.
    fn from(e: anyhow::Error) -> Error {
        let e = match e.downcast::<Error>() {
            Ok(known) => return known,
            Err(e) => e,
        };
        if e.chain().any(|c| c.is::<crate::verify::location::Failed>()) {
            return Error::VerifyFailed(format!("{e:#}"));
        }
        let bad = e.chain().any(|c| {
            c.is::<crate::scenario::Diagnostics>()
                || c.is::<crate::input::InputError>()
                || c.is::<crate::formats::nrp::NrpError>()
                || c.is::<crate::location::orlib::OrlibError>()
                || c.is::<crate::location::problem::LocationError>()
                || c.is::<crate::geo::MatrixError>()
                || c.is::<crate::cost::followup::BadInput>()
                || c.is::<crate::roster::InvalidProblem>()
        });
        if bad {
            Error::bad_input(e)
        } else {
            Error::Other(e)
        }
    }
}

impl From<crate::scenario::Diagnostics> for Error {
    fn from(d: crate::scenario::Diagnostics) -> Error {
        Error::BadInput(d.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_map_to_their_exit_codes_by_type() {
        let wrapped = anyhow::Error::new(Error::VerifyFailed("x".into())).context("writing");
        assert_eq!(Error::from(wrapped).exit_code(), 5);
        let bad = anyhow::Error::new(crate::cost::followup::BadInput(vec!["l:1".into()]));
        assert_eq!(Error::from(bad).exit_code(), 2);
        let other = anyhow::anyhow!("disk full");
        assert_eq!(Error::from(other).exit_code(), 1);
    }
}
