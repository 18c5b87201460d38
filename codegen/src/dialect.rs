//! The JSON Schema drafts and how a schema of an older one is read.
//!
//! The generator works on 2020-12. The loader rewrites every schema object of an older draft into
//! its 2020-12 equivalent before anything else sees it ([`lower`]): tuple `items` become
//! `prefixItems`, `dependencies` become `dependentRequired`/`dependentSchemas`, draft-04's `id`
//! and boolean exclusive bounds their later forms, `$recursiveRef` a `$dynamicRef`, a `$ref`
//! drops the siblings it overrides, and keywords the draft does not have are removed (they are
//! unknown keywords there). What was renamed is reported so that JSON pointers written against
//! the original document still find their schema.

use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value};

/// A JSON Schema draft. A file without `$schema` is read as the default draft of the load
/// ([`Draft::default`]: 2020-12, the one Stytch's files use), which `Config::default_draft`
/// and the command line's `--default-draft` change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Draft {
    Draft4,
    Draft6,
    Draft7,
    Draft201909,
    #[default]
    Draft202012,
}

impl Draft {
    /// Every draft, oldest first.
    pub const ALL: [Draft; 5] = [
        Draft::Draft4,
        Draft::Draft6,
        Draft::Draft7,
        Draft::Draft201909,
        Draft::Draft202012,
    ];

    /// The draft's meta-schema URI, as `$schema` names it (without the empty fragment).
    pub fn uri(self) -> &'static str {
        match self {
            Draft::Draft4 => "http://json-schema.org/draft-04/schema",
            Draft::Draft6 => "http://json-schema.org/draft-06/schema",
            Draft::Draft7 => "http://json-schema.org/draft-07/schema",
            Draft::Draft201909 => "https://json-schema.org/draft/2019-09/schema",
            Draft::Draft202012 => "https://json-schema.org/draft/2020-12/schema",
        }
    }

    /// The short name the command line takes and prints (`draft4` ... `2020-12`).
    pub fn name(self) -> &'static str {
        match self {
            Draft::Draft4 => "draft4",
            Draft::Draft6 => "draft6",
            Draft::Draft7 => "draft7",
            Draft::Draft201909 => "2019-09",
            Draft::Draft202012 => "2020-12",
        }
    }

    /// The draft a standard `$schema` value names: a draft's meta-schema or its hyper-schema,
    /// with or without the empty fragment and with either scheme.
    pub fn from_uri(uri: &str) -> Option<Draft> {
        let uri = uri.trim_end_matches('#');
        let path = uri
            .strip_prefix("http://")
            .or_else(|| uri.strip_prefix("https://"))?;
        match path {
            "json-schema.org/draft-04/schema" | "json-schema.org/draft-04/hyper-schema" => {
                Some(Draft::Draft4)
            }
            "json-schema.org/draft-06/schema" | "json-schema.org/draft-06/hyper-schema" => {
                Some(Draft::Draft6)
            }
            "json-schema.org/draft-07/schema" | "json-schema.org/draft-07/hyper-schema" => {
                Some(Draft::Draft7)
            }
            "json-schema.org/draft/2019-09/schema"
            | "json-schema.org/draft/2019-09/hyper-schema" => Some(Draft::Draft201909),
            "json-schema.org/draft/2020-12/schema"
            | "json-schema.org/draft/2020-12/hyper-schema" => Some(Draft::Draft202012),
            _ => None,
        }
    }
}

/// The keywords the generator reads that older drafts lack, with the draft that brought each:
/// in an older draft they are unknown keywords, removed before the schema is read as 2020-12.
const LATER_KEYWORDS: &[(&str, Draft)] = &[
    ("$id", Draft::Draft6),
    ("const", Draft::Draft6),
    ("contains", Draft::Draft6),
    ("propertyNames", Draft::Draft6),
    ("if", Draft::Draft7),
    ("then", Draft::Draft7),
    ("else", Draft::Draft7),
    ("$anchor", Draft::Draft201909),
    ("$recursiveRef", Draft::Draft201909),
    ("$recursiveAnchor", Draft::Draft201909),
    ("dependentRequired", Draft::Draft201909),
    ("dependentSchemas", Draft::Draft201909),
    ("unevaluatedItems", Draft::Draft201909),
    ("unevaluatedProperties", Draft::Draft201909),
    ("minContains", Draft::Draft201909),
    ("maxContains", Draft::Draft201909),
    ("contentSchema", Draft::Draft201909),
    ("prefixItems", Draft::Draft202012),
    ("$dynamicRef", Draft::Draft202012),
    ("$dynamicAnchor", Draft::Draft202012),
];

