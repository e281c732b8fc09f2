//! The location problem as plain data: candidate sites, customers (areas or
//! OR-Library customers), a site × customer cost or distance matrix, and one
//! of four objectives. Independent of the scenario types: callers map their
//! own data onto these structs.

use serde::Serialize;
use thiserror::Error;

/// A candidate site (premises, warehouse).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Site {
    /// The caller's id (OR-Library: the 1-based site number as a string).
    pub id: String,
    /// Cost of opening the site (per year for premises; OR-Library: f_i).
    pub fixed_cost: f64,
    /// Most demand the site can serve, in the customers' demand unit; `None` = unlimited.
    pub capacity: Option<f64>,
    /// The site must be open (e.g. an office that already exists).
    pub must_open: bool,
    /// The site must stay closed (e.g. premises not available).
    pub must_close: bool,
}

impl Site {
    /// An optional, uncapacitated site with the given fixed cost.
    pub fn new(id: impl Into<String>, fixed_cost: f64) -> Site {
        Site {
            id: id.into(),
            fixed_cost,
            capacity: None,
            must_open: false,
            must_close: false,
        }
    }
}

/// A customer: an OR-Library customer with its demand, or an area with its population.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Customer {
    pub id: String,
    /// Demand (OR-Library) or population (areas). Weights p-median and
    /// maximal covering and fills capacity.
    pub demand: f64,
}

impl Customer {
    pub fn new(id: impl Into<String>, demand: f64) -> Customer {
        Customer {
            id: id.into(),
            demand,
        }
    }
}

/// What the location model optimises.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Objective {
    /// Minimise Σ f_i y_i + Σ c_ij x_ij, where `cost[i][j]` is the cost of
    /// serving *all* of customer j from site i and x_ij is the served
    /// fraction (OR-Library warehouse location; demand may be split).
    /// Capacitated when sites carry a capacity.
    FixedCharge,
    /// Minimise Σ demand_j · d_ij x_ij with exactly `p` open sites;
    /// `cost[i][j]` is a distance.
    PMedian { p: usize },
    /// Every customer within `radius` (same unit as `cost`) of an open site,
    /// at least total fixed cost; when every fixed cost is 0, the fewest sites.
    Covering { radius: f64 },
    /// Maximise the demand (population) within `radius` of an open site,
    /// with at most `max_sites` sites and/or total fixed cost ≤ `budget`.
    MaxCovering {
        radius: f64,
        max_sites: Option<usize>,
        budget: Option<f64>,
    },
}

impl Objective {
    /// Short name for reports.
    pub fn name(&self) -> &'static str {
        match self {
            Objective::FixedCharge => "fixed_charge",
            Objective::PMedian { .. } => "p_median",
            Objective::Covering { .. } => "covering",
            Objective::MaxCovering { .. } => "max_covering",
        }
    }

    /// True when the objective is maximised (reported values are in the natural sense).
    pub fn maximise(&self) -> bool {
        matches!(self, Objective::MaxCovering { .. })
    }
}

/// The office / warehouse location problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationProblem {
    pub sites: Vec<Site>,
    pub customers: Vec<Customer>,
    /// `cost[i][j]`: site i × customer j; an assignment cost (FixedCharge) or a distance.
    pub cost: Vec<Vec<f64>>,
    pub objective: Objective,
}

/// Why a location problem cannot be solved as given.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum LocationError {
    #[error("the problem has no candidate sites")]
    NoSites,
    #[error("the cost matrix has {rows} rows but there are {sites} sites")]
    CostRows { rows: usize, sites: usize },
    #[error("cost row of site {site} has {len} entries but there are {customers} customers")]
    CostColumns {
        site: String,
        len: usize,
        customers: usize,
    },
    #[error(
        "cost from site {site} to customer {customer} is {value}; it must be a finite number ≥ 0"
    )]
    BadCost {
        site: String,
        customer: String,
        value: f64,
    },
    #[error("site {site}: {field} is {value}; it must be a finite number ≥ 0")]
    BadSiteValue {
        site: String,
        field: &'static str,
        value: f64,
    },
    #[error("customer {customer}: demand is {value}; it must be a finite number ≥ 0")]
    BadDemand { customer: String, value: f64 },
    #[error("site {0} is both must_open and must_close")]
    OpenAndClosed(String),
    #[error("duplicate {what} id {id:?}")]
    DuplicateId { what: &'static str, id: String },
    #[error("{0}")]
    BadObjective(String),
    #[error("{0}")]
    Input(String),
    #[error("solver: {0}")]
    Solver(String),
}

