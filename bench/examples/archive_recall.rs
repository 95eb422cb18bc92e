//! Recall of cross-account copies in archive mode on the IRA tweets (every post, not the newest 400), against
//! an exact-match ground truth computed independently of the core's normalisation, and whether the duplicate
//! sign reaches the accounts that share them; beside it, the same files through one engine with the
//! command line's browser-era limits and with the extension's own.
//!
//! `cargo run -p trichome-bench --profile cli --example archive_recall [-- DIR]` (default `../shared/data/campaigns/ira/authors`);
//! numbers recorded in docs/benchmarks.md.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::Instant;

use trichome::archive::{Archive, ArchiveOptions};
use trichome::engine::{Engine, Limits};
use trichome::history::account_key;
use trichome::import::pipeline::{self, Input, PipelineOptions};
use trichome::import::{self, ReadOptions};
use trichome::observation::Record;
use trichome::signals::duplicate::TextCluster;
use trichome::verdict::{SignalKind, Verdict, SIGN_WEIGHT};
use trichome_bench::datasets;

fn duplicate_weight(v: &Verdict) -> f64 {
    v.signals.iter().filter(|s| s.kind == SignalKind::Duplicate).map(|s| s.weight()).fold(0.0, f64::max)
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data/campaigns/ira/authors"));
    let Ok(listing) = std::fs::read_dir(&dir) else {
        println!("skipping: {} not found (the shared data is not on this machine)", dir.display());
        return;
    };
    let mut files: Vec<PathBuf> = listing
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    let inputs: Vec<Input> = files.iter().map(|f| Input::File(f.clone())).collect();

    // Ground truth: read with the importer (for the accounts and post ids), keyed without the core's text code.
    let mut by_text: HashMap<String, BTreeSet<(String, String)>> = HashMap::new();
    let mut posts = 0usize;
    for f in &files {
        let name = f.display().to_string();
        let file = std::io::BufReader::new(std::fs::File::open(f).expect("readable"));
        let mut source =
            import::open(&name, Box::new(file), None, &ReadOptions::default()).expect("a format");
        loop {
            let batch = import::read_batch(source.as_mut(), 10_000).expect("readable");
            for o in &batch.observations {
                if let Record::Post(p) = &o.record {
                    posts += 1;
                    if p.repost_of.is_some() {
                        continue;
                    }
                    let key = datasets::plain(&p.text);
                    if key.split(' ').count() >= 6 {
                        by_text
                            .entry(key)
                            .or_default()
                            .insert((account_key(o.site, &p.account_id), p.id.clone()));
                    }
                }
            }
            if batch.end {
                break;
            }
        }
    }
    let shared: Vec<(&String, &BTreeSet<(String, String)>)> = by_text
        .iter()
        .filter(|(_, ps)| ps.iter().map(|(a, _)| a).collect::<BTreeSet<_>>().len() >= 2)
        .collect();
    let mut texts_shared_by: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, ps) in &shared {
        for a in ps.iter().map(|(a, _)| a.as_str()).collect::<BTreeSet<_>>() {
            *texts_shared_by.entry(a).or_default() += 1;
        }
    }
    println!(
        "{} files, {posts} posts; ground truth: {} texts (6+ words, equal after lower-casing, dropping links and \
         keeping letters and digits) posted by 2+ accounts; {} accounts share 3 or more of them",
        files.len(),
        shared.len(),
        texts_shared_by.values().filter(|n| **n >= 3).count()
    );

    let started = Instant::now();
    let jobs = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mut archive = Archive::start(ArchiveOptions { jobs, ..Default::default() }).expect("spill directory");
    let options = PipelineOptions { jobs, ..Default::default() };
    pipeline::read_into(&mut archive, &inputs, &options, &mut |_| {}).expect("readable");
    let scored = archive.finish(&mut |_| {}).expect("archive mode");
    let archive_seconds = started.elapsed().as_secs_f64();

    let mut rows =
        vec![("archive mode (every post)", scored.verdicts, Some(scored.text_clusters), archive_seconds)];
    for (name, limits) in [
        ("one engine, command-line limits (400 posts/account, index of 50,000)", Limits::default()),
        ("one engine, the extension's limits (200 posts/account, index of 20,000)", Limits::browser()),
    ] {
        let started = Instant::now();
        let mut engine = Engine::with_limits(Limits { max_accounts: 1_000_000, ..limits });
        pipeline::read_into(&mut engine, &inputs, &PipelineOptions::default(), &mut |_| {})
            .expect("readable");
        let verdicts = engine.verdicts();
        let clusters = engine.cross_account().text_clusters.clone();
        rows.push((name, verdicts, Some(clusters), started.elapsed().as_secs_f64()));
    }

    println!();
    println!("| run | texts found (2+ of its accounts in one cluster) | recall | all its posts in one cluster | the same, texts other than manual retweets | recall | accounts sharing 3+ texts with a duplicate sign | accounts with any duplicate weight | seconds |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (name, verdicts, clusters, seconds) in &rows {
        let clusters: &[TextCluster] = clusters.as_deref().unwrap_or(&[]);
        let mut cluster_of: HashMap<(&str, &str), usize> = HashMap::new();
        for (i, c) in clusters.iter().enumerate() {
            for p in c.posts.iter().chain(c.quotes.iter()) {
                cluster_of.insert((p.account.as_str(), p.post_id.as_str()), i);
            }
        }
        let (mut loose, mut strict, mut own, mut own_found) = (0usize, 0usize, 0usize, 0usize);
        for (_t, ps) in &shared {
            // A manual retweet (`RT @a: …`) is another account's post passed on, which the core sets aside as a
            // repost on purpose (docs/duplicates.md): counted apart.
            let is_own = !_t.starts_with("rt ");
            own += usize::from(is_own);
            let mut accounts_by_cluster: HashMap<usize, BTreeSet<&str>> = HashMap::new();
            let mut in_one: BTreeSet<Option<usize>> = BTreeSet::new();
            for (a, id) in ps.iter() {
                let c = cluster_of.get(&(a.as_str(), id.as_str())).copied();
                in_one.insert(c);
                if let Some(c) = c {
                    accounts_by_cluster.entry(c).or_default().insert(a);
                }
            }
            if accounts_by_cluster.values().any(|s| s.len() >= 2) {
                loose += 1;
                own_found += usize::from(is_own);
            } else if name.starts_with("archive") && std::env::var_os("SHOW_MISSES").is_some() {
                eprintln!("missed: {:?} {:?}", _t, ps);
            }
            if in_one.len() == 1 && in_one.iter().next().is_some_and(Option::is_some) {
                strict += 1;
            }
        }
        let weights: HashMap<String, f64> =
            verdicts.iter().map(|v| (account_key(v.site, &v.account.id), duplicate_weight(v))).collect();
        let sharers: Vec<&str> = texts_shared_by.iter().filter(|(_, n)| **n >= 3).map(|(a, _)| *a).collect();
        let signed = sharers.iter().filter(|a| weights.get(**a).is_some_and(|w| *w >= SIGN_WEIGHT)).count();
        let any = sharers.iter().filter(|a| weights.get(**a).is_some_and(|w| *w > 0.0)).count();
        let total = shared.len().max(1);
        println!(
            "| {name} | {loose} of {} | {:.4} | {strict} ({:.4}) | {own_found} of {own} | **{:.4}** | {signed} of {} | {any} of {} | {seconds:.1} |",
            shared.len(),
            loose as f64 / total as f64,
            strict as f64 / total as f64,
            own_found as f64 / own.max(1) as f64,
            sharers.len(),
            sharers.len()
        );
        if name.starts_with("archive") {
            let missed: Vec<(&str, usize)> = texts_shared_by
                .iter()
                .filter(|(a, n)| **n >= 3 && weights.get(**a).is_none_or(|w| *w < SIGN_WEIGHT))
                .map(|(a, n)| (*a, *n))
                .collect();
            if !missed.is_empty() {
                eprintln!("archive mode: accounts sharing 3+ texts without a duplicate sign: {missed:?}");
            }
        }
    }
}
