//! Reliability and security (docs/reliability.md): faults, offline, concurrency, crashes,
//! secrets, bad input. Shared set-up in `support::reliability`.

mod bad_input;
mod concurrency;
mod crash;
mod deadlines;
mod faults;
mod faults_user_pool;
mod offline;
mod secrets;
