use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn the_audit_trail_is_admin_only_and_records_who_did_what() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let user = app.create_user(&admin, "ravi", "dispatcher", Some("lucknow")).await;
    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
    app.request(Method::PATCH, &path, Some(&admin), Some(json!({"area": "indore"}))).await;
    app.login("ravi", "Wrong-Pass-2026!").await;
    app.scan_parent(&admin, "SB00001", None).await;
    app.request(Method::DELETE, "/api/v1/bags/SB00001", Some(&admin), None).await;
    app.post("/api/v1/bills", &admin, json!({"bill_id": "B-1", "capacity": 1})).await;
    app.request(Method::DELETE, "/api/v1/bills/B-1", Some(&admin), None).await;

    let page: Value = app.get("/api/v1/audit?limit=500", &admin).await.json().await.unwrap();
    let actions: Vec<&str> = page["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["bill_deleted", "bag_deleted", "login_failed", "user_updated", "user_created", "login"]);
    let updated = &page["items"][3];
    assert_eq!(
        (updated["before"]["area"].as_str(), updated["after"]["area"].as_str()),
        (Some("lucknow"), Some("indore"))
    );
    assert_eq!(updated["actor_username"], "admin");
    assert_eq!(updated["client_addr"], "127.0.0.0");
    assert!(updated["request_id"].as_str().is_some_and(|id| id.len() == 36));

    let failures: Value = app.get("/api/v1/audit?action=login_failed", &admin).await.json().await.unwrap();
    assert_eq!(failures["items"].as_array().unwrap().len(), 1);
    let paged: Value = app.get("/api/v1/audit?limit=2", &admin).await.json().await.unwrap();
    let next = paged["next_cursor"].as_str().unwrap();
    let rest: Value = app.get(&format!("/api/v1/audit?limit=500&cursor={next}"), &admin).await.json().await.unwrap();
    assert_eq!(rest["items"].as_array().unwrap().len(), 4);

    let biller = app.user_token("bina", "biller", None).await;
    assert_problem(app.get("/api/v1/audit", &biller).await, StatusCode::FORBIDDEN, "forbidden").await;
}
