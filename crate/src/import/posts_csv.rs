//! The plain CSV a researcher writes by hand or exports from a spreadsheet: `account,time,text` with a header,
//! and optionally `lang`, `client`, `id` (the post's id) and `site` (`x`, `youtube`, `other`; `other` when
//! absent).
//!
//! `account` is the site's id, or `@handle` when only the handle is known. `time` is anything
//! [`super::parse_post_time`] takes, with the precision its text carries. Without an `id` column, posts get a
//! [`super::synthetic_post_id`] from account, time and text.

use std::io::Read;

use super::table::{Advance, CsvTable};
use super::{ImportError, InputFormat, RecordSource, Step};
use crate::observation::{Observation, Post, Provenance, ReadWarning, Site, Source};

struct Columns {
    account: Option<usize>,
    time: Option<usize>,
    text: Option<usize>,
    lang: Option<usize>,
    client: Option<usize>,
    id: Option<usize>,
    site: Option<usize>,
}

/// The rows of a plain posts CSV.
pub(crate) struct PostRows {
    table: CsvTable,
    columns: Columns,
}

impl PostRows {
    pub(crate) fn new(name: String, input: Box<dyn Read + Send>) -> Result<Self, ImportError> {
        let table = CsvTable::open(name, input)?;
        let c = |n: &str| table.column(&[n]);
        let columns = Columns {
            account: c("account"),
            time: c("time"),
            text: c("text"),
            lang: c("lang"),
            client: c("client"),
            id: c("id"),
            site: c("site"),
        };
        Ok(PostRows { table, columns })
    }
}

impl RecordSource for PostRows {
    fn format(&self) -> InputFormat {
        InputFormat::PostsCsv
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
        let Some(account) = t.text(c.account) else { return skip("no account".into()) };
        let Some(time_text) = t.field(c.time) else { return skip("no time".into()) };
        let Some(created) = super::parse_post_time(&time_text) else {
            return skip(format!("time '{time_text}' is not a time (expected e.g. 2024-03-01 09:15:00)"));
        };
        let site = match t.field(c.site).map(|s| s.to_ascii_lowercase()).as_deref() {
            None | Some("other") => Site::Other,
            Some("x" | "twitter") => Site::X,
            Some("youtube") => Site::Youtube,
            Some(other) => return skip(format!("site '{other}' is not x, youtube or other")),
        };
        let text = t.text(c.text).unwrap_or_default();
        let id = t
            .text(c.id)
            .unwrap_or_else(|| super::synthetic_post_id(&[&account, &created.earliest.to_string(), &text]));
        let seen = Provenance {
            source: Source::Import,
            page_url: Some(t.name().to_string()),
            observed_at: created.latest,
        };
        let post = Post {
            id,
            account_id: account,
            text,
            lang: t.text(c.lang),
            created: Some(created),
            client: t.text(c.client),
            ..Post::default()
        };
        out.push(Observation::post(site, seen, post));
        Ok(Step::Read)
    }
}
