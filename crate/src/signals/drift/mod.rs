//! Stolen-account drift: whether an account's history splits into two parts that look like two different
//! people (a behavioural profile in the manner of COMPA, Egele et al., NDSS 2013).
//!
//! The history is scanned for the most likely change point: every split with at least [`MIN_SIDE`] posts on
//! each side is scored by how much knowing the side tells about each aspect of the posts (the mutual
//! information between side and language, script, character 3-grams, client, hour, link domains and
//! mentions, which is the log-likelihood ratio of a change there), plus a bonus for a long silence at the
//! split. At the best split each aspect is compared before against after with the Jensen–Shannon divergence,
//! less the divergence between the two halves of the "before" part (how much this account varies anyway),
//! so that each aspect reports its own strength.
//!
//! **The rule.** Bilingual people and changing lives are normal, so drift alone stays below
//! [`crate::verdict::STRONG_WEIGHT`] (at most *watch*) unless the change is abrupt (the language or
//! vocabulary changed), follows a dormancy, and comes with a new identity (a rename, or a name in the new
//! script). A change of client and hours alone (a new phone, a new job) is never a sign.

use std::collections::HashMap;

use crate::history::{AccountHistory, PostRecord};
use crate::lang::{self, Script};
use crate::time;
use crate::verdict::evidence::{
    round3, AspectEvidence, DormancyEvidence, DriftEvidence, Evidence, MonthEvidence, NameSeen,
};
use crate::verdict::message::{phrase, Arg, Message};
use crate::verdict::{Signal, SignalKind};

mod change_point;
#[cfg(test)]
mod tests;

use self::change_point::*;

/// Posts needed on each side of a change point.
pub const MIN_SIDE: usize = 5;
/// A silence at least this long (days) counts as dormancy in full.
pub const DORMANCY_DAYS: i64 = 180;
/// Buckets the character 3-grams are hashed into.
const VOCAB_BUCKETS: usize = crate::features::VOCAB_BUCKETS;
/// Observations of an aspect needed on each side to compare it.
const MIN_OBSERVED: f64 = 3.0;
/// Drift's weight when the full rule (abrupt, after dormancy, new identity) is not met.
pub const CAP_WITHOUT_ALL_THREE: f64 = 0.55;
/// Drift's strength when neither language nor vocabulary changed.
pub const CAP_BEHAVIOUR_ONLY: f64 = 0.3;

/// An aspect of posts compared before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Aspect {
    /// The post's language (site label, else detected).
    Language,
    /// The script of the post's letters.
    Script,
    /// Character 3-grams of the text.
    Vocabulary,
    /// The posting client.
    Client,
    /// Hour of day (UTC, three-hour bins; only times known to the minute).
    Hours,
    /// Domains of links in the text.
    LinkDomains,
    /// Accounts mentioned.
    Mentions,
}

const ASPECTS: [Aspect; 7] = [
    Aspect::Language,
    Aspect::Script,
    Aspect::Vocabulary,
    Aspect::Client,
    Aspect::Hours,
    Aspect::LinkDomains,
    Aspect::Mentions,
];

impl Aspect {
    /// The name used in evidence.
    pub fn as_str(self) -> &'static str {
        match self {
            Aspect::Language => "language",
            Aspect::Script => "script",
            Aspect::Vocabulary => "vocabulary",
            Aspect::Client => "client",
            Aspect::Hours => "hours",
            Aspect::LinkDomains => "link_domains",
            Aspect::Mentions => "mentions",
        }
    }
}

/// One aspect compared before and after the change point.
#[derive(Debug, Clone, PartialEq)]
pub struct AspectChange {
    /// Which aspect.
    pub aspect: Aspect,
    /// How much more it changed than the account varies anyway, 0..1.
    pub strength: f64,
    /// Jensen–Shannon divergence (bits) between before and after.
    pub divergence: f64,
    /// The same between the two halves of "before": the account's own variation.
    pub baseline: f64,
    /// The commonest values before (value, share), for aspects with readable values.
    pub before: Vec<(String, f64)>,
    /// The commonest values after.
    pub after: Vec<(String, f64)>,
}

