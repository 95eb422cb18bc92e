//! Issue #17: the page as attacker. Each test is named after the finding it pins (`regression_17_<n>_…`) and
//! builds the hostile input the finding describes, smaller where the original would cost gigabytes before the
//! fix, but large enough that the bound it checks fails without the fix.

use trichome::engine::{Engine, Limits};
use trichome::observation::{Account, Observation, Post, PostTime, Provenance, Record, Site, Source};
use trichome::sites::read_capture;

/// The whole size of a reading's warnings, in bytes.
fn warning_bytes(reading: &trichome::observation::Reading) -> usize {
    reading.warnings.iter().map(|w| w.at.len() + w.message.len()).sum()
}

fn post(site: Site, account: &str, id: &str, text: &str, at: i64) -> Observation {
    Observation::post(
        site,
        Provenance { source: Source::Graphql, page_url: None, observed_at: at },
        Post {
            id: id.into(),
            account_id: account.into(),
            text: text.into(),
            created: Some(PostTime::exact(at)),
            ..Post::default()
        },
    )
}

fn account(site: Site, id: &str, handle: &str, at: i64) -> Observation {
    Observation::account(
        site,
        Provenance { source: Source::Graphql, page_url: None, observed_at: at },
        Account { id: id.into(), handle: Some(handle.into()), ..Account::default() },
    )
}

#[test]
fn regression_17_2_a_huge_key_repeated_across_comment_renderers_gives_bounded_warnings() {
    // One 100 KB key above 2,000 broken `commentRenderer`s: before the fix every one of them gave a warning
    // whose path held the whole key (200 MB here; the 1.2 MB original reached 2 GB and trapped the wasm).
    let key = "k".repeat(100_000);
    let renderers = vec![r#"{"commentRenderer":{"contentText":{"simpleText":"x"}}}"#; 2_000].join(",");
    let body = format!(r#"{{"{key}":[{renderers}]}}"#);
    let reading = read_capture("https://www.youtube.com/youtubei/v1/next", &body, 1_700_000_000);
    assert!(reading.observations.is_empty());
    assert!(reading.warnings.len() <= 65, "{} warnings", reading.warnings.len());
    assert!(warning_bytes(&reading) < 64 * 1024, "{} bytes of warnings", warning_bytes(&reading));
    assert!(reading.warnings.last().is_some_and(|w| w.message.contains("more warnings not kept")));
}

#[test]
fn regression_17_2_comments_under_a_huge_key_keep_small_paths_and_clipped_times() {
    // Valid comments under a huge key, each with a huge unreadable time: the comments are read, the warnings
    // stay small.
    let key = "k".repeat(50_000);
    let junk_time = "t".repeat(2_000);
    let comments: Vec<String> = (0..300)
        .map(|i| {
            format!(
                r#"{{"commentRenderer":{{"commentId":"c{i}","authorEndpoint":{{"browseEndpoint":{{"browseId":"UC{i:022}"}}}},"contentText":{{"simpleText":"hello {i}"}},"publishedTimeText":{{"simpleText":"{junk_time}"}}}}}}"#
            )
        })
        .collect();
    let body = format!(r#"{{"{key}":[{}]}}"#, comments.join(","));
    let reading = read_capture("https://www.youtube.com/youtubei/v1/next", &body, 1_700_000_000);
    assert_eq!(reading.post_count(), 300);
    assert!(warning_bytes(&reading) < 64 * 1024, "{} bytes of warnings", warning_bytes(&reading));
    let mut engine = Engine::with_limits(Limits::browser());
    engine.ingest(&reading.observations);
    assert_eq!(engine.account_count(), 300);
}

#[test]
fn regression_17_2_nesting_deeper_than_real_responses_is_not_walked() {
    let body = format!("{}{}", "[".repeat(120), "]".repeat(120));
    let reading = read_capture("https://www.youtube.com/youtubei/v1/next", &body, 1_700_000_000);
    assert!(reading.warnings.iter().any(|w| w.message.contains("nested deeper")), "{:?}", reading.warnings);
}
