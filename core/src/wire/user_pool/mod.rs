//! Cognito user pools (`AWSCognitoIdentityProviderService`): the client, and the request and
//! response of each public (non-admin) operation, one file per domain.

mod auth;
mod challenge;
mod client;
mod delivery;
mod devices;
mod mfa;
mod parameters;
mod password;
mod sign_out;
mod sign_up;
mod user;

pub(crate) use auth::*;
pub(crate) use challenge::Challenge;
pub(crate) use client::UserPoolClient;
pub(crate) use delivery::*;
pub(crate) use devices::*;
pub(crate) use mfa::*;
pub(crate) use parameters::AuthParameters;
pub(crate) use password::*;
pub(crate) use sign_out::*;
pub(crate) use sign_up::*;
pub(crate) use user::*;
