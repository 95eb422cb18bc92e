//! Profile-only identity signs on labelled accounts (Cresci et al., RTbust 2019: bot / human), compared in
//! the same run with a reimplementation of the Botometer-lite feature set (Yang et al., AAAI 2020) fitted by
//! logistic regression with 5-fold cross-validation.
//!
//! `cargo run -p trichome-bench --profile cli --example identity_cresci`

use std::collections::HashMap;
use std::path::Path;

use trichome::import::labels::{roc_auc, Label};
use trichome::observation::Account;
use trichome::signals::identity;
use trichome_bench::datasets::data_dir;
use trichome_bench::sets::cresci_profiles;

struct Profile {
    account: Account,
    seen_at: i64,
    favourites: f64,
    listed: f64,
    default_profile: bool,
    background_image: bool,
    bot: bool,
}

fn num(v: &serde_json::Value) -> Option<u64> {
    v.as_u64()
}

/// The labelled profiles with the extra fields Botometer-lite reads; none when the set cannot be read.
fn read(dir: &Path) -> Vec<Profile> {
    let profiles = cresci_profiles(dir).unwrap_or_else(|e| {
        eprintln!("cannot read RTbust 2019: {e}");
        Vec::new()
    });
    profiles
        .into_iter()
        .map(|p| {
            let u = &p.user;
            Profile {
                favourites: num(&u["favourites_count"]).unwrap_or(0) as f64,
                listed: num(&u["listed_count"]).unwrap_or(0) as f64,
                default_profile: u["default_profile"].as_bool().unwrap_or(false),
                background_image: u["profile_use_background_image"].as_bool().unwrap_or(false),
                account: p.account,
                seen_at: p.seen_at,
                bot: p.bot,
            }
        })
        .collect()
}

/// Character-bigram model of screen names (Botometer-lite's "screen name likelihood"), trained without
/// labels on every screen name at hand.
struct NameModel {
    bigrams: HashMap<(char, char), f64>,
    firsts: HashMap<char, f64>,
}

impl NameModel {
    fn train(names: &[String]) -> Self {
        let mut bigrams = HashMap::new();
        let mut firsts = HashMap::new();
        for n in names {
            let c: Vec<char> = format!("^{}$", n.to_lowercase()).chars().collect();
            for w in c.windows(2) {
                *bigrams.entry((w[0], w[1])).or_insert(0.0) += 1.0;
                *firsts.entry(w[0]).or_insert(0.0) += 1.0;
            }
        }
        NameModel { bigrams, firsts }
    }

    /// Mean log-probability per bigram, add-one smoothed over 40 symbols.
    fn likelihood(&self, name: &str) -> f64 {
        let c: Vec<char> = format!("^{}$", name.to_lowercase()).chars().collect();
        let mut sum = 0.0;
        for w in c.windows(2) {
            let b = self.bigrams.get(&(w[0], w[1])).copied().unwrap_or(0.0);
            let f = self.firsts.get(&w[0]).copied().unwrap_or(0.0);
            sum += ((b + 1.0) / (f + 40.0)).ln();
        }
        sum / (c.len() - 1).max(1) as f64
    }
}

/// The Botometer-lite user-metadata features (Yang et al. 2020, table 1).
fn botometer_lite(p: &Profile, names: &NameModel) -> Vec<f64> {
    let a = &p.account;
    let age_days = a.created_at.map_or(1.0, |c| ((p.seen_at - c) as f64 / 86_400.0).max(1.0));
    let statuses = a.posts_count.unwrap_or(0) as f64;
    let followers = a.followers.unwrap_or(0) as f64;
    let friends = a.following.unwrap_or(0) as f64;
    let handle = a.handle.clone().unwrap_or_default();
    let name = a.name.clone().unwrap_or_default();
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).count() as f64;
    let b = |x: bool| if x { 1.0 } else { 0.0 };
    vec![
        statuses.ln_1p(),
        followers.ln_1p(),
        friends.ln_1p(),
        p.favourites.ln_1p(),
        p.listed.ln_1p(),
        b(p.default_profile),
        b(p.background_image),
        b(a.verified.unwrap_or(false)),
        (statuses / age_days).ln_1p(),
        (followers / age_days).ln_1p(),
        (friends / age_days).ln_1p(),
        (p.favourites / age_days).ln_1p(),
        (p.listed / age_days).ln_1p(),
        (followers / friends.max(1.0)).ln_1p(),
        handle.chars().count() as f64,
        digits(&handle),
        name.chars().count() as f64,
        digits(&name),
        a.bio.as_deref().unwrap_or("").chars().count() as f64,
        names.likelihood(&handle),
    ]
}

