//! Trichome's lowest layer: what is read of a text (and the core's one JSON: what a page receives, parsed;
//! typed values read and written), and nothing of accounts, sites or signals. The `trichome` crate re-exports each module under its own name
//! (`trichome::text`, `trichome::lang`, `trichome::features`, `trichome::sort`; `trichome::sites::parse_json`),
//! so paths in the core and in the tools read as before.
//!
//! It is a crate of its own so that the extension's wasm module can build it for speed while the rest is built
//! for size: these are the per-character loops of every post taken in (normalising, shingling, language,
//! fingerprints) and of every response read (JSON parsing), and at the size-first optimisation level the
//! standard library's character iterators stop being inlined into them (the root `Cargo.toml`'s profiles;
//! docs/benchmarks.md, "Issue #18, fourth pass").
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod decimal;
pub mod features;
pub mod json;
pub mod lang;
pub mod sort;
pub mod text;
