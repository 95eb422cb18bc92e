//! The verdict: what Trichome concludes about one account, with every signal's evidence, and the page-level
//! clusters that join accounts.
//!
//! Documented for people in `docs/verdicts.md`. The level rule lives here, in [`combine`], and only here.

use serde::{Deserialize, Serialize};

use crate::observation::Site;

pub mod evidence;
pub mod message;

/// The schema tag written on every verdict.
pub const VERDICT_SCHEMA: &str = "trichome.verdict/1";

/// The combined level shown on the badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Too little was seen to say anything.
    Insufficient,
    /// Nothing found that deserves a second look.
    None,
    /// Something deserves a second look.
    Watch,
    /// Several independent signs of coordination or takeover agree.
    Likely,
}

impl Level {
    /// The lowercase name used in JSON and on the badge's data attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Insufficient => "insufficient",
            Level::None => "none",
            Level::Watch => "watch",
            Level::Likely => "likely",
        }
    }
}

/// The kind of a signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignalKind {
    /// Stolen-account drift: the account became someone else.
    Drift,
    /// Duplicated phrasing across accounts.
    Duplicate,
    /// Posting-time patterns: office shifts, synchronised bursts.
    Timing,
    /// Supporting identity signs: handle shape, default avatar, creation batches.
    Identity,
}

/// One signal's result for one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    /// Which signal.
    pub kind: SignalKind,
    /// How strongly the evidence points at coordination or takeover, 0..1.
    pub strength: f64,
    /// How much evidence there is behind that strength, 0..1.
    pub confidence: f64,
    /// One plain sentence a journalist could quote, in English: `message` rendered from the en locale.
    pub summary: String,
    /// The same sentence as message ids and arguments, for the extension to show in the reader's language
    /// ([`message`]). Absent from verdicts stored before it existed: the reader falls back to `summary`.
    #[serde(default)]
    pub message: message::Message,
    /// The evidence, in a shape particular to the signal (documented in `docs/verdicts.md`): a type per
    /// signal ([`evidence::Evidence`]), written as the JSON object the docs give, keys in order.
    #[serde(serialize_with = "evidence::write_sorted")]
    pub evidence: evidence::Evidence,
}

impl Signal {
    /// Strength weighed by confidence: what the level rule uses.
    pub fn weight(&self) -> f64 {
        (self.strength * self.confidence).clamp(0.0, 1.0)
    }
}

/// The account a verdict is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRef {
    /// The site's id (or `@handle` where only that is known).
    pub id: String,
    /// The handle, without `@`.
    pub handle: Option<String>,
    /// The display name last seen.
    pub name: Option<String>,
}

/// What Trichome concludes about one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Always [`VERDICT_SCHEMA`].
    pub schema: String,
    /// The site.
    pub site: Site,
    /// The account.
    pub account: AccountRef,
    /// The combined level.
    pub level: Level,
    /// The combined score, 0..100.
    pub score: u8,
    /// Every signal that had anything to say.
    pub signals: Vec<Signal>,
    /// Ids of the page-level clusters this account belongs to.
    pub clusters: Vec<String>,
    /// How many posts of the account the engine holds.
    pub posts_seen: usize,
    /// What is not known, in plain words ("posting times of only 3 posts"), in English.
    pub unknowns: Vec<String>,
    /// The same as message ids and arguments, one per line of `unknowns` ([`message`]).
    #[serde(default)]
    pub unknown_messages: Vec<message::Message>,
}

/// What a badge needs: the level, the score, the one-line reason and the clusters; the full verdict is fetched
/// only when the panel opens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BadgeSummary {
    /// The combined level.
    pub level: Level,
    /// The combined score, 0..100.
    pub score: u8,
    /// The strongest sign's summary, or empty.
    pub reason: String,
    /// The strongest sign's message ([`Signal::message`]), or empty.
    #[serde(default)]
    pub reason_message: message::Message,
    /// Ids of the clusters the account belongs to.
    pub clusters: Vec<String>,
    /// The kinds of the signals that count as signs (weight at least [`SIGN_WEIGHT`]), strongest first: what a
    /// display that lets the user switch signals off needs to hide a badge whose every sign is switched off.
    pub signs: Vec<SignalKind>,
}

