//! The integration tests of `cognito-auth-aws`: one test binary. The AWS SDK for Rust's S3
//! client signs with a Cognito session's identity-pool credentials against our verifying S3
//! stand-in (`tests/sigv4/verifying_server.py`, started through `tests/support`), which
//! recomputes each SigV4 signature with botocore from the secret the identity pool issued.
//! Credentials come from moto's identity pool (fixed keys, 90 s) or, where the test needs
//! keys that change at renewal, from the scripted server playing the identity pool.
//!
//! `cargo test -p cognito-auth-aws --test integration` runs it.

mod s3;
