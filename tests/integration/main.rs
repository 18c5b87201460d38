//! One test binary for all integration tests, so they share one build.
mod arbitrary;
mod broken;
mod catalogue;
mod conformance;
mod corpus;
mod determinism;
mod diff;
mod differential;
mod import;
mod instances;
mod names;
mod odd;
mod packaging;
mod snapshots;
mod types;
mod validation;
