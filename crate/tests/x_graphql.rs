//! The X GraphQL reader against real captures (../shared/data/x/graphql, skipped when absent) and against
//! our own small fixtures (tests/fixtures/x), plus garbage that must give warnings, never a panic.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use trichome::observation::{Account, Post, PostTime, Reading, Record, Site, Source};
use trichome::sites::x::read_graphql;

// ---------------------------------------------------------------------------------------------------------
// Helpers

fn data_dir() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(dir) = std::env::var("TRICHOME_DATA") {
        candidates.push(PathBuf::from(dir));
    }
    candidates.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"));
    candidates.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    candidates.push(PathBuf::from("/work/shared/data"));
    let found = candidates.into_iter().find(|dir| dir.join("x/graphql").is_dir());
    if found.is_none() {
        println!("skipping: ../shared/data not found");
    }
    found
}

/// Every capture under x/graphql/<generation>/, as (`generation/file`, path); licences and `__meta` skipped.
fn captures(data: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for generation in std::fs::read_dir(data.join("x/graphql")).unwrap() {
        let generation = generation.unwrap().path();
        if !generation.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&generation).unwrap() {
            let file = file.unwrap().path();
            let name = file.file_name().unwrap().to_string_lossy().to_string();
            if !name.ends_with(".json") || name.starts_with("__") || name.starts_with("LICENSE") {
                continue;
            }
            let label = format!("{}/{name}", generation.file_name().unwrap().to_string_lossy());
            out.push((label, file));
        }
    }
    out.sort();
    out
}

fn read_capture(data: &Path, label: &str) -> Reading {
    let body = std::fs::read_to_string(data.join("x/graphql").join(label)).unwrap();
    read_graphql(&body, Some("https://x.com/i/api/graphql/q/Op"), 1_786_000_000)
}

fn read_fixture(name: &str) -> Reading {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/x").join(name);
    let body = std::fs::read_to_string(&path).unwrap();
    read_graphql(&body, Some("https://x.com/home"), 1_786_000_000)
}

fn accounts(reading: &Reading) -> Vec<&Account> {
    reading
        .observations
        .iter()
        .filter_map(|o| match &o.record {
            Record::Account(a) => Some(a),
            Record::Post(_) => None,
        })
        .collect()
}

fn posts(reading: &Reading) -> Vec<&Post> {
    reading
        .observations
        .iter()
        .filter_map(|o| match &o.record {
            Record::Post(p) => Some(p),
            Record::Account(_) => None,
        })
        .collect()
}

fn account<'r>(reading: &'r Reading, id: &str) -> &'r Account {
    let found: Vec<_> = accounts(reading).into_iter().filter(|a| a.id == id).collect();
    assert_eq!(found.len(), 1, "account {id} should be there exactly once");
    found[0]
}

fn post<'r>(reading: &'r Reading, id: &str) -> &'r Post {
    let found: Vec<_> = posts(reading).into_iter().filter(|p| p.id == id).collect();
    assert_eq!(found.len(), 1, "post {id} should be there exactly once");
    found[0]
}

/// The counting method the reader is checked against, deliberately simpler and keyed differently: the reader
/// follows the keys that carry results (`tweet_results`, `user_results`, …) and reads fields; this ignores
/// keys and counts distinct `rest_id`s of any object typed `Tweet` that has a `legacy` part, and of any object
/// typed `User` (or untyped under a `*user*` key) with a `rest_id`.
fn naive_counts(root: &Value) -> (usize, usize) {
    fn visit(value: &Value, parent_key: &str, users: &mut BTreeSet<String>, tweets: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                let typename = map.get("__typename").and_then(Value::as_str);
                if let Some(Value::String(id)) = map.get("rest_id") {
                    let untyped_user = typename.is_none()
                        && parent_key == "result"
                        && map.contains_key("legacy")
                        && map["legacy"].get("screen_name").is_some();
                    if typename == Some("User") || untyped_user {
                        users.insert(id.clone());
                    }
                    if typename == Some("Tweet") && map.get("legacy").is_some_and(Value::is_object) {
                        tweets.insert(id.clone());
                    }
                }
                for (key, child) in map {
                    visit(child, key, users, tweets);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| visit(item, parent_key, users, tweets)),
            _ => {}
        }
    }
    let (mut users, mut tweets) = (BTreeSet::new(), BTreeSet::new());
    visit(root, "", &mut users, &mut tweets);
    (users.len(), tweets.len())
}

// ---------------------------------------------------------------------------------------------------------
// Real captures

