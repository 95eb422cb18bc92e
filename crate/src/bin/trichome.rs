//! `trichome`: the command-line tool that scores datasets with the same engine as the extension.

use std::io::{BufRead, BufReader};
use std::process::ExitCode;

use trichome::engine::Engine;
use trichome::observation::Observation;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("score") => score(&args[1..]),
        _ => {
            eprintln!("usage: trichome score FILE...   (observations JSONL)");
            ExitCode::from(2)
        }
    }
}

fn score(files: &[String]) -> ExitCode {
    let mut engine = Engine::default();
    for path in files {
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("error: cannot open '{path}': {e}");
                return ExitCode::from(2);
            }
        };
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let Ok(line) = line else { break };
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Observation>(&line) {
                Ok(obs) => {
                    engine.ingest(&[obs]);
                }
                Err(e) => eprintln!("warning: {path}:{}: {e}", n + 1),
            }
        }
    }
    for v in engine.verdicts() {
        println!("{}", serde_json::to_string(&v).unwrap_or_default());
    }
    ExitCode::SUCCESS
}
