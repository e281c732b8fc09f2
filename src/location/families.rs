//! The location model's constraint families, listed in one place with their
//! English and Swedish names, and one function per family that adds its rows
//! to the [`Lp`] tagged with the family id. The written model
//! (`models/location.md`) uses the same ids.

use good_lp::{Expression, Variable};

use super::problem::LocationProblem;
use crate::family::{Family, Strength::*};
use crate::solve::Lp;

pub static ASSIGN_EACH_CUSTOMER: Family = Family {
    id: "assign_each_customer",
    name_sv: "Varje område betjänas",
    name_en: "Every customer served",
    strength: Hard,
    rule: "every customer (area) is served in full: Σ_i x_ij = 1",
};

pub static CAPACITY: Family = Family {
    id: "capacity",
    name_sv: "Lokalens kapacitet",
    name_en: "Site capacity",
    strength: Hard,
    rule: "an open site serves at most its capacity",
};

pub static OPEN_BEFORE_ASSIGN: Family = Family {
    id: "open_before_assign",
    name_sv: "Betjänas bara från öppen lokal",
    name_en: "Served only from an open site",
    strength: Hard,
    rule: "a customer is served only from an open site: x_ij ≤ y_i",
};

pub static OPEN_BEFORE_ASSIGN_TOTAL: Family = Family {
    id: "open_before_assign_total",
    name_sv: "Stängd lokal betjänar ingen",
    name_en: "A closed site serves no one",
    strength: Hard,
    rule: "a closed site serves no one, summed over customers: Σ_j x_ij ≤ n · y_i",
};

pub static TOTAL_CAPACITY: Family = Family {
    id: "total_capacity",
    name_sv: "Total kapacitet räcker",
    name_en: "Total capacity suffices",
    strength: Implied,
    rule: "the open sites' capacity covers total demand (implied by the others; a cut)",
};

pub static SITE_COUNT: Family = Family {
    id: "site_count",
    name_sv: "Antal öppna lokaler",
    name_en: "Number of open sites",
    strength: Hard,
    rule: "the number of open sites (offices) lies within its limits: exactly p for p-median, at most K for maximal covering, between location.min_offices and location.max_offices in a plan",
};

pub static COVER_RADIUS: Family = Family {
    id: "cover_radius",
    name_sv: "Inom räckhåll",
    name_en: "Within reach",
    strength: Hard,
    rule: "every customer (area) has an open site within the radius: Σ_{i near j} y_i ≥ 1 (covering)",
};

pub static COVERED: Family = Family {
    id: "covered",
    name_sv: "Täckt område",
    name_en: "Customer covered",
    strength: Definition,
    rule: "a customer (area) counts as covered only when an open site lies within the radius: z_j ≤ Σ_{i near j} y_i (maximal covering; defines z)",
};

pub static SITE_BUDGET: Family = Family {
    id: "site_budget",
    name_sv: "Lokalbudget",
    name_en: "Premises budget",
    strength: Hard,
    rule: "the yearly fixed (premises) cost of the open sites stays within the budget",
};

pub static MUST_OPEN: Family = Family {
    id: "must_open",
    name_sv: "Lokalen måste vara öppen",
    name_en: "Site must be open",
    strength: Hard,
    rule: "a site that is not a candidate stays open",
};

pub static MUST_CLOSE: Family = Family {
    id: "must_close",
    name_sv: "Lokalen måste vara stängd",
    name_en: "Site must stay closed",
    strength: Hard,
    rule: "a closed site stays closed",
};

pub static TRANSPORT_ASSIGN: Family = Family {
    id: "transport_assign",
    name_sv: "Transport: varje område betjänas",
    name_en: "Transport: every customer served",
    strength: Hard,
    rule: "in the transport problem of fixed open sites (Lagrangian upper bound), every customer is served in full",
};

pub static TRANSPORT_CAPACITY: Family = Family {
    id: "transport_capacity",
    name_sv: "Transport: kapacitet",
    name_en: "Transport: capacity",
    strength: Hard,
    rule: "in the transport problem of fixed open sites, each site serves at most its capacity",
};

/// Every family of the location model.
pub static FAMILIES: &[&Family] = &[
    &ASSIGN_EACH_CUSTOMER,
    &CAPACITY,
    &OPEN_BEFORE_ASSIGN,
    &OPEN_BEFORE_ASSIGN_TOTAL,
    &TOTAL_CAPACITY,
    &SITE_COUNT,
    &COVER_RADIUS,
    &COVERED,
    &SITE_BUDGET,
    &MUST_OPEN,
    &MUST_CLOSE,
    &TRANSPORT_ASSIGN,
    &TRANSPORT_CAPACITY,
];

