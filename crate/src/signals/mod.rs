//! The signals: each looks at one kind of evidence and says how strongly, and how surely, it points at
//! coordination or takeover. [`assess`] runs them all for one account.

pub mod duplicate;

use crate::engine::AccountHistory;
use crate::verdict::Signal;

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

/// Runs every signal on one account.
pub fn assess(
    history: &AccountHistory,
    clusters: &[duplicate::TextCluster],
    handle_of: &dyn Fn(&str) -> Option<String>,
) -> Assessment {
    let mut out = Assessment::default();
    let key = history.key();
    out.signals.extend(duplicate::assess(&key, clusters, handle_of));
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
