//! Archive mode: scoring a whole takedown archive on one machine, every post of every account, with every
//! core at work and memory bounded. Native only (threads, files); the command line's default for datasets.
//!
//! [`Archive`] takes the observations the importer reads ([`ObservationSink`]) and spreads them by account over
//! `jobs` worker threads. Each worker holds an [`Engine`] for its share of the accounts (the per-account
//! signals: timing, drift, identity) and a [`copies::CopyWriter`] that spills every post's fingerprint and band
//! keys to disk. When reading is done, [`Archive::finish`] runs the whole-archive copy search
//! ([`copies`]: identical sketches, band keys grouped, candidates confirmed, connected components, clusters
//! built by the core's index), joins it with what the accounts share in time (bursts, creation batches, over
//! every account of every worker), and has each worker give its accounts' verdicts against that. The
//! extension keeps its browser limits; nothing here is in the wasm module.
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

pub mod copies;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::engine::{account_key, AccountHistory, Engine, IngestStats, Limits};
use crate::import::pipeline::{add_stats, ObservationSink};
use crate::observation::{Observation, Record};
use crate::signals::duplicate::TextFingerprint;
use crate::signals::features::PostFeatures;
use crate::signals::{self, CrossAccount};
use crate::verdict::Verdict;
use copies::{CopyPost, CopyWriter, RecordFiles, SpillPlan, NOWHERE};

/// Batches a worker may have waiting.
const BATCHES_AHEAD: usize = 4;

/// How an archive is scored.
#[derive(Debug, Clone)]
pub struct ArchiveOptions {
    /// Worker threads (each with an engine for its share of the accounts); also the threads of each step of
    /// the copy search.
    pub jobs: usize,
    /// Each worker engine's bounds. `max_accounts` is per worker; `max_posts_per_account` bounds what the
    /// per-account signals read of each account (the newest), never the copy search, which reads every post.
    pub limits: Limits,
    /// Where to spill (a directory of this run's own is made inside, and removed at the end); default the
    /// system's temporary directory.
    pub spill_dir: Option<PathBuf>,
    /// Partitions of the spilled keys: each step holds one partition per thread in memory.
    pub partitions: usize,
}

