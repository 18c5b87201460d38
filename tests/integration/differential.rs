//! Differential agreement over the whole Stytch corpus: seeded instances (valid ones and mutated
//! ones) from the instance generator, each judged by the `jsonschema` crate (format assertion on,
//! see `oracle.rs`) and by both of our paths:
//! - the value path: the root type's generated `validate_value` on the JSON value, and its
//!   verdict alone (`is_valid_value`), which must be the same;
//! - the typed path: `serde_json::from_value` into the root type, then `validate()` (a decoding
//!   error counts as invalid). Decoding is lenient: a `null` for an optional property whose
//!   schema does not allow it reads as absent, so `validate()` cannot see it. Where the typed
//!   path says valid, the oracle invalid, and the decoded value differs from the instance only
//!   by such dropped `null`s (and is valid itself), that is counted apart, not as a disagreement;
//! - the parse path: `from_json_slice` on the instance's JSON text.
//!
//! Every verdict of the three paths must agree with the oracle, and the parse path's errors
//! must be the value path's; each disagreement is shown.
//!
//! Run with `cargo test -p tests --test integration differential -- --nocapture` to see the
//! figures.

use std::time::Instant;

use codegen::{Location, SchemaSet};
use codegen_instances::{InstanceGenerator, Mutation};
use serde_json::Value;
use tests::corpus::{Root, ROOTS};
use tests::oracle::Oracle;

/// At least this many instances in all, spread evenly over the corpus's root schemas.
const INSTANCES: usize = 100_000;
const SEED: u64 = 20_251_126;
/// Disagreements shown in the failure message.
const SHOWN: usize = 20;

#[derive(Default)]
struct Tally {
    instances: usize,
    valid: usize,
    mutated: usize,
    /// Instances on which at least one path disagrees with the oracle.
    disagreements: usize,
    value_disagreements: usize,
    typed_disagreements: usize,
    parse_disagreements: usize,
    /// Invalid instances the typed path judges valid because lenient decoding dropped `null`s.
    lenient_nulls: usize,
    problems: Vec<String>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.instances += other.instances;
        self.valid += other.valid;
        self.mutated += other.mutated;
        self.disagreements += other.disagreements;
        self.value_disagreements += other.value_disagreements;
        self.typed_disagreements += other.typed_disagreements;
        self.parse_disagreements += other.parse_disagreements;
        self.lenient_nulls += other.lenient_nulls;
        self.problems.extend(other.problems);
    }
}

#[test]
fn value_and_typed_paths_agree_with_jsonschema() {
    let Some(dir) = tests::corpus_dir() else {
        return;
    };
    let start = Instant::now();
    let set = SchemaSet::load_dir(&dir).expect("the corpus loads");
    let roots: Vec<(usize, &Root)> = ROOTS
        .iter()
        .map(|root| {
            let doc = set
                .documents()
                .iter()
                .position(|d| d.uri.as_str() == root.uri)
                .unwrap_or_else(|| panic!("{} is in ROOTS but not in the corpus", root.uri));
            (doc, root)
        })
        .collect();
    assert!(!roots.is_empty(), "no root types were generated");
    // Half valid, half mutated instances per root schema.
    let per_root = INSTANCES.div_ceil(roots.len()).div_ceil(2);

    // Two workers, each with its own oracle; every root has its own seeded generator, so the
    // instances do not depend on how the roots are split.
    let chunks: Vec<&[(usize, &Root)]> = roots.chunks(roots.len().div_ceil(2)).collect();
    let mut tally = Tally::default();
    std::thread::scope(|scope| {
        let workers: Vec<_> = chunks
            .iter()
            .map(|chunk| scope.spawn(|| run(&set, chunk, per_root)))
            .collect();
        for worker in workers {
            tally.add(worker.join().expect("a worker panicked"));
        }
    });

    println!(
        "differential: {} instances, {} disagreements ({} valid, {} mutated, {} root schemas, {:.1}s)",
        tally.instances,
        tally.disagreements,
        tally.valid,
        tally.mutated,
        roots.len(),
        start.elapsed().as_secs_f64()
    );
    println!(
        "differential: value path {} disagreements; typed path {} disagreements; parse path {} \
         disagreements",
        tally.value_disagreements, tally.typed_disagreements, tally.parse_disagreements
    );
    println!(
        "differential: typed path: {} invalid instances whose only fault, a null for an optional \
         property, lenient decoding reads as absent",
        tally.lenient_nulls
    );
    assert!(
        tally.problems.is_empty(),
        "{} problems, first ones:\n{}",
        tally.problems.len(),
        tally.problems[..tally.problems.len().min(SHOWN)].join("\n\n")
    );
    assert!(
        tally.instances >= INSTANCES,
        "only {} instances",
        tally.instances
    );
}

