//! The site's clock: every "day" is a local day of `TRACETRACK_TIMEZONE` (IST by default), and
//! each user's language follows them.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use domain::SiteZone;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestOptions, assert_problem, spawn_app, spawn_app_with};

/// Child scans written straight into the history at chosen instants (the clock cannot be moved),
/// with their count in the dashboard's activity, as a scan's statement writes both.
async fn scans_at(app: &TestApp, instants: &[&str]) {
    for at in instants {
        let at: DateTime<Utc> = at.parse().unwrap();
        sqlx::query(
            "with scan as (
                 insert into events (kind, occurred_at, actor_id, area, bag_qr, parent_qr)
                 select 'child_linked', $1, id, 'lucknow', 'KID' || extract(epoch from $1)::bigint, 'SB00001'
                 from users where username = 'admin'
                 returning occurred_at, area, actor_id
             )
             insert into scan_activity (quarter, area, actor_id, scans)
             select date_bin('15 minutes', occurred_at, timestamptz '2000-01-01 00:00:00+00'), area, actor_id, 1
             from scan
             on conflict (quarter, area, actor_id) do update set scans = scan_activity.scans + 1",
        )
        .bind(at)
        .execute(&app.pool)
        .await
        .unwrap();
    }
}

// 23:59 IST on the 29th, 00:01 IST and 01:30 IST on the 30th.
const BOUNDARY_SCANS: [&str; 3] = ["2026-11-29T18:29:00Z", "2026-11-29T18:31:00Z", "2026-11-29T20:00:00Z"];

async fn report(app: &TestApp, token: &str, date: &str) -> Value {
    let response = app.get(&format!("/api/v1/reports/eod?date={date}"), token).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn days_end_at_midnight_in_india_not_in_utc() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    scans_at(&app, &BOUNDARY_SCANS).await;

    let thirtieth = report(&app, &admin, "2026-11-30").await;
    assert_eq!(thirtieth["children_packed"], 2, "00:01 IST and a scan at 20:00 UTC belong to the 30th");
    assert_eq!(
        (thirtieth["from"].as_str(), thirtieth["to"].as_str()),
        (Some("2026-11-30T00:00:00+05:30"), Some("2026-12-01T00:00:00+05:30"))
    );
    assert_eq!(report(&app, &admin, "2026-11-29").await["children_packed"], 1, "23:59 IST is the 29th");

    let hours: Value = app.get("/api/v1/stats/activity?date=2026-11-30", &admin).await.json().await.unwrap();
    let series = hours["series"].as_array().unwrap();
    assert_eq!(series.len(), 24);
    assert_eq!(series[0]["at"], "2026-11-30T00:00:00+05:30");
    let counts: Vec<i64> = series.iter().map(|p| p["scans"].as_i64().unwrap()).collect();
    assert_eq!(&counts[..3], &[1, 1, 0], "00:01 in the first hour, 01:30 in the second");
    assert_eq!(hours["from"], "2026-11-30T00:00:00+05:30");

    let days: Value =
        app.get("/api/v1/stats/activity?from=2026-11-29&to=2026-11-30", &admin).await.json().await.unwrap();
    let per_day: Vec<(String, i64)> = days["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["at"].as_str().unwrap().to_owned(), p["scans"].as_i64().unwrap()))
        .collect();
    assert_eq!(per_day, [("2026-11-29T00:00:00+05:30".to_owned(), 1), ("2026-11-30T00:00:00+05:30".to_owned(), 2)]);
}

#[tokio::test]
async fn another_site_zone_moves_every_day_boundary() {
    let options = TestOptions {
        configure: |settings| settings.site.zone = SiteZone::parse("UTC").unwrap(),
        ..TestOptions::default()
    };
    let app = spawn_app_with(options).await;
    let admin = app.admin_token().await;
    scans_at(&app, &BOUNDARY_SCANS).await;
    let day = report(&app, &admin, "2026-11-29").await;
    assert_eq!(day["children_packed"], 3);
    assert_eq!(day["from"], "2026-11-29T00:00:00Z");
    let site: Value = app.get("/api/v1/site", &admin).await.json().await.unwrap();
    assert_eq!((site["timezone"].as_str(), site["utc_offset"].as_str()), (Some("UTC"), Some("+00:00")));
}

#[tokio::test]
async fn scans_today_count_from_local_midnight_by_the_minute() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.packed_parent(&admin, "SB00001", "KID", 3).await;
    let zone = SiteZone::default();
    let midnight = zone.start_of(zone.today()).unwrap().to_utc();
    // A busy last minute of yesterday, and a first minute of today.
    let minutes = [(midnight - TimeDelta::minutes(1), 100), (midnight, 10)];
    for (minute, scans) in minutes {
        sqlx::query("insert into scan_minutes (minute, area, stripe, scans) values ($1, 'lucknow', 0, $2)")
            .bind(minute)
            .bind(scans)
            .execute(&app.pool)
            .await
            .unwrap();
    }
    let asked = Utc::now();
    let stats: Value = app.get("/api/v1/stats", &admin).await.json().await.unwrap();
    let answered = Utc::now();
    assert_eq!(stats["scans_today"], 3 + 10);
    // Within an hour after midnight both minutes are in the last hour (the server's clock read
    // falls between `asked` and `answered`, which may straddle a minute).
    let last_hour = |now: DateTime<Utc>| {
        let since = (now - TimeDelta::hours(1)).duration_trunc(TimeDelta::minutes(1)).unwrap();
        3 + minutes.iter().filter(|(minute, _)| *minute >= since).map(|(_, scans)| scans).sum::<i64>()
    };
    let counted = stats["scans_last_hour"].as_i64().unwrap();
    assert!([last_hour(asked), last_hour(answered)].contains(&counted), "{counted} at {asked}..{answered}");

    let site: Value = app.get("/api/v1/site", &admin).await.json().await.unwrap();
    assert_eq!(site["timezone"], "Asia/Kolkata");
    assert_eq!(site["utc_offset"], "+05:30");
    assert_eq!(site["today"], zone.today().to_string());
    assert!(site["now"].as_str().unwrap().ends_with("+05:30"), "{site}");
}

