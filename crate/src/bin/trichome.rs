//! `trichome`: the command-line tool that scores datasets with the same engine as the extension.
//!
//! Glue only: arguments in, [`trichome::import`] reads the inputs into a [`trichome::engine::Engine`], and the
//! verdicts go out as JSON Lines, CSV or text for a terminal. Usage, formats and exit codes are documented in
//! `docs/cli.md`; `trichome help` prints the short form.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use trichome::engine::{account_key, Engine, Limits};
use trichome::import::labels::{self, Evaluation};
use trichome::import::pipeline::{self, Input, PipelineOptions, Progress, ReadSummary};
use trichome::import::{self, InputFormat, ReadOptions};
use trichome::observation::Site;
use trichome::time;
use trichome::verdict::{Level, Signal, Verdict, SIGN_WEIGHT, STRONG_WEIGHT};

#[path = "trichome/archive_mode.rs"]
mod archive_mode;

const USAGE: &str = "\
usage: trichome score   [OPTIONS] FILE... | -
       trichome explain [OPTIONS] ACCOUNT FILE... | -
       trichome eval    [OPTIONS] --labels LABELS.tsv FILE... | -

Scores every account in the inputs on duplicated phrasing, posting times, drift and identity signs.

commands:
  score      one verdict per account
  explain    every signal's evidence for one account (id, handle or site:id), and its posting hours
  eval       precision, recall, false-positive rate and ROC AUC against labels (account<TAB>positive|negative)

options:
  --format F            score: jsonl (default), csv, table;  eval: table (default), json
  --input-format F      auto (default), observations, x-graphql, youtube-next, capture, io-archive, ira, csv
  --strict              stop at the first malformed record (exit 1) instead of skipping it
  -j, --jobs N          threads (default: every core; verdicts do not depend on it)
  --observed-at TIME    when raw captures were received (relative times count back from it)
  --browser-limits      score as the extension does: one engine, 400 posts per account, a copy index of
                        the newest 50000 posts, --max-accounts (default 20000); otherwise score and eval
                        run in archive mode: every post of every account searched for copies (docs/cli.md)
  --max-accounts N      accounts held at most (archive mode: per thread, default 10000000)
  --max-posts-per-account N   posts per account the timing, drift and identity signs read (default 400)
  --spill-dir DIR       archive mode: where to spill fingerprints and keys (default: the temp directory)
  --labels FILE         eval: the labels file
  -q, --quiet           no read summary on standard error
  -h, --help            this help;  -V, --version: the version

inputs: a .gz file is decoded as it is read; a .zip file stands for the files inside it, in order.

exit codes: 0 ok, 1 input error (unreadable file, unknown format, malformed record with --strict,
            account not found), 2 usage error";

/// Why the tool stopped: each maps to one documented exit code.
enum Failure {
    /// The command line was wrong: exit 2.
    Usage(String),
    /// An input could not be read, or was malformed under `--strict`: exit 1.
    Input(String),
    /// Standard output went away (`| head`): exit 0 quietly.
    OutputClosed,
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::OutputClosed
        } else {
            Failure::Input(format!("cannot write the output: {e}"))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OutputFormat {
    Jsonl,
    Csv,
    Table,
    Json,
}

enum Command {
    Score,
    Explain(String),
    Eval(String),
}

struct Args {
    command: Command,
    inputs: Vec<Input>,
    output: Option<OutputFormat>,
    pipeline: PipelineOptions,
    max_accounts: Option<usize>,
    max_posts_per_account: Option<usize>,
    browser_limits: bool,
    spill_dir: Option<std::path::PathBuf>,
    quiet: bool,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) | Err(Failure::OutputClosed) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("trichome: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Input(message)) => {
            eprintln!("trichome: error: {message}");
            ExitCode::from(1)
        }
    }
}

