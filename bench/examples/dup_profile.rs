//! Inserts the IRA tweets into the duplicate index ten times over, for a profiler to look at.
//! `cargo run -p trichome-bench --profile cli --example dup_profile`
//!
//! Prints posts per second of wall-clock time and of the thread's own CPU time (from
//! `/proc/thread-self/stat`, Linux only): on a shared machine the second moves less with other load.

use trichome_bench::datasets;

/// Seconds of CPU time (user + system) this thread has used, when Linux says.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let Some(data) = datasets::data_dir() else {
        println!("skipping: ../shared/data not found (set TRICHOME_DATA)");
        return;
    };
    let posts = datasets::ira_posts(&data);
    // `--passes N` (default 10): one pass is enough under a simulator such as cachegrind.
    let passes: usize =
        std::env::args().skip_while(|a| a != "--passes").nth(1).and_then(|n| n.parse().ok()).unwrap_or(10);
    let started = std::time::Instant::now();
    let cpu_started = cpu_seconds();
    for _ in 0..passes {
        let mut index = trichome::signals::duplicate::DuplicateIndex::with_max_posts(usize::MAX / 4);
        for p in &posts {
            index.insert(&p.author, &p.id, &p.text, p.at);
        }
        std::hint::black_box(index.len());
    }
    let n = passes as f64 * posts.len() as f64;
    let wall = started.elapsed().as_secs_f64();
    match cpu_started.zip(cpu_seconds()) {
        Some((a, b)) => println!("{:.0} posts/s ({:.0} posts/s of CPU time)", n / wall, n / (b - a)),
        None => println!("{:.0} posts/s", n / wall),
    }
}
