//! The whole-archive copy search: every post's near-duplicates among every other post of the archive, with
//! memory bounded by spilling signatures and band keys to disk.
//!
//! The steps are those of the core's index ([`crate::signals::duplicate`]), reorganised for a dataset that does
//! not fit in one index, each as a pass over partitioned files (what a distributed engine does as a shuffle):
//!
//! 1. **Fingerprints** (while the archive streams in, one [`CopyWriter`] per worker thread): each post's
//!    [`TextFingerprint`] (normalise, shingle, MinHash: the core's own function) goes into a record file
//!    (sketch, band slots, account, post id, time, a preview of at most [`PREVIEW_CHARS`] characters; never
//!    the whole text); its sketch key and its [`BANDS`] band keys go into partition files by key.
//! 2. **Identical sketches** ([`group_identical`]): per partition, posts with the same sketch are one group,
//!    represented by its first post (exact copies, the bulk of a campaign, cost nothing further).
//! 3. **Band keys grouped, candidate pairs confirmed** ([`link_candidates`]): per partition, the groups that
//!    share a band key are candidates, confirmed by [`Sketch::similarity`] against [`SIMILARITY`], reading
//!    the two sketches back from the record files; pairs already joined are not confirmed again.
//! 4. **Connected components** (union-find over post numbers, 4 bytes a post).
//! 5. **Clusters** ([`build_clusters`]): the components of two or more posts, a batch at a time, are handed to
//!    a fresh core [`DuplicateIndex`], which builds the [`TextCluster`]s exactly as the extension does
//!    (quotes set aside, bursts, commonness, self-repeats).
//!
//! What stays in memory is 16 bytes per post (its record's place, its group, its component), one partition at
//! a time, and one batch of components.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use rayon::iter::{IntoParallelIterator, ParallelIterator};

use crate::engine::Limits;
use crate::features::fingerprint::{
    band_keys, Signature, Sketch, TextFingerprint, BANDS, BAND_SLOTS, PERMUTATIONS,
};
use crate::signals::duplicate::{
    DuplicateIndex, IndexedPost, TextCluster, MAX_CANDIDATES, PREVIEW_CHARS, SIMILARITY,
};

/// No record: the post gave no fingerprint (too short).
pub const NOWHERE: u64 = u64::MAX;
/// Posts handed to one core index at a time when clusters are built (a larger component gets one of its own).
pub const CLUSTER_BATCH_POSTS: usize = 50_000;

/// One post as the copy search knows it.
#[derive(Debug, Clone)]
pub struct CopyPost {
    /// Its number, in input order.
    pub number: u32,
    /// The author's account key.
    pub account: String,
    /// The site's post id.
    pub post_id: String,
    /// When it was posted (known to the hour or better), Unix seconds.
    pub at: Option<i64>,
    /// The post it replies to.
    pub reply_to: Option<String>,
    /// The start of its text, for evidence.
    pub preview: String,
    /// Its fingerprint.
    pub fingerprint: TextFingerprint,
}

impl CopyPost {
    /// Post `number` of account `account` (its key) as the copy search takes it: its text cut to the engine's
    /// bound, fingerprinted as the engine would index it, its time when known to the hour. `None` for a text
    /// too short to fingerprint.
    pub fn of(account: String, post: &crate::observation::Post, number: u32) -> Option<CopyPost> {
        let text = match post.text.char_indices().nth(Limits::default().max_text_chars) {
            Some((end, _)) => &post.text[..end],
            None => post.text.as_str(),
        };
        let fingerprint = TextFingerprint::of(text)?;
        Some(CopyPost {
            number,
            account,
            post_id: post.id.clone(),
            at: post.created.filter(|t| t.latest - t.earliest <= 3600).map(|t| t.midpoint()),
            reply_to: post.reply_to.clone(),
            preview: text.chars().take(PREVIEW_CHARS).collect(),
            fingerprint,
        })
    }

    /// Whether the copy search reads `post` at all: not a repost, and some text.
    pub fn searched(post: &crate::observation::Post) -> bool {
        post.repost_of.is_none() && !post.text.is_empty()
    }