fn run() -> Result<(), Failure> {
    let mut raw = Vec::new();
    for arg in std::env::args_os().skip(1) {
        raw.push(arg.into_string().map_err(|a| Failure::Usage(format!("argument {a:?} is not UTF-8")))?);
    }
    if raw.iter().any(|a| a == "-h" || a == "--help" || a == "help") || raw.is_empty() {
        println!("{USAGE}");
        return Ok(());
    }
    if raw.iter().any(|a| a == "-V" || a == "--version") {
        println!("trichome {}", env!("CARGO_PKG_VERSION"));
        return Ok(());
    }
    let mut args = parse_args(raw)?;
    args.inputs = pipeline::expand_zip_archives(std::mem::take(&mut args.inputs))
        .map_err(|e| Failure::Input(e.to_string()))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if !args.browser_limits && !matches!(args.command, Command::Explain(_)) {
        let verdicts = archive_mode::read_and_score(&args)?;
        match &args.command {
            Command::Eval(labels) => eval(
                &verdicts,
                labels,
                args.pipeline.strict,
                args.output.unwrap_or(OutputFormat::Table),
                &mut out,
            )?,
            _ => score(&verdicts, args.output.unwrap_or(OutputFormat::Jsonl), &mut out)?,
        }
        out.flush()?;
        return Ok(());
    }
    let mut limits = Limits::default();
    limits.max_accounts = args.max_accounts.unwrap_or(limits.max_accounts);
    limits.max_posts_per_account = args.max_posts_per_account.unwrap_or(limits.max_posts_per_account);
    let mut engine = Engine::with_limits(limits);
    let summary = read_inputs(&mut engine, &args)?;
    if !args.quiet {
        report_summary(&summary, engine.account_count(), limits.max_accounts);
    }
    match &args.command {
        Command::Score => score(&engine.verdicts(), args.output.unwrap_or(OutputFormat::Jsonl), &mut out)?,
        Command::Explain(account) => explain(&engine, account, &mut out)?,
        Command::Eval(labels) => eval(
            &engine.verdicts(),
            labels,
            args.pipeline.strict,
            args.output.unwrap_or(OutputFormat::Table),
            &mut out,
        )?,
    }
    out.flush()?;
    Ok(())
}

