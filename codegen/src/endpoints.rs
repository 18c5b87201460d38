//! API operations: every `*.endpoint.json` file of the schema folder (written by `codegen import`
//! from an OpenAPI document; the format is in the README) becomes a request type that implements
//! the runtime's `Endpoint`: its path, query and header parameters as typed fields, its body as a
//! field `body` of the body schema's type, and the response schema's type as `Response` (a `Vec`
//! for an inline array of a planned type).
//!
//! Request types live in a module of their own, `endpoints::<module>::<Name>` (the module and
//! name the naming scheme gives the operation id), so they never collide with the types of the
//! schemas: the operation `api_b2b_rbac_v1_Policy` is `endpoints::b2b_rbac::Policy`, beside the
//! schema's `b2b_rbac::Policy`.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use syn::visit_mut::VisitMut;

use crate::docs::DocRewriter;
use crate::error::{Error, Place, Result};
use crate::load::{Document, Location, SchemaSet, ENDPOINT_SUFFIX};
use crate::names::{field_idents, file_modules, Naming, RustPath};
use crate::plan::Plan;
use crate::runtime_path::RuntimePath;

/// The generated request types of every endpoint file.
#[derive(Default)]
pub struct Endpoints {
    /// The module that holds them (`pub mod endpoints { pub mod <module> { ... } }`), if there
    /// are any.
    pub module: Option<syn::Item>,
    pub count: usize,
    /// Each request type's path from the generated file's root (`endpoints::discovery::List`)
    /// and its operation id, in the order of the endpoint files.
    pub paths: Vec<(String, String)>,
    /// What was left out (cookie parameters), one line each.
    pub notes: Vec<String>,
}

/// One parameter of an operation.
struct Parameter {
    name: String,
    place: ParameterIn,
    required: bool,
    description: Option<String>,
    ty: ParameterType,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ParameterIn {
    Path,
    Query,
    Header,
}

/// The Rust type of a parameter: one value written with `Display`, or a list of them.
struct ParameterType {
    tokens: TokenStream,
    list: bool,
}

/// An operation read from its endpoint file.
struct Operation<'a> {
    doc: &'a Document,
    operation_id: String,
    method: syn::Ident,
    path: String,
    servers: Vec<String>,
    summary: Option<String>,
    description: Option<String>,
    parameters: Vec<Parameter>,
    body: Option<Body>,
    response: TokenStream,
}

/// An operation's request body.
struct Body {
    ty: TokenStream,
    required: bool,
    /// Its media type when it is not `application/json` (a form, `...+json`).
    media_type: Option<String>,
}

/// The request types of every endpoint file of `set`. `modules` are the modules the types are
/// generated in, which the module of the request types must not be.
pub fn generate(
    set: &SchemaSet,
    plan: &Plan,
    naming: &Naming,
    runtime: &RuntimePath,
    modules: &BTreeSet<String>,
) -> Result<Endpoints> {
    let mut out = Endpoints::default();
    let mut taken: BTreeMap<RustPath, &Document> = BTreeMap::new();
    let mut by_module: BTreeMap<String, Vec<syn::Item>> = BTreeMap::new();
    let files: Vec<String> = set
        .endpoint_files()
        .iter()
        .map(|d| d.display_name())
        .collect();
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    let file_modules = file_modules(&files, ENDPOINT_SUFFIX);
    for (doc, file_module) in set.endpoint_files().iter().zip(&file_modules) {
        let reader = Reader {
            set,
            plan,
            doc,
            notes: &mut out.notes,
        };
        let operation = reader.operation()?;
        let path = naming.path_for(&operation.operation_id, file_module);
        if let Some(first) = taken.get(&path) {
            return Err(Error::NameCollision {
                name: path.to_string(),
                first: Box::new(Place::new(&first.file, "/operationId")),
                second: Box::new(Place::new(&doc.file, "/operationId")),
            });
        }
        taken.insert(path.clone(), doc);
        let mut items = request_type(&operation, &path, runtime);
        for item in &mut items {
            DocRewriter.visit_item_mut(item);
        }
        out.paths
            .push((path.to_string(), operation.operation_id.clone()));
        by_module.entry(path.module).or_default().extend(items);
        out.count += 1;
    }
    if by_module.is_empty() {
        return Ok(out);
    }
    // `endpoints`, unless a module of types has that name.
    let mut root = "endpoints".to_string();
    while modules.contains(&root) {
        root.push('_');
    }
    for (path, _) in &mut out.paths {
        *path = format!("{root}::{path}");
    }
    let root = format_ident!("{}", root);
    let inner = by_module.into_iter().map(|(module, items)| {
        let module = format_ident!("{}", module);
        quote!(pub mod #module { #(#items)* })
    });
    out.module = Some(syn::parse_quote! {
        /// The API's operations: one request type each, implementing the runtime's `Endpoint`
        /// (method, path, parameters, body and response type), grouped like the types.
        pub mod #root {
            #(#inner)*
        }
    });
    Ok(out)
}

