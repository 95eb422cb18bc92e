//! The labelled sets the report runs the engine over, each with its size, where its labels come from, its
//! caveats, and whether thresholds were chosen on it.
//!
//! Every account goes through `trichome::engine::Engine` and is read back as its verdict: the combined score
//! and level the badge shows, and each signal kind's weight. Files are read with the library's own importers
//! (`trichome::import`), as `trichome eval` reads them.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use trichome::engine::Engine;
use trichome::import::labels::{self, Label};
use trichome::import::pipeline::{self, Input, PipelineOptions};
use trichome::import::{self as import, ReadOptions};
use trichome::observation::{
    Account, Observation, Post, PostTime, Precision, Provenance, Record, Site, Source,
};
use trichome::signals::chance::SplitMix64;
use trichome::signals::timing::holidays::{day_kind, DayKind};
use trichome::time::{self, days_from_civil, parse_iso};
use trichome::verdict::{Level, SignalKind, Verdict};

/// The signal kinds, in the order of [`Scored::weights`].
pub const KINDS: [SignalKind; 4] =
    [SignalKind::Drift, SignalKind::Duplicate, SignalKind::Timing, SignalKind::Identity];

/// One labelled account as the engine judged it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Its label.
    pub positive: bool,
    /// The verdict's combined score, 0..1 (the verdict's 0..100 over 100).
    pub score: f64,
    /// The verdict's level.
    pub level: Level,
    /// The strongest weight (strength × confidence) of each kind in [`KINDS`], 0 where it did not speak.
    pub weights: [f64; 4],
}

impl Scored {
    /// Reads a verdict.
    pub fn of(positive: bool, v: &Verdict) -> Scored {
        let mut weights = [0.0; 4];
        for (w, kind) in weights.iter_mut().zip(KINDS) {
            *w = v.signals.iter().filter(|s| s.kind == kind).map(|s| s.weight()).fold(0.0, f64::max);
        }
        Scored { positive, score: f64::from(v.score) / 100.0, level: v.level, weights }
    }
}

/// Whether thresholds were chosen on a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Thresholds were chosen on it.
    Tuning,
    /// Not used to choose thresholds (the note says what was seen of it all the same).
    HeldOut,
    /// The docs do not say: treated as tuned.
    Unknown,
}

impl Role {
    /// How the report names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Tuning => "tuning",
            Role::HeldOut => "held out",
            Role::Unknown => "unknown: treated as tuned",
        }
    }
}

/// One labelled set and what the engine made of it.
#[derive(Debug, Clone)]
pub struct Set {
    /// Short name.
    pub name: &'static str,
    /// What it is and where its labels come from.
    pub source: String,
    /// Tuning or held out.
    pub role: Role,
    /// Why the role is what it is, with the document that says so.
    pub role_note: &'static str,
    /// What to keep in mind reading its numbers.
    pub caveats: String,
    /// Its accounts.
    pub accounts: Vec<Scored>,
    /// Seconds the engine took on it.
    pub seconds: f64,
}

impl Set {
    /// Positives and negatives.
    pub fn counts(&self) -> (usize, usize) {
        let p = self.accounts.iter().filter(|a| a.positive).count();
        (p, self.accounts.len() - p)
    }
}

/// Runs `files` through one engine, as `trichome eval` does, and pairs the verdicts with `labels_file`.
/// Returns the accounts and `trichome eval`'s own evaluation of the same verdicts, for a cross-check.
pub fn from_files(
    files: &[PathBuf],
    labels_file: &Path,
) -> Result<(Vec<Scored>, labels::Evaluation), String> {
    let mut engine = Engine::default();
    let inputs: Vec<Input> = files.iter().map(|f| Input::File(f.clone())).collect();
    pipeline::read_into(&mut engine, &inputs, &PipelineOptions::default(), &mut |_| {})
        .map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(labels_file).map_err(|e| format!("{}: {e}", labels_file.display()))?;
    let (labelled, warnings) = labels::read_labels(&labels_file.display().to_string(), &text);
    if let Some(w) = warnings.first() {
        return Err(format!("{}: {}", w.at, w.message));
    }
    let verdicts = engine.verdicts();
    let accounts = labels::pair(&labelled, &verdicts)
        .0
        .iter()
        .map(|(l, v)| Scored::of(*l == Label::Positive, v))
        .collect();
    Ok((accounts, labels::evaluate(&labelled, &verdicts)))
}

