//! Checks a loaded schema set before any code is generated, so that a malformed keyword is reported
//! with its file and JSON pointer instead of being silently dropped, turned into code that does not
//! compile, or sending a later stage into a loop.
//!
//! Only what 2020-12 says a keyword's value must be is checked (the loader has rewritten schemas
//! of older drafts into 2020-12); unknown keywords are left alone.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::load::{
    for_each_subschema, kind_of, Document, Location, SchemaSet, APPLICATOR, UNEVALUATED, VALIDATION,
};
use crate::validate::{regex, ANNOTATIONS};

/// Checks every schema of `set`: keyword values, regular expressions, `$ref` targets, and
/// schemas that apply themselves to the same value again (cycles of `$ref`s and in-place
/// applicators).
pub fn check(set: &SchemaSet) -> Result<()> {
    let mut schemas = Vec::new();
    for (doc, document) in set.documents().iter().enumerate() {
        walk(set, &Location::root(doc), &document.value, &mut schemas)?;
    }
    check_in_place_cycles(set, &schemas)
}

/// Keywords of 2020-12 beside its applicator, unevaluated and validation vocabularies and its
/// annotations: core, format and content; and older drafts' names (files that name their draft
/// are rewritten into 2020-12 on loading, files without `$schema` read in the default draft).
const OTHER_KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$ref",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
    "$defs",
    "format",
    "contentSchema",
    "id",
    "$recursiveRef",
    "$recursiveAnchor",
    "definitions",
    "dependencies",
    "additionalItems",
];

/// A note for each file whose root is an object of which no key is a JSON Schema keyword (a
/// data or configuration file among the schemas): as a schema it admits every value, which is
/// seldom what was meant, yet it is no error.
pub fn keywordless_files(set: &SchemaSet) -> Vec<String> {
    let keyword = |key: &String| {
        [
            APPLICATOR,
            UNEVALUATED,
            VALIDATION,
            ANNOTATIONS,
            OTHER_KEYWORDS,
        ]
        .iter()
        .any(|keywords| keywords.contains(&key.as_str()))
    };
    let note = |document: &Document| {
        let Value::Object(map) = &document.value else {
            return None;
        };
        if map.is_empty() || map.keys().any(keyword) {
            return None;
        }
        let mut keys: Vec<&str> = map.keys().take(3).map(String::as_str).collect();
        if map.len() > 3 {
            keys.push("...");
        }
        Some(format!(
            "{}: no key of it ({}) is a JSON Schema keyword, so it admits every value (a type of \
             `serde_json::Value`): is it a schema?",
            document.display_name(),
            keys.join(", ")
        ))
    };
    set.documents().iter().filter_map(note).collect()
}

/// The types `type` may name.
const TYPES: &[&str] = &[
    "null", "boolean", "object", "array", "number", "integer", "string",
];
const NUMBER_KEYWORDS: &[&str] = &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];
const COUNT_KEYWORDS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "minContains",
    "maxContains",
];
const STRING_KEYWORDS: &[&str] = &["$ref", "$dynamicRef", "$anchor", "$dynamicAnchor", "$id"];
const MAP_KEYWORDS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
const ARRAY_KEYWORDS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

