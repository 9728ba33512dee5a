//! The transactions a scenario file can name. Each is what a person at the floor does:
//! a supervisor glancing at the dashboard, a dispatcher packing a parent, a biller filling
//! a bill. Refusals a flow provokes on purpose are declared with `expecting`.

use std::sync::Arc;

use chrono::{Duration as Days, Utc};
use goose::prelude::*;
use serde_json::json;

use crate::client::{Call, Packing, call, custom, login, state, think};
use crate::plan::{CHILDREN_PER_PARENT, plan};

pub const NAMES: &[&str] = &[
    "login",
    "stats",
    "dashboard",
    "scan_history",
    "bills",
    "bags",
    "bill_create",
    "parent_scan",
    "bag_lookup",
    "trace",
    "export",
    "pack_parent",
    "fill_bill",
    "child_burst",
    "epcis_poll",
];

pub fn by_name(name: &str) -> anyhow::Result<Transaction> {
    let transaction = match name {
        "login" => transaction!(relogin),
        "stats" => transaction!(stats),
        "dashboard" => transaction!(dashboard),
        "scan_history" => transaction!(scan_history),
        "bills" => transaction!(bills),
        "bags" => transaction!(bags),
        "bill_create" => transaction!(bill_create),
        "parent_scan" => transaction!(parent_scan),
        "bag_lookup" => transaction!(bag_lookup),
        "trace" => transaction!(trace),
        "export" => transaction!(export),
        "pack_parent" => transaction!(pack_parent),
        "fill_bill" => transaction!(fill_bill),
        "child_burst" => transaction!(child_burst),
        "epcis_poll" => transaction!(epcis_poll),
        other => anyhow::bail!("unknown transaction {other}"),
    };
    Ok(transaction.set_name(name))
}

/// The on-start step of a role's users: take an account, sign in unless the sign-in is
/// itself what is measured.
pub fn start(role_index: usize) -> Transaction {
    Transaction::new(Arc::new(move |user| Box::pin(begin(user, role_index)))).set_name("start").set_on_start()
}

async fn begin(user: &mut GooseUser, role_index: usize) -> TransactionResult {
    let role = &plan().roles[role_index];
    state(user).account = Some(role.next_account());
    if role.login_first {
        let reply = login(user).await?;
        if !reply.ok() {
            return Err(custom("sign-in failed"));
        }
    }
    Ok(())
}

async fn relogin(user: &mut GooseUser) -> TransactionResult {
    login(user).await?;
    think(user).await;
    Ok(())
}

/// An integration (API key) polling the EPCIS feed for the last minute's events, as a partner's
/// traceability system would.
async fn epcis_poll(user: &mut GooseUser) -> TransactionResult {
    let since = (Utc::now() - Days::seconds(60)).format("%Y-%m-%dT%H:%M:%SZ");
    call(user, Call::get(format!("/epcis/events?perPage=100&GE_eventTime={since}"), "GET /epcis/events")).await?;
    think(user).await;
    Ok(())
}

async fn stats(user: &mut GooseUser) -> TransactionResult {
    call(user, Call::get("/stats", "GET /stats")).await?;
    think(user).await;
    Ok(())
}

/// What the dashboard page loads: the totals and today's activity chart.
async fn dashboard(user: &mut GooseUser) -> TransactionResult {
    call(user, Call::get("/stats", "GET /stats")).await?;
    call(user, Call::get("/stats/activity", "GET /stats/activity")).await?;
    think(user).await;
    Ok(())
}

async fn scan_history(user: &mut GooseUser) -> TransactionResult {
    call(user, Call::get("/events?limit=50", "GET /events")).await?;
    think(user).await;
    Ok(())
}

async fn bills(user: &mut GooseUser) -> TransactionResult {
    call(user, Call::get("/bills?limit=50", "GET /bills")).await?;
    think(user).await;
    Ok(())
}

