//! Quick screening of office locations with the Gävle defaults (DESIGN §3).
//!
//! cargo run --release --example gavle_screen

use serviceplan::location::gavle::{self, Area};
use serviceplan::location::{LocationResult, Objective};

fn show(title: &str, r: &LocationResult, areas: &[Area]) {
    let cands = gavle::default_candidates();
    let cov = |km| gavle::coverage(areas, &cands, &r.open, 1.3, km).unwrap();
    let (c10, c15) = (cov(10.0), cov(15.0));
    println!(
        "{title:<44} {:<9} obj {:>10.1}  open {:<70} outer ≤10 km {:>5.0} ({:>4.1} %)  ≤15 km {:>5.0} ({:>4.1} %)",
        r.status.as_str(),
        r.objective.unwrap_or(f64::NAN),
        r.open.join(","),
        c10.outer_inhabitants,
        100.0 * c10.outer_share,
        c15.outer_inhabitants,
        100.0 * c15.outer_share,
    );
}

fn main() {
    let areas = gavle::default_areas();
    let outer: Vec<Area> = areas.iter().filter(|a| !a.is_city).cloned().collect();
    let cands = gavle::default_candidates();
    for p in 1..=4 {
        let r = gavle::screen(&areas, &cands, Objective::PMedian { p }, 1.3).unwrap();
        show(&format!("p-median p={p} (all areas)"), &r, &areas);
        let r = gavle::screen(&outer, &cands, Objective::PMedian { p }, 1.3).unwrap();
        show(&format!("p-median p={p} (outer areas)"), &r, &areas);
    }
    for radius in [10.0, 15.0, 20.0] {
        let r = gavle::screen(&areas, &cands, Objective::Covering { radius }, 1.3).unwrap();
        show(&format!("covering ≤{radius} road km"), &r, &areas);
    }
    for k in 1..=4 {
        let obj = Objective::MaxCovering {
            radius: 10.0,
            max_sites: Some(k),
            budget: None,
        };
        let r = gavle::screen(&outer, &cands, obj, 1.3).unwrap();
        show(
            &format!("max covering ≤10 km, {k} offices (outer)"),
            &r,
            &areas,
        );
    }
}
