//! SRP: the arithmetic against independent implementations, the proofs against a verifying
//! server.

mod proofs;
mod vectors;
