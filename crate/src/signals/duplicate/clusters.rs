//! Copy clusters: the connected components of linked groups, kept between calls and rebuilt only where
//! something changed, and what each says of how common the text is (bursts, repeated partners, templates).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::*;

/// One post of a cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterPost {
    /// The author's account key.
    pub account: String,
    /// The site's post id.
    pub post_id: String,
    /// When it was posted, Unix seconds.
    pub at: Option<i64>,
    /// The start of its text ([`PREVIEW_CHARS`]).
    pub text: String,
    /// The page that delivered it ([`crate::pages`]).
    pub page: PageToken,
}

/// Why a shared text says little about coordination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Commonness {
    /// Nothing known makes it ordinary.
    Distinct,
    /// A greeting, thanks or cheer that people write in the same words ([`text::phatic_share`]).
    Greeting,
    /// Shared by many accounts spread over a long time: a slogan or a share template
    /// ([`TEMPLATE_MIN_ACCOUNTS`], [`TEMPLATE_MIN_SPAN_SECONDS`], [`TEMPLATE_MAX_BURST_SHARE`]).
    Template,
}

impl Commonness {
    /// The lowercase name used in evidence.
    pub fn as_str(self) -> &'static str {
        match self {
            Commonness::Distinct => "distinct",
            Commonness::Greeting => "greeting",
            Commonness::Template => "template",
        }
    }
}

/// What one copy cluster may weigh for one account ([`assess`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountsAs {
    /// Shared with a partner with whom the account shares other texts beyond chance: full weight.
    RepeatedPartners,
    /// Posted together by most of those who posted it ([`SINGLE_TEXT_MIN_BURST`]): full weight.
    TightBurst,
    /// One shared text, which copypasta looks like too: at most [`SINGLE_TEXT_CAP`].
    SingleText,
    /// A greeting or template ([`Commonness`]): discounted, and at most [`SINGLE_TEXT_CAP`].
    Common,
}

impl CountsAs {
    /// The snake-case name used in evidence.
    pub fn as_str(self) -> &'static str {
        match self {
            CountsAs::RepeatedPartners => "repeated_partners",
            CountsAs::TightBurst => "tight_burst",
            CountsAs::SingleText => "single_text",
            CountsAs::Common => "common",
        }
    }
}

/// A group of posts with the same or near-identical text: by two or more accounts (a copy cluster), or by
/// one account only (that account repeating itself, which is not coordination). Serialisable so that a
/// distributed engine can carry clusters between its steps (`crate/python/`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextCluster {
    /// Stable id (from the earliest post's account and id).
    pub id: String,
    /// The earliest post's text, shortened.
    pub representative: String,
    /// Every member post, earliest first.
    pub posts: Vec<ClusterPost>,
    /// Replies that copy the post they answer, and manual reposts (`RT @a: …`): set aside, not counted
    /// as copies.
    pub quotes: Vec<ClusterPost>,
    /// Distinct account keys of the posts.
    pub accounts: BTreeSet<String>,
    /// Shingles of the representative (how long the shared text is).
    pub shingles: usize,
    /// Distinct signatures among the posts: 1 for exact copies, more for edited variants.
    pub variants: usize,
    /// The most distinct accounts that posted it within any [`BURST_WINDOW_SECONDS`].
    pub burst_accounts: usize,
    /// Whether ordinary people share this text.
    pub commonness: Commonness,
    /// Which pages delivered its posts: one page alone makes a cluster that counts only there.
    pub seen_on: SeenOn,
}

impl TextCluster {
    /// Seconds between the first and last timed member post.
    pub fn span_seconds(&self) -> Option<i64> {
        let mut times = self.posts.iter().filter_map(|p| p.at);
        let first = times.next()?;
        let (lo, hi) = times.fold((first, first), |(lo, hi), t| (lo.min(t), hi.max(t)));
        Some(hi - lo)
    }

    /// Whether two or more accounts posted it (rather than one account repeating itself).
    pub fn is_cross_account(&self) -> bool {
        self.accounts.len() >= 2
    }
}

impl DuplicateIndex {
    /// Clusters of posts joined by confirmed near-duplicate links: those spanning two or more accounts,
    /// and those of one account repeating itself ([`TextCluster::is_cross_account`] tells them apart),
    /// ordered by id.
    ///
    /// The engine asks for them after every ingest, so a call costs what changed since the previous one:
    /// the components (groups joined by links) of the groups touched since then are found again and their
    /// clusters built again, and every other cluster is the one built before (a cluster depends on its own
    /// component's posts alone). What remains proportional to the index is copying the clusters out.
    pub fn clusters(&self) -> Vec<TextCluster> {
        // Never busy: nothing else borrows it, and nothing here calls back into the index.
        let Ok(mut built) = self.built.try_borrow_mut() else { return self.clusters_full() };
        self.update_clusters(&mut built);
        built.clusters.values().cloned().collect()
    }

