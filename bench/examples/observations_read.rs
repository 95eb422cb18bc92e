//! Reading observation lines natively (the command-line tool, archive mode, Spark's rows): the core's reader
//! (`observation::read`: the line parsed into the core's JSON tree, then its members read), the parse alone,
//! and serde_json parsing the same lines into its own `Value` as a peer in the same run. Prints the best of
//! seven runs of each.
//!
//! `cargo run -p trichome-bench --profile cli --example observations_read -- target/bench/observations.jsonl`
//! (the file `node bench/engine_wasm.mjs` writes)

use std::time::Instant;

fn best_of_seven(mut run: impl FnMut() -> usize) -> (f64, usize) {
    let mut best = f64::MAX;
    let mut n = 0;
    for _ in 0..7 {
        let started = Instant::now();
        n = run();
        best = best.min(started.elapsed().as_secs_f64());
    }
    (best * 1000.0, n)
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: observations_read OBSERVATIONS.jsonl");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("error reading '{path}': {e}");
        std::process::exit(1);
    });
    let (read, n) =
        best_of_seven(|| text.lines().filter(|l| trichome::observation::read::from_str(l).is_ok()).count());
    let (parse, _) =
        best_of_seven(|| text.lines().filter(|l| trichome::sites::parse_json(l).is_ok()).count());
    let (peer, _) = best_of_seven(|| {
        text.lines().filter(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()).count()
    });
    println!("{n} observations: read {read:.1} ms (of which parsing {parse:.1} ms); serde_json into its Value {peer:.1} ms");
    println!("read / serde_json Value = {:.2}", read / peer);
}
