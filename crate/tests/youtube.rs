//! The YouTube reader against our own fixtures (golden files) and against the real captures in
//! `../shared/data/youtube/`, whose counts are computed here independently of the reader.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use trichome::observation::{Precision, Reading, Record};
use trichome::sites::{read_capture, youtube};

/// When the captures were "seen": 2026-01-25, two days after the NewPipe mocks were recorded.
fn observed_at() -> i64 {
    trichome::time::parse_iso("2026-01-25T00:00:00Z").unwrap_or(0)
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/youtube")
}

/// `../shared/data`, found as the common brief says; `None` (and a printed reason) when absent.
fn shared_data() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("TRICHOME_DATA").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data")),
        Some(PathBuf::from("/work/shared/data")),
    ];
    let found = candidates.into_iter().flatten().find(|p| p.join("youtube").is_dir());
    if found.is_none() {
        println!("skipping: ../shared/data not found");
    }
    found
}

/// Reads a fixture with the reader its name asks for (`next_`, `browse_`, `initial_`).
fn read_fixture(name: &str, page_url: Option<&str>) -> Reading {
    let body = std::fs::read_to_string(fixtures().join(format!("{name}.json"))).unwrap();
    let read = if name.starts_with("next_") {
        youtube::read_next
    } else if name.starts_with("browse_") {
        youtube::read_browse
    } else {
        youtube::read_initial_data
    };
    read(&body, page_url, observed_at())
}

