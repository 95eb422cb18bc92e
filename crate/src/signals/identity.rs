//! Supporting identity signs: what the profile says about an account (handle shaped like a name plus
//! digits, default avatar, follower counts, age against volume, renames, a name in another script than the
//! posts), and batches of accounts created in the same few days.
//!
//! Every one of these is common among real people, so identity stays a supporting signal: its strength is
//! capped at [`MAX_STRENGTH`], below a strong sign, and the level rule never lets identity make *likely*
//! without a sign of another kind.

use crate::history::AccountHistory;
use crate::lang::{self, Script};
use crate::observation::Account;
use crate::signals::chance;
use crate::time;
use crate::verdict::evidence::{
    round3, AboutEvidence, BatchMember, ClusterEvidence, CreationBatchEvidence, Evidence, IdentityEvidence,
    ProfileSignEvidence,
};
use crate::verdict::message::{phrase, Arg, Message};
use crate::verdict::{Cluster, ClusterKind, Signal, SignalKind};

/// Identity's strength never exceeds this: it supports, it does not decide.
pub const MAX_STRENGTH: f64 = 0.55;
/// Accounts created within this many days of each other can form a creation batch.
pub const BATCH_WINDOW_DAYS: i64 = 3;
/// Accounts needed for a creation batch.
pub const MIN_BATCH: usize = 4;
/// How unlikely (Poisson tail, given how densely the other held accounts were created around that time) a
/// batch must be to count.
pub const BATCH_P_VALUE: f64 = 1e-3;

/// One identity sign and how much it weighs.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentitySign {
    /// A short name for the sign (`name_plus_digits`).
    pub name: &'static str,
    /// Its strength, 0..1.
    pub strength: f64,
    /// In message ids and arguments (the evidence's `detail` is it in English).
    pub message: Message,
}

/// What the profile alone says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfileSigns {
    /// The signs found.
    pub signs: Vec<IdentitySign>,
    /// How many of the profile facts looked at were known.
    pub facts_known: usize,
    /// How many facts are looked at.
    pub facts_total: usize,
}

impl ProfileSigns {
    /// The signs combined (1 − Π(1 − sᵢ)), capped at [`MAX_STRENGTH`].
    pub fn strength(&self) -> f64 {
        let miss: f64 = self.signs.iter().map(|s| 1.0 - s.strength).product();
        (1.0 - miss).clamp(0.0, MAX_STRENGTH)
    }

    /// The signs combined without the cap: a plain score for evaluation.
    pub fn score(&self) -> f64 {
        let miss: f64 = self.signs.iter().map(|s| 1.0 - s.strength).product();
        1.0 - miss
    }

    /// How much of the profile was seen, 0.3..0.9.
    pub fn confidence(&self) -> f64 {
        0.3 + 0.6 * self.facts_known as f64 / self.facts_total.max(1) as f64
    }

    fn add(&mut self, name: &'static str, strength: f64, message: Message) {
        self.signs.push(IdentitySign { name, strength, message });
    }
}

/// A writing system's name, in the reader's language.
fn script_words(script: Script) -> Message {
    let id = match script {
        Script::None => "sig_script_none",
        Script::Latin => "sig_script_latin",
        Script::Cyrillic => "sig_script_cyrillic",
        Script::Greek => "sig_script_greek",
        Script::Arabic => "sig_script_arabic",
        Script::Hebrew => "sig_script_hebrew",
        Script::Han => "sig_script_han",
        Script::Japanese => "sig_script_japanese",
        Script::Hangul => "sig_script_hangul",
        Script::Thai => "sig_script_thai",
        Script::Devanagari => "sig_script_devanagari",
        Script::Bengali => "sig_script_bengali",
        Script::Other => "sig_script_other",
    };
    phrase(id, [])
}

/// Whether a handle is a name followed by a long run of digits (`liang_wei8823`): how sites suggest handles
/// when the name is taken, and how account farms name accounts. Plenty of real people have one.
pub fn name_plus_digits(handle: &str) -> bool {
    let digits = handle.chars().rev().take_while(char::is_ascii_digit).count();
    let letters = handle.chars().filter(|c| c.is_alphabetic()).count();
    digits >= 4 && letters >= 3
}

