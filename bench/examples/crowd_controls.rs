//! Writes the evaluation sets of `docs/crowds.md`: crowds of ordinary people made from the bundled real
//! controls, the real controls themselves, and the campaign sets, each as a CSV (or the original file) with a
//! labels file for `trichome eval`.
//!
//! `cargo run -p trichome-bench --profile cli --example crowd_controls -- OUT_DIR` (default `target/crowd`); then
//! `bash bench/crowd_eval.sh` runs `trichome eval` on every set and prints the table.
//!
//! A crowd is what ordinary people do under news posts: many real timelines (their own texts, in their own
//! order) re-timed as comments under a shared set of posts, arriving on a realistic curve (most within minutes
//! of the post, a tail over days), with slogans inserted at the rates such threads show, a few chain messages
//! pasted by unrelated people weeks apart, and times written to the minute with `:00` seconds, as exports of
//! minute-precision sites are. Nobody in a crowd is coordinated: every account is labelled negative.
//!
//! Tuning and holding out: the Weibo users are split in two halves by a hash of their id. Thresholds were
//! chosen on the real timelines and on the crowd made from the first half (`weibo-crowd-tune`, with the
//! tuning slogans); `weibo-crowd-holdout` (the other half, other slogans and chain messages, another seed)
//! and the airline crowd (real people tweeting at airlines within the same minutes, never looked at while
//! tuning) are held out. `weibo-crowd-fresh` (every user, denser arrivals, a third pool of slogans and
//! chain messages) was written after the last threshold was chosen and run only for the final report.

use trichome_bench::datasets;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use trichome::signals::chance::SplitMix64;

/// Zipf draws on top of the shared deterministic stream.
trait Zipf {
    /// An index drawn with weights ∝ 1/(i+1)^s (a Zipf law over `n` items).
    fn zipf(&mut self, n: usize, s: f64) -> usize;
}

impl Zipf for SplitMix64 {
    fn zipf(&mut self, n: usize, s: f64) -> usize {
        let total: f64 = (0..n).map(|i| 1.0 / ((i + 1) as f64).powf(s)).sum();
        let mut x = self.unit() * total;
        for i in 0..n {
            x -= 1.0 / ((i + 1) as f64).powf(s);
            if x <= 0.0 {
                return i;
            }
        }
        n - 1
    }
}

/// Slogans and cheers of the kind that fill comment sections under news of an epidemic, in two disjoint
/// pools: one the thresholds were chosen with, one held out.
const SLOGANS_TUNE: &[&str] = &[
    "武汉加油",
    "武汉加油！中国加油！",
    "致敬！",
    "辛苦了",
    "医护人员辛苦了[心]",
    "一路走好",
    "一路走好[蜡烛][蜡烛][蜡烛]",
    "致敬英雄",
    "众志成城，共克时艰！",
    "希望早日康复🙏",
    "加油加油加油",
    "转发微博",
    "平安🙏🙏🙏",
    "哈哈哈哈哈",
    "中国加油！武汉加油！湖北加油！",
];
const SLOGANS_HOLDOUT: &[&str] = &[
    "湖北挺住！",
    "白衣天使辛苦了",
    "致敬逆行者！",
    "愿逝者安息[蜡烛]",
    "泪目了",
    "心疼[泪][泪]",
    "好样的！",
    "感动哭了",
    "了不起",
    "大家保重身体",
    "祈福🙏🙏",
    "北京加油！",
    "英雄一路走好",
    "为你们点赞👍",
    "愿平安，愿安康",
];
/// A third pool, written before the last round of changes and run only for the final report (`fresh`).
const SLOGANS_FRESH: &[&str] = &[
    "湖北加油！武汉挺住！",
    "感谢所有医护人员",
    "希望大家都平安",
    "一定要好好的",
    "太心疼了😭",
    "致敬所有逆行的人",
    "中国必胜！",
    "向英雄致敬🫡",
    "天佑中华",
    "加油！我们等你们回家",
    "RIP",
    "默哀🕯🕯",
    "大家都要戴口罩啊",
    "谢谢你们的付出",
    "我哭了",
];
const CHAINS_FRESH: &[&str] = &[
    "请大家转发扩散：武汉协和医院急需N95口罩和防护服，有渠道的朋友请联系医院官方微博，不要私下转账",
    "每个人都是自己健康的第一责任人，少出门少聚餐，出门戴口罩，回家先洗手，转发提醒家里的长辈",
];
/// Chain messages that ordinary people paste under many posts, weeks apart, each to different company.
const CHAINS_TUNE: &[&str] = &[
    "出门记得戴口罩，勤洗手，少聚集，不信谣不传谣，相信国家一定能战胜这次疫情，转给你关心的人",
    "今天起每人转发一次，为一线的医生护士祈福，希望他们都能平平安安回家和家人团聚",
];
const CHAINS_HOLDOUT: &[&str] = &[
    "等疫情过去了我要去武汉看樱花吃热干面，到时候大家一起去好不好，武汉人民你们辛苦了",
    "不造谣不信谣不传谣，听官方的话宅在家里就是为国家做贡献，大家一起熬过这个冬天",
];

