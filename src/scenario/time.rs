//! Clock times and weekday names as planners write them.

use chrono::Weekday;

/// Minutes from midnight of "HH:MM".
pub fn parse_clock(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
}

/// `(start, end)` minutes of "HH:MM-HH:MM", with start < end.
pub fn parse_window(s: &str) -> Option<(u32, u32)> {
    let (a, b) = s.split_once('-')?;
    let (a, b) = (parse_clock(a)?, parse_clock(b)?);
    (a < b).then_some((a, b))
}

/// "HH:MM" of minutes from midnight.
pub fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Weekday of "mon".."sun" (Swedish "mån".."sön" accepted too).
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    Some(match s.trim().to_lowercase().as_str() {
        "mon" | "monday" | "mån" | "måndag" => Weekday::Mon,
        "tue" | "tuesday" | "tis" | "tisdag" => Weekday::Tue,
        "wed" | "wednesday" | "ons" | "onsdag" => Weekday::Wed,
        "thu" | "thursday" | "tor" | "torsdag" => Weekday::Thu,
        "fri" | "friday" | "fre" | "fredag" => Weekday::Fri,
        "sat" | "saturday" | "lör" | "lördag" => Weekday::Sat,
        "sun" | "sunday" | "sön" | "söndag" => Weekday::Sun,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_parse_and_reject() {
        assert_eq!(parse_window("10:00-15:00"), Some((600, 900)));
        assert_eq!(parse_window("16:00-18:00"), Some((960, 1080)));
        assert_eq!(parse_window("15:00-10:00"), None);
        assert_eq!(parse_window("10-15"), None);
        assert_eq!(parse_window("25:00-26:00"), None);
        assert_eq!(clock(965), "16:05");
        assert_eq!(parse_weekday("tis"), Some(Weekday::Tue));
    }
}
