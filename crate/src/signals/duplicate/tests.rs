//! The duplicate index and signal, against built texts: clusters, bounds, snapshots, and clusters kept
//! between calls against those computed afresh.

use std::collections::BTreeSet;

use super::*;

const CAMPAIGN: &str =
    "Western media keeps spreading lies about Xinjiang. The truth is people there live happy lives.";

#[test]
fn near_copies_by_different_accounts_form_one_cluster() {
    let mut index = DuplicateIndex::default();
    index.insert("x:1", "a", CAMPAIGN, Some(100));
    index.insert("x:2", "b", &format!("{CAMPAIGN} 🇨🇳"), Some(160));
    index.insert("x:3", "c", &CAMPAIGN.to_uppercase(), Some(220));
    index.insert("x:3", "c2", &CAMPAIGN.replace("happy", "very happy"), Some(230));
    index.insert("x:4", "d", "I had pasta for dinner and it was honestly the best pasta in town.", Some(300));
    let clusters = index.clusters();
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0].accounts.len(), 3);
    assert_eq!(clusters[0].variants, 2);
    assert_eq!(clusters[0].burst_accounts, 3);
    // Three accounts posting one text within minutes: one co-action, but a tight one.
    let signal = assess("x:2", &clusters, &CopyChance::of(&clusters, 8), &|_| None).expect("signal");
    assert!(signal.weight() >= 0.35, "{signal:?}");
    assert_eq!(signal.evidence.to_value()["clusters"][0]["counts_as"], "tight_burst");
    assert!(assess("x:4", &clusters, &CopyChance::of(&clusters, 8), &|_| None).is_none());
    let x3 = assess("x:3", &clusters, &CopyChance::of(&clusters, 8), &|_| None).expect("signal");
    assert_eq!(x3.evidence.to_value()["self_repeats"][0]["posts"], 2, "{x3:?}");
}

#[test]
fn a_text_posted_by_four_accounts_within_minutes_is_a_sign() {
    let mut index = DuplicateIndex::default();
    for (i, account) in ["x:1", "x:2", "x:3", "x:4"].into_iter().enumerate() {
        index.insert(account, &format!("p{i}"), CAMPAIGN, Some(100 + 60 * i as i64));
    }
    let clusters = index.clusters();
    let signal = assess("x:2", &clusters, &CopyChance::of(&clusters, 8), &|_| None).expect("signal");
    assert!(signal.weight() >= 0.35, "{signal:?}");
    assert_eq!(signal.evidence.to_value()["clusters"][0]["counts_as"], "tight_burst");
}

#[test]
fn regression_issue_13_partners_sharing_many_texts_are_repeated_beyond_chance() {
    // A crowd: 40 people, each pasting a few of 12 chain messages at random; two accounts share 6 texts
    // of their own that nobody else posts, each pair posting them days apart.
    let chains: Vec<String> = (0..12)
        .map(|i| {
            format!("chain message number {i} that people paste under every post they read, forward it now")
        })
        .collect();
    let mut index = DuplicateIndex::default();
    let mut state = 7u64;
    for person in 0..40 {
        for k in 0..3 {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let chain = &chains[(state >> 40) as usize % chains.len()];
            let at = 1_000_000 + person * 7_919 + k * 500_000;
            index.insert(&format!("x:{person}"), &format!("c{person}-{k}"), chain, Some(at));
        }
    }
    let points = [
        "the harbour project was approved without any public hearing at all, ask your council why",
        "eleven families on the east bank still have no compensation for the flooded warehouses",
        "the ministry's audit of the dredging contract has been delayed for the third time this year",
        "fishermen in the north cove report the catch halved since the breakwater went up last spring",
        "nobody has explained where the ninety million for the ferry terminal actually went so far",
        "the environmental review quietly dropped the section on the mangroves near the old pier",
    ];
    for (t, text) in (0i64..).zip(points) {
        index.insert("x:100", &format!("n{t}"), text, Some(5_000_000 + t * 90_000));
        index.insert("x:101", &format!("m{t}"), text, Some(5_000_000 + t * 90_000 + 40_000));
    }
    let clusters = index.clusters();
    let chance = CopyChance::of(&clusters, 42);
    let pair = assess("x:100", &clusters, &chance, &|_| None).expect("signal");
    assert!(pair.weight() >= 0.35, "{pair:?}");
    assert_eq!(pair.evidence.to_value()["repeated_partners"][0]["account"], "x:101");
    assert_eq!(pair.evidence.to_value()["repeated_partners"][0]["texts_shared"], 6);
    for person in 0..40 {
        if let Some(s) = assess(&format!("x:{person}"), &clusters, &chance, &|_| None) {
            assert!(s.weight() < 0.35, "x:{person}: {s:?}");
        }
    }
}

#[test]
fn one_account_repeating_itself_is_not_coordination() {
    let mut index = DuplicateIndex::default();
    index.insert("x:1", "a", CAMPAIGN, Some(100));
    index.insert("x:1", "b", CAMPAIGN, Some(200));
    let clusters = index.clusters();
    assert_eq!(clusters.len(), 1);
    assert!(!clusters[0].is_cross_account());
    let signal =
        assess("x:1", &clusters, &CopyChance::of(&clusters, 8), &|_| None).expect("self-repeat evidence");
    assert_eq!(signal.weight(), 0.0);
    assert!(signal.summary.contains("not counted"), "{}", signal.summary);
}

