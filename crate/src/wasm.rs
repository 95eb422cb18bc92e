//! The wasm adapter: conversions and bindings only, no logic. The extension's loader and background script
//! call these; everything they return is plain JSON-compatible JavaScript values.
//!
//! It is built twice: the tabs' module (`trichome_core`) holds what a content script calls, and the background's
//! (`trichome_memory`, the `memory` feature) adds what only the memory calls: stored history out and in, recall,
//! every verdict and the whole report. A tab then loads none of that (7 KiB gzipped; docs/benchmarks.md,
//! issue #18).
//!
//! It also lends the core the one platform service it takes from the browser: NFKC (`nfkc`, installed at
//! start and by each engine's constructor).
//!
//! **Architecture Invariant:** nothing here decides anything; errors cross the boundary as values (a
//! refused count, a warning list), and a panic (which would be a bug) is reported to the console.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::engine::{Engine, Limits};
use crate::observation::Observation;
use crate::sites;
use trichome_text::json;

/// The allocator: talc, 3 KiB gzipped smaller in the module than the standard library's dlmalloc, with no
/// slowdown the engine benches can see (docs/benchmarks.md, issue #18, sixth pass).
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
    crate::text::use_platform_nfkc(nfkc);
}

/// The text in Unicode NFKC, by the browser's `String.prototype.normalize`: the full normalisation the core's
/// text normaliser asks for in the wasm module instead of carrying unicode-normalization's tables.
fn nfkc(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFKC").into()
}

/// A value handed to JavaScript: written as JSON here and read by the engine's `JSON.parse` (native code, as
/// fast on the measured paths as setting objects up property by property across the boundary), which keeps one
/// writer in the module (trichome_text::json::to_string) instead of one per output type and target.
fn to_js<T: Serialize>(value: &T) -> JsValue {
    json::to_string(value).ok().and_then(|text| js_sys::JSON::parse(&text).ok()).unwrap_or(JsValue::NULL)
}

/// A list whose elements are written one by one: an element that cannot be (a bug) becomes `null` alone,
/// rather than the whole list (issue #17, finding 8: one number past 2^53 once turned a batch of verdicts into
/// `null`).
fn to_js_each<T: Serialize>(values: &[T]) -> JsValue {
    let mut text = String::from("[");
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        if json::append(&mut text, value).is_err() {
            text.push_str("null");
        }
    }
    text.push(']');
    js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL)
}

#[derive(Serialize)]
struct IngestResult {
    stats: crate::engine::IngestStats,
    warnings: Vec<String>,
    /// Ids of the posts read (so the page reader can skip what the site's JSON already delivered).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    post_ids: Vec<String>,
}

/// What `importHistory` answers: `{stats}` or `{error}`.
#[cfg(feature = "memory")]
#[derive(Serialize)]
struct Restored {
    #[serde(skip_serializing_if = "Option::is_none")]
    stats: Option<crate::engine::IngestStats>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

fn post_ids(observations: &[Observation]) -> Vec<String> {
    observations
        .iter()
        .filter_map(|o| match &o.record {
            crate::observation::Record::Post(p) => Some(p.id.clone()),
            crate::observation::Record::Account(_) => None,
        })
        .collect()
}

/// The engine, as JavaScript sees it.
#[wasm_bindgen]
pub struct WasmEngine {
    engine: Engine,
}

impl Default for WasmEngine {
    fn default() -> Self {
        WasmEngine::new()
    }
}

#[wasm_bindgen]
impl WasmEngine {
    /// A new engine with the browser's limits ([`crate::engine::Limits::browser`]).
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmEngine {
        // Also at start; here too for a module whose start function did not run (wasm-bindgen-test's).
        crate::text::use_platform_nfkc(nfkc);
        WasmEngine { engine: Engine::with_limits(Limits::browser()) }
    }

    /// Reads a response the page received (X GraphQL, YouTube `youtubei`) and takes in what it shows;
    /// `page` names the page that delivered it ([`Engine::ingest_from`]). Returns `{stats, warnings}`.
    #[wasm_bindgen(js_name = ingestCapture)]
    pub fn ingest_capture(&mut self, url: &str, body: &str, observed_at: f64, page: &str) -> JsValue {
        let reading = sites::read_capture(url, body, observed_at as i64);
        let stats = self.engine.ingest_from(&reading.observations, page);
        to_js(&IngestResult {
            stats,
            warnings: reading.warnings.iter().map(ToString::to_string).collect(),
            post_ids: post_ids(&reading.observations),
        })
    }

