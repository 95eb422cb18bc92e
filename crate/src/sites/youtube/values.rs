//! Reading YouTube's values: runs of text, handles, view and subscriber counts ("1.2K"), dates ("Jan 5, 2024")
//! and the relative times of comments and videos.

use super::*;

/// `value[keys[0]][keys[1]]…`.
pub(super) fn get<'v>(value: &'v Value<'v>, keys: &[&str]) -> Option<&'v Value<'v>> {
    keys.iter().try_fold(value, |v, k| v.get(k))
}

pub(super) fn str_at<'v>(value: &'v Value<'v>, keys: &[&str]) -> Option<&'v str> {
    get(value, keys)?.as_str()
}

/// The text of one of YouTube's text shapes: a plain string, `{simpleText}`, `{runs: [{text}]}` or the
/// newer attributed `{content}`.
pub(super) fn text_of(value: &Value<'_>) -> Option<String> {
    if let Some(s) = value.as_str() {
        return Some(s.to_string());
    }
    if let Some(s) = value.get("simpleText").and_then(Value::as_str) {
        return Some(s.to_string());
    }
    if let Some(s) = value.get("content").and_then(Value::as_str) {
        return Some(s.to_string());
    }
    let runs = value.get("runs")?.as_array()?;
    Some(runs.iter().filter_map(|r| r.get("text").and_then(Value::as_str)).collect())
}

pub(super) fn text_at(value: &Value<'_>, keys: &[&str]) -> Option<String> {
    text_of(get(value, keys)?).filter(|t| !t.is_empty())
}

/// The handle in `/@name`, `http://www.youtube.com/@name` or `@name`, percent-decoded (YouTube encodes
/// handles in non-Latin scripts in URLs).
pub(super) fn handle_from(text: &str) -> Option<String> {
    let start = text.find('@')?;
    let rest = &text[start + 1..];
    let end = rest.find(['/', '?', '#', ' ']).unwrap_or(rest.len());
    let handle = percent_decode(&rest[..end]);
    (!handle.is_empty()).then_some(handle)
}

pub(super) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether an avatar address is YouTube's default picture. `None` when the address cannot tell: `ytc/`
/// pictures come from the Google account and may be a photo or a generated letter.
pub(super) fn default_avatar(url: &str) -> Option<bool> {
    if url.contains("/a/default-user") || url.contains("no_avatar") || url.contains("default_avatar") {
        Some(true)
    } else if url.contains("/ytc/") || url.is_empty() {
        None
    } else {
        Some(false)
    }
}

/// Whether a badge list or badge-bearing subtree marks the channel verified (any kind, artists included).
pub(super) fn has_verified_badge(value: &Value<'_>) -> bool {
    match value {
        Value::String(s) => matches!(
            &**s,
            "BADGE_STYLE_TYPE_VERIFIED"
                | "BADGE_STYLE_TYPE_VERIFIED_ARTIST"
                | "CHECK_CIRCLE_THICK"
                | "CHECK_CIRCLE_FILLED"
                | "OFFICIAL_ARTIST_BADGE"
        ),
        Value::Array(items) => items.iter().any(has_verified_badge),
        Value::Object(map) => map.values().any(has_verified_badge),
        _ => false,
    }
}

