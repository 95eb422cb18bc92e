//! The two contracts against their documents: real observations (from code, from every reader's fixtures) and
//! real verdicts, clusters and page reports (from the engine) are checked against `docs/observation.schema.json`
//! and `docs/verdict.schema.json`, and every example in `docs/observations.md` and `docs/verdicts.md` must
//! deserialise into the Rust types and serialise back unchanged. So the documents cannot drift from the code.
//!
//! The schemas are checked by a small checker written here for the subset of JSON Schema 2020-12 they use
//! (`$ref` into `$defs`, `type`, `enum`, `const`, `oneOf`, `required`, `properties`, `additionalProperties`,
//! `items`, `prefixItems`, `minItems`, `maxItems`, `minimum`, `maximum`); a schema using any other keyword
//! fails the test rather than being half-checked. One rule goes beyond JSON Schema, on purpose: where a
//! schema object lists `properties` and says nothing of `additionalProperties`, a property the code emits
//! but the schema does not list is an error here (for readers of the contract, unknown properties are allowed,
//! since fields may be added within a version).

mod sentences;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use trichome::engine::{Engine, PageReport};
use trichome::import::{self, ReadOptions};
use trichome::observation::{
    AboutAccount, Account, Observation, Post, PostTime, Precision, Provenance, Record, Site, Source,
};
use trichome::sites;
use trichome::verdict::{Cluster, Level, SignalKind, Verdict};

// ---------------------------------------------------------------------------------------------------------
// The schema-subset checker

/// Keywords that only annotate.
const ANNOTATIONS: [&str; 7] = ["$schema", "$id", "$defs", "$comment", "title", "description", "examples"];
/// Keywords the checker applies.
const ASSERTIONS: [&str; 14] = [
    "$ref",
    "type",
    "enum",
    "const",
    "oneOf",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "minimum",
    "maximum",
];

struct Schema {
    name: &'static str,
    root: Value,
}

impl Schema {
    fn load(name: &'static str) -> Schema {
        let path = docs_dir().join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let root = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
        let schema = Schema { name, root };
        let mut problems = Vec::new();
        schema.lint(&schema.root, "#", &mut problems);
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
        schema
    }

    /// Every keyword known and every `$ref` resolvable, everywhere in the schema.
    fn lint(&self, node: &Value, at: &str, problems: &mut Vec<String>) {
        let Some(map) = node.as_object() else {
            if !node.is_boolean() {
                problems.push(format!("{at}: a schema must be an object or a boolean"));
            }
            return;
        };
        for (key, value) in map {
            let here = format!("{at}/{key}");
            match key.as_str() {
                "$defs" | "properties" => {
                    for (name, sub) in value.as_object().into_iter().flatten() {
                        self.lint(sub, &format!("{here}/{name}"), problems);
                    }
                }
                "oneOf" | "prefixItems" => {
                    for (i, sub) in value.as_array().into_iter().flatten().enumerate() {
                        self.lint(sub, &format!("{here}/{i}"), problems);
                    }
                }
                "items" | "additionalProperties" => self.lint(value, &here, problems),
                "$ref" => {
                    if value.as_str().and_then(|r| self.resolve(r)).is_none() {
                        problems.push(format!("{here}: unresolvable {value}"));
                    }
                }
                k if ANNOTATIONS.contains(&k) || ASSERTIONS.contains(&k) => {}
                k => problems.push(format!("{here}: keyword {k:?} is not supported by this checker")),
            }
        }
    }

    fn resolve(&self, reference: &str) -> Option<&Value> {
        let pointer = reference.strip_prefix('#')?;
        self.root.pointer(pointer)
    }

    /// The errors of `instance` against the definition at `reference` (`#` for the whole schema).
    fn errors(&self, reference: &str, instance: &Value) -> Vec<String> {
        let mut out = Vec::new();
        let node = self.resolve(reference).unwrap_or_else(|| panic!("{}: no {reference}", self.name));
        self.check(node, instance, "$", &mut out);
        out
    }

    fn assert_valid(&self, reference: &str, instance: &Value, what: &str) {
        let errors = self.errors(reference, instance);
        assert!(
            errors.is_empty(),
            "{what} does not match {}{reference}:\n  {}\n{}",
            self.name,
            errors.join("\n  "),
            serde_json::to_string_pretty(instance).unwrap()
        );
    }

