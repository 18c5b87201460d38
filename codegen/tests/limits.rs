//! The generator's hard limits: inputs that made it take exponential time or memory (or
//! overflow its stack) finish with bounded work, falling back to `serde_json::Value` where typify
//! would not, and generated code past the cap is an error naming the schema.
//!
//! Each test asserts on something counted (the notes, the size of the code), never on time: a
//! regression shows as a test that does not finish.

use std::path::Path;

use serde_json::{json, Map, Value};

fn write(dir: &Path, schema: &Value) {
    std::fs::write(dir.join("schema.json"), serde_json::to_vec(schema).unwrap()).unwrap();
}

fn generate(schema: &Value) -> codegen::Result<codegen::Generated> {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), schema);
    codegen::Config::new().generate_dir(dir.path())
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/$defs/{name}") })
}

/// Two chains of definitions, `A<i>` and `B<i>`, each level made by `level(i, A<i-1>, B<i-1>)`:
/// a DAG that doubles at every level when expanded.
fn chains(levels: usize, level: impl Fn(usize, Value, Value) -> Value) -> Value {
    let mut defs = Map::new();
    defs.insert(
        "A0".into(),
        json!({"type": "object", "properties": {"a": {"type": "string"}}}),
    );
    defs.insert(
        "B0".into(),
        json!({"type": "object", "properties": {"b": {"type": "integer"}}}),
    );
    for i in 1..levels {
        for chain in ["A", "B"] {
            let schema = level(
                i,
                reference(&format!("A{}", i - 1)),
                reference(&format!("B{}", i - 1)),
            );
            defs.insert(format!("{chain}{i}"), schema);
        }
    }
    json!({
        "title": "Root",
        "$ref": format!("#/$defs/A{}", levels - 1),
        "$defs": defs,
    })
}

/// Object schemas with their own properties and a `oneOf` of the previous level: typify merged
/// the properties into every alternative of every level below, which went past 3.5 GB at 5
/// levels. Levels past the second fall back, with a note naming each.
#[test]
fn nested_alternatives_beside_properties_fall_back() {
    for keyword in ["anyOf", "oneOf"] {
        let schema = chains(12, |i, a, b| {
            json!({
                "type": "object",
                "properties": {format!("p{i}"): {"type": "string"}},
                keyword: [a, b],
            })
        });
        let generated = generate(&schema).unwrap();
        let merged_notes: Vec<&String> = generated
            .notes
            .iter()
            .filter(|n| n.contains("alternatives of their own"))
            .collect();
        assert!(
            merged_notes
                .iter()
                .any(|n| n.contains("schema.json#/$defs/A11:")),
            "{:#?}",
            generated.notes
        );
        // Levels 0 and 1 keep their types: 4 schemas of 24 fall back at most.
        assert!(merged_notes.len() <= 20, "{merged_notes:#?}");
        assert!(
            generated.code.len() < 1 << 20,
            "{} bytes",
            generated.code.len()
        );
    }
}

/// Shallow merges still get their types: one level of alternatives beside properties.
#[test]
fn one_level_of_alternatives_beside_properties_keeps_its_type() {
    let schema = chains(2, |i, a, b| {
        json!({
            "type": "object",
            "properties": {format!("p{i}"): {"type": "string"}},
            "oneOf": [a, b],
        })
    });
    let generated = generate(&schema).unwrap();
    assert!(generated.notes.is_empty(), "{:#?}", generated.notes);
}

/// A schema among its own alternatives: typify merged it into itself until the stack overflowed,
/// which aborts the process. It applies itself to the same value again, so it is the check's
/// error, naming the step that starts the cycle, before typify sees it.
#[test]
fn a_schema_in_its_own_alternatives_is_an_error() {
    let schema = json!({
        "title": "Root",
        "$ref": "#/$defs/A",
        "$defs": {
            "A": {
                "type": "object",
                "properties": {"a": {"type": "string"}},
                "anyOf": [{"$ref": "#/$defs/A"}, {"type": "object"}],
            },
        },
    });
    let error = generate(&schema).unwrap_err().to_string();
    assert!(
        error.contains("schema.json#/$defs/A/anyOf/0: invalid schema: the schema applies itself"),
        "{error}"
    );
}