impl fmt::Display for Draft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Draft {
    type Err = String;

    /// Accepts the short names (`draft4`, `draft6`, `draft7`, `2019-09`, `2020-12`), the
    /// spellings of the test suite's folders (`draft2019-09`, ...) and the meta-schema URIs.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim().to_ascii_lowercase();
        let found = match name.trim_start_matches("draft").trim_start_matches('-') {
            "4" | "04" => Some(Draft::Draft4),
            "6" | "06" => Some(Draft::Draft6),
            "7" | "07" => Some(Draft::Draft7),
            "2019-09" => Some(Draft::Draft201909),
            "2020-12" => Some(Draft::Draft202012),
            _ => Draft::from_uri(s.trim()),
        };
        found.ok_or_else(|| {
            format!("unknown draft \"{s}\"; expected draft4, draft6, draft7, 2019-09 or 2020-12")
        })
    }
}

/// Said where a 2020-12 reading fails on a form the older draft `draft` allows.
pub(crate) fn older_draft_hint(draft: Draft) -> String {
    format!(
        " (that is {draft}'s form: name the draft in `$schema`, or read files without one as \
         that draft with --default-draft {draft})"
    )
}

/// The dynamic anchor a 2019-09 `$recursiveAnchor: true` becomes. Only 2019-09 documents get
/// it: 2020-12 ones keep their own anchors, and the name is not one a schema would choose.
pub const RECURSIVE_ANCHOR: &str = "__recursiveAnchor";

/// A keyword [`lower`] renamed in one schema object: `(original name, 2020-12 name)`. A JSON
/// pointer that goes through the original name goes through the new one in the loaded set.
pub type Rename = (&'static str, &'static str);

