//! What drift costs per account.
//!
//! The histories are built through the [`Engine`] from the shared data's IRA tweets (with the dataset's
//! language labels, as X gives them), at most 2,000 posts per account. The benchmark times `drift::assess`
//! on the last 50, 200 and 700 posts of every IRA account that has that many, and on each whole history: the
//! median of three runs per account, then the median and the total over accounts.
//!
//! `cargo run -p trichome-bench --profile cli --example drift_cost` — the table.
//! `... -- --profile [posts]` — only the histories of 700 (or `posts`) posts, repeated (the fastest round
//! printed), for `perf record`.
//!
//! When the change-point scan was made incremental, this example also ran the analysis as it was before (a
//! copy of it, `drift_old/mod.rs`) in the same run and compared every result with `--check`: identical on every
//! account and window of the IRA tweets and the controls (commit 94987f7, `docs/benchmarks.md`). The copy
//! was then removed rather than kept as a second drift module; `drift.rs`'s unit tests keep comparing the
//! incremental scan's choice with the plain scan's.

use trichome_bench::datasets;

use std::path::Path;
use std::time::Instant;

use trichome::engine::{Engine, Limits};
use trichome::history::AccountHistory;
use trichome::observation::{Observation, Post, PostTime, Precision, Provenance, Site, Source};
use trichome::signals::drift;

/// Posts held per account, as in `verdict_cost`.
const MAX_POSTS: usize = 2_000;
/// History sizes timed.
const SIZES: [usize; 3] = [50, 200, 700];
/// Runs per account; the median is kept.
const RUNS: usize = 3;

/// One post to take in.
struct Input {
    author: String,
    text: String,
    lang: Option<String>,
    client: Option<String>,
    created: Option<PostTime>,
}

/// The IRA authors' tweets, with the dataset's language labels when `labels`; times to the minute.
fn ira(data: &Path, labels: bool) -> Vec<Input> {
    let mut out = Vec::new();
    for f in &datasets::ira_files(data) {
        let (header, rows) = datasets::read_csv(f);
        let col = |name: &str| header.iter().position(|h| h.trim_start_matches('\u{feff}') == name);
        let (Some(a), Some(c), Some(l), Some(t)) =
            (col("author_id"), col("content"), col("language"), col("publish_date"))
        else {
            continue;
        };
        for r in &rows {
            let (Some(author), Some(text)) = (r.get(a), r.get(c)) else { continue };
            let at = r.get(t).and_then(|s| trichome::time::parse_iso(s));
            out.push(Input {
                author: format!("ira:{author}"),
                text: text.clone(),
                lang: if labels { r.get(l).and_then(|l| datasets::iso_language(l)) } else { None },
                client: None,
                created: at.map(|at| PostTime {
                    earliest: at,
                    latest: at + 59,
                    precision: Precision::Minute,
                }),
            });
        }
    }
    out
}

/// Every account's history after taking in `inputs`, at most [`MAX_POSTS`] posts each.
fn histories(inputs: &[Input]) -> Vec<AccountHistory> {
    let mut engine = Engine::with_limits(Limits { max_posts_per_account: MAX_POSTS, ..Limits::default() });
    let batch: Vec<Observation> = inputs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let observed_at = p.created.map_or(1_500_000_000, |t| t.latest);
            Observation::post(
                Site::X,
                Provenance { source: Source::SiteJson, page_url: None, observed_at },
                Post {
                    id: i.to_string(),
                    account_id: p.author.clone(),
                    text: p.text.clone(),
                    lang: p.lang.clone(),
                    created: p.created,
                    client: p.client.clone(),
                    ..Post::default()
                },
            )
        })
        .collect();
    for chunk in batch.chunks(5_000) {
        engine.ingest(chunk);
    }
    let mut out: Vec<AccountHistory> = engine.histories().into_iter().cloned().collect();
    out.sort_by(|a, b| a.account.id.cmp(&b.account.id));
    out
}

/// The history with only posts `range`.
fn window(h: &AccountHistory, range: std::ops::Range<usize>) -> AccountHistory {
    let mut w = h.clone();
    w.posts = h.posts[range].to_vec();
    w
}

/// Milliseconds one call of `f` takes, the median of [`RUNS`].
fn time_ms<T>(mut f: impl FnMut() -> T) -> f64 {
    datasets::median(
        (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    )
}

fn bench(data: &Path) {
    let ira = histories(&ira(data, true));
    println!(
        "IRA accounts: {}, posts held: {}\n",
        ira.len(),
        ira.iter().map(|h| h.posts.len()).sum::<usize>()
    );
    println!("| posts per history | accounts | median | total |");
    println!("|---|---:|---:|---:|");
    let mut rows: Vec<(String, Vec<AccountHistory>)> = SIZES
        .iter()
        .map(|&size| {
            let cases = ira
                .iter()
                .filter(|h| h.posts.len() >= size)
                .map(|h| window(h, h.posts.len() - size..h.posts.len()))
                .collect();
            (size.to_string(), cases)
        })
        .collect();
    let (lo, hi) =
        ira.iter().fold((usize::MAX, 0), |(lo, hi), h| (lo.min(h.posts.len()), hi.max(h.posts.len())));
    rows.push((format!("whole ({lo}–{hi})"), ira.clone()));
    for (label, cases) in rows {
        let times: Vec<f64> = cases.iter().map(|h| time_ms(|| drift::assess(h))).collect();
        let total: f64 = times.iter().sum();
        println!("| {label} | {} | {:.3} ms | {:.1} ms |", cases.len(), datasets::median(times), total);
    }
}

fn main() {
    let Some(data) = datasets::data_dir() else {
        println!("skipping: ../shared/data not found (set TRICHOME_DATA)");
        return;
    };
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--profile") {
        // Only the new analysis, over and over, for `perf record`.
        let size: usize = args.get(at + 1).and_then(|s| s.parse().ok()).unwrap_or(700);
        let cases: Vec<AccountHistory> = histories(&ira(&data, true))
            .iter()
            .filter(|h| h.posts.len() >= size)
            .map(|h| window(h, h.posts.len() - size..h.posts.len()))
            .collect();
        let mut best = f64::INFINITY;
        for _ in 0..100 {
            let t = Instant::now();
            for h in &cases {
                std::hint::black_box(drift::assess(h));
            }
            best = best.min(t.elapsed().as_secs_f64() * 1e3 / cases.len() as f64);
        }
        println!("{} histories of {size} posts: fastest round {best:.3} ms per history", cases.len());
    } else {
        bench(&data);
    }
}
