//! Values written as compact JSON text with serde's derived writers: what the wasm module hands the extension
//! (verdicts, badges, reports, histories to store).
//!
//! Every value goes through one writer whose per-value work (escaping a string, writing a number, a comma) is
//! out of line, so a type's derived writer is a list of calls rather than a copy of the writing code: smaller
//! in the module than serde_json's writer, whose methods are inlined into every type's, or than building
//! JavaScript objects property by property (docs/benchmarks.md, issue #18). The text is what serde_json writes
//! for the same value, floats included (the shortest decimal that reads back as the float, by ryu:
//! [`crate::decimal::shortest`]; serde_json writes a `+` in a positive exponent, `1.5e+300`, where ryu
//! writes `1.5e300`), and a float that is not finite is `null`, as there (tests hold it to serde_json).

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use serde::ser::{self, Serialize};

use super::Error;

/// Writes `value` as compact JSON.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = String::new();
    append(&mut out, value)?;
    Ok(out)
}

/// Writes `value` as compact JSON at the end of `out`; on an error `out` is left as it was.
pub fn append<T: Serialize + ?Sized>(out: &mut String, value: &T) -> Result<(), Error> {
    let start = out.len();
    let mut writer = Writer { out: std::mem::take(out) };
    let written = value.serialize(&mut writer);
    *out = writer.out;
    if written.is_err() {
        out.truncate(start);
    }
    written
}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error { what: Cow::Owned(message.to_string()), at: None }
    }
}

struct Writer {
    out: String,
}

impl Writer {
    #[inline(never)]
    fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// A string, quoted and escaped.
    #[inline(never)]
    fn string(&mut self, s: &str) {
        let _ = super::write_string(&mut self.out, s);
    }

    #[inline(never)]
    fn unsigned(&mut self, n: u64) {
        let _ = write!(self.out, "{n}");
    }

    #[inline(never)]
    fn signed(&mut self, n: i64) {
        let _ = write!(self.out, "{n}");
    }

    #[inline(never)]
    fn float(&mut self, x: f64) {
        if x.is_finite() {
            self.out.push_str(&crate::decimal::shortest(x));
        } else {
            self.out.push_str("null");
        }
    }

    /// The separator before an element or member: a comma unless it is the first.
    #[inline(never)]
    fn next(&mut self, first: &mut bool) {
        if !std::mem::take(first) {
            self.out.push(',');
        }
    }

    /// Opens an array or object, which `close` will end.
    fn compound(&mut self, open: &str, close: &'static str) -> Compound<'_> {
        self.raw(open);
        Compound { writer: self, first: true, close }
    }

    /// A member's separator and key: `,"key":`. One call per field in every type's writer.
    #[inline(never)]
    fn key(&mut self, first: &mut bool, key: &str) {
        self.next(first);
        self.string(key);
        self.out.push(':');
    }

    /// `{"variant":` for a variant written with its content.
    #[inline(never)]
    fn open_variant(&mut self, variant: &str) {
        self.out.push('{');
        self.string(variant);
        self.out.push(':');
    }
}

/// An array or object being written; `close` is what ends it (`]`, `}`, or `}}` after a variant's content).
struct Compound<'w> {
    writer: &'w mut Writer,
    first: bool,
    close: &'static str,
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.writer.next(&mut self.first);
        value.serialize(&mut *self.writer)
    }

    fn member<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.writer.key(&mut self.first, key);
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), Error> {
        self.writer.raw(self.close);
        Ok(())
    }
}

/// The narrower integers, written as the widest of their sign.
macro_rules! widen {
    ($($narrow:ident: $t:ty),* => $wide:ident: $w:ty) => {$(
        fn $narrow(self, v: $t) -> Result<(), Error> {
            self.$wide(<$w>::from(v))
        }
    )*};
}

