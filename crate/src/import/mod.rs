//! Dataset import: readers that turn the files researchers hold into observations, a record at a time.
//!
//! Every format is read as a stream of records (a line, a CSV row, or one whole JSON document) through a
//! [`RecordSource`]. A record that cannot be read is *skipped* with a warning naming the file and line (or
//! JSON path); the rest keeps flowing. Only an unreadable file or an unrecognised format stops a source, as an
//! [`ImportError`]. The formats and how [`detect`] tells them apart are documented in `docs/cli.md`.
//!
//! ```
//! use trichome::import::{self, InputFormat, ReadOptions};
//!
//! let csv = "account,time,text\n@alice,2024-03-01 09:15,hello there\n@bob,not a time,hi\n";
//! let mut source = import::open("posts.csv", Box::new(csv.as_bytes()), None, &ReadOptions::default())
//!     .unwrap();
//! assert_eq!(source.format(), InputFormat::PostsCsv);
//! let batch = import::read_batch(source.as_mut(), 1000).unwrap();
//! assert_eq!(batch.observations.len(), 1);
//! assert_eq!(batch.skipped[0].at, "posts.csv:3");
//! ```

mod capture;
#[cfg(not(target_arch = "wasm32"))]
pub mod compressed;
mod io_archive;
mod ira;
pub mod labels;
mod observations;
// Its parsing threads are a rayon pool, which comes with the `cli` feature (native tools only).
#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
pub mod pipeline;
mod posts_csv;
pub mod precision;
mod table;

use std::io::{BufRead, Read};

use crate::observation::{Observation, PostTime, Precision, ReadWarning};
use crate::time;

/// The input formats the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// Trichome observations, one JSON object per line (`docs/observations.md`).
    Observations,
    /// One raw X GraphQL response, or a recorded exchange holding one.
    XGraphql,
    /// One raw YouTube `youtubei/v1/next` response, or a recorded exchange holding one.
    YoutubeNext,
    /// One raw capture whose site the document itself tells (a recorded exchange's request URL, or its
    /// top-level keys): what auto-detection answers for a JSON document.
    Capture,
    /// Twitter's Information Operations archive CSV (the 31-column schema).
    IoArchive,
    /// The Internet Research Agency tweets per author (Clemson / FiveThirtyEight columns).
    IraAuthors,
    /// A plain CSV: `account,time,text[,lang,client,id,site]` with a header.
    PostsCsv,
}

impl InputFormat {
    /// Every format, in the order the help lists them.
    pub const ALL: [InputFormat; 7] = [
        InputFormat::Observations,
        InputFormat::XGraphql,
        InputFormat::YoutubeNext,
        InputFormat::Capture,
        InputFormat::IoArchive,
        InputFormat::IraAuthors,
        InputFormat::PostsCsv,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Observations => "observations",
            InputFormat::XGraphql => "x-graphql",
            InputFormat::YoutubeNext => "youtube-next",
            InputFormat::Capture => "capture",
            InputFormat::IoArchive => "io-archive",
            InputFormat::IraAuthors => "ira",
            InputFormat::PostsCsv => "csv",
        }
    }

    /// The format of a command-line name.
    pub fn from_name(name: &str) -> Option<InputFormat> {
        InputFormat::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// What stopped a source: the input could not be read at all.
#[derive(Debug)]
pub struct ImportError {
    /// The file (`-` for standard input), or `file:line` where a record made the run stop.
    pub at: String,
    /// What went wrong.
    pub kind: ImportErrorKind,
}

/// The kinds of [`ImportError`].
#[derive(Debug)]
#[non_exhaustive]
pub enum ImportErrorKind {
    /// The file could not be opened or read.
    Io(std::io::Error),
    /// Its format was not recognised (the message says what was seen).
    Unrecognised(String),
    /// A JSON document larger than [`MAX_DOCUMENT_BYTES`].
    TooLarge,
    /// A record was malformed and `--strict` was asked for.
    Malformed(String),
}

impl ImportError {
    /// An error at `at`.
    pub fn new(at: impl Into<String>, kind: ImportErrorKind) -> Self {
        ImportError { at: at.into(), kind }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            ImportErrorKind::Io(e) => write!(f, "cannot read '{}': {e}", self.at),
            ImportErrorKind::Unrecognised(what) => {
                write!(f, "cannot tell the format of '{}': {what} (give --input-format)", self.at)
            }
            ImportErrorKind::TooLarge => {
                write!(f, "'{}' is a JSON document over {} MiB", self.at, MAX_DOCUMENT_BYTES >> 20)
            }
            ImportErrorKind::Malformed(message) => write!(f, "{}: {message}", self.at),
        }
    }
}

