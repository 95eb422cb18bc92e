//! The observation: what any site reader saw of an account or a post, with where and when it saw it.
//!
//! This is the contract between the site readers (X, YouTube, imports), the engine and the exports. It is
//! documented for people in `docs/observations.md`; its JSON Schema is `docs/observation.schema.json`.
//! Every field but the identifying ones is optional, because every source shows a different subset.

use serde::{Deserialize, Serialize};

pub mod read;

/// The schema tag written on every serialised observation.
pub const OBSERVATION_SCHEMA: &str = "trichome.observation/1";

/// The site an account lives on. Accounts of different sites never merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Site {
    /// x.com, formerly twitter.com.
    X,
    /// youtube.com.
    Youtube,
    /// Anything else (imported datasets whose site is unknown).
    Other,
}

impl Site {
    /// The short name used in account keys (`x:12345`).
    pub fn as_str(self) -> &'static str {
        match self {
            Site::X => "x",
            Site::Youtube => "youtube",
            Site::Other => "other",
        }
    }
}

/// How an observation was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// From the site's own JSON responses (X GraphQL, YouTube `youtubei` and `ytInitialData`). Serialised as
    /// `graphql`, the name it had when only X was read, so that stored history and observation files still load.
    #[serde(rename = "graphql")]
    SiteJson,
    /// From the rendered page (the fallback).
    Dom,
    /// From a dataset file (command-line tool, user import).
    #[default]
    Import,
}

/// Where and when something was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Provenance {
    /// How it was obtained.
    pub source: Source,
    /// The page (or file) it was seen on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_url: Option<String>,
    /// When it was seen, Unix seconds (0 when unknown).
    #[serde(default)]
    pub observed_at: i64,
}

/// How precisely a post's time is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// To the second (X's `created_at`, archive timestamps).
    Second,
    /// To the minute.
    Minute,
    /// To the hour (data whose every time falls on the hour).
    Hour,
    /// To the day.
    Day,
    /// Only a range ("3 years ago" is anything from 3 to 4 years before it was seen).
    Range,
}

/// A post's time: the interval it certainly lies in, and how it was known.
///
/// For `second` precision `earliest == latest`. Timing signals only use times whose interval is narrow enough
/// for the question asked; an hour is never invented from "2 years ago".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostTime {
    /// The earliest the post can have been made, Unix seconds UTC.
    pub earliest: i64,
    /// The latest the post can have been made, Unix seconds UTC.
    pub latest: i64,
    /// How the interval arose.
    pub precision: Precision,
}

impl PostTime {
    /// A time known to the second.
    pub fn exact(at: i64) -> Self {
        PostTime { earliest: at, latest: at, precision: Precision::Second }
    }

    /// The middle of the interval.
    pub fn midpoint(&self) -> i64 {
        self.earliest + (self.latest - self.earliest) / 2
    }

    /// The time to the second or minute, when known that well.
    pub fn to_the_minute(&self) -> Option<i64> {
        (self.latest - self.earliest <= 60).then_some(self.earliest)
    }

    /// Whether the interval is well formed.
    pub fn is_valid(&self) -> bool {
        self.earliest <= self.latest
    }
}

/// X's "About this account" facts, present when the user opened that panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AboutAccount {
    /// The country X says the account is based in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub based_in: Option<String>,
    /// How many times the username was changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username_changes: Option<u32>,
    /// When the username was last changed, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_username_change_at: Option<i64>,
    /// How the account connects ("App Store", "Web", a country's store).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// An account as one source saw it at one time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Account {
    /// The site's stable id (X `rest_id`, YouTube channel id). Where only the handle is known (the DOM
    /// fallback), `@handle`; the engine merges it into the real id once both are seen together.
    pub id: String,
    /// The handle (X `screen_name`, YouTube `@handle`), without the `@`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    /// The display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// When the account was created, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
    /// The profile text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    /// The free-text location the account claims.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Whether the profile picture is the site's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_avatar: Option<bool>,
    /// Follower count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followers: Option<u64>,
    /// Following count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub following: Option<u64>,
    /// Posts count, as the site states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posts_count: Option<u64>,
    /// Whether the site marks the account verified (any kind).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// X's "About this account" facts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<AboutAccount>,
}

/// Takes `value` where `slot` holds nothing.
fn fill<T>(slot: &mut Option<T>, value: Option<T>) {
    if slot.is_none() {
        *slot = value;
    }
}

/// Takes `value` where it says something: newer facts replace older ones.
fn replace<T: Clone>(slot: &mut Option<T>, value: &Option<T>) {
    if value.is_some() {
        slot.clone_from(value);
    }
}