/// (capture, accounts, posts, warnings). Computed once, independently of the reader, by this Python script
/// (run with `python3 count.py */*.json` in shared/data/x/graphql), which follows keys rather than types:
///
/// ```python
/// import json, sys
/// def carrier(k): return k in ('user', 'user_result_by_screen_name') or k.endswith(('_results', '_result'))
/// def b(v, tw, us):
///     if isinstance(v, dict):
///         for k, x in v.items():
///             if carrier(k):
///                 for c in (x if isinstance(x, list) else [x]):
///                     r = c.get('result') if isinstance(c, dict) else None
///                     if isinstance(r, dict):
///                         if r.get('__typename') == 'TweetWithVisibilityResults': r = r.get('tweet') or {}
///                         if r.get('__typename') == 'Tweet' and 'legacy' in r: tw.add(r['rest_id'])
///                         if r.get('__typename') == 'User' and 'rest_id' in r: us.add(r['rest_id'])
///             b(x, tw, us)
///     elif isinstance(v, list):
///         for x in v: b(x, tw, us)
/// for f in sys.argv[1:]:
///     tw, us = set(), set(); b(json.load(open(f)), tw, us); print(f, len(us), len(tw))
/// ```
///
/// The one warning is a suspended account mentioned in another account's affiliate label.
const CAPTURE_COUNTS: &[(&str, usize, usize, usize)] = &[
    ("2025-legacy/raw_followers.json", 70, 0, 0),
    ("2025-legacy/raw_following.json", 60, 0, 0),
    ("2025-legacy/raw_search.json", 14, 11, 0),
    ("2025-legacy/raw_tweet_details.json", 8, 11, 0),
    ("2025-legacy/raw_user_by_login.json", 1, 0, 0),
    ("2025-legacy/raw_user_tweets.json", 12, 35, 0),
    ("2025-legacy/raw_user_tweets_and_replies.json", 9, 33, 0),
    ("2025-legacy/raw_verified_followers.json", 20, 0, 1),
    ("2026-current/raw_followers.json", 69, 0, 0),
    ("2026-current/raw_following.json", 60, 0, 0),
    ("2026-current/raw_search.json", 20, 25, 0),
    ("2026-current/raw_tweet_details.json", 31, 37, 0),
    ("2026-current/raw_user_about.json", 1, 0, 0),
    ("2026-current/raw_user_by_login.json", 1, 0, 0),
    ("2026-current/raw_user_tweets.json", 19, 41, 0),
    ("2026-current/raw_user_tweets_and_replies.json", 16, 39, 0),
    ("2026-current/raw_verified_followers.json", 21, 0, 0),
    ("2026-transitional/s4_usertweets_nasa.json", 6, 26, 0),
];

#[test]
fn every_capture_gives_the_independently_counted_accounts_and_posts() {
    let Some(data) = data_dir() else { return };
    let all = captures(&data);
    assert!(!all.is_empty(), "no captures under {}", data.display());
    let table: BTreeMap<_, _> = CAPTURE_COUNTS.iter().map(|(f, a, p, w)| (*f, (*a, *p, *w))).collect();
    for (label, path) in &all {
        let body = std::fs::read_to_string(path).unwrap();
        let reading = read_graphql(&body, None, 0);
        let got = (reading.account_count(), reading.post_count());
        let root: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(got, naive_counts(&root), "{label}: (accounts, posts) against the naive type count");
        // Captures not in the table (added later) are still held to the naive count above.
        if let Some(&(want_accounts, want_posts, want_warnings)) = table.get(label.as_str()) {
            assert_eq!(
                got,
                (want_accounts, want_posts),
                "{label}: (accounts, posts) against the Python count"
            );
            assert_eq!(reading.warnings.len(), want_warnings, "{label}: {:?}", reading.warnings);
        }
        for observation in &reading.observations {
            assert_eq!(observation.site, Site::X, "{label}");
            assert_eq!(observation.seen.source, Source::SiteJson, "{label}");
        }
        println!("{label}: {} accounts, {} posts, {} warnings", got.0, got.1, reading.warnings.len());
    }
    for label in table.keys() {
        assert!(all.iter().any(|(l, _)| l == label), "{label} is in the table but not in the data");
    }
}

/// A post as X's raw JSON states it, checked field by field (values read off the files by hand/Python).
struct PostSample {
    file: &'static str,
    id: &'static str,
    account_id: &'static str,
    text_starts: &'static str,
    lang: &'static str,
    created: i64,
    client: &'static str,
    reply_to: Option<(&'static str, &'static str)>,
    url: &'static str,
}