    /// Takes in an array of observations (as produced by the DOM readers), given as a JSON string
    /// (`JSON.stringify` of it). `JSON.stringify` is native code, and parsing the string in Rust costs less
    /// than walking JavaScript objects across the boundary one property at a time (about 1.3 times as fast),
    /// and an object-walking reader would be a second copy of every observation type's reader in the module
    /// (40 KiB; bench/engine_wasm.mjs, docs/benchmarks.md). Malformed elements are refused and named in the
    /// warnings; text that is not a JSON array refuses the whole batch; `page` as for
    /// [`Self::ingest_capture`]. Returns `{stats, warnings}`.
    #[wasm_bindgen(js_name = ingestObservationsJson)]
    pub fn ingest_observations_json(&mut self, observations: &str, page: &str) -> JsValue {
        let mut warnings = Vec::new();
        let mut batch = Vec::new();
        // Element by element, to take the good ones and name the bad.
        match json::parse_json(observations) {
            Ok(json::Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    match crate::observation::read::observation(item) {
                        Ok(obs) => batch.push(obs),
                        Err(e) => warnings.push(format!("observations[{i}]: {e}")),
                    }
                }
            }
            Ok(_) => warnings.push("observations: not a JSON array".to_string()),
            Err(e) => warnings.push(format!("observations: not a JSON array ({e})")),
        }
        let mut stats = self.engine.ingest_from(&batch, page);
        stats.refused += warnings.len();
        to_js(&IngestResult { stats, warnings, post_ids: Vec::new() })
    }

    /// Verdicts on the given account keys (`x:123` or `x:@handle`) as the page labelled `page` sees them
    /// ([`Engine::verdict_for`]; `""` for none), `null` for accounts not held.
    #[wasm_bindgen(js_name = verdictsFor)]
    pub fn verdicts_for(&self, keys: Vec<String>, page: &str) -> JsValue {
        let verdicts: Vec<_> = keys.iter().map(|k| self.engine.verdict_for(k, page)).collect();
        to_js_each(&verdicts)
    }

    /// What the badges need for the given account keys (level, score, reason, clusters) as the page labelled
    /// `page` sees them, `null` for accounts not held: far smaller than full verdicts, which the panel fetches
    /// when it opens.
    #[wasm_bindgen(js_name = badgesFor)]
    pub fn badges_for(&self, keys: Vec<String>, page: &str) -> JsValue {
        let badges: Vec<_> = keys.iter().map(|k| self.engine.badge_for(k, page)).collect();
        to_js_each(&badges)
    }

    #[cfg(feature = "memory")]
    /// Verdicts on every account held.
    pub fn verdicts(&self) -> JsValue {
        to_js_each(&self.engine.verdicts())
    }

    #[cfg(feature = "memory")]
    /// The page-level report: clusters, counts by level, totals.
    #[wasm_bindgen(js_name = pageReport)]
    pub fn page_report(&self) -> JsValue {
        to_js(&self.engine.page_report())
    }

    /// The report for the accounts shown on the page labelled `page`, as that page sees them.
    #[wasm_bindgen(js_name = pageReportFor)]
    pub fn page_report_for(&self, keys: Vec<String>, page: &str) -> JsValue {
        to_js(&self.engine.page_report_for(&keys, page))
    }

    #[cfg(feature = "memory")]
    /// The stored histories of the given accounts, as a JSON string for [`Self::absorb`].
    pub fn recall(&self, keys: Vec<String>) -> String {
        json::to_string(&self.engine.recall(&keys)).unwrap_or_else(|_| "[]".into())
    }

    /// Takes in histories from [`Self::recall`] (a JSON string), read by [`crate::history::read`]. Returns
    /// `{stats, warnings}`.
    pub fn absorb(&mut self, histories: &str) -> JsValue {
        match json::parse_json(histories).and_then(|doc| crate::history::read::histories(&doc)) {
            Ok(list) => to_js(&IngestResult {
                stats: self.engine.absorb(list),
                warnings: Vec::new(),
                post_ids: Vec::new(),
            }),
            Err(e) => to_js(&IngestResult {
                stats: crate::engine::IngestStats { refused: 1, ..Default::default() },
                warnings: vec![format!("histories: {e}")],
                post_ids: Vec::new(),
            }),
        }
    }

    #[cfg(feature = "memory")]
    /// The history to store: the most recently observed accounts whose JSON fits in `max_bytes`; post texts
    /// only when the user chose to keep them (`keep_texts`).
    #[wasm_bindgen(js_name = exportHistory)]
    pub fn export_history(&self, saved_at: f64, max_bytes: usize, keep_texts: bool) -> String {
        self.engine.snapshot(saved_at as i64, max_bytes, keep_texts)
    }

    #[cfg(feature = "memory")]
    /// Restores stored history. Returns `{stats}` or `{error}` (the caller keeps the stored text on error).
    #[wasm_bindgen(js_name = importHistory)]
    pub fn import_history(&mut self, json: &str) -> JsValue {
        match self.engine.restore(json) {
            Ok(stats) => to_js(&Restored { stats: Some(stats), error: None }),
            Err(e) => to_js(&Restored { stats: None, error: Some(e.to_string()) }),
        }
    }

    /// The operators' zones whose office shift counts a little more (UTC offsets in minutes, at most 24,
    /// each within UTC−12..UTC+14); the user's choice on the options page.
    #[wasm_bindgen(js_name = setOperatorOffsets)]
    pub fn set_operator_offsets(&mut self, offsets: Vec<i32>) {
        let mut operator_offsets: Vec<i32> =
            offsets.into_iter().filter(|o| (-720..=840).contains(o)).take(24).collect();
        crate::sort::sort(&mut operator_offsets);
        operator_offsets.dedup();
        self.engine.set_focus(crate::signals::Focus { operator_offsets });
    }

    /// How many accounts are held.
    #[wasm_bindgen(js_name = accountCount)]
    pub fn account_count(&self) -> usize {
        self.engine.account_count()
    }
}
