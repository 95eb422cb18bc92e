//! Readers for the datasets the evaluation and cost programs run on: posts of the campaign and control sets.

use std::collections::HashMap;
use std::path::PathBuf;

/// A post read from a dataset.
#[derive(Debug, Clone)]
pub struct DataPost {
    /// The author, as the dataset names them.
    pub author: String,
    /// The post's id (the dataset's, or its row number).
    pub id: String,
    /// The text.
    pub text: String,
    /// Unix seconds, when the dataset gives a time.
    pub at: Option<i64>,
}

/// The shared data folder: `$TRICHOME_DATA`, else `../../shared/data` from the crate, else `/work/shared/data`.
pub fn data_dir() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(d) = std::env::var("TRICHOME_DATA") {
        candidates.push(PathBuf::from(d));
    }
    candidates.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"));
    candidates.push(PathBuf::from("/work/shared/data"));
    candidates.into_iter().find(|d| d.join("campaigns").is_dir())
}

/// Parses CSV text (RFC 4180: quoted fields may hold commas, doubled quotes and newlines) into rows.
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Reads a CSV file into a header and rows (both empty when it cannot be read).
pub fn read_csv(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let Ok(bytes) = std::fs::read(path) else { return (Vec::new(), Vec::new()) };
    let mut rows = csv_rows(&String::from_utf8_lossy(&bytes));
    if rows.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let header = rows.remove(0);
    (header, rows)
}

/// Reads a CSV file into records, each a map from the header's column names to the row's fields.
pub fn read_csv_records(path: &std::path::Path) -> Vec<HashMap<String, String>> {
    let (header, rows) = read_csv(path);
    rows.into_iter().map(|r| header.iter().cloned().zip(r).collect()).collect()
}

/// Lower case, links dropped, only letters and digits kept: an exact-match key for ground truths, independent
/// of the core's own normalisation (`trichome::text::normalise`).
pub fn plain(t: &str) -> String {
    t.to_lowercase()
        .split_whitespace()
        .filter(|w| !w.starts_with("http"))
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn column(header: &[String], name: &str) -> Option<usize> {
    header.iter().position(|h| h.trim_start_matches('\u{feff}') == name)
}

/// The IRA authors' files (`campaigns/ira/authors/*.csv`), sorted.
pub fn ira_files(data: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data.join("campaigns/ira/authors"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|f| f.extension().is_some_and(|e| e == "csv"));
    files.sort();
    files
}

/// The ISO 639-1 code of a language as the IRA dataset names it (`language` column), when known.
pub fn iso_language(name: &str) -> Option<String> {
    let code = match name {
        "English" => "en",
        "Russian" => "ru",
        "Ukrainian" => "uk",
        "Italian" => "it",
        "Spanish" => "es",
        "German" => "de",
        "French" => "fr",
        "Arabic" => "ar",
        "Japanese" => "ja",
        "Norwegian" => "no",
        "Romanian" => "ro",
        "Vietnamese" => "vi",
        "Catalan" => "ca",
        "Turkish" => "tr",
        "Farsi (Persian)" => "fa",
        "Serbian" => "sr",
        "Bulgarian" => "bg",
        "Uzbek" => "uz",
        "Pushto" => "ps",
        "Latvian" => "lv",
        "Icelandic" => "is",
        "Finnish" => "fi",
        "Croatian" => "hr",
        "Hungarian" => "hu",
        "Tagalog (Filipino)" => "tl",
        "Dutch" => "nl",
        "Portuguese" => "pt",
        _ => return None,
    };
    Some(code.to_string())
}

/// Every tweet of the IRA authors' files (`campaigns/ira/authors/*.csv`), in file order.
pub fn ira_posts(data: &std::path::Path) -> Vec<DataPost> {
    let files = ira_files(data);
    let mut out = Vec::new();
    for f in &files {
        let (header, rows) = read_csv(f);
        let (Some(a), Some(c), Some(t)) =
            (column(&header, "author_id"), column(&header, "content"), column(&header, "publish_date"))
        else {
            continue;
        };
        for (n, r) in rows.iter().enumerate() {
            let (Some(author), Some(text)) = (r.get(a), r.get(c)) else { continue };
            out.push(DataPost {
                author: author.clone(),
                id: format!("{}:{}", f.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default(), n + 2),
                text: text.clone(),
                at: r.get(t).and_then(|s| trichome::time::parse_iso(s)),
            });
        }
    }
    out
}

/// The Weibo control (`controls/weibo-guanghua-2025/posts.jsonl`); times are Beijing time (UTC+8).
pub fn weibo_posts(data: &std::path::Path) -> Vec<DataPost> {
    let Ok(text) = std::fs::read_to_string(data.join("controls/weibo-guanghua-2025/posts.jsonl")) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or_default().to_string();
            DataPost {
                author: s("user_id"),
                id: s("post_id"),
                text: s("text"),
                at: trichome::time::parse_iso(&s("time_beijing")).map(|t| t - 8 * 3600),
            }
        })
        .collect()
}

/// The airline control (`controls/airline-2015/Tweets.csv`).
pub fn airline_posts(data: &std::path::Path) -> Vec<DataPost> {
    let (header, rows) = read_csv(&data.join("controls/airline-2015/Tweets.csv"));
    let (Some(id), Some(name), Some(text), Some(at)) = (
        column(&header, "tweet_id"),
        column(&header, "name"),
        column(&header, "text"),
        column(&header, "tweet_created"),
    ) else {
        return Vec::new();
    };
    rows.iter()
        .filter_map(|r| {
            Some(DataPost {
                author: r.get(name)?.clone(),
                id: r.get(id)?.clone(),
                text: r.get(text)?.clone(),
                at: r.get(at).and_then(|s| trichome::time::parse_iso(s)),
            })
        })
        .collect()
}

/// Every post of the IRA tweets and the two controls, each with its source (`ira`, `air`, `weibo`), in one
/// fixed shuffle (a linear congruential generator): what the cost examples take in, in the same order each run.
pub fn shuffled_sources(data: &std::path::Path) -> Vec<(&'static str, DataPost)> {
    let mut all: Vec<(&'static str, DataPost)> = Vec::new();
    for (source, posts) in
        [("ira", ira_posts(data)), ("air", airline_posts(data)), ("weibo", weibo_posts(data))]
    {
        all.extend(posts.into_iter().map(|p| (source, p)));
    }
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for i in (1..all.len()).rev() {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let j = ((state >> 33) % (i as u64 + 1)) as usize;
        all.swap(i, j);
    }
    all
}

/// The median of some measurements (NaN when there are none).
pub fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Milliseconds since `started`.
pub fn ms(started: std::time::Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1e3
}
