//! Archive mode (`trichome::archive`): its verdicts do not depend on the threads, equal the single engine's
//! where the single engine holds everything, and the same data read from gzip gives the same verdicts.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use trichome::archive::{Archive, ArchiveOptions};
use trichome::engine::Engine;
use trichome::import::pipeline::{self, Input, PipelineOptions};
use trichome::verdict::evidence::Evidence;
use trichome::verdict::Verdict;

fn archive_verdicts(inputs: &[Input], jobs: usize) -> Vec<Verdict> {
    archive_verdicts_with(inputs, ArchiveOptions { jobs, partitions: 8, ..Default::default() })
}

fn archive_verdicts_with(inputs: &[Input], options: ArchiveOptions) -> Vec<Verdict> {
    let jobs = options.jobs;
    let mut archive = Archive::start(options).unwrap();
    let options = PipelineOptions { jobs, ..Default::default() };
    pipeline::read_into(&mut archive, inputs, &options, &mut |_| {}).unwrap();
    archive.finish(&mut |_| {}).unwrap().verdicts
}

fn engine_verdicts(inputs: &[Input]) -> Vec<Verdict> {
    let mut engine = Engine::default();
    pipeline::read_into(&mut engine, inputs, &PipelineOptions::default(), &mut |_| {}).unwrap();
    engine.verdicts()
}

fn json(verdicts: &[Verdict]) -> Vec<String> {
    verdicts.iter().map(|v| serde_json::to_string(v).unwrap()).collect()
}

/// A small archive: twelve accounts of one operation posting the same texts (some edited) minutes and years
/// apart, and twenty ordinary accounts of one template.
fn write_fixture(dir: &Path) -> String {
    let mut csv = String::from("account,time,text\n");
    let texts = [
        "the western media keeps lying about the happy lives of people in the region",
        "our leaders deserve respect and the protesters are paid by foreign forces",
        "do not believe the rumours online the official statement explains everything",
        "economic growth needs a stable society and any unrest hurts ordinary people",
    ];
    for a in 0..12 {
        for (i, t) in texts.iter().enumerate() {
            let year = 2016 + (a % 4);
            let text = if a % 3 == 0 { t.replace("the ", "") } else { t.to_string() };
            csv.push_str(&format!("@op{a},{year}-03-{:02} 09:{:02},{text}\n", 1 + i, 10 + a));
        }
    }
    for p in 0..20 {
        for i in 0..12 {
            csv.push_str(&format!(
                "@person{p},2017-0{}-{:02} 2{}:15,went to the market number {i} with friend {p} and bought {} apples\n",
                1 + i % 9,
                1 + p,
                i % 4,
                i * p
            ));
        }
    }
    let path = dir.join("posts.csv");
    std::fs::write(&path, &csv).unwrap();
    csv
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("trichome-archive-test-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn archive_verdicts_do_not_depend_on_threads_and_equal_the_single_engines() {
    let dir = temp_dir("fixture");
    let csv = write_fixture(&dir);
    let inputs = [Input::File(dir.join("posts.csv"))];
    let one = json(&archive_verdicts(&inputs, 1));
    assert_eq!(one.len(), 32);
    assert_eq!(one, json(&archive_verdicts(&inputs, 3)));
    assert_eq!(one, json(&engine_verdicts(&inputs)));
    // The copies years apart are found: every account of the operation is in the copy clusters.
    let found = archive_verdicts(&inputs, 2)
        .iter()
        .filter(|v| v.account.id.starts_with("@op") && v.clusters.len() >= 4)
        .count();
    assert_eq!(found, 12);

    // The same posts, gzipped: the same verdicts.
    let gz = dir.join("posts.csv.gz");
    let mut enc =
        flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), flate2::Compression::fast());
    enc.write_all(csv.as_bytes()).unwrap();
    enc.finish().unwrap();
    assert_eq!(one, json(&archive_verdicts(&[Input::File(gz)], 2)));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Issue #14 (memory at 10 million posts): without evidence (a table, a CSV, an evaluation), archive mode keeps
/// no post texts or ids in its copy clusters and drops each verdict's evidence as it is made; the verdicts are
/// those given with evidence, less it.
#[test]
fn archive_verdicts_without_evidence_are_those_with_evidence_less_it() {
    let dir = temp_dir("evidence");
    write_fixture(&dir);
    let mut inputs = vec![Input::File(dir.join("posts.csv"))];
    if let Some(data) = common::shared_data() {
        let mut files = common::files(&data.join("campaigns/ira/authors"), &["csv"], u64::MAX);
        files.sort();
        inputs.extend(files.into_iter().take(6).map(Input::File));
    }
    let options = ArchiveOptions { jobs: 2, partitions: 8, ..Default::default() };
    let mut with = archive_verdicts_with(&inputs, options.clone());
    let without = archive_verdicts_with(&inputs, ArchiveOptions { evidence: false, ..options });
    let duplicate_evidence =
        with.iter().flat_map(|v| &v.signals).filter(|s| matches!(s.evidence, Evidence::Duplicate(_))).count();
    assert!(duplicate_evidence >= 12, "the fixture's operation has copy evidence: {duplicate_evidence}");
    for s in with.iter_mut().flat_map(|v| v.signals.iter_mut()) {
        s.evidence = Evidence::None;
    }
    assert_eq!(json(&with), json(&without));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn archive_mode_on_the_ira_tweets_gives_the_single_engines_verdicts() {
    let Some(data) = common::shared_data() else { return };
    let dir = data.join("campaigns/ira/authors");
    let mut files = common::files(&dir, &["csv"], u64::MAX);
    files.sort();
    // A dozen authors keep the test quick; all of them fit in the single engine's copy index.
    let inputs: Vec<Input> = files.into_iter().take(12).map(Input::File).collect();
    let archive = json(&archive_verdicts(&inputs, 2));
    assert_eq!(archive, json(&archive_verdicts(&inputs, 1)));
    assert_eq!(archive, json(&engine_verdicts(&inputs)));
}
