//! What can go wrong on the wire, before any meaning is given to it.

use std::fmt;

/// How a request failed to get a usable answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum WireError {
    /// The service answered with a typed error (`__type` / `X-Amzn-ErrorType`).
    #[error("{name}: {message}")]
    Service {
        /// Exception name without namespace, e.g. `NotAuthorizedException`.
        name: String,
        /// The service's message, with any secret from the request removed.
        message: String,
        /// HTTP status.
        status: u16,
    },
    /// No complete answer arrived: refused, reset, timed out, cut off mid-body.
    #[error("network error ({kind}): {message}")]
    Network {
        /// What happened to the connection.
        kind: NetworkErrorKind,
        /// Details, without URLs or request data.
        message: String,
    },
    /// An answer arrived but is not what the protocol promises (HTML, truncated or malformed
    /// JSON, wrong shape).
    #[error("unexpected response (HTTP {status}): {message}")]
    InvalidResponse {
        /// HTTP status.
        status: u16,
        /// What was wrong with it.
        message: String,
    },
}

/// The ways a connection fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NetworkErrorKind {
    /// Could not connect (refused, DNS, unreachable, TLS handshake).
    Connect,
    /// No answer within the timeout.
    Timeout,
    /// The connection broke while sending or receiving.
    Interrupted,
    /// Something between the app and the service answered in its place (a captive portal's
    /// or a proxy's 401/403 page).
    Intercepted,
}

impl fmt::Display for NetworkErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Connect => "connect",
            Self::Timeout => "timeout",
            Self::Interrupted => "interrupted",
            Self::Intercepted => "intercepted",
        })
    }
}

/// Exception names that mean "slow down", retried like a 5xx.
const THROTTLING: &[&str] = &[
    "TooManyRequestsException",
    "ThrottlingException",
    "Throttling",
    "ThrottledException",
    "RequestThrottledException",
    "RequestLimitExceeded",
    "SlowDown",
    "ProvisionedThroughputExceededException",
];

impl WireError {
    /// Whether trying again may help: throttling, 5xx and broken connections.
    pub(crate) fn is_retryable(&self) -> bool {
        match self {
            Self::Service { name, status, .. } => {
                *status >= 500 || THROTTLING.contains(&name.as_str())
            }
            // A captive portal answers the same until the user acts on it.
            Self::Network { kind, .. } => *kind != NetworkErrorKind::Intercepted,
            Self::InvalidResponse { status, .. } => *status >= 500,
        }
    }
}

impl From<reqwest::Error> for WireError {
    fn from(e: reqwest::Error) -> Self {
        let kind = if e.is_timeout() {
            NetworkErrorKind::Timeout
        } else if e.is_connect() {
            NetworkErrorKind::Connect
        } else {
            NetworkErrorKind::Interrupted
        };
        // Walk the source chain for the useful part ("connection refused", "reset by peer"),
        // never the URL.
        let mut message = String::new();
        let mut source: Option<&dyn std::error::Error> = Some(&e);
        while let Some(s) = source {
            let text = s.to_string();
            if !text.contains("://") && !message.contains(&text) {
                if !message.is_empty() {
                    message.push_str(": ");
                }
                message.push_str(&text);
            }
            source = s.source();
        }
        if message.is_empty() {
            message = kind.to_string();
        }
        Self::Network { kind, message }
    }
}
