//! YouTube (youtube.com): comments, video owners and channels from `youtubei` responses and `ytInitialData`.
//!
//! YouTube moves the same pieces between responses (`youtubei/v1/next` for comments, `youtubei/v1/browse`
//! for channel pages, `ytInitialData` for the first page load), so one walk over the whole JSON tree looks
//! for every known shape wherever it appears. The shapes and fields read are listed in `docs/youtube.md`;
//! each has a fixture in `crate/tests/fixtures/youtube/`.

use std::collections::{HashMap, HashSet};

use trichome_text::json::Value;

use crate::observation::{
    Account, Observation, Post, PostTime, Precision, Provenance, ReadWarning, Reading, Site, Source,
};
use crate::sites::json_path::{clip, JsonPath, Warnings};
use crate::time::relative as relative_time;

mod channel;
mod values;

use self::channel::*;
pub use self::values::*;

/// The pseudo-address under which the extension hands over `window.ytInitialData`: `ytinitialdata:<page url>`.
pub const INITIAL_DATA_PREFIX: &str = "ytinitialdata:";

/// The pseudo-address under which the extension hands over `window.ytInitialPlayerResponse`:
/// `ytplayerresponse:<page url>`.
pub const PLAYER_RESPONSE_PREFIX: &str = "ytplayerresponse:";

/// Which YouTube response a capture is, from its host and path (without query); `None` if not YouTube's.
pub fn classify(host: &str, path: &str) -> Option<super::CaptureKind> {
    let youtube_host = host.is_empty() || super::site_of_host(host) == Some(Site::Youtube);
    match path.trim_start_matches('/') {
        "youtubei/v1/next" if youtube_host => Some(super::CaptureKind::YoutubeNext),
        "youtubei/v1/browse" if youtube_host => Some(super::CaptureKind::YoutubeBrowse),
        _ => None,
    }
}

/// Reads a `youtubei/v1/next` response: a watch page's comments, replies, and on the first call the video
/// and its owner. `page_url` is the watch page, when known; the video id is also taken from the response.
pub fn read_next(body: &str, page_url: Option<&str>, observed_at: i64) -> Reading {
    read_youtubei(body, page_url, observed_at)
}

/// Reads a `youtubei/v1/browse` response: a channel page's header, metadata and about panel.
pub fn read_browse(body: &str, page_url: Option<&str>, observed_at: i64) -> Reading {
    read_youtubei(body, page_url, observed_at)
}

/// Reads `window.ytInitialData` as the extension hands it over: on a watch page the video and its owner, on
/// a channel page the channel.
pub fn read_initial_data(json: &str, page_url: Option<&str>, observed_at: i64) -> Reading {
    read_youtubei(json, page_url, observed_at)
}