    fn check(&self, schema: &Value, v: &Value, at: &str, out: &mut Vec<String>) {
        let map = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => return out.push(format!("{at}: nothing is allowed here")),
            Value::Object(map) => map,
            _ => return out.push(format!("{at}: bad schema")),
        };
        if let Some(r) = map.get("$ref").and_then(Value::as_str) {
            match self.resolve(r) {
                Some(target) => self.check(target, v, at, out),
                None => out.push(format!("{at}: unresolvable $ref {r}")),
            }
        }
        if let Some(t) = map.get("type") {
            let types: Vec<&str> = match t {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !types.iter().any(|t| has_type(v, t)) {
                out.push(format!("{at}: {} is not of type {}", short(v), types.join(" or ")));
            }
        }
        if let Some(options) = map.get("enum").and_then(Value::as_array) {
            if !options.contains(v) {
                out.push(format!("{at}: {} is not one of {}", short(v), Value::Array(options.clone())));
            }
        }
        if let Some(c) = map.get("const") {
            if c != v {
                out.push(format!("{at}: {} is not {c}", short(v)));
            }
        }
        if let Some(branches) = map.get("oneOf").and_then(Value::as_array) {
            let results: Vec<Vec<String>> = branches
                .iter()
                .map(|b| {
                    let mut e = Vec::new();
                    self.check(b, v, at, &mut e);
                    e
                })
                .collect();
            let passing = results.iter().filter(|e| e.is_empty()).count();
            if passing != 1 {
                let why: Vec<String> =
                    results.iter().enumerate().map(|(i, e)| format!("[{i}] {}", e.join("; "))).collect();
                out.push(format!(
                    "{at}: matches {passing} of the oneOf branches, not 1: {}",
                    why.join(" | ")
                ));
            }
        }
        if let Some(n) = v.as_f64() {
            if let Some(min) = map.get("minimum") {
                if number_below(v, min) {
                    out.push(format!("{at}: {n} is below the minimum {min}"));
                }
            }
            if let Some(max) = map.get("maximum") {
                if number_below(max, v) {
                    out.push(format!("{at}: {n} is above the maximum {max}"));
                }
            }
        }
        if let Some(obj) = v.as_object() {
            for key in map.get("required").and_then(Value::as_array).into_iter().flatten() {
                if let Some(k) = key.as_str() {
                    if !obj.contains_key(k) {
                        out.push(format!("{at}: required property {k:?} is missing"));
                    }
                }
            }
            let properties = map.get("properties").and_then(Value::as_object);
            for (k, value) in obj {
                let here = format!("{at}.{k}");
                match (properties.and_then(|p| p.get(k)), map.get("additionalProperties")) {
                    (Some(sub), _) => self.check(sub, value, &here, out),
                    (None, Some(extra)) => self.check(extra, value, &here, out),
                    // Beyond JSON Schema (see the module documentation): undeclared output is drift.
                    (None, None) if properties.is_some() => {
                        out.push(format!("{here}: not declared in the schema"));
                    }
                    (None, None) => {}
                }
            }
        }
        if let Some(items) = v.as_array() {
            let count = items.len() as u64;
            if map.get("minItems").and_then(Value::as_u64).is_some_and(|m| count < m) {
                out.push(format!("{at}: {count} items, fewer than minItems"));
            }
            if map.get("maxItems").and_then(Value::as_u64).is_some_and(|m| count > m) {
                out.push(format!("{at}: {count} items, more than maxItems"));
            }
            let prefix = map.get("prefixItems").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
            for (i, item) in items.iter().enumerate() {
                let here = format!("{at}[{i}]");
                match (prefix.get(i), map.get("items")) {
                    (Some(sub), _) => self.check(sub, item, &here, out),
                    (None, Some(sub)) => self.check(sub, item, &here, out),
                    (None, None) => {}
                }
            }
        }
    }
}

fn has_type(v: &Value, t: &str) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        _ => false,
    }
}

