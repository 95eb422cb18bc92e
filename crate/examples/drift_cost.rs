//! What drift costs per account, and proof that the faster scan for the change point gives the same results.
//!
//! The histories are built through the [`Engine`] from the shared data's IRA tweets (with the dataset's
//! language labels, as X gives them), at most 2,000 posts per account. The benchmark times `drift::assess`
//! on the last 50, 200 and 700 posts of every IRA account that has that many, and on each whole history,
//! against the analysis as it was (`drift_old/mod.rs`, a copy of commit a0ed621) in the same run: the median
//! of three runs per account, then the median and the total over accounts.
//!
//! `cargo run --profile cli --example drift_cost` — the table.
//! `cargo run --profile cli --example drift_cost -- --check` — compares the whole drift signal (strength,
//! confidence, summary, evidence) and the whole finding of the new code with the old for every account of the
//! IRA tweets (with and without language labels), the Weibo, airline and Trump controls, and windows of
//! 20, 50, 200 and 700 posts sliding over each history; exits non-zero at any difference.
//! `... -- --profile [posts]` — only the new analysis of the histories of 700 (or `posts`) posts, repeated
//! (the fastest round printed), for `perf record`.

#[path = "drift_old/mod.rs"]
mod drift_old;
#[path = "dup_data/mod.rs"]
mod dup_data;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use trichome::engine::{AccountHistory, Engine, Limits};
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

fn iso_language(name: &str) -> Option<String> {
    let code = match name {
        "English" => "en",
        "Russian" => "ru",
        "Ukrainian" => "uk",
        "Italian" => "it",
        "Spanish" => "es",
        "German" => "de",
        "French" => "fr",
        "Arabic" => "ar",
        _ => return None,
    };
    Some(code.to_string())
}

/// The IRA authors' tweets, with the dataset's language labels when `labels`; times to the minute.
fn ira(data: &Path, labels: bool) -> Vec<Input> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data.join("campaigns/ira/authors"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    let mut out = Vec::new();
    for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "csv")) {
        let (header, rows) = dup_data::read_csv(f);
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
                lang: if labels { r.get(l).and_then(|l| iso_language(l)) } else { None },
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

fn controls(data: &Path) -> Vec<Input> {
    let plain = |source: &str, lang: Option<&str>, p: dup_data::DataPost| Input {
        author: format!("{source}:{}", p.author),
        text: p.text,
        lang: lang.map(str::to_string),
        client: None,
        created: p.at.map(PostTime::exact),
    };
    let mut out: Vec<Input> = Vec::new();
    out.extend(dup_data::weibo_posts(data).into_iter().map(|p| plain("weibo", Some("zh"), p)));
    out.extend(dup_data::airline_posts(data).into_iter().map(|p| plain("air", None, p)));
    // Trump's tweets name their client, which the other sources do not.
    let trump =
        std::fs::read_to_string(data.join("controls/trump-2009-2018/tweets.jsonl")).unwrap_or_default();
    for v in trump.lines().filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok()) {
        let Some(text) = v["text"].as_str() else { continue };
        out.push(Input {
            author: "trump".into(),
            text: text.to_string(),
            lang: None,
            client: v["source"].as_str().map(str::to_string),
            created: v["created_at_utc"].as_str().and_then(trichome::time::parse_iso).map(PostTime::exact),
        });
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
                Provenance { source: Source::Graphql, page_url: None, observed_at },
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

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Milliseconds one call of `f` takes, the median of [`RUNS`].
fn time_ms<T>(mut f: impl FnMut() -> T) -> f64 {
    median(
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
    println!(
        "| posts per history | accounts | before: median | before: total | after: median | after: total | \
         total before / after |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
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
        let before: Vec<f64> = cases.iter().map(|h| time_ms(|| drift_old::assess(h))).collect();
        let after: Vec<f64> = cases.iter().map(|h| time_ms(|| drift::assess(h))).collect();
        let (tb, ta): (f64, f64) = (before.iter().sum(), after.iter().sum());
        println!(
            "| {label} | {} | {:.3} ms | {:.1} ms | {:.3} ms | {:.1} ms | {:.1}× |",
            cases.len(),
            median(before),
            tb,
            median(after),
            ta,
            tb / ta
        );
    }
}

/// Compares old and new on one history; returns a description of the first difference.
fn compare(h: &AccountHistory) -> Option<String> {
    let (old, new) = (drift_old::assess(h), drift::assess(h));
    if old != new {
        return Some(format!("signal differs:\n  old {old:?}\n  new {new:?}"));
    }
    // The finding holds more than the signal shows (raw strength); Debug prints every float exactly.
    let (old, new) = (format!("{:?}", drift_old::analyse(h)), format!("{:?}", drift::analyse(h)));
    (old != new).then(|| format!("finding differs:\n  old {old}\n  new {new}"))
}

fn check(data: &Path) -> bool {
    let mut sources: BTreeMap<&str, Vec<AccountHistory>> = BTreeMap::new();
    sources.insert("IRA, labelled", histories(&ira(data, true)));
    sources.insert("IRA, detector only", histories(&ira(data, false)));
    sources.insert("controls (Weibo, airline, Trump)", histories(&controls(data)));
    println!(
        "| histories | accounts | whole histories compared | windows compared | with a finding | differing |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let mut all_same = true;
    for (name, hs) in &sources {
        let (mut whole, mut windows, mut found, mut differing) = (0, 0, 0, 0);
        for h in hs {
            let mut cases = vec![h.clone()];
            for size in [20, 50, 200, 700] {
                let step = size / 2;
                let mut start = 0;
                while start + size <= h.posts.len() {
                    cases.push(window(h, start..start + size));
                    start += step;
                }
            }
            for (i, c) in cases.iter().enumerate() {
                if i == 0 {
                    whole += 1;
                } else {
                    windows += 1;
                }
                found += usize::from(drift::analyse(c).is_some());
                if let Some(d) = compare(c) {
                    differing += 1;
                    if differing <= 3 {
                        println!("{} ({} posts): {d}", c.account.id, c.posts.len());
                    }
                }
            }
        }
        all_same &= differing == 0;
        println!("| {name} | {} | {whole} | {windows} | {found} | {differing} |", hs.len());
    }
    all_same
}

fn main() {
    let Some(data) = dup_data::data_dir() else {
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
    } else if args.iter().any(|a| a == "--check") {
        if !check(&data) {
            println!("DIFFERENT");
            std::process::exit(1);
        }
        println!("identical");
    } else {
        bench(&data);
    }
}
