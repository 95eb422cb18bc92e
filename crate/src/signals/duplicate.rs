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
//! The index is bounded ([`MAX_POSTS`], oldest first out) and can be saved and restored without the texts
//! ([`DuplicateIndex::export`], [`DuplicateIndex::import`]).

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};
use serde_json::json;

pub(crate) use crate::features::fingerprint::band_keys;
use crate::features::fingerprint::mix;
pub use crate::features::fingerprint::{
    exact_jaccard, shingle_hashes, Signature, Sketch, TextFingerprint, BANDS, BAND_SLOTS, EXACT_SHINGLES,
    MIN_SHINGLES, PERMUTATIONS, ROWS, SKETCH_VERSION,
};
use crate::pages::{PageToken, SeenOn};
use crate::text;
use crate::verdict::{Signal, SignalKind};

/// Estimated Jaccard similarity (share of agreeing signature slots) at which two posts are near-duplicates.
pub const SIMILARITY: f64 = 0.6;
/// The most posts the index holds; past it, the oldest by post time go first. 50,000 tweet-length posts
/// take about 40 MB in memory and 15 MB as an exported JSON snapshot (measured by `dup_bench`); an
/// extension short of storage can hold fewer with [`DuplicateIndex::with_max_posts`].
pub const MAX_POSTS: usize = 50_000;
/// Characters of each post's text kept for evidence (in memory and in snapshots).
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
/// The schema tag written on every snapshot.
pub const SNAPSHOT_SCHEMA: &str = "trichome.duplicates/1";
/// What evidence shows for a post whose text was not kept (restored from history stored without texts).
pub const TEXT_NOT_KEPT: &str = "(text not kept)";

/// A hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default)]
struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0 ^ u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn write_u32(&mut self, n: u32) {
        // Spread to the high bits, which the table uses too.
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A hasher for short strings (account keys): FNV-1a over the bytes with a final mix, several times cheaper
/// than the standard SipHash on keys like `x:1234567890`, which come from pages, not from an attacker
/// choosing collisions against this process.
#[derive(Default)]
struct ShortKeys(u64);

impl Hasher for ShortKeys {
    fn finish(&self) -> u64 {
        mix(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0 ^ 0xcbf2_9ce4_8422_2325;
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A post named by (account key, post id).
pub type PostRef = (String, String);

type HashedMap<V> = HashMap<u64, V, BuildHasherDefault<PreHashed>>;
/// A post to index.
#[derive(Debug, Clone, Copy, Default)]
pub struct IndexedPost<'a> {
    /// The author's account key (`x:123`).
    pub account: &'a str,
    /// The site's post id.
    pub post_id: &'a str,
    /// The text as shown.
    pub text: &'a str,
    /// When it was posted, Unix seconds.
    pub at: Option<i64>,
    /// The post it replies to or quotes: a reply that copies the post it answers is a quote, not a copy.
    pub reply_to: Option<&'a str>,
    /// The page that delivered it ([`crate::pages`]).
    pub page: PageToken,
}

/// What became of a post offered to the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indexed {
    /// Indexed.
    Added,
    /// Already held (same account and post id).
    Known,
    /// Too short to compare ([`MIN_SHINGLES`]).
    TooShort,
}

struct Entry {
    account: u32,
    post_id: Box<str>,
    post_hash: u64,
    reply_to: Option<u64>,
    at: Option<i64>,
    age: (i64, u64),
    shingles: u16,
    phatic: bool,
    repost: bool,
    group: u32,
    preview: Box<str>,
    page: PageToken,
}

struct Group {
    /// The band keys it is filed under (kept to take it out again without recomputing them).
    bands: [u32; BANDS],
    sketch: Sketch,
    members: Vec<u32>,
    /// Confirmed near-duplicate groups inserted before this one: (slot, generation).
    links: Vec<(u32, u32)>,
}

/// The LSH buckets: one open-addressed table of (band key, group) pairs with linear probing, in which a key
/// is held once per group in its bucket. A bucket is read as the run of slots from the key's home slot to the
/// first empty one, and a new pair is written into that empty slot: one pass over contiguous memory does both.
///
/// Why not a `HashMap<u32, Vec<u32>>`: a post probes all [`BANDS`] buckets, and in a large index each probe
/// is a cache miss. Here a probe is one 8-byte slot (key and group side by side, no separate control bytes
/// or bucket lists), and [`BucketTable::read_and_add_all`] loads the home slots of all bands before it walks
/// any run, so the misses overlap instead of following one another.
struct BucketTable {
    /// `key << 32 | group`, or [`BucketTable::EMPTY`].
    slots: Vec<u64>,
    len: usize,
    /// `64 - log2(slots.len())`: a key's home is the top bits of its product with an odd constant.
    shift: u32,
}

impl Default for BucketTable {
    fn default() -> Self {
        BucketTable::with_capacity_log2(6)
    }
}

impl BucketTable {
    /// No pair is `u32::MAX << 32 | u32::MAX`: that would need four billion groups.
    const EMPTY: u64 = u64::MAX;

    fn with_capacity_log2(bits: u32) -> Self {
        BucketTable { slots: vec![Self::EMPTY; 1 << bits], len: 0, shift: 64 - bits }
    }

    fn home(&self, key: u32) -> usize {
        (u64::from(key).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// Keeps the table at most 5/8 full after `more` pairs are added: linear probing's runs stay short
    /// (about 1.8 slots read per lookup at that load).
    fn reserve(&mut self, more: usize) {
        if (self.len + more) * 8 <= self.slots.len() * 5 {
            return;
        }
        let mut bits = 64 - self.shift;
        while (self.len + more) * 8 > (1usize << bits) * 5 {
            bits += 1;
        }
        let old = std::mem::replace(self, BucketTable::with_capacity_log2(bits));
        for pair in old.slots.into_iter().filter(|&p| p != Self::EMPTY) {
            let mut i = self.home((pair >> 32) as u32);
            while self.slots[i] != Self::EMPTY {
                i = (i + 1) & self.mask();
            }
            self.slots[i] = pair;
        }
        self.len = old.len;
    }

    /// For each key, appends the groups already in its bucket to `out` and files `g` in it.
    fn read_and_add_all(&mut self, keys: &[u32; BANDS], g: u32, out: &mut Vec<u32>) {
        self.reserve(BANDS);
        let mask = self.mask();
        // All home slots first: independent loads, so their cache misses are waited for together.
        let homes: [usize; BANDS] = std::array::from_fn(|b| self.home(keys[b]));
        let firsts: [u64; BANDS] = std::array::from_fn(|b| self.slots[homes[b]]);
        for b in 0..BANDS {
            let key = u64::from(keys[b]);
            let (mut i, mut pair) = (homes[b], firsts[b]);
            while pair != Self::EMPTY {
                if pair >> 32 == key {
                    out.push(pair as u32);
                }
                i = (i + 1) & mask;
                pair = self.slots[i];
            }
            self.slots[i] = key << 32 | u64::from(g);
            self.len += 1;
        }
    }

    /// Takes `g` out of `key`'s bucket, shifting the rest of the run back so that no lookup stops early.
    fn remove(&mut self, key: u32, g: u32) {
        let mask = self.mask();
        let wanted = u64::from(key) << 32 | u64::from(g);
        let mut hole = self.home(key);
        loop {
            match self.slots[hole] {
                Self::EMPTY => return,
                pair if pair == wanted => break,
                _ => hole = (hole + 1) & mask,
            }
        }
        let mut j = hole;
        loop {
            j = (j + 1) & mask;
            let pair = self.slots[j];
            if pair == Self::EMPTY {
                break;
            }
            // The pair may fill the hole when the hole lies between its home and where it sits.
            let home = self.home((pair >> 32) as u32);
            if j.wrapping_sub(home) & mask >= j.wrapping_sub(hole) & mask {
                self.slots[hole] = pair;
                hole = j;
            }
        }
        self.slots[hole] = Self::EMPTY;
        self.len -= 1;
    }
}

#[derive(Default)]
struct GroupSlot {
    generation: u32,
    group: Option<Group>,
}

#[derive(Default)]
struct AccountSlot {
    key: Box<str>,
    posts: Vec<u32>,
}

/// The index of every informative post the engine holds, with the near-duplicates found so far.
pub struct DuplicateIndex {
    max_posts: usize,
    exact_sketches: bool,
    entries: Vec<Option<Entry>>,
    free_entries: Vec<u32>,
    groups: Vec<GroupSlot>,
    free_groups: Vec<u32>,
    /// Groups by [`Sketch::key`]: an exact copy of a text already held finds its group in one lookup.
    by_sketch: HashedMap<u32>,
    buckets: BucketTable,
    by_post: HashedMap<u32>,
    account_ids: HashMap<Box<str>, u32, BuildHasherDefault<ShortKeys>>,
    accounts: Vec<AccountSlot>,
    free_accounts: Vec<u32>,
    /// Entries by (eviction age, slot), oldest on top; entries removed otherwise stay until popped.
    by_age: BinaryHeap<Reverse<((i64, u64), u32)>>,
    seq: u64,
    latest_at: i64,
    evicted: u64,
    /// The clusters as last built, and what changed since ([`DuplicateIndex::clusters`]).
    built: RefCell<BuiltClusters>,
}

impl Default for DuplicateIndex {
    fn default() -> Self {
        DuplicateIndex::with_max_posts(MAX_POSTS)
    }
}

/// One post of a cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterPost {
    /// The author's account key.
    pub account: String,
    /// The site's post id.
    pub post_id: String,
    /// When it was posted, Unix seconds.
    pub at: Option<i64>,
    /// The start of its text ([`PREVIEW_CHARS`]).
    pub text: String,
    /// The page that delivered it ([`crate::pages`]).
    pub page: PageToken,
}

/// Why a shared text says little about coordination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Commonness {
    /// Nothing known makes it ordinary.
    Distinct,
    /// A greeting, thanks or cheer that people write in the same words ([`text::phatic_share`]).
    Greeting,
    /// Shared by many accounts spread over a long time: a slogan or a share template
    /// ([`TEMPLATE_MIN_ACCOUNTS`], [`TEMPLATE_MIN_SPAN_SECONDS`], [`TEMPLATE_MAX_BURST_SHARE`]).
    Template,
}

impl Commonness {
    /// The lowercase name used in evidence.
    pub fn as_str(self) -> &'static str {
        match self {
            Commonness::Distinct => "distinct",
            Commonness::Greeting => "greeting",
            Commonness::Template => "template",
        }
    }
}

/// What one copy cluster may weigh for one account ([`assess`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountsAs {
    /// Shared with a partner with whom the account shares other texts beyond chance: full weight.
    RepeatedPartners,
    /// Posted together by most of those who posted it ([`SINGLE_TEXT_MIN_BURST`]): full weight.
    TightBurst,
    /// One shared text, which copypasta looks like too: at most [`SINGLE_TEXT_CAP`].
    SingleText,
    /// A greeting or template ([`Commonness`]): discounted, and at most [`SINGLE_TEXT_CAP`].
    Common,
}

