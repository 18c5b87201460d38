//! The operations of an OpenAPI document, one endpoint file each (`OPERATION_ID.endpoint.json`,
//! the format the README describes), which `codegen generate` turns into request types:
//!
//! ```json
//! {
//!   "operationId": "api_discovery_v1_discovery_organizations_List",
//!   "method": "POST",
//!   "path": "/v1/b2b/discovery/organizations",
//!   "servers": ["https://api.stytch.com", "https://test.stytch.com"],
//!   "summary": "List",
//!   "description": "...",
//!   "parameters": [
//!     {"name": "organization_id", "in": "path", "required": true, "description": "...",
//!      "schema": {"type": "string"}}
//!   ],
//!   "requestBody": {"required": true, "schema": {"$ref": "#/components/schemas/NAME"}},
//!   "response": {"status": "200", "schema": {"$ref": "#/components/schemas/NAME"}}
//! }
//! ```
//!
//! `servers` are the operation's own, else its path's, else the document's. Parameters are the
//! path item's and the operation's (the operation's win), `$ref`s to `#/components/...` of the
//! same document resolved; schemas are converted like component schemas (OpenAPI 3.0 to 2020-12)
//! and keep their references to component schemas. `response` is the lowest `2XX` response.

use std::collections::BTreeSet;
use std::path::Path;

use codegen::error::Place;
use codegen::load::escape_token;

use super::{get, render, Context, ImportedSchema, Node, Version};
use crate::error::{Error, Result};

