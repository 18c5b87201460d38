//! The compile workload: the full generated crate (types and validators) against typify's output
//! for the same corpus, each compiled by cargo as a library of its own (same profile, same
//! dependencies, dependencies built beforehand), measuring wall time and peak memory (the largest
//! resident set of any process cargo ran, i.e. rustc).
//!
//! The crates live in `target/bench-compile/` so their dependencies are built once across runs.
//! `BENCH_COMPILE_PROFILE` picks the profile (default `dev`); incremental compilation is off.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::generation;

/// The dependencies of both crates: what our output needs (serde, serde_json and the runtime),
/// and what typify's may (chrono, uuid, regress for formats and patterns).
fn dependencies() -> String {
    let runtime = crate::workspace_root().join("codegen/runtime");
    format!(
        r#"
[dependencies]
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
codegen-runtime = {{ path = "{}" }}
regress = "0.11"
chrono = {{ version = "0.4", default-features = false, features = ["alloc", "serde"] }}
uuid = {{ version = "1", default-features = false, features = ["serde"] }}
"#,
        runtime.display()
    )
}

pub fn report(corpus: &Path, typify: &generation::TypifyPeer) {
    let profile = std::env::var("BENCH_COMPILE_PROFILE").unwrap_or_else(|_| "dev".into());
    let root = crate::workspace_root().join("target/bench-compile");
    let ours = generation::ours(corpus);
    let theirs = typify.run(corpus);
    std::fs::create_dir_all(root.join("ours/src")).unwrap();
    std::fs::create_dir_all(root.join("typify/src")).unwrap();
    std::fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"ours\", \"typify\"]\n",
    )
    .unwrap();
    let lock = crate::workspace_root().join("Cargo.lock");
    if !root.join("Cargo.lock").exists() {
        let _ = std::fs::copy(lock, root.join("Cargo.lock"));
    }
    let dependencies = dependencies();
    for name in ["ours", "typify"] {
        std::fs::write(
            root.join(name).join("Cargo.toml"),
            format!("[package]\nname = \"bench-{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n{dependencies}"),
        )
        .unwrap();
        // An empty library first: builds the dependencies outside the measurement.
        codegen::write_if_changed(root.join(name).join("src/lib.rs"), "").unwrap();
    }
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--profile", &profile])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building the dependencies failed");
    let header = "#![allow(warnings, clippy::all)]\n";
    std::fs::write(root.join("ours/src/lib.rs"), format!("{header}{ours}")).unwrap();
    std::fs::write(root.join("typify/src/lib.rs"), format!("{header}{theirs}")).unwrap();
    println!(
        "# compile ({profile} profile): ours {} lines, typify {} lines",
        ours.lines().count(),
        theirs.lines().count()
    );
    let samples: usize = std::env::var("BENCH_COMPILE_SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut ours_runs = Vec::new();
    let mut theirs_runs = Vec::new();
    for _ in 0..samples {
        ours_runs.push(measure(&root, "bench-ours", &profile));
        theirs_runs.push(measure(&root, "bench-typify", &profile));
    }
    let best = |runs: &mut Vec<(f64, u64)>| {
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        runs[runs.len() / 2]
    };
    let (ours_s, ours_kb) = best(&mut ours_runs);
    let (theirs_s, theirs_kb) = best(&mut theirs_runs);
    println!(
        "# compile: ours {ours_s:.1} s, peak {} MiB; typify {theirs_s:.1} s, peak {} MiB ({samples} sample(s))",
        ours_kb / 1024,
        theirs_kb / 1024
    );
    println!("RATIO compile typify {:.2}", theirs_s / ours_s);
    println!(
        "RATIO compile-memory typify {:.2}",
        theirs_kb as f64 / ours_kb as f64
    );
}

/// Compiles one package (after touching its source) in a child process of this binary, which
/// reports cargo's wall time and the peak RSS of its children.
fn measure(root: &Path, package: &str, profile: &str) -> (f64, u64) {
    let dir = root.join(package.trim_start_matches("bench-"));
    let lib = dir.join("src/lib.rs");
    let contents = std::fs::read(&lib).unwrap();
    std::fs::write(&lib, contents).unwrap();
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--compile-child",
            &root.display().to_string(),
            package,
            profile,
        ])
        .output()
        .expect("the measuring child runs");
    let text = String::from_utf8_lossy(&output.stdout);
    let mut parts = text.split_whitespace();
    let seconds: f64 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            panic!(
                "compiling {package} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
    let kb: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    (seconds, kb)
}

/// In the child: `cargo build -p PACKAGE`, then print "<seconds> <peak RSS of children in KiB>".
pub fn child(args: &[String]) {
    let root = PathBuf::from(&args[0]);
    let start = Instant::now();
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--profile", &args[2], "-p", &args[1]])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .status()
        .expect("cargo runs");
    let seconds = start.elapsed().as_secs_f64();
    if !status.success() {
        eprintln!("cargo build -p {} failed", args[1]);
        std::process::exit(1);
    }
    // SAFETY: getrusage only writes into the zeroed struct we pass.
    let max_rss = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage.ru_maxrss
    };
    println!("{seconds} {max_rss}");
}