impl CountsAs {
    /// The snake-case name used in evidence.
    pub fn as_str(self) -> &'static str {
        match self {
            CountsAs::RepeatedPartners => "repeated_partners",
            CountsAs::TightBurst => "tight_burst",
            CountsAs::SingleText => "single_text",
            CountsAs::Common => "common",
        }
    }
}

/// A group of posts with the same or near-identical text: by two or more accounts (a copy cluster), or by
/// one account only (that account repeating itself, which is not coordination).
#[derive(Debug, Clone, PartialEq)]
pub struct TextCluster {
    /// Stable id (from the earliest post's account and id).
    pub id: String,
    /// The earliest post's text, shortened.
    pub representative: String,
    /// Every member post, earliest first.
    pub posts: Vec<ClusterPost>,
    /// Replies that copy the post they answer, and manual reposts (`RT @a: …`): set aside, not counted
    /// as copies.
    pub quotes: Vec<ClusterPost>,
    /// Distinct account keys of the posts.
    pub accounts: BTreeSet<String>,
    /// Shingles of the representative (how long the shared text is).
    pub shingles: usize,
    /// Distinct signatures among the posts: 1 for exact copies, more for edited variants.
    pub variants: usize,
    /// The most distinct accounts that posted it within any [`BURST_WINDOW_SECONDS`].
    pub burst_accounts: usize,
    /// Whether ordinary people share this text.
    pub commonness: Commonness,
    /// Which pages delivered its posts: one page alone makes a cluster that counts only there.
    pub seen_on: SeenOn,
}

impl TextCluster {
    /// Seconds between the first and last timed member post.
    pub fn span_seconds(&self) -> Option<i64> {
        let mut times = self.posts.iter().filter_map(|p| p.at);
        let first = times.next()?;
        let (lo, hi) = times.fold((first, first), |(lo, hi), t| (lo.min(t), hi.max(t)));
        Some(hi - lo)
    }

    /// Whether two or more accounts posted it (rather than one account repeating itself).
    pub fn is_cross_account(&self) -> bool {
        self.accounts.len() >= 2
    }
}

/// The index as saved between visits: signatures and minimal metadata, no full texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateSnapshot {
    /// Always [`SNAPSHOT_SCHEMA`].
    pub schema: String,
    /// [`SKETCH_VERSION`] of the fingerprints (1 when absent: snapshots written before it was recorded).
    #[serde(default = "first_sketch")]
    pub sketch: u32,
    /// Posts, oldest first.
    pub posts: Vec<SnapshotPost>,
}

fn first_sketch() -> u32 {
    1
}

/// One post in a [`DuplicateSnapshot`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotPost {
    /// The author's account key.
    pub account: String,
    /// The site's post id.
    pub post_id: String,
    /// When it was posted, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<i64>,
    /// Hash of the id of the post it replies to, 16 hex digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// Distinct shingles of the text.
    pub shingles: u16,
    /// Whether the text is phatic.
    #[serde(default)]
    pub phatic: bool,
    /// Whether the text is a manual repost or quote.
    #[serde(default)]
    pub repost: bool,
    /// The exact shingle list (sorted little-endian u32, base64), for texts of at most
    /// [`EXACT_SHINGLES`] shingles; the signature is recomputed from it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub shingle_hashes: String,
    /// The [`Signature`] (128 little-endian u16, base64), for longer texts.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
    /// The start of the text ([`PREVIEW_CHARS`]), for evidence.
    #[serde(default)]
    pub text: String,
}

/// What an import took and what it refused.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    /// Posts taken in.
    pub imported: usize,
    /// Posts already held.
    pub known: usize,
    /// Posts left out because the snapshot held more than the index may.
    pub over_capacity: usize,
    /// Posts refused, each named by its place in the snapshot (`posts[3].signature: …`).
    pub warnings: Vec<String>,
}

impl DuplicateIndex {
    /// An index holding at most `max_posts` posts (at least 1).
    pub fn with_max_posts(max_posts: usize) -> Self {
        DuplicateIndex {
            max_posts: max_posts.max(1),
            exact_sketches: true,
            entries: Vec::new(),
            free_entries: Vec::new(),
            groups: Vec::new(),
            free_groups: Vec::new(),
            by_sketch: HashedMap::default(),
            buckets: BucketTable::default(),
            by_post: HashedMap::default(),
            account_ids: HashMap::default(),
            accounts: Vec::new(),
            free_accounts: Vec::new(),
            by_age: BinaryHeap::new(),
            seq: 0,
            latest_at: i64::MIN,
            evicted: 0,
            built: RefCell::default(),
        }
    }

    /// The same index confirming every candidate on the MinHash estimate alone, even for short texts
    /// ([`EXACT_SHINGLES`]); for measuring what the estimate costs.
    pub fn estimate_only(mut self) -> Self {
        self.exact_sketches = false;
        self
    }

    /// Adds a post that replies to nothing; returns false when it is too short to index or already indexed.
    pub fn insert(&mut self, account: &str, post_id: &str, text_raw: &str, at: Option<i64>) -> bool {
        self.insert_post(&IndexedPost { account, post_id, text: text_raw, at, ..IndexedPost::default() })
            == Indexed::Added
    }

    /// Adds a post whose fingerprint is already known (computed when it was taken in, or stored with it);
    /// `post.text` is then only the evidence preview, empty when the text was not kept.
    pub fn insert_fingerprinted(&mut self, post: &IndexedPost<'_>, fingerprint: &TextFingerprint) -> Indexed {
        let preview: String = post.text.chars().take(PREVIEW_CHARS).collect();
        let reply_to = post.reply_to.map(post_hash);
        self.insert_fingerprint(post, reply_to, fingerprint, preview)
    }

    /// Gives a post indexed without its text (restored from history stored without texts) its evidence
    /// preview again, when the post is seen again on a page.
    pub fn fill_preview(&mut self, account: &str, post_id: &str, text_raw: &str) {
        let Some(&slot) = self.by_post.get(&post_key(account, post_id)) else { return };
        if let Some(e) = self.entries.get_mut(slot as usize).and_then(Option::as_mut) {
            if e.preview.is_empty() {
                e.preview = text_raw.chars().take(PREVIEW_CHARS).collect::<String>().into();
                let group = e.group;
                self.touch(group);
            }
        }
    }

    /// Records which page the held post `post_id` of `account` is now known from ([`crate::pages::seen_again`]).
    pub fn delivered_by(&mut self, account: &str, post_id: &str, page: PageToken) {
        let Some(&slot) = self.by_post.get(&post_key(account, post_id)) else { return };
        if let Some(e) = self.entries.get_mut(slot as usize).and_then(Option::as_mut) {
            if e.page != page {
                e.page = page;
                let group = e.group;
                self.touch(group);
            }
        }
    }

    /// Adds a post.
    pub fn insert_post(&mut self, post: &IndexedPost<'_>) -> Indexed {
        if self.by_post.contains_key(&post_key(post.account, post.post_id)) {
            return Indexed::Known;
        }
        let Some(fingerprint) = TextFingerprint::of(post.text) else { return Indexed::TooShort };
        let preview_end = post.text.char_indices().nth(PREVIEW_CHARS).map_or(post.text.len(), |(at, _)| at);
        let preview = post.text[..preview_end].to_string();
        let reply_to = post.reply_to.map(post_hash);
        self.insert_fingerprint(post, reply_to, &fingerprint, preview)
    }

