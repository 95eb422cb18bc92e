//! A post's duplicate fingerprint: its normalised text shingled, hashed to 32 bits and MinHashed, kept as
//! the exact shingle list (short texts) or the whole signature (long ones), plus the band slots the
//! duplicate index cuts its LSH bands from; and the stored form of it that history keeps instead of the text.
//! Computed once when a post is taken in ([`super::PostFeatures::of`]); compared by the duplicate signal
//! (`signals::duplicate`, `docs/duplicates.md`).

use crate::text::avalanche;
use minhash_rs::prelude::*;
use serde::{Deserialize, Serialize};

use super::is_false;
use crate::text;

/// MinHash permutations per signature.
pub const PERMUTATIONS: usize = 128;
/// LSH bands, read from the first `BANDS × ROWS` = 48 slots of the signature (all [`PERMUTATIONS`] slots
/// still decide a confirmation). With [`ROWS`] = 3 rows each, a pair at Jaccard similarity J becomes a
/// candidate with probability 1 − (1 − J³)¹⁶: 0.980 at the [`SIMILARITY`] threshold of 0.6, 0.9988 at 0.7
/// and 0.99999 at 0.8, but 0.12 at 0.2, so that unrelated posts are rarely even compared. Half the bands of
/// the 32 × 4 layout used before (0.988 at 0.6) for half the bucket probes and memory; the measured recall
/// moved from 0.9993 to 0.9982. See `docs/duplicates.md`.
pub const BANDS: usize = 16;
/// Signature slots per band.
pub const ROWS: usize = 3;
/// The signature slots the bands are cut from: the first `BANDS × ROWS`.
pub const BAND_SLOTS: usize = BANDS * ROWS;
const _: () = assert!(BAND_SLOTS <= PERMUTATIONS);
/// Posts with fewer shingles than this are too short to say anything ("Great thread!").
pub const MIN_SHINGLES: usize = 4;
/// A text at least this phatic ([`text::phatic_share`]) is a greeting.
pub const GREETING_SHARE: f64 = 0.6;
/// Texts with at most this many shingles keep their exact shingle list (32-bit hashes) as their sketch,
/// as minhash-rs's `SparseHashes` does below its capacity: candidates between two such texts are
/// confirmed on their exact Jaccard similarity, not an estimate. Almost every post is this short.
pub const EXACT_SHINGLES: usize = 64;
/// The version of how fingerprints are computed (normalisation, shingling, hashing, MinHash). Every stored
/// fingerprint carries it; one of another version is ignored, never compared, since its hashes would not
/// match today's. Raise it with any change to [`crate::text`]'s normalisation or shingles,
/// [`shingle_hashes`] or [`Signature::of_shingles`].
pub const SKETCH_VERSION: u32 = 1;

/// A post's signature: the low 16 bits of each of the [`PERMUTATIONS`] minima of a minhash-rs
/// `MinHash<u32, 128, Fnv, u32, u32>` (b-bit minwise hashing, Li & König 2010). Two slots agree by accident
/// with probability 2⁻¹⁶, which biases the similarity estimate by less than 0.00002, and the signature
/// takes half the memory and snapshot space of full 32-bit slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature(pub [u16; PERMUTATIONS]);

impl Signature {
    /// The signature of a set of shingles.
    pub fn of_shingles(shingles: &[u32]) -> Signature {
        // FNV rather than SipHash inside minhash-rs: the values are already well-mixed hashes. A 32-bit
        // hash stream rather than minhash-rs's default 64-bit one: the shingles are 32-bit, only 16 bits of
        // each minimum are kept, and four 32-bit lanes fit a vector register where two 64-bit ones do
        // (6% faster insertion, measured with `dup_profile`). Signatures made before this (64-bit stream)
        // differ from these.
        let full: MinHash<u32, PERMUTATIONS, Fnv, u32, u32> = shingles.iter().copied().collect();
        let mut words = [0u16; PERMUTATIONS];
        for (w, m) in words.iter_mut().zip(full.iter()) {
            *w = *m as u16;
        }
        Signature(words)
    }