/// The one check: a fixture's reading equals its golden file. `TRICHOME_BLESS=1` rewrites the golden file
/// (then review the diff).
fn check(name: &str, page_url: Option<&str>) {
    let reading = read_fixture(name, page_url);
    let actual = serde_json::to_string_pretty(&reading).unwrap() + "\n";
    let golden = fixtures().join(format!("{name}.expected.json"));
    if std::env::var_os("TRICHOME_BLESS").is_some() {
        std::fs::write(&golden, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_default();
    assert_eq!(actual, expected, "{name}: reading differs from {}", golden.display());
}

#[test]
fn older_comment_renderer_shape() {
    check("next_comment_renderer", Some("https://www.youtube.com/watch?v=Fx0Fixture1"));
}

#[test]
fn comment_entities_with_chinese_times_replies_and_broken_entries() {
    check("next_entities_zh", None);
}

#[test]
fn channel_page_with_the_older_header() {
    check("browse_c4_header", Some("https://www.youtube.com/@lin_wei2291"));
}

#[test]
fn channel_page_with_the_newer_header() {
    check("browse_page_header", None);
}

#[test]
fn channel_about_panel() {
    check("browse_about", None);
}

#[test]
fn channel_videos_tab() {
    check("browse_videos_drift", Some(VIDEOS_TAB));
}

#[test]
fn channel_videos_tab_continuation() {
    check("browse_videos_continuation", Some(VIDEOS_TAB));
}

const VIDEOS_TAB: &str = "https://www.youtube.com/@rangamati_travel/videos";

#[test]
fn videos_tab_shows_the_drift_from_bengali_to_chinese() {
    let channel = "UCq7drift0Bn6zh1Fixture0";
    let reading = read_fixture("browse_videos_drift", Some(VIDEOS_TAB));
    // Six items, one without a `videoId`: five videos, one warning naming the item.
    assert_eq!((reading.account_count(), reading.post_count()), (1, 5));
    assert_eq!(reading.warnings.len(), 1, "{:?}", reading.warnings);
    assert!(reading.warnings[0].at.contains("contents[2].richItemRenderer.content.videoRenderer"));
    let owner = accounts(&reading)[0];
    assert_eq!((owner.id.as_str(), owner.handle.as_deref()), (channel, Some("rangamati_travel")));
    let videos = posts(&reading);
    assert!(videos.iter().all(|p| p.account_id == channel));
    let is_bengali = |t: &str| t.chars().any(|c| ('\u{0980}'..='\u{09ff}').contains(&c));
    let is_chinese = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let (newest, oldest) = (videos[0], videos[4]);
    assert!(is_chinese(&newest.text) && is_bengali(&oldest.text), "{} / {}", newest.text, oldest.text);
    assert_eq!(videos.iter().filter(|p| is_chinese(&p.text)).count(), 3);
    assert_eq!(newest.url.as_deref(), Some("https://www.youtube.com/watch?v=zhNew0001aA"));
    // "2 days ago" and "4 years ago": ranges as the relative time allows, never more precise.
    let two_days = newest.created.unwrap();
    assert_eq!(two_days.precision, Precision::Range);
    assert_eq!(
        (two_days.earliest, two_days.latest),
        (observed_at() - 3 * 86_400, observed_at() - 2 * 86_400)
    );
    let four_years = oldest.created.unwrap();
    assert_eq!(four_years.latest, observed_at() - 4 * 365 * 86_400);
    assert!(videos.windows(2).all(|w| w[0].created.unwrap().latest >= w[1].created.unwrap().latest));

    // The same tab as `ytInitialData` of `/@handle/videos` reads the same.
    let body = std::fs::read_to_string(fixtures().join("browse_videos_drift.json")).unwrap();
    let initial = read_capture(&format!("ytinitialdata:{VIDEOS_TAB}"), &body, observed_at());
    assert_eq!(initial, reading);

    // A continuation names no channel: the page address's handle does, as the `@handle` placeholder id.
    let more = read_fixture("browse_videos_continuation", Some(VIDEOS_TAB));
    assert!(more.warnings.is_empty(), "{:?}", more.warnings);
    assert_eq!((more.account_count(), more.post_count()), (1, 3));
    assert_eq!(accounts(&more)[0].id, "@rangamati_travel");
    assert!(posts(&more).iter().all(|p| p.account_id == "@rangamati_travel" && p.created.is_some()));
    // Without the page address nobody can be named: nothing is invented, and a warning says so.
    let anonymous = read_fixture("browse_videos_continuation", None);
    assert!(anonymous.observations.is_empty());
    assert!(!anonymous.warnings.is_empty());
}

#[test]
fn watch_page_initial_data_of_a_stream() {
    check("initial_watch_stream", Some("https://www.youtube.com/watch?v=Tp3Stream01"));
}

#[test]
fn capture_urls_choose_the_reader() {
    let body = std::fs::read_to_string(fixtures().join("initial_watch_stream.json")).unwrap();
    let by_capture =
        read_capture("ytinitialdata:https://www.youtube.com/watch?v=Tp3Stream01", &body, observed_at());
    let direct = read_fixture("initial_watch_stream", Some("https://www.youtube.com/watch?v=Tp3Stream01"));
    assert_eq!(by_capture, direct);
    let body = std::fs::read_to_string(fixtures().join("next_entities_zh.json")).unwrap();
    let by_capture = read_capture("https://www.youtube.com/youtubei/v1/next?prettyPrint=false", &body, 5);
    assert_eq!(by_capture.post_count(), 4);
}

#[test]
fn garbage_gives_warnings_and_no_panic() {
    let deep = "[".repeat(10_000);
    let inputs = [
        "",
        "not json",
        "null",
        "[]",
        "{}",
        "42",
        deep.as_str(),
        r#"{"frameworkUpdates":{"entityBatchUpdate":{"mutations":5}}}"#,
        r#"{"a":{"commentEntityPayload":5,"commentRenderer":[],"videoOwnerRenderer":"x"}}"#,
        r#"{"commentRenderer":{"commentId":7,"authorEndpoint":{"browseEndpoint":{"browseId":[]}}}}"#,
        r#"{"header":{"pageHeaderRenderer":{"content":{"pageHeaderViewModel":{"metadata":3}}}}}"#,
        r#"{"videoPrimaryInfoRenderer":{"title":{"runs":[{"text":1}]},"dateText":{"simpleText":"99 Zzz 99999"}}}"#,
        r#"{"richItemRenderer":{"content":{"videoRenderer":{"videoId":5,"title":"t"}}}}"#,
        r#"{"videoRenderer":{"videoId":"zhNew0001aA","ownerText":{"runs":[{"navigationEndpoint":[]}]}}}"#,
        r#"{"videoRenderer":[]}"#,
    ];
    for input in inputs {
        for read in [youtube::read_next, youtube::read_browse, youtube::read_initial_data] {
            let reading = read(input, Some("garbage"), observed_at());
            assert!(reading.observations.is_empty(), "{input:.40}: {:?}", reading.observations);
            assert!(!reading.warnings.is_empty(), "{input:.40}: no warning");
        }
    }
}

/// Every value stored under `key`, anywhere in the tree.
fn values_under<'v>(value: &'v Value, key: &str, out: &mut Vec<&'v Value>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == key {
                    out.push(v);
                }
                values_under(v, key, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| values_under(v, key, out)),
        _ => {}
    }
}