    /// Adds `post` (its text unread: `preview` stands for it) with the hash of the post it replies to.
    fn insert_fingerprint(
        &mut self,
        post: &IndexedPost<'_>,
        reply_to: Option<u64>,
        fingerprint: &TextFingerprint,
        preview: String,
    ) -> Indexed {
        let IndexedPost { account, post_id, at, page, .. } = *post;
        let key = post_key(account, post_id);
        if self.by_post.contains_key(&key) {
            return Indexed::Known;
        }
        let group = if self.exact_sketches {
            self.group_for(fingerprint)
        } else {
            let signature = Box::new(fingerprint.signature());
            self.group_for(&TextFingerprint { sketch: Sketch::Estimate(signature), ..fingerprint.clone() })
        };
        let account_id = self.account_id(account);
        if let Some(t) = at {
            self.latest_at = self.latest_at.max(t);
        }
        self.seq += 1;
        // Undated posts are taken as recent: they are evicted after the dated posts seen so far.
        let age = (at.unwrap_or(self.latest_at), self.seq);
        let entry = Entry {
            account: account_id,
            post_id: post_id.into(),
            post_hash: post_hash(post_id),
            reply_to,
            at,
            age,
            shingles: fingerprint.shingles.min(usize::from(u16::MAX)) as u16,
            phatic: fingerprint.phatic,
            repost: fingerprint.repost,
            group,
            preview: preview.into(),
            page,
        };
        let slot = match self.free_entries.pop() {
            Some(s) => {
                self.entries[s as usize] = Some(entry);
                s
            }
            None => {
                self.entries.push(Some(entry));
                (self.entries.len() - 1) as u32
            }
        };
        if let Some(g) = self.groups[group as usize].group.as_mut() {
            g.members.push(slot);
        }
        self.touch(group);
        self.accounts[account_id as usize].posts.push(slot);
        self.by_post.insert(key, slot);
        self.by_age.push(Reverse((age, slot)));
        while self.by_post.len() > self.max_posts {
            let Some(Reverse((age, oldest))) = self.by_age.pop() else { break };
            if self.entries[oldest as usize].as_ref().is_some_and(|e| e.age == age) {
                self.remove_entry(oldest);
                self.evicted += 1;
            }
        }
        if self.by_age.len() > 2 * self.by_post.len() + 1024 {
            // Drop the heap's stale items (entries removed with their account).
            self.by_age = self.live_ages().into_iter().map(Reverse).collect();
        }
        Indexed::Added
    }

    /// The group holding this exact sketch, created (and linked to its near-duplicates) when new.
    fn group_for(&mut self, fingerprint: &TextFingerprint) -> u32 {
        let sketch_key = fingerprint.sketch.key();
        if let Some(&g) = self.by_sketch.get(&sketch_key) {
            if self.groups[g as usize].group.as_ref().is_some_and(|x| x.sketch == fingerprint.sketch) {
                return g;
            }
        }
        let bands = band_keys(&fingerprint.bands);
        let g = match self.free_groups.pop() {
            Some(g) => g,
            None => {
                self.groups.push(GroupSlot::default());
                (self.groups.len() - 1) as u32
            }
        };
        let mut candidates: Vec<u32> = Vec::new();
        self.buckets.read_and_add_all(&bands, g, &mut candidates);
        candidates.sort_unstable();
        candidates.dedup();
        let mut links = Vec::new();
        for &other in candidates.iter().take(MAX_CANDIDATES) {
            let slot = &self.groups[other as usize];
            let Some(o) = slot.group.as_ref() else { continue };
            if fingerprint.sketch.similarity(&o.sketch) >= SIMILARITY - 1e-12 {
                links.push((other, slot.generation));
                if links.len() >= MAX_LINKS {
                    break;
                }
            }
        }
        let sketch = fingerprint.sketch.clone();
        self.groups[g as usize].group = Some(Group { bands, sketch, members: Vec::new(), links });
        self.by_sketch.insert(sketch_key, g);
        g
    }

    fn account_id(&mut self, account: &str) -> u32 {
        if let Some(&id) = self.account_ids.get(account) {
            return id;
        }
        let slot = AccountSlot { key: account.into(), posts: Vec::new() };
        let id = match self.free_accounts.pop() {
            Some(id) => {
                self.accounts[id as usize] = slot;
                id
            }
            None => {
                self.accounts.push(slot);
                (self.accounts.len() - 1) as u32
            }
        };
        self.account_ids.insert(account.into(), id);
        id
    }

    fn remove_entry(&mut self, slot: u32) {
        let Some(e) = self.entries.get_mut(slot as usize).and_then(Option::take) else { return };
        self.touch(e.group);
        self.free_entries.push(slot);
        let account_key = self.accounts[e.account as usize].key.clone();
        self.by_post.remove(&post_key(&account_key, &e.post_id));
        let acc = &mut self.accounts[e.account as usize];
        acc.posts.retain(|s| *s != slot);
        if acc.posts.is_empty() {
            self.account_ids.remove(&acc.key);
            acc.key = "".into();
            self.free_accounts.push(e.account);
        }
        let gslot = &mut self.groups[e.group as usize];
        let Some(group) = gslot.group.as_mut() else { return };
        group.members.retain(|s| *s != slot);
        if !group.members.is_empty() {
            return;
        }
        let Some(group) = gslot.group.take() else { return };
        // A new generation makes every link to this slot from other groups stale.
        gslot.generation = gslot.generation.wrapping_add(1);
        self.free_groups.push(e.group);
        for band in group.bands {
            self.buckets.remove(band, e.group);
        }
        let sketch_key = group.sketch.key();
        if self.by_sketch.get(&sketch_key) == Some(&e.group) {
            self.by_sketch.remove(&sketch_key);
        }
    }

