//! Writer for the Curtois & Qu shift scheduling benchmark format: the
//! inverse of [`super::nrp::parse`], so that generated or tiled instances can
//! be saved and run through `serviceplan roster` like the published ones.

use std::fmt::Write;

use super::nrp::NrpInstance;

/// The instance as benchmark text. `parse(&to_text(i)) == i` for every
/// instance the reader returns (days off sorted, as the reader keeps them).
pub fn to_text(inst: &NrpInstance) -> String {
    let mut out = String::new();
    let shift = |t: usize| inst.shifts[t].id.as_str();
    let staff = |s: usize| inst.staff[s].id.as_str();
    // Writing to a String cannot fail.
    let _ = (|| -> std::fmt::Result {
        writeln!(
            out,
            "SECTION_HORIZON\n# The horizon length in days:\n{}\n",
            inst.horizon
        )?;
        writeln!(
            out,
            "SECTION_SHIFTS\n# ShiftID, Length in mins, Shifts which cannot follow this shift | separated"
        )?;
        for s in &inst.shifts {
            let next: Vec<&str> = s.forbidden_next.iter().map(|&t| shift(t)).collect();
            writeln!(out, "{},{},{}", s.id, s.minutes, next.join("|"))?;
        }
        writeln!(
            out,
            "\nSECTION_STAFF\n# ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends"
        )?;
        for e in &inst.staff {
            let limits: Vec<String> = (e.max_shifts.iter().enumerate())
                .filter_map(|(t, m)| m.map(|m| format!("{}={m}", shift(t))))
                .collect();
            writeln!(
                out,
                "{},{},{},{},{},{},{},{}",
                e.id,
                limits.join("|"),
                e.max_total_minutes,
                e.min_total_minutes,
                e.max_consecutive_shifts,
                e.min_consecutive_shifts,
                e.min_consecutive_days_off,
                e.max_weekends
            )?;
        }
        writeln!(
            out,
            "\nSECTION_DAYS_OFF\n# EmployeeID, DayIndexes (start at zero)"
        )?;
        for e in inst.staff.iter().filter(|e| !e.days_off.is_empty()) {
            let days: Vec<String> = e.days_off.iter().map(|d| d.to_string()).collect();
            writeln!(out, "{},{}", e.id, days.join(","))?;
        }
        for (name, list) in [("ON", &inst.on_requests), ("OFF", &inst.off_requests)] {
            writeln!(
                out,
                "\nSECTION_SHIFT_{name}_REQUESTS\n# EmployeeID, Day, ShiftID, Weight"
            )?;
            for r in list {
                writeln!(
                    out,
                    "{},{},{},{}",
                    staff(r.staff),
                    r.day,
                    shift(r.shift),
                    r.weight
                )?;
            }
        }
        writeln!(
            out,
            "\nSECTION_COVER\n# Day, ShiftID, Requirement, Weight for under, Weight for over"
        )?;
        for c in &inst.cover {
            writeln!(
                out,
                "{},{},{},{},{}",
                c.day,
                shift(c.shift),
                c.requirement,
                c.weight_under,
                c.weight_over
            )?;
        }
        Ok(())
    })();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::nrp::{benchmark_path, parse, read};

    #[test]
    fn benchmark_instances_survive_a_round_trip() {
        for i in 1..=12 {
            let inst = read(&benchmark_path(i)).unwrap();
            let text = to_text(&inst);
            assert_eq!(parse(&text).unwrap(), inst, "Instance{i}");
        }
    }

    #[test]
    fn tiled_instances_survive_a_round_trip() {
        let inst = read(&benchmark_path(8)).unwrap().tiled(2, 3);
        assert_eq!(parse(&to_text(&inst)).unwrap(), inst);
    }
}
