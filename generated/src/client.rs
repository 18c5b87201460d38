//! A small async client for Stytch (feature `client`): it sends any endpoint's request type (see
//! [`crate::endpoints`]) with the project's credentials and returns the typed response, or the
//! typed error body Stytch answers with.
//!
//! ```no_run
//! # async fn run() -> Result<(), stytch_types::client::Error> {
//! use stytch_types::client::Client;
//! use stytch_types::discovery::ListRequest;
//! use stytch_types::endpoints::discovery::OrganizationsList;
//!
//! let client = Client::new("project-test-00000000-0000-0000-0000-000000000000", "secret-...")?;
//! let request = OrganizationsList::new(ListRequest {
//!     session_token: Some("mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q".into()),
//!     ..Default::default()
//! });
//! let organizations = client.send(&request).await?;
//! # let _ = organizations;
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::time::Duration;

use codegen_runtime::{Endpoint, Method};

/// The base URL of the live environment.
pub const LIVE_URL: &str = "https://api.stytch.com";
/// The base URL of the test environment.
pub const TEST_URL: &str = "https://test.stytch.com";
/// The base URL of the management API.
pub const MANAGEMENT_URL: &str = "https://management.stytch.com";

/// Which of a project's environments requests go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Environment {
    /// `https://test.stytch.com`
    Test,
    /// `https://api.stytch.com`
    Live,
}

/// Sends requests to Stytch with a project's id and secret (HTTP basic authentication).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    project_id: String,
    secret: String,
    environment: Environment,
    base_url: Option<String>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The secret stays out of logs.
        f.debug_struct("Client")
            .field("project_id", &self.project_id)
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the project `project_id` (its environment read from the id: `project-live-`
    /// is live, anything else test) with a 30 second timeout. For the management API, pass the
    /// workspace key id and secret.
    pub fn new(project_id: impl Into<String>, secret: impl Into<String>) -> Result<Self, Error> {
        let project_id = project_id.into();
        let environment = if project_id.starts_with("project-live-") {
            Environment::Live
        } else {
            Environment::Test
        };
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("stytch-types/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(Error::Http)?;
        Ok(Client {
            http,
            project_id,
            secret: secret.into(),
            environment,
            base_url: None,
        })
    }

    /// Sends to the environment `environment` instead of the one the project id names.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Sends every request to `base_url` (a mock server, a proxy) instead of Stytch's.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Gives up on a request after `timeout` (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Result<Self, Error> {
        self.http = reqwest::Client::builder()
            .timeout(timeout)
            .user_agent(concat!("stytch-types/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(Error::Http)?;
        Ok(self)
    }

    /// The base URL a request of `E` goes to: the one set with [`Client::base_url`], else the
    /// endpoint's own server when it has one (the management and telemetry APIs), else the
    /// environment's.
    pub fn url_for<E: Endpoint>(&self) -> &str {
        if let Some(base) = &self.base_url {
            return base;
        }
        match E::SERVERS {
            [only] => only,
            _ => match self.environment {
                Environment::Test => TEST_URL,
                Environment::Live => LIVE_URL,
            },
        }
    }

    /// Sends `request` and decodes the response: the endpoint's response type on success, or
    /// [`Error::Api`] with Stytch's error body.
    pub async fn send<E: Endpoint>(&self, request: &E) -> Result<E::Response, Error> {
        let url = format!(
            "{}{}",
            self.url_for::<E>().trim_end_matches('/'),
            request.path_and_query()
        );
        let method = match E::METHOD {
            Method::Get => reqwest::Method::GET,
            Method::Put => reqwest::Method::PUT,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
            Method::Patch => reqwest::Method::PATCH,
            Method::Head => reqwest::Method::HEAD,
            _ => reqwest::Method::OPTIONS,
        };
        let mut builder = self
            .http
            .request(method, &url)
            .basic_auth(&self.project_id, Some(&self.secret));
        for (name, value) in request.headers() {
            builder = builder.header(name, value);
        }
        if let Some(body) = request.body() {
            builder = match E::CONTENT_TYPE {
                form @ "application/x-www-form-urlencoded" => builder
                    .header(reqwest::header::CONTENT_TYPE, form)
                    .body(codegen_runtime::endpoint::form_body(body).map_err(Error::Form)?),
                // JSON, under its own name where the operation gives one (`...+json`).
                json if json.contains("json") => builder
                    .header(reqwest::header::CONTENT_TYPE, json)
                    .json(body),
                other => return Err(Error::MediaType(other)),
            };
        }
        let response = builder.send().await.map_err(Error::Http)?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(Error::Http)?;
        if (200..300).contains(&status) {
            return serde_json::from_slice(&bytes).map_err(|e| Error::Decode {
                status,
                message: e.to_string(),
                body: String::from_utf8_lossy(&bytes).into_owned(),
            });
        }
        match serde_json::from_slice::<StytchError>(&bytes) {
            Ok(error) => Err(Error::Api(error)),
            Err(_) => Err(Error::Status {
                status,
                body: String::from_utf8_lossy(&bytes).into_owned(),
            }),
        }
    }
}

/// What can go wrong when calling Stytch.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Stytch answered with an error body (a 4xx or 5xx status).
    Api(StytchError),
    /// A non-success status without a Stytch error body.
    Status {
        /// The HTTP status.
        status: u16,
        /// The body as received.
        body: String,
    },
    /// A success whose body is not the endpoint's response type.
    Decode {
        /// The HTTP status.
        status: u16,
        /// What serde said.
        message: String,
        /// The body as received.
        body: String,
    },
    /// The request did not complete: connection, timeout, TLS.
    Http(reqwest::Error),
    /// The endpoint's body has a media type this client does not encode (it sends JSON and
    /// forms): nothing was sent.
    MediaType(&'static str),
    /// The body is to be sent as a form but has no form encoding (a property holds an object):
    /// nothing was sent.
    Form(codegen_runtime::endpoint::FormError),
}

impl Error {
    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Http(e) if e.is_timeout())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => write!(f, "{error}"),
            Error::Status { status, body } => {
                write!(f, "HTTP {status} without a Stytch error body: {body}")
            }
            Error::Decode {
                status, message, ..
            } => write!(f, "HTTP {status}: the response does not decode: {message}"),
            Error::Http(error) => write!(f, "the request failed: {error}"),
            Error::MediaType(media_type) => {
                write!(f, "cannot send a body as {media_type}: JSON and forms only")
            }
            Error::Form(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(error) => Some(error),
            Error::Http(error) => Some(error),
            Error::Form(error) => Some(error),
            _ => None,
        }
    }
}

