//! `score`'s output: the verdicts as JSON Lines (the verdict JSON of `docs/verdicts.md`), as CSV, or as a table
//! sorted by score for a terminal.

use std::io::Write;

use comfy_table::CellAlignment;
use trichome::history::account_key;
use trichome::verdict::{Level, Signal, Verdict};

use crate::args::OutputFormat;
use crate::display::{plain_table, plural, shorten};
use crate::Failure;

pub fn score(verdicts: &[Verdict], format: OutputFormat, out: &mut impl Write) -> Result<(), Failure> {
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

pub fn kind_name(s: &Signal) -> String {
    serde_json::to_value(s.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The verdicts by score, strongest first, in aligned columns, then how many ended at each level.
fn table(verdicts: &[Verdict], out: &mut impl Write) -> Result<(), Failure> {
    let mut rows: Vec<&Verdict> = verdicts.iter().collect();
    rows.sort_by(|a, b| b.score.cmp(&a.score).then(b.level.cmp(&a.level)));
    let cells = rows.iter().map(|v| {
        [
            v.score.to_string(),
            v.level.as_str().to_string(),
            v.posts_seen.to_string(),
            shorten(&account_key(v.site, &v.account.id), 40),
            v.account.handle.as_deref().map(|h| shorten(&format!("@{h}"), 24)).unwrap_or_default(),
            signal_list(&v.signals, " "),
        ]
    });
    let (left, right) = (CellAlignment::Left, CellAlignment::Right);
    let header = ["SCORE", "LEVEL", "POSTS", "ACCOUNT", "HANDLE", "SIGNALS"];
    for line in plain_table(header, cells, [right, left, right, left, left, left]) {
        writeln!(out, "{line}")?;
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
