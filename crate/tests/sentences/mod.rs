//! The English sentences have one source: every signal's, cluster's and unknown line's `summary` must be its
//! `message` rendered with `extension/_locales/en/messages.json`, read here with serde_json (not through the
//! table `crate/build.rs` makes of it), and every id the message uses must be in all three locales.
#![allow(dead_code)] // each test file uses its own part

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use serde_json::{Map, Value};
use trichome::engine::Engine;
use trichome::verdict::evidence::Evidence;
use trichome::verdict::message::Message;
use trichome::verdict::{Cluster, Verdict};

fn locale(lang: &str) -> &'static Map<String, Value> {
    static LOCALES: OnceLock<[(String, Map<String, Value>); 3]> = OnceLock::new();
    let all = LOCALES.get_or_init(|| {
        ["en", "zh_CN", "zh_TW"].map(|lang| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../extension/_locales")
                .join(lang)
                .join("messages.json");
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (
                lang.to_string(),
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
            )
        })
    });
    &all.iter().find(|(l, _)| l == lang).expect("a locale").1
}

/// `message` in `lang`, as the extension renders it with `getMessage`.
pub fn render(message: &Message, lang: &str) -> String {
    let messages = locale(lang);
    let mut out = String::new();
    message.render(&|id| messages.get(id)?.get("message")?.as_str(), &mut out);
    out
}

/// One sentence: a message, every id of it in every locale, and the English summary its en rendering.
pub fn check_sentence(what: &str, summary: &str, message: &Message) {
    assert!(!message.is_empty(), "{what}: no message beside {summary:?}");
    for id in message.ids() {
        assert!(id.starts_with("sig_"), "{what}: message id {id} lacks the sig_ prefix");
        for lang in ["en", "zh_CN", "zh_TW"] {
            assert!(locale(lang).contains_key(id), "{what}: {id} is not in the {lang} locale");
        }
    }
    assert_eq!(render(message, "en"), summary, "{what}: the summary is not its message in English");
}

/// Every sentence of a verdict (the badge's reason too); returns the signal kinds it had.
pub fn check_verdict(v: &Verdict) -> BTreeSet<String> {
    let who = format!("{}:{}", v.site.as_str(), v.account.id);
    let mut kinds = BTreeSet::new();
    for s in &v.signals {
        check_sentence(&format!("{who} {:?}", s.kind), &s.summary, &s.message);
        kinds.insert(format!("{:?}", s.kind));
        match &s.evidence {
            Evidence::Timing(e) => {
                check_sentence(&format!("{who} time precision"), &e.precision_words, &e.precision_message)
            }
            Evidence::Identity(e) => {
                for sign in &e.signs {
                    check_sentence(&format!("{who} identity {}", sign.sign), &sign.detail, &sign.message);
                }
            }
            _ => {}
        }
    }
    assert_eq!(v.unknowns.len(), v.unknown_messages.len(), "{who}: unknowns");
    for (u, m) in v.unknowns.iter().zip(&v.unknown_messages) {
        check_sentence(&format!("{who} unknowns"), u, m);
    }
    let badge = v.badge();
    if !badge.reason.is_empty() {
        check_sentence(&format!("{who} badge"), &badge.reason, &badge.reason_message);
    }
    kinds
}

/// Every sentence of a cluster.
pub fn check_cluster(c: &Cluster) {
    check_sentence(&format!("cluster {}", c.id), &c.summary, &c.message);
}

/// Every sentence of every verdict and page cluster an engine holds; returns the signal kinds seen.
pub fn check(engine: &Engine) -> BTreeSet<String> {
    let mut kinds = BTreeSet::new();
    for v in engine.verdicts() {
        kinds.extend(check_verdict(&v));
    }
    for c in &engine.page_report().clusters {
        check_cluster(c);
    }
    kinds
}
