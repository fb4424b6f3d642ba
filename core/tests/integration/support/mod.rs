//! Helpers shared by several suites (no tests here).

pub mod clients;
pub mod reliability;
pub mod web;
