//! Measures the posting-time signal on real data: ordinary people in UTC+8 and the US (false positives), a
//! staffed account year by year, Internet Research Agency operators, simulated Beijing office shifts, and
//! synchronised bursts against coordination-network-toolkit's co-retweet network.
//!
//! `cargo run -p trichome-bench --profile cli --example timing_eval` (data from `TRICHOME_DATA`, `../shared/data` or
//! `/work/shared/data`; set `TIMING_SKIP_CNT=1` to skip the Python peer).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use trichome::observation::PostTime;
use trichome::signals::chance::SplitMix64;
use trichome::signals::timing::bursts::{self, BurstEvent, BurstParams};
use trichome::signals::timing::{self, format_offset, TimingInput};
use trichome::time::parse_iso;
use trichome::verdict::SIGN_WEIGHT;
use trichome_bench::datasets::{self, data_dir};
use trichome_bench::sets::{office_operator, US_PERSONAS};

struct Account {
    times: Vec<i64>,
    texts: Vec<String>,
    location: Option<String>,
}

fn input(acc: &Account, times: &[i64], location: Option<&str>) -> TimingInput {
    let texts: Vec<&str> = acc.texts.iter().map(String::as_str).collect();
    TimingInput {
        times: times.iter().map(|t| PostTime::exact(*t)).collect(),
        location: location.map(str::to_string),
        based_in: None,
        language: timing::persona::language_from_script(&texts).map(str::to_string),
    }
}

fn weight(input: &TimingInput) -> (f64, timing::TimingReport) {
    let report = timing::analyse(input);
    let w = timing::signal_from(&report, &[], &[timing::BEIJING_OFFSET]).map_or(0.0, |s| s.weight());
    (w, report)
}

fn main() {
    let Some(dir) = data_dir() else {
        println!("skipping: ../shared/data not found");
        return;
    };
    let weibo = weibo(&dir);
    let airline = airline(&dir);
    trump(&dir);
    ira(&dir, &weibo, &airline);
    simulation(&weibo);
    coortweet(&dir);
}

fn weibo(dir: &Path) -> Vec<Account> {
    let mut by_user: BTreeMap<String, Account> = BTreeMap::new();
    let text =
        std::fs::read_to_string(dir.join("controls/weibo-guanghua-2025/posts.jsonl")).unwrap_or_default();
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let (Some(user), Some(t)) = (v["user_id"].as_str(), v["time_beijing"].as_str()) else { continue };
        // Naive Beijing time: read as UTC, then take the eight hours back.
        let Some(at) = parse_iso(t).map(|x| x - 8 * 3600) else { continue };
        let acc = by_user.entry(user.to_string()).or_insert(Account {
            times: vec![],
            texts: vec![],
            location: None,
        });
        acc.times.push(at);
        acc.texts.push(v["text"].as_str().unwrap_or_default().to_string());
    }
    let accounts: Vec<Account> = by_user.into_values().filter(|a| a.times.len() >= 20).collect();
    println!("## Real people in UTC+8: Weibo 2025 (accounts with >= 20 posts: {})\n", accounts.len());
    let mut flagged = 0;
    let mut flagged_us = 0;
    let mut office = 0;
    let mut office_rows = Vec::new();
    let mut offsets: BTreeMap<i32, usize> = BTreeMap::new();
    for (i, a) in accounts.iter().enumerate() {
        let (w, report) = weight(&input(a, &a.times, None));
        flagged += usize::from(w >= SIGN_WEIGHT);
        office += usize::from(report.office_shaped());
        if report.office_shaped() {
            if let (Some(f), Some((o, (lo, hi)))) = (&report.fit, report.inferred()) {
                office_rows.push(format!(
                    "| weibo #{} | {} | {} | {} ({}…{}) | {:.2} | {:.0}% | {} |",
                    i + 1,
                    report.posts,
                    report.days,
                    format_offset(o),
                    format_offset(lo),
                    format_offset(hi),
                    f.office_vs_human,
                    report.workhours_share * 100.0,
                    report.weekday_weekend_ratio.map_or("no weekend posts".into(), |r| format!("{r:.2}")),
                ));
            }
        }
        if let Some((o, _)) = report.inferred() {
            *offsets.entry(o).or_default() += 1;
        }
        let (w_us, _) = weight(&input(a, &a.times, Some(US_PERSONAS[i % US_PERSONAS.len()])));
        flagged_us += usize::from(w_us >= SIGN_WEIGHT);
    }
    let n = accounts.len().max(1) as f64;
    println!("| measure | accounts | share |\n|---|---|---|");
    println!(
        "| timing weight >= {SIGN_WEIGHT} (as they are: Chinese text, no location) | {flagged} | {:.1}% |",
        100.0 * flagged as f64 / n
    );
    println!(
        "| office-shaped week (shape alone, before the persona rule) | {office} | {:.1}% |",
        100.0 * office as f64 / n
    );
    println!(
        "| timing weight >= {SIGN_WEIGHT} if each claimed a US location | {flagged_us} | {:.1}% |",
        100.0 * flagged_us as f64 / n
    );
    let hist: Vec<String> = offsets.iter().map(|(o, c)| format!("{} ×{c}", format_offset(*o))).collect();
    println!("\nInferred offsets: {}\n", hist.join(", "));
    if !office_rows.is_empty() {
        println!("Office-shaped real people:\n");
        println!("| account | posts | days | office offset (range) | office−human nats/post | office-hours share | weekday/weekend |");
        println!("|---|---|---|---|---|---|---|");
        println!("{}\n", office_rows.join("\n"));
    }
    accounts
}

