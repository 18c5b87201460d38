//! `codegen import`: OpenAPI documents to one JSON Schema file per component.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen_cli::import::{self, Drift, ImportedSchema};
use codegen_cli::Error;

fn fixtures() -> PathBuf {
    tests::workspace_root().join("tests/fixtures/import")
}

fn import(paths: &[PathBuf]) -> Vec<ImportedSchema> {
    import::import_files(paths).unwrap_or_else(|e| panic!("import failed: {e}"))
}

/// Runs the `codegen import` command; returns (exit code, stdout, stderr).
fn run(documents: &[PathBuf], into: &Path, check: bool) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = import::run(documents, into, check, &mut out, &mut err);
    let text = |bytes| String::from_utf8(bytes).expect("output is UTF-8");
    (code, text(out), text(err))
}

/// Imports the document `text` (named `name`) into `schemas/` of `temp`, which it returns; the
/// import must succeed.
fn import_text(temp: &Path, name: &str, text: &str) -> PathBuf {
    let document = temp.join(name);
    std::fs::write(&document, text).expect("write");
    let into = temp.join("schemas");
    let (code, out, err) = run(&[document], &into, false);
    assert_eq!(code, 0, "{out}{err}");
    into
}

/// The code generated from the schema folder `dir`, without whitespace.
fn generated_code(dir: &Path) -> String {
    let generated = codegen::generate(dir).expect("generates");
    generated.code.split_whitespace().collect()
}

