//! Numbers written as decimals without the standard library's float formatting (Grisu with a Dragon4
//! fallback and its big-number arithmetic: 19 KiB of the extension's module; docs/benchmarks.md, issue #18):
//! [`fixed`] for the numbers in sentences, [`shortest`] for floats in JSON.

/// `x` rounded to `places` decimals (at most 9), as `format!("{x:.places$}")` writes it, except for an `x`
/// within a rounding error of halfway between two results: the standard library rounds the float's exact
/// binary value, this rounds `x · 10^places` half to even, so `0.35` (a little under, in binary) is `0.4`
/// here and `0.3` there. Past 2^53 / 10^places a magnitude is as near as a float holds it, and past
/// u64::MAX / 10^places it is written as that bound (no sentence holds such a number but a forged count's);
/// not finite is `NaN`, `inf` or `-inf` as there.
pub fn fixed(x: f64, places: u32) -> String {
    if !x.is_finite() {
        return match (x.is_nan(), x > 0.0) {
            (true, _) => "NaN",
            (false, true) => "inf",
            (false, false) => "-inf",
        }
        .to_string();
    }
    let places = places.min(9);
    let scale = 10u64.pow(places);
    // Saturates beyond u64: far past anything a sentence holds.
    let scaled = (x.abs() * scale as f64).round_ties_even() as u64;
    let mut out = String::new();
    if x.is_sign_negative() {
        out.push('-');
    }
    out.push_str(&(scaled / scale).to_string());
    if places > 0 {
        let fraction = (scaled % scale).to_string();
        out.push('.');
        out.extend(std::iter::repeat_n('0', places as usize - fraction.len()));
        out.push_str(&fraction);
    }
    out
}

/// The shortest decimal that reads back as `x` (finite): `0.1`, `1e-7`, `1.0`, `1.5e300` (ryu, built with its
/// small tables; serde_json writes the same digits, with a `+` in a positive exponent).
pub fn shortest(x: f64) -> String {
    ryu::Buffer::new().format_finite(x).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_writes_what_the_standard_formatter_writes_away_from_halfway() {
        let mut x = 0.000_123_f64;
        let mut checked = 0;
        while x < 1e12 {
            for v in [x, -x, x * 1.37, x / 3.0] {
                for places in 0..4 {
                    let scaled = v.abs() * 10f64.powi(places as i32);
                    if (scaled - scaled.trunc() - 0.5).abs() < 1e-6 {
                        continue;
                    }
                    assert_eq!(fixed(v, places), format!("{v:.*}", places as usize), "{v} to {places}");
                    checked += 1;
                }
            }
            x *= 1.618;
        }
        assert!(checked > 300);
        for (v, places, want) in [
            (0.0, 1, "0.0"),
            (-0.0, 0, "-0"),
            (-0.4, 0, "-0"),
            (2.5, 0, "2"),
            (0.125, 2, "0.12"),
            (9.96, 1, "10.0"),
        ] {
            assert_eq!(fixed(v, places), want, "{v} to {places}");
        }
        assert_eq!(fixed(f64::NAN, 1), format!("{:.1}", f64::NAN));
        assert_eq!(fixed(f64::NEG_INFINITY, 0), format!("{:.0}", f64::NEG_INFINITY));
    }

    #[test]
    fn shortest_reads_back_as_the_same_number() {
        for x in [0.1, 1e-7, 1.0, -2.5e-300, 1.5e300, 123_456.789, f64::MIN_POSITIVE, f64::MAX] {
            let written = shortest(x);
            assert_eq!(written.parse::<f64>().ok(), Some(x), "{written}");
            let theirs = serde_json::to_string(&x).expect("writes");
            assert_eq!(written, theirs.replace("e+", "e"));
        }
    }
}