const POST_SAMPLES: &[PostSample] = &[
    PostSample {
        file: "2025-legacy/raw_search.json",
        id: "1897829000463925287",
        account_id: "",
        text_starts: "@rSanti97 You don't need 50 points, you only need ",
        lang: "en",
        created: 1_741_312_668,
        client: "Twitter for Android",
        reply_to: Some(("1897717635401597042", "2402225466")),
        url: "https://x.com/RPShah_econ/status/1897829000463925287",
    },
    PostSample {
        file: "2025-legacy/raw_tweet_details.json",
        id: "1649191520250245121",
        account_id: "2244994945",
        text_starts: "Today, we are deprecating our Premium v1.1 API, in",
        lang: "en",
        created: 1_682_032_873,
        client: "Twitter Web App",
        reply_to: None,
        url: "https://x.com/XDevelopers/status/1649191520250245121",
    },
    PostSample {
        file: "2025-legacy/raw_user_tweets.json",
        id: "1851463451929186504",
        account_id: "2244994945",
        text_starts: "We are changing our Self Serve X API with new pric",
        lang: "en",
        created: 1_730_258_260,
        client: "Twitter Web App",
        reply_to: None,
        url: "https://x.com/XDevelopers/status/1851463451929186504",
    },
    PostSample {
        file: "2025-legacy/raw_user_tweets_and_replies.json",
        id: "1878896915334770918",
        account_id: "2244994945",
        text_starts: "@suhemparack 🥳",
        lang: "qme",
        created: 1_736_798_907,
        client: "Twitter for iPhone",
        reply_to: Some(("1878891746349990073", "857699969263964161")),
        url: "https://x.com/XDevelopers/status/1878896915334770918",
    },
    PostSample {
        file: "2026-transitional/s4_usertweets_nasa.json",
        id: "2081860978694594863",
        account_id: "11348282",
        text_starts: "The Andromeda galaxy isn't making stars like it us",
        lang: "en",
        created: 1_785_189_311,
        client: "Sprinklr",
        reply_to: None,
        url: "https://x.com/NASA/status/2081860978694594863",
    },
    PostSample {
        file: "2026-transitional/s4_usertweets_nasa.json",
        id: "2080659777625997672",
        account_id: "11348282",
        text_starts: "Scientists still have a lot to learn about dark ma",
        lang: "en",
        created: 1_784_902_922,
        client: "Sprinklr",
        reply_to: Some(("2080659774136291424", "11348282")),
        url: "https://x.com/NASA/status/2080659777625997672",
    },
    PostSample {
        file: "2026-current/raw_search.json",
        id: "2071385784154759468",
        account_id: "44196397",
        text_starts: "@aaronburnett Truly massive gains will come in ~3 ",
        lang: "en",
        created: 1_782_691_830,
        client: "Twitter for iPhone",
        reply_to: Some(("2071324616300138763", "331865640")),
        url: "https://x.com/elonmusk/status/2071385784154759468",
    },
    PostSample {
        file: "2026-current/raw_tweet_details.json",
        id: "1664148856903446528",
        account_id: "2891703266",
        text_starts: "@TwitterDev My Twitter developer account was at th",
        lang: "en",
        created: 1_685_598_980,
        client: "Twitter Web App",
        reply_to: Some(("1649191520250245121", "2244994945")),
        url: "https://x.com/DamuKonTan/status/1664148856903446528",
    },
    PostSample {
        file: "2026-current/raw_user_tweets.json",
        id: "2082640276389249363",
        account_id: "2244994945",
        text_starts: "Get started with the Chat XDK\nhttps://t.co/uD4EXaD",
        lang: "en",
        created: 1_785_375_110,
        client: "Twitter Web App",
        reply_to: Some(("2082640274845811115", "2244994945")),
        url: "https://x.com/XDevelopers/status/2082640276389249363",
    },
    PostSample {
        file: "2026-current/raw_user_tweets_and_replies.json",
        id: "2079319709330423928",
        account_id: "1716450569358098432",
        text_starts: "test test test",
        lang: "et",
        created: 1_784_583_425,
        client: "Twitter Web App",
        reply_to: None,
        url: "https://x.com/taycaldwell/status/2079319709330423928",
    },
];

#[test]
fn sampled_posts_of_every_generation_read_as_x_states_them() {
    let Some(data) = data_dir() else { return };
    for sample in POST_SAMPLES {
        let reading = read_capture(&data, sample.file);
        let p = post(&reading, sample.id);
        let at = format!("{} {}", sample.file, sample.id);
        if !sample.account_id.is_empty() {
            assert_eq!(p.account_id, sample.account_id, "{at}");
        }
        assert!(p.text.starts_with(sample.text_starts), "{at}: {:?}", p.text);
        assert_eq!(p.lang.as_deref(), Some(sample.lang), "{at}");
        assert_eq!(p.created, Some(PostTime::exact(sample.created)), "{at}");
        assert_eq!(p.client.as_deref(), Some(sample.client), "{at}");
        assert_eq!(p.reply_to.as_deref(), sample.reply_to.map(|r| r.0), "{at}");
        assert_eq!(p.reply_to_account.as_deref(), sample.reply_to.map(|r| r.1), "{at}");
        assert_eq!(p.url.as_deref(), Some(sample.url), "{at}");
    }
}

/// An account as X's raw JSON states it: (file, id, handle, name, followers, following, posts, created).
type AccountSample = (&'static str, &'static str, &'static str, &'static str, u64, u64, u64, i64);