/// Every file of `dir`, by name, with its bytes.
fn read_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|entry| {
            let entry = entry.expect("readable folder");
            let bytes = std::fs::read(entry.path()).expect("readable file");
            (entry.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

/// Imports `document` and compares every file byte for byte with `expected/`.
fn assert_matches_expected(case: &str, document: &str) {
    let case = fixtures().join(case);
    let schemas = import(&[case.join(document)]);
    let expected = read_dir(&case.join("expected"));
    let names: Vec<&str> = schemas.iter().map(|s| s.file_name.as_str()).collect();
    assert_eq!(
        names,
        expected.keys().map(String::as_str).collect::<Vec<_>>(),
        "one file per component, named NAME.json"
    );
    for schema in &schemas {
        let want = String::from_utf8_lossy(&expected[&schema.file_name]);
        assert_eq!(schema.text, want, "{}", schema.file_name);
        let parsed: serde_json::Value = serde_json::from_str(&schema.text).expect("valid JSON");
        assert_eq!(parsed, schema.value, "`value` is what `text` says");
    }
}

#[test]
fn openapi_3_0_keywords_become_2020_12() {
    assert_matches_expected("openapi30", "petstore.yaml");
}

#[test]
fn openapi_3_1_schemas_are_kept_with_the_header() {
    assert_matches_expected("openapi31", "shapes.json");
}

#[test]
fn identical_schemas_of_several_documents_are_written_once() {
    let dir = fixtures().join("conflict");
    let forward = import(&[dir.join("a.yaml"), dir.join("b.yaml")]);
    let names: Vec<&str> = forward.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["OnlyInA", "OnlyInB", "Shared"]);
    let shared = &forward[2];
    assert_eq!(shared.source, dir.join("a.yaml"), "the first document wins");
    assert!(
        shared.text.find("\"type\"") < shared.text.find("\"properties\""),
        "written in a.yaml's key order: {}",
        shared.text
    );
    let backward = import(&[dir.join("b.yaml"), dir.join("a.yaml"), dir.join("b.yaml")]);
    assert_eq!(
        forward, backward,
        "the order of the command line does not matter"
    );
}

#[test]
fn conflicting_schemas_are_an_error_naming_both_documents() {
    let dir = fixtures().join("conflict");
    for paths in [
        [dir.join("a.yaml"), dir.join("c.yaml")],
        [dir.join("c.yaml"), dir.join("a.yaml")],
    ] {
        let error = import::import_files(&paths).expect_err("Shared differs");
        assert!(
            matches!(error, Error::ConflictingSchema { .. }),
            "{error:?}"
        );
        let message = error.to_string();
        for part in [
            "a.yaml#/components/schemas/Shared",
            "c.yaml#/components/schemas/Shared",
            "/properties/id/type",
        ] {
            assert!(message.contains(part), "{message:?} lacks {part:?}");
        }
    }
}

#[test]
fn bad_input_exits_2_naming_the_file_and_writes_nothing() {
    let bad = fixtures().join("bad");
    let cases = [
        ("broken.yaml", "invalid YAML"),
        ("broken.json", "broken.json:1:"),
        ("swagger.yaml", "Swagger 2.0 is not supported"),
        ("array.json", "not an object"),
        ("future.yaml", "#/openapi"),
        (
            "dangling-ref.yaml",
            "#/components/schemas/A/properties/b/$ref",
        ),
        ("bad-nullable.yaml", "#/components/schemas/A/nullable"),
        ("bad-name.yaml", "does not match"),
        ("infinity.yaml", "#/components/schemas/A/maximum"),
        ("no-schemas.yaml", "nothing to import"),
        ("operation-as-path.yaml", "#/paths/post"),
        ("does-not-exist.yaml", "cannot read"),
    ];
    let temp = tempfile::tempdir().expect("temporary folder");
    let into = temp.path().join("schemas");
    for (file, expected) in cases {
        // A good document beside the bad one: nothing of it may be written either.
        let mut documents = vec![bad.join(file)];
        if file != "no-schemas.yaml" {
            documents.push(fixtures().join("openapi30/petstore.yaml"));
        }
        let (code, out, err) = run(&documents, &into, false);
        assert_eq!(code, 2, "{file}: {out}{err}");
        assert!(
            err.contains(file),
            "{file}: the message names the file: {err}"
        );
        assert!(err.contains(expected), "{file}: {err:?} lacks {expected:?}");
        assert!(!into.exists(), "{file}: nothing is written");
    }
}

#[test]
fn check_reports_every_difference_and_writes_nothing() {
    let temp = tempfile::tempdir().expect("temporary folder");
    let into = temp.path().join("schemas");
    let documents = [fixtures().join("openapi30/petstore.yaml")];

    let (code, out, _) = run(&documents, &into, true);
    assert_eq!(code, 1, "a missing folder is out of date: {out}");
    assert!(out.contains("missing: Owner.json") && out.contains("missing: Pet.json"));
    assert!(!into.exists(), "--check writes nothing");

    let (code, out, err) = run(&documents, &into, false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("2 schemas: 2 written, 0 unchanged, 0 removed"),
        "{out}"
    );
    let (code, out, _) = run(&documents, &into, true);
    assert_eq!((code, out.contains("up to date")), (0, true), "{out}");

    // A hand-written schema (URL `$id`) is not the importer's business.
    let hand_written = r#"{"$id": "https://example.com/user", "type": "object"}"#;
    std::fs::write(into.join("user.json"), hand_written).expect("write");
    // An imported schema whose component is gone is stale.
    let stale = r##"{"$id": "#/components/schemas/Gone", "type": "object"}"##;
    std::fs::write(into.join("Gone.json"), stale).expect("write");
    let pet = std::fs::read_to_string(into.join("Pet.json")).expect("read");
    std::fs::write(into.join("Pet.json"), pet.replace("\"Rex\"", "\"Max\"")).expect("write");
    let owner: serde_json::Value =
        serde_json::from_slice(&std::fs::read(into.join("Owner.json")).expect("read"))
            .expect("JSON");
    std::fs::write(into.join("Owner.json"), owner.to_string()).expect("write");

    let before = read_dir(&into);
    let (code, out, _) = run(&documents, &into, true);
    assert_eq!(code, 1, "{out}");
    let expected = [
        Drift::Differs {
            file_name: "Pet.json".into(),
            pointer: "/properties/name/examples/0".into(),
        },
        Drift::Formatting {
            file_name: "Owner.json".into(),
        },
        Drift::Stale {
            file_name: "Gone.json".into(),
        },
    ];
    for drift in &expected {
        assert!(out.contains(&drift.to_string()), "{out:?} lacks {drift}");
    }
    assert!(!out.contains("user.json"), "{out}");
    assert_eq!(read_dir(&into), before, "--check writes nothing");
    let schemas = import(&documents);
    let mut drifts = import::check(&into, &schemas).expect("check");
    drifts.sort();
    let mut want = expected.to_vec();
    want.sort();
    assert_eq!(drifts, want);

    // Importing again repairs everything and leaves no temporary file behind.
    let (code, out, _) = run(&documents, &into, false);
    assert_eq!(code, 0);
    assert!(out.contains("2 written, 0 unchanged, 1 removed"), "{out}");
    let files: Vec<String> = read_dir(&into).into_keys().collect();
    assert_eq!(files, ["Owner.json", "Pet.json", "user.json"]);
    let (code, _, _) = run(&documents, &into, true);
    assert_eq!(code, 0);
}

/// Operations are part of what `--check` compares: a changed, missing or stale endpoint file is
/// reported like a schema file, and importing again repairs it.
#[test]
fn check_covers_endpoint_files() {
    let temp = tempfile::tempdir().expect("temporary folder");
    let into = temp.path().join("schemas");
    let documents = [fixtures().join("operations/pets.yaml")];
    let (code, out, err) = run(&documents, &into, false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("1 schemas and 2 endpoints: 3 written, 0 unchanged, 0 removed"),
        "{out}"
    );
    let (code, out, _) = run(&documents, &into, true);
    assert_eq!((code, out.contains("up to date")), (0, true), "{out}");

    let get = into.join("pets_Get.endpoint.json");
    let text = std::fs::read_to_string(&get).expect("read");
    std::fs::write(&get, text.replace("/v1/pets/{pet_id}", "/v2/pets/{pet_id}")).expect("write");
    std::fs::remove_file(into.join("pets_Create.endpoint.json")).expect("remove");
    std::fs::write(
        into.join("pets_Delete.endpoint.json"),
        r#"{"operationId": "pets_Delete", "method": "DELETE", "path": "/v1/pets"}"#,
    )
    .expect("write");
    let before = read_dir(&into);
    let (code, out, _) = run(&documents, &into, true);
    assert_eq!(code, 1, "{out}");
    for drift in [
        Drift::Differs {
            file_name: "pets_Get.endpoint.json".into(),
            pointer: "/path".into(),
        },
        Drift::Missing {
            file_name: "pets_Create.endpoint.json".into(),
        },
        Drift::Stale {
            file_name: "pets_Delete.endpoint.json".into(),
        },
    ] {
        assert!(out.contains(&drift.to_string()), "{out:?} lacks {drift}");
    }
    assert!(out.contains("3 difference(s)"), "{out}");
    assert_eq!(read_dir(&into), before, "--check writes nothing");

    let (code, out, _) = run(&documents, &into, false);
    assert_eq!(code, 0);
    assert!(out.contains("2 written, 1 unchanged, 1 removed"), "{out}");
    let (code, _, _) = run(&documents, &into, true);
    assert_eq!(code, 0);
    // What was imported generates: one type, two endpoints.
    let generated = codegen::generate(&into).expect("generates");
    assert_eq!((generated.type_count, generated.endpoint_count), (1, 2));
}

/// The three Stytch documents reproduce, schema for schema, the 711 imported files of the
/// corpus (the other corpus files are hand-written, with URL `$id`s).
#[test]
fn stytch_corpus_is_reproduced() {
    let Some(shared) = tests::shared_dir() else {
        return;
    };
    let openapi = shared.join("stytch/openapi");
    let mut documents: Vec<PathBuf> = std::fs::read_dir(&openapi)
        .expect("readable openapi folder")
        .map(|entry| entry.expect("entry").path())
        .collect();
    documents.sort();
    assert_eq!(documents.len(), 3, "{documents:?}");
    let (endpoints, schemas): (Vec<ImportedSchema>, Vec<ImportedSchema>) = import(&documents)
        .into_iter()
        .partition(ImportedSchema::is_endpoint);
    let imported: BTreeMap<String, ImportedSchema> = schemas
        .into_iter()
        .map(|schema| (schema.name.clone(), schema))
        .collect();

    let corpus = shared.join("stytch/json-schema");
    let (mut compared, mut identical_bytes, mut hand_written) = (0, 0, 0);
    for entry in std::fs::read_dir(&corpus).expect("readable corpus") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("readable");
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
        let id = value["$id"].as_str().unwrap_or_default();
        let Some(name) = id.strip_prefix(import::COMPONENT_PREFIX) else {
            hand_written += 1;
            continue;
        };
        let schema = imported
            .get(name)
            .unwrap_or_else(|| panic!("{} ({name}) was not imported", path.display()));
        assert_eq!(schema.value, value, "{}", path.display());
        compared += 1;
        identical_bytes += usize::from(schema.text.as_bytes() == bytes);
    }
    eprintln!(
        "{compared} corpus schemas equal as JSON values ({identical_bytes} byte for byte), \
         {hand_written} hand-written files skipped, {} schemas and {} endpoints imported",
        imported.len(),
        endpoints.len()
    );
    assert_eq!(endpoints.len(), 244);
    assert_eq!(compared, 711);
    assert_eq!(hand_written, 5);
    assert_eq!(identical_bytes, compared, "same formatting as the corpus");
}

