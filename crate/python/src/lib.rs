//! Trichome's core as a Python module (`trichome._core`), for scoring archives too large for one machine
//! inside Apache Spark (`python/trichome/spark.py`). Each function is one step of archive mode
//! (`trichome::archive`), taking and giving plain values (strings, bytes, numbers) that Spark moves between
//! machines; Spark's own shuffles and joins do what archive mode does with spill files. Nothing here scores
//! differently from the command line: every rule is the core's, and `tests/spark.py` checks that the verdicts
//! are the same.

use std::collections::HashMap;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Mutex;

use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use trichome::archive::copies::{self, CopyPost};
use trichome::archive::ArchiveOptions;
use trichome::engine::{Engine, IngestStats, Limits};
use trichome::history::{account_key, AccountHistory};
use trichome::import::pipeline::{self, Input, ObservationSink, PipelineOptions};
use trichome::import::{InputFormat, ReadOptions};
use trichome::observation::{Observation, Record};
use trichome::signals::duplicate::{CopyChance, TextCluster};
use trichome::signals::{self, CrossAccount};
use trichome::verdict::Cluster;

fn bad(what: &str, e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("{what}: {e}"))
}

fn observation(json: &str) -> PyResult<Observation> {
    trichome::observation::read::from_str(json).map_err(|e| bad("not a Trichome observation", e))
}

/// The observations read from one input file (any format the command line reads, `.gz` and `.zip`
/// included), as JSON strings in input order. A thread reads while Python takes them, a few batches ahead.
#[pyclass]
struct Observations {
    batches: Mutex<Receiver<Result<Vec<String>, String>>>,
    current: std::vec::IntoIter<String>,
}

/// Sends each batch the reader gives to the Python side.
struct Sender(std::sync::mpsc::SyncSender<Result<Vec<String>, String>>);

impl ObservationSink for Sender {
    fn ingest(&mut self, batch: &[Observation]) -> IngestStats {
        let lines = batch.iter().filter_map(|o| serde_json::to_string(o).ok()).collect();
        // A closed channel means Python stopped reading: what is left is dropped.
        let _ = self.0.send(Ok(lines));
        IngestStats::default()
    }
}

#[pymethods]
impl Observations {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<String>> {
        loop {
            if let Some(line) = self.current.next() {
                return Ok(Some(line));
            }
            let batches = &self.batches;
            match py.detach(|| batches.lock().map_err(|_| ()).and_then(|b| b.recv().map_err(|_| ()))) {
                Ok(Ok(batch)) => self.current = batch.into_iter(),
                Ok(Err(e)) => return Err(PyOSError::new_err(e)),
                Err(()) => return Ok(None),
            }
        }
    }
}

/// Reads `path` (format detected unless `format` names one, as `--input-format` does; `observed_at`, Unix
/// seconds, as `--observed-at`).
#[pyfunction]
#[pyo3(signature = (path, format=None, observed_at=None))]
fn read_file(path: String, format: Option<String>, observed_at: Option<i64>) -> PyResult<Observations> {
    let format = match format.as_deref() {
        None | Some("auto") => None,
        Some(name) => Some(InputFormat::from_name(name).ok_or_else(|| bad("unknown input format", name))?),
    };
    let inputs =
        pipeline::expand_zip_archives(vec![Input::File(path.into())]).map_err(|e| bad("input", e))?;
    let options = PipelineOptions { format, read: ReadOptions { observed_at }, ..PipelineOptions::default() };
    let (send, batches) = sync_channel(4);
    std::thread::spawn(move || {
        let mut sink = Sender(send.clone());
        if let Err(e) = pipeline::read_into(&mut sink, &inputs, &options, &mut |_| {}) {
            let _ = send.send(Err(e.to_string()));
        }
    });
    Ok(Observations { batches: Mutex::new(batches), current: Vec::new().into_iter() })
}

/// What the joint steps need of one observation: `(account key, is a post, the handle when the account is
/// known by handle only, the post's time to the minute)`.
#[pyfunction]
fn facts(json: &str) -> PyResult<(String, bool, Option<String>, Option<i64>)> {
    let o = observation(json)?;
    Ok(match &o.record {
        Record::Account(a) => (account_key(o.site, &a.id), false, None, None),
        Record::Post(p) => (
            account_key(o.site, &p.account_id),
            true,
            p.account_id.strip_prefix('@').map(str::to_string),
            p.created.and_then(|t| t.to_the_minute()),
        ),
    })
}

