//! An object's members read one by one, by name, for the readers written by hand over the parsed tree where a
//! type's derived reader costs too much of the wasm module (observations and histories:
//! `trichome::observation::read`, `trichome::history::read`; docs/benchmarks.md, issue #18, sixth pass). Each
//! method reads one member as serde's derived reader does with the same attributes: a required member missing is ``missing field `name` ``; an `Option` member absent or
//! `null` is `None`; a member with a default (`or_default`) absent is its default; a member of the wrong kind
//! is an error naming it.

use std::borrow::Cow;

use super::{Error, Map, Value};

/// The members of one object.
#[derive(Clone, Copy)]
pub struct Object<'v, 'a> {
    map: &'v Map<'a>,
}

/// A document of the wrong shape: the member and what it should have been.
#[cold]
#[inline(never)]
fn wrong(name: &str, expected: &str) -> Error {
    Error { what: Cow::Owned(format!("invalid type at `{name}`: expected {expected}")), at: None }
}

impl<'v, 'a> Object<'v, 'a> {
    /// The members of `value`, which must be an object (`what` names it in the error).
    pub fn of(value: &'v Value<'a>, what: &str) -> Result<Self, Error> {
        value.as_object().map(|map| Object { map }).ok_or_else(|| wrong(what, "an object"))
    }

    /// The member `name`, present and not `null`.
    pub fn get(&self, name: &str) -> Option<&'v Value<'a>> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    /// The members in the order written (a key written twice comes twice), for a reader that takes an
    /// object's members in one pass rather than a lookup (a scan of the object) per member.
    pub fn members(&self) -> impl Iterator<Item = (&'v str, &'v Value<'a>)> {
        self.map.iter()
    }

    /// The member `name` as written, `null` included.
    pub fn present(&self, name: &str) -> Option<&'v Value<'a>> {
        self.map.get(name)
    }

    /// The member `name`, which must be present.
    pub fn required(&self, name: &str) -> Result<&'v Value<'a>, Error> {
        self.map
            .get(name)
            .ok_or_else(|| Error { what: Cow::Owned(format!("missing field `{name}`")), at: None })
    }

    /// A string member that must be present.
    pub fn string(&self, name: &str) -> Result<String, Error> {
        as_string(self.required(name)?, name)
    }

    /// A string member that may be absent or `null`.
    pub fn opt_string(&self, name: &str) -> Result<Option<String>, Error> {
        self.get(name).map(|v| as_string(v, name)).transpose()
    }

    /// A string member, empty when absent.
    pub fn string_or_default(&self, name: &str) -> Result<String, Error> {
        self.map.get(name).map_or(Ok(String::new()), |v| as_string(v, name))
    }

    /// A whole-number member that must be present.
    pub fn i64(&self, name: &str) -> Result<i64, Error> {
        as_i64(self.required(name)?, name)
    }

    /// A whole-number member that may be absent or `null`.
    pub fn opt_i64(&self, name: &str) -> Result<Option<i64>, Error> {
        self.get(name).map(|v| as_i64(v, name)).transpose()
    }

    /// An unsigned member that must be present and fit `T`.
    pub fn unsigned<T: TryFrom<u64>>(&self, name: &str) -> Result<T, Error> {
        as_unsigned(self.required(name)?, name)
    }

    /// An unsigned member that may be absent or `null` and must fit `T`.
    pub fn opt_unsigned<T: TryFrom<u64>>(&self, name: &str) -> Result<Option<T>, Error> {
        self.get(name).map(|v| as_unsigned(v, name)).transpose()
    }

    /// An unsigned member fitting `T`, 0 when absent.
    pub fn unsigned_or_default<T: TryFrom<u64> + Default>(&self, name: &str) -> Result<T, Error> {
        self.map.get(name).map_or(Ok(T::default()), |v| as_unsigned(v, name))
    }

    /// A boolean member, false when absent.
    pub fn bool_or_default(&self, name: &str) -> Result<bool, Error> {
        self.map.get(name).map_or(Ok(false), |v| as_bool(v, name))
    }

    /// An array member that must be present, its elements read by `read`.
    pub fn list<T>(
        &self,
        name: &str,
        read: impl FnMut(&'v Value<'a>) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        list_of(self.required(name)?, name, read)
    }

