//! The duplicate signal for one account: how strongly its copy clusters point at coordination, the partners
//! it shares texts with beyond chance, and the evidence shown.

use std::collections::{BTreeMap, HashMap};

use crate::verdict::evidence::{
    round3, CopyClusterEvidence, DuplicateEvidence, Evidence, EvidencePost, RepeatedPartner, SelfRepeat,
};

use super::*;
use crate::verdict::message::{phrase, Arg, Message};

/// Posts shown in one account's evidence of a cluster, at most.
pub const MAX_EVIDENCE_POSTS: usize = 30;

/// The posts of a cluster shown in `account`'s evidence, earliest first: its own (up to a third of
/// [`MAX_EVIDENCE_POSTS`]) and the earliest of the others. Every member's verdict carrying every post made a
/// spam wave's verdicts cost the square of its size (issue #17, finding 3).
pub(super) fn evidence_posts<'a>(account: &str, posts: &'a [ClusterPost]) -> Vec<&'a ClusterPost> {
    let own = posts.iter().filter(|p| p.account == account).take(MAX_EVIDENCE_POSTS / 3).count();
    let (mut own_left, mut others_left) = (own, MAX_EVIDENCE_POSTS - own);
    posts
        .iter()
        .filter(|p| {
            let left = if p.account == account { &mut own_left } else { &mut others_left };
            let shown = *left > 0;
            *left = left.saturating_sub(1);
            shown
        })
        .collect()
}

/// How strongly a copy cluster points at coordination, 0..1; 0 for one account repeating itself.
///
/// Strength grows with the accounts that posted the text in one burst: `1 − exp(−(k − 1)/3)` of the
/// effective account count `k`, which is the largest burst ([`BURST_WINDOW_SECONDS`]) plus
/// [`SPREAD_WEIGHT`] of each account outside it (three quarters of all accounts when times are unknown). Two accounts in one
/// burst give 0.28 (people quote each other), three 0.49, five 0.74, ten 0.95. Greetings keep 0.3 of that
/// and slogans or share templates 0.35.
pub fn cluster_strength(cluster: &TextCluster) -> f64 {
    if !cluster.is_cross_account() {
        return 0.0;
    }
    let n = cluster.accounts.len() as f64;
    let mut timed = cluster.posts.iter().filter(|p| p.at.is_some()).map(|p| p.account.as_str());
    let two_timed = timed.next().is_some_and(|first| timed.any(|other| other != first));
    let effective = if two_timed {
        let burst = cluster.burst_accounts as f64;
        burst + SPREAD_WEIGHT * (n - burst).max(0.0)
    } else {
        // Untimed copies (YouTube's "2 days ago"): three channels posting one long text word for word under
        // one video is worth a second look; two are not.
        0.9 * n
    };
    let size = (1.0 - (-(effective - 1.0).max(0.0) / 3.0).exp()).clamp(0.0, 1.0);
    let ordinary = match cluster.commonness {
        Commonness::Distinct => 1.0,
        Commonness::Greeting => 0.3,
        Commonness::Template => 0.35,
    };
    size * ordinary
}

/// How sure a cluster's strength is, from the length of the shared text: 0.4 for the shortest indexed
/// texts, 1.0 from 15 shingles (about 16 words or characters) up.
pub fn cluster_confidence(cluster: &TextCluster) -> f64 {
    (0.4 + 0.6 * (cluster.shingles as f64 / 15.0).min(1.0)).clamp(0.0, 1.0)
}

/// What chance predicts of two accounts sharing distinct texts: how many distinct, informative copy texts
/// (cross-account clusters whose commonness is [`Commonness::Distinct`]) each account is in, and in all.
///
/// In a crowd the heavy posters are in many copy clusters and meet each other in several of them by chance
/// alone. A partner counts as *repeated* only when the two share more distinct texts than chance predicts
/// ([`CopyChance::expected_shared`]) so clearly that the Poisson tail stays below [`PARTNER_ALPHA`] divided by
/// the partners tested for that account (those sharing two texts or more): an ordinary account's chance of
/// a false repeated partner is held at 1 %.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CopyChance {
    pub(super) memberships: HashMap<String, u32>,
    pub(super) total: f64,
    pub(super) accounts: f64,
}