/// The HTTP methods a path item can hold, in OpenAPI's order.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation of the document whose root is `root`, as endpoint files, sorted by name.
pub(super) fn import_operations(
    path: &Path,
    root: &[(String, Node)],
    version: Version,
    cx: &Context,
) -> Result<Vec<ImportedSchema>> {
    let reader = Reader {
        path,
        root,
        version,
        cx,
    };
    let paths = match get(root, "paths") {
        None => return Ok(Vec::new()),
        Some(Node::Object(paths)) => paths,
        Some(other) => {
            return Err(reader.not_openapi(
                "/paths",
                format!("`paths` must be an object, found {}", other.kind()),
            ))
        }
    };
    let servers = reader.servers(root, "")?;
    let mut out = Vec::new();
    let mut names = BTreeSet::new();
    for (template, item) in paths {
        if template.starts_with("x-") {
            continue; // an extension, not a path
        }
        let item_pointer = format!("/paths/{}", escape_token(template));
        if !template.starts_with('/') {
            // Most likely an operation one level too high (`paths: {post: ...}`), which would
            // otherwise be read as a path with no operations and dropped without a word.
            return Err(reader.not_openapi(
                &item_pointer,
                format!("a path must begin with `/`, found `{template}`"),
            ));
        }
        let (item, item_pointer) = reader.resolve(item, &item_pointer)?;
        let Node::Object(item) = item else {
            return Err(reader.not_openapi(&item_pointer, "a path item must be an object".into()));
        };
        let path_servers = reader.servers(item, &item_pointer)?;
        for (method, operation) in item {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let pointer = format!("{item_pointer}/{method}");
            let Node::Object(operation) = operation else {
                return Err(reader.not_openapi(&pointer, "an operation must be an object".into()));
            };
            let own_servers = reader.servers(operation, &pointer)?;
            let servers = [own_servers, path_servers.clone(), servers.clone()]
                .into_iter()
                .find(|s| !s.is_empty())
                .unwrap_or_default();
            let endpoint =
                reader.operation(template, method, item, operation, &pointer, servers)?;
            if !names.insert(endpoint.file_name.clone()) {
                return Err(reader.not_openapi(
                    &format!("{pointer}/operationId"),
                    format!("another operation has the file name {}", endpoint.file_name),
                ));
            }
            out.push(endpoint);
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

struct Reader<'a> {
    path: &'a Path,
    root: &'a [(String, Node)],
    version: Version,
    cx: &'a Context<'a>,
}

impl<'a> Reader<'a> {
    fn not_openapi(&self, pointer: &str, message: String) -> Error {
        Error::NotOpenApi {
            place: Place::new(self.path, pointer),
            message,
        }
    }

    /// `node`, or what its `$ref` names in the same document (`#/components/...`), with its
    /// pointer.
    fn resolve(&self, node: &'a Node, pointer: &str) -> Result<(&'a Node, String)> {
        let mut node = node;
        let mut pointer = pointer.to_string();
        // A bound, so that references that go round in a cycle end.
        for _ in 0..16 {
            let Node::Object(entries) = node else {
                return Ok((node, pointer));
            };
            let Some(reference) = get(entries, "$ref") else {
                return Ok((node, pointer));
            };
            let Node::String(reference) = reference else {
                return Err(
                    self.not_openapi(&format!("{pointer}/$ref"), "`$ref` must be a string".into())
                );
            };
            let target = reference
                .strip_prefix('#')
                .and_then(|p| lookup(self.root, p))
                .ok_or_else(|| {
                    self.not_openapi(
                        &format!("{pointer}/$ref"),
                        format!("`{reference}` names nothing in this document"),
                    )
                })?;
            node = target;
            pointer = reference.trim_start_matches('#').to_string();
        }
        Err(self.not_openapi(&pointer, "`$ref`s go round in a cycle".into()))
    }

    /// The URLs of `servers` in `entries`, if any.
    fn servers(&self, entries: &[(String, Node)], pointer: &str) -> Result<Vec<Node>> {
        let Some(servers) = get(entries, "servers") else {
            return Ok(Vec::new());
        };
        let Node::Array(servers) = servers else {
            return Err(self.not_openapi(
                &format!("{pointer}/servers"),
                "`servers` must be an array".into(),
            ));
        };
        let mut urls = Vec::new();
        for (i, server) in servers.iter().enumerate() {
            match server {
                Node::Object(server) => match get(server, "url") {
                    Some(url @ Node::String(_)) => urls.push(url.clone()),
                    _ => {
                        return Err(self.not_openapi(
                            &format!("{pointer}/servers/{i}/url"),
                            "a server needs a `url` string".into(),
                        ))
                    }
                },
                _ => {
                    return Err(self.not_openapi(
                        &format!("{pointer}/servers/{i}"),
                        "a server must be an object".into(),
                    ))
                }
            }
        }
        Ok(urls)
    }

    /// A schema of the operation, converted like a component schema.
    fn schema(&self, schema: &Node, pointer: &str) -> Result<Node> {
        let mut schema = schema.clone();
        if self.version == Version::V30 {
            schema = self.cx.convert_30(schema, pointer)?;
        }
        self.cx.check_refs(&schema, pointer)?;
        Ok(schema)
    }

    /// The media type and schema of a `content` map: its JSON media type's (`application/json`,
    /// else any `...json`, else the first).
    fn content_schema(&self, content: &Node, pointer: &str) -> Result<Option<(String, Node)>> {
        let Node::Object(media) = content else {
            return Err(self.not_openapi(pointer, "`content` must be an object".into()));
        };
        let chosen = media
            .iter()
            .find(|(t, _)| t == "application/json")
            .or_else(|| media.iter().find(|(t, _)| t.contains("json")))
            .or_else(|| media.first());
        let Some((media_type, Node::Object(entry))) = chosen else {
            return Ok(None);
        };
        match get(entry, "schema") {
            None => Ok(None),
            Some(schema) => {
                let at = format!("{pointer}/{}/schema", escape_token(media_type));
                Ok(Some((media_type.clone(), self.schema(schema, &at)?)))
            }
        }
    }

    fn operation(
        &self,
        template: &str,
        method: &str,
        item: &[(String, Node)],
        operation: &[(String, Node)],
        pointer: &str,
        servers: Vec<Node>,
    ) -> Result<ImportedSchema> {
        let operation_id = match get(operation, "operationId") {
            Some(Node::String(id)) if !id.is_empty() => id.clone(),
            Some(Node::String(_)) | None => synthesized_id(method, template),
            Some(other) => {
                return Err(self.not_openapi(
                    &format!("{pointer}/operationId"),
                    format!("`operationId` must be a string, found {}", other.kind()),
                ))
            }
        };
        let file_stem: String = operation_id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let mut entries = vec![
            (
                "operationId".to_string(),
                Node::String(operation_id.clone()),
            ),
            (
                "method".to_string(),
                Node::String(method.to_ascii_uppercase()),
            ),
            ("path".to_string(), Node::String(template.to_string())),
        ];
        if !servers.is_empty() {
            entries.push(("servers".to_string(), Node::Array(servers)));
        }
        for key in ["summary", "description"] {
            if let Some(text @ Node::String(_)) = get(operation, key) {
                entries.push((key.to_string(), text.clone()));
            }
        }
        let item_pointer = pointer.rsplit_once('/').map_or("", |(p, _)| p);
        let parameters = self.parameters(item, item_pointer, operation, pointer)?;
        if !parameters.is_empty() {
            entries.push(("parameters".to_string(), Node::Array(parameters)));
        }
        if let Some(body) = get(operation, "requestBody") {
            let (body, at) = self.resolve(body, &format!("{pointer}/requestBody"))?;
            let Node::Object(body) = body else {
                return Err(self.not_openapi(&at, "`requestBody` must be an object".into()));
            };
            let required = matches!(get(body, "required"), Some(Node::Bool(true)));
            let mut out = vec![("required".to_string(), Node::Bool(required))];
            if let Some(content) = get(body, "content") {
                let chosen = self.content_schema(content, &format!("{at}/content"))?;
                if let Some((media_type, schema)) = chosen {
                    // JSON is the default; any other type is kept for the client to encode the
                    // body as (a form, `...+json`).
                    if media_type != "application/json" {
                        out.push(("mediaType".to_string(), Node::String(media_type)));
                    }
                    out.push(("schema".to_string(), schema));
                }
            }
            if out.len() > 1 {
                entries.push(("requestBody".to_string(), Node::Object(out)));
            }
        }
        if let Some(response) = self.response(operation, pointer)? {
            entries.push(("response".to_string(), response));
        }
        let node = Node::Object(entries);
        Ok(ImportedSchema {
            name: operation_id,
            file_name: format!("{file_stem}{}", codegen::load::ENDPOINT_SUFFIX),
            source: self.path.to_path_buf(),
            pointer: pointer.to_string(),
            value: node.to_json(),
            text: render(&node),
        })
    }

    /// The path item's parameters and the operation's (an operation's parameter replaces the
    /// path item's of the same name and place), each `{name, in, required, description,
    /// schema}`.
    fn parameters(
        &self,
        item: &[(String, Node)],
        item_pointer: &str,
        operation: &[(String, Node)],
        pointer: &str,
    ) -> Result<Vec<Node>> {
        let mut out: Vec<(String, String, Node)> = Vec::new();
        for (entries, at) in [(item, item_pointer), (operation, pointer)] {
            let Some(list) = get(entries, "parameters") else {
                continue;
            };
            let Node::Array(list) = list else {
                return Err(self.not_openapi(
                    &format!("{at}/parameters"),
                    "`parameters` must be an array".into(),
                ));
            };
            for (i, parameter) in list.iter().enumerate() {
                let (parameter, here) = self.resolve(parameter, &format!("{at}/parameters/{i}"))?;
                let (name, place, node) = self.parameter(parameter, &here)?;
                out.retain(|(n, p, _)| !(n == &name && p == &place));
                out.push((name, place, node));
            }
        }
        Ok(out.into_iter().map(|(_, _, node)| node).collect())
    }

    fn parameter(&self, parameter: &Node, pointer: &str) -> Result<(String, String, Node)> {
        let Node::Object(entries) = parameter else {
            return Err(self.not_openapi(pointer, "a parameter must be an object".into()));
        };
        let string = |key: &str| match get(entries, key) {
            Some(Node::String(s)) => Ok(s.clone()),
            _ => Err(self.not_openapi(
                &format!("{pointer}/{key}"),
                format!("a parameter needs `{key}` (a string)"),
            )),
        };
        let name = string("name")?;
        let place = string("in")?;
        let required = matches!(get(entries, "required"), Some(Node::Bool(true)));
        let mut node = vec![
            ("name".to_string(), Node::String(name.clone())),
            ("in".to_string(), Node::String(place.clone())),
            ("required".to_string(), Node::Bool(required)),
        ];
        if let Some(text @ Node::String(_)) = get(entries, "description") {
            node.push(("description".to_string(), text.clone()));
        }
        let schema = match (get(entries, "schema"), get(entries, "content")) {
            (Some(schema), _) => Some(self.schema(schema, &format!("{pointer}/schema"))?),
            (None, Some(content)) => self
                .content_schema(content, &format!("{pointer}/content"))?
                .map(|(_, schema)| schema),
            (None, None) => None,
        };
        if let Some(schema) = schema {
            node.push(("schema".to_string(), schema));
        }
        Ok((name, place, Node::Object(node)))
    }

    /// The lowest 2XX response: its status and, if it has content, its schema.
    fn response(&self, operation: &[(String, Node)], pointer: &str) -> Result<Option<Node>> {
        let Some(Node::Object(responses)) = get(operation, "responses") else {
            return Ok(None);
        };
        let success = responses
            .iter()
            .filter(|(status, _)| status.starts_with('2'))
            .min_by(|a, b| a.0.cmp(&b.0));
        let Some((status, response)) = success else {
            return Ok(None);
        };
        let at = format!("{pointer}/responses/{}", escape_token(status));
        let (response, at) = self.resolve(response, &at)?;
        let mut out = vec![("status".to_string(), Node::String(status.clone()))];
        if let Node::Object(entries) = response {
            if let Some(content) = get(entries, "content") {
                if let Some((_, schema)) = self.content_schema(content, &format!("{at}/content"))? {
                    out.push(("schema".to_string(), schema));
                }
            }
        }
        Ok(Some(Node::Object(out)))
    }
}

/// The node at JSON pointer `pointer` below `root`.
fn lookup<'a>(root: &'a [(String, Node)], pointer: &str) -> Option<&'a Node> {
    let mut tokens = pointer.split('/');
    if tokens.next() != Some("") {
        return None;
    }
    let first = tokens.next()?.replace("~1", "/").replace("~0", "~");
    let mut node = get(root, &first)?;
    for token in tokens {
        let token = token.replace("~1", "/").replace("~0", "~");
        node = match node {
            Node::Object(children) => get(children, &token)?,
            Node::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// An id for an operation without `operationId`: its method and path, e.g. `get_v1_users_id`.
fn synthesized_id(method: &str, template: &str) -> String {
    let mut id = method.to_string();
    for part in template.split(|c: char| !c.is_ascii_alphanumeric()) {
        if !part.is_empty() {
            id.push('_');
            id.push_str(part);
        }
    }
    id
}