/// YAML features and odd shapes that real documents have: anchors and merge keys, numeric
/// keys, `example` beside `examples`, `nullable` without `type`, data that looks like keywords.
#[test]
fn odd_documents_import_without_surprises() {
    let yaml = r##"
openapi: "3.0.1"
info: {title: odd, version: "1"}
components:
  schemas:
    Base: &base
      type: object
      properties:
        200: {type: string}
    Merged:
      <<: *base
      description: merged
    Loose:
      nullable: true
      description: no type, so null is already allowed
    Both:
      type: string
      example: a
      examples: [b]
    Data:
      type: object
      default: {nullable: true, $ref: "not a reference", example: 1}
      enum: [{nullable: true}]
"##;
    let temp = tempfile::tempdir().expect("temporary folder");
    let path = temp.path().join("odd.yaml");
    std::fs::write(&path, yaml).expect("write");
    let schemas = import(&[path]);
    let by_name: BTreeMap<&str, &serde_json::Value> = schemas
        .iter()
        .map(|s| (s.name.as_str(), &s.value))
        .collect();
    assert_eq!(
        by_name["Merged"]["properties"]["200"]["type"], "string",
        "merge keys and numeric keys: {}",
        by_name["Merged"]
    );
    assert_eq!(by_name["Merged"]["description"], "merged");
    assert!(
        by_name["Loose"].get("nullable").is_none(),
        "{}",
        by_name["Loose"]
    );
    assert!(
        by_name["Loose"].get("type").is_none(),
        "{}",
        by_name["Loose"]
    );
    assert_eq!(by_name["Both"]["examples"], serde_json::json!(["b"]));
    assert_eq!(
        by_name["Data"]["default"],
        serde_json::json!({"nullable": true, "$ref": "not a reference", "example": 1}),
        "values are data, not schemas"
    );
    assert_eq!(
        by_name["Data"]["enum"],
        serde_json::json!([{"nullable": true}])
    );
}

