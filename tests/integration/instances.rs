//! The instance generator against the `jsonschema` crate as oracle: valid instances must be
//! accepted, mutated ones rejected with exactly one error. Over the Stytch corpus every schema must
//! yield both; over the JSON-Schema-Test-Suite's schemas (a far wider vocabulary) the generator may
//! decline a schema, but whatever it produces must get the oracle's verdict. The suite also checks
//! the generator's own checker against the suite's expected verdicts.

use std::collections::BTreeMap;
use std::path::Path;

use codegen::load::Document;
use codegen::{Location, SchemaSet};
use codegen_instances::{InstanceGenerator, MutationKind};
use serde_json::Value;
use tests::oracle::Oracle;

const VALID_PER_SCHEMA: usize = 4;
const MUTATED_PER_SCHEMA: usize = 4;
/// Rounds of mutations of the schemas that hold a keyword no mutation broke yet.
const MORE_ATTEMPTS: usize = 50;

#[test]
fn corpus_instances_agree_with_the_oracle() {
    let Some(dir) = tests::corpus_dir() else {
        return;
    };
    let set = SchemaSet::load_dir(&dir).expect("the corpus loads");
    let mut oracle = Oracle::new(&set).expect("the oracle accepts the corpus");
    let mut generator = InstanceGenerator::new(&set, 20_240_501);
    let (mut valid, mut mutated, mut disagreements) = (0usize, 0usize, 0usize);
    let mut problems = Vec::new();
    let mut kinds: BTreeMap<MutationKind, usize> = BTreeMap::new();
    for (doc, document) in set.documents().iter().enumerate() {
        let at = Location::root(doc);
        let file = document.file.display();
        for _ in 0..VALID_PER_SCHEMA {
            match generator.valid(&at) {
                Ok(value) => {
                    valid += 1;
                    let errors = oracle.errors(&at, &value).expect("oracle builds");
                    if !errors.is_empty() {
                        disagreements += 1;
                        problems.push(format!(
                            "{file}: valid instance rejected: {errors:?}\n{value}"
                        ));
                    }
                }
                Err(e) => problems.push(format!("{file}: no valid instance: {e}")),
            }
        }
        for _ in 0..MUTATED_PER_SCHEMA {
            match generator.mutate(&at) {
                Ok(Some((value, mutation))) => {
                    mutated += 1;
                    *kinds.entry(mutation.kind).or_default() += 1;
                    let errors = oracle.errors(&at, &value).expect("oracle builds");
                    if errors.len() != 1 {
                        disagreements += 1;
                        problems.push(format!(
                            "{file}: {mutation}: the oracle reports {} errors, expected 1: {errors:?}\n{value}",
                            errors.len()
                        ));
                    }
                }
                Ok(None) => problems.push(format!("{file}: nothing to mutate")),
                Err(e) => problems.push(format!("{file}: no mutation: {e}")),
            }
        }
    }
    println!("instances: {valid} valid, {mutated} mutated, {disagreements} disagreements");
    println!("mutations by kind: {kinds:?}");
    assert!(
        problems.is_empty(),
        "{} problems, first ones:\n{}",
        problems.len(),
        problems[..problems.len().min(15)].join("\n")
    );
    let schemas = set.documents().len();
    assert_eq!(valid, schemas * VALID_PER_SCHEMA);
    assert_eq!(mutated, schemas * MUTATED_PER_SCHEMA);
    // The corpus uses these constraints; each must have been broken at least once. A keyword
    // few schemas use (two use `pattern`) may not have been drawn: the schemas that hold it are
    // then mutated until it is, each mutation checked with the oracle too.
    for kind in [
        MutationKind::Type,
        MutationKind::Required,
        MutationKind::Enum,
        MutationKind::Format,
        MutationKind::Minimum,
        MutationKind::Pattern,
    ] {
        let keyword = format!("\"{}\"", kind.keyword());
        let holders: Vec<usize> = (0..schemas)
            .filter(|&doc| set.documents()[doc].value.to_string().contains(&keyword))
            .collect();
        for _ in 0..MORE_ATTEMPTS {
            if kinds.contains_key(&kind) {
                break;
            }
            for &doc in &holders {
                let at = Location::root(doc);
                if let Ok(Some((value, mutation))) = generator.mutate(&at) {
                    *kinds.entry(mutation.kind).or_default() += 1;
                    let errors = oracle.errors(&at, &value).expect("oracle builds");
                    assert_eq!(errors.len(), 1, "{mutation}: {errors:?}\n{value}");
                }
            }
        }
        assert!(
            kinds.contains_key(&kind),
            "no {kind:?} mutation over the corpus"
        );
    }
}