/// Whether number `a` is below number `b`, exactly for integers (bounds reach ±2⁶³ and 2⁶⁴ − 1).
fn number_below(a: &Value, b: &Value) -> bool {
    let int = |v: &Value| v.as_i64().map(i128::from).or_else(|| v.as_u64().map(i128::from));
    match (int(a), int(b)) {
        (Some(x), Some(y)) => x < y,
        _ => a.as_f64().unwrap_or(f64::NAN) < b.as_f64().unwrap_or(f64::NAN),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs")
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn observation_schema() -> Schema {
    Schema::load("observation.schema.json")
}

fn verdict_schema() -> Schema {
    Schema::load("verdict.schema.json")
}

// ---------------------------------------------------------------------------------------------------------
// Observations built in code and read from every reader's fixtures

fn seen(source: Source, at: i64) -> Provenance {
    Provenance { source, page_url: Some("https://x.com/search?q=x".into()), observed_at: at }
}

/// Observations with every field filled, with none filled, and with each precision. The full account and
/// post name every field, with no `..Default::default()`, so that a field added to the code fails to compile
/// here until it is added to the contract test, and then fails the schema until it is in the schema.
fn built_observations() -> Vec<Observation> {
    let full_account = Account {
        id: "1000".into(),
        handle: Some("meadow_lark21".into()),
        name: Some("Meadow".into()),
        created_at: Some(1_600_000_000),
        bio: Some("Gardener.".into()),
        location: Some("Austin, TX".into()),
        default_avatar: Some(false),
        followers: Some(u64::MAX),
        following: Some(0),
        posts_count: Some(12),
        verified: Some(true),
        about: Some(AboutAccount {
            based_in: Some("United States".into()),
            username_changes: Some(u32::MAX),
            last_username_change_at: Some(-1),
            source: Some("Web".into()),
        }),
    };
    let full_post = Post {
        id: "5000".into(),
        account_id: "1000".into(),
        text: "hello".into(),
        lang: Some("en".into()),
        created: Some(PostTime::exact(1_700_000_000)),
        time_text: Some("3 days ago".into()),
        client: Some("Twitter Web App".into()),
        reply_to: Some("4999".into()),
        reply_to_account: Some("999".into()),
        quote_of: Some("4000".into()),
        repost_of: Some(String::new()),
        url: Some("https://x.com/meadow_lark21/status/5000".into()),
    };
    let mut out = vec![
        Observation::account(Site::X, seen(Source::SiteJson, 1_700_003_600), full_account),
        Observation::account(
            Site::Other,
            Provenance::default(),
            Account { id: "@a".into(), ..Account::default() },
        ),
        Observation::post(Site::X, seen(Source::SiteJson, 1_700_003_600), full_post),
        Observation::post(
            Site::Youtube,
            Provenance { source: Source::Dom, page_url: None, observed_at: 0 },
            Post { id: "Ugx".into(), account_id: "@b".into(), ..Post::default() },
        ),
    ];
    for (precision, width) in [
        (Precision::Second, 0),
        (Precision::Minute, 59),
        (Precision::Day, 86_399),
        (Precision::Range, 86_400),
    ] {
        out.push(Observation::post(
            Site::Other,
            seen(Source::Import, 0),
            Post {
                id: format!("{precision:?}"),
                account_id: "c".into(),
                created: Some(PostTime { earliest: -width, latest: 0, precision }),
                ..Post::default()
            },
        ));
    }
    out
}

/// Every observation the readers make of the project's fixtures: X GraphQL, YouTube youtubei, every import
/// format.
fn fixture_observations() -> Vec<(String, Observation)> {
    let mut out = Vec::new();
    let mut read_dir = |dir: &str, url: &dyn Fn(&str) -> String| {
        let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures_dir().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                name.ends_with(".json") && !name.ends_with(".expected.json")
            })
            .collect();
        files.sort();
        for file in files {
            let name = file.file_name().unwrap().to_string_lossy().to_string();
            let body = std::fs::read_to_string(&file).unwrap();
            for o in sites::read_capture(&url(&name), &body, 1_700_000_000).observations {
                out.push((format!("{dir}/{name}"), o));
            }
        }
    };
    read_dir("x", &|_| "https://x.com/i/api/graphql/abc/UserTweets".to_string());
    read_dir("youtube", &|name| {
        if name.starts_with("browse") {
            "https://www.youtube.com/youtubei/v1/browse".to_string()
        } else if name.starts_with("initial") {
            "ytinitialdata:https://www.youtube.com/watch?v=GJLlxj_dtq8".to_string()
        } else {
            "https://www.youtube.com/youtubei/v1/next".to_string()
        }
    });
    let options = ReadOptions { observed_at: Some(1_700_000_000) };
    for name in [
        "observations.jsonl",
        "posts.csv",
        "io_archive.csv",
        "ira_author.csv",
        "ira_release.csv",
        "x_capture.json",
        "youtube_next_exchange.json",
    ] {
        let path = fixtures_dir().join("import").join(name);
        let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let input = Box::new(std::io::BufReader::new(file));
        let mut source = import::open(name, input, None, &options).unwrap_or_else(|e| panic!("{e}"));
        loop {
            let batch = import::read_batch(source.as_mut(), 1000).unwrap();
            out.extend(batch.observations.into_iter().map(|o| (format!("import/{name}"), o)));
            if batch.end {
                break;
            }
        }
    }
    out
}

#[test]
fn observations_match_the_schema() {
    let schema = observation_schema();
    let built = built_observations();
    let read = fixture_observations();
    let mut sources = BTreeSet::new();
    for (what, o) in
        built.iter().map(|o| ("built in code".to_string(), o)).chain(read.iter().map(|(w, o)| (w.clone(), o)))
    {
        let value = serde_json::to_value(o).unwrap();
        schema.assert_valid("#", &value, &what);
        sources.insert(what);
    }
    // Every reader gave something, so every reader was checked.
    assert!(sources.len() >= 15, "{sources:?}");
    assert!(read.iter().any(|(_, o)| matches!(o.record, Record::Account(_))));
    assert!(read.iter().any(|(_, o)| matches!(o.record, Record::Post(_))));
}

