//! The posting-time signal through the engine: synthetic schedules in, verdict signals and clusters out; and
//! the real-people control when `../shared/data` is present.

mod sentences;

use std::path::{Path, PathBuf};

use trichome::engine::Engine;
use trichome::observation::{Account, Observation, Post, PostTime, Provenance, Site, Source};
use trichome::signals::timing::{self, TimingInput};
use trichome::time::{days_from_civil, parse_iso, weekday};
use trichome::verdict::{ClusterKind, SignalKind, SIGN_WEIGHT};

fn data_dir() -> Option<PathBuf> {
    [
        std::env::var("TRICHOME_DATA").ok().map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data")),
        Some(PathBuf::from("/work/shared/data")),
    ]
    .into_iter()
    .flatten()
    .find(|p| p.join("controls").is_dir())
}

fn seen() -> Provenance {
    Provenance { source: Source::SiteJson, page_url: None, observed_at: 1_700_000_000 }
}

/// An account with a location and posts at the given times.
/// A text no other account's post resembles, so that only timing joins accounts in these tests.
fn distinct_text(id: &str, i: usize) -> String {
    const WORDS: [&str; 16] = [
        "river", "garden", "bicycle", "lantern", "harbour", "violin", "pepper", "meadow", "cobalt",
        "thimble", "orchard", "quartz", "saddle", "tundra", "walnut", "zephyr",
    ];
    let mut h = id.bytes().fold(i as u64 + 7, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    (0..8)
        .map(|_| {
            h = h.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            WORDS[(h >> 60) as usize]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn account(id: &str, location: Option<&str>, times: &[i64]) -> Vec<Observation> {
    let mut out = vec![Observation::account(
        Site::X,
        seen(),
        Account {
            id: id.into(),
            handle: Some(id.into()),
            location: location.map(Into::into),
            ..Account::default()
        },
    )];
    out.extend(times.iter().enumerate().map(|(i, t)| {
        Observation::post(
            Site::X,
            seen(),
            Post {
                id: format!("{id}-{i}"),
                account_id: id.into(),
                text: distinct_text(id, i),
                lang: Some("en".into()),
                created: Some(PostTime::exact(*t)),
                ..Post::default()
            },
        )
    }));
    out
}

/// Weekday office hours in Beijing: 09:00–12:00 and 13:30–18:00, a few posts a day, seconds varied.
fn beijing_office(days: i64, salt: i64) -> Vec<i64> {
    let start = days_from_civil(2024, 3, 4);
    let mut out = Vec::new();
    for d in start..start + days {
        if weekday(d * 86_400, 0) >= 5 {
            continue;
        }
        for (k, minute) in [545, 620, 700, 835, 905, 990, 1040].iter().enumerate() {
            let jitter = (d * 37 + k as i64 * 11 + salt * 7) % 20;
            out.push(d * 86_400 + (minute + jitter) * 60 + (d + k as i64 + salt) % 60 - 8 * 3600);
        }
    }
    out
}

fn timing_weight(engine: &Engine, key: &str) -> f64 {
    let v = engine.verdict(key).expect("verdict");
    sentences::check_verdict(&v);
    v.signals.iter().find(|s| s.kind == SignalKind::Timing).map_or(0.0, |s| s.weight())
}

#[test]
fn office_shift_against_persona() {
    // (location, expected at least, expected below)
    let cases: [(Option<&str>, f64, f64); 3] = [
        (Some("Houston, Texas"), SIGN_WEIGHT, 1.01),
        (Some("Taipei, Taiwan"), 0.0, 0.1),
        (None, 0.0, SIGN_WEIGHT),
    ];
    for (i, (location, lo, hi)) in cases.iter().enumerate() {
        let mut engine = Engine::default();
        let id = format!("acct{i}");
        engine.ingest(&account(&id, *location, &beijing_office(40, i as i64)));
        let w = timing_weight(&engine, &format!("x:{id}"));
        assert!(*lo <= w && w < *hi, "{location:?}: weight {w}");
        let v = engine.verdict(&format!("x:{id}")).expect("verdict");
        let s = v.signals.iter().find(|s| s.kind == SignalKind::Timing).expect("timing signal");
        assert_eq!(s.evidence.to_value()["shape"], "office_shift");
        assert_eq!(s.evidence.to_value()["grid_utc"].as_array().map(Vec::len), Some(7));
    }
}

#[test]
fn the_operators_looked_for_move_a_verdict_given_before() {
    let mut engine = Engine::default();
    engine.ingest(&account("shift", Some("Houston, Texas"), &beijing_office(40, 7)));
    let beijing = timing_weight(&engine, "x:shift");
    engine.set_focus(trichome::signals::Focus { operator_offsets: vec![180] });
    let elsewhere = timing_weight(&engine, "x:shift");
    assert!(beijing > elsewhere + 0.05, "the cached verdict was given again: {beijing} then {elsewhere}");
    engine.set_focus(trichome::signals::Focus::default());
    assert_eq!(timing_weight(&engine, "x:shift"), beijing);
}

#[test]
fn synchronised_accounts_form_a_burst_cluster() {
    let mut engine = Engine::default();
    let base = 1_710_000_000;
    for a in 0..4 {
        let times: Vec<i64> = (0..6).map(|k| base + k * 86_400 + 3_600 * (k % 5) + a * 20).collect();
        engine.ingest(&account(&format!("sync{a}"), None, &times));
    }
    let lone: Vec<i64> = (0..6).map(|k| base + k * 86_400 + 40_000).collect();
    engine.ingest(&account("lone", None, &lone));
    let report = engine.page_report();
    let bursts: Vec<_> =
        report.clusters.iter().filter(|c| c.kind == ClusterKind::SynchronisedBurst).collect();
    assert_eq!(bursts.len(), 1, "{bursts:?}");
    assert_eq!(bursts[0].members.len(), 4);
    assert!(!bursts[0].members.contains(&"x:lone".to_string()));
    let v = engine.verdict("x:sync0").expect("verdict");
    assert_eq!(v.clusters.len(), 1);
    assert!(v.signals.iter().any(|s| s.kind == SignalKind::Timing && s.summary.contains("same 2 minutes")));
}

#[test]
fn weibo_real_people_are_not_flagged() {
    let Some(dir) = data_dir() else {
        println!("skipping: ../shared/data not found");
        return;
    };
    let text =
        std::fs::read_to_string(dir.join("controls/weibo-guanghua-2025/posts.jsonl")).unwrap_or_default();
    let mut by_user: std::collections::BTreeMap<String, (Vec<PostTime>, String)> = Default::default();
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let (Some(u), Some(t)) = (v["user_id"].as_str(), v["time_beijing"].as_str()) else { continue };
        let Some(at) = parse_iso(t) else { continue };
        let e = by_user.entry(u.into()).or_default();
        e.0.push(PostTime::exact(at - 8 * 3600));
        e.1.push_str(v["text"].as_str().unwrap_or_default());
    }
    let mut eligible = 0;
    let mut flagged = 0;
    for (times, texts) in by_user.into_values().filter(|(t, _)| t.len() >= 20) {
        let input = TimingInput {
            times,
            language: timing::persona::language_from_script(&[&texts]).map(str::to_string),
            ..TimingInput::default()
        };
        eligible += 1;
        let w = timing::signal_from(&timing::analyse(&input), &[], &[timing::BEIJING_OFFSET])
            .map_or(0.0, |s| s.weight());
        flagged += usize::from(w >= SIGN_WEIGHT);
    }
    assert!(eligible >= 20, "{eligible}");
    assert!(flagged * 50 <= eligible, "{flagged} of {eligible} real people flagged");
}
