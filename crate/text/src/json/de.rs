//! Typed values read from a parsed document with serde's derived readers: the small enums and encoded members
//! of observations and histories, whose structs are read by hand (`trichome::observation::read`,
//! `trichome::history::read`, over [`super::Object`]), and whatever else a caller asks for.
//!
//! serde_json's own reader parses and builds at once, and its parsing loop is compiled anew, inlined, into
//! every type's reader (about 60 KiB of the module for a dozen types; docs/benchmarks.md, issue #18). Here the
//! text is parsed once by [`parse_json`] and each type's reader only walks the tree, so what is repeated per
//! type is a dispatch on the kind of value. The derived readers are the same ones serde_json drives, so a
//! document reads to the same value (the tests hold it to serde_json), with one difference: a number with a
//! fraction or an exponent is refused, since nothing read this way holds one (and float parsing would bring
//! its tables into the module).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Unexpected, Visitor};
use serde::forward_to_deserialize_any;

use super::{parse_json, Error, Number, Value};

/// Reads `text` as JSON into a `T`. A syntax error names its line and column; a document of the wrong shape
/// says what serde's reader expected (``missing field `id` ``), without a position.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    from_value(&parse_json(text)?)
}

/// Reads a parsed document (or a part of one) into a `T`.
pub fn from_value<'de, T: de::Deserialize<'de>>(value: &'de Value<'de>) -> Result<T, Error> {
    T::deserialize(value)
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error { what: Cow::Owned(message.to_string()), at: None }
    }

    // These two say what serde's own say, through `Found` below.
    fn invalid_type(found: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::custom(format_args!("invalid type: {}, expected {expected}", Found(found)))
    }

    fn invalid_value(found: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::custom(format_args!("invalid value: {}, expected {expected}", Found(found)))
    }
}

/// What serde's `Unexpected` writes, except a float, written by [`crate::decimal::shortest`] (`1e-7`, where
/// serde writes `0.0000001`): serde's way is the standard float formatter, which nothing else in the wasm
/// module needs (no reader here is handed a float; docs/benchmarks.md, issue #18).
struct Found<'a>(Unexpected<'a>);

impl fmt::Display for Found<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(i) => write!(f, "integer `{i}`"),
            Unexpected::Signed(i) => write!(f, "integer `{i}`"),
            Unexpected::Float(x) if x.is_finite() => {
                write!(f, "floating point `{}`", crate::decimal::shortest(x))
            }
            Unexpected::Float(_) => f.write_str("floating point"),
            Unexpected::Char(c) => write!(f, "character `{c}`"),
            Unexpected::Str(s) => write!(f, "string {s:?}"),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            Unexpected::Unit => f.write_str("unit value"),
            Unexpected::Option => f.write_str("Option value"),
            Unexpected::NewtypeStruct => f.write_str("newtype struct"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
            Unexpected::Enum => f.write_str("enum"),
            Unexpected::UnitVariant => f.write_str("unit variant"),
            Unexpected::NewtypeVariant => f.write_str("newtype variant"),
            Unexpected::TupleVariant => f.write_str("tuple variant"),
            Unexpected::StructVariant => f.write_str("struct variant"),
            Unexpected::Other(other) => f.write_str(other),
        }
    }
}

/// A number as the visitor wants it: whole numbers only.
fn visit_number<'de, V: Visitor<'de>>(n: &Number<'de>, visitor: V) -> Result<V::Value, Error> {
    if let Some(u) = n.as_u64() {
        visitor.visit_u64(u)
    } else if let Some(i) = n.as_i64() {
        visitor.visit_i64(i)
    } else {
        Err(wrong_type(&Value::Number(*n), &visitor))
    }
}

/// The error for a value of the wrong kind: one copy for every reader, since only `expected` differs.
#[cold]
#[inline(never)]
fn wrong_type(found: &Value<'_>, expected: &dyn de::Expected) -> Error {
    let found = match found {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (_, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Other(n.as_text()),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    };
    de::Error::invalid_type(found, expected)
}

/// A string, borrowed from the document when it is.
fn visit_text<'de, V: Visitor<'de>>(s: &'de Cow<'de, str>, visitor: V) -> Result<V::Value, Error> {
    match s {
        Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
        Cow::Owned(s) => visitor.visit_str(s),
    }
}

/// Fails when a sequence or map was not read to its end, as serde_json does.
fn all_read(left: usize, read: usize, what: &dyn de::Expected) -> Result<(), Error> {
    if left == 0 {
        Ok(())
    } else {
        Err(de::Error::invalid_length(read + left, what))
    }
}

/// Methods that read as another does (narrower integers as the widest, owned strings as borrowed ones).
macro_rules! forward_to {
    ($to:ident: $($from:ident)*) => {
        $(fn $from<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.$to(visitor)
        })*
    };
}

