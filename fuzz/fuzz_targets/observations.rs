//! Observation JSON as a content script sends it (`ingestObservationsJson`): parsed, taken in, scored, reported.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trichome::engine::{Engine, Limits};
use trichome::observation::read::observation;
use trichome::sites::parse_json;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(doc) = parse_json(&text) else { return };
    let Some(items) = doc.as_array() else { return };
    let Ok(batch) = items.iter().map(observation).collect::<Result<Vec<_>, _>>() else { return };
    let mut engine = Engine::with_limits(Limits::browser());
    engine.ingest_from(&batch, "page");
    for v in engine.verdicts() {
        assert!(v.score <= 100);
    }
    let keys: Vec<String> = engine.histories().iter().map(|h| h.key()).collect();
    let _ = engine.page_report_for(&keys, "");
    let _ = engine.recall(&keys);
});
