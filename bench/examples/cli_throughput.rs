//! Where `trichome score` spends its time: reading the inputs alone, reading and ingesting, and scoring.
//!
//! `cargo run -p trichome-bench --profile cli --example cli_throughput [FILE...]` (default: every IRA per-author CSV under the
//! shared data folder, found through `TRICHOME_DATA` or `../shared/data`). Prints a table.

use std::path::PathBuf;
use std::time::Instant;

use trichome::engine::Engine;
use trichome::import::pipeline::{read_into, Input, PipelineOptions};
use trichome::import::{open, read_batch, ReadOptions};
use trichome_bench::datasets::data_dir;

fn main() {
    let mut files: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if files.is_empty() {
        let Some(dir) = data_dir().map(|d| d.join("campaigns/ira/authors")) else {
            println!("skipping: ../shared/data not found");
            return;
        };
        let Ok(entries) = std::fs::read_dir(&dir) else {
            println!("skipping: {} not readable", dir.display());
            return;
        };
        files = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .collect();
        files.sort();
    }
    let inputs: Vec<Input> = files.iter().map(|f| Input::File(f.clone())).collect();

    let started = Instant::now();
    let mut records = 0usize;
    let mut observations = 0usize;
    for file in &files {
        let Ok(f) = std::fs::File::open(file) else { continue };
        let name = file.display().to_string();
        let Ok(mut source) = open(&name, Box::new(std::io::BufReader::new(f)), None, &ReadOptions::default())
        else {
            continue;
        };
        while let Ok(batch) = read_batch(source.as_mut(), 1000) {
            records += batch.records;
            observations += batch.observations.len();
            if batch.end {
                break;
            }
        }
    }
    let read_only = started.elapsed().as_secs_f64();

    let mut rows = Vec::new();
    rows.push(("read only", read_only));
    for jobs in [1, 2] {
        let mut engine = Engine::default();
        let options = PipelineOptions { jobs, ..PipelineOptions::default() };
        let started = Instant::now();
        let summary = read_into(&mut engine, &inputs, &options, &mut |_| {});
        let ingest = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let verdicts = engine.verdicts();
        let scoring = started.elapsed().as_secs_f64();
        let posts = summary.map(|s| s.ingest.posts_new).unwrap_or(0);
        rows.push((if jobs == 1 { "read + ingest, --jobs 1" } else { "read + ingest, --jobs 2" }, ingest));
        rows.push((
            if jobs == 1 { "verdicts (after --jobs 1)" } else { "verdicts (after --jobs 2)" },
            scoring,
        ));
        if jobs == 1 {
            println!(
                "{} files, {records} records, {observations} observations, {posts} new posts, {} verdicts\n",
                files.len(),
                verdicts.len()
            );
        }
    }
    println!("{:<28} {:>9} {:>14}", "stage", "seconds", "records/s");
    for (stage, seconds) in rows {
        println!("{stage:<28} {seconds:>9.3} {:>14.0}", records as f64 / seconds.max(1e-9));
    }
}
