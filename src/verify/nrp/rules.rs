//! The benchmark's hard rules 1–9, one function each, every message naming
//! its rule as the benchmark's README numbers it.

use super::{Grid, Report};

/// Rule 1: at most one shift per staff member and day.
pub(super) fn one_shift_per_day(g: &Grid, rep: &mut Report) {
    for (a, prev) in &g.doubles {
        rep.violations.push(format!(
            "rule 1 (one shift per day): employee {} works {} and {} on day {}",
            a.staff, g.inst.shifts[*prev].id, a.shift, a.day
        ));
    }
}

/// Rule 2: shift rotation (no forbidden type the next day).
pub(super) fn forbidden_succession(g: &Grid, rep: &mut Report) {
    let (inst, h) = (g.inst, g.inst.horizon);
    for (st, g) in inst.staff.iter().zip(&g.grid) {
        let name = &st.id;
        for d in 0..h.saturating_sub(1) {
            if let (Some(a), Some(b)) = (g[d], g[d + 1])
                && inst.shifts[a].forbidden_next.contains(&b)
            {
                rep.violations.push(format!(
                    "rule 2 (shift rotation): employee {name} works {} on day {d} and {} on day {}",
                    inst.shifts[a].id,
                    inst.shifts[b].id,
                    d + 1
                ));
            }
        }
    }
}

/// Rule 3: maximum shifts of each type.
pub(super) fn max_shifts_per_type(g: &Grid, rep: &mut Report) {
    let inst = g.inst;
    for (st, g) in inst.staff.iter().zip(&g.grid) {
        let name = &st.id;
        for (t, sh) in inst.shifts.iter().enumerate() {
            let n = g.iter().filter(|x| **x == Some(t)).count();
            if let Some(max) = st.max_shifts[t]
                && n > max as usize
            {
                rep.violations.push(format!(
                    "rule 3 (maximum shifts): employee {name} works {n} {} shifts, at most {max} allowed",
                    sh.id
                ));
            }
        }
    }
}

/// Rule 4: total working time within the staff member's limits.
pub(super) fn total_minutes(g: &Grid, rep: &mut Report) {
    let inst = g.inst;
    for (st, g) in inst.staff.iter().zip(&g.grid) {
        let name = &st.id;
        let minutes: u64 = g
            .iter()
            .flatten()
            .map(|&t| inst.shifts[t].minutes as u64)
            .sum();
        if minutes < st.min_total_minutes as u64 || minutes > st.max_total_minutes as u64 {
            rep.violations.push(format!(
                "rule 4 (total working time): employee {name} works {minutes} minutes, allowed {}..={}",
                st.min_total_minutes, st.max_total_minutes
            ));
        }
    }
}

/// A run of days of equal working status.
struct Run {
    first: usize,
    last: usize,
    working: bool,
    /// The run touches the first or the last day of the horizon.
    at_edge: bool,
}

impl Run {
    fn len(&self) -> u32 {
        (self.last - self.first + 1) as u32
    }
}

/// The runs of one staff member's days, in order.
fn runs(g: &[Option<usize>]) -> Vec<Run> {
    let h = g.len();
    let mut out = Vec::new();
    let mut d = 0;
    while d < h {
        let working = g[d].is_some();
        let first = d;
        while d < h && g[d].is_some() == working {
            d += 1;
        }
        let last = d - 1;
        out.push(Run {
            first,
            last,
            working,
            at_edge: first == 0 || last == h - 1,
        });
    }
    out
}

/// Rule 5: maximum consecutive shifts.
pub(super) fn max_consecutive(g: &Grid, rep: &mut Report) {
    for (st, g) in g.inst.staff.iter().zip(&g.grid) {
        for r in runs(g).iter().filter(|r| r.working) {
            if r.len() > st.max_consecutive_shifts {
                rep.violations.push(format!(
                    "rule 5 (maximum consecutive shifts): employee {} works {} days in a row (days {}-{}), at most {} allowed",
                    st.id, r.len(), r.first, r.last, st.max_consecutive_shifts
                ));
            }
        }
    }
}

/// Rule 6: minimum consecutive shifts (runs at a horizon end are exempt).
pub(super) fn min_consecutive(g: &Grid, rep: &mut Report) {
    for (st, g) in g.inst.staff.iter().zip(&g.grid) {
        for r in runs(g).iter().filter(|r| r.working && !r.at_edge) {
            if r.len() < st.min_consecutive_shifts {
                rep.violations.push(format!(
                    "rule 6 (minimum consecutive shifts): employee {} works only {} days in a row (days {}-{}), at least {} required",
                    st.id, r.len(), r.first, r.last, st.min_consecutive_shifts
                ));
            }
        }
    }
}

/// Rule 7: minimum consecutive days off (runs at a horizon end are exempt).
pub(super) fn min_days_off(g: &Grid, rep: &mut Report) {
    for (st, g) in g.inst.staff.iter().zip(&g.grid) {
        for r in runs(g).iter().filter(|r| !r.working && !r.at_edge) {
            if r.len() < st.min_consecutive_days_off {
                rep.violations.push(format!(
                    "rule 7 (minimum consecutive days off): employee {} has only {} days off in a row (days {}-{}), at least {} required",
                    st.id, r.len(), r.first, r.last, st.min_consecutive_days_off
                ));
            }
        }
    }
}

/// Rule 8: maximum weekends. Day 0 is a Monday: days 5 and 6 mod 7 are
/// Saturday and Sunday.
pub(super) fn max_weekends(g: &Grid, rep: &mut Report) {
    let h = g.inst.horizon;
    for (st, g) in g.inst.staff.iter().zip(&g.grid) {
        let mut weekends = 0;
        let mut sat = 5;
        while sat < h + 1 {
            let on_sat = sat < h && g[sat].is_some();
            let on_sun = sat + 1 < h && g[sat + 1].is_some();
            if on_sat || on_sun {
                weekends += 1;
            }
            sat += 7;
        }
        if weekends > st.max_weekends {
            rep.violations.push(format!(
                "rule 8 (maximum weekends): employee {} works {weekends} weekends, at most {} allowed",
                st.id, st.max_weekends
            ));
        }
    }
}

/// Rule 9: no shift on a day off.
pub(super) fn unavailable(g: &Grid, rep: &mut Report) {
    let inst = g.inst;
    for (st, g) in inst.staff.iter().zip(&g.grid) {
        for &d in &st.days_off {
            if let Some(t) = g[d] {
                rep.violations.push(format!(
                    "rule 9 (days off): employee {} works {} on day {d}, a day off",
                    st.id, inst.shifts[t].id
                ));
            }
        }
    }
}