/// A filtered page of the bag list, as the bags screen asks for it.
async fn bags(user: &mut GooseUser) -> TransactionResult {
    let search = format!("kind=parent&q={}", plan().seeded_search(plan().random_seeded()));
    let filters = ["kind=parent", "kind=child&linked=false", "kind=parent&status=completed&billed=false", &search];
    let filter = filters[rand::random_range(0..filters.len())];
    call(user, Call::get(format!("/bags?limit=50&{filter}"), "GET /bags")).await?;
    think(user).await;
    Ok(())
}

async fn bill_create(user: &mut GooseUser) -> TransactionResult {
    let body = json!({"bill_id": plan().new_bill_id(), "capacity": 10, "destination": "Load test"});
    call(user, Call::post("/bills", "POST /bills", body)).await?;
    think(user).await;
    Ok(())
}

/// A new parent, then the same QR again (an operator re-scanning the label): 201 then 200.
async fn parent_scan(user: &mut GooseUser) -> TransactionResult {
    let (qr, _) = plan().new_parent();
    let area = area(user);
    for _ in 0..2 {
        call(user, Call::post("/scans/parent", "POST /scans/parent", json!({"qr": qr, "area": area}))).await?;
    }
    think(user).await;
    Ok(())
}

async fn bag_lookup(user: &mut GooseUser) -> TransactionResult {
    let qr = plan().seeded_parent(plan().random_seeded());
    call(user, Call::get(format!("/bags/{qr}"), "GET /bags/{qr}")).await?;
    think(user).await;
    Ok(())
}

/// Traces a seeded child; one parent in twenty was seeded empty, so 404 is expected then.
async fn trace(user: &mut GooseUser) -> TransactionResult {
    let qr = plan().seeded_child(plan().random_seeded());
    call(user, Call::get(format!("/trace/{qr}"), "GET /trace/{qr}").expecting(&["not_found"])).await?;
    think(user).await;
    Ok(())
}

/// The last hour's bags of one area as CSV: what an admin pulls during a shift.
async fn export(user: &mut GooseUser) -> TransactionResult {
    let from = (Utc::now() - Days::hours(1)).format("%Y-%m-%dT%H:%M:%SZ");
    let area = area(user);
    call(user, Call::get(format!("/exports/bags.csv?area={area}&from={from}"), "GET /exports/bags.csv")).await?;
    think(user).await;
    Ok(())
}

/// A dispatcher packs one parent: scan it, then 30 children with think time between; now
/// and then undo the last child and scan it again, re-read a label (200, already linked), or
/// scan a child of the previous parent (refused: linked elsewhere).
async fn pack_parent(user: &mut GooseUser) -> TransactionResult {
    let (parent_qr, seq) = plan().new_parent();
    let area = area(user);
    let reply =
        call(user, Call::post("/scans/parent", "POST /scans/parent", json!({"qr": parent_qr, "area": area}))).await?;
    if !reply.ok() {
        return Err(custom("parent scan refused"));
    }
    let mut children = Vec::with_capacity(CHILDREN_PER_PARENT as usize);
    for n in 1..=CHILDREN_PER_PARENT {
        think(user).await;
        let child_qr = plan().child_of(seq, n);
        scan_child(user, &parent_qr, &child_qr).await?;
        children.push(child_qr.clone());
        let roll: f64 = rand::random();
        if roll < 0.03 && n < CHILDREN_PER_PARENT {
            think(user).await;
            call(user, Call::post(format!("/parents/{parent_qr}/undo"), "POST /parents/{qr}/undo", json!({}))).await?;
            scan_child(user, &parent_qr, &child_qr).await?;
        } else if roll < 0.06 {
            scan_child(user, &parent_qr, &child_qr).await?;
        } else if roll < 0.09 {
            let previous = state(user).previous_children.first().cloned();
            if let Some(other) = previous {
                let body = json!({"parent_qr": parent_qr, "child_qr": other});
                call(
                    user,
                    Call::post("/scans/child", "POST /scans/child", body).expecting(&["child_linked_elsewhere"]),
                )
                .await?;
            }
        }
    }
    call(user, Call::get(format!("/bags/{parent_qr}"), "GET /bags/{qr}")).await?;
    state(user).previous_children = children;
    Ok(())
}

