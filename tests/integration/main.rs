//! One test binary for all integration tests, so they share one build.
mod diff;
mod conformance;
mod import;
mod validation;