/// A post as step 1 gives it: its record, its sketch key and its band keys.
type CopyRecord<'py> = (Bound<'py, PyBytes>, u64, Vec<u32>);

/// Step 1: post number `number` as the copy search reads it: `(record, sketch key, band keys)`, or `None`
/// when the observation is no post the search reads (an account, a repost, a text too short).
#[pyfunction]
fn copy_record<'py>(py: Python<'py>, json: &str, number: u32) -> PyResult<Option<CopyRecord<'py>>> {
    let o = observation(json)?;
    let Record::Post(p) = &o.record else { return Ok(None) };
    if !CopyPost::searched(p) {
        return Ok(None);
    }
    Ok(CopyPost::of(account_key(o.site, &p.account_id), p, number)
        .map(|post| (PyBytes::new(py, &post.to_bytes()), post.sketch_key(), post.band_keys().to_vec())))
}

fn record(bytes: &[u8]) -> PyResult<CopyPost> {
    CopyPost::from_bytes(bytes).ok_or_else(|| bad("copy record", "damaged"))
}

/// Step 3's confirmation: whether two records are near-duplicates.
#[pyfunction]
fn near(a: &[u8], b: &[u8]) -> PyResult<bool> {
    Ok(record(a)?.near(&record(b)?))
}

/// Step 3's candidate pairs of one band bucket, `(earlier, later)`: the post numbers in it (any order, repeats
/// allowed) as archive mode pairs them (`copies::bucket_pairs`).
#[pyfunction]
fn bucket_pairs(mut bucket: Vec<u32>) -> Vec<(u32, u32)> {
    bucket.sort_unstable();
    bucket.dedup();
    copies::bucket_pairs(&bucket).collect()
}

/// Step 5's batches: the batch of each component, from their sizes in the order of their first posts, as
/// archive mode cuts them (`copies::cluster_batches`).
#[pyfunction]
fn cluster_batches(sizes: Vec<usize>) -> Vec<usize> {
    copies::cluster_batches(sizes)
}

/// Posts per account the per-account signals read (the newest), and so the times bursts read.
#[pyfunction]
fn posts_per_account() -> usize {
    ArchiveOptions::limits().max_posts_per_account
}

/// Step 5: the text clusters of a batch of components' records, as JSON.
#[pyfunction]
fn clusters_of_batch(records: Vec<Vec<u8>>) -> PyResult<Vec<String>> {
    let mut posts = records.iter().map(|r| record(r)).collect::<PyResult<Vec<_>>>()?;
    posts.sort_by_key(|p| p.number);
    copies::clusters_of_batch(posts)
        .iter()
        .map(|c| serde_json::to_string(c).map_err(|e| bad("cluster", e)))
        .collect()
}

fn text_cluster(json: &str) -> PyResult<TextCluster> {
    serde_json::from_str(json).map_err(|e| bad("text cluster", e))
}

/// What the joint steps need of a text cluster: `(its accounts, whether chance counts it)`.
#[pyfunction]
fn cluster_accounts(json: &str) -> PyResult<(Vec<String>, bool)> {
    let c = text_cluster(json)?;
    let counts = CopyChance::counts(&c);
    Ok((c.accounts.into_iter().collect(), counts))
}

/// One account's profile from its account records, in input order: `(the stored history's JSON, without
/// posts; its handle)`, or `None` when they give none.
#[pyfunction]
fn profile(observations: Vec<String>) -> PyResult<Option<(String, Option<String>)>> {
    let batch = observations.iter().map(|o| observation(o)).collect::<PyResult<Vec<_>>>()?;
    let mut engine =
        Engine::with_limits(Limits { max_posts_per_account: 1, max_indexed_posts: 1, ..Limits::default() });
    engine.ingest(&batch);
    let Some(h) = engine.histories().into_iter().next() else { return Ok(None) };
    let json = serde_json::to_string(h).map_err(|e| bad("profile", e))?;
    Ok(Some((json, h.account.handle.clone())))
}

