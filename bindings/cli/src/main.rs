//! `cognito-auth`: try a Cognito user pool out from the shell.
//!
//! Contract (tooling is written against it; keep names and shapes stable): every command
//! prints one JSON document on stdout and exits 0; a failure prints
//! `{"error":{"kind":"<Kind>","message":"…"}}` on stderr and exits 1 (2 for a usage error),
//! where `Kind` is the core error's variant name. JSON fields are snake_case.

mod commands;
mod output;
mod store_key;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Amazon Cognito authentication from the command line (JSON output).
#[derive(Debug, Parser)]
#[command(name = "cognito-auth", version, about)]
pub struct Cli {
    /// amplify_outputs.json or amplifyconfiguration.json.
    #[arg(long, global = true, env = "COGNITO_AUTH_CONFIG")]
    pub config: Option<PathBuf>,
    /// Directory where the session is stored between invocations.
    #[arg(long, global = true, env = "COGNITO_AUTH_STORE")]
    pub store: Option<PathBuf>,
    /// Where the store's key is kept. `auto`: the OS keyring (macOS Keychain, Windows
    /// Credential Manager, the Secret Service on Linux; one entry of service `cognito-auth` per
    /// store directory) when one answers within 3 s, else the key file
    /// `$XDG_CONFIG_HOME/cognito-auth/store.key` (`~/.config/…`, mode 0600); an existing key
    /// file stays in use, and a keyring entry wins over it. `keyring` or `file` pins one.
    /// `COGNITO_AUTH_STORE_KEY` (base64 of 32 bytes) overrides all of them, then
    /// `COGNITO_AUTH_STORE_KEY_FILE` (a key file of your choice).
    #[arg(
        long,
        global = true,
        env = "COGNITO_AUTH_STORE_KEY_SOURCE",
        value_enum,
        default_value_t = store_key::StoreKeySource::Auto
    )]
    pub store_key_source: store_key::StoreKeySource,
    /// The longest any command waits for the network, in seconds, across its retries and
    /// requests (default 30).
    #[arg(long, global = true, env = "COGNITO_AUTH_NETWORK_TIMEOUT", value_parser = parse_timeout)]
    pub network_timeout: Option<std::time::Duration>,
    /// The account to work on, when not the active one (see `accounts`); a sign-in to an
    /// account not listed yet adds it.
    #[arg(long, global = true, env = "COGNITO_AUTH_ACCOUNT")]
    pub account: Option<String>,
    /// Override the user pool endpoint (http allowed, for local peers).
    #[arg(long, global = true)]
    pub user_pool_endpoint: Option<url::Url>,
    /// Override the identity pool endpoint (http allowed, for local peers).
    #[arg(long, global = true)]
    pub identity_pool_endpoint: Option<url::Url>,
    /// Override the hosted UI's OAuth domain (http allowed, for local providers).
    #[arg(long, global = true)]
    pub oauth_endpoint: Option<url::Url>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Commands: each domain's enum, flattened (one line per domain here).
#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(flatten)]
    Config(commands::config::ConfigCommand),
    #[command(flatten)]
    SignUp(commands::sign_up::SignUpCommand),
    #[command(flatten)]
    Session(commands::session::SessionCommand),
    #[command(flatten)]
    HostedUi(commands::hosted_ui::HostedUiCommand),
    #[command(flatten)]
    SignIn(commands::sign_in::SignInCommand),
    #[command(flatten)]
    User(commands::user::UserCommand),
    #[command(flatten)]
    Accounts(commands::accounts::AccountsCommand),
    #[command(flatten)]
    Import(commands::import::ImportCommand),
    #[command(flatten)]
    Login(commands::login::LoginCommand),
}

/// Runs the parsed command.
async fn run(cli: Cli) -> Result<serde_json::Value, cognito_auth::AuthError> {
    match &cli.command {
        Command::Config(c) => commands::config::run(&cli, c).await,
        Command::SignUp(c) => commands::sign_up::run(&cli, c).await,
        Command::Session(c) => commands::session::run(&cli, c).await,
        Command::HostedUi(c) => commands::hosted_ui::run(&cli, c).await,
        Command::SignIn(c) => commands::sign_in::run(&cli, c).await,
        Command::User(c) => commands::user::run(&cli, c).await,
        Command::Accounts(c) => commands::accounts::run(&cli, c).await,
        Command::Import(c) => commands::import::run(&cli, c).await,
        Command::Login(c) => commands::login::run(&cli, c).await,
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return output::usage_error(e),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            return output::failure(&cognito_auth::AuthError::Internal(format!(
                "cannot start the async runtime: {e}"
            )));
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(value) => output::success(&value),
        Err(e) => output::failure(&e),
    }
}

/// `--network-timeout`: whole seconds, 1 to 3600.
fn parse_timeout(s: &str) -> Result<std::time::Duration, String> {
    match s.parse::<u64>() {
        Ok(secs @ 1..=3600) => Ok(std::time::Duration::from_secs(secs)),
        _ => Err(format!(
            "expected a number of seconds from 1 to 3600, got `{s}`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        // clap's own checks of the definitions.
        <Cli as clap::CommandFactory>::command().debug_assert();
        // A global option and a command's option of one name would parse, then panic when
        // read back (`sign-in-web --timeout` is the browser's wait).
        let cli = Cli::try_parse_from([
            "cognito-auth",
            "--network-timeout",
            "5",
            "sign-in-web",
            "--timeout",
            "7",
        ])
        .unwrap();
        assert_eq!(cli.network_timeout, Some(std::time::Duration::from_secs(5)));
    }
}