fn parse_args(raw: Vec<String>) -> Result<Args, Failure> {
    let usage = |m: String| Failure::Usage(m);
    let mut words = raw.into_iter();
    let command = words.next().unwrap_or_default();
    let mut positional = Vec::new();
    let mut output = None;
    let mut pipeline = PipelineOptions::default();
    let mut max_accounts = None;
    let mut max_posts_per_account = None;
    let mut browser_limits = false;
    let mut spill_dir = None;
    let mut jobs = None;
    let mut labels = None;
    let mut quiet = false;
    let mut only_files = false;
    while let Some(word) = words.next() {
        if only_files || word == "-" || !word.starts_with('-') {
            positional.push(word);
            continue;
        }
        let (flag, inline) = match word.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (word.clone(), None),
        };
        let mut value = |name: &str| {
            inline.clone().or_else(|| words.next()).ok_or_else(|| usage(format!("{name} needs a value")))
        };
        match flag.as_str() {
            "--" => only_files = true,
            "--strict" => pipeline.strict = true,
            "-q" | "--quiet" => quiet = true,
            "--format" => {
                output = Some(match value("--format")?.as_str() {
                    "jsonl" => OutputFormat::Jsonl,
                    "csv" => OutputFormat::Csv,
                    "table" => OutputFormat::Table,
                    "json" => OutputFormat::Json,
                    other => return Err(usage(format!("unknown --format '{other}'"))),
                })
            }
            "--input-format" => {
                let name = value("--input-format")?;
                pipeline.format = match name.as_str() {
                    "auto" => None,
                    _ => Some(
                        InputFormat::from_name(&name)
                            .ok_or_else(|| usage(format!("unknown --input-format '{name}'")))?,
                    ),
                }
            }
            "-j" | "--jobs" => {
                let n = value("--jobs")?;
                jobs = Some(n.parse().ok().filter(|j| *j >= 1).ok_or_else(|| {
                    usage(format!("--jobs takes a whole number of threads, at least 1, not '{n}'"))
                })?);
            }
            "--max-accounts" => {
                let n = value("--max-accounts")?;
                max_accounts =
                    Some(n.parse().ok().filter(|m| *m >= 1).ok_or_else(|| {
                        usage(format!("--max-accounts takes a positive number, not '{n}'"))
                    })?);
            }
            "--max-posts-per-account" => {
                let n = value("--max-posts-per-account")?;
                max_posts_per_account = Some(n.parse().ok().filter(|m| *m >= 1).ok_or_else(|| {
                    usage(format!("--max-posts-per-account takes a positive number, not '{n}'"))
                })?);
            }
            "--browser-limits" => browser_limits = true,
            "--spill-dir" => spill_dir = Some(std::path::PathBuf::from(value("--spill-dir")?)),
            "--observed-at" => {
                let t = value("--observed-at")?;
                let at = import::parse_post_time(&t).ok_or_else(|| {
                    usage(format!("--observed-at '{t}' is not a time (e.g. 2026-01-31T12:00Z)"))
                })?;
                pipeline.read = ReadOptions { observed_at: Some(at.earliest) };
            }
            "--labels" => labels = Some(value("--labels")?),
            other => return Err(usage(format!("unknown option '{other}'"))),
        }
    }
    let command = match command.as_str() {
        "score" => Command::Score,
        "explain" => {
            if positional.is_empty() {
                return Err(usage("explain needs an ACCOUNT".into()));
            }
            Command::Explain(positional.remove(0))
        }
        "eval" => Command::Eval(labels.take().ok_or_else(|| usage("eval needs --labels FILE".into()))?),
        other => return Err(usage(format!("unknown command '{other}'"))),
    };
    if labels.is_some() {
        return Err(usage("--labels belongs to eval".into()));
    }
    let allowed: &[OutputFormat] = match command {
        Command::Score => &[OutputFormat::Jsonl, OutputFormat::Csv, OutputFormat::Table],
        Command::Eval(_) => &[OutputFormat::Table, OutputFormat::Json],
        Command::Explain(_) => &[OutputFormat::Table],
    };
    if output.is_some_and(|o| !allowed.contains(&o)) {
        return Err(usage("that --format does not apply to this command".into()));
    }
    if positional.is_empty() {
        return Err(usage("no input files (give FILE... or - for standard input)".into()));
    }
    if positional.iter().filter(|p| *p == "-").count() > 1 {
        return Err(usage("standard input (-) can be read only once".into()));
    }
    let inputs = positional.iter().map(|p| Input::from_arg(p)).collect();
    // Archive mode uses every core unless told; the extension's limits keep the single-threaded default.
    let archive = !browser_limits && !matches!(command, Command::Explain(_));
    pipeline.jobs = jobs.unwrap_or(if archive { archive_mode::all_cores() } else { 1 });
    Ok(Args {
        command,
        inputs,
        output,
        pipeline,
        max_accounts,
        max_posts_per_account,
        browser_limits,
        spill_dir,
        quiet,
    })
}

fn read_inputs(engine: &mut dyn pipeline::ObservationSink, args: &Args) -> Result<ReadSummary, Failure> {
    let mut bar = ProgressBar::new(!args.quiet && std::io::stderr().is_terminal());
    let result = pipeline::read_into(engine, &args.inputs, &args.pipeline, &mut |p| bar.draw(p));
    bar.clear();
    result.map_err(|e| Failure::Input(e.to_string()))
}

/// A one-line progress bar on standard error, redrawn at most ten times a second.
struct ProgressBar {
    enabled: bool,
    started: Instant,
    last: Option<Instant>,
}

impl ProgressBar {
    fn new(enabled: bool) -> Self {
        ProgressBar { enabled, started: Instant::now(), last: None }
    }

    fn draw(&mut self, p: &Progress) {
        if !self.enabled || self.last.is_some_and(|l| l.elapsed() < Duration::from_millis(100)) {
            return;
        }
        self.last = Some(Instant::now());
        let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
        let share = p.bytes_total.filter(|t| *t > 0).map(|t| (p.bytes_read as f64 / t as f64).min(1.0));
        let bar: String = match share {
            Some(s) => {
                let filled = (s * 30.0).round() as usize;
                format!("[{}{}] {:3.0}%", "█".repeat(filled), "░".repeat(30 - filled), s * 100.0)
            }
            None => format!("{:.1} MB", p.bytes_read as f64 / 1e6),
        };
        // Time left, from the share of bytes read so far and the time it took.
        let left = share.filter(|s| *s > 0.01).map(|s| seconds * (1.0 - s) / s);
        eprint!(
            "\r{bar}  {}/{} inputs  {} observations  {}/s{}\x1b[K",
            p.inputs_done,
            p.inputs_total,
            thousands(p.observations),
            thousands((p.observations as f64 / seconds) as u64),
            left.map(|l| format!("  {} left", duration(l))).unwrap_or_default()
        );
    }

