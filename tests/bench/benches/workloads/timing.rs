//! The report: every workload with its peers in this one process, printed as
//! `RATIO <workload> <peer> <peer time / our time>` (above 1: we are faster).
//!
//! Each comparison alternates our run and the peer's (so background load hits both alike), after
//! a warm-up, and compares medians; the `#` lines give the absolute medians and the spread.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::data::Subset;
use crate::{compile, data, generation};

/// Samples per side of one comparison (each sample is one pass over the whole data set).
const SAMPLES: usize = 15;

/// How many times in a row the `typed-parse-warm` line decodes each schema's instances.
const WARM_ROUNDS: usize = 8;

/// Definitions in the large single schema of the generation workload (about 3.1 MB).
const LARGE_SCHEMA_DEFS: usize = 500;

pub fn report(corpus: &Path) {
    println!("# bench-report over {}", corpus.display());
    if std::env::var("BENCH_ONLY").as_deref() != Ok("generation") {
        validation(corpus);
    }
    if std::env::var("BENCH_ONLY").as_deref() == Ok("validation") {
        return;
    }
    let typify = generation::TypifyPeer::new(corpus);
    generation(corpus, &typify);
    if std::env::var_os("BENCH_SKIP_COMPILE").is_some()
        || std::env::var("BENCH_ONLY").as_deref() == Ok("generation")
    {
        println!("# compile: skipped");
    } else {
        compile::report(corpus, &typify);
    }
}

/// The validation and parsing workloads.
fn validation(corpus: &Path) {
    let mut data = data::Data::new(corpus);
    let disagreements = data.disagreements();
    println!(
        "# ours and jsonschema disagree on {} of {} instances",
        disagreements.len(),
        data.summary().0
    );
    for d in disagreements.iter().take(5) {
        println!("#   {d}");
    }
    let data = std::cell::RefCell::new(data);

    let peer_errors = compare(
        "value-validation",
        "jsonschema-runtime",
        SAMPLES,
        || data.borrow().ours_validate(),
        || data.borrow_mut().runtime_errors(),
    );
    let peer_is_valid = compare(
        "value-validation-is-valid",
        "jsonschema-runtime",
        SAMPLES,
        || data.borrow().ours_is_valid(),
        || data.borrow_mut().runtime_is_valid(),
    );
    floor(
        "value-validation floor",
        "runtime peer",
        || data.borrow().ours_validate(),
        || data.borrow().ours_is_valid(),
        || data.borrow().walk(),
        (peer_errors, peer_is_valid),
    );
    #[cfg(feature = "macro-peer")]
    {
        let subset = data
            .borrow()
            .cases
            .iter()
            .filter(|c| c.macro_index.is_some())
            .count();
        println!("# jsonschema-macro: {subset} schemas (every 10th corpus file), same instances");
        let macro_errors = compare(
            "value-validation",
            "jsonschema-macro",
            SAMPLES,
            || data.borrow().ours_validate_subset(),
            || data.borrow().macro_errors(),
        );
        let macro_is_valid = compare(
            "value-validation-is-valid",
            "jsonschema-macro",
            SAMPLES,
            || data.borrow().ours_is_valid_subset(),
            || data.borrow().macro_is_valid(),
        );
        floor(
            "value-validation-macro-subset floor",
            "macro peer",
            || data.borrow().ours_validate_subset(),
            || data.borrow().ours_is_valid_subset(),
            || data.borrow().walk_subset(),
            (macro_errors, macro_is_valid),
        );
        compare(
            "value-validation-macro-subset",
            "jsonschema-runtime",
            SAMPLES,
            || data.borrow().ours_validate_subset(),
            || data.borrow_mut().runtime_errors_subset(),
        );
    }
    #[cfg(not(feature = "macro-peer"))]
    println!("# jsonschema-macro: skipped (build with --features macro-peer)");

    compare(
        "typed-parse",
        "jsonschema-runtime",
        SAMPLES,
        || data.borrow().ours_parse(Subset::All, 1),
        || data.borrow_mut().runtime_parse(1),
    );
    compare(
        "typed-parse",
        "serde-bare",
        SAMPLES,
        || data.borrow().ours_parse(Subset::All, 1),
        || data.borrow().bare_parse(Subset::All, 1),
    );
    // Where the time goes: a valid instance is decoded and checked in place; an invalid one
    // (which bare serde may reject at its first wrong type) is parsed again into a `Value` for
    // every error to be listed.
    let [(ours_valid, bare_valid), (ours_invalid, bare_invalid)] = [
        ("typed-parse-valid", Subset::Valid),
        ("typed-parse-invalid", Subset::Invalid),
    ]
    .map(|(name, subset)| {
        compare(
            name,
            "serde-bare",
            SAMPLES,
            || data.borrow().ours_parse(subset, 1),
            || data.borrow().bare_parse(subset, 1),
        )
    });
    // The same with each schema's bodies decoded several times in a row: the code of one type
    // then stays in the caches, as in a program that decodes one endpoint's bodies, where the
    // lines above fetch the code of every type again on each pass.
    println!("# typed-parse-warm: each schema's instances decoded {WARM_ROUNDS} times in a row");
    compare(
        "typed-parse-warm",
        "jsonschema-runtime",
        SAMPLES,
        || data.borrow().ours_parse(Subset::All, WARM_ROUNDS),
        || data.borrow_mut().runtime_parse(WARM_ROUNDS),
    );
    compare(
        "typed-parse-warm",
        "serde-bare",
        SAMPLES,
        || data.borrow().ours_parse(Subset::All, WARM_ROUNDS),
        || data.borrow().bare_parse(Subset::All, WARM_ROUNDS),
    );
    // What the 0.91 target leaves the invalid third, beside what its `Value` parse alone takes
    // and what the borrowed document's does (the one `from_json_slice` lists errors from).
    let data = data.borrow();
    let ((value, _), _) = alternate(
        SAMPLES,
        || data.value_parse(Subset::Invalid),
        || data.ours_parse(Subset::Invalid, 1),
    );
    let ((borrowed, _), _) = alternate(
        SAMPLES,
        || data.borrowed_parse(Subset::Invalid),
        || data.value_parse(Subset::Invalid),
    );
    let budget = (bare_valid + bare_invalid).as_secs_f64() / 0.91 - ours_valid.as_secs_f64();
    println!(
        "# typed-parse-invalid: ours {}, of which the `Value` parse alone {} (a borrowed \
         document's {}); 0.91 of bare serde overall leaves the invalid instances {:.3} ms",
        show(ours_invalid),
        show(value),
        show(borrowed),
        budget * 1e3
    );
}

