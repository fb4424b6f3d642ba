//! `accounts`, `switch-account`, `remove-account`: several users of one configuration signed
//! in side by side (with `--store`). Every other command works on the active account, or on
//! the one `--account NAME` names (a sign-in there adds it to the list).

use super::unpinned_client;
use crate::Cli;
use clap::Subcommand;
use cognito_auth::{Account, AuthError};
use serde_json::{Value, json};

/// Account commands.
#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// List the accounts, who is signed in to each, and the active one.
    Accounts,
    /// Make another account active; with --create, add it first (empty, for a sign-in).
    SwitchAccount {
        /// The account's name (letters, digits, `-`, `_`).
        name: String,
        /// Add the account when there is none of that name.
        #[arg(long)]
        create: bool,
    },
    /// Sign an account out on this device and forget it (`default` is only signed out).
    RemoveAccount {
        /// The account's name.
        name: String,
    },
}

fn account_json(a: &Account) -> Value {
    json!({
        "name": a.name,
        "username": a.username,
        "user_state": a.state.as_str(),
        "active": a.active,
    })
}

/// Runs an account command.
pub async fn run(cli: &Cli, cmd: &AccountsCommand) -> Result<Value, AuthError> {
    let c = unpinned_client(cli)?;
    match cmd {
        AccountsCommand::Accounts => {}
        AccountsCommand::SwitchAccount { name, create } => {
            if *create {
                c.switch_or_add_account(name).await?;
            } else {
                c.switch_account(name).await?;
            }
        }
        AccountsCommand::RemoveAccount { name } => c.remove_account(name).await?,
    }
    let accounts = c.accounts().await?;
    Ok(json!({
        "active": c.active_account().await,
        "accounts": accounts.iter().map(account_json).collect::<Vec<_>>(),
    }))
}