/// Each kind of value is asked for by its own method, so that a type's reader holds only the branch it
/// takes and a call to [`wrong_type`] (a reader that takes anything, `deserialize_any`, holds them all).
impl<'de> de::Deserializer<'de> for &'de Value<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => visit_number(n, visitor),
            Value::String(s) => visit_text(s, visitor),
            Value::Array(_) => self.deserialize_seq(visitor),
            Value::Object(_) => self.deserialize_map(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Bool(b) => visitor.visit_bool(*b),
            _ => Err(wrong_type(self, &visitor)),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.as_u64() {
            Some(u) => visitor.visit_u64(u),
            None => Err(wrong_type(self, &visitor)),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.as_i64() {
            Some(i) => visitor.visit_i64(i),
            None => Err(wrong_type(self, &visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::String(s) => visit_text(s, visitor),
            _ => Err(wrong_type(self, &visitor)),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_unit(),
            _ => Err(wrong_type(self, &visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let Value::Array(items) = self else {
            return Err(wrong_type(self, &visitor));
        };
        let mut seq = Items { items: items.iter(), read: 0 };
        let value = visitor.visit_seq(&mut seq)?;
        all_read(seq.items.len(), seq.read, &"fewer elements in the array")?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let Value::Object(map) = self else {
            return Err(wrong_type(self, &visitor));
        };
        let mut members = Members { members: map.members.iter(), value: None, read: 0 };
        let value = visitor.visit_map(&mut members)?;
        all_read(members.members.len(), members.read, &"fewer members in the object")?;
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Value::String(name) => visitor.visit_enum(Variant { name, value: None }),
            Value::Object(map) if map.members.len() == 1 => {
                let (name, value) = &map.members[0];
                visitor.visit_enum(Variant { name, value: Some(value) })
            }
            _ => Err(wrong_type(self, &"a string or an object with one member")),
        }
    }

    /// Skipped without a walk: the tree is already parsed.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    forward_to! { deserialize_u64: deserialize_u8 deserialize_u16 deserialize_u32 }
    forward_to! { deserialize_i64: deserialize_i8 deserialize_i16 deserialize_i32 }
    forward_to! { deserialize_str: deserialize_string deserialize_identifier }

    forward_to_deserialize_any! {
        i128 u128 f32 f64 char bytes byte_buf
    }
}

struct Items<'de> {
    items: std::slice::Iter<'de, Value<'de>>,
    read: usize,
}

impl<'de> de::SeqAccess<'de> for &mut Items<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            Some(item) => {
                self.read += 1;
                seed.deserialize(item).map(Some)
            }
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Members<'de> {
    members: std::slice::Iter<'de, (Cow<'de, str>, Value<'de>)>,
    value: Option<&'de Value<'de>>,
    read: usize,
}

impl<'de> de::MapAccess<'de> for &mut Members<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        match self.members.next() {
            Some((key, value)) => {
                self.read += 1;
                self.value = Some(value);
                seed.deserialize(Key(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::custom("a member's value asked before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

/// An object's key, read as a string (a field's name, a map's key, an enum's variant).
struct Key<'de>(&'de Cow<'de, str>);

impl<'de> de::Deserializer<'de> for Key<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visit_text(self.0, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(Variant { name: self.0, value: None })
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// An enum written as its variant's name, or as `{"Variant": value}`.
struct Variant<'de> {
    name: &'de Cow<'de, str>,
    value: Option<&'de Value<'de>>,
}

impl<'de> de::EnumAccess<'de> for Variant<'de> {
    type Error = Error;
    type Variant = Payload<'de>;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self::Variant), Error> {
        Ok((seed.deserialize(Key(self.name))?, Payload(self.value)))
    }
}

/// What a variant holds: nothing (written as its name), or the member's value.
struct Payload<'de>(Option<&'de Value<'de>>);

impl<'de> de::VariantAccess<'de> for Payload<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            None | Some(Value::Null) => Ok(()),
            Some(_) => Err(de::Error::invalid_type(Unexpected::NewtypeVariant, &"a unit variant")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        match self.0 {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &"a newtype variant")),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(value @ Value::Array(_)) => de::Deserializer::deserialize_any(value, visitor),
            _ => Err(de::Error::invalid_type(Unexpected::UnitVariant, &"a tuple variant")),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Some(value @ Value::Object(_)) => de::Deserializer::deserialize_any(value, visitor),
            _ => Err(de::Error::invalid_type(Unexpected::UnitVariant, &"a struct variant")),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Colour {
        Red,
        Named(String),
        Mixed { r: u8, g: u8 },
        Pair(u8, u8),
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(tag = "kind", rename_all = "lowercase")]
    enum Shape {
        Circle { r: u32 },
        Dot,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Inner {
        #[serde(default)]
        n: i64,
        #[serde(flatten)]
        shape: Shape,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Outer<'a> {
        id: String,
        #[serde(borrow)]
        name: Cow<'a, str>,
        tags: Vec<String>,
        colours: Vec<Colour>,
        counts: BTreeMap<String, u64>,
        maybe: Option<bool>,
        #[serde(default)]
        missing: Option<u32>,
        inner: Vec<Inner>,
        pair: (u8, String),
        unit: (),
    }

    const DOC: &str = r#"{
        "id": "a\"b", "name": "plain", "tags": ["x", "y\u00e9"], "ignored": {"deep": [1, 2.5, null]},
        "colours": ["red", {"named": "teal"}, {"mixed": {"r": 1, "g": 2}}, {"pair": [3, 4]}],
        "counts": {"b": 2, "a": 18446744073709551615}, "maybe": null,
        "inner": [{"kind": "circle", "r": 5, "n": -3}, {"kind": "dot"}], "pair": [7, "seven"], "unit": null
    }"#;

    #[test]
    fn reads_what_serde_json_reads() {
        let doc = parse_json(DOC).expect("parses");
        let ours: Outer<'_> = from_value(&doc).expect("reads");
        let theirs: Outer<'_> = serde_json::from_str(DOC).expect("serde_json reads");
        assert_eq!(ours, theirs);
        assert!(matches!(ours.name, Cow::Borrowed("plain")), "a plain string is borrowed");
        assert_eq!(ours.counts["a"], u64::MAX);
    }

    #[test]
    fn refuses_what_serde_json_refuses_and_says_what() {
        let cases = [
            (r#"{"id": 1}"#, "invalid type: integer `1`, expected a string"),
            (r#"{"r": 1.5}"#, "invalid type: 1.5, expected u32"),
            (r#"{"kind": "square"}"#, "unknown variant `square`, expected `circle` or `dot`"),
            (r#"{"kind": "circle"}"#, "missing field `r`"),
            (r#"[1, 2]"#, "invalid length 2, expected fewer elements in the array"),
        ];
        let reads = |text: &str| -> (Result<(), Error>, bool) {
            let ours = match text.as_bytes()[0] {
                b'[' => from_str::<(u8,)>(text).map(drop),
                _ if text.contains("kind") => from_str::<Shape>(text).map(drop),
                _ if text.contains("\"r\"") => from_str::<BTreeMap<String, u32>>(text).map(drop),
                _ => from_str::<BTreeMap<String, String>>(text).map(drop),
            };
            let theirs = match text.as_bytes()[0] {
                b'[' => serde_json::from_str::<(u8,)>(text).is_err(),
                _ if text.contains("kind") => serde_json::from_str::<Shape>(text).is_err(),
                _ if text.contains("\"r\"") => serde_json::from_str::<BTreeMap<String, u32>>(text).is_err(),
                _ => serde_json::from_str::<BTreeMap<String, String>>(text).is_err(),
            };
            (ours, theirs)
        };
        for (text, message) in cases {
            let (ours, serde_json_refuses) = reads(text);
            let error = ours.expect_err(text);
            assert_eq!(error.to_string(), message, "{text}");
            assert!(!error.is_syntax());
            assert!(serde_json_refuses, "serde_json refuses {text} too");
        }
        let syntax = from_str::<u8>("[1,").expect_err("not JSON");
        assert!(syntax.is_syntax() && syntax.to_string().ends_with("at line 1 column 4"), "{syntax}");
    }
}
