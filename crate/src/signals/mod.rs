//! The signals: each looks at one kind of evidence and says how strongly, and how surely, it points at
//! coordination or takeover. [`assess`] runs them all for one account.

pub mod chance;
pub mod drift;
pub mod duplicate;
/// Kept at this path for the examples; the features are a layer below the signals now.
pub mod identity;
pub mod timing;

use std::collections::HashMap;

use crate::history::AccountHistory;
use crate::pages::{self, PageToken};
use crate::verdict::evidence::{ClusterEvidence, CopiesEvidence};
use crate::verdict::message::{phrase, Arg, Message};
use crate::verdict::{Cluster, ClusterKind, Signal};

/// Posts below which the engine says "insufficient data" when no signal fired: too few to have looked at
/// timing or drift properly.
pub const ENOUGH_POSTS: usize = 10;

/// What every signal said about one account.
#[derive(Debug, Clone, Default)]
pub struct Assessment {
    /// The signals that had something to say.
    pub signals: Vec<Signal>,
    /// Whether enough was seen for "none" to mean "nothing found" rather than "not enough seen".
    pub enough_data: bool,
    /// What is not known, one message a line.
    pub unknowns: Vec<Message>,
}

/// What is found across accounts (clusters of every kind), computed once per ingest and shared by every
/// account's assessment.
///
/// Each account's clusters are indexed when it is built ([`CrossAccount::new`]), so that one account's
/// assessment looks at its own clusters only, not at every cluster found. The index is of the clusters as
/// built: they are not to be changed afterwards.
///
/// **Invariant:** the clusters are held in id order, whatever order they were found or given in. An account's
/// verdict reads its clusters in this order (the best of equally strong copies, the order of its self-repeats
/// and of its evidence), so a search that finds them in an order of its own (archive mode's batches, a
/// distributed engine's shuffles) gives the same verdicts (issue #14).
#[derive(Debug, Clone, Default)]
pub struct CrossAccount {
    /// Near-duplicate text clusters.
    pub text_clusters: Vec<duplicate::TextCluster>,
    /// Every page-level cluster, of every kind, in the verdict's shape.
    pub clusters: Vec<Cluster>,
    /// What chance predicts of accounts sharing texts, from the text clusters.
    pub copy_chance: duplicate::CopyChance,
    /// Account key → indices into `text_clusters` (ascending).
    text_clusters_by_account: HashMap<String, Vec<u32>>,
    /// Account key → indices into `clusters` (ascending).
    clusters_by_account: HashMap<String, Vec<u32>>,
}

