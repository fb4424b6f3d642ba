//! The hosted UI (web sign-in): the flow, its desktop presenter, the callbacks that must be
//! refused, and the session it leaves.

mod loopback;
mod refused_callbacks;
mod session;
mod sign_in;
