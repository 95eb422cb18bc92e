//! Observation JSON as a content script sends it (`ingestObservationsJson`): parsed, taken in, scored, reported.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trichome::engine::{Engine, Limits};
use trichome::observation::Observation;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(batch) = serde_json::from_str::<Vec<Observation>>(&text) else { return };
    let mut engine = Engine::with_limits(Limits::browser());
    engine.ingest_from(&batch, "page");
    for v in engine.verdicts() {
        assert!(v.score <= 100);
    }
    let keys: Vec<String> = engine.histories().iter().map(|h| h.key()).collect();
    let _ = engine.page_report_for(&keys, "");
    let _ = engine.recall(&keys);
});
