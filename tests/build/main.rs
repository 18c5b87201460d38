//! Generates the code that the tests compile once per build: the Stytch corpus (when `../shared`
//! is present) and the JSON-Schema-Test-Suite conformance crate.

mod suite;

fn main() {
    println!("cargo:rerun-if-changed=build");
    suite::main();
}
