//! Fuzzing the generator with arbitrary, mostly schema-shaped documents: whatever the input, it
//! returns code that parses as Rust or an error, and never panics.
//!
//! CI runs 256 cases; for a longer local run set `PROPTEST_CASES`, e.g.
//! `PROPTEST_CASES=20000 cargo test --release -p codegen --test fuzz`.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Property names that are awkward for Rust: keywords, collisions after casing, pointer escapes.
const NAMES: &[&str] = &[
    "id", "type", "self", "Self", "crate", "fooBar", "foo_bar", "FooBar", "", " ", "a/b", "~0",
    "1st", "é", "r#x", "extra", "items", "$ref",
];
const TITLES: &[&str] = &[
    "api_user_v1_GetRequest",
    "api_user_v1_get_request",
    "Self",
    "self",
    "!!!",
    "Option",
    "pwa_x_v2_Thing",
];
const REFS: &[&str] = &[
    "#",
    "#/$defs/a",
    "#/$defs/b",
    "#/properties/id",
    "b.json",
    "b.json#/$defs/a",
    "#anchor",
    "#/components/schemas/B",
    "https://example.com/remote.json",
    "#/$defs/missing",
    "%%",
];
const PATTERNS: &[&str] = &[
    "^[a-z]+$",
    "(?=a)b",
    "[",
    "\\p{L}",
    "a{2,1}",
    "(?<x>a)\\k<x>",
];
const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "object", "array", "null", "strnig",
];

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e20f64..1e20).prop_map(Value::from),
        prop::sample::select(NAMES).prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(prop::sample::select(NAMES), inner, 0..4).prop_map(|m| {
                Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

/// One keyword with a value that is usually, not always, of the right kind.
fn keyword() -> impl Strategy<Value = (String, Value)> {
    prop_oneof![
        prop::sample::select(TYPES).prop_map(|t| ("type".into(), json!(t))),
        prop::collection::vec(prop::sample::select(TYPES), 0..3)
            .prop_map(|t| ("type".into(), json!(t))),
        prop::sample::select(REFS).prop_map(|r| ("$ref".into(), json!(r))),
        prop::sample::select(TITLES).prop_map(|t| ("title".into(), json!(t))),
        prop::sample::select(PATTERNS).prop_map(|p| ("pattern".into(), json!(p))),
        prop::collection::vec(any_json(), 0..5).prop_map(|v| ("enum".into(), Value::Array(v))),
        prop::collection::vec(prop::sample::select(NAMES), 0..5)
            .prop_map(|v| ("enum".into(), json!(v))),
        any_json().prop_map(|v| ("const".into(), v)),
        prop::collection::vec(prop::sample::select(NAMES), 0..4)
            .prop_map(|v| ("required".into(), json!(v))),
        (
            prop::sample::select(
                &[
                    "minimum",
                    "maximum",
                    "exclusiveMinimum",
                    "multipleOf",
                    "minLength",
                    "maxItems",
                ][..]
            ),
            prop_oneof![
                4 => (-1e3f64..1e3).prop_map(Value::from),
                4 => (0u64..100).prop_map(Value::from),
                1 => any_json(),
            ]
        )
            .prop_map(|(k, v)| (k.to_string(), v)),
        prop::sample::select(&["int32", "int64", "date-time", "email", "uuid", "nope"][..])
            .prop_map(|f| ("format".into(), json!(f))),
        Just(("$anchor".to_string(), json!("anchor"))),
        Just(("$id".to_string(), json!("#/components/schemas/B"))),
        Just((
            "$schema".to_string(),
            json!("https://json-schema.org/draft/2020-12/schema")
        )),
        any_json().prop_map(|v| ("x-unknown".into(), v)),
        // Rarely, a `properties` that is not an object of schemas.
        any_json()
            .prop_filter("not an object", |v| !v.is_object())
            .prop_map(|v| ("properties".into(), v)),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        1 => any::<bool>().prop_map(Value::Bool),
        6 => prop::collection::vec(keyword(), 0..4).prop_map(|k| Value::Object(k.into_iter().collect())),
    ];
    leaf.prop_recursive(5, 48, 5, |inner| {
        let children =
            prop::collection::btree_map(prop::sample::select(NAMES), inner.clone(), 0..4);
        (
            prop::collection::vec(keyword(), 0..3),
            prop::sample::select(
                &[
                    "properties",
                    "$defs",
                    "patternProperties",
                    "items",
                    "additionalProperties",
                    "not",
                    "if",
                    "then",
                    "allOf",
                    "anyOf",
                    "oneOf",
                    "prefixItems",
                ][..],
            ),
            children,
            inner,
        )
            .prop_map(|(keywords, keyword, children, child)| {
                let mut map: Map<String, Value> = keywords.into_iter().collect();
                let value = match keyword {
                    "properties" | "$defs" | "patternProperties" => Value::Object(
                        children
                            .into_iter()
                            .map(|(k, v)| (k.to_string(), v))
                            .collect(),
                    ),
                    "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                        let mut all: Vec<Value> = children.into_values().collect();
                        all.push(child);
                        Value::Array(all)
                    }
                    _ => child,
                };
                // Keep `$defs/a` and `$defs/b` around often, so that references resolve.
                if keyword == "$defs" {
                    if let Value::Object(defs) = &value {
                        let mut defs = defs.clone();
                        defs.entry("a").or_insert(json!({"type": "string"}));
                        defs.entry("b").or_insert(json!({"$ref": "#/$defs/a"}));
                        map.insert("$defs".into(), Value::Object(defs));
                        return Value::Object(map);
                    }
                }
                map.insert(keyword.to_string(), value);
                Value::Object(map)
            })
    })
}

/// A schema folder: up to three documents, some turned into broken bytes.
fn folder() -> impl Strategy<Value = Vec<(PathBuf, Vec<u8>)>> {
    let file = (schema(), 0u8..16, any::<prop::sample::Index>()).prop_map(|(value, damage, at)| {
        let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
        match damage {
            // Cut short, or a byte that is not UTF-8.
            0 => bytes.truncate(at.index(bytes.len().max(1))),
            1 => {
                let i = at.index(bytes.len().max(1)).min(bytes.len());
                bytes.insert(i, 0xff);
            }
            _ => {}
        }
        bytes
    });
    prop::collection::vec(file, 1..4).prop_map(|files| {
        files
            .into_iter()
            .zip(["a.json", "b.json", "nested/c.json"])
            .map(|(bytes, name)| (PathBuf::from(name), bytes))
            .collect()
    })
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        // Shrunk failures are printed; no regression files are written into the source tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_schemas_give_code_or_an_error(sources in folder()) {
        let Ok(set) = codegen::SchemaSet::from_sources(Path::new("schemas"), sources) else {
            return Ok(());
        };
        if let Ok(generated) = codegen::Config::new().generate_set(&set) {
            if let Err(error) = syn::parse_file(&generated.code) {
                panic!("generated code does not parse: {error}\n{}", generated.code);
            }
        }
    }
}

/// Nesting just under the JSON parser's recursion limit (128) must not overflow a test thread's
/// stack anywhere in the generator.
#[test]
fn deepest_parsable_nesting_generates() {
    for (open, close) in [
        ("{\"items\": ", "}"),
        ("{\"type\": \"object\", \"properties\": {\"p\": ", "}}"),
        ("{\"allOf\": [", "]}"),
        ("{\"not\": ", "}"),
    ] {
        let levels = 126 / open.matches(['{', '[']).count();
        let text = format!("{}{{}}{}", open.repeat(levels), close.repeat(levels));
        let set = codegen::SchemaSet::from_sources(
            Path::new("schemas"),
            vec![(PathBuf::from("deep.json"), text.into_bytes())],
        )
        .unwrap_or_else(|e| panic!("{open}: {e}"));
        let generated = codegen::Config::new()
            .generate_set(&set)
            .unwrap_or_else(|e| panic!("{open}: {e}"));
        assert!(syn::parse_file(&generated.code).is_ok(), "{open}");
    }
}
