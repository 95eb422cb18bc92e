//! Reads the English sentences of the signals (`sig_` messages of `extension/_locales/en/messages.json`) into a
//! table the core renders its `summary` from, so that the English a verdict carries and the English the
//! extension shows have one source.

use std::{env, fs, path::Path};

fn main() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../extension/_locales/en/messages.json");
    println!("cargo:rerun-if-changed={}", source.display());
    let text = fs::read_to_string(&source).unwrap_or_else(|e| panic!("reading {}: {e}", source.display()));
    let messages: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
    let mut templates: Vec<(&str, &str)> = messages
        .iter()
        .filter(|(id, _)| id.starts_with("sig_"))
        .map(|(id, m)| {
            let message =
                m["message"].as_str().unwrap_or_else(|| panic!("{}: {id} has no message", source.display()));
            (id.as_str(), message)
        })
        .collect();
    templates.sort();
    let mut out = String::from("/// The English `sig_` messages, by id (sorted).\npub(crate) static TEMPLATES: &[(&str, &str)] = &[\n");
    for (id, message) in templates {
        out.push_str(&format!("    ({id:?}, {message:?}),\n"));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("sig_templates.rs");
    fs::write(&dest, out).unwrap_or_else(|e| panic!("writing {}: {e}", dest.display()));
}
