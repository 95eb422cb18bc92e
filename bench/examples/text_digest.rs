//! Prints what normalisation, shingling and the duplicate fingerprint make of every text of the three
//! datasets plus generated random texts, one line per text, for comparing two versions of the code:
//! `cargo run -p trichome-bench --profile cli --example text_digest > a.txt`, change, again into `b.txt`, then `cmp a.txt b.txt`.

use trichome_bench::datasets;

use std::io::Write;

use trichome::features::fingerprint::TextFingerprint;
use trichome::text;

/// A small deterministic generator (SplitMix64), so that both runs see the same random texts.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A random text mixing ASCII words, punctuation, links, mentions and characters from all over Unicode.
fn random_text(state: &mut u64) -> String {
    const PIECES: [&str; 16] = [
        "http://",
        "https://www.",
        "www.",
        "@",
        "#",
        "RT @",
        "[",
        "]",
        "'",
        "’",
        " ",
        "  ",
        ".",
        "&amp;",
        "“@",
        ":",
    ];
    let len = (next(state) % 40) as usize;
    let mut out = String::new();
    for _ in 0..len {
        match next(state) % 6 {
            0 => out.push_str(PIECES[(next(state) % 16) as usize]),
            1 | 2 => {
                for _ in 0..(next(state) % 8) {
                    out.push(char::from(b'a' + (next(state) % 26) as u8));
                }
            }
            3 => out.push(char::from_u32((next(state) % 0x800) as u32).unwrap_or('?')),
            4 => out.push(char::from_u32((next(state) % 0x3_0000) as u32).unwrap_or('\u{FFFD}')),
            _ => out.push(char::from_u32(0x0400 + (next(state) % 0x60) as u32).unwrap_or('?')),
        }
    }
    out
}

fn main() {
    let mut texts: Vec<String> = Vec::new();
    if let Some(data) = datasets::data_dir() {
        texts.extend(datasets::ira_posts(&data).into_iter().map(|p| p.text));
        texts.extend(datasets::weibo_posts(&data).into_iter().map(|p| p.text));
        texts.extend(datasets::airline_posts(&data).into_iter().map(|p| p.text));
    } else {
        eprintln!("../shared/data not found: random texts only");
    }
    let mut state = 7u64;
    texts.extend((0..200_000).map(|_| random_text(&mut state)));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for t in &texts {
        let normalised = text::normalise(t);
        let shingles = text::shingles(&normalised);
        let fp = TextFingerprint::of(t);
        let _ = writeln!(
            out,
            "{normalised:?}\t{}\t{:?}\t{}\t{}",
            shingles.iter().fold(0u64, |h, s| h.rotate_left(5) ^ s),
            fp.as_ref().map(|f| f.signature().0.iter().fold(0u64, |h, &w| h.rotate_left(3) ^ u64::from(w))),
            fp.as_ref().is_some_and(|f| f.phatic),
            fp.as_ref().is_some_and(|f| f.repost),
        );
    }
}
