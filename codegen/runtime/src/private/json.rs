//! JSON values: types, equality, duplicates, and short renderings for messages.

use serde_json::{Number, Value};

use super::context::{At, Cx, Path};
use super::instance::{node, Json, Node};
use super::numbers::{cmp_nums, num_of, Num};

/// JSON types as bits, for [`of_type`].
pub const NULL: u8 = 1;
pub const BOOLEAN: u8 = 2;
pub const STRING: u8 = 4;
pub const NUMBER: u8 = 8;
pub const INTEGER: u8 = 16;
pub const ARRAY: u8 = 32;
pub const OBJECT: u8 = 64;

/// The `type` keyword of the schema at `at`: whether `inst` is one of the `types` (bits), named
/// `expected` in the error. Inlined into the generated functions, most of which are this one
/// call; the error is built out of line.
#[inline]
pub fn of_type<I: Json>(
    inst: &I,
    types: u8,
    expected: &str,
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
) -> bool {
    let matches = match node(inst) {
        Node::Null => types & NULL != 0,
        Node::Bool(_) => types & BOOLEAN != 0,
        Node::String(_) => types & STRING != 0,
        Node::Number(n) => types & NUMBER != 0 || (types & INTEGER != 0 && is_integer(n)),
        Node::Array(_) => types & ARRAY != 0,
        Node::Object(_) => types & OBJECT != 0,
    };
    if !matches {
        not_of_type(inst, expected, path, at, cx);
    }
    matches
}

#[cold]
fn not_of_type<I: Json>(inst: &I, expected: &str, path: &Path<'_>, at: &At<'_>, cx: &mut Cx) {
    // The most frequent error: its message joined at once, without `format!`'s machinery.
    cx.fail(path, "type", at, "/type", || {
        [type_name(inst), " is not of type ", expected].concat()
    });
}

/// `enum` of the schema at `at` when all its values are strings.
pub fn string_enum<I: Json>(
    inst: &I,
    values: &[&str],
    path: &Path<'_>,
    at: &At<'_>,
    cx: &mut Cx,
) -> bool {
    if matches!(node(inst), Node::String(s) if values.contains(&s)) {
        return true;
    }
    cx.fail(path, "enum", at, "/enum", || {
        [
            show(inst).as_str(),
            " is not one of ",
            &shown_strings(values),
        ]
        .concat()
    });
    false
}

/// `values` as a JSON array, [`shorten`]ed: written only as far as the shortened text shows
/// (a prefix of more than 60 characters shortens as the whole text does).
fn shown_strings(values: &[&str]) -> String {
    let mut text = vec![b'['];
    for (i, value) in values.iter().enumerate() {
        // Characters are the bytes that do not continue one (0x80-0xbf).
        if text.len() > 60 && text.iter().filter(|&&b| !(0x80..0xc0).contains(&b)).count() > 60 {
            return shorten(&into_text(text));
        }
        if i > 0 {
            text.push(b',');
        }
        push_json(&mut text, *value);
    }
    text.push(b']');
    shorten(&into_text(text))
}

/// A schema's values as error messages show them: at most 60 characters (57 and `...`).
pub fn shorten(text: &str) -> String {
    if text.chars().count() > 60 {
        text.chars().take(57).collect::<String>() + "..."
    } else {
        text.to_string()
    }
}

/// The instance's JSON type name as the `type` keyword spells it.
pub fn type_name<I: Json>(value: &I) -> &'static str {
    match node(value) {
        Node::Null => "null",
        Node::Bool(_) => "boolean",
        Node::Number(n) if is_integer(n) => "integer",
        Node::Number(_) => "number",
        Node::String(_) => "string",
        Node::Array(_) => "array",
        Node::Object(_) => "object",
    }
}

/// JSON Schema integers include numbers with a zero fractional part (`1.0`).
pub fn is_integer(n: &Number) -> bool {
    n.is_i64()
        || n.is_u64()
        || n.as_f64()
            .is_some_and(|f| f.is_finite() && f.fract() == 0.0)
}

/// Whether `value` holds a whole number written with a fraction (`2.0`), which serde reads into
/// no integer type.
pub(crate) fn has_whole_float(value: &Value) -> bool {
    match value {
        Value::Number(n) => whole_float(n).is_some(),
        Value::Array(items) => items.iter().any(has_whole_float),
        Value::Object(map) => map.values().any(has_whole_float),
        _ => false,
    }
}

