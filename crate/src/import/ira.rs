//! The Internet Research Agency tweets released by Clemson University and FiveThirtyEight (Linvill & Warren),
//! as one CSV per author or as the release's own files.
//!
//! Columns are `author_id` (or the release's `author`, with `external_author_id`), `content`, `region`,
//! `language` (English names: "English", "Russian"), `publish_date`, `harvested_date`, `following`,
//! `followers`, `updates`, `post_type` (`R`/`RETWEET`, `Q`/`QUOTE_TWEET`, empty) and `retweet` (1/0).
//! `publish_date` is `M/D/YYYY H:MM` in the release and `YYYY-MM-DD HH:MM:SS` (always `:00`) in the
//! per-author split: either way it is known to the minute. Upstream does not document its time zone; it is
//! taken as UTC, which the release's authors' own analyses also assume. Posts without a `tweet_id` column get
//! a [`super::synthetic_post_id`] from author, time and text.

use std::collections::HashSet;
use std::io::Read;

use super::table::{count, is_yes, Advance, CsvTable};
use super::{ImportError, InputFormat, RecordSource, Step};
use crate::observation::{Account, Observation, Post, Precision, Provenance, ReadWarning, Site, Source};

struct Columns {
    handle: Option<usize>,
    external_id: Option<usize>,
    tweet_id: Option<usize>,
    content: Option<usize>,
    region: Option<usize>,
    language: Option<usize>,
    publish_date: Option<usize>,
    harvested_date: Option<usize>,
    following: Option<usize>,
    followers: Option<usize>,
    post_type: Option<usize>,
    retweet: Option<usize>,
}

/// The rows of an IRA tweets CSV.
pub(crate) struct IraRows {
    table: CsvTable,
    columns: Columns,
    given: HashSet<String>,
}

impl IraRows {
    pub(crate) fn new(name: String, input: Box<dyn Read + Send>) -> Result<Self, ImportError> {
        let table = CsvTable::open(name, input)?;
        let columns = Columns {
            handle: table.column(&["author_id", "author"]),
            external_id: table.column(&["external_author_id"]),
            tweet_id: table.column(&["tweet_id"]),
            content: table.column(&["content"]),
            region: table.column(&["region"]),
            language: table.column(&["language"]),
            publish_date: table.column(&["publish_date"]),
            harvested_date: table.column(&["harvested_date"]),
            following: table.column(&["following"]),
            followers: table.column(&["followers"]),
            post_type: table.column(&["post_type"]),
            retweet: table.column(&["retweet"]),
        };
        Ok(IraRows { table, columns, given: HashSet::new() })
    }
}

impl RecordSource for IraRows {
    fn format(&self) -> InputFormat {
        InputFormat::IraAuthors
    }

