//! The engine on structured batches: each 8 bytes make one observation (a post or an account fact over a few
//! accounts, texts and times), taken in batch by batch from two pages, with small limits so that eviction,
//! renames and merges all happen; then scored, reported, recalled into another engine, stored and restored.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trichome::engine::{Engine, Limits};
use trichome::observation::{Account, Observation, Post, PostTime, Provenance, Site, Source};

const TEXTS: [&str; 4] = [
    "Western media keeps spreading lies about Xinjiang. The truth is people there live happy lives.",
    "Lovely weather at the seaside today, the kids built an enormous sandcastle by the pier",
    "Good morning everyone",
    "台湾是中国不可分割的一部分，任何分裂图谋都注定失败。",
];

fn observation(b: &[u8]) -> Observation {
    let site = if b[0] & 1 == 0 { Site::X } else { Site::Youtube };
    let seen = Provenance {
        source: Source::SiteJson,
        page_url: None,
        observed_at: 1_700_000_000 + i64::from(b[1]) * 3_600,
    };
    let at = 1_700_000_000 + i64::from(u16::from_le_bytes([b[2], b[3]])) * 60;
    if b[0] & 2 == 0 {
        let account = if b[4] & 1 == 0 { format!("@a{}", b[4] % 16) } else { format!("{}", b[4] % 16) };
        Observation::post(
            site,
            seen,
            Post {
                id: format!("p{}", u16::from_le_bytes([b[5], b[6]])),
                account_id: account,
                text: TEXTS[b[7] as usize % TEXTS.len()].to_string(),
                created: (b[7] & 4 == 0).then(|| PostTime::exact(at)),
                time_text: (b[7] & 4 != 0).then(|| format!("{} days ago", b[6] % 9)),
                ..Post::default()
            },
        )
    } else {
        Observation::account(
            site,
            seen,
            Account {
                id: format!("{}", b[4] % 16),
                handle: Some(format!("a{}", b[5] % 16)),
                created_at: Some(at - i64::from(b[6]) * 86_400),
                ..Account::default()
            },
        )
    }
}

fuzz_target!(|data: &[u8]| {
    let limits = Limits { max_accounts: 12, max_posts_per_account: 6, max_names: 3, ..Limits::browser() };
    let mut engine = Engine::with_limits(limits);
    let observations: Vec<Observation> = data.chunks_exact(8).map(observation).collect();
    for (n, batch) in observations.chunks(16).enumerate() {
        engine.ingest_from(batch, if n % 2 == 0 { "page-1" } else { "page-2" });
        assert!(engine.account_count() <= limits.max_accounts);
    }
    let keys: Vec<String> = engine.histories().iter().map(|h| h.key()).collect();
    for v in engine.verdicts() {
        assert!(v.score <= 100);
    }
    let mut other = Engine::default();
    other.absorb(engine.recall(&keys));
    let _ = other.page_report();
    let stored = engine.snapshot(1_700_000_000, 1 << 16, true);
    assert!(stored.len() <= 1 << 16);
    Engine::default().restore(&stored).expect("an engine's own snapshot restores");
});