/// Makes each whole number of `value` written with a fraction an integer (`2.0` becomes `2`),
/// where `i64` or `u64` holds it.
pub(crate) fn whole_floats_as_integers(value: &mut Value) {
    match value {
        Value::Number(n) => {
            if let Some(integer) = whole_float(n) {
                *n = integer;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_floats_as_integers),
        Value::Object(map) => map.values_mut().for_each(whole_floats_as_integers),
        _ => {}
    }
}

/// The integer a float with no fraction is, when `i64` or `u64` holds it.
fn whole_float(n: &Number) -> Option<Number> {
    let f = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0)?;
    // 2^64 and -2^63, both exact as floats.
    if (0.0..18_446_744_073_709_551_616.0).contains(&f) {
        Some(Number::from(f as u64))
    } else if (-9_223_372_036_854_775_808.0..0.0).contains(&f) {
        Some(Number::from(f as i64))
    } else {
        None
    }
}

/// Length in Unicode code points, as JSON Schema counts it.
pub fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// JSON equality: numbers by value (`1 == 1.0`), objects regardless of key order, of any two
/// instances (an instance and a schema's constant, or two items). Iterative, so deep instances
/// cannot overflow the stack.
pub fn json_eq<A: Json, B: Json>(a: &A, b: &B) -> bool {
    let mut stack = vec![(a, b)];
    while let Some((a, b)) = stack.pop() {
        match (node(a), node(b)) {
            (Node::Null, Node::Null) => {}
            (Node::Bool(x), Node::Bool(y)) if x == y => {}
            (Node::String(x), Node::String(y)) if x == y => {}
            (Node::Number(x), Node::Number(y))
                if cmp_nums(num_of(x), num_of(y)) == Some(std::cmp::Ordering::Equal) => {}
            (Node::Array(x), Node::Array(y)) if x.len() == y.len() => stack.extend(x.iter().zip(y)),
            (Node::Object(x), Node::Object(y)) if x.len() == y.len() => {
                for (key, value) in x.iter() {
                    match y.get(key) {
                        Some(other) => stack.push((value, other)),
                        None => return false,
                    }
                }
            }
            _ => return false,
        }
    }
    true
}

/// A hash consistent with [`json_eq`] (used to find duplicates in linear time).
fn json_hash<I: Json>(value: &I) -> u64 {
    use std::hash::{Hash, Hasher};
    // Each node contributes its hash combined with its depth and position, summed so that the
    // order of object members does not matter.
    fn leaf<I: Json>(value: &I) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        match node(value) {
            Node::Null => 0u8.hash(&mut h),
            Node::Bool(b) => (1u8, b).hash(&mut h),
            Node::Number(n) => {
                2u8.hash(&mut h);
                match num_of(n) {
                    Num::U(u) => (u as f64).to_bits().hash(&mut h),
                    Num::I(i) => (i as f64).to_bits().hash(&mut h),
                    Num::F(x) => (if x == 0.0 { 0.0f64 } else { x }).to_bits().hash(&mut h),
                }
            }
            Node::String(s) => (3u8, s).hash(&mut h),
            Node::Array(a) => (4u8, a.len()).hash(&mut h),
            Node::Object(o) => (5u8, o.len()).hash(&mut h),
        }
        h.finish()
    }
    fn mix(seed: u64, x: u64) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (seed, x).hash(&mut h);
        h.finish()
    }
    let mut total = 0u64;
    // (value, salt identifying its position: parent salt mixed with key or index)
    let mut stack: Vec<(&I, u64)> = vec![(value, 0)];
    while let Some((value, salt)) = stack.pop() {
        total = total.wrapping_add(mix(salt, leaf(value)));
        match node(value) {
            Node::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((item, mix(salt, i as u64)));
                }
            }
            Node::Object(map) => {
                for (key, item) in map.iter() {
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    key.hash(&mut h);
                    stack.push((item, mix(salt, h.finish())));
                }
            }
            _ => {}
        }
    }
    total
}

/// The indices of the first pair of equal items, if any (expected linear time).
pub fn find_duplicate<I: Json>(items: &[I]) -> Option<(usize, usize)> {
    let mut seen: std::collections::HashMap<u64, Vec<usize>> =
        std::collections::HashMap::with_capacity(items.len());
    for (j, item) in items.iter().enumerate() {
        let bucket = seen.entry(json_hash(item)).or_default();
        if let Some(&i) = bucket.iter().find(|&&i| json_eq(&items[i], item)) {
            return Some((i, j));
        }
        bucket.push(j);
    }
    None
}

/// A short rendering of an instance for messages (long values are cut).
pub fn show<I: Json>(value: &I) -> String {
    let mut text = Vec::new();
    render(value, &mut text);
    cut(into_text(text))
}