    /// Every held entry's (eviction age, slot), oldest first.
    fn live_ages(&self) -> Vec<((i64, u64), u32)> {
        let mut ages: Vec<((i64, u64), u32)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(slot, e)| Some((e.as_ref()?.age, slot as u32)))
            .collect();
        ages.sort_unstable();
        ages
    }

    /// Forgets every post of an account (eviction, or a merge under a new key).
    pub fn remove_account(&mut self, account: &str) {
        let Some(&id) = self.account_ids.get(account) else { return };
        let slots = self.accounts[id as usize].posts.clone();
        for slot in slots {
            self.remove_entry(slot);
        }
    }

    /// The number of indexed posts.
    pub fn len(&self) -> usize {
        self.by_post.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.by_post.is_empty()
    }

    /// The most posts this index holds.
    pub fn max_posts(&self) -> usize {
        self.max_posts
    }

    /// Posts evicted so far to stay within [`DuplicateIndex::max_posts`].
    pub fn evicted(&self) -> u64 {
        self.evicted
    }

    /// The members of every group of posts with one exact signature. For measuring search quality.
    pub fn signature_groups(&self) -> Vec<Vec<PostRef>> {
        self.groups
            .iter()
            .filter_map(|slot| slot.group.as_ref())
            .map(|g| {
                g.members
                    .iter()
                    .filter_map(|s| self.entries[*s as usize].as_ref())
                    .map(|e| (self.accounts[e.account as usize].key.to_string(), e.post_id.to_string()))
                    .collect()
            })
            .collect()
    }

    /// Every confirmed near-duplicate link between distinct signatures, as pairs of (account, post id) of
    /// one post of each group. For measuring search quality; clusters use the same links.
    pub fn linked_groups(&self) -> Vec<(Vec<PostRef>, Vec<PostRef>)> {
        let members = |g: &Group| -> Vec<PostRef> {
            g.members
                .iter()
                .filter_map(|s| self.entries[*s as usize].as_ref())
                .map(|e| (self.accounts[e.account as usize].key.to_string(), e.post_id.to_string()))
                .collect()
        };
        let mut out = Vec::new();
        for slot in &self.groups {
            let Some(g) = slot.group.as_ref() else { continue };
            for &(other, generation) in &g.links {
                let o = &self.groups[other as usize];
                if o.generation != generation {
                    continue;
                }
                if let Some(og) = o.group.as_ref() {
                    out.push((members(g), members(og)));
                }
            }
        }
        out
    }

    /// Clusters of posts joined by confirmed near-duplicate links: those spanning two or more accounts,
    /// and those of one account repeating itself ([`TextCluster::is_cross_account`] tells them apart),
    /// ordered by id.
    ///
    /// The engine asks for them after every ingest, so a call costs what changed since the previous one:
    /// the components (groups joined by links) of the groups touched since then are found again and their
    /// clusters built again, and every other cluster is the one built before (a cluster depends on its own
    /// component's posts alone). What remains proportional to the index is copying the clusters out.
    pub fn clusters(&self) -> Vec<TextCluster> {
        // Never busy: nothing else borrows it, and nothing here calls back into the index.
        let Ok(mut built) = self.built.try_borrow_mut() else { return self.clusters_full() };
        self.update_clusters(&mut built);
        built.clusters.values().cloned().collect()
    }

    /// Notes that a group was created, removed, or gained or lost a post, for [`DuplicateIndex::clusters`].
    fn touch(&mut self, group: u32) {
        let built = self.built.get_mut();
        built.touched.push(group);
        if built.touched.len() > 2 * self.groups.len() + 1024 {
            // Many changes and no call for clusters (a bulk import): keep the list to the groups.
            built.touched.sort_unstable();
            built.touched.dedup();
        }
    }

    /// Brings `built` up to date with the index: every component that holds a group touched since the last
    /// update, or that a new group's links join, is found again from its groups' links and its cluster built
    /// again; the rest are kept.
    ///
    /// Why this finds the same components as a pass over every group: a link is stored on the newer group
    /// and only ever made when that group is created, and a link is void once the group it points to is
    /// gone (its slot's generation moves on). So a component not holding a touched group has the same
    /// groups, links and posts as before, except that a new group may link into it; following the links
    /// of the groups reopened (new groups among them) reopens those too. The groups reopened are then
    /// whole components, joined only by links among themselves.
    fn update_clusters(&self, built: &mut BuiltClusters) {
        let slots = self.groups.len();
        if built.component_of.len() < slots {
            built.component_of.resize(slots, NO_COMPONENT);
            built.parent.resize(slots, NO_COMPONENT);
        }
        let mut touched = std::mem::take(&mut built.touched);
        touched.sort_unstable();
        touched.dedup();
        // The groups whose components are found again, each marked by being its own parent.
        let mut reopened: Vec<u32> = Vec::new();
        for g in touched {
            self.reopen(built, g, &mut reopened);
        }
        let mut next = 0;
        while let Some(&g) = reopened.get(next) {
            next += 1;
            for other in self.live_links(g) {
                self.reopen(built, other, &mut reopened);
            }
        }
        let parent = &mut built.parent;
        for &g in &reopened {
            for other in self.live_links(g) {
                if parent[other as usize] == NO_COMPONENT {
                    continue;
                }
                let (ra, rb) = (find(parent, g), find(parent, other));
                if ra != rb {
                    parent[ra.max(rb) as usize] = ra.min(rb);
                }
            }
        }
        // Roots are the smallest group of each component (the smaller root always wins), as in
        // `clusters_full`; groups ascending within each, as there.
        let mut by_root: Vec<(u32, u32)> = reopened.iter().map(|&g| (find(parent, g), g)).collect();
        for &g in &reopened {
            parent[g as usize] = NO_COMPONENT;
        }
        by_root.sort_unstable();
        for component in by_root.chunk_by(|a, b| a.0 == b.0) {
            let root = component[0].0;
            let groups: Vec<u32> = component.iter().map(|&(_, g)| g).collect();
            for &g in &groups {
                built.component_of[g as usize] = root;
            }
            let cluster = self.cluster_of_component(&groups);
            if groups.len() > 1 {
                built.wide.insert(root, groups);
            }
            if let Some(cluster) = cluster {
                built.ids.insert(root, cluster.id.clone());
                built.clusters.insert((cluster.id.clone(), root), cluster);
            }
        }
    }

    /// Takes the component that group `g` was in at the last update (if any) out of `built`, and adds
    /// its groups and `g` that are held now, and not already there, to `reopened`.
    fn reopen(&self, built: &mut BuiltClusters, g: u32, reopened: &mut Vec<u32>) {
        let mut add = |built: &mut BuiltClusters, g: u32| {
            let held = self.groups.get(g as usize).is_some_and(|slot| slot.group.is_some());
            if held && built.parent[g as usize] == NO_COMPONENT {
                built.parent[g as usize] = g;
                reopened.push(g);
            }
        };
        let root = built.component_of.get(g as usize).copied().unwrap_or(NO_COMPONENT);
        if root != NO_COMPONENT {
            for other in built.wide.remove(&root).unwrap_or_else(|| vec![root]) {
                built.component_of[other as usize] = NO_COMPONENT;
                add(built, other);
            }
            if let Some(id) = built.ids.remove(&root) {
                built.clusters.remove(&(id, root));
            }
        }
        add(built, g);
    }

    /// The groups a group's links point to that are still held.
    fn live_links(&self, g: u32) -> impl Iterator<Item = u32> + '_ {
        let links = self.groups[g as usize].group.as_ref().map_or(&[][..], |group| &group.links[..]);
        links.iter().filter_map(|&(other, generation)| {
            let o = &self.groups[other as usize];
            (o.generation == generation && o.group.is_some()).then_some(other)
        })
    }

    /// The cluster of one component (groups ascending), when it holds two posts or more.
    fn cluster_of_component(&self, groups: &[u32]) -> Option<TextCluster> {
        let posts: usize = groups
            .iter()
            .filter_map(|g| self.groups[*g as usize].group.as_ref())
            .map(|g| g.members.len())
            .sum();
        if posts < 2 {
            return None;
        }
        self.build_cluster(groups)
    }

    /// [`DuplicateIndex::clusters`] computed from every group, keeping nothing: what the kept clusters are
    /// checked against.
    fn clusters_full(&self) -> Vec<TextCluster> {
        let mut parent: Vec<u32> = (0..self.groups.len() as u32).collect();
        for (g, slot) in self.groups.iter().enumerate() {
            let Some(group) = slot.group.as_ref() else { continue };
            for &(other, generation) in &group.links {
                let o = &self.groups[other as usize];
                if o.generation != generation || o.group.is_none() {
                    continue;
                }
                let (ra, rb) = (find(&mut parent, g as u32), find(&mut parent, other));
                if ra != rb {
                    parent[ra.max(rb) as usize] = ra.min(rb);
                }
            }
        }
        let mut components: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for (g, slot) in self.groups.iter().enumerate() {
            if slot.group.is_some() {
                components.entry(find(&mut parent, g as u32)).or_default().push(g as u32);
            }
        }
        let mut out: Vec<TextCluster> =
            components.values().filter_map(|groups| self.cluster_of_component(groups)).collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    fn build_cluster(&self, groups: &[u32]) -> Option<TextCluster> {
        let mut entries: Vec<&Entry> = Vec::new();
        for g in groups {
            let Some(group) = self.groups[*g as usize].group.as_ref() else { continue };
            entries.extend(group.members.iter().filter_map(|s| self.entries[*s as usize].as_ref()));
        }
        // A reply that copies the post it answers is quoting it, whoever wrote either; a manual repost
        // carries someone else's text, as a site's own repost does (which the engine never indexes).
        let ids: HashSet<u64> = entries.iter().map(|e| e.post_hash).collect();
        let (quotes, mut copies): (Vec<&Entry>, Vec<&Entry>) = entries
            .into_iter()
            .partition(|e| e.repost || e.reply_to.is_some_and(|p| ids.contains(&p) && p != e.post_hash));
        if copies.len() < 2 {
            return None;
        }
        copies.sort_by_key(|e| (e.at, e.age));
        let first = copies[0];
        let key = |e: &Entry| self.accounts[e.account as usize].key.to_string();
        // Posts restored from history stored without texts have no preview: evidence says so.
        let shown =
            |e: &Entry| if e.preview.is_empty() { TEXT_NOT_KEPT.to_string() } else { e.preview.to_string() };
        let as_post = |e: &Entry| ClusterPost {
            account: key(e),
            post_id: e.post_id.to_string(),
            at: e.at,
            text: shown(e),
            page: e.page,
        };
        // The earliest text still known stands for the cluster.
        let representative =
            copies.iter().find(|e| !e.preview.is_empty()).map_or_else(|| shown(first), |e| shown(e));
        let accounts: BTreeSet<String> = copies.iter().map(|e| key(e)).collect();
        let variants = copies.iter().map(|e| e.group).collect::<BTreeSet<u32>>().len();
        let burst_accounts =
            burst_accounts(&copies.iter().filter_map(|e| Some((e.at?, e.account))).collect::<Vec<_>>());
        let mut cluster = TextCluster {
            id: format!("dup-{:016x}", text::hash_str(&format!("{}/{}", key(first), first.post_id), 9)),
            representative,
            posts: copies.iter().map(|e| as_post(e)).collect(),
            quotes: quotes.iter().map(|e| as_post(e)).collect(),
            accounts,
            shingles: usize::from(first.shingles),
            variants,
            burst_accounts,
            commonness: Commonness::Distinct,
            seen_on: SeenOn::of(copies.iter().map(|e| e.page)),
        };
        let phatic = copies.iter().filter(|e| e.phatic).count() * 2 > copies.len();
        cluster.commonness = commonness(&cluster, phatic);
        Some(cluster)
    }

    /// The index as a snapshot: every post's signature and minimal metadata, oldest first.
    pub fn export(&self) -> DuplicateSnapshot {
        let mut posts = Vec::with_capacity(self.by_post.len());
        for (_, slot) in self.live_ages() {
            let Some(e) = self.entries[slot as usize].as_ref() else { continue };
            let Some(g) = self.groups[e.group as usize].group.as_ref() else { continue };
            posts.push(SnapshotPost {
                account: self.accounts[e.account as usize].key.to_string(),
                post_id: e.post_id.to_string(),
                at: e.at,
                reply_to: e.reply_to.map(|h| format!("{h:016x}")),
                shingles: e.shingles,
                phatic: e.phatic,
                repost: e.repost,
                shingle_hashes: g.sketch.exact_base64(),
                signature: g.sketch.signature_base64(),
                text: e.preview.to_string(),
            });
        }
        DuplicateSnapshot { schema: SNAPSHOT_SCHEMA.to_string(), sketch: SKETCH_VERSION, posts }
    }

    /// Takes in a snapshot's posts (the newest [`DuplicateIndex::max_posts`] of them), as if inserted
    /// oldest first; malformed posts are refused with a warning naming them.
    pub fn import(&mut self, snapshot: &DuplicateSnapshot) -> ImportReport {
        let mut report = ImportReport::default();
        if snapshot.schema != SNAPSHOT_SCHEMA {
            report.warnings.push(format!("schema: expected {SNAPSHOT_SCHEMA}, found {:?}", snapshot.schema));
            return report;
        }
        if snapshot.sketch != SKETCH_VERSION {
            // Fingerprints computed another way would match nothing, or match wrongly: left out.
            report.warnings.push(format!("sketch: expected {SKETCH_VERSION}, found {}", snapshot.sketch));
            return report;
        }
        let skip = snapshot.posts.len().saturating_sub(self.max_posts);
        report.over_capacity = skip;
        for (i, p) in snapshot.posts.iter().enumerate().skip(skip) {
            let mut fingerprint =
                match TextFingerprint::of_stored(&p.shingle_hashes, &p.signature, p.shingles) {
                    Ok(fingerprint) => fingerprint,
                    Err(damage) => {
                        let field = if p.shingle_hashes.is_empty() { "signature" } else { "shingle_hashes" };
                        report.warnings.push(format!("posts[{i}].{field}: {damage}"));
                        continue;
                    }
                };
            fingerprint.phatic = p.phatic;
            fingerprint.repost = p.repost;
            if p.account.is_empty() || p.post_id.is_empty() {
                report.warnings.push(format!("posts[{i}]: empty account or post id"));
                continue;
            }
            let reply_to = match p.reply_to.as_deref().map(|h| u64::from_str_radix(h, 16)) {
                None => None,
                Some(Ok(h)) => Some(h),
                Some(Err(_)) => {
                    report.warnings.push(format!("posts[{i}].reply_to: not 16 hex digits"));
                    None
                }
            };
            let preview: String = p.text.chars().take(PREVIEW_CHARS).collect();
            // An index snapshot is the researcher's own file: trusted, like a dataset.
            let post =
                IndexedPost { account: &p.account, post_id: &p.post_id, at: p.at, ..IndexedPost::default() };
            match self.insert_fingerprint(&post, reply_to, &fingerprint, preview) {
                Indexed::Added => report.imported += 1,
                Indexed::Known | Indexed::TooShort => report.known += 1,
            }
        }
        report
    }
}