/// Reads `window.ytInitialPlayerResponse` of a watch page: the owner (`videoDetails`, `microformat`) and the
/// video with its exact publication time, which `ytInitialData` only prints as a day.
pub fn read_player_response(json: &str, page_url: Option<&str>, observed_at: i64) -> Reading {
    let mut reading = Reading::default();
    let root: Value = match super::parse_json(json) {
        Ok(v) => v,
        Err(e) => {
            reading.warnings.push(ReadWarning::new("$", format!("not JSON: {e}")));
            return reading;
        }
    };
    let details = root.get("videoDetails").filter(|v| v.is_object());
    let micro = get(&root, &["microformat", "playerMicroformatRenderer"]).filter(|v| v.is_object());
    if details.is_none() && micro.is_none() {
        reading
            .warnings
            .push(ReadWarning::new("$", "no videoDetails or microformat.playerMicroformatRenderer"));
        return reading;
    }
    let detail = |key: &str| details.and_then(|d| str_at(d, &[key])).filter(|s| !s.is_empty());
    let micro_str = |key: &str| micro.and_then(|m| str_at(m, &[key])).filter(|s| !s.is_empty());

    let video_id =
        detail("videoId").and_then(valid_video_id).or_else(|| page_url.and_then(video_id_from_url));
    let page_url = page_url
        .map(str::to_string)
        .or_else(|| video_id.as_ref().map(|v| format!("https://www.youtube.com/watch?v={v}")));
    let seen = Provenance { source: Source::SiteJson, page_url, observed_at };

    let Some(owner_id) = detail("channelId").or_else(|| micro_str("externalChannelId")) else {
        let message = "no videoDetails.channelId or microformat…externalChannelId: owner and video skipped";
        reading.warnings.push(ReadWarning::new("videoDetails.channelId", message));
        return reading;
    };
    let owner = Account {
        id: owner_id.to_string(),
        handle: micro_str("ownerProfileUrl").and_then(handle_from),
        name: micro_str("ownerChannelName").or_else(|| detail("author")).map(str::to_string),
        ..Account::default()
    };
    reading.observations.push(Observation::account(Site::Youtube, seen.clone(), owner));

    let Some(video_id) = video_id else {
        reading.warnings.push(ReadWarning::new("videoDetails.videoId", "no video id: video skipped"));
        return reading;
    };
    let (date_field, date) = match (micro_str("publishDate"), micro_str("uploadDate")) {
        (Some(d), _) => ("microformat.playerMicroformatRenderer.publishDate", Some(d)),
        (None, d) => ("microformat.playerMicroformatRenderer.uploadDate", d),
    };
    let created = date.and_then(publish_time);
    if let (Some(date), None) = (date, created) {
        reading
            .warnings
            .push(ReadWarning::new(date_field, format!("not an ISO 8601 date: {:?}", clip(date))));
    }
    let title = detail("title")
        .map(str::to_string)
        .or_else(|| micro.and_then(|m| text_at(m, &["title"])))
        .unwrap_or_default();
    reading.observations.push(Observation::post(
        Site::Youtube,
        seen,
        Post {
            id: video_id.clone(),
            account_id: owner_id.to_string(),
            text: title,
            created,
            url: Some(format!("https://www.youtube.com/watch?v={video_id}")),
            ..Post::default()
        },
    ));
    reading
}

/// `publishDate`: ISO 8601 with an offset ("2018-08-02T06:00:08-07:00") is exact; a bare date is a day in
/// some time zone, so it is widened to cover them all (UTC−12…UTC+14), as printed dates are.
fn publish_time(date: &str) -> Option<PostTime> {
    let at = crate::time::parse_iso(date)?;
    if date.trim().contains(['T', ' ']) {
        Some(PostTime::exact(at))
    } else {
        Some(day_anywhere(at))
    }
}

/// The id of the video a YouTube address shows: `watch?v=`, `youtu.be/`, `/shorts/`, `/live/`, `/embed/`.
pub fn video_id_from_url(url: &str) -> Option<String> {
    let (before_query, query) = url.split_once('?').unwrap_or((url, ""));
    let query = query.split('#').next().unwrap_or("");
    if before_query.ends_with("/watch") {
        let v = query.split('&').find_map(|pair| pair.strip_prefix("v="))?;
        return valid_video_id(v);
    }
    let path = before_query.split_once("://").map(|(_, rest)| rest).unwrap_or(before_query);
    let (host, path) = path.split_once('/').unwrap_or((path, ""));
    let id = if host.ends_with("youtu.be") {
        path.split('/').next()
    } else {
        ["shorts/", "live/", "embed/"]
            .iter()
            .find_map(|p| path.strip_prefix(p))
            .and_then(|r| r.split('/').next())
    };
    id.and_then(valid_video_id)
}

/// Video ids are 11 characters of the URL-safe base64 alphabet; anything else is not one.
fn valid_video_id(id: &str) -> Option<String> {
    let ok = id.len() == 11 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then(|| id.to_string())
}

/// Deeper than this the reader stops, as the X reader does: real responses nest about 40 levels.
const MAX_DEPTH: usize = 100;

/// The most comments read from one response; more is not a page YouTube sends.
const MAX_COMMENTS: usize = 5_000;

/// A comment as found, before its time and address are worked out.
struct CommentSeen {
    id: String,
    author: Account,
    text: String,
    published: Option<String>,
    /// Where `published` was, below `at`.
    published_field: &'static str,
    /// 0 for a top-level comment, 1 for a reply.
    reply_level: u64,
    is_creator: bool,
    at: String,
}

/// The watch page's video, as far as it was seen.
#[derive(Default)]
struct VideoSeen {
    id: Option<String>,
    title: Option<String>,
    date_text: Option<String>,
    owner_id: Option<String>,
}

