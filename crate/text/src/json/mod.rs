//! The JSON a page receives (X's GraphQL responses, YouTube's `youtubei` and `ytInitialData`), parsed in place
//! for the site readers: strings without escapes and numbers are borrowed from the body, objects keep their
//! members in the order written. Here, in the lowest layer, rather than beside the readers: it is the per-byte
//! loop of every capture, and this crate is the one the wasm module builds for speed.
//!
//! The readers only look things up and walk, so a document is a tree of vectors, not of maps (a BTreeMap per
//! object, as `serde_json::Value` builds, costs a node allocation per handful of members, and its code is
//! compiled at the module's size-first level in every reader that calls it; docs/benchmarks.md, issue #18).
//!
//! ```
//! use trichome_text::json::{parse_json, Value};
//! let doc = parse_json(r#"{"user": {"name": "Ada", "followers": 12, "tags": ["a\nb"]}}"#).unwrap();
//! let user = doc.get("user").unwrap();
//! assert_eq!(user.get("name").and_then(Value::as_str), Some("Ada"));
//! assert_eq!(user.get("followers").and_then(Value::as_u64), Some(12));
//! assert_eq!(user.get("tags").and_then(Value::as_array).map(Vec::len), Some(1));
//! assert!(parse_json("{\"a\": }").is_err());
//! ```

use std::borrow::Cow;
use std::fmt;

mod de;
mod object;
mod ser;

pub use de::{from_str, from_value};
pub use object::{as_bool, as_i64, as_string, as_u64, as_unsigned, list_of, opt, Object};
pub use ser::{append, to_string};

/// Deeper than this the parser refuses the document (as serde_json does), so hostile nesting cannot exhaust
/// the stack.
const MAX_DEPTH: usize = 128;

/// A JSON value, borrowing from the text it was parsed from.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as written.
    Number(Number<'a>),
    /// A string, borrowed unless it held escapes.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object.
    Object(Map<'a>),
}

/// A JSON number as written in the document; read as an integer on demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number<'a>(&'a str);

/// A JSON object: its members in the order written. A key written twice is found with its last value, as
/// JavaScript's `JSON.parse` does.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Map<'a> {
    members: Vec<(Cow<'a, str>, Value<'a>)>,
}

impl<'a> Number<'a> {
    /// The number as a non-negative integer, if it is written as one (no fraction, no exponent) and fits.
    pub fn as_u64(&self) -> Option<u64> {
        self.is_integer().then(|| self.0.parse().ok()).flatten()
    }

    /// The number as an integer, if it is written as one and fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.is_integer().then(|| self.0.parse().ok()).flatten()
    }

    /// The number's text, as written.
    pub fn as_text(&self) -> &'a str {
        self.0
    }

    fn is_integer(&self) -> bool {
        !self.0.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'))
    }
}

impl fmt::Display for Number<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl<'a> Map<'a> {
    /// The value of `key`; the last one if the key is written more than once.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether `key` is a member.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The members in the order written.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value<'a>)> {
        self.members.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// The values in the order written.
    pub fn values(&self) -> impl Iterator<Item = &Value<'a>> {
        self.members.iter().map(|(_, v)| v)
    }

    /// How many members are written.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the object is `{}`.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

impl<'a> Value<'a> {
    /// The member `key` of an object; `None` for anything else.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.as_object()?.get(key)
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number as a non-negative integer ([`Number::as_u64`]).
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// The number as an integer ([`Number::as_i64`]).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&Vec<Value<'a>>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&Map<'a>> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }
}

/// The value as JSON text (compact), which parses back to an equal value.
impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => f.write_str(if *b { "true" } else { "false" }),
            Value::Number(n) => f.write_str(n.0),
            Value::String(s) => write_string(f, s),
            Value::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    item.fmt(f)?;
                }
                f.write_str("]")
            }
            Value::Object(map) => {
                f.write_str("{")?;
                for (i, (key, value)) in map.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write_string(f, key)?;
                    f.write_str(":")?;
                    value.fmt(f)?;
                }
                f.write_str("}")
            }
        }
    }
}