/// The silence at the change point.
#[derive(Debug, Clone, PartialEq)]
pub struct Dormancy {
    /// Days between the last post before and the first after.
    pub gap_days: f64,
    /// The account's median gap between posts, days.
    pub usual_gap_days: f64,
    /// How strongly the gap counts as dormancy, 0..1.
    pub strength: f64,
    /// Posts per day in the 30 days after, over posts per day before (above 1: a burst).
    pub burst_ratio: Option<f64>,
}

/// What the drift analysis found for one account.
#[derive(Debug, Clone, PartialEq)]
pub struct DriftFinding {
    /// Index in the history of the first post after the change point.
    pub split: usize,
    /// Time of the first post after the change point.
    pub change_at: Option<i64>,
    /// Posts before and after.
    pub before: usize,
    /// Posts after.
    pub after: usize,
    /// Every aspect that could be compared.
    pub aspects: Vec<AspectChange>,
    /// The silence at the change point.
    pub dormancy: Dormancy,
    /// Language, script and vocabulary change combined, 0..1.
    pub content_change: f64,
    /// Client, hours, links and mentions change combined, 0..1.
    pub behaviour_change: f64,
    /// Signs of a new identity (renames, a name in the new script), in words.
    pub new_identity: Vec<String>,
    /// The drift strength after the rule's caps.
    pub strength: f64,
    /// How much evidence: grows with the posts on the smaller side.
    pub confidence: f64,
    /// Strength before the caps: the plain measure of change, for evaluation.
    pub raw_strength: f64,
}

impl DriftFinding {
    /// The strength of one aspect, 0 when it could not be compared.
    pub fn aspect(&self, a: Aspect) -> f64 {
        self.aspects.iter().find(|c| c.aspect == a).map_or(0.0, |c| c.strength)
    }

    /// Whether the full rule is met: abrupt, after dormancy, with a new identity.
    pub fn all_three(&self) -> bool {
        self.content_change >= 0.5 && self.dormancy.strength >= 0.5 && !self.new_identity.is_empty()
    }
}

/// A category of an aspect, borrowed from the posts while the columns are built: a readable name, an hour
/// bin (named when first met), or a hash (mentions) compared but never shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'a> {
    Name(&'a str),
    Hours(u32),
    Hidden(u32),
}

/// One aspect's values per post: (category, weight) pairs whose weights sum to 1 for posts that have the
/// aspect, none for posts that do not.
struct AspectColumn {
    aspect: Aspect,
    /// The readable name of each category; `None` for hashed ones, which evidence does not list.
    names: Vec<Option<String>>,
    /// Categories: the vocabulary buckets, else the names met.
    width: usize,
    /// Every post's (category, weight) pairs, post after post; categories are below `width`.
    entries: Vec<(usize, f64)>,
    /// Where each post's pairs start in `entries`, and where the last ends.
    starts: Vec<usize>,
    /// Prefix count of posts having the aspect.
    present: Vec<f64>,
    /// Totals over all posts.
    total: Vec<f64>,
}

/// Builds one [`AspectColumn`], post after post. Categories are numbered in the order first met, which
/// fixes the order in which the comparisons add them up.
struct ColumnBuilder<'a> {
    index: HashMap<Key<'a>, usize>,
    column: AspectColumn,
}

impl<'a> ColumnBuilder<'a> {
    fn new(aspect: Aspect, posts: usize) -> Self {
        ColumnBuilder {
            index: HashMap::new(),
            column: AspectColumn {
                aspect,
                names: Vec::new(),
                width: 0,
                entries: Vec::new(),
                starts: {
                    let mut s = Vec::with_capacity(posts + 1);
                    s.push(0);
                    s
                },
                present: {
                    let mut p = Vec::with_capacity(posts + 1);
                    p.push(0.0);
                    p
                },
                total: Vec::new(),
            },
        }
    }

