//! Where a history changes most: every split scored at once by running sums (`Running`, log2 from a table),
//! the plain formula kept as the reference the tests hold the running scan to.

use super::*;

/// log2 for the running sums: the mantissa's interval among 128 picks a centre `c` whose log2 is tabled, and
/// log2(1 + r), r = (m − c)/c below 2⁻⁸, is a short series (left out: under 10⁻¹⁷). Within a few units in
/// the last place of `f64::log2`, and inlined, where the library's `log2` is a call (in wasm, a slow one).
pub(super) struct Log2 {
    pub(super) centre: [f64; 128],
    pub(super) inverse: [f64; 128],
    pub(super) log2_centre: [f64; 128],
}

impl Log2 {
    pub(super) fn table() -> &'static Log2 {
        static TABLE: std::sync::OnceLock<Log2> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            let mut t = Log2 { centre: [0.0; 128], inverse: [0.0; 128], log2_centre: [0.0; 128] };
            for i in 0..128 {
                let c = 1.0 + (2 * i + 1) as f64 / 256.0;
                t.centre[i] = c;
                t.inverse[i] = 1.0 / c;
                t.log2_centre[i] = c.log2();
            }
            t
        })
    }

    // Always inlined: the wasm module builds this crate for size, where a plain `#[inline]` is not taken.
    #[inline(always)]
    pub(super) fn log2(&self, x: f64) -> f64 {
        const E: f64 = std::f64::consts::LOG2_E;
        let bits = x.to_bits();
        let biased = (bits >> 52) as i64;
        // Zero, subnormal, infinite, NaN or negative: the library's.
        if !(1..0x7ff).contains(&biased) {
            return x.log2();
        }
        let i = ((bits >> 45) & 0x7f) as usize;
        let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
        // m − c is exact (both in [1, 2)); r is within 2⁻⁸ of 0.
        let r = (m - self.centre[i]) * self.inverse[i];
        // In pairs (Estrin's scheme), so that the multiplications do not wait on one another.
        let r2 = r * r;
        let series =
            r * ((E + r * (-E / 2.0)) + r2 * ((E / 3.0 + r * (-E / 4.0)) + r2 * (E / 5.0 + r * (-E / 6.0))));
        (biased - 1023) as f64 + self.log2_centre[i] + series
    }

    /// x·log2 x, 0 at 0.
    #[inline(always)]
    pub(super) fn xlog2x(&self, x: f64) -> f64 {
        if x > 0.0 {
            x * self.log2(x)
        } else {
            0.0
        }
    }
}

/// One category of an aspect while the split moves.
#[derive(Clone, Copy)]
pub(super) struct Category {
    /// Total over the posts before the split: the same additions in the same order as
    /// [`AspectColumn::prefix`], so equal to it to the bit.
    pub(super) before: f64,
    /// Total over all posts.
    pub(super) total: f64,
    /// f(total before) + f(total after), f(x) = x·log2 x.
    pub(super) term: f64,
}

/// One aspect while the split moves forward one post at a time.
///
/// The score of a split is, per aspect, the mutual information between side and category times the
/// posts having the aspect. Written with f(x) = x·log2 x, the mutual information times the weight N is
/// `Σ_j [f(b_j) + f(a_j) − f(c_j)] + f(N) − f(N_before) − f(N_after)`: only the categories of the post that
/// changes side change their terms, so each step costs that post's categories rather than all of them.
/// The sum is the same quantity added up differently, so it is not equal to the bit to the plain
/// formula ([`split_information`]); [`Running::slack`] bounds the difference, and splits too close to call
/// within it are decided by the plain formula (see [`change_point`]).
pub(super) struct Running<'c> {
    pub(super) column: &'c AspectColumn,
    pub(super) log2: &'static Log2,
    pub(super) categories: Vec<Category>,
    /// The sum of the categories' terms.
    pub(super) sum: f64,
    /// Weight before the split.
    pub(super) weight_before: f64,
    /// Weight over all posts.
    pub(super) weight: f64,
    /// What does not move with the split: f(N) − Σ_j f(c_j).
    pub(super) fixed: f64,
    /// Bound on how far the running score may be from the plain formula's.
    pub(super) slack: f64,
}

impl<'c> Running<'c> {
    pub(super) fn new(column: &'c AspectColumn) -> Self {
        let log2 = Log2::table();
        let categories: Vec<Category> = column
            .total
            .iter()
            .map(|&total| Category { before: 0.0, total, term: log2.xlog2x(total) })
            .collect();
        let sum: f64 = categories.iter().map(|c| c.term).sum();
        let weight: f64 = column.total.iter().sum();
        let fixed = log2.xlog2x(weight) - sum;
        // Rounding: each of the running additions, and each term of the plain formula, errs by a few units
        // in the last place of the largest magnitude involved; 1e-14 is about 90 such units.
        let magnitude: f64 =
            categories.iter().map(|c| c.term.abs() + 1.1).sum::<f64>() + log2.xlog2x(weight).abs() + weight;
        let posts = column.present.last().copied().unwrap_or(0.0);
        let steps = (column.entries.len() + column.width + 8) as f64;
        let scale = if weight > 0.0 { (posts / weight).max(1.0) } else { 1.0 };
        let slack = 1e-14 * scale * (steps * magnitude + 64.0 * posts.max(1.0) * (column.width + 8) as f64);
        Running { column, log2, categories, sum, weight_before: 0.0, weight, fixed, slack }
    }