fn airline(dir: &Path) -> Vec<Account> {
    let rows = datasets::read_csv_records(&dir.join("controls/airline-2015/Tweets.csv"));
    let mut by_user: BTreeMap<String, Account> = BTreeMap::new();
    for r in &rows {
        let (Some(name), Some(at)) = (r.get("name"), r.get("tweet_created").and_then(|t| parse_iso(t)))
        else {
            continue;
        };
        // user_timezone names Rails zones; the US ones are given as a city the persona table knows.
        let zone = r.get("user_timezone").map(String::as_str).unwrap_or_default();
        let location = match zone {
            "Eastern Time (US & Canada)" => "New York",
            "Central Time (US & Canada)" => "Chicago",
            "Mountain Time (US & Canada)" => "Denver",
            "Pacific Time (US & Canada)" => "Los Angeles",
            other => other,
        };
        let acc =
            by_user.entry(name.clone()).or_insert(Account { times: vec![], texts: vec![], location: None });
        acc.times.push(at);
        acc.texts.push(r.get("text").cloned().unwrap_or_default());
        if !location.is_empty() {
            acc.location = Some(location.to_string());
        }
    }
    let accounts: Vec<Account> = by_user.into_values().filter(|a| a.times.len() >= 20).collect();
    println!(
        "## Real people in the US: airline tweets, February 2015 (accounts with >= 20 posts: {})\n",
        accounts.len()
    );
    println!(
        "| account | posts | days | persona | inferred | shape | weight |\n|---|---|---|---|---|---|---|"
    );
    let mut flagged = 0;
    for (i, a) in accounts.iter().enumerate() {
        let (w, report) = weight(&input(a, &a.times, a.location.as_deref()));
        flagged += usize::from(w >= SIGN_WEIGHT);
        let inferred = report.inferred().map_or("-".into(), |(o, _)| format_offset(o));
        let shape = if report.fit.is_none() {
            "too few days"
        } else if report.office_shaped() {
            "office"
        } else {
            "human"
        };
        println!(
            "| #{} | {} | {} | {} | {inferred} | {shape} | {w:.2} |",
            i + 1,
            report.posts,
            report.days,
            a.location.as_deref().unwrap_or("-")
        );
    }
    println!("\nFlagged (weight >= {SIGN_WEIGHT}): {flagged} of {}\n", accounts.len());
    accounts
}

