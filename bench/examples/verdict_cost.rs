//! What a page's badges cost after each ingest, on an engine already holding many posts: the extension
//! takes in a small batch, then summarises the badge keys of the page (tens to hundreds of accounts).
//!
//! The posts are the shared data's IRA tweets (many texts copied across its accounts), airline tweets
//! (thousands of ordinary accounts) and Weibo posts, in one deterministic shuffle, taken in with
//! [`Limits::default`] except 2,000 posts per account (so that the IRA accounts' histories hold what the
//! duplicate index holds). At each fill the engine then, five times over, with nothing else in between:
//! (a) takes in the next 20 posts; (b) gives the first verdict after it (which builds the cross-account
//! clusters); (c) gives the verdicts of the page's 50 or 300 keys (the authors of the posts taken in most
//! recently), and (c′) the same again with nothing new; (d) the page report for those keys. Medians.
//!
//! `cargo run -p trichome-bench --profile cli --example verdict_cost`

use trichome_bench::datasets;

use std::time::Instant;

use trichome::engine::{Engine, Limits};
use trichome::observation::{Observation, Post, PostTime, Provenance, Site, Source};

/// Posts taken in by one ingest in the measurements.
const BATCH: usize = 20;
/// Repetitions of each measurement.
const REPEATS: usize = 5;
/// Posts taken in before the measurements.
const FILLS: [usize; 4] = [1_000, 10_000, 20_000, 50_000];
/// Page sizes, in account keys.
const PAGES: [usize; 2] = [50, 300];

fn observation(source: &str, p: &datasets::DataPost) -> Observation {
    let at = p.at.unwrap_or(1_500_000_000);
    Observation::post(
        Site::X,
        Provenance { source: Source::SiteJson, page_url: None, observed_at: at },
        Post {
            id: format!("{source}:{}", p.id),
            account_id: format!("@{source}_{}", p.author.replace(' ', "_")),
            text: p.text.clone(),
            created: p.at.map(PostTime::exact),
            ..Post::default()
        },
    )
}

/// Every post of the three sources, shuffled the same way each run.
fn stream(data: &std::path::Path) -> Vec<Observation> {
    datasets::shuffled_sources(data).iter().map(|(source, p)| observation(source, p)).collect()
}

/// The keys of the authors of the posts before `upto`, most recent first, distinct, at most `n`.
fn page_keys(stream: &[Observation], upto: usize, n: usize) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for o in stream[..upto].iter().rev() {
        if let trichome::observation::Record::Post(p) = &o.record {
            let key = trichome::history::account_key(o.site, &p.account_id);
            if !keys.contains(&key) {
                keys.push(key);
                if keys.len() == n {
                    break;
                }
            }
        }
    }
    keys
}

fn main() {
    let Some(data) = datasets::data_dir() else {
        println!("skipping: ../shared/data not found (set TRICHOME_DATA)");
        return;
    };
    let stream = stream(&data);
    let limits = Limits { max_posts_per_account: 2_000, ..Limits::default() };
    let mut engine = Engine::with_limits(limits);
    let mut taken = 0;
    println!(
        "| posts taken in | posts held | accounts | clusters | page keys | (a) ingest 20 | (b) first verdict | \
         (c) page's verdicts | (c′) again | (d) page report |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for fill in FILLS {
        if stream.len() < fill + PAGES.len() * REPEATS * BATCH {
            println!("| {fill} | (the data holds only {} posts) |", stream.len());
            break;
        }
        while taken < fill {
            let end = fill.min(taken + 1_000);
            engine.ingest(&stream[taken..end]);
            taken = end;
        }
        for page in PAGES {
            let (mut a, mut b, mut c, mut c2, mut d) = (vec![], vec![], vec![], vec![], vec![]);
            let mut keys = Vec::new();
            for _ in 0..REPEATS {
                let batch = &stream[taken..taken + BATCH];
                taken += BATCH;
                keys = page_keys(&stream, taken, page);
                let t = Instant::now();
                engine.ingest(batch);
                a.push(datasets::ms(t));
                let t = Instant::now();
                std::hint::black_box(engine.verdict(&keys[0]));
                b.push(datasets::ms(t));
                let t = Instant::now();
                std::hint::black_box(keys.iter().map(|k| engine.verdict(k)).collect::<Vec<_>>());
                c.push(datasets::ms(t));
                let t = Instant::now();
                std::hint::black_box(keys.iter().map(|k| engine.verdict(k)).collect::<Vec<_>>());
                c2.push(datasets::ms(t));
                let t = Instant::now();
                std::hint::black_box(engine.page_report_for(&keys, ""));
                d.push(datasets::ms(t));
            }
            let held: usize = engine.histories().iter().map(|h| h.posts.len()).sum();
            println!(
                "| {taken} | {held} | {} | {} | {} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms |",
                engine.account_count(),
                engine.cross_account().clusters.len(),
                keys.len(),
                datasets::median(a),
                datasets::median(b),
                datasets::median(c),
                datasets::median(c2),
                datasets::median(d),
            );
        }
    }
}