/// Every narrower integer, in a serializer that writes `i64` and `u64`.
macro_rules! widen_integers {
    () => {
        widen!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32 => serialize_i64: i64);
        widen!(serialize_u8: u8, serialize_u16: u16, serialize_u32: u32 => serialize_u64: u64);
    };
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = Compound<'w>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Compound<'w>;

    widen_integers!();

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.raw(if v { "true" } else { "false" });
        Ok(())
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.signed(v);
        Ok(())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.unsigned(v);
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = ser::Serializer::serialize_seq(self, Some(v.len()))?;
        for b in v {
            seq.element(b)?;
        }
        seq.end()
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.raw("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.raw("}");
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w>, Error> {
        Ok(self.compound("[", "]"))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'w>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'w>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w>, Error> {
        self.open_variant(variant);
        Ok(self.compound("[", "]}"))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w>, Error> {
        Ok(self.compound("{", "}"))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'w>, Error> {
        self.serialize_map(None)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w>, Error> {
        self.open_variant(variant);
        Ok(self.compound("{", "}}"))
    }
}

/// The compound writers whose parts are values (arrays, tuples) write each with [`Compound::element`].
macro_rules! elements {
    ($($kind:ident::$method:ident),*) => {$(
        impl ser::$kind for Compound<'_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }

            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The compound writers whose parts are named fields write each with [`Compound::member`].
macro_rules! members {
    ($($kind:ident),*) => {$(
        impl ser::$kind for Compound<'_> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
                self.member(key, value)
            }

            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    )*};
}

members!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.writer.next(&mut self.first);
        key.serialize(KeyWriter(&mut *self.writer))?;
        self.writer.raw(":");
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

/// A map's key: a string, or a number or unit variant written as one (as serde_json does).
struct KeyWriter<'w>(&'w mut Writer);

impl KeyWriter<'_> {
    fn quoted(self, text: &str) -> Result<(), Error> {
        self.0.string(text);
        Ok(())
    }

    #[cold]
    fn refused() -> Error {
        ser::Error::custom("key must be a string")
    }
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    widen_integers!();

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.quoted(v)
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.quoted(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.quoted(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(if v { "true" } else { "false" })
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.quoted(&v.to_string())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.quoted(&v.to_string())
    }

    fn serialize_f32(self, _v: f32) -> Result<(), Error> {
        Err(Self::refused())
    }

    fn serialize_f64(self, _v: f64) -> Result<(), Error> {
        Err(Self::refused())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(Self::refused())
    }

    fn serialize_none(self) -> Result<(), Error> {
        Err(Self::refused())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(Self::refused())
    }

    fn serialize_unit(self) -> Result<(), Error> {
        Err(Self::refused())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(Self::refused())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(Self::refused())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(Self::refused())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(Self::refused())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(Self::refused())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Self::refused())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(Self::refused())
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, Error> {
        Err(Self::refused())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Self::refused())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    #[derive(Serialize)]
    #[serde(rename_all = "lowercase")]
    enum Colour {
        Red,
        Named(String),
        Mixed { r: u8, g: u8 },
        Pair(u8, i8),
    }

    #[derive(Serialize)]
    #[serde(tag = "kind", rename_all = "lowercase")]
    enum Shape {
        Circle { r: u32 },
    }

    #[derive(Serialize)]
    struct Outer {
        id: String,
        tags: Vec<&'static str>,
        colours: Vec<Colour>,
        counts: BTreeMap<u32, i64>,
        names: BTreeMap<String, Option<bool>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        #[serde(flatten)]
        shape: Shape,
        shares: Vec<f64>,
        unit: (),
        letter: char,
        pair: (u64, &'static str),
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let outer = Outer {
            id: "quote \" backslash \\ newline \n bell \u{7} é 中 😀".into(),
            tags: vec![],
            colours: vec![
                Colour::Red,
                Colour::Named("teal".into()),
                Colour::Mixed { r: 1, g: 2 },
                Colour::Pair(3, -4),
            ],
            counts: [(7, -1), (12, i64::MIN)].into(),
            names: [("a".to_string(), None), ("b".to_string(), Some(true))].into(),
            skipped: None,
            shape: Shape::Circle { r: 5 },
            shares: vec![0.125, 0.1, 1e-7, 123456.789, 1.5e300, -2.5e-300],
            unit: (),
            letter: '"',
            pair: (u64::MAX, "max"),
        };
        let ours = to_string(&outer).expect("writes");
        let theirs = serde_json::to_string(&outer).expect("serde_json writes");
        // A float's large exponent is written `1.5e300` (ryu), serde_json's `1.5e+300`: the same numbers, and
        // everything else the same text.
        let read = |text: &str| serde_json::from_str::<serde_json::Value>(text).expect("JSON");
        assert_eq!(read(&ours), read(&theirs));
        assert_eq!(ours.replace("e300", "e+300"), theirs);
    }

    #[test]
    fn floats_are_written_as_serde_json_writes_them_and_the_infinite_are_null() {
        let floats = [1.0, -3.0, -0.0, 1e-7, f64::NAN, f64::INFINITY];
        assert_eq!(to_string(&floats).expect("writes"), "[1.0,-3.0,-0.0,1e-7,null,null]");
        assert_eq!(to_string(&floats).ok(), serde_json::to_string(&floats).ok());
    }

    #[test]
    fn a_key_that_is_no_string_is_refused() {
        let map: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        assert_eq!(to_string(&map).expect_err("refused").to_string(), "key must be a string");
    }

    #[test]
    fn a_value_that_fails_leaves_what_was_written_before_it() {
        let mut out = String::from("[1,");
        let bad: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        assert!(append(&mut out, &bad).is_err());
        assert_eq!(out, "[1,");
        append(&mut out, &"two").expect("writes");
        assert_eq!(out, "[1,\"two\"");
    }
}
