//! Serde helpers of the generated types.
//!
//! Optional properties are read in one of two ways: leniently by default (`null` reads as absent,
//! and that is recorded), or only as present where the schema admits `null` or decoding is
//! strict. Generated structs do so through their `DecodeStruct` derive (`super::decode`); the
//! fields of the unions and newtypes serde's derive reads name one of two functions here
//! (`#[serde(deserialize_with = ...)]`): [`lenient`] and [`present`]. They are written as
//! `Option` is (skipped when `None`), so no `serialize_with` is needed: each `with` costs the
//! generated crate a wrapper type and its impl per field.

use std::cell::Cell;
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer};

thread_local! {
    /// Whether a `null` was read as absent since [`take_lenient_null`].
    static LENIENT_NULL: Cell<bool> = const { Cell::new(false) };
}

/// Reads an optional property leniently: `null` reads as absent (`None`). That is recorded,
/// since the typed value no longer shows the `null` its schema may reject: the typed parse of
/// `FromJson::from_json_slice` then takes the `Value` path.
pub fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let value = Option::<T>::deserialize(deserializer)?;
    if value.is_none() {
        record_lenient_null();
    }
    Ok(value)
}

/// Records that a `null` was read as absent (see [`take_lenient_null`]).
pub(super) fn record_lenient_null() {
    LENIENT_NULL.with(|seen| seen.set(true));
}

/// Reads an optional property whose presence is kept: a present property (`null` included)
/// reads as `Some`, so `None` means absent.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Reads a required property that may be `null` (as `None`). Through serde's
/// `deserialize_with`, an absent property is then an error, as it is for any required one.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}

/// Whether a `null` was read as absent (by [`lenient`] or a struct's lenient field) on this
/// thread since the last call.
pub fn take_lenient_null() -> bool {
    LENIENT_NULL.with(|seen| seen.replace(false))
}

/// Whether an optional property is absent: it is then not serialized (`skip_serializing_if`).
pub fn is_none<T>(value: &Option<T>) -> bool {
    value.is_none()
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
