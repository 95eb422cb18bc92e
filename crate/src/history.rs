//! What the engine remembers of each account: its latest profile, the names and handles seen over time, and
//! its posts ([`PostRecord`], each with its [`PostFeatures`] and the page that delivered it). The signals
//! read these; the engine fills and bounds them.

use serde::Serialize;

pub mod read;

use crate::features::PostFeatures;
use crate::observation::{Account, PostTime, Site, Source};
use crate::pages::{self, PageToken};

/// A name or handle and when it was first and last seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeenName {
    /// The name or handle.
    pub value: String,
    /// First seen, Unix seconds.
    pub first_seen: i64,
    /// Last seen, Unix seconds.
    pub last_seen: i64,
}

/// One post as the engine remembers it.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PostRecord {
    /// The site's post id.
    pub id: String,
    /// The text, bounded by the engine's `Limits::max_text_chars`; empty for reposts, and for posts restored from
    /// history stored without texts (the signals read [`PostRecord::features`], not the text).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// The site's language label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// When it was posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<PostTime>,
    /// The posting client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// The post it replies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// Whether it is a repost of someone else's post.
    #[serde(default)]
    pub repost: bool,
    /// When Trichome first saw it.
    pub observed_at: i64,
    /// How it was seen.
    pub source: Source,
    /// What the signals read of the text, computed once when the post was taken in.
    #[serde(default)]
    pub features: PostFeatures,
    /// The page that delivered it ([`crate::pages`]): [`pages::TRUSTED`] for datasets.
    #[serde(default, skip_serializing_if = "is_trusted")]
    pub page: PageToken,
}

fn is_trusted(page: &PageToken) -> bool {
    *page == pages::TRUSTED
}

/// Everything the engine holds about one account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountHistory {
    /// The site.
    pub site: Site,
    /// The latest facts about the account, merged from every observation.
    pub account: Account,
    /// Display names seen over time.
    pub names: Vec<SeenName>,
    /// Handles seen over time.
    pub handles: Vec<SeenName>,
    /// Posts, oldest first by post time.
    pub posts: Vec<PostRecord>,
    /// When the account was first and last observed.
    pub first_observed: i64,
    /// Last observation time.
    pub last_observed: i64,
    /// The engine's clock when the account was last touched: every change to a history goes through
    /// `Engine::entry`, which sets it, so it also tells whether a history changed since it was read.
    #[serde(skip)]
    pub(crate) touched: u64,
}

impl AccountHistory {
    pub(crate) fn new(site: Site, id: &str, now: i64) -> Self {
        AccountHistory {
            site,
            account: Account { id: id.to_string(), ..Account::default() },
            names: Vec::new(),
            handles: Vec::new(),
            posts: Vec::new(),
            first_observed: now,
            last_observed: now,
            touched: 0,
        }
    }

    /// The key `site:id` under which the engine files this account.
    pub fn key(&self) -> String {
        account_key(self.site, &self.account.id)
    }

    /// Times of posts known to the minute or better, sorted.
    pub fn precise_times(&self) -> Vec<i64> {
        let mut t: Vec<i64> = self.posts.iter().filter_map(|p| p.created?.to_the_minute()).collect();
        crate::sort::whole(&mut t);
        t
    }
}

/// `site:id`, the key of an account everywhere outside the engine (badges, clusters, exports).
///
/// Handles are case-insensitive on both sites, so a handle-only id (`@Alice`) is filed in lower case.
pub fn account_key(site: Site, id: &str) -> String {
    match id.strip_prefix('@') {
        Some(handle) => handle_alias(site, handle),
        None => format!("{}:{}", site.as_str(), id),
    }
}

pub(crate) fn handle_alias(site: Site, handle: &str) -> String {
    format!("{}:@{}", site.as_str(), crate::text::lowercase(handle.trim_start_matches('@')))
}
