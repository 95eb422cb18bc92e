//! Reading many inputs into an engine: inputs parsed in parallel threads and fed to the engine in input order
//! through bounded channels, with progress reported as batches go in. Native only (threads, files).
//!
//! **Architecture Invariant:** the engine receives the same observations in the same order whatever `jobs`
//! is, so `--jobs` changes speed, never verdicts. Memory stays bounded: each input has a channel of at most
//! [`BATCHES_AHEAD`] batches, and the engine is bounded by its own limits.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use super::{open, read_batch, Batch, ImportError, ImportErrorKind, InputFormat, ReadOptions};
use crate::engine::{Engine, IngestStats};
use crate::observation::{Observation, ReadWarning};

/// Batches one input may have parsed ahead of the engine.
pub const BATCHES_AHEAD: usize = 4;
/// Skipped records and notes kept as examples (all are counted).
pub const EXAMPLES_KEPT: usize = 20;

/// One input: a file, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-` on the command line).
    Stdin,
    /// A file (plain, or gzip when its name ends in `.gz`).
    File(PathBuf),
    /// One file inside a zip archive ([`expand_zip_archives`]).
    ZipEntry {
        /// The archive.
        archive: PathBuf,
        /// The entry's index in the archive.
        index: usize,
        /// The entry's name in the archive.
        name: String,
        /// Its uncompressed size.
        size: u64,
    },
}

impl Input {
    /// `-` is standard input; anything else a file.
    pub fn from_arg(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::File(PathBuf::from(arg))
        }
    }

    /// The name used in messages.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.display().to_string(),
            Input::ZipEntry { archive, name, .. } => format!("{}:{name}", archive.display()),
        }
    }

    /// When the input was received, Unix seconds: a file's modification time, or now for standard input.
    fn received_at(&self) -> Option<i64> {
        let at = match self {
            Input::Stdin => SystemTime::now(),
            Input::File(p) | Input::ZipEntry { archive: p, .. } => {
                std::fs::metadata(p).and_then(|m| m.modified()).ok()?
            }
        };
        at.duration_since(UNIX_EPOCH).ok().and_then(|d| i64::try_from(d.as_secs()).ok())
    }

    fn size(&self) -> Option<u64> {
        match self {
            Input::Stdin => None,
            Input::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            Input::ZipEntry { size, .. } => Some(*size),
        }
    }
}

/// Replaces each zip archive among `inputs` by the files inside it, in archive order (a release's zip holds
/// one or several CSV files, each with its own header).
pub fn expand_zip_archives(inputs: Vec<Input>) -> Result<Vec<Input>, ImportError> {
    let mut out = Vec::with_capacity(inputs.len());
    for input in inputs {
        match &input {
            Input::File(path) if super::compressed::Packing::of(path) == super::compressed::Packing::Zip => {
                let entries = super::compressed::zip_entries(path)
                    .map_err(|e| ImportError::new(input.name(), ImportErrorKind::Io(e)))?;
                for (index, name, size) in entries {
                    out.push(Input::ZipEntry { archive: path.clone(), index, name, size });
                }
            }
            _ => out.push(input),
        }
    }
    Ok(out)
}

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct PipelineOptions {
    /// The format of every input, or `None` to detect each one's.
    pub format: Option<InputFormat>,
    /// Choices passed to every reader.
    pub read: ReadOptions,
    /// Threads parsing inputs (1: no threads).
    pub jobs: usize,
    /// Observations per engine ingest.
    pub batch_size: usize,
    /// Whether the first malformed record stops the run.
    pub strict: bool,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            format: None,
            read: ReadOptions::default(),
            jobs: 1,
            batch_size: 1000,
            strict: false,
        }
    }
}

/// Where reading has got to.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// Inputs finished.
    pub inputs_done: usize,
    /// Inputs in all.
    pub inputs_total: usize,
    /// Bytes read so far (by the parsing threads, which run ahead of the engine).
    pub bytes_read: u64,
    /// Bytes of all inputs, when every input's size is known.
    pub bytes_total: Option<u64>,
    /// Records read.
    pub records: u64,
    /// Observations ingested.
    pub observations: u64,
}

/// What was read from one input.
#[derive(Debug, Clone, Default)]
pub struct InputSummary {
    /// Its name.
    pub name: String,
    /// The format it was read as.
    pub format: Option<InputFormat>,
    /// Records read (including skipped).
    pub records: u64,
    /// Observations given.
    pub observations: u64,
    /// Records skipped as malformed.
    pub skipped: u64,
}

