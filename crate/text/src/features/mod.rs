//! What the signals need from a post's text, computed once when the post is taken in, so that verdicts do not
//! detect languages and count 3-grams again each time, and so that history can be stored without the text.
//!
//! **Minimal metadata.** Each field is what one signal reads, in the least revealing form that gives it the
//! same answer: the detected language and script (drift, identity), the letters per writing system (timing's
//! language guess for unlabelled posts), character 3-grams hashed into [`VOCAB_BUCKETS`] buckets with their
//! counts (drift's vocabulary: which 3-grams, not in what order, and 512 buckets share each), the domains of
//! links (drift; shown as evidence), 32-bit hashes of the accounts mentioned (drift needs only whether the
//! set changed, not whom an account talks to), and the duplicate fingerprint (sorted shingle hashes or the
//! MinHash signature, [`StoredFingerprint`]). None of these gives the words back.
//!
//! Features carry [`FEATURES_VERSION`]: features of another version are recomputed from the text when it is
//! held, and otherwise set aside (the post then counts for timing but adds nothing about its content).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::lang::{self, Script};
use crate::text;

pub mod fingerprint;

pub use fingerprint::{StoredFingerprint, TextFingerprint};

/// How features are computed; raise it when any of them changes meaning.
pub const FEATURES_VERSION: u32 = 1;
/// Buckets the character 3-grams of drift's vocabulary are hashed into.
pub const VOCAB_BUCKETS: usize = 512;
/// The largest count kept per vocabulary bucket (7 bits): only texts repeating one 3-gram over a hundred
/// times reach it.
const MAX_BUCKET_COUNT: u16 = 127;

/// What the signals read of one post's text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PostFeatures {
    /// [`FEATURES_VERSION`] when computed; 0 for none (a record stored before features existed).
    #[serde(default)]
    pub v: u32,
    /// The language the detector found in the text, when it is sure enough ([`lang::SURE`]) or the text is
    /// Chinese (whose form refines a plain `zh` label).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Whether the detector was below [`lang::SURE`] (the guess is then used only to refine `zh`); only
    /// said when there is a guess.
    #[serde(default, skip_serializing_if = "is_false")]
    pub lang_unsure: bool,
    /// The dominant script of the letters; `None` when there are no letters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<Script>,
    /// Letters by writing system ([`Letters`]).
    #[serde(default, skip_serializing_if = "Letters::is_empty")]
    pub letters: Letters,
    /// Character 3-grams of the words (URLs and mentions left out), by bucket.
    #[serde(default, skip_serializing_if = "Vocabulary::is_empty")]
    pub vocabulary: Vocabulary,
    /// Domains of the links in the text (`t.co` wrappers left out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// 32-bit hashes of the handles mentioned, lower-cased.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<u32>,
    /// The duplicate index's fingerprint; `None` for texts too short to compare.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<StoredFingerprint>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl PostFeatures {
    /// The features of a text, and its fingerprint for the duplicate index (also kept in stored form).
    pub fn of(text_raw: &str) -> (PostFeatures, Option<TextFingerprint>) {
        if text_raw.is_empty() {
            return (PostFeatures { v: FEATURES_VERSION, ..PostFeatures::default() }, None);
        }
        let d = lang::detect(text_raw);
        let sure = d.confidence >= lang::SURE;
        let fingerprint = TextFingerprint::of(text_raw);
        let lang = d.lang.filter(|l| sure || l.starts_with("zh")).map(str::to_string);
        let features = PostFeatures {
            v: FEATURES_VERSION,
            // Without a language, whether the detector was sure changes nothing.
            lang_unsure: !sure && lang.is_some(),
            lang,
            script: (d.script != Script::None).then_some(d.script),
            letters: Letters::of(text_raw),
            vocabulary: Vocabulary::of(text_raw),
            links: link_domains(text_raw),
            mentions: mentions(text_raw).iter().map(|m| (text::hash_str(m, 11) >> 32) as u32).collect(),
            fingerprint: fingerprint.as_ref().map(StoredFingerprint::of),
        };
        (features, fingerprint)
    }

    /// Whether these features were computed the way this version computes them.
    pub fn is_current(&self) -> bool {
        self.v == FEATURES_VERSION
    }

    /// The post's language as drift sees it ([`lang::post_language`]), given the site's label.
    pub fn language(&self, label: Option<&str>) -> Option<String> {
        lang::post_language_detected(label, self.lang.as_deref(), !self.lang_unsure)
    }
}

/// Character 3-gram counts by bucket: each entry is a bucket (low 9 bits) and its count (high 7 bits),
/// sorted by bucket. Stored as base64 in the smaller of two forms: the entries (2 bytes each), or a
/// [`VOCAB_BUCKETS`]-bit map of the buckets present followed by the entries of those counted more than once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vocabulary(pub Vec<u16>);