fn walk(
    set: &SchemaSet,
    location: &Location,
    schema: &Value,
    schemas: &mut Vec<Location>,
) -> Result<()> {
    schemas.push(location.clone());
    let map = match schema {
        Value::Bool(_) => return Ok(()),
        Value::Object(map) => map,
        other => {
            return Err(invalid(
                set,
                location,
                format!(
                    "expected a schema (an object or a boolean), found {}",
                    kind_of(other)
                ),
            ))
        }
    };
    for (keyword, value) in map {
        let at = || location.child(keyword);
        let keyword = keyword.as_str();
        if STRING_KEYWORDS.contains(&keyword) && !value.is_string() {
            return Err(invalid(set, &at(), expected("a string", value)));
        }
        match keyword {
            "type" => check_type(set, &at(), value)?,
            "pattern" => {
                let Value::String(pattern) = value else {
                    return Err(invalid(set, &at(), expected("a string", value)));
                };
                check_regex(set, &at(), pattern)?;
            }
            "patternProperties" => {
                if let Value::Object(patterns) = value {
                    for pattern in patterns.keys() {
                        check_regex(set, &at().child(pattern), pattern)?;
                    }
                }
            }
            "multipleOf" if !value.as_f64().is_some_and(|n| n > 0.0) => {
                return Err(invalid(
                    set,
                    &at(),
                    format!("multipleOf must be a number greater than 0, found {value}"),
                ));
            }
            "required" => {
                let Value::Array(names) = value else {
                    return Err(invalid(
                        set,
                        &at(),
                        expected("an array of property names", value),
                    ));
                };
                if let Some(i) = names.iter().position(|n| !n.is_string()) {
                    return Err(invalid(
                        set,
                        &at().child(&i.to_string()),
                        expected("a property name (a string)", &names[i]),
                    ));
                }
            }
            "enum" if !value.is_array() => {
                return Err(invalid(set, &at(), expected("an array", value)));
            }
            _ => {}
        }
        if NUMBER_KEYWORDS.contains(&keyword) && !value.is_number() {
            let mut message = expected("a number", value);
            if value.is_boolean() && keyword.starts_with("exclusive") {
                message.push_str(&crate::dialect::older_draft_hint(crate::Draft::Draft4));
            }
            return Err(invalid(set, &at(), message));
        }
        if COUNT_KEYWORDS.contains(&keyword) && !is_count(value) {
            return Err(invalid(
                set,
                &at(),
                expected("a non-negative integer", value),
            ));
        }
        if MAP_KEYWORDS.contains(&keyword) && !value.is_object() {
            return Err(invalid(set, &at(), expected("an object of schemas", value)));
        }
        if ARRAY_KEYWORDS.contains(&keyword) {
            let ok = match value {
                Value::Array(items) => keyword == "prefixItems" || !items.is_empty(),
                _ => false,
            };
            if !ok {
                return Err(invalid(
                    set,
                    &at(),
                    expected("a non-empty array of schemas", value),
                ));
            }
        }
    }
    let mut children = Vec::new();
    for_each_subschema(schema, |tokens, child| {
        let mut child_location = location.clone();
        for token in tokens {
            child_location = child_location.child(token);
        }
        children.push((child_location, child));
    });
    for (child_location, child) in children {
        walk(set, &child_location, child, schemas)?;
    }
    Ok(())
}

fn check_type(set: &SchemaSet, location: &Location, value: &Value) -> Result<()> {
    let names: Vec<&Value> = match value {
        Value::Array(names) if !names.is_empty() => names.iter().collect(),
        Value::String(_) => vec![value],
        _ => {
            return Err(invalid(
                set,
                location,
                expected("a type name or a non-empty array of them", value),
            ))
        }
    };
    let mut seen = BTreeSet::new();
    for name in names {
        let known = name.as_str().filter(|n| TYPES.contains(n));
        let Some(known) = known else {
            return Err(invalid(
                set,
                location,
                format!("unknown type {name}; expected one of {}", TYPES.join(", ")),
            ));
        };
        if !seen.insert(known) {
            return Err(invalid(
                set,
                location,
                format!("type \"{known}\" is listed twice"),
            ));
        }
    }
    Ok(())
}

fn check_regex(set: &SchemaSet, location: &Location, pattern: &str) -> Result<()> {
    regex::compile(pattern)
        .map(|_| ())
        .map_err(|message| Error::InvalidRegex {
            place: set.place(location),
            pattern: pattern.to_string(),
            message: format!(
                "{message} (a pattern is an ECMA-262 regular expression; the generated validators \
                 run it with the regex crate, or regress where it needs backtracking, and neither \
                 accepts this one)"
            ),
        })
}

/// Keywords whose subschemas apply to the same value as the schema that holds them.
const IN_PLACE: &[&str] = &["allOf", "anyOf", "oneOf", "not", "if", "then", "else"];

/// One step from a schema to a schema applied to the same value: through its `$ref`, or to an
/// in-place applicator's member (which is where the step leads).
struct Step {
    by_ref: bool,
    to: Location,
}