/// What was read from all inputs.
#[derive(Debug, Clone, Default)]
pub struct ReadSummary {
    /// Per input, in input order.
    pub inputs: Vec<InputSummary>,
    /// Records skipped, in all.
    pub skipped: u64,
    /// The first [`EXAMPLES_KEPT`] skipped records.
    pub skipped_examples: Vec<ReadWarning>,
    /// Reader warnings that cost no record, in all.
    pub notes: u64,
    /// The first [`EXAMPLES_KEPT`] of them.
    pub note_examples: Vec<ReadWarning>,
    /// What the engine took in.
    pub ingest: IngestStats,
}

impl ReadSummary {
    /// Records read from all inputs.
    pub fn records(&self) -> u64 {
        self.inputs.iter().map(|i| i.records).sum()
    }

    /// Observations read from all inputs.
    pub fn observations(&self) -> u64 {
        self.inputs.iter().map(|i| i.observations).sum()
    }
}

/// What a parsing thread hands the engine.
enum Piece {
    Opened(InputFormat),
    Batch(Batch),
    Failed(ImportError),
    End,
}

struct CountingReader<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Parses one input, handing each piece to `sink` until it says stop (returns false).
fn produce(
    input: &Input,
    options: &PipelineOptions,
    bytes: &Arc<AtomicU64>,
    sink: &mut dyn FnMut(Piece) -> bool,
) {
    let name = input.name();
    // Bytes are counted as the file holds them (compressed for gzip) and, for a zip entry, as unpacked: the
    // sizes the progress bar measures against.
    let count = Arc::clone(bytes);
    let reader: std::io::Result<Box<dyn Read + Send>> = match input {
        Input::Stdin => Ok(Box::new(CountingReader { inner: std::io::stdin(), count })),
        Input::File(path) => {
            File::open(path).map(|f| super::compressed::decode(path, CountingReader { inner: f, count }))
        }
        Input::ZipEntry { archive, index, .. } => super::compressed::open_zip_entry(archive, *index)
            .map(|r| Box::new(CountingReader { inner: r, count }) as Box<dyn Read + Send>),
    };
    let reader = match reader {
        Ok(r) => r,
        Err(e) => {
            sink(Piece::Failed(ImportError::new(name, ImportErrorKind::Io(e))));
            return;
        }
    };
    let buffered = Box::new(BufReader::with_capacity(256 << 10, reader));
    // A capture's relative times ("3 years ago") need to know when it was received: unless told, the file's
    // modification time is the best witness, and for standard input it is now.
    let read = ReadOptions { observed_at: options.read.observed_at.or_else(|| input.received_at()) };
    let mut source = match open(&name, buffered, options.format, &read) {
        Ok(s) => s,
        Err(e) => {
            sink(Piece::Failed(e));
            return;
        }
    };
    if !sink(Piece::Opened(source.format())) {
        return;
    }
    let mut precision = super::precision::PrecisionWatch::default();
    loop {
        match read_batch(source.as_mut(), options.batch_size) {
            Ok(mut batch) => {
                if let Some(note) = precision.settle(&name, &mut batch.observations) {
                    batch.notes.push(note);
                }
                let end = batch.end;
                if !sink(Piece::Batch(batch)) {
                    return;
                }
                if end {
                    sink(Piece::End);
                    return;
                }
            }
            Err(e) => {
                sink(Piece::Failed(e));
                return;
            }
        }
    }
}

/// What takes the observations read, in input order: the [`Engine`], or the command line's archive mode
/// (`crate::archive`), which spreads them over several engines and a whole-archive copy search.
pub trait ObservationSink {
    /// Takes one batch.
    fn ingest(&mut self, batch: &[Observation]) -> IngestStats;
}

impl ObservationSink for Engine {
    fn ingest(&mut self, batch: &[Observation]) -> IngestStats {
        Engine::ingest(self, batch)
    }
}

/// The engine's side: takes pieces in input order.
struct Consumer<'a> {
    engine: &'a mut dyn ObservationSink,
    strict: bool,
    summary: ReadSummary,
    progress: Progress,
    bytes: Arc<AtomicU64>,
    report: &'a mut dyn FnMut(&Progress),
}

