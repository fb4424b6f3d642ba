//! TLS choice: rustls with the `ring` provider (smaller than aws-lc-rs, and the same code on
//! every platform).
//!
//! Certificates are checked by the OS trust store through `rustls-platform-verifier` on Apple
//! platforms (Security.framework: MDM-installed CAs honoured) and on desktop (the system
//! store). On Android the same verifier needs a Kotlin component that its authors publish only
//! in a GitHub-hosted Maven archive, which an AAR built from the package registries cannot
//! carry and which every app would have to add to its Gradle set-up; so Android uses the
//! Mozilla root set compiled in (`webpki-roots`): nothing to initialise, HTTPS works from the
//! first call, at the cost of ignoring user- and MDM-installed CAs (apps targeting Android 7+
//! ignore user CAs by default anyway). Without the `tls` feature only `http://` endpoints work
//! (local emulators, and `cargo check` of targets without a C toolchain).

use super::WireError;
use super::error::NetworkErrorKind;

#[cfg(feature = "tls")]
pub(crate) fn configure(
    builder: reqwest::ClientBuilder,
) -> Result<reqwest::ClientBuilder, WireError> {
    #[cfg(not(target_os = "android"))]
    let config = platform_config()?;
    #[cfg(target_os = "android")]
    let config = bundled_roots_config()?;
    Ok(builder.tls_backend_preconfigured(config))
}

#[cfg(feature = "tls")]
fn provider() -> std::sync::Arc<rustls::crypto::CryptoProvider> {
    std::sync::Arc::new(rustls::crypto::ring::default_provider())
}

/// The OS verifier (Apple platforms, desktop).
#[cfg(all(feature = "tls", not(target_os = "android")))]
fn platform_config() -> Result<rustls::ClientConfig, WireError> {
    use rustls_platform_verifier::BuilderVerifierExt;
    Ok(rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_platform_verifier())
        .map_err(|e| tls_error(&e))?
        .with_no_client_auth())
}

/// The Mozilla roots compiled in (Android). Built on every platform with `tls` so the tests
/// below exercise it where it cannot run natively.
#[cfg(feature = "tls")]
#[cfg_attr(not(any(target_os = "android", test)), allow(dead_code))]
fn bundled_roots_config() -> Result<rustls::ClientConfig, WireError> {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    Ok(rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_error(&e))?
        .with_root_certificates(roots)
        .with_no_client_auth())
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

#[cfg(all(test, feature = "tls"))]
mod tests {
    use super::*;

    #[test]
    fn the_android_configuration_trusts_the_mozilla_roots_and_builds_a_client() {
        let config = bundled_roots_config().unwrap();
        assert!(
            webpki_roots::TLS_SERVER_ROOTS.len() > 100,
            "a real root set"
        );
        reqwest::Client::builder()
            .tls_backend_preconfigured(config)
            .build()
            .expect("reqwest accepts the configuration");
    }
}
