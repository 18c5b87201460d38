//! Endpoints: every operation of an API description gets a request type that implements
//! [`Endpoint`], so that any HTTP client can send it: the method, the path template exactly as the
//! document writes it, the path with the parameters filled in, the query string, the headers,
//! the body and its media type (JSON unless the document says otherwise), and the type of a
//! successful response.
//!
//! ```
//! use codegen_runtime::{Endpoint, Method};
//!
//! /// What the generator writes for `GET /v1/users/{user_id}?limit=...` (by hand here).
//! struct GetUser {
//!     user_id: String,
//!     limit: Option<i64>,
//! }
//!
//! impl Endpoint for GetUser {
//!     type Body = ();
//!     type Response = serde_json::Value;
//!     const METHOD: Method = Method::Get;
//!     const PATH: &'static str = "/v1/users/{user_id}";
//!     const OPERATION_ID: &'static str = "users_get";
//!
//!     fn path(&self) -> String {
//!         codegen_runtime::endpoint::fill_path(Self::PATH, &[("user_id", &self.user_id)])
//!     }
//!
//!     fn query(&self) -> String {
//!         let mut query = codegen_runtime::endpoint::Query::new();
//!         query.push_opt("limit", self.limit.as_ref());
//!         query.finish()
//!     }
//! }
//!
//! let request = GetUser { user_id: "user 1/2".into(), limit: Some(10) };
//! assert_eq!(request.path(), "/v1/users/user%201%2F2");
//! assert_eq!(request.query(), "limit=10");
//! assert!(request.body().is_none());
//! ```

use std::fmt::Display;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `PATCH`
    Patch,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
}

impl Method {
    /// The method as HTTP spells it (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation of an API: a request (its path, query and header parameters and its body) and
/// what a successful response holds. Generated request types implement it.
pub trait Endpoint {
    /// The body sent (`()` when the operation sends none), in the media type
    /// [`Endpoint::CONTENT_TYPE`].
    type Body: serde::Serialize;
    /// The body of a successful response.
    type Response: serde::de::DeserializeOwned;
    /// The HTTP method.
    const METHOD: Method;
    /// The path template, exactly as the API description writes it (`/v1/users/{user_id}`).
    const PATH: &'static str;
    /// The operation's id in the API description.
    const OPERATION_ID: &'static str;
    /// The base URLs the API description gives for this operation (its own, its path's or the
    /// document's), the first one the default; empty when it gives none.
    const SERVERS: &'static [&'static str] = &[];
    /// The media type of the body, as the API description gives it (the `Content-Type` to send
    /// it with): JSON unless it says otherwise, e.g. `application/x-www-form-urlencoded` for a
    /// form, which a client encodes from the same `Serialize` value.
    const CONTENT_TYPE: &'static str = "application/json";

    /// The path with every path parameter filled in, percent-encoded.
    fn path(&self) -> String {
        Self::PATH.to_string()
    }

    /// The query string, without `?`: form-encoded, empty when no query parameter is set.
    fn query(&self) -> String {
        String::new()
    }

    /// The header parameters that are set: name and value.
    fn headers(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// The body, if the operation sends one.
    fn body(&self) -> Option<&Self::Body> {
        None
    }

    /// The path and query string together (`/v1/users/u1?limit=10`), to append to a base URL.
    fn path_and_query(&self) -> String {
        let query = self.query();
        if query.is_empty() {
            self.path()
        } else {
            format!("{}?{query}", self.path())
        }
    }
}

/// What a path segment may hold unencoded: RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A piece of a path template: text kept as it is, or a parameter (its name, and the text that
/// names it: `{name}` or `:name`).
enum Piece<'a> {
    Text(&'a str),
    Parameter { name: &'a str, text: &'a str },
}

/// Calls `f` with each piece of `template`, in order: a parameter is `{name}` anywhere in a
/// segment, or a whole segment `:name` (the style some API descriptions use).
fn for_each_piece<'a>(template: &'a str, mut f: impl FnMut(Piece<'a>)) {
    for (i, segment) in template.split('/').enumerate() {
        if i > 0 {
            f(Piece::Text("/"));
        }
        if let Some(name) = segment.strip_prefix(':') {
            f(Piece::Parameter {
                name,
                text: segment,
            });
            continue;
        }
        let mut rest = segment;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            f(Piece::Text(&rest[..open]));
            f(Piece::Parameter {
                name: &rest[open + 1..close],
                text: &rest[open..=close],
            });
            rest = &rest[close + 1..];
        }
        f(Piece::Text(rest));
    }
}