#[test]
fn the_checker_refuses_what_the_contract_refuses() {
    let schema = observation_schema();
    let good = serde_json::to_value(&built_observations()[2]).unwrap();
    assert!(schema.errors("#", &good).is_empty());
    let broken = |edit: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        edit(&mut v);
        v
    };
    let cases: Vec<(&str, Value)> = vec![
        ("no kind", broken(&|v| drop(v.as_object_mut().unwrap().remove("kind")))),
        ("unknown kind", broken(&|v| v["kind"] = json!("video"))),
        ("no account_id", broken(&|v| drop(v.as_object_mut().unwrap().remove("account_id")))),
        ("a number as id", broken(&|v| v["id"] = json!(5000))),
        ("an unknown site", broken(&|v| v["site"] = json!("tiktok"))),
        ("a week precision", broken(&|v| v["created"]["precision"] = json!("week"))),
        ("a fractional time", broken(&|v| v["created"]["earliest"] = json!(1.5))),
        ("an undeclared field", broken(&|v| v["likes"] = json!(3))),
        ("another version", broken(&|v| v["schema"] = json!("trichome.observation/2"))),
        ("a source without provenance", broken(&|v| v["seen"] = json!({"observed_at": 1}))),
    ];
    for (what, value) in cases {
        assert!(!schema.errors("#", &value).is_empty(), "{what} was accepted");
    }
    let verdicts = verdict_schema();
    let v = serde_json::to_value(engine_verdicts().0.first().unwrap()).unwrap();
    assert!(verdicts.errors("#", &v).is_empty());
    let mut bad = v.clone();
    bad["score"] = json!(101);
    assert!(!verdicts.errors("#", &bad).is_empty(), "score 101 was accepted");
    let mut bad = v.clone();
    bad["level"] = json!("certain");
    assert!(!verdicts.errors("#", &bad).is_empty(), "level certain was accepted");
}

// ---------------------------------------------------------------------------------------------------------
// Verdicts from the engine

const COPY: &str =
    "Western media keeps spreading lies about the region. The truth is people there live happy lives.";
const DAY: i64 = 86_400;
const START: i64 = 1_704_067_200; // 2024-01-01 00:00 UTC, a Monday

fn post(site: Site, account: &str, id: &str, text: &str, at: i64) -> Observation {
    Observation::post(
        site,
        seen(Source::SiteJson, at + 60),
        Post {
            id: id.into(),
            account_id: account.into(),
            text: text.into(),
            created: Some(PostTime::exact(at)),
            ..Post::default()
        },
    )
}

