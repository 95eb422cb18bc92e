//! Issue #17: the page as attacker. Each test is named after the finding it pins (`regression_17_<n>_…`) and
//! builds the hostile input the finding describes, smaller where the original would cost gigabytes before the
//! fix, but large enough that the bound it checks fails without the fix.

mod common;
use common::{capture_url, files, shared_data};

use trichome::engine::{Engine, Limits};
use trichome::observation::{Account, Observation, Post, PostTime, Provenance, Record, Site, Source};
use trichome::sites::read_capture;
use trichome::verdict::SignalKind;

/// A text a campaign copies.
const COPY: &str =
    "Western media keeps spreading lies about Xinjiang. The truth is people there live happy lives.";

/// The whole size of a reading's warnings, in bytes.
fn warning_bytes(reading: &trichome::observation::Reading) -> usize {
    reading.warnings.iter().map(|w| w.at.len() + w.message.len()).sum()
}

fn post(site: Site, account: &str, id: &str, text: &str, at: i64) -> Observation {
    Observation::post(
        site,
        Provenance { source: Source::SiteJson, page_url: None, observed_at: at },
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
        Provenance { source: Source::SiteJson, page_url: None, observed_at: at },
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
    let comments: Vec<String> = (0..200)
        .map(|i| {
            format!(
                r#"{{"commentRenderer":{{"commentId":"c{i}","authorEndpoint":{{"browseEndpoint":{{"browseId":"UC{i:022}"}}}},"contentText":{{"simpleText":"hello {i}"}},"publishedTimeText":{{"simpleText":"{junk_time}"}}}}}}"#
            )
        })
        .collect();
    let body = format!(r#"{{"{key}":[{}]}}"#, comments.join(","));
    let reading = read_capture("https://www.youtube.com/youtubei/v1/next", &body, 1_700_000_000);
    assert_eq!(reading.post_count(), 200);
    assert!(warning_bytes(&reading) < 64 * 1024, "{} bytes of warnings", warning_bytes(&reading));
    let mut engine = Engine::with_limits(Limits::browser());
    engine.ingest(&reading.observations);
    assert_eq!(engine.account_count(), 200);
}

#[test]
fn regression_17_2_nesting_deeper_than_real_responses_is_not_walked() {
    let body = format!("{}{}", "[".repeat(120), "]".repeat(120));
    let reading = read_capture("https://www.youtube.com/youtubei/v1/next", &body, 1_700_000_000);
    assert!(reading.warnings.iter().any(|w| w.message.contains("nested deeper")), "{:?}", reading.warnings);
}

/// A spam wave: `accounts` accounts each posting the same text `copies` times, minutes apart.
fn spam_wave(accounts: usize, copies: usize) -> Vec<Observation> {
    let text =
        "Western media keeps spreading lies about Xinjiang. The truth is people there live happy lives.";
    let mut batch = Vec::new();
    for a in 0..accounts {
        for c in 0..copies {
            let at = 1_700_000_000 + (a * copies + c) as i64 * 30;
            batch.push(post(Site::X, &format!("@wave{a}"), &format!("p{a}-{c}"), text, at));
        }
    }
    batch
}

#[test]
fn regression_17_3_a_verdict_in_a_big_copy_cluster_carries_bounded_evidence() {
    // 300 accounts × 4 copies: before the fix every member's verdict carried all 1,200 posts (the
    // original 1,000 × 4 made one verdict 712 KB of JSON and 400 badges 56 s and 1.1 GB).
    let mut engine = Engine::with_limits(Limits::browser());
    engine.ingest(&spam_wave(300, 4));
    let verdict = engine.verdict("x:@wave150").expect("held");
    assert_eq!(verdict.level.as_str(), "watch", "{verdict:?}");
    let size = serde_json::to_string(&verdict).unwrap().len();
    assert!(size < 16 * 1024, "one verdict is {size} bytes of JSON");
    let cluster =
        &verdict.signals.iter().find(|s| s.kind == SignalKind::Duplicate).unwrap().evidence.to_value()
            ["clusters"][0];
    assert_eq!(cluster["accounts"], 300);
    assert_eq!(cluster["posts_total"], 1_200, "{cluster}");
    // The account's own posts are among those shown.
    let shown = cluster["posts"].as_array().unwrap();
    assert!(shown.iter().any(|p| p["account"] == "x:@wave150"), "{cluster}");
}

#[test]
fn regression_17_3_badges_for_a_big_copy_cluster_cost_about_as_much_as_one_verdict_each() {
    let mut engine = Engine::with_limits(Limits::browser());
    engine.ingest(&spam_wave(300, 4));
    let keys: Vec<String> = (0..300).map(|a| format!("x:@wave{a}")).collect();
    let started = std::time::Instant::now();
    let badges: Vec<_> = keys.iter().filter_map(|k| engine.badge(k)).collect();
    let took = started.elapsed();
    assert_eq!(badges.len(), 300);
    assert!(badges.iter().all(|b| b.level.as_str() == "watch"));
    // Generous for a debug build on a busy machine; before the fix this took 15.6 s in a debug build.
    assert!(took.as_secs_f64() < 5.0, "300 badges took {took:?}");
    println!("300 badges of one 300-account cluster: {took:?}");
}

#[test]
fn regression_17_4_one_account_with_a_5_mb_bio_does_not_empty_the_save() {
    let mut engine = Engine::with_limits(Limits::browser());
    let batch: Vec<Observation> = (0..50)
        .map(|i| post(Site::X, &format!("@a{i}"), &format!("p{i}"), "a few words", 1_000 + i))
        .collect();
    engine.ingest(&batch);
    // The newest account, with a bio of 5 MB: before the fix the save stopped at it and wrote no account.
    let seen = Provenance { source: Source::SiteJson, page_url: None, observed_at: 5_000 };
    let huge = Account { id: "42".into(), bio: Some("b".repeat(5 << 20)), ..Account::default() };
    engine.ingest(&[Observation::account(Site::X, seen, huge)]);
    let held = engine.history("x:42").expect("held");
    assert_eq!(held.account.bio.as_ref().map(|b| b.chars().count()), Some(trichome::engine::MAX_BIO_CHARS));
    let stored = engine.snapshot(6_000, 4 << 20, false);
    let snapshot: serde_json::Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(snapshot["accounts"].as_array().unwrap().len(), 51);
    // A budget too small for some accounts leaves those out, not every account after them.
    let small = engine.snapshot(6_000, 2_000, false);
    let snapshot: serde_json::Value = serde_json::from_str(&small).unwrap();
    assert!(!snapshot["accounts"].as_array().unwrap().is_empty(), "{small}");
}

#[test]
fn regression_17_4_ids_and_free_text_fields_are_bounded() {
    let mut engine = Engine::with_limits(Limits::browser());
    let long = "x".repeat(1 << 20);
    let seen = Provenance { source: Source::SiteJson, page_url: None, observed_at: 5_000 };
    let stats = engine.ingest(&[
        Observation::account(Site::X, seen.clone(), Account { id: long.clone(), ..Account::default() }),
        post(Site::X, &long, "p1", "text", 1),
        post(Site::X, "@ok", &long, "text", 1),
    ]);
    assert_eq!(stats.refused, 3, "{stats:?}");
    let mut p = post(Site::X, "@ok", "p2", "text", 1);
    if let Record::Post(post) = &mut p.record {
        post.lang = Some(long.clone());
        post.client = Some(long.clone());
        post.time_text = Some(long.clone());
    }
    let account = Account {
        id: "7".into(),
        handle: Some(long.clone()),
        name: Some(long.clone()),
        location: Some(long.clone()),
        ..Account::default()
    };
    engine.ingest(&[p, Observation::account(Site::X, seen, account)]);
    let stored = engine.snapshot(6_000, 4 << 20, true);
    assert!(stored.len() < 4_000, "{} bytes stored for two small accounts", stored.len());
}

#[test]
fn regression_17_4_an_oversized_capture_is_refused_at_once() {
    let body = format!(r#"{{"data":{{"pad":"{}"}}}}"#, "a".repeat(12 << 20));
    let started = std::time::Instant::now();
    let reading = read_capture("https://x.com/i/api/graphql/abc/TweetDetail", &body, 1);
    assert!(started.elapsed().as_millis() < 500, "{:?}", started.elapsed());
    assert!(reading.observations.is_empty());
    assert!(reading.warnings[0].message.contains("not read"), "{:?}", reading.warnings);
}

#[test]
fn regression_17_1_real_captures_stay_within_the_bounds_put_on_one_capture() {
    let Some(data) = shared_data() else { return };
    let mut most = 0;
    let mut captures = files(&data.join("x/graphql"), &["json"], u64::MAX);
    captures.extend(files(&data.join("youtube"), &["json"], u64::MAX));
    assert!(captures.len() > 10, "{} captures", captures.len());
    for path in captures {
        let url = capture_url(&path);
        let body = std::fs::read_to_string(&path).unwrap();
        assert!(body.len() <= trichome::sites::MAX_CAPTURE_BYTES, "{}", path.display());
        let reading = read_capture(url, &body, 1_700_000_000);
        assert!(!reading.warnings.iter().any(|w| w.message.contains("left out")), "{}", path.display());
        most = most.max(reading.observations.len());
    }
    println!("most observations from one real capture: {most}");
    assert!(most * 2 <= trichome::sites::MAX_OBSERVATIONS_PER_CAPTURE, "{most}");
}

#[test]
fn regression_17_1_a_forged_capture_of_thousands_of_accounts_does_not_push_out_those_held() {
    let limits = Limits { max_accounts: 1_000, ..Limits::browser() };
    let mut engine = Engine::with_limits(limits);
    let real: Vec<Observation> =
        (0..1_000).map(|i| account(Site::X, &format!("{i}"), &format!("real{i}"), 1_000)).collect();
    engine.ingest_from(&real, "tab-1");
    // Before the fix one batch of 5,000 pushed out every account held before it.
    let forged: Vec<Observation> =
        (0..5_000).map(|i| account(Site::X, &format!("9{i:06}"), &format!("fake{i}"), 2_000)).collect();
    engine.ingest_from(&forged, "tab-evil");
    assert_eq!(engine.account_count(), 1_000);
    let kept = (0..1_000).filter(|i| engine.history(&format!("x:{i}")).is_some()).count();
    assert!(kept >= 950, "{kept} of 1,000 accounts held before the batch kept");
    // And what is stored keeps them too.
    let stored = engine.snapshot(3_000, 4 << 20, false);
    assert!(stored.matches("\"real").count() >= 950 * 2, "handles and names of the real accounts stored");
}

#[test]
fn regression_17_1_one_page_cannot_move_a_handle_onto_another_account() {
    let copy = COPY;
    let mut engine = Engine::with_limits(Limits::browser());
    let mut batch =
        vec![account(Site::X, "100", "campaign", 1_000), account(Site::X, "200", "innocent", 1_000)];
    for i in 0..4 {
        batch.push(post(Site::X, "100", &format!("c{i}"), copy, 1_000 + i * 60));
        batch.push(post(Site::X, &format!("@copier{i}"), &format!("d{i}"), copy, 1_000 + i * 60));
    }
    batch.push(post(Site::X, "200", "i1", "Lovely weather at the seaside today", 1_000));
    batch.push(post(Site::X, "@bystander", "b1", "Off to the market for apples", 1_000));
    engine.ingest_from(&batch, "tab-1");
    let before = engine.verdict("x:@innocent").unwrap();
    assert_eq!(before.account.id, "200");
    assert_eq!(engine.verdict_for("x:@campaign", "tab-1").unwrap().level.as_str(), "watch");

    // The forged capture: the campaign's id with the innocent's handle, and with a bystander's.
    let forged = [account(Site::X, "100", "innocent", 2_000), account(Site::X, "100", "bystander", 2_000)];
    engine.ingest_from(&forged, "tab-evil");
    let after = engine.verdict("x:@innocent").unwrap();
    assert_eq!((after.account.id.as_str(), after.level), ("200", before.level), "{after:?}");
    assert_eq!(engine.verdict("x:@bystander").unwrap().account.id, "@bystander");
    assert_eq!(engine.verdict("x:@campaign").unwrap().account.id, "100");
    // The same page saying it again is still one page.
    engine.ingest_from(&forged, "tab-evil");
    assert_eq!(engine.verdict("x:@innocent").unwrap().account.id, "200");

    // A real rename, seen on two pages, is taken.
    engine.ingest_from(&[account(Site::X, "100", "campaign_2", 3_000)], "tab-1");
    assert_ne!(engine.verdict("x:@campaign_2").map(|v| v.account.id), Some("100".to_string()));
    engine.ingest_from(&[account(Site::X, "100", "campaign_2", 3_100)], "tab-2");
    assert_eq!(engine.verdict("x:@campaign_2").unwrap().account.id, "100");
    // Trusted input (a dataset) is taken at its word.
    engine.ingest(&[account(Site::X, "200", "innocent_renamed", 4_000)]);
    assert_eq!(engine.verdict("x:@innocent_renamed").unwrap().account.id, "200");
}

#[test]
fn regression_17_1_a_cluster_one_page_alone_delivered_counts_only_on_that_page() {
    // A forged capture gives five well-known accounts the same text in the same minutes.
    let forged: Vec<Observation> = (0..5)
        .flat_map(|i| {
            let id = format!("{}", 500 + i);
            [
                account(Site::X, &id, &format!("known{i}"), 1_000),
                post(Site::X, &id, &format!("f{i}"), COPY, 1_000 + i as i64 * 60),
            ]
        })
        .collect();
    let mut engine = Engine::with_limits(Limits::browser());
    engine.ingest_from(&forged, "tab-evil");
    let level = |engine: &Engine, page: &str| engine.verdict_for("x:500", page).unwrap().level.as_str();
    // The page that sent it sees what it sent (it draws its own page anyway)...
    assert_eq!(level(&engine, "tab-evil"), "watch");
    // ...but no other page, nor the popup, nor what is stored and restored.
    assert_ne!(level(&engine, "tab-2"), "watch");
    assert_ne!(engine.verdict("x:500").unwrap().level.as_str(), "watch");
    let other = engine.verdict_for("x:500", "tab-2").unwrap();
    assert!(other.clusters.is_empty(), "{:?}", other.clusters);
    assert!(other.unknowns.iter().any(|u| u.contains("one other page alone")), "{:?}", other.unknowns);
    assert!(engine.page_report_for(&["x:500".to_string()], "tab-2").clusters.is_empty());
    let mut restored = Engine::with_limits(Limits::browser());
    restored.restore(&engine.snapshot(2_000, 4 << 20, false)).unwrap();
    assert_ne!(level(&restored, "tab-2"), "watch");
    // The same page sending it again is still one page.
    engine.ingest_from(&forged, "tab-evil");
    assert_ne!(level(&engine, "tab-2"), "watch");
    // A second page showing one of the copies makes the cluster independent: it counts everywhere, after a
    // restore too.
    engine.ingest_from(&forged[2..4], "tab-3");
    assert_eq!(level(&engine, "tab-2"), "watch");
    assert_eq!(engine.verdict("x:500").unwrap().level.as_str(), "watch");
    let mut restored = Engine::with_limits(Limits::browser());
    restored.restore(&engine.snapshot(3_000, 4 << 20, false)).unwrap();
    assert_eq!(restored.verdict("x:500").unwrap().level.as_str(), "watch");
}

#[test]
fn regression_17_8_times_past_2100_and_hidden_characters_in_handles_are_not_taken() {
    let mut engine = Engine::with_limits(Limits::browser());
    let seen = Provenance { source: Source::SiteJson, page_url: None, observed_at: 1_000 };
    let about =
        trichome::observation::AboutAccount { last_username_change_at: Some(1 << 60), ..Default::default() };
    let forged = Account {
        id: "1".into(),
        handle: Some("inno\u{202E}tnec".into()),
        created_at: Some(1 << 60),
        about: Some(about),
        ..Account::default()
    };
    engine.ingest(&[Observation::account(Site::X, seen, forged)]);
    let held = engine.history("x:1").expect("held");
    assert_eq!(held.account.created_at, None);
    assert_eq!(held.account.about.as_ref().and_then(|a| a.last_username_change_at), None);
    assert_eq!(held.account.handle, None, "a handle with a bidi control");
    let stats = engine.ingest(&[
        post(Site::Youtube, "@inno\u{202E}tnec", "c1", "hello", 1_000),
        post(Site::X, "@a", "p1", "hello", 1 << 60),
    ]);
    assert_eq!(stats.refused, 2, "{stats:?}");
}
