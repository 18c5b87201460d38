//! The fixed data of the validation and typed-parse workloads: for every root schema of the
//! corpus, seeded instances from the instance generator (two valid ones and one that breaks one
//! constraint), as values and as JSON bytes; and the peers' validators, built once.

use std::path::Path;

use crate::corpus::{Entry, ENTRIES};
use crate::oracle::Oracle;
use codegen::{Location, SchemaSet};
use codegen_instances::InstanceGenerator;
use codegen_runtime::__private::{parse_doc, Doc, DocArena};
use serde_json::Value;

/// The seed of every instance; changing it changes the data of every workload.
pub const SEED: u64 = 202_012;

pub struct Case {
    pub entry: &'static Entry,
    pub location: Location,
    pub instances: Vec<Instance>,
    /// Index into `macro_peer::MACRO_ENTRIES`, when the schema is in the macro's subset.
    #[cfg_attr(not(feature = "macro-peer"), allow(dead_code))]
    pub macro_index: Option<usize>,
}

impl Case {
    /// Its instances, `rounds` times in a row (the code of its type then stays in the caches).
    fn rounds(&self, rounds: usize) -> impl Iterator<Item = &Instance> {
        (0..rounds).flat_map(move |_| &self.instances)
    }
}

pub struct Instance {
    pub value: Value,
    pub bytes: Vec<u8>,
    pub valid: bool,
}

/// Which instances a workload goes over.
#[derive(Clone, Copy)]
pub enum Subset {
    All,
    /// The valid ones (two per schema).
    Valid,
    /// The invalid ones (one per schema), whose errors are all listed.
    Invalid,
}

impl Subset {
    fn holds(self, instance: &Instance) -> bool {
        match self {
            Subset::All => true,
            Subset::Valid => instance.valid,
            Subset::Invalid => !instance.valid,
        }
    }
}

pub struct Data {
    pub cases: Vec<Case>,
    pub oracle: Oracle,
}

impl Data {
    pub fn new(corpus: &Path) -> Data {
        let set = SchemaSet::load_dir(corpus).expect("the corpus loads");
        let mut oracle = Oracle::new(&set).expect("the oracle registers the corpus");
        let mut generator = InstanceGenerator::new(&set, SEED);
        let mut cases = Vec::new();
        let mut skipped = 0;
        // The generator writes an object's required properties first, then the others in the
        // schema's order; `BENCH_KEY_ORDER=reversed` turns every object around, the worst order
        // for a validator that looks in the schema's order first.
        let reversed = std::env::var("BENCH_KEY_ORDER").as_deref() == Ok("reversed");
        for entry in ENTRIES {
            let doc = set
                .documents()
                .iter()
                .position(|d| d.uri.as_str() == entry.uri)
                .expect("every entry is a corpus document");
            let location = Location::root(doc);
            let mut instances = Vec::new();
            for _ in 0..2 {
                match generator.valid(&location) {
                    Ok(value) => instances.push((value, true)),
                    Err(_) => skipped += 1,
                }
            }
            match generator.mutate(&location) {
                Ok(Some((value, _))) => instances.push((value, false)),
                Ok(None) => {}
                Err(_) => skipped += 1,
            }
            oracle.validator(&location).expect("the oracle builds");
            let file = entry.uri.rsplit('/').next().unwrap_or_default();
            #[cfg(feature = "macro-peer")]
            let macro_index = macro_peer::MACRO_ENTRIES
                .iter()
                .position(|m| m.file == file);
            #[cfg(not(feature = "macro-peer"))]
            let macro_index = {
                let _ = file;
                None
            };
            if reversed {
                for (value, _) in &mut instances {
                    reverse_keys(value);
                }
            }
            cases.push(Case {
                entry,
                location,
                instances: instances
                    .into_iter()
                    .map(|(value, valid)| Instance {
                        bytes: serde_json::to_vec(&value).unwrap(),
                        value,
                        valid,
                    })
                    .collect(),
                macro_index,
            });
        }
        let data = Data { cases, oracle };
        // Every body reads as a borrowed document too (none repeats a key), so that its parse
        // is timed over the same bytes as the `Value`'s.
        assert!(data
            .cases
            .iter()
            .flat_map(|c| &c.instances)
            .all(|instance| {
                let text = std::str::from_utf8(&instance.bytes).unwrap();
                let arena = DocArena::new();
                parse_doc(text, &arena).is_some()
            }));
        let (count, bytes, valid) = data.summary();
        eprintln!(
            "data: {} schemas, {count} instances ({valid} valid), {bytes} bytes of JSON (mean {} B); {skipped} not generated",
            data.cases.len(),
            bytes / count.max(1),
        );
        data
    }