/// What one crowd is made from.
struct CrowdRecipe {
    name: &'static str,
    seed: u64,
    /// Which half of the users (by id hash), or both.
    half: Option<u64>,
    /// Share of comments arriving within minutes of the post (the rest over hours and days).
    early_share: f64,
    /// Mean delay of those early comments, seconds.
    early_mean_seconds: f64,
    slogans: &'static [&'static str],
    chains: &'static [&'static str],
    /// Share of comments that are slogans.
    slogan_rate: f64,
    /// Share of comments that are chain messages.
    chain_rate: f64,
}

/// A news post the crowd comments under.
struct NewsPost {
    at: i64,
}

fn user_half(user: &str) -> u64 {
    trichome::text::hash_str(user, 3) % 2
}

/// Writes a UTC time as `YYYY-MM-DD HH:MM:SS`.
fn stamp(t: i64) -> String {
    trichome::time::format_iso(t).replace('T', " ").trim_end_matches('Z').to_string()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Builds a crowd from the Weibo timelines of one half of the users.
fn weibo_crowd(posts: &[datasets::DataPost], recipe: &CrowdRecipe) -> (String, Vec<String>) {
    let mut rng = SplitMix64(recipe.seed);
    let mut by_user: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for p in posts.iter().filter(|p| recipe.half.is_none_or(|h| user_half(&p.author) == h)) {
        by_user.entry(p.author.as_str()).or_default().push(p.text.as_str());
    }
    // 90 news posts over 60 days from 20 January 2020, published between 07:00 and 23:00 Beijing time.
    let start = trichome::time::days_from_civil(2020, 1, 20) * 86_400 - 8 * 3600;
    let news: Vec<NewsPost> = (0..90)
        .map(|_| NewsPost {
            at: start + rng.below(60) as i64 * 86_400 + (7 * 3600 + rng.below(16 * 3600)) as i64,
        })
        .collect();
    let mut csv = String::from("account,time,text\n");
    let mut accounts = Vec::new();
    for (user, texts) in &by_user {
        accounts.push(format!("wb{user}"));
        // Heavy commenters comment under many posts: their real post count, at most 80 comments.
        let comments = texts.len().clamp(1, 80);
        let mut own = texts.iter().cycle();
        for _ in 0..comments {
            let post = &news[rng.zipf(news.len(), 0.9)];
            let delay = match rng.unit() {
                u if u < recipe.early_share => rng.exp(recipe.early_mean_seconds),
                u if u < recipe.early_share + (1.0 - recipe.early_share) * 0.75 => rng.exp(3.0 * 3600.0),
                _ => rng.exp(36.0 * 3600.0),
            };
            let at = post.at + delay as i64;
            let at = at - at.rem_euclid(60);
            let text = match rng.unit() {
                u if u < recipe.slogan_rate => recipe.slogans[rng.zipf(recipe.slogans.len(), 1.0)],
                u if u < recipe.slogan_rate + recipe.chain_rate => {
                    recipe.chains[rng.below(recipe.chains.len() as u64) as usize]
                }
                _ => own.next().copied().unwrap_or_default(),
            };
            let _ = writeln!(csv, "wb{user},{},{}", stamp(at), csv_field(text));
        }
    }
    eprintln!("{}: {} accounts", recipe.name, accounts.len());
    (csv, accounts)
}

/// The Weibo timelines as they are (real people, to the second).
fn weibo_timelines(posts: &[datasets::DataPost]) -> (String, Vec<String>) {
    let mut csv = String::from("account,time,text,id\n");
    let mut accounts: Vec<String> = Vec::new();
    for p in posts {
        let Some(at) = p.at else { continue };
        let account = format!("wb{}", p.author);
        if accounts.last() != Some(&account) && !accounts.contains(&account) {
            accounts.push(account.clone());
        }
        let _ = writeln!(csv, "{account},{},{},{}", stamp(at), csv_field(&p.text), csv_field(&p.id));
    }
    (csv, accounts)
}

/// The airline control as a crowd: real people tweeting at the same airlines in the same minutes; `minute`
/// writes the times to the minute (`:00`), as many exports do.
fn airline_crowd(posts: &[datasets::DataPost], minute: bool) -> (String, Vec<String>) {
    let mut csv = String::from("account,time,text,id\n");
    let mut accounts: Vec<String> = Vec::new();
    for p in posts {
        let Some(at) = p.at else { continue };
        let at = if minute { at - at.rem_euclid(60) } else { at };
        let account = format!("air_{}", p.author);
        accounts.push(account.clone());
        let _ = writeln!(csv, "{account},{},{},{}", stamp(at), csv_field(&p.text), csv_field(&p.id));
    }
    accounts.sort();
    accounts.dedup();
    (csv, accounts)
}

fn write_set(out: &Path, name: &str, csv: &str, accounts: &[String], label: &str) {
    let path = out.join(format!("{name}.csv"));
    std::fs::write(&path, csv).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    write_labels(out, name, accounts, label);
}

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "target/crowd".into()));
    let Some(data) = datasets::data_dir() else {
        eprintln!("crowd_controls: ../shared/data not found (set TRICHOME_DATA); nothing written");
        std::process::exit(1);
    };
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("creating {}: {e}", out.display()));
    let weibo = datasets::weibo_posts(&data);
    let airline = datasets::airline_posts(&data);

    let (csv, accounts) = weibo_timelines(&weibo);
    write_set(&out, "weibo-timelines", &csv, &accounts, "negative");
    for recipe in [
        CrowdRecipe {
            name: "weibo-crowd-tune",
            seed: 11,
            half: Some(0),
            early_share: 0.6,
            early_mean_seconds: 480.0,
            slogans: SLOGANS_TUNE,
            chains: CHAINS_TUNE,
            slogan_rate: 0.25,
            chain_rate: 0.02,
        },
        CrowdRecipe {
            name: "weibo-crowd-holdout",
            seed: 29,
            half: Some(1),
            early_share: 0.6,
            early_mean_seconds: 480.0,
            slogans: SLOGANS_HOLDOUT,
            chains: CHAINS_HOLDOUT,
            slogan_rate: 0.25,
            chain_rate: 0.02,
        },
        // Fresh: every user, denser first minutes, more slogans and chain messages, its own pools; made
        // after the thresholds were chosen and run only for the report.
        CrowdRecipe {
            name: "weibo-crowd-fresh",
            seed: 101,
            half: None,
            early_share: 0.8,
            early_mean_seconds: 240.0,
            slogans: SLOGANS_FRESH,
            chains: CHAINS_FRESH,
            slogan_rate: 0.35,
            chain_rate: 0.04,
        },
    ] {
        let (csv, accounts) = weibo_crowd(&weibo, &recipe);
        write_set(&out, recipe.name, &csv, &accounts, "negative");
    }
    let (csv, accounts) = airline_crowd(&airline, false);
    write_set(&out, "airline-crowd", &csv, &accounts, "negative");
    let (csv, accounts) = airline_crowd(&airline, true);
    write_set(&out, "airline-crowd-minute", &csv, &accounts, "negative");

    // The campaigns: labels only; the data is read where it lies.
    let authors: Vec<String> = datasets::ira_files(&data)
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().to_string()))
        .collect();
    write_labels(&out, "ira", &authors, "positive");
    let (header, rows) = datasets::read_csv(&data.join("campaigns/io-archive-sample/speed_layer_sample.csv"));
    if let Some(col) = header.iter().position(|h| h == "userid") {
        let mut ids: Vec<String> = rows.iter().filter_map(|r| r.get(col).cloned()).collect();
        ids.sort();
        ids.dedup();
        write_labels(&out, "io-archive-sample", &ids, "positive");
    }
    eprintln!("crowd_controls: wrote the sets to {}", out.display());
}

fn write_labels(out: &Path, name: &str, accounts: &[String], label: &str) {
    let mut labels = String::from("account\tlabel\n");
    for a in accounts {
        let _ = writeln!(labels, "{a}\t{label}");
    }
    let path = out.join(format!("{name}.labels.tsv"));
    std::fs::write(&path, labels).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}
