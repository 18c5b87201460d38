//! The object keywords most schemas use, as one pass over the object: `properties` looked up by
//! a hash of the name the generator computed (an integer search and one string comparison),
//! `required` counted on the way, `additionalProperties` for the rest.
//!
//! Objects mostly list their properties in the schema's order (serializers write fields in the
//! order they are declared, and schemas are written from the same declarations), so before the
//! hash each key is compared with the property that follows the last one found in that order:
//! in order, a key costs one comparison of strings; out of order, one comparison more (mostly of
//! lengths alone) before the hash.

use serde_json::{Map, Value};

use super::{of_type, At, Cx, Eval, Path, SchemaFn, OBJECT};

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
    Schema(SchemaFn),
}

/// An entry of [`Object::properties`]: the [`name_hash`] of the name, the name, its subschema,
/// and the index of the entry of the property that follows it in the schema (the table's length
/// for the last one).
pub type Property<'a> = (u64, &'a str, SchemaFn, usize);

/// `properties`, `required` and `additionalProperties` of one object schema.
pub struct Object<'a> {
    /// `properties`, sorted by hash (then name).
    pub properties: &'a [Property<'a>],
    /// The entry of the schema's first property (0 when there are none).
    pub first: usize,
    /// `required`, in the schema's order.
    pub required: &'a [&'a str],
    /// The entries of `properties` that `required` names (bit `i` for entry `i`), when it names
    /// no others and there are at most 64: checking validity only, they are counted during the
    /// pass instead of looked up. Otherwise 0.
    pub required_entries: u64,
    pub rest: Rest,
}

