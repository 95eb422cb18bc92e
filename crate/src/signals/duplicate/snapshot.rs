//! The index saved between visits ([`DuplicateSnapshot`], `trichome.duplicates/1`): sketches and minimal
//! metadata, no full texts; and its import, refusing a damaged post alone.

use serde::{Deserialize, Serialize};

use super::*;

/// The index as saved between visits: signatures and minimal metadata, no full texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateSnapshot {
    /// Always [`SNAPSHOT_SCHEMA`].
    pub schema: String,
    /// [`SKETCH_VERSION`] of the fingerprints (1 when absent: snapshots written before it was recorded).
    #[serde(default = "first_sketch")]
    pub sketch: u32,
    /// Posts, oldest first.
    pub posts: Vec<SnapshotPost>,
}

pub(super) fn first_sketch() -> u32 {
    1
}

/// One post in a [`DuplicateSnapshot`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotPost {
    /// The author's account key.
    pub account: String,
    /// The site's post id.
    pub post_id: String,
    /// When it was posted, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<i64>,
    /// Hash of the id of the post it replies to, 16 hex digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// Distinct shingles of the text.
    pub shingles: u16,
    /// Whether the text is phatic.
    #[serde(default)]
    pub phatic: bool,
    /// Whether the text is a manual repost or quote.
    #[serde(default)]
    pub repost: bool,
    /// The exact shingle list (sorted little-endian u32, base64), for texts of at most
    /// [`EXACT_SHINGLES`] shingles; the signature is recomputed from it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub shingle_hashes: String,
    /// The [`Signature`] (128 little-endian u16, base64), for longer texts.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
    /// The start of the text ([`PREVIEW_CHARS`]), for evidence.
    #[serde(default)]
    pub text: String,
}

/// What an import took and what it refused.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    /// Posts taken in.
    pub imported: usize,
    /// Posts already held.
    pub known: usize,
    /// Posts left out because the snapshot held more than the index may.
    pub over_capacity: usize,
    /// Posts refused, each named by its place in the snapshot (`posts[3].signature: …`).
    pub warnings: Vec<String>,
}

impl DuplicateIndex {
    /// The index as a snapshot: every post's signature and minimal metadata, oldest first.
    pub fn export(&self) -> DuplicateSnapshot {
        let mut posts = Vec::with_capacity(self.by_post.len());
        for (_, slot) in self.live_ages() {
            let Some(e) = self.entries[slot as usize].as_ref() else { continue };
            let Some(g) = self.groups[e.group as usize].group.as_ref() else { continue };
            posts.push(SnapshotPost {
                account: self.accounts[e.account as usize].key.to_string(),
                post_id: e.post_id.to_string(),
                at: e.at,
                reply_to: e.reply_to.map(|h| format!("{h:016x}")),
                shingles: e.shingles,
                phatic: e.phatic,
                repost: e.repost,
                shingle_hashes: g.sketch.exact_base64(),
                signature: g.sketch.signature_base64(),
                text: e.preview.to_string(),
            });
        }
        DuplicateSnapshot { schema: SNAPSHOT_SCHEMA.to_string(), sketch: SKETCH_VERSION, posts }
    }

    /// Takes in a snapshot's posts (the newest [`DuplicateIndex::max_posts`] of them), as if inserted
    /// oldest first; malformed posts are refused with a warning naming them.
    pub fn import(&mut self, snapshot: &DuplicateSnapshot) -> ImportReport {
        let mut report = ImportReport::default();
        if snapshot.schema != SNAPSHOT_SCHEMA {
            report.warnings.push(format!("schema: expected {SNAPSHOT_SCHEMA}, found {:?}", snapshot.schema));
            return report;
        }
        if snapshot.sketch != SKETCH_VERSION {
            // Fingerprints computed another way would match nothing, or match wrongly: left out.
            report.warnings.push(format!("sketch: expected {SKETCH_VERSION}, found {}", snapshot.sketch));
            return report;
        }
        let skip = snapshot.posts.len().saturating_sub(self.max_posts);
        report.over_capacity = skip;
        for (i, p) in snapshot.posts.iter().enumerate().skip(skip) {
            let mut fingerprint =
                match TextFingerprint::of_stored(&p.shingle_hashes, &p.signature, p.shingles) {
                    Ok(fingerprint) => fingerprint,
                    Err(damage) => {
                        let field = if p.shingle_hashes.is_empty() { "signature" } else { "shingle_hashes" };
                        report.warnings.push(format!("posts[{i}].{field}: {damage}"));
                        continue;
                    }
                };
            fingerprint.phatic = p.phatic;
            fingerprint.repost = p.repost;
            if p.account.is_empty() || p.post_id.is_empty() {
                report.warnings.push(format!("posts[{i}]: empty account or post id"));
                continue;
            }
            let reply_to = match p.reply_to.as_deref().map(|h| u64::from_str_radix(h, 16)) {
                None => None,
                Some(Ok(h)) => Some(h),
                Some(Err(_)) => {
                    report.warnings.push(format!("posts[{i}].reply_to: not 16 hex digits"));
                    None
                }
            };
            let preview: String = p.text.chars().take(PREVIEW_CHARS).collect();
            // An index snapshot is the researcher's own file: trusted, like a dataset.
            let post =
                IndexedPost { account: &p.account, post_id: &p.post_id, at: p.at, ..IndexedPost::default() };
            match self.insert_fingerprint(&post, reply_to, &fingerprint, preview) {
                Indexed::Added => report.imported += 1,
                Indexed::Known | Indexed::TooShort => report.known += 1,
            }
        }
        report
    }
}