    /// The record as the spill files hold it (for an engine that moves records between machines).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        encode(self, &mut out);
        out
    }

    /// A record [`CopyPost::to_bytes`] wrote; `None` when the bytes are damaged.
    pub fn from_bytes(bytes: &[u8]) -> Option<CopyPost> {
        let length = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
        decode(bytes.get(4..4 + length)?, true)
    }

    /// The key identical sketches share (step 2).
    pub fn sketch_key(&self) -> u64 {
        self.fingerprint.sketch.key()
    }

    /// The band keys near-duplicates are looked for by (step 3).
    pub fn band_keys(&self) -> [u32; BANDS] {
        band_keys(&self.fingerprint.bands)
    }

    /// Whether two posts are near-duplicates: the confirmation of step 3.
    pub fn near(&self, other: &CopyPost) -> bool {
        self.fingerprint.sketch.similarity(&other.fingerprint.sketch) >= SIMILARITY - 1e-12
    }
}

/// Where the spilled files live, and how many partitions they are cut into.
#[derive(Debug, Clone)]
pub struct SpillPlan {
    /// A directory of this run's own.
    pub dir: PathBuf,
    /// Partitions of the sketch and band keys.
    pub partitions: usize,
}

impl SpillPlan {
    fn records(&self, shard: usize) -> PathBuf {
        self.dir.join(format!("records-{shard}.bin"))
    }
    fn sketch_part(&self, shard: usize, p: usize) -> PathBuf {
        self.dir.join(format!("sketch-{shard}-{p}.bin"))
    }
    fn band_part(&self, shard: usize, p: usize) -> PathBuf {
        self.dir.join(format!("band-{shard}-{p}.bin"))
    }
}

/// Writes one worker's records and key partitions as posts arrive.
pub struct CopyWriter {
    shard: usize,
    partitions: usize,
    records: BufWriter<File>,
    offset: u64,
    located: Vec<(u32, u64)>,
    sketch_parts: Vec<BufWriter<File>>,
    band_parts: Vec<BufWriter<File>>,
    buffer: Vec<u8>,
}

impl CopyWriter {
    /// A writer for worker `shard`.
    pub fn new(plan: &SpillPlan, shard: usize) -> std::io::Result<CopyWriter> {
        let open = |p: PathBuf| File::create(p).map(|f| BufWriter::with_capacity(64 << 10, f));
        let mut sketch_parts = Vec::with_capacity(plan.partitions);
        let mut band_parts = Vec::with_capacity(plan.partitions);
        for p in 0..plan.partitions {
            sketch_parts.push(open(plan.sketch_part(shard, p))?);
            band_parts.push(open(plan.band_part(shard, p))?);
        }
        Ok(CopyWriter {
            shard,
            partitions: plan.partitions,
            records: BufWriter::with_capacity(256 << 10, File::create(plan.records(shard))?),
            offset: 0,
            located: Vec::new(),
            sketch_parts,
            band_parts,
            buffer: Vec::with_capacity(1024),
        })
    }

    /// Spills one post.
    pub fn add(&mut self, post: &CopyPost) -> std::io::Result<()> {
        encode(post, &mut self.buffer);
        self.records.write_all(&self.buffer)?;
        self.located.push((post.number, (self.shard as u64) << 48 | self.offset));
        self.offset += self.buffer.len() as u64;
        let key = post.sketch_key();
        let mut entry = [0u8; 12];
        entry[..8].copy_from_slice(&key.to_le_bytes());
        entry[8..].copy_from_slice(&post.number.to_le_bytes());
        self.sketch_parts[(key % self.partitions as u64) as usize].write_all(&entry)?;
        for band in post.band_keys() {
            let mut entry = [0u8; 8];
            entry[..4].copy_from_slice(&band.to_le_bytes());
            entry[4..].copy_from_slice(&post.number.to_le_bytes());
            self.band_parts[(band as usize) % self.partitions].write_all(&entry)?;
        }
        Ok(())
    }

    /// Flushes everything and gives (post number, place of its record) for each post written.
    pub fn finish(mut self) -> std::io::Result<Vec<(u32, u64)>> {
        self.records.flush()?;
        for w in self.sketch_parts.iter_mut().chain(self.band_parts.iter_mut()) {
            w.flush()?;
        }
        Ok(std::mem::take(&mut self.located))
    }
}

fn put_str(out: &mut Vec<u8>, s: &str, max_bytes: usize) {
    let mut end = s.len().min(max_bytes);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    out.extend_from_slice(&(end as u16).to_le_bytes());
    out.extend_from_slice(&s.as_bytes()[..end]);
}