/// The signs on one profile. `now` is when it was seen (for its age); `post_script` the dominant script of
/// its posts, when known.
pub fn profile_signs(account: &Account, now: i64, post_script: Option<Script>) -> ProfileSigns {
    let mut p = ProfileSigns { facts_total: 6, ..ProfileSigns::default() };
    if let Some(h) = &account.handle {
        p.facts_known += 1;
        if name_plus_digits(h) {
            p.add("name_plus_digits", 0.15, phrase("sig_id_name_digits", [Arg::data(h)]));
        }
    }
    if let Some(d) = account.default_avatar {
        p.facts_known += 1;
        if d {
            p.add("default_avatar", 0.2, phrase("sig_id_default_avatar", []));
        }
    }
    match (account.followers, account.following) {
        (Some(fol), Some(ing)) => {
            p.facts_known += 2;
            if ing >= 100 && fol.saturating_mul(10) <= ing {
                p.add(
                    "follows_many_followed_by_few",
                    0.15,
                    phrase("sig_id_follows_many", [Arg::data(ing), Arg::data(fol)]),
                );
            } else if fol == 0 {
                p.add("no_followers", 0.1, phrase("sig_id_no_followers", []));
            }
        }
        (Some(_), None) | (None, Some(_)) => p.facts_known += 1,
        (None, None) => {}
    }
    if let Some(created) = account.created_at {
        p.facts_known += 1;
        let age_days = ((now - created) as f64 / 86_400.0).max(1.0);
        if let Some(count) = account.posts_count {
            p.facts_known += 1;
            let rate = count as f64 / age_days;
            if age_days < 180.0 && rate > 50.0 {
                p.add(
                    "young_and_prolific",
                    0.3,
                    phrase(
                        "sig_id_young_prolific",
                        [
                            Arg::data(count),
                            Arg::data(crate::decimal::fixed(age_days, 0)),
                            Arg::data(crate::decimal::fixed(rate, 0)),
                        ],
                    ),
                );
            } else if rate > 144.0 {
                p.add(
                    "prolific",
                    0.2,
                    phrase("sig_id_prolific", [Arg::data(crate::decimal::fixed(rate, 0))]),
                );
            }
        }
    }
    if let Some(about) = &account.about {
        if let Some(c) = about.username_changes.filter(|c| *c >= 2) {
            p.add("username_changes", 0.15, phrase("sig_id_username_changes", [Arg::data(c)]));
        }
    }
    if let Some(ps) = post_script {
        for (id, value) in [("sig_id_name_script", &account.name), ("sig_id_bio_script", &account.bio)] {
            let Some(v) = value else { continue };
            let d = lang::detect(v);
            if !matches!(d.script, Script::None | Script::Other | Script::Latin) && d.script != ps
                || (d.script == Script::Latin && ps != Script::Latin && d.confidence >= 0.5)
            {
                p.add(
                    "name_script_differs",
                    0.2,
                    phrase(id, [script_words(d.script).into(), script_words(ps).into()]),
                );
                break;
            }
        }
    }
    p
}

/// The identity signal for one account: its profile signs, renames seen, and creation batches it is in
/// (from `clusters`, the account's own: see [`crate::signals::CrossAccount::clusters_of`]; others given are
/// left out).
pub fn assess<'a>(
    history: &AccountHistory,
    clusters: impl IntoIterator<Item = &'a Cluster>,
) -> Option<Signal> {
    let key = history.key();
    let now = history
        .posts
        .last()
        .and_then(|p| p.created.map(|t| t.midpoint()))
        .unwrap_or(history.last_observed)
        .max(history.last_observed);
    let post_script = crate::signals::drift::dominant_script(&history.posts)
        .filter(|(_, share)| *share >= 0.7)
        .map(|(s, _)| s);
    let mut p = profile_signs(&history.account, now, post_script);
    if history.handles.len() > 1 {
        let seen: Vec<String> = history.handles.iter().map(|h| format!("@{}", h.value)).collect();
        p.add("renamed", 0.15, phrase("sig_id_renamed", [Arg::data(seen.join(", "))]));
    }
    let batches: Vec<&Cluster> = clusters
        .into_iter()
        .filter(|c| c.kind == ClusterKind::CreationBatch && c.members.contains(&key))
        .collect();
    if let Some(b) = batches.first() {
        p.add("creation_batch", 0.35, b.message.clone());
    }
    if p.signs.is_empty() {
        return None;
    }
    let words = Message::join(p.signs.iter().map(|s| s.message.clone()), "sig_sep_semicolon");
    let message = phrase("sig_profile", [words.into()]);
    Some(Signal {
        kind: SignalKind::Identity,
        strength: round3(p.strength()),
        confidence: round3(p.confidence()),
        summary: message.english(),
        message,
        evidence: Evidence::Identity(IdentityEvidence {
            signs: p
                .signs
                .iter()
                .map(|s| ProfileSignEvidence {
                    sign: s.name.to_string(),
                    strength: s.strength,
                    detail: s.message.english(),
                    message: s.message.clone(),
                })
                .collect(),
            facts_known: p.facts_known,
            facts_total: p.facts_total,
            about: history.account.about.as_ref().map(|a| AboutEvidence {
                based_in: a.based_in.clone(),
                username_changes: a.username_changes,
                last_username_change_at: a.last_username_change_at,
                source: a.source.clone(),
            }),
            created_at: history.account.created_at,
            creation_batches: batches.iter().map(|c| c.id.clone()).collect(),
            // An account that has never posted, created in a batch with others: the follower-farm shape, the
            // one case where identity alone may earn a second look (see verdict::combine).
            empty_batch: !batches.is_empty()
                && history.posts.is_empty()
                && history.account.posts_count == Some(0),
        }),
    })
}