/// A count as YouTube abbreviates it: "25m subscribers", "3.68M", "1,234 videos", "12.3万". Abbreviated
/// counts are approximate; `None` when there is no number.
pub fn parse_count(text: &str) -> Option<u64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = &text[start..];
    let number_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '\u{a0}' || c == '\u{202f}'))
        .unwrap_or(rest.len());
    let number = rest[..number_end].trim_end_matches(['.', ',', '\u{a0}', '\u{202f}']);
    let after = crate::text::lowercase(rest[number.len()..].trim_start());
    let word_ends = |w: &str| {
        after.strip_prefix(w).is_some_and(|tail| tail.chars().next().is_none_or(|c| !c.is_alphabetic()))
    };
    // The multiplier as a power of ten.
    let exponent: u32 = if after.starts_with('万') || after.starts_with('萬') {
        4
    } else if after.starts_with('億') || after.starts_with('亿') {
        8
    } else if ["k", "thousand", "tsd", "mil"].iter().any(|w| word_ends(w)) {
        3
    } else if ["m", "million", "mio", "mln"].iter().any(|w| word_ends(w)) {
        6
    } else if ["b", "billion", "bn", "mrd"].iter().any(|w| word_ends(w)) {
        9
    } else {
        0
    };
    let digits_only = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    if exponent == 0 {
        return digits_only(number).parse().ok();
    }
    // An abbreviated count has a decimal separator ("3.68M", "2,5 Mio."). In whole numbers (no float parsing:
    // it would bring the standard library's decimal-to-float tables into the wasm module).
    let (whole, fraction) = match number.rfind(['.', ',']) {
        Some(i) => (&number[..i], &number[i + 1..]),
        None => (number, ""),
    };
    // Digits past the eighteenth cannot change a count below 10^15 (and would overflow the mantissa).
    let fraction: String = digits_only(fraction).chars().take(18).collect();
    let mantissa: u128 = format!("0{}{fraction}", digits_only(whole)).parse().ok()?;
    let count = match exponent.checked_sub(fraction.len() as u32) {
        Some(up) => mantissa.checked_mul(10u128.pow(up))?,
        // Rounded half up, as the count is read to the nearest unit.
        None => 10u128
            .checked_pow(fraction.len() as u32 - exponent)
            .map_or(0, |down| (mantissa + down / 2) / down),
    };
    (count < 1_000_000_000_000_000).then_some(count as u64)
}

pub(super) const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// A calendar date in the forms YouTube prints (`Aug 2, 2018`, `12 Oct 2021`, `Joined Mar 12, 2013`,
/// `2018-08-02`, `2018/08/02`, `2018年8月2日`, `2018. 8. 2.`), as the Unix time of that day's start (UTC).
pub fn parse_date(text: &str) -> Option<i64> {
    let numbers: Vec<i64> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty() && s.len() <= 4)
        .filter_map(|s| s.parse().ok())
        .collect();
    let month_name = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() >= 3)
        .find_map(|w| {
            let w = crate::text::lowercase(w);
            MONTHS.iter().position(|m| w.starts_with(m))
        })
        .map(|i| i as i64 + 1);
    let (year, month, day) = match (month_name, numbers.as_slice()) {
        (Some(m), [a, b]) if *b >= 1000 => (*b, m, *a),
        (Some(m), [a, b]) if *a >= 1000 => (*a, m, *b),
        (None, [y, m, d]) if *y >= 1000 => (*y, *m, *d),
        (None, [d, m, y]) if *y >= 1000 => (*y, *m, *d),
        _ => return None,
    };
    if !(2000..=2200).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(crate::time::days_from_civil(year, month as u32, day as u32) * 86_400)
}

/// A calendar day (its UTC start) as it may fall in any time zone, UTC−12 to UTC+14.
pub(super) fn day_anywhere(day: i64) -> PostTime {
    PostTime { earliest: day - 14 * 3_600, latest: day + 36 * 3_600, precision: Precision::Day }
}

/// A video's date line as an interval: a printed date is a day in the viewer's time zone (anywhere from
/// UTC−12 to UTC+14); a recent video's "3 hours ago" is read as a relative time.
pub(super) fn video_time(date_text: &str, observed_at: i64) -> Option<PostTime> {
    if let Some(day) = parse_date(date_text) {
        return Some(day_anywhere(day));
    }
    (observed_at > 0).then(|| relative_time::parse(date_text, observed_at)).flatten()
}

#[cfg(test)]
mod tests {
    use super::parse_count;

    #[test]
    fn counts_as_youtube_abbreviates_them() {
        for (text, count) in [
            ("25m subscribers", Some(25_000_000)),
            ("3.68M subscribers", Some(3_680_000)),
            ("1,234 videos", Some(1234)),
            ("12.3万", Some(123_000)),
            ("1.2亿次观看", Some(120_000_000)),
            ("2,5 Mio. Abonnenten", Some(2_500_000)),
            ("1.005K", Some(1005)),
            ("1.0005K", Some(1001)),
            ("1.0004K", Some(1000)),
            ("0.000000000000000000000000000000000000000001M", Some(0)),
            ("999999999999B", None),
            ("99999999999999999999999999999999999B views", None),
            ("1.00000000000000000000000000000000000000000001M", Some(1_000_000)),
            ("No subscribers", None),
            ("7 B views", Some(7_000_000_000)),
        ] {
            assert_eq!(parse_count(text), count, "{text:?}");
        }
    }
}
