//! Rust types for the request and response bodies of the Stytch API, generated at build time
//! from the JSON Schemas in the workspace's `schemas/` folder (or `$STYTCH_SCHEMAS_DIR`).
//!
//! Types live in one module per API area, e.g. [`discovery::ListRequest`] for the schema
//! `api_discovery_v1_discovery_ListRequest`. With the `validators` feature (on by default) every
//! type implements [`Validate`] and [`FromJson`]:
//!
//! ```
//! use stytch_types::discovery::ListRequest;
//! use stytch_types::FromJson;
//!
//! let request = ListRequest::from_json_slice(br#"{"session_token": "abc"}"#)?;
//! assert_eq!(request.session_token.as_deref(), Some("abc"));
//! # Ok::<(), stytch_types::Errors>(())
//! ```
//!
//! Every operation of the API described in the schema folder has a request type in the module
//! `endpoints` that implements [`Endpoint`]: with the feature `client`, `client::Client` sends
//! it; without, any HTTP client can, from what the trait gives:
//!
//! ```
//! use stytch_types::discovery::ListRequest;
//! use stytch_types::endpoints::discovery::OrganizationsList;
//! use stytch_types::Endpoint;
//!
//! let request = OrganizationsList::new(ListRequest {
//!     session_token: Some("mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q".into()),
//!     ..Default::default()
//! });
//! // What to send, for whatever HTTP client the application uses (with basic authentication:
//! // the project id and secret).
//! let method = OrganizationsList::METHOD.as_str();
//! let url = format!("https://test.stytch.com{}", request.path_and_query());
//! let headers = request.headers();
//! let body = serde_json::to_vec(&request.body()).expect("a request always serializes");
//! assert_eq!((method, url.as_str()), ("POST", "https://test.stytch.com/v1/b2b/discovery/organizations"));
//! assert!(headers.is_empty());
//! assert_eq!(body, br#"{"session_token":"mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q"}"#);
//!
//! // What comes back decodes into the endpoint's response type.
//! let received = br#"{"status_code": 200, "request_id": "request-id-test-1", "discovered_organizations": []}"#;
//! let response: <OrganizationsList as Endpoint>::Response = serde_json::from_slice(received)?;
//! assert_eq!(response["status_code"], 200);
//! # Ok::<(), serde_json::Error>(())
//! ```

pub use codegen_runtime::{Endpoint, Error, Errors, Method};

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "validators")]
pub use codegen_runtime::{FromJson, Validate};

include!(concat!(env!("OUT_DIR"), "/stytch_types.rs"));
