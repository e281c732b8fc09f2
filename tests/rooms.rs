//! Model 3 on hand-solved cases: a capacity shortage with exact unmet
//! figures under both sharing rules, bookings inside openings, slots.

mod common;

use common::*;

/// One office open Monday 10–14 for one week; one room available Monday
/// 10–14: 4 bookable hours. Two departments want 4 hours each.
fn shortage(sharing: &str, soc_priority: f64) -> String {
    format!(
        "{HEAD}[period]\nstart = 2025-03-03\nend = 2025-03-09\n\
         [room_rules]\nsharing = \"{sharing}\"\n\
         [[offices]]\nid = \"a\"\narea = \"home\"\nlat = 60.0\nlon = 17.0\nhours = {{ mon = \"10:00-14:00\" }}\nevening_days = []\n\
         [[staff]]\nid = \"s1\"\nfte = 1.0\nhome = \"home\"\n\
         [[departments]]\nid = \"soc\"\nbase = \"home\"\npriority = {soc_priority}\n\
         [[departments]]\nid = \"arb\"\nbase = \"home\"\n\
         [[rooms]]\nid = \"r1\"\noffice = \"a\"\navailable = {{ mon = \"10:00-14:00\" }}\n\
         [[demand]]\ndepartment = \"soc\"\noffice = \"a\"\nhours = 4\n\
         [[demand]]\ndepartment = \"arb\"\noffice = \"a\"\nhours = 4\n"
    )
}

fn unmet(p: &serviceplan::plan::Plan, dep: &str) -> f64 {
    p.demand
        .iter()
        .filter(|d| d.department == dep)
        .map(|d| d.unmet_hours)
        .sum()
}

#[test]
fn proportional_sharing_splits_a_shortage_evenly() {
    let p = plan(&load(&shortage("proportional", 1.0)));
    assert_eq!(p.summary.status, "optimal");
    assert_eq!((unmet(&p, "soc"), unmet(&p, "arb")), (2.0, 2.0));
    assert_eq!(p.summary.unmet_demand_hours, 4.0);
    // one room, never two bookings at once, all inside Monday 10–14
    let mut hours: Vec<(String, String)> = p
        .bookings
        .iter()
        .map(|b| (b.start.clone(), b.end.clone()))
        .collect();
    hours.sort();
    assert_eq!(hours.len(), 2, "{:?}", p.bookings);
    assert_eq!(hours[0].0, "10:00");
    assert_eq!(hours[1].1, "14:00");
    assert_eq!(hours[0].1, hours[1].0);
}

#[test]
fn proportional_sharing_follows_priority_weights() {
    // The rule minimises the largest unmet share times priority:
    // min max(3·u_soc / 4, u_arb / 4) with u_soc + u_arb = 4 (4 h of room)
    // ⇒ 3·u_soc = u_arb ⇒ u_soc = 1, u_arb = 3 (both weighted shares 0.75).
    let p = plan(&load(&shortage("proportional", 3.0)));
    assert_eq!((unmet(&p, "soc"), unmet(&p, "arb")), (1.0, 3.0));
}

#[test]
fn priority_sharing_serves_the_higher_priority_first() {
    let p = plan(&load(&shortage("priority", 2.0)));
    assert_eq!((unmet(&p, "soc"), unmet(&p, "arb")), (0.0, 4.0));
    assert!(p.bookings.iter().all(|b| b.department == "soc"));
}

#[test]
fn slots_are_meetings_with_buffers_cut_from_bookings() {
    let p = plan(&load(&shortage("priority", 2.0)));
    // 10:00–14:00 for soc: 45 min meetings every hour
    let slots: Vec<(&str, &str)> = p
        .slots
        .iter()
        .map(|s| (s.start.as_str(), s.end.as_str()))
        .collect();
    assert_eq!(
        slots,
        [
            ("10:00", "10:45"),
            ("11:00", "11:45"),
            ("12:00", "12:45"),
            ("13:00", "13:45")
        ]
    );
}

#[test]
fn default_scenario_meets_demand_and_verifies() {
    let (s, _) = serviceplan::scenario::load_default();
    let mut p = plan(&s);
    let dir = tempfile::tempdir().unwrap();
    serviceplan::planner::write_verified(&s, &mut p, &dir.path().join("p")).expect("verified");
    for f in ["bookings.csv", "demand.csv", "slots.csv"] {
        assert!(dir.path().join("p").join(f).exists(), "{f}");
    }
    assert_eq!(p.summary.departments.len(), 3);
    let total: f64 = p.demand.iter().map(|d| d.demand_hours).sum();
    let booked: f64 = p.demand.iter().map(|d| d.booked_hours).sum();
    let unmet: f64 = p.demand.iter().map(|d| d.unmet_hours).sum();
    assert!((booked + unmet - total).abs() < 1e-6);
}

#[test]
fn a_child_scenario_replaces_or_removes_inherited_demand_by_id() {
    let child = "extends = \"gavle.toml\"\nname = \"child\"\n\
        [[demand]]\nid = \"soc-valbo\"\nhours = 10\n\
        [[demand]]\nid = \"bygg-furuvik\"\nremove = true\n\
        [[demand]]\ndepartment = \"bygglov\"\noffice = \"valbo\"\nhours = 1\n";
    let (base, _) = serviceplan::scenario::load_default();
    let (s, _) =
        serviceplan::scenario::load_str(std::path::Path::new("child.toml"), child).unwrap();
    assert_eq!(s.demand.len(), base.demand.len());
    let soc = s
        .demand
        .iter()
        .find(|d| d.id.as_deref() == Some("soc-valbo"))
        .unwrap();
    // replaced key by key: the new hours, the inherited rest
    assert_eq!(
        (soc.hours, soc.evening_share, soc.office.as_deref()),
        (Some(10.0), 0.25, Some("valbo"))
    );
    assert!(
        s.demand
            .iter()
            .all(|d| d.id.as_deref() != Some("bygg-furuvik"))
    );
    let added = s.demand.last().unwrap();
    assert_eq!(
        (added.id.as_deref(), added.department.as_str(), added.hours),
        (None, "bygglov", Some(1.0))
    );
}