    /// The id of a named or hashed category.
    fn id(&mut self, key: Key<'a>) -> usize {
        let names = &mut self.column.names;
        *self.index.entry(key).or_insert_with(|| {
            names.push(match key {
                Key::Name(n) => Some(n.to_string()),
                Key::Hours(h) => Some(format!("{:02}-{:02} UTC", h * 3, h * 3 + 3)),
                Key::Hidden(_) => None,
            });
            names.len() - 1
        })
    }

    /// One value of the current post.
    fn value(&mut self, key: Key<'a>, w: f64) {
        let id = self.id(key);
        self.column.entries.push((id, w));
    }

    /// Values spread evenly over the current post.
    fn spread(&mut self, keys: impl ExactSizeIterator<Item = Key<'a>>) {
        let w = 1.0 / keys.len().max(1) as f64;
        for key in keys {
            self.value(key, w);
        }
    }

    /// Closes the current post.
    fn end_post(&mut self) {
        let c = &mut self.column;
        let had = c.entries.len() > c.starts.last().copied().unwrap_or(0);
        c.starts.push(c.entries.len());
        let before = c.present.last().copied().unwrap_or(0.0);
        c.present.push(before + if had { 1.0 } else { 0.0 });
    }

    /// The column, `buckets` wide when its categories are buckets, else as wide as the names met.
    fn finish(self, buckets: Option<usize>) -> AspectColumn {
        let mut c = self.column;
        c.width = buckets.unwrap_or(c.names.len()).max(1);
        let posts = c.starts.len() - 1;
        c.total = c.prefix(0, posts, vec![0.0; c.width]);
        c
    }
}

impl AspectColumn {
    /// Posts in the column.
    fn posts(&self) -> usize {
        self.starts.len() - 1
    }

    /// The pairs of post `i`.
    fn row(&self, i: usize) -> &[(usize, f64)] {
        self.entries.get(self.starts[i]..self.starts[i + 1]).unwrap_or(&[])
    }

    /// Totals over posts 0..k, added post after post (so equal, to the bit, to a running total), given
    /// `sums`, the totals over posts 0..from.
    fn prefix(&self, from: usize, k: usize, mut sums: Vec<f64>) -> Vec<f64> {
        let k = k.min(self.posts());
        let (from, k) = (self.starts[from.min(k)], self.starts[k]);
        for &(id, w) in self.entries.get(from..k).unwrap_or(&[]) {
            // A category outside the width has no place in the totals and is not counted.
            if let Some(c) = sums.get_mut(id) {
                *c += w;
            }
        }
        sums
    }

    /// Totals over posts a..b, from the totals over 0..a and 0..b.
    fn window(&self, a: usize, b: usize, upto_a: &[f64], upto_b: &[f64]) -> (Vec<f64>, f64) {
        let counts = upto_b.iter().zip(upto_a).map(|(y, x)| y - x).collect();
        (counts, self.present[b] - self.present[a])
    }

    fn top(&self, counts: &[f64], n: f64) -> Vec<(String, f64)> {
        if self.names.is_empty() || n <= 0.0 {
            return Vec::new();
        }
        let mut v: Vec<(String, f64)> = counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0.0)
            .filter_map(|(i, c)| Some((self.names.get(i)?.clone()?, round3(c / n))))
            .collect();
        crate::sort::sort_by(&mut v, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(3);
        v
    }
}

/// Jensen–Shannon divergence in bits (0 same, 1 disjoint) between two count vectors.
pub fn jensen_shannon(p: &[f64], q: &[f64]) -> f64 {
    let (sp, sq): (f64, f64) = (p.iter().sum(), q.iter().sum());
    if sp <= 0.0 || sq <= 0.0 {
        return 0.0;
    }
    let mut d = 0.0;
    for (a, b) in p.iter().zip(q) {
        let (a, b) = (a / sp, b / sq);
        let m = (a + b) / 2.0;
        if a > 0.0 {
            d += 0.5 * a * (a / m).log2();
        }
        if b > 0.0 {
            d += 0.5 * b * (b / m).log2();
        }
    }
    d.clamp(0.0, 1.0)
}

