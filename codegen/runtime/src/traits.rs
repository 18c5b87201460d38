//! The traits every generated type implements (when validators are generated).

use serde_json::Value;

use crate::__private::Generated;
use crate::Errors;

/// A value that can check itself against the schema its type was generated from.
///
/// For most structs, `validate` reads the fields themselves; other types are checked through
/// their JSON form. Either way the verdict and the errors are those of
/// [`FromJson::validate_value`] on `serde_json::to_value(self)` (perhaps in another order),
/// except that, for a struct read field by field, an entry of its map of other properties named
/// like one of its fields is an error of its own (keyword `$extra`): its JSON would hold the
/// name twice.
///
/// Generated types get it from the impl below, through what the generator records of them.
pub trait Validate {
    /// Checks every constraint of the schema, returning every violation, not just the first.
    fn validate(&self) -> Result<(), Errors>;
}

/// A type generated from a schema: raw JSON can be checked against that schema, and parsed into
/// the type only when it conforms.
pub trait FromJson: Sized + serde::de::DeserializeOwned + Validate {
    /// The schema file the type was generated from, named in errors no keyword raised (malformed
    /// JSON, a value the Rust type cannot hold).
    const SCHEMA_FILE: &'static str;

    /// Checks raw JSON against the schema, returning every violation.
    fn validate_value(value: &Value) -> Result<(), Errors>;

    /// Whether raw JSON conforms to the schema: the verdict of [`FromJson::validate_value`],
    /// decided in one pass that stops at the first violation and records nothing.
    fn is_valid_value(value: &Value) -> bool {
        Self::validate_value(value).is_ok()
    }

    /// Checks `value` against the schema, then converts it: every violation on failure.
    fn from_json_value(value: Value) -> Result<Self, Errors> {
        Self::validate_value(&value)?;
        crate::__private::into_type(value, Self::SCHEMA_FILE)
    }

    /// Parses JSON bytes, checks and converts them (see [`FromJson::from_json_value`]).
    /// Malformed JSON is an error with the keyword `$json`.
    ///
    /// A generated type, where it allows, parses the bytes straight into itself and checks
    /// them as they are, which gives the same verdict and errors; only when they do not decode
    /// into the type (an optional property's `null`, which the type would read as absent, fails
    /// that attempt) are they parsed once more, into a document that borrows its strings, and
    /// checked there. Its members are in the text's order, so the errors are too (a `Value`
    /// sorts its keys unless serde_json's `preserve_order` is on).
    fn from_json_slice(bytes: &[u8]) -> Result<Self, Errors> {
        Self::from_json_value(crate::__private::parse_json(bytes, Self::SCHEMA_FILE)?)
    }
}

impl<T: Generated + serde::Serialize> Validate for T {
    fn validate(&self) -> Result<(), Errors> {
        crate::__private::validate_generated(self)
    }
}

impl<T: Generated + serde::Serialize + serde::de::DeserializeOwned> FromJson for T {
    const SCHEMA_FILE: &'static str = <T as Generated>::SCHEMA.file;

    fn validate_value(value: &Value) -> Result<(), Errors> {
        crate::__private::validate_value_generated::<T>(value)
    }

    fn is_valid_value(value: &Value) -> bool {
        crate::__private::is_valid_value_generated::<T>(value)
    }

    fn from_json_slice(bytes: &[u8]) -> Result<Self, Errors> {
        crate::__private::from_json_slice_generated(bytes)
    }
}
