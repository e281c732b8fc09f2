//! The location model's constraint families, listed in one place with their
//! English and Swedish names, and one function per family that adds its rows
//! to the [`Lp`] tagged with the family id. The written model
//! (`models/location.md`) uses the same ids.

use good_lp::{Expression, Variable};

use super::problem::LocationProblem;
use crate::solve::Lp;

/// A named constraint family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Family {
    /// Tag on every row of the family (stable; used in reports and the written model).
    pub id: &'static str,
    pub name_en: &'static str,
    pub name_sv: &'static str,
    /// Hard rules are never violated in a returned plan; soft ones are priced.
    pub hard: bool,
    /// A valid inequality: implied by the other rows for integer solutions, so
    /// it never changes the optimum and never explains an infeasibility.
    pub implied: bool,
}

pub const ASSIGN_EACH_CUSTOMER: &str = "assign_each_customer";
pub const CAPACITY: &str = "capacity";
pub const OPEN_BEFORE_ASSIGN: &str = "open_before_assign";
pub const OPEN_BEFORE_ASSIGN_TOTAL: &str = "open_before_assign_total";
pub const TOTAL_CAPACITY: &str = "total_capacity";
pub const SITE_COUNT: &str = "site_count";
pub const COVER_RADIUS: &str = "cover_radius";
pub const BUDGET: &str = "budget";
pub const MUST_OPEN: &str = "must_open";
pub const MUST_CLOSE: &str = "must_close";

/// Every family of the location model.
pub const FAMILIES: &[Family] = &[
    Family {
        id: ASSIGN_EACH_CUSTOMER,
        name_en: "every customer (area) is served in full",
        name_sv: "varje område betjänas helt",
        hard: true,
        implied: false,
    },
    Family {
        id: CAPACITY,
        name_en: "an open site serves at most its capacity",
        name_sv: "en öppen lokal betjänar högst sin kapacitet",
        hard: true,
        implied: false,
    },
    Family {
        id: OPEN_BEFORE_ASSIGN,
        name_en: "a customer is served only from an open site",
        name_sv: "ett område betjänas bara från en öppen lokal",
        hard: true,
        implied: false,
    },
    Family {
        id: OPEN_BEFORE_ASSIGN_TOTAL,
        name_en: "a closed site serves no one (summed over customers)",
        name_sv: "en stängd lokal betjänar ingen (summerat över områden)",
        hard: true,
        implied: false,
    },
    Family {
        id: TOTAL_CAPACITY,
        name_en: "the open sites' capacity covers total demand",
        name_sv: "de öppna lokalernas kapacitet räcker för den totala efterfrågan",
        hard: true,
        implied: true,
    },
    Family {
        id: SITE_COUNT,
        name_en: "number of open sites",
        name_sv: "antal öppna lokaler",
        hard: true,
        implied: false,
    },
    Family {
        id: COVER_RADIUS,
        name_en: "a customer counts as covered only within the radius of an open site",
        name_sv: "ett område räknas som täckt bara inom avståndet från en öppen lokal",
        hard: true,
        implied: false,
    },
    Family {
        id: BUDGET,
        name_en: "total fixed cost of open sites within budget",
        name_sv: "de öppna lokalernas fasta kostnad ryms i budgeten",
        hard: true,
        implied: false,
    },
    Family {
        id: MUST_OPEN,
        name_en: "site must be open",
        name_sv: "lokalen måste vara öppen",
        hard: true,
        implied: false,
    },
    Family {
        id: MUST_CLOSE,
        name_en: "site must stay closed",
        name_sv: "lokalen måste vara stängd",
        hard: true,
        implied: false,
    },
];

/// The family with this id.
pub fn family(id: &str) -> Option<&'static Family> {
    FAMILIES.iter().find(|f| f.id == id)
}

/// True for hard families that can explain an infeasibility (hard and not implied).
pub fn explains_infeasibility(id: &str) -> bool {
    family(id).is_some_and(|f| f.hard && !f.implied)
}

/// The model's variables: y_i (open), x_ij (served fraction) where the
/// objective needs them, z_j (covered) for maximal covering.
pub struct Vars {
    pub y: Vec<Variable>,
    /// `x[i][j]`, site × customer; `None` for a site fixed closed by
    /// preprocessing (it serves no one, so it has no columns).
    pub x: Vec<Option<Vec<Variable>>>,
    pub z: Vec<Variable>,
}

/// `assign_each_customer`: Σ_i x_ij = 1 for every customer j.
pub fn assign_each_customer(lp: &mut Lp, p: &LocationProblem, v: &Vars) {
    for j in 0..p.customers.len() {
        let e: Expression = v.x.iter().flatten().map(|row| row[j]).sum();
        lp.eq(ASSIGN_EACH_CUSTOMER, e, 1.0);
    }
}