/// One schema of the test suite as a set of its own, or `None` when it cannot be loaded alone.
fn suite_set(file: &Path, index: usize, schema: &Value) -> Option<SchemaSet> {
    let name = file.file_stem()?.to_string_lossy().into_owned();
    let uri = url::Url::parse(&format!("file:///suite/{name}-{index}.json")).ok()?;
    let doc = Document {
        file: file.to_path_buf(),
        uri,
        value: schema.clone(),
    };
    SchemaSet::from_documents(vec![doc]).ok()
}

#[test]
fn suite_schemas_instances_and_checker_verdicts() {
    let Some(shared) = tests::shared_dir() else {
        return;
    };
    let dir = shared.join("json-schema-test-suite/tests/draft2020-12");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the suite folder is readable")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let (mut groups, mut generated, mut declined, mut mutated) = (0, 0, 0, 0);
    let (mut checked, mut unsupported) = (0, 0);
    let mut problems = Vec::new();
    let mut declined_by_file: BTreeMap<String, usize> = BTreeMap::new();
    for file in &files {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(file).expect("a suite file is readable");
        let cases: Vec<Value> = serde_json::from_str(&text).expect("a suite file is JSON");
        for (index, case) in cases.iter().enumerate() {
            let Some(set) = suite_set(file, index, &case["schema"]) else {
                continue;
            };
            groups += 1;
            let at = Location::root(0);
            let description = case["description"].as_str().unwrap_or("");
            // The generator's checker against the suite's verdicts. Format is an annotation in
            // the required suite, but an assertion here, so that file is left out.
            let mut generator = InstanceGenerator::new(&set, 7);
            if name != "format.json" {
                for test in case["tests"].as_array().into_iter().flatten() {
                    match generator.checker().is_valid(&at, &test["data"]) {
                        Ok(verdict) => {
                            checked += 1;
                            if Some(verdict) != test["valid"].as_bool() {
                                problems.push(format!(
                                    "{name} / {description} / {}: checker says {verdict}",
                                    test["description"].as_str().unwrap_or("")
                                ));
                            }
                        }
                        Err(_) => unsupported += 1,
                    }
                }
            }
            let Ok(mut oracle) = Oracle::new(&set) else {
                continue;
            };
            if oracle.validator(&at).is_err() {
                continue;
            }
            for _ in 0..3 {
                match generator.valid(&at) {
                    Ok(value) => {
                        generated += 1;
                        if !oracle.is_valid(&at, &value).expect("oracle builds") {
                            problems
                                .push(format!("{name} / {description}: oracle rejects {value}"));
                        }
                    }
                    Err(_) => {
                        declined += 1;
                        *declined_by_file.entry(name.clone()).or_insert(0) += 1;
                    }
                }
                if let Ok(Some((value, mutation))) = generator.mutate(&at) {
                    mutated += 1;
                    if oracle.is_valid(&at, &value).expect("oracle builds") {
                        problems.push(format!(
                            "{name} / {description}: {mutation}: oracle accepts {value}"
                        ));
                    }
                }
            }
        }
    }
    println!(
        "suite: {groups} schemas, {generated} valid instances ({declined} declined), {mutated} mutated; \
         checker: {checked} verdicts, {unsupported} unsupported"
    );
    println!("declined by file: {declined_by_file:?}");
    assert!(
        problems.is_empty(),
        "{} problems, first ones:\n{}",
        problems.len(),
        problems[..problems.len().min(25)].join("\n")
    );
    // Lower bounds that show the run did real work (the suite has ~380 loadable schemas).
    assert!(generated > 900 && mutated > 400 && checked > 1000);
}
