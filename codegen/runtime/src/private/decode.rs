//! Decoding of generated structs: one visitor for all of them, in place of serde's derive.
//!
//! A generated struct implements [`DecodeStruct`], whose `read` takes the properties one by one
//! through the helpers here, and its `Deserialize` calls [`decode_struct`]. What the derive
//! makes per struct (a field enum and its visitor, a wrapper type per `deserialize_with` field,
//! the buffering of a flattened map) is either not needed or shared here: the key lookup
//! ([`Key`]) is compiled once for every struct, the readers once per field type.
//!
//! The behaviour is the derive's: a missing required property, a repeated property, and (with
//! `additionalProperties: false`) an unknown property fail with serde's own messages; other
//! properties go to the struct's map of other properties.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::serde_support::{lenient_null, strict};

/// A struct decoded by [`decode_struct`].
pub trait DecodeStruct: Sized {
    /// The JSON names of its fields, in the order [`Key::Field`] numbers them.
    const FIELDS: &'static [&'static str];

    /// Reads the struct from the properties of an object.
    fn read<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a generated struct: an object, read by [`DecodeStruct::read`].
pub fn decode_struct<'de, D: Deserializer<'de>, T: DecodeStruct>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(StructVisitor(PhantomData))
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: DecodeStruct> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
}

/// A property name, read against a struct's field names ([`DecodeStruct::FIELDS`]).
#[derive(Debug, PartialEq, Eq)]
pub enum Key {
    /// The field of this index.
    Field(usize),
    /// No field's: a property for the map of other properties.
    Other(String),
}

/// Reads a property name as a [`Key`] of these field names.
#[derive(Clone, Copy)]
pub struct Keys {
    pub fields: &'static [&'static str],
    /// Where the search starts: after the field last read, since objects mostly list their
    /// properties in the schema's order (the order of the fields, and of what they serialize to).
    pub next: usize,
}

impl Keys {
    /// The field named `name`, if any, looked for from [`Keys::next`] on, then before it: a
    /// property in the schema's order is found past the optional fields left out since the last.
    fn field(self, name: &str) -> Option<Key> {
        let (before, after) = self.fields.split_at(self.next.min(self.fields.len()));
        let is_name = |field: &&str| *field == name;
        match after.iter().position(is_name) {
            Some(i) => Some(Key::Field(self.next + i)),
            None => before.iter().position(is_name).map(Key::Field),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Keys {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Keys {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(self
            .field(name)
            .unwrap_or_else(|| Key::Other(name.to_owned())))
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<Key, E> {
        Ok(self.field(&name).unwrap_or(Key::Other(name)))
    }
}

/// Reads the value of the property `name` into `slot`; a second one fails, as serde's derive
/// does (`duplicate field`).
pub fn read_field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// [`read_field`] for an optional property read leniently: `null` reads as absent (`Some(None)` in
/// the slot, `None` once flattened), or fails where [`super::lenient`] would.
pub fn read_lenient<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
    name: &'static str,
) -> Result<(), A::Error> {
    read_field(map, slot, name)?;
    match slot {
        Some(None) => lenient_null(),
        _ => Ok(()),
    }
}

/// serde's `missing field` error, for the required property `name`.
pub fn missing_field<'de, A: MapAccess<'de>>(_: &A, name: &'static str) -> A::Error {
    de::Error::missing_field(name)
}

/// A property of a struct that admits no other properties: serde's `unknown field` error.
pub fn unknown_field<'de, A: MapAccess<'de>>(
    _: &A,
    name: &str,
    fields: &'static [&'static str],
) -> Result<(), A::Error> {
    Err(de::Error::unknown_field(name, fields))
}

/// A property a closed struct's map of other properties is to keep: refused while a union
/// tries its alternatives strictly (the schema admits no other properties), else kept.
pub fn other_property<'de, A: MapAccess<'de>>(_: &A, name: &str) -> Result<(), A::Error> {
    match strict() {
        true => Err(de::Error::custom(format_args!("unknown field `{name}`"))),
        false => Ok(()),
    }
}

/// Skips the value of a property no field keeps.
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(drop)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Map, Value};

    use crate::__private as __rt;

