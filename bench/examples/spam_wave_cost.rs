//! What a spam wave costs (issue #17, finding 3): `accounts` accounts each posting one text 4 times, minutes
//! apart; then the badges of 400 of them, the full verdict of one, and its size as JSON. Before the evidence
//! was capped, every member's verdict carried every post of the cluster: 1,000 × 4 made one verdict 712 KB and
//! 400 badges 56 s in the extension.
//!
//! `cargo run -p trichome-bench --profile cli --example spam_wave_cost`

use std::time::Instant;

use trichome::engine::{Engine, Limits};
use trichome::observation::{Observation, Post, PostTime, Provenance, Site, Source};

fn main() {
    let text =
        "Western media keeps spreading lies about Xinjiang. The truth is people there live happy lives.";
    for accounts in [500usize, 1_000, 2_000] {
        let mut batch = Vec::new();
        for a in 0..accounts {
            for c in 0..4 {
                let at = 1_700_000_000 + (a * 4 + c) as i64 * 30;
                batch.push(Observation::post(
                    Site::X,
                    Provenance { source: Source::SiteJson, page_url: None, observed_at: at },
                    Post {
                        id: format!("p{a}-{c}"),
                        account_id: format!("@wave{a}"),
                        text: text.into(),
                        created: Some(PostTime::exact(at)),
                        ..Post::default()
                    },
                ));
            }
        }
        let mut engine = Engine::with_limits(Limits::browser());
        let started = Instant::now();
        engine.ingest(&batch);
        let ingest = started.elapsed();
        let keys: Vec<String> = (0..400.min(accounts)).map(|a| format!("x:@wave{a}")).collect();
        let started = Instant::now();
        let badges = keys.iter().filter_map(|k| engine.badge(k)).count();
        let badge_time = started.elapsed();
        let started = Instant::now();
        let verdict = engine.verdict("x:@wave7").expect("held");
        let verdict_time = started.elapsed();
        let size = serde_json::to_string(&verdict).map(|s| s.len()).unwrap_or(0);
        println!(
            "{accounts} accounts × 4 copies: ingest {ingest:.2?}; {badges} badges {badge_time:.2?}; one verdict \
             again {verdict_time:.2?}, {size} bytes of JSON"
        );
    }
}
