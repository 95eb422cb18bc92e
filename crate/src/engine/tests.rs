//! The engine end to end: levels reached, verdicts kept against verdicts computed afresh, handles merged,
//! stored history round trips, bounds, and malformed input refused.

use super::*;
use crate::observation::{PostTime, Provenance};
use crate::verdict::Level;

fn post(account: &str, id: &str, text: &str, at: i64) -> Observation {
    Observation::post(
        Site::X,
        Provenance { source: Source::Dom, page_url: None, observed_at: at },
        Post {
            id: id.into(),
            account_id: account.into(),
            text: text.into(),
            created: Some(PostTime::exact(at)),
            ..Post::default()
        },
    )
}

const COPY: &str =
    "Western media keeps spreading lies about Xinjiang. The truth is people there live happy lives.";

#[test]
fn copies_by_five_accounts_reach_watch_and_others_do_not() {
    let mut engine = Engine::default();
    let mut batch: Vec<Observation> =
        (0..5).map(|i| post(&format!("@copier{i}"), &format!("p{i}"), COPY, 1_000 + i * 60)).collect();
    batch.push(post("@reader", "r1", "What a thoughtful thread, thank you for writing it all down.", 1_100));
    engine.ingest(&batch);
    let v = engine.verdict("x:@copier3").unwrap();
    assert_eq!(v.level, Level::Watch, "{v:?}");
    assert_eq!(v.clusters.len(), 1);
    let reader = engine.verdict("x:@reader").unwrap();
    assert!(reader.level < Level::Watch, "{reader:?}");
}

#[test]
fn a_verdict_given_before_an_ingest_is_not_given_after_it() {
    let mut engine = Engine::default();
    engine.ingest(&[post("@copier0", "p0", COPY, 1_000)]);
    let alone = engine.verdict("x:@copier0").unwrap();
    assert!(alone.level < Level::Watch && alone.clusters.is_empty(), "{alone:?}");
    assert_eq!(engine.verdict("x:@copier0").unwrap(), alone, "asked again, nothing new");
    // Others posting the same text join the account to a cluster: its verdict changes.
    let copies: Vec<Observation> =
        (1..5).map(|i| post(&format!("@copier{i}"), &format!("p{i}"), COPY, 1_000 + i * 60)).collect();
    engine.ingest(&copies);
    let joined = engine.verdict("x:@copier0").unwrap();
    assert_eq!((joined.level, joined.clusters.len()), (Level::Watch, 1), "{joined:?}");
    assert_eq!(engine.page_report_for(&["x:@copier0".to_string()], "").levels["watch"], 1);
    // The same after a restore (absorb), which changes what is held too.
    let mut restored = Engine::default();
    restored.ingest(&[post("@copier0", "p0", COPY, 1_000)]);
    assert_eq!(restored.verdict("x:@copier0").unwrap(), alone);
    restored.restore(&engine.snapshot(2_000, 1 << 20, true)).unwrap();
    assert_eq!(restored.verdict("x:@copier0").unwrap(), joined);
    // Every verdict, cached or not, is the one a fresh engine gives.
    assert_eq!(engine.verdicts(), restored.verdicts());
}

/// The verdict computed afresh, nothing kept.
fn fresh_verdict(engine: &Engine, key: &str) -> Option<Verdict> {
    let key = engine.resolve(key);
    let h = engine.accounts.get(&key)?;
    let cross = engine.cross_account();
    let assessment = signals::assess(h, cross, &|k| engine.handle_of(k));
    Some(verdict_of(h, assessment, cross.cluster_ids_seen(&key, pages::TRUSTED)))
}

