//! What generated code calls, and nothing else should: not part of the API, may change in any
//! release. Generated validators are one function per distinct subschema with the shape of
//! [`SchemaFn`], generic over the [`Json`] document they read; the schema's values (names, tables)
//! live in them and reach the helpers here as arguments: nothing here reads a schema.

mod array;
mod context;
mod decode;
mod doc;
mod encode;
mod instance;
mod json;
mod numbers;
mod object;
#[cfg(feature = "patterns")]
mod regex;
mod serde_support;

pub use crate::ConversionError;
pub use crate::{fns, object_table};
pub use array::{an_array, items, items_at};
pub use codegen_derive::{DecodeStruct, EncodeStruct, New, StrEnum, Union};
pub use context::{annotating, reborrow, root, At, Cx, DynamicTarget, Ev, Eval, Path, MAX_DEPTH};
pub use decode::{
    decode_struct, missing_field, other_property, read_field, read_lenient, skip_value,
    unknown_field, DecodeStruct, Key, Keys,
};
pub use doc::{parse as parse_doc, Arena as DocArena, Doc};
pub use encode::Entries;
pub use instance::{node, DocFn, DocPass, Fns, Json, Node, Obj, Pass, SchemaFn};
pub use json::*;
pub use numbers::{cmp_num, is_multiple_of, number, Num};
pub use object::{an_object, object, properties, required, Object, Rest};
#[cfg(feature = "patterns")]
pub use regex::Regex;
pub use serde_support::{is_none, lenient, nullable, present, union, StrVisitor};

pub use crate::formats;
pub use crate::Errors;

use serde_json::Value;

/// Validates part of a typed value through its JSON form (what typed validators do where the
/// Rust type alone does not settle the schema's verdict).
pub fn check_as<T: ::serde::Serialize + ?Sized>(
    value: &T,
    f: SchemaFn<Value>,
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

/// Fails for every key of a struct's map of other properties (`extra`) that names one of its
/// fields, the properties of `object` (the property table of its schema): the value then is not
/// what its JSON reads back as (written twice, or read back into the field). Reported under the
/// keyword `$extra`, at the struct's schema. Generic over the map's keys only, not its values.
pub fn extra_keys<'k>(
    extra: impl IntoIterator<Item = &'k String>,
    object: &Object<'_>,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
) -> bool {
    let mut valid = true;
    for key in extra.into_iter().filter(|k| object.has_property(k)) {
        valid = false;
        let message =
            || format!("\"{key}\" is a field of this type, not one of its other properties");
        if !cx.fail(&Path::Key(path, key), "$extra", at, "", message) {
            break;
        }
    }
    valid
}

/// `additionalProperties: false` of a struct read field by field: every entry of its map of
/// other properties (what decoding kept of them) is a property the schema does not allow, the
/// error of the object, as the value validator reports it.
pub fn no_other_properties<'k>(
    extra: impl IntoIterator<Item = &'k String>,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
) -> bool {
    let mut valid = true;
    for key in extra {
        valid = false;
        if !object::forbidden(key, path, at, cx) {
            break;
        }
    }
    valid
}

/// An open string enum's typed validator: a value known when the code was generated passes;
/// another is checked by `f`, the value validator of the enum's schema, as the JSON string it
/// is (not through `check_as`, which is generic: the generated crate would compile a serializer
/// per enum).
pub fn typed_enum(
    known: bool,
    value: &str,
    f: SchemaFn<Value>,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
) -> bool {
    known || f(&Value::String(value.to_owned()), path, at, cx, None)
}

/// A struct's optional field (`key` below `path`) of a type with the typed validator `f`.
pub fn typed_field<T>(
    value: &Option<T>,
    path: &Path<'_>,
    key: &str,
    cx: &mut Cx,
    f: TypedFn<T>,
) -> bool {
    match value {
        Some(value) => f(value, &Path::Key(path, key), cx),
        None => true,
    }
}

/// A struct's string or number field (`key` below `path`), checked by `f`, the checks of the
/// schema of the property `key` in the struct's schema at `at` (one function for every field
/// whose schema asks the same).
pub fn scalar_property<T: ?Sized, U: std::borrow::Borrow<T>>(
    value: &U,
    path: &Path<'_>,
    at: &At<'_>,
    key: &str,
    cx: &mut Cx,
    f: ScalarFn<T>,
) -> bool {
    f(
        value.borrow(),
        &Path::Key(path, key),
        &At::Property(at, key),
        cx,
    )
}

/// [`scalar_property`] of an optional field: an absent one passes.
pub fn scalar_option<T: ?Sized, U: std::borrow::Borrow<T>>(
    value: &Option<U>,
    path: &Path<'_>,
    at: &At<'_>,
    key: &str,
    cx: &mut Cx,
    f: ScalarFn<T>,
) -> bool {
    match value {
        Some(value) => scalar_property(value, path, at, key, cx, f),
        None => true,
    }
}