/// What [`DuplicateIndex::clusters`] keeps between calls: the components (groups joined by links) and
/// clusters found at the last call, and the groups touched since.
#[derive(Default)]
struct BuiltClusters {
    /// Groups created, removed, or that gained or lost a post since the last call (repeats allowed).
    touched: Vec<u32>,
    /// By group slot: the smallest group of the component it was in at the last call, or [`NO_COMPONENT`].
    component_of: Vec<u32>,
    /// The components of more than one group at the last call, groups ascending, by smallest group.
    wide: HashMap<u32, Vec<u32>>,
    /// The clusters built at the last call, by (id, smallest group of the component): the order in which
    /// they are returned.
    clusters: BTreeMap<(String, u32), TextCluster>,
    /// The id of each component's cluster, by smallest group.
    ids: HashMap<u32, String>,
    /// Union-find parents during an update; [`NO_COMPONENT`] for every group between updates.
    parent: Vec<u32>,
}

/// No component (a group slot unused, or its group new since the last call).
const NO_COMPONENT: u32 = u32::MAX;

/// The root of `x` in a union-find forest, halving the path on the way.
fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

fn post_hash(post_id: &str) -> u64 {
    text::hash_str(post_id, 7)
}

fn post_key(account: &str, post_id: &str) -> u64 {
    mix(text::hash_str(account, 5) ^ text::hash_str(post_id, 6).rotate_left(17))
}

/// The most distinct accounts among `(time, account)` posts within any [`BURST_WINDOW_SECONDS`].
fn burst_accounts(posts: &[(i64, u32)]) -> usize {
    let mut sorted = posts.to_vec();
    sorted.sort_unstable();
    let mut counts: HashMap<u32, usize> = HashMap::new();
    let mut best = 0;
    let mut lo = 0;
    for hi in 0..sorted.len() {
        *counts.entry(sorted[hi].1).or_default() += 1;
        while sorted[hi].0 - sorted[lo].0 > BURST_WINDOW_SECONDS {
            let a = sorted[lo].1;
            if let Some(c) = counts.get_mut(&a) {
                *c -= 1;
                if *c == 0 {
                    counts.remove(&a);
                }
            }
            lo += 1;
        }
        best = best.max(counts.len());
    }
    best
}

/// Whether an account posted this text in two separate group bursts: the mark of a network that returns to
/// its text with its members, which people sharing a template do not leave (each meets different people).
/// Bursts here are tight, runs of timed posts within [`REPEAT_WINDOW_SECONDS`] of the run's first post
/// (friends sharing a daily template meet again over hours, not within minutes), and only bursts of three
/// or more accounts count; at most [`MAX_BURSTS_COMPARED`] of them are compared.
fn repeat_partners(cluster: &TextCluster) -> bool {
    let mut timed: Vec<(i64, &str)> =
        cluster.posts.iter().filter_map(|p| Some((p.at?, p.account.as_str()))).collect();
    timed.sort_unstable();
    let mut bursts: Vec<BTreeSet<&str>> = Vec::new();
    let mut start: Option<i64> = None;
    for (t, account) in timed {
        if start.is_none_or(|s| t - s > REPEAT_WINDOW_SECONDS) {
            bursts.push(BTreeSet::new());
            start = Some(t);
        }
        if let Some(b) = bursts.last_mut() {
            b.insert(account);
        }
    }
    // Pairs of friends posting a site's campaign template every day meet in twos; a network posts in groups.
    bursts.retain(|b| b.len() >= 3);
    bursts.truncate(MAX_BURSTS_COMPARED);
    bursts.iter().enumerate().any(|(i, a)| bursts[i + 1..].iter().any(|b| !a.is_disjoint(b)))
}

/// How close together posts must be to count as posted together by [`repeat_partners`].
pub const REPEAT_WINDOW_SECONDS: i64 = 15 * 60;
/// The most bursts [`repeat_partners`] compares pairwise.
pub const MAX_BURSTS_COMPARED: usize = 200;

/// Whether ordinary people share this text: a greeting, or a text spread over many accounts and a long
/// time without a burst (the rule documented on [`Commonness::Template`]).
fn commonness(cluster: &TextCluster, phatic: bool) -> Commonness {
    if phatic {
        return Commonness::Greeting;
    }
    let n = cluster.accounts.len();
    let spread = cluster.span_seconds().is_some_and(|s| s >= TEMPLATE_MIN_SPAN_SECONDS);
    // A network reposting its text in several threads over weeks is spread too, but the same accounts come
    // back together (regression: the big-thread fixture's group lost its badges once the same text had been
    // seen on another thread two months earlier). People sharing a template meet different people each time.
    if n >= TEMPLATE_MIN_ACCOUNTS
        && spread
        && (cluster.burst_accounts as f64) <= TEMPLATE_MAX_BURST_SHARE * n as f64
        && !repeat_partners(cluster)
    {
        return Commonness::Template;
    }
    Commonness::Distinct
}

/// Posts shown in one account's evidence of a cluster, at most.
pub const MAX_EVIDENCE_POSTS: usize = 30;

/// The posts of a cluster shown in `account`'s evidence, earliest first: its own (up to a third of
/// [`MAX_EVIDENCE_POSTS`]) and the earliest of the others. Every member's verdict carrying every post made a
/// spam wave's verdicts cost the square of its size (issue #17, finding 3).
fn evidence_posts<'a>(account: &str, posts: &'a [ClusterPost]) -> Vec<&'a ClusterPost> {
    let own = posts.iter().filter(|p| p.account == account).take(MAX_EVIDENCE_POSTS / 3).count();
    let (mut own_left, mut others_left) = (own, MAX_EVIDENCE_POSTS - own);
    posts
        .iter()
        .filter(|p| {
            let left = if p.account == account { &mut own_left } else { &mut others_left };
            let shown = *left > 0;
            *left = left.saturating_sub(1);
            shown
        })
        .collect()
}

