//! Families `daily_rest` and `weekly_rest` (hard, ATL §13–14), in minutes
//! as the rules are written, and across the period's edges
//! (models/municipal.md, "The period's edges").
//!
//! Daily rest: two shifts on consecutive dates whose gap (travel counted as
//! work) is shorter than `daily_rest_hours` exclude each other; on the
//! period's first date, a shift must also rest enough after the day
//! before, assumed worked with the calendar's most adverse shift
//! ([`super::edges`]).
//!
//! Weekly rest: every ISO week touching the period holds, within its days
//! in the period, a continuous rest of `weekly_rest_hours` from one day's
//! return to a later day's departure (free days between), the period's
//! edges counting as work, unless the week's part is the neighbouring
//! period's to hold ([`super::edges::holds_weekly_rest`]: too short to
//! hold it, or cut by the period's end with enough of the week after it).
//! A shift that leaves no room for any rest of its week is never worked
//! (`rest_room`, implied: the LP relaxation needs it said).

use good_lp::Expression;

use crate::model::families::{DAILY_REST, REST_DAYS, REST_ROOM, WEEKLY_REST};
use crate::scenario::facts::monday_of;
use crate::solve::Sense;

use super::Model;
use super::edges::{edge_days, holds_weekly_rest};

pub(super) fn add(m: &mut Model) {
    daily(m);
    daily_edges(m);
    weekly(m);
}

fn daily(m: &mut Model) {
    let (s, f) = (m.scenario, m.facts);
    let need = (s.rules.daily_rest_hours * 60.0).round() as i64;
    for x in 0..s.staff.len() {
        for d in 1..f.dates.len() {
            if (f.dates[d] - f.dates[d - 1]).num_days() != 1 {
                continue;
            }
            for &a in &m.by_staff_day[x][d - 1] {
                let back = m.cells[a].work.back();
                let clash: Vec<usize> = m.by_staff_day[x][d]
                    .iter()
                    .copied()
                    .filter(|&b| 1440 - back + m.cells[b].work.leave() < need)
                    .collect();
                if !clash.is_empty() {
                    let e: Expression =
                        clash.iter().map(|&b| m.cells[b].var).sum::<Expression>() + m.cells[a].var;
                    m.lp.le(&DAILY_REST, e, 1.0);
                }
            }
        }
    }
}

/// The daily rest across the period's start: a first-day shift leaving
/// less than the rest after the day before's latest return is not worked.
/// (The next period's plan keeps its own first day clear of this one's
/// last, by this same rule.)
fn daily_edges(m: &mut Model) {
    let (s, f) = (m.scenario, m.facts);
    let need = (s.rules.daily_rest_hours * 60.0).round() as i64;
    let n = f.dates.len();
    if n == 0 {
        return;
    }
    for x in 0..s.staff.len() {
        if let Some(before) = edge_days(m, x, 1)[0] {
            let clash: Vec<usize> = m.by_staff_day[x][0]
                .iter()
                .copied()
                .filter(|&b| 1440 - before.back + m.cells[b].work.leave() < need)
                .collect();
            if !clash.is_empty() {
                let e: Expression = clash.iter().map(|&b| m.cells[b].var).sum();
                m.lp.le(&DAILY_REST, e, 0.0);
                m.lp.label_last(format!(
                    "staff {}, {} after the day before the period",
                    s.staff[x].id, f.dates[0]
                ));
            }
        }
    }
}

/// Return and departure of one end of a candidate rest: a day of the
/// week's part (its return, 0 when free; its departure, 24:00 when free) or
/// the part's bound (00:00 of its first day, 24:00 of its last).
struct End {
    /// The time as an expression in the day's minutes.
    expr: Expression,
    /// Its smallest and largest possible value.
    lo: f64,
    hi: f64,
}

/// The return (`back`) of day `d` of staff `x`, or of the bound before the
/// part (`d == None`: the rest starts at 00:00 of the part's first day,
/// i.e. 24:00 of the day before).
fn back_of(m: &Model, x: usize, d: Option<usize>) -> End {
    let Some(d) = d else {
        return End {
            expr: Expression::from(1440.0),
            lo: 1440.0,
            hi: 1440.0,
        };
    };
    let cells: Vec<_> = m.cells_of(x, d).collect();
    let expr = cells.iter().map(|c| c.work.back() as f64 * c.var).sum();
    let hi = cells
        .iter()
        .map(|c| c.work.back() as f64)
        .fold(0.0, f64::max);
    End { expr, lo: 0.0, hi }
}

