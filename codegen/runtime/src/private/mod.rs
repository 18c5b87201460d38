//! What generated code calls, and nothing else should: not part of the API, may change in any
//! release. Generated validators are one function per distinct subschema with the shape of
//! [`SchemaFn`]; the schema's values (names, tables) live in them and reach the helpers here
//! as arguments: nothing here reads a schema.

mod context;
mod json;
mod numbers;
#[cfg(feature = "patterns")]
mod regex;
mod serde_support;

pub use context::{reborrow, At, Cx, DynamicTarget, Eval, Path, SchemaFn, MAX_DEPTH};
pub use json::*;
pub use numbers::{cmp_num, is_multiple_of, Num};
#[cfg(feature = "patterns")]
pub use regex::Regex;
pub use serde_support::{deserialize_some, StrVisitor};

pub use crate::formats;
pub use crate::Errors;

use serde_json::{Map, Value};

/// Validates part of a typed value through its JSON form (what typed validators do where the
/// Rust type alone does not settle the schema's verdict).
pub fn check_as<T: ::serde::Serialize + ?Sized>(
    value: &T,
    f: SchemaFn,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
) -> bool {
    match ::serde_json::to_value(value) {
        Ok(json) => f(&json, path, at, cx, None),
        Err(e) => {
            cx.fail(path, "$serialize", at, "", || {
                format!("cannot serialize: {e}")
            });
            false
        }
    }
}

/// Validates `value` against the schema function `f`, whose schema is at `file`, `pointer`
/// (`scope`: the dynamic scope's resources to enter first). A first pass only decides: it stops
/// at the first failure and records nothing; errors are collected in a second pass, made only
/// for invalid values.
pub fn validate(
    value: &Value,
    f: SchemaFn,
    (file, pointer): (&str, &str),
    scope: &[u32],
) -> Result<(), Errors> {
    let at = At::Root(file, pointer);
    let mut cx = Cx::testing();
    cx.scope.extend_from_slice(scope);
    if f(value, &Path::Root, &at, &mut cx, None) {
        return Ok(());
    }
    let mut cx = Cx::collecting();
    cx.scope.extend_from_slice(scope);
    let valid = f(value, &Path::Root, &at, &mut cx, None);
    cx.finish(valid, file)
}

/// What `additionalProperties` asks of the properties that `properties` does not name.
#[derive(Clone, Copy)]
pub enum Rest {
    /// No `additionalProperties`: they are not evaluated.
    Any,
    /// `additionalProperties: false`.
    Forbid,
    /// Its subschema.
    Schema(SchemaFn),
}

/// `required` of the object schema at `at`: every name must be a property of `obj`.
pub fn required(
    obj: &Map<String, Value>,
    names: &[&str],
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
) -> bool {
    let mut valid = true;
    for name in names {
        if !obj.contains_key(*name) {
            valid = false;
            let message = || format!("missing required property \"{name}\"");
            if !cx.fail(path, "required", at, "/required", message) {
                return false;
            }
        }
    }
    valid
}

/// `properties` (`table`: names and subschemas, sorted by name) and `additionalProperties` of
/// the object schema at `at`, in one pass over `obj`; the properties they apply to are marked
/// evaluated in `ev`.
pub fn properties(
    obj: &Map<String, Value>,
    table: &[(&str, SchemaFn)],
    rest: Rest,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
    mut ev: Option<&mut Eval>,
) -> bool {
    let mut valid = true;
    for (i, (key, value)) in obj.iter().enumerate() {
        let p = Path::Key(path, key);
        let ok = match table.binary_search_by(|(name, _)| (*name).cmp(key.as_str())) {
            Ok(k) => {
                let (name, f) = table[k];
                f(value, &p, &At::Property(at, name), cx, None)
            }
            Err(_) => match rest {
                Rest::Any => continue,
                Rest::Forbid => {
                    let message = || format!("property \"{key}\" is not allowed");
                    cx.fail(
                        path,
                        "additionalProperties",
                        at,
                        "/additionalProperties",
                        message,
                    );
                    false
                }
                Rest::Schema(f) => f(value, &p, &At::Child(at, "/additionalProperties"), cx, None),
            },
        };
        if !ok && cx.stop(&mut valid) {
            return false;
        }
        if let Some(ev) = &mut ev {
            ev.mark(i);
        }
    }
    valid
}

/// The validator of a schema that checks nothing (only annotations).
pub fn any(_: &Value, _: &Path<'_>, _: &At<'_>, _: &mut Cx, _: Option<&mut Eval>) -> bool {
    true
}

/// An error that is not tied to a schema keyword (a value that does not serialize, ...).
pub fn decode_error(keyword: &str, schema_file: &str, message: String) -> Errors {
    Errors::decode(keyword, schema_file, message)
}

/// `validate(&self)` of a type with a typed validator `f`: its fields are read, not serialized.
/// As in [`validate`], errors are collected in a second pass, for invalid values only.
pub fn validate_typed<T: ?Sized>(
    value: &T,
    f: fn(&T, &Path<'_>, &mut Cx) -> bool,
    schema_file: &str,
) -> Result<(), Errors> {
    if f(value, &Path::Root, &mut Cx::testing()) {
        return Ok(());
    }
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