/// Mutual information (bits) between the side of the split and the aspect, from the two sides' counts.
fn split_information(before: &[f64], after: &[f64]) -> f64 {
    let (nb, na): (f64, f64) = (before.iter().sum(), after.iter().sum());
    let n = nb + na;
    if nb <= 0.0 || na <= 0.0 {
        return 0.0;
    }
    let mut mi = 0.0;
    for (b, a) in before.iter().zip(after) {
        let c = b + a;
        if *b > 0.0 {
            mi += b / n * (b * n / (nb * c)).log2();
        }
        if *a > 0.0 {
            mi += a / n * (a * n / (na * c)).log2();
        }
    }
    mi.max(0.0)
}

/// The time to order and date a post by: its own time, else when it was seen.
fn post_time(p: &PostRecord) -> i64 {
    p.created.map_or(p.observed_at, |t| t.midpoint())
}

/// The language of each post, as drift sees it.
pub fn post_languages(posts: &[PostRecord]) -> Vec<Option<String>> {
    posts.iter().map(|p| p.features.language(p.lang.as_deref())).collect()
}

/// The commonest script of posts' text, with its share; `None` when no post has letters.
pub fn dominant_script(posts: &[PostRecord]) -> Option<(Script, f64)> {
    let mut counts: HashMap<Script, usize> = HashMap::new();
    for p in posts {
        if let Some(s) = p.features.script.filter(|s| !matches!(s, Script::None | Script::Other)) {
            *counts.entry(s).or_insert(0) += 1;
        }
    }
    let total: usize = counts.values().sum();
    let (s, n) = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
    Some((s, n as f64 / total as f64))
}

fn columns(posts: &[PostRecord], langs: &[Option<String>]) -> Vec<AspectColumn> {
    ASPECTS
        .iter()
        .map(|&aspect| {
            let mut col = ColumnBuilder::new(aspect, posts.len());
            for (p, l) in posts.iter().zip(langs) {
                match aspect {
                    Aspect::Language => {
                        if let Some(l) = l {
                            col.value(Key::Name(l), 1.0);
                        }
                    }
                    Aspect::Script => {
                        if let Some(s) = p.features.script {
                            col.value(Key::Name(s.as_str()), 1.0);
                        }
                    }
                    Aspect::Vocabulary => col.column.entries.extend(p.features.vocabulary.weights()),
                    Aspect::Client => {
                        if let Some(c) = &p.client {
                            col.value(Key::Name(c), 1.0);
                        }
                    }
                    Aspect::Hours => {
                        if let Some(t) = p.created.and_then(|t| t.to_the_minute()) {
                            col.value(Key::Hours(time::minute_of_day(t, 0) / 180), 1.0);
                        }
                    }
                    Aspect::LinkDomains => col.spread(p.features.links.iter().map(|d| Key::Name(d))),
                    // Mentions are kept as hashes: whether the set changed shows, not whom.
                    Aspect::Mentions => col.spread(p.features.mentions.iter().map(|m| Key::Hidden(*m))),
                }
                col.end_post();
            }
            let buckets = (aspect == Aspect::Vocabulary).then_some(VOCAB_BUCKETS);
            col.finish(buckets)
        })
        .collect()
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    crate::sort::sort_by(&mut v, f64::total_cmp);
    Some(v[v.len() / 2])
}

/// How strongly the silence before post `k` counts as dormancy, 0..1, as the evidence rounds it.
fn dormancy_strength(times: &[i64], k: usize, usual_gap: f64) -> f64 {
    let gap = (times[k] - times[k - 1]).max(0) as f64;
    let days = gap / 86_400.0;
    let ratio = gap / usual_gap.max(3_600.0);
    let long = ((days - 30.0) / (DORMANCY_DAYS as f64 - 30.0)).clamp(0.0, 1.0);
    let unusual = (ratio.max(1.0).log10() / 2.0).clamp(0.0, 1.0);
    round3(long * unusual)
}

