//! Deterministic garbage: every parser and entry point fed mutations of real inputs (the project's fixtures and,
//! when present, `../shared/data`), seeded so that a failure is reproduced by running the test again. Each input
//! must be read without a panic, within a time and with warnings and observations within their bounds; the engine
//! must take what was read, score it, store it and restore it (issue #17: what cargo-fuzz would do, bounded so that
//! it runs in `cargo test`).

use std::io::BufRead;
use std::path::{Path, PathBuf};

mod common;
use common::{capture_url, files, shared_data};
use std::time::{Duration, Instant};

use trichome::engine::{Engine, Limits};
use trichome::import::{self, ReadOptions};
use trichome::sites::{read_capture, MAX_OBSERVATIONS_PER_CAPTURE};
use trichome::time::relative as relative_time;

/// A small deterministic generator (SplitMix64): the same seed gives the same mutations on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One mutation of `input`, at character boundaries so that the result is still text (what a page can send).
fn mutate(input: &str, rng: &mut Rng) -> String {
    let cut = |rng: &mut Rng| {
        let mut at = rng.below(input.len() + 1);
        while !input.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let (a, b) = {
        let (x, y) = (cut(rng), cut(rng));
        (x.min(y), x.max(y))
    };
    match rng.below(9) {
        0 => input[..a].to_string(),
        1 => format!("{}{}", &input[..a], &input[b..]),
        2 => format!("{}{}{}", &input[..b], &input[a..b], &input[b..]),
        3 => format!("{}{}{}", &input[..a], "[{\"a\":".repeat(200), &input[a..]),
        4 => format!("{}\"{}\"{}", &input[..a], "\u{202E}x".repeat(5_000), &input[a..]),
        5 => input.replacen(":1", ":99999999999999999999999", 50).replacen(":0", ":-1e309", 20),
        6 => input.replace("\"id_str\":\"", "\"id_str\":\"9").replace("rest_id\":\"", "rest_id\":\"@"),
        7 => {
            let junk: String =
                (0..200).map(|_| char::from(b"{}[],:\"\\0a1-e.tnufl "[rng.below(20)])).collect();
            format!("{}{}{}", &input[..a], junk, &input[a..])
        }
        _ => input.replace('"', if rng.below(2) == 0 { "'" } else { "\"\"" }),
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// One input through a reader, the engine, a store and a restore; panics (failing the test) past any bound.
fn check_capture(url: &str, body: &str, what: &str) {
    let started = Instant::now();
    let reading = read_capture(url, body, 1_700_000_000);
    assert!(reading.observations.len() <= MAX_OBSERVATIONS_PER_CAPTURE, "{what}");
    assert!(reading.warnings.len() <= 66, "{what}: {} warnings", reading.warnings.len());
    let warning_bytes: usize = reading.warnings.iter().map(|w| w.at.len() + w.message.len()).sum();
    assert!(warning_bytes < 64 * 1024, "{what}: {warning_bytes} bytes of warnings");
    let mut engine = Engine::with_limits(Limits::browser());
    engine.ingest_from(&reading.observations, "page");
    let verdicts = engine.verdicts();
    assert!(verdicts.iter().all(|v| v.score <= 100), "{what}");
    let stored = engine.snapshot(1_700_000_000, 1 << 20, false);
    let mut restored = Engine::with_limits(Limits::browser());
    restored.restore(&stored).unwrap_or_else(|e| panic!("{what}: own snapshot refused: {e}"));
    assert_eq!(restored.account_count(), engine.account_count(), "{what}");
    // A debug build on a shared machine: generous, but far below what a hostile input once cost (seconds to
    // minutes).
    assert!(started.elapsed() < Duration::from_secs(5), "{what}: {:?}", started.elapsed());
}

#[test]
fn mutated_fixtures_are_read_scored_stored_and_restored_within_bounds() {
    let mut rng = Rng(17);
    let seeds = files(&fixtures(), &["json"], 1 << 20);
    assert!(seeds.len() > 10, "{} fixtures", seeds.len());
    let mut inputs = 0;
    for path in &seeds {
        let body = std::fs::read_to_string(path).unwrap();
        check_capture(capture_url(path), &body, &path.display().to_string());
        for round in 0..12 {
            let mutated = mutate(&body, &mut rng);
            check_capture(capture_url(path), &mutated, &format!("{} mutation {round}", path.display()));
            inputs += 1;
        }
    }
    println!("{inputs} mutated fixtures read");
}

#[test]
fn mutated_real_captures_are_read_within_bounds() {
    let Some(data) = shared_data() else { return };
    let mut rng = Rng(2026);
    let mut seeds = files(&data.join("x/graphql"), &["json"], 400_000);
    seeds.extend(files(&data.join("youtube"), &["json"], 400_000));
    assert!(seeds.len() > 5, "{} captures", seeds.len());
    let started = Instant::now();
    for path in seeds.iter().take(24) {
        let body = std::fs::read_to_string(path).unwrap();
        for round in 0..6 {
            let mutated = mutate(&body, &mut rng);
            check_capture(capture_url(path), &mutated, &format!("{} mutation {round}", path.display()));
        }
    }
    println!("{} real captures mutated in {:?}", seeds.len().min(24), started.elapsed());
}

#[test]
fn mutated_dataset_files_are_imported_without_a_panic() {
    let mut rng = Rng(41);
    let mut seeds = files(&fixtures().join("import"), &["json", "jsonl", "csv", "tsv"], 1 << 20);
    if let Some(data) = shared_data() {
        // The heads of a few real datasets (whole files take too long in a debug build).
        for name in [
            "campaigns/coortweet-russia-2021/russian_coord_tweets.csv",
            "controls/trump-2009-2018/tweets.jsonl",
        ] {
            if data.join(name).is_file() {
                seeds.push(data.join(name));
            }
        }
    }
    for path in &seeds {
        let text = std::fs::read_to_string(path).unwrap();
        let head: String = text.lines().take(200).collect::<Vec<_>>().join("\n");
        for round in 0..8 {
            let mutated = if round == 0 { head.clone() } else { mutate(&head, &mut rng) };
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let input: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(mutated.into_bytes()));
            let options = ReadOptions { observed_at: Some(1_700_000_000) };
            let Ok(mut source) = import::open(&name, input, None, &options) else { continue };
            let mut engine = Engine::default();
            for _ in 0..100 {
                match import::read_batch(source.as_mut(), 500) {
                    Ok(batch) => {
                        engine.ingest(&batch.observations);
                        if batch.end {
                            break;
                        }
                    }
                    Err(_) => break,
                }
            }
            assert!(engine.verdicts().iter().all(|v| v.score <= 100), "{name} mutation {round}");
        }
    }
}

#[test]
fn mutated_stored_history_and_relative_times_are_refused_or_read_never_fatal() {
    let mut rng = Rng(5);
    let mut engine = Engine::with_limits(Limits::browser());
    let body = std::fs::read_to_string(fixtures().join("youtube/next_comment_renderer.json")).unwrap();
    engine
        .ingest(&read_capture("https://www.youtube.com/youtubei/v1/next", &body, 1_700_000_000).observations);
    let stored = engine.snapshot(1_700_000_000, 1 << 20, true);
    for round in 0..200 {
        let mutated = mutate(&stored, &mut rng);
        let mut restored = Engine::with_limits(Limits::browser());
        if restored.restore(&mutated).is_ok() {
            let again = restored.snapshot(1_700_000_000, 1 << 20, true);
            assert!(
                Engine::default().restore(&again).is_ok(),
                "mutation {round}: a restored history does not restore"
            );
        }
    }
    for text in
        ["3 days ago", "vor 2 Wochen", "il y a 5 minutes", "2 年前", "hace 1 año", "Streamed 3 hours ago"]
    {
        for _ in 0..40 {
            let mutated = mutate(text, &mut rng);
            if let Some(t) = relative_time::parse(&mutated, 1_700_000_000) {
                assert!(t.is_valid(), "{mutated:?} gave {t:?}");
            }
        }
    }
}
