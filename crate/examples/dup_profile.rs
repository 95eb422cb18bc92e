//! Inserts the IRA tweets into the duplicate index ten times over, for a profiler to look at.
//! `cargo run --profile cli --example dup_profile`

#[path = "dup_data/mod.rs"]
mod dup_data;

fn main() {
    let Some(data) = dup_data::data_dir() else {
        println!("skipping: ../shared/data not found (set TRICHOME_DATA)");
        return;
    };
    let posts = dup_data::ira_posts(&data);
    let started = std::time::Instant::now();
    for _ in 0..10 {
        let mut index = trichome::signals::duplicate::DuplicateIndex::with_max_posts(usize::MAX / 4);
        for p in &posts {
            index.insert(&p.author, &p.id, &p.text, p.at);
        }
        std::hint::black_box(index.len());
    }
    println!("{:.0} posts/s", 10.0 * posts.len() as f64 / started.elapsed().as_secs_f64());
}
