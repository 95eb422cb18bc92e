//! Archive mode: scoring a whole takedown archive on one machine, every post of every account, with every
//! core at work and memory bounded. Native only (threads, files); the command line's default for datasets.
//!
//! [`Archive`] takes the observations the importer reads ([`ObservationSink`]) and spreads them by account over
//! `jobs` worker threads. Each worker spills every post's fingerprint and band keys for the copy search
//! ([`copies::CopyWriter`]), writes the observations themselves to one of [`ACCOUNT_BUCKETS`] bucket files by
//! account, and keeps only each account's post times (8 bytes a post, for synchronised bursts) and its
//! profile. When reading is done, [`Archive::finish`] finds the synchronised bursts over every account (first:
//! the pairs of accounts that met are the most it ever holds, so the copy clusters must not be held beside
//! them), runs the whole-archive copy search ([`copies`]: identical sketches, band keys grouped, candidates
//! confirmed, connected components, clusters built by the core's index), finds the creation batches, and
//! then scores the buckets one
//! per thread: each bucket's accounts go into a fresh [`Engine`] (the per-account signals: timing, drift,
//! identity, on each account's newest `max_posts_per_account` posts) whose verdicts are given against the
//! joint findings. So memory holds a bucket's accounts per thread, not the archive. The extension keeps its
//! browser limits; nothing here is in the wasm module.
//!
//! **Architecture Invariant:** the verdicts do not depend on `jobs`: an account's observations all go to one
//! worker in input order, posts are numbered in input order before they are spread, and every step of the copy
//! search sorts what it reads.
//!
//! ```no_run
//! use trichome::archive::{Archive, ArchiveOptions};
//! use trichome::import::pipeline::{self, Input, PipelineOptions};
//!
//! let mut archive = Archive::start(ArchiveOptions::default()).unwrap();
//! let inputs = [Input::File("tweets.csv.gz".into())];
//! pipeline::read_into(&mut archive, &inputs, &PipelineOptions::default(), &mut |_| {}).unwrap();
//! let scored = archive.finish(&mut |_| {}).unwrap();
//! println!("{} accounts, {} copy clusters", scored.verdicts.len(), scored.copy_clusters);
//! ```
// Archive mode is the command-line tool's: it builds with the `cli` feature, which brings its thread pool.
#![cfg(feature = "cli")]

pub mod copies;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

use crate::engine::{Engine, IngestStats, Limits};
use crate::history::{account_key, AccountHistory};
use crate::import::pipeline::{add_stats, ObservationSink};
use crate::observation::{Observation, Record};
use std::io::Write;

use crate::signals;
use crate::verdict::Verdict;
use copies::{CopyPost, CopyWriter, RecordFiles, SpillPlan, NOWHERE};

/// Batches a worker may have waiting.
const BATCHES_AHEAD: usize = 4;
/// Bucket files of observations per worker: an archive of n posts holds about n / (jobs × this) posts per
/// engine while scoring.
pub const ACCOUNT_BUCKETS: usize = 32;

/// How an archive is scored.
#[derive(Debug, Clone)]
pub struct ArchiveOptions {
    /// Worker threads (each with an engine for its share of the accounts); also the threads of each step of
    /// the copy search.
    pub jobs: usize,
    /// Each bucket engine's bounds. `max_accounts` is per bucket; `max_posts_per_account` bounds what the
    /// per-account signals read of each account (the newest), never the copy search, which reads every post.
    pub limits: Limits,
    /// Where to spill (a directory of this run's own is made inside, and removed at the end); default the
    /// system's temporary directory.
    pub spill_dir: Option<PathBuf>,
    /// Partitions of the spilled keys: each step holds one partition per thread in memory.
    pub partitions: usize,
    /// Whether the verdicts keep their signals' evidence. An operation's account lists every copy cluster it
    /// is in, with its posts: on a large archive the evidence is most of the memory, and a table, a CSV or an
    /// evaluation reads none of it. Without it, [`Scored::text_clusters`] keeps no post texts or post ids.
    pub evidence: bool,
}