    fn next_record(
        &mut self,
        out: &mut Vec<Observation>,
        _: &mut Vec<ReadWarning>,
    ) -> Result<Step, ImportError> {
        let line = match self.table.advance()? {
            Advance::Row(line) => line,
            Advance::Bad(w) => return Ok(Step::Skipped(w)),
            Advance::End => return Ok(Step::End),
        };
        let t = &self.table;
        let c = &self.columns;
        let skip = |what: String| Ok(Step::Skipped(ReadWarning::new(t.at(line), what)));
        let Some(handle) = t.text(c.handle) else { return skip("no author_id".into()) };
        let Some(date) = t.field(c.publish_date) else { return skip("no publish_date".into()) };
        let Some(published) = super::parse_post_time(&date) else {
            return skip(format!(
                "publish_date '{date}' is not a time (expected YYYY-MM-DD HH:MM:SS or M/D/YYYY H:MM)"
            ));
        };
        // The per-author split writes seconds that are always :00; the minute is what is known.
        let created = super::widen(published.earliest, at_most_minute(published.precision));
        // The release says who the account was; a numeric id where given, the handle otherwise.
        let id = t
            .text(c.external_id)
            .filter(|i| i.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or_else(|| format!("@{handle}"));
        let harvested = t.field(c.harvested_date).and_then(|d| super::parse_post_time(&d));
        let seen = Provenance {
            source: Source::Import,
            page_url: Some(t.name().to_string()),
            observed_at: harvested.map_or(created.earliest, |h| h.earliest),
        };
        if !self.given.contains(&id) {
            let account = Account {
                id: id.clone(),
                handle: Some(handle.clone()),
                location: t.text(c.region).filter(|r| r != "Unknown"),
                followers: count(t.field(c.followers).as_deref()),
                following: count(t.field(c.following).as_deref()),
                ..Account::default()
            };
            out.push(Observation::account(Site::X, seen.clone(), account));
        }
        let text = t.text(c.content).unwrap_or_default();
        let post_type = t.field(c.post_type).map(|p| p.to_ascii_uppercase());
        let (repost, quote) = match post_type.as_deref() {
            Some("R" | "RETWEET") => (true, false),
            Some("Q" | "QUOTE_TWEET") => (false, true),
            Some(_) => (false, false),
            // Without post_type, the retweet flag is all there is.
            None if c.post_type.is_none() => (is_yes(t.field(c.retweet).as_deref()), false),
            None => (false, false),
        };
        let post_id = t
            .text(c.tweet_id)
            .unwrap_or_else(|| super::synthetic_post_id(&[&handle, &created.earliest.to_string(), &text]));
        let post = Post {
            id: post_id,
            account_id: id.clone(),
            text,
            lang: t.field(c.language).and_then(|l| language_code(&l)),
            created: Some(created),
            // The release does not give the original's id; empty says "a repost of an unknown post".
            repost_of: repost.then(String::new),
            quote_of: quote.then(String::new),
            ..Post::default()
        };
        out.push(Observation::post(Site::X, seen, post));
        if self.given.len() >= 1_000_000 {
            self.given.clear();
        }
        self.given.insert(id);
        Ok(Step::Read)
    }
}

/// Second precision becomes minute; coarser stays.
fn at_most_minute(precision: Precision) -> Precision {
    match precision {
        Precision::Second => Precision::Minute,
        other => other,
    }
}

/// The language label as X writes it (`en`), from the English name the release uses; an unknown name is
/// kept in lower case so that the account's own history stays comparable with itself.
fn language_code(name: &str) -> Option<String> {
    const CODES: [(&str, &str); 44] = [
        ("english", "en"),
        ("russian", "ru"),
        ("italian", "it"),
        ("ukrainian", "uk"),
        ("spanish", "es"),
        ("serbian", "sr"),
        ("uzbek", "uz"),
        ("norwegian", "no"),
        ("french", "fr"),
        ("romanian", "ro"),
        ("bulgarian", "bg"),
        ("vietnamese", "vi"),
        ("arabic", "ar"),
        ("farsi (persian)", "fa"),
        ("german", "de"),
        ("dutch", "nl"),
        ("macedonian", "mk"),
        ("croatian", "hr"),
        ("estonian", "et"),
        ("portuguese", "pt"),
        ("catalan", "ca"),
        ("albanian", "sq"),
        ("turkish", "tr"),
        ("japanese", "ja"),
        ("lithuanian", "lt"),
        ("pushto", "ps"),
        ("swedish", "sv"),
        ("polish", "pl"),
        ("icelandic", "is"),
        ("somali", "so"),
        ("finnish", "fi"),
        ("tagalog (filipino)", "tl"),
        ("slovak", "sk"),
        ("latvian", "lv"),
        ("indonesian", "in"),
        ("czech", "cs"),
        ("malay", "ms"),
        ("hungarian", "hu"),
        ("hebrew", "iw"),
        ("greek", "el"),
        ("danish", "da"),
        ("urdu", "ur"),
        ("simplified chinese", "zh"),
        ("traditional chinese", "zh"),
    ];
    let lower = name.trim().to_lowercase();
    if lower.is_empty() || lower == "language undefined" {
        return None;
    }
    Some(CODES.iter().find(|(n, _)| *n == lower).map_or(lower, |(_, code)| (*code).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observation::Record;

    fn read(csv: &str) -> (Vec<Observation>, Vec<Step>) {
        let mut rows =
            IraRows::new("ira.csv".into(), Box::new(std::io::Cursor::new(csv.to_string()))).unwrap();
        let (mut out, mut notes, mut steps) = (Vec::new(), Vec::new(), Vec::new());
        loop {
            match rows.next_record(&mut out, &mut notes).unwrap() {
                Step::End => return (out, steps),
                s => steps.push(s),
            }
        }
    }

    fn posts(out: &[Observation]) -> Vec<&Post> {
        out.iter()
            .filter_map(|o| match &o.record {
                Record::Post(p) => Some(p),
                Record::Account(_) => None,
            })
            .collect()
    }

    #[test]
    fn reads_the_per_author_split() {
        let (out, steps) = read(
            "author_id,content,region,language,publish_date,harvested_date,following,followers,updates,post_type,retweet\n\
             AmyG,hello there,United States,English,2016-08-02 10:58:00,2016-08-02 11:00:00,47,2,1,,0\n\
             AmyG,RT text,Unknown,Russian,2016-08-02 11:58:00,2016-08-02 12:00:00,47,2,1,R,1\n\
             AmyG,bad date,Unknown,English,yesterday,,47,2,1,,0\n",
        );
        assert_eq!(steps.len(), 3);
        assert!(matches!(&steps[2], Step::Skipped(w) if w.at == "ira.csv:4"), "{steps:?}");
        let p = posts(&out);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].account_id, "@AmyG");
        assert_eq!(p[0].lang.as_deref(), Some("en"));
        assert_eq!(
            p[0].created.map(|t| (t.earliest, t.latest, t.precision)),
            Some((1_470_135_480, 1_470_135_539, Precision::Minute))
        );
        assert_eq!((p[1].repost_of.as_deref(), p[1].lang.as_deref()), (Some(""), Some("ru")));
    }

    #[test]
    fn reads_the_release_columns() {
        let (out, steps) = read(
            "external_author_id,author,content,region,language,publish_date,harvested_date,following,followers,updates,post_type,account_type,retweet,tweet_id\n\
             906000000000000000,10_GOP,\"quoted, with comma\",United States,English,10/1/2017 19:58,10/1/2017 19:59,1052,9636,253,QUOTE_TWEET,Right,0,914580356430536707\n",
        );
        assert_eq!(steps, [Step::Read]);
        let p = posts(&out);
        assert_eq!(
            (p[0].account_id.as_str(), p[0].id.as_str()),
            ("906000000000000000", "914580356430536707")
        );
        assert_eq!(p[0].quote_of.as_deref(), Some(""));
        assert_eq!(p[0].text, "quoted, with comma");
    }
}
