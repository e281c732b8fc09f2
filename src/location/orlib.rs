//! Reader for Beasley's OR-Library warehouse location files (capinfo /
//! uncapinfo; see `benchmarks/facility-location/README.md`).
//!
//! The file is one stream of whitespace-separated tokens (line breaks carry
//! no meaning): `m n`, then `capacity_i fixed_i` for each site, then for each
//! customer `demand_j c_1j ... c_mj`. In capa/b/c every capacity is the
//! literal word `capacity`, replaced by a value the caller gives. Every error
//! names the file, the line, the token and what was expected; nothing panics.

use std::fmt;
use std::path::Path;

use super::problem::{Customer, LocationProblem, Objective, Site};

/// A parse error, with the position of the offending token.
#[derive(Debug, Clone, PartialEq)]
pub struct OrlibError {
    pub file: String,
    /// 1-based line; `None` at end of file.
    pub line: Option<usize>,
    pub token: Option<String>,
    pub message: String,
}

impl fmt::Display for OrlibError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.token) {
            // The token is quoted only when it looks like data (never a line of a
            // file that is not an instance).
            (Some(l), Some(t)) => write!(
                f,
                "{}:{}: {}: {}",
                self.file,
                l,
                crate::input::excerpt(t),
                self.message
            ),
            (Some(l), None) => write!(f, "{}:{}: {}", self.file, l, self.message),
            _ => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for OrlibError {}

/// An instance as read (sites × customers, 0-based internally).
#[derive(Debug, Clone, PartialEq)]
pub struct OrlibInstance {
    pub sites: usize,
    pub customers: usize,
    /// Per site; `None` where the file says `capacity` and no value was given.
    pub capacity: Vec<Option<f64>>,
    pub fixed_cost: Vec<f64>,
    pub demand: Vec<f64>,
    /// `cost[i][j]`: cost of serving all of customer j's demand from site i.
    pub cost: Vec<Vec<f64>>,
    /// Line of the first literal `capacity` word, if any.
    pub capacity_word_line: Option<usize>,
    file: String,
}

/// The literal word standing for the capacity in capa/b/c.
pub const CAPACITY_WORD: &str = "capacity";

struct Tokens<'a> {
    file: &'a str,
    toks: Vec<(usize, &'a str)>,
    pos: usize,
}

impl<'a> Tokens<'a> {
    fn new(file: &'a str, text: &'a str) -> Self {
        let toks = text
            .lines()
            .enumerate()
            .flat_map(|(l, line)| line.split_whitespace().map(move |t| (l + 1, t)))
            .collect();
        Tokens { file, toks, pos: 0 }
    }

    fn err(&self, line: Option<usize>, token: Option<&str>, message: String) -> OrlibError {
        OrlibError {
            file: self.file.to_string(),
            line,
            token: token.map(str::to_string),
            message,
        }
    }

    fn next(&mut self, what: &str) -> Result<(usize, &'a str), OrlibError> {
        match self.toks.get(self.pos) {
            Some(&t) => {
                self.pos += 1;
                Ok(t)
            }
            None => Err(self.err(
                self.toks.last().map(|t| t.0),
                None,
                format!("unexpected end of file: expected {what}"),
            )),
        }
    }

    fn count(&mut self, what: &str) -> Result<usize, OrlibError> {
        let (line, t) = self.next(what)?;
        match t.parse::<usize>() {
            Ok(v) if v > 0 => Ok(v),
            Ok(_) => Err(self.err(Some(line), Some(t), format!("{what} must be at least 1"))),
            Err(_) => Err(self.err(
                Some(line),
                Some(t),
                format!("expected {what} (a whole number)"),
            )),
        }
    }

    /// A finite number ≥ 0, or (when `word` is allowed) the literal `capacity`.
    fn number(&mut self, what: &str, word: bool) -> Result<(usize, Option<f64>), OrlibError> {
        let (line, t) = self.next(what)?;
        if word && t.eq_ignore_ascii_case(CAPACITY_WORD) {
            return Ok((line, None));
        }
        match t.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => Ok((line, Some(v))),
            Ok(v) => Err(self.err(
                Some(line),
                Some(t),
                format!("{what} is {v}; it must be a finite number ≥ 0"),
            )),
            Err(_) => Err(self.err(
                Some(line),
                Some(t),
                format!(
                    "expected {what} (a number{})",
                    if word { " or the word `capacity`" } else { "" }
                ),
            )),
        }
    }
}