/// The names of the parameters of a path template, in order (`{name}` anywhere, or a whole
/// segment `:name`).
pub fn path_parameters(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for_each_piece(template, |piece| {
        if let Piece::Parameter { name, .. } = piece {
            names.push(name);
        }
    });
    names
}

/// `template` with each parameter replaced by its value, percent-encoded as one path segment (a
/// `/` in a value is `%2F`): `{name}` anywhere, or a whole segment `:name` (the style some API
/// descriptions use). Names not in `values` stay as they are.
pub fn fill_path(template: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    for_each_piece(template, |piece| match piece {
        Piece::Text(text) => out.push_str(text),
        Piece::Parameter { name, text } => match values.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => {
                out.extend(utf8_percent_encode(&value.to_string(), SEGMENT));
            }
            None => out.push_str(text),
        },
    });
    out
}

/// A form-encoded query string (`a=1&b=x+y`), built parameter by parameter.
pub struct Query(form_urlencoded::Serializer<'static, String>);

impl std::fmt::Debug for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Query")
    }
}

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Query(form_urlencoded::Serializer::new(String::new()))
    }

    /// Appends `name=value`.
    pub fn push(&mut self, name: &str, value: &dyn Display) -> &mut Self {
        self.0.append_pair(name, &value.to_string());
        self
    }

    /// Appends `name=value` when there is a value.
    pub fn push_opt<T: Display>(&mut self, name: &str, value: Option<&T>) -> &mut Self {
        if let Some(value) = value {
            self.push(name, value);
        }
        self
    }

    /// Appends `name=value` for every value (an array parameter, exploded as OpenAPI's default
    /// `form` style does: `ids=1&ids=2`).
    pub fn push_each<T: Display>(&mut self, name: &str, values: &[T]) -> &mut Self {
        for value in values {
            self.push(name, value);
        }
        self
    }

    /// The query string.
    pub fn finish(&mut self) -> String {
        self.0.finish()
    }
}

impl Default for Query {
    fn default() -> Self {
        Query::new()
    }
}

/// A request body as `application/x-www-form-urlencoded`: every property of the JSON object
/// that `body` serializes to, as `name=value` in the order it is written. Strings are sent as they
/// are, numbers and booleans as JSON writes them, an array as one pair per item (as OpenAPI's
/// default `form` style explodes it), and a `null` or an empty array not at all (a form cannot
/// tell them from an absent property). A body that is no object, or a
/// property that holds an object (or an array holding one), has no form encoding: an error.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Search {
///     q: String,
///     rows: u32,
///     ids: Vec<u64>,
///     next: Option<String>,
/// }
///
/// let body = Search { q: "a b&c".into(), rows: 10, ids: vec![1, 2], next: None };
/// let form = codegen_runtime::endpoint::form_body(&body).unwrap();
/// assert_eq!(form, "q=a+b%26c&rows=10&ids=1&ids=2");
/// ```
pub fn form_body<T: serde::Serialize + ?Sized>(body: &T) -> Result<String, FormError> {
    let json = serde_json::to_string(body).map_err(|e| FormError(e.to_string()))?;
    // Read back as the members in the order written: a `Value`'s map may sort them.
    let members = serde::Deserializer::deserialize_map(
        &mut serde_json::Deserializer::from_str(&json),
        Members,
    )
    .map_err(|_| FormError(format!("the body is not an object: {json}")))?;
    let mut form = Query::new();
    for (name, value) in &members {
        let items = match value {
            serde_json::Value::Array(items) => items.as_slice(),
            value => std::slice::from_ref(value),
        };
        for item in items {
            match item {
                serde_json::Value::Null => {}
                serde_json::Value::String(s) => {
                    form.push(name, s);
                }
                serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {
                    form.push(name, item);
                }
                serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
                    return Err(FormError(format!(
                        "the property `{name}` holds {value}; a form holds strings, numbers \
                         and booleans, and arrays of them"
                    )));
                }
            }
        }
    }
    Ok(form.finish())
}

