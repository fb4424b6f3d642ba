//! `fetch-session`, `current-user`, `federate`, `clear-federation`, `sign-out`, `state`,
//! `sign-request`. With `--store DIR` the session lives in files there, so one invocation
//! sees what the previous one stored.

use super::{client, read_secret_stdin};
use crate::Cli;
use crate::output::error_json;
use clap::Subcommand;
use cognito_auth::{
    AuthError, AwsCredentials, FederationProvider, RequestToSign, SignOutOptions, SignOutResult,
    UserPoolTokens,
};
use serde_json::{Map, Value, json};

/// Session commands.
#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Show the session: tokens, identity id and AWS credentials (refreshed when needed).
    FetchSession {
        /// Refresh tokens and credentials even when they are still valid.
        #[arg(long)]
        force_refresh: bool,
    },
    /// Show the signed-in user-pool user.
    CurrentUser,
    /// Federate into the identity pool with a provider's token.
    Federate {
        /// google, facebook, apple, amazon, twitter, oidc:ISSUER, saml:ARN, custom:KEY (or a
        /// bare Logins key).
        #[arg(long)]
        provider: String,
        /// The provider's token.
        #[arg(long, required_unless_present = "token_stdin")]
        token: Option<String>,
        /// Read the token from the first line of standard input.
        #[arg(long, conflicts_with = "token")]
        token_stdin: bool,
        /// A developer-provided identity id (GetId is skipped).
        #[arg(long = "identity-id")]
        identity_id: Option<String>,
    },
    /// Forget the federation locally.
    ClearFederation,
    /// Sign out (revoke the refresh token; with --global, sign out everywhere).
    SignOut {
        /// Also invalidate the user's tokens on every device (GlobalSignOut).
        #[arg(long)]
        global: bool,
    },
    /// Show the authentication state.
    State,
    /// Sign an HTTP request with the session's AWS credentials (SigV4); prints its headers.
    SignRequest {
        /// Service signing name (`execute-api`, `s3`, `appsync`, …).
        #[arg(long)]
        service: String,
        /// Region (default: the identity pool's).
        #[arg(long)]
        region: Option<String>,
        /// Header, `NAME:VALUE` (repeatable).
        #[arg(long = "header", value_parser = parse_header)]
        headers: Vec<(String, String)>,
        /// Request body.
        #[arg(long)]
        body: Option<String>,
        /// Sign a plain http:// URL too (a local endpoint): the session token in the signed
        /// headers then travels in clear. Without it, http URLs are refused.
        #[arg(long)]
        allow_http: bool,
        /// HTTP method.
        method: String,
        /// Absolute URL.
        url: String,
    },
}

/// `NAME:VALUE`.
fn parse_header(s: &str) -> Result<(String, String), String> {
    match s.split_once(':') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.trim().to_owned())),
        _ => Err(format!("expected NAME:VALUE, got `{s}`")),
    }
}

/// Runs a session command.
pub async fn run(cli: &Cli, cmd: &SessionCommand) -> Result<Value, AuthError> {
    let c = client(cli)?;
    match cmd {
        SessionCommand::FetchSession { force_refresh } => {
            let s = c.fetch_auth_session(*force_refresh).await;
            Ok(json!({
                "is_signed_in": s.is_signed_in,
                "user_sub": part(s.user_sub, Value::String),
                "tokens": part(s.tokens, |t| tokens_json(&t)),
                "identity_id": part(s.identity_id, Value::String),
                "aws_credentials": part(s.aws_credentials, |c| credentials_json(&c)),
            }))
        }
        SessionCommand::CurrentUser => {
            let u = c.get_current_user().await?;
            Ok(json!({"user_id": u.user_id, "username": u.username}))
        }
        SessionCommand::Federate {
            provider,
            token,
            token_stdin,
            identity_id,
        } => {
            let token = match token {
                Some(t) if !*token_stdin => t.clone(),
                _ => read_secret_stdin("provider token")?,
            };
            let provider = FederationProvider::parse(provider)?;
            let r = c
                .federate_to_identity_pool(&token, &provider, identity_id.as_deref())
                .await?;
            Ok(json!({
                "identity_id": r.identity_id,
                "aws_credentials": credentials_json(&r.credentials),
            }))
        }
        SessionCommand::ClearFederation => {
            c.clear_federation_to_identity_pool().await?;
            Ok(json!({"federation_cleared": true, "user_state": c.user_state().await.as_str()}))
        }
        SessionCommand::SignOut { global } => {
            let result = c.sign_out(SignOutOptions { global: *global }).await;
            Ok(sign_out_json(&result))
        }
        SessionCommand::State => Ok(json!({"user_state": c.user_state().await.as_str()})),
        SessionCommand::SignRequest {
            service,
            region,
            headers,
            body,
            allow_http,
            method,
            url,
        } => {
            let request = RequestToSign {
                method: method.clone(),
                url: url.clone(),
                headers: headers.clone(),
                body: body.clone().unwrap_or_default().into_bytes(),
                allow_http: *allow_http,
            };
            let signed = c.sign_request(&request, service, region.as_deref()).await?;
            let mut map = Map::new();
            for (name, value) in signed {
                match map.get_mut(&name) {
                    Some(Value::String(prev)) => {
                        prev.push(',');
                        prev.push_str(&value);
                    }
                    _ => {
                        map.insert(name, Value::String(value));
                    }
                }
            }
            Ok(json!({"headers": map}))
        }
    }
}

/// A part of the session: its value, or `{"error":{"kind","message"}}`.
fn part<T>(r: Result<T, AuthError>, ok: impl FnOnce(T) -> Value) -> Value {
    match r {
        Ok(v) => ok(v),
        Err(e) => err_json(&e),
    }
}

fn err_json(e: &AuthError) -> Value {
    error_json(e.kind(), &e.to_string())
}

fn tokens_json(t: &UserPoolTokens) -> Value {
    json!({
        "id_token": t.id_token.expose(),
        "access_token": t.access_token.expose(),
        "refresh_token": t.refresh_token.as_ref().map(|r| r.expose()),
        "expires_at": t.expires_at,
    })
}

fn credentials_json(c: &AwsCredentials) -> Value {
    json!({
        "access_key_id": c.access_key_id,
        "secret_access_key": c.secret_access_key.expose(),
        "session_token": c.session_token.expose(),
        "expiration": c.expiration,
    })
}

fn sign_out_json(r: &SignOutResult) -> Value {
    let opt = |e: &Option<AuthError>| e.as_ref().map_or(Value::Null, err_json);
    match r {
        SignOutResult::Complete => json!({"result": "complete"}),
        SignOutResult::Partial {
            revoke_token_error,
            global_sign_out_error,
            hosted_ui_error,
            sign_out_url,
            ..
        } => json!({
            "result": "partial",
            "revoke_token_error": opt(revoke_token_error),
            "global_sign_out_error": opt(global_sign_out_error),
            "hosted_ui_error": opt(hosted_ui_error),
            "sign_out_url": sign_out_url,
        }),
        SignOutResult::Failed(e) => json!({"result": "failed", "error": err_json(e)["error"]}),
    }
}
