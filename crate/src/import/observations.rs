//! Trichome's own observations, one JSON object per line (JSON Lines), as the extension exports them.

use std::io::BufRead;

use super::{ImportError, ImportErrorKind, InputFormat, RecordSource, Step};
use crate::observation::{Observation, ReadWarning};

/// Lines longer than this are skipped without being held whole (no observation comes near it).
const MAX_LINE_BYTES: usize = 4 << 20;

/// The lines of an observations file.
pub(crate) struct ObservationLines {
    name: String,
    input: Box<dyn BufRead + Send>,
    line: u64,
    buffer: Vec<u8>,
}

impl ObservationLines {
    pub(crate) fn new(name: String, input: Box<dyn BufRead + Send>) -> Self {
        ObservationLines { name, input, line: 0, buffer: Vec::new() }
    }
}

impl RecordSource for ObservationLines {
    fn format(&self) -> InputFormat {
        InputFormat::Observations
    }

    fn next_record(
        &mut self,
        out: &mut Vec<Observation>,
        _: &mut Vec<ReadWarning>,
    ) -> Result<Step, ImportError> {
        self.buffer.clear();
        let io = |e| ImportError::new(self.name.clone(), ImportErrorKind::Io(e));
        let read = std::io::Read::take(&mut self.input, MAX_LINE_BYTES as u64)
            .read_until(b'\n', &mut self.buffer)
            .map_err(io)?;
        if read == 0 {
            return Ok(Step::End);
        }
        self.line += 1;
        let at = format!("{}:{}", self.name, self.line);
        if !self.buffer.ends_with(b"\n") && self.buffer.len() >= MAX_LINE_BYTES {
            // Drain the rest of the overlong line so the next record starts on the next line.
            let mut rest = Vec::new();
            loop {
                rest.clear();
                let n = std::io::Read::take(&mut self.input, MAX_LINE_BYTES as u64)
                    .read_until(b'\n', &mut rest)
                    .map_err(|e| ImportError::new(self.name.clone(), ImportErrorKind::Io(e)))?;
                if n == 0 || rest.ends_with(b"\n") {
                    break;
                }
            }
            return Ok(Step::Skipped(ReadWarning::new(
                at,
                format!("line longer than {MAX_LINE_BYTES} bytes"),
            )));
        }
        let text = String::from_utf8_lossy(&self.buffer);
        let text = text.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            return Ok(Step::Read);
        }
        match crate::observation::read::from_str(text) {
            Ok(observation) => {
                out.push(observation);
                Ok(Step::Read)
            }
            Err(e) => Ok(Step::Skipped(ReadWarning::new(at, format!("not an observation: {e}")))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_and_names_the_bad_ones() {
        let text = concat!(
            r#"{"site":"x","kind":"post","id":"1","account_id":"@a","text":"hi"}"#,
            "\n\n",
            r#"{"site":"x","kind":"post","id":"2"}"#,
            "\nnot json\n",
        );
        let mut lines = ObservationLines::new("o.jsonl".into(), Box::new(text.as_bytes()));
        let (mut out, mut notes, mut steps) = (Vec::new(), Vec::new(), Vec::new());
        loop {
            match lines.next_record(&mut out, &mut notes).unwrap() {
                Step::End => break,
                s => steps.push(s),
            }
        }
        assert_eq!(out.len(), 1);
        let skipped: Vec<&str> = steps
            .iter()
            .filter_map(|s| match s {
                Step::Skipped(w) => Some(w.at.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(skipped, ["o.jsonl:3", "o.jsonl:4"]);
    }
}
