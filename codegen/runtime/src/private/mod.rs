//! What generated code calls, and nothing else should: not part of the API, may change in any
//! release. Generated validators are one function per schema location with the shape of
//! [`SchemaFn`]; everything schema-specific lives in them, nothing here reads a schema.

mod context;
mod json;
mod numbers;
#[cfg(feature = "patterns")]
mod regex;
mod serde_support;

pub use context::{reborrow, Cx, Eval, Path, SchemaFn, MAX_DEPTH};
pub use json::*;
pub use numbers::{cmp_num, is_multiple_of, Num};
#[cfg(feature = "patterns")]
pub use regex::Regex;
pub use serde_support::{deserialize_some, StrVisitor};

pub use crate::formats;
pub use crate::Errors;

use serde_json::Value;

/// Validates part of a typed value through its JSON form (what typed validators do where the
/// Rust type alone does not settle the schema's verdict).
pub fn check_as<T: ::serde::Serialize + ?Sized>(
    value: &T,
    f: SchemaFn,
    path: &Path<'_>,
    cx: &mut Cx,
    schema_file: &str,
) -> bool {
    match ::serde_json::to_value(value) {
        Ok(json) => f(&json, path, cx, None),
        Err(e) => {
            cx.fail(path, "$serialize", (schema_file, ""), || {
                format!("cannot serialize: {e}")
            });
            false
        }
    }
}

/// The validator of a schema that checks nothing (only annotations).
pub fn any(_: &Value, _: &Path<'_>, _: &mut Cx, _: Option<&mut Eval>) -> bool {
    true
}

/// An error that is not tied to a schema keyword (a value that does not serialize, ...).
pub fn decode_error(keyword: &str, schema_file: &str, message: String) -> Errors {
    Errors::decode(keyword, schema_file, message)
}

/// `validate(&self)` of a type with a typed validator `f`: its fields are read, not serialized.
pub fn validate_typed<T: ?Sized>(
    value: &T,
    f: fn(&T, &Path<'_>, &mut Cx) -> bool,
    schema_file: &str,
) -> Result<(), Errors> {
    let mut cx = Cx::collecting();
    let valid = f(value, &Path::Root, &mut cx);
    cx.finish(valid, schema_file)
}

/// `validate(&self)` of a type checked through its JSON form by the value validator `entry`.
pub fn validate_through_json<T: ::serde::Serialize + ?Sized>(
    value: &T,
    entry: fn(&Value) -> Result<(), Errors>,
    schema_file: &str,
) -> Result<(), Errors> {
    let json = ::serde_json::to_value(value)
        .map_err(|e| decode_error("$serialize", schema_file, format!("cannot serialize: {e}")))?;
    entry(&json)
}
