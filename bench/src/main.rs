//! `trichome-bench`: the evaluation report. Runs the engine over every labelled set in `../shared/data` (and
//! the sets generated from it), and writes `docs/evaluation.md` with its figures (`docs/evaluation-*.svg`).
//!
//! `./build.sh eval` builds and runs it; by hand:
//!
//! ```text
//! cargo run -p trichome-bench --profile cli --example crowd_controls -- target/crowd
//! cargo run --profile cli -p trichome-bench -- [--data DIR] [--crowd DIR] [--out DIR] [--reps N]
//! ```
//!
//! Progress goes to standard error; the report is the only output.

#![deny(missing_docs)]

mod metrics;
mod presets;
mod report;
mod svg;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Where things are, from the command line.
struct Options {
    data: PathBuf,
    crowd: PathBuf,
    out: PathBuf,
    reps: usize,
    /// Seconds `./build.sh eval` spent building and writing the sets before this program started.
    setup_seconds: Option<f64>,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        data: std::env::var_os("TRICHOME_DATA")
            .map_or_else(|| PathBuf::from("../shared/data"), PathBuf::from),
        crowd: PathBuf::from("target/crowd"),
        out: PathBuf::from("docs"),
        reps: 1000,
        setup_seconds: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--data" => o.data = PathBuf::from(value()?),
            "--crowd" => o.crowd = PathBuf::from(value()?),
            "--out" => o.out = PathBuf::from(value()?),
            "--reps" => o.reps = value()?.parse().map_err(|_| "--reps needs a number".to_string())?,
            "--setup-seconds" => {
                o.setup_seconds =
                    Some(value()?.parse().map_err(|_| "--setup-seconds needs a number".to_string())?)
            }
            "-h" | "--help" => return Err(
                "usage: trichome-bench [--data DIR] [--crowd DIR] [--out DIR] [--reps N] [--setup-seconds S]"
                    .into(),
            ),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(o)
}

/// Progress on standard error: elapsed seconds and what is happening.
pub struct Progress(Instant);

impl Progress {
    /// Says something, with the time since the start.
    pub fn say(&self, what: &str) {
        eprintln!("[{:>6.1} s] {what}", self.0.elapsed().as_secs_f64());
    }

    /// Seconds since the start.
    pub fn seconds(&self) -> f64 {
        self.0.elapsed().as_secs_f64()
    }
}

fn main() -> ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("trichome-bench: {e}");
            return ExitCode::from(2);
        }
    };
    if !o.data.join("campaigns").is_dir() {
        eprintln!(
            "trichome-bench: {} not found (or has no campaigns/): the report needs ../shared/data (set TRICHOME_DATA)",
            o.data.display()
        );
        return ExitCode::FAILURE;
    }
    if !o.crowd.join("weibo-crowd-fresh.csv").is_file() {
        eprintln!(
            "trichome-bench: the crowd sets are missing from {}; write them first: cargo run -p trichome-bench --profile cli --example crowd_controls -- {}",
            o.crowd.display(),
            o.crowd.display()
        );
        return ExitCode::FAILURE;
    }
    let progress = Progress(Instant::now());
    match report::run(&o.data, &o.crowd, &o.out, o.reps, o.setup_seconds, &progress) {
        Ok(written) => {
            progress.say(&format!("wrote {}", written.join(", ")));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("trichome-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