impl Vocabulary {
    /// The 3-grams of the words of a text (URLs and mentions left out).
    pub fn of(text_raw: &str) -> Vocabulary {
        // The words, lower-cased and stripped to letters and digits, between single spaces: " w1 w2 ".
        let mut chars: Vec<char> = Vec::with_capacity(text_raw.len() + 2);
        chars.push(' ');
        for w in text_raw.split_whitespace().filter(|w| !w.starts_with('@') && !w.contains("://")) {
            let start = chars.len();
            chars.extend(w.chars().filter(|c| c.is_alphanumeric()).flat_map(text::lower_chars));
            if chars.len() > start {
                chars.push(' ');
            }
        }
        if chars.len() < 5 {
            return Vocabulary::default();
        }
        let mut counts = [0u16; VOCAB_BUCKETS];
        let mut gram = [0u8; 12];
        for g in chars.windows(3) {
            let mut len = 0;
            for c in g {
                len += c.encode_utf8(&mut gram[len..]).len();
            }
            let s = std::str::from_utf8(&gram[..len]).unwrap_or_default();
            let c = &mut counts[(text::hash_str(s, 7) % VOCAB_BUCKETS as u64) as usize];
            *c = (*c + 1).min(MAX_BUCKET_COUNT);
        }
        Vocabulary(
            counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(b, c)| b as u16 | (c << 9)).collect(),
        )
    }

    /// Whether no 3-gram was counted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// (bucket, share of the post's 3-grams) pairs, the shares summing to 1.
    pub fn weights(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        let total: u32 = self.0.iter().map(|e| u32::from(e >> 9)).sum();
        let total = f64::from(total.max(1));
        self.0.iter().map(move |e| (usize::from(e & 0x1ff), f64::from(e >> 9) / total))
    }

    fn encode(&self) -> String {
        let sparse = self.0.len() * 2;
        let repeated: Vec<u16> = self.0.iter().copied().filter(|e| e >> 9 > 1).collect();
        let dense = VOCAB_BUCKETS / 8 + repeated.len() * 2;
        let mut bytes = Vec::with_capacity(1 + sparse.min(dense));
        if sparse <= dense {
            bytes.push(0);
            for e in &self.0 {
                bytes.extend_from_slice(&e.to_le_bytes());
            }
        } else {
            bytes.push(1);
            let mut map = [0u8; VOCAB_BUCKETS / 8];
            for e in &self.0 {
                let b = usize::from(e & 0x1ff);
                map[b / 8] |= 1 << (b % 8);
            }
            bytes.extend_from_slice(&map);
            for e in repeated {
                bytes.extend_from_slice(&e.to_le_bytes());
            }
        }
        fingerprint::base64_encode(&bytes)
    }

    fn decode(s: &str) -> Option<Vocabulary> {
        let bytes = fingerprint::base64_decode(s)?;
        let (&form, rest) = bytes.split_first()?;
        let words = |b: &[u8]| -> Option<Vec<u16>> {
            (b.len() % 2 == 0).then(|| b.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect())
        };
        let mut counts: BTreeMap<u16, u16> = BTreeMap::new();
        match form {
            0 => {
                for e in words(rest)? {
                    counts.insert(e & 0x1ff, e >> 9);
                }
            }
            1 if rest.len() >= VOCAB_BUCKETS / 8 => {
                let (map, repeated) = rest.split_at(VOCAB_BUCKETS / 8);
                for (i, byte) in map.iter().enumerate() {
                    for bit in 0..8 {
                        if byte & (1 << bit) != 0 {
                            counts.insert((i * 8 + bit) as u16, 1);
                        }
                    }
                }
                for e in words(repeated)? {
                    counts.insert(e & 0x1ff, e >> 9);
                }
            }
            _ => return None,
        }
        Some(Vocabulary(counts.into_iter().filter(|(_, c)| *c > 0).map(|(b, c)| b | (c << 9)).collect()))
    }
}

impl Serialize for Vocabulary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> Deserialize<'de> for Vocabulary {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        // A damaged vocabulary is read as none rather than refusing the whole history.
        Ok(Vocabulary::decode(&s).unwrap_or_default())
    }
}

/// Domains of links in a text.
pub fn link_domains(text_raw: &str) -> Vec<String> {
    text_raw
        .split_whitespace()
        .filter_map(|w| {
            let rest = w.strip_prefix("https://").or_else(|| w.strip_prefix("http://"))?;
            let host = text::lowercase(rest.split(['/', '?', '#']).next()?);
            let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
            // X wraps every link in t.co: the wrapper says nothing about where it leads.
            (!host.is_empty() && host != "t.co").then_some(host)
        })
        .collect()
}

/// Handles mentioned in a text, lower-cased.
pub fn mentions(text_raw: &str) -> Vec<String> {
    text_raw
        .split_whitespace()
        .filter_map(|w| {
            let h: String = w
                .strip_prefix('@')?
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .flat_map(text::lower_chars)
                .collect();
            (!h.is_empty()).then_some(h)
        })
        .collect()
}

/// The letters of a text counted by the writing systems `signals::timing::persona::language_from_script` weighs: kana, Han, Hangul,
/// Thai, and all letters (of the first 2,000 characters). Counted once per post when it is taken in, so that
/// the text need not be kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letters(pub [u32; 5]);

