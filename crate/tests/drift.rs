//! Stolen-account drift and identity signs, end to end through the engine: synthetic histories in, the
//! drift and identity signals and creation-batch clusters out.

mod sentences;

use trichome::engine::Engine;
use trichome::observation::{Account, Observation, Post, PostTime, Provenance, Site, Source};
use trichome::verdict::{ClusterKind, Level, Signal, SignalKind};

const DAY: i64 = 86_400;
const START: i64 = 1_546_300_800; // 2019-01-01

/// A deterministic stream of sentences in one language, built from small phrase lists.
fn sentences(lang: &str, n: usize, seed: u64) -> Vec<String> {
    let (a, b, c): (&[&str], &[&str], &[&str]) = match lang {
        "en" => (
            &["I think the", "Honestly the", "Today the", "My friend says the", "Why is the", "Love how the"],
            &["game last night", "new cafe downtown", "weather this week", "bus to work", "garden", "movie"],
            &["was really good", "is so slow again", "made my day", "needs more love", "is the best thing"],
        ),
        "es" => (
            &[
                "Creo que el",
                "La verdad el",
                "Hoy el",
                "Mi amiga dice que el",
                "Por qué el",
                "Me encanta como el",
            ],
            &["partido de anoche", "café nuevo del centro", "tiempo de esta semana", "autobús", "jardín"],
            &["estuvo muy bien", "es tan lento otra vez", "me alegró el día", "necesita más cariño"],
        ),
        "zh" => (
            &["西方媒体", "美国政客", "某些人", "反华势力", "境外记者"],
            &["一直在造谣", "故意抹黑", "编造谎言", "歪曲事实", "恶意炒作"],
            &["，新疆人民生活幸福。", "，中国发展有目共睹。", "，真相终将大白。", "，请看看真实的情况。"],
        ),
        _ => (&["x"], &["y"], &["z"]),
    };
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut pick = |len: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % len
    };
    let sep = if lang == "zh" { "" } else { " " };
    (0..n).map(|_| [a[pick(a.len())], b[pick(b.len())], c[pick(c.len())]].join(sep)).collect()
}

fn account(id: &str, handle: &str, name: &str, at: i64) -> Observation {
    let seen = Provenance { source: Source::SiteJson, page_url: None, observed_at: at };
    Observation::account(
        Site::X,
        seen,
        Account { id: id.into(), handle: Some(handle.into()), name: Some(name.into()), ..Account::default() },
    )
}

fn post(account: &str, n: usize, text: &str, lang: &str, at: i64) -> Observation {
    let seen = Provenance { source: Source::SiteJson, page_url: None, observed_at: at };
    Observation::post(
        Site::X,
        seen,
        Post {
            id: format!("{account}-{n}"),
            account_id: account.into(),
            text: text.into(),
            lang: Some(lang.into()),
            created: Some(PostTime::exact(at)),
            client: Some("Twitter for Android".into()),
            ..Post::default()
        },
    )
}

fn signal(engine: &Engine, key: &str, kind: SignalKind) -> Option<Signal> {
    sentences::check(engine);
    engine.verdict(key)?.signals.into_iter().find(|s| s.kind == kind)
}

#[test]
fn drift_finds_an_english_to_chinese_switch_after_dormancy_with_a_rename() {
    let mut engine = Engine::default();
    let mut batch = vec![account("77", "maria_runs", "Maria López", START)];
    for (i, t) in sentences("en", 40, 1).iter().enumerate() {
        batch.push(post("77", i, t, "en", START + i as i64 * DAY + 3_600 * (i as i64 % 5)));
    }
    let comeback = START + 40 * DAY + 420 * DAY;
    batch.push(account("77", "liming8823", "李明", comeback));
    for (i, t) in sentences("zh", 20, 2).iter().enumerate() {
        batch.push(post("77", 100 + i, t, "zh", comeback + i as i64 * 7_200));
    }
    engine.ingest(&batch);
    let drift = signal(&engine, "x:77", SignalKind::Drift).expect("a drift signal");
    assert!(drift.weight() >= 0.6, "{drift:#?}");
    let evidence = drift.evidence.to_value();
    assert_eq!(evidence["change_at"], comeback, "{drift:#?}");
    assert_eq!(evidence["posts_after"], 20);
    let lang = evidence["aspects"].as_array().unwrap().iter().find(|a| a["aspect"] == "language").unwrap();
    assert!(lang["strength"].as_f64().unwrap() > 0.9, "{lang}");
    assert_eq!(lang["after"][0][0], "zh-Hans");
    assert!(evidence["dormancy"]["gap_days"].as_f64().unwrap() > 400.0);
    assert!(!evidence["new_identity"].as_array().unwrap().is_empty());
    assert!(drift.summary.contains("language en → zh-Hans"), "{}", drift.summary);
    // Drift is one kind of evidence: alone it never makes "likely".
    assert_eq!(engine.verdict("x:77").unwrap().level, Level::Watch);
}

