use serde_json::{json, Value};

use super::*;
use codegen::load::Document;

fn set_of(schemas: &[(&str, Value)]) -> SchemaSet {
    let docs = schemas
        .iter()
        .map(|(name, value)| Document {
            file: (*name).into(),
            uri: url::Url::parse(&format!("file:///{name}")).unwrap(),
            value: value.clone(),
        })
        .collect();
    SchemaSet::from_documents(docs).unwrap()
}

fn one(schema: Value) -> SchemaSet {
    set_of(&[("s.json", schema)])
}

/// `n` valid instances, each checked by the checker.
fn valid_many(set: &SchemaSet, seed: u64, n: usize) -> Vec<Value> {
    let mut generator = InstanceGenerator::new(set, seed);
    let root = Location::root(0);
    (0..n)
        .map(|_| {
            let value = generator.valid(&root).unwrap();
            assert!(
                generator.checker().is_valid(&root, &value).unwrap(),
                "{value}"
            );
            value
        })
        .collect()
}

#[test]
fn same_seed_same_instances_and_other_seeds_differ() {
    let set = one(json!({
        "type": "object",
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "n": {"type": "integer"}
        },
        "additionalProperties": true
    }));
    let a = valid_many(&set, 42, 20);
    assert_eq!(a, valid_many(&set, 42, 20));
    assert_ne!(a, valid_many(&set, 43, 20));
}

#[test]
fn types_including_lists_and_null() {
    let set = one(json!({"type": ["string", "null", "integer"]}));
    let values = valid_many(&set, 1, 200);
    assert!(values.iter().any(Value::is_null));
    assert!(values.iter().any(Value::is_string));
    assert!(values.iter().any(|v| v.is_i64() || v.is_u64()));
    assert!(values
        .iter()
        .all(|v| v.is_null() || v.is_string() || v.is_i64() || v.is_u64()));
}

#[test]
fn enum_and_const() {
    let set = one(json!({"enum": ["a", "b", 3, null]}));
    let values = valid_many(&set, 2, 100);
    assert!(values
        .iter()
        .all(|v| [json!("a"), json!("b"), json!(3), json!(null)].contains(v)));
    let set = one(json!({"allOf": [{"enum": [1, 2, 3]}, {"enum": [3, 4]}]}));
    assert!(valid_many(&set, 2, 20).iter().all(|v| v == &json!(3)));
    let set = one(json!({"const": {"k": [1]}}));
    assert!(valid_many(&set, 2, 5)
        .iter()
        .all(|v| v == &json!({"k": [1]})));
}

#[test]
fn objects_required_optional_extra_and_closed() {
    let set = one(json!({
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "boolean"}},
        "required": ["a"]
    }));
    let values = valid_many(&set, 3, 300);
    assert!(values.iter().all(|v| v["a"].is_string()));
    assert!(values.iter().any(|v| v.get("b").is_some()));
    assert!(values.iter().any(|v| v.get("b").is_none()));
    // Unknown properties appear where additionalProperties allows them.
    assert!(values.iter().any(|v| v.as_object().unwrap().len() > 2));

    let closed = one(json!({
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "additionalProperties": false
    }));
    let values = valid_many(&closed, 3, 200);
    assert!(values
        .iter()
        .all(|v| v.as_object().unwrap().keys().all(|k| k == "a")));
    assert!(values.iter().any(|v| v.as_object().unwrap().is_empty()));

    let map =
        one(json!({"type": "object", "additionalProperties": {"type": "integer", "minimum": 5}}));
    let values = valid_many(&map, 3, 100);
    assert!(values.iter().any(|v| v.as_object().unwrap().len() >= 2));
    assert!(values
        .iter()
        .flat_map(|v| v.as_object().unwrap().values())
        .all(|n| n.as_i64().is_some_and(|n| n >= 5)));
}