impl CrossAccount {
    /// Takes the clusters found among `accounts_held` accounts, in any order, puts them in id order and
    /// indexes them by account.
    pub fn new(
        mut text_clusters: Vec<duplicate::TextCluster>,
        mut clusters: Vec<Cluster>,
        accounts_held: usize,
    ) -> CrossAccount {
        // A copy cluster's id names its first post, so ids do not repeat; what the cluster says breaks a tie
        // all the same, so that no order of arrival can show through.
        crate::sort::sort_by(&mut text_clusters, |a, b| {
            a.id.cmp(&b.id).then_with(|| a.representative.cmp(&b.representative))
        });
        crate::sort::sort_by(&mut clusters, |a, b| a.id.cmp(&b.id).then_with(|| a.summary.cmp(&b.summary)));
        let mut text_clusters_by_account: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, c) in text_clusters.iter().enumerate() {
            for account in &c.accounts {
                file(&mut text_clusters_by_account, account, i);
            }
        }
        let mut clusters_by_account: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, c) in clusters.iter().enumerate() {
            for member in &c.members {
                file(&mut clusters_by_account, member, i);
            }
        }
        let copy_chance = duplicate::CopyChance::of(&text_clusters, accounts_held);
        CrossAccount { text_clusters, clusters, copy_chance, text_clusters_by_account, clusters_by_account }
    }

    /// The clusters some accounts are in, with what chance predicts computed over every account held
    /// elsewhere: a distributed engine gives each account's verdict its own clusters only (`crate/python/`).
    pub fn with_chance(
        text_clusters: Vec<duplicate::TextCluster>,
        clusters: Vec<Cluster>,
        copy_chance: duplicate::CopyChance,
    ) -> CrossAccount {
        CrossAccount { copy_chance, ..CrossAccount::new(text_clusters, clusters, 0) }
    }

    /// The text clusters (copies and self-repeats) an account's posts are in, in `text_clusters` order.
    pub fn text_clusters_of<'a>(
        &'a self,
        key: &str,
    ) -> impl Iterator<Item = &'a duplicate::TextCluster> + 'a {
        let own = self.text_clusters_by_account.get(key).map_or(&[][..], Vec::as_slice);
        own.iter().filter_map(|&i| self.text_clusters.get(i as usize))
    }

    /// The clusters an account is a member of, in `clusters` order.
    pub fn clusters_of<'a>(&'a self, key: &str) -> impl Iterator<Item = &'a Cluster> + 'a {
        let own = self.clusters_by_account.get(key).map_or(&[][..], Vec::as_slice);
        own.iter().filter_map(|&i| self.clusters.get(i as usize))
    }

    /// The text clusters an account is in that count for a verdict asked for by `viewer` ([`crate::pages`]).
    pub fn text_clusters_seen<'a>(
        &'a self,
        key: &str,
        viewer: PageToken,
    ) -> impl Iterator<Item = &'a duplicate::TextCluster> + 'a {
        self.text_clusters_of(key).filter(move |c| !c.is_cross_account() || c.seen_on.counts_for(viewer))
    }

    /// The clusters an account is a member of that count for a verdict asked for by `viewer`.
    pub fn clusters_seen<'a>(
        &'a self,
        key: &str,
        viewer: PageToken,
    ) -> impl Iterator<Item = &'a Cluster> + 'a {
        self.clusters_of(key).filter(move |c| c.seen_on.counts_for(viewer))
    }

    /// Ids of the clusters an account belongs to that count for `viewer`.
    pub fn cluster_ids_seen(&self, key: &str, viewer: PageToken) -> Vec<String> {
        self.clusters_seen(key, viewer).map(|c| c.id.clone()).collect()
    }

    /// How many of an account's clusters do not count for `viewer`: one other page alone delivered them.
    pub fn clusters_set_aside(&self, key: &str, viewer: PageToken) -> usize {
        self.clusters_of(key).filter(|c| !c.seen_on.counts_for(viewer)).count()
    }

    /// The clusters any of the given accounts is a member of, each once, in `clusters` order.
    pub fn clusters_of_any<'a, 'k>(&'a self, keys: impl IntoIterator<Item = &'k String>) -> Vec<&'a Cluster> {
        let mut indices: Vec<u32> = keys
            .into_iter()
            .filter_map(|k| self.clusters_by_account.get(k))
            .flat_map(|own| own.iter().copied())
            .collect();
        crate::sort::u32s(&mut indices);
        indices.dedup();
        indices.into_iter().filter_map(|i| self.clusters.get(i as usize)).collect()
    }
}

/// Files cluster `i` under `account`, once (a cluster's members are visited in order, so a repeat is last).
fn file(index: &mut HashMap<String, Vec<u32>>, account: &str, i: usize) {
    let i = i as u32;
    match index.get_mut(account) {
        Some(own) => {
            if own.last() != Some(&i) {
                own.push(i);
            }
        }
        None => {
            index.insert(account.to_string(), vec![i]);
        }
    }
}

/// Finds everything that joins accounts: duplicate texts, synchronised bursts, creation batches.
pub fn cross_account(
    histories: &[&AccountHistory],
    duplicates: &duplicate::DuplicateIndex,
    handle_of: &dyn Fn(&str) -> Option<String>,
) -> CrossAccount {
    cross_account_with(
        duplicate::DuplicateIndex::clusters(duplicates),
        histories,
        timing::burst_clusters(histories),
        histories.len(),
        handle_of,
    )
}

/// [`cross_account`] with the text clusters and the synchronised bursts found elsewhere, among
/// `accounts_held` accounts: the command line's archive mode searches copies over a whole archive
/// (`crate::archive`) and keeps every account's post times rather than its posts. `histories` serve the
/// creation batches.
pub fn cross_account_with(
    text_clusters: Vec<duplicate::TextCluster>,
    histories: &[&AccountHistory],
    bursts: Vec<Cluster>,
    accounts_held: usize,
    handle_of: &dyn Fn(&str) -> Option<String>,
) -> CrossAccount {
    let mut clusters: Vec<Cluster> =
        text_clusters.iter().filter(|c| c.is_cross_account()).map(|c| copies_cluster(c, handle_of)).collect();
    clusters.extend(identity::creation_batches(histories, handle_of));
    clusters.extend(bursts);
    CrossAccount::new(text_clusters, clusters, accounts_held)
}

