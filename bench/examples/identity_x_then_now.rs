//! The same X accounts 17 months apart: every user object in the 2025 GraphQL captures matched by id with
//! the 2026 ones, and what changed (names, handles, counts, bio, avatar).
//!
//! `cargo run -p trichome-bench --profile cli --example identity_x_then_now` — a plain serde_json walk over both captures,
//! independent of the site reader (which reads the same fields for the engine).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use trichome_bench::datasets::data_dir;

#[derive(Debug, Clone, PartialEq, Default)]
struct UserFacts {
    handle: Option<String>,
    name: Option<String>,
    created_at: Option<String>,
    followers: Option<u64>,
    following: Option<u64>,
    posts: Option<u64>,
    bio: Option<String>,
    default_avatar: Option<bool>,
}

fn first_str(u: &Value, paths: &[&[&str]]) -> Option<String> {
    paths.iter().find_map(|p| p.iter().try_fold(u, |v, k| v.get(k))?.as_str().map(str::to_string))
}

fn first_u64(u: &Value, paths: &[&[&str]]) -> Option<u64> {
    paths.iter().find_map(|p| p.iter().try_fold(u, |v, k| v.get(k))?.as_u64())
}

/// Reads the facts from any of X's three user-object schemas.
fn facts(u: &Value) -> UserFacts {
    let avatar = first_str(u, &[&["avatar", "image_url"], &["legacy", "profile_image_url_https"]]);
    UserFacts {
        handle: first_str(u, &[&["core", "screen_name"], &["legacy", "screen_name"]]),
        name: first_str(u, &[&["core", "name"], &["legacy", "name"]]),
        created_at: first_str(u, &[&["core", "created_at"], &["legacy", "created_at"]]),
        followers: first_u64(u, &[&["relationship_counts", "followers"], &["legacy", "followers_count"]]),
        following: first_u64(u, &[&["relationship_counts", "following"], &["legacy", "friends_count"]]),
        posts: first_u64(u, &[&["tweet_counts", "tweets"], &["legacy", "statuses_count"]]),
        bio: first_str(u, &[&["profile_bio", "description"], &["legacy", "description"]]),
        default_avatar: u["legacy"]["default_profile_image"]
            .as_bool()
            .or_else(|| avatar.map(|a| a.contains("default_profile"))),
    }
}

fn walk(v: &Value, out: &mut BTreeMap<String, UserFacts>) {
    match v {
        Value::Object(map) => {
            if map.get("__typename").and_then(Value::as_str) == Some("User") {
                if let Some(id) = map.get("rest_id").and_then(Value::as_str) {
                    let f = facts(v);
                    if f.handle.is_some() {
                        out.insert(id.to_string(), f);
                    }
                }
            }
            map.values().for_each(|c| walk(c, out));
        }
        Value::Array(items) => items.iter().for_each(|c| walk(c, out)),
        _ => {}
    }
}

fn read(dir: &Path) -> BTreeMap<String, UserFacts> {
    let mut out = BTreeMap::new();
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
    files.sort();
    for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "json")) {
        let Ok(text) = std::fs::read_to_string(f) else { continue };
        if let Ok(v) = serde_json::from_str::<Value>(&text) {
            walk(&v, &mut out);
        }
    }
    out
}

fn change<T: PartialEq + std::fmt::Debug>(what: &str, a: &Option<T>, b: &Option<T>) -> Option<String> {
    match (a, b) {
        (Some(x), Some(y)) if x != y => Some(format!("{what} {x:?} → {y:?}")),
        _ => None,
    }
}

fn main() {
    let Some(dir) = data_dir() else {
        println!("skipping: ../shared/data not found (set TRICHOME_DATA)");
        return;
    };
    let then = read(&dir.join("x/graphql/2025-legacy"));
    let now = read(&dir.join("x/graphql/2026-current"));
    let both: Vec<&String> = then.keys().filter(|k| now.contains_key(*k)).collect();
    println!(
        "users: {} in 2025-legacy, {} in 2026-current, {} in both (matched by id)\n",
        then.len(),
        now.len(),
        both.len()
    );
    println!("| id | handle 2025 → 2026 | followers | following | posts | other changes |");
    println!("|---|---|---|---|---|---|");
    let (mut renamed, mut handle_changed) = (0, 0);
    for id in &both {
        let (a, b) = (&then[*id], &now[*id]);
        let counts = |x: Option<u64>, y: Option<u64>| match (x, y) {
            (Some(x), Some(y)) => format!("{x} → {y} ({:+})", y as i64 - x as i64),
            _ => "?".into(),
        };
        let mut other: Vec<String> = Vec::new();
        other.extend(change("name", &a.name, &b.name));
        other.extend(change("created_at", &a.created_at, &b.created_at));
        other.extend(change("default avatar", &a.default_avatar, &b.default_avatar));
        if a.bio != b.bio && a.bio.is_some() && b.bio.is_some() {
            other.push("bio changed".into());
        }
        renamed += usize::from(a.name != b.name);
        handle_changed += usize::from(a.handle != b.handle);
        println!(
            "| {id} | @{} → @{} | {} | {} | {} | {} |",
            a.handle.as_deref().unwrap_or("?"),
            b.handle.as_deref().unwrap_or("?"),
            counts(a.followers, b.followers),
            counts(a.following, b.following),
            counts(a.posts, b.posts),
            if other.is_empty() { "—".to_string() } else { other.join("; ") }
        );
    }
    println!(
        "\ndisplay name changed: {renamed} of {}; handle changed: {handle_changed} of {}",
        both.len(),
        both.len()
    );
}
