//! Raw captures: one X GraphQL or YouTube `youtubei/v1/next` response body per file, bare or inside a
//! recorded exchange (`{"request": {"url", …}, "response": {"responseBody": "<the body as a string>"}}`).
//!
//! The body goes to the same site readers the extension uses ([`crate::sites::read_response`]: without the
//! bounds put on what a page hands over, since a researcher chose the file); the URL that chooses the reader
//! is the exchange's own request URL when there is one, otherwise a stand-in for the site the format names or
//! the document's top-level keys suggest (`data` for X, `responseContext`, `frameworkUpdates` or
//! `onResponseReceivedEndpoints` for YouTube).

use std::borrow::Cow;
use std::io::{BufRead, Read};

use trichome_text::json::Value;

use super::{ImportError, ImportErrorKind, InputFormat, RecordSource, Step, MAX_DOCUMENT_BYTES};
use crate::observation::{Observation, ReadWarning};
use crate::sites::{self, CaptureKind};

/// Stands in for the URL of a bare X GraphQL body.
pub const X_GRAPHQL_URL: &str = "https://x.com/i/api/graphql/file/Op";
/// Stands in for the URL of a bare YouTube `next` body.
pub const YOUTUBE_NEXT_URL: &str = "https://www.youtube.com/youtubei/v1/next";

/// Observations handed out per record, so that a large capture still flows in batches.
const CHUNK: usize = 1000;

/// One capture document.
pub(crate) struct CaptureDocument {
    name: String,
    input: Option<Box<dyn BufRead + Send>>,
    format: InputFormat,
    observed_at: Option<i64>,
    pending: std::vec::IntoIter<Observation>,
}

impl CaptureDocument {
    pub(crate) fn new(
        name: String,
        input: Box<dyn BufRead + Send>,
        format: InputFormat,
        observed_at: Option<i64>,
    ) -> Self {
        CaptureDocument { name, input: Some(input), format, observed_at, pending: Vec::new().into_iter() }
    }

    fn read_document(
        &mut self,
        input: Box<dyn BufRead + Send>,
        notes: &mut Vec<ReadWarning>,
    ) -> Result<Step, ImportError> {
        let mut bytes = Vec::new();
        input
            .take(MAX_DOCUMENT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| ImportError::new(self.name.clone(), ImportErrorKind::Io(e)))?;
        if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
            return Err(ImportError::new(self.name.clone(), ImportErrorKind::TooLarge));
        }
        let text = String::from_utf8_lossy(&bytes);
        let skip = |what: String| Ok(Step::Skipped(ReadWarning::new(self.name.clone(), what)));
        let document: Value<'_> = match crate::sites::parse_json(text.trim_start_matches('\u{feff}')) {
            Ok(v) => v,
            Err(e) => return skip(format!("not JSON: {e}")),
        };
        let exchange_url =
            document.get("request").and_then(|r| r.get("url")).and_then(Value::as_str).map(str::to_string);
        let (body, body_value) = match document.get("response").filter(|_| document.get("request").is_some())
        {
            Some(response) => match response.get("responseBody") {
                Some(Value::String(s)) => (Cow::Borrowed(&**s), None),
                Some(v @ Value::Object(_)) => (Cow::Owned(v.to_string()), Some(v)),
                _ => return skip("$.response.responseBody: missing in a recorded exchange".into()),
            },
            // The document is the response: read from the text as it is, not a copy.
            None => (Cow::Borrowed(&*text), Some(&document)),
        };
        let site_from_keys = || {
            let parsed;
            let value = match body_value {
                Some(v) => v,
                None => {
                    parsed = crate::sites::parse_json(&body).ok()?;
                    &parsed
                }
            };
            let object = value.as_object()?;
            if object.contains_key("data") {
                Some(X_GRAPHQL_URL)
            } else if ["responseContext", "frameworkUpdates", "onResponseReceivedEndpoints"]
                .iter()
                .any(|k| object.contains_key(k))
            {
                Some(YOUTUBE_NEXT_URL)
            } else {
                None
            }
        };
        let url = match (self.format, exchange_url) {
            (InputFormat::XGraphql, Some(u)) if sites::classify(&u) == CaptureKind::XGraphql => u,
            (InputFormat::XGraphql, _) => X_GRAPHQL_URL.to_string(),
            (InputFormat::YoutubeNext, Some(u)) if u.contains("youtube") => u,
            (InputFormat::YoutubeNext, _) => YOUTUBE_NEXT_URL.to_string(),
            (_, Some(u)) => u,
            (_, None) => match site_from_keys() {
                Some(u) => u.to_string(),
                None => {
                    return skip(
                        "$: neither an X GraphQL response (no `data`) nor a YouTube response \
                         (no `responseContext`)"
                            .into(),
                    )
                }
            },
        };
        let reading = sites::read_response(&url, &body, self.observed_at.unwrap_or(0));
        if sites::classify(&url) == CaptureKind::Unknown && reading.observations.is_empty() {
            notes.push(ReadWarning::new(self.name.clone(), format!("no site reader for '{url}'")));
        }
        notes.extend(
            reading
                .warnings
                .into_iter()
                .map(|w| ReadWarning::new(format!("{}: {}", self.name, w.at), w.message)),
        );
        self.pending = reading.observations.into_iter();
        Ok(Step::Read)
    }
}

impl RecordSource for CaptureDocument {
    fn format(&self) -> InputFormat {
        self.format
    }

    fn next_record(
        &mut self,
        out: &mut Vec<Observation>,
        notes: &mut Vec<ReadWarning>,
    ) -> Result<Step, ImportError> {
        match self.input.take() {
            // The document is the record; its observations then go out a chunk per call.
            Some(input) => {
                let step = self.read_document(input, notes)?;
                if step == Step::Read {
                    out.extend(self.pending.by_ref().take(CHUNK));
                }
                Ok(step)
            }
            None if self.pending.len() == 0 => Ok(Step::End),
            None => {
                out.extend(self.pending.by_ref().take(CHUNK));
                Ok(Step::Read)
            }
        }
    }
}
