//! The wasm adapter as JavaScript sees it: run under Node by wasm-bindgen-test-runner (`./build.sh test`).
#![cfg(target_arch = "wasm32")]

use trichome::wasm::WasmEngine;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const COPY: &str =
    "Western media keeps spreading lies about Xinjiang. The truth is people there live happy lives.";

fn get(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, key| {
        js_sys::Reflect::get(&v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    })
}

#[wasm_bindgen_test]
fn copies_ingested_from_javascript_come_back_as_watch_verdicts() {
    let mut engine = WasmEngine::new();
    let batch: Vec<_> = (0..4)
        .map(|i| {
            serde_json::json!({
                "schema": "trichome.observation/1", "site": "x", "kind": "post",
                "seen": {"source": "dom", "observed_at": 1_700_000_000},
                "id": format!("p{i}"), "account_id": format!("@copier{i}"), "text": COPY,
                "created": {"earliest": 1_700_000_000 + i * 60, "latest": 1_700_000_000 + i * 60, "precision": "second"}
            })
        })
        .collect();
    let result = engine.ingest_observations_json(&serde_json::Value::from(batch).to_string(), "tab");
    assert_eq!(get(&result, &["stats", "posts_new"]).as_f64(), Some(4.0));
    let verdicts = engine.verdicts_for(vec!["x:@copier2".into(), "x:@nobody".into()], "tab");
    let verdicts = js_sys::Array::from(&verdicts);
    assert_eq!(get(&verdicts.get(0), &["level"]).as_string().as_deref(), Some("watch"));
    assert!(verdicts.get(1).is_null(), "an account never seen has no verdict");
}

#[wasm_bindgen_test]
fn hostile_values_from_javascript_are_refused_as_values() {
    let mut engine = WasmEngine::new();
    let result = engine.ingest_observations_json("\"not an array\"", "tab");
    assert_eq!(get(&result, &["stats", "refused"]).as_f64(), Some(1.0));
    let batch = serde_json::json!([null, {"kind": "post", "site": "mars"}, [1, 2]]).to_string();
    let result = engine.ingest_observations_json(&batch, "tab");
    assert_eq!(get(&result, &["stats", "refused"]).as_f64(), Some(3.0));
    let garbage =
        engine.ingest_capture("https://x.com/i/api/graphql/q/TweetDetail", "{\"data\":[[[[", 0.0, "tab");
    assert_eq!(get(&garbage, &["stats", "posts_new"]).as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
fn observations_given_as_a_json_string_are_taken_in_and_bad_ones_named() {
    let mut engine = WasmEngine::new();
    let post = |i: i64| {
        serde_json::json!({
            "schema": "trichome.observation/1", "site": "x", "kind": "post",
            "seen": {"source": "dom", "observed_at": 1_700_000_000},
            "id": format!("p{i}"), "account_id": format!("@copier{i}"), "text": COPY,
            "created": {"earliest": 1_700_000_000 + i * 60, "latest": 1_700_000_000 + i * 60, "precision": "second"}
        })
    };
    let good = serde_json::json!([post(0), post(1), post(2)]).to_string();
    let result = engine.ingest_observations_json(&good, "tab");
    assert_eq!(get(&result, &["stats", "posts_new"]).as_f64(), Some(3.0));
    let mixed = serde_json::json!([post(3), null, {"kind": "post", "site": "mars"}]).to_string();
    let result = engine.ingest_observations_json(&mixed, "tab");
    assert_eq!(get(&result, &["stats", "posts_new"]).as_f64(), Some(1.0));
    assert_eq!(get(&result, &["stats", "refused"]).as_f64(), Some(2.0));
    let warnings = js_sys::Array::from(&get(&result, &["warnings"]));
    assert!(warnings.get(0).as_string().is_some_and(|w| w.starts_with("observations[1]")), "{warnings:?}");
    // The element's own position ("at line 1 column 4" of its re-read text) would point nowhere in the batch.
    assert!(warnings.get(0).as_string().is_some_and(|w| !w.contains(" at line ")), "{warnings:?}");
    let result = engine.ingest_observations_json("not json", "tab");
    assert_eq!(get(&result, &["stats", "refused"]).as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
fn regression_17_8_a_number_past_2_to_the_53_does_not_turn_a_batch_of_verdicts_into_null() {
    // A forged "About this account" with a last username change far past 2^53 (X's `last_changed_at_msec`).
    let mut engine = WasmEngine::new();
    let account = serde_json::json!([{
        "schema": "trichome.observation/1", "site": "x", "kind": "account",
        "seen": {"source": "graphql", "observed_at": 1_700_000_000},
        "id": "1", "handle": "forged", "created_at": 1_u64 << 60,
        "about": {"username_changes": 3, "last_username_change_at": 1_u64 << 60}
    }]);
    engine.ingest_observations_json(&account.to_string(), "tab");
    engine.ingest_observations_json(
        &serde_json::json!([{
            "schema": "trichome.observation/1", "site": "x", "kind": "post",
            "seen": {"source": "dom", "observed_at": 1_700_000_000},
            "id": "p1", "account_id": "@other", "text": COPY,
            "created": {"earliest": 1_700_000_000, "latest": 1_700_000_000, "precision": "second"}
        }])
        .to_string(),
        "tab",
    );
    let verdicts = js_sys::Array::from(&engine.verdicts_for(vec!["x:1".into(), "x:@other".into()], "tab"));
    assert_eq!(verdicts.length(), 2);
    assert!(!verdicts.get(0).is_null() && !verdicts.get(1).is_null(), "{verdicts:?}");
}

/// The text normaliser in the module, whose NFKC is the browser's (crate::text::nfkc), gives the native
/// build's forms on the sample of `fixtures/text/nfkc.jsonl` (which `tests/normalise.rs` checks natively).
#[wasm_bindgen_test]
fn the_normalised_forms_are_the_native_builds_on_a_sample_of_scripts() {
    // The adapter installs the browser's NFKC as the core's (also done at start).
    drop(WasmEngine::new());
    for (i, line) in include_str!("fixtures/text/nfkc.jsonl").lines().enumerate() {
        let line: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let text = line["text"].as_str().expect("a text");
        assert_eq!(trichome::text::normalise(text), line["normalised"], "nfkc.jsonl:{}: {text:?}", i + 1);
    }
}
