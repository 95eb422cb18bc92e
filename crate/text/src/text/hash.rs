//! The core's hashing: one FNV-1a and one SplitMix64 finaliser, and the string hash the shingles and keys use.

/// SplitMix64's increment (the golden ratio): its generator adds it before the finaliser.
pub const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// The SplitMix64 finaliser: every input bit moves every output bit. The one copy of it in the core (the
/// duplicate fingerprint's keys, the hashers here and the simulations' generator use it).
pub fn avalanche(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// FNV-1a's offset basis: the state to start from.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes`, from `state` (start at [`FNV_OFFSET`], or go on from an earlier result): stable
/// across runs and platforms, unlike std's RandomState. The one copy of it in the core.
pub fn fnv1a(state: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(state, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// FNV-1a over the bytes, seeded by `kind`, with a final avalanche so that near keys spread over the range.
pub fn hash_str(s: &str, kind: u8) -> u64 {
    avalanche(fnv1a(FNV_OFFSET ^ u64::from(kind), s.bytes()).wrapping_add(GOLDEN_GAMMA))
}
