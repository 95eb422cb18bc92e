//! The command line (clap): the subcommands and their options, their help, and what they resolve to.
//!
//! Usage errors keep the tool's own wording (`unknown option '--bogus'`, `unknown --format 'xml'`) and exit 2;
//! `docs/cli.md` documents every option.

use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use trichome::import::pipeline::{Input, PipelineOptions};
use trichome::import::{self, InputFormat, ReadOptions};

use crate::Failure;

const AFTER_HELP: &str = "\
inputs: a .gz file is decoded as it is read; a .zip file stands for the files inside it, in order; - reads
standard input (once).

exit codes: 0 ok, 1 input error (unreadable file, unknown format, malformed record with --strict,
            account not found), 2 usage error";

/// `trichome`: the command line as clap reads it.
#[derive(Parser)]
#[command(
    name = "trichome",
    version,
    about = "Scores every account in the inputs on duplicated phrasing, posting times, drift and identity signs.",
    after_help = AFTER_HELP,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: CommandLine,
}

#[derive(Subcommand)]
enum CommandLine {
    /// One verdict per account.
    Score {
        /// jsonl (the verdict JSON, one a line), csv or table.
        #[arg(long, value_enum, value_name = "F")]
        format: Option<ScoreFormat>,
        #[command(flatten)]
        options: Options,
    },
    /// Every signal's evidence for one account, its clusters, and its posting hours (always with the
    /// extension's limits).
    Explain {
        /// The account: an id, a handle (with or without @) or site:id.
        #[arg(value_name = "ACCOUNT")]
        account: Option<String>,
        /// table, the only one.
        #[arg(long, value_enum, value_name = "F")]
        format: Option<ExplainFormat>,
        #[command(flatten)]
        options: Options,
    },
    /// Precision, recall, false-positive rate and ROC AUC against labels (account<TAB>positive|negative).
    Eval {
        /// The labels file.
        #[arg(long, value_name = "LABELS.tsv")]
        labels: Option<String>,
        /// table or json.
        #[arg(long, value_enum, value_name = "F")]
        format: Option<EvalFormat>,
        #[command(flatten)]
        options: Options,
    },
    /// A completion script for a shell, on standard output (e.g. `trichome completions bash`).
    Completions {
        /// bash, elvish, fish, powershell or zsh.
        shell: clap_complete::Shell,
    },
}

/// The options every scoring command takes.
#[derive(clap::Args)]
struct Options {
    /// The inputs (- for standard input).
    #[arg(value_name = "FILE")]
    inputs: Vec<String>,
    /// auto, observations, x-graphql, youtube-next, capture, io-archive, ira or csv: one format for every input.
    #[arg(long, value_name = "F", value_parser = input_format)]
    input_format: Option<FormatChoice>,
    /// Stop at the first malformed record (exit 1) instead of skipping it.
    #[arg(long)]
    strict: bool,
    /// Threads (default: every core in archive mode, 1 otherwise; verdicts do not depend on it).
    #[arg(short = 'j', long, value_name = "N", value_parser = jobs)]
    jobs: Option<usize>,
    /// When raw captures were received (relative times count back from it), e.g. 2026-01-31T12:00Z.
    #[arg(long, value_name = "TIME", value_parser = observed_at)]
    observed_at: Option<i64>,
    /// Score as the extension does: one engine, 400 posts per account, a copy index of the newest 50000 posts,
    /// --max-accounts (default 20000); otherwise score and eval run in archive mode (docs/cli.md).
    #[arg(long)]
    browser_limits: bool,
    /// Accounts held at most (archive mode: per bucket, default 10000000).
    #[arg(long, value_name = "N", value_parser = positive("--max-accounts"))]
    max_accounts: Option<usize>,
    /// Posts per account the timing, drift and identity signs read (default 400).
    #[arg(long, value_name = "N", value_parser = positive("--max-posts-per-account"))]
    max_posts_per_account: Option<usize>,
    /// Archive mode: where to spill fingerprints and keys (default: the temporary directory).
    #[arg(long, value_name = "DIR")]
    spill_dir: Option<PathBuf>,
    /// No read summary and no progress bar on standard error.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ScoreFormat {
    Jsonl,
    Csv,
    Table,
}

#[derive(Clone, Copy, ValueEnum)]
enum EvalFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExplainFormat {
    Table,
}

/// `--input-format`: one format, or `auto` (each input's own, detected).
#[derive(Clone, Copy)]
struct FormatChoice(Option<InputFormat>);

fn input_format(name: &str) -> Result<FormatChoice, String> {
    match name {
        "auto" => Ok(FormatChoice(None)),
        _ => InputFormat::from_name(name)
            .map(|f| FormatChoice(Some(f)))
            .ok_or_else(|| format!("unknown --input-format '{name}'")),
    }
}

fn jobs(n: &str) -> Result<usize, String> {
    n.parse()
        .ok()
        .filter(|j| *j >= 1)
        .ok_or_else(|| format!("--jobs takes a whole number of threads, at least 1, not '{n}'"))
}

fn positive(flag: &'static str) -> impl Fn(&str) -> Result<usize, String> + Clone {
    move |n| {
        n.parse().ok().filter(|m| *m >= 1).ok_or_else(|| format!("{flag} takes a positive number, not '{n}'"))
    }
}

fn observed_at(t: &str) -> Result<i64, String> {
    import::parse_post_time(t)
        .map(|at| at.earliest)
        .ok_or_else(|| format!("--observed-at '{t}' is not a time (e.g. 2026-01-31T12:00Z)"))
}

/// How verdicts are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// The verdict JSON, one a line.
    Jsonl,
    /// `account,handle,level,score,signals`.
    Csv,
    /// Aligned columns for a terminal.
    Table,
    /// One JSON document (eval).
    Json,
}

