//! Progress of a solve, for a person watching it: which stage runs, the
//! best plan found so far and the best bound. The planner reports
//! [`Event`]s; what is shown, and whether anything is, is the caller's
//! business (the CLI draws one line on a terminal, nothing when piped).

use std::fmt;
use std::sync::Arc;

/// What a solve reports as it goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event<'a> {
    /// A stage starts (`base schedule`, `quarter`, `rooms`, `location`);
    /// the plans and bounds that follow are its own.
    Stage(&'a str),
    /// A better plan of the stage, with its objective.
    Plan(f64),
    /// A lower bound on the stage's objective.
    Bound(f64),
}

type Sink = dyn Fn(Event<'_>) + Send + Sync;

/// Where a solve reports its [`Event`]s; by default nowhere.
#[derive(Clone, Default)]
pub struct Progress(Option<Arc<Sink>>);

impl Progress {
    /// Reports to `sink`.
    pub fn to(sink: impl Fn(Event<'_>) + Send + Sync + 'static) -> Progress {
        Progress(Some(Arc::new(sink)))
    }

    /// Reports one event (nothing when nobody listens).
    pub fn report(&self, e: Event<'_>) {
        if let Some(sink) = &self.0 {
            sink(e)
        }
    }
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(reported)"
        } else {
            "Progress(none)"
        })
    }
}

/// Two options are equal whatever they report to: progress never changes
/// a plan.
impl PartialEq for Progress {
    fn eq(&self, _: &Progress) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn events_reach_the_sink_in_order() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        let p = Progress::to(move |e| s.lock().unwrap().push(format!("{e:?}")));
        p.report(Event::Stage("quarter"));
        p.clone().report(Event::Plan(12.5));
        Progress::default().report(Event::Bound(1.0));
        assert_eq!(
            *seen.lock().unwrap(),
            vec!["Stage(\"quarter\")".to_string(), "Plan(12.5)".to_string()]
        );
    }
}
