//! Measures the duplicated-phrasing signal: near-duplicate search quality against exact Jaccard, recall of
//! cross-account copies in the IRA tweets, and false positives on two ordinary-people controls fed through
//! the real engine. `cargo run -p trichome-bench --profile cli --example dup_eval`; numbers are recorded in docs/duplicates.md.

use trichome_bench::datasets;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use datasets::DataPost;
use trichome::engine::Engine;
use trichome::features::fingerprint::{shingle_hashes, MIN_SHINGLES};
use trichome::observation::{Observation, Post, PostTime, Provenance, Site, Source};
use trichome::signals::duplicate::{DuplicateIndex, SIMILARITY};
use trichome::text;
use trichome::verdict::{SignalKind, SIGN_WEIGHT};

/// Chinese texts written for this evaluation, each in Simplified and Traditional characters.
const CHINESE: &[(&str, &str)] = &[
    (
        "西方媒体一直在散布关于新疆的谎言，新疆人民的生活越来越幸福。",
        "西方媒體一直在散佈關於新疆的謊言，新疆人民的生活越來越幸福。",
    ),
    (
        "香港的繁荣稳定离不开国家的支持，我们坚决反对外部势力干涉。",
        "香港的繁榮穩定離不開國家的支持，我們堅決反對外部勢力干涉。",
    ),
    (
        "美国政客总是在疫情问题上甩锅，真相终究会大白于天下。",
        "美國政客總是在疫情問題上甩鍋，真相終究會大白於天下。",
    ),
    (
        "台湾是中国不可分割的一部分，这是国际社会的普遍共识。",
        "臺灣是中國不可分割的一部分，這是國際社會的普遍共識。",
    ),
    (
        "这个所谓的记者根本不懂中国，只会编造故事来博取眼球。",
        "這個所謂的記者根本不懂中國，只會編造故事來博取眼球。",
    ),
    ("我们应该相信科学，疫苗是保护大家健康的最好办法。", "我們應該相信科學，疫苗是保護大家健康的最好辦法。"),
    (
        "今天的天气真好，和朋友一起去公园散步，心情非常愉快。",
        "今天的天氣真好，和朋友一起去公園散步，心情非常愉快。",
    ),
    (
        "经济发展需要稳定的社会环境，任何动乱都会伤害普通百姓。",
        "經濟發展需要穩定的社會環境，任何動亂都會傷害普通百姓。",
    ),
    (
        "请大家不要相信网上的谣言，官方已经发布了权威的说明。",
        "請大家不要相信網上的謠言，官方已經發佈了權威的說明。",
    ),
    (
        "这些抗议者背后有外国势力的资助，他们的目的就是搞乱香港。",
        "這些抗議者背後有外國勢力的資助，他們的目的就是搞亂香港。",
    ),
    (
        "中国的脱贫成就举世瞩目，数亿人因此过上了更好的生活。",
        "中國的脫貧成就舉世矚目，數億人因此過上了更好的生活。",
    ),
    (
        "所谓的人权报告充满了偏见和双重标准，完全不值得一看。",
        "所謂的人權報告充滿了偏見和雙重標準，完全不值得一看。",
    ),
    (
        "他们在选举中作弊的证据越来越多，民主制度已经崩溃了。",
        "他們在選舉中作弊的證據越來越多，民主制度已經崩潰了。",
    ),
    ("我们要团结起来，共同维护国家的统一和领土完整。", "我們要團結起來，共同維護國家的統一和領土完整。"),
    (
        "这部电影拍得太好了，演员的表演非常自然，强烈推荐大家去看。",
        "這部電影拍得太好了，演員的表演非常自然，強烈推薦大家去看。",
    ),
    ("网络上的那些反华言论都是被收买的水军在带节奏。", "網絡上的那些反華言論都是被收買的水軍在帶節奏。"),
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum EditKind {
    Typo,
    InsertedWord,
    ShuffledClauses,
    SwappedEmoji,
    TraditionalChinese,
    EditedChinese,
}

struct Edit {
    kind: EditKind,
    origin: usize,
    copy: usize,
}

fn typo(text: &str, rng: &mut Rng) -> Option<String> {
    let mut words: Vec<String> = text.split(' ').map(String::from).collect();
    let eligible: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().count() >= 4 && words[i].chars().all(char::is_alphabetic))
        .collect();
    let &w = eligible.get(rng.below(eligible.len()))?;
    let mut chars: Vec<char> = words[w].chars().collect();
    let at = 1 + rng.below(chars.len() - 2);
    chars.swap(at, at - 1);
    words[w] = chars.into_iter().collect();
    Some(words.join(" "))
}

