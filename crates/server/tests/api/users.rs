use std::collections::HashSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{assert_problem, password_of, spawn_app};

#[tokio::test]
async fn an_admin_creates_users_with_unique_names_regardless_of_case() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = app.create_user(&admin, "Ravi", "dispatcher", Some("lucknow")).await;
    assert_eq!(created["area"], "lucknow");
    assert_eq!(created["role"], "dispatcher");
    assert!(created.get("password_hash").is_none());

    let again = app
        .post("/api/v1/users", &admin, json!({"username": "ravi", "password": password_of("x"), "role": "biller"}))
        .await;
    assert_problem(again, StatusCode::CONFLICT, "duplicate").await;
}

#[tokio::test]
async fn the_role_and_area_rules_hold() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let cases = [
        (json!({"username": "disp1", "password": password_of("disp1"), "role": "dispatcher"}), "area"),
        (json!({"username": "bill1", "password": password_of("bill1"), "role": "biller", "area": "lucknow"}), "area"),
        (
            json!({"username": "disp2", "password": password_of("disp2"), "role": "dispatcher", "area": "atlantis"}),
            "area",
        ),
        (json!({"username": "disp3", "password": "password", "role": "biller"}), "password"),
    ];
    for (body, field) in cases {
        let response = app.post("/api/v1/users", &admin, body.clone()).await;
        let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(problem["details"]["fields"][0]["field"], field, "{body} → {problem}");
    }
}

#[tokio::test]
async fn nobody_changes_their_own_role_and_the_last_admin_stays() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let me: Value = app.get("/api/v1/auth/me", &admin).await.json().await.unwrap();
    let my_path = format!("/api/v1/users/{}", me["id"].as_str().unwrap());

    let demote_self = app.request(Method::PATCH, &my_path, Some(&admin), Some(json!({"role": "biller"}))).await;
    assert_problem(demote_self, StatusCode::FORBIDDEN, "forbidden").await;
    let delete_self = app.request(Method::DELETE, &my_path, Some(&admin), None).await;
    assert_problem(delete_self, StatusCode::FORBIDDEN, "forbidden").await;

    // A second admin may not demote or delete the last other admin either.
    let second = app.create_user(&admin, "second", "admin", None).await;
    let second_token = app.token("second", &password_of("second")).await;
    let ok = app.request(Method::PATCH, &my_path, Some(&second_token), Some(json!({"role": "biller"}))).await;
    assert_eq!(ok.status(), StatusCode::OK);
    let second_path = format!("/api/v1/users/{}", second["id"].as_str().unwrap());
    let new_admin = app.create_user(&second_token, "third", "admin", None).await;
    let third_token = app.token("third", &password_of("third")).await;
    let delete = app.request(Method::DELETE, &second_path, Some(&third_token), None).await;
    assert_eq!(delete.status(), StatusCode::NO_CONTENT);
    let new_admin_path = format!("/api/v1/users/{}", new_admin["id"].as_str().unwrap());
    // "third" is now the only admin: nobody is left who could demote it, and it cannot demote itself.
    let last = app.request(Method::PATCH, &new_admin_path, Some(&third_token), Some(json!({"role": "biller"}))).await;
    assert_problem(last, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn two_admins_demoting_each_other_at_once_leave_one_admin() {
    let app = spawn_app().await;
    for round in 0..5 {
        // Each round's SQL demotes and restores `admin`, which ends its earlier tokens.
        let root = app.admin_token().await;
        let (a, b) = (format!("alpha{round}"), format!("bravo{round}"));
        let a_user = app.create_user(&root, &a, "admin", None).await;
        let b_user = app.create_user(&root, &b, "admin", None).await;
        let (a_token, b_token) = (app.token(&a, &password_of(&a)).await, app.token(&b, &password_of(&b)).await);
        // Leave exactly these two as admins.
        sqlx::query("update users set role = 'biller' where role = 'admin' and username not in ($1, $2)")
            .bind(&a)
            .bind(&b)
            .execute(&app.pool)
            .await
            .unwrap();
        let a_path = format!("/api/v1/users/{}", a_user["id"].as_str().unwrap());
        let b_path = format!("/api/v1/users/{}", b_user["id"].as_str().unwrap());
        let (x, y) = tokio::join!(
            app.request(Method::PATCH, &b_path, Some(&a_token), Some(json!({"role": "biller"}))),
            app.request(Method::PATCH, &a_path, Some(&b_token), Some(json!({"role": "biller"}))),
        );
        let statuses = [x.status(), y.status()];
        // The loser is refused as the last admin (409), or, if the winner's change landed before
        // its request was checked, as no longer an admin at all (401: its token was revoked).
        let loser_refused = statuses.contains(&StatusCode::CONFLICT) || statuses.contains(&StatusCode::UNAUTHORIZED);
        assert!(statuses.contains(&StatusCode::OK) && loser_refused, "{statuses:?}");
        let admins: i64 = sqlx::query_scalar("select count(*) from users where role = 'admin' and deleted_at is null")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert_eq!(admins, 1);
        sqlx::query("update users set role = 'admin' where username = 'admin'").execute(&app.pool).await.unwrap();
    }
}

#[tokio::test]
async fn changing_role_and_area_and_resetting_a_password() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let user = app.create_user(&admin, "kiran", "dispatcher", Some("lucknow")).await;
    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());

    let moved: Value =
        app.request(Method::PATCH, &path, Some(&admin), Some(json!({"area": "indore"}))).await.json().await.unwrap();
    assert_eq!(moved["area"], "indore");
    // Clearing a dispatcher's area conflicts with the role they have (409); naming a role and an
    // area that never fit is a bad request whoever the user is (422, stated in the schema).
    let no_area = app.request(Method::PATCH, &path, Some(&admin), Some(json!({"area": null}))).await;
    let problem = assert_problem(no_area, StatusCode::CONFLICT, "area_conflict").await;
    assert_eq!(problem["detail"], "area: a dispatcher needs a dispatch area");
    let contradiction = json!({"role": "dispatcher", "area": null});
    let refused = app.request(Method::PATCH, &path, Some(&admin), Some(contradiction)).await;
    let problem = assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(problem["details"]["fields"][0]["field"], "area");
    let biller: Value =
        app.request(Method::PATCH, &path, Some(&admin), Some(json!({"role": "biller"}))).await.json().await.unwrap();
    assert_eq!(biller["role"], "biller");
    assert_eq!(biller["area"], Value::Null);
    let area_for_a_biller = app.request(Method::PATCH, &path, Some(&admin), Some(json!({"area": "indore"}))).await;
    assert_problem(area_for_a_biller, StatusCode::CONFLICT, "area_conflict").await;
    let back = json!({"role": "dispatcher"});
    let no_area_to_keep = app.request(Method::PATCH, &path, Some(&admin), Some(back)).await;
    assert_problem(no_area_to_keep, StatusCode::CONFLICT, "area_conflict").await;

    let reset = app.request(Method::PATCH, &path, Some(&admin), Some(json!({"password": "Reset-Pass-2026!"}))).await;
    assert_eq!(reset.status(), StatusCode::OK);
    assert_eq!(app.login("kiran", "Reset-Pass-2026!").await.status(), StatusCode::OK);

    let audit: Vec<(String,)> = sqlx::query_as("select action from audit_log where action like 'user_%' order by id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(audit.len(), 4, "{audit:?}"); // created, moved, role, password (the refused change wrote nothing)
}

