//! Sessions through the public API (the session layer's own tests are unit tests in
//! `core/src/session`).

mod federation;