fn inserted_word(text: &str, rng: &mut Rng) -> String {
    let mut words: Vec<&str> = text.split(' ').collect();
    let extra = ["really", "totally", "just", "honestly", "literally"][rng.below(5)];
    words.insert(rng.below(words.len() + 1), extra);
    words.join(" ")
}

fn shuffled_clauses(text: &str) -> String {
    // Clauses end at punctuation followed by a space (so that links stay whole).
    let mut clauses: Vec<&str> = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if matches!(c, ',' | '.' | ';' | '!' | '?') && bytes.get(i + 1) == Some(&b' ') {
            clauses.push(&text[start..=i]);
            start = i + 1;
        }
    }
    clauses.push(&text[start..]);
    clauses.retain(|c| !c.trim().is_empty());
    if clauses.len() >= 2 {
        let mut c = clauses.clone();
        c.rotate_left(1);
        return c.iter().map(|s| s.trim()).collect::<Vec<_>>().join(" ");
    }
    let words: Vec<&str> = text.split(' ').collect();
    let (a, b) = words.split_at(words.len() / 2);
    format!("{} {}", b.join(" "), a.join(" "))
}

fn swapped_emoji(text: &str, rng: &mut Rng) -> String {
    let without: String = text.chars().filter(|c| (*c as u32) < 0x2190).collect();
    let emoji = ["🔥🔥", "👉", "😡", "🇺🇸🇺🇸", "💯", "🙏"];
    format!("{} {without} {}", emoji[rng.below(6)], emoji[rng.below(6)])
}

/// Exact Jaccard of two sorted, repeat-free shingle lists.
fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - inter;
    if union == 0 {
        1.0
    } else {
        inter as f64 / union as f64
    }
}

fn above(j: f64) -> bool {
    j >= SIMILARITY - 1e-12
}

/// Every pair of sets with exact Jaccard ≥ SIMILARITY, by prefix filtering (Chaudhuri et al. 2006;
/// Bayardo et al. 2007): with the shingles of each set ordered rarest first, two sets that similar must
/// share a shingle among the first |x| − ⌈t·|x|⌉ + 1 of each. Exact, not approximate.
/// Writes the distinct shingle sets (`sets.txt`, one per line) and the pairs at or above the threshold
/// (`truth.txt`, "i j" by line number), for measuring another implementation on the same sets
/// (`bench/dup_datasketch_recall.py`).
fn dump(dir: &str, sets: &[Vec<u32>], truth: &HashSet<(u32, u32)>) {
    let line = |s: &Vec<u32>| s.iter().map(u32::to_string).collect::<Vec<_>>().join(" ");
    let sets_txt: String = sets.iter().map(|s| line(s) + "\n").collect();
    let mut pairs: Vec<&(u32, u32)> = truth.iter().collect();
    pairs.sort_unstable();
    let truth_txt: String = pairs.iter().map(|(a, b)| format!("{a} {b}\n")).collect();
    let written = std::fs::create_dir_all(dir)
        .and_then(|_| std::fs::write(format!("{dir}/sets.txt"), sets_txt))
        .and_then(|_| std::fs::write(format!("{dir}/truth.txt"), truth_txt));
    match written {
        Ok(()) => println!("Wrote {} sets and {} true pairs to {dir}", sets.len(), pairs.len()),
        Err(e) => eprintln!("error: cannot write to '{dir}': {e}"),
    }
}

