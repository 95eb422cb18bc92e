//! Each signal's evidence as a type: the JSON `docs/verdicts.md` documents and the extension's panels read,
//! held by the compiler. Serialised to exactly the objects the signals used to build by hand (serde_json keeps
//! object keys sorted, so field order does not matter).
//!
//! [`super::Signal::evidence`] still holds the serialised form ([`Evidence::to_value`]): archive mode clears it
//! and the command-line tool prints it as JSON. The timing signal's evidence is still built as JSON (its
//! persona and precision parts are the timing module's own types, a layer above this one).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A number as evidence shows it: rounded to 3 decimals.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// One signal's evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Evidence {
    /// No evidence (`null`).
    None,
    /// The duplicate signal's.
    Duplicate(DuplicateEvidence),
    /// The timing signal's (still untyped).
    Timing(Value),
    /// The drift signal's.
    Drift(DriftEvidence),
    /// The identity signal's.
    Identity(IdentityEvidence),
}

impl Evidence {
    /// The evidence as JSON, as a verdict carries it.
    pub fn to_value(&self) -> Value {
        // Only string keys and plain values: serialising cannot fail.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// The duplicate signal's evidence: the copy clusters an account is in, strongest first, its repeats of its
/// own texts, and the partners it shares texts with beyond chance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DuplicateEvidence {
    /// The account's copy clusters (shared with other accounts), strongest first.
    pub clusters: Vec<CopyClusterEvidence>,
    /// Texts the account posted more than once.
    pub self_repeats: Vec<SelfRepeat>,
    /// Accounts it shares several texts with, beyond chance (at most 8); absent when it has no copies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeated_partners: Option<Vec<RepeatedPartner>>,
}

/// A text an account posted more than once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfRepeat {
    /// The text.
    pub text: String,
    /// How many times it was posted.
    pub posts: usize,
}

/// One copy cluster as the account's evidence shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CopyClusterEvidence {
    /// The cluster's id.
    pub id: String,
    /// Its representative text.
    pub text: String,
    /// Accounts that posted it.
    pub accounts: usize,
    /// The most accounts within one burst.
    pub burst_accounts: usize,
    /// Distinct variants of the text.
    pub variants: usize,
    /// `distinct`, `greeting` or `template`.
    pub commonness: &'static str,
    /// Seconds between the first and last timed post.
    pub span_seconds: Option<i64>,
    /// The cluster's strength.
    pub strength: f64,
    /// What it may weigh for this account (`repeated_partners`, `tight_burst`, `single_text`, `common`).
    pub counts_as: &'static str,
    /// Replies quoting a post of the cluster, set aside.
    pub quotes_set_aside: usize,
    /// Posts in the cluster.
    pub posts_total: usize,
    /// The posts shown, earliest first.
    pub posts: Vec<EvidencePost>,
}

/// One post shown in evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidencePost {
    /// The account key.
    pub account: String,
    /// Its handle, when known.
    pub handle: Option<String>,
    /// The site's post id.
    pub post_id: String,
    /// When it was posted, Unix seconds.
    pub at: Option<i64>,
    /// The text kept for evidence.
    pub text: String,
}

/// An account another shares several texts with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepeatedPartner {
    /// The partner's account key.
    pub account: String,
    /// Its handle, when known.
    pub handle: Option<String>,
    /// Distinct informative texts the two share.
    pub texts_shared: u32,
    /// What chance predicts, rounded to 3 decimals.
    pub expected_by_chance: f64,
}

/// The drift signal's evidence: the change point, each aspect before and after, the silence, the new
/// identity, and a month-by-month strip.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriftEvidence {
    /// Time of the first post after the change point.
    pub change_at: Option<i64>,
    /// Posts before the change point.
    pub posts_before: usize,
    /// Posts after it.
    pub posts_after: usize,
    /// Every aspect compared.
    pub aspects: Vec<AspectEvidence>,
    /// Content change combined, 0..1.
    pub content_change: f64,
    /// Behaviour change combined, 0..1.
    pub behaviour_change: f64,
    /// The silence at the change point.
    pub dormancy: DormancyEvidence,
    /// Signs of a new identity, in words.
    pub new_identity: Vec<String>,
    /// Names and handles seen, with when.
    pub names_seen: Vec<NameSeen>,
    /// Posts per day since the account was created, as the site counts posts.
    pub posts_per_day_since_creation: Option<f64>,
    /// Posts and main language by month (the last 36 months).
    pub strip: Vec<MonthEvidence>,
    /// Which rule applied, in words.
    pub rule: &'static str,
}

