//! Labelled accounts, and how well the verdicts separate the positives from the negatives: what
//! `trichome eval` reports.
//!
//! A labels file has one `account<TAB>positive|negative` per line; `account` is the site's id, the handle
//! (with or without `@`) or the account key (`x:12345`). Blank lines and `#` comments are ignored, and so is
//! a first line whose label column reads `label`.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::observation::ReadWarning;
use crate::verdict::{Level, SignalKind, Verdict, SIGN_WEIGHT};

/// Which side of the question an account is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// Known to be part of a campaign, or taken over.
    Positive,
    /// Known to be an ordinary account.
    Negative,
}

/// One labelled account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledAccount {
    /// The account as the labels file names it.
    pub account: String,
    /// Its label.
    pub label: Label,
}

/// Reads a labels file's text. Lines that cannot be read come back as warnings naming `name:line`.
pub fn read_labels(name: &str, text: &str) -> (Vec<LabelledAccount>, Vec<ReadWarning>) {
    let mut labels = Vec::new();
    let mut warnings = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let at = format!("{name}:{}", i + 1);
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = if line.contains('\t') { line.split('\t') } else { line.split(' ') }
            .map(str::trim)
            .filter(|f| !f.is_empty());
        let (Some(account), Some(label), None) = (fields.next(), fields.next(), fields.next()) else {
            warnings.push(ReadWarning::new(at, "expected two columns: account<TAB>positive|negative"));
            continue;
        };
        let label = match label.to_ascii_lowercase().as_str() {
            "positive" => Label::Positive,
            "negative" => Label::Negative,
            "label" if i == 0 => continue,
            other => {
                warnings
                    .push(ReadWarning::new(at, format!("label '{other}' is neither positive nor negative")));
                continue;
            }
        };
        labels.push(LabelledAccount { account: account.to_string(), label });
    }
    (labels, warnings)
}

/// Counts and rates at one level threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdResult {
    /// `watch+` (watch or likely) or `likely`.
    pub threshold: String,
    /// Positives at or above the threshold.
    pub true_positives: usize,
    /// Negatives at or above the threshold.
    pub false_positives: usize,
    /// Positives below it.
    pub false_negatives: usize,
    /// Negatives below it.
    pub true_negatives: usize,
    /// TP / (TP + FP); `None` when nothing was flagged.
    pub precision: Option<f64>,
    /// TP / (TP + FN); `None` without positives.
    pub recall: Option<f64>,
    /// FP / (FP + TN); `None` without negatives.
    pub false_positive_rate: Option<f64>,
}

/// The area under the ROC curve of one score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AucResult {
    /// `score` (the combined 0..100), or a signal kind (its strength × confidence, 0 when it did not speak).
    pub score: String,
    /// The probability that a random positive scores above a random negative (ties count half); `None`
    /// unless both classes were seen.
    pub auc: Option<f64>,
    /// Labelled accounts that the signal spoke about at all.
    pub accounts_with_signal: usize,
}

/// What `trichome eval` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Positives that were seen in the input.
    pub positives: usize,
    /// Negatives that were seen in the input.
    pub negatives: usize,
    /// Labelled accounts not seen in the input (not counted anywhere else).
    pub unseen: Vec<String>,
    /// Results at each level threshold.
    pub thresholds: Vec<ThresholdResult>,
    /// ROC AUC of the combined score and of each signal.
    pub auc: Vec<AucResult>,
    /// How many positives and negatives ended at each level.
    pub levels: BTreeMap<Label, BTreeMap<Level, usize>>,
    /// For each signal kind, how many positives and negatives it gave a sign (weight at least
    /// [`crate::verdict::SIGN_WEIGHT`]): what each signal alone would have flagged.
    pub signs: Vec<SignCount>,
}

/// How many labelled accounts one signal kind gave a sign.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignCount {
    /// The signal kind.
    pub kind: String,
    /// Positives with a sign of this kind.
    pub positives: usize,
    /// Negatives with a sign of this kind.
    pub negatives: usize,
}

fn identifier(s: &str) -> String {
    s.trim().trim_start_matches('@').to_lowercase()
}