#[test]
fn a_reply_quoting_its_parent_is_not_a_copy() {
    let mut index = DuplicateIndex::default();
    index.insert_post(&IndexedPost {
        account: "x:1",
        post_id: "p",
        text: CAMPAIGN,
        at: Some(1),
        reply_to: None,
        ..IndexedPost::default()
    });
    for i in 0..3 {
        let id = format!("r{i}");
        let account = format!("x:r{i}");
        index.insert_post(&IndexedPost {
            account: &account,
            post_id: &id,
            text: &format!("{CAMPAIGN} !!"),
            at: Some(10),
            reply_to: Some("p"),
            ..IndexedPost::default()
        });
    }
    assert!(index.clusters().is_empty(), "{:?}", index.clusters());
}

#[test]
fn short_texts_are_not_indexed() {
    let mut index = DuplicateIndex::default();
    assert!(!index.insert("x:1", "a", "Great thread!", None));
    assert!(!index.insert("x:2", "b", "Great thread!", None));
    assert!(index.clusters().is_empty());
}

#[test]
fn removing_an_account_dissolves_its_links() {
    let mut index = DuplicateIndex::default();
    index.insert("x:1", "a", CAMPAIGN, Some(100));
    index.insert("x:2", "b", CAMPAIGN, Some(100));
    index.insert("x:3", "c", &format!("{CAMPAIGN} indeed"), Some(100));
    index.remove_account("x:2");
    index.remove_account("x:1");
    assert!(index.clusters().is_empty());
    assert_eq!(index.len(), 1);
}

#[test]
fn the_index_is_bounded_oldest_first() {
    let mut index = DuplicateIndex::with_max_posts(3);
    for i in 0..5i64 {
        index.insert(&format!("x:{i}"), "p", &format!("{CAMPAIGN} number {i}"), Some(1000 - i));
    }
    assert_eq!(index.len(), 3);
    assert_eq!(index.evicted(), 2);
    let kept: BTreeSet<String> = index.accounts_held().into_iter().collect();
    // The posts with the oldest times (accounts 3 and 4) went first.
    assert_eq!(kept, ["x:0", "x:1", "x:2"].into_iter().map(String::from).collect());
}

/// A small deterministic generator (xorshift64*), so that a failing sequence can be replayed by seed.
struct Steps(u64);

impl Steps {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }
}

const WORDS: [&str; 24] = [
    "river", "market", "council", "budget", "harbour", "winter", "school", "bridge", "railway", "garden",
    "factory", "museum", "library", "festival", "election", "weather", "farmers", "doctors", "tunnel",
    "stadium", "airport", "village", "forest", "ferry",
];

/// A text of one of four near-duplicate families (each of 20 words; a variant has up to three of them
/// changed, so that variants chain: two edits apart they may not link directly, but through a third),
/// a greeting, or an unrelated text.
fn random_text(steps: &mut Steps) -> String {
    let family = steps.below(7);
    if family == 4 {
        return "good morning everyone have a wonderful day".to_string();
    }
    let mut words: Vec<String> = (0..20)
        .map(|i| {
            if family < 4 {
                format!("{}{}", WORDS[(family * 5 + i) % WORDS.len()], i)
            } else {
                WORDS[steps.below(WORDS.len())].to_string()
            }
        })
        .collect();
    for _ in 0..steps.below(4) {
        let at = steps.below(words.len());
        words[at] = format!("edit{}", steps.below(6));
    }
    words.join(" ")
}

/// Inserts one random post: a family text, reply, manual repost, untimed, or without its text kept.
fn insert_random(index: &mut DuplicateIndex, steps: &mut Steps, n: usize, tag: &str) {
    let account = format!("x:{}", steps.below(8));
    let id = format!("{tag}{n}");
    let mut text = random_text(steps);
    if steps.below(10) == 0 {
        text = format!("RT @someone: {text}");
    }
    let reply_to = (steps.below(6) == 0).then(|| format!("{tag}{}", steps.below(n.max(1))));
    let at = (steps.below(8) != 0).then(|| 1_000_000 + steps.below(20) as i64 * 3_000);
    let post = IndexedPost {
        account: &account,
        post_id: &id,
        text: &text,
        at,
        reply_to: reply_to.as_deref(),
        page: 0,
    };
    if steps.below(8) == 0 {
        // Restored from history stored without its text; its preview may be filled in later.
        if let Some(fingerprint) = TextFingerprint::of(&text) {
            index.insert_fingerprinted(&IndexedPost { text: "", ..post }, &fingerprint);
        }
    } else {
        index.insert_post(&post);
    }
}

#[test]
fn kept_clusters_are_those_computed_afresh() {
    let (mut checks, mut cross, mut evicted) = (0, 0, 0);
    for seed in 1..=24u64 {
        let mut steps = Steps(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let mut index = DuplicateIndex::with_max_posts(24 + steps.below(40));
        for n in 0..500 {
            match steps.below(100) {
                0..=59 => insert_random(&mut index, &mut steps, n, "p"),
                60..=63 => index.remove_account(&format!("x:{}", steps.below(8))),
                64..=67 => {
                    // Texts seen again on a page: previews filled for posts indexed without them.
                    let id = format!("p{}", steps.below(n.max(1)));
                    let text = random_text(&mut steps);
                    for account in 0..8 {
                        index.fill_preview(&format!("x:{account}"), &id, &text);
                    }
                }
                _ => {
                    let kept = index.clusters();
                    assert_eq!(kept, index.clusters_full(), "seed {seed} step {n}");
                    checks += 1;
                    cross += kept.iter().filter(|c| c.is_cross_account() && c.variants > 1).count();
                }
            }
        }
        evicted += index.evicted();
        assert_eq!(index.clusters(), index.clusters_full(), "seed {seed} at the end");
    }
    // The sequences did exercise what they are meant to.
    assert!(checks > 3_000 && cross > 3_000 && evicted > 1_000, "{checks} {cross} {evicted}");
}
