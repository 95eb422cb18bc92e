//! Reading loosely typed JSON fields, with warnings that name the JSON path of whatever was wrong.
//!
//! X's responses change shape between client releases: a count is a number in one generation and a string
//! in the next, a whole sub-object moves or disappears. A field that is absent is simply unknown; a field that
//! is present with the wrong type is worth a warning, because it means X changed something we read.

use trichome_text::json::{Map, Value};

pub(super) use crate::sites::json_path::{clip, kind_of, JsonPath, Warnings};
use crate::time::parse_x_created_at;

/// One JSON object of the response (a tweet, a user), read field by field.
pub(super) struct Fields<'v, 'p, 'w> {
    object: &'v Map<'v>,
    path: &'p JsonPath<'v>,
    warnings: &'w mut Warnings,
}

impl<'v, 'p, 'w> Fields<'v, 'p, 'w> {
    /// Reads `object`, which sits at `path`.
    pub(super) fn new(object: &'v Map<'v>, path: &'p JsonPath<'v>, warnings: &'w mut Warnings) -> Self {
        Fields { object, path, warnings }
    }

    /// The value at a relative path; `None` when absent or `null`. A step through something that is not an
    /// object is a warning: X moved or retyped a field we read.
    pub(super) fn value(&mut self, keys: &[&str]) -> Option<&'v Value<'v>> {
        let mut here = self.object;
        for (i, key) in keys.iter().enumerate() {
            let next = here.get(key)?;
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
    pub(super) fn object(&mut self, keys: &[&str]) -> Option<&'v Map<'v>> {
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

    fn wrong_type(&mut self, keys: &[&str], expected: &str, found: &Value<'_>) {
        self.warn(keys, format!("expected {expected}, found {}", kind_of(found)));
    }
}