/// The items of a struct's array field (`key` below `path`), each by the typed validator `f`:
/// all of them when collecting errors, else up to the first that fails.
pub fn typed_items<T>(
    values: &[T],
    path: &Path<'_>,
    key: &str,
    cx: &mut Cx,
    f: TypedFn<T>,
) -> bool {
    let path = Path::Key(path, key);
    let mut valid = true;
    for (i, value) in values.iter().enumerate() {
        if !f(value, &Path::Index(&path, i), cx) && cx.stop(&mut valid) {
            return false;
        }
    }
    valid
}

/// Validates `value` against the schema function `f`, whose schema is at `place` (file, JSON
/// pointer; `scope`: the dynamic scope's resources to enter first), in one collecting pass.
pub fn validate<I: Json>(
    value: &I,
    f: SchemaFn<I>,
    place: (&str, &str),
    scope: &[u32],
) -> Result<(), Errors> {
    collect(place.0, |cx| run(value, f, place, scope, cx))
}

/// Runs `pass` collecting every error (of the schema file `file`). Instance paths, schema
/// pointers and messages are only built where a check fails, and alternatives (`anyOf`, `if`,
/// ...) are tried without collecting, so on a valid value this pass does what the deciding one
/// does; an invalid value is gone over once, not decided first and then gone over again.
fn collect(file: &str, pass: impl FnOnce(&mut Cx) -> bool) -> Result<(), Errors> {
    let mut cx = Cx::collecting();
    let valid = pass(&mut cx);
    cx.finish(valid, file)
}

/// One pass of `f` over `value` in `cx`, from the root of the schema at `(file, pointer)`.
fn run<I: Json>(
    value: &I,
    f: SchemaFn<I>,
    (file, pointer): (&str, &str),
    scope: &[u32],
    cx: &mut Cx,
) -> bool {
    cx.scope.extend_from_slice(scope);
    f(value, &Path::Root, &At::Root(file, pointer), cx, None)
}

/// The validator of a schema that checks nothing (only annotations).
pub fn any<I: Json>(_: &I, _: &Path<'_>, _: &At<'_>, _: &mut Cx, _: Option<&mut Eval>) -> bool {
    true
}

/// An error that is not tied to a schema keyword (a value that does not serialize, ...).
pub fn decode_error(keyword: &str, schema_file: &str, message: String) -> Errors {
    Errors::decode(keyword, schema_file, message)
}