/// What a capture holds, counted without the reader: comments by a plain text count of the key, authors and
/// replies by a generic tree search.
struct Census {
    comments: usize,
    authors: BTreeSet<String>,
    replies: usize,
    owners: BTreeSet<String>,
    videos: usize,
}

fn census(body: &str) -> Census {
    let tree: Value = serde_json::from_str(body).unwrap();
    let mut entities = Vec::new();
    values_under(&tree, "commentEntityPayload", &mut entities);
    let mut owners = Vec::new();
    values_under(&tree, "videoOwnerRenderer", &mut owners);
    Census {
        comments: body.matches("\"commentEntityPayload\":").count()
            + body.matches("\"commentRenderer\":").count(),
        authors: entities
            .iter()
            .filter_map(|e| e["author"]["channelId"].as_str())
            .map(String::from)
            .collect(),
        replies: entities.iter().filter(|e| e["properties"]["replyLevel"].as_u64().unwrap_or(0) > 0).count(),
        owners: owners
            .iter()
            .filter_map(|o| o["navigationEndpoint"]["browseEndpoint"]["browseId"].as_str())
            .map(String::from)
            .collect(),
        videos: body.matches("\"videoPrimaryInfoRenderer\":").count(),
    }
}

fn posts(reading: &Reading) -> Vec<&trichome::observation::Post> {
    reading
        .observations
        .iter()
        .filter_map(|o| match &o.record {
            Record::Post(p) => Some(p),
            Record::Account(_) => None,
        })
        .collect()
}

fn accounts(reading: &Reading) -> Vec<&trichome::observation::Account> {
    reading
        .observations
        .iter()
        .filter_map(|o| match &o.record {
            Record::Account(a) => Some(a),
            Record::Post(_) => None,
        })
        .collect()
}

/// The recorded `next` exchanges, with the counts pinned as well: (case/file, comments, authors, replies).
const NEXT_CAPTURES: [(&str, usize, usize, usize); 10] = [
    ("formatting/generated_mock_2.json", 0, 0, 0),
    ("formatting/generated_mock_3.json", 20, 20, 0),
    ("heartedbycreator/generated_mock_2.json", 0, 0, 0),
    ("heartedbycreator/generated_mock_3.json", 20, 20, 0),
    ("likesvotes/generated_mock_3.json", 20, 20, 0),
    ("pinned/generated_mock_2.json", 0, 0, 0),
    ("pinned/generated_mock_3.json", 20, 20, 0),
    ("replies/generated_mock_2.json", 0, 0, 0),
    ("replies/generated_mock_3.json", 20, 20, 0),
    ("replies/generated_mock_4.json", 10, 8, 10),
];

fn response_body(path: &Path) -> String {
    let exchange: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    exchange["response"]["responseBody"].as_str().unwrap().to_string()
}