#[test]
fn pattern_properties_property_names_and_counts() {
    let set = one(json!({
        "type": "object",
        "patternProperties": {"^x-[a-z]+$": {"type": "integer"}},
        "additionalProperties": false,
        "minProperties": 1,
        "maxProperties": 3
    }));
    let matcher = regress::Regex::new("^x-[a-z]+$").unwrap();
    for v in valid_many(&set, 4, 100) {
        let object = v.as_object().unwrap();
        assert!((1..=3).contains(&object.len()), "{v}");
        assert!(object.keys().all(|k| matcher.find(k).is_some()), "{v}");
    }
    let set = one(json!({"type": "object", "propertyNames": {"maxLength": 3}}));
    for v in valid_many(&set, 4, 100) {
        assert!(
            v.as_object()
                .unwrap()
                .keys()
                .all(|k| k.chars().count() <= 3),
            "{v}"
        );
    }
}

#[test]
fn arrays_prefix_length_unique_contains() {
    let set = one(json!({
        "type": "array",
        "prefixItems": [{"type": "string"}, {"type": "boolean"}],
        "items": {"type": "integer"},
        "minItems": 2,
        "maxItems": 5
    }));
    for v in valid_many(&set, 5, 100) {
        let items = v.as_array().unwrap();
        assert!((2..=5).contains(&items.len()));
        assert!(items[0].is_string() && items[1].is_boolean());
        assert!(items[2..].iter().all(|i| i.is_i64() || i.is_u64()));
    }
    let set = one(
        json!({"type": "array", "items": {"enum": [1, 2, 3]}, "uniqueItems": true, "minItems": 3}),
    );
    for v in valid_many(&set, 5, 30) {
        let mut items: Vec<i64> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_i64().unwrap())
            .collect();
        items.sort();
        assert_eq!(items, vec![1, 2, 3]);
    }
    let set = one(json!({"type": "array", "contains": {"const": "needle"}, "minContains": 2}));
    for v in valid_many(&set, 5, 30) {
        assert!(
            v.as_array()
                .unwrap()
                .iter()
                .filter(|i| *i == "needle")
                .count()
                >= 2
        );
    }
    let set = one(json!({"type": "array", "items": {"type": "string"}}));
    let values = valid_many(&set, 5, 200);
    assert!(values.iter().any(|v| v.as_array().unwrap().is_empty()));
    assert!(values.iter().any(|v| v.as_array().unwrap().len() >= 3));
}

#[test]
fn strings_lengths_patterns_formats() {
    let set = one(json!({"type": "string", "minLength": 3, "maxLength": 5}));
    for v in valid_many(&set, 6, 100) {
        assert!((3..=5).contains(&v.as_str().unwrap().chars().count()));
    }
    for pattern in ["^organization-", "^[a-z0-9-]+$", r"^\d{3}-\d{4}$"] {
        let set = one(json!({"type": "string", "pattern": pattern, "maxLength": 40}));
        let matcher = regress::Regex::new(pattern).unwrap();
        for v in valid_many(&set, 6, 50) {
            assert!(
                matcher.find(v.as_str().unwrap()).is_some(),
                "{pattern}: {v}"
            );
        }
    }
    for format in [
        "date-time",
        "email",
        "uri",
        "uuid",
        "ipv4",
        "ipv6",
        "hostname",
        "date",
        "time",
    ] {
        let set = one(json!({"type": "string", "format": format}));
        for v in valid_many(&set, 6, 30) {
            assert_eq!(formats::check(format, &v), Some(true), "{format}: {v}");
        }
    }
}