    /// The estimated Jaccard similarity of the two shingle sets: the share of agreeing slots.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(other.0.iter()).filter(|(a, b)| a == b).count();
        same as f64 / PERMUTATIONS as f64
    }

    fn key(&self) -> u64 {
        let mut h = 0x51_7cc1_b727_220a_u64;
        for chunk in self.0.chunks(4) {
            let mut packed = 0u64;
            for &w in chunk {
                packed = (packed << 16) | u64::from(w);
            }
            h = avalanche(h ^ packed);
        }
        h
    }

    fn to_base64(self) -> String {
        let mut bytes = Vec::with_capacity(PERMUTATIONS * 2);
        for w in self.0 {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        base64_encode(&bytes)
    }

    fn from_base64(s: &str) -> Option<Signature> {
        let bytes = base64_decode(s)?;
        if bytes.len() != PERMUTATIONS * 2 {
            return None;
        }
        let mut words = [0u16; PERMUTATIONS];
        for (w, pair) in words.iter_mut().zip(bytes.chunks_exact(2)) {
            *w = u16::from_le_bytes([pair[0], pair[1]]);
        }
        Some(Signature(words))
    }
}

/// One 32-bit key per band, from the band slots. Two unrelated bands share a key with probability 2⁻³², which
/// only adds a candidate that confirmation then rejects.
pub fn band_keys(slots: &[u16; BAND_SLOTS]) -> [u32; BANDS] {
    std::array::from_fn(|b| {
        let mut packed = 0u64;
        for &w in &slots[b * ROWS..(b + 1) * ROWS] {
            packed = (packed << 16) | u64::from(w);
        }
        (avalanche(packed ^ ((b as u64) << 58).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> 32) as u32
    })
}

/// What a fingerprint keeps to confirm a near-duplicate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sketch {
    /// The sorted, repeat-free 32-bit shingle hashes, for texts of at most [`EXACT_SHINGLES`] shingles
    /// (almost every post): compared on their exact Jaccard similarity.
    Exact(Box<[u32]>),
    /// The whole MinHash [`Signature`], for longer texts: compared on the share of agreeing slots.
    Estimate(Box<Signature>),
}

impl Sketch {
    /// The MinHash signature: kept for [`Sketch::Estimate`], computed from the list for [`Sketch::Exact`].
    pub fn signature(&self) -> Signature {
        match self {
            Sketch::Exact(hashes) => Signature::of_shingles(hashes),
            Sketch::Estimate(signature) => **signature,
        }
    }

    /// The similarity of two texts: exact when both lists are kept, else estimated (a long text against a
    /// short one, rare, computes the short one's signature for it).
    pub fn similarity(&self, other: &Sketch) -> f64 {
        match (self, other) {
            (Sketch::Exact(a), Sketch::Exact(b)) => exact_jaccard(a, b),
            (Sketch::Estimate(a), Sketch::Estimate(b)) => a.similarity(b),
            (a, b) => a.signature().similarity(&b.signature()),
        }
    }

    /// A 64-bit key for the index's table of identical sketches (equality is checked after it).
    pub fn key(&self) -> u64 {
        match self {
            Sketch::Exact(hashes) => {
                let mut h = 0x2545_f491_4f6c_dd1d_u64 ^ hashes.len() as u64;
                for pair in hashes.chunks(2) {
                    let packed = pair.iter().fold(0u64, |a, &x| (a << 32) | u64::from(x));
                    h = (h ^ packed).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
                }
                avalanche(h)
            }
            Sketch::Estimate(signature) => signature.key(),
        }
    }

    /// The exact list as stored (sorted little-endian u32, base64), empty for an estimate.
    pub fn exact_base64(&self) -> String {
        self.exact().map(u32s_to_base64).unwrap_or_default()
    }

    /// The signature as stored (128 little-endian u16, base64), empty for an exact list (recomputed from it).
    pub fn signature_base64(&self) -> String {
        match self {
            Sketch::Exact(_) => String::new(),
            Sketch::Estimate(signature) => signature.to_base64(),
        }
    }

    /// The sorted shingle hashes, when kept.
    pub fn exact(&self) -> Option<&[u32]> {
        match self {
            Sketch::Exact(hashes) => Some(hashes),
            Sketch::Estimate(_) => None,
        }
    }
}

