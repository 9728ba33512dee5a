use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;

const COMMITTED: &str = include_str!("../../../../openapi/openapi.json");

#[test]
fn the_committed_document_is_current() {
    let generated = api::openapi::document_json();
    assert!(
        COMMITTED.trim() == generated.trim(),
        "openapi/openapi.json is stale: run `cargo run -p tracetrack-server -- openapi --output openapi/openapi.json`"
    );
}

#[tokio::test]
async fn the_served_document_equals_the_committed_one_and_the_ui_works_offline() {
    let app = spawn_app().await;
    let served: Value = app.client.get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    let committed: Value = serde_json::from_str(COMMITTED).unwrap();
    assert_eq!(served, committed);
    assert!(served["openapi"].as_str().unwrap().starts_with("3.1"));

    let ui = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(ui.status(), StatusCode::OK);
    let html = ui.text().await.unwrap();
    assert!(html.contains("swagger"), "the docs page is Swagger UI");
    // The UI's script is served by us (vendored), not fetched from a CDN.
    let script = app.client.get(app.url("/api/docs/swagger-ui-bundle.js")).send().await.unwrap();
    assert_eq!(script.status(), StatusCode::OK);
}

#[test]
fn every_operation_documents_its_errors_with_the_problem_shape() {
    let document: Value = serde_json::from_str(COMMITTED).unwrap();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            assert!(operation["summary"].as_str().is_some_and(|s| !s.is_empty()), "{method} {path} has a summary");
            let responses = operation["responses"].as_object().unwrap();
            let secured = operation["security"].as_array().is_some_and(|requirements| !requirements.is_empty());
            let mut required = vec!["400", "500", "503"];
            if secured {
                required.push("401");
            }
            if path.starts_with("/api/v1/") {
                required.push("429");
            }
            if operation.get("requestBody").is_some() {
                required.extend(["413", "415"]);
            }
            for status in required {
                assert!(responses.contains_key(status), "{method} {path} documents {status}");
            }
            for (status, response) in responses {
                let response = resolve(&document, response);
                // Readiness answers 503 with its own report of what is down.
                let readiness_report = path == "/health/ready" && status == "503";
                if (status.starts_with('4') || status.starts_with('5')) && !readiness_report {
                    let schema = &response["content"]["application/problem+json"]["schema"]["$ref"];
                    assert_eq!(schema, "#/components/schemas/Problem", "{method} {path} {status}");
                }
                assert!(response["headers"].get("X-Request-Id").is_some(), "{method} {path} {status} X-Request-Id");
            }
        }
    }
}

/// A response, or the shared one its `$ref` names.
fn resolve<'a>(document: &'a Value, response: &'a Value) -> &'a Value {
    match response["$ref"].as_str() {
        Some(reference) => {
            let name = reference.strip_prefix("#/components/responses/").expect("a response ref");
            &document["components"]["responses"][name]
        }
        None => response,
    }
}

#[test]
fn every_operation_has_a_description_and_an_example() {
    let document: Value = serde_json::from_str(COMMITTED).unwrap();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let description = operation["description"].as_str().unwrap_or_default();
            assert!(description.len() >= 40, "{method} {path} has a description");
            assert!(has_example(&document, operation, 0), "{method} {path} has an example");
        }
    }
}

/// Whether an example appears in the operation: on a parameter, in the request body or in a
/// success answer, directly or in a schema it refers to.
fn has_example(document: &Value, value: &Value, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    match value {
        Value::Object(map) => {
            if map.contains_key("example") || map.contains_key("examples") {
                return true;
            }
            if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                let target = reference
                    .strip_prefix("#/")
                    .map(|pointer| document.pointer(&format!("/{pointer}")).unwrap_or(&Value::Null));
                return target.is_some_and(|target| has_example(document, target, depth + 1));
            }
            map.iter()
                .filter(|(key, _)| !key.starts_with('4') && !key.starts_with('5'))
                .any(|(_, value)| has_example(document, value, depth + 1))
        }
        Value::Array(items) => items.iter().any(|item| has_example(document, item, depth + 1)),
        _ => false,
    }
}

#[test]
fn every_refusal_code_is_in_the_documented_enum() {
    let document: Value = serde_json::from_str(COMMITTED).unwrap();
    let documented: Vec<&str> = document["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|code| code.as_str().unwrap())
        .collect();
    for code in api::error::ErrorCode::ALL {
        assert!(documented.contains(&code.as_str()), "{code:?} is not in the OpenAPI ErrorCode enum");
    }
    assert_eq!(documented.len(), api::error::ErrorCode::ALL.len());
}

#[test]
fn every_served_route_is_documented_and_every_documented_one_served() {
    let document: Value = serde_json::from_str(COMMITTED).unwrap();
    let mut documented = std::collections::BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap_or_default().to_owned();
            documented.insert((method.clone(), path.clone(), id));
        }
    }
    let served: std::collections::BTreeSet<(String, String, String)> = api::routes::all_routes()
        .map(|route| (route.method.to_owned(), route.path.to_owned(), route.operation_id.to_owned()))
        .collect();
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty() && unserved.is_empty(),
        "served only: {undocumented:?}; documented only: {unserved:?}"
    );
    for (_, _, id) in &served {
        let parts: Vec<&str> = id.split('_').collect();
        assert!(parts.len() >= 2 && parts.iter().all(|p| !p.is_empty()), "{id} is verb_noun");
    }
}
