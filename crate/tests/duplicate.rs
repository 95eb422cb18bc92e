//! Properties of the duplicated-phrasing signal: normalisation is idempotent, a text meets itself and its
//! light edits, unrelated ordinary texts almost never meet, and nothing panics on any text.

mod sentences;

use trichome::features::fingerprint::{exact_jaccard, shingle_hashes, Signature, TextFingerprint};
use trichome::signals::duplicate::{DuplicateIndex, IndexedPost};
use trichome::text::{normalise, shingles};

/// A small deterministic generator (xorshift64), so that failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A character from all over Unicode, weighted towards the awkward places.
    fn char(&mut self) -> char {
        let pools: &[(u32, u32)] = &[
            (0x20, 0x7E),       // ASCII
            (0xA0, 0x24F),      // Latin-1, Latin extended
            (0x300, 0x36F),     // combining marks
            (0x370, 0x3FF),     // Greek
            (0x400, 0x4FF),     // Cyrillic
            (0x600, 0x6FF),     // Arabic
            (0x900, 0x97F),     // Devanagari
            (0xE00, 0xE7F),     // Thai
            (0x1100, 0x11FF),   // Hangul jamo
            (0x2000, 0x206F),   // punctuation, invisible characters
            (0x3000, 0x30FF),   // CJK punctuation, kana
            (0x4E00, 0x9FFF),   // CJK
            (0xAC00, 0xD7A3),   // Hangul syllables
            (0xF900, 0xFAFF),   // CJK compatibility
            (0xFE00, 0xFE0F),   // variation selectors
            (0xFF00, 0xFFEF),   // full-width and half-width forms
            (0xFFFD, 0xFFFD),   // replacement character
            (0x1F300, 0x1FAFF), // emoji
            (0x1D400, 0x1D7FF), // mathematical alphanumerics (NFKC folds them)
            (0x10000, 0x10FFFF),
        ];
        let (lo, hi) = pools[self.below(pools.len() as u64) as usize];
        let special =
            ['@', '#', '[', ']', '.', '\'', ' ', ' ', ':', '/', '&', '\u{2019}', '\u{201C}', 'ß', 'ẞ', 'İ'];
        if self.below(4) == 0 {
            return special[self.below(special.len() as u64) as usize];
        }
        loop {
            if let Some(c) = char::from_u32(lo + self.below(u64::from(hi - lo + 1)) as u32) {
                return c;
            }
        }
    }

    fn text(&mut self, max_len: u64) -> String {
        let len = self.below(max_len + 1);
        let mut s: String = (0..len).map(|_| self.char()).collect();
        // Sprinkle in the forms the normaliser treats specially.
        for piece in
            ["https://www.example.com/a?b", "@someone", "#tag", "RT @x: ", "&amp;", "[doge]", "www.x.org"]
        {
            if self.below(6) == 0 {
                let at = s.char_indices().nth(self.below(len + 1) as usize).map_or(s.len(), |(i, _)| i);
                s.insert_str(at, piece);
            }
        }
        s
    }
}

#[test]
fn normalisation_is_idempotent_on_arbitrary_text() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let t = rng.text(60);
        let once = normalise(&t);
        assert_eq!(normalise(&once), once, "input {t:?}");
    }
}

#[test]
fn nothing_panics_on_odd_text() {
    let replacement = "\u{FFFD}".repeat(5_000);
    let long_words: String = (0..20_000).map(|i| format!("w{} ", i % 5_000)).collect();
    let long_chinese = "西方媒体一直在撒谎".repeat(12_000);
    let only_emoji = "😀🎉🇨🇳👍🏽❤️\u{200d}🔥".repeat(10);
    let mut rng = Rng(7);
    let random_long = rng.text(100_000);
    let cases: Vec<&str> = vec![
        "",
        " ",
        "\u{FFFD}",
        &replacement,
        &long_words,
        &long_chinese,
        &only_emoji,
        &random_long,
        "@",
        "#",
        "[",
        "]",
        "http://",
        "RT @",
    ];
    let mut index = DuplicateIndex::with_max_posts(8);
    for (i, t) in cases.iter().enumerate() {
        let n = normalise(t);
        let _ = shingles(&n);
        let _ = TextFingerprint::of(t);
        index.insert_post(&IndexedPost {
            account: &format!("x:{i}"),
            post_id: "p",
            text: t,
            at: Some(i as i64),
            reply_to: Some(t),
            ..IndexedPost::default()
        });
    }
    let _ = index.clusters();
    assert!(index.len() <= 8);
    assert!(normalise(&only_emoji).is_empty());
    assert!(TextFingerprint::of(&long_words).is_some());
}

#[test]
fn a_text_matches_itself_and_its_copies() {
    let mut rng = Rng(42);
    for _ in 0..2_000 {
        let t = rng.text(200);
        let Some(a) = TextFingerprint::of(&t) else { continue };
        let b = TextFingerprint::of(&t).expect("same text, same fingerprint");
        assert_eq!(a.signature().similarity(&b.signature()), 1.0);
        // Case, width and a trailing emoji do not matter.
        let c = TextFingerprint::of(&format!("{} 🔥", t.to_uppercase()));
        if let Some(c) = c {
            assert!(
                a.signature().similarity(&c.signature()) >= 0.6
                    || normalise(&t.to_uppercase()) != normalise(&t)
            );
        }
    }
}