impl CopyChance {
    /// Counts the memberships of the informative copy clusters among `clusters`, out of `accounts` accounts
    /// held (those that copy nothing count too: they are who a text could have been shared with).
    pub fn of<'a>(clusters: impl IntoIterator<Item = &'a TextCluster>, accounts: usize) -> CopyChance {
        let mut out = CopyChance { accounts: accounts as f64, ..CopyChance::default() };
        for c in clusters.into_iter().filter(|c| CopyChance::counts(c)) {
            out.total += c.accounts.len() as f64;
            for a in &c.accounts {
                *out.memberships.entry(a.clone()).or_default() += 1;
            }
        }
        out.accounts = out.accounts.max(out.memberships.len() as f64);
        out
    }

    /// Whether `cluster` is one [`CopyChance::of`] counts: an informative copy cluster.
    pub fn counts(cluster: &TextCluster) -> bool {
        cluster.is_cross_account() && cluster.commonness == Commonness::Distinct
    }

    /// [`CopyChance::of`] computed elsewhere, in parts (a distributed engine's reduce, `crate/python/`):
    /// `memberships` of the accounts a verdict reads (an account and its partners), `total` memberships in
    /// all, `accounts` held and `members`, how many accounts have a membership. Gives what `of` gives,
    /// restricted to those accounts.
    pub fn from_parts(
        memberships: HashMap<String, u32>,
        total: u64,
        accounts: usize,
        members: usize,
    ) -> CopyChance {
        CopyChance { memberships, total: total as f64, accounts: accounts.max(members) as f64 }
    }

    /// Distinct texts `account` (in the informative clusters `mine`) would share with `partner` by chance:
    /// each other member of one of `mine` is drawn from the accounts held in proportion to how much each
    /// copies (its memberships, plus one so that an account that copied little is not impossible), leaving
    /// out the account itself.
    pub fn expected_shared(&self, account: &str, mine: &[&TextCluster], partner: &str) -> f64 {
        let m_partner = f64::from(self.memberships.get(partner).copied().unwrap_or(0));
        let m_account = f64::from(self.memberships.get(account).copied().unwrap_or(0));
        let pool = (self.total - m_account + self.accounts).max(1.0);
        let draw = (m_partner + 1.0) / pool;
        mine.iter()
            .map(|c| 1.0 - (1.0 - draw).max(0.0).powf(c.accounts.len().saturating_sub(1) as f64))
            .sum::<f64>()
            .min(m_partner)
    }
}