/// L2-regularised logistic regression by batch gradient descent on standardised features.
fn fit_predict(train: &[(Vec<f64>, bool)], test: &[Vec<f64>]) -> Vec<f64> {
    let d = train.first().map_or(0, |t| t.0.len());
    let n = train.len().max(1) as f64;
    let mean: Vec<f64> = (0..d).map(|j| train.iter().map(|t| t.0[j]).sum::<f64>() / n).collect();
    let sd: Vec<f64> = (0..d)
        .map(|j| (train.iter().map(|t| (t.0[j] - mean[j]).powi(2)).sum::<f64>() / n).sqrt().max(1e-9))
        .collect();
    let z = |x: &[f64]| -> Vec<f64> { x.iter().enumerate().map(|(j, v)| (v - mean[j]) / sd[j]).collect() };
    let xs: Vec<(Vec<f64>, f64)> = train.iter().map(|(x, y)| (z(x), if *y { 1.0 } else { 0.0 })).collect();
    let (mut w, mut b) = (vec![0.0; d], 0.0);
    let (rate, l2) = (0.1, 0.01);
    for _ in 0..2_000 {
        let mut gw = vec![0.0; d];
        let mut gb = 0.0;
        for (x, y) in &xs {
            let p = 1.0 / (1.0 + (-(b + x.iter().zip(&w).map(|(a, c)| a * c).sum::<f64>())).exp());
            for j in 0..d {
                gw[j] += (p - y) * x[j];
            }
            gb += p - y;
        }
        for j in 0..d {
            w[j] -= rate * (gw[j] / n + l2 * w[j]);
        }
        b -= rate * gb / n;
    }
    test.iter().map(|x| b + z(x).iter().zip(&w).map(|(a, c)| a * c).sum::<f64>()).collect()
}

/// ROC AUC of `scores` against `labels` (true: a bot); 0 when either class is missing.
fn auc(scores: &[f64], labels: &[bool]) -> f64 {
    let scored: Vec<(f64, Label)> = scores
        .iter()
        .zip(labels)
        .map(|(&s, &bot)| (s, if bot { Label::Positive } else { Label::Negative }))
        .collect();
    roc_auc(&scored).unwrap_or(0.0)
}

/// Out-of-fold scores of k-fold cross-validation, folds drawn by a seeded shuffle.
fn cross_validate(features: &[Vec<f64>], labels: &[bool], k: usize, seed: u64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..features.len()).collect();
    let mut s = seed;
    for i in (1..order.len()).rev() {
        s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        order.swap(i, (s >> 33) as usize % (i + 1));
    }
    let mut out = vec![0.0; features.len()];
    for fold in 0..k {
        let test: Vec<usize> =
            order.iter().copied().enumerate().filter(|(i, _)| i % k == fold).map(|x| x.1).collect();
        let train: Vec<(Vec<f64>, bool)> = order
            .iter()
            .copied()
            .enumerate()
            .filter(|(i, _)| i % k != fold)
            .map(|(_, j)| (features[j].clone(), labels[j]))
            .collect();
        let xs: Vec<Vec<f64>> = test.iter().map(|&j| features[j].clone()).collect();
        for (j, p) in test.iter().zip(fit_predict(&train, &xs)) {
            out[*j] = p;
        }
    }
    out
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let m = v.iter().sum::<f64>() / v.len().max(1) as f64;
    let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len().max(1) as f64;
    (m, var.sqrt())
}

