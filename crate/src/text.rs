//! Text normalisation and shingling: what makes copies of a text meet and different texts stay apart.

use unicode_normalization::UnicodeNormalization;

/// Normalises a post's text for comparison: Unicode NFKC (which also folds full-width forms), lower case,
/// URLs reduced to their domain, leading reply mentions dropped, other mentions and hashtags kept as words,
/// emoji and punctuation runs dropped, white space folded.
///
/// Idempotent: `normalise(&normalise(t)) == normalise(t)`.
pub fn normalise(text: &str) -> String {
    let folded: String = text.nfkc().flat_map(char::to_lowercase).collect();
    let mut words: Vec<String> = Vec::new();
    let mut leading = true;
    for raw in folded.split_whitespace() {
        if leading && raw.starts_with('@') {
            // A reply's leading mentions are the site's addressing, not content.
            continue;
        }
        leading = false;
        if let Some(domain) = url_domain(raw) {
            words.push(domain.to_string());
            continue;
        }
        // Hyphens, slashes and other joiners separate words: "one-sided" and "one sided" are the same text.
        for word in keep_word_chars(raw).split(' ') {
            let word = word.trim_start_matches(['@', '#']);
            if !word.is_empty() {
                words.push(word.to_string());
            }
        }
    }
    words.join(" ")
}

/// Keeps letters, digits, `@`, `#`, and dots between two alphanumerics ("3.5", "e.g"), so that a second
/// pass keeps exactly what the first kept; other ASCII punctuation except apostrophes separates words
/// ("one-sided" → "one sided", "don't" → "dont").
fn keep_word_chars(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::with_capacity(raw.len());
    for (i, &c) in chars.iter().enumerate() {
        let inner_dot = c == '.'
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric() || c == '@' || c == '#' || inner_dot {
            out.push(c);
        } else if !out.ends_with(' ') && c.is_ascii_punctuation() && !matches!(c, '\'' | '.') {
            out.push(' ');
        }
    }
    out
}

fn url_domain(word: &str) -> Option<&str> {
    let rest = word.strip_prefix("https://").or_else(|| word.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    Some(host.strip_prefix("www.").unwrap_or(host)).filter(|h| !h.is_empty())
}

/// Whether a character belongs to a script written without spaces between words.
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF     // Hiragana, Katakana
        | 0x3400..=0x4DBF   // CJK extension A
        | 0x4E00..=0x9FFF   // CJK unified ideographs
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0x0E00..=0x0E7F   // Thai
        | 0x20000..=0x2FFFF // CJK extensions B and later
    )
}

/// The shingles of a normalised text, hashed to u64: word 3-grams for spaced scripts (single words when
/// the text is shorter), character 2-grams within runs of unspaced scripts. Mixed text yields both.
pub fn shingles(normalised: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut spaced: Vec<&str> = Vec::new();
    let mut unspaced_run: Vec<char> = Vec::new();
    let flush_run = |run: &mut Vec<char>, out: &mut Vec<u64>| {
        if run.len() == 1 {
            out.push(hash_str(&run[0].to_string(), 2));
        }
        for pair in run.windows(2) {
            let s: String = pair.iter().collect();
            out.push(hash_str(&s, 2));
        }
        run.clear();
    };
    for word in normalised.split(' ') {
        if word.chars().any(is_unspaced_script) {
            // Split the word into unspaced runs (character grams) and spaced pieces (words).
            let mut piece = String::new();
            for c in word.chars() {
                if is_unspaced_script(c) {
                    if !piece.is_empty() {
                        out.push(hash_str(&piece, 1));
                        piece.clear();
                    }
                    unspaced_run.push(c);
                } else {
                    flush_run(&mut unspaced_run, &mut out);
                    piece.push(c);
                }
            }
            flush_run(&mut unspaced_run, &mut out);
            if !piece.is_empty() {
                out.push(hash_str(&piece, 1));
            }
        } else if !word.is_empty() {
            spaced.push(word);
        }
    }
    if spaced.len() < 3 {
        out.extend(spaced.iter().map(|w| hash_str(w, 1)));
    } else {
        for gram in spaced.windows(3) {
            out.push(hash_str(&gram.join(" "), 3));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// FNV-1a over the bytes, seeded by the gram kind so that a word and a character pair never collide by design.
pub fn hash_str(s: &str, kind: u8) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(kind);
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // A final avalanche so that near keys spread over the whole range.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_folds_case_width_urls_and_leading_mentions() {
        assert_eq!(
            normalise("@bob @carol ＨＥＬＬＯ   World!! https://www.example.com/a?b #Tag @dave 😀"),
            "hello world example.com tag dave"
        );
    }

    #[test]
    fn normalise_is_idempotent() {
        for t in ["@a Hi THERE http://x.y/z", "西方媒体 一直在 撒谎！", "", "  ", "＠ｘ ｙ"] {
            let once = normalise(t);
            assert_eq!(normalise(&once), once, "{t:?}");
        }
    }

    #[test]
    fn chinese_text_gets_character_shingles() {
        let s = shingles(&normalise("新疆人民生活幸福"));
        assert_eq!(s.len(), 7);
    }
}
