//! Budgets for typify's work, checked before it runs.
//!
//! typify merges the rest of a schema into each of its `anyOf` alternatives (a lowered `oneOf`
//! too), resolving references as it goes and merging the alternatives of what they resolve to
//! in turn, and it compares every pair of alternatives. That work grows exponentially with
//! nested alternatives (definitions that each refer to the previous ones twice: one 44 KB schema
//! took it past 11 GB), quadratically with wide unions, and without end (a stack overflow,
//! which aborts the process) where a schema is one of its own alternatives. It cannot be
//! interrupted once started, so the cost is estimated first on what typify will be given,
//! following the same recursion, and a schema over budget becomes `serde_json::Value`: a wider
//! type, its validator still exact.

use serde_json::{Map, Value};

use super::input::DefInput;
use super::typify::Failures;
use crate::error::{Error, Result};
use crate::load::SchemaSet;
use crate::plan::Plan;

/// Merge steps the type of one schema may cost typify: each a merge of two (mostly object)
/// schemas, recursing into properties both name and into the schemas references name.
pub const MERGE_STEPS: u64 = 5_000;

/// Pairs of alternatives typify may compare, over all schemas (it compares every pair of a
/// union's alternatives, and joins each merged alternative with the negation of the others):
/// about 4 seconds of its time on an unoptimized build. One union of 2,000 alternatives fits.
pub const UNION_PAIRS: u64 = 2_000_000;

/// Work units typify may be given, over all schemas: one per schema object, property and enum
/// value, and `TYPE_UNITS_EACH` more per planned type. typify holds every type of the set, and
/// the code it prints for them, at once: up to 14 KB of memory per unit (measured on unoptimized
/// builds: 20,000 empty properties take 270 MB, 10,000 empty definitions 560 MB). This keeps
/// typify's part of any input within about 1.3 GB (29,000 empty definitions, near the most
/// types a set may have, peak at 1.25 GB in all); a 3 MB schema of 500 definitions of 24
/// properties takes 44,000 units, its 2,001 types included.
pub const TYPE_UNITS: u64 = 90_000;

/// The units of a planned type besides its schema's: a type of its own, with its impls, even
/// when it falls back to `serde_json::Value`.
pub const TYPE_UNITS_EACH: u64 = 2;

/// The most types a set may plan: each costs `TYPE_UNITS_EACH` and the `{}` it falls back to.
pub const MAX_TYPES: usize = (TYPE_UNITS / (TYPE_UNITS_EACH + 1)) as usize;

/// An error naming the first planned type past [`MAX_TYPES`], if there is one.
pub fn check_type_count(set: &SchemaSet, plan: &Plan) -> Result<()> {
    match plan.defs.get(MAX_TYPES) {
        Some(def) => Err(Error::TooManyTypes {
            place: set.place(&def.location),
            count: plan.defs.len(),
            limit: MAX_TYPES,
        }),
        None => Ok(()),
    }
}

/// Nesting the estimate follows; deeper means a schema merged into itself without end.
const MAX_DEPTH: usize = 100;

/// The defs whose types would cost typify too much, with the reason, in plan order; each is
/// replaced by `serde_json::Value` (`fall_back`) before the next one is estimated.
pub fn too_costly(plan: &Plan, inputs: &mut [DefInput]) -> Failures {
    let mut pairs_left = UNION_PAIRS;
    // Every type may fall back: its share of that is set aside first (`check_type_count`
    // keeps it within the budget), and a schema is typed only if the rest of it fits.
    let fallbacks = inputs.len() as u64 * (TYPE_UNITS_EACH + 1);
    let mut units_left = TYPE_UNITS.saturating_sub(fallbacks);
    let mut out = Vec::new();
    for index in 0..inputs.len() {
        let units = units(&inputs[index].schema).saturating_sub(1);
        if units > units_left {
            out.push((
                index,
                format!(
                    "typify would be given {units} more schema objects, properties and enum \
                     values here, more than the {units_left} left of the {TYPE_UNITS} units all \
                     schemas may take (typify holds all of them in memory at once)"
                ),
            ));
            inputs[index].fall_back();
            continue;
        }
        let mut estimate = Estimate {
            inputs,
            plan,
            steps: 0,
            pairs: 0,
        };
        let reason = match estimate.schema(&inputs[index].schema, 0) {
            Err(Over::Nested) => "typify would merge the rest of this schema into `anyOf`/`oneOf` \
                alternatives that have alternatives of their own (or are this schema), work that \
                grows exponentially with their nesting"
                .to_string(),
            Err(Over::Steps) => format!(
                "typify would take more than {MERGE_STEPS} steps to merge the rest of this \
                 schema into its `anyOf`/`oneOf` alternatives (or never end, where a schema is \
                 merged into itself)"
            ),
            Ok(()) if estimate.pairs > pairs_left => format!(
                "typify would compare {} pairs of `anyOf`/`oneOf` alternatives, more than the \
                 {pairs_left} left of the {UNION_PAIRS} all schemas may take",
                estimate.pairs
            ),
            Ok(()) => {
                pairs_left -= estimate.pairs;
                units_left -= units;
                continue;
            }
        };
        inputs[index].fall_back();
        out.push((index, reason));
    }
    out
}

/// Over budget.
enum Over {
    /// Alternatives met inside a merge, which typify would expand into every combination.
    Nested,
    /// Too many steps, or too deep.
    Steps,
}

