//! `score` and `eval` in archive mode: every post of every account, on every core, with the copy search over
//! the whole archive ([`trichome::archive`]). Glue only: options in, progress and a summary out.

use std::io::IsTerminal;
use std::time::Instant;

use trichome::archive::{Archive, ArchiveOptions};
use trichome::import::pipeline;
use trichome::verdict::Verdict;

use crate::args::{Args, Command, OutputFormat};
use crate::display::{plural, thousands};
use crate::progress::ProgressBar;
use crate::reading::report_summary;
use crate::Failure;

/// The cores this machine offers (1 when it cannot tell).
pub fn all_cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// Reads the inputs into an [`Archive`] and gives every account's verdict.
pub fn read_and_score(args: &Args) -> Result<Vec<Verdict>, Failure> {
    let mut options =
        ArchiveOptions { jobs: args.pipeline.jobs, spill_dir: args.spill_dir.clone(), ..Default::default() };
    // Only JSON Lines prints the evidence; a table, a CSV and an evaluation read none of it.
    options.evidence =
        matches!(args.command, Command::Score) && matches!(args.output, None | Some(OutputFormat::Jsonl));
    if let Some(m) = args.max_accounts {
        options.limits.max_accounts = m;
    }
    if let Some(m) = args.max_posts_per_account {
        options.limits.max_posts_per_account = m;
    }
    let started = Instant::now();
    let mut archive = Archive::start(options.clone())
        .map_err(|e| Failure::Input(format!("cannot start archive mode (spill directory): {e}")))?;
    let mut bar = ProgressBar::new(!args.quiet && std::io::stderr().is_terminal());
    let read = pipeline::read_into(&mut archive, &args.inputs, &args.pipeline, &mut |p| bar.draw(p));
    bar.clear();
    let mut summary = read.map_err(|e| Failure::Input(e.to_string()))?;
    let read_seconds = started.elapsed().as_secs_f64();
    let mut memory = MemoryTrace::from_env();
    memory.note("read", 0, 0);
    let scored = archive
        .finish(&mut |s| {
            memory.note(s.name, s.done, s.total);
            bar.stage(s.name, s.done, s.total)
        })
        .map_err(|e| Failure::Input(format!("archive mode failed: {e}")))?;
    bar.clear();
    memory.note("scored", 0, 0);
    summary.ingest = scored.ingest.clone();
    if !args.quiet {
        report_summary(
            &summary,
            scored.verdicts.len(),
            options.limits.max_accounts.saturating_mul(options.jobs),
        );
        let seconds = started.elapsed().as_secs_f64();
        eprintln!(
            "trichome: archive mode, {} thread{}: {} posts searched for copies over the whole archive; {} compared, \
             {} cross-account copy cluster{}; read in {:.1} s, {:.1} s in all ({} observations/s)",
            options.jobs,
            plural(options.jobs as u64),
            thousands(scored.posts_searched),
            thousands(scored.links.compared),
            thousands(scored.copy_clusters as u64),
            plural(scored.copy_clusters as u64),
            read_seconds,
            seconds,
            thousands((summary.observations() as f64 / seconds.max(1e-3)) as u64),
        );
    }
    Ok(scored.verdicts)
}

/// With `TRICHOME_MEMORY` set, the process's resident memory and its peak so far (from `/proc/self/status`)
/// on stderr at each step of archive mode: where the memory of a large archive goes.
struct MemoryTrace {
    enabled: bool,
    last: Option<(&'static str, usize)>,
}

impl MemoryTrace {
    fn from_env() -> MemoryTrace {
        MemoryTrace { enabled: std::env::var_os("TRICHOME_MEMORY").is_some(), last: None }
    }

    /// Notes a step's start, and every eighth of its way.
    fn note(&mut self, name: &'static str, done: usize, total: usize) {
        let tick = (done * 8).checked_div(total).unwrap_or(0);
        if !self.enabled || self.last == Some((name, tick)) {
            return;
        }
        self.last = Some((name, tick));
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |f: &str| {
            status.lines().find_map(|l| l.strip_prefix(f)).map(|v| v.trim().to_string()).unwrap_or_default()
        };
        eprintln!(
            "trichome: memory at {name} {done}/{total}: resident {}, peak {}",
            field("VmRSS:"),
            field("VmHWM:")
        );
    }
}