/// A cross-account text cluster as the verdict's cluster of copies, its members' handles from `handle_of`.
pub fn copies_cluster(c: &duplicate::TextCluster, handle_of: &dyn Fn(&str) -> Option<String>) -> Cluster {
    let message = phrase("sig_cluster_copies", [Arg::data(c.accounts.len())]);
    Cluster {
        id: c.id.clone(),
        kind: ClusterKind::DuplicateText,
        members: c.accounts.iter().cloned().collect(),
        summary: message.english(),
        message,
        evidence: ClusterEvidence::Copies(CopiesEvidence {
            text: c.representative.clone(),
            span_seconds: c.span_seconds(),
            handles: c.accounts.iter().map(|a| handle_of(a)).collect(),
        }),
        seen_on: c.seen_on,
    }
}

/// What the reader asked to look for: the UTC offsets (minutes) of the operators whose office shift counts a
/// little more when an account keeps it. Beijing's (UTC+8) by default: the shift the public reports describe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    /// UTC offsets in minutes, e.g. 480 for UTC+8. Empty: no zone counts more than another.
    pub operator_offsets: Vec<i32>,
}

impl Default for Focus {
    fn default() -> Self {
        Focus { operator_offsets: vec![timing::BEIJING_OFFSET] }
    }
}

/// What the signals read from one account's history alone, whatever other accounts do: the drift signal and
/// the timing analysis, the costly part of a verdict. The engine keeps it until the history changes.
#[derive(Debug, Clone)]
pub struct HistoryReading {
    /// The drift signal.
    pub drift: Option<Signal>,
    /// The timing analysis, before the account's burst clusters are added.
    pub timing: timing::TimingReport,
}

impl HistoryReading {
    /// Reads one account's history.
    pub fn of(history: &AccountHistory) -> HistoryReading {
        HistoryReading {
            drift: drift::assess(history),
            timing: timing::analyse(&timing::TimingInput::from_history(history)),
        }
    }
}

/// Runs every signal on one account.
pub fn assess(
    history: &AccountHistory,
    cross: &CrossAccount,
    handle_of: &dyn Fn(&str) -> Option<String>,
) -> Assessment {
    assess_read(history, &HistoryReading::of(history), cross, pages::TRUSTED, &Focus::default(), handle_of)
}

