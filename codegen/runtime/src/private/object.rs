//! The object keywords most schemas use, as one pass over the object: `properties` looked up by
//! a `match` on the name that the table's macro ([`object_table!`](crate::object_table)) writes
//! for each object schema, with each property's check called from its arm (where the compiler
//! can inline it); `required` counted on the way; `additionalProperties` for the rest.
//!
//! A `match` on string constants compiles to a switch on the length and comparisons with
//! constants, which is what makes the jsonschema crate's generated validators fast; written out
//! in the generated source it would cost several lines per object schema, so the generator
//! writes the table and the macro writes the `match`.

use super::instance::{node, DocPass, Fns, Json, Node, Obj, Pass};
use super::{of_type, At, Cx, Eval, Path, OBJECT};

/// What `additionalProperties` asks of the properties that `properties` does not name.
#[derive(Clone, Copy)]
pub enum Rest {
    /// No `additionalProperties`: they are not evaluated.
    Any,
    /// `additionalProperties: false`.
    Forbid,
    /// `additionalProperties: true` (or a subschema that checks nothing): evaluated, not checked.
    Allow,
    /// Its subschema.
    Schema(Fns),
}

/// `properties`, `required` and `additionalProperties` of one object schema.
pub struct Object<'a> {
    /// The names of `properties`, in the schema's order.
    pub names: &'a [&'a str],
    /// The pass over an object of a `Value` ([`Pass`]).
    pub pass: Pass<serde_json::Value>,
    /// The same pass over an object of a [`Doc`](super::doc::Doc).
    pub doc_pass: DocPass,
    /// `required`, in the schema's order.
    pub required: &'a [&'a str],
    /// The entries of `names` that `required` names (bit `i` for entry `i`), when it names
    /// no others and there are at most 64: they are counted during the pass instead of looked
    /// up. Otherwise 0.
    pub required_entries: u64,
    /// Whether the pass needs nothing done before it: `required` is counted in it (or empty),
    /// and there are properties to go over. Most object schemas; checked inline.
    pub ready: bool,
    pub rest: Rest,
}

/// An object schema's [`Object`], from its `properties` in the schema's order, each as
/// `(index, "name", subschema function)`, and the names of `required`:
/// `object_table!([(0, "id", s1), (1, "tags", s2)], ["id"])`; `.forbid_others()` and the other
/// methods of `Object` add `additionalProperties`. A constant expression.
///
/// A property whose subschema is only a `$ref` may name the target's function and location
/// instead, `(2, "owner", s7, rt::root(F3))`: the target is then called with that location,
/// as the subschema's own function would (one call instead of two).
#[doc(hidden)]
#[macro_export]
macro_rules! object_table {
    (
        [$(($index:literal, $name:literal, $f:path $(, $target:expr $(,)?)?)),* $(,)?],
        [$($required:literal),* $(,)?] $(,)?
    ) => {
        $crate::__private::Object::new(
            &[$($name),*],
            $crate::object_pass!([$(($index, $name, $f $(, $target)?)),*]),
            $crate::object_pass!([$(($index, $name, $f $(, $target)?)),*]),
            &[$($required),*],
        )
    };
}

/// The [`Pass`] of [`object_table!`](crate::object_table), for each representation of an
/// instance (the closure's types are those the table asks for).
#[doc(hidden)]
#[macro_export]
macro_rules! object_pass {
    ([$(($index:literal, $name:literal, $f:path $(, $target:expr)?)),*]) => {
        |obj, schema, path, at, cx, ev| {
            $crate::__private::properties(obj, schema, path, at, cx, ev, |key, value, path, cx| {
                match key {
                    $($name => ::core::option::Option::Some((
                        $index,
                        $f(
                            value,
                            path,
                            &$crate::property_at!(at, $name $(, $target)?),
                            cx,
                            ::core::option::Option::None,
                        ),
                    )),)*
                    _ => {
                        let _ = (value, path, cx);
                        ::core::option::Option::None
                    }
                }
            })
        }
    };
}

/// The location [`object_table!`](crate::object_table) gives a property's check: below the
/// object schema's, or the `$ref` target's given with the entry.
#[doc(hidden)]
#[macro_export]
macro_rules! property_at {
    ($at:ident, $name:literal) => {
        $crate::__private::At::Property($at, $name)
    };
    ($at:ident, $name:literal, $target:expr) => {
        $target
    };
}