    /// (instances, total JSON bytes, valid instances).
    pub fn summary(&self) -> (usize, usize, usize) {
        let all = self.cases.iter().flat_map(|c| &c.instances);
        let count = all.clone().count();
        let bytes = all.clone().map(|i| i.bytes.len()).sum();
        let valid = all.filter(|i| i.valid).count();
        (count, bytes, valid)
    }

    /// Instances on which our validator and the runtime peer disagree, or our verdict alone and
    /// our error listing (should be none).
    pub fn disagreements(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        for case in &self.cases {
            let validator = self.oracle.validator(&case.location).unwrap();
            for instance in &case.instances {
                let ours = (case.entry.validate)(&instance.value) == 0;
                let decided = (case.entry.is_valid)(&instance.value);
                if ours != validator.is_valid(&instance.value) || decided != ours {
                    out.push(format!(
                        "{} ({} per generator)",
                        case.entry.uri, instance.valid
                    ));
                }
            }
        }
        out
    }

    /// Our validators over every instance (full error listing); returns the error count.
    pub fn ours_validate(&self) -> usize {
        let mut errors = 0;
        for case in &self.cases {
            for instance in &case.instances {
                errors += (case.entry.validate)(&instance.value);
            }
        }
        errors
    }

    /// The floor of any validator that reads the instances: every key (its length and last
    /// bytes, as a name lookup does) and every value's kind, with no check; returns a sum so that
    /// nothing is optimized away.
    pub fn walk(&self) -> usize {
        self.walk_cases(|_| true)
    }

    /// [`Data::walk`] over the macro's subset of schemas.
    #[cfg(feature = "macro-peer")]
    pub fn walk_subset(&self) -> usize {
        self.walk_cases(|case| case.macro_index.is_some())
    }

    fn walk_cases(&self, keep: impl Fn(&Case) -> bool) -> usize {
        fn walk(value: &Value) -> usize {
            match value {
                Value::Object(map) => map
                    .iter()
                    .map(|(key, value)| {
                        key.as_bytes().last().copied().unwrap_or_default() as usize + walk(value)
                    })
                    .sum(),
                Value::Array(items) => items.iter().map(walk).sum(),
                Value::String(s) => s.len(),
                _ => 1,
            }
        }
        self.cases
            .iter()
            .filter(|c| keep(c))
            .flat_map(|c| &c.instances)
            .map(|i| walk(&i.value))
            .sum()
    }

    /// The jsonschema runtime validators, listing every error.
    pub fn runtime_errors(&mut self) -> usize {
        let mut errors = 0;
        for case in &self.cases {
            let validator = self.oracle.validator(&case.location).unwrap();
            for instance in &case.instances {
                errors += validator.iter_errors(&instance.value).count();
            }
        }
        errors
    }

    /// The jsonschema runtime validators, `is_valid` only.
    pub fn runtime_is_valid(&mut self) -> usize {
        let mut valid = 0;
        for case in &self.cases {
            let validator = self.oracle.validator(&case.location).unwrap();
            for instance in &case.instances {
                valid += validator.is_valid(&instance.value) as usize;
            }
        }
        valid
    }

    /// Our verdicts alone (`is_valid_value`), as the peers' `is_valid`.
    pub fn ours_is_valid(&self) -> usize {
        let mut valid = 0;
        for case in &self.cases {
            for instance in &case.instances {
                valid += (case.entry.is_valid)(&instance.value) as usize;
            }
        }
        valid
    }

    /// [`Data::ours_is_valid`] on the macro's subset of schemas.
    #[cfg(feature = "macro-peer")]
    pub fn ours_is_valid_subset(&self) -> usize {
        let mut valid = 0;
        for case in self.cases.iter().filter(|c| c.macro_index.is_some()) {
            for instance in &case.instances {
                valid += (case.entry.is_valid)(&instance.value) as usize;
            }
        }
        valid
    }

    /// Ours on the macro's subset of schemas.
    #[cfg(feature = "macro-peer")]
    pub fn ours_validate_subset(&self) -> usize {
        let mut errors = 0;
        for case in self.cases.iter().filter(|c| c.macro_index.is_some()) {
            for instance in &case.instances {
                errors += (case.entry.validate)(&instance.value);
            }
        }
        errors
    }

