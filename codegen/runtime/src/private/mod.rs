//! What generated code calls, and nothing else should: not part of the API, may change in any
//! release. Generated validators are one function per distinct subschema with the shape of
//! [`SchemaFn`]; the schema's values (names, tables) live in them and reach the helpers here
//! as arguments: nothing here reads a schema.

mod context;
mod json;
mod numbers;
mod object;
#[cfg(feature = "patterns")]
mod regex;
mod serde_support;

pub use context::{reborrow, At, Cx, DynamicTarget, Ev, Eval, Path, SchemaFn, MAX_DEPTH};
pub use json::*;
pub use numbers::{cmp_num, finite, is_multiple_of, number, Num};
pub use object::{name_hash, object, required, Object, Rest};
#[cfg(feature = "patterns")]
pub use regex::Regex;
pub use serde_support::{is_none, lenient, present, take_lenient_null, StrVisitor};

pub use crate::formats;
pub use crate::Errors;

use serde_json::Value;

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

/// Validates a string through its JSON form: an open enum's unknown value. Unlike
/// [`check_as`], not generic, so the generated crate compiles no serializer for it.
pub fn check_str(value: &str, f: SchemaFn, path: &Path<'_>, at: &At<'_>, cx: &mut Cx) -> bool {
    f(&Value::String(value.to_owned()), path, at, cx, None)
}

/// Fails for every key of a struct's map of other properties (`extra`) that names one of its
/// `fields`: the value then is not what its JSON reads back as (written twice, or read back into
/// the field). Reported under the keyword `$extra`, at the struct's schema. Generic over the
/// map's keys only, not its values.
pub fn extra_names_no_field<'k>(
    extra: impl IntoIterator<Item = &'k String>,
    fields: &[&str],
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
) -> bool {
    let mut valid = true;
    for key in extra.into_iter().filter(|k| fields.contains(&k.as_str())) {
        valid = false;
        let message =
            || format!("\"{key}\" is a field of this type, not one of its other properties");
        if !cx.fail(&Path::Key(path, key), "$extra", at, "", message) {
            break;
        }
    }
    valid
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
