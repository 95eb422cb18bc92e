//! Synchronised bursts: distinct accounts that post within the same short window, again and again.
//!
//! Events are sorted by (key, time) and swept once: each event pairs with the events of other accounts that
//! follow it within the window (at most [`BurstParams::max_partners`] of them, so that a traffic peak cannot
//! make the sweep quadratic). A pair's co-occurrences count once per burst: a new one starts when the key
//! changes or more than a window has passed since the pair's last counted one. Pairs seen in at least
//! [`BurstParams::min_shared`] bursts, and (without a key) clearly more often than two independent accounts
//! of the same activity would meet by chance, join accounts; clusters are the connected components.
//!
//! Without a key ("content-agnostic") this is what the extension can see: accounts posting in the same
//! minutes. With a key (the reposted post's id) it is the co-retweet network of the coordination literature.

use std::collections::{BTreeMap, HashMap};

/// One post's time, by one account, optionally about one shared object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BurstEvent {
    /// The account, as an index into the caller's table.
    pub account: u32,
    /// Unix seconds.
    pub at: i64,
    /// What was shared (0 when the content does not matter).
    pub key: u64,
}

/// The knobs of the burst finder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BurstParams {
    /// Two posts at most this many seconds apart are in the same burst.
    pub window_seconds: i64,
    /// Bursts a pair must share.
    pub min_shared: u32,
    /// Without a key: how many times more often than chance a pair must meet.
    pub min_lift: f64,
    /// Events after each event that are looked at, at most.
    pub max_partners: usize,
    /// Events taken at most (the latest are kept).
    pub max_events: usize,
    /// Pairs tracked at most; past this new pairs are ignored and the result says so.
    pub max_pairs: usize,
}

impl Default for BurstParams {
    fn default() -> Self {
        BurstParams {
            window_seconds: 120,
            min_shared: 3,
            min_lift: 5.0,
            max_partners: 64,
            max_events: 2_000_000,
            max_pairs: 4_000_000,
        }
    }
}

/// Two accounts that met in enough bursts.
#[derive(Debug, Clone, PartialEq)]
pub struct BurstPair {
    /// The lower account index.
    pub a: u32,
    /// The higher account index.
    pub b: u32,
    /// Bursts shared.
    pub shared: u32,
    /// Bursts two independent accounts with the same activity would share by chance (0 with keys).
    pub expected: f64,
    /// Time of the first shared burst.
    pub first_at: i64,
    /// Time of the last shared burst.
    pub last_at: i64,
}

/// A group of accounts joined by shared bursts.
#[derive(Debug, Clone, PartialEq)]
pub struct BurstGroup {
    /// Member account indices, ascending.
    pub members: Vec<u32>,
    /// Joining pairs inside the group.
    pub pairs: usize,
    /// The most bursts any pair of members shared.
    pub max_shared: u32,
    /// Start times of bursts in which at least three members (or both of two) posted within one window,
    /// earliest first, at most 20.
    pub times: Vec<i64>,
    /// How many such bursts there were in all.
    pub windows: usize,
}

/// What the burst finder found, and how much it had to leave out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BurstReport {
    /// Joining pairs, by (a, b).
    pub pairs: Vec<BurstPair>,
    /// Groups, largest first.
    pub groups: Vec<BurstGroup>,
    /// Events looked at.
    pub events: usize,
    /// Events dropped for [`BurstParams::max_events`].
    pub events_dropped: usize,
    /// Anchors whose partner scan was cut at [`BurstParams::max_partners`].
    pub partner_scans_cut: usize,
    /// Whether [`BurstParams::max_pairs`] was reached.
    pub pairs_capped: bool,
}

struct PairState {
    shared: u32,
    last_at: i64,
    last_key: u64,
    first_at: i64,
}