impl Account {
    /// The same account seen again in one reading: what was seen first stays, the gaps are filled.
    pub fn fill_gaps(&mut self, seen_again: Account) {
        fill(&mut self.handle, seen_again.handle);
        fill(&mut self.name, seen_again.name);
        fill(&mut self.created_at, seen_again.created_at);
        fill(&mut self.bio, seen_again.bio);
        fill(&mut self.location, seen_again.location);
        fill(&mut self.default_avatar, seen_again.default_avatar);
        fill(&mut self.followers, seen_again.followers);
        fill(&mut self.following, seen_again.following);
        fill(&mut self.posts_count, seen_again.posts_count);
        fill(&mut self.verified, seen_again.verified);
        fill(&mut self.about, seen_again.about);
    }

    /// A newer sighting of the account: every fact it states replaces the older one.
    pub fn update(&mut self, newer: &Account) {
        replace(&mut self.handle, &newer.handle);
        replace(&mut self.name, &newer.name);
        replace(&mut self.created_at, &newer.created_at);
        replace(&mut self.bio, &newer.bio);
        replace(&mut self.location, &newer.location);
        replace(&mut self.default_avatar, &newer.default_avatar);
        replace(&mut self.followers, &newer.followers);
        replace(&mut self.following, &newer.following);
        replace(&mut self.posts_count, &newer.posts_count);
        replace(&mut self.verified, &newer.verified);
        replace(&mut self.about, &newer.about);
    }
}

/// A post (tweet, reply, comment) as one source saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Post {
    /// The site's post id.
    pub id: String,
    /// The author's account id (or `@handle`, as for [`Account::id`]).
    pub account_id: String,
    /// The text as shown; for a repost, empty (the text is not the reposter's).
    #[serde(default)]
    pub text: String,
    /// The site's own language label (X `lang`), when it gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// When the post was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<PostTime>,
    /// The site's own words for when it was posted, where it shows no timestamp ("3 days ago", "vor 2
    /// Wochen"). The engine turns it into a range around the observation time when `created` is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_text: Option<String>,
    /// The posting client (X `source`: "Twitter for iPhone").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// The post this one replies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// The account this one replies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to_account: Option<String>,
    /// The post this one quotes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_of: Option<String>,
    /// The post this one reposts (its text is someone else's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repost_of: Option<String>,
    /// The post's address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Post {
    /// The same post seen again in one reading (pinned and in the timeline): the gaps are filled.
    pub fn fill_gaps(&mut self, seen_again: Post) {
        if self.text.is_empty() && self.repost_of.is_none() {
            self.text = seen_again.text;
        }
        fill(&mut self.lang, seen_again.lang);
        fill(&mut self.created, seen_again.created);
        fill(&mut self.time_text, seen_again.time_text);
        fill(&mut self.client, seen_again.client);
        fill(&mut self.reply_to, seen_again.reply_to);
        fill(&mut self.reply_to_account, seen_again.reply_to_account);
        fill(&mut self.quote_of, seen_again.quote_of);
        fill(&mut self.repost_of, seen_again.repost_of);
        fill(&mut self.url, seen_again.url);
    }
}

/// What was observed: an account or a post.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Record {
    /// An account.
    Account(Account),
    /// A post.
    Post(Post),
}

/// One observation: a record, the site it belongs to, and its provenance. Read by [`read::observation`],
/// written flat as derived.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    /// Always [`OBSERVATION_SCHEMA`].
    #[serde(default = "schema_tag")]
    pub schema: String,
    /// The site.
    pub site: Site,
    /// Where and when it was seen.
    #[serde(default)]
    pub seen: Provenance,
    /// The account or post.
    #[serde(flatten)]
    pub record: Record,
}

fn schema_tag() -> String {
    OBSERVATION_SCHEMA.to_string()
}

impl Observation {
    /// An observation of an account.
    pub fn account(site: Site, seen: Provenance, account: Account) -> Self {
        Observation { schema: schema_tag(), site, seen, record: Record::Account(account) }
    }

    /// An observation of a post.
    pub fn post(site: Site, seen: Provenance, post: Post) -> Self {
        Observation { schema: schema_tag(), site, seen, record: Record::Post(post) }
    }
}

/// Something a reader could not take, said in words that name where it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadWarning {
    /// Where: a JSON path (`data.user.result.core`), or `file:line`.
    pub at: String,
    /// What was wrong.
    pub message: String,
}

