//! The wire: Cognito's JSON 1.1 protocol over HTTPS.
//!
//! One request path ([`WireClient`]) does timeouts, bounded retries with jittered backoff,
//! `Date`-header clock-skew recording and error decoding for every service; the typed clients
//! ([`UserPoolClient`], [`IdentityPoolClient`]) add targets, request/response types and
//! `SECRET_HASH`. Nothing here knows about sessions or storage.

mod error;
pub mod identity;
pub(crate) mod redact;
mod retry;
mod tls;
mod transport;
pub mod user_pool;

pub use error::{NetworkErrorKind, WireError};
pub use identity::IdentityPoolClient;
pub use retry::RetryPolicy;
pub use transport::{HttpResponse, WireClient, WireOptions};
pub(crate) use transport::{decode_error, decode_json};
pub use user_pool::UserPoolClient;