/// Appends `value` as compact JSON, as its `Display` writes it.
fn push_json(out: &mut Vec<u8>, value: &(impl ::serde::Serialize + ?Sized)) {
    // Writing JSON of a string or a scalar into a `Vec` cannot fail.
    let _ = ::serde_json::to_writer(out, value);
}

/// JSON written by [`push_json`] as text (it is UTF-8 by construction).
fn into_text(json: Vec<u8>) -> String {
    String::from_utf8(json).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`show`] of a JSON string, for checks that read a `&str` (of a `Value` or of a typed field).
pub fn show_str(s: &str) -> String {
    // Only what is shown is quoted: a long string is not copied whole.
    let mut end = s.len().min(80);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let mut text = Vec::with_capacity(end + 2);
    push_json(&mut text, &s[..end]);
    cut(into_text(text))
}

/// Cuts a rendering longer than 80 bytes to 77 and `...`.
fn cut(mut text: String) -> String {
    if text.len() > 80 {
        let mut cut = 77;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("...");
    }
    text
}

/// Compact JSON, as `Value::to_string` writes it, but only the first 80-odd characters: every
/// level adds a bracket, so this also bounds the recursion on a deeply nested instance (which
/// `to_string` would follow to a stack overflow).
fn render<I: Json>(value: &I, out: &mut Vec<u8>) {
    if out.len() > 80 {
        return;
    }
    match node(value) {
        Node::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if out.len() > 80 {
                    return;
                }
                if i > 0 {
                    out.push(b',');
                }
                render(item, out);
            }
            out.push(b']');
        }
        Node::Object(map) => {
            out.push(b'{');
            for (i, (key, item)) in map.iter().enumerate() {
                if out.len() > 80 {
                    return;
                }
                if i > 0 {
                    out.push(b',');
                }
                push_json(out, key);
                out.push(b':');
                render(item, out);
            }
            out.push(b'}');
        }
        Node::Null => out.extend_from_slice(b"null"),
        Node::Bool(b) => push_json(out, &b),
        Node::Number(n) => push_json(out, n),
        Node::String(s) => push_json(out, s),
    }
}

/// A key as a JSON string of the instance's representation (for `propertyNames`).
pub fn key_value<I: Json>(key: &str) -> I {
    I::string(key)
}

/// Parses a constant embedded by the generator (always valid JSON).
pub fn constant(json: &str) -> Value {
    ::serde_json::from_str(json).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn string_enum_lists_show_as_the_whole_array_shortened() {
        let long = "é\"x\\\n".repeat(9);
        let lists: [&[&str]; 6] = [
            &[],
            &["a"],
            &["active", "pending", "deleted"],
            &["é", "ü", "tab\there", "quote\"", long.as_str(), "z"],
            &["abcdefghij"; 12],
            &[
                "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefg",
                "h",
            ],
        ];
        for values in lists {
            let whole = shorten(&Value::from(values.to_vec()).to_string());
            assert_eq!(shown_strings(values), whole, "{values:?}");
        }
        // Every length around the cut.
        for len in 1..30 {
            let value = "é".repeat(len);
            for count in 1..8 {
                let values = vec![value.as_str(); count];
                let whole = shorten(&Value::from(values.clone()).to_string());
                assert_eq!(shown_strings(&values), whole, "{values:?}");
            }
        }
    }

    #[test]
    fn show_renders_as_value_display_cut() {
        let values = [
            json!(null),
            json!(true),
            json!(-12),
            json!(1.5e300),
            json!(18446744073709551615u64),
            json!("tab\there \"é\" \u{1}"),
            json!([1, "a", {"k\"ey": [null, false]}, []]),
            json!({"a": {"b": {"c": "x".repeat(30)}}, "d": "y".repeat(60)}),
            json!(["é".repeat(50), "ü".repeat(50)]),
        ];
        for value in values {
            let whole = value.to_string();
            assert_eq!(show(&value), cut(whole.clone()), "{whole}");
        }
    }

    #[test]
    fn show_str_renders_as_show_does() {
        let long = "é\"x\\".repeat(40);
        for s in [
            "",
            "a",
            "tab\there",
            "é",
            long.as_str(),
            &"a".repeat(79),
            &"a".repeat(81),
        ] {
            assert_eq!(show_str(s), show(&Value::String(s.to_owned())), "{s:?}");
        }
        for n in 70..90 {
            let s = format!("{}é", "b".repeat(n));
            assert_eq!(show_str(&s), show(&Value::String(s.clone())), "{s:?}");
        }
    }
}