impl Verdict {
    /// The badge's share of this verdict.
    pub fn badge(&self) -> BadgeSummary {
        let mut signs: Vec<&Signal> = self.signals.iter().filter(|s| s.weight() >= SIGN_WEIGHT).collect();
        let strongest = signs.iter().max_by(|a, b| a.weight().total_cmp(&b.weight()));
        let reason = strongest.map(|s| s.summary.clone()).unwrap_or_default();
        let reason_message = strongest.map(|s| s.message.clone()).unwrap_or_default();
        crate::sort::sort_by(&mut signs, |a, b| b.weight().total_cmp(&a.weight()));
        BadgeSummary {
            level: self.level,
            score: self.score,
            reason,
            reason_message,
            clusters: self.clusters.clone(),
            signs: signs.iter().map(|s| s.kind).collect(),
        }
    }
}

/// The kind of a cluster of accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClusterKind {
    /// Accounts posting the same or near-identical text.
    DuplicateText,
    /// Accounts posting in the same minutes, repeatedly.
    SynchronisedBurst,
    /// Accounts created in the same few days.
    CreationBatch,
}

/// A group of accounts joined by one kind of evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// A stable id, derived from the members and kind.
    pub id: String,
    /// What joins them.
    pub kind: ClusterKind,
    /// Account keys (`x:12345`) of the members.
    pub members: Vec<String>,
    /// One plain sentence, in English: `message` rendered from the en locale.
    pub summary: String,
    /// The same sentence as message ids and arguments ([`message`]).
    #[serde(default)]
    pub message: message::Message,
    /// The evidence, by kind ([`evidence::ClusterEvidence`]), written with sorted keys.
    #[serde(serialize_with = "evidence::write_sorted")]
    pub evidence: evidence::ClusterEvidence,
    /// Which pages delivered the posts it rests on: one page alone makes a cluster that counts only there
    /// ([`crate::pages`]). Not sent: the page must not learn which of its findings count elsewhere.
    #[serde(skip)]
    pub seen_on: crate::pages::SeenOn,
}

/// The weight at which a signal counts as a sign.
pub const SIGN_WEIGHT: f64 = 0.35;
/// The weight at which a signal counts as a strong sign.
pub const STRONG_WEIGHT: f64 = 0.6;

