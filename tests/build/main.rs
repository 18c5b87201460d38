//! Generates the code that the tests compile once per build: the snapshotted fixtures, the Stytch
//! corpus and the JSON-Schema-Test-Suite conformance groups (when `../shared` is present), the
//! real-world corpus of every draft, and arbitrary schemas drawn from a fixed seed.

use std::path::PathBuf;

mod arbitrary;
mod corpus;
#[path = "../files.rs"]
mod files;
mod fixtures;
mod realworld;
mod suite;

fn main() {
    println!("cargo:rerun-if-changed=build");
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let workspace = manifest_dir.parent().unwrap_or(&manifest_dir).to_path_buf();
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    corpus::main(&workspace, &out_dir);
    fixtures::main(&workspace, &out_dir);
    realworld::main(&workspace, &out_dir);
    arbitrary::main(&out_dir);
    suite::main();
}