/// The family with this id.
pub fn family(id: &str) -> Option<&'static Family> {
    crate::family::find(FAMILIES, id)
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
        lp.eq(&ASSIGN_EACH_CUSTOMER, e, 1.0);
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
            lp.le(&CAPACITY, e, 0.0);
        }
    }
}

/// `open_before_assign`: x_ij ≤ y_i for the given (site, customer) pairs
/// (pairs of sites without columns are skipped).
pub fn open_before_assign(lp: &mut Lp, v: &Vars, pairs: impl IntoIterator<Item = (usize, usize)>) {
    for (i, j) in pairs {
        if let Some(x) = &v.x[i] {
            lp.le(&OPEN_BEFORE_ASSIGN, x[j] - v.y[i], 0.0);
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
        lp.le(&OPEN_BEFORE_ASSIGN_TOTAL, e, 0.0);
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
    lp.ge(&TOTAL_CAPACITY, e, p.total_demand());
}

/// `site_count`: `min ≤ Σ_i y_i ≤ max` (one equality when they agree).
pub fn site_count(lp: &mut Lp, v: &Vars, min: Option<usize>, max: Option<usize>) {
    let e: Expression = v.y.iter().copied().sum();
    match (min, max) {
        (Some(lo), Some(hi)) if lo == hi => {
            lp.eq(&SITE_COUNT, e, lo as f64);
            lp.label_last(format!("exactly {lo} open"));
        }
        (lo, hi) => {
            if let Some(lo) = lo {
                lp.ge(&SITE_COUNT, e.clone(), lo as f64);
                lp.label_last(format!("at least {lo} open"));
            }
            if let Some(hi) = hi {
                lp.le(&SITE_COUNT, e, hi as f64);
                lp.label_last(format!("at most {hi} open"));
            }
        }
    }
}

/// The choice of offices (sites) for maximal covering, written once for
/// `locate` (the location core) and `plan` (the municipal model): `z_j`
/// covered only within `radius` of an open site (`covered`), the
/// number of open sites within `[min, max]` (`site_count`), and their
/// fixed cost within `budget` (`budget`). The caller prices `z` and `y`.
pub fn office_choice(
    lp: &mut Lp,
    p: &LocationProblem,
    v: &Vars,
    radius: f64,
    (min, max): (Option<usize>, Option<usize>),
    budget_limit: Option<f64>,
) {
    cover_radius(lp, p, v, radius);
    if min.is_some() || max.is_some() {
        site_count(lp, v, min, max);
    }
    if let Some(b) = budget_limit {
        budget(lp, p, v, b);
    }
}

/// `cover_radius` for covering: Σ_{i: d_ij ≤ r} y_i ≥ 1 for every customer j.
/// For maximal covering (`v.z` set) `covered`: z_j ≤ Σ_{i: d_ij ≤ r} y_i.
pub fn cover_radius(lp: &mut Lp, p: &LocationProblem, v: &Vars, radius: f64) {
    for j in 0..p.customers.len() {
        let mut e: Expression = p.sites_within(j, radius).iter().map(|&i| v.y[i]).sum();
        if v.z.is_empty() {
            lp.ge(&COVER_RADIUS, e, 1.0);
            lp.label_last(format!(
                "{} within {radius} of an open site",
                p.customers[j].id
            ));
        } else {
            e.add_mul(-1.0, v.z[j]);
            lp.ge(&COVERED, e, 0.0);
        }
    }
}

/// `site_budget`: Σ_i f_i y_i ≤ B.
pub fn budget(lp: &mut Lp, p: &LocationProblem, v: &Vars, budget: f64) {
    let mut e = Expression::from(0.0);
    for (i, s) in p.sites.iter().enumerate() {
        e.add_mul(s.fixed_cost, v.y[i]);
    }
    lp.le(&SITE_BUDGET, e, budget);
    lp.label_last(format!("fixed cost of the open sites within {budget:.0}"));
}

/// `must_open` (y_i = 1) and `must_close` (y_i = 0) for the flagged sites.
pub fn must_open_close(lp: &mut Lp, p: &LocationProblem, v: &Vars) {
    for (i, s) in p.sites.iter().enumerate() {
        if s.must_open {
            lp.eq(&MUST_OPEN, v.y[i], 1.0);
        }
        if s.must_close {
            lp.eq(&MUST_CLOSE, v.y[i], 0.0);
        }
    }
}
