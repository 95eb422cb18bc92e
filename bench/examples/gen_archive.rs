//! Writes a generated takedown archive of any size in Twitter's Information Operations CSV format (gzipped
//! when the name ends in `.gz`), built at run time from the bundled campaigns and controls of `../shared/data`
//! (nothing of it is copied into the repository):
//!
//! - **operation accounts** (about a third of the posts): clones of the 64 IRA authors, each posting a run of
//!   50–600 of its author's own texts (not its retweets), 30 % of them lightly edited (a word dropped, repeated or swapped),
//!   shifted by up to four years and a few minutes: copies years apart, between accounts of one operation;
//! - **ordinary accounts** (the rest): 50–400 posts each of 8–20 words drawn from the words of the airline,
//!   Weibo and Trump controls, at random times over 2015–2019: texts that do not repeat.
//!
//! `cargo run -p trichome-bench --profile cli --example gen_archive -- --posts 1000000 --out target/archive-1m.csv.gz [--seed N]`
//! prints how many posts, accounts and copied texts it wrote. Deterministic for a seed.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use trichome::signals::chance::SplitMix64;

struct Source {
    author: String,
    texts: Vec<(i64, String)>,
}

fn read_ira(dir: &Path) -> Vec<Source> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "csv"));
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let Ok(mut reader) = csv::Reader::from_path(&f) else { continue };
        let headers = reader.headers().cloned().unwrap_or_default();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let (Some(content), Some(date)) = (col("content"), col("publish_date")) else { continue };
        let post_type = col("post_type");
        let author = f.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let mut texts = Vec::new();
        for row in reader.records().flatten() {
            if post_type.and_then(|c| row.get(c)).is_some_and(|t| t.contains("RETWEET")) {
                continue;
            }
            let at = trichome::import::parse_post_time(row.get(date).unwrap_or("")).map(|t| t.earliest);
            if let (Some(at), Some(text)) = (at, row.get(content)) {
                if text.split_whitespace().count() >= 4 {
                    texts.push((at, text.to_string()));
                }
            }
        }
        if !texts.is_empty() {
            out.push(Source { author, texts });
        }
    }
    out
}

fn read_words(data: &Path) -> Vec<String> {
    let mut words = Vec::new();
    if let Ok(mut r) = csv::Reader::from_path(data.join("controls/airline-2015/Tweets.csv")) {
        let text = r.headers().ok().and_then(|h| h.iter().position(|c| c == "text"));
        for row in r.records().flatten() {
            if let Some(t) = text.and_then(|c| row.get(c)) {
                words.extend(t.split_whitespace().filter(|w| !w.starts_with('@')).map(str::to_string));
            }
        }
    }
    for file in ["controls/trump-2009-2018/tweets.jsonl", "controls/weibo-guanghua-2025/posts.jsonl"] {
        let Ok(f) = std::fs::File::open(data.join(file)) else { continue };
        for line in std::io::BufReader::new(f).lines().map_while(Result::ok) {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
            let t = v.get("text").and_then(|t| t.as_str()).unwrap_or("");
            if t.is_ascii() {
                words.extend(t.split_whitespace().map(str::to_string));
            } else {
                // Chinese: runs of two characters stand for words.
                let chars: Vec<char> = t.chars().filter(|c| !c.is_whitespace()).collect();
                words.extend(chars.chunks(2).map(|c| c.iter().collect::<String>()));
            }
        }
    }
    words.retain(|w| !w.starts_with("http"));
    words
}

fn edit(text: &str, rng: &mut SplitMix64) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 6 {
        return text.to_string();
    }
    let i = rng.below(words.len() as u64 - 1) as usize;
    match rng.below(3) {
        0 => {
            words.remove(i);
        }
        1 => {
            let w = words[i];
            words.insert(i, w);
        }
        _ => words.swap(i, i + 1),
    }
    words.join(" ")
}

fn format_time(at: i64) -> String {
    let iso = trichome::time::format_iso(at);
    // `2016-03-01T09:15:00Z` → `2016-03-01 09:15`, the archive's own form.
    iso.get(..16).map(|s| s.replace('T', " ")).unwrap_or(iso)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let posts: u64 = value("--posts").and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let out = PathBuf::from(value("--out").unwrap_or_else(|| "target/archive.csv.gz".into()));
    let seed: u64 = value("--seed").and_then(|v| v.parse().ok()).unwrap_or(14);
    let data = PathBuf::from(value("--data").unwrap_or_else(|| "../shared/data".into()));
    let ira = read_ira(&data.join("campaigns/ira/authors"));
    let words = read_words(&data);
    if ira.is_empty() || words.is_empty() {
        println!("skipping: the IRA tweets or the controls are not under {}", data.display());
        return;
    }
    let file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&out).expect("writable"));
    let sink: Box<dyn Write> = if out.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::write::GzEncoder::new(file, flate2::Compression::fast()))
    } else {
        Box::new(file)
    };
    let mut csv = csv::Writer::from_writer(sink);
    csv.write_record([
        "tweetid",
        "userid",
        "user_screen_name",
        "account_creation_date",
        "tweet_language",
        "tweet_text",
        "tweet_time",
        "is_retweet",
    ])
    .expect("writable");
    let mut rng = SplitMix64(seed);
    let (start, span) = (1_420_070_400_i64, 5 * 365 * 86_400_i64); // 2015-01-01, five years
    let (mut written, mut accounts, mut operation_posts, mut tweet) = (0u64, 0u64, 0u64, 1_000_000_000u64);
    while written < posts {
        accounts += 1;
        let user = format!("{:x}", accounts.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 8);
        let created =
            format_time(start - rng.below(3 * 365) as i64 * 86_400).get(..10).unwrap_or("").to_string();
        let mut row = |text: &str, at: i64, handle: &str, lang: &str, rng: &mut SplitMix64| {
            tweet += 1 + rng.below(1000);
            csv.write_record([
                &tweet.to_string(),
                &user,
                handle,
                &created,
                lang,
                text,
                &format_time(at),
                "false",
            ])
            .expect("writable");
        };
        if rng.unit() < 0.25 {
            let source = &ira[rng.below(ira.len() as u64) as usize];
            let shift = rng.below(4 * 365) as i64 * 86_400 + rng.below(600) as i64 * 60;
            let handle = format!("{}_{accounts}", source.author);
            // A run of 50–600 of the author's texts.
            let len = (50 + rng.below(551) as usize).min(source.texts.len());
            let first = rng.below((source.texts.len() - len + 1) as u64) as usize;
            for (at, text) in &source.texts[first..first + len] {
                if written >= posts {
                    break;
                }
                let text = if rng.unit() < 0.3 { edit(text, &mut rng) } else { text.clone() };
                row(&text, at + shift, &handle, "en", &mut rng);
                written += 1;
                operation_posts += 1;
            }
        } else {
            let handle = format!("person{accounts}");
            for _ in 0..50 + rng.below(351) {
                if written >= posts {
                    break;
                }
                let n = 8 + rng.below(13) as usize;
                let text: Vec<&str> =
                    (0..n).map(|_| words[rng.below(words.len() as u64) as usize].as_str()).collect();
                row(&text.join(" "), start + rng.below(span as u64) as i64, &handle, "und", &mut rng);
                written += 1;
            }
        }
    }
    let sink = csv.into_inner().map_err(|e| e.to_string()).expect("flushed");
    drop(sink);
    println!(
        "wrote {} posts of {accounts} accounts ({operation_posts} by clones of the {} IRA authors) to {}",
        written,
        ira.len(),
        out.display()
    );
}
