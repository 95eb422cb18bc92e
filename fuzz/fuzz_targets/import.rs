//! Dataset files for the command-line tool: the first byte picks a format (or detection), the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trichome::engine::Engine;
use trichome::import::{self, InputFormat, ReadOptions};

const FORMATS: [Option<InputFormat>; 8] = [
    None,
    Some(InputFormat::Observations),
    Some(InputFormat::XGraphql),
    Some(InputFormat::YoutubeNext),
    Some(InputFormat::Capture),
    Some(InputFormat::IoArchive),
    Some(InputFormat::IraAuthors),
    Some(InputFormat::PostsCsv),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, file)) = data.split_first() else { return };
    let input: Box<dyn std::io::BufRead + Send> = Box::new(std::io::Cursor::new(file.to_vec()));
    let options = ReadOptions { observed_at: Some(1_700_000_000) };
    let Ok(mut source) = import::open("fuzz", input, FORMATS[pick as usize % FORMATS.len()], &options) else {
        return;
    };
    let mut engine = Engine::default();
    for _ in 0..1_000 {
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
    let _ = engine.verdicts();
});