#[test]
fn every_recorded_next_response_reads_completely() {
    let Some(data) = shared_data() else { return };
    let dir = data.join("youtube/next");
    // Every capture on disk is in the table, so a new one cannot go unchecked.
    let mut on_disk = Vec::new();
    for case in std::fs::read_dir(&dir).unwrap().flatten().filter(|e| e.path().is_dir()) {
        for file in std::fs::read_dir(case.path()).unwrap().flatten() {
            on_disk.push(format!(
                "{}/{}",
                case.file_name().to_string_lossy(),
                file.file_name().to_string_lossy()
            ));
        }
    }
    on_disk.sort();
    let mut listed: Vec<String> = NEXT_CAPTURES.iter().map(|c| c.0.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);

    for (file, comments, authors, replies) in NEXT_CAPTURES {
        let body = response_body(&dir.join(file));
        let census = census(&body);
        assert_eq!(
            (census.comments, census.authors.len(), census.replies),
            (comments, authors, replies),
            "{file}"
        );
        let reading = youtube::read_next(&body, None, observed_at());
        assert!(reading.warnings.is_empty(), "{file}: {:?}", reading.warnings);
        let posts = posts(&reading);
        let comment_posts: Vec<_> = posts.iter().filter(|p| p.id.starts_with("Ug")).collect();
        assert_eq!(comment_posts.len(), census.comments, "{file}: comments");
        assert_eq!(posts.len() - comment_posts.len(), census.videos, "{file}: videos");
        let reply_posts =
            comment_posts.iter().filter(|p| p.reply_to.as_deref().is_some_and(|r| r.starts_with("Ug")));
        assert_eq!(reply_posts.count(), census.replies, "{file}: replies");
        let account_ids: BTreeSet<String> = accounts(&reading).iter().map(|a| a.id.clone()).collect();
        let expected_ids: BTreeSet<String> = census.authors.union(&census.owners).cloned().collect();
        assert_eq!(account_ids, expected_ids, "{file}: accounts");
        assert_eq!(reading.account_count(), expected_ids.len(), "{file}: one observation per account");
        // The video is named in every comment's own link; the first `videoId` in the text is that video.
        let video = body.split("\"videoId\":\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or("");
        for post in comment_posts {
            let time = post.created.unwrap_or_else(|| panic!("{file}: {} has no time", post.id));
            assert!(time.is_valid() && time.latest <= observed_at(), "{file}: {time:?}");
            let url = format!("https://www.youtube.com/watch?v={video}&lc={}", post.id);
            assert_eq!(post.url.as_deref(), Some(url.as_str()), "{file}");
        }
    }
}

#[test]
fn recorded_comment_fields_are_read_exactly() {
    let Some(data) = shared_data() else { return };
    let body = response_body(&data.join("youtube/next/replies/generated_mock_3.json"));
    let reading =
        youtube::read_next(&body, Some("https://www.youtube.com/watch?v=xaQJbozY_Is"), observed_at());
    let first = posts(&reading).into_iter().find(|p| p.id == "UgwSOM0QHBLysE3vZE54AaABAg").unwrap();
    assert_eq!(first.account_id, "UCsXVk37bltHxD1rDPwtNM8Q");
    assert!(first.text.starts_with("The 12,022 Calendar is sold out"), "{}", first.text);
    assert_eq!(first.reply_to.as_deref(), Some("xaQJbozY_Is"));
    assert_eq!(
        first.url.as_deref(),
        Some("https://www.youtube.com/watch?v=xaQJbozY_Is&lc=UgwSOM0QHBLysE3vZE54AaABAg")
    );
    // "4 years ago (edited)": at least 4 and less than 5 years (of up to 366 days) before.
    let time = first.created.unwrap();
    assert_eq!(time.precision, Precision::Range);
    assert_eq!(time.latest, observed_at() - 4 * 365 * 86_400);
    assert_eq!(time.earliest, observed_at() - 5 * 366 * 86_400);
    let kurzgesagt = accounts(&reading).into_iter().find(|a| a.id == "UCsXVk37bltHxD1rDPwtNM8Q").unwrap();
    assert_eq!(kurzgesagt.handle.as_deref(), Some("kurzgesagt"));
    assert_eq!(kurzgesagt.verified, Some(true));
    // A `ytc/` picture may be a photo or a generated letter: the reader does not claim either.
    assert_eq!(kurzgesagt.default_avatar, None);
    assert!(reading
        .observations
        .iter()
        .all(|o| o.seen.page_url.as_deref() == Some("https://www.youtube.com/watch?v=xaQJbozY_Is")
            && o.seen.observed_at == observed_at()));

    let body = response_body(&data.join("youtube/next/replies/generated_mock_4.json"));
    let reading = youtube::read_next(&body, None, observed_at());
    let replies = posts(&reading);
    assert!(replies.iter().all(|p| p.reply_to.as_deref() == Some("UgwSOM0QHBLysE3vZE54AaABAg")));
    let reply = replies.iter().find(|p| p.id == "UgwSOM0QHBLysE3vZE54AaABAg.9TOrAAD78Z59TP5w_4MZzh").unwrap();
    assert_eq!(reply.text, "\u{a0}@a2izzard\u{a0} yes");

    let body = response_body(&data.join("youtube/next/replies/generated_mock_2.json"));
    let reading = youtube::read_next(&body, None, observed_at());
    let owner = accounts(&reading)[0];
    assert_eq!(owner.id, "UCsXVk37bltHxD1rDPwtNM8Q");
    assert_eq!(owner.name.as_deref(), Some("Kurzgesagt – In a Nutshell"));
    assert_eq!(owner.handle.as_deref(), Some("kurzgesagt"));
    assert_eq!(owner.followers, Some(25_000_000));
    assert_eq!(owner.verified, Some(true));
    let video = posts(&reading)[0];
    assert_eq!(
        (video.id.as_str(), video.text.as_str()),
        ("xaQJbozY_Is", "What Dinosaurs ACTUALLY Looked Like?")
    );
    let day = trichome::time::parse_iso("2021-10-12").unwrap();
    let time = video.created.unwrap();
    assert_eq!(time.precision, Precision::Day);
    assert!(time.earliest < day && day + 86_399 < time.latest);
}

/// The JSON object after `marker` in a page, found by matching braces outside strings.
fn object_after<'p>(page: &'p str, marker: &str) -> Option<&'p str> {
    let start = page.find(marker)? + marker.len();
    let bytes = page.as_bytes();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(&page[start..=i]);
                }
            }
            _ => {}
        }
    }
    None
}

