//! Stored history: restored (or refused with a reason), stored again, and that restores.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trichome::engine::{Engine, Limits};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut engine = Engine::with_limits(Limits::browser());
    if engine.restore(&text).is_ok() {
        let _ = engine.verdicts();
        let again = engine.snapshot(1_700_000_000, 1 << 20, true);
        Engine::default().restore(&again).expect("a restored history stores and restores");
    }
});
