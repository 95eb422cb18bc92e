//! Taking observations in: accounts and posts bounded field by field, handles bound to ids only when two pages
//! say so, posts filed oldest first with their features, and the least recently seen accounts evicted.

use super::*;

impl Engine {
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
                            Source::SiteJson => stats.posts_from_json += 1,
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

    pub(super) fn entry(&mut self, site: Site, id: &str, now: i64) -> &mut AccountHistory {
        let key = self.resolve(&account_key(site, id));
        let clock = self.clock;
        let id = key.split_once(':').map(|(_, id)| id.to_string()).unwrap_or_default();
        let history = self.accounts.entry(key).or_insert_with(|| AccountHistory::new(site, &id, now));
        history.touched = clock;
        history.last_observed = history.last_observed.max(now);
        history
    }

    pub(super) fn take_account(&mut self, site: Site, a: &Account, now: i64) {
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
    pub(super) fn claim_holds(&mut self, site: Site, id: &str, handle: &str) -> bool {
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

    pub(super) fn take_post(&mut self, site: Site, p: &Post, source: Source, now: i64) -> bool {
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

    pub(super) fn add_post_record(&mut self, key: &str, mut record: PostRecord) -> bool {
        let max = self.limits.max_posts_per_account;
        let Some(h) = self.accounts.get_mut(key) else { return false };
        if let Some(existing) = h.posts.iter_mut().find(|q| same_id(&q.id, &record.id)) {
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
    pub(super) fn evict(&mut self, batch_start: u64) {
        let over = self.accounts.len().saturating_sub(self.limits.max_accounts);
        if over == 0 {
            return;
        }
        let mut by_age: Vec<(u64, String)> =
            self.accounts.iter().map(|(k, h)| (h.touched, k.clone())).collect();
        crate::sort::sort(&mut by_age);
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
}

/// Makes a record's features current: computed from its text when they are missing or of another version
/// (history stored before features existed), else kept; features of another version with no text to
/// recompute them from are set aside. Returns the duplicate fingerprint to index, if any: one stored by
/// another [`crate::features::fingerprint::SKETCH_VERSION`] is recomputed from the text, or else ignored.
pub(super) fn prepare_features(record: &mut PostRecord) -> Option<TextFingerprint> {
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

/// Whether two post ids are the same, looking at their last bytes first: ids that differ (X's snowflakes,
/// YouTube's comment ids, a dataset's counters) nearly always differ there, so the scan of an account's posts
/// for the one being added (the hottest loop of an ingest) seldom needs a full comparison.
fn same_id(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().last() == b.as_bytes().last() && a == b
}

/// Whether an account or post id can be taken in: not blank, not longer than [`MAX_ID_CHARS`], nothing hidden.
pub(super) fn id_ok(id: &str) -> bool {
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
pub(super) fn time_ok(t: PostTime) -> bool {
    t.is_valid() && plausible_time(t.earliest) && plausible_time(t.latest)
}

/// The start of `s`, at most `max` characters.
pub(super) fn clip(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

pub(super) fn clip_field(s: &Option<String>, max: usize) -> Option<String> {
    s.as_deref().map(|s| clip(s, max))
}

/// An account with every free-text field bounded ([`MAX_FIELD_CHARS`], [`MAX_BIO_CHARS`]).
pub(super) fn bounded_account(a: &Account) -> Account {
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
pub(super) fn bounded_record(mut p: PostRecord, max_text_chars: usize) -> PostRecord {
    if p.text.chars().count() > max_text_chars {
        p.text = clip(&p.text, max_text_chars);
    }
    p.lang = clip_field(&p.lang, MAX_FIELD_CHARS);
    p.client = clip_field(&p.client, MAX_FIELD_CHARS);
    p.reply_to = p.reply_to.filter(|r| r.chars().count() <= MAX_ID_CHARS);
    p
}

/// Records that `value` was seen at `now`, keeping at most `max` distinct values (the oldest go).
pub(super) fn remember(seen: &mut Vec<SeenName>, value: &str, now: i64, max: usize) {
    let value = clip(value, MAX_FIELD_CHARS);
    if let Some(s) = seen.iter_mut().find(|s| s.value == value) {
        s.first_seen = s.first_seen.min(now);
        s.last_seen = s.last_seen.max(now);
        return;
    }
    seen.push(SeenName { value, first_seen: now, last_seen: now });
    if seen.len() > max {
        crate::sort::sort_by_key(seen, |s| s.last_seen);
        seen.remove(0);
    }
}
