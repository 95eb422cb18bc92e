//! Duplicated phrasing: the same or near-identical text posted by different accounts.
//!
//! Each informative post is normalised, shingled and MinHashed; a banded LSH index finds candidate pairs as
//! posts arrive, candidates are confirmed on their signatures, and clusters are the connected components of
//! confirmed pairs between different accounts.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use minhash_rs::prelude::*;
use serde_json::json;

use crate::text;
use crate::verdict::{Signal, SignalKind};

/// MinHash permutations per signature.
pub const PERMUTATIONS: usize = 128;
/// LSH bands. 32 bands of 4 rows put the candidate threshold near J = (1/32)^(1/4) ≈ 0.42, so that pairs at the
/// confirmation threshold of 0.6 become candidates with probability 1 − (1 − 0.6⁴)³² ≈ 0.99.
pub const BANDS: usize = 32;
const ROWS: usize = PERMUTATIONS / BANDS;
/// Estimated Jaccard similarity at which two posts count as near-duplicates.
pub const SIMILARITY: f64 = 0.5;
/// Posts with fewer shingles than this are too short to say anything ("Great thread!").
pub const MIN_SHINGLES: usize = 4;

type Signature = MinHash<u64, PERMUTATIONS>;

struct Entry {
    account: String,
    post_id: String,
    at: Option<i64>,
    preview: String,
    shingles: usize,
    signature: Signature,
    bands: [u64; BANDS],
}

/// The index of every informative post the engine holds, with the near-duplicate pairs found so far.
#[derive(Default)]
pub struct DuplicateIndex {
    entries: Vec<Option<Entry>>,
    free: Vec<u32>,
    buckets: HashMap<u64, Vec<u32>>,
    by_post: HashMap<(String, String), u32>,
    pairs: BTreeMap<(u32, u32), f64>,
}

/// A group of posts by different accounts with the same or near-identical text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextCluster {
    /// Stable id (from the earliest post's account and id).
    pub id: String,
    /// The earliest post's text, shortened.
    pub representative: String,
    /// Every member post: (account key, post id, time, text preview).
    pub posts: Vec<(String, String, Option<i64>, String)>,
    /// Distinct account keys.
    pub accounts: BTreeSet<String>,
    /// Shingles of the representative (how long the shared text is).
    pub shingles: usize,
}

impl TextCluster {
    /// Seconds between the first and last timed member post.
    pub fn span_seconds(&self) -> Option<i64> {
        let times: Vec<i64> = self.posts.iter().filter_map(|p| p.2).collect();
        Some(times.iter().max()? - times.iter().min()?)
    }
}

impl DuplicateIndex {
    /// Adds a post; returns false when it is too short to index or already indexed.
    pub fn insert(&mut self, account: &str, post_id: &str, text_raw: &str, at: Option<i64>) -> bool {
        let key = (account.to_string(), post_id.to_string());
        if self.by_post.contains_key(&key) {
            return false;
        }
        let normalised = text::normalise(text_raw);
        let shingles = text::shingles(&normalised);
        if shingles.len() < MIN_SHINGLES {
            return false;
        }
        let signature: Signature = shingles.iter().copied().collect();
        let words: Vec<u64> = signature.iter().copied().collect();
        let mut bands = [0u64; BANDS];
        for (b, band) in words.chunks(ROWS).enumerate() {
            bands[b] = band_hash(band) ^ (b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                self.entries.push(None);
                (self.entries.len() - 1) as u32
            }
        };
        let mut candidates: BTreeSet<u32> = BTreeSet::new();
        for band in &bands {
            let bucket = self.buckets.entry(*band).or_default();
            candidates.extend(bucket.iter().copied());
            bucket.push(slot);
        }
        for other in candidates {
            let Some(o) = self.entries[other as usize].as_ref() else { continue };
            if o.account == account {
                continue;
            }
            let j = signature.estimate_jaccard_index(&o.signature);
            if j >= SIMILARITY {
                self.pairs.insert((other.min(slot), other.max(slot)), j);
            }
        }
        let preview: String = text_raw.chars().take(280).collect();
        self.entries[slot as usize] = Some(Entry {
            account: account.to_string(),
            post_id: post_id.to_string(),
            at,
            preview,
            shingles: shingles.len(),
            signature,
            bands,
        });
        self.by_post.insert(key, slot);
        true
    }

    /// Forgets every post of an account (eviction, or a merge under a new key).
    pub fn remove_account(&mut self, account: &str) {
        let slots: Vec<u32> = self.by_post.iter().filter(|(k, _)| k.0 == account).map(|(_, s)| *s).collect();
        for slot in slots {
            let Some(e) = self.entries[slot as usize].take() else { continue };
            for band in &e.bands {
                if let Some(bucket) = self.buckets.get_mut(band) {
                    bucket.retain(|s| *s != slot);
                    if bucket.is_empty() {
                        self.buckets.remove(band);
                    }
                }
            }
            self.by_post.remove(&(e.account, e.post_id));
            self.free.push(slot);
        }
        self.pairs
            .retain(|(a, b), _| self.entries[*a as usize].is_some() && self.entries[*b as usize].is_some());
    }

    /// The number of indexed posts.
    pub fn len(&self) -> usize {
        self.by_post.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.by_post.is_empty()
    }