/// Rewrites one schema object of `draft` into its 2020-12 meaning, in place (its subschemas are
/// left to the caller's walk). `is_document_root` keeps a root `$id` beside a `$ref` (older
/// drafts ignore it, but a file's root `$id` is how other files name it); `in_recursive_resource`
/// tells whether the enclosing resource's root declares `$recursiveAnchor: true` (2019-09).
pub fn lower(
    map: &mut Map<String, Value>,
    draft: Draft,
    is_document_root: bool,
    in_recursive_resource: bool,
) -> Vec<Rename> {
    let mut renames = Vec::new();
    if draft == Draft::Draft202012 {
        return renames;
    }
    for (keyword, since) in LATER_KEYWORDS {
        if draft < *since {
            map.remove(*keyword);
        }
    }
    if draft <= Draft::Draft7 {
        // `$defs` is no keyword before 2019-09, yet common in such files and named by `$ref`s:
        // its schemas stay reachable, anything else in it is left out.
        if let Some(Value::Object(defs)) = map.get_mut("$defs") {
            defs.retain(|_, value| value.is_object() || value.is_boolean());
        } else {
            map.remove("$defs");
        }
        if map.contains_key("$ref") {
            // Before 2019-09 a `$ref` is the whole schema: its siblings are ignored. Kept are
            // the places other `$ref`s may point into, and what documents the schema.
            const KEPT: &[&str] = &[
                "$ref",
                "$schema",
                "definitions",
                "$defs",
                "title",
                "description",
                "$comment",
            ];
            let keep_id = is_document_root;
            map.retain(|key, _| KEPT.contains(&key.as_str()) || (keep_id && is_id(key, draft)));
        }
    }
    if draft == Draft::Draft4 {
        if let Some(id) = map.remove("id") {
            map.insert("$id".into(), id);
        }
        for (flag, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            match map.get(flag) {
                Some(Value::Bool(true)) => {
                    map.remove(flag);
                    if let Some(limit) = map.remove(bound) {
                        map.insert(flag.into(), limit);
                    }
                }
                Some(Value::Bool(false)) => {
                    map.remove(flag);
                }
                _ => {}
            }
        }
    }
    if draft <= Draft::Draft7 {
        split_anchor_from_id(map);
        if let Some(Value::Object(dependencies)) = map.remove("dependencies") {
            let (mut required, mut schemas) = (Map::new(), Map::new());
            for (name, value) in dependencies {
                if value.is_array() {
                    required.insert(name, value);
                } else {
                    schemas.insert(name, value);
                }
            }
            let has_required = !required.is_empty();
            if has_required {
                map.insert("dependentRequired".into(), Value::Object(required));
            }
            if !schemas.is_empty() {
                map.insert("dependentSchemas".into(), Value::Object(schemas));
                renames.push(("dependencies", "dependentSchemas"));
            }
            // After the schemas' rename, which a `$ref` through `dependencies` takes; this one
            // names the keyword in errors about required properties.
            if has_required {
                renames.push(("dependencies", "dependentRequired"));
            }
        }
    }
    if draft <= Draft::Draft201909 {
        match map.remove("items") {
            Some(Value::Array(tuple)) => {
                map.insert("prefixItems".into(), Value::Array(tuple));
                renames.push(("items", "prefixItems"));
                if let Some(rest) = map.remove("additionalItems") {
                    map.insert("items".into(), rest);
                    renames.push(("additionalItems", "items"));
                }
            }
            other => {
                // `additionalItems` applies only beside a tuple `items`.
                map.remove("additionalItems");
                if let Some(items) = other {
                    map.insert("items".into(), items);
                }
            }
        }
    }
    if draft == Draft::Draft201909 {
        if map.get("$recursiveAnchor") == Some(&Value::Bool(true)) {
            map.insert(
                "$dynamicAnchor".into(),
                Value::String(RECURSIVE_ANCHOR.into()),
            );
        }
        map.remove("$recursiveAnchor");
        if let Some(reference) = map.remove("$recursiveRef") {
            // `$recursiveRef` (always "#") goes to the resource's root, and on from there to the
            // outermost recursive root in the dynamic scope when this resource is recursive.
            let (keyword, target) = match reference.as_str() {
                Some("#") if in_recursive_resource => {
                    ("$dynamicRef", Value::String(format!("#{RECURSIVE_ANCHOR}")))
                }
                _ => ("$ref", reference),
            };
            if map.contains_key(keyword) {
                let mut wrapped = Map::new();
                wrapped.insert(keyword.into(), target);
                match map.get_mut("allOf") {
                    Some(Value::Array(all)) => all.push(Value::Object(wrapped)),
                    _ => {
                        map.insert("allOf".into(), Value::Array(vec![Value::Object(wrapped)]));
                    }
                }
            } else {
                map.insert(keyword.into(), target);
            }
        }
    }
    renames
}

/// Whether `key` is the draft's `$id` keyword (draft-04 spells it `id`).
fn is_id(key: &str, draft: Draft) -> bool {
    match draft {
        Draft::Draft4 => key == "id",
        _ => key == "$id",
    }
}