    /// A step after reading: its name, and how many of its parts are done.
    fn stage(&mut self, name: &str, done: usize, total: usize) {
        if !self.enabled
            || (done > 0
                && done < total
                && self.last.is_some_and(|l| l.elapsed() < Duration::from_millis(100)))
        {
            return;
        }
        self.last = Some(Instant::now());
        let share = done as f64 / total.max(1) as f64;
        let filled = (share * 30.0).round() as usize;
        eprint!(
            "\r[{}{}] {:3.0}%  {name}  {done}/{total}\x1b[K",
            "█".repeat(filled),
            "░".repeat(30 - filled),
            share * 100.0
        );
    }

    fn clear(&self) {
        if self.enabled && self.last.is_some() {
            eprint!("\r\x1b[K");
        }
    }
}

fn report_summary(summary: &ReadSummary, accounts: usize, max_accounts: usize) {
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

fn score(verdicts: &[Verdict], format: OutputFormat, out: &mut impl Write) -> Result<(), Failure> {
    match format {
        OutputFormat::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(["account", "handle", "level", "score", "signals"]).map_err(csv_failure)?;
            for v in verdicts {
                csv.write_record([
                    account_key(v.site, &v.account.id),
                    v.account.handle.clone().unwrap_or_default(),
                    v.level.as_str().to_string(),
                    v.score.to_string(),
                    signal_list(&v.signals, "="),
                ])
                .map_err(csv_failure)?;
            }
            csv.flush()?;
        }
        OutputFormat::Table => table(verdicts, out)?,
        OutputFormat::Jsonl | OutputFormat::Json => {
            for v in verdicts {
                serde_json::to_writer(&mut *out, v).map_err(|e| Failure::Input(e.to_string()))?;
                out.write_all(b"\n")?;
            }
        }
    }
    Ok(())
}

fn csv_failure(e: csv::Error) -> Failure {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Failure::from(io),
        other => Failure::Input(format!("cannot write CSV: {other:?}")),
    }
}

/// `duplicate=0.72;timing=0.40`: each signal's strength × confidence, strongest first.
fn signal_list(signals: &[Signal], between: &str) -> String {
    let mut s: Vec<&Signal> = signals.iter().collect();
    s.sort_by(|a, b| b.weight().total_cmp(&a.weight()));
    let parts: Vec<String> =
        s.iter().map(|s| format!("{}{between}{:.2}", kind_name(s), s.weight())).collect();
    parts.join(if between == "=" { ";" } else { ", " })
}

fn kind_name(s: &Signal) -> String {
    serde_json::to_value(s.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn table(verdicts: &[Verdict], out: &mut impl Write) -> Result<(), Failure> {
    let mut rows: Vec<&Verdict> = verdicts.iter().collect();
    rows.sort_by(|a, b| b.score.cmp(&a.score).then(b.level.cmp(&a.level)));
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|v| {
            [
                v.score.to_string(),
                v.level.as_str().to_string(),
                v.posts_seen.to_string(),
                shorten(&account_key(v.site, &v.account.id), 40),
                v.account.handle.as_deref().map(|h| shorten(&format!("@{h}"), 24)).unwrap_or_default(),
                signal_list(&v.signals, " "),
            ]
        })
        .collect();
    let header = ["SCORE", "LEVEL", "POSTS", "ACCOUNT", "HANDLE", "SIGNALS"];
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 6]| {
        format!(
            "{:>w0$}  {:<w1$}  {:>w2$}  {:<w3$}  {:<w4$}  {}",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            cells[4],
            cells[5],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
            w4 = widths[4]
        )
    };
    writeln!(out, "{}", line(header).trim_end())?;
    for row in &cells {
        writeln!(out, "{}", line(row.each_ref().map(String::as_str)).trim_end())?;
    }
    let count = |l: Level| verdicts.iter().filter(|v| v.level == l).count();
    writeln!(
        out,
        "\n{} account{}: {} likely, {} watch, {} none, {} insufficient data",
        verdicts.len(),
        plural(verdicts.len() as u64),
        count(Level::Likely),
        count(Level::Watch),
        count(Level::None),
        count(Level::Insufficient)
    )?;
    Ok(())
}