    /// Clusters of posts joined by confirmed near-duplicate pairs, spanning two or more accounts.
    pub fn clusters(&self) -> Vec<TextCluster> {
        let mut parent: HashMap<u32, u32> = HashMap::new();
        fn find(parent: &mut HashMap<u32, u32>, x: u32) -> u32 {
            let p = *parent.get(&x).unwrap_or(&x);
            if p == x {
                return x;
            }
            let root = find(parent, p);
            parent.insert(x, root);
            root
        }
        for &(a, b) in self.pairs.keys() {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                parent.insert(ra.max(rb), ra.min(rb));
            }
        }
        let mut groups: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        let nodes: BTreeSet<u32> = self.pairs.keys().flat_map(|(a, b)| [*a, *b]).collect();
        for n in nodes {
            let root = find(&mut parent, n);
            groups.entry(root).or_default().push(n);
        }
        let mut out = Vec::new();
        for members in groups.values() {
            let mut posts: Vec<&Entry> =
                members.iter().filter_map(|s| self.entries[*s as usize].as_ref()).collect();
            posts.sort_by(|a, b| (a.at, &a.account, &a.post_id).cmp(&(b.at, &b.account, &b.post_id)));
            let accounts: BTreeSet<String> = posts.iter().map(|e| e.account.clone()).collect();
            if accounts.len() < 2 {
                continue;
            }
            let first = posts[0];
            out.push(TextCluster {
                id: format!(
                    "dup-{:016x}",
                    text::hash_str(&format!("{}/{}", first.account, first.post_id), 9)
                ),
                representative: first.preview.clone(),
                posts: posts
                    .iter()
                    .map(|e| (e.account.clone(), e.post_id.clone(), e.at, e.preview.clone()))
                    .collect(),
                accounts,
                shingles: first.shingles,
            });
        }
        out
    }
}

/// How strongly a cluster's size and tightness point at coordination, 0..1.
///
/// Two accounts sharing a text is weak (people quote each other); three is a sign; five or more posting
/// within hours is strong. A cluster spread over more than a week loses half its strength: slogans and
/// share templates travel slowly, campaigns post in bursts.
pub fn cluster_strength(cluster: &TextCluster) -> f64 {
    let n = cluster.accounts.len() as f64;
    let size = 1.0 - (-(n - 1.0) / 2.0).exp();
    let tight = match cluster.span_seconds() {
        Some(s) if s <= 3 * 3600 => 1.0,
        Some(s) if s <= 7 * 86_400 => 0.85,
        Some(_) => 0.5,
        None => 0.8,
    };
    (size * tight).clamp(0.0, 1.0)
}

/// The duplicate signal for one account, from the clusters it belongs to.
///
/// `handle_of` turns an account key into a handle for the evidence.
pub fn assess(
    account: &str,
    clusters: &[TextCluster],
    handle_of: &dyn Fn(&str) -> Option<String>,
) -> Option<Signal> {
    let mine: Vec<&TextCluster> = clusters.iter().filter(|c| c.accounts.contains(account)).collect();
    let best = mine.iter().max_by(|a, b| cluster_strength(a).total_cmp(&cluster_strength(b)))?;
    let strength = cluster_strength(best);
    // Longer shared texts are less likely to meet by chance; more clusters, more evidence.
    let confidence = ((best.shingles as f64 / 12.0).min(1.0) * 0.8
        + 0.2 * (mine.len() as f64 / 3.0).min(1.0))
    .clamp(0.0, 1.0);
    let others = best.accounts.len() - 1;
    let span = best.span_seconds().map(describe_span).unwrap_or_else(|| "at unknown times".into());
    let summary = format!(
        "Posted the same text as {others} other account{} {span}.",
        if others == 1 { "" } else { "s" }
    );
    let evidence = json!({
        "clusters": mine.iter().map(|c| json!({
            "id": c.id,
            "text": c.representative,
            "accounts": c.accounts.len(),
            "span_seconds": c.span_seconds(),
            "posts": c.posts.iter().map(|(acc, id, at, preview)| json!({
                "account": acc,
                "handle": handle_of(acc),
                "post_id": id,
                "at": at,
                "text": preview,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    Some(Signal { kind: SignalKind::Duplicate, strength, confidence, summary, evidence })
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
        index.insert(
            "x:4",
            "d",
            "I had pasta for dinner and it was honestly the best pasta in town.",
            Some(300),
        );
        let clusters = index.clusters();
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].accounts.len(), 3);
        let signal = assess("x:2", &clusters, &|_| None).expect("signal");
        assert!(signal.weight() >= 0.35, "{signal:?}");
        assert!(assess("x:4", &clusters, &|_| None).is_none());
    }

    #[test]
    fn one_account_repeating_itself_is_not_a_cluster() {
        let mut index = DuplicateIndex::default();
        index.insert("x:1", "a", CAMPAIGN, Some(100));
        index.insert("x:1", "b", CAMPAIGN, Some(200));
        assert!(index.clusters().is_empty());
    }

    #[test]
    fn short_texts_are_not_indexed() {
        let mut index = DuplicateIndex::default();
        assert!(!index.insert("x:1", "a", "Great thread!", None));
        assert!(!index.insert("x:2", "b", "Great thread!", None));
        assert!(index.clusters().is_empty());
    }

    #[test]
    fn removing_an_account_dissolves_its_pairs() {
        let mut index = DuplicateIndex::default();
        index.insert("x:1", "a", CAMPAIGN, Some(100));
        index.insert("x:2", "b", CAMPAIGN, Some(100));
        index.remove_account("x:2");
        assert!(index.clusters().is_empty());
        assert_eq!(index.len(), 1);
    }
}
