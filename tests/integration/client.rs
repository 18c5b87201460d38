//! The `client` feature of `stytch-types`, end to end against a real HTTP server on 127.0.0.1
//! (wiremock): the request as Stytch expects it (method, path, basic authentication, JSON body),
//! a success, an error body (400, 429), an unknown enum value in a response, a malformed body,
//! a timeout, and a body in another media type (a form, or one the client refuses).

use std::time::Duration;

use serde_json::json;
use stytch_types::client::{Client, Error, ErrorType};
use stytch_types::discovery::ListRequest;
use stytch_types::endpoints::discovery::OrganizationsList;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "project-test-11111111-2222-3333-4444-555555555555";
const SECRET: &str = "secret-test-abc";

fn client(server: &MockServer) -> Client {
    Client::new(PROJECT, SECRET)
        .expect("a client")
        .base_url(server.uri())
}

fn list_request() -> OrganizationsList {
    OrganizationsList::new(ListRequest {
        session_token: Some("session-token".into()),
        ..Default::default()
    })
}

fn error_body(status: u16, error_type: &str) -> serde_json::Value {
    json!({
        "status_code": status,
        "request_id": "request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141",
        "error_type": error_type,
        "error_message": "Something is wrong.",
        "error_url": format!("https://stytch.com/docs/api/errors/{status}"),
    })
}

#[tokio::test]
async fn a_success_is_the_typed_response() {
    let server = MockServer::start().await;
    // Basic authentication with the project id and secret, the body as JSON.
    let basic = "Basic cHJvamVjdC10ZXN0LTExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NTpzZWNyZXQtdGVzdC1hYmM=";
    Mock::given(method("POST"))
        .and(path("/v1/b2b/discovery/organizations"))
        .and(header("authorization", basic))
        .and(body_json(json!({"session_token": "session-token"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "request_id": "request-id-test-1",
            "status_code": 200,
            "discovered_organizations": [],
            "email_address": "sandbox@stytch.com",
            "organization_id_hint": null,
        })))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server)
        .send(&list_request())
        .await
        .expect("a success");
    assert_eq!(response["email_address"], "sandbox@stytch.com");
}

#[tokio::test]
async fn an_error_body_is_a_typed_stytch_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(error_body(400, "session_not_found")),
        )
        .mount(&server)
        .await;
    match client(&server).send(&list_request()).await {
        Err(Error::Api(error)) => {
            assert_eq!(error.status_code, 400);
            // An error type the client does not know is kept, not a decoding failure.
            assert_eq!(
                error.error_type,
                ErrorType::Other("session_not_found".into())
            );
            assert_eq!(
                error.request_id.as_deref(),
                Some("request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141")
            );
            assert!(error.to_string().contains("session_not_found"));
        }
        other => panic!("expected a Stytch error, got {other:?}"),
    }
}

