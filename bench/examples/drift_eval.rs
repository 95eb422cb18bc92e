//! Drift on spliced real timelines: the history of one real account, a dormant gap, then real posts of a
//! different account (positives), against unspliced windows of the same real accounts (negatives).
//!
//! `cargo run -p trichome-bench --profile cli --example drift_eval` — reads `$TRICHOME_DATA` (else `../shared/data`, else
//! `/work/shared/data`): IRA authors, Weibo control users, the Trump control account. Prints ROC AUC and the
//! detection rate at 1% false positives, by the number of posts after the change, with the site's language
//! labels and with the built-in detector only.

use trichome_bench::datasets::{self, data_dir};

use std::collections::BTreeMap;
use std::path::Path;

use trichome::engine::Engine;
use trichome::import::labels::{roc_auc, Label};
use trichome::observation::{Account, Observation, Post, PostTime, Precision, Provenance, Site, Source};
use trichome::signals::drift::{self, DriftFinding};
use trichome::time;

/// One post of a real account, as read from the datasets.
#[derive(Clone)]
struct RealPost {
    at: i64,
    text: String,
    lang: Option<String>,
    client: Option<String>,
    precision: Precision,
}

/// One real account's timeline.
struct Timeline {
    name: String,
    /// What it is (`ira:RightTroll`, `weibo`, `trump`) and its main language.
    group: String,
    lang: String,
    posts: Vec<RealPost>,
}

fn main_language(posts: &[RealPost]) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for p in posts {
        *counts.entry(p.lang.clone().unwrap_or_else(|| "?".into())).or_insert(0) += 1;
    }
    counts.into_iter().max_by_key(|c| c.1).map(|c| c.0).unwrap_or_default()
}

fn read_ira(dir: &Path) -> Vec<Timeline> {
    let selection = std::fs::read_to_string(dir.join("campaigns/ira/SELECTION.tsv")).unwrap_or_default();
    let mut out = Vec::new();
    for line in selection.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let [category, author, file] = f[..] else { continue };
        let Ok(text) = std::fs::read_to_string(dir.join("campaigns/ira").join(file)) else { continue };
        let mut posts: Vec<RealPost> = datasets::csv_rows(&text)
            .into_iter()
            .skip(1)
            .filter(|r| r.len() >= 5)
            .filter_map(|r| {
                Some(RealPost {
                    at: time::parse_iso(&r[4])?,
                    text: r[1].clone(),
                    lang: datasets::iso_language(&r[3]),
                    client: None,
                    precision: Precision::Minute,
                })
            })
            .collect();
        posts.sort_by_key(|p| p.at);
        let lang = main_language(&posts);
        out.push(Timeline { name: author.to_string(), group: format!("ira:{category}"), lang, posts });
    }
    out
}

fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn read_weibo(dir: &Path) -> Vec<Timeline> {
    let mut users: BTreeMap<String, Vec<RealPost>> = BTreeMap::new();
    for v in read_jsonl(&dir.join("controls/weibo-guanghua-2025/posts.jsonl")) {
        let (Some(user), Some(t), Some(text)) =
            (v["user_id"].as_str(), v["time_beijing"].as_str(), v["text"].as_str())
        else {
            continue;
        };
        let Some(at) = time::parse_iso(t) else { continue };
        users.entry(user.to_string()).or_default().push(RealPost {
            at: at - 8 * 3_600,
            text: text.to_string(),
            // X labels Chinese "zh"; Weibo gives no label, so this stands in for what X would say.
            lang: Some("zh".into()),
            client: None,
            precision: Precision::Second,
        });
    }
    users
        .into_iter()
        .filter(|(_, p)| p.len() >= 30)
        .map(|(user, mut posts)| {
            posts.sort_by_key(|p| p.at);
            Timeline { name: format!("weibo:{user}"), group: "weibo".into(), lang: "zh".into(), posts }
        })
        .collect()
}

fn read_trump(dir: &Path) -> Vec<Timeline> {
    let mut posts: Vec<RealPost> = read_jsonl(&dir.join("controls/trump-2009-2018/tweets.jsonl"))
        .into_iter()
        .filter_map(|v| {
            Some(RealPost {
                at: time::parse_iso(v["created_at_utc"].as_str()?)?,
                text: v["text"].as_str()?.to_string(),
                lang: None,
                client: v["source"].as_str().map(str::to_string),
                precision: Precision::Second,
            })
        })
        .collect();
    posts.sort_by_key(|p| p.at);
    vec![Timeline { name: "trump".into(), group: "trump".into(), lang: "en".into(), posts }]
}

