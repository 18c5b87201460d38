//! Reading YAML into serde_norway's `Value` with numbers read as serde_json reads them in JSON.
//!
//! serde_norway hands an integer beyond 64 bits to its visitor as an `i128`/`u128`, which its own
//! `Value` rejects ("invalid type: integer ... as u128"). serde_json (without
//! `arbitrary_precision`) reads the same digits as the nearest `f64`; so does [`from_str`], so
//! that a document imports to the same bytes whether it is written in YAML or in JSON. Every
//! other value is built as serde_norway builds it: duplicate keys, tags and merge keys behave
//! the same.

use std::fmt;

use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_norway::value::{Tag, TaggedValue};
use serde_norway::{Mapping, Number, Value};

/// Parses a YAML document.
pub fn from_str(text: &str) -> Result<Value, serde_norway::Error> {
    let de = serde_norway::Deserializer::from_str(text);
    AnyValue.deserialize(de)
}

/// Deserializes one value (and every value inside it) with [`AnyValue`]'s visitor.
#[derive(Clone, Copy)]
struct AnyValue;

impl<'de> DeserializeSeed<'de> for AnyValue {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AnyValue {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }

    /// Beyond 64 bits: the nearest `f64` (`as` rounds to nearest, ties to even), which is what
    /// serde_json makes of the same digits.
    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Value, E> {
        Ok(Value::Number(Number::from(i as f64)))
    }

    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Value, E> {
        Ok(Value::Number(Number::from(u as f64)))
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some(key) = map.next_key_seed(self)? {
            if mapping.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate entry with key {}",
                    key_text(&key)
                )));
            }
            let value = map.next_value_seed(self)?;
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    /// A tagged value (`!tag value`).
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (tag, contents): (String, _) = data.variant()?;
        if tag.is_empty() {
            return Err(de::Error::custom("empty YAML tag is not allowed"));
        }
        let value = contents.newtype_variant_seed(self)?;
        Ok(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        })))
    }
}

/// A mapping key as serde_norway's duplicate-key message writes it.
fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => format!("{s:?}"),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Null => "null".to_string(),
        _ => "in YAML map".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything serde_norway's own `Value` reads, read the same.
    #[test]
    fn reads_what_serde_norway_reads() {
        let text =
            "a: [1, -2, 3.5, .inf, ~, true, 'x', 0x1F]\nb: !tag {c: d}\n? [k]\n: v\n<<: {e: 1}\n";
        let ours = from_str(text).expect("parses");
        let theirs: Value = serde_norway::from_str(text).expect("parses");
        assert_eq!(ours, theirs);
    }

    #[test]
    fn integers_beyond_64_bits_are_the_nearest_f64() {
        let value = from_str("[123456789012345678901234567890, -123456789012345678901234567890]")
            .expect("parses");
        let json: serde_json::Value = serde_json::from_str(
            "[123456789012345678901234567890, -123456789012345678901234567890]",
        )
        .expect("parses");
        assert_eq!(
            value,
            serde_norway::to_value(&json).expect("converts"),
            "as serde_json reads them"
        );
    }

    #[test]
    fn duplicate_keys_are_an_error() {
        let error = from_str("a: 1\na: 2\n").expect_err("duplicate");
        let theirs = serde_norway::from_str::<Value>("a: 1\na: 2\n").expect_err("duplicate");
        assert_eq!(error.to_string(), theirs.to_string());
    }
}
