//! Lower case by a table of runs, for every character as the standard library's `char::to_lowercase` gives
//! it, without its 1,462-entry table (11 KiB of the extension's module; docs/benchmarks.md, issue #18).
//!
//! A test holds [`lower_chars`] to `char::to_lowercase` on every code point, and prints the table anew when
//! the standard library's Unicode version moves.

/// Runs of upper-case letters whose lower case is a fixed distance away: `start << 8 | count << 1 | step - 1`
/// (every letter, or every second one, from `start`), and the distance. Sorted by start; letters between
/// the members of a run of step 2 are already lower case.
#[rustfmt::skip]
const RUNS: &[(u32, i32)] = &[
    (0xC02E, 32), (0xD80E, 32), (0x10031, 1), (0x13207, 1), (0x13911, 1), (0x14A2F, 1), (0x17802, -121), (0x17907, 1),
    (0x18102, 210), (0x18205, 1), (0x18602, 206), (0x18702, 1), (0x18904, 205), (0x18B02, 1), (0x18E02, 79),
    (0x18F02, 202), (0x19002, 203), (0x19102, 1), (0x19302, 205), (0x19402, 207), (0x19602, 211), (0x19702, 209),
    (0x19802, 1), (0x19C02, 211), (0x19D02, 213), (0x19F02, 214), (0x1A007, 1), (0x1A602, 218), (0x1A702, 1),
    (0x1A902, 218), (0x1AC02, 1), (0x1AE02, 218), (0x1AF02, 1), (0x1B104, 217), (0x1B305, 1), (0x1B702, 219),
    (0x1B802, 1), (0x1BC02, 1), (0x1C402, 2), (0x1C502, 1), (0x1C702, 2), (0x1C802, 1), (0x1CA02, 2), (0x1CB13, 1),
    (0x1DE13, 1), (0x1F102, 2), (0x1F205, 1), (0x1F602, -97), (0x1F702, -56), (0x1F829, 1), (0x22002, -130),
    (0x22213, 1), (0x23A02, 10795), (0x23B02, 1), (0x23D02, -163), (0x23E02, 10792), (0x24102, 1), (0x24302, -195),
    (0x24402, 69), (0x24502, 71), (0x2460B, 1), (0x37005, 1), (0x37602, 1), (0x37F02, 116), (0x38602, 38),
    (0x38806, 37), (0x38C02, 64), (0x38E04, 63), (0x39122, 32), (0x3A312, 32), (0x3CF02, 8), (0x3D819, 1),
    (0x3F402, -60), (0x3F702, 1), (0x3F902, -7), (0x3FA02, 1), (0x3FD06, -130), (0x40020, 80), (0x41040, 32),
    (0x46023, 1), (0x48A37, 1), (0x4C002, 15), (0x4C10F, 1), (0x4D061, 1), (0x5314C, 48), (0x10A04C, 7264),
    (0x10C702, 7264), (0x10CD02, 7264), (0x13A0A0, 38864), (0x13F00C, 8), (0x1C8902, 1), (0x1C9056, -3008),
    (0x1CBD06, -3008), (0x1E0097, 1), (0x1E9E02, -7615), (0x1EA061, 1), (0x1F0810, -8), (0x1F180C, -8),
    (0x1F2810, -8), (0x1F3810, -8), (0x1F480C, -8), (0x1F5909, -8), (0x1F6810, -8), (0x1F8810, -8), (0x1F9810, -8),
    (0x1FA810, -8), (0x1FB804, -8), (0x1FBA04, -74), (0x1FBC02, -9), (0x1FC808, -86), (0x1FCC02, -9), (0x1FD804, -8),
    (0x1FDA04, -100), (0x1FE804, -8), (0x1FEA04, -112), (0x1FEC02, -7), (0x1FF804, -128), (0x1FFA04, -126),
    (0x1FFC02, -9), (0x212602, -7517), (0x212A02, -8383), (0x212B02, -8262), (0x213202, 28), (0x216020, 16),
    (0x218302, 1), (0x24B634, 26), (0x2C0060, 48), (0x2C6002, 1), (0x2C6202, -10743), (0x2C6302, -3814),
    (0x2C6402, -10727), (0x2C6707, 1), (0x2C6D02, -10780), (0x2C6E02, -10749), (0x2C6F02, -10783), (0x2C7002, -10782),
    (0x2C7202, 1), (0x2C7502, 1), (0x2C7E04, -10815), (0x2C8065, 1), (0x2CEB05, 1), (0x2CF202, 1), (0xA6402F, 1),
    (0xA6801D, 1), (0xA7220F, 1), (0xA7323F, 1), (0xA77905, 1), (0xA77D02, -35332), (0xA77E0B, 1), (0xA78B02, 1),
    (0xA78D02, -42280), (0xA79005, 1), (0xA79615, 1), (0xA7AA02, -42308), (0xA7AB02, -42319), (0xA7AC02, -42315),
    (0xA7AD02, -42305), (0xA7AE02, -42308), (0xA7B002, -42258), (0xA7B102, -42282), (0xA7B202, -42261),
    (0xA7B302, 928), (0xA7B411, 1), (0xA7C402, -48), (0xA7C502, -42307), (0xA7C602, -35384), (0xA7C705, 1),
    (0xA7CB02, -42343), (0xA7CC11, 1), (0xA7DC02, -42561), (0xA7F502, 1), (0xFF2134, 32), (0x1040050, 40),
    (0x104B048, 40), (0x1057016, 39), (0x1057C1E, 39), (0x1058C0E, 39), (0x1059404, 39), (0x10C8066, 64),
    (0x10D502C, 32), (0x118A040, 32), (0x16E4040, 32), (0x16EA032, 27), (0x1E90044, 34),
];