/// Pairs each label with the verdict of the account it names (by id, handle with or without `@`, or key;
/// ids win over handles when one account's handle is another's id). Returns the pairs, in label order, and the
/// labelled accounts found in no verdict.
pub fn pair<'v>(
    labels: &[LabelledAccount],
    verdicts: &'v [Verdict],
) -> (Vec<(Label, &'v Verdict)>, Vec<String>) {
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (i, v) in verdicts.iter().enumerate() {
        if let Some(h) = &v.account.handle {
            by_name.insert(identifier(h), i);
        }
    }
    for (i, v) in verdicts.iter().enumerate() {
        by_name.insert(identifier(&v.account.id), i);
        by_name.insert(format!("{}:{}", v.site.as_str(), v.account.id).to_lowercase(), i);
    }
    let mut seen: Vec<(Label, &Verdict)> = Vec::new();
    let mut unseen = Vec::new();
    for l in labels {
        match by_name.get(&identifier(&l.account)).or_else(|| by_name.get(&l.account.to_lowercase())) {
            Some(&i) => seen.push((l.label, &verdicts[i])),
            None => unseen.push(l.account.clone()),
        }
    }
    (seen, unseen)
}

/// Measures `verdicts` against `labels`.
pub fn evaluate(labels: &[LabelledAccount], verdicts: &[Verdict]) -> Evaluation {
    let (seen, unseen) = pair(labels, verdicts);
    let positives = seen.iter().filter(|(l, _)| *l == Label::Positive).count();
    let negatives = seen.len() - positives;
    let thresholds = [("watch+", Level::Watch), ("likely", Level::Likely)]
        .into_iter()
        .map(|(name, level)| threshold(name, &seen, level))
        .collect();
    let mut auc = vec![auc_of("score", &seen, |v| Some(f64::from(v.score)))];
    let mut signs = Vec::new();
    for kind in [SignalKind::Drift, SignalKind::Duplicate, SignalKind::Timing, SignalKind::Identity] {
        let name =
            serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let weight =
            |v: &Verdict| v.signals.iter().filter(|s| s.kind == kind).map(|s| s.weight()).reduce(f64::max);
        auc.push(auc_of(&name, &seen, weight));
        let signed = |label: Label| {
            seen.iter().filter(|(l, v)| *l == label && weight(v).is_some_and(|w| w >= SIGN_WEIGHT)).count()
        };
        signs.push(SignCount {
            kind: name,
            positives: signed(Label::Positive),
            negatives: signed(Label::Negative),
        });
    }
    let mut levels: BTreeMap<Label, BTreeMap<Level, usize>> = BTreeMap::new();
    for (label, v) in &seen {
        *levels.entry(*label).or_default().entry(v.level).or_default() += 1;
    }
    Evaluation { positives, negatives, unseen, thresholds, auc, levels, signs }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

fn threshold(name: &str, seen: &[(Label, &Verdict)], at: Level) -> ThresholdResult {
    let (mut tp, mut fp, mut fn_, mut tn) = (0, 0, 0, 0);
    for (label, v) in seen {
        match (label, v.level >= at) {
            (Label::Positive, true) => tp += 1,
            (Label::Negative, true) => fp += 1,
            (Label::Positive, false) => fn_ += 1,
            (Label::Negative, false) => tn += 1,
        }
    }
    ThresholdResult {
        threshold: name.to_string(),
        true_positives: tp,
        false_positives: fp,
        false_negatives: fn_,
        true_negatives: tn,
        precision: ratio(tp, tp + fp),
        recall: ratio(tp, tp + fn_),
        false_positive_rate: ratio(fp, fp + tn),
    }
}

fn auc_of(name: &str, seen: &[(Label, &Verdict)], score: impl Fn(&Verdict) -> Option<f64>) -> AucResult {
    let scored: Vec<(f64, Label)> = seen.iter().map(|(l, v)| (score(v).unwrap_or(0.0), *l)).collect();
    let accounts_with_signal = seen.iter().filter(|(_, v)| score(v).is_some()).count();
    AucResult { score: name.to_string(), auc: roc_auc(&scored), accounts_with_signal }
}

/// ROC AUC by the Mann–Whitney rank sum, ties ranked by their average.
pub fn roc_auc(scored: &[(f64, Label)]) -> Option<f64> {
    let mut sorted: Vec<(f64, Label)> = scored.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let positives = sorted.iter().filter(|(_, l)| *l == Label::Positive).count();
    let negatives = sorted.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            j += 1;
        }
        // Ranks i+1..=j share their average.
        let average = (i + 1 + j) as f64 / 2.0;
        rank_sum += average * sorted[i..j].iter().filter(|(_, l)| *l == Label::Positive).count() as f64;
        i = j;
    }
    let p = positives as f64;
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * negatives as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_labels_and_names_bad_lines() {
        let (labels, warnings) = read_labels(
            "l.tsv",
            "account\tlabel\n@Alice\tpositive\n# note\n\nbob\tNEGATIVE\ncarol\tmaybe\ndan\n",
        );
        assert_eq!(labels.len(), 2);
        assert_eq!(labels[1], LabelledAccount { account: "bob".into(), label: Label::Negative });
        let at: Vec<&str> = warnings.iter().map(|w| w.at.as_str()).collect();
        assert_eq!(at, ["l.tsv:6", "l.tsv:7"]);
    }

    #[test]
    fn auc_counts_ties_half() {
        use Label::*;
        assert_eq!(roc_auc(&[(1.0, Positive), (0.0, Negative)]), Some(1.0));
        assert_eq!(roc_auc(&[(0.0, Positive), (1.0, Negative)]), Some(0.0));
        assert_eq!(roc_auc(&[(0.5, Positive), (0.5, Negative)]), Some(0.5));
        assert_eq!(
            roc_auc(&[(0.9, Positive), (0.5, Positive), (0.5, Negative), (0.1, Negative)]),
            Some(0.875)
        );
        assert_eq!(roc_auc(&[(0.5, Positive)]), None);
    }
}
