//! `codegen diff`: fixture pairs, one kind of change each. Every case applies the same change to
//! `ThingRequest` (sent), `ThingResponse` (received) and `Thing` (both ways), so each row
//! checks the direction rules too.

use std::path::{Path, PathBuf};

use codegen_cli::diff::{self, Change, Direction, Format};

fn fixtures() -> PathBuf {
    tests::workspace_root().join("tests/fixtures/diff")
}

fn diff_case(case: &str) -> Vec<Change> {
    let dir = fixtures().join(case);
    diff::diff_dirs(&dir.join("old"), &dir.join("new"))
        .unwrap_or_else(|e| panic!("{case}: diff failed: {e}"))
}

/// Runs the `codegen diff` command; returns (exit code, stdout, stderr).
fn run(old: &Path, new: &Path, format: Format) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = diff::run(old, new, format, &mut out, &mut err);
    let text = |bytes| String::from_utf8(bytes).expect("output is UTF-8");
    (code, text(out), text(err))
}

/// One fixture: the single change expected in each of the three schemas. `rust` and `wire`
/// are per schema: `[ThingRequest, ThingResponse, Thing]`.
struct Case {
    name: &'static str,
    path: &'static str,
    kind: &'static str,
    rust: [bool; 3],
    wire: [bool; 3],
}

const SCHEMAS: [(&str, Direction); 3] = [
    ("ThingRequest", Direction::Sent),
    ("ThingResponse", Direction::Received),
    ("Thing", Direction::Both),
];

const Y: bool = true;
const N: bool = false;

#[rustfmt::skip]
const CASES: &[Case] = &[
    // Sent: a new required property is breaking; received: it is just more data.
    Case { name: "property_added_required", path: "/properties/email", kind: "property_added", rust: [Y, N, Y], wire: [Y, N, Y] },
    Case { name: "property_added_optional", path: "/properties/email", kind: "property_added", rust: [N, N, N], wire: [N, N, N] },
    // A closed object rejects unknown properties: old code cannot decode the new one.
    Case { name: "property_added_to_closed_object", path: "/properties/email", kind: "property_added", rust: [N, N, N], wire: [N, Y, Y] },
    Case { name: "property_removed", path: "/properties/email", kind: "property_removed", rust: [Y, Y, Y], wire: [N, Y, Y] },
    Case { name: "property_removed_from_closed_object", path: "/properties/email", kind: "property_removed", rust: [Y, Y, Y], wire: [Y, Y, Y] },
    Case { name: "property_now_required", path: "/properties/email", kind: "property_now_required", rust: [Y, Y, Y], wire: [Y, N, Y] },
    Case { name: "property_now_optional", path: "/properties/email", kind: "property_now_optional", rust: [Y, Y, Y], wire: [N, Y, Y] },
    Case { name: "type_changed", path: "/properties/count/type", kind: "type_changed", rust: [Y, Y, Y], wire: [Y, Y, Y] },
    // integer -> number accepts more; number -> integer accepts less.
    Case { name: "type_widened", path: "/properties/count/type", kind: "type_changed", rust: [Y, Y, Y], wire: [N, Y, Y] },
    Case { name: "type_narrowed", path: "/properties/count/type", kind: "type_changed", rust: [Y, Y, Y], wire: [Y, N, Y] },
    Case { name: "now_nullable", path: "/properties/name/type", kind: "type_changed", rust: [Y, Y, Y], wire: [N, Y, Y] },
    // Generated string enums decode unknown values into Unknown(String).
    Case { name: "enum_value_added", path: "/properties/status/enum", kind: "enum_value_added", rust: [N, N, N], wire: [N, N, N] },
    Case { name: "enum_value_removed", path: "/properties/status/enum", kind: "enum_value_removed", rust: [Y, Y, Y], wire: [Y, N, Y] },
    Case { name: "enum_added", path: "/properties/status/enum", kind: "enum_added", rust: [Y, Y, Y], wire: [Y, N, Y] },
    Case { name: "pattern_added", path: "/properties/code/pattern", kind: "constraint_tightened", rust: [N, N, N], wire: [Y, N, Y] },
    // Two patterns cannot be ordered: counted both ways.
    Case { name: "pattern_changed", path: "/properties/code/pattern", kind: "constraint_changed", rust: [N, N, N], wire: [Y, Y, Y] },
    Case { name: "max_length_lowered", path: "/properties/code/maxLength", kind: "constraint_tightened", rust: [N, N, N], wire: [Y, N, Y] },
    Case { name: "max_length_raised", path: "/properties/code/maxLength", kind: "constraint_loosened", rust: [N, N, N], wire: [N, Y, Y] },
    Case { name: "minimum_raised", path: "/properties/age/minimum", kind: "constraint_tightened", rust: [N, N, N], wire: [Y, N, Y] },
    // int32 -> int64 changes the Rust field type from i32 to i64.
    Case { name: "format_int32_to_int64", path: "/properties/age/format", kind: "format_changed", rust: [Y, Y, Y], wire: [Y, Y, Y] },
    Case { name: "reference_changed", path: "/properties/owner/$ref", kind: "reference_changed", rust: [Y, Y, Y], wire: [Y, Y, Y] },
    Case { name: "variant_added", path: "/properties/factor/oneOf/1", kind: "variant_added", rust: [Y, Y, Y], wire: [N, Y, Y] },
    Case { name: "additional_properties_closed", path: "/additionalProperties", kind: "constraint_tightened", rust: [N, N, N], wire: [Y, N, Y] },
    Case { name: "nested_item_type_changed", path: "/properties/tags/items/properties/label/type", kind: "type_changed", rust: [Y, Y, Y], wire: [Y, Y, Y] },
    Case { name: "description_changed", path: "/properties/note/description", kind: "annotation_changed", rust: [N, N, N], wire: [N, N, N] },
    Case { name: "extension_changed", path: "/properties/note/x-internal", kind: "annotation_changed", rust: [N, N, N], wire: [N, N, N] },
    // Keywords the differ does not understand are counted as breaking on the wire.
    Case { name: "unknown_keyword_changed", path: "/properties/pet/discriminator", kind: "keyword_changed", rust: [Y, Y, Y], wire: [Y, Y, Y] },
];