/// The fingerprint of a normalised text: what the index keeps of it.
#[derive(Debug, Clone, PartialEq)]
pub struct TextFingerprint {
    /// The first [`BAND_SLOTS`] slots of the text's MinHash signature, which the LSH bands are cut from.
    /// For a text whose exact list is kept only these slots are computed (minhash-rs's permutation stream
    /// gives slot i the same value whatever the signature's length): the other 80 would only serve to
    /// estimate a similarity the list gives exactly, and computing them was a sixth of insertion time.
    pub bands: [u16; BAND_SLOTS],
    /// What confirms a near-duplicate.
    pub sketch: Sketch,
    /// How many distinct shingles the text has (how long it is).
    pub shingles: usize,
    /// Whether the text is a greeting or other phatic post ([`GREETING_SHARE`]).
    pub phatic: bool,
    /// Whether the text is a manual repost or quote of another account's post (`RT @a: …`, `“@a: …”`).
    pub repost: bool,
}

impl TextFingerprint {
    /// The fingerprint of a raw text, or `None` when it has fewer than [`MIN_SHINGLES`] shingles.
    pub fn of(text_raw: &str) -> Option<TextFingerprint> {
        let normalised = text::normalise(text_raw);
        let mut shingles = Vec::new();
        text::shingles_unsorted(&normalised, &mut shingles);
        // Narrowed, then sorted once (as `shingle_hashes(&text::shingles(..))`, without the first sort).
        let mut hashes: Vec<u32> = shingles.iter().map(|h| (h >> 32) as u32).collect();
        crate::sort::u32s(&mut hashes);
        hashes.dedup();
        if hashes.len() < MIN_SHINGLES {
            return None;
        }
        let hashes_len = hashes.len();
        let mut fingerprint = TextFingerprint::of_hashes(hashes);
        // A greeting, slogan or reaction is short: longer texts are not weighed for it. A short text is
        // common when most of it is common material, or when what is left is too little to tell a copy
        // from coincidence (text::common).
        fingerprint.phatic = hashes_len <= 24 && {
            let reading = text::common::ordinary_reading(&normalised, text::is_phatic_word);
            reading.common_share() >= GREETING_SHARE || reading.too_little_content()
        };
        fingerprint.repost = text::is_manual_repost(text_raw);
        Some(fingerprint)
    }

    /// The fingerprint of sorted, repeat-free 32-bit shingle hashes.
    fn of_hashes(hashes: Vec<u32>) -> TextFingerprint {
        let shingles = hashes.len();
        if shingles <= EXACT_SHINGLES {
            let partial: MinHash<u32, BAND_SLOTS, Fnv, u32, u32> = hashes.iter().copied().collect();
            let mut bands = [0u16; BAND_SLOTS];
            for (w, m) in bands.iter_mut().zip(partial.iter()) {
                *w = *m as u16;
            }
            TextFingerprint::with_sketch(bands, Sketch::Exact(hashes.into_boxed_slice()), shingles)
        } else {
            TextFingerprint::of_signature(Signature::of_shingles(&hashes), shingles)
        }
    }

    /// A fingerprint as stored ([`Sketch::exact_base64`] and [`Sketch::signature_base64`], one of them empty),
    /// without its flags; the error says what is wrong with the one given. Shared by stored history
    /// ([`StoredFingerprint`]) and index snapshots ([`DuplicateIndex::import`]).
    pub fn of_stored(exact: &str, signature: &str, shingles: u16) -> Result<TextFingerprint, String> {
        if exact.is_empty() {
            let signature =
                Signature::from_base64(signature).ok_or_else(|| format!("not {PERMUTATIONS} base64 u16"))?;
            return Ok(TextFingerprint::of_signature(signature, usize::from(shingles)));
        }
        let damaged = || format!("not {MIN_SHINGLES} to {EXACT_SHINGLES} distinct base64 u32");
        let mut hashes = base64_to_u32s(exact).filter(|h| h.len() <= EXACT_SHINGLES).ok_or_else(damaged)?;
        crate::sort::u32s(&mut hashes);
        hashes.dedup();
        if hashes.len() < MIN_SHINGLES {
            return Err(damaged());
        }
        Ok(TextFingerprint::of_hashes(hashes))
    }

    /// The fingerprint of a long text known by its signature.
    fn of_signature(signature: Signature, shingles: usize) -> TextFingerprint {
        let mut bands = [0u16; BAND_SLOTS];
        bands.copy_from_slice(&signature.0[..BAND_SLOTS]);
        TextFingerprint::with_sketch(bands, Sketch::Estimate(Box::new(signature)), shingles)
    }