/// A video in a channel's videos tab (or any list of `videoRenderer`s).
struct ListedVideoSeen {
    id: String,
    title: String,
    published: Option<String>,
    /// The owner named in the item itself (`ownerText`); on a channel's own tab there is none and the
    /// page's channel is the owner.
    owner_id: Option<String>,
    at: String,
}

/// Everything one walk found.
#[derive(Default)]
struct Found {
    comments: Vec<CommentSeen>,
    /// Video owners: accounts named by their own id.
    owners: Vec<Account>,
    /// The page's channel as its header, metadata and about panel show it; an empty id means "this page's
    /// channel", filled in once the walk has seen its id anywhere.
    page_channel: Vec<Account>,
    video: VideoSeen,
    /// Videos listed on the page (a channel's videos tab and its continuations).
    listed_videos: Vec<ListedVideoSeen>,
    /// A video id seen in a comment's own link (`publishedTimeCommand`), the fallback for the video.
    comment_video_id: Option<String>,
    warnings: Warnings,
}

fn read_youtubei(body: &str, page_url: Option<&str>, observed_at: i64) -> Reading {
    let mut reading = Reading::default();
    let root: Value = match super::parse_json(body) {
        Ok(v) => v,
        Err(e) => {
            reading.warnings.push(ReadWarning::new("$", format!("not JSON: {e}")));
            return reading;
        }
    };
    let mut found = Found::default();
    let mut path = JsonPath::default();
    walk(&root, &mut path, 0, &mut found);
    build(found, page_url, observed_at, &mut reading);
    reading
}

/// Visits every node, reading each known shape where it is met; nested shapes (replies inside a
/// `commentThreadRenderer`) are met in turn.
fn walk<'a>(value: &'a Value<'a>, path: &mut JsonPath<'a>, depth: usize, found: &mut Found) {
    if depth > MAX_DEPTH {
        found.warnings.push(path.render(), format!("nested deeper than {MAX_DEPTH} levels: not read"));
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter() {
                path.push_key(key);
                match key {
                    "commentEntityPayload" => read_comment_entity(child, path, found),
                    "commentRenderer" => read_comment_renderer(child, path, found),
                    "commentSurfaceEntityPayload" if found.comment_video_id.is_none() => {
                        let keys = ["publishedTimeCommand", "innertubeCommand", "watchEndpoint", "videoId"];
                        found.comment_video_id = str_at(child, &keys).and_then(valid_video_id);
                    }
                    "videoOwnerRenderer" => read_video_owner(child, path, found),
                    "videoRenderer" => read_listed_video(child, path, found),
                    "videoPrimaryInfoRenderer" => {
                        found.video.title = found.video.title.take().or_else(|| text_at(child, &["title"]));
                        found.video.date_text =
                            found.video.date_text.take().or_else(|| text_at(child, &["dateText"]));
                    }
                    "currentVideoEndpoint" if found.video.id.is_none() => {
                        found.video.id =
                            str_at(child, &["watchEndpoint", "videoId"]).and_then(valid_video_id);
                    }
                    "c4TabbedHeaderRenderer" => found.page_channel.push(read_c4_header(child)),
                    "pageHeaderRenderer" => found.page_channel.push(read_page_header(child)),
                    "channelMetadataRenderer" => found.page_channel.push(read_channel_metadata(child)),
                    "aboutChannelViewModel" | "channelAboutFullMetadataRenderer" => {
                        found.page_channel.push(read_about(child))
                    }
                    _ => {}
                }
                walk(child, path, depth + 1, found);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push_index(i);
                walk(item, path, depth + 1, found);
                path.pop();
            }
        }
        _ => {}
    }
}

