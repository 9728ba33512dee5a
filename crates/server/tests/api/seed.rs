//! `tracetrack seed` produces data that obeys every invariant the API maintains.

use secrecy::SecretString;
use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn seeded_data_is_consistent_and_covers_every_state() {
    let app = spawn_app().await;
    let settings = tracetrack_server::Settings {
        database_url: Some(SecretString::from(app.database_url.clone())),
        ..Default::default()
    };
    tracetrack_server::seed::run(&settings, 300, Some(12)).await.unwrap();

    let (over_full, bad_counts): (i64, i64) = sqlx::query_as(
        "select count(*) filter (where p.child_count > p.max_children),
                count(*) filter (where p.child_count <> (select count(*) from bags c where c.parent_id = p.id))
         from bags p where p.kind = 'parent'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((over_full, bad_counts), (0, 0));
    let unbalanced: i64 = sqlx::query_scalar(
        "select count(*) from bills b where linked_count <> (select count(*) from bags p where p.bill_id = b.id)
            or child_count <> (select coalesce(sum(child_count), 0) from bags p where p.bill_id = b.id)",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(unbalanced, 0);
    let states: Vec<(String,)> =
        sqlx::query_as("select distinct status from bills order by 1").fetch_all(&app.pool).await.unwrap();
    assert_eq!(states.len(), 3, "{states:?}");
    let parent_states: Vec<(String,)> =
        sqlx::query_as("select distinct status from bags where kind = 'parent' order by 1")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(parent_states.len(), 3, "{parent_states:?}");

    // The dashboard agrees with a recount.
    let token = app.admin_token().await;
    let stats: Value = app.get("/api/v1/stats", &token).await.json().await.unwrap();
    let (bags, unlinked): (i64, i64) =
        sqlx::query_as("select count(*), count(*) filter (where kind = 'child' and parent_id is null) from bags")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((stats["bags_total"].as_i64(), stats["unlinked_children"].as_i64()), (Some(bags), Some(unlinked)));
    // The history lies in the working hours of past days where the site is (IST).
    let (outside, future, oldest_days): (i64, i64, f64) = sqlx::query_as(
        "select count(*) filter (where extract(hour from occurred_at at time zone 'Asia/Kolkata') not between 8 and 19),
                count(*) filter (where occurred_at > now()),
                coalesce(extract(epoch from now() - min(occurred_at)) / 86400, 0)::float8
         from events where kind in ('parent_created', 'child_linked', 'bill_created')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((outside, future), (0, 0), "seeded events in local working hours, none ahead");
    assert!(oldest_days <= 92.0, "{oldest_days} days back");
    // The dashboard's activity is the seeded history's scans, to the quarter hour.
    let (mismatched, scans): (i64, i64) = sqlx::query_as(
        "select count(*) filter (where a.scans is distinct from e.scans),
                (select count(*) from events where kind = 'child_linked')
         from (select date_bin('15 minutes', occurred_at, timestamptz '2000-01-01 00:00:00+00') as quarter,
                      area, actor_id, count(*) as scans
               from events where kind = 'child_linked' group by 1, 2, 3) e
         full join scan_activity a
             on a.quarter = e.quarter and a.area is not distinct from e.area and a.actor_id is not distinct from e.actor_id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(scans > 0);
    assert_eq!(mismatched, 0);
    let today = domain::SiteZone::default().today();
    let from = today - chrono::Days::new(100);
    let days: Value =
        app.get(&format!("/api/v1/stats/activity?from={from}&to={today}"), &token).await.json().await.unwrap();
    let total: i64 = days["series"].as_array().unwrap().iter().map(|p| p["scans"].as_i64().unwrap()).sum();
    assert_eq!(total, scans, "every seeded scan in the last 100 days' activity");
    // Seeded operators can sign in.
    assert_eq!(app.login("op-lucknow", tracetrack_server::seed::OPERATOR_PASSWORD).await.status(), 200);
}

/// `TRACETRACK_DEMO=1` (the README's run command) fills an empty database once, and leaves a
/// database that already holds bags alone.
#[tokio::test]
async fn the_demo_seeds_an_empty_database_once() {
    let app = spawn_app().await;
    let settings = tracetrack_server::Settings { demo: true, ..Default::default() };
    let hasher = api::auth::PasswordHasher::new(1).unwrap();
    tracetrack_server::bootstrap::apply(&app.pool, &hasher, &settings).await.unwrap();
    let bags = || sqlx::query_scalar::<_, i64>("select count(*) from bags").fetch_one(&app.pool);
    let (parents, bills): (i64, i64) =
        sqlx::query_as("select (select count(*) from bags where kind = 'parent'), (select count(*) from bills)")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(parents, 300);
    assert!(bills > 0);
    let first = bags().await.unwrap();
    tracetrack_server::bootstrap::apply(&app.pool, &hasher, &settings).await.unwrap();
    assert_eq!(bags().await.unwrap(), first, "a second start seeds nothing");
    let token = app.login("dispatcher", "Dispatch-Demo-2026!").await;
    assert_eq!(token.status(), 200, "the demo accounts work");
}

/// The seed drops the secondary indexes and the foreign keys of the tables it fills and makes
/// them again at the end: afterwards each one is there, valid, with the definition the
/// migrations gave it, and a key still refuses what it refused before.
#[tokio::test]
async fn the_seed_leaves_every_index_and_key_as_the_migrations_made_them() {
    let app = spawn_app().await;
    let schema = async || -> Vec<(String, String)> {
        sqlx::query_as(
            "select c.relname::text, pg_get_indexdef(i.indexrelid) from pg_index i join pg_class c on c.oid = i.indexrelid
             where i.indrelid in ('bags'::regclass, 'events'::regclass) and i.indisvalid
             union all
             select conname::text, pg_get_constraintdef(oid) from pg_constraint
             where conrelid in ('bags'::regclass, 'events'::regclass) and convalidated
             order by 1, 2",
        )
        .fetch_all(&app.pool)
        .await
        .unwrap()
    };
    let before = schema().await;
    assert!(before.iter().any(|(name, _)| name == "bags_parent_is_parent"), "{before:?}");
    let settings = tracetrack_server::Settings {
        database_url: Some(SecretString::from(app.database_url.clone())),
        ..Default::default()
    };
    tracetrack_server::seed::run(&settings, 40, Some(2)).await.unwrap();
    assert_eq!(schema().await, before);
    let orphan = sqlx::query(
        "insert into bags (qr, kind, status, area, parent_id, linked_at, created_by)
         select 'CORPHAN01', 'child', 'linked', 'lucknow', max(id) + 1000, now(), null from bags",
    )
    .execute(&app.pool)
    .await
    .unwrap_err();
    assert!(orphan.to_string().contains("bags_parent_is_parent"), "{orphan}");
}

/// Past parent 99,999 the default types' five digits run out: the seed's parents get seven-digit
/// codes of the wide types, every code matches its type's pattern, children stay unique, and
/// the API scans them like any other.
#[tokio::test]
async fn parents_past_99999_get_seven_digit_codes_of_the_wide_types() {
    let app = spawn_app().await;
    let admin: (uuid::Uuid,) =
        sqlx::query_as("select id from users where username = 'admin'").fetch_one(&app.pool).await.unwrap();
    let operators = vec![(admin.0, "lucknow".to_owned())];
    let mut conn = app.pool.acquire().await.unwrap();
    storage::seed::wide_types(&mut conn).await.unwrap();
    storage::seed::wide_types(&mut conn).await.unwrap();
    storage::seed::parents(&mut conn, 99_994, 12, &operators).await.unwrap();
    drop(conn);

    let parents: Vec<(String, String)> =
        sqlx::query_as("select qr, parent_type from bags where kind = 'parent' order by qr")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(parents.len(), 12);
    assert!(parents.contains(&("SB99994".into(), "mustard".into())), "{parents:?}");
    assert!(parents.contains(&("M444-99995".into(), "moong".into())), "{parents:?}");
    assert!(parents.contains(&("SB0100000".into(), "mustard_wide".into())), "{parents:?}");
    assert!(parents.contains(&("M444-0100001".into(), "moong_wide".into())), "{parents:?}");
    let (mismatched, children, distinct): (i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from bags b join parent_types t on t.code = b.parent_type
                 where b.kind = 'parent' and b.qr !~ ('^' || t.qr_pattern || '$')),
                (select count(*) from bags where kind = 'child'),
                (select count(distinct qr) from bags where kind = 'child')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(mismatched, 0, "every code matches its type's pattern");
    assert_eq!(children, distinct);

    let token = app.admin_token().await;
    let seeded = app.scan_parent(&token, "SB0100000", None).await;
    assert_eq!(seeded.status(), reqwest::StatusCode::OK, "a seeded wide parent is found");
    let created: Value = app.scan_parent(&token, "SB0200000", Some("lucknow")).await.json().await.unwrap();
    assert_eq!(created["parent"]["parent_type"], "mustard_wide", "{created}");
}
