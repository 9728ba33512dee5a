#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design
//! Integration tests: the real server, a fresh PostgreSQL database per test, a real Redis.

mod auth;
mod config;
mod errors;
mod health;
mod helpers;
mod openapi;
mod tokens;
mod users;