fn trump(dir: &Path) {
    let text = std::fs::read_to_string(dir.join("controls/trump-2009-2018/tweets.jsonl")).unwrap_or_default();
    let mut by_year: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if let Some(at) = v["created_at_utc"].as_str().and_then(parse_iso) {
            by_year.entry(trichome::time::civil_from_days(at.div_euclid(86_400)).0).or_default().push(at);
        }
    }
    println!(
        "## A staffed account in its own zone: @realDonaldTrump by year (persona: New York, UTC−5/−4)\n"
    );
    println!("| year | posts | inferred offset | plausible range | shape | office share | weekday/weekend | weight |");
    println!("|---|---|---|---|---|---|---|---|");
    for (year, times) in &by_year {
        let inp = TimingInput {
            times: times.iter().map(|t| PostTime::exact(*t)).collect(),
            location: Some("New York, NY".into()),
            ..TimingInput::default()
        };
        let (w, report) = weight(&inp);
        let Some((o, (lo, hi))) = report.inferred() else {
            println!("| {year} | {} | insufficient | | | | | |", times.len());
            continue;
        };
        println!("| {year} | {} | {} | {w:.2} |", times.len(), shape_cells(&report, o, lo, hi));
    }
    println!();
}

/// The table cells of an inferred offset: the offset, its plausible range, the shape, the office-hours share and
/// the weekday/weekend rate.
fn shape_cells(report: &timing::TimingReport, offset: i32, lo: i32, hi: i32) -> String {
    format!(
        "{} | {}…{} | {} | {:.0}% | {}",
        format_offset(offset),
        format_offset(lo),
        format_offset(hi),
        if report.office_shaped() { "office" } else { "human" },
        report.workhours_share * 100.0,
        report.weekday_weekend_ratio.map_or("-".into(), |r| format!("{r:.2}")),
    )
}

/// Local hour-of-day and weekend shares, summarised for a group of accounts at their inferred offsets.
fn shape_summary(reports: &[timing::TimingReport]) -> (f64, f64, f64) {
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let office = reports.iter().filter(|r| r.office_shaped()).count() as f64 / reports.len().max(1) as f64;
    let wk = median(reports.iter().filter_map(|r| r.weekday_weekend_ratio).collect());
    let work = median(reports.iter().map(|r| r.workhours_share).collect());
    (office, wk, work)
}

