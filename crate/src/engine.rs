//! The engine: takes observations in batches, keeps a bounded history per account, and scores accounts.
//!
//! **Architecture Invariant:** the engine is deterministic (the same observations in the same order give the
//! same verdicts), bounded in memory (see [`Limits`]), and never panics on any input.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::features::{PostFeatures, StoredFingerprint, TextFingerprint};
/// Kept at this path for archive mode and the examples (the history types live in [`crate::history`]).
pub use crate::history::{account_key, AccountHistory};
use crate::history::{handle_alias, PostRecord, SeenName};
use crate::observation::{Account, Observation, Post, PostTime, Record, Site, Source};
use crate::pages::{self, PageToken};
use crate::signals::duplicate::{DuplicateIndex, IndexedPost};
use crate::signals::{self, CrossAccount, HistoryReading};
use crate::verdict::{self, AccountRef, BadgeSummary, Cluster, Verdict, VERDICT_SCHEMA};

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
        all.sort_by_key(|h| h.key());
        all
    }

    fn resolve(&self, key: &str) -> String {
        if let Some(real) = self.aliases.get(&key.to_lowercase()) {
            return real.clone();
        }
        key.to_string()
    }

    /// Takes in a batch of observations from a trusted source (a dataset, stored history): every handle
    /// it binds to an id is taken at its word.
    pub fn ingest(&mut self, batch: &[Observation]) -> IngestStats {
        self.ingest_from(batch, "")
    }

    /// Takes in a batch of observations that a page delivered; `page` names that page (any label the
    /// caller can vouch for: two pages have different labels). What one page says is not enough to move a
    /// handle from one account to another: an id claiming a handle other than the one held for it, or a
    /// handle held by another id, is taken only once a second page says the same (issue #17, finding 1).
    pub fn ingest_from(&mut self, batch: &[Observation], page: &str) -> IngestStats {
        page.clone_into(&mut self.page);
        self.page_token = pages::token_of(page);
        let batch_start = self.clock;
        let mut stats = IngestStats::default();
        for obs in batch {
            self.clock += 1;
            match &obs.record {
                Record::Account(a) => {
                    if !id_ok(&a.id) {
                        stats.refused += 1;
                        continue;
                    }
                    self.take_account(obs.site, a, obs.seen.observed_at.clamp(0, MAX_TIME));
                    stats.accounts += 1;
                }
                Record::Post(p) => {
                    if !id_ok(&p.id) || !id_ok(&p.account_id) || p.created.is_some_and(|t| !time_ok(t)) {
                        stats.refused += 1;
                        continue;
                    }
                    if self.take_post(obs.site, p, obs.seen.source, obs.seen.observed_at.clamp(0, MAX_TIME)) {
                        stats.posts_new += 1;
                        match obs.seen.source {
                            Source::Graphql => stats.posts_from_json += 1,
                            Source::Dom => stats.posts_from_dom += 1,
                            Source::Import => {}
                        }
                    } else {
                        stats.posts_known += 1;
                    }
                }
            }
        }
        self.page.clear();
        self.page_token = pages::TRUSTED;
        self.evict(batch_start);
        self.changed();
        self.totals.accounts += stats.accounts;
        self.totals.posts_new += stats.posts_new;
        self.totals.posts_known += stats.posts_known;
        self.totals.posts_from_json += stats.posts_from_json;
        self.totals.posts_from_dom += stats.posts_from_dom;
        self.totals.refused += stats.refused;
        stats
    }

    fn entry(&mut self, site: Site, id: &str, now: i64) -> &mut AccountHistory {
        let key = self.resolve(&account_key(site, id));
        let clock = self.clock;
        let id = key.split_once(':').map(|(_, id)| id.to_string()).unwrap_or_default();
        let history = self.accounts.entry(key).or_insert_with(|| AccountHistory::new(site, &id, now));
        history.touched = clock;
        history.last_observed = history.last_observed.max(now);
        history
    }

    fn take_account(&mut self, site: Site, a: &Account, now: i64) {
        let limits = self.limits;
        let a = &bounded_account(a);
        // A handle that one page alone claims against what is held is not taken (the rest of what the
        // observation says is).
        let unconfirmed;
        let a =
            match a.handle.as_deref().filter(|h| !a.id.starts_with('@') && !self.claim_holds(site, &a.id, h))
            {
                Some(_) => {
                    unconfirmed = Account { handle: None, ..a.clone() };
                    &unconfirmed
                }
                None => a,
            };
        // A real id arriving with a handle absorbs what was filed under that handle alone.
        if let Some(handle) = a.handle.as_deref().filter(|_| !a.id.starts_with('@')) {
            let alias = handle_alias(site, handle);
            let real = account_key(site, &a.id);
            if self.aliases.get(&alias) != Some(&real) {
                self.aliases.insert(alias.clone(), real.clone());
                if let Some(old) = self.accounts.remove(&alias) {
                    self.duplicates.remove_account(&alias);
                    let posts = old.posts.clone();
                    let target = self.entry(site, &a.id, now);
                    target.first_observed = target.first_observed.min(old.first_observed);
                    for n in old.names {
                        remember(&mut target.names, &n.value, n.first_seen, limits.max_names);
                    }
                    for p in posts {
                        self.add_post_record(&real, p);
                    }
                }
            }
        }
        let h = self.entry(site, &a.id, now);
        h.account.update(a);
        if let Some(name) = &a.name {
            remember(&mut h.names, name, now, limits.max_names);
        }
        if let Some(handle) = &a.handle {
            remember(&mut h.handles, handle, now, limits.max_names);
        }
    }

    /// Whether the handle `handle` may be bound to the real id `id` now: at once when nothing held says
    /// otherwise or the input is trusted; when it contradicts what is held (the id is known by another
    /// handle, or another id is known by this one), only once a second page has said the same.
    fn claim_holds(&mut self, site: Site, id: &str, handle: &str) -> bool {
        let alias = handle_alias(site, handle);
        let real = account_key(site, id);
        let held_handle = |key: &str| self.accounts.get(key).and_then(|h| h.account.handle.as_deref());
        let renamed = held_handle(&real).is_some_and(|h| !h.eq_ignore_ascii_case(handle));
        let taken = self.aliases.get(&alias).is_some_and(|other| {
            *other != real && held_handle(other).is_some_and(|h| h.eq_ignore_ascii_case(handle))
        });
        if self.page.is_empty() || !(renamed || taken) {
            return true;
        }
        match self.claims.get(&alias) {
            Some((claimed, page)) if *claimed == real && *page != self.page => {
                self.claims.remove(&alias);
                true
            }
            Some((claimed, _)) if *claimed == real => false,
            _ => {
                if self.claims.len() >= MAX_PENDING_CLAIMS {
                    self.claims.clear();
                }
                self.claims.insert(alias, (real, self.page.clone()));
                false
            }
        }
    }

    fn take_post(&mut self, site: Site, p: &Post, source: Source, now: i64) -> bool {
        let text: String = if p.repost_of.is_some() {
            String::new()
        } else {
            p.text.chars().take(self.limits.max_text_chars).collect()
        };
        let record = PostRecord {
            id: p.id.clone(),
            features: PostFeatures::default(),
            text,
            lang: clip_field(&p.lang, MAX_FIELD_CHARS),
            // "3 days ago" means nothing without the time it was seen.
            created: p.created.or_else(|| {
                p.time_text
                    .as_deref()
                    .filter(|t| now > 0 && t.len() <= MAX_FIELD_CHARS)
                    .and_then(|t| crate::time::relative::parse(t, now))
            }),
            client: clip_field(&p.client, MAX_FIELD_CHARS),
            reply_to: p.reply_to.clone().filter(|r| r.chars().count() <= MAX_ID_CHARS),
            repost: p.repost_of.is_some(),
            observed_at: now,
            source,
            page: self.page_token,
        };
        if let Some(handle) = p.account_id.strip_prefix('@') {
            let h = self.entry(site, &p.account_id, now);
            if h.account.handle.is_none() {
                h.account.handle = Some(handle.to_string());
            }
        }
        let key = self.entry(site, &p.account_id, now).key();
        self.add_post_record(&key, record)
    }

    fn add_post_record(&mut self, key: &str, mut record: PostRecord) -> bool {
        let max = self.limits.max_posts_per_account;
        let Some(h) = self.accounts.get_mut(key) else { return false };
        if let Some(existing) = h.posts.iter_mut().find(|q| q.id == record.id) {
            // A page delivering a post already held: a post two pages delivered is as good as independent
            // ([`pages::seen_again`]). Not while absorbing (no page then): another engine may name the same page
            // by another label.
            let page = pages::seen_again(existing.page, record.page);
            if self.page_token != pages::TRUSTED && page != existing.page {
                existing.page = page;
                self.duplicates.delivered_by(key, &record.id, page);
            }
            // Features computed from a text beat features of another version (or none).
            if !existing.features.is_current() && record.features.is_current() {
                existing.features = record.features;
            }
            // A post restored without its text, seen again: its text is known again, for evidence too.
            if existing.text.is_empty() && !record.text.is_empty() {
                self.duplicates.fill_preview(key, &record.id, &record.text);
                existing.text = record.text;
            }
            // The same post seen again (JSON after DOM): fill in what the first sighting lacked.
            existing.lang = existing.lang.take().or(record.lang);
            existing.client = existing.client.take().or(record.client);
            if existing
                .created
                .is_none_or(|t| record.created.is_some_and(|r| r.latest - r.earliest < t.latest - t.earliest))
            {
                existing.created = record.created.or(existing.created);
            }
            return false;
        }
        let fingerprint = prepare_features(&mut record);
        if let Some(fingerprint) = fingerprint.filter(|_| !record.repost) {
            // Copies are timed only by times known to the hour or better: "2 days ago" cannot place a burst.
            let at = record.created.filter(|t| t.latest - t.earliest <= 3600).map(|t| t.midpoint());
            self.duplicates.insert_fingerprinted(
                &IndexedPost {
                    account: key,
                    post_id: &record.id,
                    text: &record.text,
                    at,
                    reply_to: record.reply_to.as_deref(),
                    page: record.page,
                },
                &fingerprint,
            );
        }
        let at = record.created.map(|t| t.midpoint()).unwrap_or(record.observed_at);
        let pos = h.posts.partition_point(|q| q.created.map(|t| t.midpoint()).unwrap_or(q.observed_at) <= at);
        h.posts.insert(pos, record);
        if h.posts.len() > max {
            h.posts.remove(0);
        }
        true
    }

    /// Keeps at most [`Limits::max_accounts`]: the least recently seen accounts go first, but a batch that
    /// began at `batch_start` pushes out at most a share ([`MAX_EVICTED_PER_BATCH_DIVISOR`]) of the accounts
    /// seen before it; past that, the accounts it touched first make room.
    fn evict(&mut self, batch_start: u64) {
        let over = self.accounts.len().saturating_sub(self.limits.max_accounts);
        if over == 0 {
            return;
        }
        let mut by_age: Vec<(u64, String)> =
            self.accounts.iter().map(|(k, h)| (h.touched, k.clone())).collect();
        by_age.sort();
        let (mut before, during): (Vec<_>, Vec<_>) = by_age.into_iter().partition(|(t, _)| *t <= batch_start);
        let share = (self.limits.max_accounts / MAX_EVICTED_PER_BATCH_DIVISOR).max(1);
        // Only when the engine held too many before the batch (smaller limits) do older ones go past the share.
        let rest = before.split_off(share.min(before.len()));
        let gone: Vec<(u64, String)> = before.into_iter().chain(during).chain(rest).take(over).collect();
        for (_, key) in gone {
            self.accounts.remove(&key);
            self.duplicates.remove_account(&key);
            self.aliases.retain(|_, v| *v != key);
        }
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
        let v = self.verdict_with(&cached.1, self.cross_account(), cached.0, true)?;
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
        keys.sort();
        // Read from the cache, not added to it: every account's verdict held twice is too much to keep.
        let cache = self.verdict_cache.borrow();
        keys.into_iter()
            .filter_map(|k| {
                cache
                    .get(&(pages::TRUSTED, k.clone()))
                    .cloned()
                    .or_else(|| self.verdict_with(k, cross, pages::TRUSTED, false))
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
        keys.sort();
        keys.into_iter()
            .filter_map(|k| {
                let h = self.accounts.get(k)?;
                let assessment =
                    signals::assess_read(h, &HistoryReading::of(h), cross, pages::TRUSTED, handle_of);
                Some(verdict_of(h, assessment, cross.cluster_ids_seen(k, pages::TRUSTED)))
            })
            .collect()
    }

    fn handle_of(&self, key: &str) -> Option<String> {
        self.accounts.get(key).and_then(|h| h.account.handle.clone())
    }

    /// The verdict on a held account as `viewer` sees it; `keep`: whether to keep what was read of its history
    /// for the next time.
    fn verdict_with(
        &self,
        key: &str,
        cross: &CrossAccount,
        viewer: PageToken,
        keep: bool,
    ) -> Option<Verdict> {
        let h = self.accounts.get(key)?;
        let reading = self.reading_of(key, h, keep);
        let assessment = signals::assess_read(h, &reading, cross, viewer, &|k| self.handle_of(k));
        Some(verdict_of(h, assessment, cross.cluster_ids_seen(key, viewer)))
    }

    /// What was read of a history alone: kept from the last time when the history has not changed since.
    fn reading_of(&self, key: &str, h: &AccountHistory, keep: bool) -> std::rc::Rc<HistoryReading> {
        if let Some((touched, reading)) = self.readings.borrow().get(key) {
            if *touched == h.touched {
                return reading.clone();
            }
        }
        let reading = std::rc::Rc::new(HistoryReading::of(h));
        if keep {
            let mut readings = self.readings.borrow_mut();
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
        let wanted: Option<std::collections::BTreeSet<String>> = keys
            .map(|ks| ks.iter().map(|k| self.resolve(k)).filter(|k| self.accounts.contains_key(k)).collect());
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

    /// What is held that bears on the given accounts (by key or handle alias), for another engine to
    /// [`absorb`](Self::absorb): their histories, and those of the accounts that share a cluster with them (the
    /// other posters of a copied text seen on another page), so that the other engine can see the cluster too.
    pub fn recall(&self, keys: &[String]) -> Vec<AccountHistory> {
        let asked: std::collections::BTreeSet<String> = keys.iter().map(|k| self.resolve(k)).collect();
        let mut wanted = asked.clone();
        for cluster in self.cross_account().clusters_of_any(&asked) {
            wanted.extend(cluster.members.iter().cloned());
        }
        wanted.into_iter().filter_map(|k| self.accounts.get(&k).cloned()).collect()
    }

    /// Takes in histories held elsewhere (stored history, another engine's recall), merging them with what
    /// is held: names and handles keep their first and last sightings, posts are deduplicated by id.
    pub fn absorb(&mut self, histories: Vec<AccountHistory>) -> IngestStats {
        let batch_start = self.clock;
        let mut stats = IngestStats::default();
        for h in histories {
            if !id_ok(&h.account.id) {
                stats.refused += 1;
                continue;
            }
            self.clock += 1;
            let site = h.site;
            let last_observed = h.last_observed.clamp(0, MAX_TIME);
            self.take_account(site, &h.account, last_observed);
            let key = self.entry(site, &h.account.id, last_observed).key();
            let max_names = self.limits.max_names;
            if let Some(target) = self.accounts.get_mut(&key) {
                target.first_observed = target.first_observed.min(h.first_observed.clamp(0, MAX_TIME));
                for n in &h.names {
                    remember(&mut target.names, &n.value, n.first_seen, max_names);
                    remember(&mut target.names, &n.value, n.last_seen, max_names);
                }
                for n in &h.handles {
                    remember(&mut target.handles, &n.value, n.first_seen, max_names);
                    remember(&mut target.handles, &n.value, n.last_seen, max_names);
                }
            }
            stats.accounts += 1;
            for p in h.posts {
                if !id_ok(&p.id) || p.created.is_some_and(|t| !time_ok(t)) {
                    stats.refused += 1;
                } else if self.add_post_record(&key, bounded_record(p, self.limits.max_text_chars)) {
                    stats.posts_new += 1;
                } else {
                    stats.posts_known += 1;
                }
            }
        }
        self.evict(batch_start);
        self.changed();
        stats
    }

    /// Forgets what was computed from what was held: the cross-account findings and the verdicts given. Every
    /// change to the accounts or the duplicate index ends here.
    fn changed(&mut self) {
        self.cross = std::cell::OnceCell::new();
        self.verdict_cache.get_mut().clear();
    }

    /// The history as stored JSON ([`HISTORY_SCHEMA`]): the most recently observed accounts whose JSON fits
    /// in `max_bytes`; the least recently observed are left out first. Posts carry their features
    /// ([`PostFeatures`]: what the signals read, including the duplicate fingerprint) and no text, unless the
    /// user chose to keep texts (`keep_texts`).
    pub fn snapshot(&self, saved_at: i64, max_bytes: usize, keep_texts: bool) -> String {
        let mut all: Vec<&AccountHistory> = self.accounts.values().collect();
        all.sort_by(|a, b| b.last_observed.cmp(&a.last_observed).then_with(|| a.key().cmp(&b.key())));
        let head = format!("{{\"schema\":\"{HISTORY_SCHEMA}\",\"saved_at\":{saved_at},\"accounts\":[");
        let mut out = head.clone();
        let mut first = true;
        for h in all {
            let json = if keep_texts {
                serde_json::to_string(h)
            } else {
                let mut without = h.clone();
                for p in &mut without.posts {
                    p.text = String::new();
                }
                serde_json::to_string(&without)
            };
            let Ok(json) = json else { continue };
            // An account that does not fit is left out, not the end of the save: one oversized account
            // once made every later save write none at all (issue #17, finding 4).
            if out.len() + json.len() + 3 > max_bytes {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&json);
        }
        out.push_str("]}");
        out
    }

    /// Restores stored history (merging with what is held): [`HISTORY_SCHEMA`], or [`HISTORY_SCHEMA_V1`]
    /// (posts with texts and no features, which are computed on the way in). A snapshot of another schema, or
    /// one that is not JSON, is refused with an error that says why; the caller keeps the stored text rather
    /// than lose it.
    pub fn restore(&mut self, json: &str) -> Result<IngestStats, HistoryError> {
        let mut snapshot: HistorySnapshot =
            serde_json::from_str(json).map_err(|e| HistoryError::Unreadable(e.to_string()))?;
        if snapshot.schema == HISTORY_SCHEMA_V1 {
            // Version 1 had no features: whatever a record says of them is not to be trusted.
            for p in snapshot.accounts.iter_mut().flat_map(|h| h.posts.iter_mut()) {
                p.features = PostFeatures::default();
            }
        } else if snapshot.schema != HISTORY_SCHEMA {
            return Err(HistoryError::UnknownSchema(snapshot.schema));
        }
        Ok(self.absorb(snapshot.accounts))
    }
}

/// The schema tag of stored history: posts carry [`PostFeatures`], and texts only when the user keeps them.
pub const HISTORY_SCHEMA: &str = "trichome.history/2";
/// The first stored history: posts carried their texts (up to [`Limits::max_text_chars`]), no features.
/// Still read.
pub const HISTORY_SCHEMA_V1: &str = "trichome.history/1";

/// Stored history: what [`Engine::snapshot`] writes and [`Engine::restore`] reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HistorySnapshot {
    /// [`HISTORY_SCHEMA`] when written by this version ([`HISTORY_SCHEMA_V1`] is still read).
    pub schema: String,
    /// When it was written, Unix seconds.
    #[serde(default)]
    pub saved_at: i64,
    /// The accounts, most recently observed first.
    pub accounts: Vec<AccountHistory>,
}

/// Why stored history could not be restored.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HistoryError {
    /// The text is not a history snapshot (says where serde stopped).
    Unreadable(String),
    /// A snapshot of a schema this version does not know (a newer extension wrote it).
    UnknownSchema(String),
}

impl std::fmt::Display for HistoryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HistoryError::Unreadable(e) => write!(f, "error reading stored history: {e}"),
            HistoryError::UnknownSchema(s) => write!(f, "error reading stored history: unknown schema '{s}'"),
        }
    }
}

