//! The arbitrary schemas drawn by `build/arbitrary.rs`: all of them generate (their types compile
//! under `#[deny(warnings)]` in this package), and their validators survive arbitrary and
//! hostile instances without a panic or a stack overflow.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Map, Value};
use tests::arbitrary::{DRAWN, FAILURES, SAMPLES};

#[test]
fn every_arbitrary_valid_schema_generates_and_compiles() {
    const { assert!(DRAWN >= 200, "fewer than 200 schemas drawn") };
    assert!(FAILURES.is_empty(), "rejected:\n{}", FAILURES.join("\n\n"));
    assert_eq!(SAMPLES.len(), DRAWN);
}

const KEYS: &[&str] = &[
    "id",
    "name",
    "type",
    "self",
    "fooBar",
    "foo_bar",
    "with space",
    "1st",
    "é",
    "kind",
    "a",
    "next",
    "value",
    "items",
    "",
];
const STRINGS: &[&str] = &[
    "",
    "active",
    "a",
    "A",
    "2024-01-01T00:00:00Z",
    "x@example.com",
    "123-4567",
    "Password1",
    "550e8400-e29b-41d4-a716-446655440000",
    "é\u{0}\u{ffff}",
    "not a date",
];

fn arbitrary_instance(rng: &mut ChaCha8Rng, depth: usize) -> Value {
    let kinds = if depth == 0 { 6 } else { 8 };
    match rng.random_range(0..kinds) {
        0 => Value::Null,
        1 => Value::Bool(rng.random()),
        2 => Value::from(rng.random::<i64>() >> rng.random_range(0..64)),
        3 => Value::from(rng.random::<f64>() * 1e6 - 5e5),
        4 => Value::from(u64::MAX - rng.random_range(0..3)),
        5 => Value::from(STRINGS[rng.random_range(0..STRINGS.len())]),
        6 => Value::Array(
            (0..rng.random_range(0..6))
                .map(|_| arbitrary_instance(rng, depth - 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.random_range(0..6))
                .map(|_| {
                    let key = KEYS[rng.random_range(0..KEYS.len())].to_string();
                    (key, arbitrary_instance(rng, depth - 1))
                })
                .collect(),
        ),
    }
}

/// `depth` nested arrays or objects, built without recursion.
fn nested(depth: usize, objects: bool) -> Value {
    let mut value = Value::Null;
    for _ in 0..depth {
        value = if objects {
            let mut map = Map::new();
            for key in ["next", "value", "items", "id"] {
                map.insert(key.into(), Value::Null);
            }
            map.insert("next".into(), value);
            Value::Object(map)
        } else {
            Value::Array(vec![value])
        };
    }
    value
}

#[test]
fn validators_survive_arbitrary_instances() {
    let cases: usize = std::env::var("ARBITRARY_INSTANCES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100);
    let mut rng = ChaCha8Rng::seed_from_u64(0x1257_a9ce);
    for sample in SAMPLES {
        for _ in 0..cases {
            let instance = arbitrary_instance(&mut rng, 5);
            let outcome = std::panic::catch_unwind(|| (sample.validate)(&instance));
            assert!(
                outcome.is_ok(),
                "the validator panicked on {instance}\nschema: {}",
                sample.schema
            );
        }
    }
}

#[test]
fn validators_survive_very_deep_instances() {
    for objects in [false, true] {
        let value = nested(20_000, objects);
        for sample in SAMPLES {
            // A stack overflow aborts the whole test binary; an error or a verdict is fine.
            let _ = (sample.validate)(&value);
        }
        // serde_json drops values recursively; leaking keeps this test about the validators.
        std::mem::forget(value);
    }
}
