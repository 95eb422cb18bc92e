//! What the data-driven tests of issue #17 (`hardening.rs`, `garbage.rs`) share: where the shared data is, and
//! the captures in it.
#![allow(dead_code)] // each test file uses its own part

use std::path::{Path, PathBuf};

/// `../shared/data`, as the other data-driven tests find it; `None` (and a printed reason) when absent.
pub fn shared_data() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("TRICHOME_DATA").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data")),
        Some(PathBuf::from("/work/shared/data")),
    ];
    let found = candidates.into_iter().flatten().find(|p| p.join("x").is_dir());
    if found.is_none() {
        println!("skipping the shared data seeds: ../shared/data not found (the fixtures still run)");
    }
    found
}

/// Files under `dir` with one of `extensions`, at most `max_bytes` each, sorted.
pub fn files(dir: &Path, extensions: &[&str], max_bytes: u64) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| extensions.iter().any(|x| e == *x))
                && entry.metadata().is_ok_and(|m| m.len() <= max_bytes)
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The address a capture of this file would have come with.
pub fn capture_url(path: &Path) -> &'static str {
    let p = path.to_string_lossy();
    if p.contains("/x/") || p.contains("x_capture") {
        "https://x.com/i/api/graphql/q/TweetDetail"
    } else if p.contains("browse") {
        "https://www.youtube.com/youtubei/v1/browse"
    } else if p.contains("initial") {
        "ytinitialdata:https://www.youtube.com/watch?v=abcdefghijk"
    } else {
        "https://www.youtube.com/youtubei/v1/next"
    }
}
