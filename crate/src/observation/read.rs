//! Observations read from the parsed tree, by hand: the one reader of the observation contract (the DOM
//! readers' batches in the wasm module, observation files in the command-line tool and archive mode, Spark's
//! rows). An observation is one flat object whose `kind` says which record's members it holds; members of the
//! other kind are read and dropped, so one of the wrong type is refused. serde's derived reader of it was
//! about 3 KiB more of the wasm module gzipped (docs/benchmarks.md, issue #18, sixth pass). The record's
//! members are read in one pass (a `match` on each key), the rest by name through
//! [`trichome_text::json::Object`], each with the meaning of its serde attributes on the writing side; the
//! small enums keep their derived readers, so that each name is written once.

use trichome_text::json::{self, as_bool, as_i64, as_string, as_u64, opt, Object, Value};

use super::{
    AboutAccount, Account, Observation, Post, PostTime, Provenance, Record, Site, Source, OBSERVATION_SCHEMA,
};

/// Which record an observation holds.
#[derive(serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Account,
    Post,
}

/// An observation, from its JSON text (a syntax error names its line and column).
pub fn from_str(text: &str) -> Result<Observation, json::Error> {
    observation(&json::parse_json(text)?)
}

/// An observation.
pub fn observation(value: &Value<'_>) -> Result<Observation, json::Error> {
    let f = Object::of(value, "observation")?;
    let schema = match f.present("schema") {
        Some(v) => json::as_string(v, "schema")?,
        None => OBSERVATION_SCHEMA.to_string(),
    };
    let site: Site = json::from_value(f.required("site")?)?;
    let seen = f.present("seen").map_or(Ok(Provenance::default()), provenance)?;
    let kind: Kind = json::from_value(f.required("kind")?)?;
    let id = f.string("id")?;
    // The record's members in one pass over the object (a lookup per member would scan it each time), both
    // kinds' whichever the kind: one of the wrong type is refused either way. A key written twice is read
    // twice, the last value kept.
    let mut account = Account::default();
    let mut post = Post::default();
    for (key, v) in f.members() {
        if !account_member(&mut account, key, v)? {
            post_member(&mut post, key, v)?;
        }
    }
    let record = match kind {
        Kind::Account => Record::Account(Account { id, ..account }),
        Kind::Post => Record::Post(Post { id, account_id: f.string("account_id")?, ..post }),
    };
    Ok(Observation { schema, site, seen, record })
}

fn provenance(value: &Value<'_>) -> Result<Provenance, json::Error> {
    let f = Object::of(value, "seen")?;
    let source: Source = json::from_value(f.required("source")?)?;
    let page_url = f.opt_string("page_url")?;
    let observed_at = f.present("observed_at").map_or(Ok(0), |v| json::as_i64(v, "observed_at"))?;
    Ok(Provenance { source, page_url, observed_at })
}

/// Reads `value` into the account member `key` names (not its id); false when `key` is no account member.
/// Shared by observations and stored accounts.
pub(crate) fn account_member(a: &mut Account, key: &str, value: &Value<'_>) -> Result<bool, json::Error> {
    match key {
        "handle" => a.handle = opt(value, key, as_string)?,
        "name" => a.name = opt(value, key, as_string)?,
        "created_at" => a.created_at = opt(value, key, as_i64)?,
        "bio" => a.bio = opt(value, key, as_string)?,
        "location" => a.location = opt(value, key, as_string)?,
        "default_avatar" => a.default_avatar = opt(value, key, as_bool)?,
        "followers" => a.followers = opt(value, key, as_u64)?,
        "following" => a.following = opt(value, key, as_u64)?,
        "posts_count" => a.posts_count = opt(value, key, as_u64)?,
        "verified" => a.verified = opt(value, key, as_bool)?,
        "about" => a.about = opt(value, key, |v, _| about(v))?,
        _ => return Ok(false),
    }
    Ok(true)
}

fn about(value: &Value<'_>) -> Result<AboutAccount, json::Error> {
    let f = Object::of(value, "about")?;
    let mut a = AboutAccount { based_in: f.opt_string("based_in")?, ..AboutAccount::default() };
    a.username_changes = f.opt_unsigned("username_changes")?;
    a.last_username_change_at = f.opt_i64("last_username_change_at")?;
    a.source = f.opt_string("source")?;
    Ok(a)
}

/// Reads `value` into the post member `key` names (not its id); other keys are left alone. `account_id` is
/// only checked here: it is required of a post, and read by the caller.
fn post_member(p: &mut Post, key: &str, value: &Value<'_>) -> Result<(), json::Error> {
    match key {
        "account_id" => {
            opt(value, key, as_string)?;
        }
        "text" => p.text = as_string(value, key)?,
        "lang" => p.lang = opt(value, key, as_string)?,
        "created" => p.created = opt(value, key, |v, _| post_time(v))?,
        "time_text" => p.time_text = opt(value, key, as_string)?,
        "client" => p.client = opt(value, key, as_string)?,
        "reply_to" => p.reply_to = opt(value, key, as_string)?,
        "reply_to_account" => p.reply_to_account = opt(value, key, as_string)?,
        "quote_of" => p.quote_of = opt(value, key, as_string)?,
        "repost_of" => p.repost_of = opt(value, key, as_string)?,
        "url" => p.url = opt(value, key, as_string)?,
        _ => {}
    }
    Ok(())
}

/// A post's time.
pub(crate) fn post_time(value: &Value<'_>) -> Result<PostTime, json::Error> {
    let f = Object::of(value, "created")?;
    Ok(PostTime {
        earliest: f.i64("earliest")?,
        latest: f.i64("latest")?,
        precision: json::from_value(f.required("precision")?)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_read_in_one_pass_with_serdes_meaning() {
        let post = r#"{"site":"x","kind":"post","id":"1","account_id":"@a","lang":null,"text":"first","text":"last"}"#;
        let Record::Post(p) = from_str(post).expect("reads").record else { panic!("a post") };
        assert_eq!((p.text.as_str(), p.lang, p.account_id.as_str()), ("last", None, "@a"));
        let e = from_str(&post.replace(r#""text":"last""#, r#""text":7"#)).expect_err("refused").to_string();
        assert_eq!(e, "invalid type at `text`: expected a string");
        let e = from_str(&post.replace(r#""account_id":"@a""#, r#""account_id":null"#)).expect_err("refused");
        assert_eq!(e.to_string(), "invalid type at `account_id`: expected a string");
        let account =
            r#"{"site":"youtube","kind":"account","id":"UC1","followers":3,"about":{"based_in":"TW"}}"#;
        let Record::Account(a) = from_str(account).expect("reads").record else { panic!("an account") };
        assert_eq!((a.followers, a.about.and_then(|x| x.based_in)), (Some(3), Some("TW".to_string())));
        assert!(from_str(&account.replace("3", "-3")).is_err(), "a negative count");
        assert!(from_str(&account.replace(r#""kind":"account","#, r#""kind":"account","url":5,"#)).is_err());
    }
}
