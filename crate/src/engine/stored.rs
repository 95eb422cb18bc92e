//! History moved out of and into an engine: stored JSON (`snapshot`/`restore`, `trichome.history/2`, `/1`
//! still read) and `recall`/`absorb` between engines.

use serde::Serialize;

use super::ingest::{bounded_record, id_ok, remember, time_ok};
use super::*;

impl Engine {
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

    /// The history as stored JSON ([`HISTORY_SCHEMA`]): the most recently observed accounts whose JSON fits
    /// in `max_bytes`; the least recently observed are left out first. Posts carry their features
    /// ([`PostFeatures`]: what the signals read, including the duplicate fingerprint) and no text, unless the
    /// user chose to keep texts (`keep_texts`).
    pub fn snapshot(&self, saved_at: i64, max_bytes: usize, keep_texts: bool) -> String {
        let mut all: Vec<&AccountHistory> = self.accounts.values().collect();
        crate::sort::sort_by(&mut all, |a, b| {
            b.last_observed.cmp(&a.last_observed).then_with(|| a.key().cmp(&b.key()))
        });
        let head = format!("{{\"schema\":\"{HISTORY_SCHEMA}\",\"saved_at\":{saved_at},\"accounts\":[");
        let mut out = head.clone();
        let mut first = true;
        for h in all {
            let json = if keep_texts {
                trichome_text::json::to_string(h)
            } else {
                let mut without = h.clone();
                for p in &mut without.posts {
                    p.text = String::new();
                }
                trichome_text::json::to_string(&without)
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
        let mut snapshot =
            HistorySnapshot::read(json).map_err(|e| HistoryError::Unreadable(e.to_string()))?;
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
#[derive(Debug, Clone, Serialize)]
pub struct HistorySnapshot {
    /// [`HISTORY_SCHEMA`] when written by this version ([`HISTORY_SCHEMA_V1`] is still read).
    pub schema: String,
    /// When it was written, Unix seconds.
    #[serde(default)]
    pub saved_at: i64,
    /// The accounts, most recently observed first.
    pub accounts: Vec<AccountHistory>,
}

impl HistorySnapshot {
    /// Reads stored history ([`crate::history::read`]; a syntax error names its line and column, a document
    /// of the wrong shape the member).
    pub fn read(json: &str) -> Result<HistorySnapshot, trichome_text::json::Error> {
        let doc = trichome_text::json::parse_json(json)?;
        let f = trichome_text::json::Object::of(&doc, "history")?;
        Ok(HistorySnapshot {
            schema: f.string("schema")?,
            saved_at: f.present("saved_at").map_or(Ok(0), |v| trichome_text::json::as_i64(v, "saved_at"))?,
            accounts: f.list("accounts", crate::history::read::history)?,
        })
    }
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