fn ira(dir: &Path, weibo: &[Account], airline: &[Account]) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("campaigns/ira/authors"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    println!("## Operators: Internet Research Agency authors (publish_date read as UTC; its zone is undocumented)\n");
    println!("| author | posts | days | inferred offset | range | shape | office share | weekday/weekend |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut reports = Vec::new();
    let mut offsets: BTreeMap<i32, usize> = BTreeMap::new();
    for f in &files {
        let rows = datasets::read_csv_records(f);
        let times: Vec<i64> =
            rows.iter().filter_map(|r| r.get("publish_date").and_then(|t| parse_iso(t))).collect();
        let name = f.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        let report = timing::analyse(&TimingInput {
            times: times.iter().map(|t| PostTime::exact(*t)).collect(),
            ..TimingInput::default()
        });
        if let Some((o, (lo, hi))) = report.inferred() {
            *offsets.entry(o).or_default() += 1;
            println!("| {name} | {} | {} | {} |", report.posts, report.days, shape_cells(&report, o, lo, hi));
            reports.push(report);
        }
    }
    let hist: Vec<String> = offsets.iter().map(|(o, c)| format!("{} ×{c}", format_offset(*o))).collect();
    println!("\nInferred offsets of {} IRA authors: {}\n", reports.len(), hist.join(", "));
    let controls: Vec<timing::TimingReport> = weibo
        .iter()
        .chain(airline)
        .map(|a| timing::analyse(&input(a, &a.times, None)))
        .filter(|r| r.fit.is_some())
        .collect();
    println!(
        "| group | accounts | office-shaped | median weekday/weekend rate | median office-hours share |"
    );
    println!("|---|---|---|---|---|");
    for (name, group) in [("IRA authors", &reports), ("controls (Weibo + airline)", &controls)] {
        let (office, wk, work) = shape_summary(group);
        println!("| {name} | {} | {:.0}% | {wk:.2} | {:.0}% |", group.len(), office * 100.0, work * 100.0);
    }
    println!();
}

fn simulation(weibo: &[Account]) {
    println!("## Simulated Beijing office shifts with a US persona: detection by number of posts\n");
    println!("False positives: the Weibo accounts above (real people in UTC+8) given the same US personas,");
    println!("each cut to its latest n posts. Detection: weight >= {SIGN_WEIGHT}.\n");
    println!("| posts | operators detected | mean weight | Weibo-as-US flagged |");
    println!("|---|---|---|---|");
    let mut rng = SplitMix64(2024);
    for n in [10usize, 20, 50, 100] {
        let trials = 300;
        let mut detected = 0;
        let mut total = 0.0;
        for i in 0..trials {
            let times = office_operator(&mut rng, n);
            let inp = TimingInput {
                times: times.iter().map(|t| PostTime::exact(*t)).collect(),
                location: Some(US_PERSONAS[i % US_PERSONAS.len()].into()),
                language: Some("en".into()),
                ..TimingInput::default()
            };
            let (w, _) = weight(&inp);
            total += w;
            detected += usize::from(w >= SIGN_WEIGHT);
        }
        let eligible: Vec<&Account> = weibo.iter().filter(|a| a.times.len() >= n).collect();
        let fp = eligible
            .iter()
            .enumerate()
            .filter(|(i, a)| {
                let mut t = a.times.clone();
                t.sort_unstable();
                let latest = &t[t.len() - n..];
                weight(&input(a, latest, Some(US_PERSONAS[i % US_PERSONAS.len()]))).0 >= SIGN_WEIGHT
            })
            .count();
        println!(
            "| {n} | {:.0}% ({detected}/{trials}) | {:.2} | {fp}/{} |",
            100.0 * detected as f64 / trials as f64,
            total / trials as f64,
            eligible.len()
        );
    }
    println!();
}

fn coortweet(dir: &Path) {
    let path = dir.join("campaigns/coortweet-russia-2021/russian_coord_tweets.csv");
    let rows = datasets::read_csv_records(&path);
    println!("## Synchronised bursts: CooRTweet's Russian retweets of 2021 ({} retweets)\n", rows.len());
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut agnostic = Vec::new();
    let mut keyed = Vec::new();
    for r in &rows {
        let (Some(acc), Some(obj), Some(ts)) =
            (r.get("account_id"), r.get("object_id"), r.get("timestamp_share"))
        else {
            continue;
        };
        let Ok(at) = ts.parse::<f64>() else { continue };
        let next = names.len() as u32;
        let a = *ids.entry(acc.clone()).or_insert_with(|| {
            names.push(acc.clone());
            next
        });
        agnostic.push(BurstEvent { account: a, at: at as i64, key: 0 });
        keyed.push(BurstEvent { account: a, at: at as i64, key: trichome::text::hash_str(obj, 9) | 1 });
    }
    let window = 60;
    let min_weight = 3;
    let t0 = Instant::now();
    let any = bursts::find(&agnostic, &BurstParams { window_seconds: window, ..BurstParams::default() });
    let t_any = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let co = bursts::find(
        &keyed,
        &BurstParams { window_seconds: window, min_shared: min_weight, ..BurstParams::default() },
    );
    let t_co = t1.elapsed().as_secs_f64();
    let pair_names = |r: &bursts::BurstReport| -> HashSet<(String, String)> {
        r.pairs
            .iter()
            .map(|p| {
                let (a, b) = (names[p.a as usize].clone(), names[p.b as usize].clone());
                if a < b {
                    (a, b)
                } else {
                    (b, a)
                }
            })
            .collect()
    };
    let any_pairs = pair_names(&any);
    let co_pairs = pair_names(&co);
    println!("Window {window} s. Trichome, content-agnostic (any posts, >= 3 shared bursts, >= 5× chance):");
    println!(
        "{} pairs, {} clusters (largest {} accounts), {:.3} s; partner scans cut at the cap: {}.",
        any.pairs.len(),
        any.groups.len(),
        any.groups.first().map_or(0, |g| g.members.len()),
        t_any,
        any.partner_scans_cut
    );
    for g in any.groups.iter().take(5) {
        let times: Vec<String> = g.times.iter().take(3).map(|t| trichome::time::format_iso(*t)).collect();
        println!(
            "- {} accounts, {} bursts, most shared by one pair {}; first: {}",
            g.members.len(),
            g.windows,
            g.max_shared,
            times.join(", ")
        );
    }
    println!(
        "\nTrichome, co-retweet (same retweeted object, >= {min_weight} objects): {} pairs, {} clusters, {:.3} s.",
        co.pairs.len(),
        co.groups.len(),
        t_co
    );
    if std::env::var("TIMING_SKIP_CNT").is_ok() {
        println!("(coordination-network-toolkit skipped: TIMING_SKIP_CNT is set)\n");
        return;
    }
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/timing-cnt");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/timing_cnt.sh");
    let t2 = Instant::now();
    let run = std::process::Command::new("bash")
        .arg(&script)
        .arg(&path)
        .arg(&out_dir)
        .arg(window.to_string())
        .arg(min_weight.to_string())
        .output();
    let wall = t2.elapsed().as_secs_f64();
    let stdout = run.as_ref().map(|o| String::from_utf8_lossy(&o.stdout).to_string()).unwrap_or_default();
    let Some(line) = stdout.lines().find(|l| l.starts_with("cnt_seconds")) else {
        println!(
            "coordination-network-toolkit did not run: {}\n",
            run.map(|o| String::from_utf8_lossy(&o.stderr).to_string()).unwrap_or_else(|e| e.to_string())
        );
        return;
    };
    let secs: Vec<f64> = line.split_whitespace().skip(1).filter_map(|s| s.parse().ok()).collect();
    let cnt_pairs: HashSet<(String, String)> = datasets::read_csv_records(&out_dir.join("edges.csv"))
        .into_iter()
        .filter_map(|r| Some((r.get("user_1")?.clone(), r.get("user_2")?.clone())))
        .collect();
    let overlap = |a: &HashSet<(String, String)>, b: &HashSet<(String, String)>| a.intersection(b).count();
    println!(
        "coordination-network-toolkit 1.5.2 co_retweet (window {window} s, min edge weight {min_weight}): {} pairs; \
         preprocess {:.2} s + compute {:.2} s (whole script {wall:.1} s).",
        cnt_pairs.len(),
        secs.first().copied().unwrap_or(f64::NAN),
        secs.get(1).copied().unwrap_or(f64::NAN)
    );
    // CNT weighs an edge by co-retweeting messages, so one object retweeted three times by one account makes a
    // weight of 3; Trichome counts distinct co-retweeted objects. Count CNT's pairs backed by enough objects.
    let mut by_account: HashMap<&str, Vec<(u64, i64)>> = HashMap::new();
    for e in &keyed {
        by_account.entry(names[e.account as usize].as_str()).or_default().push((e.key, e.at));
    }
    let backed: HashSet<(String, String)> = cnt_pairs
        .iter()
        .filter(|(a, b)| {
            let (Some(xs), Some(ys)) = (by_account.get(a.as_str()), by_account.get(b.as_str())) else {
                return false;
            };
            let objects: HashSet<u64> = xs
                .iter()
                .filter(|(k, t)| ys.iter().any(|(k2, t2)| k2 == k && (t2 - t).abs() <= window))
                .map(|(k, _)| *k)
                .collect();
            objects.len() >= min_weight as usize
        })
        .cloned()
        .collect();
    println!(
        "Of CNT's {} pairs, {} rest on >= {min_weight} distinct co-retweeted objects (the rest on one object \
         retweeted repeatedly); Trichome's co-retweet mode finds {} of those {}.",
        cnt_pairs.len(),
        backed.len(),
        co_pairs.intersection(&backed).count(),
        backed.len()
    );
    println!("\n| Trichome mode | pairs | shared with CNT | CNT pairs found | time |\n|---|---|---|---|---|");
    for (name, pairs, t) in [("co-retweet", &co_pairs, t_co), ("content-agnostic", &any_pairs, t_any)] {
        println!(
            "| {name} | {} | {} | {}/{} | {:.3} s |",
            pairs.len(),
            overlap(pairs, &cnt_pairs),
            overlap(pairs, &cnt_pairs),
            cnt_pairs.len(),
            t
        );
    }
    println!();
}