/// Parses the text of an OR-Library file. `capacity` replaces the word
/// `capacity` (capa/b/c); numeric capacities in the file are kept as they are.
pub fn parse(file: &str, text: &str, capacity: Option<f64>) -> Result<OrlibInstance, OrlibError> {
    let mut t = Tokens::new(file, text);
    if let Some(c) = capacity
        && !(c.is_finite() && c >= 0.0)
    {
        return Err(t.err(
            None,
            None,
            format!("the capacity value {c} must be a finite number ≥ 0"),
        ));
    }
    let m = t.count("the number of sites m")?;
    let n = t.count("the number of customers n")?;
    let mut cap = Vec::new();
    let mut fixed = Vec::new();
    let mut word_line = None;
    for i in 1..=m {
        let (line, c) = t.number(&format!("the capacity of site {i}"), true)?;
        if c.is_none() && word_line.is_none() {
            word_line = Some(line);
        }
        cap.push(c.or(capacity));
        let (_, f) = t.number(&format!("the fixed cost of site {i}"), false)?;
        fixed.push(f.unwrap_or(0.0));
    }
    let mut demand = Vec::new();
    let mut by_customer: Vec<Vec<f64>> = Vec::new();
    for j in 1..=n {
        let (_, d) = t.number(&format!("the demand of customer {j}"), false)?;
        demand.push(d.unwrap_or(0.0));
        let mut row = Vec::new();
        for i in 1..=m {
            let (_, c) = t.number(&format!("the cost of customer {j} from site {i}"), false)?;
            row.push(c.unwrap_or(0.0));
        }
        by_customer.push(row);
    }
    if let Some(&(line, tok)) = t.toks.get(t.pos) {
        return Err(t.err(
            Some(line),
            Some(tok),
            format!(
                "unexpected extra token after the last customer: the header says {m} sites and {n} customers"
            ),
        ));
    }
    let cost = (0..m)
        .map(|i| by_customer.iter().map(|r| r[i]).collect())
        .collect();
    Ok(OrlibInstance {
        sites: m,
        customers: n,
        capacity: cap,
        fixed_cost: fixed,
        demand,
        cost,
        capacity_word_line: word_line,
        file: file.to_string(),
    })
}

/// Reads and parses a file (see [`parse`]).
pub fn read(path: &Path, capacity: Option<f64>) -> Result<OrlibInstance, OrlibError> {
    let file = path.display().to_string();
    let text = crate::input::read_text(path).map_err(|e| OrlibError {
        file: file.clone(),
        line: None,
        token: None,
        message: e.message,
    })?;
    parse(&file, &text, capacity)
}

impl OrlibInstance {
    /// The instance as a [`LocationProblem`] with the `FixedCharge` objective.
    /// Site and customer ids are their 1-based numbers in the file.
    /// `uncapacitated` ignores the capacity field (the UFLP reading).
    pub fn to_problem(&self, uncapacitated: bool) -> Result<LocationProblem, OrlibError> {
        if !uncapacitated && self.capacity.iter().any(Option::is_none) {
            return Err(OrlibError {
                file: self.file.clone(),
                line: self.capacity_word_line,
                token: Some(CAPACITY_WORD.to_string()),
                message: "the sites' capacity is the word `capacity`: give its value \
                          (--capacity N, e.g. capa 8000/10000/12000/14000) or solve \
                          uncapacitated (--uncapacitated)"
                    .to_string(),
            });
        }
        let sites = (0..self.sites)
            .map(|i| Site {
                id: (i + 1).to_string(),
                fixed_cost: self.fixed_cost[i],
                capacity: if uncapacitated {
                    None
                } else {
                    self.capacity[i]
                },
                must_open: false,
                must_close: false,
            })
            .collect();
        let customers = (0..self.customers)
            .map(|j| Customer::new((j + 1).to_string(), self.demand[j]))
            .collect();
        Ok(LocationProblem {
            sites,
            customers,
            cost: self.cost.clone(),
            objective: Objective::FixedCharge,
        })
    }
}