const ACCOUNT_SAMPLES: &[AccountSample] = &[
    (
        "2025-legacy/raw_followers.json",
        "1616659770403872768",
        "michael23450249",
        "michaelhudspeth",
        93,
        57,
        109,
        1_674_276_730,
    ),
    ("2025-legacy/raw_following.json", "358156150", "Gitarre3", "Gitarre3", 6247, 397, 69239, 1_313_760_850),
    (
        "2025-legacy/raw_search.json",
        "968896276493426688",
        "TheGadfly21",
        "Socrates",
        173,
        557,
        3150,
        1_519_837_848,
    ),
    (
        "2025-legacy/raw_tweet_details.json",
        "1638383111540015105",
        "therealmck3nzie",
        "McKenzie Girl",
        1160,
        867,
        26089,
        1_679_455_966,
    ),
    (
        "2025-legacy/raw_user_by_login.json",
        "2244994945",
        "XDevelopers",
        "Developers",
        700_242,
        746,
        4079,
        1_386_995_755,
    ),
    (
        "2025-legacy/raw_user_tweets.json",
        "2347355456",
        "tapshah21",
        "Tapan Shah",
        1145,
        145,
        261,
        1_392_579_939,
    ),
    (
        "2025-legacy/raw_user_tweets_and_replies.json",
        "2244994945",
        "XDevelopers",
        "Developers",
        700_242,
        746,
        4079,
        1_386_995_755,
    ),
    (
        "2025-legacy/raw_verified_followers.json",
        "1137892568010776576",
        "lzngod",
        "LZN",
        8,
        245,
        139,
        1_560_129_704,
    ),
    (
        "2026-transitional/s4_usertweets_nasa.json",
        "11348282",
        "NASA",
        "NASA",
        92_219_437,
        119,
        74261,
        1_198_095_632,
    ),
    (
        "2026-current/raw_followers.json",
        "2085371120388030464",
        "TeresaBetthdy",
        "Teresa Bettin",
        3,
        68,
        0,
        1_786_026_293,
    ),
    (
        "2026-current/raw_following.json",
        "2907774137",
        "archillect",
        "Archillect",
        2_649_654,
        1,
        424_388,
        1_417_874_865,
    ),
    ("2026-current/raw_search.json", "140668859", "greentheonly", "green", 89353, 0, 43981, 1_273_116_324),
    (
        "2026-current/raw_tweet_details.json",
        "2891703266",
        "DamuKonTan",
        "Damu•Kon•Tan",
        1,
        30,
        4,
        1_415_246_566,
    ),
    (
        "2026-current/raw_user_by_login.json",
        "2244994945",
        "XDevelopers",
        "Developers",
        695_695,
        762,
        4319,
        1_386_995_755,
    ),
    (
        "2026-current/raw_user_tweets.json",
        "2244994945",
        "XDevelopers",
        "Developers",
        695_695,
        762,
        4319,
        1_386_995_755,
    ),
    (
        "2026-current/raw_user_tweets_and_replies.json",
        "1944199676497981440",
        "agno_three",
        "Vardhan Agnihotri",
        2092,
        369,
        285,
        1_752_368_306,
    ),
    (
        "2026-current/raw_verified_followers.json",
        "1285903428",
        "sunfixer",
        "SunFixer",
        97,
        662,
        2443,
        1_363_870_749,
    ),
];

#[test]
fn sampled_accounts_of_every_generation_read_as_x_states_them() {
    let Some(data) = data_dir() else { return };
    for &(file, id, handle, name, followers, following, posts_count, created) in ACCOUNT_SAMPLES {
        let reading = read_capture(&data, file);
        let a = account(&reading, id);
        let at = format!("{file} {id}");
        assert_eq!(a.handle.as_deref(), Some(handle), "{at}");
        assert_eq!(a.name.as_deref(), Some(name), "{at}");
        assert_eq!(a.followers, Some(followers), "{at}");
        assert_eq!(a.following, Some(following), "{at}");
        assert_eq!(a.posts_count, Some(posts_count), "{at}");
        assert_eq!(a.created_at, Some(created), "{at}");
    }
}

#[test]
fn profile_fields_read_in_each_schema() {
    let Some(data) = data_dir() else { return };
    let bio = "The voice of the X Dev team and your official source for updates, news, and events, related to the X API.";
    for file in ["2025-legacy/raw_user_by_login.json", "2026-current/raw_user_by_login.json"] {
        let reading = read_capture(&data, file);
        let a = account(&reading, "2244994945");
        assert_eq!(a.bio.as_deref(), Some(bio), "{file}");
        assert_eq!(a.location.as_deref(), Some("127.0.0.1"), "{file}");
        assert_eq!(a.verified, Some(true), "{file}: is_blue_verified");
        assert_eq!(a.default_avatar, Some(false), "{file}");
        assert_eq!(a.about, None, "{file}");
    }
    let nasa = read_capture(&data, "2026-transitional/s4_usertweets_nasa.json");
    let a = account(&nasa, "11348282");
    assert_eq!(a.location.as_deref(), Some("Pale Blue Dot"));
    assert_eq!(a.bio.as_deref(), Some("Making the seemingly impossible, possible. ✨"));
    // The default picture: a flag in 2025, only the avatar's address in 2026.
    let legacy = read_capture(&data, "2025-legacy/raw_followers.json");
    assert_eq!(account(&legacy, "493739346").default_avatar, Some(true));
    let current = read_capture(&data, "2026-current/raw_followers.json");
    assert_eq!(account(&current, "2085468248527532032").default_avatar, Some(true));
    assert_eq!(account(&current, "2085371120388030464").default_avatar, Some(false));
}

#[test]
fn about_account_query_gives_the_about_panel() {
    let Some(data) = data_dir() else { return };
    let reading = read_capture(&data, "2026-current/raw_user_about.json");
    let about = account(&reading, "2244994945").about.clone().expect("about_profile read");
    assert_eq!(about.based_in.as_deref(), Some("United States"));
    assert_eq!(about.source.as_deref(), Some("Web"));
    assert_eq!(about.username_changes, Some(1));
    assert_eq!(about.last_username_change_at, Some(1_690_335_192));
}