/// One aspect before and after the change point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AspectEvidence {
    /// Which aspect (`language`, `script`, `vocabulary`, `client`, `hours`, `link_domains`, `mentions`).
    pub aspect: &'static str,
    /// How much more it changed than the account varies anyway, 0..1.
    pub strength: f64,
    /// Jensen–Shannon divergence between before and after, bits.
    pub divergence: f64,
    /// The same within "before".
    pub baseline: f64,
    /// The commonest values before, (value, share).
    pub before: Vec<(String, f64)>,
    /// The commonest values after.
    pub after: Vec<(String, f64)>,
}

/// The silence at the change point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DormancyEvidence {
    /// Days between the last post before and the first after.
    pub gap_days: f64,
    /// The account's median gap, days.
    pub usual_gap_days: f64,
    /// How strongly the gap counts as dormancy, 0..1.
    pub strength: f64,
    /// Posts per day in the 30 days after over before.
    pub burst_ratio: Option<f64>,
}

/// A name or handle seen, with when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameSeen {
    /// The name or handle.
    pub value: String,
    /// First seen, Unix seconds.
    pub first_seen: i64,
    /// Last seen, Unix seconds.
    pub last_seen: i64,
}

/// One month of the drift strip.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthEvidence {
    /// `YYYY-MM`.
    pub month: String,
    /// Posts that month.
    pub posts: usize,
    /// The commonest language.
    pub lang: Option<String>,
    /// Its share of the month's posts.
    pub lang_share: Option<f64>,
}

/// The identity signal's evidence: the profile signs, how much of the profile was known, and the creation
/// batches the account is in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdentityEvidence {
    /// The signs found.
    pub signs: Vec<ProfileSignEvidence>,
    /// Profile facts known.
    pub facts_known: usize,
    /// Profile facts looked for.
    pub facts_total: usize,
    /// What X's "about this account" said.
    pub about: Option<AboutEvidence>,
    /// When the account was created.
    pub created_at: Option<i64>,
    /// Ids of the creation batches it is in.
    pub creation_batches: Vec<String>,
    /// An account that has never posted, created in a batch with others: the follower-farm shape, the one
    /// case where identity alone may earn a second look ([`super::combine`]).
    #[serde(default)]
    pub empty_batch: bool,
}

/// One profile sign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileSignEvidence {
    /// Which sign.
    pub sign: String,
    /// Its strength.
    pub strength: f64,
    /// In words.
    pub detail: String,
}

/// What X's "about this account" said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AboutEvidence {
    /// The country or region it says the account is based in.
    pub based_in: Option<String>,
    /// Username changes.
    pub username_changes: Option<u32>,
    /// When the username last changed.
    pub last_username_change_at: Option<i64>,
    /// How the account connects ("App Store", "Web", a country's store).
    pub source: Option<String>,
}

/// Whether identity evidence says `empty_batch`, read as [`IdentityEvidence`]'s field (any other evidence, or
/// none, says no).
pub fn says_empty_batch(evidence: &Value) -> bool {
    /// Only the field the level rule reads, so that a partial object (a test's) reads too.
    #[derive(Deserialize)]
    struct EmptyBatch {
        #[serde(default)]
        empty_batch: bool,
    }
    EmptyBatch::deserialize(evidence).is_ok_and(|e| e.empty_batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_batch_is_read_only_from_a_true_field() {
        assert!(says_empty_batch(&serde_json::json!({ "empty_batch": true, "signs": [] })));
        assert!(!says_empty_batch(&serde_json::json!({ "empty_batch": false })));
        assert!(!says_empty_batch(&serde_json::json!({ "empty_batch": "yes" })));
        assert!(!says_empty_batch(&serde_json::json!({})));
        assert!(!says_empty_batch(&Value::Null));
    }

    #[test]
    fn no_evidence_is_null_and_partners_are_absent_when_unknown() {
        assert_eq!(Evidence::None.to_value(), Value::Null);
        let d = DuplicateEvidence {
            clusters: Vec::new(),
            self_repeats: vec![SelfRepeat { text: "t".into(), posts: 2 }],
            repeated_partners: None,
        };
        assert_eq!(
            Evidence::Duplicate(d).to_value(),
            serde_json::json!({ "clusters": [], "self_repeats": [{ "text": "t", "posts": 2 }] })
        );
    }
}
