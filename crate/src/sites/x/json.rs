//! Reading loosely typed JSON fields, with warnings that name the JSON path of whatever was wrong.
//!
//! X's responses change shape between client releases: a count is a number in one generation and a string
//! in the next, a whole sub-object moves or disappears. A field that is absent is simply unknown; a field that
//! is present with the wrong type is worth a warning, because it means X changed something we read.

use serde_json::{Map, Value};

use crate::observation::ReadWarning;
use crate::time::parse_x_created_at;

/// At most this many warnings are kept per response; the rest are counted, so garbage cannot grow memory.
const MAX_WARNINGS: usize = 64;

/// Keys longer than this are cut in paths, so a hostile key cannot make every warning huge.
const MAX_KEY_IN_PATH: usize = 48;

/// One step of a JSON path.
#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The path from the response root to the value being read, kept as a stack while walking.
#[derive(Debug, Default)]
pub(super) struct JsonPath<'a> {
    steps: Vec<Step<'a>>,
}

impl<'a> JsonPath<'a> {
    /// Enters an object member.
    pub(super) fn push_key(&mut self, key: &'a str) {
        self.steps.push(Step::Key(key));
    }

    /// Enters an array element.
    pub(super) fn push_index(&mut self, index: usize) {
        self.steps.push(Step::Index(index));
    }

    /// Leaves the innermost member or element.
    pub(super) fn pop(&mut self) {
        self.steps.pop();
    }

    /// The path as written in warnings: `data.user.result.timeline.instructions[2].entries[0]`.
    pub(super) fn render(&self) -> String {
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
        out
    }

    /// The path with a relative suffix (`legacy.full_text`) appended.
    pub(super) fn render_with(&self, suffix: &[&str]) -> String {
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
pub(super) struct Warnings {
    kept: Vec<ReadWarning>,
    dropped: usize,
}

impl Warnings {
    /// Records a warning at `at`; the same warning at the same place once only (a `legacy` that is not an
    /// object would otherwise be reported once per field read through it).
    pub(super) fn push(&mut self, at: String, message: impl Into<String>) {
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
    pub(super) fn into_vec(mut self) -> Vec<ReadWarning> {
        if self.dropped > 0 {
            let message = format!("{} more warnings not kept", self.dropped);
            self.kept.push(ReadWarning::new("$", message));
        }
        self.kept
    }
}

/// One JSON object of the response (a tweet, a user), read field by field.
pub(super) struct Fields<'v, 'p, 'w> {
    object: &'v Map<String, Value>,
    path: &'p JsonPath<'v>,
    warnings: &'w mut Warnings,
}

impl<'v, 'p, 'w> Fields<'v, 'p, 'w> {
    /// Reads `object`, which sits at `path`.
    pub(super) fn new(
        object: &'v Map<String, Value>,
        path: &'p JsonPath<'v>,
        warnings: &'w mut Warnings,
    ) -> Self {
        Fields { object, path, warnings }
    }

    /// The value at a relative path; `None` when absent or `null`. A step through something that is not an
    /// object is a warning: X moved or retyped a field we read.
    pub(super) fn value(&mut self, keys: &[&str]) -> Option<&'v Value> {
        let mut here = self.object;
        for (i, key) in keys.iter().enumerate() {
            let next = here.get(*key)?;
            if i + 1 == keys.len() {
                return (!next.is_null()).then_some(next);
            }
            match next {
                Value::Object(map) => here = map,
                Value::Null => return None,
                other => {
                    self.wrong_type(&keys[..=i], "an object", other);
                    return None;
                }
            }
        }
        None
    }

    /// The object at a relative path.
    pub(super) fn object(&mut self, keys: &[&str]) -> Option<&'v Map<String, Value>> {
        match self.value(keys)? {
            Value::Object(map) => Some(map),
            other => {
                self.wrong_type(keys, "an object", other);
                None
            }
        }
    }

    /// The string at a relative path.
    pub(super) fn text(&mut self, keys: &[&str]) -> Option<&'v str> {
        match self.value(keys)? {
            Value::String(s) => Some(s),
            other => {
                self.wrong_type(keys, "a string", other);
                None
            }
        }
    }

    /// A non-negative count at a relative path: X writes some counts as numbers, some as decimal strings.
    pub(super) fn count(&mut self, keys: &[&str]) -> Option<u64> {
        match self.value(keys)? {
            Value::Number(n) => match n.as_u64() {
                Some(v) => Some(v),
                None => {
                    self.warn(keys, format!("expected a count, found {n}"));
                    None
                }
            },
            Value::String(s) => match s.trim().parse::<u64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    self.warn(keys, format!("expected a count, found {:?}", clip(s)));
                    None
                }
            },
            other => {
                self.wrong_type(keys, "a count", other);
                None
            }
        }
    }

    /// A time in X's classic format (`Wed Oct 10 20:19:24 +0000 2018`) at a relative path, as Unix seconds.
    pub(super) fn x_time(&mut self, keys: &[&str]) -> Option<i64> {
        let raw = self.text(keys)?;
        let parsed = parse_x_created_at(raw);
        if parsed.is_none() {
            self.warn(keys, format!("unreadable time {:?}", clip(raw)));
        }
        parsed
    }

    /// The boolean at a relative path.
    pub(super) fn flag(&mut self, keys: &[&str]) -> Option<bool> {
        match self.value(keys)? {
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong_type(keys, "true or false", other);
                None
            }
        }
    }

    /// Records a warning about the field at a relative path.
    pub(super) fn warn(&mut self, keys: &[&str], message: impl Into<String>) {
        self.warnings.push(self.path.render_with(keys), message);
    }

    fn wrong_type(&mut self, keys: &[&str], expected: &str, found: &Value) {
        self.warn(keys, format!("expected {expected}, found {}", kind_of(found)));
    }
}

/// The JSON kind of a value, for warnings.
pub(super) fn kind_of(value: &Value) -> &'static str {
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
pub(super) fn clip(s: &str) -> &str {
    match s.char_indices().nth(40) {
        Some((cut, _)) => &s[..cut],
        None => s,
    }
}