/// How strongly a copy cluster points at coordination, 0..1; 0 for one account repeating itself.
///
/// Strength grows with the accounts that posted the text in one burst: `1 − exp(−(k − 1)/3)` of the
/// effective account count `k`, which is the largest burst ([`BURST_WINDOW_SECONDS`]) plus
/// [`SPREAD_WEIGHT`] of each account outside it (three quarters of all accounts when times are unknown). Two accounts in one
/// burst give 0.28 (people quote each other), three 0.49, five 0.74, ten 0.95. Greetings keep 0.3 of that
/// and slogans or share templates 0.35.
pub fn cluster_strength(cluster: &TextCluster) -> f64 {
    if !cluster.is_cross_account() {
        return 0.0;
    }
    let n = cluster.accounts.len() as f64;
    let timed: BTreeSet<&str> =
        cluster.posts.iter().filter(|p| p.at.is_some()).map(|p| p.account.as_str()).collect();
    let effective = if timed.len() >= 2 {
        let burst = cluster.burst_accounts as f64;
        burst + SPREAD_WEIGHT * (n - burst).max(0.0)
    } else {
        // Untimed copies (YouTube's "2 days ago"): three channels posting one long text word for word under
        // one video is worth a second look; two are not.
        0.9 * n
    };
    let size = (1.0 - (-(effective - 1.0).max(0.0) / 3.0).exp()).clamp(0.0, 1.0);
    let ordinary = match cluster.commonness {
        Commonness::Distinct => 1.0,
        Commonness::Greeting => 0.3,
        Commonness::Template => 0.35,
    };
    size * ordinary
}

/// How sure a cluster's strength is, from the length of the shared text: 0.4 for the shortest indexed
/// texts, 1.0 from 15 shingles (about 16 words or characters) up.
pub fn cluster_confidence(cluster: &TextCluster) -> f64 {
    (0.4 + 0.6 * (cluster.shingles as f64 / 15.0).min(1.0)).clamp(0.0, 1.0)
}

/// What chance predicts of two accounts sharing distinct texts: how many distinct, informative copy texts
/// (cross-account clusters whose commonness is [`Commonness::Distinct`]) each account is in, and in all.
///
/// In a crowd the heavy posters are in many copy clusters and meet each other in several of them by chance
/// alone. A partner counts as *repeated* only when the two share more distinct texts than chance predicts
/// ([`CopyChance::expected_shared`]) so clearly that the Poisson tail stays below [`PARTNER_ALPHA`] divided by
/// the partners tested for that account (those sharing two texts or more): an ordinary account's chance of
/// a false repeated partner is held at 1 %.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CopyChance {
    memberships: HashMap<String, u32>,
    total: f64,
    accounts: f64,
}

impl CopyChance {
    /// Counts the memberships of the informative copy clusters among `clusters`, out of `accounts` accounts
    /// held (those that copy nothing count too: they are who a text could have been shared with).
    pub fn of<'a>(clusters: impl IntoIterator<Item = &'a TextCluster>, accounts: usize) -> CopyChance {
        let mut out = CopyChance { accounts: accounts as f64, ..CopyChance::default() };
        for c in clusters.into_iter().filter(|c| c.is_cross_account() && c.commonness == Commonness::Distinct)
        {
            out.total += c.accounts.len() as f64;
            for a in &c.accounts {
                *out.memberships.entry(a.clone()).or_default() += 1;
            }
        }
        out.accounts = out.accounts.max(out.memberships.len() as f64);
        out
    }

    /// Distinct texts `account` (in the informative clusters `mine`) would share with `partner` by chance:
    /// each other member of one of `mine` is drawn from the accounts held in proportion to how much each
    /// copies (its memberships, plus one so that an account that copied little is not impossible), leaving
    /// out the account itself.
    pub fn expected_shared(&self, account: &str, mine: &[&TextCluster], partner: &str) -> f64 {
        let m_partner = f64::from(self.memberships.get(partner).copied().unwrap_or(0));
        let m_account = f64::from(self.memberships.get(account).copied().unwrap_or(0));
        let pool = (self.total - m_account + self.accounts).max(1.0);
        let draw = (m_partner + 1.0) / pool;
        mine.iter()
            .map(|c| 1.0 - (1.0 - draw).max(0.0).powf(c.accounts.len().saturating_sub(1) as f64))
            .sum::<f64>()
            .min(m_partner)
    }
}

/// The duplicate signal for one account, from the clusters it belongs to.
///
/// Strength is the strongest copy cluster's, combined (`1 − Π(1 − sᵢ)`) with the account's other
/// distinct clusters that repeat one of its partners; confidence
/// is the best cluster's ([`cluster_confidence`]), raised by 0.1 for each further cluster up to two.
/// One account repeating itself adds nothing, but is reported as `self_repeats` in the evidence; an
/// account with only self-repeats gets a signal of strength 0 that says so.
/// `clusters` are the account's own (see [`crate::signals::CrossAccount::text_clusters_of`]; others given are
/// left out); `handle_of` turns an account key into a handle for the evidence.
pub fn assess<'a>(
    account: &str,
    clusters: impl IntoIterator<Item = &'a TextCluster>,
    chance: &CopyChance,
    handle_of: &dyn Fn(&str) -> Option<String>,
) -> Option<Signal> {
    let mine: Vec<&TextCluster> = clusters.into_iter().filter(|c| c.accounts.contains(account)).collect();
    let (copies, own): (Vec<&TextCluster>, Vec<&TextCluster>) =
        mine.into_iter().partition(|c| c.is_cross_account());
    // Repeats: every post of this account beyond its first in each cluster it is in.
    let repeats = |c: &TextCluster| c.posts.iter().filter(|p| p.account == account).count().saturating_sub(1);
    let self_repeats: Vec<serde_json::Value> = own
        .iter()
        .chain(copies.iter())
        .filter(|c| repeats(c) > 0)
        .map(|c| json!({ "text": c.representative, "posts": repeats(c) + 1 }))
        .collect();
    let repeat_posts: usize = own.iter().chain(copies.iter()).map(|c| repeats(c)).sum();
    // Repeated co-action: partners with whom this account shares more distinct informative texts than
    // chance predicts (CopyChance).
    let informative: Vec<&TextCluster> =
        copies.iter().copied().filter(|c| c.commonness == Commonness::Distinct).collect();
    let mut shared_with: BTreeMap<&str, u32> = BTreeMap::new();
    for c in &informative {
        for p in c.accounts.iter().filter(|p| *p != account) {
            *shared_with.entry(p.as_str()).or_default() += 1;
        }
    }
    // Each partner sharing MIN_REPEATED_TEXTS or more texts is one test; the account's chance of any false repeated
    // partner is held at PARTNER_ALPHA (what matters is the rate at which ordinary people are badged).
    let tested = shared_with.values().filter(|k| **k >= MIN_REPEATED_TEXTS).count();
    let threshold = PARTNER_ALPHA / tested.max(1) as f64;
    let mut repeated_partners: Vec<(&str, u32, f64)> = shared_with
        .iter()
        .filter(|(_, k)| **k >= MIN_REPEATED_TEXTS)
        .map(|(p, k)| (*p, *k, chance.expected_shared(account, &informative, p)))
        .filter(|(_, k, expected)| crate::signals::chance::poisson_tail(*k, *expected) <= threshold)
        .collect();
    repeated_partners.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.total_cmp(&b.2)).then(a.0.cmp(b.0)));
    let repeats_partner =
        |c: &TextCluster| c.accounts.iter().any(|a| repeated_partners.iter().any(|r| r.0 == a));
    // One text is one co-action when most of those who posted it posted it together: at least
    // SINGLE_TEXT_MIN_BURST accounts in one burst, and either half of all who posted it or the whole wave
    // within days (a spam wave of hundreds over an afternoon is one co-action; a chain message pasted by
    // dozens over weeks has busy hours too, but most of its posters are elsewhere). Untimed copies
    // (YouTube's "2 days ago") count by their accounts: the burst cannot be known.
    let tight = |c: &TextCluster| {
        let timed = c.posts.iter().filter(|p| p.at.is_some()).take(2).count() >= 2;
        let together = if timed { c.burst_accounts } else { c.accounts.len() };
        let within_days = c.span_seconds().is_some_and(|s| s < TEMPLATE_MIN_SPAN_SECONDS);
        together >= SINGLE_TEXT_MIN_BURST
            && (2 * together >= c.accounts.len() || within_days)
            && c.shingles >= SINGLE_TEXT_MIN_SHINGLES
    };
    // What each cluster may weigh for this account: a distinct text shared with a repeated partner, or
    // posted by many accounts in one tight burst, weighs its full strength; any other copy at most
    // SINGLE_TEXT_CAP.
    let counts_as = |c: &TextCluster| {
        if c.commonness != Commonness::Distinct {
            CountsAs::Common
        } else if repeats_partner(c) {
            CountsAs::RepeatedPartners
        } else if tight(c) {
            CountsAs::TightBurst
        } else {
            CountsAs::SingleText
        }
    };
    let weight_of = |c: &TextCluster| match counts_as(c) {
        CountsAs::RepeatedPartners | CountsAs::TightBurst => cluster_strength(c),
        CountsAs::SingleText | CountsAs::Common => cluster_strength(c).min(SINGLE_TEXT_CAP),
    };
    let evidence_of = |c: &TextCluster| {
        json!({
            "id": c.id,
            "text": c.representative,
            "accounts": c.accounts.len(),
            "burst_accounts": c.burst_accounts,
            "variants": c.variants,
            "commonness": c.commonness.as_str(),
            "span_seconds": c.span_seconds(),
            "strength": cluster_strength(c),
            "counts_as": counts_as(c).as_str(),
            "quotes_set_aside": c.quotes.len(),
            "posts_total": c.posts.len(),
            "posts": evidence_posts(account, &c.posts).into_iter().map(|p| json!({
                "account": p.account,
                "handle": handle_of(&p.account),
                "post_id": p.post_id,
                "at": p.at,
                "text": p.text,
            })).collect::<Vec<_>>(),
        })
    };
    if copies.is_empty() {
        if repeat_posts == 0 {
            return None;
        }
        return Some(Signal {
            kind: SignalKind::Duplicate,
            strength: 0.0,
            confidence: 0.0,
            summary: format!(
                "Repeated its own text {} time{}; one account repeating itself is not counted as coordination.",
                repeat_posts,
                if repeat_posts == 1 { "" } else { "s" }
            ),
            evidence: json!({ "clusters": [], "self_repeats": self_repeats }),
        });
    }
    let best = copies.iter().max_by(|a, b| weight_of(a).total_cmp(&weight_of(b)))?;
    // Further clusters add evidence only when they repeat a partner beyond chance: a network posts many
    // texts with the same accounts, while an ordinary user who joins many share campaigns meets different
    // people each time. Greetings and templates never add.
    let mut miss = 1.0 - weight_of(best);
    for c in &copies {
        if !std::ptr::eq(*c, *best) && counts_as(c) == CountsAs::RepeatedPartners {
            miss *= 1.0 - weight_of(c);
        }
    }
    // The repetition itself is evidence, whenever the copies were posted: two accounts sharing k distinct
    // texts beyond chance weigh 1 − exp(−(k − 1)/2.5) (2 texts 0.33, 3 0.55, 4 0.70, 6 0.86).
    if let Some((_, k, _)) = repeated_partners.first() {
        miss *= (-(f64::from(*k) - 1.0) / REPEAT_SCALE).exp();
    }
    let strength = 1.0 - miss;
    let extra = (copies.len() - 1).min(2) as f64 * 0.1;
    let confidence = (cluster_confidence(best) + extra).clamp(0.0, 1.0);
    let others = best.accounts.len() - 1;
    let span = best.span_seconds().map(describe_span).unwrap_or_else(|| "at unknown times".into());
    let mut summary = format!(
        "Posted the same text as {others} other account{} {span}",
        if others == 1 { "" } else { "s" }
    );
    match best.commonness {
        Commonness::Distinct => {}
        Commonness::Greeting => summary.push_str(" (a greeting many people write alike, so it counts for little)"),
        Commonness::Template => {
            summary.push_str(" (shared by many accounts over a long time, like a slogan or share template, so it counts for little)")
        }
    }
    summary.push('.');
    if copies.len() > 1 {
        summary.push_str(&format!(" {} such texts in all.", copies.len()));
    }
    match (repeated_partners.first(), counts_as(best)) {
        (Some((partner, k, expected)), _) => summary.push_str(&format!(
            " It shares {k} different texts with {}; accounts that copy as much as these two would share about {} by chance.",
            handle_of(partner).map_or_else(|| partner.to_string(), |h| format!("@{h}")),
            crate::signals::timing::format_expected(*expected)
        )),
        (None, CountsAs::SingleText) => summary.push_str(
            " One shared text is what copypasta, jokes and chain messages look like too, so alone it is not a sign.",
        ),
        _ => {}
    }
    let mut ordered = copies.clone();
    ordered.sort_by(|a, b| cluster_strength(b).total_cmp(&cluster_strength(a)));
    let evidence = json!({
        "clusters": ordered.iter().map(|c| evidence_of(c)).collect::<Vec<_>>(),
        "self_repeats": self_repeats,
        "repeated_partners": repeated_partners.iter().take(8).map(|(p, k, expected)| json!({
            "account": p,
            "handle": handle_of(p),
            "texts_shared": k,
            "expected_by_chance": (expected * 1000.0).round() / 1000.0,
        })).collect::<Vec<_>>(),
    });
    Some(Signal {
        kind: SignalKind::Duplicate,
        strength: strength.clamp(0.0, 1.0),
        confidence,
        summary,
        evidence,
    })
}

