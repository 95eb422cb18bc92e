//! Lists the copy clusters that put control accounts at watch, for looking at what ordinary people share.
//! `cargo run -p trichome-bench --profile cli --example dup_debug -- weibo|airline|ira`

use trichome_bench::datasets;

use trichome::signals::duplicate::{cluster_confidence, cluster_strength, DuplicateIndex};
use trichome::verdict::SIGN_WEIGHT;

fn main() {
    let Some(data) = datasets::data_dir() else {
        println!("skipping: ../shared/data not found (set TRICHOME_DATA)");
        return;
    };
    let which = std::env::args().nth(1).unwrap_or_else(|| "weibo".into());
    let posts = match which.as_str() {
        "airline" => datasets::airline_posts(&data),
        "ira" => datasets::ira_posts(&data),
        _ => datasets::weibo_posts(&data),
    };
    let mut index = DuplicateIndex::default();
    for p in &posts {
        index.insert(&p.author, &p.id, &p.text, p.at);
    }
    let mut clusters: Vec<_> = index.clusters().into_iter().filter(|c| c.is_cross_account()).collect();
    clusters.sort_by(|a, b| cluster_strength(b).total_cmp(&cluster_strength(a)));
    for c in clusters.iter().take(40) {
        let w = cluster_strength(c) * cluster_confidence(c);
        println!(
            "{} w={w:.2} s={:.2} accounts={} burst={} span_h={:?} variants={} {:?} shingles={} | {}",
            if w >= SIGN_WEIGHT { "WATCH" } else { "     " },
            cluster_strength(c),
            c.accounts.len(),
            c.burst_accounts,
            c.span_seconds().map(|s| s / 3600),
            c.variants,
            c.commonness,
            c.shingles,
            c.representative.replace('\n', " ").chars().take(90).collect::<String>()
        );
    }
}
