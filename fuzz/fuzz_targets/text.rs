//! Text as the signals read it: normalisation, shingles, language, relative and absolute times.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let normalised = trichome::text::normalise(&text);
    let _ = trichome::text::shingles(&normalised);
    let _ = trichome::text::is_manual_repost(&text);
    let _ = trichome::lang::detect(&text);
    if let Some(t) = trichome::time::relative::parse(&text, 1_700_000_000) {
        assert!(t.is_valid());
    }
    let _ = trichome::time::parse_x_created_at(&text);
    let _ = trichome::time::parse_iso(&text);
});
