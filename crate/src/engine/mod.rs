//! The engine: takes observations in batches, keeps a bounded history per account, and scores accounts.
//!
//! **Architecture Invariant:** the engine is deterministic (the same observations in the same order give the
//! same verdicts), bounded in memory (see [`Limits`]), and never panics on any input.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::features::{PostFeatures, StoredFingerprint, TextFingerprint};
/// Kept at this path for archive mode and the examples (the history types live in [`crate::history`]).
use crate::history::{account_key, AccountHistory};
use crate::history::{handle_alias, PostRecord, SeenName};
use crate::observation::{Account, Observation, Post, PostTime, Record, Site, Source};
use crate::pages::{self, PageToken};
use crate::signals::duplicate::{DuplicateIndex, IndexedPost};
use crate::signals::{self, CrossAccount, HistoryReading};
use crate::verdict::{self, AccountRef, BadgeSummary, Cluster, Verdict, VERDICT_SCHEMA};

mod ingest;
mod stored;
#[cfg(test)]
mod tests;

pub use self::stored::{HistoryError, HistorySnapshot, HISTORY_SCHEMA, HISTORY_SCHEMA_V1};

/// The bounds on what the engine holds. Past them, the least recently seen accounts and the oldest posts go
/// first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Accounts held at most.
    pub max_accounts: usize,
    /// Posts held per account at most (the oldest by post time are dropped).
    pub max_posts_per_account: usize,
    /// Characters kept of each post's text.
    pub max_text_chars: usize,
    /// Distinct names and handles remembered per account.
    pub max_names: usize,
    /// Posts held in the near-duplicate index across all accounts (the oldest go first).
    pub max_indexed_posts: usize,
}

impl Limits {
    /// The bounds used inside the browser extension, where memory is shared with the page.
    pub fn browser() -> Self {
        Limits {
            max_accounts: 5_000,
            max_posts_per_account: 200,
            max_text_chars: 600,
            max_names: 8,
            max_indexed_posts: 20_000,
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_accounts: 20_000,
            max_posts_per_account: 400,
            max_text_chars: 1_000,
            max_names: 16,
            max_indexed_posts: crate::signals::duplicate::MAX_POSTS,
        }
    }
}

/// Counts of what an ingest took in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestStats {
    /// Account observations taken.
    pub accounts: usize,
    /// Post observations taken (new posts).
    pub posts_new: usize,
    /// Post observations of posts already held.
    pub posts_known: usize,
    /// Posts taken from the sites' JSON.
    pub posts_from_json: usize,
    /// Posts taken from the rendered page.
    pub posts_from_dom: usize,
    /// Observations refused (malformed: empty ids, inverted time ranges).
    pub refused: usize,
}

/// The page-level report: every cluster found and how many accounts are at each level.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageReport {
    /// Clusters of accounts joined by one kind of evidence.
    pub clusters: Vec<Cluster>,
    /// Accounts held, by level.
    pub levels: BTreeMap<String, usize>,
    /// Totals of what was taken in since the engine started.
    pub totals: IngestStats,
}

/// The scoring engine. See the module documentation for its invariants.
#[derive(Default)]
pub struct Engine {
    limits: Limits,
    accounts: HashMap<String, AccountHistory>,
    aliases: HashMap<String, String>,
    duplicates: DuplicateIndex,
    clock: u64,
    totals: IngestStats,
    /// Cross-account findings, computed on the first verdict after an ingest.
    cross: std::cell::OnceCell<CrossAccount>,
    /// Verdicts given since the last change ([`Engine::changed`]), by resolved key: a page asks for the same
    /// badges again and again between ingests. At most [`MAX_CACHED_VERDICTS`].
    verdict_cache: std::cell::RefCell<HashMap<(PageToken, String), Verdict>>,
    /// What was read of each account's history alone (drift, the timing analysis), by resolved key, with the
    /// history's `touched` when read: kept across changes and read again once that account changes, since an
    /// ingest changes few of the accounts on a page. At most [`MAX_CACHED_VERDICTS`].
    readings: std::cell::RefCell<HashMap<String, (u64, std::rc::Rc<HistoryReading>)>>,
    /// The page the batch being taken in came from ([`Engine::ingest_from`]); empty for trusted input.
    page: String,
    /// Its token, which each post taken in keeps.
    page_token: PageToken,
    /// Handles claimed by an id against what is held (a rename, or a handle another id holds), by alias:
    /// the claimed key and the page that claimed it. A second page making the same claim confirms it.
    claims: HashMap<String, (String, String)>,
    /// What the reader asked to look for ([`Engine::set_focus`]).
    focus: signals::Focus,
}

