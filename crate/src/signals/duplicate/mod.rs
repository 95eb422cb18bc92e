//! Duplicated phrasing: the same or near-identical text posted by different accounts.
//!
//! Each informative post is normalised and shingled ([`crate::text`]) and MinHashed (minhash-rs). A short text
//! (at most [`EXACT_SHINGLES`] shingles, almost every post) keeps its exact shingle list and only the
//! [`BAND_SLOTS`] signature slots its bands are cut from; a longer one keeps its whole signature of
//! [`PERMUTATIONS`] slots, 16 bits each ([`Sketch`]). Posts with identical sketches share one *group*; a banded
//! LSH index over the groups ([`BANDS`] bands of [`ROWS`] rows) finds candidate near-duplicates as posts arrive,
//! and a candidate is confirmed when the exact Jaccard similarity of two lists, or else the share of agreeing
//! signature slots, reaches [`SIMILARITY`]. Clusters are the connected components of confirmed groups; quotes
//! of a post by its replies are set aside, one account repeating itself is reported apart (`self_repeats`),
//! and [`cluster_strength`] discounts what ordinary people share (greetings, slogans, share templates). The
//! reasoning and the measured quality are in `docs/duplicates.md`.
//!
//! The index is bounded ([`MAX_POSTS`], oldest first out). It is not saved: stored history keeps each post's
//! fingerprint ([`crate::history`]) and the engine builds the index again from it.

pub(crate) use crate::features::fingerprint::band_keys;
use crate::features::fingerprint::{Sketch, TextFingerprint, BANDS};
use crate::pages::{PageToken, SeenOn};
use crate::text;
use crate::text::avalanche;
use crate::verdict::{Signal, SignalKind};

/// Estimated Jaccard similarity (share of agreeing signature slots) at which two posts are near-duplicates.
pub const SIMILARITY: f64 = 0.6;
/// The most posts the index holds; past it, the oldest by post time go first. 50,000 tweet-length posts
/// take about 40 MB in memory (measured by `dup_bench`); an
/// extension short of storage can hold fewer with [`DuplicateIndex::with_max_posts`].
pub const MAX_POSTS: usize = 50_000;
/// Characters of each post's text kept for evidence.
pub const PREVIEW_CHARS: usize = 100;
/// Candidate groups confirmed per insertion at most, so that one post can never cost more than a bounded
/// amount of work, whatever the index holds.
pub const MAX_CANDIDATES: usize = 4_000;
/// Confirmed links kept per group at most (its nearest are not chosen: the first found are kept).
pub const MAX_LINKS: usize = 256;
/// Posts by several accounts within this window count as one burst.
pub const BURST_WINDOW_SECONDS: i64 = 3 * 3600;
/// How much an account that posted a text outside its largest burst counts, against 1 for one inside it:
/// copies spread over days are what ordinary people sharing a text look like.
pub const SPREAD_WEIGHT: f64 = 0.1;
/// A text shared by at least this many accounts ...
pub const TEMPLATE_MIN_ACCOUNTS: usize = 4;
/// ... over at least this long ...
pub const TEMPLATE_MIN_SPAN_SECONDS: i64 = 3 * 86_400;
/// ... with at most this share of them in any one burst, is a slogan or share template.
pub const TEMPLATE_MAX_BURST_SHARE: f64 = 0.5;
/// A text shared with no repeated partner counts as a sign only when at least this many accounts posted it
/// within one [`BURST_WINDOW_SECONDS`] ...
pub const SINGLE_TEXT_MIN_BURST: usize = 3;
/// ... and it is at least this many shingles long (about a dozen words, or a dozen Chinese characters).
pub const SINGLE_TEXT_MIN_SHINGLES: usize = 12;
/// Otherwise one shared text weighs at most this: below a sign, however many accounts posted it. One
/// shared text is one co-action, and copypasta, jokes and chain messages are shared by ordinary people too.
pub const SINGLE_TEXT_CAP: f64 = 0.3;
/// Distinct texts two accounts must share before they can count as repeated partners: two people who join
/// the same two share campaigns of a site (its generated "I voted for…" and red-envelope texts) share two.
pub const MIN_REPEATED_TEXTS: u32 = 3;
/// How fast the weight of texts shared with one repeated partner grows ([`assess`]).
pub const REPEAT_SCALE: f64 = 2.5;
/// An account's chance of any partner passing as repeated by luck alone.
pub const PARTNER_ALPHA: f64 = 0.01;
/// What evidence shows for a post whose text was not kept (restored from history stored without texts).
pub const TEXT_NOT_KEPT: &str = "(text not kept)";

mod assess;
mod clusters;
mod index;
#[cfg(test)]
mod tests;

pub use self::{assess::*, clusters::*, index::*};