/// Before 2019-09 an `$id` with a plain-name fragment (`#foo`, `other.json#foo`) also declares
/// an anchor: split it into `$id` and `$anchor`. Pointer fragments (`#/...`) are left alone.
fn split_anchor_from_id(map: &mut Map<String, Value>) {
    let Some(Value::String(id)) = map.get("$id") else {
        return;
    };
    let Some((base, fragment)) = id.split_once('#') else {
        return;
    };
    if fragment.is_empty() || fragment.starts_with('/') {
        return;
    }
    let (base, fragment) = (base.to_string(), fragment.to_string());
    map.insert("$anchor".into(), Value::String(fragment));
    if base.is_empty() {
        map.remove("$id");
    } else {
        map.insert("$id".into(), Value::String(base));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lowered(draft: Draft, schema: Value) -> (Value, Vec<Rename>) {
        let Value::Object(mut map) = schema else {
            panic!("an object")
        };
        let renames = lower(&mut map, draft, false, false);
        (Value::Object(map), renames)
    }

    #[test]
    fn tuple_items_become_prefix_items() {
        let (schema, renames) = lowered(
            Draft::Draft7,
            json!({"items": [{"type": "string"}], "additionalItems": false}),
        );
        assert_eq!(
            schema,
            json!({"prefixItems": [{"type": "string"}], "items": false})
        );
        assert_eq!(
            renames,
            vec![("items", "prefixItems"), ("additionalItems", "items")]
        );
        let (schema, _) = lowered(
            Draft::Draft201909,
            json!({"items": {"type": "string"}, "additionalItems": false}),
        );
        assert_eq!(schema, json!({"items": {"type": "string"}}));
    }

    #[test]
    fn draft4_bounds_and_ids_take_their_later_forms() {
        let (schema, _) = lowered(
            Draft::Draft4,
            json!({"id": "a.json#top", "minimum": 1, "exclusiveMinimum": true,
                   "maximum": 9, "exclusiveMaximum": false, "const": 3}),
        );
        assert_eq!(
            schema,
            json!({"$id": "a.json", "$anchor": "top", "exclusiveMinimum": 1, "maximum": 9})
        );
    }

    #[test]
    fn ref_overrides_its_siblings_before_2019() {
        let (schema, _) = lowered(
            Draft::Draft6,
            json!({"$ref": "#/definitions/a", "$id": "x", "maxItems": 2, "description": "d",
                   "definitions": {"a": {}}}),
        );
        assert_eq!(
            schema,
            json!({"$ref": "#/definitions/a", "description": "d", "definitions": {"a": {}}})
        );
        let (schema, _) = lowered(Draft::Draft201909, json!({"$ref": "#", "maxItems": 2}));
        assert_eq!(schema, json!({"$ref": "#", "maxItems": 2}));
    }

    #[test]
    fn dependencies_split_by_kind() {
        let (schema, renames) = lowered(
            Draft::Draft7,
            json!({"dependencies": {"a": ["b"], "c": {"required": ["d"]}}}),
        );
        assert_eq!(
            schema,
            json!({"dependentRequired": {"a": ["b"]}, "dependentSchemas": {"c": {"required": ["d"]}}})
        );
        assert_eq!(
            renames,
            vec![
                ("dependencies", "dependentSchemas"),
                ("dependencies", "dependentRequired")
            ]
        );
    }

    #[test]
    fn recursive_ref_becomes_dynamic_only_in_a_recursive_resource() {
        let Value::Object(mut map) = json!({"$recursiveAnchor": true, "$recursiveRef": "#"}) else {
            unreachable!()
        };
        lower(&mut map, Draft::Draft201909, true, true);
        assert_eq!(
            Value::Object(map),
            json!({"$dynamicAnchor": RECURSIVE_ANCHOR, "$dynamicRef": "#__recursiveAnchor"})
        );
        let (schema, _) = lowered(Draft::Draft201909, json!({"$recursiveRef": "#"}));
        assert_eq!(schema, json!({"$ref": "#"}));
    }

    #[test]
    fn defs_hold_only_schemas_before_2019() {
        let (schema, _) = lowered(
            Draft::Draft7,
            json!({"$defs": {"a": {"type": "string"}, "note": "not a schema"}}),
        );
        assert_eq!(schema, json!({"$defs": {"a": {"type": "string"}}}));
    }

    #[test]
    fn names_parse() {
        for draft in Draft::ALL {
            assert_eq!(draft.name().parse::<Draft>(), Ok(draft));
            assert_eq!(Draft::from_uri(&format!("{}#", draft.uri())), Some(draft));
        }
        assert_eq!("draft2019-09".parse::<Draft>(), Ok(Draft::Draft201909));
        assert_eq!("draft-07".parse::<Draft>(), Ok(Draft::Draft7));
        assert!("draft3".parse::<Draft>().is_err());
    }
}