/// The key of the account `name` names: a key (`x:123`), an id, or a handle with or without `@`.
fn find_account(engine: &Engine, name: &str) -> Option<String> {
    if let Some(h) = engine.history(name) {
        return Some(h.key());
    }
    let bare = name.trim_start_matches('@');
    for site in [Site::X, Site::Youtube, Site::Other] {
        for id in [bare.to_string(), format!("@{bare}")] {
            if let Some(h) = engine.history(&account_key(site, &id)) {
                return Some(h.key());
            }
        }
    }
    engine
        .histories()
        .into_iter()
        .find(|h| h.handles.iter().any(|s| s.value.eq_ignore_ascii_case(bare)))
        .map(|h| h.key())
}

fn explain(engine: &Engine, name: &str, out: &mut impl Write) -> Result<(), Failure> {
    let key = find_account(engine, name).ok_or_else(|| {
        Failure::Input(format!(
            "account '{name}' is not in the input ({} accounts read; give an id, a handle or site:id)",
            engine.account_count()
        ))
    })?;
    let (Some(v), Some(history)) = (engine.verdict(&key), engine.history(&key)) else {
        return Err(Failure::Input(format!("account '{name}' has no verdict")));
    };
    let handle = v.account.handle.as_deref().map(|h| format!("  @{h}")).unwrap_or_default();
    let display = v.account.name.as_deref().map(|n| format!("  \"{n}\"")).unwrap_or_default();
    writeln!(out, "{}", printable(&format!("{key}{handle}{display}")))?;
    writeln!(out, "level: {} (score {}), {} posts held", v.level.as_str(), v.score, v.posts_seen)?;
    for (what, seen) in [("names", &history.names), ("handles", &history.handles)] {
        if seen.len() > 1 {
            let list: Vec<&str> = seen.iter().map(|s| s.value.as_str()).collect();
            writeln!(out, "{what} seen: {}", printable(&list.join(", ")))?;
        }
    }
    if v.signals.is_empty() {
        writeln!(out, "\nNo signal had anything to say about this account.")?;
    }
    let mut signals: Vec<&Signal> = v.signals.iter().collect();
    signals.sort_by(|a, b| b.weight().total_cmp(&a.weight()));
    for s in signals {
        let rank = if s.weight() >= STRONG_WEIGHT {
            "a strong sign"
        } else if s.weight() >= SIGN_WEIGHT {
            "a sign"
        } else {
            "below the threshold of a sign"
        };
        writeln!(
            out,
            "\n{}: strength {:.2} × confidence {:.2} = {:.2}, {rank}",
            kind_name(s),
            s.strength,
            s.confidence,
            s.weight()
        )?;
        writeln!(out, "  {}", printable(&s.summary))?;
        let mut lines = Vec::new();
        evidence_lines(&s.evidence, "", 4, &mut lines);
        if !lines.is_empty() {
            writeln!(out, "  evidence:")?;
            for l in lines {
                writeln!(out, "{l}")?;
            }
        }
    }
    let clusters = &engine.cross_account().clusters;
    let mine: Vec<_> = clusters.iter().filter(|c| v.clusters.contains(&c.id)).collect();
    if !mine.is_empty() {
        writeln!(out, "\nclusters:")?;
        for c in mine {
            let members: Vec<String> = c.members.iter().take(12).cloned().collect();
            let more = c.members.len().saturating_sub(members.len());
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            writeln!(out, "  {}: {}", c.id, printable(&c.summary))?;
            writeln!(out, "    members: {}{more}", printable(&members.join(", ")))?;
        }
    }
    if !v.unknowns.is_empty() {
        writeln!(out, "\nnot known:")?;
        for u in &v.unknowns {
            writeln!(out, "  - {}", printable(u))?;
        }
    }
    writeln!(out)?;
    hour_of_week_grid(&history.precise_times(), history.posts.len(), out)
}