#[tokio::test]
async fn exports_are_named_for_the_local_day() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let today = SiteZone::default().today();
    let response = app.get("/api/v1/exports/bags.csv", &admin).await;
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert_eq!(disposition, format!("attachment; filename=\"bags-{today}.csv\""));
}

#[tokio::test]
async fn each_user_chooses_their_language_and_it_follows_them() {
    let app = spawn_app().await;
    let ravi = app.user_token("ravi", "dispatcher", Some("lucknow")).await;
    let me: Value = app.get("/api/v1/auth/me", &ravi).await.json().await.unwrap();
    assert_eq!(me["language"], "en", "English until chosen");

    let changed = app.request(Method::PATCH, "/api/v1/auth/me", Some(&ravi), Some(json!({"language": "hi"}))).await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_eq!(changed.json::<Value>().await.unwrap()["language"], "hi");

    // Another scanner: a new sign-in gets the same language.
    let elsewhere = app.token("ravi", &crate::helpers::password_of("ravi")).await;
    let me: Value = app.get("/api/v1/auth/me", &elsewhere).await.json().await.unwrap();
    assert_eq!((me["language"].as_str(), me["role"].as_str()), (Some("hi"), Some("dispatcher")));

    for bad in
        [json!({"language": "fr"}), json!({"language": "hi", "role": "admin"}), json!({}), json!({"language": null})]
    {
        let response = app.request(Method::PATCH, "/api/v1/auth/me", Some(&ravi), Some(bad.clone())).await;
        assert!(response.status().is_client_error(), "{bad} → {}", response.status());
        assert_ne!(response.status(), StatusCode::UNAUTHORIZED, "{bad}: the session stays valid");
    }
    let me: Value = app.get("/api/v1/auth/me", &ravi).await.json().await.unwrap();
    assert_eq!(
        (me["language"].as_str(), me["role"].as_str()),
        (Some("hi"), Some("dispatcher")),
        "nothing else changed"
    );

    let admin = app.admin_token().await;
    let audit: Value = app.get("/api/v1/audit?action=user_language_changed", &admin).await.json().await.unwrap();
    let entries = audit["items"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{audit}");
    assert_eq!(entries[0]["after"], json!({"language": "hi"}));

    assert_problem(
        app.request(Method::PATCH, "/api/v1/auth/me", None, Some(json!({"language": "hi"}))).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}
