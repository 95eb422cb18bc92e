//! Each signal's evidence as a type: the JSON `docs/verdicts.md` documents and the extension's panels read,
//! held by the compiler. Serialised to exactly the objects the signals used to build by hand (serde_json keeps
//! object keys sorted, so field order does not matter).
//!
//! [`super::Signal::evidence`] holds it; it is written with its keys sorted ([`write_sorted`]), as before.

use super::message::Message;
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
    /// The timing signal's.
    Timing(Box<TimingEvidence>),
    /// The drift signal's.
    Drift(DriftEvidence),
    /// The identity signal's.
    Identity(IdentityEvidence),
    /// Evidence read back from a written verdict (`trichome score`'s output), kept as it was written: the
    /// engine never makes it, and the level rule never reads it.
    Read(Value),
}

impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: serde::Deserializer<'de>>(from: D) -> Result<Self, D::Error> {
        read_back(from, Evidence::None, Evidence::Read)
    }
}

/// Evidence read back from written JSON: `null` as `none`, anything else kept as written (`read`).
fn read_back<'de, D: serde::Deserializer<'de>, T>(
    from: D,
    none: T,
    read: fn(Value) -> T,
) -> Result<T, D::Error> {
    let value = Value::deserialize(from)?;
    Ok(if value.is_null() { none } else { read(value) })
}

impl Evidence {
    /// The evidence as a JSON value (keys sorted), for printing and for tests that read it as the docs give it.
    pub fn to_value(&self) -> Value {
        // Only string keys and plain values: serialising cannot fail.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Writes evidence through a JSON value: the objects' keys sorted, as verdicts and clusters have always been
/// written (the command-line tool's output, the extension's stored JSON).
///
/// In the wasm module, evidence is written in its fields' order instead: what the module writes is read by
/// `JSON.parse` into objects whose key order nothing reads, and a detour through serde_json's values would
/// carry their writer and maps into the module (docs/benchmarks.md, issue #18).
pub fn write_sorted<T: Serialize, S: serde::Serializer>(evidence: &T, out: S) -> Result<S::Ok, S::Error> {
    #[cfg(not(target_arch = "wasm32"))]
    return serde_json::to_value(evidence).map_err(serde::ser::Error::custom)?.serialize(out);
    #[cfg(target_arch = "wasm32")]
    return evidence.serialize(out);
}

/// A cluster's evidence, by kind of cluster ([`super::Cluster::evidence`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ClusterEvidence {
    /// No evidence (`null`).
    None,
    /// Accounts that posted the same text.
    Copies(CopiesEvidence),
    /// Accounts that posted in the same minutes, more often than chance.
    Burst(BurstEvidence),
    /// Accounts created in the same few days, more than the accounts around them make likely.
    CreationBatch(CreationBatchEvidence),
    /// Evidence read back from written JSON, kept as it was written: the engine never makes it.
    Read(Value),
}

impl<'de> Deserialize<'de> for ClusterEvidence {
    fn deserialize<D: serde::Deserializer<'de>>(from: D) -> Result<Self, D::Error> {
        read_back(from, ClusterEvidence::None, ClusterEvidence::Read)
    }
}

impl ClusterEvidence {
    /// Evidence read back from JSON as the type a cluster of `kind` holds, where it fits: the signals read
    /// typed evidence only, and a distributed engine carries clusters between its steps as JSON
    /// (`crate/python/`). Anything else is kept as it was.
    pub fn typed(self, kind: super::ClusterKind) -> ClusterEvidence {
        use super::ClusterKind;
        let ClusterEvidence::Read(value) = self else { return self };
        let typed = match kind {
            ClusterKind::DuplicateText => serde_json::from_value(value.clone()).map(ClusterEvidence::Copies),
            ClusterKind::SynchronisedBurst => {
                serde_json::from_value(value.clone()).map(ClusterEvidence::Burst)
            }
            ClusterKind::CreationBatch => {
                serde_json::from_value(value.clone()).map(ClusterEvidence::CreationBatch)
            }
        };
        typed.unwrap_or(ClusterEvidence::Read(value))
    }
}

/// A copy cluster's evidence on the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopiesEvidence {
    /// The text they share (its start).
    pub text: String,
    /// Seconds from the first copy to the last, when their times are known.
    pub span_seconds: Option<i64>,
    /// Each member's handle, in member order (`null` where unknown).
    pub handles: Vec<Option<String>>,
}

/// A synchronised burst's evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BurstEvidence {
    /// The window a burst is counted in.
    pub window_seconds: i64,
    /// The most bursts any pair of members shared.
    pub max_shared: u32,
    /// What chance predicts for that pair, rounded to 3 decimals.
    pub expected_by_chance: f64,
    /// The chance of that pair meeting so often.
    pub chance: f64,
    /// Joining pairs inside the group.
    pub pairs: usize,
    /// Bursts in which at least three members (or both of two) posted within one window.
    pub windows: usize,
    /// Their start times (ISO 8601), earliest first, at most 20.
    pub times: Vec<String>,
}

/// A creation batch's evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreationBatchEvidence {
    /// The first and last creation day (ISO dates).
    pub from: String,
    /// See `from`.
    pub to: String,
    /// How many the accounts created around them predict, rounded to 3 decimals.
    pub expected: f64,
    /// The chance of so many in so few days.
    pub p_value: f64,
    /// The members and when each was created.
    pub accounts: Vec<BatchMember>,
}