/// Nesting deeper than the parsers allow is an error, not a stack overflow.
#[test]
fn deeply_nested_documents_are_an_error() {
    let temp = tempfile::tempdir().expect("temporary folder");
    let depth = 5000;
    let yaml = format!(
        "openapi: 3.0.3\ncomponents:\n  schemas:\n    Deep: {}{}\n",
        "{items: ".repeat(depth),
        "}".repeat(depth)
    );
    let json = format!(
        r#"{{"openapi": "3.1.0", "components": {{"schemas": {{"Deep": {}{}}}}}}}"#,
        r#"{"items": "#.repeat(depth),
        "}".repeat(depth)
    );
    for (name, text) in [("deep.yaml", yaml), ("deep.json", json)] {
        let path = temp.path().join(name);
        std::fs::write(&path, text).expect("write");
        let (code, _, err) = run(&[path], &temp.path().join("out"), false);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(name), "{err}");
    }
}

/// A YAML document written as one flow mapping starts with `{` but need not be JSON.
#[test]
fn yaml_flow_mapping_is_not_mistaken_for_json() {
    let temp = tempfile::tempdir().expect("temporary folder");
    let path = temp.path().join("flow.yaml");
    let text = "{openapi: 3.0.3, components: {schemas: {Flow: {type: string, example: yes}}}}\n";
    std::fs::write(&path, text).expect("write");
    let schemas = import(&[path]);
    assert_eq!(schemas.len(), 1);
    assert_eq!(
        schemas[0].value["examples"],
        serde_json::json!(["yes"]),
        "YAML 1.2: `yes` is a string"
    );
}

/// Numbers beyond 64 bits: YAML is read as JSON is (the nearest `f64`, as serde_json reads
/// such digits), so both forms of one document import to the same bytes.
#[test]
fn big_numbers_import_alike_from_yaml_and_json() {
    let numbers = [
        ("maximum", "123456789012345678901234567890"),
        ("minimum", "-123456789012345678901234567890"),
        ("multipleOf", "18446744073709551616"),
        ("exclusiveMaximum", "-9223372036854775809"),
        ("default", "340282366920938463463374607431768211457"),
        ("const", "1.7976931348623157e308"),
        (
            "examples",
            "[18446744073709551615, -9223372036854775808, 0.1, 2.5e-300]",
        ),
    ];
    let yaml: String = numbers
        .iter()
        .map(|(key, value)| format!("      {key}: {value}\n"))
        .collect();
    let yaml = format!(
        "openapi: 3.1.0\ninfo: {{title: big, version: '1'}}\ncomponents:\n  schemas:\n    Big:\n      type: number\n{yaml}"
    );
    let json: Vec<String> = numbers
        .iter()
        .map(|(key, value)| format!("\"{key}\": {value}"))
        .collect();
    let json = format!(
        r#"{{"openapi": "3.1.0", "info": {{"title": "big", "version": "1"}}, "components": {{"schemas": {{"Big": {{"type": "number", {}}}}}}}}}"#,
        json.join(", ")
    );
    let temp = tempfile::tempdir().expect("temporary folder");
    let mut texts = Vec::new();
    for (name, text) in [("big.yaml", yaml), ("big.json", json)] {
        let path = temp.path().join(name);
        std::fs::write(&path, text).expect("write");
        let schemas = import(&[path]);
        assert_eq!(schemas.len(), 1, "{name}");
        texts.push(schemas[0].text.clone());
    }
    assert_eq!(texts[0], texts[1], "YAML and JSON import alike");
    let value: serde_json::Value = serde_json::from_str(&texts[0]).expect("valid JSON");
    assert_eq!(value["maximum"].as_f64(), Some(1.2345678901234568e29));
    assert_eq!(value["minimum"].as_f64(), Some(-1.2345678901234568e29));
    assert_eq!(
        value["examples"][0].as_u64(),
        Some(u64::MAX),
        "64-bit integers stay exact"
    );
    assert_eq!(value["examples"][1].as_i64(), Some(i64::MIN));
    assert_eq!(value["const"].as_f64(), Some(f64::MAX));
}