#[test]
fn reposts_quotes_and_long_posts_in_real_captures() {
    let Some(data) = data_dir() else { return };
    let old = read_capture(&data, "2025-legacy/raw_user_tweets.json");
    let repost = post(&old, "1897349232258130236");
    assert_eq!((repost.account_id.as_str(), repost.text.as_str()), ("2244994945", ""));
    assert_eq!(repost.repost_of.as_deref(), Some("1897348926325596236"));
    assert_eq!(repost.quote_of, None, "the reposter quoted nothing, whatever the reposted post did");
    assert_eq!(post(&old, "1897348926325596236").quote_of.as_deref(), Some("1896984310282088640"));
    assert_eq!(post(&old, "1851463451929186504").text.chars().count(), 436, "note_tweet text, not full_text");

    let new = read_capture(&data, "2026-current/raw_user_tweets.json");
    assert_eq!(post(&new, "2083305234688803178").repost_of.as_deref(), Some("2083289084567724316"));
    assert_eq!(post(&new, "2082642493892628916").quote_of.as_deref(), Some("2082640274845811115"));
    assert!(post(&new, "2077972969603621173").text.ends_with("vidually crawling thousands of profiles."));
    let search = read_capture(&data, "2026-current/raw_search.json");
    assert!(!posts(&search).iter().any(|p| p.text.contains("&amp;")), "full_text is unescaped");
}

/// Accounts in both the March 2025 and the August 2026 captures, 17 months apart, found by id; some renamed.
const SEEN_IN_2025_AND_2026: &[(&str, &str, &str)] = &[
    ("10671602", "PlayStation", "PlayStation"),
    ("108209516", "ashevat", "ashevat"),
    ("1215441834412953600", "santiagomedr", "santiagomed"),
    ("1389913567671975937", "cb_doge", "cb_doge"),
    ("1434172202404880388", "glitch010110", "glitch010110"),
    ("145673755", "totalplaymx", "totalplaymx"),
    ("14897303", "kayvz", "kayvz"),
    ("15640533", "SFBART", "SFBART"),
    ("156417821", "mikecvet", "mikecvet"),
    ("15772978", "jessicagarson", "jessicagarson"),
    ("1622343577790726144", "devindkim", "devindkim"),
    ("1661523610111193088", "xai", "SpaceXAI"),
    ("1716450569358098432", "taycaldwell", "taycaldwell"),
    ("1720665183188922368", "grok", "grok"),
    ("176425492", "oihamza", "oihamza"),
    ("181944946", "jianhangg", "jianhangg"),
    ("1830023695835787264", "mike_rosinsky", "mike_rosinsky"),
    ("19133833", "ryanhallyall", "ryanhallyall"),
    ("199566737", "lebraat", "brunz_____"),
    ("21266829", "lindsmccallum", "lindsmccallum"),
    ("2201968256", "latermedia", "latermedia"),
    ("2244994945", "XDevelopers", "XDevelopers"),
    ("2333137632", "AqueelMiq", "aqueel"),
    ("23561980", "kendricklamar", "kendricklamar"),
    ("236209129", "leslieberland", "leslieberland"),
    ("245329874", "wanghaofei", "wanghaofei"),
    ("251592845", "sidgrao", "sidgrao"),
    ("2533341854", "chrisparkX", "chrisparkX"),
    ("2544227706", "NWStornado", "NWStornado"),
    ("27649157", "ajos", "ajos"),
    ("28628425", "SonyaPenn", "SonyaPenn"),
    ("2891703266", "DamuKonTan", "DamuKonTan"),
    ("2907774137", "archillect", "archillect"),
    ("31311757", "googlemaps", "googlemaps"),
    ("338048283", "bonappetweet", "bonappetweet"),
    ("360174510", "TheGerardTaylor", "TheGerardTaylor"),
    ("37290907", "boo", "boo"),
    ("44196397", "elonmusk", "elonmusk"),
    ("454313925", "NWS", "NWS"),
    ("45563099", "scosenza", "scosenza"),
    ("4886983366", "Allinmylove3162", "Allinmylove3162"),
    ("49188317", "srw", "srw"),
    ("548263294", "lindayaX", "lindayaX"),
    ("56057876", "vjo", "vjo"),
    ("589419748", "NWSShreveport", "NWSShreveport"),
    ("590412316", "NWSAtlanta", "NWSAtlanta"),
    ("602065304", "NWSTwinCities", "NWSTwinCities"),
    ("6844292", "XEng", "Engineering"),
    ("834832429709828096", "belce_dogru", "belce_dogru"),
    ("857699969263964161", "suhemparack", "suhemparack"),
    ("951689171139141632", "jashpreett", "jashpreett"),
    ("95731075", "Safety", "Safety"),
];

#[test]
fn accounts_seen_in_2025_and_2026_are_matched_by_id() {
    let Some(data) = data_dir() else { return };
    let handles_in = |generation: &str| -> BTreeMap<String, Option<String>> {
        let mut out = BTreeMap::new();
        for (label, _) in captures(&data).iter().filter(|(l, _)| l.starts_with(generation)) {
            for a in accounts(&read_capture(&data, label)) {
                out.entry(a.id.clone()).or_insert_with(|| a.handle.clone());
            }
        }
        out
    };
    let (before, after) = (handles_in("2025-legacy/"), handles_in("2026-current/"));
    let both: Vec<(&str, &str, &str)> = before
        .iter()
        .filter_map(|(id, old)| Some((id.as_str(), old.as_deref()?, after.get(id)?.as_deref()?)))
        .collect();
    for (id, old, new) in &both {
        let renamed = if old == new { String::new() } else { format!("  (renamed from @{old})") };
        println!("{id:>20}  @{new}{renamed}");
    }
    assert_eq!(both, SEEN_IN_2025_AND_2026);
}