/// A scene that makes every signal and every kind of cluster speak: five new accounts created the same day
/// that copy one text and post in the same minutes day after day; an account that goes silent and comes back
/// writing another language under another name; a reader with an ordinary history; a passer-by with one post.
fn scene() -> Vec<Observation> {
    let mut batch = Vec::new();
    let words = [
        "garden", "bakery", "railway", "library", "kettle", "harbour", "meadow", "lantern", "orchard",
        "violin", "pottery", "glacier", "canyon", "tram", "festival", "chess", "quilt", "compass", "falcon",
        "marble", "cedar", "pebble", "ribbon", "saddle", "thimble", "walnut",
    ];
    for i in 0..5 {
        let id = format!("20{i}");
        batch.push(Observation::account(
            Site::X,
            seen(Source::SiteJson, START),
            Account {
                id: id.clone(),
                handle: Some(format!("liang_wei88{i:02}")),
                name: Some(format!("Wei {i}")),
                created_at: Some(START - 30 * DAY + i * 600),
                default_avatar: Some(true),
                followers: Some(0),
                following: Some(300),
                location: Some("Houston, Texas".into()),
                ..Account::default()
            },
        ));
        batch.push(post(Site::X, &id, &format!("c{i}"), COPY, START + 9 * 3600 + i * 30));
        for d in 0..25 {
            // Weekdays only, 09:xx and 14:xx Beijing time, the same minutes for all five.
            let day = START + (d / 5 * 7 + d % 5) * DAY;
            for (h, slot) in [(1, 0), (6, 1)] {
                let at = day + h * 3600 + (d * 7 % 50) * 60 + i * 5;
                let text = format!("{} {} {} {}", words[(d as usize + i as usize) % 26], words[slot], d, i);
                batch.push(post(Site::X, &id, &format!("b{i}-{d}-{slot}"), &text, at));
            }
        }
    }
    // Drift: twelve English posts, a year of silence, a new handle, twelve Chinese posts.
    let english = [
        "Lovely morning walk along the river today",
        "The bakery on Main Street has the best rye bread",
        "Watching the football with my brother tonight",
        "Anyone reading a good mystery novel lately?",
        "Finally fixed the leaking kitchen tap",
        "Our choir sings at the library on Thursday",
        "The tomatoes are ripening early this year",
        "Thinking about a trip to the coast in June",
        "My cat has decided the printer is her bed",
        "Rain again, perfect weather for soup",
        "Voting day tomorrow, remember your ID",
        "Grandma's apple pie recipe never fails",
    ];
    let chinese = [
        "西方媒体一直在散布谎言，真相是人民生活幸福。",
        "我们的发展成就举世瞩目，请不要相信谣言。",
        "新疆各族人民安居乐业，社会稳定和谐。",
        "某些国家的政客应该停止干涉别国内政。",
        "中国的经济发展给世界带来了机遇。",
        "请大家看看真实的视频，不要被误导。",
        "美国自己的问题那么多，还好意思指责别人。",
        "我们坚决反对任何形式的抹黑和污蔑。",
        "历史会证明谁是正确的，谁在说谎。",
        "和平发展是时代的主题，合作共赢是方向。",
        "这些所谓的报道完全没有事实依据。",
        "越来越多的外国朋友看到了真实的中国。",
    ];
    let old_handle = Account {
        id: "300".into(),
        handle: Some("river_walker".into()),
        name: Some("Tom".into()),
        ..Account::default()
    };
    batch.push(Observation::account(Site::X, seen(Source::SiteJson, START - 400 * DAY), old_handle));
    for (i, t) in english.iter().enumerate() {
        batch.push(post(
            Site::X,
            "300",
            &format!("e{i}"),
            t,
            START - 400 * DAY + i as i64 * 3 * DAY + 19 * 3600,
        ));
    }
    let new_handle = Account {
        id: "300".into(),
        handle: Some("zhen_xiang2024".into()),
        name: Some("真相".into()),
        ..Account::default()
    };
    batch.push(Observation::account(Site::X, seen(Source::SiteJson, START), new_handle));
    for (i, t) in chinese.iter().enumerate() {
        batch.push(post(Site::X, "300", &format!("z{i}"), t, START + i as i64 * DAY / 2 + 2 * 3600));
    }
    // An ordinary reader with eleven varied posts, and a passer-by seen once, on YouTube, by handle only.
    let reader = [
        "Just finished a long shift, the night bus was empty",
        "Does anybody still repair old radios around here?",
        "Three cheers for the volunteers cleaning the beach",
        "First snow of the winter on the hills this morning",
        "Our team lost again but the pies were excellent",
        "Learning to bake sourdough, attempt number six",
        "The museum has a new exhibition on medieval maps",
        "Cycling to work is faster than the tram these days",
        "Who else remembers the old arcade on Dock Road?",
        "Planted garlic today, fingers crossed for summer",
        "Quiet Sunday with a pot of tea and the crossword",
    ];
    for (i, t) in reader.iter().enumerate() {
        batch.push(post(
            Site::X,
            "@reader",
            &format!("r{i}"),
            t,
            START - 40 * DAY + i as i64 * 2 * DAY + 20 * 3600,
        ));
    }
    batch.push(post(
        Site::Youtube,
        "@passer_by",
        "UgzPasser",
        "Thanks for the video, very clear explanation.",
        START,
    ));
    batch
}

/// The scene's verdicts and page report.
fn engine_verdicts() -> (Vec<Verdict>, PageReport) {
    let mut engine = Engine::default();
    engine.ingest(&scene());
    (engine.verdicts(), engine.page_report())
}

#[test]
fn verdicts_clusters_and_page_reports_match_the_schema() {
    let schema = verdict_schema();
    let (verdicts, report) = engine_verdicts();
    let mut kinds = BTreeSet::new();
    let mut levels = BTreeSet::new();
    for v in &verdicts {
        let what = format!("the verdict on {}:{}", v.site.as_str(), v.account.id);
        schema.assert_valid("#", &serde_json::to_value(v).unwrap(), &what);
        kinds.extend(v.signals.iter().map(|s| s.kind));
        levels.insert(v.level);
    }
    for c in &report.clusters {
        schema.assert_valid(
            "#/$defs/cluster",
            &serde_json::to_value(c).unwrap(),
            &format!("cluster {}", c.id),
        );
    }
    schema.assert_valid("#/$defs/page_report", &serde_json::to_value(&report).unwrap(), "the page report");
    // The scene must make every evidence shape appear, or the schema's shapes went unchecked.
    let all = [SignalKind::Drift, SignalKind::Duplicate, SignalKind::Timing, SignalKind::Identity];
    assert_eq!(kinds, all.into_iter().collect(), "signal kinds seen");
    let cluster_kinds: BTreeSet<String> = report
        .clusters
        .iter()
        .map(|c| serde_json::to_value(c.kind).unwrap().as_str().unwrap().to_string())
        .collect();
    assert_eq!(cluster_kinds.len(), 3, "cluster kinds seen: {cluster_kinds:?}");
    assert_eq!(levels.len(), 4, "levels seen: {levels:?}");
}