async fn scan_child(user: &mut GooseUser, parent_qr: &str, child_qr: &str) -> TransactionResult {
    let key = format!("{parent_qr}-{child_qr}-{}", rand::random::<u32>());
    let body = json!({"parent_qr": parent_qr, "child_qr": child_qr});
    call(user, Call::post("/scans/child", "POST /scans/child", body).idempotent(key)).await?;
    Ok(())
}

/// Child scans as fast as the server answers: one scan per call, a new parent every 30.
async fn child_burst(user: &mut GooseUser) -> TransactionResult {
    let packing = state(user).packing.clone().filter(|p| p.scanned < CHILDREN_PER_PARENT);
    let mut packing = match packing {
        Some(p) => p,
        None => {
            let (parent_qr, seq) = plan().new_parent();
            let area = area(user);
            let body = json!({"qr": parent_qr, "area": area});
            call(user, Call::post("/scans/parent", "POST /scans/parent", body)).await?;
            Packing { parent_qr, seq, scanned: 0 }
        }
    };
    packing.scanned += 1;
    let child_qr = plan().child_of(packing.seq, packing.scanned);
    scan_child(user, &packing.parent_qr, &child_qr).await?;
    state(user).packing = Some(packing);
    // No pause in `scan-burst` (its think time is zero); `lookup-paced` paces its scans too.
    think(user).await;
    Ok(())
}

/// A biller creates a bill for five parents and fills it from the newest completed parents of
/// its area on no bill (the ones dispatchers just packed; another biller may take one first: refused, try
/// the next), looks at its weights, sometimes takes one off and puts it back, and completes it.
async fn fill_bill(user: &mut GooseUser) -> TransactionResult {
    const CAPACITY: usize = 5;
    // Each desk bills its own area's parents, as the packing floor is split by area.
    let area = area(user);
    let path = format!("/bags?kind=parent&status=completed&billed=false&area={area}&limit=50");
    let page = call(user, Call::get(path, "GET /bags")).await?;
    let mut candidates: Vec<String> = page.json()["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|b| b["qr"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    think(user).await;
    if candidates.len() < CAPACITY {
        // Nothing to ship yet: look again after a pause, as a person would.
        return Ok(());
    }
    // Billers at different desks do not all reach for the same parent first.
    rand::seq::SliceRandom::shuffle(candidates.as_mut_slice(), &mut rand::rng());
    let bill_id = plan().new_bill_id();
    let body = json!({"bill_id": bill_id, "capacity": CAPACITY, "destination": "Load test"});
    if !call(user, Call::post("/bills", "POST /bills", body)).await?.ok() {
        return Err(custom("bill creation refused"));
    }
    let mut loaded = Vec::new();
    for qr in candidates {
        if loaded.len() == CAPACITY {
            break;
        }
        think(user).await;
        let call_ = Call::post(format!("/bills/{bill_id}/parents"), "POST /bills/{id}/parents", json!({"qr": qr}))
            .expecting(&["parent_on_other_bill"]);
        if call(user, call_).await?.ok() {
            loaded.push(qr);
        }
    }
    call(user, Call::get(format!("/bills/{bill_id}"), "GET /bills/{id}")).await?;
    if let Some(qr) = loaded.last().filter(|_| rand::random::<f64>() < 0.2) {
        let qr = qr.clone();
        think(user).await;
        call(user, Call::delete(format!("/bills/{bill_id}/parents/{qr}"), "DELETE /bills/{id}/parents/{qr}")).await?;
        // Off the bill, the parent is free: another desk may load it before it is put back.
        let body = json!({"qr": qr});
        let put_back = Call::post(format!("/bills/{bill_id}/parents"), "POST /bills/{id}/parents", body)
            .expecting(&["parent_on_other_bill"]);
        if !call(user, put_back).await?.ok() {
            loaded.pop();
        }
    }
    if loaded.len() == CAPACITY {
        think(user).await;
        call(user, Call::post(format!("/bills/{bill_id}/complete"), "POST /bills/{id}/complete", json!({}))).await?;
    }
    think(user).await;
    Ok(())
}

fn area(user: &mut GooseUser) -> String {
    state(user).account.as_ref().map(|a| a.area.clone()).unwrap_or_default()
}
