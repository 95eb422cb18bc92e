//! Reading the inputs into one engine with the extension's limits (`--browser-limits`, `explain`), and the read
//! summary every mode prints on standard error: records, formats, skipped records with examples, warnings.

use std::io::IsTerminal;

use trichome::import::pipeline::{self, ReadSummary};
use trichome::import::InputFormat;

use crate::args::Args;
use crate::display::{plural, printable, thousands};
use crate::progress::ProgressBar;
use crate::Failure;

pub fn read_inputs(engine: &mut dyn pipeline::ObservationSink, args: &Args) -> Result<ReadSummary, Failure> {
    let mut bar = ProgressBar::new(!args.quiet && std::io::stderr().is_terminal());
    let result = pipeline::read_into(engine, &args.inputs, &args.pipeline, &mut |p| bar.draw(p));
    bar.clear();
    result.map_err(|e| Failure::Input(e.to_string()))
}

/// The read summary on standard error: what was read, what was skipped and why, and whether the account limit
/// dropped any.
pub fn report_summary(summary: &ReadSummary, accounts: usize, max_accounts: usize) {
    let formats: Vec<&str> = {
        let mut f: Vec<&str> =
            summary.inputs.iter().filter_map(|i| i.format.map(InputFormat::name)).collect();
        f.sort_unstable();
        f.dedup();
        f
    };
    eprintln!(
        "trichome: read {} record{} ({} observations) from {} input{} ({}); holding {} account{}",
        thousands(summary.records()),
        plural(summary.records()),
        thousands(summary.observations()),
        summary.inputs.len(),
        plural(summary.inputs.len() as u64),
        formats.join(", "),
        thousands(accounts as u64),
        plural(accounts as u64),
    );
    if summary.skipped > 0 {
        eprintln!(
            "trichome: skipped {} malformed record{}:",
            thousands(summary.skipped),
            plural(summary.skipped)
        );
        for w in &summary.skipped_examples {
            eprintln!("  {}", printable(&w.to_string()));
        }
        if summary.skipped > summary.skipped_examples.len() as u64 {
            eprintln!("  … and {} more", summary.skipped - summary.skipped_examples.len() as u64);
        }
    }
    if summary.notes > 0 {
        eprintln!("trichome: {} reader warning{}:", thousands(summary.notes), plural(summary.notes));
        for w in &summary.note_examples {
            eprintln!("  {}", printable(&w.to_string()));
        }
    }
    if accounts >= max_accounts {
        eprintln!(
            "trichome: warning: the limit of {max_accounts} accounts was reached and the least recently seen \
             were dropped; raise --max-accounts to keep them"
        );
    }
}
