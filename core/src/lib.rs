//! # cognito-auth
//!
//! Amazon Cognito authentication for apps: sign-up and sign-in against user pools, sessions
//! with automatic refresh, identity-pool credentials, federation, hosted UI, SigV4 signing,
//! and credentials kept in secure storage. This crate is the whole behaviour and knows nothing
//! of FFI; `cognito-auth-ffi` exports it to Swift and Kotlin, `cognito-auth-cli` to the shell.
//!
//! ```no_run
//! # async fn demo() -> cognito_auth::Result<()> {
//! use cognito_auth::{AuthClient, AuthOptions};
//! let json = std::fs::read_to_string("amplify_outputs.json").unwrap();
//! let client = AuthClient::from_amplify_config_json(&json, AuthOptions::default())?;
//! client.sign_up("alice", Some("Corr3ct-horse!"), Default::default()).await?;
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod authenticator;
mod client;
pub mod clock;
pub mod config;
mod deadline;
pub mod devices;
mod error;
pub mod federation;
#[doc(hidden)]
pub mod fuzzing;
mod hosted_ui;
pub mod identity_pool;
mod import;
pub mod secret;
mod session;
mod sign_in;
mod sign_out;
mod sign_up;
pub mod signing;
pub mod srp;
pub mod state;
pub mod storage;
pub mod tokens;
mod user;
mod wire;

pub use authenticator::{
    Authenticator, AuthenticatorAction, AuthenticatorOptions, AuthenticatorScreen,
    AuthenticatorStep, ContactMethod, FieldKind, FormField, InitialScreen, ScreenAction,
    SocialProvider, default_strings,
};
pub use client::{AuthClient, AuthOptions};
pub use config::{AuthConfig, AuthFlowType, ConfigError};
pub use devices::AuthDevice;
pub use error::{AuthError, Result};
pub use federation::{FederationProvider, FederationResult};
pub use hosted_ui::{
    BrowserOpener, LoopbackOptions, LoopbackPresenter, WebAuthPresenter, WebAuthResult,
    WebUiOptions, WebUiPrompt,
};
pub use identity_pool::AwsCredentials;
pub use import::{ImportFormat, ImportOutcome, ImportSource, ImportedSession, SkipReason};
pub use secret::Secret;
pub use session::{
    Account, AuthSession, AuthUser, BackgroundRefreshOptions, DEFAULT_ACCOUNT, SignInMethod,
};
pub use sign_in::{
    AuthFactor, ConfirmSignInOptions, MfaType, SignInFlow, SignInNextStep, SignInOptions,
    SignInResult, TotpSetupDetails,
};
pub use sign_out::{SignOutOptions, SignOutResult};
pub use sign_up::{CodeDelivery, DeliveryMedium, SignUpNextStep, SignUpOptions, SignUpResult};
pub use signing::{RequestToSign, sign_request_with};
pub use state::{AuthEvent, EventStream, UserState};
pub use storage::{FileStore, MemoryStore, SecureStore, StorageError, StoreKey};
pub use tokens::UserPoolTokens;
pub use user::{AttributeUpdateStep, MfaPreference, MfaPreferenceValue, ResetPasswordNextStep};
// The HTTP settings of `AuthOptions::wire`; the rest of the wire layer is private.
pub use wire::{RetryPolicy, WireOptions};
