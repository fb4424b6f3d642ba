//! Secure storage: the file store itself, and sessions kept in it.

mod file_store;
mod sessions;