impl<'a> Object<'a> {
    /// The table of `properties` (sorted by [`name_hash`], then name) and `required`; other
    /// properties are not checked. The required entries are found here, at compile time.
    pub const fn new(properties: &'a [Property<'a>], required: &'a [&'a str]) -> Self {
        Object {
            properties,
            first: first(properties),
            required,
            required_entries: required_entries(properties, required),
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
    pub const fn others(self, f: SchemaFn) -> Self {
        Object {
            rest: Rest::Schema(f),
            ..self
        }
    }
}

/// [`Object::required_entries`]: bit `i` for each entry `i` of `properties` that `required`
/// names, or 0 when `required` names another property or an entry past the 64th.
const fn required_entries(properties: &[Property<'_>], required: &[&str]) -> u64 {
    let mut mask = 0u64;
    let mut r = 0;
    while r < required.len() {
        let mut k = 0;
        while k < properties.len() && !same(properties[k].1, required[r]) {
            k += 1;
        }
        if k >= properties.len() || k >= 64 {
            return 0;
        }
        mask |= 1 << k;
        r += 1;
    }
    mask
}

/// The entries of [`Object::properties`] for `properties` in the schema's order, each name with
/// what checks it (a function, or what names one in generated code): hashed, sorted by hash
/// (then name), each linked to the entry of the property after it.
pub fn property_table<F>(properties: Vec<(&str, F)>) -> Vec<(u64, &str, F, usize)> {
    let n = properties.len();
    let mut entries: Vec<(u64, &str, F, usize)> = properties
        .into_iter()
        .enumerate()
        .map(|(i, (name, f))| (name_hash(name), name, f, i))
        .collect();
    entries.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    // Entry of each property, by its place in the schema; then each links to its follower's.
    let mut entry_of = vec![0; n];
    for (k, entry) in entries.iter().enumerate() {
        entry_of[entry.3] = k;
    }
    for entry in &mut entries {
        entry.3 = entry_of.get(entry.3 + 1).copied().unwrap_or(n);
    }
    entries
}

/// [`Object::first`]: the entry no other entry is followed by.
const fn first(properties: &[Property<'_>]) -> usize {
    let mut i = 0;
    while i < properties.len() {
        let mut k = 0;
        while k < properties.len() && properties[k].3 != i {
            k += 1;
        }
        if k == properties.len() {
            return i;
        }
        i += 1;
    }
    0
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

/// The hash of a property name in [`Object::properties`]: its length and up to 16 of its bytes
/// (the first and last 8), mixed. Names that share them are told apart by the comparison that
/// follows every match.
pub const fn name_hash(name: &str) -> u64 {
    let b = name.as_bytes();
    let n = b.len();
    let (head, tail) = if n >= 8 {
        (read(b, 0, 8), read(b, n - 8, 8))
    } else if n >= 4 {
        (read(b, 0, 4), read(b, n - 4, 4))
    } else {
        (read(b, 0, n), 0)
    };
    mix(head ^ 0x9e37_79b9_7f4a_7c15, tail ^ (n as u64))
}

/// `len` (at most 8) bytes of `b` from `at`, little-endian.
const fn read(b: &[u8], at: usize, len: usize) -> u64 {
    let mut x = 0u64;
    let mut i = 0;
    while i < len {
        x |= (b[at + i] as u64) << (8 * i);
        i += 1;
    }
    x
}

/// A 128-bit product folded to 64 bits: every input bit reaches the output.
const fn mix(a: u64, b: u64) -> u64 {
    let product = (a ^ 0xa076_1d64_78bd_642f) as u128 * (b ^ 0xe703_7ed1_a0b4_28db) as u128;
    (product as u64) ^ ((product >> 64) as u64)
}

impl Object<'_> {
    /// Whether `name` is one of `properties`.
    pub fn has_property(&self, name: &str) -> bool {
        find(self.properties, name).is_some()
    }
}

/// The index of `key` in `properties`.
fn find(properties: &[Property<'_>], key: &str) -> Option<usize> {
    let hash = name_hash(key);
    let first = properties.partition_point(|(h, _, _, _)| *h < hash);
    properties[first..]
        .iter()
        .take_while(|(h, _, _, _)| *h == hash)
        .position(|(_, name, _, _)| *name == key)
        .map(|i| first + i)
}

/// [`find`], trying the entry `guess` first.
#[inline]
fn find_from(properties: &[Property<'_>], key: &str, guess: usize) -> Option<usize> {
    match properties.get(guess) {
        Some((_, name, _, _)) if *name == key => Some(guess),
        _ => find(properties, key),
    }
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
pub fn required(
    obj: &Map<String, Value>,
    names: &[&str],
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
) -> bool {
    let absent = names.iter().filter(|name| !obj.contains_key(**name));
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
pub fn an_object(
    inst: &Value,
    schema: &Object<'_>,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
    ev: Option<&mut Eval>,
) -> bool {
    match inst {
        Value::Object(obj) => properties(obj, schema, path, at, cx, ev),
        _ => of_type(inst, OBJECT, "object", path, at, cx),
    }
}

/// `required`, then `properties` and `additionalProperties` in one pass over the object `inst`
/// (any other value passes), of the object schema at `at`; the properties they apply to are
/// marked evaluated in `ev`.
#[inline]
pub fn object(
    inst: &Value,
    schema: &Object<'_>,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
    ev: Option<&mut Eval>,
) -> bool {
    match inst {
        Value::Object(obj) => properties(obj, schema, path, at, cx, ev),
        _ => true,
    }
}

/// [`object`] of an object.
fn properties(
    obj: &Map<String, Value>,
    schema: &Object<'_>,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
    mut ev: Option<&mut Eval>,
) -> bool {
    let mut valid = true;
    // `required` is counted during the pass where the table allows (no lookup by name in the
    // instance), else looked up first.
    let counted = schema.required_entries != 0;
    if !counted && !required(obj, schema.required, path, at, cx) && cx.stop(&mut valid) {
        return false;
    }
    // Where the errors of `required` go when they are found after the pass: before those of
    // the properties, as when they are looked up first.
    let first_error = cx.error_count();
    if schema.properties.is_empty() && matches!(schema.rest, Rest::Any | Rest::Allow) {
        // A free-form object (`{"type": "object", "additionalProperties": true}`): nothing to
        // check in its properties, so they are not gone over.
        if let (Some(ev), Rest::Allow) = (ev, schema.rest) {
            ev.mark_all(obj.len());
        }
        return valid;
    }
    let mut seen = 0u64;
    let mut guess = schema.first;
    for (i, (key, value)) in obj.iter().enumerate() {
        let p = Path::Key(path, key);
        let ok = match find_from(schema.properties, key, guess) {
            Some(k) => {
                let (_, name, f, next) = schema.properties[k];
                guess = next;
                if k < 64 {
                    seen |= 1 << k;
                }
                f(value, &p, &At::Property(at, name), cx, None)
            }
            None => match schema.rest {
                Rest::Any => continue,
                Rest::Allow => true,
                Rest::Forbid => {
                    forbidden(key, path, at, cx);
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
    if counted && seen & schema.required_entries != schema.required_entries {
        if !cx.is_collecting() {
            return false;
        }
        let found = cx.error_count();
        let absent = schema
            .required
            .iter()
            .filter(|name| find(schema.properties, name).is_none_or(|k| seen & (1 << k) == 0));
        missing(absent, path, at, cx);
        cx.move_errors_before(found, first_error);
        valid = false;
    }
    valid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_entries_are_the_bits_of_the_required_properties_the_table_holds() {
        let f = pass as SchemaFn;
        let table = [(1, "a", f, 1), (2, "b", f, 2), (3, "c", f, 3)];
        assert_eq!(required_entries(&table, &["c", "a"]), 0b101);
        assert_eq!(required_entries(&table, &[]), 0);
        // A required property the table does not hold is looked up instead.
        assert_eq!(required_entries(&table, &["a", "d"]), 0);
        let names: Vec<String> = (0..70).map(|i| format!("p{i}")).collect();
        let wide: Vec<Property<'_>> = names.iter().map(|n| (0, n.as_str(), f, 0)).collect();
        assert_eq!(required_entries(&wide, &["p63"]), 1 << 63);
        assert_eq!(required_entries(&wide, &["p64"]), 0);
    }

    fn pass(_: &Value, _: &Path<'_>, _: &At<'_>, _: &mut Cx, _: Option<&mut Eval>) -> bool {
        true
    }

    /// The table of `names`, in the schema's order, each checked by `f`.
    fn table(names: &[&'static str], f: SchemaFn) -> Vec<Property<'static>> {
        property_table(names.iter().map(|n| (*n, f)).collect())
    }

    #[test]
    fn finds_every_name_and_only_those_whatever_the_guess() {
        // Names that share length and first and last bytes share a hash.
        let names = [
            "a",
            "ab",
            "abcdefgh_1_ijklmnop",
            "abcdefgh_2_ijklmnop",
            "",
            "é",
            "user_id",
        ];
        let table = table(&names, pass);
        for guess in 0..=table.len() {
            for name in names {
                let k = find_from(&table, name, guess).expect(name);
                assert_eq!(table[k].1, name);
            }
            for other in ["b", "abcdefgh_3_ijklmnop", "user_ie", "abc"] {
                assert_eq!(find_from(&table, other, guess), None, "{other}");
            }
        }
    }

    #[test]
    fn entries_link_the_properties_in_the_schemas_order() {
        let names = ["z", "session_jwt", "a", "user_id", "b"];
        let table = table(&names, pass);
        let schema = Object::new(&table, &[]);
        let mut k = schema.first;
        let mut walked = Vec::new();
        while k < table.len() {
            walked.push(table[k].1);
            k = table[k].3;
        }
        assert_eq!(walked, names);
        assert!(table
            .windows(2)
            .all(|w| (w[0].0, w[0].1) <= (w[1].0, w[1].1)));
        assert_eq!(Object::new(&[], &[]).first, 0);
    }

    #[test]
    fn counts_required_properties_when_only_testing() {
        let table = table(&["a"], pass);
        let schema = Object::new(&table, &["a"]);
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

    fn a_string(
        inst: &Value,
        path: &Path<'_>,
        at: &At<'_>,
        cx: &mut Cx,
        _: Option<&mut Eval>,
    ) -> bool {
        of_type(inst, crate::__private::STRING, "string", path, at, cx)
    }

    #[test]
    fn counted_required_properties_are_listed_first_in_the_schemas_order() {
        let table = table(&["a", "b", "c"], a_string);
        let schema = Object::new(&table, &["c", "b", "a"]);
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
            (Object::new(&[], &[]).allow_others(), true),
            (Object::new(&[], &[]), false),
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
        let schema = Object::new(&[], &["c"]).allow_others();
        let check = object(&json, &schema, &Path::Root, &at, &mut Cx::testing(), None);
        assert!(!check);
    }
}
