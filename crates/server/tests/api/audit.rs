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
    assert_eq!(
        actions,
        ["bill_deleted", "bill_created", "bag_deleted", "login_failed", "user_updated", "user_created", "login"]
    );
    let updated = &page["items"][4];
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
    assert_eq!(rest["items"].as_array().unwrap().len(), 5);

    let biller = app.user_token("bina", "biller", None).await;
    assert_problem(app.get("/api/v1/audit", &biller).await, StatusCode::FORBIDDEN, "forbidden").await;
}

fn request_id(response: &reqwest::Response) -> String {
    response.headers()["x-request-id"].to_str().unwrap().to_owned()
}

/// SPEC §7: every write leaves an entry with who, what, when, its request id and before/after.
/// Scans are stamped on their events instead (one row per scan; see `api/src/audit_trail.rs`).
#[tokio::test]
async fn every_write_is_audited_with_the_request_that_made_it() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let biller = app.user_token("bina", "biller", None).await;
    app.packed_parent(&admin, "SB00001", "KID", 2).await;
    let bill = "/api/v1/bills/B-1";
    let mut expected: Vec<(&str, String)> = Vec::new();
    let steps: [(&str, Method, String, Option<Value>); 9] = [
        ("bill_created", Method::POST, "/api/v1/bills".into(), Some(json!({"bill_id": "B-1", "capacity": 2}))),
        ("bill_updated", Method::PATCH, bill.into(), Some(json!({"capacity": 1}))),
        ("bill_parent_added", Method::POST, format!("{bill}/parents"), Some(json!({"qr": "SB00001"}))),
        ("bill_completed", Method::POST, format!("{bill}/complete"), None),
        ("bill_reopened", Method::POST, format!("{bill}/reopen"), None),
        ("bill_parent_removed", Method::DELETE, format!("{bill}/parents/SB00001"), None),
        ("bill_parent_added", Method::POST, format!("{bill}/parents"), Some(json!({"qr": "SB00001"}))),
        ("bill_completed", Method::POST, format!("{bill}/complete"), None),
        ("return_created", Method::POST, "/api/v1/returns".into(), Some(json!({"notes": "dealer"}))),
    ];
    for (action, method, path, body) in steps {
        let response = app.request(method, &path, Some(&biller), body).await;
        assert!(response.status().is_success(), "{action}: {}", response.status());
        expected.push((action, request_id(&response)));
        if action == "return_created" {
            let code = response.json::<Value>().await.unwrap()["code"].as_str().unwrap().to_owned();
            for (action, suffix, body) in [
                ("return_parent_added", "parents", json!({"qr": "SB00001"})),
                ("return_finalized", "finalize", json!({})),
            ] {
                let response = app.post(&format!("/api/v1/returns/{code}/{suffix}"), &biller, body).await;
                assert!(response.status().is_success(), "{action}: {}", response.status());
                expected.push((action, request_id(&response)));
            }
        }
    }
    // A repeat that changes nothing and a refused write leave no entry.
    assert_eq!(app.post(&format!("{bill}/complete"), &biller, json!({})).await.status(), StatusCode::OK);
    let created = app.post("/api/v1/bills", &biller, json!({"bill_id": "B-2", "capacity": 3})).await;
    expected.push(("bill_created", request_id(&created)));
    let refused = app.post("/api/v1/bills/B-2/complete", &biller, json!({})).await;
    assert_problem(refused, StatusCode::CONFLICT, "bill_not_full").await;
    let second = app.post("/api/v1/returns", &biller, json!({})).await;
    expected.push(("return_created", request_id(&second)));
    let code = second.json::<Value>().await.unwrap()["code"].as_str().unwrap().to_owned();
    let cancelled = app.post(&format!("/api/v1/returns/{code}/cancel"), &biller, json!({})).await;
    expected.push(("return_cancelled", request_id(&cancelled)));
    let logout = app.post("/api/v1/auth/logout", &biller, json!({"everywhere": true})).await;
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    expected.push(("logout", request_id(&logout)));

    let page: Value = app.get("/api/v1/audit?limit=500", &admin).await.json().await.unwrap();
    let mut entries: Vec<&Value> =
        page["items"].as_array().unwrap().iter().filter(|e| e["actor_username"] == "bina").collect();
    entries.reverse();
    let recorded: Vec<(&str, String)> = entries
        .iter()
        .filter(|e| e["action"] != "login")
        .map(|e| (e["action"].as_str().unwrap(), e["request_id"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(recorded, expected);
    let updated = entries.iter().find(|e| e["action"] == "bill_updated").unwrap();
    assert_eq!((updated["before"]["capacity"].as_i64(), updated["after"]["capacity"].as_i64()), (Some(2), Some(1)));
    assert_eq!((updated["target_kind"].as_str(), updated["target_id"].as_str()), (Some("bill"), Some("B-1")));
    let added = entries.iter().find(|e| e["action"] == "bill_parent_added").unwrap();
    assert_eq!(added["after"]["parent"]["qr"], "SB00001");

    app.scan_parent(&admin, "SB00002", Some("lucknow")).await;
    let scan = app.scan_child(&admin, "SB00002", "NEW0001").await;
    assert_eq!(scan.status(), StatusCode::CREATED);
    let events: Value = app.get("/api/v1/events?bag=NEW0001&kind=child_linked", &admin).await.json().await.unwrap();
    assert_eq!(events["items"][0]["request_id"].as_str(), Some(request_id(&scan).as_str()));
}