fn run(set: &SchemaSet, roots: &[(usize, &Root)], per_root: usize) -> Tally {
    let mut oracle = Oracle::new(set).expect("the oracle accepts the corpus");
    let mut tally = Tally::default();
    for &(doc, root) in roots {
        let at = Location::root(doc);
        let mut generator = InstanceGenerator::new(set, SEED ^ doc as u64);
        for _ in 0..per_root {
            match generator.valid(&at) {
                Ok(value) => {
                    tally.valid += 1;
                    judge(&mut oracle, &at, root, &value, None, &mut tally);
                }
                Err(e) => tally
                    .problems
                    .push(format!("{}: no valid instance: {e}", root.uri)),
            }
            match generator.mutate(&at) {
                Ok(Some((value, mutation))) => {
                    tally.mutated += 1;
                    judge(&mut oracle, &at, root, &value, Some(&mutation), &mut tally);
                }
                Ok(None) => tally
                    .problems
                    .push(format!("{}: nothing to mutate", root.uri)),
                Err(e) => tally
                    .problems
                    .push(format!("{}: no mutation: {e}", root.uri)),
            }
        }
    }
    tally
}

/// Compares the four verdicts on one instance; a disagreement is counted once per instance.
fn judge(
    oracle: &mut Oracle,
    at: &Location,
    root: &Root,
    value: &Value,
    mutation: Option<&Mutation>,
    tally: &mut Tally,
) {
    tally.instances += 1;
    let expected = oracle.is_valid(at, value).expect("the oracle builds");
    let by_value = (root.validate_value)(value);
    let typed = (root.typed)(value);
    let value_agrees = by_value.is_ok() == expected && (root.is_valid)(value) == expected;
    let lenient = typed.is_ok() && !expected && only_nulls_dropped(oracle, at, root, value);
    tally.lenient_nulls += usize::from(lenient);
    let typed_agrees = typed.is_ok() == expected || lenient;
    let parsed = (root.parse)(value);
    // The parse path may judge the typed value instead of the JSON: the errors must still be the
    // value path's (in any order).
    let parse_agrees = match (&parsed, &by_value) {
        (Err(parsed), Err(by_value)) => sorted_lines(parsed) == sorted_lines(by_value),
        _ => parsed.is_ok() == expected,
    };
    if value_agrees && typed_agrees && parse_agrees {
        return;
    }
    tally.disagreements += 1;
    if !value_agrees {
        tally.value_disagreements += 1;
    }
    if !typed_agrees {
        tally.typed_disagreements += 1;
    }
    if !parse_agrees {
        tally.parse_disagreements += 1;
    }
    let what = match mutation {
        Some(mutation) => format!("mutated ({mutation})"),
        None => "valid instance".to_string(),
    };
    let oracle_says = match expected {
        true => "valid".to_string(),
        false => format!(
            "invalid: {:?}",
            oracle.errors(at, value).expect("the oracle builds")
        ),
    };
    let show = |verdict: &Result<(), String>| match verdict {
        Ok(()) => "valid".to_string(),
        Err(e) => format!("invalid: {e}"),
    };
    tally.problems.push(format!(
        "{} ({}), {what}:\n  jsonschema: {oracle_says}\n  value path: {}\n  typed path: {}\n  parse path: {}\n  instance: {}",
        root.uri,
        root.rust_path,
        show(&by_value),
        show(&typed),
        show(&parsed),
        truncate(&value.to_string())
    ));
}

fn sorted_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    lines
}

/// Whether decoding `value` and encoding it back gives `value` less some `null` members of
/// objects, and a valid instance.
fn only_nulls_dropped(oracle: &mut Oracle, at: &Location, root: &Root, value: &Value) -> bool {
    fn drops_nulls(full: &Value, back: &Value) -> bool {
        match (full, back) {
            (Value::Object(a), Value::Object(b)) => {
                b.keys().all(|k| a.contains_key(k))
                    && a.iter().all(|(k, v)| match b.get(k) {
                        Some(w) => drops_nulls(v, w),
                        None => v.is_null(),
                    })
            }
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(v, w)| drops_nulls(v, w))
            }
            _ => tests::same_json(full, back),
        }
    }
    match (root.round_trip)(value) {
        Ok(back) => {
            !tests::same_json(value, &back)
                && drops_nulls(value, &back)
                && oracle.is_valid(at, &back).unwrap_or(false)
        }
        Err(_) => false,
    }
}

fn truncate(text: &str) -> String {
    const MAX: usize = 600;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_string(),
    }
}
