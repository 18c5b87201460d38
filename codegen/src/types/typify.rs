//! Running typify: every planned type in one `TypeSpace`, typify's panics caught (it panics on
//! some schemas), and the schemas it fails on found and turned into `serde_json::Value`.
//!
//! Before typify runs, [`super::limits`] turns the schemas whose merging or unions would take
//! typify too long into `serde_json::Value` as well: typify's work on them can grow
//! exponentially with the input, and it cannot be interrupted once started.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use serde_json::Value;
use typify::{TypeSpace, TypeSpaceSettings};

use super::input::DefInput;
use super::model::{self, DefModel};
use crate::plan::Plan;

/// The defs that fell back to `serde_json::Value` (their index and why).
pub type Failures = Vec<(usize, String)>;

/// What typify made of the plan: everything read from its `TypeSpace`, which is dropped.
pub struct Output {
    /// typify's items, as it wrote them (parsed when the types are emitted: the validators,
    /// made meanwhile, need only the models).
    pub code: proc_macro2::TokenStream,
    /// The names of the structs, enums and newtypes it made.
    pub names: Vec<String>,
    /// The model of every planned type.
    pub models: Vec<DefModel>,
}

/// Runs typify over `inputs` (named after `plan`'s defs). The schemas it would take too long
/// on, and those it fails on (a panic anywhere in typify, building the space or printing it),
/// fall back to `serde_json::Value`: their inputs are marked and returned with the reason.
/// `Err` only if typify fails even with every schema replaced.
pub fn build(plan: &Plan, inputs: &mut [DefInput]) -> (Result<Output, String>, Failures) {
    let mut failed = super::limits::too_costly(plan, inputs);
    let message = match run(plan, inputs, None) {
        Ok(typified) => return (Ok(typified), failed),
        Err(message) => message,
    };
    let all = (0..inputs.len()).collect();
    for (index, message) in failing(plan, inputs, all, message) {
        inputs[index].fall_back();
        failed.push((index, typify_failure(&message)));
    }
    // A set typify still fails on fails on a combination of schemas, each fine alone: the
    // shortest failing prefix of the plan ends with one of them. Each round replaces one schema,
    // so this ends, at the latest with every schema replaced.
    loop {
        let message = match run(plan, inputs, None) {
            Ok(typified) => {
                failed.sort_unstable_by_key(|(index, _)| *index);
                return (Ok(typified), failed);
            }
            Err(message) => message,
        };
        let live: Vec<usize> = (0..inputs.len()).filter(|&i| !inputs[i].fallback).collect();
        if live.is_empty() {
            return (Err(message), failed);
        }
        let (index, message) = last_of_failing_prefix(&live, message, |prefix| {
            run(plan, inputs, Some(prefix)).map(|_| ())
        });
        inputs[index].fall_back();
        failed.push((index, typify_failure(&message)));
    }
}

fn typify_failure(message: &str) -> String {
    format!("typify cannot generate a type ({message})")
}

/// The defs of `group` (which typify fails on with `message`) that typify fails on alone, found
/// by halving: a half typify accepts holds none, a half it fails on is halved again. With `k`
/// failing schemas among `n` this takes about `2k log n` runs over ever smaller groups, instead
/// of one run over all `n` per schema.
fn failing(plan: &Plan, inputs: &[DefInput], group: Vec<usize>, message: String) -> Failures {
    halve(group, message, |half| {
        run(plan, inputs, Some(half)).map(|_| ())
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

/// The last member of a shortest failing prefix of `group`, on the whole of which `run` fails
/// with `message` (and which it accepts empty), with the message of that prefix: found by
/// bisection, in `log n` runs.
fn last_of_failing_prefix(
    group: &[usize],
    message: String,
    mut run: impl FnMut(&[usize]) -> Result<(), String>,
) -> (usize, String) {
    // `run` accepts `group[..passes]` and fails on `group[..fails]` with `message`.
    let (mut passes, mut fails, mut message) = (0, group.len(), message);
    while fails - passes > 1 {
        let middle = passes + (fails - passes) / 2;
        match run(&group[..middle]) {
            Ok(()) => passes = middle,
            Err(m) => (fails, message) = (middle, m),
        }
    }
    (group[fails - 1], message)
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

/// typify's output for every def, or with `only` set, for those defs (sorted indices) alone,
/// every other one an unconstrained schema so that references still resolve.
fn run(plan: &Plan, inputs: &[DefInput], only: Option<&[usize]>) -> Result<Output, String> {
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
        // Reading the space runs typify code too, which may panic as well.
        let models = model::build(plan, inputs, &space)?;
        let names = space
            .iter_types()
            .filter(|ty| {
                matches!(
                    ty.details(),
                    typify::TypeDetails::Struct(_)
                        | typify::TypeDetails::Enum(_)
                        | typify::TypeDetails::Newtype(_)
                )
            })
            .map(|ty| ty.name())
            .collect();
        Ok(Output {
            code: space.to_stream(),
            names,
            models,
        })
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
    use super::{halve, last_of_failing_prefix};

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

    #[test]
    fn bisection_finds_a_schema_that_fails_only_with_others() {
        // 7 fails only together with 3 (and 12 only with 3 and 7).
        let fails = |group: &[usize]| {
            if group.contains(&3) && group.contains(&7) {
                Err(format!("{} schemas", group.len()))
            } else {
                Ok(())
            }
        };
        let group: Vec<usize> = (0..20).collect();
        let mut runs = 0;
        let found = last_of_failing_prefix(&group, "all".into(), |g| {
            runs += 1;
            fails(g)
        });
        assert_eq!(found, (7, "8 schemas".to_string()));
        assert!(runs <= 5, "{runs} runs");
        // Without 7 the rest passes.
        let rest: Vec<usize> = group.into_iter().filter(|&i| i != 7).collect();
        assert!(fails(&rest).is_ok());
    }
}
