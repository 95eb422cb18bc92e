//! Histories read by hand from the parsed tree: the one reader of what `recall` and `snapshot` write (a tab's
//! `absorb`, stored history's `restore`, archive mode's profiles in Spark). serde's derived reader of these
//! types was 3 KiB more of a tab's module gzipped (docs/benchmarks.md, issue #18). Each member is read by name
//! through [`trichome_text::json::Object`] with the meaning of its serde attributes on the writing side
//! (`default`: absent is the default; `Option`: absent or `null` is `None`); the tests below write every
//! field and read it back. The small enums and the features' two encoded members keep their derived readers,
//! so that each name and encoding is written once.

use trichome_text::features::{PostFeatures, StoredFingerprint};
use trichome_text::json::{self, as_string, as_unsigned, list_of, Object, Value};

use super::{AccountHistory, PostRecord, SeenName};
use crate::observation::read::{account_member, post_time};
use crate::observation::Account;

/// A list of histories, as `recall` writes it.
pub fn histories(value: &Value<'_>) -> Result<Vec<AccountHistory>, json::Error> {
    list_of(value, "histories", history)
}

/// One account's history, from its JSON text.
pub fn history_from_str(text: &str) -> Result<AccountHistory, json::Error> {
    history(&json::parse_json(text)?)
}

/// One account's history.
pub fn history(value: &Value<'_>) -> Result<AccountHistory, json::Error> {
    let f = Object::of(value, "history")?;
    Ok(AccountHistory {
        site: json::from_value(f.required("site")?)?,
        account: account(f.required("account")?)?,
        names: f.list("names", seen_name)?,
        handles: f.list("handles", seen_name)?,
        posts: f.list("posts", post)?,
        first_observed: f.i64("first_observed")?,
        last_observed: f.i64("last_observed")?,
        touched: 0,
    })
}

fn seen_name(value: &Value<'_>) -> Result<SeenName, json::Error> {
    let f = Object::of(value, "names")?;
    Ok(SeenName {
        value: f.string("value")?,
        first_seen: f.i64("first_seen")?,
        last_seen: f.i64("last_seen")?,
    })
}

// Each reader fills a default value member by member, so that an error drops one value (one call of its drop
// code) rather than each member read so far (inlined at every `?`): the smaller code in the module. An
// account's members and a post's time are read as an observation's are.

fn account(value: &Value<'_>) -> Result<Account, json::Error> {
    let f = Object::of(value, "account")?;
    let mut a = Account { id: f.string("id")?, ..Account::default() };
    for (key, v) in f.members() {
        account_member(&mut a, key, v)?;
    }
    Ok(a)
}

#[inline(never)]
fn post(value: &Value<'_>) -> Result<PostRecord, json::Error> {
    let f = Object::of(value, "posts")?;
    let mut p = PostRecord { id: f.string("id")?, ..PostRecord::default() };
    p.text = f.string_or_default("text")?;
    p.lang = f.opt_string("lang")?;
    p.created = f.get("created").map(post_time).transpose()?;
    p.client = f.opt_string("client")?;
    p.reply_to = f.opt_string("reply_to")?;
    p.repost = f.bool_or_default("repost")?;
    p.observed_at = f.i64("observed_at")?;
    p.source = json::from_value(f.required("source")?)?;
    if let Some(v) = f.get("features") {
        p.features = features(v)?;
    }
    p.page = f.unsigned_or_default("page")?;
    Ok(p)
}

fn features(value: &Value<'_>) -> Result<PostFeatures, json::Error> {
    let f = Object::of(value, "features")?;
    let mut p = PostFeatures { v: f.unsigned_or_default("v")?, ..PostFeatures::default() };
    p.lang = f.opt_string("lang")?;
    p.lang_unsure = f.bool_or_default("lang_unsure")?;
    p.script = f.get("script").map(json::from_value).transpose()?;
    if let Some(v) = f.present("letters") {
        p.letters = json::from_value(v)?;
    }
    if let Some(v) = f.present("vocabulary") {
        p.vocabulary = json::from_value(v)?;
    }
    p.links = f.list_or_empty("links", |v| as_string(v, "links"))?;
    p.mentions = f.list_or_empty("mentions", |v| as_unsigned(v, "mentions"))?;
    p.fingerprint = f.get("fingerprint").map(fingerprint).transpose()?;
    Ok(p)
}

