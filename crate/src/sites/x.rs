//! X (x.com, twitter.com): its GraphQL responses, in the three user schemas X has served.
//!
//! Each operation the web client calls (UserTweets, TweetDetail, SearchTimeline, the home and list timelines,
//! UserByScreenName, AboutAccountQuery, the follower and retweeter lists) nests its tweets and users
//! differently, and X reshuffles the nesting often. So the reader follows no operation's layout: it walks the
//! whole response and reads every `{"result": …}` held by a key that carries results (`tweet_results`,
//! `user_results`, `user`, `quoted_status_result`, …), deciding by its `__typename` what it is. Each distinct
//! user becomes one account observation, each distinct tweet one post observation. `docs/x-graphql.md`
//! lists the fields read, per schema generation.

mod json;
mod tweet;
mod user;

use std::collections::{HashMap, HashSet};

use trichome_text::json::{Map, Value};

use crate::observation::{Account, Observation, Post, Provenance, ReadWarning, Reading, Site, Source};

use json::{kind_of, Fields, JsonPath, Warnings};
use tweet::{read_post, Author};
use user::read_account;

/// Deeper than this the reader stops: real responses nest about 30 levels, and a bound keeps hostile input
/// from exhausting the stack (the parser itself, trichome_text::json, refuses more than 128 levels).
const MAX_DEPTH: usize = 100;

/// Reads one X GraphQL response body. Never fails: what cannot be read becomes a warning.
pub fn read_graphql(body: &str, page_url: Option<&str>, observed_at: i64) -> Reading {
    let root: Value = match super::parse_json(body) {
        Ok(root) => root,
        Err(e) => {
            return Reading {
                observations: Vec::new(),
                warnings: vec![ReadWarning::new("$", format!("not JSON: {e}"))],
            };
        }
    };
    let mut response = ResponseReader::default();
    response.read_root(&root);
    let seen = Provenance { source: Source::SiteJson, page_url: page_url.map(str::to_string), observed_at };
    response.into_reading(seen)
}

/// What a key holding `{"result": …}` is expected to carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Carries {
    /// Tweets (`tweet_results`, `quoted_status_result`, `retweeted_status_result`).
    Tweet,
    /// Users (`user_results`, `user`, `user_result_by_screen_name`, `user_refs_results`, `mention_results`).
    User,
    /// Any other `*_results` / `*_result` key: read only if it turns out to hold a tweet or a user, since many
    /// hold something else entirely (`media_results`, `note_tweet_results`).
    Unknown,
}

/// Which keys carry results. `quotedRefResult` is deliberately not one: it holds only the id of a quoted
/// tweet's own quote, which the quoted tweet's `quoted_status_id_str` already gives.
fn carries(key: &str) -> Option<Carries> {
    match key {
        "tweet_results" | "quoted_status_result" | "retweeted_status_result" => Some(Carries::Tweet),
        "user_results" | "user" | "user_result_by_screen_name" | "user_refs_results" | "mention_results" => {
            Some(Carries::User)
        }
        _ if key.ends_with("_results") || key.ends_with("_result") => Some(Carries::Unknown),
        _ => None,
    }
}

/// An observation, by its place in the reader's lists, in the order first seen.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Account(usize),
    Post(usize),
}

/// The state of reading one response: what was found so far, deduplicated, and the warnings.
#[derive(Default)]
struct ResponseReader {
    accounts: Vec<Account>,
    account_at: HashMap<String, usize>,
    posts: Vec<Post>,
    post_at: HashMap<String, usize>,
    order: Vec<Slot>,
    /// Objects already read, by address: a tweet's author is read before the tweet, and met again by the walk.
    read_objects: HashSet<usize>,
    warnings: Warnings,
    too_deep: bool,
}

impl ResponseReader {
    fn read_root(&mut self, root: &Value<'_>) {
        let mut path = JsonPath::default();
        let Value::Object(top) = root else {
            self.warnings.push(path.render(), format!("expected a JSON object, found {}", kind_of(root)));
            return;
        };
        if let Some(Value::Array(errors)) = top.get("errors") {
            for (i, error) in errors.iter().enumerate() {
                let message = error.get("message").and_then(Value::as_str).unwrap_or("no message");
                self.warnings.push(format!("errors[{i}]"), format!("X reported: {}", json::clip(message)));
            }
        }
        self.walk(root, &mut path, 0);
        if !top.contains_key("data") && !top.contains_key("errors") && self.order.is_empty() {
            self.warnings.push("$".into(), "no `data` object: not a GraphQL response");
        }
    }

