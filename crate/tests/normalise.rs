//! The text normaliser on a varied sample of scripts and compatibility forms (`fixtures/text/nfkc.jsonl`):
//! each line a text and its normalised form. The wasm module normalises through the browser's NFKC instead
//! of unicode-normalization (crate::text::nfkc); `tests/wasm.rs` checks the same file there, so the two
//! builds agree on every line. `TRICHOME_BLESS=1` rewrites the expected forms from the native build.

use serde_json::{json, Value};

const FIXTURE: &str = "tests/fixtures/text/nfkc.jsonl";

#[test]
fn the_normalised_forms_are_the_fixtures() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let lines: Vec<Value> = source
        .lines()
        .enumerate()
        .map(|(i, line)| serde_json::from_str(line).unwrap_or_else(|e| panic!("{FIXTURE}:{}: {e}", i + 1)))
        .collect();
    if std::env::var_os("TRICHOME_BLESS").is_some() {
        let out: String = lines
            .iter()
            .map(|line| {
                let text = line["text"].as_str().expect("a text");
                format!("{}\n", json!({ "text": text, "normalised": trichome::text::normalise(text) }))
            })
            .collect();
        std::fs::write(&path, out).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        return;
    }
    for (i, line) in lines.iter().enumerate() {
        let text = line["text"].as_str().expect("a text");
        assert_eq!(trichome::text::normalise(text), line["normalised"], "{FIXTURE}:{}: {text:?}", i + 1);
    }
}
