//! Speed of the duplicated-phrasing index on one core: normalisation, shingling, signatures and LSH
//! insertion over the IRA tweets (tweet-length posts). `cargo run -p trichome-bench --profile cli --example dup_bench`;
//! `bench/dup_datasketch.sh` runs it beside Python's datasketch on the same texts and prints the ratio.
//! With `--json PATH` the numbers are also written as JSON.

use trichome_bench::datasets;

use std::time::Instant;

use trichome::features::fingerprint::{shingle_hashes, Signature, TextFingerprint};
use trichome::signals::duplicate::DuplicateIndex;
use trichome::text;

fn rate(n: usize, started: Instant) -> f64 {
    n as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let Some(data) = datasets::data_dir() else {
        println!("skipping: ../shared/data not found (set TRICHOME_DATA)");
        return;
    };
    let arg = |name: &str| std::env::args().skip_while(|a| a != name).nth(1);
    let json_out = arg("--json");
    let posts = datasets::ira_posts(&data);
    if let Some(path) = arg("--write-corpus") {
        // The same posts for the wasm build of this loop (`examples/dup_wasm.rs`, `bench/dup_wasm.mjs`).
        let corpus: String = posts
            .iter()
            .map(|p| {
                let at = p.at.map(|t| t.to_string()).unwrap_or_default();
                format!("{}\t{}\t{at}\t{}\0", p.author, p.id, p.text)
            })
            .collect();
        if let Err(e) = std::fs::write(&path, corpus) {
            eprintln!("error: cannot write '{path}': {e}");
        }
    }
    let n = posts.len();
    let chars: usize = posts.iter().map(|p| p.text.chars().count()).sum();
    println!("Corpus: {n} IRA tweets, {:.0} characters on average\n", chars as f64 / n as f64);

    let resident = || {
        std::fs::read_to_string("/proc/self/statm")
            .ok()
            .and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
            .map_or(f64::NAN, |pages| pages * 4096.0 / 1e6)
    };
    // Memory first, before any other index has been built and freed (freed heap would be reused and hide it).
    let (memory_mb, held) = {
        let before = resident();
        let mut index = DuplicateIndex::default();
        for p in &posts {
            index.insert(&p.author, &p.id, &p.text, p.at);
        }
        let after = resident();
        (after - before, index.len())
    };
    // Each stage alone, best of three runs.
    let best = |f: &dyn Fn() -> usize| {
        (0..3)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                rate(n, t)
            })
            .fold(0.0, f64::max)
    };
    let normalised: Vec<String> = posts.iter().map(|p| text::normalise(&p.text)).collect();
    let shingled: Vec<Vec<u32>> = normalised.iter().map(|t| shingle_hashes(&text::shingles(t))).collect();
    let r_norm = best(&|| posts.iter().map(|p| text::normalise(&p.text).len()).sum());
    let r_shingle = best(&|| normalised.iter().map(|t| text::shingles(t).len()).sum());
    let r_sig = best(&|| shingled.iter().map(|s| usize::from(Signature::of_shingles(s).0[0])).sum());
    let r_fp = best(&|| posts.iter().filter_map(|p| TextFingerprint::of(&p.text)).count());
    let r_insert = best(&|| {
        let mut index = DuplicateIndex::with_max_posts(usize::MAX / 4);
        for p in &posts {
            index.insert(&p.author, &p.id, &p.text, p.at);
        }
        index.len()
    });
    let r_clusters = {
        let mut index = DuplicateIndex::with_max_posts(usize::MAX / 4);
        for p in &posts {
            index.insert(&p.author, &p.id, &p.text, p.at);
        }
        let t = Instant::now();
        let c = index.clusters().len();
        (c, t.elapsed().as_secs_f64() * 1000.0)
    };
    println!("| stage (one core) | posts/s |");
    println!("|---|---:|");
    println!("| normalise | {r_norm:.0} |");
    println!("| shingle (from normalised text) | {r_shingle:.0} |");
    println!("| MinHash signature (from shingles) | {r_sig:.0} |");
    println!("| fingerprint (normalise + shingle + signature) | {r_fp:.0} |");
    println!("| **insert into the index (fingerprint + LSH + confirm)** | **{r_insert:.0}** |");
    println!("\nclusters() over the whole index: {} clusters in {:.1} ms", r_clusters.0, r_clusters.1);
    println!(
        "Default index (cap {}): holds {held} posts in about {memory_mb:.0} MB resident",
        trichome::signals::duplicate::MAX_POSTS
    );
    if let Some(path) = json_out {
        let json = serde_json::json!({
            "posts": n,
            "normalise_per_s": r_norm,
            "shingle_per_s": r_shingle,
            "signature_per_s": r_sig,
            "fingerprint_per_s": r_fp,
            "insert_per_s": r_insert,
            "memory_mb_at_cap": memory_mb,
        });
        if let Err(e) = std::fs::write(&path, json.to_string()) {
            eprintln!("error: cannot write '{path}': {e}");
        }
    }
}