/// The duplicate signal for one account, from the clusters it belongs to.
///
/// Strength is the strongest copy cluster's, combined (`1 − Π(1 − sᵢ)`) with the account's other
/// distinct clusters that repeat one of its partners; confidence
/// is the best cluster's ([`cluster_confidence`]), raised by 0.1 for each further cluster up to two.
/// One account repeating itself adds nothing, but is reported as `self_repeats` in the evidence; an
/// account with only self-repeats gets a signal of strength 0 that says so.
/// `clusters` are the account's own (see [`crate::signals::CrossAccount::text_clusters_of`]; others given are
/// left out); `handle_of` turns an account key into a handle for the evidence.
pub fn assess<'a>(
    account: &str,
    clusters: impl IntoIterator<Item = &'a TextCluster>,
    chance: &CopyChance,
    handle_of: &dyn Fn(&str) -> Option<String>,
) -> Option<Signal> {
    let mine: Vec<&TextCluster> = clusters.into_iter().filter(|c| c.accounts.contains(account)).collect();
    let (copies, own): (Vec<&TextCluster>, Vec<&TextCluster>) =
        mine.into_iter().partition(|c| c.is_cross_account());
    // Repeats: every post of this account beyond its first in each cluster it is in.
    let repeats = |c: &TextCluster| c.posts.iter().filter(|p| p.account == account).count().saturating_sub(1);
    let self_repeats: Vec<SelfRepeat> = own
        .iter()
        .chain(copies.iter())
        .filter(|c| repeats(c) > 0)
        .map(|c| SelfRepeat { text: c.representative.clone(), posts: repeats(c) + 1 })
        .collect();
    let repeat_posts: usize = own.iter().chain(copies.iter()).map(|c| repeats(c)).sum();
    // Repeated co-action: partners with whom this account shares more distinct informative texts than
    // chance predicts (CopyChance).
    let informative: Vec<&TextCluster> =
        copies.iter().copied().filter(|c| c.commonness == Commonness::Distinct).collect();
    let mut shared_with: BTreeMap<&str, u32> = BTreeMap::new();
    for c in &informative {
        for p in c.accounts.iter().filter(|p| *p != account) {
            *shared_with.entry(p.as_str()).or_default() += 1;
        }
    }
    // Each partner sharing MIN_REPEATED_TEXTS or more texts is one test; the account's chance of any false repeated
    // partner is held at PARTNER_ALPHA (what matters is the rate at which ordinary people are badged).
    let tested = shared_with.values().filter(|k| **k >= MIN_REPEATED_TEXTS).count();
    let threshold = PARTNER_ALPHA / tested.max(1) as f64;
    let mut repeated_partners: Vec<(&str, u32, f64)> = shared_with
        .iter()
        .filter(|(_, k)| **k >= MIN_REPEATED_TEXTS)
        .map(|(p, k)| (*p, *k, chance.expected_shared(account, &informative, p)))
        .filter(|(_, k, expected)| crate::signals::chance::poisson_tail(*k, *expected) <= threshold)
        .collect();
    crate::sort::sort_by(&mut repeated_partners, |a, b| {
        b.1.cmp(&a.1).then(a.2.total_cmp(&b.2)).then(a.0.cmp(b.0))
    });
    let repeats_partner =
        |c: &TextCluster| c.accounts.iter().any(|a| repeated_partners.iter().any(|r| r.0 == a));
    // One text is one co-action when most of those who posted it posted it together: at least
    // SINGLE_TEXT_MIN_BURST accounts in one burst, and either half of all who posted it or the whole wave
    // within days (a spam wave of hundreds over an afternoon is one co-action; a chain message pasted by
    // dozens over weeks has busy hours too, but most of its posters are elsewhere). Untimed copies
    // (YouTube's "2 days ago") count by their accounts: the burst cannot be known.
    let tight = |c: &TextCluster| {
        let timed = c.posts.iter().filter(|p| p.at.is_some()).take(2).count() >= 2;
        let together = if timed { c.burst_accounts } else { c.accounts.len() };
        let within_days = c.span_seconds().is_some_and(|s| s < TEMPLATE_MIN_SPAN_SECONDS);
        together >= SINGLE_TEXT_MIN_BURST
            && (2 * together >= c.accounts.len() || within_days)
            && c.shingles >= SINGLE_TEXT_MIN_SHINGLES
    };
    // What each cluster may weigh for this account: a distinct text shared with a repeated partner, or
    // posted by many accounts in one tight burst, weighs its full strength; any other copy at most
    // SINGLE_TEXT_CAP.
    let counts_as = |c: &TextCluster| {
        if c.commonness != Commonness::Distinct {
            CountsAs::Common
        } else if repeats_partner(c) {
            CountsAs::RepeatedPartners
        } else if tight(c) {
            CountsAs::TightBurst
        } else {
            CountsAs::SingleText
        }
    };
    let weight_of = |c: &TextCluster| match counts_as(c) {
        CountsAs::RepeatedPartners | CountsAs::TightBurst => cluster_strength(c),
        CountsAs::SingleText | CountsAs::Common => cluster_strength(c).min(SINGLE_TEXT_CAP),
    };
    let evidence_of = |c: &TextCluster| CopyClusterEvidence {
        id: c.id.clone(),
        text: c.representative.clone(),
        accounts: c.accounts.len(),
        burst_accounts: c.burst_accounts,
        variants: c.variants,
        commonness: c.commonness.as_str(),
        span_seconds: c.span_seconds(),
        strength: cluster_strength(c),
        counts_as: counts_as(c).as_str(),
        quotes_set_aside: c.quotes.len(),
        posts_total: c.posts.len(),
        posts: evidence_posts(account, &c.posts)
            .into_iter()
            .map(|p| EvidencePost {
                account: p.account.clone(),
                handle: handle_of(&p.account),
                post_id: p.post_id.clone(),
                at: p.at,
                text: p.text.clone(),
            })
            .collect(),
    };
    if copies.is_empty() {
        if repeat_posts == 0 {
            return None;
        }
        let id = if repeat_posts == 1 { "sig_dup_self_repeat" } else { "sig_dup_self_repeatMany" };
        let message = phrase(id, [Arg::data(repeat_posts)]);
        return Some(Signal {
            kind: SignalKind::Duplicate,
            strength: 0.0,
            confidence: 0.0,
            summary: message.english(),
            message,
            evidence: Evidence::Duplicate(DuplicateEvidence {
                clusters: Vec::new(),
                self_repeats,
                repeated_partners: None,
            }),
        });
    }
    let best = copies.iter().max_by(|a, b| weight_of(a).total_cmp(&weight_of(b)))?;
    // Further clusters add evidence only when they repeat a partner beyond chance: a network posts many
    // texts with the same accounts, while an ordinary user who joins many share campaigns meets different
    // people each time. Greetings and templates never add.
    let mut miss = 1.0 - weight_of(best);
    for c in &copies {
        if !std::ptr::eq(*c, *best) && counts_as(c) == CountsAs::RepeatedPartners {
            miss *= 1.0 - weight_of(c);
        }
    }
    // The repetition itself is evidence, whenever the copies were posted: two accounts sharing k distinct
    // texts beyond chance weigh 1 − exp(−(k − 1)/2.5) (2 texts 0.33, 3 0.55, 4 0.70, 6 0.86).
    if let Some((_, k, _)) = repeated_partners.first() {
        miss *= (-(f64::from(*k) - 1.0) / REPEAT_SCALE).exp();
    }
    let strength = 1.0 - miss;
    let extra = (copies.len() - 1).min(2) as f64 * 0.1;
    let confidence = (cluster_confidence(best) + extra).clamp(0.0, 1.0);
    let others = best.accounts.len() - 1;
    let span = best.span_seconds().map_or_else(|| phrase("sig_span_unknown", []), describe_span);
    let commonness = match best.commonness {
        Commonness::Distinct => Message::default(),
        Commonness::Greeting => phrase("sig_dup_greeting", []),
        Commonness::Template => phrase("sig_dup_template", []),
    };
    let id = if others == 1 { "sig_dup_same_text" } else { "sig_dup_same_textMany" };
    let mut message = phrase(id, [Arg::data(others), span.then(commonness).into()]);
    if copies.len() > 1 {
        message.push(phrase("sig_dup_texts_in_all", [Arg::data(copies.len())]));
    }
    match (repeated_partners.first(), counts_as(best)) {
        (Some((partner, k, expected)), _) => message.push(phrase(
            "sig_dup_partner",
            [
                Arg::data(k),
                Arg::data(handle_of(partner).map_or_else(|| partner.to_string(), |h| format!("@{h}"))),
                Arg::data(crate::signals::timing::format_expected(*expected)),
            ],
        )),
        (None, CountsAs::SingleText) => message.push(phrase("sig_dup_single_text", [])),
        _ => {}
    }
    let mut ordered = copies.clone();
    crate::sort::sort_by(&mut ordered, |a, b| cluster_strength(b).total_cmp(&cluster_strength(a)));
    let evidence = Evidence::Duplicate(DuplicateEvidence {
        clusters: ordered.iter().map(|c| evidence_of(c)).collect(),
        self_repeats,
        repeated_partners: Some(
            repeated_partners
                .iter()
                .take(8)
                .map(|(p, k, expected)| RepeatedPartner {
                    account: p.to_string(),
                    handle: handle_of(p),
                    texts_shared: *k,
                    expected_by_chance: round3(*expected),
                })
                .collect(),
        ),
    });
    Some(Signal {
        kind: SignalKind::Duplicate,
        strength: strength.clamp(0.0, 1.0),
        confidence,
        summary: message.english(),
        message,
        evidence,
    })
}

pub(super) fn describe_span(seconds: i64) -> Message {
    match seconds {
        s if s < 120 => phrase("sig_span_two_minutes", []),
        s if s < 3600 => phrase("sig_span_minutes", [Arg::data((s + 59) / 60)]),
        s if s < 2 * 86_400 => phrase("sig_span_hours", [Arg::data((s + 3599) / 3600)]),
        s => phrase("sig_span_days", [Arg::data((s + 86_399) / 86_400)]),
    }
}