#[test]
fn verdicts_kept_between_ingests_are_those_computed_afresh() {
    // Six accounts posting at office hours and at night, some copying each other, some renamed, taken in
    // a few posts at a time; after each batch every verdict is asked twice and compared with one computed
    // afresh.
    let texts = [
        COPY,
        "Lovely weather at the seaside today, the kids built an enormous sandcastle by the pier",
        "The committee will publish its findings on the new railway line after the summer recess",
        PRIVATE,
    ];
    let mut batches: Vec<Vec<Observation>> = Vec::new();
    for round in 0..8i64 {
        let mut batch = Vec::new();
        for a in 0..6i64 {
            if (round + a) % 3 == 0 {
                continue;
            }
            let at = 1_700_000_000 + round * 86_400 + a * 7_200 + (round * a % 5) * 600;
            let text = texts[((round * a) % 4) as usize];
            batch.push(post(&format!("@acct{a}"), &format!("p{round}-{a}"), text, at));
            batch.push(post(
                &format!("@acct{a}"),
                &format!("q{round}-{a}"),
                &format!("{text} {round}"),
                at + 60,
            ));
        }
        if round == 4 {
            let seen = Provenance { source: Source::SiteJson, page_url: None, observed_at: 1_700_500_000 };
            let account = Account { id: "77".into(), handle: Some("acct2".into()), ..Account::default() };
            batch.push(Observation::account(Site::X, seen, account));
        }
        batches.push(batch);
    }
    let keys: Vec<String> = (0..7).map(|a| format!("x:@acct{a}")).chain(["x:77".to_string()]).collect();
    let mut engine = Engine::default();
    for batch in &batches {
        engine.ingest(batch);
        for _ in 0..2 {
            for key in &keys {
                assert_eq!(engine.verdict(key), fresh_verdict(&engine, key), "{key}");
            }
        }
        let fresh: Vec<Verdict> =
            engine.histories().iter().filter_map(|h| fresh_verdict(&engine, &h.key())).collect();
        assert_eq!(engine.verdicts(), fresh);
    }
    assert!(engine.verdict("x:@acct1").unwrap().posts_seen > 10);
}

#[test]
fn three_channels_copying_an_untimed_comment_reach_watch_and_two_do_not() {
    let text =
        "This documentary is completely one-sided. Anyone who has actually visited knows the region is \
                peaceful, modern and prosperous. Stop the propaganda!";
    let level_with = |channels: i64| {
        let mut engine = Engine::default();
        let batch: Vec<Observation> = (0..channels)
            .map(|i| {
                let mut o = post(&format!("@chan{i}"), &format!("c{i}"), text, 0);
                o.site = Site::Youtube;
                if let Record::Post(p) = &mut o.record {
                    p.created = None;
                }
                o
            })
            .collect();
        engine.ingest(&batch);
        engine.verdict("youtube:@chan1").unwrap().level
    };
    assert_eq!(level_with(3), Level::Watch);
    // Issue 13: one text shared by two is what copypasta looks like too.
    assert_eq!(level_with(2), Level::Insufficient);
}

#[test]
fn regression_a_network_reposting_its_text_weeks_later_is_not_a_template() {
    // Three bursts of four accounts over 60 days: spread like a template, but accounts come back with
    // the group, as a network does and people sharing a template do not.
    let mut engine = Engine::default();
    let mut batch = Vec::new();
    // (The last burst holds half of all ten: since issue 13 one text counts only when most of those who
    // posted it posted it together.)
    let bursts: [(i64, &[i64]); 3] = [(0, &[0, 1, 2, 3]), (30, &[4, 5, 6, 7]), (60, &[0, 1, 8, 9, 2])];
    for (day, accounts) in bursts {
        for (k, a) in accounts.iter().enumerate() {
            let at = 1_700_000_000 + day * 86_400 + k as i64 * 90;
            batch.push(post(&format!("@net{a}"), &format!("p{day}-{a}"), COPY, at));
        }
    }
    engine.ingest(&batch);
    let v = engine.verdict("x:@net9").unwrap();
    assert_eq!(v.level, Level::Watch, "{v:?}");
    let clusters = &v.signals[0].evidence.to_value()["clusters"];
    assert_eq!(clusters[0]["commonness"], "distinct");
}