/// A typed validator: checks a value of a generated type by reading its fields.
pub type TypedFn<T> = fn(&T, &Path<'_>, &mut Cx) -> bool;

/// The checks of a string or number field's schema (at the `At` given), on its value.
pub type ScalarFn<T> = fn(&T, &Path<'_>, &At<'_>, &mut Cx) -> bool;

/// What the generator knows of one generated type: its [`Schema`]. The runtime implements
/// [`Validate`](crate::Validate) and [`FromJson`](crate::FromJson) for every such type, so the
/// generated crate holds one constant per type and compiles no method for it: a method is
/// compiled where it is called.
pub trait Generated: Sized {
    const SCHEMA: Schema<Self>;
}

/// Where a generated type's schema is and which functions validate it.
pub struct Schema<T> {
    /// The schema file the type was generated from.
    pub file: &'static str,
    /// The schema's JSON pointer in that file.
    pub pointer: &'static str,
    /// The dynamic scope's resources to enter before validating (see [`validate`]).
    pub scope: &'static [u32],
    /// The value validator of the schema.
    pub value: Fns,
    /// The typed validator, when the type has one; without it, values are checked through
    /// their JSON form.
    pub typed: Option<TypedFn<T>>,
    /// Whether `FromJson::from_json_slice` may parse straight into the type: its JSON reads
    /// back the same once decoded, as far as `Validate::validate` goes (an optional property's
    /// `null`, which would read as absent, fails that decoding).
    pub typed_parse: bool,
}

impl<T> Schema<T> {
    /// The schema at the root of `file`, checked through the value's JSON form.
    pub const fn value(file: &'static str, value: Fns) -> Self {
        Schema {
            file,
            pointer: "",
            scope: &[],
            value,
            typed: None,
            typed_parse: false,
        }
    }

    /// The schema at the root of `file`, with a typed validator; JSON is parsed straight into
    /// the type.
    pub const fn typed(file: &'static str, value: Fns, typed: TypedFn<T>) -> Self {
        Schema {
            typed: Some(typed),
            typed_parse: true,
            ..Schema::value(file, value)
        }
    }

    /// JSON is parsed into a `Value` first: the type may read back otherwise.
    pub const fn parse_via_value(self) -> Self {
        Schema {
            typed_parse: false,
            ..self
        }
    }

    /// The schema at `pointer` in its file.
    pub const fn at(self, pointer: &'static str) -> Self {
        Schema { pointer, ..self }
    }

    /// The dynamic scope's resources to enter before validating.
    pub const fn in_scope(self, scope: &'static [u32]) -> Self {
        Schema { scope, ..self }
    }
}

/// `validate(&self)` of a generated type: by its typed validator, which reads the fields, or
/// else through its JSON form. Either way in one collecting pass, as in [`validate`].
pub fn validate_generated<T: Generated + ::serde::Serialize>(value: &T) -> Result<(), Errors> {
    let schema = &T::SCHEMA;
    let Some(f) = schema.typed else {
        let json = ::serde_json::to_value(value).map_err(|e| {
            decode_error("$serialize", schema.file, format!("cannot serialize: {e}"))
        })?;
        return validate_value_generated::<T>(&json);
    };
    collect(schema.file, |cx| f(value, &Path::Root, cx))
}

/// `from_json_slice` of a generated type: straight into the type and checked there when
/// [`Schema::typed_parse`] allows, else through a `Value`. When the straight way fails, the
/// errors are listed from a [`Doc`] (cheaper to build than a `Value`, and read once).
pub fn from_json_slice_generated<T>(bytes: &[u8]) -> Result<T, Errors>
where
    T: Generated + ::serde::Serialize + ::serde::de::DeserializeOwned,
{
    let schema = &T::SCHEMA;
    let text = json_text(bytes, schema.file)?;
    if schema.typed_parse {
        let typed = {
            let _nulls = serde_support::Stricter::enter(serde_support::Strictness::Nulls);
            ::serde_json::from_str::<T>(text)
        };
        if let Ok(typed) = typed {
            return validate_generated(&typed).map(|()| typed);
        }
        // Bytes that do not decode into a type that holds every valid value (a `null` that an
        // optional field would read as absent fails too) are invalid but for the odd case:
        // straight to the errors, read from a document that borrows its strings. A text that
        // repeats a key (a `Value` keeps the last) or is no JSON (the `Value` parser says where)
        // goes the `Value`'s way.
        let arena = doc::Arena::new();
        if let Some(doc) = doc::parse(text, &arena) {
            let place = (schema.file, schema.pointer);
            collect(schema.file, |cx| {
                run(&doc, schema.value.doc, place, schema.scope, cx)
            })?;
            return into_type(parse_json_text(text, schema.file)?, schema.file);
        }
    }
    let value = parse_json_text(text, schema.file)?;
    validate_value_generated::<T>(&value)?;
    into_type(value, schema.file)
}

/// Parses JSON bytes into a `Value`; malformed JSON is an error with the keyword `$json`.
pub fn parse_json(bytes: &[u8], schema_file: &str) -> Result<Value, Errors> {
    parse_json_text(json_text(bytes, schema_file)?, schema_file)
}

/// `bytes` as JSON text. UTF-8 is checked once, here, for the whole text, so that the parser
/// skips checking each string. Bytes that are not UTF-8 are a `$json` error, the parser's own
/// (it says where).
fn json_text<'b>(bytes: &'b [u8], schema_file: &str) -> Result<&'b str, Errors> {
    std::str::from_utf8(bytes).map_err(|utf8| {
        let message = match ::serde_json::from_slice::<Value>(bytes) {
            Err(e) => e.to_string(),
            Ok(_) => utf8.to_string(),
        };
        decode_error("$json", schema_file, format!("invalid JSON: {message}"))
    })
}

/// [`parse_json`] of text.
fn parse_json_text(text: &str, schema_file: &str) -> Result<Value, Errors> {
    ::serde_json::from_str(text)
        .map_err(|e| decode_error("$json", schema_file, format!("invalid JSON: {e}")))
}

/// A checked `Value` as the type; the type may hold less than the schema admits, an error with
/// the keyword `$type`.
///
/// A whole number written with a fraction (`2.0`) is an integer to JSON Schema (since draft 6)
/// but not to serde, which reads it into no integer type. When the value holds one, it is read
/// as it is first (into a float or a `Value` it stays `2.0`), and if that fails, with every such
/// number made an integer (`2`, the same number).
pub fn into_type<T: ::serde::de::DeserializeOwned>(
    mut value: Value,
    schema_file: &str,
) -> Result<T, Errors> {
    if json::has_whole_float(&value) {
        if let Ok(typed) = T::deserialize(&value) {
            return Ok(typed);
        }
        json::whole_floats_as_integers(&mut value);
    }
    ::serde_json::from_value(value).map_err(|e| {
        decode_error(
            "$type",
            schema_file,
            format!("does not fit the Rust type: {e}"),
        )
    })
}