#[tokio::test]
async fn too_many_requests_is_recognised() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429).set_body_json(error_body(429, "too_many_requests")),
        )
        .mount(&server)
        .await;
    match client(&server).send(&list_request()).await {
        Err(Error::Api(error)) => assert_eq!(error.error_type, ErrorType::TooManyRequests),
        other => panic!("expected a Stytch error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unknown_enum_value_in_a_response_decodes() {
    if tests::corpus_dir().is_none() {
        return;
    }
    use tests::corpus::types::endpoints::fraud::RulesSet;
    use tests::corpus::types::fraud::{RuleAction, RulesSetRequest};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/rules/set"))
        .and(body_json(
            json!({"action": "BLOCK", "cidr_block": "203.0.113.0/24"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "request_id": "request-id-test-2",
            "status_code": 200,
            "action": "QUARANTINE",
            "cidr_block": "203.0.113.0/24",
            "a_field_added_later": {"nested": true},
        })))
        .mount(&server)
        .await;
    let mut body = RulesSetRequest::new(RuleAction::Block);
    body.cidr_block = Some("203.0.113.0/24".into());
    let response = client(&server)
        .send(&RulesSet::new(body))
        .await
        .expect("a success");
    assert_eq!(response.action, RuleAction::Unknown("QUARANTINE".into()));
    assert!(response.extra.contains_key("a_field_added_later"));
}

#[tokio::test]
async fn a_malformed_body_is_a_decoding_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"request_id\": "))
        .mount(&server)
        .await;
    match client(&server).send(&list_request()).await {
        Err(Error::Decode { status, body, .. }) => {
            assert_eq!(status, 200);
            assert_eq!(body, "{\"request_id\": ");
        }
        other => panic!("expected a decoding error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({}))
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = client(&server)
        .timeout(Duration::from_millis(200))
        .expect("a client");
    let error = client
        .send(&list_request())
        .await
        .expect_err("the server is too slow");
    assert!(error.is_timeout(), "{error:?}");
}

#[test]
fn requests_go_to_the_environment_or_the_endpoint_s_own_server() {
    use stytch_types::client::{Environment, LIVE_URL, TEST_URL};
    let test = Client::new(PROJECT, SECRET).expect("a client");
    assert_eq!(test.url_for::<OrganizationsList>(), TEST_URL);
    let live = Client::new("project-live-1", SECRET).expect("a client");
    assert_eq!(live.url_for::<OrganizationsList>(), LIVE_URL);
    let switched = test.environment(Environment::Live);
    assert_eq!(switched.url_for::<OrganizationsList>(), LIVE_URL);
    assert!(
        !format!("{switched:?}").contains(SECRET),
        "the secret stays out of logs"
    );
}

/// An operation whose body the API description gives in another media type than
/// `application/json` (as `codegen import` writes it for another API than Stytch's).
struct Search<const FORM: bool>;

impl<const FORM: bool> codegen_runtime::Endpoint for Search<FORM> {
    type Body = serde_json::Value;
    type Response = serde_json::Value;
    const METHOD: codegen_runtime::Method = codegen_runtime::Method::Post;
    const PATH: &'static str = "/records";
    const OPERATION_ID: &'static str = "records_Search";
    const CONTENT_TYPE: &'static str = match FORM {
        true => "application/x-www-form-urlencoded",
        false => "application/xml",
    };

    fn body(&self) -> Option<&serde_json::Value> {
        static BODY: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
        Some(BODY.get_or_init(|| json!({"criteria": "a b&c", "rows": 10})))
    }
}

/// A form whose body holds an object, which has no form encoding.
struct NestedForm;

impl codegen_runtime::Endpoint for NestedForm {
    type Body = serde_json::Value;
    type Response = serde_json::Value;
    const METHOD: codegen_runtime::Method = codegen_runtime::Method::Post;
    const PATH: &'static str = "/records";
    const OPERATION_ID: &'static str = "records_Filter";
    const CONTENT_TYPE: &'static str = "application/x-www-form-urlencoded";

    fn body(&self) -> Option<&serde_json::Value> {
        static BODY: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
        Some(BODY.get_or_init(|| json!({"filter": {"rows": 10}})))
    }
}

#[tokio::test]
async fn a_form_body_is_sent_as_a_form_and_other_types_are_refused() {
    use wiremock::matchers::body_string;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/records"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("criteria=a+b%26c&rows=10"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"found": 1})))
        .expect(1)
        .mount(&server)
        .await;
    let found = client(&server)
        .send(&Search::<true>)
        .await
        .expect("a success");
    assert_eq!(found, json!({"found": 1}));
    // Nothing is sent for a type the client does not encode (the mock above counts one call).
    match client(&server).send(&Search::<false>).await {
        Err(Error::MediaType(media_type)) => assert_eq!(media_type, "application/xml"),
        other => panic!("expected a media type error, got {other:?}"),
    }
    match client(&server).send(&NestedForm).await {
        Err(Error::Form(error)) => assert!(
            error
                .to_string()
                .contains("the property `filter` holds {\"rows\":10}"),
            "{error}"
        ),
        other => panic!("expected a form error, got {other:?}"),
    }
}
