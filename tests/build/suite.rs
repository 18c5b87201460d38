//! Generates validators for every schema of the JSON-Schema-Test-Suite (conformance tests).

pub fn main() {}