impl std::error::Error for HistoryError {}

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
        unknowns: assessment.unknowns,
    }
}

/// Makes a record's features current: computed from its text when they are missing or of another version
/// (history stored before features existed), else kept; features of another version with no text to
/// recompute them from are set aside. Returns the duplicate fingerprint to index, if any: one stored by
/// another [`crate::features::fingerprint::SKETCH_VERSION`] is recomputed from the text, or else ignored.
fn prepare_features(record: &mut PostRecord) -> Option<TextFingerprint> {
    if !record.features.is_current() {
        if record.text.is_empty() {
            record.features = PostFeatures::default();
            return None;
        }
        let (features, fingerprint) = PostFeatures::of(&record.text);
        record.features = features;
        return fingerprint;
    }
    let fingerprint = record.features.fingerprint.as_ref()?.fingerprint();
    if fingerprint.is_some() || record.text.is_empty() {
        if fingerprint.is_none() {
            record.features.fingerprint = None;
        }
        return fingerprint;
    }
    let fingerprint = TextFingerprint::of(&record.text);
    record.features.fingerprint = fingerprint.as_ref().map(StoredFingerprint::of);
    fingerprint
}

/// Whether an account or post id can be taken in: not blank, not longer than [`MAX_ID_CHARS`], nothing hidden.
fn id_ok(id: &str) -> bool {
    !id.trim().is_empty() && id.chars().count() <= MAX_ID_CHARS && !has_hidden_chars(id)
}

