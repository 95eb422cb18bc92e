//! `trichome`: the command-line tool that scores datasets with the same engine as the extension.
//!
//! Glue only: arguments in ([`args`]), [`trichome::import`] reads the inputs into a [`trichome::engine::Engine`]
//! ([`reading`]) or, for `score` and `eval` by default, into archive mode ([`archive_mode`]), and the verdicts go
//! out as JSON Lines, CSV or a table ([`score`]), one account's evidence ([`explain`]) or rates against labels
//! ([`eval`]). Usage, formats and exit codes are documented in `docs/cli.md`; `trichome help` prints the short
//! form.

mod archive_mode;
mod args;
mod display;
mod eval;
mod explain;
mod progress;
mod reading;
mod score;

use std::io::Write;
use std::process::ExitCode;

use trichome::engine::{Engine, Limits};

use args::{Command, OutputFormat, Request};

/// Why the tool stopped: each maps to one documented exit code.
pub enum Failure {
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

fn main() -> ExitCode {
    match run() {
        Ok(()) | Err(Failure::OutputClosed) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!(
                "trichome: {message}\n\nusage: trichome score|explain|eval [OPTIONS] FILE... (trichome help)"
            );
            ExitCode::from(2)
        }
        Err(Failure::Input(message)) => {
            eprintln!("trichome: error: {message}");
            ExitCode::from(1)
        }
    }
}

fn run() -> Result<(), Failure> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut args = match args::parse()? {
        Request::Printed => return Ok(()),
        Request::Completions(shell) => {
            args::completions(shell, &mut out);
            out.flush()?;
            return Ok(());
        }
        Request::Run(args) => args,
    };
    args.inputs = trichome::import::pipeline::expand_zip_archives(std::mem::take(&mut args.inputs))
        .map_err(|e| Failure::Input(e.to_string()))?;
    if args.archive_mode() {
        let verdicts = archive_mode::read_and_score(&args)?;
        match &args.command {
            Command::Eval(labels) => eval::eval(
                &verdicts,
                labels,
                args.pipeline.strict,
                args.output.unwrap_or(OutputFormat::Table),
                &mut out,
            )?,
            _ => score::score(&verdicts, args.output.unwrap_or(OutputFormat::Jsonl), &mut out)?,
        }
        out.flush()?;
        return Ok(());
    }
    let mut limits = Limits::default();
    limits.max_accounts = args.max_accounts.unwrap_or(limits.max_accounts);
    limits.max_posts_per_account = args.max_posts_per_account.unwrap_or(limits.max_posts_per_account);
    let mut engine = Engine::with_limits(limits);
    let summary = reading::read_inputs(&mut engine, &args)?;
    if !args.quiet {
        reading::report_summary(&summary, engine.account_count(), limits.max_accounts);
    }
    match &args.command {
        Command::Score => {
            score::score(&engine.verdicts(), args.output.unwrap_or(OutputFormat::Jsonl), &mut out)?
        }
        Command::Explain(account) => explain::explain(&engine, account, &mut out)?,
        Command::Eval(labels) => eval::eval(
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
