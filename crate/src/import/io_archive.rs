//! Twitter's Information Operations archive: the 31-column CSV in which Twitter published the accounts it
//! removed (`tweetid, userid, user_display_name, user_screen_name, … tweet_time, tweet_client_name, …`).
//!
//! Each row is one tweet with its author's profile as of the takedown. The account is given once per file
//! (on its first row); every row with an id, an author and a time gives a post. `tweet_time` is
//! `YYYY-MM-DD HH:MM` in UTC, so times are known to the minute. Hashed ids (`iZ328V…=`, Twitter's
//! anonymisation of small accounts) are taken as they are.

use std::collections::HashSet;
use std::io::Read;

use super::table::{count, is_yes, Advance, CsvTable};
use super::{ImportError, InputFormat, RecordSource, Step};
use crate::observation::{Account, Observation, Post, Provenance, ReadWarning, Site, Source};
use crate::time;

/// Accounts remembered per file so that each is given once; past this many the memory is cleared (an
/// account given twice costs nothing but time).
const MAX_REMEMBERED_ACCOUNTS: usize = 1_000_000;

struct Columns {
    tweetid: Option<usize>,
    userid: Option<usize>,
    display_name: Option<usize>,
    screen_name: Option<usize>,
    location: Option<usize>,
    description: Option<usize>,
    followers: Option<usize>,
    following: Option<usize>,
    created: Option<usize>,
    tweet_language: Option<usize>,
    text: Option<usize>,
    time: Option<usize>,
    client: Option<usize>,
    reply_to_user: Option<usize>,
    reply_to_tweet: Option<usize>,
    quoted: Option<usize>,
    is_retweet: Option<usize>,
    retweet_tweetid: Option<usize>,
}

/// The rows of an IO archive CSV.
pub(crate) struct IoArchiveRows {
    table: CsvTable,
    columns: Columns,
    given: HashSet<String>,
}

impl IoArchiveRows {
    pub(crate) fn new(name: String, input: Box<dyn Read + Send>) -> Result<Self, ImportError> {
        let table = CsvTable::open(name, input)?;
        let c = |n: &str| table.column(&[n]);
        let columns = Columns {
            tweetid: c("tweetid"),
            userid: c("userid"),
            display_name: c("user_display_name"),
            screen_name: c("user_screen_name"),
            location: c("user_reported_location"),
            description: c("user_profile_description"),
            followers: c("follower_count"),
            following: c("following_count"),
            created: c("account_creation_date"),
            tweet_language: c("tweet_language"),
            text: c("tweet_text"),
            time: c("tweet_time"),
            client: c("tweet_client_name"),
            reply_to_user: c("in_reply_to_userid"),
            reply_to_tweet: c("in_reply_to_tweetid"),
            quoted: c("quoted_tweet_tweetid"),
            is_retweet: c("is_retweet"),
            retweet_tweetid: c("retweet_tweetid"),
        };
        Ok(IoArchiveRows { table, columns, given: HashSet::new() })
    }
}

impl RecordSource for IoArchiveRows {
    fn format(&self) -> InputFormat {
        InputFormat::IoArchive
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
        let skip = |what: &str| Ok(Step::Skipped(ReadWarning::new(t.at(line), what.to_string())));
        let Some(userid) = t.text(c.userid) else { return skip("no userid") };
        let Some(tweetid) = t.text(c.tweetid) else { return skip("no tweetid") };
        let Some(time_text) = t.field(c.time) else { return skip("no tweet_time") };
        let Some(created) = super::parse_post_time(&time_text) else {
            return skip(&format!("tweet_time '{time_text}' is not a time (expected YYYY-MM-DD HH:MM)"));
        };
        let seen = Provenance {
            source: Source::Import,
            page_url: Some(t.name().to_string()),
            observed_at: created.earliest,
        };
        if !self.given.contains(&userid) {
            let account = Account {
                id: userid.clone(),
                handle: t.text(c.screen_name),
                name: t.text(c.display_name),
                created_at: t.field(c.created).and_then(|d| time::parse_iso(&d)),
                bio: t.text(c.description),
                location: t.text(c.location),
                followers: count(t.field(c.followers).as_deref()),
                following: count(t.field(c.following).as_deref()),
                ..Account::default()
            };
            out.push(Observation::account(Site::X, seen.clone(), account));
        }
        let retweet = is_yes(t.field(c.is_retweet).as_deref());
        let post = Post {
            id: tweetid,
            account_id: userid.clone(),
            text: t.text(c.text).unwrap_or_default(),
            lang: t.text(c.tweet_language),
            created: Some(created),
            client: t.text(c.client),
            reply_to: t.text(c.reply_to_tweet),
            reply_to_account: t.text(c.reply_to_user),
            quote_of: t.text(c.quoted),
            // The archive sometimes flags a retweet without the retweeted id; it is still not the author's text.
            repost_of: retweet.then(|| t.text(c.retweet_tweetid).unwrap_or_default()),
            url: None,
            time_text: None,
        };
        out.push(Observation::post(Site::X, seen, post));
        if self.given.len() >= MAX_REMEMBERED_ACCOUNTS {
            self.given.clear();
        }
        self.given.insert(userid);
        Ok(Step::Read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observation::{Precision, Record};

    const SAMPLE: &str = "\"tweetid\",\"userid\",\"user_screen_name\",\"tweet_text\",\"tweet_time\",\"is_retweet\",\"retweet_tweetid\",\"follower_count\"\n\
        \"1\",\"42\",\"alice\",\"hello world\",\"2017-08-06 08:15\",\"false\",\"\",\"19,816\"\n\
        \"2\",\"42\",\"alice\",\"RT @b: hi\",\"2017-08-06 08:16\",\"true\",\"99\",\"19816\"\n\
        \"3\",\"43\",\"bob\",\"no time\",\"\",\"false\",\"\",\"1\"\n";

    #[test]
    fn reads_rows_gives_each_account_once_and_skips_rows_without_time() {
        let mut rows = IoArchiveRows::new("a.csv".into(), Box::new(SAMPLE.as_bytes())).unwrap();
        let (mut out, mut notes, mut steps) = (Vec::new(), Vec::new(), Vec::new());
        loop {
            match rows.next_record(&mut out, &mut notes).unwrap() {
                Step::End => break,
                s => steps.push(s),
            }
        }
        assert_eq!(steps[2], Step::Skipped(ReadWarning::new("a.csv:4", "no tweet_time")));
        let kinds: Vec<&str> = out
            .iter()
            .map(|o| match &o.record {
                Record::Account(_) => "account",
                Record::Post(_) => "post",
            })
            .collect();
        assert_eq!(kinds, ["account", "post", "post"]);
        let Record::Account(a) = &out[0].record else { panic!() };
        assert_eq!((a.handle.as_deref(), a.followers), (Some("alice"), Some(19_816)));
        let Record::Post(p) = &out[2].record else { panic!() };
        assert_eq!(p.repost_of.as_deref(), Some("99"));
        assert_eq!(p.created.map(|t| t.precision), Some(Precision::Minute));
    }
}