impl Consumer<'_> {
    /// Takes one piece of input `index`; `Ok(false)` when the input is finished.
    fn take(&mut self, index: usize, piece: Piece) -> Result<bool, ImportError> {
        let summary = &mut self.summary.inputs[index];
        match piece {
            Piece::Opened(format) => summary.format = Some(format),
            Piece::Failed(e) => return Err(e),
            Piece::End => {
                self.progress.inputs_done += 1;
                (self.report)(&self.progress);
                return Ok(false);
            }
            Piece::Batch(batch) => {
                if self.strict {
                    if let Some(first) = batch.skipped.first() {
                        let kind = ImportErrorKind::Malformed(first.message.clone());
                        return Err(ImportError::new(first.at.clone(), kind));
                    }
                }
                summary.records += batch.records as u64;
                summary.observations += batch.observations.len() as u64;
                summary.skipped += batch.skipped.len() as u64;
                let s = &mut self.summary;
                s.skipped += batch.skipped.len() as u64;
                s.notes += batch.notes.len() as u64;
                let room = EXAMPLES_KEPT.saturating_sub(s.skipped_examples.len());
                s.skipped_examples.extend(batch.skipped.into_iter().take(room));
                let room = EXAMPLES_KEPT.saturating_sub(s.note_examples.len());
                s.note_examples.extend(batch.notes.into_iter().take(room));
                if !batch.observations.is_empty() {
                    let stats = self.engine.ingest(&batch.observations);
                    add_stats(&mut s.ingest, &stats);
                }
                self.progress.records += batch.records as u64;
                self.progress.observations += batch.observations.len() as u64;
                self.progress.bytes_read = self.bytes.load(Ordering::Relaxed);
                (self.report)(&self.progress);
            }
        }
        Ok(true)
    }
}

/// Adds `s` to `total`.
pub fn add_stats(total: &mut IngestStats, s: &IngestStats) {
    total.accounts += s.accounts;
    total.posts_new += s.posts_new;
    total.posts_known += s.posts_known;
    total.posts_from_json += s.posts_from_json;
    total.posts_from_dom += s.posts_from_dom;
    total.refused += s.refused;
}

/// Reads every input into `engine`, calling `report` as batches go in.
///
/// Stops at the first input that cannot be opened or read, and, with `strict`, at the first malformed
/// record; otherwise malformed records are skipped and counted in the summary.
pub fn read_into(
    engine: &mut dyn ObservationSink,
    inputs: &[Input],
    options: &PipelineOptions,
    report: &mut dyn FnMut(&Progress),
) -> Result<ReadSummary, ImportError> {
    let sizes: Option<Vec<u64>> = inputs.iter().map(Input::size).collect();
    let bytes = Arc::new(AtomicU64::new(0));
    let mut consumer = Consumer {
        engine,
        strict: options.strict,
        summary: ReadSummary {
            inputs: inputs
                .iter()
                .map(|i| InputSummary { name: i.name(), ..InputSummary::default() })
                .collect(),
            ..ReadSummary::default()
        },
        progress: Progress {
            inputs_total: inputs.len(),
            bytes_total: sizes.map(|s| s.iter().sum()),
            ..Progress::default()
        },
        bytes: Arc::clone(&bytes),
        report,
    };
    let jobs = options.jobs.clamp(1, inputs.len().max(1));
    // The parsing threads are a pool of their own (not rayon's global one, which archive mode's steps and the
    // caller may be using); where threads cannot be had, the inputs are parsed in turn, as with `jobs == 1`.
    let pool = (jobs > 1)
        .then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(jobs)
                .thread_name(|i| format!("parse {i}"))
                .build()
                .ok()
        })
        .flatten();
    let Some(pool) = pool else {
        for (index, input) in inputs.iter().enumerate() {
            let mut failure = None;
            produce(input, options, &bytes, &mut |piece| match consumer.take(index, piece) {
                Ok(more) => more,
                Err(e) => {
                    failure = Some(e);
                    false
                }
            });
            if let Some(e) = failure {
                return Err(e);
            }
        }
        return Ok(consumer.summary);
    };
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (senders, receivers): (Vec<_>, Vec<_>) =
        inputs.iter().map(|_| sync_channel::<Piece>(BATCHES_AHEAD)).unzip();
    // Each sender is taken by the thread that parses its input and dropped when it is done, so that the
    // engine's side sees a closed channel, not a hang, should that thread die.
    let senders: Vec<Mutex<Option<SyncSender<Piece>>>> =
        senders.into_iter().map(|s| Mutex::new(Some(s))).collect();
    // The engine's side runs here, on the calling thread; the pool's `jobs` threads parse.
    pool.in_place_scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|_| loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                if index >= inputs.len() || stop.load(Ordering::Relaxed) {
                    return;
                }
                let Some(sender) = senders[index].lock().ok().and_then(|mut s| s.take()) else { return };
                produce(&inputs[index], options, &bytes, &mut |piece| {
                    !stop.load(Ordering::Relaxed) && sender.send(piece).is_ok()
                });
            });
        }
        // Inputs are claimed in order, so the one the engine waits for is always being parsed or done: no
        // thread can be stuck behind a full channel that the engine never drains.
        let result = (|| {
            for (index, receiver) in receivers.iter().enumerate() {
                while let Ok(piece) = receiver.recv() {
                    if !consumer.take(index, piece)? {
                        break;
                    }
                }
            }
            Ok(())
        })();
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        // Dropping the receivers wakes any thread blocked on a full channel; its send fails and it stops.
        drop(receivers);
        result
    })?;
    Ok(consumer.summary)
}