fn read_comment_entity(payload: &Value<'_>, path: &JsonPath<'_>, found: &mut Found) {
    let at = path.render();
    let Some(id) = str_at(payload, &["properties", "commentId"]).filter(|s| !s.is_empty()) else {
        found.warnings.push(at, "no properties.commentId: comment skipped");
        return;
    };
    let Some(channel_id) = str_at(payload, &["author", "channelId"]).filter(|s| !s.is_empty()) else {
        found.warnings.push(at, "no author.channelId: comment skipped");
        return;
    };
    let display = str_at(payload, &["author", "displayName"]).unwrap_or("");
    let handle = display.strip_prefix('@').map(str::to_string).or_else(|| {
        str_at(
            payload,
            &["author", "channelCommand", "innertubeCommand", "browseEndpoint", "canonicalBaseUrl"],
        )
        .and_then(handle_from)
    });
    let author = Account {
        id: channel_id.to_string(),
        handle,
        // Without an `@`, the display name is a name, not a handle (channels from before handles).
        name: (!display.is_empty() && !display.starts_with('@')).then(|| display.to_string()),
        default_avatar: str_at(payload, &["author", "avatarThumbnailUrl"]).and_then(default_avatar),
        verified: at_bool(payload, &["author", "isVerified"]),
        ..Account::default()
    };
    let comment = CommentSeen {
        id: id.to_string(),
        author,
        text: str_at(payload, &["properties", "content", "content"]).unwrap_or("").to_string(),
        published: str_at(payload, &["properties", "publishedTime"]).map(str::to_string),
        published_field: "properties.publishedTime",
        reply_level: get(payload, &["properties", "replyLevel"])
            .and_then(Value::as_u64)
            .unwrap_or(u64::from(id.contains('.'))),
        is_creator: at_bool(payload, &["author", "isCreator"]).unwrap_or(false),
        at,
    };
    push_comment(found, comment);
}

fn at_bool(value: &Value<'_>, keys: &[&str]) -> Option<bool> {
    get(value, keys)?.as_bool()
}

fn push_comment(found: &mut Found, comment: CommentSeen) {
    if found.comments.len() >= MAX_COMMENTS {
        if found.comments.len() == MAX_COMMENTS {
            found.warnings.push(comment.at.clone(), format!("over {MAX_COMMENTS} comments: rest skipped"));
        }
        return;
    }
    found.comments.push(comment);
}

fn read_comment_renderer(renderer: &Value<'_>, path: &JsonPath<'_>, found: &mut Found) {
    let at = path.render();
    let Some(id) = str_at(renderer, &["commentId"]).filter(|s| !s.is_empty()) else {
        found.warnings.push(at, "no commentId: comment skipped");
        return;
    };
    let Some(channel_id) =
        str_at(renderer, &["authorEndpoint", "browseEndpoint", "browseId"]).filter(|s| !s.is_empty())
    else {
        found.warnings.push(at, "no authorEndpoint.browseEndpoint.browseId: comment skipped");
        return;
    };
    let author_text = text_at(renderer, &["authorText"]).unwrap_or_default();
    let handle = author_text.strip_prefix('@').map(str::to_string).or_else(|| {
        str_at(renderer, &["authorEndpoint", "browseEndpoint", "canonicalBaseUrl"]).and_then(handle_from)
    });
    let avatar = get(renderer, &["authorThumbnail", "thumbnails"])
        .and_then(Value::as_array)
        .and_then(|t| t.last())
        .and_then(|t| str_at(t, &["url"]));
    let author = Account {
        id: channel_id.to_string(),
        handle,
        name: (!author_text.is_empty() && !author_text.starts_with('@')).then_some(author_text),
        default_avatar: avatar.and_then(default_avatar),
        verified: Some(renderer.get("authorCommentBadge").is_some_and(has_verified_badge)),
        ..Account::default()
    };
    let comment = CommentSeen {
        id: id.to_string(),
        author,
        text: text_at(renderer, &["contentText"]).unwrap_or_default(),
        published: text_at(renderer, &["publishedTimeText"]),
        published_field: "publishedTimeText",
        reply_level: u64::from(id.contains('.')),
        is_creator: at_bool(renderer, &["authorIsChannelOwner"]).unwrap_or(false),
        at,
    };
    push_comment(found, comment);
}

