//! The shift cells: one 0/1 variable per staff member, date, office and part
//! (day, evening, or both), created only where the office may open and the
//! staff member is not absent (family `unavailable`), and where the working
//! day can hold its breaks (family `breaks`).

use crate::scenario::facts::{Kind, WorkDay};

use super::Model;

/// Which openings of the day a shift covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    Day,
    Evening,
    DayEvening,
}

impl Part {
    /// True when the shift covers an opening of this kind.
    pub fn covers(self, kind: Kind) -> bool {
        matches!(
            (self, kind),
            (Part::Day | Part::DayEvening, Kind::Day)
                | (Part::Evening | Part::DayEvening, Kind::Evening)
        )
    }
    pub const ALL: [Part; 3] = [Part::Day, Part::Evening, Part::DayEvening];
}

/// One shift variable with its facts.
#[derive(Debug, Clone)]
pub struct Cell {
    pub staff: usize,
    pub day: usize,
    pub office: usize,
    pub part: Part,
    pub work: WorkDay,
    /// Paid minutes: travel included, break excluded.
    pub paid: u32,
    /// Round-trip km.
    pub km: f64,
    pub var: good_lp::Variable,
}

pub(super) fn add(m: &mut Model) {
    let (s, f) = (m.scenario, m.facts);
    m.by_staff_day = vec![vec![Vec::new(); f.dates.len()]; s.staff.len()];
    for x in 0..s.staff.len() {
        for (d, &date) in f.dates.iter().enumerate() {
            if f.absent(s, x, date) {
                continue; // family `unavailable`: no variable on a day of absence
            }
            for &o in &f.offices {
                let dw = f.day_window(s, o, date);
                let ew = f.evening_window(s, o, date);
                let trip = f.trips[x][o];
                for part in Part::ALL {
                    let window = match (part, dw, ew) {
                        (Part::Day, Some(w), _) => w,
                        (Part::Evening, _, Some(w)) => w,
                        (Part::DayEvening, Some(a), Some(b)) => (a.0.min(b.0), a.1.max(b.1)),
                        _ => continue,
                    };
                    let work = WorkDay {
                        start: window.0,
                        end: window.1,
                        travel: trip.minutes,
                    };
                    let span = work.span();
                    let brk = f.break_for(span);
                    // family `breaks`: the break must split the day into stretches within the limit
                    if span.saturating_sub(brk) > 2 * f.max_without_break {
                        continue;
                    }
                    let var = m.lp.binary();
                    m.by_staff_day[x][d].push(m.cells.len());
                    m.cells.push(super::Cell {
                        staff: x,
                        day: d,
                        office: o,
                        part,
                        work,
                        paid: span.saturating_sub(brk),
                        km: 2.0 * trip.km,
                        var,
                    });
                }
            }
        }
    }
    // family `one_shift_per_day` (the staffing layer's)
    let grid = super::StaffGrid {
        cells: &m.cells,
        by_staff_day: &m.by_staff_day,
    };
    for x in 0..s.staff.len() {
        crate::staffing::one_shift_per_day(&mut m.lp, &grid, x, 0..f.dates.len());
    }
}