#[test]
fn the_same_switch_without_a_rename_stays_below_a_strong_sign() {
    let mut engine = Engine::default();
    let mut batch = vec![account("78", "maria_runs", "Maria López", START)];
    for (i, t) in sentences("en", 40, 1).iter().enumerate() {
        batch.push(post("78", i, t, "en", START + i as i64 * DAY));
    }
    let comeback = START + 460 * DAY;
    for (i, t) in sentences("zh", 20, 2).iter().enumerate() {
        batch.push(post("78", 100 + i, t, "zh", comeback + i as i64 * 7_200));
    }
    engine.ingest(&batch);
    let drift = signal(&engine, "x:78", SignalKind::Drift).unwrap();
    assert!(drift.weight() >= 0.35 && drift.weight() < 0.6, "{drift:#?}");
}

#[test]
fn a_bilingual_account_alternating_english_and_spanish_does_not_drift() {
    let mut engine = Engine::default();
    let en = sentences("en", 40, 3);
    let es = sentences("es", 40, 4);
    let mut batch = vec![account("79", "ana_bilingue", "Ana", START)];
    for i in 0..80 {
        let (text, lang) = if i % 3 == 0 { (&es[i / 2], "es") } else { (&en[i / 2], "en") };
        batch.push(post("79", i, text, lang, START + i as i64 * 2 * DAY));
    }
    engine.ingest(&batch);
    let drift = signal(&engine, "x:79", SignalKind::Drift).unwrap();
    assert!(drift.weight() < 0.35, "{drift:#?}");
    assert_eq!(engine.verdict("x:79").unwrap().level, Level::None);
}

#[test]
fn accounts_created_in_the_same_days_form_a_creation_batch() {
    let mut engine = Engine::default();
    let mut batch = Vec::new();
    for i in 0..25i64 {
        // Twenty spread over six years, five within two days.
        let created = if i < 5 { START + i * 40_000 } else { START - (i - 4) * 90 * DAY };
        let seen = Provenance { source: Source::SiteJson, page_url: None, observed_at: START + 400 * DAY };
        batch.push(Observation::account(
            Site::X,
            seen,
            Account {
                id: format!("{i}"),
                handle: Some(format!("user{i}")),
                created_at: Some(created),
                ..Account::default()
            },
        ));
    }
    engine.ingest(&batch);
    let batches: Vec<_> =
        engine.page_report().clusters.into_iter().filter(|c| c.kind == ClusterKind::CreationBatch).collect();
    assert_eq!(batches.len(), 1, "{batches:#?}");
    assert_eq!(batches[0].members, ["x:0", "x:1", "x:2", "x:3", "x:4"]);
    let identity = signal(&engine, "x:2", SignalKind::Identity).unwrap();
    assert!(identity.weight() < 0.35, "supporting only: {identity:#?}");
    assert!(signal(&engine, "x:10", SignalKind::Identity).is_none());
}

#[test]
fn odd_histories_do_not_panic() {
    let mut engine = Engine::default();
    let mut batch = Vec::new();
    for i in 0..30usize {
        let text = match i % 6 {
            0 => String::new(),
            1 => "😀😀😀".into(),
            2 => "\u{0}\u{FFFF}".into(),
            3 => "@a @b @c https://t.co/x http://".into(),
            4 => "ｆｕｌｌ ｗｉｄｔｈ".repeat(50),
            _ => "same".into(),
        };
        // Every post at the same second, some without a time at all.
        let mut obs = post("odd", i, &text, if i % 2 == 0 { "und" } else { "" }, START);
        if let trichome::observation::Record::Post(p) = &mut obs.record {
            if i % 4 == 0 {
                p.created = None;
            }
            p.client = None;
        }
        batch.push(obs);
    }
    engine.ingest(&batch);
    let v = engine.verdict("x:odd").unwrap();
    assert!(v.signals.iter().all(|s| s.strength.is_finite() && s.confidence.is_finite()), "{v:#?}");
}