/// The one letter whose lower case is two characters: `İ` (U+0130) is `i` and a combining dot above.
const DOTTED_CAPITAL_I: char = '\u{130}';

/// `c` in lower case, its first character where it has two (`İ` → `i`).
pub fn lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let cp = u32::from(c);
    let after = RUNS.partition_point(|&(run, _)| run >> 8 <= cp);
    let Some(&(run, distance)) = after.checked_sub(1).and_then(|i| RUNS.get(i)) else { return c };
    let (start, count, step) = (run >> 8, (run >> 1) & 0x7f, (run & 1) + 1);
    let offset = cp - start;
    if offset < count * step && offset % step == 0 {
        char::from_u32(cp.wrapping_add_signed(distance)).unwrap_or(c)
    } else if c == DOTTED_CAPITAL_I {
        'i'
    } else {
        c
    }
}

/// `c` in lower case, as `char::to_lowercase` gives it: one character, or two for `İ`.
pub fn lower_chars(c: char) -> impl Iterator<Item = char> + Clone {
    std::iter::once(lower(c)).chain((c == DOTTED_CAPITAL_I).then_some('\u{307}'))
}

/// `s` in lower case, as `str::to_lowercase` gives it, with one simplification: a capital sigma is final
/// (`ς`) when a letter of a cased script comes before it and none after, skipping marks and apostrophes,
/// where the standard library asks Unicode's `Cased` and `Case_Ignorable` properties; the two differ only
/// for a sigma beside a letter of a cased script outside Latin, Greek, Cyrillic and Armenian (Georgian,
/// Cherokee …) or beside punctuation Unicode counts as case-ignorable.
pub fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c == 'Σ' {
            let word_final = cased_after_ignorable(s[..i].chars().rev())
                && !cased_after_ignorable(s[i + 'Σ'.len_utf8()..].chars());
            out.push(if word_final { 'ς' } else { 'σ' });
        } else {
            out.extend(lower_chars(c));
        }
    }
    out
}

/// Whether the first character that is not a mark or an apostrophe is a letter of a cased script.
fn cased_after_ignorable(mut chars: impl Iterator<Item = char>) -> bool {
    chars.find(|&c| !case_ignorable(c)).is_some_and(cased)
}

fn case_ignorable(c: char) -> bool {
    matches!(c, '\'' | '.' | ':' | '^' | '`' | '\u{B7}' | '\u{AD}' | '\u{2019}' | '\u{200B}'..='\u{200D}')
        || super::nfkc::is_combining_mark(c)
}

/// Letters of Latin, Greek, Cyrillic and Armenian (with their extended blocks), and any capital.
fn cased(c: char) -> bool {
    c.is_alphabetic() && (c < '\u{590}' || ('\u{1D00}'..='\u{1FFF}').contains(&c) || lower(c) != c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table made from the standard library, in the source form above.
    fn runs_from_std() -> Vec<(u32, i32)> {
        let mut runs: Vec<(u32, u32, u32, i32)> = Vec::new();
        for c in ('\u{80}'..=char::MAX).filter(|&c| c.to_lowercase().len() == 1) {
            let (cp, to) = (u32::from(c), u32::from(c.to_lowercase().next().unwrap()));
            if to == cp {
                continue;
            }
            let distance = to as i32 - cp as i32;
            if let Some((start, count, step, d)) = runs.last_mut() {
                if *d == distance && cp == *start + *count * *step && (*count > 1 || *step == 1) {
                    *count += 1;
                    continue;
                }
                if *d == distance && *count == 1 && (cp == *start + 1 || cp == *start + 2) {
                    (*step, *count) = (cp - *start, 2);
                    continue;
                }
            }
            runs.push((cp, 1, 1, distance));
        }
        runs.into_iter().map(|(start, count, step, d)| (start << 8 | count << 1 | (step - 1), d)).collect()
    }

    #[test]
    fn the_table_is_the_standard_librarys() {
        let want = runs_from_std();
        let source: Vec<String> = want.iter().map(|(run, d)| format!("(0x{run:X}, {d}),")).collect();
        assert!(want.iter().all(|&(run, _)| (run >> 1) & 0x7f < 0x7f), "a run too long for its 7 bits");
        assert_eq!(
            RUNS,
            want.as_slice(),
            "RUNS should be, with this standard library:\n{}",
            source.join(" ")
        );
    }

    #[test]
    fn every_character_lowers_as_the_standard_library_does() {
        for c in '\0'..=char::MAX {
            assert!(lower_chars(c).eq(c.to_lowercase()), "{:04X}", u32::from(c));
        }
    }

    #[test]
    fn strings_lower_as_the_standard_library_does() {
        for s in [
            "",
            "Hello WORLD",
            "ΟΔΥΣΣΕΥΣ",
            "ΣΑΣ ΣΑΣ.",
            "Σ",
            "ΑΣ'",
            "ΑΣ1",
            "ΑΣ Β",
            "İSTANBUL",
            "ÀÉÎÕÜ Ÿ",
            "ПРИВЕТ МИР",
            "ԱՐԱՄ",
            "中文ΣABC",
            "ẞ Ω K Å",
            "𐐀𐐁 𞤀",
        ] {
            assert_eq!(lowercase(s), s.to_lowercase(), "{s}");
        }
    }
}