impl std::error::Error for ImportError {}

/// The largest whole JSON document read (a capture is one document; observations are read by line instead).
pub const MAX_DOCUMENT_BYTES: u64 = 256 << 20;

/// How much of a file's start is looked at to tell its format.
const SNIFF_BYTES: u64 = 1 << 20;

/// Choices that apply to every source.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// When raw captures were received, Unix seconds: relative times ("3 years ago") count back from it.
    /// `None` means unknown (0 in the observations); the pipeline fills it from the file's modification time.
    pub observed_at: Option<i64>,
}

/// What one call of [`RecordSource::next_record`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A record was read (it may have given no observations, as a blank line).
    Read,
    /// A record was malformed and skipped.
    Skipped(ReadWarning),
    /// There are no more records.
    End,
}

/// A stream of records from one input, each giving zero or more observations.
pub trait RecordSource: Send {
    /// The format being read.
    fn format(&self) -> InputFormat;

    /// Reads the next record, appending its observations to `out` and anything worth saying that did not stop
    /// the record (a capture reader's warnings) to `notes`.
    fn next_record(
        &mut self,
        out: &mut Vec<Observation>,
        notes: &mut Vec<ReadWarning>,
    ) -> Result<Step, ImportError>;
}

/// Up to a batch of observations read from one source.
#[derive(Debug, Default)]
pub struct Batch {
    /// The observations, in input order.
    pub observations: Vec<Observation>,
    /// Records skipped as malformed, each naming where.
    pub skipped: Vec<ReadWarning>,
    /// Warnings that did not cost a record.
    pub notes: Vec<ReadWarning>,
    /// Records read (including skipped ones).
    pub records: usize,
    /// Whether the source is exhausted.
    pub end: bool,
}

/// Reads records until about `max` observations (or `max` records) are gathered or the source ends.
pub fn read_batch(source: &mut dyn RecordSource, max: usize) -> Result<Batch, ImportError> {
    let max = max.max(1);
    let mut batch = Batch::default();
    while batch.observations.len() < max && batch.records < max {
        match source.next_record(&mut batch.observations, &mut batch.notes)? {
            Step::Read => batch.records += 1,
            Step::Skipped(w) => {
                batch.records += 1;
                batch.skipped.push(w);
            }
            Step::End => {
                batch.end = true;
                break;
            }
        }
    }
    Ok(batch)
}

/// Opens a source over `input`, named `name` in warnings, in `format` or, when `None`, the detected one.
pub fn open(
    name: &str,
    mut input: Box<dyn BufRead + Send>,
    format: Option<InputFormat>,
    options: &ReadOptions,
) -> Result<Box<dyn RecordSource>, ImportError> {
    // The first line is enough to tell every format apart; it is read once and put back in front.
    let mut head = Vec::new();
    (&mut input)
        .take(SNIFF_BYTES)
        .read_until(b'\n', &mut head)
        .map_err(|e| ImportError::new(name, ImportErrorKind::Io(e)))?;
    let format = match format {
        Some(f) => f,
        None => {
            detect(name, &head).map_err(|what| ImportError::new(name, ImportErrorKind::Unrecognised(what)))?
        }
    };
    let whole: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(head).chain(input));
    let name = name.to_string();
    Ok(match format {
        InputFormat::Observations => Box::new(observations::ObservationLines::new(name, whole)),
        InputFormat::XGraphql | InputFormat::YoutubeNext | InputFormat::Capture => {
            Box::new(capture::CaptureDocument::new(name, whole, format, options.observed_at))
        }
        InputFormat::IoArchive => Box::new(io_archive::IoArchiveRows::new(name, whole)?),
        InputFormat::IraAuthors => Box::new(ira::IraRows::new(name, whole)?),
        InputFormat::PostsCsv => Box::new(posts_csv::PostRows::new(name, whole)?),
    })
}

