//! Helpers shared by the integration tests: tiny scenarios from TOML text.
#![allow(dead_code)]

use std::path::Path;

use serviceplan::plan::Plan;
use serviceplan::planner::{self, Outcome};
use serviceplan::scenario::{self, Scenario};
use serviceplan::solve::SolveOptions;

/// The head of a tiny scenario: one home area, weights that make the
/// objective count paid minutes plus 1000 per missing opening.
pub const HEAD: &str = r#"
name = "tiny"
[rules]
cycle_weeks = 0
min_evenings_per_month = 0
[weights]
missing_opening = 1000
evening_spread = 0
staff_minute = 1
mileage_sek = 0
cycle_exception = 0
workload_balance = 0
evening_fairness = 0
preference = 0
[[areas]]
id = "home"
population = 100
lat = 60.0
lon = 17.0
"#;

pub fn load(text: &str) -> Scenario {
    match scenario::load_str(Path::new("test.toml"), text) {
        Ok((s, _)) => s,
        Err(d) => panic!("test scenario invalid:\n{d}\n---\n{text}"),
    }
}

pub fn options() -> SolveOptions {
    SolveOptions {
        time_limit: Some(60.0),
        ..SolveOptions::default()
    }
}

pub fn solve(s: &Scenario) -> Outcome {
    planner::solve(s, &options())
}

/// Solves and returns the plan, failing the test otherwise.
pub fn plan(s: &Scenario) -> Plan {
    match solve(s) {
        Outcome::Planned(p) => *p,
        Outcome::Infeasible { explanation, .. } => panic!("infeasible: {explanation}"),
        Outcome::NoSolution { reason, .. } => panic!("no solution: {reason}"),
    }
}

/// The plan's objective.
pub fn objective(p: &Plan) -> f64 {
    p.summary.objective.expect("a plan has an objective")
}