/// The steps from the schema at `location` to the schemas it applies to the same value; a
/// `$ref` whose target is not a schema is an error.
fn in_place_steps(set: &SchemaSet, location: &Location) -> Result<Vec<Step>> {
    let Some(Value::Object(map)) = set.get(location) else {
        return Ok(Vec::new());
    };
    let member = |to: Location| Step { by_ref: false, to };
    let mut steps = Vec::new();
    for (keyword, value) in map {
        let at = location.child(keyword);
        match (keyword.as_str(), value) {
            ("$ref", Value::String(reference)) => {
                let to = set.resolve(location, reference)?;
                match set.get(&to) {
                    Some(Value::Object(_) | Value::Bool(_)) => {
                        steps.push(Step { by_ref: true, to })
                    }
                    None => {}
                    Some(other) => {
                        return Err(Error::UnresolvedRef {
                            place: set.place(&at),
                            reference: reference.clone(),
                            reason: format!(
                                "the target is not a schema (an object or a boolean) but {}",
                                kind_of(other)
                            ),
                        })
                    }
                }
            }
            (k, Value::Array(members)) if IN_PLACE.contains(&k) => {
                steps.extend((0..members.len()).map(|i| member(at.child(&i.to_string()))));
            }
            ("dependentSchemas", Value::Object(entries)) => {
                steps.extend(entries.keys().map(|name| member(at.child(name))));
            }
            (k, _) if IN_PLACE.contains(&k) => steps.push(member(at)),
            _ => {}
        }
    }
    Ok(steps)
}

/// A schema being walked: its steps and the index of the next one to take.
type Frame = (Location, Vec<Step>, usize);

/// The step a schema of the walk took last (the one before its next), and its place.
fn taken((location, steps, next): &Frame) -> (&Step, Location) {
    let step = &steps[*next - 1];
    let place = match step.by_ref {
        true => location.child("$ref"),
        false => step.to.clone(),
    };
    (step, place)
}

/// Finds a schema that, through `$ref`s and in-place applicators, applies itself to the same
/// value again: validating it would never end (the specification leaves such schemas
/// undefined), and its type would have to hold itself (`{"anyOf": [{"$ref": "#"}]}` is a type
/// no value builds; with a base case beside it, decoding overflows the stack). A depth-first
/// walk over these steps, each schema entered once, so time and memory are linear.
fn check_in_place_cycles(set: &SchemaSet, schemas: &[Location]) -> Result<()> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: HashMap<Location, Mark> = HashMap::new();
    for start in schemas {
        if marks.contains_key(start) {
            continue;
        }
        let mut stack: Vec<Frame> = vec![(start.clone(), in_place_steps(set, start)?, 0)];
        marks.insert(start.clone(), Mark::Open);
        while let Some((location, steps, next)) = stack.last_mut() {
            let Some(step) = steps.get(*next) else {
                marks.insert(location.clone(), Mark::Done);
                stack.pop();
                continue;
            };
            *next += 1;
            match marks.get(&step.to) {
                Some(Mark::Done) => {}
                Some(Mark::Open) => {
                    let to = step.to.clone();
                    return Err(cycle(set, &stack, &to));
                }
                None => {
                    let to = step.to.clone();
                    marks.insert(to.clone(), Mark::Open);
                    let steps = in_place_steps(set, &to)?;
                    stack.push((to, steps, 0));
                }
            }
        }
    }
    Ok(())
}

/// The error for the cycle that the walk in `stack` closes by coming back to `to`, named from
/// where it starts.
fn cycle(set: &SchemaSet, stack: &[Frame], to: &Location) -> Error {
    let first = stack.iter().position(|(l, ..)| l == to).unwrap_or(0);
    let cycle = &stack[first..];
    let name = |l: &Location| {
        let file = set.document(l.doc).uri.path().trim_start_matches('/');
        format!("{file}#{}", l.pointer)
    };
    let mut path: Vec<String> = cycle.iter().map(|(l, ..)| name(l)).collect();
    path.push(name(to));
    let path = path.join(" -> ");
    let (_, start) = taken(&cycle[0]);
    if cycle.iter().all(|frame| taken(frame).0.by_ref) {
        let reference = set.get(&start).and_then(Value::as_str).unwrap_or_default();
        return Error::UnresolvedRef {
            place: set.place(&start),
            reference: reference.to_string(),
            reason: format!(
                "the references go round in a cycle that never reaches a schema of its own ({path})"
            ),
        };
    }
    Error::InvalidSchema {
        place: set.place(&start),
        message: format!(
            "the schema applies itself to the same value again ({path}), through $ref and \
             in-place applicators alone: validating it would never end, and its type would \
             have to hold itself"
        ),
    }
}

fn is_count(value: &Value) -> bool {
    value.as_u64().is_some() || value.as_f64().is_some_and(|n| n >= 0.0 && n.fract() == 0.0)
}

fn expected(what: &str, found: &Value) -> String {
    format!("expected {what}, found {}", kind_of(found))
}

fn invalid(set: &SchemaSet, location: &Location, message: String) -> Error {
    Error::InvalidSchema {
        place: set.place(location),
        message,
    }
}
