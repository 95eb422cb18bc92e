//! Native peer of `bench/engine_wasm.mjs`: the engine taking in the same observations (JSONL) in batches of
//! 1,000 with the extension's limits, then scoring every account. Prints posts per second (the best of
//! three runs on fresh engines, as the wasm runs are timed).
//!
//! `cargo run -p trichome-bench --profile cli --example engine_ingest -- target/bench/observations.jsonl`

use trichome_bench::observations_file;

use std::time::Instant;

use trichome::engine::{Engine, Limits};
use trichome::observation::Record;

fn main() {
    let observations = observations_file::from_args("engine_ingest OBSERVATIONS.jsonl");
    let posts = observations.iter().filter(|o| matches!(o.record, Record::Post(_))).count();
    let run = || {
        let mut engine = Engine::with_limits(Limits::browser());
        let started = Instant::now();
        for batch in observations.chunks(1000) {
            engine.ingest(batch);
        }
        (started.elapsed().as_secs_f64(), engine)
    };
    let (mut ingest, mut engine) = run();
    for _ in 0..2 {
        let (seconds, again) = run();
        ingest = ingest.min(seconds);
        engine = again;
    }
    let started = Instant::now();
    let verdicts = engine.verdicts().len();
    let scoring = started.elapsed().as_secs_f64();
    println!(
        "native: {posts} posts ingested in {ingest:.3} s = {:.0} posts/s; {verdicts} verdicts in {scoring:.3} s",
        posts as f64 / ingest
    );
}
