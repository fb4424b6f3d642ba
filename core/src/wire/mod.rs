//! The wire: Cognito's JSON 1.1 protocol over HTTPS. Private to the crate: apps see its
//! options ([`WireOptions`], [`RetryPolicy`]) and, through [`crate::AuthError`], its errors.
//!
//! One request path ([`WireClient`]) does timeouts, bounded retries with jittered backoff,
//! `Date`-header clock-skew recording and error decoding for every service. Each operation is
//! a request type implementing [`Operation`] (its service, name and response); the service
//! clients ([`UserPoolClient`], [`IdentityPoolClient`]) send them. Nothing here knows about
//! sessions or storage.

mod error;
pub(crate) mod identity;
#[cfg(test)]
mod moto_tests;
mod operation;
pub(crate) mod redact;
mod retry;
#[cfg(test)]
mod secrecy_tests;
mod tls;
mod transport;
pub(crate) mod user_pool;

pub(crate) use error::WireError;
pub(crate) use identity::IdentityPoolClient;
pub(crate) use operation::Operation;
pub use retry::RetryPolicy;
pub use transport::WireOptions;
pub(crate) use transport::{HttpResponse, WireClient};
pub(crate) use transport::{decode_error, decode_json, intercepted};
pub(crate) use user_pool::UserPoolClient;
