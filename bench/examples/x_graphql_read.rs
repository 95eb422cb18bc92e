//! Measures the X GraphQL reader on the real captures: what it finds in each, and how long one read takes.
//!
//! `cargo run -p trichome-bench --profile cli --example x_graphql_read` (data from `TRICHOME_DATA`, else `../shared/data`).
//! The content script must stay under 50 ms per task, so the time per response is what matters.

use std::time::Instant;

use trichome::sites::x::read_graphql;
use trichome_bench::datasets::data_dir;

fn main() {
    let Some(data) = data_dir() else {
        eprintln!("skipping: ../shared/data not found");
        return;
    };
    let mut files = Vec::new();
    for generation in std::fs::read_dir(data.join("x/graphql")).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(generation.path()).into_iter().flatten().flatten() {
            let name = file.file_name().to_string_lossy().to_string();
            if name.ends_with(".json") && !name.starts_with("__") {
                files.push((format!("{}/{name}", generation.file_name().to_string_lossy()), file.path()));
            }
        }
    }
    files.sort();
    println!("| capture | KiB | accounts | posts | warnings | ms per read (median of 25) | of which JSON parse | MB/s |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let (mut total_bytes, mut total_ms, mut total_parse_ms) = (0usize, 0.0f64, 0.0f64);
    for (label, path) in files {
        let Ok(body) = std::fs::read_to_string(&path) else { continue };
        let reading = read_graphql(&body, None, 0);
        let mut times: Vec<f64> = (0..25)
            .map(|_| {
                let start = Instant::now();
                let reading = read_graphql(&body, None, 0);
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                std::hint::black_box(reading);
                ms
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let ms = times[times.len() / 2];
        // How much of that is serde_json building the tree, which any reader of the response pays.
        let mut parse_times: Vec<f64> = (0..25)
            .map(|_| {
                let start = Instant::now();
                let tree = serde_json::from_str::<serde_json::Value>(&body);
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                std::hint::black_box(tree).ok();
                ms
            })
            .collect();
        parse_times.sort_by(f64::total_cmp);
        let parse_ms = parse_times[parse_times.len() / 2];
        total_parse_ms += parse_ms;
        total_bytes += body.len();
        total_ms += ms;
        println!(
            "| {label} | {} | {} | {} | {} | {ms:.2} | {parse_ms:.2} | {:.0} |",
            body.len() / 1024,
            reading.account_count(),
            reading.post_count(),
            reading.warnings.len(),
            body.len() as f64 / 1e6 / (ms / 1000.0)
        );
    }
    println!(
        "| all | {} | | | | {total_ms:.2} | {total_parse_ms:.2} | {:.0} |",
        total_bytes / 1024,
        total_bytes as f64 / 1e6 / (total_ms / 1000.0)
    );
}