/// Finds pairs and groups of accounts that post in the same windows.
pub fn find(events: &[BurstEvent], params: &BurstParams) -> BurstReport {
    let window = params.window_seconds.max(1);
    let mut sorted: Vec<BurstEvent> = events.to_vec();
    sorted.sort_unstable_by_key(|e| (e.key, e.at, e.account));
    sorted.dedup();
    let mut report = BurstReport::default();
    if sorted.len() > params.max_events {
        // Keep the latest: sort by time, cut, then restore the sweep order.
        sorted.sort_unstable_by_key(|e| e.at);
        report.events_dropped = sorted.len() - params.max_events;
        sorted.drain(..report.events_dropped);
        sorted.sort_unstable_by_key(|e| (e.key, e.at, e.account));
    }
    report.events = sorted.len();
    let keyed = sorted.iter().any(|e| e.key != 0);

    let mut state: HashMap<(u32, u32), PairState> = HashMap::new();
    for (i, e) in sorted.iter().enumerate() {
        for (scanned, f) in sorted[i + 1..].iter().enumerate() {
            if f.key != e.key || f.at - e.at > window {
                break;
            }
            if scanned == params.max_partners {
                report.partner_scans_cut += 1;
                break;
            }
            if f.account == e.account {
                continue;
            }
            let pair = (e.account.min(f.account), e.account.max(f.account));
            match state.get_mut(&pair) {
                Some(s) => {
                    if s.last_key != e.key || e.at - s.last_at > window {
                        s.shared += 1;
                        s.last_at = e.at;
                        s.last_key = e.key;
                    }
                }
                None => {
                    if state.len() >= params.max_pairs {
                        report.pairs_capped = true;
                        continue;
                    }
                    state.insert(
                        pair,
                        PairState { shared: 1, last_at: e.at, last_key: e.key, first_at: e.at },
                    );
                }
            }
        }
    }

    // Chance meetings: an account active in n windows meets another active in m of W windows about n·m·3/W
    // times (its own window and the two neighbours within reach). W is the number of occupied windows, but
    // at least a quarter of the whole span: activity crowds into waking hours, yet on a small page the
    // occupied windows are mostly the bursts themselves and would explain them away.
    let mut active: HashMap<u32, std::collections::HashSet<i64>> = HashMap::new();
    let mut occupied = std::collections::HashSet::new();
    if !keyed {
        for e in &sorted {
            let w = e.at.div_euclid(window);
            active.entry(e.account).or_default().insert(w);
            occupied.insert(w);
        }
    }
    let span_windows = match (sorted.iter().map(|e| e.at).min(), sorted.iter().map(|e| e.at).max()) {
        (Some(lo), Some(hi)) => (hi.saturating_sub(lo) / window) as f64,
        _ => 0.0,
    };
    let occupied = (occupied.len() as f64).max(span_windows / 4.0).max(1.0);
    let mut pairs: Vec<BurstPair> = state
        .into_iter()
        .filter_map(|((a, b), s)| {
            if s.shared < params.min_shared {
                return None;
            }
            let expected = if keyed {
                0.0
            } else {
                let n = active.get(&a).map_or(0, |x| x.len()) as f64;
                let m = active.get(&b).map_or(0, |x| x.len()) as f64;
                (n * m * 3.0 / occupied).min(n.min(m))
            };
            if !keyed && f64::from(s.shared) < params.min_lift * expected {
                return None;
            }
            Some(BurstPair { a, b, shared: s.shared, expected, first_at: s.first_at, last_at: s.last_at })
        })
        .collect();
    pairs.sort_unstable_by_key(|p| (p.a, p.b));
    report.groups = groups(&pairs, &sorted, window);
    report.pairs = pairs;
    report
}

fn root(parent: &mut HashMap<u32, u32>, mut x: u32) -> u32 {
    while let Some(&p) = parent.get(&x) {
        if p == x {
            break;
        }
        let grand = parent.get(&p).copied().unwrap_or(p);
        parent.insert(x, grand);
        x = p;
    }
    x
}

