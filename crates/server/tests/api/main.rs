#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design
//! Integration tests: the real server, a fresh PostgreSQL database per test, a real Redis.

mod audit;
mod auth;
mod backup;
mod bags;
mod bills;
mod concurrency;
mod config;
mod errors;
mod events;
mod exports;
mod faults;
mod floor;
mod hardening;
mod health;
mod helpers;
mod hostile_input;
mod idempotency;
mod imports;
mod limits;
mod lockout;
mod multi_instance;
mod openapi;
mod printing;
mod replica;
mod reports;
mod returns;
mod revocation;
mod scans;
mod seed;
mod site_time;
mod stats;
mod tokens;
mod totp;
mod trace;
mod users;
