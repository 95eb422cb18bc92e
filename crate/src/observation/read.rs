//! Observations read from the parsed tree, by hand: the one reader of the observation contract (the DOM
//! readers' batches in the wasm module, observation files in the command-line tool and archive mode, Spark's
//! rows). An observation is one flat object whose `kind` says which record's members it holds; members of the
//! other kind are read and dropped, so one of the wrong type is refused. serde's derived reader of it was
//! about 4 KiB more of the wasm module gzipped (docs/benchmarks.md, issue #18, sixth pass). Each member is read
//! by name through [`trichome_text::json::Object`] with the meaning of its serde attributes on the writing
//! side; the small enums keep their derived readers, so that each name is written once.

use trichome_text::json::{self, Object, Value};

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
    // Both kinds' members are read, whichever the kind: one of the wrong type is refused either way.
    let account = account_members(&f, id.clone())?;
    let post = post_members(&f, id)?;
    let record = match kind {
        Kind::Account => Record::Account(account),
        Kind::Post => Record::Post(Post { account_id: f.string("account_id")?, ..post }),
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

/// An account's members other than its id, from `f` (an observation's, or a stored account's).
pub(crate) fn account_members(f: &Object<'_, '_>, id: String) -> Result<Account, json::Error> {
    // Filled member by member: an error drops one value (one call of its drop code) rather than each member
    // read so far (inlined at every `?`), which is the smaller code in the module.
    let mut a = Account { id, ..Account::default() };
    a.handle = f.opt_string("handle")?;
    a.name = f.opt_string("name")?;
    a.created_at = f.opt_i64("created_at")?;
    a.bio = f.opt_string("bio")?;
    a.location = f.opt_string("location")?;
    a.default_avatar = f.opt_bool("default_avatar")?;
    a.followers = f.opt_u64("followers")?;
    a.following = f.opt_u64("following")?;
    a.posts_count = f.opt_u64("posts_count")?;
    a.verified = f.opt_bool("verified")?;
    a.about = f.get("about").map(about).transpose()?;
    Ok(a)
}

fn about(value: &Value<'_>) -> Result<AboutAccount, json::Error> {
    let f = Object::of(value, "about")?;
    let mut a = AboutAccount { based_in: f.opt_string("based_in")?, ..AboutAccount::default() };
    a.username_changes = f.opt_unsigned("username_changes")?;
    a.last_username_change_at = f.opt_i64("last_username_change_at")?;
    a.source = f.opt_string("source")?;
    Ok(a)
}

/// A post's members other than its id and account, from an observation's `f`.
fn post_members(f: &Object<'_, '_>, id: String) -> Result<Post, json::Error> {
    let mut p = Post { id, ..Post::default() };
    // `account_id` is required of a post only, and read by the caller; here its type is checked.
    f.opt_string("account_id")?;
    p.text = f.string_or_default("text")?;
    p.lang = f.opt_string("lang")?;
    p.created = f.get("created").map(post_time).transpose()?;
    p.time_text = f.opt_string("time_text")?;
    p.client = f.opt_string("client")?;
    p.reply_to = f.opt_string("reply_to")?;
    p.reply_to_account = f.opt_string("reply_to_account")?;
    p.quote_of = f.opt_string("quote_of")?;
    p.repost_of = f.opt_string("repost_of")?;
    p.url = f.opt_string("url")?;
    Ok(p)
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
