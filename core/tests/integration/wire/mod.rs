//! The wire client: request shapes, answers and errors, retries.

mod confirmation_codes;
mod requests_and_errors;
mod retries;