// ---------------------------------------------------------------------------------------------------------
// Our own fixtures

/// One check for every fixture: the counts, the naive count agreeing, the warnings (by path end and words).
fn check(name: &str, want_accounts: usize, want_posts: usize, want_warnings: &[(&str, &str)]) -> Reading {
    let reading = read_fixture(name);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/x").join(name);
    let root: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!((reading.account_count(), reading.post_count()), (want_accounts, want_posts), "{name}");
    assert_eq!(naive_counts(&root), (want_accounts, want_posts), "{name}: the naive count disagrees");
    assert_eq!(reading.warnings.len(), want_warnings.len(), "{name}: {:?}", reading.warnings);
    for (warning, (at_end, words)) in reading.warnings.iter().zip(want_warnings) {
        assert!(warning.at.ends_with(at_end), "{name}: {warning}");
        assert!(warning.message.contains(words), "{name}: {warning}");
    }
    for observation in &reading.observations {
        assert_eq!(observation.seen.page_url.as_deref(), Some("https://x.com/home"));
        assert_eq!(observation.seen.observed_at, 1_786_000_000);
        assert_eq!(observation.seen.source, Source::SiteJson);
    }
    reading
}

#[test]
fn a_repost_is_an_empty_post_pointing_at_the_reposted_one_which_is_read_too() {
    let reading = check("retweet.json", 2, 3, &[]);
    let repost = post(&reading, "1900000000000000002");
    assert_eq!(repost.text, "");
    assert_eq!(repost.repost_of.as_deref(), Some("1900000000000000010"));
    assert_eq!(repost.quote_of, None);
    assert_eq!(repost.created, Some(PostTime::exact(1_744_027_509)));
    let original = post(&reading, "1900000000000000010");
    assert_eq!(original.account_id, "4100000002");
    assert_eq!(original.text, "Free shipping today only");
    assert_eq!(original.client.as_deref(), Some("Twitter for iPhone"));
    assert_eq!(original.url.as_deref(), Some("https://x.com/bob_sample/status/1900000000000000010"));
    // The pinned post, met twice (pin entry and timeline), is one post, its `&amp;` unescaped.
    assert_eq!(
        post(&reading, "1900000000000000001").text,
        "Spring migration count is up: 41 species today & counting"
    );
    let alice = account(&reading, "4100000001");
    assert_eq!(alice.handle.as_deref(), Some("alice_sample"));
    assert_eq!(alice.bio.as_deref(), Some("Birdwatcher & baker"));
    assert_eq!(alice.location.as_deref(), Some("Lisbon"));
    assert_eq!((alice.followers, alice.following, alice.posts_count), (Some(120), Some(80), Some(900)));
    assert_eq!((alice.verified, alice.default_avatar), (Some(false), Some(false)));
    assert_eq!(alice.created_at, Some(1_425_376_800));
    let bob = account(&reading, "4100000002");
    assert_eq!((bob.verified, bob.default_avatar), (Some(true), Some(true)));
    // The author comes before the first post it wrote.
    let first = &reading.observations[0].record;
    assert!(matches!(first, Record::Account(a) if a.id == "4100000001"), "{first:?}");
}

#[test]
fn a_quote_points_at_the_quoted_post_and_a_bare_reference_is_not_a_post() {
    let reading = check("quote.json", 2, 2, &[]);
    let quote = post(&reading, "1910000000000000001");
    assert_eq!(quote.quote_of.as_deref(), Some("1910000000000000002"));
    assert_eq!(quote.text, "Worth reading https://t.co/xyz");
    let quoted = post(&reading, "1910000000000000002");
    assert_eq!(quoted.account_id, "4200000002");
    assert_eq!(quoted.quote_of.as_deref(), Some("1910000000000000003"), "from quoted_status_id_str");
    assert_eq!(quoted.client.as_deref(), Some("Twitter for iPhone"), "legacy.source, the 2025 place");
    let carol = account(&reading, "4200000001");
    assert_eq!(carol.verified, Some(true), "legacy.verified");
    assert_eq!(carol.bio.as_deref(), Some("News &lt;daily&gt;"), "bios are not HTML-escaped: kept as sent");
    assert_eq!(carol.location.as_deref(), Some(""));
    assert_eq!(account(&reading, "4200000002").default_avatar, Some(true));
}

#[test]
fn a_long_post_gives_its_note_tweet_text_and_thread_replies_are_read() {
    let reading = check("note_tweet.json", 2, 3, &[]);
    let focal = post(&reading, "1920000000000000001");
    assert!(focal.text.ends_with("The end <3"), "{}", focal.text);
    assert_eq!(focal.text.len(), 13 * 30 + 10);
    let reply = post(&reading, "1920000000000000002");
    assert_eq!(reply.lang.as_deref(), Some("ja"));
    assert_eq!(reply.reply_to.as_deref(), Some("1920000000000000001"));
    assert_eq!(reply.reply_to_account.as_deref(), Some("4300000002"));
    assert_eq!(post(&reading, "1920000000000000003").reply_to_account.as_deref(), Some("4300000001"));
    let erin = account(&reading, "4300000001");
    assert_eq!(erin.name.as_deref(), Some("エリン"));
    assert_eq!(erin.location.as_deref(), Some("Tokyo"));
    assert_eq!(erin.posts_count, Some(1234), "legacy.statuses_count beside core.*, the transitional mix");
}

