//! Serde helpers of the generated types.

use std::marker::PhantomData;

/// Deserializes a present property (`null` included) as `Some`: `None` means absent.
pub fn deserialize_some<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Deserializes a string through `From<&str>` without allocating for known values (the open
/// string enums).
pub struct StrVisitor<T>(PhantomData<T>);

impl<T> StrVisitor<T> {
    /// The visitor.
    #[allow(clippy::new_without_default)]
    pub const fn new() -> Self {
        StrVisitor(PhantomData)
    }
}

impl<'de, T: for<'a> From<&'a str>> serde::de::Visitor<'de> for StrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }
}