impl ReadWarning {
    /// A warning at `at`.
    pub fn new(at: impl Into<String>, message: impl Into<String>) -> Self {
        ReadWarning { at: at.into(), message: message.into() }
    }
}

impl std::fmt::Display for ReadWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// What a reader made of one input: the observations it could read, and warnings for the rest.
/// Reading never fails: garbage in gives no observations and a warning.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reading {
    /// The observations, in the order the input gave them.
    pub observations: Vec<Observation>,
    /// What could not be read.
    pub warnings: Vec<ReadWarning>,
}

impl Reading {
    /// The number of account observations.
    pub fn account_count(&self) -> usize {
        self.observations.iter().filter(|o| matches!(o.record, Record::Account(_))).count()
    }

    /// The number of post observations.
    pub fn post_count(&self) -> usize {
        self.observations.iter().filter(|o| matches!(o.record, Record::Post(_))).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_json_is_still_written_and_read_as_graphql() {
        // Stored history and `trichome.observation/1` files name it `graphql`.
        assert_eq!(serde_json::to_value(Source::SiteJson).ok(), Some(serde_json::json!("graphql")));
        assert_eq!(serde_json::from_str::<Source>("\"graphql\"").ok(), Some(Source::SiteJson));
    }

    /// Every field of an account and of a post, written as derived and read back through [`read`]: a field
    /// added to `Account` or `Post` and not to the reader fails here (the literals below name every field).
    #[test]
    fn every_field_survives_a_round_trip() {
        let seen =
            Provenance { source: Source::SiteJson, page_url: Some("https://x.com/a".into()), observed_at: 9 };
        let account = Account {
            id: "1".into(),
            handle: Some("a".into()),
            name: Some("A".into()),
            created_at: Some(1),
            bio: Some("b".into()),
            location: Some("l".into()),
            default_avatar: Some(true),
            followers: Some(2),
            following: Some(3),
            posts_count: Some(4),
            verified: Some(false),
            about: Some(AboutAccount {
                based_in: Some("t".into()),
                username_changes: Some(5),
                last_username_change_at: Some(6),
                source: Some("s".into()),
            }),
        };
        let post = Post {
            id: "2".into(),
            account_id: "1".into(),
            text: "t".into(),
            lang: Some("en".into()),
            created: Some(PostTime { earliest: 7, latest: 8, precision: Precision::Range }),
            time_text: Some("1h".into()),
            client: Some("c".into()),
            reply_to: Some("3".into()),
            reply_to_account: Some("4".into()),
            quote_of: Some("5".into()),
            repost_of: Some("6".into()),
            url: Some("u".into()),
        };
        for obs in [
            Observation::account(Site::X, seen.clone(), account),
            Observation::post(Site::Youtube, seen.clone(), post),
        ] {
            let json = serde_json::to_string(&obs).unwrap();
            assert_eq!(read::from_str(&json).unwrap(), obs, "{json}");
        }
    }

    #[test]
    fn what_is_not_an_observation_is_refused_with_what_is_missing() {
        let read = |json: &str| read::from_str(json).map_err(|e| e.to_string());
        let message = |json: &str| read(json).expect_err(json);
        assert!(message(r#"{"site":"x","kind":"post","id":"1"}"#).starts_with("missing field `account_id`"));
        assert!(message(r#"{"site":"x","id":"1"}"#).starts_with("missing field `kind`"));
        assert!(message(r#"{"site":"x","kind":"account"}"#).starts_with("missing field `id`"));
        assert!(message(r#"{"site":"x","kind":"page","id":"1"}"#).starts_with("unknown variant `page`"));
        // What the other kind holds is read and dropped, as before.
        let account = read(r#"{"site":"x","kind":"account","id":"1","text":"t","account_id":"9"}"#).unwrap();
        assert!(matches!(account.record, Record::Account(a) if a.id == "1"));
    }

    #[test]
    fn post_observation_round_trips_through_json() {
        let obs = Observation::post(
            Site::X,
            Provenance { source: Source::Dom, page_url: Some("https://x.com/a".into()), observed_at: 5 },
            Post {
                id: "1".into(),
                account_id: "@alice".into(),
                text: "hello".into(),
                created: Some(PostTime::exact(100)),
                ..Post::default()
            },
        );
        let json = serde_json::to_string(&obs).unwrap();
        assert!(json.contains(r#""kind":"post""#), "{json}");
        assert!(json.contains(r#""schema":"trichome.observation/1""#), "{json}");
        let back = read::from_str(&json).unwrap();
        assert_eq!(back, obs);
    }
}
