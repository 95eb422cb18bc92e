//! Unicode NFKC for the text normaliser, the same answers natively and in the wasm module.
//!
//! The properties NFKC's quick check reads (canonical combining class, the NFKC quick-check value) and
//! whether a character is a combining mark come from a range table that build.rs generates from
//! unicode-normalization, so both builds read the same table. Only the full normalisation, asked for text
//! the quick check does not pass (a minority even in CJK or Arabic text), differs: natively it is
//! unicode-normalization's; in the wasm module it is the browser's `String.prototype.normalize("NFKC")`
//! (installed by the wasm adapter, the one place that speaks to JavaScript), which keeps unicode-normalization's
//! decomposition and composition tables, over 100 KiB, out of the module. NFKC is stable for assigned
//! characters, so the two can differ only on characters assigned in a Unicode version one of them does not
//! know yet; `crate/tests/fixtures/text/nfkc.jsonl` holds texts whose normalised forms both builds are checked
//! against (`tests/normalise.rs` natively, `tests/wasm.rs` in the module).

use std::borrow::Cow;
use std::sync::OnceLock;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/nfkc_properties.rs"));
}
use generated::PROPERTIES;

/// The NFKC quick check's answers.
const QUICK_YES: u8 = 0;
const QUICK_MASK: u8 = 0b11;
const COMBINING_MARK: u8 = 0b100;

/// `(canonical combining class, flags)` of a character: `(0, 0)` for all but the few in [`PROPERTIES`].
fn properties(c: char) -> (u8, u8) {
    let cp = u32::from(c);
    match PROPERTIES.binary_search_by(|&(first, span, _, _)| {
        if first + u32::from(span) < cp {
            std::cmp::Ordering::Less
        } else if first > cp {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }) {
        Ok(i) => (PROPERTIES[i].2, PROPERTIES[i].3),
        Err(_) => (0, 0),
    }
}

/// Whether a character is a combining mark (general category M).
pub(crate) fn is_combining_mark(c: char) -> bool {
    // Nothing below U+0300 is one: the common case without a search.
    u32::from(c) >= 0x300 && properties(c).1 & COMBINING_MARK != 0
}

/// The text in NFKC: borrowed when it already is (the quick check says so), else normalised.
pub fn nfkc(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || s.chars().all(inert) || quick_check_passes(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(normalised(s))
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn normalised(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().collect()
}

/// The full NFKC the platform lends the wasm module: the browser's, installed by the wasm adapter
/// ([`use_platform_nfkc`]) before any text reaches the core.
#[cfg(target_arch = "wasm32")]
static PLATFORM_NFKC: OnceLock<fn(&str) -> String> = OnceLock::new();

/// Installs the platform's full NFKC for the wasm module (the adapter does, at start and in each engine's
/// constructor); later calls change nothing.
#[cfg(target_arch = "wasm32")]
pub fn use_platform_nfkc(normalise: fn(&str) -> String) {
    let _ = PLATFORM_NFKC.set(normalise);
}

/// Without an installed NFKC (never the case behind the adapter) the text is left as it is, as odd input is
/// data, not a crash.
#[cfg(target_arch = "wasm32")]
fn normalised(s: &str) -> String {
    PLATFORM_NFKC.get().map_or_else(|| s.to_owned(), |normalise| normalise(s))
}

/// Unicode's NFKC quick check (UAX #15) answering Yes: every character's quick-check value is Yes and
/// combining classes do not fall between non-starters. No and Maybe both send the text to [`normalised`].
fn quick_check_passes(s: &str) -> bool {
    let mut last_class = 0u8;
    for c in s.chars() {
        if c.is_ascii() {
            last_class = 0;
            continue;
        }
        let (class, flags) = properties(c);
        if last_class > class && class != 0 || flags & QUICK_MASK != QUICK_YES {
            return false;
        }
        last_class = class;
    }
    true
}

/// Whether NFKC leaves a character as it is whatever stands beside it: quick-check Yes and combining class
/// 0 (such a character neither composes with what precedes it nor needs reordering), for the scripts below
/// U+0800 (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic), read from a bit table built once. A text made
/// only of these is in NFKC without the quick check's search per character, which the normaliser makes
/// three times per text. Anything else answers false, and the caller asks the full quick check.
fn inert(c: char) -> bool {
    const LIMIT: u32 = 0x800;
    static TABLE: OnceLock<[u64; LIMIT as usize / 64]> = OnceLock::new();
    let cp = u32::from(c);
    if cp >= LIMIT {
        return false;
    }
    let table = TABLE.get_or_init(|| {
        let mut bits = [0u64; LIMIT as usize / 64];
        for c in (0..LIMIT).filter_map(char::from_u32) {
            let (class, flags) = properties(c);
            if class == 0 && flags & QUICK_MASK == QUICK_YES {
                bits[u32::from(c) as usize / 64] |= 1 << (u32::from(c) % 64);
            }
        }
        bits
    });
    table[cp as usize / 64] & (1 << (cp % 64)) != 0
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use unicode_normalization::char::{canonical_combining_class, is_combining_mark as crate_is_mark};
    use unicode_normalization::{is_nfkc_quick, IsNormalized};

    /// The generated table against unicode-normalization itself, character by character.
    #[test]
    fn the_generated_table_says_what_unicode_normalization_says_of_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let (class, flags) = properties(c);
            assert_eq!(class, canonical_combining_class(c), "class of U+{:04X}", u32::from(c));
            assert_eq!(is_combining_mark(c), crate_is_mark(c), "mark U+{:04X}", u32::from(c));
            let quick = match is_nfkc_quick(std::iter::once(c)) {
                IsNormalized::Yes => QUICK_YES,
                IsNormalized::No => 1,
                IsNormalized::Maybe => 2,
            };
            assert_eq!(flags & QUICK_MASK, quick, "quick check of U+{:04X}", u32::from(c));
        }
    }

    /// The quick check over the table against unicode-normalization's on texts that reorder, compose and
    /// decompose.
    #[test]
    fn the_quick_check_agrees_with_unicode_normalization() {
        let texts = [
            "plain",
            "café",
            "cafe\u{301}",
            "a\u{323}\u{302}",
            "a\u{302}\u{323}",
            "ﬁne",
            "ＡＢＣ１２３",
            "ｶﾞｷﾞ",
            "がぎ",
            "か\u{3099}",
            "한국어",
            "\u{1100}\u{1161}\u{11A8}",
            "مَرْحَبًا",
            "नमस्ते",
            "สวัสดีครับ",
            "㍻ ① ²",
            "👍🏽 👨‍👩‍👧",
        ];
        for text in texts {
            assert_eq!(
                quick_check_passes(text),
                is_nfkc_quick(text.chars()) == IsNormalized::Yes,
                "{text:?}"
            );
        }
    }
}