/// What an imported operation's request type holds, typed as its schemas say: an `int32` query
/// parameter is an `i32`, an inline array of a component is a `Vec` of its type (how list
/// responses are often written), and any other inline schema `serde_json::Value`.
#[test]
fn inline_lists_and_int32_parameters_are_typed() {
    let temp = tempfile::tempdir().expect("temporary folder");
    let text = r##"
openapi: 3.0.3
info: {title: Pets, version: "1"}
paths:
  /pets:
    get:
      operationId: pets_List
      parameters:
      - {name: limit, in: query, schema: {type: integer, format: int32}}
      - {name: page, in: query, schema: {type: integer}}
      responses:
        "200":
          description: The pets
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
    post:
      operationId: pets_Tag
      requestBody:
        content:
          application/json:
            schema: {type: array, items: {type: string}}
      responses:
        "200":
          description: Counts by tag
          content:
            application/json:
              schema: {type: object, additionalProperties: {type: integer}}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
"##;
    let into = import_text(temp.path(), "pets.yaml", text);
    let code = generated_code(&into);
    for expected in [
        "pubstructPetsList{",
        "publimit:::std::option::Option<i32>",
        "pubpage:::std::option::Option<i64>",
        "typeResponse=::std::vec::Vec<super::super::other::Pet>;",
        "typeBody=::serde_json::Value;",
        "typeResponse=::serde_json::Value;",
    ] {
        assert!(code.contains(expected), "{expected} not in {code}");
    }
}

/// A body sent as something other than `application/json` keeps its media type, from the
/// document through the endpoint file to the request type's `Endpoint::CONTENT_TYPE`; a JSON
/// body, also where other types are offered beside it, stays JSON (no `mediaType`, the trait's
/// default).
#[test]
fn a_body_that_is_not_plain_json_keeps_its_media_type() {
    let temp = tempfile::tempdir().expect("temporary folder");
    let text = r##"
openapi: 3.0.3
info: {title: Search, version: "1"}
paths:
  /records:
    post:
      operationId: records_Search
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {criteria: {type: string}}}
      responses:
        "200": {description: Found}
  /records/{id}:
    patch:
      operationId: records_Patch
      parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        content:
          application/merge-patch+json:
            schema: {type: object}
      responses:
        "204": {description: Patched}
    put:
      operationId: records_Put
      parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        content:
          application/xml:
            schema: {type: object}
          application/json:
            schema: {$ref: "#/components/schemas/Record"}
      responses:
        "204": {description: Replaced}
components:
  schemas:
    Record:
      type: object
      properties:
        criteria: {type: string}
"##;
    let into = import_text(temp.path(), "search.yaml", text);
    let media_type = |file: &str| {
        let bytes = std::fs::read(into.join(file)).expect("endpoint file");
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
        value["requestBody"]["mediaType"]
            .as_str()
            .map(str::to_string)
    };
    assert_eq!(
        media_type("records_Search.endpoint.json").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        media_type("records_Patch.endpoint.json").as_deref(),
        Some("application/merge-patch+json")
    );
    assert_eq!(media_type("records_Put.endpoint.json"), None);
    let code = generated_code(&into);
    for expected in [
        "constCONTENT_TYPE:&'staticstr=\"application/x-www-form-urlencoded\";",
        "constCONTENT_TYPE:&'staticstr=\"application/merge-patch+json\";",
        "Thebody,sentas`application/x-www-form-urlencoded`.",
    ] {
        assert!(code.contains(expected), "{expected} not in {code}");
    }
    assert_eq!(code.matches("CONTENT_TYPE").count(), 2, "{code}");
}
