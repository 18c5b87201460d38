//! The whole Stytch corpus: every schema has its type, and generated instances of every schema
//! survive a round trip through it unchanged.

use codegen::{Location, SchemaSet};
use codegen_instances::InstanceGenerator;
use tests::corpus::ROOTS;

const INSTANCES_PER_SCHEMA: usize = 20;

fn corpus() -> Option<SchemaSet> {
    let dir = tests::corpus_dir()?;
    Some(SchemaSet::load_dir(&dir).expect("the corpus loads"))
}

#[test]
fn every_corpus_schema_has_a_type() {
    let Some(set) = corpus() else { return };
    let mut missing = Vec::new();
    for document in set.documents() {
        if !ROOTS.iter().any(|root| root.uri == document.uri.as_str()) {
            missing.push(document.file.display().to_string());
        }
    }
    assert!(missing.is_empty(), "schemas without a type: {missing:#?}");
    assert_eq!(ROOTS.len(), set.documents().len());
    println!(
        "corpus: {} schemas, {} root types",
        set.documents().len(),
        ROOTS.len()
    );
}

#[test]
fn corpus_instances_round_trip_unchanged() {
    let Some(set) = corpus() else { return };
    let mut generator = InstanceGenerator::new(&set, 0x0057_17c4);
    let mut failures = Vec::new();
    let mut count = 0;
    for root in ROOTS {
        let doc = set
            .documents()
            .iter()
            .position(|d| d.uri.as_str() == root.uri)
            .expect("every root's document is loaded");
        for _ in 0..INSTANCES_PER_SCHEMA {
            let instance = generator
                .valid(&Location::root(doc))
                .unwrap_or_else(|e| panic!("{}: no instance: {e}", root.rust_path));
            count += 1;
            match (root.round_trip)(&instance) {
                Ok(back) if tests::same_json(&back, &instance) => {}
                Ok(back) => failures.push(format!(
                    "{}: {instance}\n  came back as {back}",
                    root.rust_path
                )),
                Err(e) => failures.push(format!("{}: {instance}\n  {e}", root.rust_path)),
            }
        }
    }
    println!(
        "round trip: {count} instances of {} schemas, {} changed",
        ROOTS.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {count} instances did not round-trip:\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