fn read_video_owner(renderer: &Value<'_>, path: &JsonPath<'_>, found: &mut Found) {
    let browse = get(renderer, &["navigationEndpoint", "browseEndpoint"]).or_else(|| {
        get(renderer, &["title", "runs"])?
            .as_array()?
            .first()
            .and_then(|r| get(r, &["navigationEndpoint", "browseEndpoint"]))
    });
    let Some(id) = browse.and_then(|b| str_at(b, &["browseId"])).filter(|s| !s.is_empty()) else {
        found.warnings.push(path.render(), "no browseEndpoint.browseId: owner skipped");
        return;
    };
    let avatar = get(renderer, &["thumbnail", "thumbnails"])
        .and_then(Value::as_array)
        .and_then(|t| t.first())
        .and_then(|t| str_at(t, &["url"]));
    let account = Account {
        id: id.to_string(),
        handle: browse.and_then(|b| str_at(b, &["canonicalBaseUrl"])).and_then(handle_from),
        name: text_at(renderer, &["title"]),
        default_avatar: avatar.and_then(default_avatar),
        followers: text_at(renderer, &["subscriberCountText"]).and_then(|t| parse_count(&t)),
        verified: Some(renderer.get("badges").is_some_and(has_verified_badge)),
        ..Account::default()
    };
    // The watch page's own owner sits under `videoSecondaryInfoRenderer`; take any as a last resort.
    let is_main = path.contains_key("videoSecondaryInfoRenderer");
    if is_main || found.video.owner_id.is_none() {
        found.video.owner_id = Some(account.id.clone());
    }
    found.owners.push(account);
}

fn read_listed_video(renderer: &Value<'_>, path: &JsonPath<'_>, found: &mut Found) {
    let at = path.render();
    let Some(id) = str_at(renderer, &["videoId"]).and_then(valid_video_id) else {
        found.warnings.push(at, "no videoId: video skipped");
        return;
    };
    if found.listed_videos.len() >= MAX_COMMENTS {
        return;
    }
    let owner_run = get(renderer, &["ownerText", "runs"]).and_then(Value::as_array).and_then(|r| r.first());
    let browse = owner_run.and_then(|r| get(r, &["navigationEndpoint", "browseEndpoint"]));
    let owner_id = browse.and_then(|b| str_at(b, &["browseId"])).filter(|s| !s.is_empty());
    if let Some(owner_id) = owner_id {
        found.owners.push(Account {
            id: owner_id.to_string(),
            handle: browse.and_then(|b| str_at(b, &["canonicalBaseUrl"])).and_then(handle_from),
            name: owner_run.and_then(|r| str_at(r, &["text"])).filter(|t| !t.is_empty()).map(str::to_string),
            ..Account::default()
        });
    }
    found.listed_videos.push(ListedVideoSeen {
        id,
        title: text_at(renderer, &["title"]).unwrap_or_default(),
        published: text_at(renderer, &["publishedTimeText"]),
        owner_id: owner_id.map(str::to_string),
        at,
    });
}