/// Unions of unions over shared definitions, 60 levels deep, under an optional property: whether
/// the property admits `null` was worked out by following every path, 2^60 of them.
#[test]
fn unions_of_shared_unions_are_followed_once() {
    let sizes: Vec<usize> = [30, 60]
        .into_iter()
        .map(|levels| {
            let mut schema = chains(levels, |_, a, b| json!({"anyOf": [a, b]}));
            let root = schema.as_object_mut().unwrap();
            let top = root.remove("$ref").unwrap();
            root.insert("type".into(), json!("object"));
            root.insert("properties".into(), json!({ "x": { "$ref": top } }));
            let generated = generate(&schema).unwrap();
            assert!(generated.notes.is_empty(), "{:#?}", generated.notes);
            generated.code.len()
        })
        .collect();
    // Twice the levels, about twice the code.
    assert!(sizes[1] < sizes[0] * 5 / 2, "{sizes:?}");
}

/// A union wider than the pairs typify may compare (it compares every pair) falls back. Its
/// alternatives differ in shape: alternatives of one type (after what types ignore) are one.
#[test]
fn wide_unions_fall_back_past_the_budget_of_pairs() {
    let alternatives: Vec<Value> = (0..2100)
        .map(|i| {
            let name = format!("p{i}");
            json!({"type": "object", "properties": {&name: {"type": "string"}}, "required": [name]})
        })
        .collect();
    let schema = json!({"title": "Root", "anyOf": alternatives});
    let generated = generate(&schema).unwrap();
    assert!(
        generated
            .notes
            .iter()
            .any(|n| n.contains("schema.json#: typify would compare 2203950 pairs")),
        "{:#?}",
        generated.notes
    );
}

/// Generated code past the cap is an error naming the schema where it was reached; nothing is
/// returned.
#[test]
fn code_past_the_cap_is_an_error_naming_the_schema() {
    let properties: Map<String, Value> = (0..200)
        .map(|i| (format!("p{i}"), json!({"type": "string", "minLength": i})))
        .collect();
    let schema = json!({"title": "Root", "type": "object", "properties": properties});
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &schema);
    let full = codegen::Config::new().generate_dir(dir.path()).unwrap();
    let limit = full.code.len() / 2;
    let error = codegen::Config::new()
        .max_code_bytes(limit)
        .generate_dir(dir.path())
        .unwrap_err();
    let message = error.to_string();
    // Here it is reached in the code made for the root schema (its property table, its typed
    // validator) or for one of its properties.
    assert!(
        matches!(&error, codegen::Error::CodeTooLarge { place: Some(place), limit: l }
            if place.file.ends_with("schema.json")
                && (place.pointer.is_empty() || place.pointer.starts_with("/properties/p"))
                && *l == limit),
        "{message}"
    );
    assert!(message.contains("schema.json#"), "{message}");
}

/// Properties whose schemas ask the same of a string share one check: each property adds a
/// line to its struct's typed validator and an entry to its property table, not a copy of the
/// check (which once made a schema of 20,000 such properties take 863 MiB to generate).
#[test]
fn properties_with_equal_schemas_share_their_checks() {
    let code = |n: usize| {
        let properties: Map<String, Value> = (0..n)
            .map(|i| {
                let schema =
                    json!({"type": "string", "maxLength": 1 + i % 4, "pattern": "^[a-z]*$"});
                (format!("p{i}"), schema)
            })
            .collect();
        let schema = json!({"title": "Root", "type": "object", "properties": properties});
        generate(&schema).unwrap().code
    };
    let (small, large) = (code(100), code(500));
    for code in [&small, &large] {
        // One typed check per distinct schema (`c0` to `c3`).
        assert_eq!(code.matches("\n    fn c").count(), 4, "{code}");
    }
    let per_property = (large.len() - small.len()) / 400;
    assert!(per_property < 300, "{per_property} bytes per property");
}