/// The core's sentences as message ids (issue #15): on the scene, the verdicts/md examples and every
/// reader's fixtures, every summary (signals of each kind, clusters of each kind, unknown lines, badge
/// reasons) is its message rendered with the en locale, and every id is in all three locales.
#[test]
fn every_summary_is_its_message_in_the_en_locale() {
    let mut kinds = BTreeSet::new();
    let mut cluster_kinds = BTreeSet::new();
    let mut unknowns = 0;
    let fixtures: Vec<Observation> = fixture_observations().into_iter().map(|(_, o)| o).collect();
    for batch in [scene(), example_scene(), fixtures] {
        let mut engine = Engine::default();
        engine.ingest(&batch);
        kinds.extend(sentences::check(&engine));
        cluster_kinds.extend(engine.page_report().clusters.iter().map(|c| c.kind));
        unknowns += engine.verdicts().iter().map(|v| v.unknowns.len()).sum::<usize>();
    }
    assert_eq!(kinds.len(), 4, "signal kinds seen: {kinds:?}");
    assert_eq!(cluster_kinds.len(), 3, "cluster kinds seen: {cluster_kinds:?}");
    assert!(unknowns > 0, "no unknown line was checked");
}

/// History stored without texts gives every account of the scene the same verdict after a restore: level,
/// score, and each signal's strength and confidence (only copied texts' evidence then says "(text not kept)").
#[test]
fn verdicts_survive_history_stored_without_texts() {
    let mut engine = Engine::default();
    engine.ingest(&scene());
    let stored = engine.snapshot(0, 64 << 20, false);
    let mut restored = Engine::default();
    restored.restore(&stored).expect("restores");
    let schema = verdict_schema();
    let (before, after) = (engine.verdicts(), restored.verdicts());
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        let what = format!("{}:{}", b.site.as_str(), b.account.id);
        assert_eq!((b.level, b.score, &b.clusters), (a.level, a.score, &a.clusters), "{what}");
        let strengths =
            |v: &Verdict| v.signals.iter().map(|s| (s.kind, s.strength, s.confidence)).collect::<Vec<_>>();
        assert_eq!(strengths(b), strengths(a), "{what}");
        schema.assert_valid("#", &serde_json::to_value(a).unwrap(), &what);
    }
}

// ---------------------------------------------------------------------------------------------------------
// The documents' examples