fn dormancy_at(times: &[i64], k: usize, usual_gap: f64) -> Dormancy {
    let gap = (times[k] - times[k - 1]).max(0) as f64;
    let days = gap / 86_400.0;
    let before_span = ((times[k - 1] - times[0]) as f64 / 86_400.0).max(1.0);
    let before_rate = k as f64 / before_span;
    let after_30 = times[k..].iter().take_while(|t| **t - times[k] <= 30 * 86_400).count() as f64;
    let burst_ratio = (k >= 2).then(|| round3(after_30 / 30.0 / before_rate));
    Dormancy {
        gap_days: round3(days),
        usual_gap_days: round3(usual_gap / 86_400.0),
        strength: dormancy_strength(times, k, usual_gap),
        burst_ratio,
    }
}

/// The time of each post, and the median gap between posts (a day when no two posts differ in time).
fn timeline(posts: &[PostRecord]) -> (Vec<i64>, f64) {
    let times: Vec<i64> = posts.iter().map(post_time).collect();
    let gaps: Vec<f64> = times.windows(2).map(|w| (w[1] - w[0]).max(0) as f64).filter(|g| *g > 0.0).collect();
    (times, median(gaps).unwrap_or(86_400.0))
}

/// Finds the most likely change point in an account's history and what changed there. `None` when the
/// history is too short to have two sides.
pub fn analyse(history: &AccountHistory) -> Option<DriftFinding> {
    if history.posts.len() < 2 * MIN_SIDE {
        return None;
    }
    analyse_with(history, &post_languages(&history.posts))
}

/// [`analyse`], given the language of each post ([`post_languages`]).
fn analyse_with(history: &AccountHistory, langs: &[Option<String>]) -> Option<DriftFinding> {
    let posts = &history.posts;
    let n = posts.len();
    if n < 2 * MIN_SIDE {
        return None;
    }
    let (times, usual_gap) = timeline(posts);
    let cols = columns(posts, langs);

    let k = change_point(&cols, &times, usual_gap)?;
    let after = n - k;
    let reference = after.min(k / 2).max(1);

    let mut aspects = Vec::new();
    for c in &cols {
        let upto_ref = c.prefix(0, k - reference, vec![0.0; c.width]);
        let upto_k = c.prefix(k - reference, k, upto_ref.clone());
        let none = vec![0.0; c.width];
        let (b, nb) = c.window(0, k, &none, &upto_k);
        let (a, na) = c.window(k, n, &upto_k, &c.total);
        if nb < MIN_OBSERVED || na < MIN_OBSERVED {
            continue;
        }
        let divergence = jensen_shannon(&b, &a);
        let (b1, n1) = c.window(0, k - reference, &none, &upto_ref);
        let (b2, n2) = c.window(k - reference, k, &upto_ref, &upto_k);
        let baseline = if n1 >= 2.0 && n2 >= 2.0 { jensen_shannon(&b1, &b2) } else { 0.0 };
        let strength = ((divergence - baseline) / (1.0 - baseline).max(0.05)).clamp(0.0, 1.0);
        aspects.push(AspectChange {
            aspect: c.aspect,
            strength: round3(strength),
            divergence: round3(divergence),
            baseline: round3(baseline),
            before: c.top(&b, nb),
            after: c.top(&a, na),
        });
    }
    let get = |x: Aspect| aspects.iter().find(|c| c.aspect == x).map_or(0.0, |c| c.strength);
    let content_change = 1.0
        - (1.0 - 0.9 * get(Aspect::Language).max(get(Aspect::Script)))
            * (1.0 - 0.6 * get(Aspect::Vocabulary));
    let behaviour_change = 1.0
        - (1.0 - 0.5 * get(Aspect::Client))
            * (1.0 - 0.3 * get(Aspect::Hours))
            * (1.0 - 0.3 * get(Aspect::LinkDomains))
            * (1.0 - 0.3 * get(Aspect::Mentions));
    let dormancy = dormancy_at(&times, k, usual_gap);
    let raw = 1.0 - (1.0 - content_change) * (1.0 - 0.4 * behaviour_change) * (1.0 - 0.3 * dormancy.strength);
    let new_identity = new_identity(history, &posts[..k], &posts[k..], times[k]);
    let smaller = k.min(after) as f64;
    let confidence = (smaller / 15.0).sqrt().min(1.0);
    let mut finding = DriftFinding {
        split: k,
        change_at: Some(times[k]),
        before: k,
        after,
        aspects,
        dormancy,
        content_change: round3(content_change),
        behaviour_change: round3(behaviour_change),
        new_identity,
        strength: 0.0,
        confidence: round3(confidence),
        raw_strength: round3(raw),
    };
    let mut strength = raw;
    if content_change < CAP_BEHAVIOUR_ONLY {
        strength = strength.min(CAP_BEHAVIOUR_ONLY);
    }
    if !finding.all_three() {
        strength = strength.min(CAP_WITHOUT_ALL_THREE);
    }
    finding.strength = round3(strength);
    Some(finding)
}

