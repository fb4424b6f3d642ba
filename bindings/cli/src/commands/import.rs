//! `import`: takes over the session Amplify (Swift, Android, JS) stored, once, from a dump of
//! its entries. The platform stores (Keychain, encrypted shared preferences, `localStorage`)
//! are read by the app or by a tool of that platform; this command reads their key → value
//! dump as one JSON object.

use super::client;
use crate::Cli;
use clap::{Subcommand, ValueEnum};
use cognito_auth::{AuthError, ImportOutcome, ImportSource};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The library whose entries `--file` holds.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Library {
    /// amplify-js v6 / amazon-cognito-identity-js: `localStorage` entries.
    #[value(name = "amplify-js")]
    Js,
    /// Amplify Android v2: the decrypted entries of `com.amplify.credentialStore`.
    #[value(name = "amplify-android")]
    Android,
    /// Amplify Swift v2: the Keychain items of `com.amplify.awsCognitoAuthPlugin`.
    #[value(name = "amplify-swift")]
    Swift,
}

/// Import commands.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import the session Amplify stored (once: skipped when this store has a session).
    /// Prints `{"outcome":"imported"|"skipped","message":"<a sentence>",…}`.
    Import {
        /// The library the entries come from.
        #[arg(long, value_enum)]
        from: Library,
        /// A JSON object of key → value. A string value is the entry as it is (for
        /// amplify-swift: the Keychain item's data as UTF-8 text, which is what Amplify Swift
        /// writes); any other JSON value stands for its compact JSON text.
        #[arg(long)]
        file: PathBuf,
    },
}

/// Runs an import command.
pub async fn run(cli: &Cli, cmd: &ImportCommand) -> Result<Value, AuthError> {
    let ImportCommand::Import { from, file } = cmd;
    let entries = read_entries(file)?;
    let source = match from {
        Library::Js => ImportSource::AmplifyJs { entries },
        Library::Android => ImportSource::AmplifyAndroid { entries },
        Library::Swift => ImportSource::AmplifySwift {
            items: entries
                .into_iter()
                .map(|(k, v)| (k, v.into_bytes()))
                .collect(),
        },
    };
    let c = client(cli)?;
    Ok(match c.import_session(source).await? {
        ImportOutcome::Imported { what } => json!({
            "outcome": "imported",
            "message": format!("imported the {} session of {}", what.format, what.username),
            "username": what.username,
            "identity_id": what.identity_id,
            "aws_credentials": what.aws_credentials,
            "devices": what.devices,
        }),
        ImportOutcome::Skipped { reason } => json!({
            "outcome": "skipped",
            "message": format!("skipped: {reason}"),
        }),
    })
}

/// The file's key → value object. Errors never quote the file's content (credentials).
fn read_entries(path: &Path) -> Result<BTreeMap<String, String>, AuthError> {
    let invalid = |reason: String| AuthError::InvalidParameter(format!("--file: {reason}"));
    let text = std::fs::read_to_string(path)
        .map_err(|e| invalid(format!("cannot read {}: {e}", path.display())))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        invalid(format!(
            "{} is not JSON (error at line {} column {})",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let Value::Object(map) = value else {
        return Err(invalid(format!(
            "{} is not a JSON object of key → value",
            path.display()
        )));
    };
    Ok(map
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            (k, v)
        })
        .collect())
}