/// One member of a creation batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchMember {
    /// Its account key.
    pub account: String,
    /// Its handle, where known.
    pub handle: Option<String>,
    /// When it was created, Unix seconds.
    pub created_at: i64,
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

/// The timing signal's evidence: the week's shape and the offset it was fitted at, the persona's zone,
/// holidays, regularity, the bursts the account is in, and how precisely its times are known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimingEvidence {
    /// Posts with a known time.
    pub posts_with_time: usize,
    /// Distinct UTC days they cover.
    pub days: usize,
    /// What the weekly shape needs.
    pub minimum: TimingMinimum,
    /// Posts still needed.
    pub posts_needed: usize,
    /// Posts per UTC hour, rows Monday..Sunday.
    pub grid_utc: Option<Vec<Vec<u32>>>,
    /// How to read the grid.
    pub grid_note: &'static str,
    /// `unknown`, `office_shift` or `human_day`.
    pub shape: &'static str,
    /// The inferred UTC offset, minutes.
    pub offset_minutes: Option<i32>,
    /// Its plausible range.
    pub offset_range_minutes: Option<[i32; 2]>,
    /// Both shapes' fits.
    pub fits: Option<TimingFits>,
    /// Share of posts in working hours.
    pub workhours_share: f64,
    /// Posts per weekday over posts per weekend day.
    pub weekday_weekend_ratio: Option<f64>,
    /// The persona's zone that counts.
    pub persona: Option<PersonaZone>,
    /// Every zone the persona gave.
    pub persona_sources: Vec<PersonaZone>,
    /// Activity on official holidays.
    pub holidays: HolidayEvidence,
    /// How regular the times are to the second.
    pub regularity: RegularityEvidence,
    /// Ids of the burst clusters the account is in.
    pub burst_clusters: Vec<String>,
    /// Post times by precision.
    pub time_precision: PrecisionCounts,
    /// The same, in English words (`precision_message` rendered).
    pub precision_words: String,
    /// The same, in message ids and arguments.
    pub precision_message: Message,
}

/// What the weekly shape needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimingMinimum {
    /// Posts with a known time.
    pub posts: usize,
    /// Distinct days.
    pub days: usize,
}

/// Both shapes' fits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimingFits {
    /// The ordinary human day.
    pub human_day: ShapeFitEvidence,
    /// The office shift.
    pub office_shift: ShapeFitEvidence,
    /// Log-likelihood ratio per post, office over human.
    pub office_vs_human_per_post: f64,
}

/// One shape's fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShapeFitEvidence {
    /// The best offset, minutes.
    pub offset_minutes: i32,
    /// The plausible offsets.
    pub range_minutes: [i32; 2],
    /// Log-likelihood per post at the best offset.
    pub log_likelihood_per_post: f64,
}

/// Activity on official holidays.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HolidayEvidence {
    /// Weekday holidays in the span.
    pub weekday_holidays: usize,
    /// Posts on them.
    pub holiday_posts: usize,
    /// Ordinary workdays near them.
    pub nearby_workdays: usize,
    /// Posts on those.
    pub nearby_workday_posts: usize,
    /// Posts per holiday over posts per nearby workday.
    pub holiday_ratio: Option<f64>,
    /// Make-up workdays (weekend days worked).
    pub makeup_workdays: usize,
    /// Posts on them.
    pub makeup_posts: usize,
    /// Ordinary weekend days.
    pub weekend_days: usize,
    /// Posts on them.
    pub weekend_posts: usize,
    /// Whether the account keeps the official calendar.
    pub keeps_official_calendar: bool,
}

/// How regular the post times are to the second.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegularityEvidence {
    /// Posts known to the second.
    pub second_precision_posts: usize,
    /// Share at second :00.
    pub at_second_zero_share: f64,
    /// Share at the commonest second.
    pub top_second_share: f64,
    /// The commonest interval between posts, seconds.
    pub interval_mode_seconds: i64,
    /// Its share.
    pub interval_mode_share: f64,
}

/// A UTC offset range in minutes, inclusive, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonaZone {
    /// The smallest plausible offset, minutes east of UTC.
    pub min_minutes: i32,
    /// The largest plausible offset, minutes east of UTC.
    pub max_minutes: i32,
    /// Where it came from: `location`, `based_in` or `language`.
    pub source: &'static str,
    /// The words that matched ("Austin, TX" → "tx"; a language code).
    pub matched: String,
}

/// Post times by precision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PrecisionCounts {
    /// Known to the second.
    pub second: usize,
    /// To the minute.
    pub minute: usize,
    /// To the hour.
    pub hour: usize,
    /// To the day.
    pub day: usize,
    /// Only a range.
    pub range: usize,
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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
    /// In English words (`message` rendered).
    pub detail: String,
    /// In message ids and arguments.
    pub message: Message,
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
pub fn says_empty_batch(evidence: &Evidence) -> bool {
    matches!(evidence, Evidence::Identity(i) if i.empty_batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_batch_is_read_only_from_identity_evidence_that_says_so() {
        let batch = IdentityEvidence { empty_batch: true, ..Default::default() };
        assert!(says_empty_batch(&Evidence::Identity(batch.clone())));
        assert!(!says_empty_batch(&Evidence::Identity(IdentityEvidence::default())));
        assert!(!says_empty_batch(&Evidence::None));
        assert_eq!(Evidence::Identity(batch).to_value()["empty_batch"], true, "written as the docs give it");
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
