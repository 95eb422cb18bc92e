//! The measures the report gives: counts and rates at a level, Wilson intervals, ROC points, AUC with a
//! percentile bootstrap interval, and reliability bins.
//!
//! The AUC itself is the library's (`trichome::import::labels::roc_auc`, the Mann–Whitney statistic with ties
//! counted half), so the report and `trichome eval` cannot disagree about it.

use trichome::import::labels::{roc_auc, Label};
use trichome::signals::chance::SplitMix64;

/// One score with its truth: `(score, positive)`.
pub type Scored = (f64, bool);

/// Counts and rates at one threshold.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rates {
    /// Positives flagged.
    pub tp: usize,
    /// Negatives flagged.
    pub fp: usize,
    /// Positives not flagged.
    pub fn_: usize,
    /// Negatives not flagged.
    pub tn: usize,
}

impl Rates {
    /// Counts `(positive, flagged)` pairs.
    pub fn count(items: impl IntoIterator<Item = (bool, bool)>) -> Rates {
        let mut r = Rates::default();
        for (positive, flagged) in items {
            match (positive, flagged) {
                (true, true) => r.tp += 1,
                (false, true) => r.fp += 1,
                (true, false) => r.fn_ += 1,
                (false, false) => r.tn += 1,
            }
        }
        r
    }

    /// TP / (TP + FP); `None` when nothing was flagged.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    /// TP / (TP + FN); `None` without positives.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// FP / (FP + TN); `None` without negatives.
    pub fn false_positive_rate(&self) -> Option<f64> {
        ratio(self.fp, self.fp + self.tn)
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// The Wilson score interval of `k` successes in `n` trials at normal quantile `z` (1.96 for 95 %); unlike the
/// normal approximation it stays inside 0..1 and is not empty at `k = 0`, which is the case that matters here.
pub fn wilson(k: usize, n: usize, z: f64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n);
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// ROC AUC (Mann–Whitney, ties half); `None` unless both classes are present.
pub fn auc(scored: &[Scored]) -> Option<f64> {
    let labelled: Vec<(f64, Label)> = scored
        .iter()
        .map(|&(s, positive)| (s, if positive { Label::Positive } else { Label::Negative }))
        .collect();
    roc_auc(&labelled)
}

/// The ROC curve as `(false-positive rate, true-positive rate)` points from (0, 0) to (1, 1), one point per
/// distinct score from the highest down; tied scores move both rates at once (a diagonal step), so the
/// trapezoidal area under these points equals [`auc`].
pub fn roc_points(scored: &[Scored]) -> Vec<(f64, f64)> {
    let positives = scored.iter().filter(|s| s.1).count();
    let negatives = scored.len() - positives;
    let mut sorted = scored.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut points = vec![(0.0, 0.0)];
    let (mut tp, mut fp) = (0usize, 0usize);
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            if sorted[j].1 {
                tp += 1;
            } else {
                fp += 1;
            }
            j += 1;
        }
        points.push((fp as f64 / negatives.max(1) as f64, tp as f64 / positives.max(1) as f64));
        i = j;
    }
    points
}

/// The area under a polyline of `(x, y)` points by the trapezoid rule.
#[cfg(test)]
pub fn trapezoid(points: &[(f64, f64)]) -> f64 {
    points.windows(2).map(|w| (w[1].0 - w[0].0) * (w[1].1 + w[0].1) / 2.0).sum()
}

/// A percentile bootstrap 95 % interval of the AUC: `reps` resamples drawn with replacement within each class
/// (the class sizes stay fixed, as they were fixed by how the set was made), from a fixed seed.
pub fn bootstrap_auc(scored: &[Scored], reps: usize, seed: u64) -> Option<(f64, f64)> {
    let pos: Vec<f64> = scored.iter().filter(|s| s.1).map(|s| s.0).collect();
    let neg: Vec<f64> = scored.iter().filter(|s| !s.1).map(|s| s.0).collect();
    if pos.is_empty() || neg.is_empty() || reps == 0 {
        return None;
    }
    let mut rng = SplitMix64(seed);
    let mut sample = Vec::with_capacity(scored.len());
    let mut aucs = Vec::with_capacity(reps);
    for _ in 0..reps {
        sample.clear();
        for _ in 0..pos.len() {
            sample.push((pos[rng.below(pos.len() as u64) as usize], true));
        }
        for _ in 0..neg.len() {
            sample.push((neg[rng.below(neg.len() as u64) as usize], false));
        }
        aucs.extend(auc(&sample));
    }
    aucs.sort_by(f64::total_cmp);
    Some((percentile(&aucs, 0.025), percentile(&aucs, 0.975)))
}

/// The nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// One bin of a reliability diagram.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bin {
    /// The bin's lower edge (scores 0..1).
    pub lo: f64,
    /// Its upper edge; the last bin includes it.
    pub hi: f64,
    /// Accounts in the bin.
    pub n: usize,
    /// Positives among them.
    pub positives: usize,
    /// Their mean score.
    pub mean_score: f64,
}

