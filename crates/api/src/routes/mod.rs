//! HTTP handlers, one file per area of the API. Each parses, calls domain and storage, answers.

pub mod api_keys;
pub mod areas;
pub mod audit;
pub mod auth;
pub mod bags;
pub mod bags_dto;
pub mod bills;
pub mod bills_dto;
pub mod config;
pub mod download_links;
pub mod epcis;
pub mod epcis_capture;
pub mod epcis_dto;
pub mod events;
pub mod events_dto;
pub mod export_rows;
pub mod exports;
pub mod health;
pub mod imports;
pub mod imports_dto;
pub mod paper;
pub mod parent_types;
pub mod reports;
pub mod returns;
pub mod scans;
pub mod stats;
pub mod stream;
pub mod totp;
pub mod trace;
pub mod users;
pub mod users_dto;
pub mod webhooks;

use actix_web::web::{self, delete, get, patch, post, resource};

/// One served operation: its method, full path and OpenAPI operationId.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub operation_id: &'static str,
}

/// The one registration of every route: each entry is served (one `resource` per path, so a
/// known path with another method answers 405), documented (the handlers' `#[utoipa::path]`
/// annotations are collected from here into the OpenAPI document, `openapi.rs`) and listed in
/// `API_ROUTES`/`HEALTH_ROUTES` with its operationId. A test holds the served routes equal to the document's.
macro_rules! routes {
    ($scope:literal, $config:ident, $list:ident, $doc:ident:
        $($path:literal => { $($method:ident $($handler:ident)::+ => $id:literal),+ $(,)? })*) => {
        pub fn $config(cfg: &mut web::ServiceConfig) {
            // actix tries resources in the order they are registered, and a path with a
            // `{parameter}` is a regular expression: fixed paths go first, so `/stats` is a few
            // string comparisons instead of ten expressions. No fixed path is also matched by a
            // pattern, so the order decides nothing else.
            // An empty prefix gets no scope: a scope would claim every path (the SPA's too).
            if $scope.is_empty() {
                $(if !$path.contains('{') { cfg.service(resource($path)$(.route($method().to($($handler)::+)))+); })*
                $(if $path.contains('{') { cfg.service(resource($path)$(.route($method().to($($handler)::+)))+); })*
            } else {
                let mut scope = web::scope($scope);
                $(if !$path.contains('{') { scope = scope.service(resource($path)$(.route($method().to($($handler)::+)))+); })*
                $(if $path.contains('{') { scope = scope.service(resource($path)$(.route($method().to($($handler)::+)))+); })*
                cfg.service(scope);
            }
        }

        pub const $list: &[Route] = &[
            $($(Route { method: stringify!($method), path: concat!($scope, $path), operation_id: $id },)+)*
        ];

        /// The operations of this table, as documented by their handlers' annotations.
        #[derive(utoipa::OpenApi)]
        #[openapi(paths($($($($handler)::+,)+)*))]
        pub struct $doc;
    };
}

