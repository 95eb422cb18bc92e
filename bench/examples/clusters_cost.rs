//! What `DuplicateIndex::clusters()` costs after a small batch of posts, on an index already holding many:
//! the engine asks for the clusters after every ingest (the extension takes in about 20 posts at a time).
//!
//! The posts are the shared data's IRA tweets, airline tweets and Weibo posts in the same fixed shuffle as
//! `verdict_cost`, inserted into a default index (cap [`MAX_POSTS`]) until it holds each fill's posts. At
//! each fill: the first `clusters()` after filling (everything new to it), then, seven times over, the next 20
//! posts inserted and `clusters()` timed, and `clusters()` timed again with nothing new. Medians.
//!
//! `cargo run -p trichome-bench --profile cli --example clusters_cost`

use trichome_bench::datasets;

use std::time::Instant;

use trichome::signals::duplicate::{DuplicateIndex, MAX_POSTS};

/// Posts inserted between two calls.
const BATCH: usize = 20;
/// Repetitions of each measurement.
const REPEATS: usize = 7;
/// Posts held when the measurements start.
const FILLS: [usize; 4] = [1_000, 10_000, 20_000, 50_000];

/// Every post of the three sources as (account key, post), in `verdict_cost`'s order.
fn stream(data: &std::path::Path) -> Vec<(String, datasets::DataPost)> {
    datasets::shuffled_sources(data)
        .into_iter()
        .map(|(source, p)| (format!("x:{source}_{}", p.author.replace(' ', "_")), p))
        .collect()
}

fn main() {
    let Some(data) = datasets::data_dir() else {
        println!("skipping: ../shared/data not found (set TRICHOME_DATA)");
        return;
    };
    let stream = stream(&data);
    let mut index = DuplicateIndex::default();
    let mut taken = 0;
    let insert = |index: &mut DuplicateIndex, taken: &mut usize| {
        if let Some((account, p)) = stream.get(*taken) {
            index.insert(account, &format!("{}:{}", account, p.id), &p.text, p.at);
        }
        *taken += 1;
    };
    println!(
        "| posts held | posts taken in | clusters | first clusters() after filling | clusters() after 20 more | \
         clusters() again, nothing new |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    for fill in FILLS.into_iter().filter(|&f| f <= MAX_POSTS) {
        while index.len() < fill && taken < stream.len() {
            insert(&mut index, &mut taken);
        }
        if taken + REPEATS * BATCH > stream.len() {
            println!("| {fill} | (the data holds only {} posts) |", stream.len());
            break;
        }
        let (held, taken_before) = (index.len(), taken);
        let t = Instant::now();
        std::hint::black_box(index.clusters());
        let cold = datasets::ms(t);
        let (mut after, mut again) = (Vec::new(), Vec::new());
        let mut clusters = 0;
        for _ in 0..REPEATS {
            for _ in 0..BATCH {
                insert(&mut index, &mut taken);
            }
            let t = Instant::now();
            clusters = std::hint::black_box(index.clusters()).len();
            after.push(datasets::ms(t));
            let t = Instant::now();
            std::hint::black_box(index.clusters());
            again.push(datasets::ms(t));
        }
        println!(
            "| {held} | {taken_before} | {clusters} | {cold:.2} ms | {:.2} ms | {:.2} ms |",
            datasets::median(after),
            datasets::median(again),
        );
    }
}