#[test]
fn a_post_with_limited_visibility_is_unwrapped_and_module_items_are_read() {
    let reading = check("visibility.json", 1, 2, &[]);
    assert_eq!(post(&reading, "1930000000000000001").text, "limited reach post");
    assert_eq!(post(&reading, "1930000000000000001").lang.as_deref(), Some("und"));
    assert_eq!(post(&reading, "1930000000000000002").account_id, "4400000001");
}

#[test]
fn a_list_timeline_with_a_promoted_post_gives_each_author_once() {
    let reading = check("list_timeline.json", 2, 3, &[]);
    assert_eq!(post(&reading, "1950000000000000002").client.as_deref(), Some("advertiser-interface"));
    // The advertiser stub (id and handle only) is the same account as the full author object.
    let shop = account(&reading, "4800000002");
    assert_eq!((shop.followers, shop.verified), (Some(90000), Some(true)));
    assert_eq!(post(&reading, "1950000000000000003").text, "同じ文章です");
    let order: Vec<String> = reading
        .observations
        .iter()
        .map(|o| match &o.record {
            Record::Account(a) => format!("account {}", a.id),
            Record::Post(p) => format!("post {}", p.id),
        })
        .collect();
    let want = [
        "account 4800000001",
        "post 1950000000000000001",
        "account 4800000002",
        "post 1950000000000000002",
        "post 1950000000000000003",
    ];
    assert_eq!(order, want);
}

#[test]
fn withheld_posts_are_skipped_with_a_warning_naming_where() {
    let reading = check(
        "tombstone.json",
        1,
        1,
        &[
            (
                "entries[0].content.itemContent.tweet_results.result",
                "TweetTombstone: skipped (This Post was deleted",
            ),
            ("entries[1].content.itemContent.tweet_results", "did not send this tweet"),
            ("entries[2].content.itemContent.tweet_results.result", "TweetUnavailable: skipped (Suspended)"),
        ],
    );
    assert!(reading.warnings[0]
        .at
        .starts_with("data.threaded_conversation_with_injections_v2.instructions[0]"));
    assert_eq!(post(&reading, "1940000000000000004").text, "still here");
}

#[test]
fn about_this_account_facts_are_read() {
    let reading = check("about.json", 1, 0, &[]);
    let about = account(&reading, "4600000001").about.clone().unwrap();
    assert_eq!(about.based_in.as_deref(), Some("Canada"));
    assert_eq!(about.source.as_deref(), Some("Android App"));
    assert_eq!(about.username_changes, Some(3));
    assert_eq!(about.last_username_change_at, Some(1_750_000_000));
}

#[test]
fn user_lists_give_each_user_once_and_skip_the_unavailable() {
    let reading = check(
        "user_list.json",
        2,
        0,
        &[("entries[2].content.itemContent.user_results.result", "UserUnavailable")],
    );
    let june = account(&reading, "4700000001");
    assert_eq!((june.bio.as_deref(), june.location.as_deref()), (Some(""), Some("Nairobi")));
    assert_eq!(june.verified, Some(true));
    let kim = account(&reading, "4700000002");
    assert_eq!(kim.handle.as_deref(), Some("kim_sample"), "a user without __typename, trusted by its key");
    assert_eq!(kim.location.as_deref(), Some("Seoul"));
}

// ---------------------------------------------------------------------------------------------------------
// Garbage

fn assert_garbage(label: &str, body: &str, want_in_warning: &str) {
    let reading = read_graphql(body, None, 0);
    assert!(
        reading.warnings.iter().any(|w| w.to_string().contains(want_in_warning)),
        "{label}: wanted a warning containing {want_in_warning:?}, got {:?}",
        reading.warnings
    );
}

#[test]
fn random_bytes_give_a_warning() {
    // A small deterministic generator (xorshift) so failures reproduce.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..200 {
        let len = (round * 37) % 3000;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        let body = String::from_utf8_lossy(&bytes);
        assert_garbage(&format!("round {round}"), &body, "not JSON");
    }
}

#[test]
fn nesting_100k_deep_gives_a_warning() {
    let deep_arrays = "[".repeat(100_000) + &"]".repeat(100_000);
    assert_garbage("arrays", &deep_arrays, "not JSON");
    let deep_objects = r#"{"data":"#.repeat(100_000) + "1" + &"}".repeat(100_000);
    assert_garbage("objects", &deep_objects, "not JSON");
    let unclosed = "[".repeat(100_000);
    assert_garbage("unclosed", &unclosed, "not JSON");
    // Deep but within what serde_json accepts: the reader's own bound.
    let within = r#"{"a":"#.repeat(120) + "1" + &"}".repeat(120);
    assert_garbage("120 deep", &within, "nested deeper than");
}

