//! Running typify: every planned type in one `TypeSpace`, typify's panics caught (it panics on
//! some schemas), and the schemas it fails on found and turned into `serde_json::Value`.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use serde_json::Value;
use typify::{TypeSpace, TypeSpaceSettings};

use super::input::DefInput;
use crate::plan::Plan;

/// The defs typify failed on (their index and typify's message).
pub type Failures = Vec<(usize, String)>;

/// Builds the type space of `inputs` (named after `plan`'s defs). Where typify fails, the
/// schemas it fails on fall back to `serde_json::Value`: their inputs are marked, and returned
/// with typify's message. `Err` when it fails even then.
pub fn build(plan: &Plan, inputs: &mut [DefInput]) -> Result<(TypeSpace, Failures), String> {
    if let Ok(space) = type_space(plan, inputs, None) {
        return Ok((space, Vec::new()));
    }
    // Find the schemas typify fails on, one at a time, and fall back to JSON values.
    let mut failed = Vec::new();
    for index in 0..inputs.len() {
        if let Err(message) = type_space(plan, inputs, Some(index)) {
            inputs[index].fall_back();
            failed.push((index, message));
        }
    }
    let space = type_space(plan, inputs, None)?;
    Ok((space, failed))
}

fn settings() -> TypeSpaceSettings {
    let mut settings = TypeSpaceSettings::default();
    settings
        .with_struct_builder(false)
        .with_derive("PartialEq".to_string())
        // Sorted maps keep serialization deterministic.
        .with_map_type("::std::collections::BTreeMap".to_string());
    settings
}

/// A type space of every def, or with `only` set, of that def alone (every other one an
/// unconstrained schema, so that references still resolve).
fn type_space(plan: &Plan, inputs: &[DefInput], only: Option<usize>) -> Result<TypeSpace, String> {
    let mut schemas = Vec::with_capacity(inputs.len());
    for (index, (def, input)) in plan.defs.iter().zip(inputs).enumerate() {
        let value = match only {
            Some(only) if only != index => Value::Object(Default::default()),
            _ => input.schema.clone(),
        };
        let schema: schemars::schema::Schema =
            serde_json::from_value(value).map_err(|e| e.to_string())?;
        schemas.push((def.internal.clone(), schema));
    }
    quietly(move || {
        let mut space = TypeSpace::new(&settings());
        space.add_ref_types(schemas).map_err(|e| e.to_string())?;
        Ok(space)
    })
}

thread_local! {
    /// Whether a panic on this thread is expected (typify's) and must not be printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic into an error without printing the panic message.
///
/// The process-wide panic hook is wrapped once, never swapped back and forth: a hook that stays
/// silent only on threads inside `quietly`, so a test or a user thread that panics meanwhile
/// still gets its message printed.
pub fn quietly<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    static WRAP_HOOK: Once = Once::new();
    WRAP_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was_quiet = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was_quiet));
    match result {
        Ok(result) => result,
        Err(payload) => Err(payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "typify panicked".to_string())),
    }
}