/// The error body Stytch answers a failed request with (Stytch's documented error format).
#[derive(Clone, Debug, PartialEq, serde::Deserialize, serde::Serialize)]
#[non_exhaustive]
pub struct StytchError {
    /// The HTTP status, repeated.
    pub status_code: u16,
    /// Identifies the request for Stytch's support.
    #[serde(default)]
    pub request_id: Option<String>,
    /// What went wrong, as a machine-readable value.
    pub error_type: ErrorType,
    /// What went wrong, in words.
    #[serde(default)]
    pub error_message: String,
    /// Where the error type is documented.
    #[serde(default)]
    pub error_url: Option<String>,
}

impl fmt::Display for StytchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Stytch error {} {}: {}",
            self.status_code, self.error_type, self.error_message
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for StytchError {}

/// Stytch's `error_type`: the common values, and any other kept as received (Stytch adds error
/// types over time; a new one never fails decoding).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorType {
    /// `unauthorized_credentials`: the project id or secret is wrong.
    UnauthorizedCredentials,
    /// `too_many_requests`: rate limited; retry later.
    TooManyRequests,
    /// `internal_server_error`
    InternalServerError,
    /// `bad_request`
    BadRequest,
    /// `invalid_request`
    InvalidRequest,
    /// Any other value.
    Other(String),
}

impl ErrorType {
    /// The value as Stytch writes it.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorType::UnauthorizedCredentials => "unauthorized_credentials",
            ErrorType::TooManyRequests => "too_many_requests",
            ErrorType::InternalServerError => "internal_server_error",
            ErrorType::BadRequest => "bad_request",
            ErrorType::InvalidRequest => "invalid_request",
            ErrorType::Other(other) => other,
        }
    }
}

impl From<&str> for ErrorType {
    fn from(value: &str) -> Self {
        match value {
            "unauthorized_credentials" => ErrorType::UnauthorizedCredentials,
            "too_many_requests" => ErrorType::TooManyRequests,
            "internal_server_error" => ErrorType::InternalServerError,
            "bad_request" => ErrorType::BadRequest,
            "invalid_request" => ErrorType::InvalidRequest,
            other => ErrorType::Other(other.to_string()),
        }
    }
}

impl fmt::Display for ErrorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ErrorType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for ErrorType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        Ok(ErrorType::from(value.as_str()))
    }
}