/// Batches of at least [`MIN_BATCH`] held accounts created within [`BATCH_WINDOW_DAYS`] of each other, when
/// the other accounts created around that time (90 days either side) make so many in so few days unlikely.
pub fn creation_batches(
    histories: &[&AccountHistory],
    handle_of: &dyn Fn(&str) -> Option<String>,
) -> Vec<Cluster> {
    // (created, key, index into `histories`)
    let mut created: Vec<(i64, String, usize)> =
        histories.iter().enumerate().filter_map(|(i, h)| Some((h.account.created_at?, h.key(), i))).collect();
    crate::sort::sort(&mut created);
    let window = BATCH_WINDOW_DAYS * 86_400;
    let around = 90 * 86_400;
    let mut out = Vec::new();
    let mut i = 0;
    while i < created.len() {
        let start = created[i].0;
        let end = created[i..].partition_point(|c| c.0 - start <= window) + i;
        let count = end - i;
        if count >= MIN_BATCH {
            let lo = created.partition_point(|c| c.0 < start - around);
            let hi = created.partition_point(|c| c.0 <= start + window + around);
            let others = (hi - lo).saturating_sub(count) as f64;
            // The others' density, with one imagined account so that an empty neighbourhood is not certainty.
            let lambda = (others + 1.0) * (BATCH_WINDOW_DAYS as f64 + 1.0) / (2.0 * 90.0);
            let p = chance::poisson_tail(u32::try_from(count).unwrap_or(u32::MAX), lambda);
            if p <= BATCH_P_VALUE {
                let members: Vec<String> = created[i..end].iter().map(|c| c.1.clone()).collect();
                let from = &time::format_iso(start)[..10];
                let to = &time::format_iso(created[end - 1].0)[..10];
                let message = phrase("sig_cluster_batch", [Arg::data(count), Arg::data(from), Arg::data(to)]);
                out.push(Cluster {
                    id: format!("batch:{}:{}", from, members[0]),
                    kind: ClusterKind::CreationBatch,
                    summary: message.english(),
                    message,
                    evidence: ClusterEvidence::CreationBatch(CreationBatchEvidence {
                        from: from.to_string(),
                        to: to.to_string(),
                        expected: round3(lambda),
                        p_value: p,
                        accounts: created[i..end]
                            .iter()
                            .map(|(t, k, _)| BatchMember {
                                account: k.clone(),
                                handle: handle_of(k),
                                created_at: *t,
                            })
                            .collect(),
                    }),
                    seen_on: crate::pages::SeenOn::of(
                        created[i..end].iter().flat_map(|c| histories[c.2].posts.iter().map(|p| p.page)),
                    ),
                    members,
                });
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_plus_digits_shapes() {
        for (h, want) in [("liang_wei8823", true), ("bob1987", true), ("abc123", false), ("12345678", false)]
        {
            assert_eq!(name_plus_digits(h), want, "{h}");
        }
    }

    #[test]
    fn profile_signs_add_up_and_stay_capped() {
        let a = Account {
            id: "1".into(),
            handle: Some("liang_wei8823".into()),
            default_avatar: Some(true),
            followers: Some(0),
            following: Some(500),
            created_at: Some(0),
            posts_count: Some(9_000),
            name: Some("梁伟".into()),
            ..Account::default()
        };
        let p = profile_signs(&a, 30 * 86_400, Some(Script::Latin));
        let names: Vec<&str> = p.signs.iter().map(|s| s.name).collect();
        assert_eq!(
            names,
            [
                "name_plus_digits",
                "default_avatar",
                "follows_many_followed_by_few",
                "young_and_prolific",
                "name_script_differs"
            ]
        );
        assert_eq!(p.strength(), MAX_STRENGTH);
        assert!((p.confidence() - 0.9).abs() < 1e-9);
    }
}