impl<'a> Object<'a> {
    /// The table of `properties` (their names in the schema's order, and the [`Pass`] over
    /// them) and `required`; other properties are not checked. The required entries are found
    /// here, at compile time.
    pub const fn new(
        names: &'a [&'a str],
        pass: Pass<serde_json::Value>,
        doc_pass: DocPass,
        required: &'a [&'a str],
    ) -> Self {
        let required_entries = required_entries(names, required);
        Object {
            names,
            pass,
            doc_pass,
            required,
            required_entries,
            ready: (required.is_empty() || required_entries != 0) && !names.is_empty(),
            rest: Rest::Any,
        }
    }

    /// `additionalProperties: false`.
    pub const fn forbid_others(self) -> Self {
        Object {
            rest: Rest::Forbid,
            ..self
        }
    }

    /// `additionalProperties: true`, or a subschema that checks nothing.
    pub const fn allow_others(self) -> Self {
        Object {
            rest: Rest::Allow,
            ..self
        }
    }

    /// `additionalProperties` with the subschema `f`.
    pub const fn others(self, f: Fns) -> Self {
        Object {
            rest: Rest::Schema(f),
            ..self
        }
    }

    /// Whether `name` is one of `properties`.
    pub fn has_property(&self, name: &str) -> bool {
        self.names.contains(&name)
    }
}

/// [`Object::required_entries`]: bit `i` for each entry `i` of `names` that `required` names,
/// or 0 when `required` names another property or an entry past the 64th.
const fn required_entries(names: &[&str], required: &[&str]) -> u64 {
    let mut mask = 0u64;
    let mut r = 0;
    while r < required.len() {
        let mut k = 0;
        while k < names.len() && !same(names[k], required[r]) {
            k += 1;
        }
        if k >= names.len() || k >= 64 {
            return 0;
        }
        mask |= 1 << k;
        r += 1;
    }
    mask
}

/// `a == b`, in a `const fn`.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `additionalProperties: false` of the object schema at `at`, for the property `key` of the
/// object at `path`: the error (of the object), and whether to go on.
pub(super) fn forbidden(key: &str, path: &Path<'_>, at: &At<'_>, cx: &mut Cx) -> bool {
    let message = || format!("property \"{key}\" is not allowed");
    cx.fail(
        path,
        "additionalProperties",
        at,
        "/additionalProperties",
        message,
    )
}

/// `required` of the object schema at `at`: every name must be a property of `obj`.
pub fn required<I: Json>(
    obj: Obj<'_, I>,
    names: &[&str],
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
) -> bool {
    let absent = names.iter().filter(|name| !obj.contains_key(name));
    missing(absent, path, at, cx)
}

/// The error of `required` for each of the `absent` names, up to the first when only testing:
/// whether there were none.
fn missing<'n>(
    absent: impl Iterator<Item = &'n &'n str>,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
) -> bool {
    let mut valid = true;
    for name in absent {
        valid = false;
        let message = || ["missing required property \"", name, "\""].concat();
        if !cx.fail(path, "required", at, "/required", message) {
            return false;
        }
    }
    valid
}

/// `type: object`, then [`object`]: another value fails as `type` does (the one step of most
/// object schemas).
#[inline]
pub fn an_object<I: Json>(
    inst: &I,
    schema: &Object<'_>,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
    ev: Option<&mut Eval>,
) -> bool {
    match node(inst) {
        Node::Object(obj) => I::pass(schema)(obj, schema, path, at, cx, ev),
        _ => of_type(inst, OBJECT, "object", path, at, cx),
    }
}

/// `required`, then `properties` and `additionalProperties` in one pass over the object `inst`
/// (any other value passes), of the object schema at `at`; the properties they apply to are
/// marked evaluated in `ev`.
#[inline]
pub fn object<I: Json>(
    inst: &I,
    schema: &Object<'_>,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
    ev: Option<&mut Eval>,
) -> bool {
    match node(inst) {
        Node::Object(obj) => I::pass(schema)(obj, schema, path, at, cx, ev),
        _ => true,
    }
}