/// The evidence as indented lines: objects as `key: value`, arrays as `- ` items (the first few), Unix
/// times also as dates.
fn evidence_lines(value: &serde_json::Value, key: &str, indent: usize, out: &mut Vec<String>) {
    use serde_json::Value;
    const ITEMS_SHOWN: usize = 8;
    let pad = " ".repeat(indent);
    let label = if key.is_empty() { String::new() } else { format!("{key}: ") };
    match value {
        Value::Null => {}
        Value::Object(map) => {
            if !key.is_empty() {
                out.push(format!("{pad}{key}:"));
            }
            let inner = if key.is_empty() { indent } else { indent + 2 };
            for (k, v) in map {
                evidence_lines(v, k, inner, out);
            }
        }
        Value::Array(items) => {
            if items.iter().all(|i| !i.is_object() && !i.is_array()) {
                let shown: Vec<String> = items.iter().take(ITEMS_SHOWN * 2).map(scalar).collect();
                let more = items.len().saturating_sub(shown.len());
                let more = if more > 0 { format!(" … and {more} more") } else { String::new() };
                out.push(format!("{pad}{label}[{}]{more}", shown.join(", ")));
                return;
            }
            out.push(format!("{pad}{key}:"));
            for item in items.iter().take(ITEMS_SHOWN) {
                let mut lines = Vec::new();
                evidence_lines(item, "", indent + 4, &mut lines);
                for (i, l) in lines.into_iter().enumerate() {
                    // The first line of each item carries its dash.
                    let l = if i == 0 { format!("{pad}  - {}", l.trim_start()) } else { l };
                    out.push(l);
                }
            }
            if items.len() > ITEMS_SHOWN {
                out.push(format!("{pad}  … and {} more", items.len() - ITEMS_SHOWN));
            }
        }
        scalar_value => {
            let is_time = key == "at" || key.ends_with("_at") || key == "first" || key == "last";
            let date = match scalar_value.as_i64() {
                Some(t) if is_time && t > 100_000_000 => format!(" ({})", time::format_iso(t)),
                _ => String::new(),
            };
            out.push(format!("{pad}{label}{}{date}", scalar(scalar_value)));
        }
    }
}

fn scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => format!("\"{}\"", printable(&shorten(s, 160))),
        serde_json::Value::Number(n) if n.is_f64() => format!("{:.3}", n.as_f64().unwrap_or(0.0)),
        other => printable(&other.to_string()),
    }
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The 7×24 grid of posting hours in UTC, one shaded cell per hour of the week.
fn hour_of_week_grid(times: &[i64], held: usize, out: &mut impl Write) -> Result<(), Failure> {
    let mut counts = [[0u32; 24]; 7];
    for &t in times {
        let day = time::weekday(t, 0) as usize;
        let hour = (time::minute_of_day(t, 0) / 60) as usize;
        counts[day.min(6)][hour.min(23)] += 1;
    }
    let max = counts.iter().flatten().copied().max().unwrap_or(0);
    writeln!(out, "posting hours, UTC ({} of {held} posts known to the minute)", times.len())?;
    if max == 0 {
        writeln!(out, "  no post time is known to the minute")?;
        return Ok(());
    }
    let mut header = [' '; 48];
    for hour in (0..24).step_by(3) {
        for (i, c) in hour.to_string().chars().enumerate() {
            header[hour * 2 + i] = c;
        }
    }
    writeln!(out, "       {}", header.iter().collect::<String>().trim_end())?;
    for (day, row) in counts.iter().enumerate() {
        let cells: String = row.iter().map(|&c| shade(c, max)).collect();
        writeln!(out, "  {}  {cells}  {}", DAYS[day], row.iter().sum::<u32>())?;
    }
    writeln!(
        out,
        "  · none  ░ up to ¼  ▒ up to ½  ▓ up to ¾  █ up to {max} post{} in one hour of the week",
        plural(u64::from(max))
    )?;
    Ok(())
}

