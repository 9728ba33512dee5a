//! The `tracetrack` server: settings, telemetry, startup and the private PostgreSQL. The binary
//! in `main.rs` is a thin CLI over this library, which the integration tests start directly.

pub mod bootstrap;
pub mod cli;
pub mod compression;
pub mod drain;
pub mod housekeeping;
pub mod local_postgres;
pub mod memory;
pub mod seed;
pub mod settings;
pub mod spa;
pub mod startup;
pub mod telemetry;
pub mod webhook_delivery;

pub use settings::Settings;
pub use startup::Application;
