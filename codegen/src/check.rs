//! Checks a loaded schema set before any code is generated, so that a malformed keyword is reported
//! with its file and JSON pointer instead of being silently dropped, turned into code that does not
//! compile, or sending a later stage into a loop.
//!
//! Only what 2020-12 says a keyword's value must be is checked (the loader has rewritten schemas
//! of older drafts into 2020-12); unknown keywords are left alone.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::error::{Error, Place, Result};
use crate::load::{
    for_each_subschema, kind_of, Document, Location, SchemaSet, APPLICATOR, UNEVALUATED, VALIDATION,
};
use crate::plan::META_KEYWORDS;
use crate::validate::{regex, ANNOTATIONS};

/// Checks every schema of `set`: keyword values, regular expressions, `$ref` targets, and cycles
/// of `$ref`s that never reach a schema of their own.
pub fn check(set: &SchemaSet) -> Result<()> {
    let mut refs = Vec::new();
    for (doc, document) in set.documents().iter().enumerate() {
        walk(set, &Location::root(doc), &document.value, &mut refs)?;
    }
    for from in &refs {
        check_ref_chain(set, from)?;
    }
    Ok(())
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
    refs: &mut Vec<Location>,
) -> Result<()> {
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
            "$ref" => refs.push(location.clone()),
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
        walk(set, &child_location, child, refs)?;
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

/// Follows `$ref`s from `from` until a schema without one: a chain that comes back to a schema it
/// has passed names no type and would send validation round forever. A schema that is nothing
/// but one `anyOf`, `oneOf` or `allOf` member stands for that member, so the chain goes on there.
fn check_ref_chain(set: &SchemaSet, from: &Location) -> Result<()> {
    let mut chain = vec![from.clone()];
    let mut current = from.clone();
    loop {
        let schema = set.get(&current);
        let target = match schema.and_then(|s| s.get("$ref")) {
            Some(Value::String(reference)) => {
                let target = set.resolve(&current, reference)?;
                match set.get(&target) {
                    Some(Value::Object(_) | Value::Bool(_)) => target,
                    Some(other) => {
                        return Err(Error::UnresolvedRef {
                            place: ref_place(set, &current),
                            reference: reference.clone(),
                            reason: format!(
                                "the target is not a schema (an object or a boolean) but {}",
                                kind_of(other)
                            ),
                        })
                    }
                    None => return Ok(()),
                }
            }
            _ => match schema.and_then(lone_member) {
                Some(applicator) => current.child(applicator).child("0"),
                None => return Ok(()),
            },
        };
        if chain.contains(&target) {
            return cycle(set, from, &chain, &target);
        }
        chain.push(target.clone());
        current = target;
    }
}

/// The error of a chain from `from` that comes back to `target`, reported once for each cycle,
/// from the schema where it starts.
fn cycle(set: &SchemaSet, from: &Location, chain: &[Location], target: &Location) -> Result<()> {
    if chain.first() != Some(target) {
        return Ok(());
    }
    let path: Vec<String> = chain
        .iter()
        .chain(std::iter::once(target))
        .map(|l| {
            let file = set.document(l.doc).uri.path().trim_start_matches('/');
            format!("{file}#{}", l.pointer)
        })
        .collect();
    Err(Error::UnresolvedRef {
        place: ref_place(set, from),
        reference: set
            .get(from)
            .and_then(|s| s.get("$ref"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        reason: format!(
            "the references go round in a cycle that never reaches a schema of its own ({})",
            path.join(" -> ")
        ),
    })
}

/// The applicator (`anyOf`, `oneOf` or `allOf`) of a schema that is nothing but one member of
/// it, beside keywords that carry no type (annotations, `$defs`, `$id`, ...).
fn lone_member(schema: &Value) -> Option<&'static str> {
    let map = schema.as_object()?;
    let mut lone = None;
    for (key, value) in map {
        let key = key.as_str();
        if let Some(applicator) = ["anyOf", "oneOf", "allOf"].into_iter().find(|a| *a == key) {
            let one = value.as_array().is_some_and(|members| members.len() == 1);
            if lone.is_some() || !one {
                return None;
            }
            lone = Some(applicator);
        } else if !META_KEYWORDS.contains(&key) && !ANNOTATIONS.contains(&key) {
            return None;
        }
    }
    lone
}

fn ref_place(set: &SchemaSet, location: &Location) -> Place {
    set.place(&location.child("$ref"))
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
