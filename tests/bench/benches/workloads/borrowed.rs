//! A measure of what the invalid third of typed parse would spend parsing if the validators read
//! a borrowed document instead of a `serde_json::Value` (BENCHMARKS.md, "the invalid third's
//! `Value` against a borrowed document").
//!
//! [`Doc`] is the smallest tree such validators could read: serde_json's own lexer (so numbers
//! and strings read as in a `Value`), strings and keys borrowed from the text unless they hold an
//! escape, an object's members in one vector (no hash of a key, no map), and duplicate keys
//! found, since a `Value` keeps only the last of them and the verdicts must not differ. It is
//! built and dropped as a `Value` is in [`crate::data::Data::value_parse`]; nothing reads it.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

/// A JSON value that borrows its strings from the text it was parsed from. Its parts are built
/// and dropped, not read: the parse is what is measured.
#[allow(dead_code)]
pub enum Doc<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Doc<'a>>),
    Object(Vec<(Cow<'a, str>, Doc<'a>)>),
}

impl Doc<'_> {
    pub fn is_object(&self) -> bool {
        matches!(self, Doc::Object(_))
    }
}

/// Parses `text` into a [`Doc`]; `None` if it is not JSON or an object repeats a key.
pub fn parse(text: &str) -> Option<Doc<'_>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let doc = AnyValue.deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(doc)
}

struct AnyValue;

impl<'de> DeserializeSeed<'de> for AnyValue {
    type Value = Doc<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Doc<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AnyValue {
    type Value = Doc<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Doc<'de>, E> {
        Ok(Doc::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Doc<'de>, E> {
        Ok(Doc::Bool(b))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Doc<'de>, E> {
        Ok(Doc::Number(n.into()))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Doc<'de>, E> {
        Ok(Doc::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Doc<'de>, E> {
        Number::from_f64(n)
            .map(Doc::Number)
            .ok_or_else(|| E::custom("a number JSON cannot hold"))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Doc<'de>, E> {
        Ok(Doc::String(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Doc<'de>, E> {
        Ok(Doc::String(Cow::Owned(s.to_owned())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Doc<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(AnyValue)? {
            items.push(item);
        }
        Ok(Doc::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc<'de>, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key_seed(AnyKey)? {
            members.push((key, map.next_value_seed(AnyValue)?));
        }
        match has_duplicate(&members) {
            true => Err(de::Error::custom("an object repeats a key")),
            false => Ok(Doc::Object(members)),
        }
    }
}

struct AnyKey;

impl<'de> DeserializeSeed<'de> for AnyKey {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for AnyKey {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s.to_owned()))
    }
}

/// Whether two members share a key: compared pairwise in small objects (most keys differ in
/// length), sorted in large ones.
fn has_duplicate(members: &[(Cow<'_, str>, Doc<'_>)]) -> bool {
    if members.len() <= 32 {
        return members
            .iter()
            .enumerate()
            .any(|(i, (key, _))| members[..i].iter().any(|(other, _)| other == key));
    }
    let mut keys: Vec<&str> = members.iter().map(|(key, _)| key.as_ref()).collect();
    keys.sort_unstable();
    keys.windows(2).any(|pair| pair[0] == pair[1])
}