/// One real post, as the timelines of the generated sets use it.
#[derive(Debug, Clone)]
struct TimedPost {
    at: i64,
    text: String,
    lang: Option<String>,
    client: Option<String>,
    precision_minute: bool,
}

/// One real account's posts, oldest first, and its main language.
struct Timeline {
    lang: String,
    posts: Vec<TimedPost>,
}

/// Every post of the IRA authors' files, through the library's IRA reader.
fn ira_timelines(data: &Path) -> Result<Vec<Timeline>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data.join("campaigns/ira/authors"))
        .map_err(|e| format!("campaigns/ira/authors: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let name = f.display().to_string();
        let reader = BufReader::new(File::open(&f).map_err(|e| format!("{name}: {e}"))?);
        let mut source = import::open(&name, Box::new(reader), None, &ReadOptions::default())
            .map_err(|e| e.to_string())?;
        let mut posts = Vec::new();
        loop {
            let batch = import::read_batch(source.as_mut(), 1000).map_err(|e| e.to_string())?;
            for o in batch.observations {
                if let Record::Post(p) = o.record {
                    if p.repost_of.is_some() {
                        continue;
                    }
                    let Some(t) = p.created else { continue };
                    posts.push(TimedPost {
                        at: t.earliest,
                        precision_minute: t.latest > t.earliest,
                        text: p.text,
                        lang: p.lang,
                        client: p.client,
                    });
                }
            }
            if batch.end {
                break;
            }
        }
        posts.sort_by_key(|p| p.at);
        out.push(Timeline { lang: main_language(&posts), posts });
    }
    Ok(out)
}

fn main_language(posts: &[TimedPost]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for p in posts {
        *counts.entry(p.lang.as_deref().unwrap_or("und")).or_default() += 1;
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(l, _)| l.to_string()).unwrap_or_default()
}

/// The Weibo control's users (naive Beijing times, to the second), each post labelled `zh` as X would.
fn weibo_timelines(data: &Path) -> Result<Vec<Timeline>, String> {
    let path = data.join("controls/weibo-guanghua-2025/posts.jsonl");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut by_user: BTreeMap<String, Vec<TimedPost>> = BTreeMap::new();
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let (Some(user), Some(t)) = (v["user_id"].as_str(), v["time_beijing"].as_str()) else { continue };
        let Some(at) = parse_iso(t).map(|x| x - 8 * 3600) else { continue };
        by_user.entry(user.to_string()).or_default().push(TimedPost {
            at,
            text: v["text"].as_str().unwrap_or_default().to_string(),
            lang: Some("zh".into()),
            client: None,
            precision_minute: false,
        });
    }
    Ok(by_user
        .into_values()
        .map(|mut posts| {
            posts.sort_by_key(|p| p.at);
            Timeline { lang: "zh".into(), posts }
        })
        .collect())
}

fn seen(at: i64) -> Provenance {
    Provenance { source: Source::Import, page_url: None, observed_at: at }
}

/// One account alone in a fresh engine: its verdict.
fn judge_alone(account: Account, posts: &[TimedPost]) -> Option<Verdict> {
    let mut engine = Engine::default();
    let last = posts.last().map_or(0, |p| p.at);
    let mut batch = vec![Observation::account(Site::X, seen(last), account)];
    for (i, p) in posts.iter().enumerate() {
        let created = if p.precision_minute {
            PostTime { earliest: p.at, latest: p.at + 59, precision: Precision::Minute }
        } else {
            PostTime::exact(p.at)
        };
        batch.push(Observation::post(
            Site::X,
            seen(last),
            Post {
                id: i.to_string(),
                account_id: "1".into(),
                text: p.text.clone(),
                lang: p.lang.clone(),
                created: Some(created),
                client: p.client.clone(),
                ..Post::default()
            },
        ));
    }
    engine.ingest(&batch);
    engine.verdict("x:1")
}

/// Posts after the change in the spliced timelines of the main tables.
pub const SPLICE_AFTER: usize = 20;
const BEFORE_MAX: usize = 100;
const BEFORE_MIN: usize = 20;

