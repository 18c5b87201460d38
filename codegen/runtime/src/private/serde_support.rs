//! Serde helpers of the generated types.
//!
//! Optional properties are read in one of two ways: leniently by default (`null` reads as absent,
//! unless decoding is stricter: see [`Strictness`]), or only as present where the schema admits
//! `null` or decoding is strict. Generated structs do so through their `DecodeStruct` derive
//! (`super::decode`); the fields of the unions and newtypes serde's derive reads name one of two
//! functions here (`#[serde(deserialize_with = ...)]`): [`lenient`] and [`present`]. They are
//! written as `Option` is (skipped when `None`), so no `serialize_with` is needed: each `with`
//! costs the generated crate a wrapper type and its impl per field.
//!
//! A union (an untagged enum) is read by [`union`]: its alternatives are tried twice, first
//! strictly, as the schema reads (an open enum refuses a value it does not know, an optional
//! property `null`, a closed struct other properties), then leniently. So a value goes to the
//! alternative whose schema it fits, not to the first one lenient decoding lets it into.

use std::cell::Cell;
use std::marker::PhantomData;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// How much of what a type cannot show decoding refuses, from the least to the most.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Strictness {
    /// Everything a real server may send: a `null` for an optional property reads as absent,
    /// unknown enum values and properties are kept.
    Lenient,
    /// A `null` an optional property would read as absent fails: `from_json_slice` decodes so,
    /// and lists the errors from the JSON when that fails (the schema may reject that `null`).
    Nulls,
    /// A union's alternatives tried as the schema reads (see [`union`]): a value unknown to an
    /// open enum and a property unknown to a closed struct fail too.
    Strict,
}

thread_local! {
    /// How strictly this thread decodes now (see [`Stricter`]).
    static STRICTNESS: Cell<Strictness> = const { Cell::new(Strictness::Lenient) };
}

/// Decoding at least so strict, from `enter` until dropped, which restores what was before
/// (also when a `Deserialize` impl panics and the panic is caught: later decoding on the thread
/// is as lenient as before).
pub(super) struct Stricter(Strictness);

impl Stricter {
    pub(super) fn enter(at_least: Strictness) -> Self {
        let before = STRICTNESS.get();
        STRICTNESS.set(before.max(at_least));
        Stricter(before)
    }
}

impl Drop for Stricter {
    fn drop(&mut self) {
        STRICTNESS.set(self.0);
    }
}

/// Reads an optional property leniently: `null` reads as absent (`None`), but fails while a union
/// tries its alternatives strictly or `FromJson::from_json_slice` decodes straight into the
/// type (the type could not show that `null`, which the schema may reject).
pub fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let value = Option::<T>::deserialize(deserializer)?;
    if value.is_none() {
        lenient_null()?;
    }
    Ok(value)
}

/// A `null` read as absent: fine while decoding is [`Strictness::Lenient`], else an error.
pub(super) fn lenient_null<E: serde::de::Error>() -> Result<(), E> {
    match STRICTNESS.get() {
        Strictness::Lenient => Ok(()),
        Strictness::Nulls | Strictness::Strict => Err(E::custom("null for an optional property")),
    }
}

/// `Deserialize` of a union (the derive `Union`): the value is read once, then given to
/// `alternatives` (serde's untagged derive, which takes the first alternative that decodes)
/// strictly, and only if none fits so, leniently. Inside another union's strict attempt, only
/// strictly.
pub fn union<'de, D, T>(
    deserializer: D,
    alternatives: impl Fn(&Value) -> Result<T, serde_json::Error>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    let outer = strict();
    let strictly = {
        let _strict = Stricter::enter(Strictness::Strict);
        alternatives(&value)
    };
    match strictly {
        Ok(decoded) => Ok(decoded),
        Err(e) if outer => Err(D::Error::custom(e)),
        Err(_) => alternatives(&value).map_err(D::Error::custom),
    }
}

/// Whether a union is trying its alternatives strictly: an optional property's `null`, a value
/// unknown to an open enum and a property unknown to a closed struct are then refused.
pub(super) fn strict() -> bool {
    STRICTNESS.get() == Strictness::Strict
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

/// Whether an optional property is absent: it is then not serialized (`skip_serializing_if`).
pub fn is_none<T>(value: &Option<T>) -> bool {
    value.is_none()
}

/// Deserializes a string through `From<&str>` without allocating for known values (the open
/// string enums); `known` tells the values listed in the schema, the only ones a union's strict
/// attempt takes.
pub struct StrVisitor<T> {
    known: fn(&T) -> bool,
    ty: PhantomData<T>,
}

impl<T> StrVisitor<T> {
    /// The visitor.
    pub const fn new(known: fn(&T) -> bool) -> Self {
        StrVisitor {
            known,
            ty: PhantomData,
        }
    }
}

impl<'de, T: for<'a> From<&'a str>> serde::de::Visitor<'de> for StrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        let decoded = T::from(value);
        // The flag is read only for unknown values: known ones are the common case.
        if !(self.known)(&decoded) && strict() {
            return Err(E::custom(format_args!("unknown value {value:?}")));
        }
        Ok(decoded)
    }
}
