//! Endpoint changes: the endpoint files (`*.endpoint.json`) of two folders, compared by operation
//! id. A request is sent and its response received: a change is breaking for the wire when the
//! server may reject what existing code sends (a new required parameter, another method or
//! path) or send what it cannot decode (another response schema), and for Rust when code written
//! against the old request type may not compile (a removed endpoint or parameter, a parameter that
//! became required or optional, another body type, a new argument of `new`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Change, Direction, Kind};

/// Every endpoint change from `old` to `new` (operation id to endpoint file).
pub fn diff(old: &BTreeMap<String, Value>, new: &BTreeMap<String, Value>) -> Vec<Change> {
    let mut changes = Vec::new();
    let ids: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for id in ids {
        let mut found = Found {
            id,
            changes: &mut changes,
        };
        match (old.get(id), new.get(id)) {
            (Some(a), Some(b)) => found.endpoint(a, b),
            (None, Some(_)) => found.push(
                Kind::EndpointAdded,
                "",
                (false, false),
                "new endpoint".into(),
            ),
            (Some(_), None) => found.push(
                Kind::EndpointRemoved,
                "",
                (true, true),
                "endpoint removed: its request type disappears, and the server may no longer \
                 serve it"
                    .into(),
            ),
            (None, None) => {}
        }
    }
    changes
}

struct Found<'a> {
    id: &'a str,
    changes: &'a mut Vec<Change>,
}

impl Found<'_> {
    /// Records a change; `(rust, wire)` say what it breaks.
    fn push(&mut self, kind: Kind, path: &str, (rust, wire): (bool, bool), message: String) {
        self.changes.push(Change {
            schema: self.id.to_string(),
            path: path.to_string(),
            kind,
            breaking: rust || wire,
            rust_breaking: rust,
            wire_breaking: wire,
            direction: Direction::Both,
            message,
        });
    }

    fn endpoint(&mut self, old: &Value, new: &Value) {
        for key in ["method", "path"] {
            if old.get(key) != new.get(key) {
                self.push(
                    Kind::EndpointChanged,
                    &format!("/{key}"),
                    (false, true),
                    format!(
                        "{key} {} became {}: the server may reject requests of existing code",
                        show(old.get(key)),
                        show(new.get(key))
                    ),
                );
            }
        }
        self.parameters(old, new);
        self.body(old, new);
        let (a, b) = (
            old.pointer("/response/schema"),
            new.pointer("/response/schema"),
        );
        if a != b {
            self.push(
                Kind::EndpointChanged,
                "/response/schema",
                (true, true),
                format!(
                    "the response schema {} became {}: the `Response` type changes, and existing \
                     code may not decode what the server sends",
                    show(a),
                    show(b)
                ),
            );
        }
    }

    fn parameters(&mut self, old: &Value, new: &Value) {
        let by_key = |endpoint: &Value| -> BTreeMap<(String, String), Value> {
            endpoint
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|p| {
                    let name = p["name"].as_str().unwrap_or_default().to_string();
                    let place = p["in"].as_str().unwrap_or_default().to_string();
                    ((name, place), p.clone())
                })
                .collect()
        };
        let (old, new) = (by_key(old), by_key(new));
        let keys: BTreeSet<&(String, String)> = old.keys().chain(new.keys()).collect();
        for key in keys {
            let (name, place) = key;
            let path = format!("/parameters/{place}/{name}");
            let required = |p: &Value| p.get("required") == Some(&Value::Bool(true));
            match (old.get(key), new.get(key)) {
                (None, Some(p)) if required(p) => self.push(
                    Kind::ParameterAdded,
                    &path,
                    (true, true),
                    format!(
                        "new required {place} parameter \"{name}\" (a new argument of `new`; \
                         existing code does not send it)"
                    ),
                ),
                (None, Some(_)) => self.push(
                    Kind::ParameterAdded,
                    &path,
                    (false, false),
                    format!("new optional {place} parameter \"{name}\" (an Option field)"),
                ),
                (Some(_), None) => self.push(
                    Kind::ParameterRemoved,
                    &path,
                    (true, false),
                    format!("{place} parameter \"{name}\" removed (its field disappears)"),
                ),
                (Some(a), Some(b)) => {
                    if !required(a) && required(b) {
                        self.push(
                            Kind::ParameterNowRequired,
                            &path,
                            (true, true),
                            format!(
                                "{place} parameter \"{name}\" is now required (Option<T> becomes \
                                 T, a new argument of `new`)"
                            ),
                        );
                    } else if required(a) && !required(b) {
                        self.push(
                            Kind::ParameterNowOptional,
                            &path,
                            (true, false),
                            format!(
                                "{place} parameter \"{name}\" is now optional (T becomes \
                                 Option<T>)"
                            ),
                        );
                    }
                    if shape(a.get("schema")) != shape(b.get("schema")) {
                        self.push(
                            Kind::ParameterTypeChanged,
                            &format!("{path}/schema"),
                            (true, true),
                            format!("the schema of {place} parameter \"{name}\" changed"),
                        );
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn body(&mut self, old: &Value, new: &Value) {
        let (a, b) = (
            old.pointer("/requestBody/schema"),
            new.pointer("/requestBody/schema"),
        );
        if a != b {
            self.push(
                Kind::EndpointChanged,
                "/requestBody/schema",
                (true, true),
                format!(
                    "the body schema {} became {}: the body type changes, and the server may \
                     reject what existing code sends",
                    show(a),
                    show(b)
                ),
            );
        }
        let required = |v: &Value| v.pointer("/requestBody/required") == Some(&Value::Bool(true));
        if a.is_some() && b.is_some() && required(old) != required(new) {
            self.push(
                Kind::EndpointChanged,
                "/requestBody/required",
                (true, required(new)),
                format!(
                    "the body is now {} (the `body` field becomes {})",
                    if required(new) {
                        "required"
                    } else {
                        "optional"
                    },
                    if required(new) { "T" } else { "Option<T>" }
                ),
            );
        }
    }
}

/// A parameter schema without its annotations: what decides its Rust type and its values.
fn shape(schema: Option<&Value>) -> Option<Value> {
    let mut schema = schema?.clone();
    if let Value::Object(map) = &mut schema {
        for key in ["description", "example", "examples", "title", "deprecated"] {
            map.remove(key);
        }
    }
    Some(schema)
}

fn show(value: Option<&Value>) -> String {
    match value {
        None => "(none)".to_string(),
        Some(Value::String(s)) => format!("`{s}`"),
        Some(Value::Object(map)) => match map.get("$ref").and_then(Value::as_str) {
            Some(reference) => format!("`{reference}`"),
            None => "an inline schema".to_string(),
        },
        Some(other) => format!("`{other}`"),
    }
}