fn similar_pairs(sets: &[Vec<u32>]) -> HashSet<(u32, u32)> {
    let mut freq: HashMap<u32, u32> = HashMap::new();
    for s in sets {
        for &x in s {
            *freq.entry(x).or_default() += 1;
        }
    }
    let mut order: Vec<usize> = (0..sets.len()).collect();
    order.sort_by_key(|&i| sets[i].len());
    let mut inverted: HashMap<u32, Vec<u32>> = HashMap::new();
    let mut out = HashSet::new();
    let mut seen: Vec<u32> = Vec::new();
    for &i in &order {
        let s = &sets[i];
        let mut ranked: Vec<u32> = s.clone();
        ranked.sort_by_key(|x| (freq[x], *x));
        let prefix = s.len() - (SIMILARITY * s.len() as f64 - 1e-9).ceil() as usize + 1;
        seen.clear();
        for x in &ranked[..prefix.min(ranked.len())] {
            if let Some(list) = inverted.get(x) {
                seen.extend_from_slice(list);
            }
        }
        seen.sort_unstable();
        seen.dedup();
        for &j in &seen {
            let other = &sets[j as usize];
            if (other.len() as f64) < SIMILARITY * s.len() as f64 - 1e-9 {
                continue;
            }
            if above(jaccard(s, other)) {
                out.insert((i.min(j as usize) as u32, i.max(j as usize) as u32));
            }
        }
        for x in &ranked[..prefix.min(ranked.len())] {
            inverted.entry(*x).or_default().push(i as u32);
        }
    }
    out
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        "n/a".into()
    } else {
        format!("{:.4}", a as f64 / b as f64)
    }
}

fn main() {
    let Some(data) = datasets::data_dir() else {
        println!("skipping: ../shared/data not found (set TRICHOME_DATA)");
        return;
    };
    let ira = datasets::ira_posts(&data);
    println!("IRA tweets read: {}", ira.len());
    search_quality(&ira);
    ira_copies(&ira);
    controls(&data, &ira);
}