/// `capacity`: Σ_j d_j x_ij ≤ s_i y_i for every capacitated site i.
pub fn capacity(lp: &mut Lp, p: &LocationProblem, v: &Vars) {
    for (i, s) in p.sites.iter().enumerate() {
        if let (Some(cap), Some(x)) = (s.capacity, &v.x[i]) {
            let mut e = Expression::from(0.0);
            for (j, c) in p.customers.iter().enumerate() {
                if c.demand != 0.0 {
                    e.add_mul(c.demand, x[j]);
                }
            }
            e.add_mul(-cap, v.y[i]);
            lp.le(CAPACITY, e, 0.0);
        }
    }
}

/// `open_before_assign`: x_ij ≤ y_i for the given (site, customer) pairs
/// (pairs of sites without columns are skipped).
pub fn open_before_assign(lp: &mut Lp, v: &Vars, pairs: impl IntoIterator<Item = (usize, usize)>) {
    for (i, j) in pairs {
        if let Some(x) = &v.x[i] {
            lp.le(OPEN_BEFORE_ASSIGN, x[j] - v.y[i], 0.0);
        }
    }
}

/// `open_before_assign_total`: Σ_{j ∈ U_i} x_ij ≤ |U_i| y_i for every site i —
/// the aggregated (weak) form of `open_before_assign` over the customers U_i
/// that nothing else keeps away from a closed site i: those without an
/// x_ij ≤ y_i row and, when i has a capacity, also without demand.
pub fn open_before_assign_total(lp: &mut Lp, p: &LocationProblem, v: &Vars, linked: &[Vec<bool>]) {
    for (i, s) in p.sites.iter().enumerate() {
        let Some(x) = &v.x[i] else { continue };
        let free: Vec<usize> = (0..p.customers.len())
            .filter(|&j| !linked[i][j] && (s.capacity.is_none() || p.customers[j].demand == 0.0))
            .collect();
        if free.is_empty() {
            continue;
        }
        let mut e: Expression = free.iter().map(|&j| x[j]).sum();
        e.add_mul(-(free.len() as f64), v.y[i]);
        lp.le(OPEN_BEFORE_ASSIGN_TOTAL, e, 0.0);
    }
}

/// `total_capacity`: Σ_i s_i y_i ≥ Σ_j d_j (only when every site is capacitated).
pub fn total_capacity(lp: &mut Lp, p: &LocationProblem, v: &Vars) {
    if p.sites.iter().any(|s| s.capacity.is_none()) {
        return;
    }
    let mut e = Expression::from(0.0);
    for (i, s) in p.sites.iter().enumerate() {
        e.add_mul(s.capacity.unwrap_or(0.0), v.y[i]);
    }
    lp.ge(TOTAL_CAPACITY, e, p.total_demand());
}

/// `site_count`: Σ_i y_i = p (`exact`) or ≤ p.
pub fn site_count(lp: &mut Lp, v: &Vars, count: usize, exact: bool) {
    let e: Expression = v.y.iter().copied().sum();
    if exact {
        lp.eq(SITE_COUNT, e, count as f64);
    } else {
        lp.le(SITE_COUNT, e, count as f64);
    }
}

/// `cover_radius` for covering: Σ_{i: d_ij ≤ r} y_i ≥ 1 for every customer j.
/// For maximal covering (`v.z` set): z_j ≤ Σ_{i: d_ij ≤ r} y_i.
pub fn cover_radius(lp: &mut Lp, p: &LocationProblem, v: &Vars, radius: f64) {
    for j in 0..p.customers.len() {
        let mut e: Expression = p.sites_within(j, radius).iter().map(|&i| v.y[i]).sum();
        if v.z.is_empty() {
            lp.ge(COVER_RADIUS, e, 1.0);
        } else {
            e.add_mul(-1.0, v.z[j]);
            lp.ge(COVER_RADIUS, e, 0.0);
        }
    }
}

/// `budget`: Σ_i f_i y_i ≤ B.
pub fn budget(lp: &mut Lp, p: &LocationProblem, v: &Vars, budget: f64) {
    let mut e = Expression::from(0.0);
    for (i, s) in p.sites.iter().enumerate() {
        e.add_mul(s.fixed_cost, v.y[i]);
    }
    lp.le(BUDGET, e, budget);
}

/// `must_open` (y_i = 1) and `must_close` (y_i = 0) for the flagged sites.
pub fn must_open_close(lp: &mut Lp, p: &LocationProblem, v: &Vars) {
    for (i, s) in p.sites.iter().enumerate() {
        if s.must_open {
            lp.eq(MUST_OPEN, v.y[i], 1.0);
        }
        if s.must_close {
            lp.eq(MUST_CLOSE, v.y[i], 0.0);
        }
    }
}