/// `[u32 length][u32 number][i64 at][u8 flags][u16 shingles][48 × u16 band slots][u8 kind][u16 n][sketch]`
/// then account, post id, reply-to and preview, each `[u16 length][bytes]`. Little-endian.
fn encode(post: &CopyPost, out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&post.number.to_le_bytes());
    out.extend_from_slice(&post.at.unwrap_or(i64::MIN).to_le_bytes());
    let f = &post.fingerprint;
    let flags = u8::from(f.phatic) | u8::from(f.repost) << 1 | u8::from(post.reply_to.is_some()) << 2;
    out.push(flags);
    out.extend_from_slice(&(f.shingles.min(usize::from(u16::MAX)) as u16).to_le_bytes());
    for w in f.bands {
        out.extend_from_slice(&w.to_le_bytes());
    }
    match &f.sketch {
        Sketch::Exact(hashes) => {
            out.push(0);
            out.extend_from_slice(&(hashes.len() as u16).to_le_bytes());
            for h in hashes.iter() {
                out.extend_from_slice(&h.to_le_bytes());
            }
        }
        Sketch::Estimate(signature) => {
            out.push(1);
            out.extend_from_slice(&(PERMUTATIONS as u16).to_le_bytes());
            for w in signature.0 {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
    }
    put_str(out, &post.account, 1024);
    put_str(out, &post.post_id, 1024);
    put_str(out, post.reply_to.as_deref().unwrap_or(""), 1024);
    let preview_end = post.preview.char_indices().nth(PREVIEW_CHARS).map_or(post.preview.len(), |(at, _)| at);
    put_str(out, &post.preview[..preview_end], 4096);
    let length = (out.len() - 4) as u32;
    out[..4].copy_from_slice(&length.to_le_bytes());
}

/// Reads what [`encode`] wrote; `None` when the bytes are cut short (a damaged spill file).
struct Decoder<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Decoder<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.at..self.at + n)?;
        self.at += n;
        Some(s)
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn i64(&mut self) -> Option<i64> {
        self.take(8).map(|b| i64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
    }
    fn string(&mut self) -> Option<String> {
        let n = usize::from(self.u16()?);
        Some(String::from_utf8_lossy(self.take(n)?).into_owned())
    }
}

/// The number, fingerprint and (with `whole`) the rest of a record (the bytes after its length).
fn decode(bytes: &[u8], whole: bool) -> Option<CopyPost> {
    let mut d = Decoder { bytes, at: 0 };
    let number = d.u32()?;
    let at = Some(d.i64()?).filter(|t| *t != i64::MIN);
    let flags = d.take(1)?[0];
    let shingles = usize::from(d.u16()?);
    let mut bands = [0u16; BAND_SLOTS];
    for w in bands.iter_mut() {
        *w = d.u16()?;
    }
    let kind = d.take(1)?[0];
    let n = usize::from(d.u16()?);
    let sketch = if kind == 0 {
        let mut hashes = Vec::with_capacity(n);
        for _ in 0..n {
            hashes.push(d.u32()?);
        }
        Sketch::Exact(hashes.into_boxed_slice())
    } else {
        let mut words = [0u16; PERMUTATIONS];
        for w in words.iter_mut() {
            *w = d.u16()?;
        }
        Sketch::Estimate(Box::new(Signature(words)))
    };
    let fingerprint =
        TextFingerprint { bands, sketch, shingles, phatic: flags & 1 != 0, repost: flags & 2 != 0 };
    if !whole {
        return Some(CopyPost {
            number,
            account: String::new(),
            post_id: String::new(),
            at,
            reply_to: None,
            preview: String::new(),
            fingerprint,
        });
    }
    let account = d.string()?;
    let post_id = d.string()?;
    let reply_to = d.string()?;
    let preview = d.string()?;
    Some(CopyPost {
        number,
        account,
        post_id,
        at,
        reply_to: Some(reply_to).filter(|_| flags & 4 != 0),
        preview,
        fingerprint,
    })
}

/// The spilled records, read back by place.
pub struct RecordFiles {
    files: Vec<File>,
}

impl RecordFiles {
    /// Opens the record files of `shards` workers.
    pub fn open(plan: &SpillPlan, shards: usize) -> std::io::Result<RecordFiles> {
        Ok(RecordFiles { files: (0..shards).map(|s| File::open(plan.records(s))).collect::<Result<_, _>>()? })
    }