fn fingerprint(value: &Value<'_>) -> Result<StoredFingerprint, json::Error> {
    let f = Object::of(value, "fingerprint")?;
    let mut p = StoredFingerprint {
        sketch: f.unsigned("sketch")?,
        shingles: f.unsigned("shingles")?,
        ..Default::default()
    };
    p.phatic = f.bool_or_default("phatic")?;
    p.repost = f.bool_or_default("repost")?;
    p.exact = f.string_or_default("exact")?;
    p.signature = f.string_or_default("signature")?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observation::{AboutAccount, PostTime, Precision, Site, Source};
    use trichome_text::features::{Letters, Vocabulary};
    use trichome_text::lang::Script;

    /// Every field of every type set (struct literals without `..`, so that a field added to a type and not
    /// to the reader fails here).
    fn full() -> AccountHistory {
        let account = Account {
            id: "42".into(),
            handle: Some("someone".into()),
            name: Some("Some One".into()),
            created_at: Some(1_300_000_000),
            bio: Some("bio \"quoted\" 中文".into()),
            location: Some("Taipei".into()),
            default_avatar: Some(false),
            followers: Some(u64::MAX),
            following: Some(7),
            posts_count: Some(0),
            verified: Some(true),
            about: Some(AboutAccount {
                based_in: Some("Taiwan".into()),
                username_changes: Some(3),
                last_username_change_at: Some(-5),
                source: Some("web".into()),
            }),
        };
        let fingerprint = StoredFingerprint {
            sketch: 2,
            shingles: 9,
            phatic: true,
            repost: true,
            exact: "AAAA".into(),
            signature: "BBBB".into(),
        };
        let features = PostFeatures {
            v: 1,
            lang: Some("zh-Hant".into()),
            lang_unsure: true,
            script: Some(Script::Han),
            letters: Letters([1, 2, 3, 4, 5]),
            vocabulary: Vocabulary(vec![3 | (2 << 9), 17 | (1 << 9)]),
            links: vec!["example.com".into()],
            mentions: vec![0, u32::MAX],
            fingerprint: Some(fingerprint),
        };
        let post = PostRecord {
            id: "9".into(),
            text: "a text".into(),
            lang: Some("zh".into()),
            created: Some(PostTime { earliest: 10, latest: 70, precision: Precision::Minute }),
            client: Some("Twitter Web App".into()),
            reply_to: Some("8".into()),
            repost: true,
            observed_at: 100,
            source: Source::SiteJson,
            features,
            page: 12345,
        };
        AccountHistory {
            site: Site::X,
            account,
            names: vec![SeenName { value: "Some One".into(), first_seen: 3, last_seen: 4 }],
            handles: vec![SeenName { value: "someone".into(), first_seen: 1, last_seen: 2 }],
            posts: vec![post, PostRecord { id: "10".into(), source: Source::Dom, ..PostRecord::default() }],
            first_observed: 1,
            last_observed: 200,
            touched: 0,
        }
    }

    #[test]
    fn every_field_written_reads_back() {
        let h = full();
        let text = trichome_text::json::to_string(&[&h]).expect("writes");
        assert_eq!(histories(&json::parse_json(&text).expect("JSON")), Ok(vec![h.clone()]));
        let native = serde_json::to_string(&h).expect("writes");
        assert_eq!(history_from_str(&native), Ok(h));
    }

    #[test]
    fn absent_members_read_as_their_defaults_and_required_ones_are_named() {
        let least = r#"{"site":"youtube","account":{"id":"UC1"},"names":[],"handles":[],
            "posts":[{"id":"p","observed_at":5,"source":"dom","features":{},"created":null}],
            "first_observed":1,"last_observed":2}"#;
        let h = history_from_str(least).expect("reads");
        assert_eq!(h.account, Account { id: "UC1".into(), ..Account::default() });
        let bare =
            PostRecord { id: "p".into(), observed_at: 5, source: Source::Dom, ..PostRecord::default() };
        assert_eq!(h.posts[0], bare);
        for (member, doc) in [
            ("posts", least.replace(r#""posts""#, r#""postz""#)),
            ("observed_at", least.replace("observed_at", "seen_at")),
            ("id", least.replace(r#"{"id":"UC1"}"#, "{}")),
        ] {
            let e = history_from_str(&doc).expect_err("refused").to_string();
            assert_eq!(e, format!("missing field `{member}`"));
        }
        let e = history_from_str(&least.replace(r#""observed_at":5"#, r#""observed_at":"5""#))
            .expect_err("refused");
        assert_eq!(e.to_string(), "invalid type at `observed_at`: expected a whole number");
        assert!(history_from_str(&least.replace(r#""dom""#, r#""paper""#)).is_err(), "an unknown source");
        assert!(histories(&json::parse_json("{}").expect("JSON")).is_err());
    }
}