/// Whether a text holds control characters, bidirectional controls or invisible characters: no id or handle of
/// either site does, and in one they make a handle read as another (issue #17, finding 8).
pub fn has_hidden_chars(s: &str) -> bool {
    s.chars().any(|c| {
        c.is_control()
            || matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
    })
}

/// Whether a post time can be taken in: well formed, both ends plausible.
fn time_ok(t: PostTime) -> bool {
    t.is_valid() && plausible_time(t.earliest) && plausible_time(t.latest)
}

/// The start of `s`, at most `max` characters.
fn clip(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

fn clip_field(s: &Option<String>, max: usize) -> Option<String> {
    s.as_deref().map(|s| clip(s, max))
}

/// An account with every free-text field bounded ([`MAX_FIELD_CHARS`], [`MAX_BIO_CHARS`]).
fn bounded_account(a: &Account) -> Account {
    let about = a.about.as_ref().map(|about| crate::observation::AboutAccount {
        based_in: clip_field(&about.based_in, MAX_FIELD_CHARS),
        source: clip_field(&about.source, MAX_FIELD_CHARS),
        last_username_change_at: about.last_username_change_at.filter(|t| plausible_time(*t)),
        ..about.clone()
    });
    Account {
        created_at: a.created_at.filter(|t| plausible_time(*t)),
        handle: clip_field(&a.handle, MAX_FIELD_CHARS).filter(|h| !has_hidden_chars(h)),
        name: clip_field(&a.name, MAX_FIELD_CHARS),
        bio: clip_field(&a.bio, MAX_BIO_CHARS),
        location: clip_field(&a.location, MAX_FIELD_CHARS),
        about,
        ..a.clone()
    }
}

/// A stored post with its fields bounded as a post taken from a page is.
fn bounded_record(mut p: PostRecord, max_text_chars: usize) -> PostRecord {
    if p.text.chars().count() > max_text_chars {
        p.text = clip(&p.text, max_text_chars);
    }
    p.lang = clip_field(&p.lang, MAX_FIELD_CHARS);
    p.client = clip_field(&p.client, MAX_FIELD_CHARS);
    p.reply_to = p.reply_to.filter(|r| r.chars().count() <= MAX_ID_CHARS);
    p
}

/// Records that `value` was seen at `now`, keeping at most `max` distinct values (the oldest go).
fn remember(seen: &mut Vec<SeenName>, value: &str, now: i64, max: usize) {
    let value = clip(value, MAX_FIELD_CHARS);
    if let Some(s) = seen.iter_mut().find(|s| s.value == value) {
        s.first_seen = s.first_seen.min(now);
        s.last_seen = s.last_seen.max(now);
        return;
    }
    seen.push(SeenName { value, first_seen: now, last_seen: now });
    if seen.len() > max {
        seen.sort_by_key(|s| s.last_seen);
        seen.remove(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observation::{PostTime, Provenance};
    use crate::verdict::Level;

    fn post(account: &str, id: &str, text: &str, at: i64) -> Observation {
        Observation::post(
            Site::X,
            Provenance { source: Source::Dom, page_url: None, observed_at: at },
            Post {
                id: id.into(),
                account_id: account.into(),
                text: text.into(),
                created: Some(PostTime::exact(at)),
                ..Post::default()
            },
        )
    }

    const COPY: &str =
        "Western media keeps spreading lies about Xinjiang. The truth is people there live happy lives.";

    #[test]
    fn copies_by_five_accounts_reach_watch_and_others_do_not() {
        let mut engine = Engine::default();
        let mut batch: Vec<Observation> =
            (0..5).map(|i| post(&format!("@copier{i}"), &format!("p{i}"), COPY, 1_000 + i * 60)).collect();
        batch.push(post(
            "@reader",
            "r1",
            "What a thoughtful thread, thank you for writing it all down.",
            1_100,
        ));
        engine.ingest(&batch);
        let v = engine.verdict("x:@copier3").unwrap();
        assert_eq!(v.level, Level::Watch, "{v:?}");
        assert_eq!(v.clusters.len(), 1);
        let reader = engine.verdict("x:@reader").unwrap();
        assert!(reader.level < Level::Watch, "{reader:?}");
    }

    #[test]
    fn a_verdict_given_before_an_ingest_is_not_given_after_it() {
        let mut engine = Engine::default();
        engine.ingest(&[post("@copier0", "p0", COPY, 1_000)]);
        let alone = engine.verdict("x:@copier0").unwrap();
        assert!(alone.level < Level::Watch && alone.clusters.is_empty(), "{alone:?}");
        assert_eq!(engine.verdict("x:@copier0").unwrap(), alone, "asked again, nothing new");
        // Others posting the same text join the account to a cluster: its verdict changes.
        let copies: Vec<Observation> =
            (1..5).map(|i| post(&format!("@copier{i}"), &format!("p{i}"), COPY, 1_000 + i * 60)).collect();
        engine.ingest(&copies);
        let joined = engine.verdict("x:@copier0").unwrap();
        assert_eq!((joined.level, joined.clusters.len()), (Level::Watch, 1), "{joined:?}");
        assert_eq!(engine.page_report_for(&["x:@copier0".to_string()], "").levels["watch"], 1);
        // The same after a restore (absorb), which changes what is held too.
        let mut restored = Engine::default();
        restored.ingest(&[post("@copier0", "p0", COPY, 1_000)]);
        assert_eq!(restored.verdict("x:@copier0").unwrap(), alone);
        restored.restore(&engine.snapshot(2_000, 1 << 20, true)).unwrap();
        assert_eq!(restored.verdict("x:@copier0").unwrap(), joined);
        // Every verdict, cached or not, is the one a fresh engine gives.
        assert_eq!(engine.verdicts(), restored.verdicts());
    }

    /// The verdict computed afresh, nothing kept.
    fn fresh_verdict(engine: &Engine, key: &str) -> Option<Verdict> {
        let key = engine.resolve(key);
        let h = engine.accounts.get(&key)?;
        let cross = engine.cross_account();
        let assessment = signals::assess(h, cross, &|k| engine.handle_of(k));
        Some(verdict_of(h, assessment, cross.cluster_ids_seen(&key, pages::TRUSTED)))
    }

    #[test]
    fn verdicts_kept_between_ingests_are_those_computed_afresh() {
        // Six accounts posting at office hours and at night, some copying each other, some renamed, taken in
        // a few posts at a time; after each batch every verdict is asked twice and compared with one computed
        // afresh.
        let texts = [
            COPY,
            "Lovely weather at the seaside today, the kids built an enormous sandcastle by the pier",
            "The committee will publish its findings on the new railway line after the summer recess",
            PRIVATE,
        ];
        let mut batches: Vec<Vec<Observation>> = Vec::new();
        for round in 0..8i64 {
            let mut batch = Vec::new();
            for a in 0..6i64 {
                if (round + a) % 3 == 0 {
                    continue;
                }
                let at = 1_700_000_000 + round * 86_400 + a * 7_200 + (round * a % 5) * 600;
                let text = texts[((round * a) % 4) as usize];
                batch.push(post(&format!("@acct{a}"), &format!("p{round}-{a}"), text, at));
                batch.push(post(
                    &format!("@acct{a}"),
                    &format!("q{round}-{a}"),
                    &format!("{text} {round}"),
                    at + 60,
                ));
            }
            if round == 4 {
                let seen = Provenance { source: Source::Graphql, page_url: None, observed_at: 1_700_500_000 };
                let account = Account { id: "77".into(), handle: Some("acct2".into()), ..Account::default() };
                batch.push(Observation::account(Site::X, seen, account));
            }
            batches.push(batch);
        }
        let keys: Vec<String> = (0..7).map(|a| format!("x:@acct{a}")).chain(["x:77".to_string()]).collect();
        let mut engine = Engine::default();
        for batch in &batches {
            engine.ingest(batch);
            for _ in 0..2 {
                for key in &keys {
                    assert_eq!(engine.verdict(key), fresh_verdict(&engine, key), "{key}");
                }
            }
            let fresh: Vec<Verdict> =
                engine.histories().iter().filter_map(|h| fresh_verdict(&engine, &h.key())).collect();
            assert_eq!(engine.verdicts(), fresh);
        }
        assert!(engine.verdict("x:@acct1").unwrap().posts_seen > 10);
    }

    #[test]
    fn three_channels_copying_an_untimed_comment_reach_watch_and_two_do_not() {
        let text =
            "This documentary is completely one-sided. Anyone who has actually visited knows the region is \
                    peaceful, modern and prosperous. Stop the propaganda!";
        let level_with = |channels: i64| {
            let mut engine = Engine::default();
            let batch: Vec<Observation> = (0..channels)
                .map(|i| {
                    let mut o = post(&format!("@chan{i}"), &format!("c{i}"), text, 0);
                    o.site = Site::Youtube;
                    if let Record::Post(p) = &mut o.record {
                        p.created = None;
                    }
                    o
                })
                .collect();
            engine.ingest(&batch);
            engine.verdict("youtube:@chan1").unwrap().level
        };
        assert_eq!(level_with(3), Level::Watch);
        // Issue 13: one text shared by two is what copypasta looks like too.
        assert_eq!(level_with(2), Level::Insufficient);
    }

    #[test]
    fn regression_a_network_reposting_its_text_weeks_later_is_not_a_template() {
        // Three bursts of four accounts over 60 days: spread like a template, but accounts come back with
        // the group, as a network does and people sharing a template do not.
        let mut engine = Engine::default();
        let mut batch = Vec::new();
        // (The last burst holds half of all ten: since issue 13 one text counts only when most of those who
        // posted it posted it together.)
        let bursts: [(i64, &[i64]); 3] = [(0, &[0, 1, 2, 3]), (30, &[4, 5, 6, 7]), (60, &[0, 1, 8, 9, 2])];
        for (day, accounts) in bursts {
            for (k, a) in accounts.iter().enumerate() {
                let at = 1_700_000_000 + day * 86_400 + k as i64 * 90;
                batch.push(post(&format!("@net{a}"), &format!("p{day}-{a}"), COPY, at));
            }
        }
        engine.ingest(&batch);
        let v = engine.verdict("x:@net9").unwrap();
        assert_eq!(v.level, Level::Watch, "{v:?}");
        let clusters = &v.signals[0].evidence["clusters"];
        assert_eq!(clusters[0]["commonness"], "distinct");
    }

    #[test]
    fn a_handle_merges_into_the_real_id_when_both_are_seen() {
        let mut engine = Engine::default();
        engine.ingest(&[post("@Alice", "p1", "hello there my friends", 10)]);
        let seen = Provenance { source: Source::Graphql, page_url: None, observed_at: 20 };
        let account = Account { id: "42".into(), handle: Some("alice".into()), ..Account::default() };
        engine.ingest(&[Observation::account(Site::X, seen, account)]);
        engine.ingest(&[post("@alice", "p2", "another post", 30)]);
        assert_eq!(engine.account_count(), 1);
        assert_eq!(engine.history("x:42").unwrap().posts.len(), 2);
        assert_eq!(engine.verdict("x:@ALICE").unwrap().account.id, "42");
    }

    #[test]
    fn history_survives_a_snapshot_and_restore() {
        let mut engine = Engine::default();
        let batch: Vec<Observation> =
            (0..5).map(|i| post(&format!("@copier{i}"), &format!("p{i}"), COPY, 1_000 + i * 60)).collect();
        engine.ingest(&batch);
        let stored = engine.snapshot(2_000, 1 << 20, false);
        let mut restored = Engine::default();
        let stats = restored.restore(&stored).expect("restores");
        assert_eq!(stats.posts_new, 5);
        assert_eq!(restored.verdict("x:@copier1").unwrap().level, Level::Watch);
        // Recalling one copier brings the others: another engine can then see the cluster.
        assert_eq!(engine.recall(&["x:@copier0".to_string()]).len(), 5);
        // Restoring twice adds nothing: posts are deduplicated by id.
        assert_eq!(restored.restore(&stored).unwrap().posts_new, 0);
    }

    /// A reply text no stored history may hold unless the user keeps texts.
    const PRIVATE: &str = "my neighbour Wilhelmina grows purple tomatoes behind the old bakery";

    fn campaign() -> Engine {
        let mut engine = Engine::default();
        let mut batch: Vec<Observation> =
            (0..4).map(|i| post(&format!("@copier{i}"), &format!("p{i}"), COPY, 1_000 + i * 60)).collect();
        batch.push(post("@reader", "r1", PRIVATE, 1_100));
        engine.ingest(&batch);
        engine
    }

    #[test]
    fn stored_history_holds_no_post_text_unless_the_user_keeps_texts() {
        let engine = campaign();
        let stored = engine.snapshot(2_000, 1 << 20, false);
        assert!(stored.contains("\"schema\":\"trichome.history/2\""), "{stored}");
        for phrase in ["Wilhelmina", "purple tomatoes", "Xinjiang", "happy lives"] {
            assert!(!stored.contains(phrase), "'{phrase}' stored: {stored}");
        }
        let kept = engine.snapshot(2_000, 1 << 20, true);
        assert!(kept.contains(PRIVATE) && kept.contains(COPY));
        // Restoring what kept texts brings them back with the features.
        let mut restored = Engine::default();
        restored.restore(&kept).unwrap();
        assert_eq!(restored.history("x:@reader").unwrap().posts[0].text, PRIVATE);
    }

    #[test]
    fn a_copy_cluster_is_found_across_a_restore_of_history_without_texts() {
        let engine = campaign();
        let before = engine.verdict("x:@copier1").unwrap();
        let stored = engine.snapshot(2_000, 1 << 20, false);
        let mut restored = Engine::default();
        assert_eq!(restored.restore(&stored).unwrap().posts_new, 5);
        let after = restored.verdict("x:@copier1").unwrap();
        assert_eq!((after.level, after.clusters.clone()), (before.level, before.clusters.clone()));
        // The evidence says the text was not kept rather than show nothing.
        let evidence = &after.signals[0].evidence["clusters"][0];
        assert_eq!(evidence["text"], crate::signals::duplicate::TEXT_NOT_KEPT, "{evidence}");
        // New copies seen after the restore join the restored ones; the cluster shows the text seen again.
        restored.ingest(&[post("@copier4", "p4", COPY, 1_300), post("@copier5", "p5", COPY, 1_360)]);
        let joined = restored.verdict("x:@copier0").unwrap();
        let evidence = &joined.signals[0].evidence["clusters"][0];
        assert_eq!(evidence["accounts"], 6, "{evidence}");
        assert_eq!(evidence["text"], COPY);
        assert_eq!(joined.clusters, before.clusters, "the cluster keeps its id");
        // A restored post seen again on a page shows its text again.
        restored.ingest(&[post("@copier0", "p0", COPY, 1_000)]);
        let again = restored.verdict("x:@copier0").unwrap();
        let first = &again.signals[0].evidence["clusters"][0]["posts"][0];
        assert_eq!((&first["post_id"], &first["text"]), (&"p0".into(), &COPY.into()), "{first}");
    }

    #[test]
    fn history_stored_by_version_1_still_restores() {
        let engine = campaign();
        // Version 1: the same accounts, posts with texts and no features.
        let mut v1: serde_json::Value = serde_json::from_str(&engine.snapshot(2_000, 1 << 20, true)).unwrap();
        v1["schema"] = HISTORY_SCHEMA_V1.into();
        for h in v1["accounts"].as_array_mut().unwrap() {
            for p in h["posts"].as_array_mut().unwrap() {
                p.as_object_mut().unwrap().remove("features");
            }
        }
        let mut restored = Engine::default();
        assert_eq!(restored.restore(&v1.to_string()).unwrap().posts_new, 5);
        assert_eq!(restored.verdict("x:@copier2").unwrap().level, Level::Watch);
        let reader = restored.history("x:@reader").unwrap();
        assert_eq!(reader.posts[0].features, PostFeatures::of(PRIVATE).0, "features computed on the way in");
        // Saved again, it is version 2 without texts.
        assert!(!restored.snapshot(2_000, 1 << 20, false).contains("Wilhelmina"));
    }

    #[test]
    fn fingerprints_of_another_sketch_version_are_ignored_not_compared() {
        let engine = campaign();
        let stored = engine.snapshot(2_000, 1 << 20, false);
        let other = stored.replace("\"sketch\":1", "\"sketch\":999");
        assert_ne!(other, stored);
        let mut restored = Engine::default();
        restored.restore(&other).unwrap();
        assert!(restored.page_report().clusters.is_empty());
        assert!(restored.history("x:@copier0").unwrap().posts[0].features.fingerprint.is_none());
    }

    #[test]
    fn snapshot_keeps_the_most_recent_accounts_within_its_budget() {
        let mut engine = Engine::default();
        for i in 0..50 {
            engine.ingest(&[post(&format!("@a{i}"), &format!("p{i}"), "a few words of text", i)]);
        }
        let small = engine.snapshot(0, 2_000, false);
        assert!(small.len() <= 2_000);
        let snapshot: HistorySnapshot = serde_json::from_str(&small).unwrap();
        assert!(!snapshot.accounts.is_empty() && snapshot.accounts.len() < 50);
        assert_eq!(snapshot.accounts[0].account.id, "@a49", "newest first");
    }

    #[test]
    fn unreadable_or_foreign_history_is_refused_with_a_reason() {
        let mut engine = Engine::default();
        assert!(matches!(engine.restore("{not json"), Err(HistoryError::Unreadable(_))));
        let err = engine.restore(r#"{"schema":"trichome.history/9","accounts":[]}"#).unwrap_err();
        assert_eq!(err.to_string(), "error reading stored history: unknown schema 'trichome.history/9'");
    }

    #[test]
    fn memory_is_bounded() {
        let limits = Limits { max_accounts: 10, max_posts_per_account: 5, ..Limits::default() };
        let mut engine = Engine::with_limits(limits);
        for i in 0..50 {
            engine.ingest(&[post(
                &format!("@a{}", i % 20),
                &format!("p{i}"),
                "some words here to index now",
                i,
            )]);
        }
        assert!(engine.account_count() <= 10);
        assert!(engine.histories().iter().all(|h| h.posts.len() <= 5));
    }

    #[test]
    fn malformed_observations_are_refused_not_fatal() {
        let mut engine = Engine::default();
        let mut bad = post("", "p1", "x", 1);
        let stats = engine.ingest(std::slice::from_ref(&bad));
        assert_eq!(stats.refused, 1);
        if let Record::Post(p) = &mut bad.record {
            p.account_id = "@a".into();
            p.created =
                Some(PostTime { earliest: 5, latest: 1, precision: crate::observation::Precision::Range });
        }
        assert_eq!(engine.ingest(&[bad]).refused, 1);
    }
}