/// Runs the engine on a timeline and returns the drift finding.
/// With `rename`, the account is seen under one name at its first post and another at its last.
fn analyse(posts: &[RealPost], labels: bool, rename: bool) -> Option<DriftFinding> {
    let mut engine = Engine::default();
    let seen = Provenance { source: Source::Import, page_url: None, observed_at: 0 };
    let named = |name: &str, at: i64| {
        let seen = Provenance { source: Source::Import, page_url: None, observed_at: at };
        let account = Account { id: "1".into(), name: Some(name.into()), ..Account::default() };
        Observation::account(Site::X, seen, account)
    };
    // Without a rename the account has no name at all, so that no script of a name can count.
    let mut batch =
        vec![Observation::account(Site::X, seen.clone(), Account { id: "1".into(), ..Account::default() })];
    if rename {
        batch.push(named("First Name", posts.first().map_or(0, |p| p.at)));
        batch.push(named("Second Name", posts.last().map_or(0, |p| p.at)));
    }
    for (i, p) in posts.iter().enumerate() {
        let created = match p.precision {
            Precision::Second => PostTime::exact(p.at),
            _ => PostTime { earliest: p.at, latest: p.at + 59, precision: p.precision },
        };
        batch.push(Observation::post(
            Site::X,
            seen.clone(),
            Post {
                id: i.to_string(),
                account_id: "1".into(),
                text: p.text.clone(),
                lang: if labels { p.lang.clone() } else { None },
                created: Some(created),
                client: p.client.clone(),
                ..Post::default()
            },
        ));
    }
    engine.ingest(&batch);
    drift::analyse(engine.history("x:1")?)
}

fn score(f: &Option<DriftFinding>) -> f64 {
    f.as_ref().map_or(0.0, |f| f.raw_strength * f.confidence)
}

fn weight(f: &Option<DriftFinding>) -> f64 {
    f.as_ref().map_or(0.0, |f| f.strength * f.confidence)
}

/// ROC AUC of positives' scores against negatives' (0 when either is empty).
fn auc(pos: &[f64], neg: &[f64]) -> f64 {
    let scored: Vec<(f64, Label)> =
        pos.iter().map(|&s| (s, Label::Positive)).chain(neg.iter().map(|&s| (s, Label::Negative))).collect();
    roc_auc(&scored).unwrap_or(0.0)
}

/// Share of positives above the highest score that keeps false positives at or under 1%.
fn detection_at_1pct(pos: &[f64], neg: &[f64]) -> f64 {
    let mut n = neg.to_vec();
    n.sort_by(|a, b| b.total_cmp(a));
    let allowed = (n.len() as f64 * 0.01).floor() as usize;
    let threshold = n.get(allowed).copied().unwrap_or(f64::NEG_INFINITY);
    pos.iter().filter(|p| **p > threshold).count() as f64 / pos.len().max(1) as f64
}

fn lcg(seed: u64) -> u64 {
    seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407) >> 17
}

/// The "after" posts: `k` consecutive posts of the donor, moved (by whole days, so hours of day stay real)
/// to start `gap_days` after `last`.
fn transplant(donor: &Timeline, k: usize, last: i64, gap_days: i64, seed: u64) -> Vec<RealPost> {
    let room = donor.posts.len().saturating_sub(k);
    let start = if room == 0 { 0 } else { (lcg(seed) as usize) % room };
    let slice = &donor.posts[start..(start + k).min(donor.posts.len())];
    let Some(first) = slice.first() else { return Vec::new() };
    let target = last + gap_days * 86_400;
    let shift = (target - first.at).div_euclid(86_400) * 86_400 + 86_400;
    slice.iter().map(|p| RealPost { at: p.at + shift, ..p.clone() }).collect()
}

struct Case {
    host: usize,
    kind: &'static str,
    spliced: bool,
    posts: Vec<RealPost>,
}

const BEFORE_MAX: usize = 100;
const BEFORE_MIN: usize = 20;

fn cases(timelines: &[Timeline], after: usize) -> Vec<Case> {
    let mut out = Vec::new();
    for (h, host) in timelines.iter().enumerate() {
        let len = host.posts.len();
        if len < BEFORE_MIN + after {
            continue;
        }
        let before = BEFORE_MAX.min(len - after);
        // Negatives: up to three real windows of the same length (the end, the middle, the start).
        let total = before + after;
        let mut starts = vec![len - total, (len - total) / 2, 0];
        starts.dedup();
        for s in starts {
            out.push(Case {
                host: h,
                kind: "real",
                spliced: false,
                posts: host.posts[s..s + total].to_vec(),
            });
        }
        // Positives: the host's window, a silence, then another real account's posts.
        let base = &host.posts[len - total..len - after];
        let Some(last) = base.last().map(|p| p.at) else { continue };
        for kind in ["other language", "same language"] {
            let donors: Vec<usize> = (0..timelines.len())
                .filter(|&d| d != h && timelines[d].posts.len() >= after)
                .filter(|&d| (timelines[d].lang == host.lang) == (kind == "same language"))
                .filter(|&d| {
                    kind == "other language" || timelines[d].group != host.group || host.group == "weibo"
                })
                .collect();
            if donors.is_empty() {
                continue;
            }
            let seed = (h as u64) * 7_919 + after as u64 * 31 + kind.len() as u64;
            let donor = &timelines[donors[(lcg(seed) as usize) % donors.len()]];
            let gap = 200 + (lcg(seed + 1) % 400) as i64;
            let mut posts = base.to_vec();
            posts.extend(transplant(donor, after, last, gap, seed + 2));
            out.push(Case { host: h, kind, spliced: true, posts });
        }
    }
    out
}