#[test]
fn numbers_bounds_multiples_and_int32() {
    let set = one(json!({"type": "integer", "format": "int32", "minimum": 0}));
    for v in valid_many(&set, 7, 100) {
        let n = v.as_i64().unwrap();
        assert!((0..=i32::MAX as i64).contains(&n));
    }
    let set =
        one(json!({"type": "integer", "multipleOf": 7, "exclusiveMinimum": 10, "maximum": 50}));
    for v in valid_many(&set, 7, 100) {
        let n = v.as_i64().unwrap();
        assert!(n > 10 && n <= 50 && n % 7 == 0, "{n}");
    }
    let set = one(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}));
    for v in valid_many(&set, 7, 100) {
        let x = v.as_f64().unwrap();
        assert!(x > 0.0 && x < 1.0, "{x}");
    }
    let set = one(json!({"type": "number", "multipleOf": 0.25}));
    for v in valid_many(&set, 7, 50) {
        assert_eq!((v.as_f64().unwrap() / 0.25).fract(), 0.0);
    }
}

#[test]
fn combinators_and_conditionals() {
    // Only non-integer numbers match exactly one branch.
    let set = one(json!({"oneOf": [{"type": "integer"}, {"type": "number"}]}));
    for v in valid_many(&set, 8, 50) {
        assert!(v.as_f64().unwrap().fract() != 0.0, "{v}");
    }
    let set = one(json!({"anyOf": [{"type": "string", "maxLength": 2}, {"type": "boolean"}]}));
    for v in valid_many(&set, 8, 50) {
        assert!(v.is_boolean() || v.as_str().unwrap().chars().count() <= 2);
    }
    let set =
        one(json!({"type": "integer", "not": {"enum": [1, 2, 3]}, "minimum": 1, "maximum": 5}));
    for v in valid_many(&set, 8, 50) {
        assert!(matches!(v.as_i64(), Some(4 | 5)), "{v}");
    }
    let set = one(json!({
        "type": "object",
        "properties": {"kind": {"enum": ["a", "b"]}},
        "required": ["kind"],
        "if": {"properties": {"kind": {"const": "a"}}},
        "then": {"required": ["for_a"], "properties": {"for_a": {"type": "integer"}}},
        "else": {"required": ["for_b"], "properties": {"for_b": {"type": "string"}}}
    }));
    for v in valid_many(&set, 8, 50) {
        if v["kind"] == "a" {
            assert!(v["for_a"].is_i64() || v["for_a"].is_u64(), "{v}");
        } else {
            assert!(v["for_b"].is_string(), "{v}");
        }
    }
    let set = one(json!({
        "type": "object",
        "properties": {"a": {"type": "integer"}},
        "unevaluatedProperties": false
    }));
    for v in valid_many(&set, 8, 50) {
        assert!(v.as_object().unwrap().keys().all(|k| k == "a"), "{v}");
    }
}

#[test]
fn refs_across_files_and_bounded_recursion() {
    let set = set_of(&[
        (
            "node.json",
            json!({
                "$id": "#/components/schemas/Node",
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                    "owner": {"$ref": "#/components/schemas/User"}
                },
                "required": ["name", "children"]
            }),
        ),
        (
            "user.json",
            json!({
                "$id": "#/components/schemas/User",
                "type": "object",
                "properties": {"email": {"type": "string", "format": "email"}},
                "required": ["email"]
            }),
        ),
    ]);
    fn depth(v: &Value) -> usize {
        match v {
            Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
            Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
            _ => 0,
        }
    }
    let values = valid_many(&set, 9, 50);
    assert!(values
        .iter()
        .all(|v| depth(v) <= 2 * Settings::default().max_depth + 2));
    assert!(values
        .iter()
        .any(|v| !v["children"].as_array().unwrap().is_empty()));
}