/// Signs that the account took a new identity around the change: renames seen, X's count of username
/// changes, a display name written in the script of the new posts rather than the old.
fn new_identity(
    history: &AccountHistory,
    before: &[PostRecord],
    after: &[PostRecord],
    at: i64,
) -> Vec<String> {
    let mut out = Vec::new();
    if history.names.len() > 1 {
        let names: Vec<&str> = history.names.iter().map(|n| n.value.as_str()).collect();
        out.push(format!("display name changed: {}", names.join(" → ")));
    }
    if history.handles.len() > 1 {
        let handles: Vec<String> = history.handles.iter().map(|n| format!("@{}", n.value)).collect();
        out.push(format!("handle changed: {}", handles.join(" → ")));
    }
    if let Some(about) = &history.account.about {
        if let Some(c) = about.username_changes.filter(|c| *c > 0) {
            let when = about
                .last_username_change_at
                .map(|t| format!(", last on {}", &time::format_iso(t)[..10]))
                .unwrap_or_default();
            // A change long before the drift is a rename of the old owner, not of the new.
            if about.last_username_change_at.is_none_or(|t| t >= at - 90 * 86_400) {
                out.push(format!("X reports {c} username change{}{when}", if c == 1 { "" } else { "s" }));
            }
        }
    }
    let (Some((old, _)), Some((new, _))) = (dominant_script(before), dominant_script(after)) else {
        return out;
    };
    if old != new {
        for (what, value) in [("display name", &history.account.name), ("bio", &history.account.bio)] {
            let Some(v) = value else { continue };
            let s = lang::detect(v).script;
            if s == new {
                out.push(format!(
                    "{what} is in {} script, like the new posts, not {}",
                    s.as_str(),
                    old.as_str()
                ));
            }
        }
    }
    out
}

/// Month by month: posts and the commonest language, at most the last 36 months with posts. `langs` is the
/// language of each post ([`post_languages`]).
fn strip(posts: &[PostRecord], langs: &[Option<String>]) -> Vec<MonthEvidence> {
    let mut months: Vec<(String, usize, HashMap<&str, usize>)> = Vec::new();
    // The month's name is the same for the same year and month: written out only when those change.
    let mut year_month = None;
    for (p, l) in posts.iter().zip(langs) {
        let at = post_time(p);
        let (y, m, _) = time::civil_from_days(at.div_euclid(86_400));
        if year_month != Some((y, m)) {
            year_month = Some((y, m));
            let month = time::format_iso(at)[..7].to_string();
            if months.last().is_none_or(|m| m.0 != month) {
                months.push((month, 0, HashMap::new()));
            }
        }
        if let Some(m) = months.last_mut() {
            m.1 += 1;
            *m.2.entry(l.as_deref().unwrap_or("?")).or_insert(0) += 1;
        }
    }
    let skip = months.len().saturating_sub(36);
    months
        .into_iter()
        .skip(skip)
        .map(|(month, count, langs)| {
            let top = langs.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)));
            MonthEvidence {
                month,
                posts: count,
                lang: top.map(|t| t.0.to_string()),
                lang_share: top.map(|t| round3(t.1 as f64 / count as f64)),
            }
        })
        .collect()
}

