//! What a user of the generated crate pays for: `stytch-types` depends on exactly `serde`,
//! `serde_json` and the runtime, and its build (the generator) compiles no command line, YAML,
//! random-number or test-only crate.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::Value;

/// A package's dependencies: each one's id and kinds (`normal`, `build`, `dev`).
type Dependencies = Vec<(String, Vec<String>)>;

/// `cargo metadata` of the workspace, resolved for this machine.
fn metadata() -> Value {
    let host = std::env::var("TARGET").unwrap_or_else(|_| host_triple());
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--filter-platform",
        ])
        .arg(host)
        .current_dir(tests::workspace_root())
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("metadata is JSON")
}

/// The dependencies `package` declares optional (those its cargo features turn on).
fn optional_dependencies(metadata: &Value, package: &str) -> BTreeSet<String> {
    metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter(|p| p["name"] == package)
        .flat_map(|p| p["dependencies"].as_array().into_iter().flatten())
        .filter(|d| d["optional"] == true)
        .filter_map(|d| d["name"].as_str().map(str::to_string))
        .collect()
}

/// The resolved graph: package id to (name, dependencies).
fn graph(metadata: &Value) -> BTreeMap<String, (String, Dependencies)> {
    let names: BTreeMap<&str, &str> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap_or(""),
                p["name"].as_str().unwrap_or(""),
            )
        })
        .collect();
    metadata["resolve"]["nodes"]
        .as_array()
        .expect("resolve nodes")
        .iter()
        .map(|node| {
            let id = node["id"].as_str().unwrap_or("").to_string();
            let deps = node["deps"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|dep| {
                    let kinds = dep["dep_kinds"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|k| k["kind"].as_str().unwrap_or("normal").to_string())
                        .collect();
                    (dep["pkg"].as_str().unwrap_or("").to_string(), kinds)
                })
                .collect();
            let name = names.get(id.as_str()).copied().unwrap_or("").to_string();
            (id, (name, deps))
        })
        .collect()
}

fn host_triple() -> String {
    let output = Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .expect("rustc names its host")
}

#[test]
fn the_generated_crate_and_its_build_stay_lean() {
    let metadata = metadata();
    let graph = graph(&metadata);
    // The workspace resolves with every feature its members ask for (the tests turn on
    // `client`); what a user always gets is the non-optional part.
    let optional = optional_dependencies(&metadata, "stytch-types");
    assert_eq!(optional, BTreeSet::from(["reqwest".to_string()]));
    let (root, (_, deps)) = graph
        .iter()
        .find(|(_, (name, _))| name == "stytch-types")
        .expect("stytch-types is in the workspace");
    let name_of = |id: &str| graph.get(id).map(|(n, _)| n.clone()).unwrap_or_default();
    let normal: BTreeSet<String> = deps
        .iter()
        .filter(|(_, kinds)| kinds.iter().any(|k| k == "normal"))
        .map(|(id, _)| name_of(id))
        .filter(|name| !optional.contains(name))
        .collect();
    assert_eq!(
        normal,
        BTreeSet::from(["codegen-runtime", "serde", "serde_json"].map(String::from))
    );
    // Everything compiled for stytch-types without optional features: its normal and build
    // dependencies, and theirs.
    let mut seen = BTreeSet::from([root.clone()]);
    let mut pending = vec![root.clone()];
    while let Some(id) = pending.pop() {
        for (dep, kinds) in &graph[&id].1 {
            let wanted = kinds.iter().any(|k| k == "normal" || k == "build")
                && !(id == *root && optional.contains(&name_of(dep)));
            if wanted && seen.insert(dep.clone()) {
                pending.push(dep.clone());
            }
        }
    }
    let compiled: BTreeSet<String> = seen.iter().map(|id| name_of(id)).collect();
    for heavy in [
        "clap",
        "rand",
        "rand_chacha",
        "rand_regex",
        "serde_norway",
        "serde_yaml",
        "proptest",
        "codegen-cli",
        "codegen-instances",
    ] {
        assert!(
            !compiled.contains(heavy),
            "building stytch-types compiles {heavy}"
        );
    }
    assert!(compiled.contains("codegen") && compiled.contains("typify"));
}
