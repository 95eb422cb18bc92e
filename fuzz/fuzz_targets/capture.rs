//! A captured response, as a page hands it over: the first byte picks the address (X GraphQL, YouTube next, browse,
//! ytInitialData, the player response), the rest is the body. Read, taken in from a page, scored, stored, restored.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trichome::engine::{Engine, Limits};

const URLS: [&str; 5] = [
    "https://x.com/i/api/graphql/q/TweetDetail",
    "https://www.youtube.com/youtubei/v1/next",
    "https://www.youtube.com/youtubei/v1/browse",
    "ytinitialdata:https://www.youtube.com/watch?v=abcdefghijk",
    "ytplayerresponse:https://www.youtube.com/watch?v=abcdefghijk",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else { return };
    let body = String::from_utf8_lossy(body);
    let reading = trichome::sites::read_capture(URLS[pick as usize % URLS.len()], &body, 1_700_000_000);
    assert!(reading.observations.len() <= trichome::sites::MAX_OBSERVATIONS_PER_CAPTURE);
    assert!(reading.warnings.len() <= 66);
    let mut engine = Engine::with_limits(Limits::browser());
    engine.ingest_from(&reading.observations, "page");
    for v in engine.verdicts() {
        assert!(v.score <= 100);
        let _ = engine.badge(&format!("{}:{}", v.site.as_str(), v.account.id));
    }
    let stored = engine.snapshot(1_700_000_000, 1 << 20, false);
    Engine::default().restore(&stored).expect("an engine's own snapshot restores");
});