/// Reads one endpoint file, reporting what is wrong with the place in it.
struct Reader<'a, 'n> {
    set: &'a SchemaSet,
    plan: &'a Plan,
    doc: &'a Document,
    notes: &'n mut Vec<String>,
}

impl<'a> Reader<'a, '_> {
    fn invalid(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::InvalidEndpoint {
            place: Place::new(&self.doc.file, pointer),
            message: message.into(),
        }
    }

    fn string(&self, value: &'a Value, pointer: &str) -> Result<&'a str> {
        value
            .pointer(pointer)
            .and_then(Value::as_str)
            .ok_or_else(|| self.invalid(pointer, "must be a string"))
    }

    fn optional_string(&self, pointer: &str) -> Result<Option<String>> {
        match self.doc.value.pointer(pointer) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.invalid(pointer, "must be a string")),
        }
    }

    fn operation(mut self) -> Result<Operation<'a>> {
        let value = &self.doc.value;
        if !value.is_object() {
            return Err(self.invalid("", "an endpoint file must hold a JSON object"));
        }
        let operation_id = self.string(value, "/operationId")?.to_string();
        let method = match self.string(value, "/method")?.to_ascii_uppercase().as_str() {
            "GET" => format_ident!("Get"),
            "PUT" => format_ident!("Put"),
            "POST" => format_ident!("Post"),
            "DELETE" => format_ident!("Delete"),
            "PATCH" => format_ident!("Patch"),
            "HEAD" => format_ident!("Head"),
            "OPTIONS" => format_ident!("Options"),
            other => {
                return Err(self.invalid(
                    "/method",
                    format!("unknown HTTP method \"{other}\" (GET, PUT, POST, DELETE, PATCH, HEAD or OPTIONS)"),
                ))
            }
        };
        let path = self.string(value, "/path")?.to_string();
        if !path.starts_with('/') {
            return Err(self.invalid("/path", "must start with `/`"));
        }
        let servers = match value.get("servers") {
            None => Vec::new(),
            Some(Value::Array(servers)) => (0..servers.len())
                .map(|i| {
                    self.string(value, &format!("/servers/{i}"))
                        .map(str::to_string)
                })
                .collect::<Result<_>>()?,
            Some(_) => return Err(self.invalid("/servers", "must be an array of URLs")),
        };
        let summary = self.optional_string("/summary")?;
        let description = self.optional_string("/description")?;
        let parameters = self.parameters(&path)?;
        let body = match value.get("requestBody") {
            None => None,
            Some(Value::Object(body)) => {
                let required = match body.get("required") {
                    None => false,
                    Some(Value::Bool(b)) => *b,
                    Some(_) => {
                        return Err(self.invalid("/requestBody/required", "must be a boolean"))
                    }
                };
                let ty = match body.contains_key("schema") {
                    true => self.schema_type("/requestBody/schema")?,
                    false => quote!(::serde_json::Value),
                };
                let media_type = self.optional_string("/requestBody/mediaType")?;
                Some(Body {
                    ty,
                    required,
                    media_type: media_type.filter(|m| m != "application/json"),
                })
            }
            Some(_) => return Err(self.invalid("/requestBody", "must be an object")),
        };
        // Without a schema (no content, or one not in the folder), any JSON.
        let response = match value.get("response") {
            Some(Value::Object(response)) if response.contains_key("schema") => {
                self.schema_type("/response/schema")?
            }
            None | Some(Value::Object(_)) => quote!(::serde_json::Value),
            Some(_) => return Err(self.invalid("/response", "must be an object")),
        };
        Ok(Operation {
            doc: self.doc,
            operation_id,
            method,
            path,
            servers,
            summary,
            description,
            parameters,
            body,
            response,
        })
    }

    fn parameters(&mut self, path: &str) -> Result<Vec<Parameter>> {
        let value = &self.doc.value;
        let list = match value.get("parameters") {
            None => &Vec::new(),
            Some(Value::Array(list)) => list,
            Some(_) => return Err(self.invalid("/parameters", "must be an array")),
        };
        let mut out = Vec::new();
        for i in 0..list.len() {
            let at = format!("/parameters/{i}");
            let name = self.string(value, &format!("{at}/name"))?.to_string();
            let place = match self.string(value, &format!("{at}/in"))? {
                "path" => ParameterIn::Path,
                "query" => ParameterIn::Query,
                "header" => ParameterIn::Header,
                "cookie" => {
                    self.notes.push(format!(
                        "{}#{at}: cookie parameter \"{name}\" left out (only path, query and \
                         header parameters become fields)",
                        self.doc.file.display()
                    ));
                    continue;
                }
                other => {
                    return Err(self.invalid(
                        &format!("{at}/in"),
                        format!(
                            "unknown parameter place \"{other}\" (path, query, header or cookie)"
                        ),
                    ))
                }
            };
            let required = match value.pointer(&format!("{at}/required")) {
                None => place == ParameterIn::Path,
                Some(Value::Bool(b)) => *b,
                Some(_) => return Err(self.invalid(&format!("{at}/required"), "must be a boolean")),
            };
            if place == ParameterIn::Path && !required {
                return Err(self.invalid(
                    &format!("{at}/required"),
                    "a path parameter is always required",
                ));
            }
            if place == ParameterIn::Path && !template_names(path).contains(name.as_str()) {
                return Err(self.invalid(
                    &format!("{at}/name"),
                    format!("the path `{path}` has no parameter \"{name}\""),
                ));
            }
            let description = self.optional_string(&format!("{at}/description"))?;
            let ty = self.parameter_type(&format!("{at}/schema"), 0)?;
            out.push(Parameter {
                name,
                place,
                required,
                description,
                ty,
            });
        }
        for name in template_names(path) {
            let declared = out
                .iter()
                .any(|p| p.place == ParameterIn::Path && p.name == name);
            if !declared {
                return Err(self.invalid(
                    "/path",
                    format!("the path parameter \"{name}\" is not among `parameters`"),
                ));
            }
        }
        Ok(out)
    }

    /// The Rust type of the schema at `pointer`: a planned type's path for a `$ref` to one, a
    /// `Vec` of it for an array of such items, `serde_json::Value` for anything else (an inline
    /// schema has no type of its own).
    fn schema_type(&self, pointer: &str) -> Result<TokenStream> {
        Ok(self
            .planned_type(pointer)?
            .unwrap_or_else(|| quote!(::serde_json::Value)))
    }

    /// [`Self::schema_type`] where it is not `serde_json::Value`.
    fn planned_type(&self, pointer: &str) -> Result<Option<TokenStream>> {
        let Some(schema) = self.doc.value.pointer(pointer) else {
            return Err(self.invalid(pointer, "is missing"));
        };
        match schema.get("$ref") {
            Some(Value::String(reference)) => {
                let target = self.resolve(reference, &format!("{pointer}/$ref"))?;
                Ok(self
                    .plan
                    .index_of(&target)
                    .map(|index| path_tokens(&self.plan.defs[index].path)))
            }
            Some(_) => Err(self.invalid(&format!("{pointer}/$ref"), "must be a string")),
            // A list written inline (`{"type": "array", "items": {"$ref": ...}}`, as list
            // responses often are).
            None if schema.get("type").and_then(Value::as_str) == Some("array")
                && schema.get("items").is_some_and(Value::is_object)
                && schema.get("prefixItems").is_none() =>
            {
                let item = self.planned_type(&format!("{pointer}/items"))?;
                Ok(item.map(|item| quote!(::std::vec::Vec<#item>)))
            }
            None if schema.is_object() || schema.is_boolean() => Ok(None),
            None => Err(self.invalid(pointer, "must be a schema")),
        }
    }

    fn resolve(&self, reference: &str, pointer: &str) -> Result<Location> {
        self.set.resolve_from(&self.doc.uri, reference, || {
            Place::new(&self.doc.file, pointer)
        })
    }

    /// A parameter's type, from its schema: strings, numbers and booleans as such, a `$ref` to a
    /// planned string enum as that enum, arrays of those as `Vec`s; anything else is sent as its
    /// JSON text (`serde_json::Value`).
    fn parameter_type(&self, pointer: &str, depth: usize) -> Result<ParameterType> {
        let scalar = |tokens: TokenStream| ParameterType {
            tokens,
            list: false,
        };
        let Some(schema) = self.doc.value.pointer(pointer) else {
            return Ok(scalar(quote!(::std::string::String)));
        };
        let (schema, planned) = match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let target = self.resolve(reference, &format!("{pointer}/$ref"))?;
                let planned = self.plan.index_of(&target);
                let schema = self.set.get(&target).cloned().unwrap_or(Value::Bool(true));
                (schema, planned)
            }
            None => (schema.clone(), None),
        };
        let is_string_enum = schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_string));
        if let (Some(index), true) = (planned, is_string_enum) {
            return Ok(scalar(path_tokens(&self.plan.defs[index].path)));
        }
        let ty = match schema.get("type").and_then(Value::as_str) {
            Some("string") => quote!(::std::string::String),
            // As in the types: `int32` is an `i32`, other integers `i64`.
            Some("integer") if schema.get("format").and_then(Value::as_str) == Some("int32") => {
                quote!(i32)
            }
            Some("integer") => quote!(i64),
            Some("number") => quote!(f64),
            Some("boolean") => quote!(bool),
            Some("array") if depth == 0 && planned.is_none() => {
                let item = self.parameter_type(&format!("{pointer}/items"), depth + 1)?;
                if !item.list {
                    let tokens = item.tokens;
                    return Ok(ParameterType {
                        tokens: quote!(::std::vec::Vec<#tokens>),
                        list: true,
                    });
                }
                quote!(::serde_json::Value)
            }
            _ => quote!(::serde_json::Value),
        };
        Ok(scalar(ty))
    }
}