/// The share of the accounts held that one batch may push out, at most (one in twenty): past it, the batch's
/// own accounts make room. A forged capture of 5,000 accounts once pushed out every account held
/// (issue #17, finding 1).
pub const MAX_EVICTED_PER_BATCH_DIVISOR: usize = 20;

/// Handle claims awaiting a second page, at most; past it they start again.
const MAX_PENDING_CLAIMS: usize = 10_000;

/// Verdicts the engine keeps between ingests, at most: a page's badges, several times over. Past it, the cache
/// starts again.
pub const MAX_CACHED_VERDICTS: usize = 2_000;

/// The longest account or post id taken in; a longer one is refused. No site's ids come near it (X's are
/// 19 digits, YouTube's channel ids 24 characters, its reply ids about 50), and every id is stored, keyed
/// and sent to the page (issue #17, finding 4).
pub const MAX_ID_CHARS: usize = 128;
/// Characters kept of a name, handle, location, posting client, language label or other short field.
pub const MAX_FIELD_CHARS: usize = 100;
/// Characters kept of a bio (X allows 160, YouTube's channel descriptions 1,000).
pub const MAX_BIO_CHARS: usize = 1_000;
/// The latest time taken in, Unix seconds (2100-01-01): a time past it is a forgery or a unit mistake, and
/// JavaScript cannot hold every integer past 2^53 (issue #17, finding 8).
pub const MAX_TIME: i64 = 4_102_444_800;

/// Whether a time (Unix seconds) is one the engine takes in: from 1970 to [`MAX_TIME`].
fn plausible_time(t: i64) -> bool {
    (0..=MAX_TIME).contains(&t)
}

