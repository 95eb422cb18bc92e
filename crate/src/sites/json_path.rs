//! JSON paths and bounded warnings, shared by the site readers: whatever a response holds, the warnings it
//! gives stay small (issue #17, finding 2: a hostile key repeated in thousands of places once made the YouTube
//! reader build gigabytes of paths).

use trichome_text::json::Value;

use crate::observation::ReadWarning;

/// At most this many warnings are kept per response; the rest are counted, so garbage cannot grow memory.
const MAX_WARNINGS: usize = 64;

/// Keys longer than this are cut in paths, so a hostile key cannot make every warning huge.
const MAX_KEY_IN_PATH: usize = 48;

/// Paths longer than this (in bytes) are cut, so that a deep path of long keys stays small too.
const MAX_PATH: usize = 240;

/// One step of a JSON path.
#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The path from the response root to the value being read, kept as a stack while walking.
#[derive(Debug, Default)]
pub(crate) struct JsonPath<'a> {
    steps: Vec<Step<'a>>,
}

impl<'a> JsonPath<'a> {
    /// Enters an object member.
    pub(crate) fn push_key(&mut self, key: &'a str) {
        self.steps.push(Step::Key(key));
    }

    /// Enters an array element.
    pub(crate) fn push_index(&mut self, index: usize) {
        self.steps.push(Step::Index(index));
    }

    /// Leaves the innermost member or element.
    pub(crate) fn pop(&mut self) {
        self.steps.pop();
    }

    /// The path as written in warnings: `data.user.result.timeline.instructions[2].entries[0]`.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        for step in &self.steps {
            match step {
                Step::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    match key.char_indices().nth(MAX_KEY_IN_PATH) {
                        Some((cut, _)) => {
                            out.push_str(&key[..cut]);
                            out.push('…');
                        }
                        None => out.push_str(key),
                    }
                }
                Step::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        if out.is_empty() {
            out.push('$');
        }
        if out.len() > MAX_PATH {
            let mut cut = MAX_PATH;
            while !out.is_char_boundary(cut) {
                cut -= 1;
            }
            out.truncate(cut);
            out.push('…');
        }
        out
    }

    /// Whether the path passes through the object member `key`.
    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.steps.iter().any(|s| matches!(s, Step::Key(k) if *k == key))
    }

    /// The path with a relative suffix (`legacy.full_text`) appended.
    pub(crate) fn render_with(&self, suffix: &[&str]) -> String {
        let mut out = self.render();
        for key in suffix {
            if out == "$" {
                out.clear();
            } else {
                out.push('.');
            }
            out.push_str(key);
        }
        out
    }
}

/// The warnings of one response, bounded.
#[derive(Debug, Default)]
pub(crate) struct Warnings {
    kept: Vec<ReadWarning>,
    dropped: usize,
}

impl Warnings {
    /// Records a warning at `at`; the same warning at the same place once only (a `legacy` that is not an
    /// object would otherwise be reported once per field read through it).
    pub(crate) fn push(&mut self, at: String, message: impl Into<String>) {
        let warning = ReadWarning::new(at, message);
        if self.kept.contains(&warning) {
            return;
        }
        if self.kept.len() < MAX_WARNINGS {
            self.kept.push(warning);
        } else {
            self.dropped += 1;
        }
    }

    /// The warnings kept, plus one saying how many were left out.
    pub(crate) fn into_vec(mut self) -> Vec<ReadWarning> {
        if self.dropped > 0 {
            let message = format!("{} more warnings not kept", self.dropped);
            self.kept.push(ReadWarning::new("$", message));
        }
        self.kept
    }
}

/// The JSON kind of a value, for warnings.
pub(crate) fn kind_of(value: &Value<'_>) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A string cut short for a warning.
pub(crate) fn clip(s: &str) -> &str {
    match s.char_indices().nth(40) {
        Some((cut, _)) => &s[..cut],
        None => s,
    }
}
