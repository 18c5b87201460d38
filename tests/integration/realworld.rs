//! The real-world corpus: schemas of the kinds projects publish (configuration files, API
//! payloads, manifests, CI configurations, events, geographic data, ...) in every draft, each with
//! hand-written valid and invalid instances (`tests/fixtures/realworld-instances/<draft>/<name>.json`,
//! a list of `{"description", "data", "valid"}` as in the JSON-Schema-Test-Suite).
//!
//! Every instance's expected verdict must be given by
//! - the `jsonschema` crate, configured with the file's own draft (`$schema`; 2020-12 without
//!   one, as the generator reads such a file), formats asserted as the generator does;
//! - our value path: the root type's generated `validate_value`;
//! - our typed path: decoding into the root type, then `validate()` (a decoding error counts as
//!   invalid); a valid instance must also come back unchanged when the decoded value is encoded.
//!
//! The build script (`tests/build/realworld.rs`) generates all files as one set, except those its
//! `KNOWN_FAILURES` marks `Generation`; those marked `Verdicts` must disagree somewhere, so that
//! the list only shrinks. Run with `--nocapture` to see the figures and the known disagreements.

use std::collections::BTreeMap;
use std::path::Path;

use jsonschema::Draft;
use serde_json::Value;
use tests::realworld::{Failure, Root, GENERATION_ERROR, KNOWN_FAILURES, ROOTS};
use tests::{file_name, json_files};

/// The folder of every draft, and the draft of `$schema` its files must declare (none for
/// `nodraft`).
const DRAFTS: &[(&str, Option<&str>)] = &[
    ("draft4", Some("http://json-schema.org/draft-04/schema#")),
    ("draft6", Some("http://json-schema.org/draft-06/schema#")),
    ("draft7", Some("http://json-schema.org/draft-07/schema#")),
    (
        "draft2019-09",
        Some("https://json-schema.org/draft/2019-09/schema"),
    ),
    (
        "draft2020-12",
        Some("https://json-schema.org/draft/2020-12/schema"),
    ),
    ("nodraft", None),
];

/// The draft the oracle uses for a file whose `$schema` is `dialect`.
fn oracle_draft(dialect: Option<&str>) -> Draft {
    match dialect {
        Some("http://json-schema.org/draft-04/schema#") => Draft::Draft4,
        Some("http://json-schema.org/draft-06/schema#") => Draft::Draft6,
        Some("http://json-schema.org/draft-07/schema#") => Draft::Draft7,
        Some("https://json-schema.org/draft/2019-09/schema") => Draft::Draft201909,
        // The generator reads a schema without `$schema` as 2020-12.
        _ => Draft::Draft202012,
    }
}

struct Case {
    description: String,
    data: Value,
    valid: bool,
}

#[derive(Default)]
struct Tally {
    files: usize,
    instances: usize,
    /// Files left out of the generated set.
    left_out: usize,
    /// Problems that fail the test.
    problems: Vec<String>,
    /// Disagreements of the files listed as `Verdicts`, shown but expected.
    known: Vec<String>,
}

#[test]
fn realworld_verdicts_agree() {
    assert!(
        GENERATION_ERROR.is_empty(),
        "the real-world set does not generate; mark the file the error names `Generation` in \
         KNOWN_FAILURES (tests/build/realworld.rs): {GENERATION_ERROR}"
    );
    let root = tests::workspace_root().join("tests/fixtures");
    let schemas_dir = root.join("realworld");
    let instances_dir = root.join("realworld-instances");
    let mut tally = Tally::default();
    let mut seen = Vec::new();
    for (draft, dialect) in DRAFTS {
        for schema_file in json_files(&schemas_dir.join(draft)) {
            let name = format!("{draft}/{}", file_name(&schema_file));
            seen.push(name.clone());
            tally.files += 1;
            check_file(
                &name,
                &schema_file,
                &instances_dir.join(&name),
                *dialect,
                &mut tally,
            );
        }
    }
    for listed in KNOWN_FAILURES {
        if !seen.iter().any(|name| name == listed.file) {
            tally.problems.push(format!(
                "{}: listed in KNOWN_FAILURES but not in tests/fixtures/realworld",
                listed.file
            ));
        }
    }
    for root in ROOTS {
        if !seen.iter().any(|name| name == root.file) {
            tally
                .problems
                .push(format!("{}: generated but not a corpus file", root.file));
        }
    }

    println!(
        "realworld: {} files, {} instances; {} files left out of the generated set, {} listed \
         as disagreeing",
        tally.files,
        tally.instances,
        tally.left_out,
        KNOWN_FAILURES
            .iter()
            .filter(|k| k.failure == Failure::Verdicts)
            .count()
    );
    if !tally.known.is_empty() {
        println!(
            "realworld: known disagreements:\n{}",
            tally.known.join("\n")
        );
    }
    assert!(
        tally.files >= 40,
        "only {} real-world schema files",
        tally.files
    );
    assert!(
        tally.problems.is_empty(),
        "{} problems:\n{}",
        tally.problems.len(),
        tally.problems.join("\n")
    );
}

