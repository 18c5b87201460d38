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
    let message = match type_space(plan, inputs, None) {
        Ok(space) => return Ok((space, Vec::new())),
        Err(message) => message,
    };
    let all = (0..inputs.len()).collect();
    let mut failed = Vec::new();
    for (index, message) in failing(plan, inputs, all, message) {
        inputs[index].fall_back();
        failed.push((index, message));
    }
    let space = type_space(plan, inputs, None)?;
    Ok((space, failed))
}

/// The defs of `group` (which typify fails on with `message`) that typify fails on alone, found
/// by halving: a half typify accepts holds none, a half it fails on is halved again. With `k`
/// failing schemas among `n` this takes about `2k log n` runs over ever smaller groups, instead
/// of one run over all `n` per schema.
fn failing(plan: &Plan, inputs: &[DefInput], group: Vec<usize>, message: String) -> Failures {
    halve(group, message, |half| {
        type_space(plan, inputs, Some(half)).map(|_| ())
    })
}

/// The members of `group` (on which `run` fails with `message`) on which `run` fails alone.
fn halve(
    group: Vec<usize>,
    message: String,
    mut run: impl FnMut(&[usize]) -> Result<(), String>,
) -> Failures {
    let mut found = Vec::new();
    let mut pending = vec![(group, message)];
    while let Some((group, message)) = pending.pop() {
        if let [index] = group[..] {
            found.push((index, message));
            continue;
        }
        let (left, right) = group.split_at(group.len() / 2);
        for half in [right, left] {
            if let Err(message) = run(half) {
                pending.push((half.to_vec(), message));
            }
        }
    }
    found.sort_unstable_by_key(|(index, _)| *index);
    found
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

/// A type space of every def, or with `only` set, of those defs (sorted indices) alone, every
/// other one an unconstrained schema so that references still resolve.
fn type_space(
    plan: &Plan,
    inputs: &[DefInput],
    only: Option<&[usize]>,
) -> Result<TypeSpace, String> {
    let mut schemas = Vec::with_capacity(inputs.len());
    for (index, (def, input)) in plan.defs.iter().zip(inputs).enumerate() {
        let value = match only {
            Some(only) if only.binary_search(&index).is_err() => Value::Object(Default::default()),
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

#[cfg(test)]
mod tests {
    use super::halve;

    #[test]
    fn halving_finds_every_failing_schema_in_few_runs() {
        let n = 1000;
        let bad = [3, 17, 640];
        let mut runs = 0;
        let mut work = 0;
        let found = halve((0..n).collect(), "all".into(), |group| {
            runs += 1;
            work += group.len();
            match group.iter().find(|i| bad.contains(i)) {
                Some(i) => Err(format!("fails on {i}")),
                None => Ok(()),
            }
        });
        let found: Vec<(usize, String)> = found;
        assert_eq!(found, bad.map(|i| (i, format!("fails on {i}"))).to_vec());
        // About 2 k log2 n runs, and each level of halving costs at most n schemas per failure.
        assert!(runs <= 2 * bad.len() * 10, "{runs} runs");
        assert!(work <= bad.len() * n * 2, "{work} schemas run");
    }

    #[test]
    fn halving_a_group_that_fails_only_as_a_whole_finds_nothing() {
        // Two schemas that fail only together: the final run over the whole set reports it.
        let found = halve(vec![0, 1], "together".into(), |_| Ok(()));
        assert!(found.is_empty());
    }
}