fn main() {
    let Some(dir) = data_dir() else {
        println!("skipping: ../shared/data not found (set TRICHOME_DATA)");
        return;
    };
    let mut timelines = read_ira(&dir);
    timelines.extend(read_weibo(&dir));
    timelines.extend(read_trump(&dir));
    let by_group = timelines.iter().fold(BTreeMap::<String, usize>::new(), |mut m, t| {
        *m.entry(t.group.split(':').next().unwrap_or("").to_string()).or_insert(0) += 1;
        m
    });
    println!("timelines: {} ({by_group:?})", timelines.len());
    println!(
        "before window: last {BEFORE_MAX} posts (at least {BEFORE_MIN}); positives: a 200–600 day silence, then real \
         posts of another account; negatives: up to 3 unspliced windows of the same length per account.\n"
    );
    for labels in [true, false] {
        println!(
            "== language from {} ==",
            if labels {
                "the site's labels (IRA/X `language`, Weibo as X would label it: zh)"
            } else {
                "the built-in detector only (labels removed)"
            }
        );
        println!(
            "| posts after | positives (other lang / same lang) | negatives | AUC all | AUC other lang | AUC same lang | detected at 1% FPR (all / other / same) | positives ≥ watch | negatives ≥ watch |"
        );
        println!("|---|---|---|---|---|---|---|---|---|");
        for after in [5, 10, 20, 50] {
            let cs = cases(&timelines, after);
            let results: Vec<(&Case, Option<DriftFinding>)> =
                cs.iter().map(|c| (c, analyse(&c.posts, labels, false))).collect();
            let neg: Vec<f64> = results.iter().filter(|r| !r.0.spliced).map(|r| score(&r.1)).collect();
            let pos_of = |kind: Option<&str>| -> Vec<f64> {
                results
                    .iter()
                    .filter(|r| r.0.spliced && kind.is_none_or(|k| r.0.kind == k))
                    .map(|r| score(&r.1))
                    .collect()
            };
            let (all, other, same) =
                (pos_of(None), pos_of(Some("other language")), pos_of(Some("same language")));
            let watch = |spliced: bool| {
                let v: Vec<f64> =
                    results.iter().filter(|r| r.0.spliced == spliced).map(|r| weight(&r.1)).collect();
                v.iter().filter(|w| **w >= 0.35).count() as f64 / v.len().max(1) as f64
            };
            println!(
                "| {after} | {} ({} / {}) | {} | {:.3} | {:.3} | {:.3} | {:.2} / {:.2} / {:.2} | {:.2} | {:.2} |",
                all.len(),
                other.len(),
                same.len(),
                neg.len(),
                auc(&all, &neg),
                auc(&other, &neg),
                auc(&same, &neg),
                detection_at_1pct(&all, &neg),
                detection_at_1pct(&other, &neg),
                detection_at_1pct(&same, &neg),
                watch(true),
                watch(false),
            );
            if after == 20 && labels {
                // The negatives that score highest, to read what real accounts do that looks like drift.
                let mut worst: Vec<(f64, &Case, &Option<DriftFinding>)> =
                    results.iter().filter(|r| !r.0.spliced).map(|r| (score(&r.1), r.0, &r.1)).collect();
                worst.sort_by(|a, b| b.0.total_cmp(&a.0));
                for (s, c, f) in worst.iter().take(3) {
                    let changed: Vec<String> = f
                        .iter()
                        .flat_map(|f| f.aspects.iter().filter(|a| a.strength >= 0.3))
                        .map(|a| format!("{}={:.2}", a.aspect.as_str(), a.strength))
                        .collect();
                    println!(
                        "|   highest negative: {} ({}) score {s:.2}, dormancy {:.2}: {} |||||||||",
                        timelines[c.host].name,
                        timelines[c.host].group,
                        f.as_ref().map_or(0.0, |f| f.dormancy.strength),
                        changed.join(" ")
                    );
                }
            }
        }
        println!();
    }
    println!("== the full rule: every timeline (spliced or not) also shows a rename ==");
    println!("| posts after | positives strong (weight ≥ 0.6) | negatives strong | positives ≥ watch | negatives ≥ watch |");
    println!("|---|---|---|---|---|");
    for after in [5, 10, 20, 50] {
        let cs = cases(&timelines, after);
        let w: Vec<(bool, f64)> =
            cs.iter().map(|c| (c.spliced, weight(&analyse(&c.posts, true, true)))).collect();
        let share = |spliced: bool, at: f64| {
            let v: Vec<f64> = w.iter().filter(|x| x.0 == spliced).map(|x| x.1).collect();
            v.iter().filter(|x| **x >= at).count() as f64 / v.len().max(1) as f64
        };
        println!(
            "| {after} | {:.2} | {:.2} | {:.2} | {:.2} |",
            share(true, 0.6),
            share(false, 0.6),
            share(true, 0.35),
            share(false, 0.35)
        );
    }
}