    /// The record at `place` (from [`CopyWriter::finish`]); `whole`: with account, ids and preview.
    pub fn read(&self, place: u64, whole: bool) -> std::io::Result<CopyPost> {
        let damaged = || std::io::Error::new(std::io::ErrorKind::InvalidData, "a spilled record is damaged");
        let file = self.files.get((place >> 48) as usize).ok_or_else(damaged)?;
        let offset = place & ((1 << 48) - 1);
        // One read gives the whole of almost every record.
        let mut buf = vec![0u8; 768];
        let got = read_at_most(file, &mut buf, offset)?;
        if got < 4 {
            return Err(damaged());
        }
        let length = u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]) as usize;
        if got < 4 + length {
            buf.resize(4 + length, 0);
            file.read_exact_at(&mut buf[got..], offset + got as u64)?;
        }
        decode(&buf[4..4 + length], whole).ok_or_else(damaged)
    }
}

fn read_at_most(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match file.read_at(&mut buf[got..], offset + got as u64) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Reads every shard's file of partition `p` as fixed-size entries.
fn read_entries<const N: usize, T>(
    paths: impl Iterator<Item = PathBuf>,
    parse: impl Fn(&[u8; N]) -> T,
) -> std::io::Result<Vec<T>> {
    let mut out = Vec::new();
    for path in paths {
        let mut reader = BufReader::with_capacity(256 << 10, File::open(&path)?);
        let mut entry = [0u8; N];
        loop {
            match reader.read_exact(&mut entry) {
                Ok(()) => out.push(parse(&entry)),
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
                Err(e) => return Err(e),
            }
        }
        // A partition is read once: its file is no longer needed.
        let _ = std::fs::remove_file(&path);
    }
    Ok(out)
}

/// Runs `work` on every partition on a pool of `jobs` threads, gathering the results in partition order; the
/// calling thread tells `done` how many partitions are finished as they finish.
pub(crate) fn per_partition<T: Send>(
    partitions: usize,
    jobs: usize,
    work: &(dyn Fn(usize) -> std::io::Result<T> + Sync),
    done: &mut dyn FnMut(usize),
) -> std::io::Result<Vec<T>> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1).min(partitions.max(1)))
        .thread_name(|i| format!("archive step {i}"))
        .build()
        .map_err(std::io::Error::other)?;
    let (finished, finishes) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|scope| {
        let results = scope.spawn(|| {
            pool.install(|| {
                (0..partitions)
                    .into_par_iter()
                    .map_with(finished, |finished, p| {
                        let result = work(p);
                        // The receiver only counts; it is gone only when this step is over.
                        let _ = finished.send(());
                        result
                    })
                    .collect::<std::io::Result<Vec<T>>>()
            })
        });
        // Every sender is dropped when the pool is done, which ends this loop even after an error.
        for count in 1..=partitions {
            if finishes.recv().is_err() {
                break;
            }
            done(count);
        }
        results.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Step 2: each post's group, the first post with the same sketch (`group[n] == n` for the first itself).
pub fn group_identical(
    plan: &SpillPlan,
    shards: usize,
    posts: usize,
    jobs: usize,
    done: &mut dyn FnMut(usize),
) -> std::io::Result<Vec<u32>> {
    let work = |p: usize| -> std::io::Result<Vec<(u32, u32)>> {
        let mut entries = read_entries::<12, (u64, u32)>((0..shards).map(|s| plan.sketch_part(s, p)), |e| {
            (
                u64::from_le_bytes(e[..8].try_into().unwrap_or([0; 8])),
                u32::from_le_bytes([e[8], e[9], e[10], e[11]]),
            )
        })?;
        entries.sort_unstable();
        let mut moved = Vec::new();
        for run in entries.chunk_by(|a, b| a.0 == b.0) {
            let first = run[0].1;
            moved.extend(run[1..].iter().map(|&(_, n)| (n, first)));
        }
        Ok(moved)
    };
    let mut group: Vec<u32> = (0..posts as u32).collect();
    for moved in per_partition(plan.partitions, jobs, &work, done)? {
        for (n, first) in moved {
            group[n as usize] = first;
        }
    }
    Ok(group)
}

/// What step 3 did.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkStats {
    /// Band buckets holding two or more groups.
    pub shared_buckets: u64,
    /// Candidate pairs confirmed (compared).
    pub compared: u64,
    /// Pairs confirmed as near-duplicates that joined two parts.
    pub linked: u64,
}