    /// Notes that a group was created, removed, or gained or lost a post, for [`DuplicateIndex::clusters`].
    pub(super) fn touch(&mut self, group: u32) {
        let built = self.built.get_mut();
        built.touched.push(group);
        if built.touched.len() > 2 * self.groups.len() + 1024 {
            // Many changes and no call for clusters (a bulk import): keep the list to the groups.
            crate::sort::u32s(&mut built.touched);
            built.touched.dedup();
        }
    }

    /// Brings `built` up to date with the index: every component that holds a group touched since the last
    /// update, or that a new group's links join, is found again from its groups' links and its cluster built
    /// again; the rest are kept.
    ///
    /// Why this finds the same components as a pass over every group: a link is stored on the newer group
    /// and only ever made when that group is created, and a link is void once the group it points to is
    /// gone (its slot's generation moves on). So a component not holding a touched group has the same
    /// groups, links and posts as before, except that a new group may link into it; following the links
    /// of the groups reopened (new groups among them) reopens those too. The groups reopened are then
    /// whole components, joined only by links among themselves.
    pub(super) fn update_clusters(&self, built: &mut BuiltClusters) {
        let slots = self.groups.len();
        if built.component_of.len() < slots {
            built.component_of.resize(slots, NO_COMPONENT);
            built.parent.resize(slots, NO_COMPONENT);
        }
        let mut touched = std::mem::take(&mut built.touched);
        crate::sort::u32s(&mut touched);
        touched.dedup();
        // The groups whose components are found again, each marked by being its own parent.
        let mut reopened: Vec<u32> = Vec::new();
        for g in touched {
            self.reopen(built, g, &mut reopened);
        }
        let mut next = 0;
        while let Some(&g) = reopened.get(next) {
            next += 1;
            for other in self.live_links(g) {
                self.reopen(built, other, &mut reopened);
            }
        }
        let parent = &mut built.parent;
        for &g in &reopened {
            for other in self.live_links(g) {
                if parent[other as usize] == NO_COMPONENT {
                    continue;
                }
                let (ra, rb) = (find(parent, g), find(parent, other));
                if ra != rb {
                    parent[ra.max(rb) as usize] = ra.min(rb);
                }
            }
        }
        // Roots are the smallest group of each component (the smaller root always wins), as in
        // `clusters_full`; groups ascending within each, as there.
        let mut by_root: Vec<(u32, u32)> = reopened.iter().map(|&g| (find(parent, g), g)).collect();
        for &g in &reopened {
            parent[g as usize] = NO_COMPONENT;
        }
        crate::sort::whole(&mut by_root);
        for component in by_root.chunk_by(|a, b| a.0 == b.0) {
            let root = component[0].0;
            let groups: Vec<u32> = component.iter().map(|&(_, g)| g).collect();
            for &g in &groups {
                built.component_of[g as usize] = root;
            }
            let cluster = self.cluster_of_component(&groups);
            if groups.len() > 1 {
                built.wide.insert(root, groups);
            }
            if let Some(cluster) = cluster {
                built.ids.insert(root, cluster.id.clone());
                built.clusters.insert((cluster.id.clone(), root), cluster);
            }
        }
    }

    /// Takes the component that group `g` was in at the last update (if any) out of `built`, and adds
    /// its groups and `g` that are held now, and not already there, to `reopened`.
    pub(super) fn reopen(&self, built: &mut BuiltClusters, g: u32, reopened: &mut Vec<u32>) {
        let mut add = |built: &mut BuiltClusters, g: u32| {
            let held = self.groups.get(g as usize).is_some_and(|slot| slot.group.is_some());
            if held && built.parent[g as usize] == NO_COMPONENT {
                built.parent[g as usize] = g;
                reopened.push(g);
            }
        };
        let root = built.component_of.get(g as usize).copied().unwrap_or(NO_COMPONENT);
        if root != NO_COMPONENT {
            for other in built.wide.remove(&root).unwrap_or_else(|| vec![root]) {
                built.component_of[other as usize] = NO_COMPONENT;
                add(built, other);
            }
            if let Some(id) = built.ids.remove(&root) {
                built.clusters.remove(&(id, root));
            }
        }
        add(built, g);
    }