/// typify panics on an untagged union with two variants of no data (here both `null`, told
/// apart by a description or by their definitions, since identical ones are one): the schemas
/// are found and fall back with a note naming them. In the first, typify fails only on the
/// schemas together (each alone passes, the others replaced by `serde_json::Value`), which used
/// to end generation with typify's assertion as an internal error.
#[test]
fn typify_assertions_become_a_fallback_naming_the_schema() {
    let schemas = [
        json!({
            "title": "T",
            "properties": {},
            "anyOf": [{"$ref": "#/$defs/N"}, {"$ref": "#/$defs/M"}],
            "$defs": {"N": {"type": "null"}, "M": {"type": "null"}},
        }),
        json!({
            "title": "T",
            "properties": {},
            "anyOf": [{"type": "null"}, {"type": "null", "description": "nothing"}],
        }),
    ];
    for schema in schemas {
        let generated = generate(&schema).unwrap();
        assert!(
            generated.notes.iter().any(|n| n.contains("schema.json#")
                && n.contains("typify cannot generate a type")
                && n.ends_with("; using serde_json::Value")),
            "{:#?}",
            generated.notes
        );
    }
}

/// typify holds every type of a set at once: a schema that would give it more than the set's
/// units falls back with a note, and the schemas after it are still typed.
#[test]
fn schemas_past_the_units_typify_may_hold_fall_back() {
    // Each property is two units: its name and its schema.
    let properties: Map<String, Value> = (0..codegen::TYPE_UNITS / 2)
        .map(|i| (format!("p{i}"), json!({})))
        .collect();
    let schema = json!({
        "title": "Root",
        "type": "object",
        "properties": {"big": {"$ref": "#/$defs/Big"}, "small": {"$ref": "#/$defs/Small"}},
        "$defs": {
            "Big": {"type": "object", "properties": properties},
            "Small": {"type": "object", "properties": {"a": {"type": "string"}}},
        },
    });
    let generated = generate(&schema).unwrap();
    let notes: Vec<&String> = generated
        .notes
        .iter()
        .filter(|n| n.contains("typify holds all of them in memory"))
        .collect();
    assert_eq!(notes.len(), 1, "{:#?}", generated.notes);
    assert!(notes[0].contains("schema.json#/$defs/Big: "), "{notes:?}");
    assert!(
        generated.code.contains("pub struct RootSmall {"),
        "Small is typed"
    );
}

/// More types than typify can hold, even as `serde_json::Value`, is an error naming the first
/// schema past the limit, before typify runs.
#[test]
fn more_types_than_a_set_may_have_is_an_error() {
    let defs: Map<String, Value> = (0..=codegen::MAX_TYPES)
        .map(|i| (format!("D{i:05}"), json!({})))
        .collect();
    let error = generate(&json!({"title": "Root", "$defs": defs})).unwrap_err();
    let message = error.to_string();
    assert!(
        matches!(&error, codegen::Error::TooManyTypes { place, limit, .. }
            if place.file.ends_with("schema.json") && place.pointer.starts_with("/$defs/D")
                && *limit == codegen::MAX_TYPES),
        "{message}"
    );
    assert!(
        message.contains("split the schemas into smaller sets"),
        "{message}"
    );
}

/// An `enum` of hundreds of thousands of numbers would make one validator function past the
/// most one item may have: an error naming the schema, before that function is parsed.
#[test]
fn one_item_past_its_cap_is_an_error_naming_the_schema() {
    // A numeric comparison per value: 10,000 values make 2.4 MB of code (`codegen generate`),
    // so 200,000 (1.5 MB of schema) would make about 48 MB, one function of it.
    let values: Vec<Value> = (0..200_000).map(|i| json!(i)).collect();
    let generated = generate(&json!({"title": "Root", "enum": values}));
    let error = match generated {
        Ok(generated) => panic!("generated {} bytes", generated.code.len()),
        Err(error) => error,
    };
    let message = error.to_string();
    assert!(
        matches!(&error, codegen::Error::ItemTooLarge { place, limit }
            if place.file.ends_with("schema.json") && place.pointer.is_empty()
                && *limit == codegen::MAX_ITEM_BYTES),
        "{message}"
    );
}