routes! { "/api/v1", api_v1, API_ROUTES, ApiV1Paths:
    "/auth/login" => { post auth::login => "sign_in" }
    "/auth/refresh" => { post auth::refresh => "refresh_session" }
    "/auth/logout" => { post auth::logout => "sign_out" }
    "/auth/me" => { get auth::me => "get_me", patch auth::update_me => "update_me" }
    "/auth/password" => { post auth::change_password => "change_password" }
    "/auth/totp/setup" => { post totp::setup => "start_totp_setup" }
    "/auth/totp/enable" => { post totp::enable => "enable_totp" }
    "/auth/totp/disable" => { post totp::disable => "disable_totp" }
    "/users" => { get users::list => "list_users", post users::create => "create_user" }
    "/users/{id}" => { get users::get => "get_user", patch users::update => "update_user", delete users::delete => "delete_user" }
    "/users/{id}/unlock" => { post users::unlock => "unlock_user" }
    "/users/{id}/totp" => { delete totp::reset => "reset_user_totp" }
    "/site" => { get config::site => "get_site" }
    "/areas" => { get config::list_areas => "list_areas", post areas::create => "create_area" }
    "/areas/{code}" => { patch areas::update => "update_area" }
    "/scans/parent" => { post scans::scan_parent => "scan_parent" }
    "/scans/child" => { post scans::scan_child => "scan_child" }
    "/parents/{qr}/complete" => { post scans::complete => "complete_parent" }
    "/parents/{qr}/undo" => { post scans::undo => "undo_last_scan" }
    "/parents/{qr}/children/{child_qr}" => { delete scans::unlink => "unlink_child" }
    "/bags" => { get bags::list => "list_bags" }
    "/bags/{qr}" => { get bags::detail => "get_bag", delete bags::delete => "delete_bag" }
    "/trace/{qr}" => { get trace::trace => "trace_bag" }
    "/events" => { get events::list => "list_events" }
    "/epcis/events" => { get epcis::query => "query_epcis_events" }
    "/epcis/days/{date}" => { get epcis::day => "get_epcis_day_document" }
    "/epcis/capture" => { post epcis_capture::capture => "capture_epcis_events" }
    "/stats" => { get stats::stats => "get_stats" }
    "/audit" => { get audit::list => "list_audit_entries" }
    "/imports/bags" => { post imports::bags => "import_bags" }
    "/imports/bills" => { post imports::bills => "import_bills" }
    "/exports/bags.{format}" => { get exports::bags => "export_bags" }
    "/exports/bills.{format}" => { get exports::bills => "export_bills" }
    "/exports/events.{format}" => { get exports::events => "export_events" }
    "/exports/audit.{format}" => { get exports::audit_trail => "export_audit_entries" }
    "/exports/links" => { post download_links::create => "create_download_link" }
    "/stats/activity" => { get stats::activity => "get_activity" }
    "/reports/eod" => { get reports::eod => "get_end_of_day_report" }
    "/reports/eod.pdf" => { get paper::day_report => "print_end_of_day_report" }
    "/labels/parents.{format}" => { get paper::parent_labels => "print_parent_labels" }
    "/bills/{bill_id}/labels.{format}" => { get paper::bill_labels => "print_bill_labels" }
    "/bills/{bill_id}/dispatch.pdf" => { get paper::dispatch_note => "print_bill_of_dispatch" }
    "/bills" => { get bills::list => "list_bills", post bills::create => "create_bill" }
    "/bills/{bill_id}" => { get bills::detail => "get_bill", patch bills::update => "update_bill", delete bills::delete => "delete_bill" }
    "/bills/{bill_id}/parents" => { post bills::add_parent => "add_bill_parent" }
    "/bills/{bill_id}/parents/{qr}" => { delete bills::remove_parent => "remove_bill_parent" }
    "/bills/{bill_id}/complete" => { post bills::complete => "complete_bill" }
    "/bills/{bill_id}/reopen" => { post bills::reopen => "reopen_bill" }
    "/returns" => { get returns::list => "list_returns", post returns::create => "create_return" }
    "/returns/{code}" => { get returns::detail => "get_return", patch returns::update => "update_return" }
    "/returns/{code}/parents" => { post returns::add_parent => "add_return_parent" }
    "/returns/{code}/finalize" => { post returns::finalize => "finalize_return" }
    "/returns/{code}/cancel" => { post returns::cancel => "cancel_return" }
    "/parent-types" => { get config::list_parent_types => "list_parent_types", post config::create_parent_type => "create_parent_type" }
    "/parent-types/{code}" => { patch parent_types::update => "update_parent_type" }
    "/stream" => { get stream::stream => "stream_live_events" }
    "/api-keys" => { get api_keys::list => "list_api_keys", post api_keys::create => "create_api_key" }
    "/api-keys/{id}" => { delete api_keys::revoke => "revoke_api_key" }
    "/api-keys/{id}/rotate" => { post api_keys::rotate => "rotate_api_key" }
    "/webhooks" => { get webhooks::list => "list_webhooks", post webhooks::create => "create_webhook" }
    "/webhooks/{id}" => { patch webhooks::update => "update_webhook", delete webhooks::delete => "delete_webhook" }
    "/webhooks/{id}/deliveries" => { get webhooks::deliveries => "list_webhook_deliveries" }
    "/webhooks/{id}/deliveries/{delivery_id}/redeliver" => { post webhooks::redeliver => "redeliver_webhook" }
}

routes! { "", health, HEALTH_ROUTES, HealthPaths:
    "/health/live" => { get health::live => "get_liveness" }
    "/health/ready" => { get health::ready => "get_readiness" }
    "/metrics" => { get crate::metrics::scrape => "get_metrics" }
}

/// Every route the server serves, health and metrics included.
pub fn all_routes() -> impl Iterator<Item = &'static Route> {
    API_ROUTES.iter().chain(HEALTH_ROUTES)
}

#[cfg(test)]
mod tests {
    use actix_web::dev::ResourceDef;

    use super::*;

    /// Fixed paths are registered before patterns (`routes!`); that is only a speed-up as long
    /// as no pattern would have answered a fixed path first.
    #[test]
    fn no_pattern_matches_a_fixed_path() {
        let (fixed, patterns): (Vec<&Route>, Vec<&Route>) = all_routes().partition(|route| !route.path.contains('{'));
        assert!(fixed.len() > 20 && patterns.len() > 20);
        for pattern in &patterns {
            let def = ResourceDef::new(pattern.path);
            for route in &fixed {
                assert!(!def.is_match(route.path), "{} would answer {}", pattern.path, route.path);
            }
        }
        // And the check can see a clash when there is one.
        assert!(ResourceDef::new("/api/v1/bags/{qr}").is_match("/api/v1/bags/export"));
    }
}