/// [`object`] of an object: `visit` finds a property among `properties` and checks its value
/// (see [`Pass`]), giving its index in [`Object::names`] and whether it passed. Inlined into each
/// object schema's pass, so that the lookup and the checks are code of that schema; what is
/// not per property is in functions of its own, compiled once.
#[inline(always)]
pub fn properties<I: Json, V>(
    obj: Obj<'_, I>,
    schema: &Object<'_>,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
    mut ev: Option<&mut Eval>,
    visit: V,
) -> bool
where
    V: Fn(&str, &I, &Path<'_>, &mut Cx) -> Option<(usize, bool)>,
{
    let (mut valid, first_error) = match schema.ready {
        true => (true, cx.error_count()),
        false => match before_pass(obj, schema, path, at, cx, &mut ev) {
            Ok(start) => start,
            Err(verdict) => return verdict,
        },
    };
    let mut seen = 0u64;
    for (key, value) in obj.iter() {
        let p = Path::Key(path, key);
        let ok = match visit(key, value, &p, cx) {
            Some((k, ok)) => {
                seen |= 1u64.checked_shl(k as u32).unwrap_or(0);
                ok
            }
            None => match other_property(key, value, schema.rest, path, at, cx) {
                Some(ok) => ok,
                None => continue,
            },
        };
        if !ok && cx.stop(&mut valid) {
            if let Some(ev) = ev {
                mark_evaluated(obj, Some(key), schema, ev);
            }
            return false;
        }
    }
    if let Some(ev) = ev {
        mark_evaluated(obj, None, schema, ev);
    }
    match seen & schema.required_entries == schema.required_entries {
        true => valid,
        false => missing_counted(seen, first_error, schema, path, at, cx),
    }
}

/// Marks in `ev` the properties of `obj` that [`properties`] evaluated (those before the key
/// `stop`, where it stopped, if it did): those `properties` names, and all when
/// `additionalProperties` applies to the others. Done apart from the pass, which then tests and
/// counts nothing more per property (few schemas need the marks: those below
/// `unevaluatedProperties`).
#[cold]
fn mark_evaluated<I: Json>(
    obj: Obj<'_, I>,
    stop: Option<&str>,
    schema: &Object<'_>,
    ev: &mut Eval,
) {
    let before_stop = |key: &&str| stop.is_none_or(|stop| !std::ptr::eq(*key, stop));
    for (i, key) in obj.keys().take_while(before_stop).enumerate() {
        if !matches!(schema.rest, Rest::Any) || schema.has_property(key) {
            ev.mark(i);
        }
    }
}

/// What [`properties`] does before going over the object, unless the schema is
/// [`Object::ready`]: `required`, when it is not counted in the pass; then, for an object whose
/// properties need no checking, the verdict (`Err`). Else whether it is valid so far and where the errors of counted `required` go.
fn before_pass<I: Json>(
    obj: Obj<'_, I>,
    schema: &Object<'_>,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
    ev: &mut Option<&mut Eval>,
) -> Result<(bool, usize), bool> {
    let mut valid = true;
    // `required` is counted during the pass where the table allows (no lookup by name in the
    // instance), else looked up first.
    let counted = schema.required_entries != 0;
    if !counted && !required(obj, schema.required, path, at, cx) && cx.stop(&mut valid) {
        return Err(false);
    }
    if schema.names.is_empty() && matches!(schema.rest, Rest::Any | Rest::Allow) {
        // A free-form object (`{"type": "object", "additionalProperties": true}`): nothing to
        // check in its properties, so they are not gone over.
        if let (Some(ev), Rest::Allow) = (ev, schema.rest) {
            ev.mark_all(obj.len());
        }
        return Err(valid);
    }
    // Where the errors of `required` go when they are found after the pass: before those of
    // the properties, as when they are looked up first.
    Ok((valid, cx.error_count()))
}

/// `additionalProperties` (`rest`, of the object schema at `at`) for the property `key` of the
/// object at `path`, which `properties` does not name: whether it passes, or `None` if it is not
/// evaluated.
fn other_property<I: Json>(
    key: &str,
    value: &I,
    rest: Rest,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
) -> Option<bool> {
    match rest {
        Rest::Any => None,
        Rest::Allow => Some(true),
        Rest::Forbid => {
            forbidden(key, path, at, cx);
            Some(false)
        }
        Rest::Schema(f) => {
            let (p, at) = (Path::Key(path, key), At::Child(at, "/additionalProperties"));
            Some(I::pick(&f)(value, &p, &at, cx, None))
        }
    }
}

/// After the pass of [`properties`], when a required property counted in it is missing (`seen`:
/// the entries found): their errors, when collecting, before those of the properties (from the
/// `first_error`-th on), in the order of `required`. Always the verdict `false`.
#[cold]
fn missing_counted(
    seen: u64,
    first_error: usize,
    schema: &Object<'_>,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
) -> bool {
    if cx.is_collecting() {
        let found = cx.error_count();
        // Every required name is an entry below 64 (else they are not counted).
        let unseen = |name: &&&str| {
            let k = schema.names.iter().position(|n| n == *name);
            k.is_some_and(|k| seen & (1 << k) == 0)
        };
        missing(schema.required.iter().filter(unseen), path, at, cx);
        cx.move_errors_before(found, first_error);
    }
    false
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    #[test]
    fn required_entries_are_the_bits_of_the_required_properties_the_table_holds() {
        let names = ["a", "b", "c"];
        assert_eq!(required_entries(&names, &["c", "a"]), 0b101);
        assert_eq!(required_entries(&names, &[]), 0);
        // A required property the table does not hold is looked up instead.
        assert_eq!(required_entries(&names, &["a", "d"]), 0);
        let wide: Vec<String> = (0..70).map(|i| format!("p{i}")).collect();
        let wide: Vec<&str> = wide.iter().map(String::as_str).collect();
        assert_eq!(required_entries(&wide, &["p63"]), 1 << 63);
        assert_eq!(required_entries(&wide, &["p64"]), 0);
    }

    fn pass<I: Json>(_: &I, _: &Path<'_>, _: &At<'_>, _: &mut Cx, _: Option<&mut Eval>) -> bool {
        true
    }

    fn fail<I: Json>(_: &I, _: &Path<'_>, _: &At<'_>, _: &mut Cx, _: Option<&mut Eval>) -> bool {
        false
    }

    #[test]
    fn the_macros_table_finds_every_name_and_only_those() {
        // Names that share their length, or their first and last bytes; other properties fail.
        static TABLE: Object = crate::object_table!(
            [
                (0, "a", pass),
                (1, "ab", fail),
                (2, "abcdefgh_1_ijklmnop", pass),
                (3, "abcdefgh_2_ijklmnop", fail),
                (4, "", pass),
                (5, "é", fail),
                (6, "user_id", pass),
            ],
            []
        )
        .forbid_others();
        let at = At::Root("f.json", "");
        let check = |name: &str| {
            let json = serde_json::json!({ name: null });
            object(&json, &TABLE, &Path::Root, &at, &mut Cx::testing(), None)
        };
        for (k, name) in TABLE.names.iter().enumerate() {
            assert_eq!(check(name), k % 2 == 0, "{name}");
            assert!(TABLE.has_property(name));
        }
        for other in ["b", "abcdefgh_3_ijklmnop", "user_ie", "abc", "e"] {
            assert!(!check(other), "{other}");
            assert!(!TABLE.has_property(other));
        }
        let table = crate::object_table!([(0, "a", pass), (1, "b", pass)], ["b"]);
        assert_eq!(table.required_entries, 0b10);
    }

    #[test]
    fn an_entry_with_a_target_checks_there() {
        // `b` names its `$ref` target and the target's location, as a wrapper would.
        static TABLE: Object = crate::object_table!(
            [
                (0, "a", a_string),
                (1, "b", a_string, At::Root("t.json", "/$defs/s"))
            ],
            []
        );
        let at = At::Root("f.json", "");
        let mut cx = Cx::collecting();
        let json = serde_json::json!({"a": 1, "b": 2});
        assert!(!object(&json, &TABLE, &Path::Root, &at, &mut cx, None));
        let errors = cx.finish(false, "f.json").unwrap_err();
        let places: Vec<_> = errors
            .iter()
            .map(|e| {
                (
                    e.instance_path.as_str(),
                    e.schema_file.as_str(),
                    e.schema_pointer.as_str(),
                )
            })
            .collect();
        assert_eq!(
            places,
            [
                ("/a", "f.json", "/properties/a/type"),
                ("/b", "t.json", "/$defs/s/type")
            ]
        );
    }

    #[test]
    fn marks_the_properties_it_evaluated_up_to_where_it_stopped() {
        // `c` fails; `b` and `d` are no properties of the table (the names sort as they are
        // written, so that the order is the same with or without `preserve_order`).
        static NAMED: Object = crate::object_table!([(0, "a", pass), (1, "c", fail)], []);
        static OTHERS_TOO: Object =
            crate::object_table!([(0, "a", pass), (1, "c", fail)], []).allow_others();
        let json = serde_json::json!({"a": 1, "b": 2, "c": 3, "d": 4});
        let at = At::Root("f.json", "");
        let marks = |schema: &Object, mut cx: Cx| {
            let mut ev = Eval::default();
            object(&json, schema, &Path::Root, &at, &mut cx, Some(&mut ev));
            (0..4).filter(|&i| ev.is_marked(i)).collect::<Vec<_>>()
        };
        // Only testing, the pass stops at `c`: what it evaluated before is marked.
        assert_eq!(marks(&NAMED, Cx::testing()), [0]);
        assert_eq!(marks(&OTHERS_TOO, Cx::testing()), [0, 1]);
        // Collecting, it goes over every property.
        assert_eq!(marks(&NAMED, Cx::collecting()), [0, 2]);
        assert_eq!(marks(&OTHERS_TOO, Cx::collecting()), [0, 1, 2, 3]);
    }

    #[test]
    fn counts_required_properties_when_only_testing() {
        let schema = crate::object_table!([(0, "a", pass)], ["a"]);
        assert_eq!(schema.required_entries, 1);
        let at = At::Root("f.json", "");
        let check = |json: Value, cx: &mut Cx| object(&json, &schema, &Path::Root, &at, cx, None);
        assert!(check(
            serde_json::json!({"a": 1, "b": 2}),
            &mut Cx::testing()
        ));
        assert!(!check(serde_json::json!({"b": 2}), &mut Cx::testing()));
        let mut cx = Cx::collecting();
        assert!(!check(serde_json::json!({"b": 2}), &mut cx));
        let errors = cx.finish(false, "f.json").unwrap_err();
        assert_eq!(
            errors.iter().next().map(|e| e.keyword.as_str()),
            Some("required")
        );
    }

    fn a_string<I: Json>(
        inst: &I,
        path: &Path<'_>,
        at: &At<'_>,
        cx: &mut Cx,
        _: Option<&mut Eval>,
    ) -> bool {
        of_type(inst, crate::__private::STRING, "string", path, at, cx)
    }

    #[test]
    fn counted_required_properties_are_listed_first_in_the_schemas_order() {
        let schema = crate::object_table!(
            [(0, "a", a_string), (1, "b", a_string), (2, "c", a_string)],
            ["c", "b", "a"]
        );
        assert_ne!(schema.required_entries, 0);
        let at = At::Root("f.json", "");
        let mut cx = Cx::collecting();
        let json = serde_json::json!({"b": 1});
        assert!(!object(&json, &schema, &Path::Root, &at, &mut cx, None));
        let errors = cx.finish(false, "f.json").unwrap_err();
        let listed: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.keyword.as_str(), e.message.as_str()))
            .collect();
        let expected = [
            ("required", "missing required property \"c\""),
            ("required", "missing required property \"a\""),
            ("type", "integer is not of type string"),
        ];
        assert_eq!(listed, expected);
    }

    #[test]
    fn a_free_form_object_marks_every_property_evaluated_only_when_it_says_so() {
        let at = At::Root("f.json", "");
        let json = serde_json::json!({"a": 1, "b": 2});
        for (schema, marked) in [
            (crate::object_table!([], []).allow_others(), true),
            (crate::object_table!([], []), false),
        ] {
            let mut ev = Eval::default();
            let ok = object(
                &json,
                &schema,
                &Path::Root,
                &at,
                &mut Cx::testing(),
                Some(&mut ev),
            );
            assert!(ok);
            assert_eq!((ev.is_marked(0), ev.is_marked(1)), (marked, marked));
        }
        // `required` is still checked.
        let schema = crate::object_table!([], ["c"]).allow_others();
        let check = object(&json, &schema, &Path::Root, &at, &mut Cx::testing(), None);
        assert!(!check);
    }
}