    fn with_sketch(bands: [u16; BAND_SLOTS], sketch: Sketch, shingles: usize) -> TextFingerprint {
        TextFingerprint { bands, sketch, shingles, phatic: false, repost: false }
    }

    /// The whole MinHash signature (computed, for a text whose exact list is kept).
    pub fn signature(&self) -> Signature {
        self.sketch.signature()
    }
}

/// A [`TextFingerprint`] as stored with a post in history: what the index needs to find the post's copies
/// again without its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFingerprint {
    /// [`SKETCH_VERSION`] when it was computed.
    pub sketch: u32,
    /// Distinct shingles of the text.
    pub shingles: u16,
    /// Whether the text is phatic.
    #[serde(default, skip_serializing_if = "is_false")]
    pub phatic: bool,
    /// Whether the text is a manual repost or quote.
    #[serde(default, skip_serializing_if = "is_false")]
    pub repost: bool,
    /// The exact shingle list (sorted little-endian u32, base64), for texts of at most [`EXACT_SHINGLES`]
    /// shingles; the signature is recomputed from it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub exact: String,
    /// The [`Signature`] (128 little-endian u16, base64), for longer texts.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
}

impl StoredFingerprint {
    /// The stored form of a fingerprint.
    pub fn of(fingerprint: &TextFingerprint) -> StoredFingerprint {
        StoredFingerprint {
            sketch: SKETCH_VERSION,
            shingles: fingerprint.shingles.min(usize::from(u16::MAX)) as u16,
            phatic: fingerprint.phatic,
            repost: fingerprint.repost,
            exact: fingerprint.sketch.exact_base64(),
            signature: fingerprint.sketch.signature_base64(),
        }
    }

    /// The fingerprint again; `None` when it was computed by another [`SKETCH_VERSION`] or is damaged.
    pub fn fingerprint(&self) -> Option<TextFingerprint> {
        if self.sketch != SKETCH_VERSION {
            return None;
        }
        let mut fingerprint = TextFingerprint::of_stored(&self.exact, &self.signature, self.shingles).ok()?;
        fingerprint.phatic = self.phatic;
        fingerprint.repost = self.repost;
        Some(fingerprint)
    }
}

/// Shingles narrowed to 32 bits (two different shingles of two posts collide with probability 2⁻³²),
/// sorted and without repeats.
pub fn shingle_hashes(shingles: &[u64]) -> Vec<u32> {
    let mut out: Vec<u32> = shingles.iter().map(|h| (h >> 32) as u32).collect();
    crate::sort::u32s(&mut out);
    out.dedup();
    out
}

/// Exact Jaccard similarity of two sorted, repeat-free lists.
pub fn exact_jaccard(a: &[u32], b: &[u32]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        1.0
    } else {
        both as f64 / union as f64
    }
}

fn u32s_to_base64(words: &[u32]) -> String {
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    base64_encode(&bytes)
}

fn base64_to_u32s(s: &str) -> Option<Vec<u32>> {
    let bytes = base64_decode(s)?;
    if bytes.len() % 4 != 0 {
        return None;
    }
    Some(bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(BASE64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = BASE64.iter().position(|&b| b == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_band_slots_of_a_short_text_are_those_of_its_whole_signature() {
        // Only the band slots are computed for texts whose exact list is kept; they must be the first slots
        // of the signature a long text gets, or a short text and its long copy would never share a band.
        let mut state = 1u64;
        for n in [MIN_SHINGLES, 5, 17, EXACT_SHINGLES, EXACT_SHINGLES + 1, 300] {
            for _ in 0..50 {
                let mut hashes: Vec<u32> = (0..n)
                    .map(|_| {
                        state = avalanche(state.wrapping_add(1));
                        state as u32
                    })
                    .collect();
                crate::sort::u32s(&mut hashes);
                hashes.dedup();
                let fingerprint = TextFingerprint::of_hashes(hashes.clone());
                let whole = Signature::of_shingles(&hashes);
                assert_eq!(fingerprint.bands[..], whole.0[..BAND_SLOTS], "{n} shingles");
                assert_eq!(fingerprint.signature(), whole);
                assert_eq!(fingerprint.sketch.exact().is_some(), hashes.len() <= EXACT_SHINGLES);
            }
        }
    }

    #[test]
    fn base64_round_trips() {
        for n in 0..10 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base64_decode(&base64_encode(&bytes)).as_deref(), Some(&bytes[..]));
        }
    }
}