/// A schema being merged: whole, or without its alternatives (the rest that typify merges into
/// each of them).
#[derive(Clone, Copy)]
struct Side<'v> {
    schema: &'v Value,
    alternatives: bool,
}

impl<'v> Side<'v> {
    fn whole(schema: &'v Value) -> Self {
        Side {
            schema,
            alternatives: true,
        }
    }

    fn rest(schema: &'v Value) -> Self {
        Side {
            schema,
            alternatives: false,
        }
    }
}

struct Estimate<'a> {
    inputs: &'a [DefInput],
    plan: &'a Plan,
    steps: u64,
    pairs: u64,
}

impl<'a> Estimate<'a> {
    /// The cost of converting `schema`, one def's own: its unions and what typify merges in it.
    fn schema(&mut self, schema: &'a Value, depth: usize) -> Result<(), Over> {
        let Value::Object(map) = schema else {
            return Ok(());
        };
        if depth > MAX_DEPTH {
            return Err(Over::Steps);
        }
        if let Some(alternatives) = alternatives(map) {
            let k = alternatives.len() as u64;
            self.pairs += k * k.saturating_sub(1) / 2;
            // typify converts a union with nothing but a `type` beside it as a union; with
            // more, it merges that into each alternative.
            let has_rest = map
                .keys()
                .any(|k| !matches!(k.as_str(), "anyOf" | "oneOf" | "type" | "description"));
            for alternative in alternatives {
                if has_rest {
                    self.merge(Side::rest(schema), Side::whole(alternative), 0)?;
                }
                self.schema(alternative, depth + 1)?;
            }
        }
        for child in children(map) {
            self.schema(child, depth + 1)?;
        }
        Ok(())
    }

    /// Counts the steps of typify's merge of `a` and `b`, following its recursion.
    fn merge(&mut self, a: Side<'a>, b: Side<'a>, depth: usize) -> Result<(), Over> {
        self.steps += 1;
        if self.steps > MERGE_STEPS || depth > MAX_DEPTH {
            return Err(Over::Steps);
        }
        let (Value::Object(am), Value::Object(bm)) = (a.schema, b.schema) else {
            return Ok(());
        };
        match (am.get("$ref"), bm.get("$ref")) {
            (Some(x), Some(y)) if x == y => return Ok(()),
            (Some(_), _) => {
                return match self.resolve(a.schema) {
                    Some(target) => self.merge(Side::whole(target), b, depth + 1),
                    None => Ok(()),
                }
            }
            (_, Some(_)) => {
                return match self.resolve(b.schema) {
                    Some(target) => self.merge(a, Side::whole(target), depth + 1),
                    None => Ok(()),
                }
            }
            _ => {}
        }
        // typify would merge the result into each of those alternatives, and each of those
        // into the alternatives they reach: every combination.
        if (a.alternatives && alternatives(am).is_some())
            || (b.alternatives && alternatives(bm).is_some())
        {
            return Err(Over::Nested);
        }
        let (ap, bp) = (properties(am), properties(bm));
        let (aa, ba) = (
            am.get("additionalProperties"),
            bm.get("additionalProperties"),
        );
        for (name, pa) in ap.into_iter().flatten() {
            match (bp.and_then(|p| p.get(name)), ba) {
                (Some(pb), _) => self.merge(Side::whole(pa), Side::whole(pb), depth + 1)?,
                // Kept as an `allOf` of the two, merged when converted.
                (None, Some(other)) => {
                    self.merge(Side::whole(other), Side::whole(pa), depth + 1)?
                }
                (None, None) => {}
            }
        }
        if let Some(other) = aa {
            for (name, pb) in bp.into_iter().flatten() {
                if !ap.is_some_and(|p| p.contains_key(name)) {
                    self.merge(Side::whole(other), Side::whole(pb), depth + 1)?;
                }
            }
        }
        for keyword in ["additionalProperties", "items"] {
            if let (Some(x), Some(y)) = (am.get(keyword), bm.get(keyword)) {
                self.merge(Side::whole(x), Side::whole(y), depth + 1)?;
            }
        }
        Ok(())
    }

    /// The schema a lowered `$ref` (`#/$defs/<internal name>`) names.
    fn resolve(&self, schema: &Value) -> Option<&'a Value> {
        Some(&self.inputs[self.plan.referenced(schema)?].schema)
    }
}

/// What typify makes something of in `schema`: its objects (schemas, and maps of them), the
/// members of its `properties` and the values of its `enum`s.
fn units(schema: &Value) -> u64 {
    match schema {
        Value::Object(map) => {
            let properties = map.get("properties").and_then(Value::as_object);
            let values = map.get("enum").and_then(Value::as_array);
            let members = properties.map_or(0, Map::len) + values.map_or(0, Vec::len);
            1 + members as u64 + map.values().map(units).sum::<u64>()
        }
        Value::Array(items) => items.iter().map(units).sum(),
        _ => 0,
    }
}

fn alternatives(map: &Map<String, Value>) -> Option<&Vec<Value>> {
    map.get("anyOf").or(map.get("oneOf"))?.as_array()
}

fn properties(map: &Map<String, Value>) -> Option<&Map<String, Value>> {
    map.get("properties")?.as_object()
}

/// The subschemas of a lowered schema other than its alternatives.
fn children(map: &Map<String, Value>) -> impl Iterator<Item = &Value> {
    let properties = properties(map).into_iter().flat_map(Map::values);
    let others = ["additionalProperties", "items"]
        .into_iter()
        .filter_map(|keyword| map.get(keyword));
    properties.chain(others)
}
