//! Drift on a hard real control: one staffed public account whose posting client and hours changed over the
//! years without a change of hands. It must never reach *likely*.
//!
//! `cargo run -p trichome-bench --profile cli --example drift_trump` — for each year, the previous year and that year (each
//! evenly thinned to 150 posts) go through the engine as one history; prints what drift says.

use trichome::engine::Engine;
use trichome::observation::{Account, Observation, Post, PostTime, Provenance, Site, Source};
use trichome::signals::drift;
use trichome::time;
use trichome_bench::datasets::data_dir;

struct Tweet {
    at: i64,
    text: String,
    client: Option<String>,
}

fn thin<T>(v: &[T], n: usize) -> Vec<&T> {
    if v.len() <= n {
        return v.iter().collect();
    }
    (0..n).map(|i| &v[i * v.len() / n]).collect()
}

fn year_of(t: i64) -> i64 {
    time::civil_from_days(t.div_euclid(86_400)).0
}

fn main() {
    let Some(dir) = data_dir() else {
        println!("skipping: ../shared/data not found (set TRICHOME_DATA)");
        return;
    };
    let text = std::fs::read_to_string(dir.join("controls/trump-2009-2018/tweets.jsonl")).unwrap_or_default();
    let mut tweets: Vec<Tweet> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            Some(Tweet {
                at: time::parse_iso(v["created_at_utc"].as_str()?)?,
                text: v["text"].as_str()?.to_string(),
                client: v["source"].as_str().map(str::to_string),
            })
        })
        .collect();
    tweets.sort_by_key(|t| t.at);
    println!("{} tweets, no language labels (the detector decides)\n", tweets.len());
    println!(
        "| years | split | posts before/after | content | behaviour | dormancy | drift weight | what changed most | level |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut worst = trichome::verdict::Level::Insufficient;
    for year in 2010..=2018 {
        let a: Vec<&Tweet> = tweets.iter().filter(|t| year_of(t.at) == year - 1).collect();
        let b: Vec<&Tweet> = tweets.iter().filter(|t| year_of(t.at) == year).collect();
        let mut sample: Vec<&Tweet> = thin(&a, 150).into_iter().copied().collect();
        sample.extend(thin(&b, 150).into_iter().copied());
        let seen = Provenance { source: Source::Import, page_url: None, observed_at: 0 };
        let mut batch = vec![Observation::account(
            Site::X,
            seen.clone(),
            Account {
                id: "25073877".into(),
                handle: Some("realDonaldTrump".into()),
                name: Some("Donald J. Trump".into()),
                ..Account::default()
            },
        )];
        for (i, t) in sample.iter().enumerate() {
            batch.push(Observation::post(
                Site::X,
                seen.clone(),
                Post {
                    id: i.to_string(),
                    account_id: "25073877".into(),
                    text: t.text.clone(),
                    created: Some(PostTime::exact(t.at)),
                    client: t.client.clone(),
                    ..Post::default()
                },
            ));
        }
        let mut engine = Engine::default();
        engine.ingest(&batch);
        let Some(h) = engine.history("x:25073877") else { continue };
        let Some(f) = drift::analyse(h) else {
            println!("| {}–{year} | too few posts |||||||| ", year - 1);
            continue;
        };
        let level = engine.verdict("x:25073877").map(|v| v.level).unwrap_or(worst);
        worst = worst.max(level);
        let mut aspects = f.aspects.clone();
        aspects.sort_by(|x, y| y.strength.total_cmp(&x.strength));
        let top: Vec<String> = aspects
            .iter()
            .take(2)
            .filter(|a| a.strength > 0.0)
            .map(|a| match (a.before.first(), a.after.first()) {
                (Some(x), Some(y)) if a.aspect == drift::Aspect::Client => {
                    format!("client {:.2} ({} → {})", a.strength, x.0, y.0)
                }
                _ => format!("{} {:.2}", a.aspect.as_str(), a.strength),
            })
            .collect();
        println!(
            "| {}–{year} | {} | {}/{} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {} |",
            year - 1,
            f.change_at.map(|t| time::format_iso(t)[..10].to_string()).unwrap_or_default(),
            f.before,
            f.after,
            f.content_change,
            f.behaviour_change,
            f.dormancy.strength,
            f.strength * f.confidence,
            top.join(", "),
            level.as_str()
        );
    }
    println!("\nhighest level reached: {}", worst.as_str());
}