fn check_file(
    name: &str,
    schema_file: &Path,
    instances_file: &Path,
    dialect: Option<&str>,
    tally: &mut Tally,
) {
    let schema = read_json(schema_file);
    let declared = schema.get("$schema").and_then(Value::as_str);
    if declared != dialect {
        tally.problems.push(format!(
            "{name}: $schema is {declared:?}, but files of this folder declare {dialect:?}"
        ));
    }
    let cases = read_cases(instances_file);
    if !cases.iter().any(|c| c.valid) || !cases.iter().any(|c| !c.valid) {
        tally.problems.push(format!(
            "{name}: needs valid and invalid instances in {}",
            instances_file.display()
        ));
    }
    tally.instances += cases.len();

    // The oracle checks the corpus itself: every expected verdict must be the standard one.
    match jsonschema::options()
        .with_draft(oracle_draft(declared))
        .should_validate_formats(true)
        .build(&schema)
    {
        Ok(oracle) => {
            for case in &cases {
                if oracle.is_valid(&case.data) != case.valid {
                    let errors: Vec<String> = oracle
                        .iter_errors(&case.data)
                        .map(|e| format!("at \"{}\": {e}", e.instance_path()))
                        .collect();
                    tally.problems.push(format!(
                        "{name}: {}: expected {}, jsonschema says otherwise {errors:?}",
                        case.description,
                        verdict(case.valid)
                    ));
                }
            }
        }
        Err(e) => tally
            .problems
            .push(format!("{name}: jsonschema rejects the schema: {e}")),
    }

    let listed = KNOWN_FAILURES.iter().find(|k| k.file == name);
    if listed.is_some_and(|k| k.failure == Failure::Generation) {
        tally.left_out += 1;
        if ROOTS.iter().any(|r| r.file == name) {
            tally.problems.push(format!(
                "{name}: marked Generation in KNOWN_FAILURES but generated"
            ));
        }
        return;
    }
    let Some(root) = ROOTS.iter().find(|r| r.file == name) else {
        tally
            .problems
            .push(format!("{name}: no root type was generated"));
        return;
    };
    let disagreements: Vec<String> = cases
        .iter()
        .flat_map(|case| disagreements(root, case))
        .map(|d| format!("{name} ({}): {d}", root.rust_path))
        .collect();
    match listed {
        Some(known) if disagreements.is_empty() => tally.problems.push(format!(
            "{name}: every verdict agrees now; remove it from KNOWN_FAILURES (listed: {})",
            known.reason
        )),
        Some(_) => tally.known.extend(disagreements),
        None => tally.problems.extend(disagreements),
    }
}

/// How our paths get `case` wrong, if they do.
fn disagreements(root: &Root, case: &Case) -> Vec<String> {
    let mut found = Vec::new();
    let expected = verdict(case.valid);
    let show = |result: &Result<(), String>| match result {
        Ok(()) => "valid".to_string(),
        Err(e) => format!("invalid: {}", e.replace('\n', "; ")),
    };
    for (path, check) in [("value", root.validate_value), ("typed", root.typed)] {
        let result = check(&case.data);
        if result.is_ok() != case.valid {
            found.push(format!(
                "{}: expected {expected}, {path} path says {}",
                case.description,
                show(&result)
            ));
        }
    }
    if case.valid {
        match (root.round_trip)(&case.data) {
            Ok(back) if tests::same_json(&back, &case.data) => {}
            Ok(back) => found.push(format!(
                "{}: the decoded value encodes as {back}",
                case.description
            )),
            // The typed path above already reports the decoding error.
            Err(_) => {}
        }
    }
    found
}

fn verdict(valid: bool) -> &'static str {
    if valid {
        "valid"
    } else {
        "invalid"
    }
}

fn read_cases(path: &Path) -> Vec<Case> {
    let Value::Array(cases) = read_json(path) else {
        panic!("{}: expected a list of cases", path.display());
    };
    cases
        .into_iter()
        .map(|case| {
            let field = |key: &str| {
                case.get(key)
                    .cloned()
                    .unwrap_or_else(|| panic!("{}: a case without {key:?}", path.display()))
            };
            Case {
                description: field("description")
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                data: field("data"),
                valid: field("valid")
                    .as_bool()
                    .unwrap_or_else(|| panic!("{}: \"valid\" is not a boolean", path.display())),
            }
        })
        .collect()
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every draft folder holds files, and no other folder does (a new folder needs a `DRAFTS` row).
#[test]
fn realworld_folders_are_the_drafts() {
    let dir = tests::workspace_root().join("tests/fixtures/realworld");
    let mut counts = BTreeMap::new();
    for entry in std::fs::read_dir(&dir)
        .expect("the corpus folder exists")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            DRAFTS.iter().any(|(draft, _)| *draft == name),
            "{}: not a draft folder of DRAFTS",
            entry.path().display()
        );
        counts.insert(name, json_files(&entry.path()).len());
    }
    for (draft, _) in DRAFTS {
        assert!(
            counts.get(*draft).is_some_and(|n| *n > 0),
            "{draft}: no schema files ({counts:?})"
        );
    }
}
