//! Drift against generated histories: the running change-point scan against the plain one, and the table
//! log2 against the standard one.

use super::*;

#[test]
fn divergences_behave() {
    assert_eq!(jensen_shannon(&[1.0, 0.0], &[0.0, 1.0]), 1.0);
    assert_eq!(jensen_shannon(&[2.0, 2.0], &[1.0, 1.0]), 0.0);
    assert_eq!(jensen_shannon(&[], &[]), 0.0);
    assert!((split_information(&[5.0, 0.0], &[0.0, 5.0]) - 1.0).abs() < 1e-9);
    assert_eq!(split_information(&[3.0, 3.0], &[1.0, 1.0]), 0.0);
}

#[test]
fn the_tabled_log2_is_the_library_log2_to_a_few_units_in_the_last_place() {
    let table = Log2::table();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut xs: Vec<f64> = vec![1.0, 2.0, 0.5, 1.0 - 1e-16, 1.0 + 2e-16, 3.0, 700.0, 1e-300, 1e300, 5e-324];
    for _ in 0..200_000 {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        // Mantissas of every kind, exponents from 2^-64 to 2^64, and values near 1.
        let m = f64::from_bits(0x3ff0_0000_0000_0000 | (state >> 12));
        let e = ((state >> 3) % 129) as i32 - 64;
        xs.push(m * 2f64.powi(e));
        xs.push(1.0 + (m - 1.5) * 1e-3);
    }
    for x in xs {
        let (want, got) = (x.log2(), table.log2(x));
        assert!((want - got).abs() <= 4e-16 * want.abs().max(1.0), "log2({x:e}): {want} vs {got}");
    }
    assert_eq!(table.xlog2x(0.0), 0.0);
    assert!(table.log2(-1.0).is_nan() && table.log2(f64::NAN).is_nan());
    assert_eq!(table.log2(f64::INFINITY), f64::INFINITY);
}

/// A generated history: posts switching between two languages, clients, mentions and links as `style`
/// says, at times with gaps; `style` 0 makes every post the same, daily at the same time.
fn generated(n: usize, seed: u64, style: u64) -> AccountHistory {
    use crate::features::PostFeatures;
    use crate::history::PostRecord;
    use crate::observation::{PostTime, Site, Source};
    let words: [&[&str]; 2] = [
        &["the", "game", "night", "weather", "coffee", "bus", "garden", "movie", "good", "slow", "love"],
        &["el", "partido", "noche", "tiempo", "café", "autobús", "jardín", "película", "bien", "lento"],
    ];
    let mut state = seed.wrapping_mul(0x2545_f491_4f6c_dd1d).wrapping_add(1);
    let mut next = move |m: u64| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % m.max(1)
    };
    let switch = n / 3 + next(n as u64 / 3 + 1) as usize;
    let mut at = 1_546_300_800;
    // Built as the engine keeps it (oldest first, features computed), without the engine: a layer above.
    let mut history = AccountHistory::new(Site::X, "1", at);
    for i in 0..n {
        let side = usize::from(i >= switch);
        let (text, lang, client) = if style == 0 {
            ("the same words every time".to_string(), "en", "web")
        } else {
            let pick_side = if next(10) < style { 1 - side } else { side };
            let mut t: Vec<String> =
                (0..3 + next(8)).map(|_| words[pick_side][next(10) as usize].to_string()).collect();
            if next(4) == 0 {
                t.push(format!("@friend{}", next(3 + 3 * side as u64)));
            }
            if next(5) == 0 {
                t.push(format!("https://{}.example/x", ["news", "video", "shop"][next(3) as usize]));
            }
            (t.join(" "), ["en", "es"][pick_side], ["web", "Android", "iPhone"][next(2) as usize + side])
        };
        at += if style == 0 {
            86_400
        } else if i == switch {
            200 * 86_400
        } else {
            (next(48) as i64 + 1) * 1_800
        };
        history.posts.push(PostRecord {
            id: i.to_string(),
            features: PostFeatures::of(&text).0,
            text,
            lang: (next(6) != 0).then(|| lang.to_string()),
            created: Some(PostTime::exact(at)),
            client: Some(client.into()),
            reply_to: None,
            repost: false,
            observed_at: at,
            source: Source::SiteJson,
            page: crate::pages::TRUSTED,
        });
    }
    history
}

/// The split the plain scan chooses: every split scored by the plain formula, a later one winning only
/// by more than 1e-9.
fn plain_change_point(cols: &[AspectColumn], times: &[i64], usual_gap: f64) -> Option<usize> {
    let mut best: Option<(f64, usize)> = None;
    for k in MIN_SIDE..=times.len().checked_sub(MIN_SIDE)? {
        let sums: Vec<Vec<f64>> = cols.iter().map(|c| c.prefix(0, k, vec![0.0; c.width])).collect();
        let score = plain_score(cols, &sums, k, times, usual_gap);
        if best.is_none_or(|(s, _)| score > s + 1e-9) {
            best = Some((score, k));
        }
    }
    best.map(|b| b.1)
}

#[test]
fn the_running_scan_chooses_the_plain_scans_split() {
    let mut checked = 0;
    for n in [10, 11, 17, 40, 120, 300] {
        for style in 0..4 {
            for seed in 0..6 {
                let h = generated(n, seed, style);
                let (times, usual_gap) = timeline(&h.posts);
                let cols = columns(&h.posts, &post_languages(&h.posts));
                let want = plain_change_point(&cols, &times, usual_gap);
                assert_eq!(change_point(&cols, &times, usual_gap), want, "n {n}, style {style}, seed {seed}");
                if style == 0 {
                    // Every split scores the same: the first is the plain scan's, decided by its formula.
                    assert_eq!(want, Some(MIN_SIDE));
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 144);
}