/// The level rule: how signals combine into a level and a score.
///
/// - A signal counts as a *sign* when strength × confidence ≥ [`SIGN_WEIGHT`], a *strong sign* at
///   ≥ [`STRONG_WEIGHT`].
/// - *watch*: at least one sign that is not an identity sign (identity signs only support: a new account
///   with a default picture is most often just a new person). The one exception is an identity sign whose
///   evidence says `empty_batch`: an account that has never posted, created in a batch with others.
/// - *likely*: at least two signs of different kinds, one of them strong, and at least one of them not
///   identity (identity signs only support). No single sign, however strong, reaches *likely* alone.
/// - *insufficient*: no sign, and `enough_data` is false (too few posts to have looked properly).
/// - *none*: otherwise.
///
/// The score is `100 × (1 − Π(1 − wᵢ))` over the signals' weights, capped at 59 below *likely* and at 34
/// below *watch*, so that the number never contradicts the level.
pub fn combine(signals: &[Signal], enough_data: bool) -> (Level, u8) {
    let signs: Vec<&Signal> = signals.iter().filter(|s| s.weight() >= SIGN_WEIGHT).collect();
    let strong = signs.iter().any(|s| s.weight() >= STRONG_WEIGHT);
    let mut kinds: Vec<SignalKind> = signs.iter().map(|s| s.kind).collect();
    crate::sort::sort(&mut kinds);
    kinds.dedup();
    let beyond_identity = kinds.iter().any(|k| *k != SignalKind::Identity);
    let empty_batch =
        signs.iter().any(|s| s.kind == SignalKind::Identity && evidence::says_empty_batch(&s.evidence));
    let level = if kinds.len() >= 2 && strong && beyond_identity {
        Level::Likely
    } else if beyond_identity || empty_batch {
        Level::Watch
    } else if enough_data {
        Level::None
    } else {
        Level::Insufficient
    };
    let miss: f64 = signals.iter().map(|s| 1.0 - s.weight()).product();
    let raw = (100.0 * (1.0 - miss)).round().clamp(0.0, 100.0) as u8;
    let score = match level {
        Level::Likely => raw.max(60),
        Level::Watch => raw.clamp(35, 59),
        Level::None | Level::Insufficient => raw.min(34),
    };
    (level, score)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal(kind: SignalKind, strength: f64, confidence: f64) -> Signal {
        Signal {
            kind,
            strength,
            confidence,
            summary: String::new(),
            message: message::Message::default(),
            evidence: evidence::Evidence::None,
        }
    }

    #[test]
    fn a_badge_names_the_kinds_of_its_signs_strongest_first_and_no_weaker_signal() {
        let signals = vec![
            signal(SignalKind::Timing, 0.5, 0.8),
            signal(SignalKind::Duplicate, 0.9, 0.9),
            signal(SignalKind::Drift, 0.2, 0.9),
        ];
        let (level, score) = combine(&signals, true);
        let verdict = Verdict {
            schema: VERDICT_SCHEMA.to_string(),
            site: Site::X,
            account: AccountRef { id: "1".into(), handle: None, name: None },
            level,
            score,
            signals,
            clusters: vec![],
            posts_seen: 40,
            unknowns: vec![],
            unknown_messages: vec![],
        };
        assert_eq!(verdict.badge().signs, vec![SignalKind::Duplicate, SignalKind::Timing]);
    }

    fn check(signals: &[Signal], enough: bool, expected: Level) {
        let (level, score) = combine(signals, enough);
        assert_eq!(level, expected, "signals {signals:?}");
        assert!(score <= 100);
    }

    #[test]
    fn level_rule() {
        use SignalKind::*;
        check(&[], false, Level::Insufficient);
        check(&[], true, Level::None);
        check(&[signal(Timing, 0.3, 0.5)], true, Level::None);
        check(&[signal(Duplicate, 1.0, 1.0)], true, Level::Watch);
        // One strong sign alone stays at watch.
        check(&[signal(Drift, 1.0, 1.0)], false, Level::Watch);
        // Two weak-but-real signs without a strong one: watch.
        check(&[signal(Drift, 0.5, 0.8), signal(Timing, 0.5, 0.8)], true, Level::Watch);
        check(&[signal(Drift, 0.9, 0.9), signal(Timing, 0.5, 0.8)], true, Level::Likely);
        // Identity supports but never makes a badge by itself (issue: a new person's profile is not a sign).
        check(&[signal(Identity, 0.9, 0.9), signal(Identity, 0.9, 0.9)], true, Level::None);
        check(&[signal(Identity, 0.55, 0.9)], false, Level::Insufficient);
        // ... except an account that never posted, created in a batch with others.
        let mut batch = signal(Identity, 0.55, 0.9);
        batch.evidence = evidence::Evidence::Identity(evidence::IdentityEvidence {
            empty_batch: true,
            ..Default::default()
        });
        check(&[batch], false, Level::Watch);
        check(&[signal(Identity, 0.9, 0.9), signal(Duplicate, 0.5, 0.8)], true, Level::Likely);
    }

    #[test]
    fn score_never_contradicts_level() {
        let (level, score) = combine(&[signal(SignalKind::Duplicate, 0.36, 1.0)], true);
        assert_eq!(level, Level::Watch);
        assert!((35..=59).contains(&score));
    }
}