fn build(found: Found, page_url: Option<&str>, observed_at: i64, reading: &mut Reading) {
    let Found { comments, owners, page_channel, mut video, listed_videos, comment_video_id, mut warnings } =
        found;
    if video.id.is_none() {
        video.id = page_url.and_then(video_id_from_url).or(comment_video_id);
    }
    let page_url = page_url
        .map(str::to_string)
        .or_else(|| video.id.as_ref().map(|v| format!("https://www.youtube.com/watch?v={v}")));
    let seen = Provenance { source: Source::SiteJson, page_url: page_url.clone(), observed_at };

    // The page's channel: the first id any of its shapes gave, else the address, else the handle.
    let page_channel_id = page_channel
        .iter()
        .find(|a| !a.id.is_empty())
        .map(|a| a.id.clone())
        .or_else(|| page_url.as_deref().and_then(channel_id_from_url))
        .or_else(|| page_channel.iter().find_map(|a| a.handle.as_ref().map(|h| format!("@{h}"))))
        .or_else(|| page_url.as_deref().and_then(channel_handle_from_url).map(|h| format!("@{h}")));

    let mut accounts: Vec<Account> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut add_account = |mut account: Account, accounts: &mut Vec<Account>| {
        if account.id.is_empty() {
            match &page_channel_id {
                Some(id) => account.id = id.clone(),
                None => return,
            }
        }
        match index.get(&account.id) {
            Some(&i) => accounts[i].fill_gaps(account),
            None => {
                index.insert(account.id.clone(), accounts.len());
                accounts.push(account);
            }
        }
    };
    let any_channel = !page_channel.is_empty();
    for channel in page_channel.into_iter().chain(owners) {
        add_account(channel, &mut accounts);
    }
    let owner_id = video.owner_id.clone().or_else(|| {
        comments.iter().find(|c| c.is_creator && c.reply_level == 0).map(|c| c.author.id.clone())
    });

    let mut posts: Vec<Post> = Vec::new();
    if let (Some(video_id), Some(owner)) = (&video.id, &video.owner_id) {
        if video.title.is_some() {
            posts.push(Post {
                id: video_id.clone(),
                account_id: owner.clone(),
                text: video.title.clone().unwrap_or_default(),
                created: video.date_text.as_deref().and_then(|d| video_time(d, observed_at)),
                url: Some(format!("https://www.youtube.com/watch?v={video_id}")),
                ..Post::default()
            });
        }
    }

    let any_relative =
        comments.iter().any(|c| c.published.is_some()) || listed_videos.iter().any(|v| v.published.is_some());
    if observed_at <= 0 && any_relative {
        warnings.push("$".into(), "observation time unknown: relative times not read");
    }
    let mut listed_ids: HashSet<String> = video.id.iter().cloned().collect();
    let mut ownerless = 0;
    for listed in listed_videos {
        let Some(owner) = listed.owner_id.or_else(|| page_channel_id.clone()) else {
            ownerless += 1;
            continue;
        };
        if !listed_ids.insert(listed.id.clone()) {
            continue;
        }
        let created = match (&listed.published, observed_at > 0) {
            (Some(text), true) => {
                let time = relative_time::parse(text, observed_at);
                if time.is_none() {
                    warnings.push(
                        format!("{}.publishedTimeText", listed.at),
                        format!("not a relative time: {:?}", clip(text)),
                    );
                }
                time
            }
            _ => None,
        };
        // A continuation page may name its channel only by the page address: the account is then its
        // `@handle` placeholder (merging into an account already seen changes nothing).
        let handle = owner.strip_prefix('@').map(str::to_string);
        add_account(Account { id: owner.clone(), handle, ..Account::default() }, &mut accounts);
        posts.push(Post {
            id: listed.id.clone(),
            account_id: owner,
            text: listed.title,
            created,
            url: Some(format!("https://www.youtube.com/watch?v={}", listed.id)),
            ..Post::default()
        });
    }
    if ownerless > 0 {
        warnings.push(
            "$".into(),
            format!("{ownerless} listed videos without ownerText, channel id or channel address: skipped"),
        );
    }
    let author_of: HashMap<&str, &str> =
        comments.iter().map(|c| (c.id.as_str(), c.author.id.as_str())).collect();
    let mut post_ids: HashSet<&str> = HashSet::new();
    for comment in &comments {
        if !post_ids.insert(comment.id.as_str()) {
            continue;
        }
        let created = match (&comment.published, observed_at > 0) {
            (Some(text), true) => {
                let time = relative_time::parse(text, observed_at);
                if time.is_none() {
                    warnings.push(
                        format!("{}.{}", comment.at, comment.published_field),
                        format!("not a relative time: {:?}", clip(text)),
                    );
                }
                time
            }
            _ => None,
        };
        let parent = (comment.reply_level > 0)
            .then(|| comment.id.split_once('.').map(|(parent, _)| parent.to_string()))
            .flatten();
        let (reply_to, reply_to_account) = match &parent {
            Some(parent) => (Some(parent.clone()), author_of.get(parent.as_str()).map(|a| a.to_string())),
            // A top-level comment answers the video.
            None if comment.reply_level == 0 => (video.id.clone(), owner_id.clone()),
            None => (None, None),
        };
        posts.push(Post {
            id: comment.id.clone(),
            account_id: comment.author.id.clone(),
            text: comment.text.clone(),
            created,
            reply_to,
            reply_to_account,
            url: video.id.as_ref().map(|v| format!("https://www.youtube.com/watch?v={v}&lc={}", comment.id)),
            ..Post::default()
        });
    }
    for comment in comments {
        add_account(comment.author, &mut accounts);
    }

    if accounts.is_empty() && posts.is_empty() {
        let message = if any_channel {
            "channel shapes found but no channel id, address or handle to name the channel by"
        } else {
            "no YouTube comment, video or channel found"
        };
        warnings.push("$".into(), message);
    }
    reading.warnings = warnings.into_vec();
    reading
        .observations
        .extend(accounts.into_iter().map(|a| Observation::account(Site::Youtube, seen.clone(), a)));
    reading.observations.extend(posts.into_iter().map(|p| Observation::post(Site::Youtube, seen.clone(), p)));
}