/// The departure (`leave`) of day `d` of staff `x` (24:00 when free), or
/// of the bound after the part (`d == None`: 00:00 of the day after).
fn leave_of(m: &Model, x: usize, d: Option<usize>) -> End {
    let Some(d) = d else {
        return End {
            expr: Expression::from(0.0),
            lo: 0.0,
            hi: 0.0,
        };
    };
    let cells: Vec<_> = m.cells_of(x, d).collect();
    let expr = cells
        .iter()
        .map(|c| (c.work.leave() - 1440) as f64 * c.var)
        .sum::<Expression>()
        + 1440.0;
    let lo = cells
        .iter()
        .map(|c| c.work.leave() as f64)
        .fold(1440.0, f64::min);
    End {
        expr,
        lo,
        hi: 1440.0,
    }
}

/// Weekly rest in minutes. For each ISO week touching the period whose
/// days `d0..=d1` in the period hold its rest (`holds_weekly_rest`), and each staff
/// member: a candidate rest `(a, b)` runs from the return on day `a` (or
/// 00:00 of `d0`) to the departure on day `b > a` (or 24:00 of `d1`), the
/// days between free; its length is `1440 (b − a) − back_a + leave_b`.
/// Candidates with `b − a ≤ ⌈rest / 24 h⌉` suffice: a longer one holds that
/// many whole free days, themselves a candidate. One binary `r` per
/// candidate: `y_d + r ≤ 1` for the days between,
/// `1440 (b − a) − back_a + leave_b ≥ need − M (1 − r)`, and `Σ r ≥ 1`.
fn weekly(m: &mut Model) {
    let (s, f) = (m.scenario, m.facts);
    let need = (s.rules.weekly_rest_hours * 60.0).round() as i64;
    if f.dates.is_empty() || need <= 0 {
        return;
    }
    let span = ((need + 1439) / 1440).max(1) as usize;
    let n = f.dates.len();
    let mut d0 = 0;
    while d0 < n {
        let monday = monday_of(f.dates[d0]);
        let mut d1 = d0;
        while d1 + 1 < n && monday_of(f.dates[d1 + 1]) == monday {
            d1 += 1;
        }
        if holds_weekly_rest(
            (f.dates[d0], f.dates[d1]),
            (f.dates[0], f.dates[n - 1]),
            need,
        ) {
            for x in 0..s.staff.len() {
                week(m, x, (d0, d1), span, need, monday);
            }
        }
        d0 = d1 + 1;
    }
}

/// The weekly-rest rows of staff `x` in the week part `d0..=d1`.
/// Positions: 0 is the bound before the part, `1..=len` its days, `len + 1`
/// the bound after.
fn week(
    m: &mut Model,
    x: usize,
    (d0, d1): (usize, usize),
    span: usize,
    need: i64,
    monday: chrono::NaiveDate,
) {
    let need = need as f64;
    let len = d1 - d0 + 1;
    let day = |p: usize| -> Option<usize> { (1..=len).contains(&p).then(|| d0 + p - 1) };
    let ends = |m: &Model, a: usize, b: usize| (back_of(m, x, day(a)), leave_of(m, x, day(b)));
    let mut cands = Vec::new();
    for a in 0..=len {
        for b in a + 1..=(a + span).min(len + 1) {
            let (ea, eb) = ends(m, a, b);
            let gap = 1440.0 * (b - a) as f64;
            if gap - ea.lo + eb.hi < need {
                continue;
            }
            let between_free =
                (a + 1..b).all(|p| day(p).is_none_or(|d| m.by_staff_day[x][d].is_empty()));
            if gap - ea.hi + eb.lo >= need && between_free {
                return; // a rest is certain
            }
            cands.push((a, b));
        }
    }
    no_room_for_a_rest(m, x, (d0, len), need, &cands);
    rest_days(m, x, (d0, len), need, &cands, monday);
    let mut any = Expression::from(0.0);
    for (a, b) in cands {
        let r = m.lp.binary();
        for p in a + 1..b {
            if let Some(d) = day(p) {
                let w = m.works(x, d);
                m.lp.constrain(&WEEKLY_REST, w + r, Sense::Le, 1.0);
            }
        }
        let (ea, eb) = ends(m, a, b);
        let gap = 1440.0 * (b - a) as f64;
        let least = gap - ea.hi + eb.lo;
        if least < need {
            // gap − back_a + leave_b ≥ need − M (1 − r), M = need − least
            let big = need - least;
            m.lp.constrain(
                &WEEKLY_REST,
                eb.expr - ea.expr - big * r,
                Sense::Ge,
                need - big - gap,
            );
        }
        any += r;
    }
    m.lp.ge(&WEEKLY_REST, any, 1.0);
    m.lp.label_last(format!(
        "staff {}, week of {}",
        m.scenario.staff[x].id, monday
    ));
}

