//! What the CSV formats share: a header mapped by column name, rows numbered by line, fields read leniently.
//!
//! Columns are found by name, never by position, so that a missing or extra column costs only what it held.
//! Fields are taken as bytes and decoded leniently: a stray invalid byte (the IRA release has some) becomes
//! U+FFFD instead of costing the row.

use std::borrow::Cow;
use std::io::Read;

use csv::{ByteRecord, ReaderBuilder};

use super::{ImportError, ImportErrorKind};
use crate::observation::ReadWarning;

/// The lower-cased, trimmed column names of a header line.
pub(crate) fn header_names(line: &[u8]) -> Vec<String> {
    let mut reader = ReaderBuilder::new().has_headers(false).flexible(true).from_reader(line);
    let mut record = ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => record.iter().map(column_name).collect(),
        _ => Vec::new(),
    }
}

fn column_name(raw: &[u8]) -> String {
    let raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
    String::from_utf8_lossy(raw).trim().to_lowercase()
}

/// What moving to the next row found.
pub(crate) enum Advance {
    /// A row, starting on this line.
    Row(u64),
    /// A row the CSV parser could not take.
    Bad(ReadWarning),
    /// The end of the input.
    End,
}

/// A CSV input with its header read.
pub(crate) struct CsvTable {
    name: String,
    reader: csv::Reader<Box<dyn Read + Send>>,
    header: Vec<String>,
    record: ByteRecord,
}

impl CsvTable {
    /// Opens `input` and reads its header.
    pub(crate) fn open(name: String, input: Box<dyn Read + Send>) -> Result<Self, ImportError> {
        let mut reader = ReaderBuilder::new().has_headers(true).flexible(true).from_reader(input);
        let header = match reader.byte_headers() {
            Ok(h) => h.iter().map(column_name).collect(),
            Err(e) => return Err(csv_failure(&name, e)),
        };
        Ok(CsvTable { name, reader, header, record: ByteRecord::new() })
    }

    /// The index of the first of `names` the header has.
    pub(crate) fn column(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.header.iter().position(|h| h == n))
    }

    /// Moves to the next row.
    pub(crate) fn advance(&mut self) -> Result<Advance, ImportError> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => Ok(Advance::Row(self.record.position().map_or(0, |p| p.line()))),
            Ok(false) => Ok(Advance::End),
            Err(e) if e.is_io_error() => Err(csv_failure(&self.name, e)),
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                Ok(Advance::Bad(ReadWarning::new(self.at(line), format!("not a CSV row: {e}"))))
            }
        }
    }

    /// The trimmed field of the current row in column `col`, when present and not empty.
    pub(crate) fn field(&self, col: Option<usize>) -> Option<Cow<'_, str>> {
        let text = String::from_utf8_lossy(self.record.get(col?)?);
        match text {
            Cow::Borrowed(b) => Some(b.trim()).filter(|t| !t.is_empty()).map(Cow::Borrowed),
            Cow::Owned(o) => Some(o.trim()).filter(|t| !t.is_empty()).map(|t| Cow::Owned(t.to_string())),
        }
    }

    /// The field as an owned string.
    pub(crate) fn text(&self, col: Option<usize>) -> Option<String> {
        self.field(col).map(Cow::into_owned)
    }

    /// `file:line`.
    pub(crate) fn at(&self, line: u64) -> String {
        format!("{}:{line}", self.name)
    }

    /// The input's name.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }
}

fn csv_failure(name: &str, e: csv::Error) -> ImportError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => ImportError::new(name, ImportErrorKind::Io(io)),
        other => {
            ImportError::new(name, ImportErrorKind::Malformed(format!("unreadable CSV header: {other:?}")))
        }
    }
}

/// Whether a dataset's flag field says yes (`true`, `True`, `1`, `yes`).
pub(crate) fn is_yes(field: Option<&str>) -> bool {
    matches!(field.map(str::to_ascii_lowercase).as_deref(), Some("true" | "1" | "yes" | "t"))
}

/// A count field (`19816`; tolerates `19,816` and `19816.0`).
pub(crate) fn count(field: Option<&str>) -> Option<u64> {
    let f = field?.replace(',', "");
    f.parse::<u64>().ok().or_else(|| f.parse::<f64>().ok().filter(|v| *v >= 0.0).map(|v| v as u64))
}
