//! The Swedish working calendar: public holidays (allmänna helgdagar), the
//! de-facto closed eves (midsommarafton, julafton, nyårsafton) and ISO weeks.
//!
//! Sources: Lag (1989:253) om allmänna helgdagar; Easter by the Gregorian
//! computus (anonymous algorithm, Meeus/Jones/Butcher).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Why a date is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedDay {
    pub date: NaiveDate,
    /// Swedish name, e.g. "Långfredagen".
    pub name: &'static str,
}

/// Easter Sunday of `year` (Gregorian).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("valid Easter date")
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The first `weekday` on or after `from`.
fn first_on_or_after(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let shift = (7 + weekday.num_days_from_monday() as i64
        - from.weekday().num_days_from_monday() as i64)
        % 7;
    from + Duration::days(shift)
}

/// Every weekday-independent closed day of `year`: the public holidays and
/// the closed eves, in date order. Sundays are not listed (every Sunday is a
/// holiday in the law; offices never plan Sundays unless configured).
pub fn closed_days(year: i32) -> Vec<ClosedDay> {
    let easter = easter_sunday(year);
    let midsummer_day = first_on_or_after(ymd(year, 6, 20), Weekday::Sat);
    let all_saints = first_on_or_after(ymd(year, 10, 31), Weekday::Sat);
    let mut days = vec![
        ClosedDay {
            date: ymd(year, 1, 1),
            name: "Nyårsdagen",
        },
        ClosedDay {
            date: ymd(year, 1, 6),
            name: "Trettondedag jul",
        },
        ClosedDay {
            date: easter - Duration::days(2),
            name: "Långfredagen",
        },
        ClosedDay {
            date: easter,
            name: "Påskdagen",
        },
        ClosedDay {
            date: easter + Duration::days(1),
            name: "Annandag påsk",
        },
        ClosedDay {
            date: ymd(year, 5, 1),
            name: "Första maj",
        },
        ClosedDay {
            date: easter + Duration::days(39),
            name: "Kristi himmelsfärdsdag",
        },
        ClosedDay {
            date: easter + Duration::days(49),
            name: "Pingstdagen",
        },
        ClosedDay {
            date: ymd(year, 6, 6),
            name: "Sveriges nationaldag",
        },
        ClosedDay {
            date: midsummer_day - Duration::days(1),
            name: "Midsommarafton",
        },
        ClosedDay {
            date: midsummer_day,
            name: "Midsommardagen",
        },
        ClosedDay {
            date: all_saints,
            name: "Alla helgons dag",
        },
        ClosedDay {
            date: ymd(year, 12, 24),
            name: "Julafton",
        },
        ClosedDay {
            date: ymd(year, 12, 25),
            name: "Juldagen",
        },
        ClosedDay {
            date: ymd(year, 12, 26),
            name: "Annandag jul",
        },
        ClosedDay {
            date: ymd(year, 12, 31),
            name: "Nyårsafton",
        },
    ];
    days.sort_by_key(|d| d.date);
    days
}

/// The name of the holiday or closed eve on `date`, if any.
pub fn holiday_name(date: NaiveDate) -> Option<&'static str> {
    closed_days(date.year())
        .into_iter()
        .find(|d| d.date == date)
        .map(|d| d.name)
}

/// ISO week label, e.g. `2025-W03`.
pub fn iso_week_label(date: NaiveDate) -> String {
    let w = date.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// `(iso_year, iso_week)` of a date.
pub fn iso_week(date: NaiveDate) -> (i32, u32) {
    let w = date.iso_week();
    (w.year(), w.week())
}

/// Every date from `start` to `end`, inclusive.
pub fn dates(start: NaiveDate, end: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    start.iter_days().take_while(move |d| *d <= end)
}

/// The part of one calendar month inside a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthSpan {
    pub year: i32,
    pub month: u32,
    /// First and last date of the month inside the period.
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Days of the whole calendar month.
    pub month_days: i64,
}

impl MonthSpan {
    /// Days of the month inside the period.
    pub fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }
}

/// The calendar months the period `start..=end` touches, each cut to it.
pub fn month_spans(start: NaiveDate, end: NaiveDate) -> Vec<MonthSpan> {
    let mut out = Vec::new();
    let mut first = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).expect("a month");
    while first <= end {
        let (y, m) = (first.year(), first.month());
        let next = if m == 12 {
            NaiveDate::from_ymd_opt(y + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(y, m + 1, 1)
        }
        .expect("a month");
        out.push(MonthSpan {
            year: y,
            month: m,
            first: first.max(start),
            last: (next - Duration::days(1)).min(end),
            month_days: (next - first).num_days(),
        });
        first = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_dates_match_the_almanac() {
        assert_eq!(easter_sunday(2022), ymd(2022, 4, 17));
        assert_eq!(easter_sunday(2023), ymd(2023, 4, 9));
        assert_eq!(easter_sunday(2024), ymd(2024, 3, 31));
        assert_eq!(easter_sunday(2025), ymd(2025, 4, 20));
    }

    #[test]
    fn movable_holidays_2025() {
        let n = |d: NaiveDate| holiday_name(d);
        assert_eq!(n(ymd(2025, 4, 18)), Some("Långfredagen"));
        assert_eq!(n(ymd(2025, 4, 21)), Some("Annandag påsk"));
        assert_eq!(n(ymd(2025, 5, 29)), Some("Kristi himmelsfärdsdag"));
        assert_eq!(n(ymd(2025, 6, 20)), Some("Midsommarafton"));
        assert_eq!(n(ymd(2025, 6, 21)), Some("Midsommardagen"));
        assert_eq!(n(ymd(2025, 11, 1)), Some("Alla helgons dag"));
        assert_eq!(n(ymd(2025, 6, 19)), None);
    }

    #[test]
    fn midsummer_eve_is_always_a_friday_between_19_and_25_june() {
        for y in 2000..2100 {
            let eve = closed_days(y)
                .into_iter()
                .find(|d| d.name == "Midsommarafton")
                .unwrap()
                .date;
            assert_eq!(eve.weekday(), Weekday::Fri);
            assert!(eve >= ymd(y, 6, 19) && eve <= ymd(y, 6, 25));
        }
    }

    #[test]
    fn iso_weeks_cross_year_boundaries() {
        assert_eq!(iso_week_label(ymd(2024, 12, 30)), "2025-W01");
        assert_eq!(iso_week_label(ymd(2022, 1, 2)), "2021-W52");
    }
}