#[tokio::test]
async fn a_deleted_user_cannot_sign_in_and_is_404() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let user = app.create_user(&admin, "gone", "biller", None).await;
    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
    assert_eq!(app.request(Method::DELETE, &path, Some(&admin), None).await.status(), StatusCode::NO_CONTENT);
    assert_problem(app.get(&path, &admin).await, StatusCode::NOT_FOUND, "not_found").await;
    assert_problem(app.login("gone", &password_of("gone")).await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let again = app.request(Method::DELETE, &path, Some(&admin), None).await;
    assert_problem(again, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn the_list_filters_and_pages_without_repeats() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for i in 0..7 {
        app.create_user(&admin, &format!("disp{i}"), "dispatcher", Some("jaipur")).await;
    }
    app.create_user(&admin, "billy", "biller", None).await;

    let mut seen = HashSet::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/users?role=dispatcher&limit=3&cursor={c}"),
            None => "/api/v1/users?role=dispatcher&limit=3".to_owned(),
        };
        let page: Value = app.get(&path, &admin).await.json().await.unwrap();
        for item in page["items"].as_array().unwrap() {
            assert_eq!(item["role"], "dispatcher");
            assert!(seen.insert(item["id"].as_str().unwrap().to_owned()), "repeated {item}");
        }
        pages += 1;
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!((seen.len(), pages), (7, 3));

    let found: Value = app.get("/api/v1/users?q=BILL", &admin).await.json().await.unwrap();
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    let jaipur: Value = app.get("/api/v1/users?area=jaipur&limit=500", &admin).await.json().await.unwrap();
    assert_eq!(jaipur["items"].as_array().unwrap().len(), 7);
    assert_eq!(jaipur["next_cursor"], Value::Null);
}

/// Who-columns of bags and events are not foreign keys (migration 6), so the database itself
/// must refuse to lose a user row they may name.
#[tokio::test]
async fn user_rows_are_never_hard_deleted() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let created = app.create_user(&admin, "gone", "dispatcher", Some("lucknow")).await;
    let id = created["id"].as_str().unwrap().parse::<uuid::Uuid>().unwrap();
    let error = sqlx::query("delete from users where id = $1").bind(id).execute(&app.pool).await.unwrap_err();
    assert!(error.to_string().contains("never deleted"), "{error}");
    let response = app.request(Method::DELETE, &format!("/api/v1/users/{id}"), Some(&admin), None).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT, "the API soft-deletes");
}