    /// Moves post `i` to the side before the split.
    pub(super) fn advance(&mut self, i: usize) {
        for &(id, w) in self.column.row(i) {
            let Some(c) = self.categories.get_mut(id) else { continue };
            c.before += w;
            let term = self.log2.xlog2x(c.before) + self.log2.xlog2x(c.total - c.before);
            self.sum += term - c.term;
            c.term = term;
            self.weight_before += w;
        }
    }

    /// The totals over the posts before the split.
    pub(super) fn before(&self) -> Vec<f64> {
        self.categories.iter().map(|c| c.before).collect()
    }

    /// The score of the split before post `k` (the running state having moved posts 0..k), `None` when
    /// either side has too few posts with the aspect.
    pub(super) fn score(&self, k: usize) -> Option<f64> {
        let c = self.column;
        let n = c.posts();
        let (nb, na) = (c.present[k] - c.present[0], c.present[n] - c.present[k]);
        if nb < MIN_OBSERVED || na < MIN_OBSERVED {
            return None;
        }
        if self.weight <= 0.0 {
            return Some(0.0);
        }
        let after = self.weight - self.weight_before;
        let mi_n = self.sum + self.fixed - self.log2.xlog2x(self.weight_before) - self.log2.xlog2x(after);
        Some((nb + na) * (mi_n / self.weight).max(0.0))
    }
}

impl AspectColumn {
    /// The score of the split before post `k` by the plain formula, given the totals over posts 0..k;
    /// `None` when either side has too few posts with the aspect.
    pub(super) fn split_score(&self, k: usize, before: &[f64], after: &mut Vec<f64>) -> Option<f64> {
        let n = self.posts();
        let (nb, na) = (self.present[k] - self.present[0], self.present[n] - self.present[k]);
        if nb < MIN_OBSERVED || na < MIN_OBSERVED {
            return None;
        }
        after.clear();
        after.extend(self.total.iter().zip(before).map(|(t, b)| t - b));
        Some((nb + na) * split_information(before, after))
    }
}

/// The score of the split before post `k` by the plain formula: per aspect, the posts having it times the
/// mutual information between side and category, added in the order of [`ASPECTS`], plus a bonus for a
/// silence at the split. `before[i]` holds aspect i's totals over posts 0..k.
pub(super) fn plain_score(
    cols: &[AspectColumn],
    before: &[Vec<f64>],
    k: usize,
    times: &[i64],
    usual_gap: f64,
) -> f64 {
    let mut after = Vec::new();
    let mut score = 0.0;
    for (i, c) in cols.iter().enumerate() {
        let Some(before) = before.get(i) else { continue };
        if let Some(s) = c.split_score(k, before, &mut after) {
            score += s;
        }
    }
    score += 0.25 * times.len() as f64 * dormancy_strength(times, k, usual_gap);
    score
}

/// A split considered as the change point.
pub(super) struct Candidate {
    pub(super) k: usize,
    /// Its score from the running sums.
    pub(super) running: f64,
    /// Its score by the plain formula, once computed.
    pub(super) plain: Option<f64>,
}

/// The change point: where knowing the side says most about the posts, with a bonus for a silence. The
/// first of the best, a later split winning only by more than 1e-9 as the plain formula scores them.
///
/// The splits are scored from running sums (see [`Running`]); wherever a comparison is within the
/// rounding bound of the 1e-9 margin, both splits are scored again by the plain formula and compared as
/// the plain scan would, so the split chosen is the plain scan's, to the bit.
pub(super) fn change_point(cols: &[AspectColumn], times: &[i64], usual_gap: f64) -> Option<usize> {
    let n = times.len();
    if n < 2 * MIN_SIDE {
        return None;
    }
    let mut running: Vec<Running> = cols.iter().map(Running::new).collect();
    let slack: f64 = running.iter().map(|r| r.slack).sum();
    let mut moved = 0;
    let mut best: Option<Candidate> = None;
    for k in MIN_SIDE..=n - MIN_SIDE {
        while moved < k {
            for r in &mut running {
                r.advance(moved);
            }
            moved += 1;
        }
        let bonus = 0.25 * n as f64 * dormancy_strength(times, k, usual_gap);
        let score = running.iter().filter_map(|r| r.score(k)).sum::<f64>() + bonus;
        let mut plain = None;
        let better = match &mut best {
            None => true,
            Some(b) => {
                let margin = score - b.running - 1e-9;
                if margin > 2.0 * slack {
                    true
                } else if margin < -2.0 * slack {
                    false
                } else {
                    // Too close to call from the running sums: decide as the plain scan would.
                    let sums: Vec<Vec<f64>> = running.iter().map(Running::before).collect();
                    let here = plain_score(cols, &sums, k, times, usual_gap);
                    let there = *b.plain.get_or_insert_with(|| {
                        let sums: Vec<Vec<f64>> =
                            cols.iter().map(|c| c.prefix(0, b.k, vec![0.0; c.width])).collect();
                        plain_score(cols, &sums, b.k, times, usual_gap)
                    });
                    plain = Some(here);
                    here > there + 1e-9
                }
            }
        };
        if better {
            best = Some(Candidate { k, running: score, plain });
        }
    }
    best.map(|b| b.k)
}