fn describe_span(seconds: i64) -> String {
    match seconds {
        s if s < 120 => "within two minutes".into(),
        s if s < 3600 => format!("within {} minutes", (s + 59) / 60),
        s if s < 2 * 86_400 => format!("within {} hours", (s + 3599) / 3600),
        s => format!("over {} days", (s + 86_399) / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAMPAIGN: &str =
        "Western media keeps spreading lies about Xinjiang. The truth is people there live happy lives.";

    #[test]
    fn near_copies_by_different_accounts_form_one_cluster() {
        let mut index = DuplicateIndex::default();
        index.insert("x:1", "a", CAMPAIGN, Some(100));
        index.insert("x:2", "b", &format!("{CAMPAIGN} 🇨🇳"), Some(160));
        index.insert("x:3", "c", &CAMPAIGN.to_uppercase(), Some(220));
        index.insert("x:3", "c2", &CAMPAIGN.replace("happy", "very happy"), Some(230));
        index.insert(
            "x:4",
            "d",
            "I had pasta for dinner and it was honestly the best pasta in town.",
            Some(300),
        );
        let clusters = index.clusters();
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].accounts.len(), 3);
        assert_eq!(clusters[0].variants, 2);
        assert_eq!(clusters[0].burst_accounts, 3);
        // Three accounts posting one text within minutes: one co-action, but a tight one.
        let signal = assess("x:2", &clusters, &CopyChance::of(&clusters, 8), &|_| None).expect("signal");
        assert!(signal.weight() >= 0.35, "{signal:?}");
        assert_eq!(signal.evidence["clusters"][0]["counts_as"], "tight_burst");
        assert!(assess("x:4", &clusters, &CopyChance::of(&clusters, 8), &|_| None).is_none());
        let x3 = assess("x:3", &clusters, &CopyChance::of(&clusters, 8), &|_| None).expect("signal");
        assert_eq!(x3.evidence["self_repeats"][0]["posts"], 2, "{x3:?}");
    }

    #[test]
    fn a_text_posted_by_four_accounts_within_minutes_is_a_sign() {
        let mut index = DuplicateIndex::default();
        for (i, account) in ["x:1", "x:2", "x:3", "x:4"].into_iter().enumerate() {
            index.insert(account, &format!("p{i}"), CAMPAIGN, Some(100 + 60 * i as i64));
        }
        let clusters = index.clusters();
        let signal = assess("x:2", &clusters, &CopyChance::of(&clusters, 8), &|_| None).expect("signal");
        assert!(signal.weight() >= 0.35, "{signal:?}");
        assert_eq!(signal.evidence["clusters"][0]["counts_as"], "tight_burst");
    }

    #[test]
    fn regression_issue_13_partners_sharing_many_texts_are_repeated_beyond_chance() {
        // A crowd: 40 people, each pasting a few of 12 chain messages at random; two accounts share 6 texts
        // of their own that nobody else posts, each pair posting them days apart.
        let chains: Vec<String> = (0..12)
            .map(|i| {
                format!(
                    "chain message number {i} that people paste under every post they read, forward it now"
                )
            })
            .collect();
        let mut index = DuplicateIndex::default();
        let mut state = 7u64;
        for person in 0..40 {
            for k in 0..3 {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let chain = &chains[(state >> 40) as usize % chains.len()];
                let at = 1_000_000 + person * 7_919 + k * 500_000;
                index.insert(&format!("x:{person}"), &format!("c{person}-{k}"), chain, Some(at));
            }
        }
        let points = [
            "the harbour project was approved without any public hearing at all, ask your council why",
            "eleven families on the east bank still have no compensation for the flooded warehouses",
            "the ministry's audit of the dredging contract has been delayed for the third time this year",
            "fishermen in the north cove report the catch halved since the breakwater went up last spring",
            "nobody has explained where the ninety million for the ferry terminal actually went so far",
            "the environmental review quietly dropped the section on the mangroves near the old pier",
        ];
        for (t, text) in (0i64..).zip(points) {
            index.insert("x:100", &format!("n{t}"), text, Some(5_000_000 + t * 90_000));
            index.insert("x:101", &format!("m{t}"), text, Some(5_000_000 + t * 90_000 + 40_000));
        }
        let clusters = index.clusters();
        let chance = CopyChance::of(&clusters, 42);
        let pair = assess("x:100", &clusters, &chance, &|_| None).expect("signal");
        assert!(pair.weight() >= 0.35, "{pair:?}");
        assert_eq!(pair.evidence["repeated_partners"][0]["account"], "x:101");
        assert_eq!(pair.evidence["repeated_partners"][0]["texts_shared"], 6);
        for person in 0..40 {
            if let Some(s) = assess(&format!("x:{person}"), &clusters, &chance, &|_| None) {
                assert!(s.weight() < 0.35, "x:{person}: {s:?}");
            }
        }
    }

    #[test]
    fn one_account_repeating_itself_is_not_coordination() {
        let mut index = DuplicateIndex::default();
        index.insert("x:1", "a", CAMPAIGN, Some(100));
        index.insert("x:1", "b", CAMPAIGN, Some(200));
        let clusters = index.clusters();
        assert_eq!(clusters.len(), 1);
        assert!(!clusters[0].is_cross_account());
        let signal =
            assess("x:1", &clusters, &CopyChance::of(&clusters, 8), &|_| None).expect("self-repeat evidence");
        assert_eq!(signal.weight(), 0.0);
        assert!(signal.summary.contains("not counted"), "{}", signal.summary);
    }

    #[test]
    fn a_reply_quoting_its_parent_is_not_a_copy() {
        let mut index = DuplicateIndex::default();
        index.insert_post(&IndexedPost {
            account: "x:1",
            post_id: "p",
            text: CAMPAIGN,
            at: Some(1),
            reply_to: None,
            ..IndexedPost::default()
        });
        for i in 0..3 {
            let id = format!("r{i}");
            let account = format!("x:r{i}");
            index.insert_post(&IndexedPost {
                account: &account,
                post_id: &id,
                text: &format!("{CAMPAIGN} !!"),
                at: Some(10),
                reply_to: Some("p"),
                ..IndexedPost::default()
            });
        }
        assert!(index.clusters().is_empty(), "{:?}", index.clusters());
    }

    #[test]
    fn short_texts_are_not_indexed() {
        let mut index = DuplicateIndex::default();
        assert!(!index.insert("x:1", "a", "Great thread!", None));
        assert!(!index.insert("x:2", "b", "Great thread!", None));
        assert!(index.clusters().is_empty());
    }

    #[test]
    fn removing_an_account_dissolves_its_links() {
        let mut index = DuplicateIndex::default();
        index.insert("x:1", "a", CAMPAIGN, Some(100));
        index.insert("x:2", "b", CAMPAIGN, Some(100));
        index.insert("x:3", "c", &format!("{CAMPAIGN} indeed"), Some(100));
        index.remove_account("x:2");
        index.remove_account("x:1");
        assert!(index.clusters().is_empty());
        assert_eq!(index.len(), 1);
    }

    #[test]
    fn the_index_is_bounded_oldest_first() {
        let mut index = DuplicateIndex::with_max_posts(3);
        for i in 0..5i64 {
            index.insert(&format!("x:{i}"), "p", &format!("{CAMPAIGN} number {i}"), Some(1000 - i));
        }
        assert_eq!(index.len(), 3);
        assert_eq!(index.evicted(), 2);
        let kept: BTreeSet<String> = index.export().posts.into_iter().map(|p| p.account).collect();
        // The posts with the oldest times (accounts 3 and 4) went first.
        assert_eq!(kept, ["x:0", "x:1", "x:2"].into_iter().map(String::from).collect());
    }

    #[test]
    fn a_snapshot_round_trips_through_json() {
        let mut index = DuplicateIndex::default();
        index.insert("x:1", "a", CAMPAIGN, Some(100));
        index.insert_post(&IndexedPost {
            account: "x:2",
            post_id: "b",
            text: CAMPAIGN,
            at: None,
            reply_to: Some("q"),
            ..IndexedPost::default()
        });
        let snapshot = index.export();
        let json = serde_json::to_string(&snapshot).expect("serialise");
        let back: DuplicateSnapshot = serde_json::from_str(&json).expect("parse");
        let mut restored = DuplicateIndex::default();
        let report = restored.import(&back);
        assert_eq!(report.imported, 2, "{report:?}");
        assert_eq!(restored.export(), snapshot);
        assert_eq!(restored.clusters().len(), 1);
        // A new copy meets the restored ones.
        restored.insert("x:3", "c", CAMPAIGN, Some(120));
        assert_eq!(restored.clusters()[0].accounts.len(), 3);
    }

    #[test]
    fn a_damaged_snapshot_is_refused_post_by_post() {
        let mut index = DuplicateIndex::default();
        index.insert("x:1", "a", CAMPAIGN, Some(100));
        let mut snapshot = index.export();
        snapshot.posts.push(SnapshotPost {
            post_id: "b".into(),
            shingle_hashes: String::new(),
            signature: "!!".into(),
            ..snapshot.posts[0].clone()
        });
        let report = DuplicateIndex::default().import(&snapshot);
        assert_eq!(report.imported, 1);
        assert_eq!(report.warnings, vec!["posts[1].signature: not 128 base64 u16".to_string()]);
    }

    /// A small deterministic generator (xorshift64*), so that a failing sequence can be replayed by seed.
    struct Steps(u64);

    impl Steps {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
        }
    }

    const WORDS: [&str; 24] = [
        "river", "market", "council", "budget", "harbour", "winter", "school", "bridge", "railway", "garden",
        "factory", "museum", "library", "festival", "election", "weather", "farmers", "doctors", "tunnel",
        "stadium", "airport", "village", "forest", "ferry",
    ];

    /// A text of one of four near-duplicate families (each of 20 words; a variant has up to three of them
    /// changed, so that variants chain: two edits apart they may not link directly, but through a third),
    /// a greeting, or an unrelated text.
    fn random_text(steps: &mut Steps) -> String {
        let family = steps.below(7);
        if family == 4 {
            return "good morning everyone have a wonderful day".to_string();
        }
        let mut words: Vec<String> = (0..20)
            .map(|i| {
                if family < 4 {
                    format!("{}{}", WORDS[(family * 5 + i) % WORDS.len()], i)
                } else {
                    WORDS[steps.below(WORDS.len())].to_string()
                }
            })
            .collect();
        for _ in 0..steps.below(4) {
            let at = steps.below(words.len());
            words[at] = format!("edit{}", steps.below(6));
        }
        words.join(" ")
    }

    /// Inserts one random post: a family text, reply, manual repost, untimed, or without its text kept.
    fn insert_random(index: &mut DuplicateIndex, steps: &mut Steps, n: usize, tag: &str) {
        let account = format!("x:{}", steps.below(8));
        let id = format!("{tag}{n}");
        let mut text = random_text(steps);
        if steps.below(10) == 0 {
            text = format!("RT @someone: {text}");
        }
        let reply_to = (steps.below(6) == 0).then(|| format!("{tag}{}", steps.below(n.max(1))));
        let at = (steps.below(8) != 0).then(|| 1_000_000 + steps.below(20) as i64 * 3_000);
        let post = IndexedPost {
            account: &account,
            post_id: &id,
            text: &text,
            at,
            reply_to: reply_to.as_deref(),
            page: 0,
        };
        if steps.below(8) == 0 {
            // Restored from history stored without its text; its preview may be filled in later.
            if let Some(fingerprint) = TextFingerprint::of(&text) {
                index.insert_fingerprinted(&IndexedPost { text: "", ..post }, &fingerprint);
            }
        } else {
            index.insert_post(&post);
        }
    }

    #[test]
    fn kept_clusters_are_those_computed_afresh() {
        let (mut checks, mut cross, mut evicted) = (0, 0, 0);
        for seed in 1..=24u64 {
            let mut steps = Steps(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
            let mut index = DuplicateIndex::with_max_posts(24 + steps.below(40));
            for n in 0..500 {
                match steps.below(100) {
                    0..=59 => insert_random(&mut index, &mut steps, n, "p"),
                    60..=63 => index.remove_account(&format!("x:{}", steps.below(8))),
                    64..=67 => {
                        // Texts seen again on a page: previews filled for posts indexed without them.
                        let id = format!("p{}", steps.below(n.max(1)));
                        let text = random_text(&mut steps);
                        for account in 0..8 {
                            index.fill_preview(&format!("x:{account}"), &id, &text);
                        }
                    }
                    68..=69 => {
                        // A snapshot from elsewhere: new posts, and some already held.
                        let mut other = DuplicateIndex::default();
                        for m in 0..steps.below(30) {
                            insert_random(&mut other, &mut steps, m, if m % 3 == 0 { "p" } else { "s" });
                        }
                        index.import(&other.export());
                    }
                    70 => {
                        // The index's own snapshot into a fresh index, which then goes on.
                        let mut restored = DuplicateIndex::with_max_posts(index.max_posts());
                        restored.import(&index.export());
                        assert_eq!(restored.clusters(), restored.clusters_full(), "seed {seed} step {n}");
                        index = restored;
                    }
                    _ => {
                        let kept = index.clusters();
                        assert_eq!(kept, index.clusters_full(), "seed {seed} step {n}");
                        checks += 1;
                        cross += kept.iter().filter(|c| c.is_cross_account() && c.variants > 1).count();
                    }
                }
            }
            evicted += index.evicted();
            assert_eq!(index.clusters(), index.clusters_full(), "seed {seed} at the end");
        }
        // The sequences did exercise what they are meant to.
        assert!(checks > 3_000 && cross > 3_000 && evicted > 1_000, "{checks} {cross} {evicted}");
    }
}