/// A shift of a week's part: its variable, return and departure (minutes
/// from 00:00 of its day).
type Shift = (good_lp::Variable, f64, f64);

/// The shifts staff `x` may work on day `d`.
fn shifts(m: &Model, x: usize, d: usize) -> Vec<Shift> {
    m.cells_of(x, d)
        .map(|c| (c.var, c.work.back() as f64, c.work.leave() as f64))
        .collect()
}

/// The return at position `a` of a week's part when free: the part's
/// start is a return at 24:00 of the day before (1440 on the position-0
/// clock), a free day's at 0.
fn back_free(a: usize) -> f64 {
    if a == 0 { 1440.0 } else { 0.0 }
}

/// The departure at position `b` of a part of `len` days when free: the
/// part's end is a departure at 00:00 after it (0), a free day's at 1440.
fn leave_free(b: usize, len: usize) -> f64 {
    if b == len + 1 { 0.0 } else { 1440.0 }
}

/// `rest_room` (implied): cells that no candidate rest of the part leaves
/// room for are never worked, `x_c ≤ 0` (the big-M rows of [`week`] tell the LP relaxation
/// this only weakly: with the rests' `r` spread over the candidates at
/// fractions, every cell can be worked at a fraction). Candidate `(a, b)`
/// leaves room for a cell on position `p` when `p` is outside `a..=b`, or
/// `p == a` and the rest holds from the cell's return with day `b` free
/// (or the part's end), or `p == b` and it holds up to the cell's departure
/// with day `a` free (or the part's start). On a short part a day's shift
/// mostly leaves no 36 h on either side: when parts of two days at the
/// period's end still held a rest, generated 25 offices × 30 staff held 2
/// of 22 openings on its last Monday and Tuesday in every plan, while the
/// LP relaxation held all.
fn no_room_for_a_rest(
    m: &mut Model,
    x: usize,
    (d0, len): (usize, usize),
    need: f64,
    cands: &[(usize, usize)],
) {
    for p in 1..=len {
        for (var, back, leave) in shifts(m, x, d0 + p - 1) {
            let room = cands.iter().any(|&(a, b)| {
                let gap = 1440.0 * (b - a) as f64;
                if p < a || p > b {
                    true
                } else if p == a {
                    gap - back + leave_free(b, len) >= need
                } else if p == b {
                    gap - back_free(a) + leave >= need
                } else {
                    false
                }
            });
            if !room {
                m.lp.constrain(&REST_ROOM, Expression::from(var), Sense::Le, 0.0);
            }
        }
    }
}

