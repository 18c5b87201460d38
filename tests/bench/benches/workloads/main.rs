//! Benchmarks against the peers (BENCHMARKS.md). Two modes:
//!
//! - `cargo bench -p bench [-- FILTER]`: criterion benches, one per workload and implementation
//!   (`value-validation/ours`, `typed-parse/serde-bare`, `generation/typify`, ...).
//! - `cargo bench -p bench --features macro-peer -- --report`: runs every workload with its peers
//!   in this one process (the compile workload runs cargo on two generated crates) and prints
//!   `RATIO <workload> <peer> <peer time / our time>` lines.
//!
//! Every workload draws from fixed seeded data: instances from `codegen_instances` over the
//! Stytch corpus (`../shared/stytch/json-schema`).

mod compile;
mod data;
mod generation;
mod timing;

/// The peer's side of the differential test, shared with the tests package (which also uses the
/// parts the benchmarks do not).
#[path = "../../../oracle.rs"]
#[allow(dead_code)]
mod oracle;

use std::hint::black_box;
use std::path::PathBuf;

use criterion::Criterion;

/// The corpus' generated types (validators included) and a table of its root types, written by
/// `build.rs`.
mod corpus {
    use codegen_runtime::FromJson;
    use serde_json::Value;

    #[allow(dead_code)]
    pub mod types {
        include!(concat!(env!("OUT_DIR"), "/corpus_types.rs"));
    }

    /// One corpus document's root type, through each path the workloads compare.
    pub struct Entry {
        /// The document's URI in the loaded set.
        pub uri: &'static str,
        /// `validate_value`: the number of errors (all of them listed), 0 when valid.
        pub validate: fn(&Value) -> usize,
        /// `is_valid_value`: the verdict alone.
        pub is_valid: fn(&Value) -> bool,
        /// `from_json_slice`: bytes to a validated typed value.
        pub parse: fn(&[u8]) -> bool,
        /// `serde_json::from_slice` into the type, no validation.
        pub bare: fn(&[u8]) -> bool,
        /// `serde_json::from_value` into the type.
        pub from_value: fn(Value) -> bool,
    }

    include!(concat!(env!("OUT_DIR"), "/corpus_entries.rs"));
}

/// The workspace root (this package is `tests/bench`).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--compile-child") {
        compile::child(&args[i + 1..]);
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--generate-child") {
        generation::child(&args[i + 1..]);
        return;
    }
    let corpus = workspace_root().join("../shared/stytch/json-schema");
    if !corpus.is_dir() || corpus::ENTRIES.is_empty() {
        eprintln!(
            "skipped: the benchmarks need the Stytch corpus in {} (rebuild after adding it)",
            corpus.display()
        );
        return;
    }
    let corpus = corpus.as_path();
    if args.iter().any(|a| a == "--report") {
        if std::env::var("BENCH_ONLY").as_deref() == Ok("compile") {
            compile::report(corpus, &generation::TypifyPeer::new(corpus));
        } else {
            timing::report(corpus);
        }
        return;
    }
    let mut c = Criterion::default().sample_size(10).configure_from_args();
    criterion_benches(&mut c, corpus);
    c.final_summary();
}

fn criterion_benches(c: &mut Criterion, corpus: &std::path::Path) {
    let filter_matches = |prefix: &str| {
        // Skip expensive setup for groups the command-line filter excludes.
        let filters: Vec<String> = std::env::args()
            .skip(1)
            .filter(|a| !a.starts_with('-'))
            .collect();
        filters.is_empty()
            || filters
                .iter()
                .any(|f| prefix.contains(f.as_str()) || f.contains(prefix))
    };
    if filter_matches("value-validation") || filter_matches("typed-parse") {
        let mut data = data::Data::new(corpus);
        let mut group = c.benchmark_group("value-validation");
        group.bench_function("ours", |b| b.iter(|| black_box(data.ours_validate())));
        group.bench_function("ours-is-valid", |b| {
            b.iter(|| black_box(data.ours_is_valid()))
        });
        group.bench_function("floor-walk", |b| b.iter(|| black_box(data.walk())));
        group.bench_function("jsonschema-runtime", |b| {
            b.iter(|| black_box(data.runtime_errors()))
        });
        group.bench_function("jsonschema-runtime-is-valid", |b| {
            b.iter(|| black_box(data.runtime_is_valid()))
        });
        #[cfg(feature = "macro-peer")]
        {
            group.bench_function("ours-macro-subset", |b| {
                b.iter(|| black_box(data.ours_validate_subset()))
            });
            group.bench_function("ours-macro-subset-is-valid", |b| {
                b.iter(|| black_box(data.ours_is_valid_subset()))
            });
            group.bench_function("jsonschema-macro", |b| {
                b.iter(|| black_box(data.macro_errors()))
            });
            group.bench_function("jsonschema-macro-is-valid", |b| {
                b.iter(|| black_box(data.macro_is_valid()))
            });
        }
        group.finish();
        let mut group = c.benchmark_group("typed-parse");
        group.bench_function("ours", |b| {
            b.iter(|| black_box(data.ours_parse(data::Subset::All, 1)))
        });
        group.bench_function("jsonschema-runtime", |b| {
            b.iter(|| black_box(data.runtime_parse(1)))
        });
        group.bench_function("serde-bare", |b| {
            b.iter(|| black_box(data.bare_parse(data::Subset::All, 1)))
        });
        // The invalid instances alone, where the typed path differs most from bare serde.
        group.bench_function("ours-invalid", |b| {
            b.iter(|| black_box(data.ours_parse(data::Subset::Invalid, 1)))
        });
        // The valid instances alone, the path most bodies take.
        group.bench_function("ours-valid", |b| {
            b.iter(|| black_box(data.ours_parse(data::Subset::Valid, 1)))
        });
        group.bench_function("serde-bare-valid", |b| {
            b.iter(|| black_box(data.bare_parse(data::Subset::Valid, 1)))
        });
        group.bench_function("serde-bare-invalid", |b| {
            b.iter(|| black_box(data.bare_parse(data::Subset::Invalid, 1)))
        });
        group.bench_function("value-parse-invalid", |b| {
            b.iter(|| black_box(data.value_parse(data::Subset::Invalid)))
        });
        group.bench_function("borrowed-parse-invalid", |b| {
            b.iter(|| black_box(data.borrowed_parse(data::Subset::Invalid)))
        });
        group.finish();
    }
    if filter_matches("generation") || filter_matches("scale") {
        let typify = generation::TypifyPeer::new(corpus);
        let mut group = c.benchmark_group("generation");
        group.bench_function("ours", |b| {
            b.iter(|| black_box(generation::ours(corpus).len()))
        });
        group.bench_function("typify", |b| b.iter(|| black_box(typify.run(corpus).len())));
        group.finish();
        let scaled = generation::Scaled::new(corpus, &[1, 4, 16]);
        let mut group = c.benchmark_group("scale");
        for (factor, dir) in scaled.dirs() {
            group.bench_function(format!("ours-{factor}x"), |b| {
                b.iter(|| black_box(generation::ours(dir).len()))
            });
        }
        group.finish();
    }
}