/// Step 3: the confirmed links between groups (first posts), found by band key, partition by partition.
pub fn link_candidates(
    plan: &SpillPlan,
    shards: usize,
    group: &[u32],
    place: &[u64],
    records: &RecordFiles,
    jobs: usize,
    done: &mut dyn FnMut(usize),
) -> std::io::Result<(Vec<(u32, u32)>, LinkStats)> {
    let work = |p: usize| -> std::io::Result<(Vec<(u32, u32)>, LinkStats)> {
        let mut entries = read_entries::<8, (u32, u32)>((0..shards).map(|s| plan.band_part(s, p)), |e| {
            (u32::from_le_bytes([e[0], e[1], e[2], e[3]]), u32::from_le_bytes([e[4], e[5], e[6], e[7]]))
        })?;
        // Only each group's first post stands for it.
        entries.retain(|&(_, n)| group.get(n as usize) == Some(&n));
        entries.sort_unstable();
        entries.dedup();
        let mut stats = LinkStats::default();
        let mut parent: HashMap<u32, u32> = HashMap::new();
        let mut links = Vec::new();
        let mut sketches: HashMap<u32, Sketch> = HashMap::new();
        let mut bucket: Vec<u32> = Vec::new();
        for run in entries.chunk_by(|a, b| a.0 == b.0) {
            if run.len() < 2 {
                continue;
            }
            stats.shared_buckets += 1;
            sketches.clear();
            bucket.clear();
            for &(_, n) in run {
                let post = records.read(place[n as usize], false)?;
                sketches.insert(n, post.fingerprint.sketch);
                bucket.push(n);
            }
            for (b, a) in bucket_pairs(&bucket) {
                let (ra, rb) = (local_find(&mut parent, a), local_find(&mut parent, b));
                if ra == rb {
                    continue;
                }
                stats.compared += 1;
                let (Some(sa), Some(sb)) = (sketches.get(&a), sketches.get(&b)) else { continue };
                if sa.similarity(sb) >= SIMILARITY - 1e-12 {
                    parent.insert(ra.max(rb), ra.min(rb));
                    links.push((a, b));
                    stats.linked += 1;
                }
            }
        }
        Ok((links, stats))
    };
    let mut all = Vec::new();
    let mut total = LinkStats::default();
    for (links, stats) in per_partition(plan.partitions, jobs, &work, done)? {
        all.extend(links);
        total.shared_buckets += stats.shared_buckets;
        total.compared += stats.compared;
        total.linked += stats.linked;
    }
    Ok((all, total))
}

/// The candidate pairs of one band bucket (step 3): its groups' first posts, ascending and each once, each
/// paired with the [`MAX_CANDIDATES`] just before it, `(earlier, later)`. The window bounds what a crowded bucket
/// costs, as the core's index bounds it; it depends on post numbers alone, so every engine that numbers posts
/// in input order compares the same pairs (the Spark job calls this too).
pub fn bucket_pairs(bucket: &[u32]) -> impl Iterator<Item = (u32, u32)> + '_ {
    bucket
        .iter()
        .enumerate()
        .flat_map(|(i, &later)| bucket[i.saturating_sub(MAX_CANDIDATES)..i].iter().map(move |&a| (a, later)))
}

fn local_find(parent: &mut HashMap<u32, u32>, x: u32) -> u32 {
    let mut root = x;
    while let Some(&p) = parent.get(&root) {
        if p == root {
            break;
        }
        root = p;
    }
    let mut at = x;
    while at != root {
        let next = parent.get(&at).copied().unwrap_or(root);
        parent.insert(at, root);
        at = next;
    }
    root
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

/// Step 4: the components of two or more posts, each as its post numbers in input order, in the order of
/// their first posts.
pub fn components(group: Vec<u32>, links: &[(u32, u32)], place: &[u64]) -> Vec<Vec<u32>> {
    let mut parent = group;
    // A group's members point at its first post, which points at itself: already a forest.
    for &(a, b) in links {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb) as usize] = ra.min(rb);
        }
    }
    let mut size: Vec<u32> = vec![0; parent.len()];
    let mut members: Vec<(u32, u32)> = Vec::new();
    for n in 0..parent.len() as u32 {
        if place[n as usize] == NOWHERE {
            continue;
        }
        let root = find(&mut parent, n);
        size[root as usize] += 1;
        members.push((root, n));
    }
    members.retain(|&(root, _)| size[root as usize] >= 2);
    members.sort_unstable();
    members.chunk_by(|a, b| a.0 == b.0).map(|run| run.iter().map(|&(_, n)| n).collect()).collect()
}