/// `rest_days` (implied): the shifts on which a week's part leaves no
/// weekly rest are not all worked: `Σ_{p ∈ S} Σ_{c ∈ B_p} x_c ≤ |S| − 1`
/// for days `S` and shifts `B_p` on them such that working one shift of
/// `B_p` on every day of `S` leaves no candidate rest (each then has a
/// worked day between its ends, or an end so worked that it is too short
/// even with every other day free). The big-M rows of [`week`] say this to
/// the LP relaxation only weakly: with `r` spread over the candidates,
/// every day can be worked at `1 − 1/k`. On a week with Saturday hours
/// 10–14, Saturday 14:00 to Sunday 24:00 is 34 h and a free Monday from
/// 00:00 is 33 h to a Tuesday start at 9: whoever works Saturday and
/// starts early on Tuesday needs a free day from Tuesday to Friday, which
/// `max_consecutive` (five of Monday–Saturday) does not say. Built
/// greedily: the candidate rest with the fewest ways to block it first,
/// blocked by narrowing a day already in `S` to the shifts that block it
/// before adding a day. No row when a candidate can only be blocked by
/// two days together, or when the row is `max_consecutive`'s.
fn rest_days(
    m: &mut Model,
    x: usize,
    (d0, len): (usize, usize),
    need: f64,
    cands: &[(usize, usize)],
    monday: chrono::NaiveDate,
) {
    // Per position: its shifts (none on the part's bounds).
    let cells: Vec<Vec<Shift>> = (0..=len + 1)
        .map(|p| {
            if p == 0 || p > len {
                return Vec::new();
            }
            shifts(m, x, d0 + p - 1)
        })
        .collect();
    // `set[p]`: the shifts of day p in B_p (None: p not in S). An end's
    // value at its best for a rest: the earliest return, the latest
    // departure of B_p, or free.
    type Set = Vec<Option<Vec<bool>>>;
    let back = |set: &Set, a: usize| match &set[a] {
        Some(mask) => cells[a]
            .iter()
            .zip(mask)
            .filter(|(_, on)| **on)
            .map(|(c, _)| c.1)
            .fold(f64::INFINITY, f64::min),
        None => back_free(a),
    };
    let leave = |set: &Set, b: usize| match &set[b] {
        Some(mask) => cells[b]
            .iter()
            .zip(mask)
            .filter(|(_, on)| **on)
            .map(|(c, _)| c.2)
            .fold(0.0, f64::max),
        None => leave_free(b, len),
    };
    let blocked = |set: &Set, (a, b): (usize, usize)| {
        (a + 1..b).any(|p| set[p].is_some())
            || 1440.0 * (b - a) as f64 - back(set, a) + leave(set, b) < need
    };
    // Ways to block candidate (a, b): (position, shifts kept there).
    let ways = |set: &Set, (a, b): (usize, usize)| {
        let gap = 1440.0 * (b - a) as f64;
        let mut out: Vec<(usize, Vec<bool>)> = Vec::new();
        for p in a + 1..b {
            if set[p].is_none() && !cells[p].is_empty() {
                out.push((p, vec![true; cells[p].len()]));
            }
        }
        let narrowed = |p: usize, keep: &dyn Fn(&Shift) -> bool| {
            let now = set[p].clone().unwrap_or_else(|| vec![true; cells[p].len()]);
            let mask: Vec<bool> = cells[p]
                .iter()
                .zip(&now)
                .map(|(c, on)| *on && keep(c))
                .collect();
            mask.iter().any(|&on| on).then_some((p, mask))
        };
        let (lb, ba) = (leave(set, b), back(set, a));
        out.extend(narrowed(a, &|c| gap - c.1 + lb < need));
        out.extend(narrowed(b, &|c| gap - ba + c.2 < need));
        out
    };
    let mut set: Set = vec![None; len + 2];
    loop {
        let open: Vec<(usize, usize)> = cands
            .iter()
            .copied()
            .filter(|&c| !blocked(&set, c))
            .collect();
        let Some((n, c)) = open.iter().map(|&c| (ways(&set, c).len(), c)).min() else {
            break;
        };
        if n == 0 {
            return; // no single day blocks it
        }
        // A day already in S before a new one; the fewest shifts dropped.
        let Some((p, mask)) = ways(&set, c).into_iter().min_by_key(|(p, mask)| {
            let kept = mask.iter().filter(|&&on| on).count();
            let had = set[*p]
                .as_ref()
                .map_or(cells[*p].len(), |m| m.iter().filter(|&&on| on).count());
            (set[*p].is_none(), had - kept, *p)
        }) else {
            return;
        };
        set[p] = Some(mask);
    }
    let days: Vec<usize> = (1..=len).filter(|&p| set[p].is_some()).collect();
    let (Some(&first), Some(&last)) = (days.first(), days.last()) else {
        return;
    };
    let whole = days
        .iter()
        .all(|&p| set[p].as_ref().is_some_and(|m| m.iter().all(|&on| on)));
    if whole
        && last - first + 1 == days.len()
        && days.len() > m.scenario.rules.max_consecutive_days as usize
    {
        return; // max_consecutive's own row
    }
    let mut worked = Expression::from(0.0);
    for &p in &days {
        for (c, on) in cells[p].iter().zip(set[p].as_ref().expect("a day of S")) {
            if *on {
                worked += c.0;
            }
        }
    }
    m.lp.constrain(&REST_DAYS, worked, Sense::Le, days.len() as f64 - 1.0);
    m.lp.label_last(format!(
        "staff {}, week of {}",
        m.scenario.staff[x].id, monday
    ));
}