#[test]
fn wrong_shapes_give_warnings_naming_the_json_path() {
    let cases = [
        ("top-level array", "[1, 2]", "$: expected a JSON object"),
        ("string", r#""hello""#, "$: expected a JSON object"),
        ("no data", r#"{"hello": 1}"#, "no `data` object"),
        (
            "errors",
            r#"{"errors": [{"message": "Rate limit exceeded"}]}"#,
            "errors[0]: X reported: Rate limit",
        ),
        (
            "tweet_results a number",
            r#"{"data": {"tweet_results": 5}}"#,
            "data.tweet_results: expected an object",
        ),
        (
            "result a string",
            r#"{"data": {"user_results": {"result": "x"}}}"#,
            "data.user_results.result: expected an object",
        ),
        (
            "unknown type",
            r#"{"data": {"tweet_results": {"result": {"__typename": "Spaceship"}}}}"#,
            "unexpected __typename",
        ),
        (
            "rest_id a number",
            r#"{"data": {"user": {"result": {"__typename": "User", "rest_id": 5}}}}"#,
            "data.user.result.rest_id: expected a string, found a number",
        ),
        (
            "legacy an array",
            r#"{"data": {"user": {"result": {"__typename": "User", "rest_id": "1", "legacy": [1]}}}}"#,
            "data.user.result.legacy: expected an object, found an array",
        ),
        (
            "count not a number",
            r#"{"data": {"user": {"result": {"__typename": "User", "rest_id": "1", "legacy": {"followers_count": "many"}}}}}"#,
            "data.user.result.legacy.followers_count: expected a count",
        ),
        (
            "negative count",
            r#"{"data": {"user": {"result": {"__typename": "User", "rest_id": "1", "relationship_counts": {"followers": -3}}}}}"#,
            "relationship_counts.followers: expected a count",
        ),
        (
            "bad time",
            r#"{"data": {"user": {"result": {"__typename": "User", "rest_id": "1", "core": {"created_at": "yesterday"}}}}}"#,
            "data.user.result.core.created_at: unreadable time",
        ),
        (
            "tweet without legacy",
            r#"{"data": {"tweet_results": {"result": {"__typename": "Tweet", "rest_id": "9"}}}}"#,
            "data.tweet_results.result.legacy: tweet without",
        ),
        (
            "tweet without author",
            r#"{"data": {"tweet_results": {"result": {"__typename": "Tweet", "rest_id": "9", "legacy": {"full_text": "hi"}}}}}"#,
            "without an author",
        ),
        (
            "full_text a number",
            r#"{"data": {"tweet_results": {"result": {"__typename": "Tweet", "rest_id": "9", "legacy": {"full_text": 3, "user_id_str": "1"}}}}}"#,
            "data.tweet_results.result.legacy.full_text: expected a string",
        ),
        (
            "visibility wrapper without tweet",
            r#"{"data": {"tweet_results": {"result": {"__typename": "TweetWithVisibilityResults"}}}}"#,
            "without its tweet",
        ),
        (
            "user without id",
            r#"{"data": {"user_results": {"result": {"__typename": "User", "core": {"screen_name": "x"}}}}}"#,
            "user without rest_id",
        ),
    ];
    for (label, body, want) in cases {
        assert_garbage(label, body, want);
    }
}

#[test]
fn a_broken_part_is_reported_once_not_once_per_field_read_through_it() {
    let body = r#"{"data": {"user": {"result": {"__typename": "User", "rest_id": "1", "legacy": [1]}}}}"#;
    let reading = read_graphql(body, None, 0);
    assert_eq!(reading.warnings.len(), 1, "{:?}", reading.warnings);
    assert_eq!(reading.account_count(), 1, "the id is still worth keeping");
}

#[test]
fn a_flood_of_warnings_is_bounded() {
    let entry = r#"{"tweet_results": {"result": {"__typename": "TweetTombstone"}}}"#;
    let body = format!(r#"{{"data": {{"entries": [{}]}}}}"#, vec![entry; 10_000].join(","));
    let reading = read_graphql(&body, None, 0);
    assert!(reading.warnings.len() <= 65, "{}", reading.warnings.len());
    assert!(reading.warnings.last().unwrap().message.contains("more warnings not kept"));
}

#[test]
fn wrong_types_inside_real_shapes_keep_what_is_readable() {
    // A real-looking tweet whose author has a broken count: the post and the rest of the account survive.
    let body = r#"{"data": {"tweet_results": {"result": {"__typename": "Tweet", "rest_id": "9",
        "core": {"user_results": {"result": {"__typename": "User", "rest_id": "1",
            "core": {"screen_name": "ok_name"}, "relationship_counts": {"followers": {"no": 1}}}}},
        "legacy": {"full_text": "hello", "lang": "en", "created_at": "Wed Oct 10 20:19:24 +0000 2018"}}}}}"#;
    let reading = read_graphql(body, None, 0);
    assert_eq!((reading.account_count(), reading.post_count()), (1, 1));
    let a = account(&reading, "1");
    assert_eq!((a.handle.as_deref(), a.followers), (Some("ok_name"), None));
    assert_eq!(post(&reading, "9").url.as_deref(), Some("https://x.com/ok_name/status/9"));
    assert_eq!(reading.warnings.len(), 1, "{:?}", reading.warnings);
    assert_eq!(
        reading.warnings[0].at,
        "data.tweet_results.result.core.user_results.result.relationship_counts.followers"
    );
}