/// Step 5: the text clusters of the components, built by the core index a batch of components at a time.
/// Without `previews`, the member posts keep no text and no post id (only evidence shows them; the
/// representative text stays): on a large archive they are most of the clusters' memory.
pub fn build_clusters(
    components: &[Vec<u32>],
    place: &[u64],
    records: &RecordFiles,
    previews: bool,
    jobs: usize,
    done: &mut dyn FnMut(usize),
) -> std::io::Result<Vec<TextCluster>> {
    let batch_of = cluster_batches(components.iter().map(Vec::len));
    let mut batches: Vec<Vec<u32>> = vec![Vec::new(); batch_of.last().map_or(0, |b| b + 1)];
    for (c, &b) in components.iter().zip(&batch_of) {
        batches[b].extend_from_slice(c);
    }
    let work = |b: usize| -> std::io::Result<Vec<TextCluster>> {
        let mut numbers = batches[b].clone();
        numbers.sort_unstable();
        let posts =
            numbers.into_iter().map(|n| records.read(place[n as usize], true)).collect::<Result<_, _>>()?;
        let mut clusters = clusters_of_batch(posts);
        if !previews {
            for p in clusters.iter_mut().flat_map(|c| c.posts.iter_mut().chain(c.quotes.iter_mut())) {
                p.text = String::new();
                p.post_id = String::new();
            }
        }
        Ok(clusters)
    };
    // In batch order: `signals::CrossAccount` puts them in the one order verdicts read them in.
    Ok(per_partition(batches.len(), jobs, &work, done)?.into_iter().flatten().collect())
}

/// Which batch each component goes to (step 5), from the components' sizes in the order of their first posts:
/// a new batch whenever the next component would take the current one past [`CLUSTER_BATCH_POSTS`] posts. A
/// batch's clusters are built by one index, so every engine must cut the same batches (the Spark job calls this
/// too).
pub fn cluster_batches(sizes: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let (mut batch, mut held) = (0, 0);
    sizes
        .into_iter()
        .map(|size| {
            if held > 0 && held + size > CLUSTER_BATCH_POSTS {
                batch += 1;
                held = 0;
            }
            held += size;
            batch
        })
        .collect()
}

/// The text clusters of a batch of whole components (step 5), built by a fresh core index: `posts` in input
/// order (by number), as [`build_clusters`] hands each batch over.
pub fn clusters_of_batch(posts: Vec<CopyPost>) -> Vec<TextCluster> {
    let mut index = DuplicateIndex::with_max_posts(posts.len() + 1);
    for post in &posts {
        index.insert_fingerprinted(
            &IndexedPost {
                account: &post.account,
                post_id: &post.post_id,
                text: &post.preview,
                at: post.at,
                reply_to: post.reply_to.as_deref(),
                ..IndexedPost::default()
            },
            &post.fingerprint,
        );
    }
    index.clusters()
}

/// Removes the spill directory (what is left of it).
pub fn clean_up(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}

const _: () = assert!(BANDS <= 64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_pairs_each_post_with_the_ones_just_before_it() {
        let bucket: Vec<u32> = (0..MAX_CANDIDATES as u32 + 2).map(|n| 10 * n).collect();
        let pairs: Vec<(u32, u32)> = bucket_pairs(&bucket).collect();
        let n = bucket.len();
        assert_eq!(pairs.len(), n * (n - 1) / 2 - 1, "all but the first and the last");
        assert!(!pairs.contains(&(bucket[0], bucket[n - 1])));
        assert!(pairs.contains(&(bucket[1], bucket[n - 1])) && pairs.contains(&(bucket[0], bucket[n - 2])));
        assert!(pairs.iter().all(|(a, b)| a < b));
    }

    #[test]
    fn a_batch_is_cut_before_the_component_that_would_overfill_it() {
        let full = CLUSTER_BATCH_POSTS;
        assert_eq!(cluster_batches([full - 3, 2, 1, 1, full + 5, 2, 2]), [0, 0, 0, 1, 2, 3, 3]);
        assert_eq!(cluster_batches([]), Vec::<usize>::new());
    }
}
