//! `eval`: the verdicts against a labels file, as rates per threshold, ROC AUC per signal and counts per level,
//! in a table or as JSON.

use std::io::Write;

use comfy_table::CellAlignment;
use trichome::import::labels::{self, Evaluation};
use trichome::import::pipeline;
use trichome::verdict::{Level, Verdict};

use crate::args::OutputFormat;
use crate::display::{plain_table, plural, printable};
use crate::Failure;

pub fn eval(
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

/// The evaluation as four tables: rates per threshold, ROC AUC per score, counts per level, and the labelled
/// accounts the input did not have.
fn evaluation_table(e: &Evaluation, out: &mut impl Write) -> Result<(), Failure> {
    let rate = |r: Option<f64>| r.map_or("n/a".to_string(), |r| format!("{r:.3}"));
    writeln!(
        out,
        "labelled accounts seen: {} positive, {} negative; not seen: {}",
        e.positives,
        e.negatives,
        e.unseen.len()
    )?;
    let (left, right) = (CellAlignment::Left, CellAlignment::Right);
    let thresholds = e.thresholds.iter().map(|t| {
        [
            t.threshold.to_string(),
            rate(t.precision),
            rate(t.recall),
            rate(t.false_positive_rate),
            t.true_positives.to_string(),
            t.false_positives.to_string(),
            t.false_negatives.to_string(),
            t.true_negatives.to_string(),
        ]
    });
    let header = ["threshold", "precision", "recall", "false-positive rate", "TP", "FP", "FN", "TN"];
    writeln!(out)?;
    for line in plain_table(header, thresholds, [left, right, right, right, right, right, right, right]) {
        writeln!(out, "{line}")?;
    }
    let auc = e.auc.iter().map(|a| [a.score.to_string(), rate(a.auc), a.accounts_with_signal.to_string()]);
    writeln!(out)?;
    for line in
        plain_table(["ROC AUC", "auc", "labelled accounts the signal spoke about"], auc, [left, right, left])
    {
        writeln!(out, "{line}")?;
    }
    let levels = [Level::Insufficient, Level::None, Level::Watch, Level::Likely];
    let counts = e.levels.iter().map(|(label, counts)| {
        let n = |l: &Level| counts.get(l).copied().unwrap_or(0).to_string();
        let name = if *label == labels::Label::Positive { "positive" } else { "negative" };
        [name.to_string(), n(&levels[0]), n(&levels[1]), n(&levels[2]), n(&levels[3])]
    });
    writeln!(out)?;
    for line in plain_table(
        ["level", "insufficient", "none", "watch", "likely"],
        counts,
        [left, right, right, right, right],
    ) {
        writeln!(out, "{line}")?;
    }
    if !e.unseen.is_empty() {
        let shown: Vec<&str> = e.unseen.iter().take(30).map(String::as_str).collect();
        let more = e.unseen.len() - shown.len();
        let more = if more > 0 { format!(" … and {more} more") } else { String::new() };
        writeln!(out, "\nlabelled but not in the input: {}{more}", printable(&shown.join(", ")))?;
    }
    Ok(())
}