fn search_quality(ira: &[DataPost]) {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut corpus: Vec<DataPost> = ira.to_vec();
    let mut edits: Vec<Edit> = Vec::new();
    // Generated edits of 4,000 IRA texts of at least eight words, one kind each in turn.
    let eligible: Vec<usize> =
        (0..ira.len()).filter(|&i| text::normalise(&ira[i].text).split(' ').count() >= 8).collect();
    for k in 0..4000 {
        let origin = eligible[rng.below(eligible.len())];
        let t = &ira[origin].text;
        let (kind, edited) = match k % 4 {
            0 => (EditKind::Typo, typo(t, &mut rng)),
            1 => (EditKind::InsertedWord, Some(inserted_word(t, &mut rng))),
            2 => (EditKind::ShuffledClauses, Some(shuffled_clauses(t))),
            _ => (EditKind::SwappedEmoji, Some(swapped_emoji(t, &mut rng))),
        };
        let Some(edited) = edited else { continue };
        edits.push(Edit { kind, origin, copy: corpus.len() });
        corpus.push(DataPost {
            author: format!("edit{k}"),
            id: format!("e{k}"),
            text: edited,
            at: ira[origin].at,
        });
    }
    for (k, (simplified, traditional)) in CHINESE.iter().enumerate() {
        let origin = corpus.len();
        corpus.push(DataPost {
            author: format!("zh{k}"),
            id: format!("zs{k}"),
            text: simplified.to_string(),
            at: None,
        });
        edits.push(Edit { kind: EditKind::TraditionalChinese, origin, copy: corpus.len() });
        corpus.push(DataPost {
            author: format!("zht{k}"),
            id: format!("zt{k}"),
            text: traditional.to_string(),
            at: None,
        });
        let mut chars: Vec<char> = traditional.chars().collect();
        chars.insert(chars.len() / 2, '真');
        chars.push('👍');
        edits.push(Edit { kind: EditKind::EditedChinese, origin, copy: corpus.len() });
        corpus.push(DataPost {
            author: format!("zhe{k}"),
            id: format!("ze{k}"),
            text: chars.into_iter().collect(),
            at: None,
        });
    }

    let mut set_of_post: HashMap<(String, String), u32> = HashMap::new();
    let mut set_ids: HashMap<Vec<u32>, u32> = HashMap::new();
    let mut sets: Vec<Vec<u32>> = Vec::new();
    let mut set_posts: Vec<u64> = Vec::new();
    let mut shingles_of: Vec<Vec<u32>> = Vec::with_capacity(corpus.len());
    for p in &corpus {
        let s = shingle_hashes(&text::shingles(&text::normalise(&p.text)));
        shingles_of.push(s.clone());
        if s.len() < MIN_SHINGLES {
            continue;
        }
        let id = *set_ids.entry(s.clone()).or_insert_with(|| {
            sets.push(s);
            set_posts.push(0);
            (sets.len() - 1) as u32
        });
        set_posts[id as usize] += 1;
        set_of_post.insert((p.author.clone(), p.id.clone()), id);
    }
    let truth = similar_pairs(&sets);
    if let Some(dir) = std::env::args().skip_while(|a| a != "--dump").nth(1) {
        dump(&dir, &sets, &truth);
    }

    // Sanity: prefix filtering equals brute force on a sample.
    let sample: Vec<usize> = (0..sets.len()).step_by((sets.len() / 3000).max(1)).collect();
    let sample_set: HashSet<u32> = sample.iter().map(|&i| i as u32).collect();
    let mut brute = HashSet::new();
    for (x, &i) in sample.iter().enumerate() {
        for &j in &sample[x + 1..] {
            if above(jaccard(&sets[i], &sets[j])) {
                brute.insert((i as u32, j as u32));
            }
        }
    }
    let filtered: HashSet<(u32, u32)> =
        truth.iter().filter(|(a, b)| sample_set.contains(a) && sample_set.contains(b)).copied().collect();

    println!("\n## Near-duplicate search quality (threshold J >= {SIMILARITY})\n");
    println!(
        "Posts: {} ({} IRA, {} generated edits, {} Chinese); with >= {MIN_SHINGLES} shingles: {}; distinct shingle sets: {}",
        corpus.len(),
        ira.len(),
        edits.iter().filter(|e| e.origin < ira.len()).count(),
        CHINESE.len() * 3,
        set_of_post.len(),
        sets.len()
    );
    println!(
        "Prefix filtering equals brute force on a {}-set sample: {} ({} pairs)",
        sample.len(),
        filtered == brute,
        brute.len()
    );
    println!();
    println!(
        "| confirmation | pairs | true (exact J >= t) | reported | both | recall | precision | posts/s |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    let mut index = DuplicateIndex::with_max_posts(1);
    let mut notes = Vec::new();
    // The default last: the edits below are measured on it.
    for estimate_only in [true, false] {
        index = DuplicateIndex::with_max_posts(usize::MAX / 4);
        if estimate_only {
            index = index.estimate_only();
        }
        let started = std::time::Instant::now();
        for p in &corpus {
            index.insert(&p.author, &p.id, &p.text, p.at);
        }
        let rate = corpus.len() as f64 / started.elapsed().as_secs_f64();
        let mode = if estimate_only {
            "MinHash estimate only"
        } else {
            "exact sketch <= 64 shingles, else estimate"
        };
        let mut found: HashSet<(u32, u32)> = HashSet::new();
        let sets_in = |members: &[(String, String)]| -> BTreeSet<u32> {
            members.iter().filter_map(|m| set_of_post.get(m).copied()).collect()
        };
        for g in index.signature_groups() {
            let s: Vec<u32> = sets_in(&g).into_iter().collect();
            for (x, &a) in s.iter().enumerate() {
                for &b in &s[x + 1..] {
                    found.insert((a.min(b), a.max(b)));
                }
            }
        }
        for (g, h) in index.linked_groups() {
            for a in sets_in(&g) {
                for b in sets_in(&h) {
                    if a != b {
                        found.insert((a.min(b), a.max(b)));
                    }
                }
            }
        }
        let hit = truth.intersection(&found).count();
        let weight = |p: &(u32, u32)| set_posts[p.0 as usize] * set_posts[p.1 as usize];
        let copies: u64 = set_posts.iter().map(|&c| c * c.saturating_sub(1) / 2).sum();
        let truth_posts: u64 = truth.iter().map(weight).sum::<u64>() + copies;
        let found_posts: u64 = found.iter().map(weight).sum::<u64>() + copies;
        let hit_posts: u64 = truth.intersection(&found).map(weight).sum::<u64>() + copies;
        let misses_near: usize = truth
            .difference(&found)
            .filter(|(a, b)| jaccard(&sets[*a as usize], &sets[*b as usize]) < SIMILARITY + 0.1)
            .count();
        let fp_near: usize = found
            .difference(&truth)
            .filter(|(a, b)| jaccard(&sets[*a as usize], &sets[*b as usize]) >= SIMILARITY - 0.1)
            .count();

        println!(
            "| {mode} | distinct texts | {} | {} | {hit} | {} | {} | {rate:.0} |",
            truth.len(),
            found.len(),
            pct(hit, truth.len()),
            pct(hit, found.len())
        );
        println!(
            "| {mode} | posts (with exact copies) | {truth_posts} | {found_posts} | {hit_posts} | {} | {} | |",
            pct(hit_posts as usize, truth_posts as usize),
            pct(hit_posts as usize, found_posts as usize)
        );
        notes.push(format!(
            "{mode}: of {} missed true pairs, {misses_near} have J < {:.1}; of {} reported false pairs, {fp_near} have J >= {:.1}",
            truth.len() - hit,
            SIMILARITY + 0.1,
            found.len() - hit,
            SIMILARITY - 0.1,
        ));
    }
    println!();
    for n in notes {
        println!("{n}");
    }
    // Edits: do they meet their original?
    let clusters = index.clusters();
    let mut cluster_of: HashMap<(String, String), usize> = HashMap::new();
    for (c, cl) in clusters.iter().enumerate() {
        for p in &cl.posts {
            cluster_of.insert((p.account.clone(), p.post_id.clone()), c);
        }
    }
    let mut by_kind: BTreeMap<EditKind, (usize, usize, usize, f64)> = BTreeMap::new();
    for e in &edits {
        let (o, c) = (&corpus[e.origin], &corpus[e.copy]);
        let j = jaccard(&shingles_of[e.origin], &shingles_of[e.copy]);
        let same = match (
            cluster_of.get(&(o.author.clone(), o.id.clone())),
            cluster_of.get(&(c.author.clone(), c.id.clone())),
        ) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        };
        let row = by_kind.entry(e.kind).or_default();
        row.0 += 1;
        row.1 += usize::from(above(j));
        row.2 += usize::from(same);
        row.3 += j;
    }
    println!("\n| generated edit | n | mean exact J to original | J >= t | clustered with original |");
    println!("|---|---:|---:|---:|---:|");
    for (k, (n, ab, same, sum)) in &by_kind {
        println!("| {k:?} | {n} | {:.3} | {} | {} |", sum / *n as f64, pct(*ab, *n), pct(*same, *n));
    }
}