/// The parameter names of a path template, as the runtime fills them in.
fn template_names(path: &str) -> BTreeSet<&str> {
    codegen_runtime::endpoint::path_parameters(path)
        .into_iter()
        .collect()
}

/// A planned type's path as seen from a module of request types (`endpoints::<module>`).
fn path_tokens(path: &RustPath) -> TokenStream {
    let module = format_ident!("{}", path.module);
    let name = format_ident!("{}", path.name);
    quote!(super::super::#module::#name)
}

/// The request type of `operation`, its `new` and its `Endpoint` impl.
fn request_type(operation: &Operation, path: &RustPath, runtime: &RuntimePath) -> Vec<syn::Item> {
    let ident = format_ident!("{}", path.name);
    let root = runtime.at_depth(2);
    let wires: Vec<&str> = operation
        .parameters
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let names: Vec<syn::Ident> = field_idents(&wires, &["body"])
        .iter()
        .map(|n| format_ident!("{}", n))
        .collect();

    let mut fields = Vec::new();
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for (parameter, name) in operation.parameters.iter().zip(&names) {
        let ty = &parameter.ty.tokens;
        let kind = match parameter.place {
            ParameterIn::Path => "path",
            ParameterIn::Query => "query",
            ParameterIn::Header => "header",
        };
        let mut doc = vec![format!(" The {kind} parameter `{}`.", parameter.name)];
        if let Some(description) = &parameter.description {
            doc.push(String::new());
            doc.extend(description.lines().map(|l| format!(" {l}")));
        }
        let optional = !parameter.required && !parameter.ty.list;
        let field_ty = if optional {
            quote!(::std::option::Option<#ty>)
        } else {
            quote!(#ty)
        };
        fields.push(quote!(#(#[doc = #doc])* pub #name: #field_ty));
        if parameter.required {
            params.push(quote!(#name: impl ::std::convert::Into<#ty>));
            inits.push(quote!(#name: #name.into()));
        } else {
            inits.push(quote!(#name: ::std::default::Default::default()));
        }
    }
    let body_type = match &operation.body {
        Some(Body {
            ty,
            required,
            media_type,
        }) => {
            let body = match media_type {
                None => "The JSON body".to_string(),
                Some(media_type) => format!("The body, sent as `{media_type}`"),
            };
            let (field_ty, doc) = if *required {
                (quote!(#ty), format!(" {body}."))
            } else {
                (
                    quote!(::std::option::Option<#ty>),
                    format!(" {body}, which the operation does not require."),
                )
            };
            fields.push(quote!(#[doc = #doc] pub body: #field_ty));
            if *required {
                params.push(quote!(body: #ty));
                inits.push(quote!(body));
            } else {
                inits.push(quote!(body: ::std::option::Option::None));
            }
            quote!(#ty)
        }
        None => quote!(()),
    };

    // The trait's methods, each only where the operation has what it returns.
    let path_params: Vec<TokenStream> = operation
        .parameters
        .iter()
        .zip(&names)
        .filter(|(p, _)| p.place == ParameterIn::Path)
        .map(|(p, name)| {
            let wire = &p.name;
            quote!((#wire, &self.#name))
        })
        .collect();
    let path_fn = (!path_params.is_empty()).then(|| {
        quote! {
            fn path(&self) -> ::std::string::String {
                #root::endpoint::fill_path(Self::PATH, &[#(#path_params),*])
            }
        }
    });
    let pushes = |place: ParameterIn| -> Vec<TokenStream> {
        operation
            .parameters
            .iter()
            .zip(&names)
            .filter(|(p, _)| p.place == place)
            .map(|(p, name)| {
                let wire = &p.name;
                match (place, p.ty.list, p.required) {
                    (ParameterIn::Query, true, _) => quote!(query.push_each(#wire, &self.#name);),
                    (ParameterIn::Query, false, true) => quote!(query.push(#wire, &self.#name);),
                    (ParameterIn::Query, false, false) => {
                        quote!(query.push_opt(#wire, self.#name.as_ref());)
                    }
                    (_, true, _) => quote! {
                        for value in &self.#name {
                            headers.push((#wire, ::std::string::ToString::to_string(value)));
                        }
                    },
                    (_, false, true) => quote! {
                        headers.push((#wire, ::std::string::ToString::to_string(&self.#name)));
                    },
                    (_, false, false) => quote! {
                        if let ::std::option::Option::Some(value) = &self.#name {
                            headers.push((#wire, ::std::string::ToString::to_string(value)));
                        }
                    },
                }
            })
            .collect()
    };
    let query = pushes(ParameterIn::Query);
    let query_fn = (!query.is_empty()).then(|| {
        quote! {
            fn query(&self) -> ::std::string::String {
                let mut query = #root::endpoint::Query::new();
                #(#query)*
                query.finish()
            }
        }
    });
    let headers = pushes(ParameterIn::Header);
    let headers_fn = (!headers.is_empty()).then(|| {
        quote! {
            fn headers(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
                let mut headers = ::std::vec::Vec::new();
                #(#headers)*
                headers
            }
        }
    });
    let content_type = operation
        .body
        .as_ref()
        .and_then(|body| body.media_type.as_ref())
        .map(|media_type| quote!(const CONTENT_TYPE: &'static str = #media_type;));
    let body_fn = operation.body.as_ref().map(|body| {
        let body = if body.required {
            quote!(::std::option::Option::Some(&self.body))
        } else {
            quote!(self.body.as_ref())
        };
        quote! {
            fn body(&self) -> ::std::option::Option<&Self::Body> {
                #body
            }
        }
    });

    let method = &operation.method;
    let template = &operation.path;
    let operation_id = &operation.operation_id;
    let response = &operation.response;
    let servers = &operation.servers;
    let mut docs = vec![format!(
        " `{} {}`{}",
        method.to_string().to_uppercase(),
        template,
        operation
            .summary
            .as_ref()
            .map(|s| format!(": {s}"))
            .unwrap_or_default()
    )];
    if let Some(description) = &operation.description {
        docs.push(String::new());
        docs.extend(description.lines().map(|l| format!(" {l}")));
    }
    docs.push(String::new());
    docs.push(format!(
        " The request of the operation `{}` (`{}`).",
        operation_id.replace('`', "'"),
        operation.doc.display_name()
    ));
    let (derive_default, new_fn) = if params.is_empty() {
        (quote!(Default,), None)
    } else {
        // clippy's argument limit lifted where the operation requires that many.
        let allow = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        let new_fn = quote! {
            impl #ident {
                /// A request with its required parameters (and body), the optional ones absent.
                #allow
                pub fn new(#(#params),*) -> Self {
                    Self { #(#inits,)* }
                }
            }
        };
        (TokenStream::new(), Some(new_fn))
    };
    let file: syn::File = syn::parse_quote! {
        #(#[doc = #docs])*
        #[derive(Clone, Debug, #derive_default PartialEq)]
        pub struct #ident {
            #(#fields,)*
        }

        #new_fn

        impl #root::Endpoint for #ident {
            type Body = #body_type;
            type Response = #response;
            const METHOD: #root::Method = #root::Method::#method;
            const PATH: &'static str = #template;
            const OPERATION_ID: &'static str = #operation_id;
            const SERVERS: &'static [&'static str] = &[#(#servers),*];
            #content_type
            #path_fn
            #query_fn
            #headers_fn
            #body_fn
        }
    };
    file.items
}