/// Tells the format of an input from its name and its first line.
///
/// A first line that starts a JSON object is an observation when it parses as one (JSON Lines), otherwise the
/// start of a raw capture document. Anything else is read as a CSV header, and the columns decide: `tweetid`
/// and `userid` make the IO archive, `content` and `publish_date` the IRA tweets, `account`, `time` and `text`
/// the plain CSV. The file's extension only breaks ties (`.jsonl` and `.ndjson` are always observations).
pub fn detect(name: &str, head: &[u8]) -> Result<InputFormat, String> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start();
    // `tweets.jsonl.gz` is told by its inner extension.
    let unpacked = name.strip_suffix(".gz").unwrap_or(name);
    let extension = unpacked.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if extension == "jsonl" || extension == "ndjson" {
        return Ok(InputFormat::Observations);
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let first_line_is_observation = serde_json::from_str::<serde_json::Value>(trimmed.trim_end())
            .ok()
            .and_then(|v| v.as_object().map(|o| o.contains_key("kind") && o.contains_key("site")))
            .unwrap_or(false);
        return Ok(if first_line_is_observation { InputFormat::Observations } else { InputFormat::Capture });
    }
    if trimmed.is_empty() {
        return Err("it is empty".into());
    }
    let header = table::header_names(trimmed.as_bytes());
    let has = |column: &str| header.iter().any(|h| h == column);
    if has("tweetid") && has("userid") {
        Ok(InputFormat::IoArchive)
    } else if has("content") && has("publish_date") {
        Ok(InputFormat::IraAuthors)
    } else if has("account") && has("time") && has("text") {
        Ok(InputFormat::PostsCsv)
    } else {
        let shown: String = trimmed.chars().take(80).collect();
        Err(format!("the first line '{}' is neither JSON nor a known CSV header", shown.trim_end()))
    }
}

/// Parses a post time in any of the forms datasets use, with the precision the text itself carries:
/// Unix seconds (`1700000000`), X's `Wed Oct 10 20:19:24 +0000 2018`, ISO 8601 (`2017-08-06 08:15` is
/// known to the minute, `2017-08-06` to the day), and the US `8/6/2017 8:15` of the IRA release.
/// A time without a zone is taken as UTC.
pub fn parse_post_time(s: &str) -> Option<PostTime> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<i64>().ok().map(PostTime::exact);
    }
    if let Some(at) = time::parse_x_created_at(s) {
        return Some(PostTime::exact(at));
    }
    if let Some((at, precision)) = parse_us_date_time(s) {
        return Some(widen(at, precision));
    }
    let at = time::parse_iso(s)?;
    let clock = s.find(['T', ' ']).map(|i| &s[i + 1..]).unwrap_or("").trim_start();
    let clock = clock.split(['Z', '+', '-', ' ']).next().unwrap_or("");
    let precision = match clock.matches(':').count() {
        0 if clock.is_empty() => Precision::Day,
        1 => Precision::Minute,
        _ => Precision::Second,
    };
    Some(widen(at, precision))
}

/// The interval a time of the given precision stands for.
pub fn widen(at: i64, precision: Precision) -> PostTime {
    let latest = match precision {
        Precision::Second | Precision::Range => at,
        Precision::Minute => at + 59,
        Precision::Hour => at + 3_599,
        Precision::Day => at + 86_399,
    };
    PostTime { earliest: at, latest, precision }
}

