//! Calendar arithmetic on Unix seconds, and the timestamp formats the sites and datasets use.
//!
//! Written here rather than taken from a date crate because the core needs only a few conversions and must
//! build small for wasm. [`relative`] reads the relative times a page shows ("3 days ago") into intervals.

pub mod relative;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month, day) of a day number since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Day of week of a Unix time shifted by `offset_minutes`: 0 = Monday … 6 = Sunday.
pub fn weekday(unix: i64, offset_minutes: i32) -> u32 {
    let days = (unix + i64::from(offset_minutes) * 60).div_euclid(86_400);
    // 1970-01-01 was a Thursday (3).
    ((days + 3).rem_euclid(7)) as u32
}

/// Minute of the day (0..1440) of a Unix time shifted by `offset_minutes`.
pub fn minute_of_day(unix: i64, offset_minutes: i32) -> u32 {
    ((unix + i64::from(offset_minutes) * 60).rem_euclid(86_400) / 60) as u32
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

fn month_number(name: &str) -> Option<u32> {
    let lower = name.get(..3)?.to_ascii_lowercase();
    MONTHS.iter().position(|m| *m == lower).map(|i| i as u32 + 1)
}

fn hms(s: &str) -> Option<i64> {
    let mut parts = s.split(':');
    let h: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    // Seconds with an optional fraction, which is dropped ("05.123"); read without float parsing, whose
    // tables the wasm module would otherwise carry.
    let (whole, fraction) = parts.next().map_or(("0", ""), |s| s.split_once('.').unwrap_or((s, "")));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) || (whole.is_empty() && fraction.is_empty()) {
        return None;
    }
    let sec: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    if !(0..24).contains(&h) || !(0..60).contains(&m) || !(0..61).contains(&sec) {
        return None;
    }
    Some(h * 3600 + m * 60 + sec)
}

fn offset_seconds(s: &str) -> Option<i64> {
    if s == "Z" || s.is_empty() {
        return Some(0);
    }
    let sign = match s.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = s[1..].chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() != 4 {
        return None;
    }
    let h: i64 = digits[..2].parse().ok()?;
    let m: i64 = digits[2..].parse().ok()?;
    Some(sign * (h * 3600 + m * 60))
}

fn valid_date(year: i64, month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && (1..=31).contains(&day) && (1900..=2200).contains(&year)
}

/// Parses X's classic `created_at`: `Wed Oct 10 20:19:24 +0000 2018`.
pub fn parse_x_created_at(s: &str) -> Option<i64> {
    let f: Vec<&str> = s.split_whitespace().collect();
    if f.len() != 6 {
        return None;
    }
    let month = month_number(f[1])?;
    let day: u32 = f[2].parse().ok()?;
    let year: i64 = f[5].parse().ok()?;
    if !valid_date(year, month, day) {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hms(f[3])? - offset_seconds(f[4])?)
}

/// Parses ISO 8601 / RFC 3339 date-times (`2026-11-20T03:14:05.000Z`, `2015-02-24 11:35:52 -0800`,
/// `2017-01-01 12:00`) and plain dates. A time without a zone is taken as UTC.
pub fn parse_iso(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, rest) = s.split_at(s.find(['T', ' ']).unwrap_or(s.len()));
    let mut d = date.split('-');
    let year: i64 = d.next()?.parse().ok()?;
    let month: u32 = d.next()?.parse().ok()?;
    let day: u32 = d.next()?.parse().ok()?;
    if d.next().is_some() || !valid_date(year, month, day) {
        return None;
    }
    let base = days_from_civil(year, month, day) * 86_400;
    let rest = rest.trim_start_matches(['T', ' ']);
    if rest.is_empty() {
        return Some(base);
    }
    let zone_at = rest.find(['Z', '+', '-', ' ']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(zone_at);
    let zone = zone.trim();
    Some(base + hms(clock)? - offset_seconds(zone)?)
}

/// Formats Unix seconds as `2026-11-20T03:14:05Z`.
pub fn format_iso(unix: i64) -> String {
    let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
    let s = unix.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_formats_in_use() {
        assert_eq!(parse_x_created_at("Sat Dec 14 04:35:55 +0000 2013"), Some(1_386_995_755));
        assert_eq!(parse_iso("2013-12-14T04:35:55.000Z"), Some(1_386_995_755));
        assert_eq!(parse_iso("2013-12-14 04:35:55"), Some(1_386_995_755));
        assert_eq!(parse_iso("2013-12-13 20:35:55 -0800"), Some(1_386_995_755));
        assert_eq!(parse_iso("2013-12-14"), Some(1_386_979_200));
        assert_eq!(format_iso(1_386_995_755), "2013-12-14T04:35:55Z");
        assert_eq!(parse_iso("2013-12-14T04:35:55.999999Z"), Some(1_386_995_755), "the fraction is dropped");
        assert_eq!(parse_iso("2013-12-14T04:35Z"), Some(1_386_995_700), "no seconds");
        assert_eq!(parse_iso("2013-12-14T04:35:60Z"), Some(1_386_995_760), "a leap second");
        for bad in [
            "",
            "garbage",
            "2013-13-01",
            "Sat Dec 99 04:35:55 +0000 2013",
            "2013-12-14T25:00",
            "2013-12-14T04:35:61Z",
            "2013-12-14T04:35:5x",
            "2013-12-14T04:35:.Z",
            "2013-12-14T04:35:-1Z",
        ] {
            assert_eq!(parse_iso(bad).or(parse_x_created_at(bad)), None, "{bad}");
        }
    }

    #[test]
    fn weekday_and_civil_round_trip() {
        assert_eq!(weekday(0, 0), 3);
        assert_eq!(weekday(1_386_995_755, 0), 5); // a Saturday
        for days in [-800_000, -1, 0, 1, 19_000, 800_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