#[test]
fn the_minhash_estimate_tracks_exact_jaccard() {
    // Two sets of 200 with a known overlap, across the range.
    for shared in [0u32, 50, 100, 150, 200] {
        let a: Vec<u32> = (0..200).collect();
        let b: Vec<u32> = (200 - shared..400 - shared).collect();
        let exact = exact_jaccard(&a, &b);
        let estimate = Signature::of_shingles(&a).similarity(&Signature::of_shingles(&b));
        assert!((estimate - exact).abs() < 0.15, "shared {shared}: exact {exact}, estimate {estimate}");
    }
}

#[test]
fn unrelated_ordinary_texts_almost_never_meet() {
    // Written for this test: ordinary posts on one topic, in the same words people use.
    let posts = [
        "my flight was delayed three hours and nobody told us anything at the gate",
        "the crew on this flight was lovely and the snacks were surprisingly good",
        "why does checking a bag cost more than the ticket itself these days",
        "finally home after two cancelled connections, never flying through that airport again",
        "the app says my seat changed but the gate agent says it did not",
        "thank you to the pilot who explained the weather delay so clearly",
        "lost my luggage again, third time this year, still waiting for a call back",
        "just landed, the view of the mountains on approach was amazing",
        "customer service kept me on hold for fifty minutes and then hung up",
        "upgraded to first class for my birthday trip, what a treat",
        "今天的航班又延误了，等了三个小时也没有人解释原因",
        "机组人员服务很好，飞机餐也比想象中好吃",
        "行李又丢了，这已经是今年第三次了，客服还没回电话",
        "终于到家了，转机两次都被取消，再也不走那个机场了",
    ];
    let mut index = DuplicateIndex::default();
    for (i, p) in posts.iter().enumerate() {
        index.insert(&format!("x:{i}"), "p", p, Some(i as i64 * 60));
    }
    assert!(index.clusters().is_empty(), "{:?}", index.clusters());
    let hashes: Vec<Vec<u32>> = posts.iter().map(|p| shingle_hashes(&shingles(&normalise(p)))).collect();
    for i in 0..hashes.len() {
        for j in i + 1..hashes.len() {
            assert!(exact_jaccard(&hashes[i], &hashes[j]) < 0.2, "{} / {}", posts[i], posts[j]);
        }
    }
}

#[test]
fn unrelated_control_texts_almost_never_meet() {
    let Some(data) = data_dir() else {
        println!("skipping: ../shared/data not found");
        return;
    };
    let Ok(text) = std::fs::read_to_string(data.join("controls/weibo-guanghua-2025/posts.jsonl")) else {
        println!("skipping: ../shared/data not found");
        return;
    };
    // Distinct texts only: a pair of different Weibo posts meets when their exact similarity is high.
    let mut seen = std::collections::HashSet::new();
    let mut sets: Vec<Vec<u32>> = Vec::new();
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let t = v.get("text").and_then(|t| t.as_str()).unwrap_or_default();
        let h = shingle_hashes(&shingles(&normalise(t)));
        if h.len() >= 4 && seen.insert(h.clone()) {
            sets.push(h);
        }
    }
    let mut met = 0usize;
    let mut pairs = 0usize;
    for i in 0..sets.len() {
        for j in i + 1..sets.len() {
            pairs += 1;
            if exact_jaccard(&sets[i], &sets[j]) >= 0.6 {
                met += 1;
            }
        }
    }
    // Share templates make a few distinct texts meet; unrelated ones almost never do.
    assert!((met as f64) < 1e-4 * pairs as f64, "{met} of {pairs} pairs meet");
}

fn data_dir() -> Option<std::path::PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(d) = std::env::var("TRICHOME_DATA") {
        candidates.push(std::path::PathBuf::from(d));
    }
    candidates.push(std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"));
    candidates.push(std::path::PathBuf::from("/work/shared/data"));
    candidates.into_iter().find(|d| d.join("controls").is_dir())
}

#[test]
fn a_swarm_of_copies_under_one_post_is_found_through_the_engine() {
    use trichome::engine::Engine;
    use trichome::observation::{Observation, Post, PostTime, Provenance, Site, Source};
    let body = "You are a liar and everyone knows you are paid by foreign forces to spread rumours";
    let batch: Vec<Observation> = (0..6)
        .map(|i| {
            Observation::post(
                Site::X,
                Provenance { source: Source::SiteJson, page_url: None, observed_at: 1_000 },
                Post {
                    id: format!("r{i}"),
                    account_id: format!("{}", 100 + i),
                    text: format!("@journalist {body} {}", ["😡", "🤮", "", "!!", "👎", ""][i]),
                    created: Some(PostTime::exact(1_000 + i as i64 * 40)),
                    reply_to: Some("target-post".into()),
                    ..Post::default()
                },
            )
        })
        .collect();
    let mut engine = Engine::default();
    engine.ingest(&batch);
    let v = engine.verdict("x:103").expect("verdict");
    sentences::check(&engine);
    let dup = v.signals.iter().find(|s| s.kind == trichome::verdict::SignalKind::Duplicate).expect("signal");
    assert!(dup.weight() >= 0.6, "{dup:?}");
    assert_eq!(engine.page_report().clusters.len(), 1);
}