fn groups(pairs: &[BurstPair], events: &[BurstEvent], window: i64) -> Vec<BurstGroup> {
    let mut parent: HashMap<u32, u32> = HashMap::new();
    for p in pairs {
        parent.entry(p.a).or_insert(p.a);
        parent.entry(p.b).or_insert(p.b);
        let (ra, rb) = (root(&mut parent, p.a), root(&mut parent, p.b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let accounts: Vec<u32> = parent.keys().copied().collect();
    let mut members: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for a in accounts {
        let r = root(&mut parent, a);
        members.entry(r).or_default().push(a);
    }
    let group_of: HashMap<u32, u32> =
        members.iter().flat_map(|(r, ms)| ms.iter().map(move |m| (*m, *r))).collect();
    // Bursts in which members of one group posted together: from each member event, the members posting
    // within the next window; a burst found skips ahead past its window.
    let mut by_group: HashMap<u32, Vec<(i64, u32)>> = HashMap::new();
    for e in events {
        if let Some(&g) = group_of.get(&e.account) {
            by_group.entry(g).or_default().push((e.at, e.account));
        }
    }
    let mut bursts_of: HashMap<u32, Vec<i64>> = HashMap::new();
    for (g, mut evs) in by_group {
        evs.sort_unstable();
        let size = members.get(&g).map_or(0, Vec::len);
        let need = size.min(3);
        let mut found = Vec::new();
        let mut i = 0;
        while i < evs.len() {
            let start = evs[i].0;
            let mut present: Vec<u32> = Vec::new();
            let mut j = i;
            while j < evs.len() && evs[j].0 - start <= window {
                if present.len() < 64 && !present.contains(&evs[j].1) {
                    present.push(evs[j].1);
                }
                j += 1;
            }
            if present.len() >= need {
                found.push(start);
                i = j;
            } else {
                i += 1;
            }
        }
        bursts_of.insert(g, found);
    }
    let mut out: Vec<BurstGroup> = members
        .into_iter()
        .map(|(r, mut ms)| {
            ms.sort_unstable();
            let mut times = bursts_of.remove(&r).unwrap_or_default();
            let windows = times.len();
            times.truncate(20);
            let inside: Vec<&BurstPair> = pairs.iter().filter(|p| group_of.get(&p.a) == Some(&r)).collect();
            BurstGroup {
                members: ms,
                pairs: inside.len(),
                max_shared: inside.iter().map(|p| p.shared).max().unwrap_or(0),
                times,
                windows,
            }
        })
        .collect();
    out.sort_by(|a, b| b.members.len().cmp(&a.members.len()).then(a.members.cmp(&b.members)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(account: u32, at: i64) -> BurstEvent {
        BurstEvent { account, at, key: 0 }
    }

    #[test]
    fn three_accounts_posting_together_form_a_group_and_bystanders_do_not() {
        let mut events = Vec::new();
        // Accounts 0, 1, 2 post within a minute of each other, five times a day apart.
        for day in 0..5 {
            let t = 1_700_000_000 + day * 86_400 + 3_600;
            events.extend([ev(0, t), ev(1, t + 30), ev(2, t + 70)]);
        }
        // Bystanders 3..40 post at scattered times, now and then near a burst.
        for a in 3..40u32 {
            for k in 0..20i64 {
                events.push(ev(a, 1_700_000_000 + (i64::from(a) * 7_919 + k * 15_013) % (5 * 86_400)));
            }
        }
        let report = find(&events, &BurstParams::default());
        assert_eq!(report.groups.len(), 1, "{:?}", report.groups);
        assert_eq!(report.groups[0].members, vec![0, 1, 2]);
        assert_eq!(report.groups[0].max_shared, 5);
        assert_eq!(report.groups[0].windows, 5);
    }

    #[test]
    fn keyed_events_pair_only_on_the_same_object() {
        let mut events = Vec::new();
        for k in 1..=4u64 {
            let t = 1_000_000 + k as i64 * 10_000;
            events.push(BurstEvent { account: 1, at: t, key: k });
            events.push(BurstEvent { account: 2, at: t + 5, key: k });
            events.push(BurstEvent { account: 3, at: t + 5, key: 100 + k });
        }
        let report = find(&events, &BurstParams::default());
        assert_eq!(report.pairs.len(), 1);
        assert_eq!((report.pairs[0].a, report.pairs[0].b, report.pairs[0].shared), (1, 2, 4));
    }

    #[test]
    fn empty_huge_and_odd_inputs_do_not_panic() {
        assert!(find(&[], &BurstParams::default()).groups.is_empty());
        let odd = [ev(0, i64::MIN / 2), ev(1, i64::MAX / 2), ev(0, 0), ev(0, 0)];
        let _ = find(&odd, &BurstParams { window_seconds: 0, ..BurstParams::default() });
        // Everyone at once: the partner cap keeps it linear.
        let crowd: Vec<BurstEvent> = (0..20_000u32).map(|a| ev(a, 1_000)).collect();
        let report = find(&crowd, &BurstParams::default());
        assert!(report.partner_scans_cut > 0);
        let capped = find(&crowd, &BurstParams { max_events: 100, ..BurstParams::default() });
        assert_eq!(capped.events, 100);
    }
}