/// The joint findings over every account that are not copies: creation batches (from the profiles) and
/// synchronised bursts (from `events`, `(index into keys, Unix minute time)`, each account's newest), as the
/// verdict's cluster JSON. `handles`: the handles of accounts known by handle only.
#[pyfunction]
fn joint_clusters(
    profiles: Vec<String>,
    keys: Vec<String>,
    events: Vec<(u32, i64)>,
    handles: HashMap<String, String>,
) -> PyResult<Vec<String>> {
    let profiles = profiles
        .iter()
        .map(|p| trichome::history::read::history_from_str(p).map_err(|e| bad("profile", e)))
        .collect::<PyResult<Vec<_>>>()?;
    let mut handles = handles;
    handles.extend(profiles.iter().filter_map(|h| Some((h.key(), h.account.handle.clone()?))));
    let refs: Vec<&AccountHistory> = profiles.iter().collect();
    let handle_of = |k: &str| handles.get(k).cloned();
    let bursts = signals::timing::burst_clusters_of(&keys, events);
    let cross = signals::cross_account_with(Vec::new(), &refs, bursts, 0, &handle_of);
    cross.clusters.iter().map(|c| serde_json::to_string(c).map_err(|e| bad("cluster", e))).collect()
}

/// The verdicts of the accounts of `observations` (theirs, in input order), as the verdict JSON the command
/// line prints, against the clusters they are in: `text_clusters` (copies and self-repeats, JSON),
/// `clusters` (creation batches and bursts, JSON), and what chance predicts over the whole archive:
/// `memberships` of these accounts and their partners, `total` memberships, `accounts` held, `members` with a
/// membership. `handles`: these accounts' and their partners' handles.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn verdicts(
    observations: Vec<String>,
    text_clusters: Vec<String>,
    clusters: Vec<String>,
    memberships: HashMap<String, u32>,
    total: u64,
    accounts: usize,
    members: usize,
    handles: HashMap<String, String>,
) -> PyResult<Vec<String>> {
    let batch = observations.iter().map(|o| observation(o)).collect::<PyResult<Vec<_>>>()?;
    let mut engine = Engine::with_limits(ArchiveOptions::limits());
    engine.ingest(&batch);
    let text_clusters = text_clusters.iter().map(|c| text_cluster(c)).collect::<PyResult<Vec<_>>>()?;
    let handle_of = |k: &str| handles.get(k).cloned();
    let mut all: Vec<Cluster> = text_clusters
        .iter()
        .filter(|c| c.is_cross_account())
        .map(|c| signals::copies_cluster(c, &handle_of))
        .collect();
    for c in &clusters {
        let mut cluster: Cluster = serde_json::from_str(c).map_err(|e| bad("cluster", e))?;
        cluster.evidence = cluster.evidence.typed(cluster.kind);
        all.push(cluster);
    }
    // In whatever order Spark brought them: the core puts them in the order the command line reads them in.
    let chance = CopyChance::from_parts(memberships, total, accounts, members);
    let cross = CrossAccount::with_chance(text_clusters, all, chance);
    engine
        .verdicts_against(&cross, &handle_of)
        .iter()
        .map(|v| serde_json::to_string(v).map_err(|e| bad("verdict", e)))
        .collect()
}

/// The account key of a verdict (JSON), as archive mode orders its verdicts.
#[pyfunction]
fn verdict_key(json: &str) -> PyResult<String> {
    let v: trichome::verdict::Verdict = serde_json::from_str(json).map_err(|e| bad("verdict", e))?;
    Ok(account_key(v.site, &v.account.id))
}

/// Trichome's core, one function per step of archive mode.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Observations>()?;
    m.add_function(wrap_pyfunction!(read_file, m)?)?;
    m.add_function(wrap_pyfunction!(facts, m)?)?;
    m.add_function(wrap_pyfunction!(copy_record, m)?)?;
    m.add_function(wrap_pyfunction!(near, m)?)?;
    m.add_function(wrap_pyfunction!(bucket_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(cluster_batches, m)?)?;
    m.add_function(wrap_pyfunction!(posts_per_account, m)?)?;
    m.add_function(wrap_pyfunction!(clusters_of_batch, m)?)?;
    m.add_function(wrap_pyfunction!(cluster_accounts, m)?)?;
    m.add_function(wrap_pyfunction!(profile, m)?)?;
    m.add_function(wrap_pyfunction!(joint_clusters, m)?)?;
    m.add_function(wrap_pyfunction!(verdicts, m)?)?;
    m.add_function(wrap_pyfunction!(verdict_key, m)?)?;
    Ok(())
}
