//! The signals: each looks at one kind of evidence and says how strongly, and how surely, it points at
//! coordination or takeover. [`assess`] runs them all for one account.

pub mod drift;
pub mod duplicate;
pub mod features;
pub mod identity;
pub mod timing;

use crate::engine::AccountHistory;
use crate::verdict::{Cluster, ClusterKind, Signal};

/// Posts below which the engine says "insufficient data" when no signal fired: too few to have looked at
/// timing or drift properly.
pub const ENOUGH_POSTS: usize = 10;

/// What every signal said about one account.
#[derive(Debug, Clone, Default)]
pub struct Assessment {
    /// The signals that had something to say.
    pub signals: Vec<Signal>,
    /// Whether enough was seen for "none" to mean "nothing found" rather than "not enough seen".
    pub enough_data: bool,
    /// What is not known, in plain words.
    pub unknowns: Vec<String>,
}

/// What is found across accounts (clusters of every kind), computed once per ingest and shared by every
/// account's assessment.
#[derive(Debug, Clone, Default)]
pub struct CrossAccount {
    /// Near-duplicate text clusters.
    pub text_clusters: Vec<duplicate::TextCluster>,
    /// Every page-level cluster, of every kind, in the verdict's shape.
    pub clusters: Vec<Cluster>,
}

impl CrossAccount {
    /// Ids of the clusters an account belongs to.
    pub fn cluster_ids_of(&self, key: &str) -> Vec<String> {
        self.clusters.iter().filter(|c| c.members.iter().any(|m| m == key)).map(|c| c.id.clone()).collect()
    }
}

/// Finds everything that joins accounts: duplicate texts, synchronised bursts, creation batches.
pub fn cross_account(
    histories: &[&AccountHistory],
    duplicates: &duplicate::DuplicateIndex,
    handle_of: &dyn Fn(&str) -> Option<String>,
) -> CrossAccount {
    let text_clusters = duplicate::DuplicateIndex::clusters(duplicates);
    let mut clusters: Vec<Cluster> = text_clusters
        .iter()
        .filter(|c| c.is_cross_account())
        .map(|c| Cluster {
            id: c.id.clone(),
            kind: ClusterKind::DuplicateText,
            members: c.accounts.iter().cloned().collect(),
            summary: format!("{} accounts posted the same text.", c.accounts.len()),
            evidence: serde_json::json!({
                "text": c.representative,
                "span_seconds": c.span_seconds(),
                "handles": c.accounts.iter().map(|a| handle_of(a)).collect::<Vec<_>>(),
            }),
        })
        .collect();
    clusters.extend(identity::creation_batches(histories, handle_of));
    clusters.extend(timing::burst_clusters(histories));
    clusters.sort_by(|a, b| a.id.cmp(&b.id));
    CrossAccount { text_clusters, clusters }
}

/// Runs every signal on one account.
pub fn assess(
    history: &AccountHistory,
    cross: &CrossAccount,
    handle_of: &dyn Fn(&str) -> Option<String>,
) -> Assessment {
    let mut out = Assessment::default();
    let key = history.key();
    out.signals.extend(duplicate::assess(&key, &cross.text_clusters, handle_of));
    out.signals.extend(drift::assess(history));
    out.signals.extend(identity::assess(history, &cross.clusters));
    out.signals.extend(timing::assess(history, cross));
    let posts = history.posts.len();
    out.enough_data = posts >= ENOUGH_POSTS;
    if posts < ENOUGH_POSTS {
        out.unknowns.push(format!(
            "Only {posts} post{} of this account seen; posting times and drift need at least {ENOUGH_POSTS}.",
            if posts == 1 { "" } else { "s" }
        ));
    }
    out
}
