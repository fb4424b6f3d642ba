//! UniFFI bindings of the `cognito-auth` core for Swift and Kotlin.
//!
//! A thin layer by design; behaviour lives in the core, where it is tested in Rust. The
//! core's own types cross the FFI wherever their shape allows: `#[uniffi::remote]` declares
//! them here (UniFFI needs to see each field; the compiler checks the declaration against the
//! core's type), so they need no copy and no conversion, and everything stays in one
//! generated namespace (`com.cognitoauth`, Swift module `CognitoAuth`). What differs on
//! purpose has a type of its own: tokens, credentials, TOTP secrets and signed headers are
//! objects that print without their secrets; the code-built configuration leaves the client
//! secret out; results that carry an error carry this crate's [`AuthError`], whose variants
//! have named fields; option records take `HashMap`s (UniFFI has no `BTreeMap`).
//!
//! One file per domain (`config`, `client`, `sign_up`, `sign_in`, `session`, `user`,
//! `devices`, `federation`, `sign_out`, `signing`, `hosted_ui`, `storage`, `events`, `import`) so
//! domains are added without touching each other: a new domain adds its types and one more
//! `#[uniffi::export] impl AuthClient` block in its own file.
//!
//! Every export that can fail returns `Result<_, AuthError>` (those that cannot, such as
//! `fingerprint()`, `version()`, `fetch_auth_session` and `sign_out`, report failures in
//! their value), and every export runs inside [`runtime`]'s guards: the library's own tokio
//! runtime is entered (no "no reactor running" panic, from sync or async exports) and a panic
//! becomes [`AuthError::Internal`] instead of unwinding into the app.
//!
//! Generate bindings with the crate's own `uniffi-bindgen` binary in library mode
//! (`make bindings`).

#![warn(missing_docs)]

uniffi::setup_scaffolding!();

mod accounts;
mod authenticator;
pub use authenticator::*;
mod background;
mod client;
mod config;
mod devices;
mod error;
mod events;
mod federation;
mod hosted_ui;
mod import;
pub mod runtime;
mod session;
mod sign_in;
mod sign_out;
mod sign_up;
mod signing;
mod storage;
#[doc(hidden)]
pub mod testing;
mod user;

pub use client::AuthClient;
pub use cognito_auth::config::{AuthFlowType, OAuthResponseType};
pub use cognito_auth::storage::KeychainAccessibility;
pub use cognito_auth::{
    Account, AttributeUpdateStep, AuthEvent, AuthFactor, AuthUser, CodeDelivery, DeliveryMedium,
    ImportFormat, ImportOutcome, ImportedSession, MfaPreference, MfaPreferenceValue, MfaType,
    ResetPasswordNextStep, SignInFlow, SignUpNextStep, SignUpResult, SkipReason, UserState,
    WebUiOptions, WebUiPrompt,
};
pub use config::{AuthConfig, EndpointOverrides, IdentityPoolConfig, OAuthConfig, UserPoolConfig};
pub use devices::AuthDevice;
pub use error::{AuthError, StorageFailure};
pub use events::AuthEventStream;
pub use federation::{FederationProvider, FederationResult};
pub use hosted_ui::{LoopbackOpener, WebAuthPresenter, WebAuthResult, loopback_presenter};
pub use import::{ImportSource, skip_reason_message};
pub use session::{
    AuthSession, AwsCredentials, SessionCredentials, SessionTokens, SessionValue, UserPoolTokens,
};
pub use sign_in::{
    ConfirmSignInOptions, SignInNextStep, SignInOptions, SignInResult, TotpSetupDetails,
    auth_factor_answer, mfa_type_answer,
};
pub use sign_out::{SecretToken, SignOutResult};
pub use sign_up::SignUpOptions;
pub use signing::{HttpHeader, RequestToSign, SignedHeaders, sign_request_with};
pub use storage::{SecureStorage, memory_storage};

/// Version of the Rust core inside this library.
#[uniffi::export]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

// Platform secure storage: the Keychain and Android Keystore stores' constructors.
mod platform_storage;
pub use platform_storage::{
    KeychainStorageOptions, KeystoreStorageOptions, keychain_storage, keystore_storage,
};

#[cfg(test)]
mod tests {
    #[test]
    fn version_is_the_crate_version() {
        assert_eq!(super::version(), env!("CARGO_PKG_VERSION"));
    }
}