/// Stolen-account drift on spliced real timelines, made as `bench/examples/drift_eval.rs` makes them: a real
/// account's last ≤ 100 posts, a 200–600 day silence, then `after` consecutive real posts of
/// another account (one donor in another language, one in the same), moved by whole days so their hours stay
/// real (positives); up to three unspliced windows of the same length from each real account (negatives).
pub fn drift_splices(data: &Path, after: usize) -> Result<Vec<Scored>, String> {
    let mut timelines = ira_timelines(data)?;
    timelines.extend(weibo_timelines(data)?.into_iter().filter(|t| t.posts.len() >= 30));
    let mut out = Vec::new();
    for (h, host) in timelines.iter().enumerate() {
        let len = host.posts.len();
        if len < BEFORE_MIN + after {
            continue;
        }
        let total = BEFORE_MAX.min(len - after) + after;
        let mut starts = vec![len - total, (len - total) / 2, 0];
        starts.dedup();
        for s in starts {
            let v = judge_alone(Account { id: "1".into(), ..Account::default() }, &host.posts[s..s + total]);
            out.extend(v.map(|v| Scored::of(false, &v)));
        }
        let base = &host.posts[len - total..len - after];
        let Some(last) = base.last().map(|p| p.at) else { continue };
        let mut rng = SplitMix64(h as u64 * 7_919 + after as u64);
        for same_language in [false, true] {
            let donors: Vec<&Timeline> = timelines
                .iter()
                .enumerate()
                .filter(|(d, t)| *d != h && t.posts.len() >= after && (t.lang == host.lang) == same_language)
                .map(|(_, t)| t)
                .collect();
            if donors.is_empty() {
                continue;
            }
            let donor = donors[rng.below(donors.len() as u64) as usize];
            let gap_days = 200 + rng.below(400) as i64;
            let start = rng.below((donor.posts.len() - after + 1) as u64) as usize;
            let slice = &donor.posts[start..start + after];
            let target = last + gap_days * 86_400;
            let shift = (target - slice[0].at).div_euclid(86_400) * 86_400 + 86_400;
            let mut posts = base.to_vec();
            posts.extend(slice.iter().map(|p| TimedPost { at: p.at + shift, ..p.clone() }));
            let v = judge_alone(Account { id: "1".into(), ..Account::default() }, &posts);
            out.extend(v.map(|v| Scored::of(true, &v)));
        }
    }
    Ok(out)
}

/// Posts of each simulated operator and of each real person in the shift-schedule set of the main tables.
pub const SCHEDULE_POSTS: usize = 50;
/// Simulated operators.
pub const OPERATORS: usize = 200;
/// The US locations the simulated operators (and the real people set against them) claim, in turn.
pub const US_PERSONAS: [&str; 5] = ["Houston, TX", "New York", "California", "Columbus, Ohio", "Florida"];

/// An operator on a Beijing office schedule as the public reports describe it: weekdays (and make-up
/// working days), a morning block from about 09:00 to 12:00, lunch, an afternoon block from about 13:30 to
/// 17:30–18:30, sometimes a short evening session after supper, silence on public holidays and almost always
/// at weekends. Each operator has its own start, end and habits; posts fall on random working minutes. The
/// times are Unix seconds, oldest first.
pub fn office_operator(rng: &mut SplitMix64, posts: usize) -> Vec<i64> {
    let start_min = 8 * 60 + 30 + rng.below(60) as i64;
    let lunch = 12 * 60 + rng.below(20) as i64;
    let back = 13 * 60 + 20 + rng.below(30) as i64;
    let end = 17 * 60 + 30 + rng.below(60) as i64;
    let evening = rng.chance(0.3);
    let first_day = days_from_civil(2019, 1, 1) + rng.below(5 * 365) as i64;
    // Posts per working day: a few, so that n posts cover n/3 working days or so.
    let span = (posts as i64 / 3).max(7) * 7 / 5 + 2;
    let mut out = Vec::with_capacity(posts);
    let mut guard = 0;
    while out.len() < posts && guard < 100_000 {
        guard += 1;
        let day = first_day + rng.below(span as u64) as i64;
        let kind = day_kind(day);
        let working = matches!(kind, DayKind::Workday | DayKind::MakeupWorkday)
            || (kind == DayKind::Weekend && rng.chance(0.03));
        if !working {
            continue;
        }
        let minute = match rng.below(10) {
            0..=3 => start_min + rng.below((lunch - start_min) as u64) as i64,
            4..=8 => back + rng.below((end - back) as u64) as i64,
            _ if evening => 19 * 60 + rng.below(120) as i64,
            _ => back + rng.below((end - back) as u64) as i64,
        };
        out.push(day * 86_400 + minute * 60 + rng.below(60) as i64 - 8 * 3600);
    }
    out.sort_unstable();
    out
}

