//! Chance: how surprising a count is when chance alone predicts a mean. Shared by the signals that measure
//! co-action against a null model (synchronised bursts, accounts sharing texts).

/// `P(X ≥ k)` for `X` Poisson with mean `mean`, summed in log space (exact enough for significance levels
/// down to 1e−300; 1 for `k = 0`).
pub fn poisson_tail(k: u32, mean: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if mean.is_nan() || mean <= 0.0 {
        return 0.0;
    }
    let ln_term = |n: u32| -> f64 { -mean + f64::from(n) * mean.ln() - ln_factorial(n) };
    if f64::from(k) <= mean {
        // The tail is most of the mass: one minus the head, which has no small numbers to lose.
        let head: f64 = (0..k).map(|n| ln_term(n).exp()).sum();
        return (1.0 - head).clamp(0.0, 1.0);
    }
    let first = ln_term(k);
    let mut sum = 0.0;
    let mut n = k;
    loop {
        let t = (ln_term(n) - first).exp();
        sum += t;
        n += 1;
        if t < 1e-12 || n - k > 10_000 {
            break;
        }
    }
    (first + sum.ln()).exp().clamp(0.0, 1.0)
}

/// `ln n!`: exact sums below 64, Stirling's series above.
pub fn ln_factorial(n: u32) -> f64 {
    if n < 64 {
        return (2..=n).map(|i| f64::from(i).ln()).sum();
    }
    let x = f64::from(n);
    x * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI * x).ln() + 1.0 / (12.0 * x)
        - 1.0 / (360.0 * x * x * x)
}

/// A deterministic pseudo-random stream (SplitMix64), for simulations that must give the same result every
/// run: the synthetic schedules and crowds of the tests and of the evaluation examples.
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(crate::text::GOLDEN_GAMMA);
        crate::text::avalanche(self.0)
    }

    /// A uniform number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform integer below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() <= p
    }

    /// An exponential variate with the given mean.
    pub fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_tail_matches_known_values() {
        // P(X ≥ 3 | 0.5) = 1 − e^−0.5 (1 + 0.5 + 0.125) = 0.014388
        assert!((poisson_tail(3, 0.5) - 0.014_388).abs() < 1e-5);
        // P(X ≥ 1 | 2) = 1 − e^−2
        assert!((poisson_tail(1, 2.0) - (1.0 - (-2.0f64).exp())).abs() < 1e-9);
        assert_eq!(poisson_tail(0, 3.0), 1.0);
        assert_eq!(poisson_tail(4, 0.0), 0.0);
        assert!(poisson_tail(200, 1.0) < 1e-300 || poisson_tail(200, 1.0) == 0.0);
        assert!((ln_factorial(100) - 363.739_375_555_563_5).abs() < 1e-6);
    }
}