/// Reads a JSON object as its members, in the order of the text.
struct Members;

impl<'de> serde::de::Visitor<'de> for Members {
    type Value = Vec<(String, serde_json::Value)>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry()? {
            members.push(member);
        }
        Ok(members)
    }
}

/// Why a body has no form encoding (see [`form_body`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError(String);

impl Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot encode the body as a form: {}", self.0)
    }
}

impl std::error::Error for FormError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_filled_and_encoded() {
        let id = "a b/c?d#é";
        assert_eq!(
            fill_path("/v1/x/{id}/y/{other}", &[("id", &id)]),
            "/v1/x/a%20b%2Fc%3Fd%23%C3%A9/y/{other}"
        );
        assert_eq!(fill_path("/v1/{n}", &[("n", &42)]), "/v1/42");
        assert_eq!(fill_path("/v1/plain", &[]), "/v1/plain");
        assert_eq!(
            fill_path(
                "/pwa/v3/projects/:project_slug/x",
                &[("project_slug", &"p 1")]
            ),
            "/pwa/v3/projects/p%201/x"
        );
    }

    #[test]
    fn path_parameters_are_named_in_order() {
        assert_eq!(
            path_parameters("/v1/{org}/x/{id}.json/:slug"),
            ["org", "id", "slug"]
        );
        assert!(path_parameters("/v1/plain/{unclosed").is_empty());
    }

    #[test]
    fn queries_are_form_encoded() {
        let mut query = Query::new();
        query
            .push("q", &"a b&c")
            .push_opt::<i64>("none", None)
            .push_each("ids", &["1", "2"]);
        assert_eq!(query.finish(), "q=a+b%26c&ids=1&ids=2");
    }

    #[test]
    fn bodies_are_form_encoded_or_refused() {
        #[derive(serde::Serialize)]
        struct Body {
            name: &'static str,
            rows: u32,
            ratio: f64,
            exact: bool,
            tags: Vec<&'static str>,
            absent: Option<u8>,
        }
        let body = Body {
            name: "é &=+",
            rows: 10,
            ratio: 0.5,
            exact: false,
            tags: vec!["a", "b c"],
            absent: None,
        };
        assert_eq!(
            form_body(&body).unwrap(),
            "name=%C3%A9+%26%3D%2B&rows=10&ratio=0.5&exact=false&tags=a&tags=b+c"
        );
        // Numbers as written, also where serde_json keeps them as text (`arbitrary_precision`).
        let big: serde_json::Value =
            serde_json::from_str(r#"{"n": 12345678901234567890123}"#).unwrap();
        let written = Query::new().push("n", &big["n"].to_string()).finish();
        assert_eq!(form_body(&big).unwrap(), written);
        assert_eq!(form_body(&serde_json::json!({})).unwrap(), "");
        for refused in [
            serde_json::json!([1, 2]),
            serde_json::json!("text"),
            serde_json::json!({"a": {"b": 1}}),
            serde_json::json!({"a": [1, [2]]}),
        ] {
            let error = form_body(&refused).unwrap_err().to_string();
            assert!(
                error.starts_with("cannot encode the body as a form: "),
                "{error}"
            );
        }
    }
}