#[test]
fn a_handle_merges_into_the_real_id_when_both_are_seen() {
    let mut engine = Engine::default();
    engine.ingest(&[post("@Alice", "p1", "hello there my friends", 10)]);
    let seen = Provenance { source: Source::SiteJson, page_url: None, observed_at: 20 };
    let account = Account { id: "42".into(), handle: Some("alice".into()), ..Account::default() };
    engine.ingest(&[Observation::account(Site::X, seen, account)]);
    engine.ingest(&[post("@alice", "p2", "another post", 30)]);
    assert_eq!(engine.account_count(), 1);
    assert_eq!(engine.history("x:42").unwrap().posts.len(), 2);
    assert_eq!(engine.verdict("x:@ALICE").unwrap().account.id, "42");
}

#[test]
fn history_survives_a_snapshot_and_restore() {
    let mut engine = Engine::default();
    let batch: Vec<Observation> =
        (0..5).map(|i| post(&format!("@copier{i}"), &format!("p{i}"), COPY, 1_000 + i * 60)).collect();
    engine.ingest(&batch);
    let stored = engine.snapshot(2_000, 1 << 20, false);
    let mut restored = Engine::default();
    let stats = restored.restore(&stored).expect("restores");
    assert_eq!(stats.posts_new, 5);
    assert_eq!(restored.verdict("x:@copier1").unwrap().level, Level::Watch);
    // Recalling one copier brings the others: another engine can then see the cluster.
    assert_eq!(engine.recall(&["x:@copier0".to_string()]).len(), 5);
    // Restoring twice adds nothing: posts are deduplicated by id.
    assert_eq!(restored.restore(&stored).unwrap().posts_new, 0);
}

/// A reply text no stored history may hold unless the user keeps texts.
const PRIVATE: &str = "my neighbour Wilhelmina grows purple tomatoes behind the old bakery";

fn campaign() -> Engine {
    let mut engine = Engine::default();
    let mut batch: Vec<Observation> =
        (0..4).map(|i| post(&format!("@copier{i}"), &format!("p{i}"), COPY, 1_000 + i * 60)).collect();
    batch.push(post("@reader", "r1", PRIVATE, 1_100));
    engine.ingest(&batch);
    engine
}

#[test]
fn stored_history_holds_no_post_text_unless_the_user_keeps_texts() {
    let engine = campaign();
    let stored = engine.snapshot(2_000, 1 << 20, false);
    assert!(stored.contains("\"schema\":\"trichome.history/2\""), "{stored}");
    for phrase in ["Wilhelmina", "purple tomatoes", "Xinjiang", "happy lives"] {
        assert!(!stored.contains(phrase), "'{phrase}' stored: {stored}");
    }
    let kept = engine.snapshot(2_000, 1 << 20, true);
    assert!(kept.contains(PRIVATE) && kept.contains(COPY));
    // Restoring what kept texts brings them back with the features.
    let mut restored = Engine::default();
    restored.restore(&kept).unwrap();
    assert_eq!(restored.history("x:@reader").unwrap().posts[0].text, PRIVATE);
}

#[test]
fn a_copy_cluster_is_found_across_a_restore_of_history_without_texts() {
    let engine = campaign();
    let before = engine.verdict("x:@copier1").unwrap();
    let stored = engine.snapshot(2_000, 1 << 20, false);
    let mut restored = Engine::default();
    assert_eq!(restored.restore(&stored).unwrap().posts_new, 5);
    let after = restored.verdict("x:@copier1").unwrap();
    assert_eq!((after.level, after.clusters.clone()), (before.level, before.clusters.clone()));
    // The evidence says the text was not kept rather than show nothing.
    let evidence = &after.signals[0].evidence.to_value()["clusters"][0];
    assert_eq!(evidence["text"], crate::signals::duplicate::TEXT_NOT_KEPT, "{evidence}");
    // New copies seen after the restore join the restored ones; the cluster shows the text seen again.
    restored.ingest(&[post("@copier4", "p4", COPY, 1_300), post("@copier5", "p5", COPY, 1_360)]);
    let joined = restored.verdict("x:@copier0").unwrap();
    let evidence = &joined.signals[0].evidence.to_value()["clusters"][0];
    assert_eq!(evidence["accounts"], 6, "{evidence}");
    assert_eq!(evidence["text"], COPY);
    assert_eq!(joined.clusters, before.clusters, "the cluster keeps its id");
    // A restored post seen again on a page shows its text again.
    restored.ingest(&[post("@copier0", "p0", COPY, 1_000)]);
    let again = restored.verdict("x:@copier0").unwrap();
    let first = &again.signals[0].evidence.to_value()["clusters"][0]["posts"][0];
    assert_eq!((&first["post_id"], &first["text"]), (&"p0".into(), &COPY.into()), "{first}");
}

