#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design
//! Integration tests: the real server, a fresh PostgreSQL database per test, a real Redis.

mod audit;
mod auth;
mod bags;
mod bills;
mod concurrency;
mod config;
mod errors;
mod events;
mod exports;
mod health;
mod helpers;
mod idempotency;
mod imports;
mod openapi;
mod reports;
mod returns;
mod scans;
mod seed;
mod stats;
mod tokens;
mod totp;
mod trace;
mod users;
