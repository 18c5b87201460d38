//! Generated validators on hostile and ordinary input: errors instead of stack overflows, linear
//! pattern matching, every violation reported, and the error format users see.
//! The validators come from `build/suite.rs` (`EXTRAS`).

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tests::conformance::extras;

/// An array nested `depth` times around `null`, built without recursion.
fn nested_arrays(depth: usize) -> Value {
    let mut value = Value::Null;
    for _ in 0..depth {
        value = Value::Array(vec![value]);
    }
    value
}

/// An object nested `depth` times (`json!` would serialize, i.e. recurse into, the inner value).
fn nested_objects(depth: usize) -> Value {
    let mut value = Value::Null;
    for _ in 0..depth {
        let mut map = serde_json::Map::new();
        map.insert("a".into(), value);
        value = Value::Object(map);
    }
    value
}

#[test]
fn a_very_deep_instance_gets_an_error_not_a_stack_overflow() {
    for value in [nested_arrays(10_000), nested_objects(10_000)] {
        let errors = extras::recursive(&value).expect_err("too deep to validate");
        assert!(errors.iter().any(|e| e.keyword == "$depth"), "{errors}");
        // serde_json drops values recursively; leaking keeps this test about the validator.
        std::mem::forget(value);
    }
    // Within the limit, the same schema validates.
    let shallow = nested_arrays(50);
    assert_eq!(extras::recursive(&shallow), Ok(()));
}

#[test]
fn nested_quantifiers_match_in_linear_time() {
    // `^(a+)+$` backtracks exponentially on "aaa…a!" in a backtracking engine.
    let input = Value::String(format!("{}!", "a".repeat(100_000)));
    let start = Instant::now();
    assert!(extras::nested_pattern(&input).is_err());
    assert!(extras::nested_pattern(&json!("aaaa")).is_ok());
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn a_failed_subschema_evaluates_no_property() {
    let errors = |value: Value| -> Vec<(String, String, String)> {
        let mut found: Vec<_> = extras::unevaluated(&value)
            .err()
            .into_iter()
            .flat_map(|errors| errors.into_iter())
            .map(|e| (e.instance_path, e.keyword, e.message))
            .collect();
        found.sort();
        found
    };
    let key = |name: Option<&str>| {
        let mut value = json!({ "kind": "key", "in": "header", "label": "l" });
        if let Some(name) = name {
            value["name"] = json!(name);
        }
        value
    };
    assert_eq!(errors(key(Some("n"))), []);
    // `then` fails for want of `name`: the `in` it evaluated is evaluated by nothing that holds.
    let then_fails = errors(key(None));
    assert_eq!(then_fails.len(), 2, "{then_fails:?}");
    assert_eq!(then_fails[0].1, "required");
    assert_eq!(then_fails[1].1, "unevaluatedProperties");
    assert!(then_fails[1].2.contains("\"in\""), "{then_fails:?}");
    // Likewise for a `$ref` that fails: its `label` is unevaluated as well as of the wrong type.
    let ref_fails = errors(json!({ "kind": "other", "label": 5 }));
    let keywords: Vec<&str> = ref_fails.iter().map(|e| e.1.as_str()).collect();
    assert_eq!(keywords, ["unevaluatedProperties", "type"], "{ref_fails:?}");
    assert!(ref_fails[0].2.contains("\"label\""), "{ref_fails:?}");
}

#[test]
fn every_violation_is_reported_with_its_locations() {
    let value = json!({ "name": "x", "age": -1, "email": "not an address", "extra": true });
    let errors = extras::person(&value).expect_err("four violations");
    let mut found: Vec<(String, String)> = errors
        .iter()
        .map(|e| (e.instance_path.clone(), e.keyword.clone()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("".to_string(), "additionalProperties".to_string()),
            ("/age".into(), "minimum".into()),
            ("/email".into(), "format".into()),
            ("/name".into(), "minLength".into()),
        ]
    );
    let minimum = errors.iter().find(|e| e.keyword == "minimum").unwrap();
    assert_eq!(minimum.schema_file, "person.json");
    assert_eq!(minimum.schema_pointer, "/properties/age/minimum");
    assert_eq!(
        minimum.to_string(),
        "/age: -1 is less than the minimum 0 (person.json#/properties/age/minimum)"
    );
    // One error per line, and serde for API error bodies.
    assert_eq!(errors.to_string().lines().count(), 4);
    let serialized = serde_json::to_value(&errors).unwrap();
    assert_eq!(serialized.as_array().map(Vec::len), Some(4));
    assert!(serialized[0]["keyword"].is_string());

    let missing = extras::person(&json!({})).expect_err("two required properties");
    assert_eq!(missing.len(), 2);
    assert!(
        extras::person(&json!({ "name": "Ada", "age": 36, "email": "ada@example.com" })).is_ok()
    );
}