/// What any validator of these `Value`s spends before it checks anything: a walk that reads
/// every key and every value's kind ([`data::Data::walk`]), timed beside ours. The peer's time
/// over the walk's (its ratio to ours times ours to the walk, each measured side by side, so that
/// a change of load between the two does not skew it) bounds the ratio any validator that reads
/// the instances can reach against that peer: `peers` are its (ours, peer) medians listing errors
/// and deciding.
fn floor(
    label: &str,
    peer: &str,
    mut listing: impl FnMut() -> usize,
    mut deciding: impl FnMut() -> usize,
    mut walk: impl FnMut() -> usize,
    peers: ((Duration, Duration), (Duration, Duration)),
) {
    // Each peer line compares the peer with ours listing errors or ours deciding, so each of
    // those is timed beside the walk.
    let ((ours, _), (walk_time, spread)) = alternate(SAMPLES, &mut listing, &mut walk);
    let listing_over_walk = ours.as_secs_f64() / walk_time.as_secs_f64();
    let ((ours, _), (walk_again, _)) = alternate(SAMPLES, &mut deciding, &mut walk);
    let deciding_over_walk = ours.as_secs_f64() / walk_again.as_secs_f64();
    let peer_over_walk = |(ours, peer): (Duration, Duration), ours_over_walk: f64| {
        peer.as_secs_f64() / ours.as_secs_f64() * ours_over_walk
    };
    println!(
        "# {label}: the walk {} (spread {:.0}%); ours {listing_over_walk:.1}x the walk listing \
         errors, {deciding_over_walk:.1}x deciding; the {peer} {:.1}x the walk listing errors, \
         {:.1}x deciding",
        show(walk_time),
        spread * 100.0,
        peer_over_walk(peers.0, listing_over_walk),
        peer_over_walk(peers.1, deciding_over_walk),
    );
}