#[test]
fn impossible_or_malformed_schemas_are_errors_not_panics() {
    let cases = [
        json!(false),
        json!({"type": "string", "minLength": 5, "maxLength": 2}),
        json!({"type": "integer", "minimum": 1, "maximum": 0}),
        json!({"type": "string", "pattern": "(?=a)b"}),
        json!({"type": "string", "pattern": "("}),
        json!({"type": 5}),
        json!({"type": "nothing"}),
        json!({"allOf": [{"type": "string"}, {"type": "integer"}]}),
        json!({"oneOf": [{"type": "string"}, {"type": "string"}]}),
        json!({"type": "object", "properties": {"next": {"$ref": "#"}}, "required": ["next"]}),
        json!({"$ref": "#/$defs/missing"}),
        json!({"minItems": -1, "type": "array"}),
        json!({"type": "array", "items": {"type": "boolean"}, "uniqueItems": true, "minItems": 3}),
        json!({"$ref": "#"}),
    ];
    for schema in cases {
        let set = one(schema.clone());
        let mut generator = InstanceGenerator::new(&set, 10);
        let result = generator.valid(&Location::root(0));
        assert!(result.is_err(), "{schema} gave {result:?}");
    }
}

/// Mutations break exactly the constraint they name, and the result is invalid.
#[test]
fn mutations_break_exactly_one_constraint() {
    let schemas = [
        json!({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"], "additionalProperties": false}),
        json!({"type": "string", "pattern": "^[a-z0-9-]+$", "minLength": 2, "maxLength": 8}),
        json!({"type": "integer", "format": "int32", "minimum": 0}),
        json!({"type": "string", "format": "date-time"}),
        json!({"enum": ["x", "y"]}),
        json!({"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3, "uniqueItems": true}),
        json!({"type": "number", "exclusiveMaximum": 10, "multipleOf": 0.5}),
        json!({"type": "object", "minProperties": 1, "maxProperties": 2, "propertyNames": {"pattern": "^[a-z]+$"}}),
    ];
    let mut kinds = BTreeSet::new();
    for schema in schemas {
        let set = one(schema.clone());
        let root = Location::root(0);
        let mut generator = InstanceGenerator::new(&set, 11);
        for _ in 0..40 {
            let (value, mutation) = generator.mutate(&root).unwrap().expect("a mutation exists");
            let failures = generator.checker().validate(&root, &value).unwrap();
            assert_eq!(failures.len(), 1, "{schema}: {value} {failures:?}");
            assert_eq!(failures[0].keyword, mutation.kind.keyword());
            assert_eq!(failures[0].instance, mutation.pointer);
            kinds.insert(mutation.kind);
        }
    }
    for kind in [
        MutationKind::Type,
        MutationKind::Required,
        MutationKind::AdditionalProperties,
        MutationKind::Pattern,
        MutationKind::MinLength,
        MutationKind::MaxLength,
        MutationKind::Format,
        MutationKind::Minimum,
        MutationKind::Enum,
        MutationKind::MinItems,
        MutationKind::MaxItems,
        MutationKind::UniqueItems,
        MutationKind::ExclusiveMaximum,
        MutationKind::MultipleOf,
        MutationKind::MinProperties,
        MutationKind::MaxProperties,
        MutationKind::PropertyNames,
    ] {
        assert!(kinds.contains(&kind), "no {kind:?} mutation was made");
    }
}

#[test]
fn nothing_to_break_in_true() {
    let set = one(json!(true));
    let mut generator = InstanceGenerator::new(&set, 12);
    assert_eq!(generator.mutate(&Location::root(0)).unwrap(), None);
}

#[test]
fn checker_verdicts() {
    let set = one(json!({
        "type": "object",
        "properties": {"n": {"type": "integer", "format": "int32"}},
        "required": ["n"],
        "additionalProperties": false
    }));
    let root = Location::root(0);
    let mut checker = Checker::new(&set);
    assert!(checker.is_valid(&root, &json!({"n": 1.0})).unwrap());
    assert!(!checker
        .is_valid(&root, &json!({"n": 2_147_483_648_i64}))
        .unwrap());
    assert!(!checker.is_valid(&root, &json!({"n": 1, "m": 2})).unwrap());
    assert!(!checker.is_valid(&root, &json!({})).unwrap());
    assert_eq!(checker.validate(&root, &json!([])).unwrap().len(), 1);
}