    /// The runtime peer on the macro's subset of schemas (full error listing).
    #[cfg(feature = "macro-peer")]
    pub fn runtime_errors_subset(&mut self) -> usize {
        let mut errors = 0;
        for case in self.cases.iter().filter(|c| c.macro_index.is_some()) {
            let validator = self.oracle.validator(&case.location).unwrap();
            for instance in &case.instances {
                errors += validator.iter_errors(&instance.value).count();
            }
        }
        errors
    }

    #[cfg(feature = "macro-peer")]
    pub fn macro_errors(&self) -> usize {
        let mut errors = 0;
        for case in &self.cases {
            if let Some(m) = case.macro_index {
                let m = &macro_peer::MACRO_ENTRIES[m];
                for instance in &case.instances {
                    errors += (m.error_count)(&instance.value);
                }
            }
        }
        errors
    }

    #[cfg(feature = "macro-peer")]
    pub fn macro_is_valid(&self) -> usize {
        let mut valid = 0;
        for case in &self.cases {
            if let Some(m) = case.macro_index {
                let m = &macro_peer::MACRO_ENTRIES[m];
                for instance in &case.instances {
                    valid += (m.is_valid)(&instance.value) as usize;
                }
            }
        }
        valid
    }

    /// The instances of `subset`, schema by schema, each schema's `rounds` times in a row.
    fn instances(&self, subset: Subset, rounds: usize) -> impl Iterator<Item = (&Case, &Instance)> {
        self.cases.iter().flat_map(move |case| {
            case.rounds(rounds)
                .filter(move |i| subset.holds(i))
                .map(move |i| (case, i))
        })
    }

    /// Bytes to a validated typed value with ours: `from_json_slice`. With `rounds` above 1,
    /// each schema's instances are decoded that many times in a row, so that the code of one
    /// type stays in the caches, as when a program decodes the bodies of one endpoint.
    pub fn ours_parse(&self, subset: Subset, rounds: usize) -> usize {
        let mut ok = 0;
        for (case, instance) in self.instances(subset, rounds) {
            ok += (case.entry.parse)(&instance.bytes) as usize;
        }
        ok
    }

    /// The jsonschema path: parse to `Value`, `is_valid`, `from_value` (`rounds` as for
    /// [`Data::ours_parse`]).
    pub fn runtime_parse(&mut self, rounds: usize) -> usize {
        let mut ok = 0;
        for case in &self.cases {
            let validator = self.oracle.validator(&case.location).unwrap();
            for instance in case.rounds(rounds) {
                let Ok(value) = serde_json::from_slice::<Value>(&instance.bytes) else {
                    continue;
                };
                if validator.is_valid(&value) && (case.entry.from_value)(value) {
                    ok += 1;
                }
            }
        }
        ok
    }

    /// The bytes into a `Value`, as the typed path parses them after a failed attempt (UTF-8
    /// checked once, then the text).
    pub fn value_parse(&self, subset: Subset) -> usize {
        let mut n = 0;
        for (_, instance) in self.instances(subset, 1) {
            let text = std::str::from_utf8(&instance.bytes).unwrap();
            let value: Value = serde_json::from_str(text).unwrap();
            n += value.is_object() as usize;
        }
        n
    }

    /// The bytes into the runtime's borrowed document (what `from_json_slice` lists a failed
    /// body's errors from), as [`Data::value_parse`] parses them into a `Value`.
    pub fn borrowed_parse(&self, subset: Subset) -> usize {
        let mut n = 0;
        for (_, instance) in self.instances(subset, 1) {
            let text = std::str::from_utf8(&instance.bytes).unwrap();
            let arena = DocArena::new();
            n += matches!(parse_doc(text, &arena), Some(Doc::Object(_))) as usize;
        }
        n
    }

    /// The floor: `serde_json::from_slice` into the type, no validation.
    pub fn bare_parse(&self, subset: Subset, rounds: usize) -> usize {
        let mut ok = 0;
        for (case, instance) in self.instances(subset, rounds) {
            ok += (case.entry.bare)(&instance.bytes) as usize;
        }
        ok
    }
}

/// Every object of `value` with its properties in the reverse order.
fn reverse_keys(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().rev().collect();
            for (key, mut item) in entries {
                reverse_keys(&mut item);
                map.insert(key, item);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(reverse_keys),
        _ => {}
    }
}
