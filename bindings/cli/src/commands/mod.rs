//! Commands, one module per domain; each exposes a clap `Subcommand` enum and its `run`.
//! `main.rs` flattens them into one command list.

pub mod accounts;
pub mod config;
pub mod hosted_ui;
pub mod import;
pub mod login;
pub mod session;
pub mod sign_in;
pub mod sign_up;
pub mod user;

use crate::{Cli, store_key};
use cognito_auth::{AuthClient, AuthConfig, AuthError, AuthOptions, FileStore};
use std::path::PathBuf;
use std::sync::Arc;

/// `NAME=VALUE` for repeatable options.
pub fn parse_pair(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got `{s}`")),
    }
}

/// The configuration from `--config` with the endpoint overrides applied.
pub fn load_config(cli: &Cli) -> Result<AuthConfig, AuthError> {
    let path = cli.config.as_ref().ok_or_else(|| {
        AuthError::Configuration(cognito_auth::ConfigError::Missing {
            key: "--config (or COGNITO_AUTH_CONFIG)".into(),
        })
    })?;
    let text = std::fs::read_to_string(path).map_err(|e| {
        AuthError::Configuration(cognito_auth::ConfigError::Invalid {
            key: "--config".into(),
            reason: format!("cannot read {}: {e}", path.display()),
        })
    })?;
    let mut config = AuthConfig::from_json(&text)?;
    if let Some(url) = &cli.user_pool_endpoint {
        config = config.with_user_pool_endpoint(url.clone());
    }
    if let Some(url) = &cli.identity_pool_endpoint {
        config = config.with_identity_pool_endpoint(url.clone());
    }
    if let Some(url) = &cli.oauth_endpoint {
        config = config.with_oauth_endpoint(url.clone());
    }
    config.validate()?;
    Ok(config)
}

/// Client options from the global flags: with `--store DIR` the session is kept in files
/// there, always encrypted with AES-256-GCM, otherwise in memory for this invocation only.
///
/// The key (see [`crate::store_key`]): `COGNITO_AUTH_STORE_KEY` (base64 of 32 bytes) when
/// set, else the key file named by `COGNITO_AUTH_STORE_KEY_FILE`, else the OS keyring (entry
/// of service `cognito-auth` named by the store directory), else
/// `$XDG_CONFIG_HOME/cognito-auth/store.key` (`~/.config/…`), created with mode 0600 on first
/// use; `--store-key-source` pins the keyring or the file. The key lives apart from the
/// store, so a copy of the store directory alone opens nothing.
pub fn options(cli: &Cli) -> Result<AuthOptions, AuthError> {
    let mut options = AuthOptions::default();
    if let Some(timeout) = cli.network_timeout {
        options.wire.operation_timeout = timeout;
    }
    if let Some(dir) = &cli.store {
        let env_key = std::env::var("COGNITO_AUTH_STORE_KEY").ok();
        let explicit_file = std::env::var_os("COGNITO_AUTH_STORE_KEY_FILE")
            .filter(|p| !p.is_empty())
            .map(PathBuf::from);
        let request = store_key::Request {
            env_key: env_key.as_deref().filter(|k| !k.is_empty()),
            explicit_file: explicit_file.as_deref(),
            source: cli.store_key_source,
            default_file: default_key_file(),
            store_dir: dir,
            store_in_use: store_key::in_use(dir),
        };
        let (key, _) = store_key::resolve(&request, &store_key::OsKeyring::for_store(dir))?;
        let store = FileStore::encrypted(dir, key).map_err(AuthError::Storage)?;
        options.storage = Arc::new(store);
    }
    Ok(options)
}

/// The default key file: `$XDG_CONFIG_HOME/cognito-auth/store.key`, else under `~/.config`.
fn default_key_file() -> Result<PathBuf, String> {
    let config_home = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .ok_or(
            "there is no place for the store key file: set COGNITO_AUTH_STORE_KEY_FILE or HOME",
        )?;
    Ok(config_home.join("cognito-auth").join("store.key"))
}

/// A client for the global options: of the account `--account` names, else of the active
/// one.
pub fn client(cli: &Cli) -> Result<AuthClient, AuthError> {
    let mut client = unpinned_client(cli)?;
    if let Some(account) = &cli.account {
        client = client.for_account(account)?;
    }
    hosted_ui::attach_sign_out_presenter(&client);
    Ok(client)
}

/// A client that follows the active account (what the account commands change).
pub fn unpinned_client(cli: &Cli) -> Result<AuthClient, AuthError> {
    AuthClient::new(load_config(cli)?, options(cli)?)
}

/// Reads a secret (password) from the first line of standard input.
pub fn read_secret_stdin(what: &str) -> Result<String, AuthError> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| AuthError::InvalidParameter(format!("cannot read the {what}: {e}")))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