#[test]
fn every_kind_of_change_is_judged_per_direction() {
    let mut failures = Vec::new();
    for case in CASES {
        let changes = diff_case(case.name);
        for (i, (schema, direction)) in SCHEMAS.iter().enumerate() {
            let found: Vec<&Change> = changes.iter().filter(|c| c.schema == *schema).collect();
            let [change] = found.as_slice() else {
                failures.push(format!(
                    "{}/{schema}: expected one change, got {found:#?}",
                    case.name
                ));
                continue;
            };
            let got = (
                change.path.as_str(),
                change.kind.as_str(),
                change.rust_breaking,
                change.wire_breaking,
                change.breaking,
                change.direction,
            );
            let want = (
                case.path,
                case.kind,
                case.rust[i],
                case.wire[i],
                case.rust[i] || case.wire[i],
                *direction,
            );
            if got != want {
                failures.push(format!(
                    "{}/{schema}: got {got:?}, want {want:?} ({})",
                    case.name, change.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixture_pair_is_in_the_table() {
    let mut listed: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    listed.extend(["schema_added_and_removed", "bad"]);
    for entry in std::fs::read_dir(fixtures()).expect("fixtures") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            listed.contains(&name.as_str()),
            "fixture {name} is not tested"
        );
    }
}

#[test]
fn new_enum_values_say_why_they_are_not_breaking() {
    let changes = diff_case("enum_value_added");
    for change in &changes {
        assert!(
            change.message.contains("\"deleted\"") && change.message.contains("forward-compatible"),
            "{}",
            change.message
        );
    }
}

#[test]
fn added_and_removed_schemas() {
    let changes = diff_case("schema_added_and_removed");
    let got: Vec<(&str, &str, bool, bool)> = changes
        .iter()
        .map(|c| {
            (
                c.schema.as_str(),
                c.kind.as_str(),
                c.rust_breaking,
                c.wire_breaking,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("GoneResponse", "schema_removed", true, false),
            ("NewRequest", "schema_added", false, false),
        ]
    );
}

#[test]
fn identical_folders_have_no_changes() {
    let dir = fixtures().join("type_changed/old");
    let (code, out, err) = run(&dir, &dir, Format::Text);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "0 change(s) in 0 schema(s): 0 breaking (Rust: 0, wire: 0)\n"
    );
}

#[test]
fn exit_code_and_text_output() {
    let breaking = fixtures().join("property_added_required");
    let (code, out, _) = run(&breaking.join("old"), &breaking.join("new"), Format::Text);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("ThingRequest (sent)\n"), "{out}");
    assert!(out.contains("ThingResponse (received)\n"), "{out}");
    assert!(out.contains("Thing (sent and received)\n"), "{out}");
    assert!(
        out.contains("BREAKING  /properties/email  property_added"),
        "{out}"
    );
    assert!(
        out.ends_with("3 change(s) in 3 schema(s): 2 breaking (Rust: 2, wire: 2)\n"),
        "{out}"
    );

    let harmless = fixtures().join("description_changed");
    let (code, out, _) = run(&harmless.join("old"), &harmless.join("new"), Format::Text);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("ok        /properties/note/description"),
        "{out}"
    );
}

#[test]
fn json_output_is_an_array_of_changes() {
    let case = fixtures().join("property_now_optional");
    let (code, out, _) = run(&case.join("old"), &case.join("new"), Format::Json);
    assert_eq!(code, 1);
    let parsed: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let items = parsed.as_array().expect("an array");
    assert_eq!(items.len(), 3);
    for item in items {
        for (key, check) in [
            (
                "schema",
                serde_json::Value::is_string as fn(&serde_json::Value) -> bool,
            ),
            ("path", serde_json::Value::is_string),
            ("kind", serde_json::Value::is_string),
            ("message", serde_json::Value::is_string),
            ("direction", serde_json::Value::is_string),
            ("breaking", serde_json::Value::is_boolean),
            ("rust_breaking", serde_json::Value::is_boolean),
            ("wire_breaking", serde_json::Value::is_boolean),
        ] {
            assert!(item.get(key).is_some_and(check), "{key} in {item}");
        }
        assert_eq!(item["kind"], "property_now_optional");
    }
    assert_eq!(items[0]["schema"], "Thing", "sorted by schema");
}

#[test]
fn bad_input_exits_2_naming_the_file() {
    let bad = fixtures().join("bad");
    let good = fixtures().join("type_changed/old");
    let cases = [
        (bad.join("broken"), "Broken.json"),
        (bad.join("duplicate"), "duplicate schema id \"Same\""),
        (bad.join("does-not-exist"), "does-not-exist"),
    ];
    for (dir, expected) in cases {
        for (old, new) in [(&dir, &good), (&good, &dir)] {
            let (code, out, err) = run(old, new, Format::Json);
            assert_eq!(code, 2, "{}: {out}{err}", dir.display());
            assert!(out.is_empty(), "{out}");
            assert!(err.contains(expected), "{err:?} lacks {expected:?}");
        }
    }
}

/// The corpus against itself: nothing changes, and nothing in it trips the differ.
#[test]
fn stytch_corpus_against_itself() {
    let Some(corpus) = tests::json_schema_dir() else {
        return;
    };
    let changes = diff::diff_dirs(&corpus, &corpus).expect("the corpus loads");
    assert!(changes.is_empty(), "{changes:#?}");
    let empty = tempfile::tempdir().expect("temporary folder");
    let added = diff::diff_dirs(empty.path(), &corpus).expect("an empty folder is no schemas");
    assert_eq!(added.len(), 716, "every corpus file is a new schema");
    assert!(added.iter().all(|c| !c.breaking));
}

/// Odd and invalid schemas, diffed against each other in every order: no panic, and every
/// change names its schema.
#[test]
fn odd_schemas_never_panic() {
    use serde_json::json;
    let odd = [
        json!(true),
        json!(false),
        json!({}),
        json!(null),
        json!("string"),
        json!({"type": 7, "enum": "a", "required": "x", "properties": 5}),
        json!({"type": ["string", 3], "enum": [1, "a", null], "const": {"a": [1]}}),
        json!({"items": [{"type": "string"}], "allOf": {}, "anyOf": [true, false]}),
        json!({"minimum": "3", "maxLength": -1, "multipleOf": 0, "pattern": 5, "format": {}}),
        json!({"$ref": 5, "additionalProperties": "no", "unevaluatedProperties": false}),
        json!({"$ref": "#/components/schemas/A", "oneOf": [{"$ref": "#/components/schemas/B"}]}),
        json!({"type": "object", "properties": {"a": {"properties": {"b": {"type": "integer"}}}},
               "required": ["a", 3, "ghost"], "x-extension": [1], "nullable": true}),
        json!({"not": {"type": "string"}, "if": true, "then": false, "dependentRequired": {}}),
        json!({"multipleOf": 0.1, "minimum": 1e308, "maximum": -0.0, "exclusiveMinimum": true}),
    ];
    for (i, old) in odd.iter().enumerate() {
        for (j, new) in odd.iter().enumerate() {
            for name in ["OddRequest", "OddResponse", "Odd"] {
                let old = std::collections::BTreeMap::from([(name.to_string(), old.clone())]);
                let new = std::collections::BTreeMap::from([(name.to_string(), new.clone())]);
                let changes = diff::diff(&old, &new);
                assert_eq!(i == j, changes.is_empty(), "{i} -> {j}: {changes:#?}");
                assert!(changes.iter().all(|c| c.schema == name));
            }
        }
    }
}

/// Every fixture's old folder against every other fixture's new folder: no panic, the same
/// answer twice.
#[test]
fn fixture_cross_pairs_are_deterministic() {
    for a in CASES {
        for b in CASES {
            let old = fixtures().join(a.name).join("old");
            let new = fixtures().join(b.name).join("new");
            let first = diff::diff_dirs(&old, &new).expect("loads");
            assert_eq!(first, diff::diff_dirs(&old, &new).expect("loads"));
            let mut sorted = first.clone();
            sorted.sort();
            assert_eq!(first, sorted, "sorted output");
        }
    }
}

/// Endpoint files: a removed endpoint, a new required parameter, another method or response
/// schema are breaking; a new endpoint or optional parameter is not.
#[test]
fn endpoint_changes_are_judged() {
    let thing = r##"{"$id": "#/components/schemas/Thing", "title": "Thing", "type": "object"}"##;
    let other = r##"{"$id": "#/components/schemas/Other", "title": "Other", "type": "object"}"##;
    let endpoint = |method: &str, parameters: &str, response: &str| {
        format!(
            r##"{{"operationId": "things_Get", "method": "{method}", "path": "/v1/things/{{id}}",
                "parameters": [{{"name": "id", "in": "path", "required": true, "schema": {{"type": "string"}}}}{parameters}],
                "response": {{"status": "200", "schema": {{"$ref": "#/components/schemas/{response}"}}}}}}"##
        )
    };
    let folder = |files: &[(&str, String)]| {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(dir.path().join("Thing.json"), thing).expect("write");
        std::fs::write(dir.path().join("Other.json"), other).expect("write");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        dir
    };
    let judge = |old: &tempfile::TempDir, new: &tempfile::TempDir| {
        let changes = diff::diff_dirs(old.path(), new.path()).expect("diffs");
        changes
            .iter()
            .map(|c| {
                (
                    c.kind.as_str().to_string(),
                    c.rust_breaking,
                    c.wire_breaking,
                )
            })
            .collect::<Vec<_>>()
    };
    let file = "things_Get.endpoint.json";
    let base = folder(&[(file, endpoint("GET", "", "Thing"))]);
    let none = folder(&[]);
    assert_eq!(
        judge(&none, &base),
        [("endpoint_added".into(), false, false)]
    );
    assert_eq!(
        judge(&base, &none),
        [("endpoint_removed".into(), true, true)]
    );
    let required = r#", {"name": "limit", "in": "query", "required": true}"#;
    let optional = r#", {"name": "limit", "in": "query", "required": false}"#;
    let with = |p: &str| folder(&[(file, endpoint("GET", p, "Thing"))]);
    assert_eq!(
        judge(&base, &with(required)),
        [("parameter_added".into(), true, true)]
    );
    assert_eq!(
        judge(&base, &with(optional)),
        [("parameter_added".into(), false, false)]
    );
    assert_eq!(
        judge(&with(optional), &with(required)),
        [("parameter_now_required".into(), true, true)]
    );
    let post = folder(&[(file, endpoint("POST", "", "Thing"))]);
    assert_eq!(
        judge(&base, &post),
        [("endpoint_changed".into(), false, true)]
    );
    let other_response = folder(&[(file, endpoint("GET", "", "Other"))]);
    assert_eq!(
        judge(&base, &other_response),
        [("endpoint_changed".into(), true, true)]
    );
    assert!(judge(&base, &base).is_empty());
}
