//! Parsing the JSON a page receives (X's GraphQL responses, YouTube's `youtubei` and `ytInitialData`) into a
//! `serde_json::Value` for the site readers. Here, in the lowest layer, rather than beside the readers: it is
//! the per-byte loop of every capture, and this crate is the one the wasm module builds for speed.

/// Parses a response body as JSON the way the page does. JavaScript strings may hold lone UTF-16 surrogates,
/// which `JSON.stringify` writes as `\udXXX` escapes and serde_json refuses; such an escape becomes U+FFFD
/// instead of costing the whole response.
pub fn parse_json(body: &str) -> Result<serde_json::Value, serde_json::Error> {
    match serde_json::from_str(body) {
        Err(e) if body.contains("\\u") && e.is_syntax() => {
            serde_json::from_str(&replace_lone_surrogates(body))
        }
        other => other,
    }
}

/// Rewrites `\uD800`–`\uDFFF` escapes that do not form a high-low pair as `\uFFFD`.
fn replace_lone_surrogates(body: &str) -> String {
    let bytes = body.as_bytes();
    let hex_at = |i: usize| -> Option<u16> {
        let h = body.get(i..i + 4)?;
        u16::from_str_radix(h, 16).ok()
    };
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    let mut last = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' {
            if bytes[i + 1] == b'u' {
                if let Some(unit) = hex_at(i + 2) {
                    let high = (0xD800..0xDC00).contains(&unit);
                    let low = (0xDC00..0xE000).contains(&unit);
                    let paired_high = high
                        && body.get(i + 6..i + 8) == Some("\\u")
                        && hex_at(i + 8).is_some_and(|n| (0xDC00..0xE000).contains(&n));
                    if paired_high {
                        i += 12;
                        continue;
                    }
                    if high || low {
                        out.push_str(&body[last..i]);
                        out.push_str("\\ufffd");
                        i += 6;
                        last = i;
                        continue;
                    }
                }
            }
            i += 2; // skip the escaped character, so an escaped backslash is not read as a new escape
            continue;
        }
        i += 1;
    }
    out.push_str(&body[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogates_from_javascript_do_not_cost_the_response() {
        let body = r#"{"a":"x\ud800y","b":"\ud83d\ude00","c":"\\ud800","d":"\udc00"}"#;
        let value = parse_json(body).expect("parses");
        assert_eq!(value["a"], "x\u{fffd}y");
        assert_eq!(value["b"], "😀");
        assert_eq!(value["c"], "\\ud800", "an escaped backslash is text, not an escape");
        assert_eq!(value["d"], "\u{fffd}");
        assert!(parse_json("{not json").is_err());
    }
}