    /// The groups a group's links point to that are still held.
    pub(super) fn live_links(&self, g: u32) -> impl Iterator<Item = u32> + '_ {
        let links = self.groups[g as usize].group.as_ref().map_or(&[][..], |group| &group.links[..]);
        links.iter().filter_map(|&(other, generation)| {
            let o = &self.groups[other as usize];
            (o.generation == generation && o.group.is_some()).then_some(other)
        })
    }

    /// The cluster of one component (groups ascending), when it holds two posts or more.
    pub(super) fn cluster_of_component(&self, groups: &[u32]) -> Option<TextCluster> {
        let posts: usize = groups
            .iter()
            .filter_map(|g| self.groups[*g as usize].group.as_ref())
            .map(|g| g.members.len())
            .sum();
        if posts < 2 {
            return None;
        }
        self.build_cluster(groups)
    }

    /// [`DuplicateIndex::clusters`] computed from every group, keeping nothing: what the kept clusters are
    /// checked against.
    pub(super) fn clusters_full(&self) -> Vec<TextCluster> {
        let mut parent: Vec<u32> = (0..self.groups.len() as u32).collect();
        for (g, slot) in self.groups.iter().enumerate() {
            let Some(group) = slot.group.as_ref() else { continue };
            for &(other, generation) in &group.links {
                let o = &self.groups[other as usize];
                if o.generation != generation || o.group.is_none() {
                    continue;
                }
                let (ra, rb) = (find(&mut parent, g as u32), find(&mut parent, other));
                if ra != rb {
                    parent[ra.max(rb) as usize] = ra.min(rb);
                }
            }
        }
        let mut components: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for (g, slot) in self.groups.iter().enumerate() {
            if slot.group.is_some() {
                components.entry(find(&mut parent, g as u32)).or_default().push(g as u32);
            }
        }
        let mut out: Vec<TextCluster> =
            components.values().filter_map(|groups| self.cluster_of_component(groups)).collect();
        crate::sort::sort_by(&mut out, |a, b| a.id.cmp(&b.id));
        out
    }

    pub(super) fn build_cluster(&self, groups: &[u32]) -> Option<TextCluster> {
        let mut entries: Vec<&Entry> = Vec::new();
        for g in groups {
            let Some(group) = self.groups[*g as usize].group.as_ref() else { continue };
            entries.extend(group.members.iter().filter_map(|s| self.entries[*s as usize].as_ref()));
        }
        // A reply that copies the post it answers is quoting it, whoever wrote either; a manual repost
        // carries someone else's text, as a site's own repost does (which the engine never indexes).
        let ids: HashSet<u64> = entries.iter().map(|e| e.post_hash).collect();
        let (quotes, mut copies): (Vec<&Entry>, Vec<&Entry>) = entries
            .into_iter()
            .partition(|e| e.repost || e.reply_to.is_some_and(|p| ids.contains(&p) && p != e.post_hash));
        if copies.len() < 2 {
            return None;
        }
        crate::sort::sort_by_key(&mut copies, |e| (e.at, e.age));
        let first = copies[0];
        let key = |e: &Entry| self.accounts[e.account as usize].key.to_string();
        // Posts restored from history stored without texts have no preview: evidence says so.
        let shown =
            |e: &Entry| if e.preview.is_empty() { TEXT_NOT_KEPT.to_string() } else { e.preview.to_string() };
        let as_post = |e: &Entry| ClusterPost {
            account: key(e),
            post_id: e.post_id.to_string(),
            at: e.at,
            text: shown(e),
            page: e.page,
        };
        // The earliest text still known stands for the cluster.
        let representative =
            copies.iter().find(|e| !e.preview.is_empty()).map_or_else(|| shown(first), |e| shown(e));
        // Filled by insertion, not collected: a collected set sorts its input first, one more copy of the
        // standard sort in the wasm module for each element type.
        let mut accounts = BTreeSet::new();
        accounts.extend(copies.iter().map(|e| key(e)));
        let mut groups: Vec<u32> = copies.iter().map(|e| e.group).collect();
        crate::sort::u32s(&mut groups);
        groups.dedup();
        let variants = groups.len();
        let burst_accounts =
            burst_accounts(&copies.iter().filter_map(|e| Some((e.at?, e.account))).collect::<Vec<_>>());
        let mut cluster = TextCluster {
            id: format!("dup-{:016x}", text::hash_str(&format!("{}/{}", key(first), first.post_id), 9)),
            representative,
            posts: copies.iter().map(|e| as_post(e)).collect(),
            quotes: quotes.iter().map(|e| as_post(e)).collect(),
            accounts,
            shingles: usize::from(first.shingles),
            variants,
            burst_accounts,
            commonness: Commonness::Distinct,
            seen_on: SeenOn::of(copies.iter().map(|e| e.page)),
        };
        let phatic = copies.iter().filter(|e| e.phatic).count() * 2 > copies.len();
        cluster.commonness = commonness(&cluster, phatic);
        Some(cluster)
    }
}