/// [`assess`] with what was read of the account's history alone already read (`read`, of this `history`).
pub fn assess_read(
    history: &AccountHistory,
    read: &HistoryReading,
    cross: &CrossAccount,
    viewer: PageToken,
    focus: &Focus,
    handle_of: &dyn Fn(&str) -> Option<String>,
) -> Assessment {
    let mut out = Assessment::default();
    let key = history.key();
    let copies = cross.text_clusters_seen(&key, viewer);
    out.signals.extend(duplicate::assess(&key, copies, &cross.copy_chance, handle_of));
    out.signals.extend(read.drift.clone());
    out.signals.extend(identity::assess(history, cross.clusters_seen(&key, viewer)));
    out.signals.extend(timing::assess_analysed(
        &key,
        &read.timing,
        cross.clusters_seen(&key, viewer),
        &focus.operator_offsets,
    ));
    let set_aside = cross.clusters_set_aside(&key, viewer);
    if set_aside > 0 {
        let id = if set_aside == 1 { "sig_unknown_set_aside" } else { "sig_unknown_set_asideMany" };
        out.unknowns.push(phrase(id, [Arg::data(set_aside)]));
    }
    let posts = history.posts.len();
    out.enough_data = posts >= ENOUGH_POSTS;
    if posts < ENOUGH_POSTS {
        let id = if posts == 1 { "sig_unknown_few_posts" } else { "sig_unknown_few_postsMany" };
        out.unknowns.push(phrase(id, [Arg::data(posts), Arg::data(ENOUGH_POSTS)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::ClusterKind;

    fn cluster(id: &str, kind: ClusterKind, members: &[&str]) -> Cluster {
        Cluster {
            id: id.into(),
            kind,
            members: members.iter().map(|m| m.to_string()).collect(),
            summary: String::new(),
            message: Message::default(),
            evidence: ClusterEvidence::None,
            seen_on: crate::pages::SeenOn::Independent,
        }
    }

    #[test]
    fn an_accounts_clusters_are_those_a_scan_of_every_cluster_finds() {
        let mut index = duplicate::DuplicateIndex::default();
        let copy = "the same long sentence posted by several accounts on the same afternoon";
        let other = "another text altogether that a second group of accounts all posted word for word";
        for (i, (account, text)) in
            [("x:1", copy), ("x:2", copy), ("x:3", copy), ("x:3", other), ("x:4", other), ("x:4", other)]
                .into_iter()
                .enumerate()
        {
            index.insert(account, &format!("p{i}"), text, Some(1_000 + i as i64));
        }
        let text_clusters = index.clusters();
        assert_eq!(text_clusters.len(), 2);
        let clusters = vec![
            cluster("a", ClusterKind::CreationBatch, &["x:1", "x:5", "x:1"]),
            cluster("b", ClusterKind::SynchronisedBurst, &["x:3", "x:5"]),
            cluster("c", ClusterKind::DuplicateText, &["x:4", "x:3"]),
        ];
        let cross = CrossAccount::new(text_clusters, clusters, 7);
        let keys: Vec<String> = (0..7).map(|i| format!("x:{i}")).collect();
        for key in &keys {
            let scanned: Vec<&duplicate::TextCluster> =
                cross.text_clusters.iter().filter(|c| c.accounts.contains(key)).collect();
            assert_eq!(cross.text_clusters_of(key).collect::<Vec<_>>(), scanned, "{key}");
            let scanned: Vec<&Cluster> = cross.clusters.iter().filter(|c| c.members.contains(key)).collect();
            assert_eq!(cross.clusters_of(key).collect::<Vec<_>>(), scanned, "{key}");
        }
        for some in [&keys[..0], &keys[1..2], &keys[3..6], &keys[..]] {
            let scanned: Vec<&Cluster> =
                cross.clusters.iter().filter(|c| c.members.iter().any(|m| some.contains(m))).collect();
            assert_eq!(cross.clusters_of_any(some), scanned, "{some:?}");
        }
    }

    /// Issue #14: the Spark job gave 59 of 427 verdicts other than the command line's, because it handed an
    /// account's clusters over in the order its shuffles brought them, and a verdict reads them in order.
    #[test]
    fn issue_14_an_accounts_verdict_does_not_depend_on_the_order_its_clusters_come_in() {
        let mut index = duplicate::DuplicateIndex::default();
        let texts = [
            "copper lantern meadow violin thunder basket orchard pencil glacier saddle marble kettle",
            "falcon ribbon quarry tunnel velvet walnut anchor beacon canyon dagger ember fossil",
            "garnet hammock island jigsaw kernel lobster mosaic nectar oyster pepper quiver raisin",
            "sponge trumpet umbrella vapour whistle yogurt zephyr bramble cobalt drizzle engine fabric",
        ];
        let day = 86_400;
        let mut n = 0;
        let mut post = |index: &mut duplicate::DuplicateIndex, account: &str, text: &str, at: i64| {
            n += 1;
            index.insert(account, &format!("p{n}"), text, Some(at));
        };
        // Copies of equal weight, each with another partner and over another span, and texts repeated alone.
        for (i, text) in texts[..2].iter().enumerate() {
            post(&mut index, "x:1", text, 1_000);
            post(&mut index, &format!("x:{}", 2 + i), text, 1_000 + (30 + 200 * i as i64) * day);
        }
        for (i, text) in texts[2..].iter().enumerate() {
            for r in 0..2 + i as i64 {
                post(&mut index, "x:1", text, 5_000 + r * 3 * day);
            }
        }
        let found = index.clusters();
        assert_eq!(found.len(), 4);
        let mut reversed = found.clone();
        reversed.reverse();
        let verdict = |cross: &CrossAccount| {
            duplicate::assess("x:1", cross.text_clusters_of("x:1"), &cross.copy_chance, &|_| None)
        };
        let chance = |c: &[duplicate::TextCluster]| duplicate::CopyChance::of(c, 3);
        // The order matters to the assessment itself: the summary names the span of the best of equal copies,
        // the evidence lists the self-repeats in order.
        let as_found = duplicate::assess("x:1", &found, &chance(&found), &|_| None);
        let as_reversed = duplicate::assess("x:1", &reversed, &chance(&reversed), &|_| None);
        assert_ne!(as_found, as_reversed);
        let one = CrossAccount::new(found, Vec::new(), 3);
        let other = CrossAccount::new(reversed, Vec::new(), 3);
        assert_eq!(verdict(&one), verdict(&other));
        assert_eq!(verdict(&one), as_found, "id order is the order the core's index gives");
    }
}