impl Default for ArchiveOptions {
    fn default() -> Self {
        ArchiveOptions {
            jobs: 1,
            limits: ArchiveOptions::limits(),
            spill_dir: None,
            partitions: 64,
            evidence: true,
        }
    }
}

impl ArchiveOptions {
    /// The engine bounds of archive mode: as many accounts as the archive has (10 million per worker), the
    /// default 400 posts per account for the per-account signals, and the engine's own copy index kept small,
    /// since the whole-archive search replaces it.
    pub fn limits() -> Limits {
        Limits { max_accounts: 10_000_000, max_indexed_posts: 1_000, ..Limits::default() }
    }
}

/// Where the run has got to after reading, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage {
    /// What is being done.
    pub name: &'static str,
    /// Steps done and in all.
    pub done: usize,
    /// Steps in all.
    pub total: usize,
}

/// What an archive run found.
#[derive(Debug, Default)]
pub struct Scored {
    /// One verdict per account, in key order.
    pub verdicts: Vec<Verdict>,
    /// What the workers' engines took in.
    pub ingest: IngestStats,
    /// Posts fingerprinted for the copy search.
    pub posts_searched: u64,
    /// Cross-account copy clusters found.
    pub copy_clusters: usize,
    /// Candidate pairs compared, and links confirmed.
    pub links: copies::LinkStats,
    /// The text clusters (copies and self-repeats) found over the whole archive; their posts' texts and ids
    /// only with [`ArchiveOptions::evidence`].
    pub text_clusters: Vec<signals::duplicate::TextCluster>,
}

enum Work {
    /// Observations for this worker, each post numbered for the copy search (`None`: not searched).
    Batch(Vec<(Observation, Option<u32>)>),
    /// Reading is done: flush, and send back what the joint steps need.
    Finish(SyncSender<std::io::Result<Finished>>),
}

struct Finished {
    located: Vec<(u32, u64)>,
    /// Each account's post times known to the minute.
    times: HashMap<String, Vec<i64>>,
    /// The profiles of the accounts (histories without posts), for creation batches and handles.
    profiles: Vec<AccountHistory>,
    /// Handles of the accounts known by handle only (`@name` as the account id), as the engine takes them.
    handles: HashMap<String, String>,
}

/// An archive being read: the worker threads and the posts numbered so far.
pub struct Archive {
    options: ArchiveOptions,
    plan: SpillPlan,
    workers: Vec<SyncSender<Work>>,
    threads: Vec<JoinHandle<()>>,
    next_post: u32,
    failed: Option<std::io::Error>,
}

