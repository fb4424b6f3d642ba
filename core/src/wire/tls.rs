//! TLS choice: rustls with the `ring` provider (smaller than aws-lc-rs, and the same code on
//! every platform) and `rustls-platform-verifier`, so certificates are checked by the OS trust
//! store — Security.framework on Apple platforms (honours MDM-installed CAs), the Android
//! trust manager, the system store on desktop. Without the `tls` feature only `http://`
//! endpoints work (local emulators, and `cargo check` of targets without a C toolchain).

use super::WireError;
use super::error::NetworkErrorKind;

#[cfg(feature = "tls")]
pub(crate) fn configure(
    builder: reqwest::ClientBuilder,
) -> Result<reqwest::ClientBuilder, WireError> {
    use rustls_platform_verifier::BuilderVerifierExt;
    use std::sync::Arc;

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_platform_verifier())
        .map_err(|e| tls_error(&e))?
        .with_no_client_auth();
    Ok(builder.tls_backend_preconfigured(config))
}

#[cfg(not(feature = "tls"))]
pub(crate) fn configure(
    builder: reqwest::ClientBuilder,
) -> Result<reqwest::ClientBuilder, WireError> {
    Ok(builder)
}

#[cfg_attr(not(feature = "tls"), allow(dead_code))]
fn tls_error(e: &dyn std::fmt::Display) -> WireError {
    WireError::Network {
        kind: NetworkErrorKind::Connect,
        message: format!("TLS set-up failed: {e}"),
    }
}
