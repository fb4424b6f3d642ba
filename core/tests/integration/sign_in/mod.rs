//! Signing in and the account operations around it.

mod account_codes;
mod challenges;
mod flows;