impl Archive {
    /// Starts the workers and makes the spill directory.
    pub fn start(options: ArchiveOptions) -> std::io::Result<Archive> {
        let base = options.spill_dir.clone().unwrap_or_else(std::env::temp_dir);
        let dir = base.join(format!(
            "trichome-archive-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        std::fs::create_dir_all(&dir)?;
        let plan = SpillPlan { dir, partitions: options.partitions.max(1) };
        let jobs = options.jobs.max(1);
        let mut workers = Vec::with_capacity(jobs);
        let mut threads = Vec::with_capacity(jobs);
        for shard in 0..jobs {
            let (send, receive) = sync_channel::<Work>(BATCHES_AHEAD);
            let writer = CopyWriter::new(&plan, shard)?;
            let worker_plan = plan.clone();
            threads.push(
                std::thread::Builder::new()
                    .name(format!("archive worker {shard}"))
                    .spawn(move || worker(worker_plan, shard, jobs, writer, receive))?,
            );
            workers.push(send);
        }
        Ok(Archive { options, plan, workers, threads, next_post: 0, failed: None })
    }

    /// Runs the copy search and the joint steps, and gives every account's verdict. `stage` is told each
    /// step's progress.
    pub fn finish(mut self, stage: &mut dyn FnMut(Stage)) -> std::io::Result<Scored> {
        let result = self.finish_inner(stage);
        copies::clean_up(&self.plan.dir);
        result
    }

    fn finish_inner(&mut self, stage: &mut dyn FnMut(Stage)) -> std::io::Result<Scored> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let gone = || std::io::Error::other("an archive worker stopped");
        let mut replies = Vec::new();
        for w in &self.workers {
            let (send, receive) = sync_channel(1);
            w.send(Work::Finish(send)).map_err(|_| gone())?;
            replies.push(receive);
        }
        let mut place = vec![NOWHERE; self.next_post as usize];
        let mut times: Vec<(String, Vec<i64>)> = Vec::new();
        let mut profiles = Vec::new();
        let mut handles: HashMap<String, String> = HashMap::new();
        let mut scored = Scored::default();
        for r in replies {
            let finished = r.recv().map_err(|_| gone())??;
            for (n, p) in finished.located {
                place[n as usize] = p;
            }
            times.extend(finished.times);
            profiles.extend(finished.profiles);
            handles.extend(finished.handles);
        }
        self.workers.clear();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
        scored.posts_searched = place.iter().filter(|p| **p != NOWHERE).count() as u64;

        // Bursts first, while memory holds little else: finding them holds every pair of accounts that met,
        // which is most of the peak of a large archive.
        let name = "finding synchronised bursts";
        stage(Stage { name, done: 0, total: 1 });
        let (bursts, accounts_timed) = bursts_of(times, self.options.limits.max_posts_per_account);
        stage(Stage { name, done: 1, total: 1 });

        let jobs = self.options.jobs.max(1);
        let shards = self.options.jobs.max(1);
        let partitions = self.plan.partitions;
        let records = RecordFiles::open(&self.plan, shards)?;
        let name = "grouping identical texts";
        stage(Stage { name, done: 0, total: partitions });
        let on = &mut |done| stage(Stage { name, done, total: partitions });
        let group = copies::group_identical(&self.plan, shards, place.len(), jobs, on)?;
        let name = "confirming near-duplicates";
        stage(Stage { name, done: 0, total: partitions });
        let on = &mut |done| stage(Stage { name, done, total: partitions });
        let (links, stats) = copies::link_candidates(&self.plan, shards, &group, &place, &records, jobs, on)?;
        scored.links = stats;
        let components = copies::components(group, &links, &place);
        drop(links);
        let batches =
            components.iter().map(Vec::len).sum::<usize>().div_ceil(copies::CLUSTER_BATCH_POSTS).max(1);
        let name = "building copy clusters";
        stage(Stage { name, done: 0, total: batches });
        let on = &mut |done| stage(Stage { name, done, total: batches });
        let previews = self.options.evidence;
        let text_clusters = copies::build_clusters(&components, &place, &records, previews, jobs, on)?;
        drop(components);
        drop(place);
        drop(records);
        scored.copy_clusters = text_clusters.iter().filter(|c| c.is_cross_account()).count();

        // A profile's handle wins over the one a handle-only id gives.
        handles.extend(profiles.iter().filter_map(|h| Some((h.key(), h.account.handle.clone()?))));
        let held = accounts_timed.max(profiles.len());
        let mut cross = {
            let refs: Vec<&AccountHistory> = profiles.iter().collect();
            let handle_of = |k: &str| handles.get(k).cloned();
            signals::cross_account_with(text_clusters, &refs, bursts, held, &handle_of)
        };
        drop(profiles);

        let buckets = shards * ACCOUNT_BUCKETS;
        let name = "scoring accounts";
        stage(Stage { name, done: 0, total: buckets });
        let limits = self.options.limits;
        let plan = &self.plan;
        let cross_ref = &cross;
        let handles = &handles;
        let evidence = self.options.evidence;
        let work = |b: usize| -> std::io::Result<(Vec<Verdict>, IngestStats)> {
            let mut engine = Engine::with_limits(limits);
            let mut stats = IngestStats::default();
            let path = plan.dir.join(bucket_name(b / ACCOUNT_BUCKETS, b % ACCOUNT_BUCKETS));
            let reader = std::io::BufReader::with_capacity(256 << 10, std::fs::File::open(&path)?);
            let mut batch = Vec::with_capacity(1000);
            for line in std::io::BufRead::lines(reader) {
                let o = crate::observation::read::from_str(&line?).map_err(std::io::Error::other)?;
                batch.push(o);
                if batch.len() == 1000 {
                    add_stats(&mut stats, &engine.ingest(&batch));
                    batch.clear();
                }
            }
            add_stats(&mut stats, &engine.ingest(&batch));
            let _ = std::fs::remove_file(&path);
            let handle_of = |k: &str| handles.get(k).cloned();
            let mut verdicts = engine.verdicts_against(cross_ref, &handle_of);
            if !evidence {
                for s in verdicts.iter_mut().flat_map(|v| v.signals.iter_mut()) {
                    s.evidence = crate::verdict::evidence::Evidence::None;
                }
            }
            Ok((verdicts, stats))
        };
        let on = &mut |done| stage(Stage { name, done, total: buckets });
        for (verdicts, stats) in copies::per_partition(buckets, jobs, &work, on)? {
            scored.verdicts.extend(verdicts);
            add_stats(&mut scored.ingest, &stats);
        }
        scored.verdicts.sort_by_cached_key(|v| account_key(v.site, &v.account.id));
        scored.text_clusters = std::mem::take(&mut cross.text_clusters);
        Ok(scored)
    }
}

/// The synchronised bursts over every account's newest `keep` post times, as each engine would hold them, and
/// how many accounts had times.
fn bursts_of(times: Vec<(String, Vec<i64>)>, keep: usize) -> (Vec<crate::verdict::Cluster>, usize) {
    let mut times = times;
    times.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let (keys, times): (Vec<String>, Vec<Vec<i64>>) = times.into_iter().unzip();
    // Each account's times are read once and let go, so the events are the only copy.
    let events = times.into_iter().enumerate().flat_map(|(i, mut t)| {
        t.sort_unstable();
        let newest = t.len().saturating_sub(keep);
        t.into_iter().skip(newest).map(move |at| (i as u32, at))
    });
    (signals::timing::burst_clusters_of(&keys, events), keys.len())
}

fn bucket_name(shard: usize, bucket: usize) -> String {
    format!("accounts-{shard}-{bucket}.jsonl")
}

impl Drop for Archive {
    /// A run stopped early (an input that cannot be read, `--strict`) leaves no spill files behind.
    fn drop(&mut self) {
        self.workers.clear();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
        copies::clean_up(&self.plan.dir);
    }
}

impl ObservationSink for Archive {
    fn ingest(&mut self, batch: &[Observation]) -> IngestStats {
        let jobs = self.workers.len();
        let mut shares: Vec<Vec<(Observation, Option<u32>)>> = (0..jobs).map(|_| Vec::new()).collect();
        for o in batch {
            let (account, number) = match &o.record {
                Record::Account(a) => (a.id.as_str(), None),
                Record::Post(p) => {
                    let searched = CopyPost::searched(p);
                    let number = searched.then(|| {
                        self.next_post += 1;
                        self.next_post - 1
                    });
                    (p.account_id.as_str(), number)
                }
            };
            let shard = (crate::text::hash_str(&account_key(o.site, account), 3) % jobs as u64) as usize;
            shares[shard].push((o.clone(), number));
        }
        for (w, share) in self.workers.iter().zip(shares) {
            if !share.is_empty() && w.send(Work::Batch(share)).is_err() && self.failed.is_none() {
                self.failed = Some(std::io::Error::other("an archive worker stopped"));
            }
        }
        // The workers' engines count what they took in; the totals come with `finish`.
        IngestStats::default()
    }
}

fn worker(plan: SpillPlan, shard: usize, jobs: usize, writer: CopyWriter, work: Receiver<Work>) {
    let mut writer = Some(writer);
    let mut failed: Option<std::io::Error> = None;
    let mut buckets: Vec<std::io::BufWriter<std::fs::File>> = Vec::new();
    for b in 0..ACCOUNT_BUCKETS {
        match std::fs::File::create(plan.dir.join(bucket_name(shard, b))) {
            Ok(f) => buckets.push(std::io::BufWriter::with_capacity(64 << 10, f)),
            Err(e) => failed = failed.or(Some(e)),
        }
    }
    // Profiles only: posts go to the buckets, their times to `times`.
    let mut profiles = Engine::with_limits(Limits {
        max_posts_per_account: 1,
        max_indexed_posts: 1,
        ..limits_of_profiles()
    });
    let mut times: HashMap<String, Vec<i64>> = HashMap::new();
    let mut handles: HashMap<String, String> = HashMap::new();
    let mut accounts = Vec::new();
    while let Ok(w) = work.recv() {
        match w {
            Work::Batch(batch) => {
                accounts.clear();
                for (o, number) in batch {
                    let key = match &o.record {
                        Record::Account(a) => account_key(o.site, &a.id),
                        Record::Post(p) => account_key(o.site, &p.account_id),
                    };
                    let hash = crate::text::hash_str(&key, 3);
                    let bucket = ((hash / jobs as u64) % ACCOUNT_BUCKETS as u64) as usize;
                    if failed.is_none() {
                        if let Some(out) = buckets.get_mut(bucket) {
                            let written = serde_json::to_writer(&mut *out, &o)
                                .map_err(std::io::Error::other)
                                .and_then(|()| out.write_all(b"\n"));
                            if let Err(e) = written {
                                failed = Some(e);
                            }
                        }
                    }
                    match &o.record {
                        Record::Post(p) => {
                            if let Some(handle) = p.account_id.strip_prefix('@') {
                                if !handles.contains_key(&key) {
                                    handles.insert(key.clone(), handle.to_string());
                                }
                            }
                            let at = p.created.and_then(|t| t.to_the_minute());
                            let held = times.entry(key).or_default();
                            held.extend(at);
                            if let (Some(number), None, Some(w)) = (number, &failed, writer.as_mut()) {
                                let post = CopyPost::of(account_key(o.site, &p.account_id), p, number);
                                if let Err(e) = post.map_or(Ok(()), |post| w.add(&post)) {
                                    failed = Some(e);
                                }
                            }
                        }
                        Record::Account(_) => accounts.push(o),
                    }
                }
                if !accounts.is_empty() {
                    profiles.ingest(&accounts);
                }
            }
            Work::Finish(reply) => {
                let flushed = buckets.iter_mut().try_for_each(|b| b.flush());
                let located = match writer.take() {
                    Some(w) => w.finish(),
                    None => Err(std::io::Error::other("an archive worker was asked to finish twice")),
                };
                let result = match (failed.take(), flushed, located) {
                    (Some(e), _, _) | (None, Err(e), _) | (None, Ok(()), Err(e)) => Err(e),
                    (None, Ok(()), Ok(located)) => Ok(Finished {
                        located,
                        times: std::mem::take(&mut times),
                        handles: std::mem::take(&mut handles),
                        profiles: profiles.histories().into_iter().cloned().collect(),
                    }),
                };
                let _ = reply.send(result);
                return;
            }
        }
    }
}

/// The profile engine holds every account of its worker, with no posts.
fn limits_of_profiles() -> Limits {
    Limits { max_accounts: usize::MAX / 2, ..Limits::default() }
}
