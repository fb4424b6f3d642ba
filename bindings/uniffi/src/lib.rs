//! UniFFI bindings of the `cognito-auth` core for Swift and Kotlin.
//!
//! A thin layer by design (newtypes and `From` conversions, no behaviour): everything that
//! can be tested in Rust lives in the core. Generate bindings with the crate's own
//! `uniffi-bindgen` binary in library mode (`make bindings`).

uniffi::setup_scaffolding!();

/// Version of the Rust core inside this library.
#[uniffi::export]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_is_the_crate_version() {
        assert_eq!(super::version(), env!("CARGO_PKG_VERSION"));
    }
}
