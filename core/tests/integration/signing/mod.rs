//! SigV4 request signing.

mod byte_for_byte;
mod verified_by_server;