impl Engine {
    /// An engine with the given limits.
    pub fn with_limits(limits: Limits) -> Self {
        Engine {
            limits,
            duplicates: DuplicateIndex::with_max_posts(limits.max_indexed_posts),
            ..Engine::default()
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The number of accounts held.
    pub fn account_count(&self) -> usize {
        self.accounts.len()
    }

    /// The history of an account, by key (`x:123`) or handle alias (`x:@alice`).
    pub fn history(&self, key: &str) -> Option<&AccountHistory> {
        self.accounts.get(&self.resolve(key))
    }

    /// Every account's history, in key order.
    pub fn histories(&self) -> Vec<&AccountHistory> {
        let mut all: Vec<&AccountHistory> = self.accounts.values().collect();
        crate::sort::sort_by_key(&mut all, |h| h.key());
        all
    }

    fn resolve(&self, key: &str) -> String {
        if let Some(real) = self.aliases.get(&crate::text::lowercase(key)) {
            return real.clone();
        }
        key.to_string()
    }

    /// What joins accounts: computed once per ingest.
    pub fn cross_account(&self) -> &CrossAccount {
        self.cross.get_or_init(|| {
            let histories = self.histories();
            signals::cross_account(&histories, &self.duplicates, &|k| self.handle_of(k))
        })
    }

    /// The verdict on one account, by key or handle alias, as no page sees it: a cross-account finding that
    /// one page alone delivered does not count ([`crate::pages`]).
    pub fn verdict(&self, key: &str) -> Option<Verdict> {
        self.cached_verdict(&self.resolve(key), pages::TRUSTED)
    }

    /// The verdict on one account as the page labelled `page` sees it ([`Engine::ingest_from`]): what that page
    /// alone delivered counts there too.
    pub fn verdict_for(&self, key: &str, page: &str) -> Option<Verdict> {
        self.cached_verdict(&self.resolve(key), pages::token_of(page))
    }

    /// The verdict on a held account by resolved key as `viewer` sees it, given once per change and then cloned.
    fn cached_verdict(&self, key: &str, viewer: PageToken) -> Option<Verdict> {
        self.cached_verdict_of((viewer, key.to_string()))
    }

    /// [`Engine::cached_verdict`] by its cache key: (viewer, resolved key).
    fn cached_verdict_of(&self, cached: (PageToken, String)) -> Option<Verdict> {
        if let Some(v) = self.verdict_cache.borrow().get(&cached) {
            return Some(v.clone());
        }
        let v = self.verdict_keeping_reading(&cached.1, self.cross_account(), cached.0)?;
        let mut cache = self.verdict_cache.borrow_mut();
        if cache.len() >= MAX_CACHED_VERDICTS {
            cache.clear();
        }
        cache.insert(cached, v.clone());
        Some(v)
    }

    /// What the badge of one account needs, as no page sees it ([`Engine::badge_for`]).
    pub fn badge(&self, key: &str) -> Option<BadgeSummary> {
        self.badge_for(key, "")
    }

    /// What the badge of one account needs (by key or handle alias) as the page labelled `page` sees it, without
    /// cloning the verdict's evidence: a page asks for hundreds of badges at a time (issue #17, finding 3).
    pub fn badge_for(&self, key: &str, page: &str) -> Option<BadgeSummary> {
        let cached = (pages::token_of(page), self.resolve(key));
        if let Some(v) = self.verdict_cache.borrow().get(&cached) {
            return Some(v.badge());
        }
        self.cached_verdict_of(cached).map(|v| v.badge())
    }

    /// The verdicts on every account held, in key order, as no page sees them ([`Engine::verdict`]).
    pub fn verdicts(&self) -> Vec<Verdict> {
        let cross = self.cross_account();
        let mut keys: Vec<&String> = self.accounts.keys().collect();
        crate::sort::sort(&mut keys);
        // Read from the cache, not added to it: every account's verdict held twice is too much to keep.
        let cache = self.verdict_cache.borrow();
        keys.into_iter()
            .filter_map(|k| {
                cache
                    .get(&(pages::TRUSTED, k.clone()))
                    .cloned()
                    .or_else(|| self.verdict_without_keeping(k, cross, pages::TRUSTED))
            })
            .collect()
    }

    /// The verdicts on every account held, in key order, against cross-account findings made elsewhere (the
    /// command line's archive mode joins several engines and searches copies over a whole archive);
    /// `handle_of` names accounts held anywhere. Nothing is cached.
    pub fn verdicts_against(
        &self,
        cross: &CrossAccount,
        handle_of: &dyn Fn(&str) -> Option<String>,
    ) -> Vec<Verdict> {
        let mut keys: Vec<&String> = self.accounts.keys().collect();
        crate::sort::sort(&mut keys);
        keys.into_iter()
            .filter_map(|k| {
                let h = self.accounts.get(k)?;
                let assessment = signals::assess_read(
                    h,
                    &HistoryReading::of(h),
                    cross,
                    pages::TRUSTED,
                    &self.focus,
                    handle_of,
                );
                Some(verdict_of(h, assessment, cross.cluster_ids_seen(k, pages::TRUSTED)))
            })
            .collect()
    }

    fn handle_of(&self, key: &str) -> Option<String> {
        self.accounts.get(key).and_then(|h| h.account.handle.clone())
    }

    /// The verdict on a held account as `viewer` sees it, keeping what was read of its history for the next
    /// time ([`Engine::kept_reading_of`]).
    fn verdict_keeping_reading(&self, key: &str, cross: &CrossAccount, viewer: PageToken) -> Option<Verdict> {
        let h = self.accounts.get(key)?;
        Some(self.verdict_read(key, h, &self.kept_reading_of(key, h), cross, viewer))
    }

    /// The verdict on a held account as `viewer` sees it, keeping nothing new.
    fn verdict_without_keeping(&self, key: &str, cross: &CrossAccount, viewer: PageToken) -> Option<Verdict> {
        let h = self.accounts.get(key)?;
        Some(self.verdict_read(key, h, &self.reading_of(key, h), cross, viewer))
    }

    fn verdict_read(
        &self,
        key: &str,
        h: &AccountHistory,
        reading: &HistoryReading,
        cross: &CrossAccount,
        viewer: PageToken,
    ) -> Verdict {
        let assessment = signals::assess_read(h, reading, cross, viewer, &self.focus, &|k| self.handle_of(k));
        verdict_of(h, assessment, cross.cluster_ids_seen(key, viewer))
    }

    /// What was read of a history alone: the one kept from the last time when the history has not changed
    /// since, else read now (and not kept).
    fn reading_of(&self, key: &str, h: &AccountHistory) -> std::rc::Rc<HistoryReading> {
        if let Some((touched, reading)) = self.readings.borrow().get(key) {
            if *touched == h.touched {
                return reading.clone();
            }
        }
        std::rc::Rc::new(HistoryReading::of(h))
    }

    /// [`Engine::reading_of`], kept for the next time.
    fn kept_reading_of(&self, key: &str, h: &AccountHistory) -> std::rc::Rc<HistoryReading> {
        let reading = self.reading_of(key, h);
        let mut readings = self.readings.borrow_mut();
        if readings.get(key).is_none_or(|(touched, _)| *touched != h.touched) {
            if readings.len() >= MAX_CACHED_VERDICTS {
                readings.clear();
            }
            readings.insert(key.to_string(), (h.touched, reading.clone()));
        }
        reading
    }

    /// Every cluster, and the count of accounts at each level, as no page sees them ([`Engine::verdict`]).
    pub fn page_report(&self) -> PageReport {
        self.report_for(None, pages::TRUSTED)
    }

    /// The report limited to the given accounts (those shown on one page) as the page labelled `page` sees it:
    /// their levels, and the clusters that include at least one of them (with all members, wherever they were
    /// seen) and count there.
    pub fn page_report_for(&self, keys: &[String], page: &str) -> PageReport {
        self.report_for(Some(keys), pages::token_of(page))
    }

    fn report_for(&self, keys: Option<&[String]>, viewer: PageToken) -> PageReport {
        let cross = self.cross_account();
        // Filled by insertion, not collected: a collected set sorts its input with a copy of the standard sort
        // of its own.
        let wanted = keys.map(|ks| {
            let mut set = std::collections::BTreeSet::new();
            set.extend(ks.iter().map(|k| self.resolve(k)).filter(|k| self.accounts.contains_key(k)));
            set
        });
        let clusters: Vec<Cluster> = match &wanted {
            Some(w) => cross.clusters_of_any(w).into_iter().cloned().collect(),
            None => cross.clusters.clone(),
        };
        let clusters = clusters.into_iter().filter(|c| c.seen_on.counts_for(viewer)).collect();
        let mut levels = BTreeMap::new();
        let verdicts: Vec<Verdict> = match &wanted {
            Some(w) => w.iter().filter_map(|k| self.cached_verdict(k, viewer)).collect(),
            None => self.verdicts(),
        };
        for v in verdicts {
            *levels.entry(v.level.as_str().to_string()).or_insert(0) += 1;
        }
        PageReport { clusters, levels, totals: self.totals.clone() }
    }

    /// Sets what the reader looks for (the operators' zones whose office shift counts a little more); the
    /// verdicts given before are forgotten when it changes.
    pub fn set_focus(&mut self, focus: signals::Focus) {
        if self.focus != focus {
            self.focus = focus;
            self.verdict_cache.get_mut().clear();
        }
    }

    /// Forgets what was computed from what was held: the cross-account findings and the verdicts given. Every
    /// change to the accounts or the duplicate index ends here.
    fn changed(&mut self) {
        self.cross = std::cell::OnceCell::new();
        self.verdict_cache.get_mut().clear();
    }
}

/// The verdict on one held account from what its signals said, and the clusters it is in.
fn verdict_of(h: &AccountHistory, assessment: signals::Assessment, clusters: Vec<String>) -> Verdict {
    let (level, score) = verdict::combine(&assessment.signals, assessment.enough_data);
    Verdict {
        schema: VERDICT_SCHEMA.to_string(),
        site: h.site,
        account: AccountRef {
            id: h.account.id.clone(),
            handle: h.account.handle.clone(),
            name: h.account.name.clone(),
        },
        level,
        score,
        signals: assessment.signals,
        clusters,
        posts_seen: h.posts.len(),
        unknowns: assessment.unknowns.iter().map(|m| m.english()).collect(),
        unknown_messages: assessment.unknowns,
    }
}
