//! Which pages delivered the evidence, so that one page alone cannot make a cross-account finding that outlives it.
//!
//! A page's scripts can send Trichome forged responses (issue #17, finding 1). What one page says of its own
//! accounts is shown on that page (the page draws its own DOM anyway), but a finding that joins accounts (a copy
//! cluster, a synchronised burst, a creation batch) counts anywhere else only once its posts came from at least
//! two pages, or from a trusted source (a dataset, or a post that two pages delivered). Every post keeps a
//! [`PageToken`]; every cross-account finding keeps its [`SeenOn`].

use serde::{Deserialize, Serialize};

/// A page as the engine remembers it: a hash of the label the caller gave ([`crate::engine::Engine::ingest_from`]).
/// [`TRUSTED`] for datasets and stored history written before pages were kept, [`SEVERAL`] for a post that two
/// pages delivered.
pub type PageToken = u32;

/// Evidence from a trusted source: a dataset, or history stored before pages were kept.
pub const TRUSTED: PageToken = 0;
/// A post that two different pages delivered: as good as independent.
pub const SEVERAL: PageToken = u32::MAX;

/// The token of a page label; [`TRUSTED`] for the empty label.
pub fn token_of(label: &str) -> PageToken {
    if label.is_empty() {
        return TRUSTED;
    }
    // A 32-bit hash, kept away from the two reserved values; two labels sharing one is as rare as it is harmless
    // (one page taken for the other).
    let h = (crate::text::hash_str(label, 17) >> 32) as u32;
    h.clamp(1, SEVERAL - 1)
}

/// What a post known from `held` is known from once `again` delivers it too.
pub fn seen_again(held: PageToken, again: PageToken) -> PageToken {
    match (held, again) {
        (a, b) if a == b => a,
        (TRUSTED, _) | (_, TRUSTED) => TRUSTED,
        _ => SEVERAL,
    }
}

/// Where the posts of a cross-account finding came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "seen_on", content = "page")]
pub enum SeenOn {
    /// Two pages or more, or a trusted source: the finding counts everywhere.
    #[default]
    Independent,
    /// One page delivered every post of it: it counts only on that page.
    OnePage(PageToken),
}

impl SeenOn {
    /// Where a finding resting on posts delivered by `pages` was seen.
    pub fn of(pages: impl IntoIterator<Item = PageToken>) -> SeenOn {
        let mut only = None;
        for p in pages {
            match only {
                _ if p == TRUSTED || p == SEVERAL => return SeenOn::Independent,
                None => only = Some(p),
                Some(q) if q != p => return SeenOn::Independent,
                Some(_) => {}
            }
        }
        only.map_or(SeenOn::Independent, SeenOn::OnePage)
    }

    /// Whether the finding counts for a verdict asked for by `viewer`: the page asking, or [`TRUSTED`] for no
    /// page (the popup, an export, the command-line tool).
    pub fn counts_for(self, viewer: PageToken) -> bool {
        match self {
            SeenOn::Independent => true,
            SeenOn::OnePage(p) => viewer == p,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_is_independent_once_two_pages_or_a_trusted_source_delivered_it() {
        let (a, b) = (token_of("1 doc-a"), token_of("2 doc-b"));
        assert_ne!(a, b);
        assert_eq!(token_of(""), TRUSTED);
        assert_eq!(SeenOn::of([a, a, a]), SeenOn::OnePage(a));
        assert_eq!(SeenOn::of([a, b]), SeenOn::Independent);
        assert_eq!(SeenOn::of([a, TRUSTED]), SeenOn::Independent);
        assert_eq!(SeenOn::of([a, seen_again(a, b)]), SeenOn::Independent);
        assert_eq!(SeenOn::of([]), SeenOn::Independent);
        assert!(SeenOn::OnePage(a).counts_for(a));
        assert!(!SeenOn::OnePage(a).counts_for(b));
        assert!(!SeenOn::OnePage(a).counts_for(TRUSTED));
        assert!(SeenOn::Independent.counts_for(TRUSTED));
    }

    #[test]
    fn a_post_seen_again_keeps_the_best_of_what_vouches_for_it() {
        let (a, b) = (token_of("a"), token_of("b"));
        assert_eq!(seen_again(a, a), a);
        assert_eq!(seen_again(a, b), SEVERAL);
        assert_eq!(seen_again(a, TRUSTED), TRUSTED);
        assert_eq!(seen_again(SEVERAL, a), SEVERAL);
    }
}