/// The generation workloads: the corpus against typify, the size of the output, the corpus
/// scaled up, and time and memory of single runs.
fn generation(corpus: &Path, typify: &generation::TypifyPeer) {
    let (ours_gen, _) = compare(
        "generation",
        "typify",
        5,
        || generation::ours(corpus).len(),
        || typify.run(corpus).len(),
    );
    println!(
        "# generation: ours {:.3} s for the full corpus (target < 0.5 s)",
        ours_gen.as_secs_f64()
    );
    let ours_lines = generation::ours(corpus).lines().count();
    let typify_lines = typify.run(corpus).lines().count();
    println!("# size: ours {ours_lines} lines, typify alone {typify_lines} lines (both formatted)");
    println!(
        "RATIO size typify {:.2}",
        typify_lines as f64 / ours_lines as f64
    );
    // Time and peak memory of a whole generation, each in a fresh process: the corpus, and one
    // large schema of many definitions.
    let (seconds, kb, _) = generation::measure_in_child(corpus);
    println!(
        "GENERATE corpus {seconds:.2} s, peak {:.0} MiB",
        kb as f64 / 1024.0
    );
    let large = tempfile::tempdir().expect("a temporary folder");
    let bytes = generation::write_large_schema(large.path(), LARGE_SCHEMA_DEFS);
    let (seconds, kb, lines) = generation::measure_in_child(large.path());
    println!(
        "GENERATE large-schema ({:.1} MB, {LARGE_SCHEMA_DEFS} definitions) {seconds:.2} s, \
         peak {:.0} MiB, {lines} lines",
        bytes as f64 / 1e6,
        kb as f64 / 1024.0
    );

    let scaled = generation::Scaled::new(corpus, &[1, 4, 16]);
    let mut base = None;
    for (factor, dir) in scaled.dirs() {
        let samples = if factor >= 16 { 1 } else { 3 };
        let (ours, _) = compare(
            &format!("scale-{factor}x"),
            "typify",
            samples,
            || generation::ours(dir).len(),
            || typify.run(dir).len(),
        );
        let per_copy = ours.as_secs_f64() / factor as f64;
        let base = *base.get_or_insert(per_copy);
        println!(
            "SCALE {factor}x ours {:.3} s, {:.3} s per copy, {:.2}x the 1x cost per copy (1.00 is linear)",
            ours.as_secs_f64(),
            per_copy,
            per_copy / base
        );
    }
}

/// Runs `ours` and `peer` alternately `samples` times each after one warm-up run each; prints the
/// medians and the `RATIO` line; returns the medians (ours, peer).
pub fn compare<A, B>(
    workload: &str,
    peer: &str,
    samples: usize,
    ours: impl FnMut() -> A,
    theirs: impl FnMut() -> B,
) -> (Duration, Duration) {
    let ((ma, sa), (mb, sb)) = alternate(samples, ours, theirs);
    println!(
        "# {workload}: ours {} (spread {:.0}%), {peer} {} (spread {:.0}%), {samples} samples",
        show(ma),
        sa * 100.0,
        show(mb),
        sb * 100.0
    );
    println!(
        "RATIO {workload} {peer} {:.2}",
        mb.as_secs_f64() / ma.as_secs_f64()
    );
    (ma, mb)
}

/// Runs `a` and `b` alternately `samples` times each after one warm-up run each; returns the
/// median and spread of each.
fn alternate<A, B>(
    samples: usize,
    mut a: impl FnMut() -> A,
    mut b: impl FnMut() -> B,
) -> ((Duration, f64), (Duration, f64)) {
    std::hint::black_box(a());
    std::hint::black_box(b());
    let mut times_a = Vec::with_capacity(samples);
    let mut times_b = Vec::with_capacity(samples);
    for _ in 0..samples {
        let start = Instant::now();
        std::hint::black_box(a());
        times_a.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(b());
        times_b.push(start.elapsed());
    }
    (median_spread(&mut times_a), median_spread(&mut times_b))
}

/// The median and (max - min) / median.
fn median_spread(times: &mut [Duration]) -> (Duration, f64) {
    times.sort();
    let median = times[times.len() / 2];
    let spread = (times[times.len() - 1] - times[0]).as_secs_f64() / median.as_secs_f64();
    (median, spread)
}

fn show(d: Duration) -> String {
    if d.as_secs_f64() >= 1.0 {
        format!("{:.3} s", d.as_secs_f64())
    } else {
        format!("{:.3} ms", d.as_secs_f64() * 1e3)
    }
}