    /// `{ "a": required string, "b": optional integer (lenient), "c": optional, nullable,
    /// "d": required, nullable }` with a map of other properties, as the generator writes it.
    #[derive(__rt::DecodeStruct, __rt::EncodeStruct, Debug, PartialEq)]
    struct S {
        a: String,
        b: Option<i64>,
        #[serde(rename = "c", deserialize_with = "__rt::present")]
        c_: Option<Option<bool>>,
        #[serde(deserialize_with = "__rt::nullable")]
        d: Option<u8>,
        #[serde(flatten)]
        extra: Map<String, Value>,
    }

    /// No other properties.
    #[derive(__rt::DecodeStruct, Debug)]
    #[serde(deny_unknown_fields)]
    struct Closed {
        #[serde(deserialize_with = "__rt::present")]
        #[allow(dead_code)]
        a: Option<u8>,
    }

    fn from_str(text: &str) -> Result<S, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_fields_and_other_properties_from_bytes_and_values() {
        let text = r#"{"z": [1], "a": "x", "c": null, "b": 7, "d": 3}"#;
        let expected = S {
            a: "x".into(),
            b: Some(7),
            c_: Some(None),
            d: Some(3),
            extra: json!({"z": [1]}).as_object().unwrap().clone(),
        };
        assert_eq!(from_str(text).unwrap(), expected);
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::from_value::<S>(value).unwrap(), expected);
    }

    #[test]
    fn writes_as_serdes_derive_would() {
        let mut s = from_str(r#"{"z": [1], "a": "x", "c": null, "d": null}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"a":"x","c":null,"d":null,"z":[1]}"#
        );
        (s.b, s.c_) = (Some(2), None);
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"a":"x","b":2,"d":null,"z":[1]}"#
        );
    }

    #[test]
    fn an_other_property_named_like_a_field_is_not_written() {
        let mut s = from_str(r#"{"a": "x", "d": 1}"#).unwrap();
        s.extra.insert("a".into(), "y".into());
        let error = serde_json::to_string(&s).unwrap_err().to_string();
        assert!(
            error.contains("holds \"a\", a field of this type"),
            "{error}"
        );
        assert!(serde_json::to_value(&s).is_err());
    }

    #[test]
    fn lenient_null_reads_as_absent_unless_nulls_fail() {
        let s = from_str(r#"{"a": "x", "b": null, "d": 1}"#).unwrap();
        assert_eq!((s.b, s.c_), (None, None));
        {
            use super::super::serde_support::{Stricter, Strictness};
            let _nulls = Stricter::enter(Strictness::Nulls);
            let error = from_str(r#"{"a": "x", "b": null, "d": 1}"#).unwrap_err();
            assert!(
                error.starts_with("null for an optional property"),
                "{error}"
            );
            // A property that may be `null`, and one whose presence is kept, still read it.
            from_str(r#"{"a": "x", "c": null, "d": null}"#).unwrap();
        }
        from_str(r#"{"a": "x", "b": null, "d": 1}"#).unwrap();
    }

    #[test]
    fn errors_are_serdes() {
        assert!(from_str(r#"{"b": 1, "d": 1}"#)
            .unwrap_err()
            .starts_with("missing field `a`"));
        // Required, though it may be `null`.
        assert!(from_str(r#"{"a": "x"}"#)
            .unwrap_err()
            .starts_with("missing field `d`"));
        // The first one missing, in the order of the fields.
        assert!(from_str(r#"{"b": 1}"#)
            .unwrap_err()
            .starts_with("missing field `a`"));
        assert!(from_str(r#"{"a": "x", "a": "y"}"#)
            .unwrap_err()
            .starts_with("duplicate field `a`"));
        assert!(from_str(r#"{"a": 1, "d": 1}"#)
            .unwrap_err()
            .starts_with("invalid type: integer `1`, expected a string"));
        assert!(from_str("[]")
            .unwrap_err()
            .starts_with("invalid type: sequence, expected an object"));
        let closed = serde_json::from_str::<Closed>(r#"{"a": 1, "b": 2}"#).unwrap_err();
        assert!(closed
            .to_string()
            .starts_with("unknown field `b`, expected `a`"));
        assert_eq!(serde_json::from_str::<Closed>("{}").unwrap().a, None);
    }
}