/// `s` as a JSON string, quoted and escaped (also the writer's, [`to_string`]).
fn write_string(f: &mut impl fmt::Write, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        f.write_str(&s[last..i])?;
        if escaped.is_empty() {
            write!(f, "\\u{b:04x}")?;
        } else {
            f.write_str(escaped)?;
        }
        last = i + 1;
    }
    f.write_str(&s[last..])?;
    f.write_str("\"")
}

/// Why a text is not JSON, and where; or why a document is not the value asked of it ([`from_str`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    what: Cow<'static, str>,
    /// The line and column (in characters) of a syntax error; none for a document of the wrong shape.
    at: Option<(usize, usize)>,
}

impl Error {
    /// Whether the text is not JSON at all (rather than JSON of the wrong shape).
    pub fn is_syntax(&self) -> bool {
        self.at.is_some()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.what)?;
        match self.at {
            Some((line, column)) => write!(f, " at line {line} column {column}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for Error {}

/// Parses a text as JSON the way the page does. JavaScript strings may hold lone UTF-16 surrogates, which
/// `JSON.stringify` writes as `\udXXX` escapes: such an escape becomes U+FFFD instead of costing the whole
/// response.
pub fn parse_json(text: &str) -> Result<Value<'_>, Error> {
    let mut parser = Parser { text, bytes: text.as_bytes(), at: 0 };
    let value = parser.value(0)?;
    parser.skip_space();
    if parser.at < parser.bytes.len() {
        return Err(parser.error("trailing characters"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Parser<'a> {
    /// An error at the current byte, its line and column counted (in characters) only now.
    #[cold]
    fn error(&self, what: &'static str) -> Error {
        let before = &self.text.as_bytes()[..self.at.min(self.bytes.len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // Characters, not bytes: every byte but a UTF-8 continuation byte starts one.
        let column = 1 + before[line_start..].iter().filter(|&&b| b & 0xC0 != 0x80).count();
        Error { what: Cow::Borrowed(what), at: Some((line, column)) }
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.bytes.get(self.at).copied()
    }

    fn literal(&mut self, word: &'static str, value: Value<'a>) -> Result<Value<'a>, Error> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        match self.peek() {
            None => Err(self.error("EOF while parsing a value")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected value")),
        }
    }

    fn enter(&mut self, depth: usize) -> Result<(), Error> {
        if depth >= MAX_DEPTH {
            return Err(self.error("recursion limit exceeded"));
        }
        self.at += 1;
        Ok(())
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        self.enter(depth)?;
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.error("EOF while parsing a list")),
                Some(_) => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        self.enter(depth)?;
        let mut members = Vec::new();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(Map { members }));
        }
        loop {
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("key must be a string")),
            }
            let key = self.string()?;
            match self.peek() {
                Some(b':') => self.at += 1,
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("expected `:`")),
            }
            members.push((key, self.value(depth + 1)?));
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(Map { members }));
                }
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn number(&mut self) -> Result<Value<'a>, Error> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while let Some(b'0'..=b'9') = p.bytes.get(p.at) {
                p.at += 1;
            }
            p.at - from
        };
        if self.bytes[self.at] == b'-' {
            self.at += 1;
        }
        let whole = digits(self);
        if whole == 0 {
            return Err(self.error("invalid number"));
        }
        if whole > 1 && self.bytes[self.at - whole] == b'0' {
            self.at = start;
            return Err(self.error("invalid number"));
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if digits(self) == 0 {
                return Err(self.error("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("invalid number"));
            }
        }
        Ok(Value::Number(Number(&self.text[start..self.at])))
    }

    /// A string at the opening quote: borrowed when it holds no escape.
    fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        self.at += 1;
        let start = self.at;
        loop {
            match self.bytes.get(self.at) {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    let s = &self.text[start..self.at];
                    self.at += 1;
                    return Ok(Cow::Borrowed(s));
                }
                Some(b'\\') => break,
                Some(0..=0x1f) => return Err(self.error("control character found while parsing a string")),
                Some(_) => self.at += 1,
            }
        }
        let mut out = String::with_capacity(self.at - start + 16);
        out.push_str(&self.text[start..self.at]);
        let mut run = self.at;
        loop {
            match self.bytes.get(self.at) {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    out.push_str(&self.text[run..self.at]);
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..self.at]);
                    self.escape(&mut out)?;
                    run = self.at;
                }
                Some(0..=0x1f) => return Err(self.error("control character found while parsing a string")),
                Some(_) => self.at += 1,
            }
        }
    }

    /// One escape at its backslash, written to `out`.
    fn escape(&mut self, out: &mut String) -> Result<(), Error> {
        self.at += 1;
        let Some(&kind) = self.bytes.get(self.at) else {
            return Err(self.error("EOF while parsing a string"));
        };
        self.at += 1;
        let c = match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                match unit {
                    0xD800..=0xDBFF => {
                        let low = match self.bytes.get(self.at..self.at + 2) {
                            Some(b"\\u") => {
                                self.hex4_at(self.at + 2).filter(|n| (0xDC00..0xE000).contains(n))
                            }
                            _ => None,
                        };
                        match low {
                            Some(low) => {
                                self.at += 6;
                                let code =
                                    0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                                char::from_u32(code).unwrap_or('\u{fffd}')
                            }
                            // A lone surrogate, as JavaScript strings may hold.
                            None => '\u{fffd}',
                        }
                    }
                    0xDC00..=0xDFFF => '\u{fffd}',
                    _ => char::from_u32(u32::from(unit)).unwrap_or('\u{fffd}'),
                }
            }
            _ => {
                self.at -= 1;
                return Err(self.error("invalid escape"));
            }
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u16, Error> {
        match self.hex4_at(self.at) {
            Some(unit) => {
                self.at += 4;
                Ok(unit)
            }
            None => Err(self.error("invalid escape")),
        }
    }

    fn hex4_at(&self, at: usize) -> Option<u16> {
        let digits = self.bytes.get(at..at + 4)?;
        digits.iter().try_fold(0u16, |n, &b| Some(n << 4 | char::from(b).to_digit(16)? as u16))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &Value<'_>, key: &str) -> String {
        value.get(key).and_then(Value::as_str).expect(key).to_string()
    }

    #[test]
    fn lone_surrogates_from_javascript_do_not_cost_the_response() {
        let body = r#"{"a":"x\ud800y","b":"\ud83d\ude00","c":"\\ud800","d":"\udc00","e":"\ud800\u0041"}"#;
        let value = parse_json(body).expect("parses");
        assert_eq!(text(&value, "a"), "x\u{fffd}y");
        assert_eq!(text(&value, "b"), "😀");
        assert_eq!(text(&value, "c"), "\\ud800", "an escaped backslash is text, not an escape");
        assert_eq!(text(&value, "d"), "\u{fffd}");
        assert_eq!(text(&value, "e"), "\u{fffd}A", "a high surrogate before a non-surrogate stands alone");
    }

    #[test]
    fn reads_what_serde_json_reads() {
        let docs = [
            r#"{"a": [1, -2, 3.5, 1e3, -0, 0.25E-2], "b": {"c": null, "d": true, "e": false}, "f": "tab\there"}"#,
            r#"[{"k":"\u00e9\u4e2d\n\"\\\/\b\f\r"}, [], {}, [[[]]], "", 18446744073709551615, 18446744073709551616]"#,
            "  \n\t{ \"spaced\" : [ 1 , 2 ] }  \r\n",
            r#""just a string""#,
            "-12",
        ];
        for doc in docs {
            let ours = parse_json(doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
            let theirs: serde_json::Value = serde_json::from_str(doc).expect("serde_json reads it");
            // Written back and read by serde_json, ours is the same document.
            let again: serde_json::Value = serde_json::from_str(&ours.to_string()).expect("written as JSON");
            assert_eq!(again, theirs, "{doc}");
        }
    }

    #[test]
    fn refuses_what_is_not_json_and_says_where() {
        let bad = [
            ("", "EOF while parsing a value at line 1 column 1"),
            ("{\"a\": }", "expected value at line 1 column 7"),
            ("[1, 2", "EOF while parsing a list at line 1 column 6"),
            ("{\"a\" 1}", "expected `:` at line 1 column 6"),
            ("{1: 2}", "key must be a string at line 1 column 2"),
            ("[1] x", "trailing characters at line 1 column 5"),
            ("\"abc", "EOF while parsing a string at line 1 column 5"),
            ("\"a\\qb\"", "invalid escape at line 1 column 4"),
            ("\"a\\u12\"", "invalid escape at line 1 column 5"),
            ("[01]", "invalid number at line 1 column 2"),
            ("[1.]", "invalid number at line 1 column 4"),
            ("[-]", "invalid number at line 1 column 3"),
            ("[1e]", "invalid number at line 1 column 4"),
            ("\"a\nb\"", "control character found while parsing a string at line 1 column 3"),
            ("[\n  tru]", "expected value at line 2 column 3"),
            ("{\"é\": x}", "expected value at line 1 column 7"),
        ];
        for (doc, message) in bad {
            let error = parse_json(doc).expect_err(doc);
            assert_eq!(error.to_string(), message, "{doc:?}");
            assert!(
                serde_json::from_str::<serde_json::Value>(doc).is_err(),
                "serde_json refuses {doc:?} too"
            );
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert!(parse_json(&deep).expect_err("too deep").to_string().starts_with("recursion limit exceeded"));
        let fine = format!("{}{}", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
        assert!(parse_json(&fine).is_ok());
    }

    #[test]
    fn numbers_are_integers_only_as_written() {
        let doc = parse_json(
            r#"[7, -7, 7.0, 7e0, 18446744073709551615, 18446744073709551616, -9223372036854775808]"#,
        )
        .expect("parses");
        let items = doc.as_array().expect("array");
        let u: Vec<_> = items.iter().map(Value::as_u64).collect();
        let i: Vec<_> = items.iter().map(Value::as_i64).collect();
        assert_eq!(u, [Some(7), None, None, None, Some(u64::MAX), None, None]);
        assert_eq!(i, [Some(7), Some(-7), None, None, None, None, Some(i64::MIN)]);
        assert_eq!(items[2].to_string(), "7.0", "a number prints as written");
    }

    #[test]
    fn members_keep_their_order_and_the_last_of_a_repeated_key_wins() {
        let doc = parse_json(r#"{"z": 1, "a": 2, "z": 3}"#).expect("parses");
        let map = doc.as_object().expect("object");
        assert_eq!(map.iter().map(|(k, _)| k).collect::<Vec<_>>(), ["z", "a", "z"]);
        assert_eq!(doc.get("z").and_then(Value::as_u64), Some(3));
        assert!(map.contains_key("a") && !map.contains_key("b"));
        assert!(matches!(doc.get("a"), Some(Value::Number(_))));
        assert!(doc.get("a").is_some_and(|v| v.get("x").is_none()), "a number has no members");
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let doc = parse_json(r#"{"plain": "abc", "escaped": "a\"c"}"#).expect("parses");
        assert!(matches!(doc.get("plain"), Some(Value::String(Cow::Borrowed("abc")))));
        assert!(matches!(doc.get("escaped"), Some(Value::String(Cow::Owned(s))) if s == "a\"c"));
    }

    /// Whatever the bytes, the parser answers (no panic), and what it accepts serde_json accepts.
    #[test]
    fn survives_garbage() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let alphabet = br#"{}[]",:-+.eE0123456789tfnrulsa\/ bu"#;
        for _ in 0..20_000 {
            let len = (seed % 24) as usize;
            let mut doc = String::new();
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                doc.push(char::from(alphabet[(seed % alphabet.len() as u64) as usize]));
            }
            if parse_json(&doc).is_ok() {
                assert!(serde_json::from_str::<serde_json::Value>(&doc).is_ok(), "{doc:?}");
            }
        }
    }
}
