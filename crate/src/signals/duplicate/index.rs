//! The duplicate index: posts filed by group of identical sketches, a banded LSH table over the groups, and
//! the confirmed links between groups, bounded oldest first ([`MAX_POSTS`]).

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use super::*;

/// A hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default)]
pub(super) struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = avalanche(self.0 ^ u64::from(b));
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
pub(super) struct ShortKeys(u64);

impl Hasher for ShortKeys {
    fn finish(&self) -> u64 {
        avalanche(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = text::fnv1a(self.0 ^ text::FNV_OFFSET, bytes.iter().copied());
    }
}

/// A post named by (account key, post id).
#[cfg(feature = "measure")]
pub type PostRef = (String, String);

pub(super) type HashedMap<V> = HashMap<u64, V, BuildHasherDefault<PreHashed>>;
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

pub(super) struct Entry {
    pub(super) account: u32,
    pub(super) post_id: Box<str>,
    pub(super) post_hash: u64,
    pub(super) reply_to: Option<u64>,
    pub(super) at: Option<i64>,
    pub(super) age: (i64, u64),
    pub(super) shingles: u16,
    pub(super) phatic: bool,
    pub(super) repost: bool,
    pub(super) group: u32,
    pub(super) preview: Box<str>,
    pub(super) page: PageToken,
}

pub(super) struct Group {
    /// The band keys it is filed under (kept to take it out again without recomputing them).
    pub(super) bands: [u32; BANDS],
    pub(super) sketch: Sketch,
    pub(super) members: Vec<u32>,
    /// Confirmed near-duplicate groups inserted before this one: (slot, generation).
    pub(super) links: Vec<(u32, u32)>,
}

/// The LSH buckets: one open-addressed table of (band key, group) pairs with linear probing, in which a key
/// is held once per group in its bucket. A bucket is read as the run of slots from the key's home slot to the
/// first empty one, and a new pair is written into that empty slot: one pass over contiguous memory does both.
///
/// Why not a `HashMap<u32, Vec<u32>>`: a post probes all [`BANDS`] buckets, and in a large index each probe
/// is a cache miss. Here a probe is one 8-byte slot (key and group side by side, no separate control bytes
/// or bucket lists), and [`BucketTable::read_and_add_all`] loads the home slots of all bands before it walks
/// any run, so the misses overlap instead of following one another.
pub(super) struct BucketTable {
    /// `key << 32 | group`, or [`BucketTable::EMPTY`].
    pub(super) slots: Vec<u64>,
    pub(super) len: usize,
    /// `64 - log2(slots.len())`: a key's home is the top bits of its product with an odd constant.
    pub(super) shift: u32,
}

impl Default for BucketTable {
    fn default() -> Self {
        BucketTable::with_capacity_log2(6)
    }
}

impl BucketTable {
    /// No pair is `u32::MAX << 32 | u32::MAX`: that would need four billion groups.
    const EMPTY: u64 = u64::MAX;

    pub(super) fn with_capacity_log2(bits: u32) -> Self {
        BucketTable { slots: vec![Self::EMPTY; 1 << bits], len: 0, shift: 64 - bits }
    }

    pub(super) fn home(&self, key: u32) -> usize {
        (u64::from(key).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    pub(super) fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// Keeps the table at most 5/8 full after `more` pairs are added: linear probing's runs stay short
    /// (about 1.8 slots read per lookup at that load).
    pub(super) fn reserve(&mut self, more: usize) {
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
    pub(super) fn read_and_add_all(&mut self, keys: &[u32; BANDS], g: u32, out: &mut Vec<u32>) {
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
    pub(super) fn remove(&mut self, key: u32, g: u32) {
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
pub(super) struct GroupSlot {
    pub(super) generation: u32,
    pub(super) group: Option<Group>,
}

#[derive(Default)]
pub(super) struct AccountSlot {
    pub(super) key: Box<str>,
    pub(super) posts: Vec<u32>,
}

/// The index of every informative post the engine holds, with the near-duplicates found so far.
pub struct DuplicateIndex {
    pub(super) max_posts: usize,
    pub(super) exact_sketches: bool,
    pub(super) entries: Vec<Option<Entry>>,
    pub(super) free_entries: Vec<u32>,
    pub(super) groups: Vec<GroupSlot>,
    pub(super) free_groups: Vec<u32>,
    /// Groups by [`Sketch::key`]: an exact copy of a text already held finds its group in one lookup.
    pub(super) by_sketch: HashedMap<u32>,
    pub(super) buckets: BucketTable,
    pub(super) by_post: HashedMap<u32>,
    pub(super) account_ids: HashMap<Box<str>, u32, BuildHasherDefault<ShortKeys>>,
    pub(super) accounts: Vec<AccountSlot>,
    pub(super) free_accounts: Vec<u32>,
    /// Entries by (eviction age, slot), oldest on top; entries removed otherwise stay until popped.
    pub(super) by_age: BinaryHeap<Reverse<((i64, u64), u32)>>,
    pub(super) seq: u64,
    pub(super) latest_at: i64,
    pub(super) evicted: u64,
    /// The clusters as last built, and what changed since ([`DuplicateIndex::clusters`]).
    pub(super) built: RefCell<BuiltClusters>,
}

impl Default for DuplicateIndex {
    fn default() -> Self {
        DuplicateIndex::with_max_posts(MAX_POSTS)
    }
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
    /// ([`EXACT_SHINGLES`]); for measuring what the estimate costs (`measure` feature: the evaluation programs).
    #[cfg(feature = "measure")]
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
    pub(super) fn insert_fingerprint(
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
    pub(super) fn group_for(&mut self, fingerprint: &TextFingerprint) -> u32 {
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
        crate::sort::u32s(&mut candidates);
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

    pub(super) fn account_id(&mut self, account: &str) -> u32 {
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

    pub(super) fn remove_entry(&mut self, slot: u32) {
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
    pub(super) fn live_ages(&self) -> Vec<((i64, u64), u32)> {
        let mut ages: Vec<((i64, u64), u32)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(slot, e)| Some((e.as_ref()?.age, slot as u32)))
            .collect();
        crate::sort::sort(&mut ages);
        ages
    }

    /// The account of every held post, oldest first (for tests of eviction).
    #[cfg(test)]
    pub(super) fn accounts_held(&self) -> Vec<String> {
        let entry = |slot: u32| self.entries[slot as usize].as_ref();
        self.live_ages()
            .into_iter()
            .filter_map(|(_, slot)| Some(self.accounts[entry(slot)?.account as usize].key.to_string()))
            .collect()
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

    /// The members of every group of posts with one exact signature. For measuring search quality (`measure`).
    #[cfg(feature = "measure")]
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
    /// one post of each group. For measuring search quality; clusters use the same links (`measure`).
    #[cfg(feature = "measure")]
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
}

/// The root of `x` in a union-find forest, halving the path on the way.
pub(super) fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

pub(super) fn post_hash(post_id: &str) -> u64 {
    text::hash_str(post_id, 7)
}

pub(super) fn post_key(account: &str, post_id: &str) -> u64 {
    avalanche(text::hash_str(account, 5) ^ text::hash_str(post_id, 6).rotate_left(17))
}