#[test]
fn history_stored_by_version_1_still_restores() {
    let engine = campaign();
    // Version 1: the same accounts, posts with texts and no features.
    let mut v1: serde_json::Value = serde_json::from_str(&engine.snapshot(2_000, 1 << 20, true)).unwrap();
    v1["schema"] = HISTORY_SCHEMA_V1.into();
    for h in v1["accounts"].as_array_mut().unwrap() {
        for p in h["posts"].as_array_mut().unwrap() {
            p.as_object_mut().unwrap().remove("features");
        }
    }
    let mut restored = Engine::default();
    assert_eq!(restored.restore(&v1.to_string()).unwrap().posts_new, 5);
    assert_eq!(restored.verdict("x:@copier2").unwrap().level, Level::Watch);
    let reader = restored.history("x:@reader").unwrap();
    assert_eq!(reader.posts[0].features, PostFeatures::of(PRIVATE).0, "features computed on the way in");
    // Saved again, it is version 2 without texts.
    assert!(!restored.snapshot(2_000, 1 << 20, false).contains("Wilhelmina"));
}

#[test]
fn fingerprints_of_another_sketch_version_are_ignored_not_compared() {
    let engine = campaign();
    let stored = engine.snapshot(2_000, 1 << 20, false);
    let other = stored.replace("\"sketch\":1", "\"sketch\":999");
    assert_ne!(other, stored);
    let mut restored = Engine::default();
    restored.restore(&other).unwrap();
    assert!(restored.page_report().clusters.is_empty());
    assert!(restored.history("x:@copier0").unwrap().posts[0].features.fingerprint.is_none());
}

#[test]
fn snapshot_keeps_the_most_recent_accounts_within_its_budget() {
    let mut engine = Engine::default();
    for i in 0..50 {
        engine.ingest(&[post(&format!("@a{i}"), &format!("p{i}"), "a few words of text", i)]);
    }
    let small = engine.snapshot(0, 2_000, false);
    assert!(small.len() <= 2_000);
    let snapshot = HistorySnapshot::read(&small).unwrap();
    assert!(!snapshot.accounts.is_empty() && snapshot.accounts.len() < 50);
    assert_eq!(snapshot.accounts[0].account.id, "@a49", "newest first");
}

#[test]
fn unreadable_or_foreign_history_is_refused_with_a_reason() {
    let mut engine = Engine::default();
    assert!(matches!(engine.restore("{not json"), Err(HistoryError::Unreadable(_))));
    let err = engine.restore(r#"{"schema":"trichome.history/9","accounts":[]}"#).unwrap_err();
    assert_eq!(err.to_string(), "error reading stored history: unknown schema 'trichome.history/9'");
}

#[test]
fn memory_is_bounded() {
    let limits = Limits { max_accounts: 10, max_posts_per_account: 5, ..Limits::default() };
    let mut engine = Engine::with_limits(limits);
    for i in 0..50 {
        engine.ingest(&[post(&format!("@a{}", i % 20), &format!("p{i}"), "some words here to index now", i)]);
    }
    assert!(engine.account_count() <= 10);
    assert!(engine.histories().iter().all(|h| h.posts.len() <= 5));
}

#[test]
fn malformed_observations_are_refused_not_fatal() {
    let mut engine = Engine::default();
    let mut bad = post("", "p1", "x", 1);
    let stats = engine.ingest(std::slice::from_ref(&bad));
    assert_eq!(stats.refused, 1);
    if let Record::Post(p) = &mut bad.record {
        p.account_id = "@a".into();
        p.created =
            Some(PostTime { earliest: 5, latest: 1, precision: crate::observation::Precision::Range });
    }
    assert_eq!(engine.ingest(&[bad]).refused, 1);
}