    /// Visits every value, reading the results held by carrier keys wherever they sit.
    fn walk<'v>(&mut self, value: &'v Value<'v>, path: &mut JsonPath<'v>, depth: usize) {
        if depth > MAX_DEPTH {
            if !self.too_deep {
                self.too_deep = true;
                self.warnings.push(path.render(), format!("nested deeper than {MAX_DEPTH} levels: not read"));
            }
            return;
        }
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter() {
                    path.push_key(key);
                    if let Some(carried) = carries(key) {
                        self.read_carrier(key, carried, child, path);
                    }
                    self.walk(child, path, depth + 1);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push_index(i);
                    self.walk(item, path, depth + 1);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    /// Reads the value of a carrier key: `{"result": …}`, or a list of them (`user_refs_results`).
    fn read_carrier<'v>(
        &mut self,
        key: &str,
        carried: Carries,
        holder: &'v Value<'v>,
        path: &mut JsonPath<'v>,
    ) {
        match holder {
            Value::Object(map) => match map.get("result") {
                Some(result) => {
                    path.push_key("result");
                    self.read_result(carried, result, path);
                    path.pop();
                }
                None if map.is_empty() && carried == Carries::Tweet => {
                    self.warnings
                        .push(path.render(), "empty: X did not send this tweet (deleted or withheld)");
                }
                None => {}
            },
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let Some(result) = item.get("result") {
                        path.push_index(i);
                        path.push_key("result");
                        self.read_result(carried, result, path);
                        path.pop();
                        path.pop();
                    }
                }
            }
            Value::Null => {}
            // `user` is also an ordinary word in other shapes (a v1.1 user object is not wrapped in `result`).
            other if carried != Carries::Unknown && key != "user" => {
                let found = kind_of(other);
                self.warnings
                    .push(path.render(), format!("expected an object holding `result`, found {found}"));
            }
            _ => {}
        }
    }

    /// Reads one result by its `__typename`.
    fn read_result<'v>(&mut self, carried: Carries, result: &'v Value<'v>, path: &mut JsonPath<'v>) {
        let Value::Object(map) = result else {
            if carried != Carries::Unknown && !result.is_null() {
                self.warnings.push(path.render(), format!("expected an object, found {}", kind_of(result)));
            }
            return;
        };
        match map.get("__typename").and_then(Value::as_str) {
            Some("Tweet") => self.read_tweet(map, path),
            Some("TweetWithVisibilityResults") => match map.get("tweet") {
                Some(Value::Object(inner)) => {
                    path.push_key("tweet");
                    self.read_tweet(inner, path);
                    path.pop();
                }
                _ => {
                    self.warnings.push(path.render(), "TweetWithVisibilityResults without its tweet: skipped")
                }
            },
            Some("User") => {
                self.read_user(map, path);
            }
            Some(kind @ ("TweetTombstone" | "TweetUnavailable" | "UserUnavailable")) => {
                let reason = unavailable_reason(map);
                self.warnings.push(path.render(), format!("{kind}: skipped{reason}"));
            }
            Some(other) => {
                if carried != Carries::Unknown {
                    let other = json::clip(other);
                    self.warnings.push(path.render(), format!("unexpected __typename {other:?}: skipped"));
                }
            }
            // Some captures leave out `__typename`: trust the key when the shape agrees.
            None => match carried {
                Carries::Tweet if map.contains_key("legacy") => self.read_tweet(map, path),
                Carries::User if map.contains_key("rest_id") => {
                    self.read_user(map, path);
                }
                Carries::Tweet | Carries::User => {
                    self.warnings.push(path.render(), "result without __typename: skipped");
                }
                Carries::Unknown => {}
            },
        }
    }

    /// Reads a tweet and its author (author first, so an account precedes its posts).
    fn read_tweet<'v>(&mut self, tweet: &'v Map<'v>, path: &mut JsonPath<'v>) {
        if !self.read_objects.insert(address(tweet)) {
            return;
        }
        let author = self.read_author(tweet, path);
        let mut fields = Fields::new(tweet, path, &mut self.warnings);
        if fields.object(&["legacy"]).is_none() {
            fields.warn(&["legacy"], "tweet without its `legacy` part: skipped");
            return;
        }
        if let Some(post) = read_post(&mut fields, author) {
            self.add_post(post);
        }
    }

    /// The author at `core.user_results.result`, read as an account.
    fn read_author<'v>(&mut self, tweet: &'v Map<'v>, path: &mut JsonPath<'v>) -> Author {
        let mut author = Author { id: None, handle: None };
        let Some(Value::Object(user)) = tweet
            .get("core")
            .and_then(|core| core.get("user_results"))
            .and_then(|holder| holder.get("result"))
        else {
            return author;
        };
        for key in ["core", "user_results", "result"] {
            path.push_key(key);
        }
        if let Some(index) = self.read_user(user, path) {
            author.id = Some(self.accounts[index].id.clone());
            author.handle = self.accounts[index].handle.clone();
        }
        for _ in 0..3 {
            path.pop();
        }
        author
    }

    /// Reads a user into an account; returns its place in the list.
    fn read_user<'v>(&mut self, user: &'v Map<'v>, path: &JsonPath<'v>) -> Option<usize> {
        if !self.read_objects.insert(address(user)) {
            let id = user.get("rest_id").and_then(Value::as_str)?;
            return self.account_at.get(id).copied();
        }
        if !user.contains_key("rest_id") {
            // A timeline's owner (`data.user.result.timeline`) is a container, not an observation.
            if !(user.contains_key("timeline") || user.contains_key("timeline_v2")) {
                self.warnings.push(path.render(), "user without rest_id: skipped");
            }
            return None;
        }
        let account = read_account(&mut Fields::new(user, path, &mut self.warnings))?;
        Some(self.add_account(account))
    }

    fn add_account(&mut self, account: Account) -> usize {
        if let Some(&index) = self.account_at.get(&account.id) {
            self.accounts[index].fill_gaps(account);
            return index;
        }
        let index = self.accounts.len();
        self.account_at.insert(account.id.clone(), index);
        self.accounts.push(account);
        self.order.push(Slot::Account(index));
        index
    }

    fn add_post(&mut self, post: Post) {
        if let Some(&index) = self.post_at.get(&post.id) {
            self.posts[index].fill_gaps(post);
            return;
        }
        let index = self.posts.len();
        self.post_at.insert(post.id.clone(), index);
        self.posts.push(post);
        self.order.push(Slot::Post(index));
    }

    fn into_reading(self, seen: Provenance) -> Reading {
        let ResponseReader { accounts, posts, order, warnings, .. } = self;
        let mut accounts: Vec<Option<Account>> = accounts.into_iter().map(Some).collect();
        let mut posts: Vec<Option<Post>> = posts.into_iter().map(Some).collect();
        let observations = order
            .into_iter()
            .filter_map(|slot| match slot {
                Slot::Account(i) => {
                    accounts[i].take().map(|a| Observation::account(Site::X, seen.clone(), a))
                }
                Slot::Post(i) => posts[i].take().map(|p| Observation::post(Site::X, seen.clone(), p)),
            })
            .collect();
        Reading { observations, warnings: warnings.into_vec() }
    }
}

/// The identity of a JSON object within one parsed response.
fn address(object: &Map<'_>) -> usize {
    object as *const Map<'_> as usize
}

/// Why X withheld a tweet or user, when it says.
fn unavailable_reason(result: &Map<'_>) -> String {
    let said = result
        .get("tombstone")
        .and_then(|t| t.get("text"))
        .and_then(|t| t.get("text"))
        .or_else(|| result.get("reason"))
        .or_else(|| result.get("message"))
        .and_then(Value::as_str);
    match said {
        Some(reason) => format!(" ({})", json::clip(reason)),
        None => String::new(),
    }
}