fn ira_copies(ira: &[DataPost]) {
    let mut index = DuplicateIndex::with_max_posts(usize::MAX / 4);
    for p in ira {
        index.insert(&p.author, &p.id, &p.text, p.at);
    }
    let clusters: Vec<_> = index.clusters().into_iter().filter(|c| c.is_cross_account()).collect();
    let mut cluster_of: HashMap<&str, usize> = HashMap::new();
    for (c, cl) in clusters.iter().enumerate() {
        for p in &cl.posts {
            cluster_of.insert(p.post_id.as_str(), c);
        }
    }
    let mut groups: HashMap<String, Vec<&DataPost>> = HashMap::new();
    for p in ira {
        groups.entry(datasets::plain(&p.text)).or_default().push(p);
    }
    let (mut total, mut short, mut strict, mut loose) = (0, 0, 0, 0);
    let (mut own_total, mut own_found) = (0, 0);
    for (k, posts) in &groups {
        let accounts: BTreeSet<&str> = posts.iter().map(|p| p.author.as_str()).collect();
        if accounts.len() < 2 || k.is_empty() {
            continue;
        }
        if k.split(' ').count() < 6 {
            short += 1;
            continue;
        }
        total += 1;
        let ids: Vec<Option<&usize>> = posts.iter().map(|p| cluster_of.get(p.id.as_str())).collect();
        if ids.iter().all(|c| c.is_some() && *c == ids[0]) {
            strict += 1;
        }
        let mut per_cluster: HashMap<usize, BTreeSet<&str>> = HashMap::new();
        for (p, c) in posts.iter().zip(&ids) {
            if let Some(c) = c {
                per_cluster.entry(**c).or_default().insert(p.author.as_str());
            }
        }
        if per_cluster.values().any(|a| a.len() >= 2) {
            loose += 1;
        }
        // Texts that are not manual retweets ("RT @x: …"), which the index sets aside as reposts.
        if !posts.iter().any(|p| p.text.to_lowercase().contains("rt @")) {
            own_total += 1;
            if ids.iter().all(|c| c.is_some() && *c == ids[0]) {
                own_found += 1;
            }
        }
    }
    let accounts_in: BTreeSet<&str> =
        clusters.iter().flat_map(|c| c.accounts.iter().map(String::as_str)).collect();
    println!("\n## Cross-account copies in the IRA tweets\n");
    println!("Ground truth: texts equal after an independent normalisation (lower case, links dropped, letters and digits only), posted by 2+ accounts, 6+ words: {total} (and {short} shorter ones, left out)");
    println!();
    println!("| found | texts | recall |");
    println!("|---|---:|---:|");
    println!("| all its posts in one cross-account cluster | {strict} | {} |", pct(strict, total));
    println!("| two or more of its accounts in one cluster | {loose} | {} |", pct(loose, total));
    println!(
        "| all its posts in one cluster, texts without \"RT @\" only ({own_total}) | {own_found} | {} |",
        pct(own_found, own_total)
    );
    println!(
        "\nCross-account clusters found: {} ({} with edited variants), joining {} of the 64 accounts",
        clusters.len(),
        clusters.iter().filter(|c| c.variants > 1).count(),
        accounts_in.len()
    );
}