#[test]
fn recorded_watch_page_initial_data() {
    let Some(data) = shared_data() else { return };
    let page = std::fs::read_to_string(data.join("youtube/watch/watch-page.html")).unwrap();
    let json = object_after(&page, "ytInitialData = ").unwrap();
    let census = census(json);
    assert_eq!((census.comments, census.videos), (0, 1), "comments arrive through `next`, not the page");
    let page_url = "https://www.youtube.com/watch?v=GJLlxj_dtq8";
    let reading = youtube::read_initial_data(json, Some(page_url), observed_at());
    assert!(reading.warnings.is_empty(), "{:?}", reading.warnings);
    let ids: HashSet<&str> = accounts(&reading).iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, census.owners.iter().map(String::as_str).collect());
    let owner = accounts(&reading)[0];
    assert_eq!(owner.id, "UCVYamHliCI9rw1tHR1xbkfw");
    assert_eq!((owner.name.as_deref(), owner.handle.as_deref()), (Some("Dave2D"), Some("Dave2D")));
    assert_eq!(owner.followers, Some(3_680_000));
    let video = posts(&reading);
    assert_eq!(video.len(), 1);
    assert_eq!(video[0].id, "GJLlxj_dtq8");
    assert_eq!(video[0].account_id, "UCVYamHliCI9rw1tHR1xbkfw");
    assert_eq!(video[0].text, "Surface Go Review - It’s Awesome");
    let day = trichome::time::parse_iso("2018-08-02").unwrap();
    let time = video[0].created.unwrap();
    assert!(time.earliest < day && day + 86_399 < time.latest);
    let by_capture = read_capture(&format!("ytinitialdata:{page_url}"), json, observed_at());
    assert_eq!(by_capture, reading);
}

#[test]
fn recorded_watch_page_player_response() {
    let Some(data) = shared_data() else { return };
    let page = std::fs::read_to_string(data.join("youtube/watch/watch-page.html")).unwrap();
    let json = object_after(&page, "var ytInitialPlayerResponse = ").unwrap();
    let page_url = "https://www.youtube.com/watch?v=GJLlxj_dtq8";
    let reading = youtube::read_player_response(json, Some(page_url), observed_at());
    assert!(reading.warnings.is_empty(), "{:?}", reading.warnings);
    assert_eq!((reading.account_count(), reading.post_count()), (1, 1));
    let owner = accounts(&reading)[0];
    assert_eq!(owner.id, "UCVYamHliCI9rw1tHR1xbkfw");
    assert_eq!((owner.name.as_deref(), owner.handle.as_deref()), (Some("Dave2D"), Some("Dave2D")));
    let video = posts(&reading)[0];
    assert_eq!((video.id.as_str(), video.account_id.as_str()), ("GJLlxj_dtq8", "UCVYamHliCI9rw1tHR1xbkfw"));
    assert_eq!(video.text, "Surface Go Review - It\u{2019}s Awesome");
    assert_eq!(video.url.as_deref(), Some(page_url));
    // The page's own `publishDate`, found here by a plain text search.
    let published = json.split("\"publishDate\":\"").nth(1).and_then(|r| r.split('"').next()).unwrap();
    assert!(published.starts_with("2018-08-02T"), "{published}");
    let time = video.created.unwrap();
    assert_eq!(time.precision, Precision::Second);
    assert_eq!(time.earliest, trichome::time::parse_iso(published).unwrap());
    assert_eq!(time.earliest, trichome::time::parse_iso("2018-08-02T13:00:08Z").unwrap());
    let by_capture = read_capture(&format!("ytplayerresponse:{page_url}"), json, observed_at());
    assert_eq!(by_capture, reading);
}