/// `validate_value` of a generated type: its schema's value validator.
pub fn validate_value_generated<T: Generated>(value: &Value) -> Result<(), Errors> {
    let schema = &T::SCHEMA;
    validate(
        value,
        schema.value.value,
        (schema.file, schema.pointer),
        schema.scope,
    )
}

/// `FromJson::is_valid_value` of a generated type: the deciding pass alone.
pub fn is_valid_value_generated<T: Generated>(value: &Value) -> bool {
    let schema = &T::SCHEMA;
    run(
        value,
        schema.value.value,
        (schema.file, schema.pointer),
        schema.scope,
        &mut Cx::testing(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    std::thread_local! {
        static CALLS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// A typed validator that fails odd numbers, with one error each; it counts its calls.
    fn even(value: &u32, path: &Path<'_>, cx: &mut Cx) -> bool {
        CALLS.with(|calls| calls.set(calls.get() + 1));
        if value % 2 == 0 {
            return true;
        }
        let at = At::Root("n.json", "");
        cx.fail(path, "multipleOf", &at, "/multipleOf", || "odd".into());
        false
    }

    #[test]
    fn a_whole_number_with_a_fraction_reads_into_an_integer() {
        #[derive(::serde::Deserialize, Debug, PartialEq)]
        struct Counts {
            n: u8,
            items: Vec<i64>,
            other: Value,
        }
        let read = |value: Value| into_type::<Counts>(value, "c.json");
        let value = serde_json::json!({"n": 2.0, "items": [-3.0, 4], "other": 5.0});
        let expected = Counts {
            n: 2,
            items: vec![-3, 4],
            // Read again with every whole number an integer.
            other: serde_json::json!(5),
        };
        assert_eq!(read(value).unwrap(), expected);
        // Read as it is when the type holds it: a `Value` keeps `5.0`.
        let value = serde_json::json!({"n": 2, "items": [], "other": 5.0});
        assert_eq!(read(value).unwrap().other, serde_json::json!(5.0));
        // A fraction, or a number no integer type holds, stays a `$type` error.
        for n in [2.5, 1e30] {
            let value = serde_json::json!({"n": n, "items": [], "other": null});
            let errors = read(value).unwrap_err();
            assert_eq!(errors.iter().next().unwrap().keyword, "$type");
        }
        let mut big = serde_json::json!([1.8446744073709552e19, -9.223372036854776e18]);
        json::whole_floats_as_integers(&mut big);
        assert_eq!(big, serde_json::json!([1.8446744073709552e19, i64::MIN]));
    }

    #[test]
    fn typed_items_stop_at_the_first_failure_only_when_deciding() {
        let values = [1, 2, 3];
        let mut cx = Cx::testing();
        assert!(!typed_items(&values, &Path::Root, "n", &mut cx, even));
        assert_eq!(CALLS.with(|calls| calls.replace(0)), 1);
        let mut cx = Cx::collecting();
        assert!(!typed_items(&values, &Path::Root, "n", &mut cx, even));
        let errors = cx.finish(false, "n.json").unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.instance_path.as_str()).collect();
        assert_eq!(paths, ["/n/0", "/n/2"]);
        assert_eq!(CALLS.with(|calls| calls.replace(0)), 3);
        assert!(typed_field(
            &None,
            &Path::Root,
            "n",
            &mut Cx::testing(),
            even
        ));
        assert!(!typed_field(
            &Some(1),
            &Path::Root,
            "n",
            &mut Cx::testing(),
            even
        ));
    }

    #[test]
    fn an_extra_entry_named_like_a_field_is_reported_at_its_name() {
        let extra: Vec<String> = vec!["a".into(), "other".into(), "b".into()];
        let at = At::Root("s.json", "");
        let fields = crate::object_table!([(0, "a", any), (1, "b", any)], []);
        let mut cx = Cx::testing();
        assert!(extra_keys(&extra[1..2], &fields, &Path::Root, &at, &mut cx));
        let mut cx = Cx::collecting();
        assert!(!extra_keys(&extra, &fields, &Path::Root, &at, &mut cx));
        let errors = cx.finish(false, "s.json").unwrap_err();
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.instance_path.as_str(), e.keyword.as_str()))
            .collect();
        assert_eq!(found, [("/a", "$extra"), ("/b", "$extra")]);
    }

    #[test]
    fn chained_checks_run_while_valid_or_while_collecting() {
        let cx = Cx::testing();
        assert!(cx.goes_on(true));
        assert!(!cx.goes_on(false));
        let cx = Cx::collecting();
        assert!(cx.goes_on(false));
    }
}
