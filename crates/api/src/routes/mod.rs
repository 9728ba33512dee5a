//! HTTP handlers, one file per area of the API. Each parses, calls domain and storage, answers.

pub mod audit;
pub mod auth;
pub mod bags;
pub mod bags_dto;
pub mod bills;
pub mod bills_dto;
pub mod config;
pub mod events;
pub mod events_dto;
pub mod export_rows;
pub mod exports;
pub mod health;
pub mod imports;
pub mod reports;
pub mod returns;
pub mod scans;
pub mod stats;
pub mod totp;
pub mod trace;
pub mod users;
pub mod users_dto;

use actix_web::web::{self, delete, get, patch, post, resource};

/// Registers every route of the API. One `resource` per path, so a known path with an
/// unsupported method answers 405 rather than 404.
pub fn api_v1(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .service(resource("/auth/login").route(post().to(auth::login)))
            .service(resource("/auth/refresh").route(post().to(auth::refresh)))
            .service(resource("/auth/logout").route(post().to(auth::logout)))
            .service(resource("/auth/me").route(get().to(auth::me)))
            .service(resource("/auth/password").route(post().to(auth::change_password)))
            .service(resource("/auth/totp/setup").route(post().to(totp::setup)))
            .service(resource("/auth/totp/enable").route(post().to(totp::enable)))
            .service(resource("/auth/totp/disable").route(post().to(totp::disable)))
            .service(resource("/users").route(get().to(users::list)).route(post().to(users::create)))
            .service(
                resource("/users/{id}")
                    .route(get().to(users::get))
                    .route(patch().to(users::update))
                    .route(delete().to(users::delete)),
            )
            .service(resource("/users/{id}/unlock").route(post().to(users::unlock)))
            .service(resource("/users/{id}/totp").route(delete().to(totp::reset)))
            .service(resource("/areas").route(get().to(config::list_areas)))
            .service(resource("/scans/parent").route(post().to(scans::scan_parent)))
            .service(resource("/scans/child").route(post().to(scans::scan_child)))
            .service(resource("/parents/{qr}/complete").route(post().to(scans::complete)))
            .service(resource("/parents/{qr}/undo").route(post().to(scans::undo)))
            .service(resource("/parents/{qr}/children/{child_qr}").route(delete().to(scans::unlink)))
            .service(resource("/bags").route(get().to(bags::list)))
            .service(resource("/bags/{qr}").route(get().to(bags::detail)).route(delete().to(bags::delete)))
            .service(resource("/trace/{qr}").route(get().to(trace::trace)))
            .service(resource("/events").route(get().to(events::list)))
            .service(resource("/stats").route(get().to(stats::stats)))
            .service(resource("/audit").route(get().to(audit::list)))
            .service(resource("/imports/bags").route(post().to(imports::bags)))
            .service(resource("/imports/bills").route(post().to(imports::bills)))
            .service(resource("/exports/bags.{format}").route(get().to(exports::bags)))
            .service(resource("/exports/bills.{format}").route(get().to(exports::bills)))
            .service(resource("/exports/events.{format}").route(get().to(exports::events)))
            .service(resource("/stats/activity").route(get().to(stats::activity)))
            .service(resource("/reports/eod").route(get().to(reports::eod)))
            .service(resource("/bills").route(get().to(bills::list)).route(post().to(bills::create)))
            .service(
                resource("/bills/{bill_id}")
                    .route(get().to(bills::detail))
                    .route(patch().to(bills::update))
                    .route(delete().to(bills::delete)),
            )
            .service(resource("/bills/{bill_id}/parents").route(post().to(bills::add_parent)))
            .service(resource("/bills/{bill_id}/parents/{qr}").route(delete().to(bills::remove_parent)))
            .service(resource("/bills/{bill_id}/complete").route(post().to(bills::complete)))
            .service(resource("/bills/{bill_id}/reopen").route(post().to(bills::reopen)))
            .service(resource("/returns").route(get().to(returns::list)).route(post().to(returns::create)))
            .service(resource("/returns/{code}").route(get().to(returns::detail)))
            .service(resource("/returns/{code}/parents").route(post().to(returns::add_parent)))
            .service(resource("/returns/{code}/finalize").route(post().to(returns::finalize)))
            .service(resource("/returns/{code}/cancel").route(post().to(returns::cancel)))
            .service(
                resource("/parent-types")
                    .route(get().to(config::list_parent_types))
                    .route(post().to(config::create_parent_type)),
            ),
    );
}

pub fn health(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/health/live").route(get().to(health::live)))
        .service(resource("/health/ready").route(get().to(health::ready)))
        .service(resource("/metrics").route(get().to(crate::metrics::scrape)));
}
