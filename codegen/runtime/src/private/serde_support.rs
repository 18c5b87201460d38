//! Serde helpers of the generated types.
//!
//! Optional properties are read in one of two ways: leniently by default (`null` reads as absent,
//! except where `from_json_slice` decodes straight into the type: see [`NullsFail`]), or only as
//! present where the schema admits `null` or decoding is
//! strict. Generated structs do so through their `DecodeStruct` derive (`super::decode`); the
//! fields of the unions and newtypes serde's derive reads name one of two functions here
//! (`#[serde(deserialize_with = ...)]`): [`lenient`] and [`present`]. They are written as
//! `Option` is (skipped when `None`), so no `serialize_with` is needed: each `with` costs the
//! generated crate a wrapper type and its impl per field.
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

thread_local! {
    /// Whether a `null` an optional property would read as absent fails instead (see
    /// [`NullsFail`]).
    static NULLS_FAIL: Cell<bool> = const { Cell::new(false) };
    /// Whether a union is trying its alternatives strictly (see [`union`]).
    static STRICT: Cell<bool> = const { Cell::new(false) };
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

/// A `null` read as absent: fine, but an error while a union tries its alternatives strictly or
/// [`NullsFail`] is in force.
pub(super) fn lenient_null<E: serde::de::Error>() -> Result<(), E> {
    match strict() || NULLS_FAIL.get() {
        true => Err(E::custom("null for an optional property")),
        false => Ok(()),
    }
}

/// While it lives, a `null` an optional property would read as absent fails the decoding: the
/// typed value could not show it, and its schema may reject it. `from_json_slice` decodes so,
/// and lists the errors from the JSON when that fails. Dropping it restores what was before
/// (also when a `Deserialize` impl panics and the panic is caught).
pub(super) struct NullsFail(bool);

impl NullsFail {
    /// Nulls fail from now on.
    pub(super) fn enter() -> Self {
        NullsFail(NULLS_FAIL.replace(true))
    }
}

impl Drop for NullsFail {
    fn drop(&mut self) {
        NULLS_FAIL.set(self.0);
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
        let _strict = Strict::enter();
        alternatives(&value)
    };
    match strictly {
        Ok(decoded) => Ok(decoded),
        Err(e) if outer => Err(D::Error::custom(e)),
        Err(_) => alternatives(&value).map_err(D::Error::custom),
    }
}

/// A union's strict attempt, from `enter` until dropped, which restores what was before (also
/// when a `Deserialize` impl panics and the panic is caught: later decoding on the thread
/// stays lenient).
struct Strict(bool);

impl Strict {
    fn enter() -> Self {
        Strict(STRICT.replace(true))
    }
}

impl Drop for Strict {
    fn drop(&mut self) {
        STRICT.set(self.0);
    }
}

/// Whether a union is trying its alternatives strictly: an optional property's `null`, a value
/// unknown to an open enum and a property unknown to a closed struct are then refused.
pub(super) fn strict() -> bool {
    STRICT.get()
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