fn observations(posts: &[DataPost]) -> Vec<Observation> {
    posts
        .iter()
        .map(|p| {
            Observation::post(
                Site::X,
                Provenance { source: Source::Import, page_url: None, observed_at: p.at.unwrap_or(0) },
                Post {
                    id: p.id.clone(),
                    account_id: p.author.clone(),
                    text: p.text.clone(),
                    created: p.at.map(PostTime::exact),
                    ..Post::default()
                },
            )
        })
        .collect()
}

/// Share of accounts whose duplicate signal reaches the sign weight, through the real engine.
fn through_engine(name: &str, posts: &[DataPost]) {
    let mut engine = Engine::default();
    for batch in observations(posts).chunks(1000) {
        engine.ingest(batch);
    }
    let verdicts = engine.verdicts();
    let weights: Vec<f64> = verdicts
        .iter()
        .map(|v| {
            v.signals
                .iter()
                .filter(|s| s.kind == SignalKind::Duplicate)
                .map(|s| s.weight())
                .fold(0.0, f64::max)
        })
        .collect();
    let watch = weights.iter().filter(|w| **w >= SIGN_WEIGHT).count();
    let any = weights.iter().filter(|w| **w > 0.0).count();
    let cross = engine.cross_account().text_clusters.iter().filter(|c| c.is_cross_account()).count();
    println!(
        "| {name} | {} | {} | {cross} | {any} | {watch} | {} |",
        posts.len(),
        verdicts.len(),
        pct(watch, verdicts.len())
    );
}

fn controls(data: &std::path::Path, ira: &[DataPost]) {
    println!("\n## Accounts at watch from duplicated phrasing (strength x confidence >= {SIGN_WEIGHT}), through the engine\n");
    println!("| dataset | posts | accounts | cross-account clusters | accounts with weight > 0 | at watch | share at watch |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    through_engine("Weibo control (ordinary people)", &datasets::weibo_posts(data));
    through_engine("Airline control (ordinary people)", &datasets::airline_posts(data));
    through_engine("IRA accounts (positives)", ira);
}