/// What [`DuplicateIndex::clusters`] keeps between calls: the components (groups joined by links) and
/// clusters found at the last call, and the groups touched since.
#[derive(Default)]
pub(super) struct BuiltClusters {
    /// Groups created, removed, or that gained or lost a post since the last call (repeats allowed).
    pub(super) touched: Vec<u32>,
    /// By group slot: the smallest group of the component it was in at the last call, or [`NO_COMPONENT`].
    pub(super) component_of: Vec<u32>,
    /// The components of more than one group at the last call, groups ascending, by smallest group.
    pub(super) wide: HashMap<u32, Vec<u32>>,
    /// The clusters built at the last call, by (id, smallest group of the component): the order in which
    /// they are returned.
    pub(super) clusters: BTreeMap<(String, u32), TextCluster>,
    /// The id of each component's cluster, by smallest group.
    pub(super) ids: HashMap<u32, String>,
    /// Union-find parents during an update; [`NO_COMPONENT`] for every group between updates.
    pub(super) parent: Vec<u32>,
}

/// No component (a group slot unused, or its group new since the last call).
pub(super) const NO_COMPONENT: u32 = u32::MAX;

/// The most distinct accounts among `(time, account)` posts within any [`BURST_WINDOW_SECONDS`].
pub(super) fn burst_accounts(posts: &[(i64, u32)]) -> usize {
    let mut sorted = posts.to_vec();
    crate::sort::sort(&mut sorted);
    let mut counts: HashMap<u32, usize> = HashMap::new();
    let mut best = 0;
    let mut lo = 0;
    for hi in 0..sorted.len() {
        *counts.entry(sorted[hi].1).or_default() += 1;
        while sorted[hi].0 - sorted[lo].0 > BURST_WINDOW_SECONDS {
            let a = sorted[lo].1;
            if let Some(c) = counts.get_mut(&a) {
                *c -= 1;
                if *c == 0 {
                    counts.remove(&a);
                }
            }
            lo += 1;
        }
        best = best.max(counts.len());
    }
    best
}

/// Whether an account posted this text in two separate group bursts: the mark of a network that returns to
/// its text with its members, which people sharing a template do not leave (each meets different people).
/// Bursts here are tight, runs of timed posts within [`REPEAT_WINDOW_SECONDS`] of the run's first post
/// (friends sharing a daily template meet again over hours, not within minutes), and only bursts of three
/// or more accounts count; at most [`MAX_BURSTS_COMPARED`] of them are compared.
pub(super) fn repeat_partners(cluster: &TextCluster) -> bool {
    let mut timed: Vec<(i64, &str)> =
        cluster.posts.iter().filter_map(|p| Some((p.at?, p.account.as_str()))).collect();
    crate::sort::sort(&mut timed);
    let mut bursts: Vec<BTreeSet<&str>> = Vec::new();
    let mut start: Option<i64> = None;
    for (t, account) in timed {
        if start.is_none_or(|s| t - s > REPEAT_WINDOW_SECONDS) {
            bursts.push(BTreeSet::new());
            start = Some(t);
        }
        if let Some(b) = bursts.last_mut() {
            b.insert(account);
        }
    }
    // Pairs of friends posting a site's campaign template every day meet in twos; a network posts in groups.
    bursts.retain(|b| b.len() >= 3);
    bursts.truncate(MAX_BURSTS_COMPARED);
    bursts.iter().enumerate().any(|(i, a)| bursts[i + 1..].iter().any(|b| !a.is_disjoint(b)))
}

/// How close together posts must be to count as posted together by [`repeat_partners`].
pub const REPEAT_WINDOW_SECONDS: i64 = 15 * 60;
/// The most bursts [`repeat_partners`] compares pairwise.
pub const MAX_BURSTS_COMPARED: usize = 200;

/// Whether ordinary people share this text: a greeting, or a text spread over many accounts and a long
/// time without a burst (the rule documented on [`Commonness::Template`]).
pub(super) fn commonness(cluster: &TextCluster, phatic: bool) -> Commonness {
    if phatic {
        return Commonness::Greeting;
    }
    let n = cluster.accounts.len();
    let spread = cluster.span_seconds().is_some_and(|s| s >= TEMPLATE_MIN_SPAN_SECONDS);
    // A network reposting its text in several threads over weeks is spread too, but the same accounts come
    // back together (regression: the big-thread fixture's group lost its badges once the same text had been
    // seen on another thread two months earlier). People sharing a template meet different people each time.
    if n >= TEMPLATE_MIN_ACCOUNTS
        && spread
        && (cluster.burst_accounts as f64) <= TEMPLATE_MAX_BURST_SHARE * n as f64
        && !repeat_partners(cluster)
    {
        return Commonness::Template;
    }
    Commonness::Distinct
}