fn shade(count: u32, max: u32) -> &'static str {
    if count == 0 {
        return "· ";
    }
    match f64::from(count) / f64::from(max.max(1)) {
        r if r <= 0.25 => "░░",
        r if r <= 0.5 => "▒▒",
        r if r <= 0.75 => "▓▓",
        _ => "██",
    }
}

fn eval(
    verdicts: &[Verdict],
    labels_path: &str,
    strict: bool,
    format: OutputFormat,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let text = std::fs::read(labels_path)
        .map_err(|e| Failure::Input(format!("cannot read '{labels_path}': {e}")))?;
    let (labelled, warnings) = labels::read_labels(labels_path, &String::from_utf8_lossy(&text));
    if let Some(first) = warnings.first() {
        if strict {
            return Err(Failure::Input(first.to_string()));
        }
        eprintln!("trichome: skipped {} label line{}:", warnings.len(), plural(warnings.len() as u64));
        for w in warnings.iter().take(pipeline::EXAMPLES_KEPT) {
            eprintln!("  {}", printable(&w.to_string()));
        }
    }
    let evaluation = labels::evaluate(&labelled, verdicts);
    if format == OutputFormat::Json {
        serde_json::to_writer_pretty(&mut *out, &evaluation).map_err(|e| Failure::Input(e.to_string()))?;
        writeln!(out)?;
        return Ok(());
    }
    evaluation_table(&evaluation, out)
}

fn evaluation_table(e: &Evaluation, out: &mut impl Write) -> Result<(), Failure> {
    let rate = |r: Option<f64>| r.map_or("n/a".to_string(), |r| format!("{r:.3}"));
    writeln!(
        out,
        "labelled accounts seen: {} positive, {} negative; not seen: {}",
        e.positives,
        e.negatives,
        e.unseen.len()
    )?;
    writeln!(out, "\nthreshold  precision  recall  false-positive rate     TP     FP     FN     TN")?;
    for t in &e.thresholds {
        writeln!(
            out,
            "{:<9}  {:>9}  {:>6}  {:>19}  {:>5}  {:>5}  {:>5}  {:>5}",
            t.threshold,
            rate(t.precision),
            rate(t.recall),
            rate(t.false_positive_rate),
            t.true_positives,
            t.false_positives,
            t.false_negatives,
            t.true_negatives
        )?;
    }
    writeln!(out, "\nROC AUC      auc  labelled accounts the signal spoke about")?;
    for a in &e.auc {
        writeln!(out, "{:<9}  {:>5}  {}", a.score, rate(a.auc), a.accounts_with_signal)?;
    }
    let levels = [Level::Insufficient, Level::None, Level::Watch, Level::Likely];
    writeln!(out, "\nlevel      insufficient   none  watch  likely")?;
    for (label, counts) in &e.levels {
        let n = |l: &Level| counts.get(l).copied().unwrap_or(0);
        let name = if *label == labels::Label::Positive { "positive" } else { "negative" };
        writeln!(
            out,
            "{name:<9}  {:>12}  {:>5}  {:>5}  {:>6}",
            n(&levels[0]),
            n(&levels[1]),
            n(&levels[2]),
            n(&levels[3])
        )?;
    }
    if !e.unseen.is_empty() {
        let shown: Vec<&str> = e.unseen.iter().take(30).map(String::as_str).collect();
        let more = e.unseen.len() - shown.len();
        let more = if more > 0 { format!(" … and {more} more") } else { String::new() };
        writeln!(out, "\nlabelled but not in the input: {}{more}", printable(&shown.join(", ")))?;
    }
    Ok(())
}

/// Page text is hostile: control characters (terminal escapes) never reach the terminal.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\r' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

/// `1 h 02 min`, `3 min 05 s`, `42 s`.
fn duration(seconds: f64) -> String {
    let s = seconds.round() as u64;
    if s >= 3600 {
        format!("{} h {:02} min", s / 3600, s % 3600 / 60)
    } else if s >= 60 {
        format!("{} min {:02} s", s / 60, s % 60)
    } else {
        format!("{s} s")
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
