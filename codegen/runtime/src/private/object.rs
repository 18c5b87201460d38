//! The object keywords most schemas use, as one pass over the object: `properties` looked up by
//! a hash of the name the generator computed (an integer search and one string comparison),
//! `required` counted on the way, `additionalProperties` for the rest.

use serde_json::{Map, Value};

use super::{At, Cx, Eval, Path, SchemaFn};

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

/// `properties`, `required` and `additionalProperties` of one object schema.
pub struct Object<'a> {
    /// `properties`: the [`name_hash`] of each name, the name and its subschema, sorted by hash
    /// (then name).
    pub properties: &'a [(u64, &'a str, SchemaFn)],
    /// `required`, in the schema's order.
    pub required: &'a [&'a str],
    /// The entries of `properties` that `required` names (bit `i` for entry `i`), when it names
    /// no others and there are at most 64: checking validity only, they are counted during the
    /// pass instead of looked up. Otherwise 0.
    pub required_entries: u64,
    pub rest: Rest,
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
fn find(properties: &[(u64, &str, SchemaFn)], key: &str) -> Option<usize> {
    let hash = name_hash(key);
    let first = properties.partition_point(|(h, _, _)| *h < hash);
    properties[first..]
        .iter()
        .take_while(|(h, _, _)| *h == hash)
        .position(|(_, name, _)| *name == key)
        .map(|i| first + i)
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

/// `required`, then `properties` and `additionalProperties` in one pass over the object `inst`
/// (any other value passes), of the object schema at `at`; the properties they apply to are
/// marked evaluated in `ev`.
pub fn object(
    inst: &Value,
    schema: &Object<'_>,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
    mut ev: Option<&mut Eval>,
) -> bool {
    let Value::Object(obj) = inst else {
        return true;
    };
    let mut valid = true;
    let counted = schema.required_entries != 0 && !cx.is_collecting();
    if !counted && !required(obj, schema.required, path, at, cx) && cx.stop(&mut valid) {
        return false;
    }
    let mut seen = 0u64;
    for (i, (key, value)) in obj.iter().enumerate() {
        let p = Path::Key(path, key);
        let ok = match find(schema.properties, key) {
            Some(k) => {
                let (_, name, f) = schema.properties[k];
                if k < 64 {
                    seen |= 1 << k;
                }
                f(value, &p, &At::Property(at, name), cx, None)
            }
            None => match schema.rest {
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
    if counted && seen & schema.required_entries != schema.required_entries {
        return false;
    }
    valid
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(_: &Value, _: &Path<'_>, _: &At<'_>, _: &mut Cx, _: Option<&mut Eval>) -> bool {
        true
    }

    #[test]
    fn finds_every_name_and_only_those() {
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
        let mut table: Vec<(u64, &str, SchemaFn)> = names
            .iter()
            .map(|n| (name_hash(n), *n, pass as SchemaFn))
            .collect();
        table.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        for name in names {
            let k = find(&table, name).expect(name);
            assert_eq!(table[k].1, name);
        }
        for other in ["b", "abcdefgh_3_ijklmnop", "user_ie", "abc"] {
            assert_eq!(find(&table, other), None, "{other}");
        }
    }

    #[test]
    fn counts_required_properties_when_only_testing() {
        let table = [(name_hash("a"), "a", pass as SchemaFn)];
        let schema = Object {
            properties: &table,
            required: &["a"],
            required_entries: 1,
            rest: Rest::Any,
        };
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
}