impl Default for ArchiveOptions {
    fn default() -> Self {
        ArchiveOptions { jobs: 1, limits: ArchiveOptions::limits(), spill_dir: None, partitions: 64 }
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
    /// The text clusters (copies and self-repeats) found over the whole archive.
    pub text_clusters: Vec<signals::duplicate::TextCluster>,
}

enum Work {
    /// Observations for this worker, each post numbered for the copy search (`None`: not searched).
    Batch(Vec<(Observation, Option<u32>)>),
    /// Reading is done: flush, and send back what the joint steps need.
    Finish(SyncSender<std::io::Result<Finished>>),
    /// Give the verdicts against the joint findings.
    Verdicts(Arc<CrossAccount>, Arc<HashMap<String, String>>, SyncSender<Vec<Verdict>>),
}

struct Finished {
    located: Vec<(u32, u64)>,
    /// Each account's history with only what the joint steps read (post times, account creation, handle).
    slim: Vec<AccountHistory>,
    stats: IngestStats,
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
            let limits = options.limits;
            threads.push(
                std::thread::Builder::new()
                    .name(format!("archive worker {shard}"))
                    .spawn(move || worker(limits, writer, receive))?,
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
        let mut slim = Vec::new();
        let mut scored = Scored::default();
        for r in replies {
            let finished = r.recv().map_err(|_| gone())??;
            for (n, p) in finished.located {
                place[n as usize] = p;
            }
            slim.extend(finished.slim);
            add_stats(&mut scored.ingest, &finished.stats);
        }
        scored.posts_searched = place.iter().filter(|p| **p != NOWHERE).count() as u64;
        let jobs = self.options.jobs.max(1);
        let shards = self.workers.len();
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
        let text_clusters = copies::build_clusters(&components, &place, &records, jobs, on)?;
        drop(components);
        drop(place);
        scored.copy_clusters = text_clusters.iter().filter(|c| c.is_cross_account()).count();

        stage(Stage { name: "scoring accounts", done: 0, total: shards });
        let handles: HashMap<String, String> =
            slim.iter().filter_map(|h| Some((h.key(), h.account.handle.clone()?))).collect();
        let handles = Arc::new(handles);
        let cross = {
            let refs: Vec<&AccountHistory> = slim.iter().collect();
            let handle_of = |k: &str| handles.get(k).cloned();
            signals::cross_account_with(text_clusters.clone(), &refs, &handle_of)
        };
        drop(slim);
        scored.text_clusters = text_clusters;
        let cross = Arc::new(cross);
        let mut replies = Vec::new();
        for w in &self.workers {
            let (send, receive) = sync_channel(1);
            w.send(Work::Verdicts(Arc::clone(&cross), Arc::clone(&handles), send)).map_err(|_| gone())?;
            replies.push(receive);
        }
        for (i, r) in replies.into_iter().enumerate() {
            scored.verdicts.extend(r.recv().map_err(|_| gone())?);
            stage(Stage { name: "scoring accounts", done: i + 1, total: shards });
        }
        scored.verdicts.sort_by_cached_key(|v| account_key(v.site, &v.account.id));
        self.workers.clear();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
        Ok(scored)
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
                    let searched = p.repost_of.is_none() && !p.text.is_empty();
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

fn worker(limits: Limits, writer: CopyWriter, work: Receiver<Work>) {
    let mut writer = Some(writer);
    let mut engine = Engine::with_limits(limits);
    let mut stats = IngestStats::default();
    let mut failed: Option<std::io::Error> = None;
    let mut observations = Vec::new();
    while let Ok(w) = work.recv() {
        match w {
            Work::Batch(batch) => {
                observations.clear();
                for (o, number) in batch {
                    if let (Some(number), Record::Post(p), None, Some(w)) =
                        (number, &o.record, &failed, writer.as_mut())
                    {
                        if let Err(e) = spill(w, &o, p, number, &limits) {
                            failed = Some(e);
                        }
                    }
                    observations.push(o);
                }
                add_stats(&mut stats, &engine.ingest(&observations));
            }
            Work::Finish(reply) => {
                let located = match writer.take() {
                    Some(w) => w.finish(),
                    None => Err(std::io::Error::other("an archive worker was asked to finish twice")),
                };
                let result = match (failed.take(), located) {
                    (Some(e), _) | (None, Err(e)) => Err(e),
                    (None, Ok(located)) => Ok(Finished {
                        located,
                        slim: engine.histories().into_iter().map(slim).collect(),
                        stats: std::mem::take(&mut stats),
                    }),
                };
                let _ = reply.send(result);
            }
            Work::Verdicts(cross, handles, reply) => {
                let handle_of = |k: &str| handles.get(k).cloned();
                let _ = reply.send(engine.verdicts_against(&cross, &handle_of));
                return;
            }
        }
    }
}

/// Fingerprints one post as the engine would index it (its text cut to the engine's bound, its time when
/// known to the hour) and spills it.
fn spill(
    writer: &mut CopyWriter,
    o: &Observation,
    p: &crate::observation::Post,
    number: u32,
    limits: &Limits,
) -> std::io::Result<()> {
    let cut;
    let text = match p.text.char_indices().nth(limits.max_text_chars) {
        Some((end, _)) => {
            cut = &p.text[..end];
            cut
        }
        None => p.text.as_str(),
    };
    let Some(fingerprint) = TextFingerprint::of(text) else { return Ok(()) };
    let at = p.created.filter(|t| t.latest - t.earliest <= 3600).map(|t| t.midpoint());
    writer.add(&CopyPost {
        number,
        account: account_key(o.site, &p.account_id),
        post_id: p.id.clone(),
        at,
        reply_to: p.reply_to.clone(),
        preview: text.chars().take(signals::duplicate::PREVIEW_CHARS).collect(),
        fingerprint,
    })
}

/// What the joint steps read of a history: post times, account creation, handle; no texts, no features.
fn slim(h: &AccountHistory) -> AccountHistory {
    let mut s = h.clone();
    for p in &mut s.posts {
        p.id = String::new();
        p.text = String::new();
        p.lang = None;
        p.client = None;
        p.reply_to = None;
        p.features = PostFeatures::default();
    }
    s
}