#[test]
fn player_response_dates_and_garbage() {
    let bare = r#"{"videoDetails":{"videoId":"Ab3_defGh-1","title":"t","channelId":"UCx"},
        "microformat":{"playerMicroformatRenderer":{"publishDate":"2018-08-02",
        "ownerProfileUrl":"http://www.youtube.com/@%E6%9E%97","ownerChannelName":"Lin"}}}"#;
    let reading = youtube::read_player_response(bare, None, observed_at());
    assert!(reading.warnings.is_empty(), "{:?}", reading.warnings);
    assert_eq!(accounts(&reading)[0].handle.as_deref(), Some("\u{6797}"));
    let time = posts(&reading)[0].created.unwrap();
    let day = trichome::time::parse_iso("2018-08-02").unwrap();
    assert_eq!(time.precision, Precision::Day);
    assert!(time.earliest < day && day + 86_399 < time.latest);

    let deep = "[".repeat(10_000);
    let inputs = [
        "",
        "not json",
        "null",
        "[]",
        "{}",
        "42",
        deep.as_str(),
        r#"{"videoDetails":5,"microformat":[]}"#,
        r#"{"videoDetails":{"videoId":7,"channelId":[]}}"#,
        r#"{"microformat":{"playerMicroformatRenderer":{"externalChannelId":{}}}}"#,
    ];
    for input in inputs {
        let reading = youtube::read_player_response(input, Some("garbage"), observed_at());
        assert!(reading.observations.is_empty(), "{input:.40}: {:?}", reading.observations);
        assert!(!reading.warnings.is_empty(), "{input:.40}: no warning");
    }
    // An owner without a readable video still names the owner, and says what was missing.
    let reading = youtube::read_player_response(
        r#"{"videoDetails":{"channelId":"UCx","videoId":"short"},
            "microformat":{"playerMicroformatRenderer":{"publishDate":"soon"}}}"#,
        None,
        observed_at(),
    );
    assert_eq!((reading.account_count(), reading.post_count()), (1, 0));
    assert!(!reading.warnings.is_empty());
}

#[test]
fn a_listed_video_names_its_own_owner_when_it_has_one() {
    // Search results and the home feed list other people's videos: `ownerText` says whose, not the page.
    let body = r#"{"contents":[{"videoRenderer":{"videoId":"srch0001aAa","title":{"runs":[{"text":"Hello"}]},
        "publishedTimeText":{"simpleText":"5 hours ago"},"ownerText":{"runs":[{"text":"Other Channel",
        "navigationEndpoint":{"browseEndpoint":{"browseId":"UCother0000000000000000A","canonicalBaseUrl":"/@other"}}}]}}}],
        "metadata":{"channelMetadataRenderer":{"externalId":"UCpage00000000000000000A"}}}"#;
    let reading = youtube::read_browse(body, None, observed_at());
    assert!(reading.warnings.is_empty(), "{:?}", reading.warnings);
    let video = posts(&reading)[0];
    assert_eq!(video.account_id, "UCother0000000000000000A");
    let other = accounts(&reading).into_iter().find(|a| a.id == "UCother0000000000000000A").unwrap();
    assert_eq!((other.name.as_deref(), other.handle.as_deref()), (Some("Other Channel"), Some("other")));
    assert_eq!(video.created.unwrap().precision, Precision::Range);
}