fn main() {
    let Some(dir) = data_dir() else {
        println!("skipping: ../shared/data not found (set TRICHOME_DATA)");
        return;
    };
    let profiles = read(&dir);
    let labels: Vec<bool> = profiles.iter().map(|p| p.bot).collect();
    let bots = labels.iter().filter(|b| **b).count();
    println!("{} labelled profiles: {bots} bot, {} human\n", profiles.len(), profiles.len() - bots);

    let signs: Vec<identity::ProfileSigns> =
        profiles.iter().map(|p| identity::profile_signs(&p.account, p.seen_at, None)).collect();
    let score: Vec<f64> = signs.iter().map(|s| s.score()).collect();
    let weight: Vec<f64> = signs.iter().map(|s| s.strength() * s.confidence()).collect();

    let names =
        NameModel::train(&profiles.iter().filter_map(|p| p.account.handle.clone()).collect::<Vec<_>>());
    let lite: Vec<Vec<f64>> = profiles.iter().map(|p| botometer_lite(p, &names)).collect();
    let aucs: Vec<f64> =
        (0..5).map(|seed| auc(&cross_validate(&lite, &labels, 5, seed + 1), &labels)).collect();
    let (m, sd) = mean_sd(&aucs);
    // The same classifier on Trichome's own signs, to separate "which features" from "fitted or not".
    let sign_names = [
        "name_plus_digits",
        "default_avatar",
        "follows_many_followed_by_few",
        "no_followers",
        "young_and_prolific",
        "prolific",
    ];
    let sign_features: Vec<Vec<f64>> = signs
        .iter()
        .map(|s| {
            sign_names.iter().map(|n| if s.signs.iter().any(|x| x.name == *n) { 1.0 } else { 0.0 }).collect()
        })
        .collect();
    let fitted: Vec<f64> =
        (0..5).map(|seed| auc(&cross_validate(&sign_features, &labels, 5, seed + 1), &labels)).collect();
    let (fm, fsd) = mean_sd(&fitted);

    println!("| scorer | trained on these labels | ROC AUC (bot vs human) |");
    println!("|---|---|---|");
    println!("| Trichome identity score (profile signs, fixed weights) | no | {:.3} |", auc(&score, &labels));
    println!("| Trichome identity weight (capped, × confidence) | no | {:.3} |", auc(&weight, &labels));
    println!("| Trichome's signs, logistic regression, 5-fold CV (5 seeds) | yes | {fm:.3} ± {fsd:.3} |");
    println!(
        "| Botometer-lite features (20), logistic regression, 5-fold CV (5 seeds) | yes | {m:.3} ± {sd:.3} |"
    );
    println!("\n| sign | bots with it | humans with it |");
    println!("|---|---|---|");
    for n in sign_names {
        let with = |bot: bool| {
            let group: Vec<&identity::ProfileSigns> =
                signs.iter().zip(&labels).filter(|x| *x.1 == bot).map(|x| x.0).collect();
            group.iter().filter(|s| s.signs.iter().any(|x| x.name == n)).count() as f64
                / group.len().max(1) as f64
        };
        println!("| {n} | {:.2} | {:.2} |", with(true), with(false));
    }
    let watch = |bot: bool| {
        let v: Vec<f64> = weight.iter().zip(&labels).filter(|x| *x.1 == bot).map(|x| *x.0).collect();
        v.iter().filter(|w| **w >= 0.35).count() as f64 / v.len().max(1) as f64
    };
    println!(
        "\nidentity alone reaching a sign (weight ≥ 0.35): bots {:.2}, humans {:.2}",
        watch(true),
        watch(false)
    );
}