/// The fenced ```json blocks of a document (each one value) and the lines of its ```jsonl blocks, each with
/// the line it starts on.
fn examples(document: &str) -> Vec<(usize, Value)> {
    let path = docs_dir().join(document);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    let mut block: Option<(&str, usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        match &mut block {
            None => {
                let fence = line.trim_start();
                if fence == "```json" || fence == "```jsonl" {
                    block = Some((if fence == "```json" { "json" } else { "jsonl" }, n + 1, String::new()));
                }
            }
            Some((kind, start, body)) => {
                if line.trim_start() == "```" {
                    if *kind == "json" {
                        let v = serde_json::from_str(body)
                            .unwrap_or_else(|e| panic!("{document}:{start}: not JSON: {e}"));
                        out.push((*start, v));
                    }
                    block = None;
                } else if *kind == "jsonl" {
                    if !line.trim().is_empty() {
                        let v = serde_json::from_str(line)
                            .unwrap_or_else(|e| panic!("{document}:{n}: not a JSON line: {e}"));
                        out.push((n, v));
                    }
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    assert!(block.is_none(), "{document}: an unclosed code block");
    out
}

/// Deserialises an example into `T` and requires everything it says to survive serialising back: an example
/// with a field the code would drop (a misspelt name), a null it would omit, or a value it would change fails.
/// Defaults the code adds (`schema`, `seen`, `text`) are allowed.
fn round_trips<T: serde::de::DeserializeOwned + serde::Serialize>(v: &Value, at: &str) -> T {
    round_trips_by(v, at, |v| serde_json::from_value(v.clone()).map_err(|e| e.to_string()))
}

/// [`round_trips`] with the type's own reader (observations are read by hand, not by serde).
fn round_trips_by<T: serde::Serialize>(v: &Value, at: &str, read: impl Fn(&Value) -> Result<T, String>) -> T {
    let typed: T = read(v).unwrap_or_else(|e| panic!("{at}: does not deserialise: {e}"));
    let back = serde_json::to_value(&typed).unwrap();
    if let Err(path) = contained(v, &back, "$") {
        panic!("{at}: {path} does not survive deserialising and serialising back:\n{back:#}");
    }
    typed
}

/// Whether everything `example` says is in `back`, unchanged.
fn contained(example: &Value, back: &Value, at: &str) -> Result<(), String> {
    match (example, back) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let here = format!("{at}.{k}");
                contained(v, b.get(k).ok_or_else(|| here.clone())?, &here)?;
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().try_for_each(|(i, (x, y))| contained(x, y, &format!("{at}[{i}]")))
        }
        (a, b) if a == b => Ok(()),
        _ => Err(at.to_string()),
    }
}

#[test]
fn every_observation_example_is_a_valid_observation() {
    let schema = observation_schema();
    let found = examples("observations.md");
    assert!(found.len() >= 3, "observations.md has {} examples", found.len());
    let mut kinds = BTreeSet::new();
    for (line, v) in &found {
        let at = format!("observations.md:{line}");
        let o = round_trips_by(v, &at, |v| {
            trichome::observation::read::from_str(&v.to_string()).map_err(|e| e.to_string())
        });
        schema.assert_valid("#", v, &at);
        kinds.insert(matches!(o.record, Record::Account(_)));
    }
    assert_eq!(kinds.len(), 2, "observations.md must show an account and a post");
}

#[test]
fn every_verdict_example_is_a_valid_verdict() {
    let schema = verdict_schema();
    let found = examples("verdicts.md");
    let mut levels = Vec::new();
    for (line, v) in &found {
        let at = format!("verdicts.md:{line}");
        if v.get("schema").is_some() {
            let verdict: Verdict = round_trips(v, &at);
            schema.assert_valid("#", v, &at);
            levels.push(verdict.level);
        } else if v.get("members").is_some() {
            round_trips::<Cluster>(v, &at);
            schema.assert_valid("#/$defs/cluster", v, &at);
        } else if v.get("levels").is_some() {
            round_trips::<PageReport>(v, &at);
            schema.assert_valid("#/$defs/page_report", v, &at);
        } else {
            panic!("{at}: neither a verdict, a cluster nor a page report");
        }
    }
    assert!(levels.contains(&Level::Watch), "verdicts.md must show a watch verdict");
    assert!(
        levels.iter().any(|l| matches!(l, Level::None | Level::Insufficient)),
        "verdicts.md must show a none or insufficient verdict"
    );
}

/// Whether a document names a field in code: `name`, `name[]…` or `name.…`.
fn names_field(document: &str, name: &str) -> bool {
    ["`", "[", "."].iter().any(|after| document.contains(&format!("`{name}{after}")))
}

#[test]
fn every_field_is_named_in_the_documents() {
    let observations = std::fs::read_to_string(docs_dir().join("observations.md")).unwrap();
    let verdicts = std::fs::read_to_string(docs_dir().join("verdicts.md")).unwrap();
    let o = observation_schema();
    let v = verdict_schema();
    let names = |schema: &Schema, pointer: &str| -> Vec<String> {
        schema
            .resolve(pointer)
            .and_then(|n| n.get("properties"))
            .and_then(Value::as_object)
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let mut missing = Vec::new();
    for pointer in [
        "#/$defs/account_observation",
        "#/$defs/post_observation",
        "#/$defs/provenance",
        "#/$defs/about",
        "#/$defs/post_time",
    ] {
        for name in names(&o, pointer) {
            if !names_field(&observations, &name) {
                missing.push(format!("observations.md: `{name}` ({pointer})"));
            }
        }
    }
    for pointer in [
        "#/$defs/verdict",
        "#/$defs/account_ref",
        "#/$defs/signal_common",
        "#/$defs/cluster_common",
        "#/$defs/page_report",
        "#/$defs/ingest_stats",
    ] {
        for name in names(&v, pointer) {
            if !names_field(&verdicts, &name) {
                missing.push(format!("verdicts.md: `{name}` ({pointer})"));
            }
        }
    }
    for kind in [
        "duplicate_signal",
        "timing_signal",
        "drift_signal",
        "identity_signal",
        "duplicate_text_cluster",
        "synchronised_burst_cluster",
        "creation_batch_cluster",
    ] {
        let pointer = format!("#/$defs/{kind}/properties/evidence");
        for name in names(&v, &pointer) {
            if !names_field(&verdicts, &name) {
                missing.push(format!("verdicts.md: evidence `{name}` ({kind})"));
            }
        }
    }
    assert!(missing.is_empty(), "fields the documents do not name:\n{}", missing.join("\n"));
}

// ---------------------------------------------------------------------------------------------------------
// The examples of docs/verdicts.md, printed from the engine:
// `cargo test --test contract -- --ignored --nocapture print_verdict_examples`

/// Three channels post one comment within a day, seen as YouTube shows it ("2 days ago"); a fourth account
/// posts twice on X.
fn example_scene() -> Vec<Observation> {
    let observed = 1_717_243_200; // 2024-06-01 12:00 UTC
    let comment =
        "This documentary is completely one-sided. Anyone who has actually visited knows the region is \
                   peaceful, modern and prosperous. Stop the propaganda!";
    let page = "https://www.youtube.com/watch?v=GJLlxj_dtq8";
    let mut batch = Vec::new();
    for (i, (channel, handle, ago)) in [
        ("UCq3Xb1mZkP0rT7yVw2sLd9A", "truthseeker_8841", 2),
        ("UC7hN4cF0aJx1eQ9uKs3pRtB", "peacelover1990", 2),
        ("UCz0Lm5vB8nY2wXq4cDk7HjE", "globalfriend_2271", 1),
    ]
    .into_iter()
    .enumerate()
    {
        let seen =
            Provenance { source: Source::SiteJson, page_url: Some(page.into()), observed_at: observed };
        let account = Account {
            id: channel.into(),
            handle: Some(handle.into()),
            default_avatar: Some(false),
            verified: Some(false),
            ..Account::default()
        };
        batch.push(Observation::account(Site::Youtube, seen.clone(), account));
        let id = format!("UgxK{i}b9mQ2vT7cLw4AaABAg");
        batch.push(Observation::post(
            Site::Youtube,
            seen,
            Post {
                id: id.clone(),
                account_id: channel.into(),
                text: comment.into(),
                created: Some(PostTime {
                    earliest: observed - (ago + 1) * DAY,
                    latest: observed - ago * DAY,
                    precision: Precision::Range,
                }),
                reply_to: Some("GJLlxj_dtq8".into()),
                reply_to_account: Some("UCiDJtJKMICpb9B1qf7qjEOA".into()),
                url: Some(format!("{page}&lc={id}")),
                ..Post::default()
            },
        ));
    }
    let seen = Provenance {
        source: Source::Dom,
        page_url: Some("https://x.com/home".into()),
        observed_at: observed,
    };
    batch.push(Observation::account(
        Site::X,
        seen.clone(),
        Account {
            id: "@Marta_Reads".into(),
            handle: Some("Marta_Reads".into()),
            name: Some("Marta".into()),
            ..Account::default()
        },
    ));
    for (id, text, at) in [
        (
            "1796958000000000001",
            "Finished the new translation of Dostoevsky, the footnotes alone are worth it.",
            observed - 5_000,
        ),
        ("1796958000000000002", "Library book sale on Saturday, bring your own bag!", observed - 90_000),
    ] {
        batch.push(Observation::post(
            Site::X,
            seen.clone(),
            Post {
                id: id.into(),
                account_id: "@Marta_Reads".into(),
                text: text.into(),
                lang: Some("en".into()),
                created: Some(PostTime::exact(at)),
                url: Some(format!("https://x.com/Marta_Reads/status/{id}")),
                ..Post::default()
            },
        ));
    }
    batch
}

#[test]
#[ignore = "prints the examples of docs/verdicts.md"]
fn print_verdict_examples() {
    let mut engine = Engine::default();
    engine.ingest(&example_scene());
    for v in engine.verdicts() {
        println!("{}\n", serde_json::to_string_pretty(&v).unwrap());
    }
    println!("{}", serde_json::to_string_pretty(&engine.page_report()).unwrap());
    let mut engine = Engine::default();
    engine.ingest(&scene());
    for v in engine.verdicts() {
        let kinds: Vec<String> =
            v.signals.iter().map(|s| format!("{:?} {:.2}×{:.2}", s.kind, s.strength, s.confidence)).collect();
        println!("{} {} {:?} {} {kinds:?}", v.site.as_str(), v.account.id, v.level, v.score);
    }
    for c in &engine.page_report().clusters {
        println!("{}\n", serde_json::to_string_pretty(c).unwrap());
    }
}

/// The worked examples of the level rule in `docs/verdicts.md` (the table after "Examples (weight = …"), each
/// row run through `verdict::combine`: the document's level and score must be the code's.
#[test]
fn the_level_rule_examples_are_what_combine_says() {
    use trichome::verdict::{combine, Signal};
    let document = std::fs::read_to_string(docs_dir().join("verdicts.md")).unwrap();
    let table =
        document.split("Examples (weight = strength × confidence):").nth(1).expect("the examples table");
    let rows: Vec<&str> = table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .collect();
    assert!(rows.len() >= 6, "{rows:?}");
    for row in rows {
        let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
        let (what, outcome) = (cells[0], cells[1]);
        let mut signals = Vec::new();
        if !what.starts_with("none") {
            for part in what.split(" + ") {
                let mut words = part.split_whitespace();
                let kind: SignalKind = serde_json::from_value(json!(words.next().unwrap()))
                    .unwrap_or_else(|e| panic!("{row}: {e}"));
                let weight: f64 =
                    words.next().and_then(|w| w.parse().ok()).unwrap_or_else(|| panic!("{row}"));
                signals.push(Signal {
                    kind,
                    strength: weight,
                    confidence: 1.0,
                    summary: String::new(),
                    message: Default::default(),
                    evidence: trichome::verdict::evidence::Evidence::None,
                });
            }
        }
        let held = what.split_whitespace().collect::<Vec<_>>();
        let enough = held
            .windows(3)
            .find(|w| w[1] == "posts" && w[2] == "held")
            .is_none_or(|w| w[0].trim_start_matches(',').parse::<usize>().unwrap() >= 10);
        let (level, score) = combine(&signals, enough);
        assert_eq!(outcome, format!("{} ({score})", level.as_str()), "verdicts.md: {row}");
    }
}