impl Aspect {
    /// The aspect's name in the reader's language.
    fn words(self) -> Message {
        let id = match self {
            Aspect::Language => "sig_aspect_language",
            Aspect::Script => "sig_aspect_script",
            Aspect::Vocabulary => "sig_aspect_vocabulary",
            Aspect::Client => "sig_aspect_client",
            Aspect::Hours => "sig_aspect_hours",
            Aspect::LinkDomains => "sig_aspect_link_domains",
            Aspect::Mentions => "sig_aspect_mentions",
        };
        phrase(id, [])
    }
}

fn describe(f: &DriftFinding) -> Message {
    let changed: Vec<Message> = f
        .aspects
        .iter()
        .filter(|a| a.strength >= 0.5)
        .map(|a| match (a.aspect, a.before.first(), a.after.first()) {
            (Aspect::Language | Aspect::Script | Aspect::Client, Some(b), Some(x)) => {
                phrase("sig_drift_aspect_change", [a.aspect.words().into(), Arg::data(&b.0), Arg::data(&x.0)])
            }
            _ => a.aspect.words(),
        })
        .collect();
    let when = f.change_at.map(|t| time::format_iso(t)[..7].to_string()).unwrap_or_default();
    if f.strength < 0.2 {
        return phrase("sig_drift_none", [Arg::data(f.before + f.after), Arg::data(when)]);
    }
    let changed = if changed.is_empty() {
        phrase("sig_drift_several", [])
    } else {
        Message::join(changed, "sig_sep_comma")
    };
    let dormancy = if f.dormancy.strength >= 0.5 {
        phrase("sig_drift_dormancy", [Arg::data(crate::decimal::fixed(f.dormancy.gap_days, 0))])
    } else {
        Message::default()
    };
    let identity =
        if f.new_identity.is_empty() { Message::default() } else { phrase("sig_drift_new_identity", []) };
    phrase("sig_drift_changed", [Arg::data(when), changed.then(dormancy).then(identity).into()])
}

/// Volume against age: posts per day since the account was created, as the site counts posts.
pub fn posts_per_day(history: &AccountHistory) -> Option<f64> {
    let created = history.account.created_at?;
    let count = history.account.posts_count?;
    let now = history.posts.last().map(post_time).unwrap_or(history.last_observed).max(history.last_observed);
    let days = ((now - created) as f64 / 86_400.0).max(1.0);
    Some(count as f64 / days)
}

/// The drift signal for one account, or `None` when the history is too short.
pub fn assess(history: &AccountHistory) -> Option<Signal> {
    if history.posts.len() < 2 * MIN_SIDE {
        return None;
    }
    let langs = post_languages(&history.posts);
    let f = analyse_with(history, &langs)?;
    let renames: Vec<NameSeen> = history
        .names
        .iter()
        .chain(&history.handles)
        .map(|n| NameSeen { value: n.value.clone(), first_seen: n.first_seen, last_seen: n.last_seen })
        .collect();
    let evidence = Evidence::Drift(DriftEvidence {
        change_at: f.change_at,
        posts_before: f.before,
        posts_after: f.after,
        aspects: f
            .aspects
            .iter()
            .map(|a| AspectEvidence {
                aspect: a.aspect.as_str(),
                strength: a.strength,
                divergence: a.divergence,
                baseline: a.baseline,
                before: a.before.clone(),
                after: a.after.clone(),
            })
            .collect(),
        content_change: f.content_change,
        behaviour_change: f.behaviour_change,
        dormancy: DormancyEvidence {
            gap_days: f.dormancy.gap_days,
            usual_gap_days: f.dormancy.usual_gap_days,
            strength: f.dormancy.strength,
            burst_ratio: f.dormancy.burst_ratio,
        },
        new_identity: f.new_identity.clone(),
        names_seen: renames,
        posts_per_day_since_creation: posts_per_day(history).map(round3),
        strip: strip(&history.posts, &langs),
        rule: if f.all_three() {
            "abrupt change after dormancy with a new identity"
        } else {
            "drift alone: capped below a strong sign"
        },
    });
    let message = describe(&f);
    Some(Signal {
        kind: SignalKind::Drift,
        strength: f.strength,
        confidence: f.confidence,
        summary: message.english(),
        message,
        evidence,
    })
}
