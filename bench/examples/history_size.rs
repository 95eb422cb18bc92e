//! What stored history costs per post, and what a verdict costs, with the extension's limits: the engine takes
//! in observations (JSONL) in batches of 1,000, then stores its history as version 1 did (texts, no
//! features), as version 2 does by default (features, no texts), and as version 2 does when the user keeps
//! texts; then scores every account (the first pass includes the cross-account clusters; the repeats are the
//! per-account signals alone, best of five). Prints a table; `docs/history.md` records the numbers.
//!
//! `cargo run -p trichome-bench --profile cli --example history_size -- target/bench/observations.jsonl`

use trichome_bench::observations_file;

use std::time::Instant;

use serde_json::Value;
use trichome::engine::{Engine, Limits, HISTORY_SCHEMA_V1};
use trichome::features;
use trichome::features::fingerprint::TextFingerprint;
use trichome::features::Letters;

fn main() {
    let observations = observations_file::from_args("history_size OBSERVATIONS.jsonl");
    let mut engine = Engine::with_limits(Limits::browser());
    for batch in observations.chunks(1000) {
        engine.ingest(batch);
    }
    let histories = engine.histories();
    let posts: usize = histories.iter().map(|h| h.posts.len()).sum();
    let with_text = histories.iter().flat_map(|h| &h.posts).filter(|p| !p.text.is_empty()).count();
    let text_chars: usize = histories.iter().flat_map(|h| &h.posts).map(|p| p.text.len()).sum();

    let v2 = engine.snapshot(0, usize::MAX, false);
    let v2_texts = engine.snapshot(0, usize::MAX, true);
    let v1 = {
        let mut v: Value = serde_json::from_str(&v2_texts).unwrap_or(Value::Null);
        v["schema"] = HISTORY_SCHEMA_V1.into();
        for h in v["accounts"].as_array_mut().into_iter().flatten() {
            for p in h["posts"].as_array_mut().into_iter().flatten() {
                if let Some(p) = p.as_object_mut() {
                    p.remove("features");
                }
            }
        }
        v.to_string()
    };
    // The features alone, field by field.
    let mut fields: std::collections::BTreeMap<String, usize> = Default::default();
    for p in histories.iter().flat_map(|h| &h.posts) {
        if let Ok(Value::Object(f)) = serde_json::to_value(&p.features) {
            for (k, v) in f {
                *fields.entry(k.clone()).or_default() += k.len() + 4 + v.to_string().len();
            }
        }
    }

    let started = Instant::now();
    let verdicts = engine.verdicts().len();
    let first = started.elapsed().as_secs_f64();
    let repeat = (0..5)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(engine.verdicts());
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);

    // What computing the features costs at ingest, part by part, over the texts held.
    let texts: Vec<&str> = histories.iter().flat_map(|h| &h.posts).map(|p| p.text.as_str()).collect();
    let time = |f: &dyn Fn(&str)| {
        let t = Instant::now();
        for text in &texts {
            f(text);
        }
        t.elapsed().as_secs_f64() * 1e6 / texts.len().max(1) as f64
    };
    let parts = [
        (
            "all features (PostFeatures::of)",
            time(&|t| drop(std::hint::black_box(features::PostFeatures::of(t)))),
        ),
        (
            "of which the fingerprint (also computed before)",
            time(&|t| drop(std::hint::black_box(TextFingerprint::of(t)))),
        ),
        (
            "language detection",
            time(&|t| {
                std::hint::black_box(trichome::lang::detect(t));
            }),
        ),
        ("vocabulary", time(&|t| drop(std::hint::black_box(features::Vocabulary::of(t))))),
        (
            "letters",
            time(&|t| {
                std::hint::black_box(Letters::of(t));
            }),
        ),
    ];

    let per = |bytes: usize| bytes as f64 / posts.max(1) as f64;
    println!(
        "{} accounts, {posts} posts held ({with_text} with text, {:.0} bytes of text each on average)",
        histories.len(),
        per(text_chars)
    );
    println!("| stored history | bytes | bytes per post |");
    println!("|---|---:|---:|");
    println!("| trichome.history/1 (texts) | {} | {:.0} |", v1.len(), per(v1.len()));
    println!("| trichome.history/2 (features, no texts: default) | {} | {:.0} |", v2.len(), per(v2.len()));
    println!(
        "| trichome.history/2 (features and texts: kept) | {} | {:.0} |",
        v2_texts.len(),
        per(v2_texts.len())
    );
    println!("| features, by field: | | |");
    for (k, bytes) in &fields {
        println!("| `{k}` | {bytes} | {:.1} |", per(*bytes));
    }
    println!("| computed at ingest | µs per post |");
    println!("|---|---:|");
    for (what, us) in parts {
        println!("| {what} | {us:.1} |");
    }
    println!("{verdicts} verdicts: first {first:.3} s (with clusters), then {repeat:.3} s (best of 5)");
}