impl LocationProblem {
    /// Checks sizes, numbers and the objective's parameters.
    pub fn validate(&self) -> Result<(), LocationError> {
        if self.sites.is_empty() {
            return Err(LocationError::NoSites);
        }
        if self.cost.len() != self.sites.len() {
            return Err(LocationError::CostRows {
                rows: self.cost.len(),
                sites: self.sites.len(),
            });
        }
        let mut seen = std::collections::HashSet::new();
        for s in &self.sites {
            if !seen.insert(s.id.as_str()) {
                return Err(LocationError::DuplicateId {
                    what: "site",
                    id: s.id.clone(),
                });
            }
        }
        seen.clear();
        for c in &self.customers {
            if !seen.insert(c.id.as_str()) {
                return Err(LocationError::DuplicateId {
                    what: "customer",
                    id: c.id.clone(),
                });
            }
            if !(c.demand.is_finite() && c.demand >= 0.0) {
                return Err(LocationError::BadDemand {
                    customer: c.id.clone(),
                    value: c.demand,
                });
            }
        }
        for (s, row) in self.sites.iter().zip(&self.cost) {
            if !(s.fixed_cost.is_finite() && s.fixed_cost >= 0.0) {
                return Err(LocationError::BadSiteValue {
                    site: s.id.clone(),
                    field: "fixed_cost",
                    value: s.fixed_cost,
                });
            }
            if let Some(cap) = s.capacity
                && !(cap.is_finite() && cap >= 0.0)
            {
                return Err(LocationError::BadSiteValue {
                    site: s.id.clone(),
                    field: "capacity",
                    value: cap,
                });
            }
            if s.must_open && s.must_close {
                return Err(LocationError::OpenAndClosed(s.id.clone()));
            }
            if row.len() != self.customers.len() {
                return Err(LocationError::CostColumns {
                    site: s.id.clone(),
                    len: row.len(),
                    customers: self.customers.len(),
                });
            }
            for (c, &v) in self.customers.iter().zip(row) {
                if !(v.is_finite() && v >= 0.0) {
                    return Err(LocationError::BadCost {
                        site: s.id.clone(),
                        customer: c.id.clone(),
                        value: v,
                    });
                }
            }
        }
        match &self.objective {
            Objective::FixedCharge => {}
            Objective::PMedian { p } => {
                if *p == 0 || *p > self.sites.len() {
                    return Err(LocationError::BadObjective(format!(
                        "p-median: p = {p} must be between 1 and the number of sites ({})",
                        self.sites.len()
                    )));
                }
            }
            Objective::Covering { radius } | Objective::MaxCovering { radius, .. } => {
                if !(radius.is_finite() && *radius >= 0.0) {
                    return Err(LocationError::BadObjective(format!(
                        "covering radius {radius} must be a finite number ≥ 0"
                    )));
                }
                if let Objective::MaxCovering {
                    budget: Some(b), ..
                } = &self.objective
                    && !(b.is_finite() && *b >= 0.0)
                {
                    return Err(LocationError::BadObjective(format!(
                        "max covering: budget {b} must be a finite number ≥ 0"
                    )));
                }
            }
        }
        Ok(())
    }

    /// True when any site has a capacity.
    pub fn capacitated(&self) -> bool {
        self.sites.iter().any(|s| s.capacity.is_some())
    }

    /// Total demand of all customers.
    pub fn total_demand(&self) -> f64 {
        self.customers.iter().map(|c| c.demand).sum()
    }

    /// Sites within `radius` of customer `j` (indices).
    pub fn sites_within(&self, j: usize, radius: f64) -> Vec<usize> {
        (0..self.sites.len())
            .filter(|&i| self.cost[i][j] <= radius + 1e-9)
            .collect()
    }
}