/// Reliability bins: scores in 0..1 split into `bins` equal-width bins, each with its mean score and the share
/// of positives in it. A calibrated score lies on the diagonal.
pub fn reliability(scored: &[Scored], bins: usize) -> Vec<Bin> {
    let bins = bins.max(1);
    let mut out: Vec<Bin> = (0..bins)
        .map(|i| Bin {
            lo: i as f64 / bins as f64,
            hi: (i + 1) as f64 / bins as f64,
            n: 0,
            positives: 0,
            mean_score: 0.0,
        })
        .collect();
    for &(s, positive) in scored {
        let i = ((s.clamp(0.0, 1.0) * bins as f64) as usize).min(bins - 1);
        out[i].n += 1;
        out[i].positives += usize::from(positive);
        out[i].mean_score += s;
    }
    for b in &mut out {
        if b.n > 0 {
            b.mean_score /= b.n as f64;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn auc_of_a_small_known_case() {
        // Positives 0.9, 0.8, 0.3 against negatives 0.5, 0.1: 5 of 6 pairs ordered correctly.
        let s = [(0.9, true), (0.8, true), (0.3, true), (0.5, false), (0.1, false)];
        assert!(close(auc(&s).unwrap(), 5.0 / 6.0));
    }

    #[test]
    fn ties_count_half() {
        assert!(close(auc(&[(0.4, true), (0.4, false)]).unwrap(), 0.5));
        // (1 vs 1: half) + (0 vs 1: lost) over two pairs.
        assert!(close(auc(&[(1.0, true), (0.0, true), (1.0, false)]).unwrap(), 0.25));
        // Everything tied at zero, as when no signal speaks: no information.
        let zeros: Vec<Scored> = (0..10).map(|i| (0.0, i % 3 == 0)).collect();
        assert!(close(auc(&zeros).unwrap(), 0.5));
    }

    #[test]
    fn auc_needs_both_classes() {
        assert_eq!(auc(&[(0.3, true)]), None);
        assert_eq!(bootstrap_auc(&[(0.3, false)], 100, 1), None);
    }

    #[test]
    fn roc_area_equals_the_mann_whitney_auc_with_ties() {
        let s = [
            (0.9, true),
            (0.7, false),
            (0.7, true),
            (0.7, true),
            (0.2, false),
            (0.2, true),
            (0.0, false),
            (0.0, false),
        ];
        let points = roc_points(&s);
        assert_eq!(points.first(), Some(&(0.0, 0.0)));
        assert_eq!(points.last(), Some(&(1.0, 1.0)));
        assert!(close(trapezoid(&points), auc(&s).unwrap()));
    }

    #[test]
    fn bootstrap_interval_contains_the_estimate_and_is_reproducible() {
        let mut rng = SplitMix64(7);
        let s: Vec<Scored> = (0..200)
            .map(|i| {
                let positive = i % 2 == 0;
                (rng.unit() + if positive { 0.3 } else { 0.0 }, positive)
            })
            .collect();
        let point = auc(&s).unwrap();
        let (lo, hi) = bootstrap_auc(&s, 500, 42).unwrap();
        assert!(lo < point && point < hi, "{lo} < {point} < {hi}");
        assert!(hi - lo < 0.2);
        assert_eq!(bootstrap_auc(&s, 500, 42), Some((lo, hi)));
    }

    #[test]
    fn wilson_interval_at_zero_and_in_the_middle() {
        // 0 of 100: 0 .. z²/(n + z²).
        let (lo, hi) = wilson(0, 100, 1.96).unwrap();
        assert!(close(lo, 0.0));
        assert!((hi - 1.96f64.powi(2) / (100.0 + 1.96f64.powi(2))).abs() < 1e-12);
        // Symmetric around a half.
        let (lo, hi) = wilson(50, 100, 1.96).unwrap();
        assert!(close(lo + hi, 1.0));
        assert!((lo - 0.4038).abs() < 1e-3);
        assert_eq!(wilson(0, 0, 1.96), None);
    }

    #[test]
    fn rates_at_a_level() {
        let r = Rates::count([(true, true), (true, false), (false, true), (false, false), (false, false)]);
        assert_eq!((r.tp, r.fn_, r.fp, r.tn), (1, 1, 1, 2));
        assert_eq!(r.precision(), Some(0.5));
        assert_eq!(r.recall(), Some(0.5));
        assert!(close(r.false_positive_rate().unwrap(), 1.0 / 3.0));
        assert_eq!(Rates::count([(false, false)]).precision(), None);
    }

    #[test]
    fn reliability_bins_hold_every_account() {
        let s = [(0.0, false), (0.05, false), (0.55, true), (1.0, true), (0.99, false)];
        let bins = reliability(&s, 10);
        assert_eq!(bins.iter().map(|b| b.n).sum::<usize>(), s.len());
        assert_eq!((bins[0].n, bins[5].n, bins[9].n), (2, 1, 2));
        assert_eq!(bins[9].positives, 1);
        assert!(close(bins[9].mean_score, 0.995));
    }

    #[test]
    fn percentile_is_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.025), 3.0);
        assert_eq!(percentile(&v, 0.975), 98.0);
        assert_eq!(percentile(&v, 0.0), 1.0);
    }
}