/// `M/D/YYYY H:MM[:SS]`, as the Clemson / FiveThirtyEight IRA release writes `publish_date`.
fn parse_us_date_time(s: &str) -> Option<(i64, Precision)> {
    let (date, clock) = s.split_once(' ').unwrap_or((s, ""));
    let mut d = date.split('/');
    let month: u32 = d.next()?.parse().ok()?;
    let day: u32 = d.next()?.parse().ok()?;
    let year: i64 = d.next()?.parse().ok()?;
    if d.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) || year < 1900 {
        return None;
    }
    let base = time::days_from_civil(year, month, day) * 86_400;
    let clock = clock.trim();
    if clock.is_empty() {
        return Some((base, Precision::Day));
    }
    let parts: Vec<&str> = clock.split(':').collect();
    let numbers: Option<Vec<i64>> = parts.iter().map(|p| p.parse::<i64>().ok()).collect();
    let numbers = numbers?;
    let (h, m, sec) = match numbers.as_slice() {
        [h, m] => (*h, *m, 0),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    if !(0..24).contains(&h) || !(0..60).contains(&m) || !(0..61).contains(&sec) {
        return None;
    }
    let precision = if parts.len() == 2 { Precision::Minute } else { Precision::Second };
    Some((base + h * 3600 + m * 60 + sec, precision))
}

/// A post id for datasets that give none: a hash of what identifies the post, so that the same post read
/// twice (two overlapping files) is still one post.
pub fn synthetic_post_id(parts: &[&str]) -> String {
    let hash = parts
        .iter()
        .fold(crate::text::FNV_OFFSET, |h, part| crate::text::fnv1a(h, part.bytes().chain([0xff])));
    format!("h{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_detect(name: &str, head: &str, expected: Result<InputFormat, ()>) {
        assert_eq!(detect(name, head.as_bytes()).map_err(|_| ()), expected, "{name}: {head}");
    }

    #[test]
    fn detects_formats_from_first_line_and_extension() {
        use InputFormat::*;
        check_detect("a.jsonl", "garbage", Ok(Observations));
        check_detect(
            "a",
            r#"{"schema":"trichome.observation/1","site":"x","kind":"post"}"#,
            Ok(Observations),
        );
        check_detect("a.json", "{\n", Ok(Capture));
        check_detect("a.json", r#"{"data":{"user":{}}}"#, Ok(Capture));
        check_detect("a.csv", "\u{feff}\"tweetid\",\"userid\",\"tweet_time\"\n", Ok(IoArchive));
        check_detect("x.csv", "author_id,content,region,language,publish_date\n", Ok(IraAuthors));
        check_detect("x.txt", "account,time,text,lang\n", Ok(PostsCsv));
        check_detect("x.csv", "a,b,c\n", Err(()));
        check_detect("x.csv", "", Err(()));
    }

    #[test]
    fn post_times_keep_the_precision_the_text_has() {
        let cases = [
            ("2017-08-06 08:15", Some((1_502_007_300, Precision::Minute))),
            ("2017-08-06 08:15:07", Some((1_502_007_307, Precision::Second))),
            ("2017-08-06T08:15:07Z", Some((1_502_007_307, Precision::Second))),
            ("2017-08-06", Some((1_501_977_600, Precision::Day))),
            ("8/6/2017 8:15", Some((1_502_007_300, Precision::Minute))),
            ("1502007307", Some((1_502_007_307, Precision::Second))),
            ("Sun Aug 06 08:15:07 +0000 2017", Some((1_502_007_307, Precision::Second))),
            ("13/6/2017 8:15", None),
            ("yesterday", None),
            ("", None),
        ];
        for (text, expected) in cases {
            let got = parse_post_time(text).map(|t| (t.earliest, t.precision));
            assert_eq!(got, expected, "{text}");
        }
        assert_eq!(parse_post_time("2017-08-06 08:15").and_then(|t| t.to_the_minute()), Some(1_502_007_300));
    }

    #[test]
    fn synthetic_ids_are_stable_and_distinct() {
        assert_eq!(synthetic_post_id(&["a", "b"]), synthetic_post_id(&["a", "b"]));
        assert_ne!(synthetic_post_id(&["ab", ""]), synthetic_post_id(&["a", "b"]));
    }
}
