//! Every operation of Stytch's three OpenAPI documents (`../shared/stytch/openapi`) is an
//! endpoint of the compiled corpus (imported, then generated, as a user would): its request type
//! implements `Endpoint` with the document's method, path template (exactly as written) and
//! operation id. Request types fill in their path, query and header parameters as HTTP needs them.

use std::collections::BTreeSet;

use codegen_runtime::Endpoint;
use serde_norway::Value;
use tests::corpus::ENDPOINTS;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// (operation id, method, path template) of every operation of the documents.
fn operations_of_the_documents() -> Option<BTreeSet<(String, String, String)>> {
    let shared = tests::shared_dir()?;
    tests::corpus_dir()?;
    let mut operations = BTreeSet::new();
    for name in [
        "stytch-b2b-openapi.yml",
        "stytch-consumer-openapi.yml",
        "stytch-management-openapi.yml",
    ] {
        let path = shared.join("stytch/openapi").join(name);
        let text = std::fs::read_to_string(&path).expect("the document reads");
        let document: Value = serde_norway::from_str(&text).expect("the document is YAML");
        let paths = document["paths"].as_mapping().expect("paths");
        for (template, item) in paths {
            let template = template.as_str().expect("a path is a string");
            for (method, operation) in item.as_mapping().expect("a path item") {
                let method = method.as_str().unwrap_or_default();
                if !METHODS.contains(&method) {
                    continue;
                }
                let id = operation["operationId"].as_str().expect("an operationId");
                operations.insert((
                    id.to_string(),
                    method.to_ascii_uppercase(),
                    template.to_string(),
                ));
            }
        }
    }
    Some(operations)
}

#[test]
fn every_operation_of_the_documents_is_an_endpoint() {
    let Some(expected) = operations_of_the_documents() else {
        return;
    };
    let generated: BTreeSet<(String, String, String)> = ENDPOINTS
        .iter()
        .map(|e| {
            assert_eq!(e.declared_id, e.operation_id, "{}", e.rust_path);
            (
                e.operation_id.to_string(),
                e.method.as_str().to_string(),
                e.path.to_string(),
            )
        })
        .collect();
    let missing: Vec<_> = expected.difference(&generated).collect();
    let unexpected: Vec<_> = generated.difference(&expected).collect();
    assert!(
        missing.is_empty(),
        "operations without an endpoint: {missing:#?}"
    );
    assert!(
        unexpected.is_empty(),
        "endpoints of no operation: {unexpected:#?}"
    );
    assert_eq!(ENDPOINTS.len(), expected.len());
    assert_eq!(
        expected.len(),
        244,
        "the three documents hold 244 operations"
    );
    println!(
        "endpoints: {} operations, each with its request type",
        expected.len()
    );
}

#[test]
fn request_types_fill_in_paths_queries_and_headers() {
    if tests::corpus_dir().is_none() {
        return;
    }
    use tests::corpus::types::{b2b_scim, endpoints};

    // Path parameters, percent-encoded as one segment each; headers that are set; the body.
    let mut update = endpoints::b2b_scim::ConnectionUpdate::new(
        "organization-test/1",
        "scim connection",
        b2b_scim::ConnectionUpdateRequest::default(),
    );
    update.x_stytch_member_session = Some("session-token".into());
    assert_eq!(
        update.path(),
        "/v1/b2b/scim/organization-test%2F1/connection/scim%20connection"
    );
    assert_eq!(update.query(), "");
    assert_eq!(
        update.headers(),
        vec![("X-Stytch-Member-Session", "session-token".to_string())]
    );
    assert!(update.body().is_some());
    assert_eq!(
        <endpoints::b2b_scim::ConnectionUpdate as Endpoint>::PATH,
        "/v1/b2b/scim/{organization_id}/connection/{connection_id}"
    );

    // An `int32` parameter is an `i32`, as an `int32` field is.
    let mut groups = endpoints::b2b_scim::ConnectionGetGroups::new("organization-1", "scim-1");
    groups.limit = Some(100_i32);
    assert_eq!(groups.query(), "limit=100");

    // Required query parameters, no body.
    let get = endpoints::b2b_session::Get::new("organization-1", "member 2");
    assert_eq!(get.path(), "/v1/b2b/sessions");
    assert_eq!(
        get.query(),
        "organization_id=organization-1&member_id=member+2"
    );
    assert!(get.body().is_none());
    assert_eq!(
        get.path_and_query(),
        "/v1/b2b/sessions?organization_id=organization-1&member_id=member+2"
    );

    // `:name` path segments (the management API's style), an optional query parameter.
    let mut delete =
        endpoints::pwa_redirect_url::Delete::new("my-project", "test", "https://example.com/a?b");
    assert_eq!(
        delete.path(),
        "/pwa/v3/projects/my-project/environments/test/redirect_urls"
    );
    assert_eq!(delete.query(), "url=https%3A%2F%2Fexample.com%2Fa%3Fb");
    delete.do_not_promote_defaults = Some(true);
    assert_eq!(
        delete.query(),
        "url=https%3A%2F%2Fexample.com%2Fa%3Fb&do_not_promote_defaults=true"
    );
    assert_eq!(
        <endpoints::pwa_redirect_url::Delete as Endpoint>::SERVERS,
        ["https://management.stytch.com"]
    );
}
