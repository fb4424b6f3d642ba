//! UniFFI bindings of the `cognito-auth` core for Swift and Kotlin.
//!
//! A thin layer by design: records, enums and objects that mirror the core's types, with
//! `From` conversions and nothing else; behaviour lives in the core, where it is tested in
//! Rust. One file per domain (`config`, `client`, `sign_up`, `sign_in`, `session`, `user`,
//! `devices`, `federation`, `sign_out`, `signing`, `hosted_ui`, `storage`, `events`) so
//! domains are added without touching each other: a new domain adds its records and one more
//! `#[uniffi::export(async_runtime = "tokio")] impl AuthClient` block in its own file.
//!
//! Every export returns `Result<_, AuthError>` and runs inside [`runtime`]'s guards: the
//! library's own tokio runtime is entered (no "no reactor running" panic, from sync or async
//! exports) and a panic becomes [`AuthError::Internal`] instead of unwinding into the app.
//!
//! Generate bindings with the crate's own `uniffi-bindgen` binary in library mode
//! (`make bindings`).

#![warn(missing_docs)]

uniffi::setup_scaffolding!();

mod client;
mod config;
mod devices;
mod error;
mod events;
mod federation;
mod hosted_ui;
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
pub use config::{
    AuthConfig, AuthFlowType, EndpointOverrides, IdentityPoolConfig, OAuthConfig,
    OAuthResponseType, UserPoolConfig,
};
pub use devices::AuthDevice;
pub use error::{AuthError, StorageFailure};
pub use events::{AuthEvent, AuthEventStream, UserState};
pub use federation::{FederationProvider, FederationResult};
pub use hosted_ui::{
    LoopbackOpener, WebAuthPresenter, WebAuthResult, WebUiOptions, WebUiPrompt, loopback_presenter,
};
pub use session::{
    AuthSession, AuthUser, AwsCredentials, SessionCredentials, SessionTokens, SessionValue,
    UserPoolTokens,
};
pub use sign_in::{
    AuthFactor, ConfirmSignInOptions, MfaType, SignInFlow, SignInNextStep, SignInOptions,
    SignInResult, TotpSetupDetails, auth_factor_answer, mfa_type_answer,
};
pub use sign_out::SignOutResult;
pub use sign_up::{CodeDelivery, DeliveryMedium, SignUpNextStep, SignUpOptions, SignUpResult};
pub use signing::{HttpHeader, RequestToSign, SignedHeaders, sign_request_with};
pub use storage::{SecureStorage, memory_storage};
pub use user::{AttributeUpdateStep, MfaPreference, MfaPreferenceValue, ResetPasswordNextStep};

/// Version of the Rust core inside this library.
#[uniffi::export]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

// Platform secure storage: the Keychain and Android Keystore stores' constructors.
mod platform_storage;
pub use platform_storage::{
    KeychainAccessibility, KeychainStorageOptions, KeystoreStorageOptions, keychain_storage,
    keystore_storage,
};

#[cfg(test)]
mod tests {
    #[test]
    fn version_is_the_crate_version() {
        assert_eq!(super::version(), env!("CARGO_PKG_VERSION"));
    }
}