    /// An array member, empty when absent, its elements read by `read`.
    pub fn list_or_empty<T>(
        &self,
        name: &str,
        read: impl FnMut(&'v Value<'a>) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        self.map.get(name).map_or(Ok(Vec::new()), |v| list_of(v, name, read))
    }
}

/// The elements of an array, read by `read` (`name` for the error).
pub fn list_of<'v, 'a, T>(
    value: &'v Value<'a>,
    name: &str,
    read: impl FnMut(&'v Value<'a>) -> Result<T, Error>,
) -> Result<Vec<T>, Error> {
    value.as_array().ok_or_else(|| wrong(name, "an array"))?.iter().map(read).collect()
}

/// `None` for `null`, else what `read` makes of the value (an `Option` member read in one pass).
pub fn opt<'v, 'a, T>(
    value: &'v Value<'a>,
    name: &str,
    read: impl FnOnce(&'v Value<'a>, &str) -> Result<T, Error>,
) -> Result<Option<T>, Error> {
    if value.is_null() {
        Ok(None)
    } else {
        read(value, name).map(Some)
    }
}

/// A boolean value.
pub fn as_bool(value: &Value<'_>, name: &str) -> Result<bool, Error> {
    value.as_bool().ok_or_else(|| wrong(name, "a boolean"))
}

/// A string value (`name` for the error).
pub fn as_string(value: &Value<'_>, name: &str) -> Result<String, Error> {
    value.as_str().map(str::to_string).ok_or_else(|| wrong(name, "a string"))
}

/// A whole-number value.
pub fn as_i64(value: &Value<'_>, name: &str) -> Result<i64, Error> {
    value.as_i64().ok_or_else(|| wrong(name, "a whole number"))
}

/// An unsigned whole-number value.
pub fn as_u64(value: &Value<'_>, name: &str) -> Result<u64, Error> {
    value.as_u64().ok_or_else(|| wrong(name, "an unsigned whole number"))
}

/// An unsigned whole-number value that fits `T`.
pub fn as_unsigned<T: TryFrom<u64>>(value: &Value<'_>, name: &str) -> Result<T, Error> {
    value
        .as_u64()
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| wrong(name, "a small enough unsigned number"))
}

#[cfg(test)]
mod tests {
    use super::super::parse_json;
    use super::*;

    #[test]
    fn members_read_as_serde_reads_them() {
        let doc =
            parse_json(r#"{"s":"a","n":null,"i":-3,"u":7,"b":true,"l":[1,2],"big":300}"#).expect("JSON");
        let f = Object::of(&doc, "doc").expect("object");
        assert_eq!(f.string("s"), Ok("a".into()));
        assert_eq!(f.opt_string("n"), Ok(None));
        assert_eq!(f.opt_string("absent"), Ok(None));
        assert_eq!(f.string_or_default("absent"), Ok(String::new()));
        assert_eq!(f.i64("i"), Ok(-3));
        assert_eq!(f.present("u").map(|v| opt(v, "u", as_u64)), Some(Ok(Some(7))));
        assert_eq!(f.unsigned::<u8>("u"), Ok(7));
        assert!(f.unsigned::<u8>("big").is_err());
        assert_eq!(f.unsigned_or_default::<u16>("absent"), Ok(0));
        assert_eq!(f.present("b").map(|v| opt(v, "b", as_bool)), Some(Ok(Some(true))));
        assert_eq!(f.bool_or_default("absent"), Ok(false));
        assert_eq!(f.list("l", |v| as_u64(v, "l")), Ok(vec![1, 2]));
        assert_eq!(f.list_or_empty("absent", |v| as_u64(v, "l")), Ok(vec![]));
        assert_eq!(f.string("absent").map_err(|e| e.to_string()), Err("missing field `absent`".into()));
        assert_eq!(
            f.i64("s").map_err(|e| e.to_string()),
            Err("invalid type at `s`: expected a whole number".into())
        );
        assert!(f.list("absent", |v| as_u64(v, "l")).is_err());
        assert!(Object::of(&parse_json("[1]").expect("JSON"), "doc").is_err());
    }
}