impl Letters {
    /// The counts of one text.
    pub fn of(text: &str) -> Letters {
        let mut n = [0u32; 5];
        for c in text.chars().take(2_000) {
            if !c.is_alphabetic() {
                continue;
            }
            n[4] += 1;
            match c as u32 {
                0x3040..=0x30FF => n[0] += 1,
                0x4E00..=0x9FFF | 0x3400..=0x4DBF => n[1] += 1,
                0xAC00..=0xD7AF | 0x1100..=0x11FF => n[2] += 1,
                0x0E00..=0x0E7F => n[3] += 1,
                _ => {}
            }
        }
        Letters(n)
    }

    /// Adds another text's counts.
    pub fn add(&mut self, other: &Letters) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a = a.saturating_add(b);
        }
    }

    /// Whether no letter was counted.
    pub fn is_empty(&self) -> bool {
        self.0[4] == 0
    }

    /// The language the counts point at, as in `signals::timing::persona::language_from_script`.
    pub fn language(&self) -> Option<&'static str> {
        let [kana, han, hangul, thai, letters] = self.0;
        if letters == 0 {
            return None;
        }
        let share = |n: u32| f64::from(n) / f64::from(letters);
        if share(kana) > 0.1 {
            Some("ja")
        } else if share(hangul) > 0.3 {
            Some("ko")
        } else if share(han) > 0.3 {
            Some("zh")
        } else if share(thai) > 0.3 {
            Some("th")
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_mentions_are_read_from_text() {
        assert_eq!(link_domains("see https://www.Example.com/a and https://t.co/x"), vec!["example.com"]);
        assert_eq!(mentions("hi @Bob, and @carol_1! @"), vec!["bob", "carol_1"]);
        assert!(Vocabulary::of("").is_empty());
    }

    #[test]
    fn features_round_trip_through_json_in_both_vocabulary_forms() {
        for text in [
            "hi there",
            "Western media keeps spreading lies about Xinjiang. The truth is people there live happy lives. \
             Anyone who has actually visited knows the region is peaceful, modern and prosperous, see \
             https://example.org/x and ask @someone about it.",
        ] {
            let (f, _) = PostFeatures::of(text);
            let json = serde_json::to_string(&f).unwrap();
            assert!(!json.contains("Xinjiang") && !json.contains("someone"), "{json}");
            let back: PostFeatures = serde_json::from_str(&json).unwrap();
            assert_eq!(back, f, "{json}");
        }
    }

    /// Drift's vocabulary as it was computed from the text at every verdict, before features.
    fn vocabulary_from_text(text: &str) -> Vec<(usize, f64)> {
        let words: Vec<String> = text
            .split_whitespace()
            .filter(|w| !w.starts_with('@') && !w.contains("://"))
            .map(|w| {
                w.chars().filter(|c| c.is_alphanumeric()).flat_map(text::lower_chars).collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .collect();
        let chars: Vec<char> = format!(" {} ", words.join(" ")).chars().collect();
        if chars.len() < 5 {
            return Vec::new();
        }
        let w = 1.0 / (chars.len() - 2) as f64;
        let mut buckets: BTreeMap<usize, f64> = BTreeMap::new();
        for g in chars.windows(3) {
            let s: String = g.iter().collect();
            *buckets.entry((text::hash_str(&s, 7) % VOCAB_BUCKETS as u64) as usize).or_insert(0.0) += w;
        }
        buckets.into_iter().collect()
    }

    #[test]
    fn the_vocabulary_is_the_one_drift_computed_from_text() {
        for text in [
            "",
            "ab",
            "abc",
            "@bob https://x.org",
            "The cat sat on the mat with the hat, said Ünsal — 你好世界 ¡Hola! 123",
            "這個問題我們說過 and again 這個問題我們說過",
        ] {
            let got: Vec<(usize, f64)> = Vocabulary::of(text).weights().collect();
            let want = vocabulary_from_text(text);
            assert_eq!(got.len(), want.len(), "{text}");
            for ((gb, gw), (wb, ww)) in got.iter().zip(&want) {
                assert!(gb == wb && (gw - ww).abs() < 1e-12, "{text}: {got:?} {want:?}");
            }
        }
    }

    #[test]
    fn vocabulary_shares_sum_to_one() {
        let v = Vocabulary::of("the cat sat on the mat with the hat");
        let total: f64 = v.weights().map(|(_, w)| w).sum();
        assert!((total - 1.0).abs() < 1e-9);
    }

    #[test]
    fn the_language_from_features_is_the_language_from_text() {
        for (label, text) in [
            (None, "the cat is on the mat and it is happy"),
            (Some("zh"), "這個問題我們說過"),
            (Some("en"), "whatever"),
            (None, "ok"),
            (Some("und"), "Der Hund ist sehr glücklich und spielt im Garten"),
        ] {
            let (f, _) = PostFeatures::of(text);
            assert_eq!(f.language(label), lang::post_language(label, text), "{text}");
        }
    }
}