/// What to do.
pub enum Command {
    /// One verdict per account.
    Score,
    /// One account's evidence.
    Explain(String),
    /// Rates against the labels file.
    Eval(String),
}

/// What the command line asks for.
pub enum Request {
    /// Help or the version, already printed.
    Printed,
    /// A completion script for the shell.
    Completions(clap_complete::Shell),
    /// Reading inputs and printing what the engine makes of them.
    Run(Args),
}

/// The command line, resolved.
pub struct Args {
    /// What to do.
    pub command: Command,
    /// The inputs, in the order given.
    pub inputs: Vec<Input>,
    /// `--format`, when given (each command has its default).
    pub output: Option<OutputFormat>,
    /// How the inputs are read: `--input-format`, `--strict`, `--jobs`, `--observed-at`.
    pub pipeline: PipelineOptions,
    /// `--max-accounts`.
    pub max_accounts: Option<usize>,
    /// `--max-posts-per-account`.
    pub max_posts_per_account: Option<usize>,
    /// `--browser-limits`: one engine with the extension's limits instead of archive mode.
    pub browser_limits: bool,
    /// `--spill-dir`.
    pub spill_dir: Option<PathBuf>,
    /// `--quiet`: nothing on standard error but errors.
    pub quiet: bool,
}

impl Args {
    /// Archive mode: `score` and `eval` unless `--browser-limits`; `explain` never.
    pub fn archive_mode(&self) -> bool {
        !self.browser_limits && matches!(self.command, Command::Score | Command::Eval(_))
    }
}

/// Reads the command line.
pub fn parse() -> Result<Request, Failure> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return printed_or_usage(e).map(|()| Request::Printed),
    };
    let (command, output, options) = match cli.command {
        CommandLine::Score { format, options } => (Command::Score, format.map(OutputFormat::from), options),
        CommandLine::Explain { account, format, options } => {
            let account = account.ok_or_else(|| Failure::Usage("explain needs an ACCOUNT".into()))?;
            (Command::Explain(account), format.map(|_| OutputFormat::Table), options)
        }
        CommandLine::Eval { labels, format, options } => {
            let labels = labels.ok_or_else(|| Failure::Usage("eval needs --labels FILE".into()))?;
            (Command::Eval(labels), format.map(OutputFormat::from), options)
        }
        CommandLine::Completions { shell } => return Ok(Request::Completions(shell)),
    };
    if options.inputs.is_empty() {
        return Err(Failure::Usage("no input files (give FILE... or - for standard input)".into()));
    }
    if options.inputs.iter().filter(|p| *p == "-").count() > 1 {
        return Err(Failure::Usage("standard input (-) can be read only once".into()));
    }
    let mut pipeline = PipelineOptions { strict: options.strict, ..PipelineOptions::default() };
    pipeline.format = options.input_format.and_then(|f| f.0);
    if let Some(at) = options.observed_at {
        pipeline.read = ReadOptions { observed_at: Some(at) };
    }
    let mut args = Args {
        command,
        inputs: options.inputs.iter().map(|p| Input::from_arg(p)).collect(),
        output,
        pipeline,
        max_accounts: options.max_accounts,
        max_posts_per_account: options.max_posts_per_account,
        browser_limits: options.browser_limits,
        spill_dir: options.spill_dir,
        quiet: options.quiet,
    };
    // Archive mode uses every core unless told; the extension's limits keep the single-threaded default.
    args.pipeline.jobs =
        options.jobs.unwrap_or(if args.archive_mode() { crate::archive_mode::all_cores() } else { 1 });
    Ok(Request::Run(args))
}

/// Writes the completion script for `shell` to standard output.
pub fn completions(shell: clap_complete::Shell, out: &mut impl std::io::Write) {
    clap_complete::generate(shell, &mut Cli::command(), "trichome", out);
}

impl From<ScoreFormat> for OutputFormat {
    fn from(f: ScoreFormat) -> Self {
        match f {
            ScoreFormat::Jsonl => OutputFormat::Jsonl,
            ScoreFormat::Csv => OutputFormat::Csv,
            ScoreFormat::Table => OutputFormat::Table,
        }
    }
}

impl From<EvalFormat> for OutputFormat {
    fn from(f: EvalFormat) -> Self {
        match f {
            EvalFormat::Table => OutputFormat::Table,
            EvalFormat::Json => OutputFormat::Json,
        }
    }
}

/// Help and the version go to standard output (exit 0); anything else is a usage error in the tool's words.
fn printed_or_usage(e: clap::Error) -> Result<(), Failure> {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!("{e}");
            Ok(())
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            print!("{}", Cli::command().render_help());
            Ok(())
        }
        _ => Err(Failure::Usage(usage_message(&e))),
    }
}

fn usage_message(e: &clap::Error) -> String {
    let context = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(s)) => s.join(", "),
        _ => String::new(),
    };
    // `--format <F>`: the option alone.
    let option =
        || context(ContextKind::InvalidArg).split_whitespace().next().unwrap_or_default().to_string();
    match e.kind() {
        ErrorKind::UnknownArgument => format!("unknown option '{}'", context(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => {
            format!("unknown command '{}'", context(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue => format!(
            "unknown {} '{}' (one of: {})",
            option().trim_matches(['<', '>']).to_lowercase(),
            context(ContextKind::InvalidValue),
            context(ContextKind::ValidValue)
        ),
        ErrorKind::ValueValidation => match std::error::Error::source(e) {
            Some(reason) => reason.to_string(),
            None => first_line(e),
        },
        _ => first_line(e),
    }
}

/// clap's own message, without its `error: ` and its usage lines.
fn first_line(e: &clap::Error) -> String {
    let rendered = e.render().to_string();
    let line = rendered.lines().next().unwrap_or_default();
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}