/// Shift schedules: simulated Beijing office operators claiming a US location, `n` posts each (positives) against the real
/// Weibo users with at least 20 posts, each cut to its latest `n` and given the same US
/// locations: real people in UTC+8 with a US persona, the worst case for the timing signal (negatives).
pub fn shift_schedules(data: &Path, n: usize) -> Result<Vec<Scored>, String> {
    let mut out = Vec::new();
    let mut rng = SplitMix64(2024);
    for i in 0..OPERATORS {
        let posts: Vec<TimedPost> = office_operator(&mut rng, n)
            .into_iter()
            .map(|at| TimedPost {
                at,
                text: String::new(),
                lang: Some("en".into()),
                client: None,
                precision_minute: false,
            })
            .collect();
        let account = Account {
            id: "1".into(),
            location: Some(US_PERSONAS[i % US_PERSONAS.len()].into()),
            ..Account::default()
        };
        out.extend(judge_alone(account, &posts).map(|v| Scored::of(true, &v)));
    }
    let people: Vec<Timeline> = weibo_timelines(data)?.into_iter().filter(|t| t.posts.len() >= 20).collect();
    for (i, t) in people.iter().enumerate() {
        let latest = &t.posts[t.posts.len().saturating_sub(n)..];
        let posts: Vec<TimedPost> = latest.iter().map(|p| TimedPost { lang: None, ..p.clone() }).collect();
        let account = Account {
            id: "1".into(),
            location: Some(US_PERSONAS[i % US_PERSONAS.len()].into()),
            ..Account::default()
        };
        out.extend(judge_alone(account, &posts).map(|v| Scored::of(false, &v)));
    }
    Ok(out)
}

/// One profile of RTbust 2019 (Cresci et al.): the account as X's v1.1 user object gives it, its label, and the
/// user object itself for the fields an account does not hold.
pub struct CresciProfile {
    /// The account, as the extension would read it.
    pub account: Account,
    /// When the profile was captured (the tweet's `created_at`), Unix seconds; 0 when unknown.
    pub seen_at: i64,
    /// Labelled a bot (positive) rather than a human.
    pub bot: bool,
    /// The v1.1 user object.
    pub user: serde_json::Value,
}

/// The labelled profiles of RTbust 2019 (`profiles/cresci-rtbust-2019`), in the file's order.
pub fn cresci_profiles(data: &Path) -> Result<Vec<CresciProfile>, String> {
    let base = data.join("profiles/cresci-rtbust-2019");
    let labels_text =
        std::fs::read_to_string(base.join("labels.tsv")).map_err(|e| format!("labels.tsv: {e}"))?;
    let labels: HashMap<&str, bool> = labels_text
        .lines()
        .filter_map(|l| {
            let (id, label) = l.split_once('\t')?;
            Some((id.trim(), label.trim() == "bot"))
        })
        .collect();
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(base.join("profiles.json")).map_err(|e| format!("profiles.json: {e}"))?,
    )
    .map_err(|e| format!("profiles.json: {e}"))?;
    let mut out = Vec::new();
    for item in json.as_array().into_iter().flatten() {
        let u = &item["user"];
        let Some(id) = u["id_str"].as_str() else { continue };
        let Some(&bot) = labels.get(id) else { continue };
        let seen_at = item["created_at"].as_str().and_then(time::parse_x_created_at).unwrap_or(0);
        let account = Account {
            id: id.to_string(),
            handle: u["screen_name"].as_str().map(str::to_string),
            name: u["name"].as_str().map(str::to_string),
            created_at: u["created_at"].as_str().and_then(time::parse_x_created_at),
            bio: u["description"].as_str().map(str::to_string),
            default_avatar: u["default_profile_image"].as_bool(),
            followers: u["followers_count"].as_u64(),
            following: u["friends_count"].as_u64(),
            posts_count: u["statuses_count"].as_u64(),
            verified: u["verified"].as_bool(),
            ..Account::default()
        };
        out.push(CresciProfile { account, seen_at, bot, user: u.clone() });
    }
    Ok(out)
}

/// RTbust 2019 (Cresci et al.): profile-only accounts labelled bot (positive) or human, as user objects of
/// X's v1.1 API, read into account observations and judged together in one engine.
pub fn cresci(data: &Path) -> Result<Vec<Scored>, String> {
    let profiles = cresci_profiles(data)?;
    let batch: Vec<Observation> =
        profiles.iter().map(|p| Observation::account(Site::X, seen(p.seen_at), p.account.clone())).collect();
    let mut engine = Engine::default();
    engine.ingest(&batch);
    Ok(profiles
        .iter()
        .filter_map(|p| engine.verdict(&format!("x:{}", p.account.id)).map(|v| Scored::of(p.bot, &v)))
        .collect())
}
