//! The standard meta-schemas of the five drafts, compiled in (see `codegen/metaschemas/`), so
//! that a `$ref` to one (`http://json-schema.org/draft-07/schema#`, say) resolves without
//! fetching. A set gets only those its documents refer to, and only when it does not hold a
//! document with the same URI already.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;
use url::Url;

use crate::load::Document;

macro_rules! meta {
    ($uri:literal, $path:literal) => {
        ($uri, $path, include_str!(concat!("../metaschemas/", $path)))
    };
}
/// `(URI, path below codegen/metaschemas, contents)` of every built-in meta-schema.
const BUILT_IN: &[(&str, &str, &str)] = &[
    meta!(
        "http://json-schema.org/draft-04/schema",
        "draft-04/schema.json"
    ),
    meta!(
        "http://json-schema.org/draft-06/schema",
        "draft-06/schema.json"
    ),
    meta!(
        "http://json-schema.org/draft-07/schema",
        "draft-07/schema.json"
    ),
    meta!(
        "https://json-schema.org/draft/2019-09/schema",
        "draft2019-09/schema.json"
    ),
    meta!(
        "https://json-schema.org/draft/2019-09/meta/applicator",
        "draft2019-09/meta/applicator.json"
    ),
    meta!(
        "https://json-schema.org/draft/2019-09/meta/content",
        "draft2019-09/meta/content.json"
    ),
    meta!(
        "https://json-schema.org/draft/2019-09/meta/core",
        "draft2019-09/meta/core.json"
    ),
    meta!(
        "https://json-schema.org/draft/2019-09/meta/format",
        "draft2019-09/meta/format.json"
    ),
    meta!(
        "https://json-schema.org/draft/2019-09/meta/meta-data",
        "draft2019-09/meta/meta-data.json"
    ),
    meta!(
        "https://json-schema.org/draft/2019-09/meta/validation",
        "draft2019-09/meta/validation.json"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/schema",
        "draft2020-12/schema.json"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/meta/applicator",
        "draft2020-12/meta/applicator.json"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/meta/content",
        "draft2020-12/meta/content.json"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/meta/core",
        "draft2020-12/meta/core.json"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/meta/format-annotation",
        "draft2020-12/meta/format-annotation.json"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/meta/format-assertion",
        "draft2020-12/meta/format-assertion.json"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/meta/meta-data",
        "draft2020-12/meta/meta-data.json"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/meta/unevaluated",
        "draft2020-12/meta/unevaluated.json"
    ),
    meta!(
        "https://json-schema.org/draft/2020-12/meta/validation",
        "draft2020-12/meta/validation.json"
    ),
];

/// Adds to `docs` the built-in meta-schemas they refer to (by `$ref`, `$dynamicRef` or
/// `$recursiveRef`), directly or through each other, unless a document has that URI already.
pub fn add_referenced(docs: &mut Vec<Document>) {
    let mut present: BTreeSet<String> = docs.iter().flat_map(document_uris).collect();
    let mut pending: Vec<usize> = (0..docs.len()).collect();
    while let Some(index) = pending.pop() {
        let mut wanted = BTreeSet::new();
        let base = docs[index].uri.clone();
        references(&docs[index].value, &base, &mut wanted);
        for uri in wanted {
            let Some((_, path, text)) = BUILT_IN.iter().find(|(known, ..)| *known == uri) else {
                continue;
            };
            if present.contains(&uri) {
                continue;
            }
            // The files are the official ones, checked by this module's tests.
            let (Ok(value), Ok(url)) = (serde_json::from_str::<Value>(text), Url::parse(&uri))
            else {
                continue;
            };
            present.insert(uri);
            docs.push(Document {
                file: PathBuf::from(format!("(built-in meta-schema {path})")),
                uri: url,
                value,
            });
            pending.push(docs.len() - 1);
        }
    }
}

/// The URIs a document answers to, without fragment: where it was read from, and the `$id`
/// (`id` in draft-04) of its root and of every schema it embeds (a document may carry its own
/// copy of a meta-schema, which then stands for the built-in one).
fn document_uris(doc: &Document) -> Vec<String> {
    let mut uris = BTreeSet::from([without_fragment(&doc.uri)]);
    each_schema(&doc.value, &doc.uri, &mut |_, base, declared| {
        if declared {
            uris.insert(without_fragment(base));
        }
    });
    uris.into_iter().collect()
}

/// The documents (URIs without fragment) the references in `schema` name, resolved against the
/// `$id`s above them.
fn references(schema: &Value, base: &Url, out: &mut BTreeSet<String>) {
    each_schema(schema, base, &mut |map, base, _| {
        for key in ["$ref", "$dynamicRef", "$recursiveRef"] {
            if let Some(Ok(uri)) = map.get(key).and_then(Value::as_str).map(|r| base.join(r)) {
                out.insert(without_fragment(&uri));
            }
        }
    });
}

/// Calls `f` on every object in `schema` with the base URI in force there (its own `$id`, or
/// `id` in draft-04, resolved against those above it) and whether the object declares it.
fn each_schema(
    schema: &Value,
    base: &Url,
    f: &mut impl FnMut(&serde_json::Map<String, Value>, &Url, bool),
) {
    match schema {
        Value::Object(map) => {
            let own = map
                .get("$id")
                .or_else(|| map.get("id"))
                .and_then(Value::as_str)
                .and_then(|id| base.join(id).ok());
            let declared = own.is_some();
            let base = own.unwrap_or_else(|| base.clone());
            f(map, &base, declared);
            map.values().for_each(|v| each_schema(v, &base, f));
        }
        Value::Array(items) => items.iter().for_each(|v| each_schema(v, base, f)),
        _ => {}
    }
}

fn without_fragment(uri: &Url) -> String {
    let mut uri = uri.clone();
    uri.set_fragment(None);
    uri.as_str().trim_end_matches('#').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_with_its_own_copy_of_a_meta_schema_keeps_it() {
        let draft7 = "http://json-schema.org/draft-07/schema";
        let document = |value: Value| Document {
            file: PathBuf::from("api.json"),
            uri: Url::parse("file:///schemas/api.json").expect("a URI"),
            value,
        };
        let mut docs = vec![document(serde_json::json!({
            "properties": {"schema": {"$ref": format!("{draft7}#")}},
            "definitions": {draft7: {"$id": draft7, "type": ["object", "boolean"]}}
        }))];
        add_referenced(&mut docs);
        assert_eq!(docs.len(), 1);
        // Without the copy, the built-in one is added.
        let mut docs = vec![document(serde_json::json!({"$ref": format!("{draft7}#")}))];
        add_referenced(&mut docs);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].uri.as_str(), draft7);
    }

    #[test]
    fn every_built_in_is_json_with_its_uri() {
        for (uri, path, text) in BUILT_IN {
            let value: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}"));
            let id = value
                .get("$id")
                .or_else(|| value.get("id"))
                .and_then(Value::as_str);
            assert_eq!(id.map(|id| id.trim_end_matches('#')), Some(*uri), "{path}");
        }
    }
}
