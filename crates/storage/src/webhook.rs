//! Webhook subscriptions and their deliveries (migration 17). Messages enter the outbox by a
//! trigger on `events`, in the transaction of the change; this module hands due deliveries to
//! whichever instance claims them first (`for update skip locked`) and records the outcome.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::error::StorageResult;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubscriptionRecord {
    pub id: Uuid,
    pub url: String,
    pub events: Vec<String>,
    pub description: String,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub pending: i64,
    pub failed: i64,
    pub last_delivered_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "s.id, s.url, s.events, s.description, s.enabled, s.disabled_reason, s.created_by, s.created_at,
    (select count(*) from webhook_deliveries d where d.subscription_id = s.id and d.state = 'pending') as pending,
    (select count(*) from webhook_deliveries d where d.subscription_id = s.id and d.state = 'failed') as failed,
    (select max(delivered_at) from webhook_deliveries d where d.subscription_id = s.id) as last_delivered_at";

pub struct NewSubscription<'a> {
    pub url: &'a str,
    pub events: &'a [&'a str],
    pub description: &'a str,
    pub secret: &'a str,
    pub created_by: Uuid,
}

pub async fn insert(conn: &mut PgConnection, new: NewSubscription<'_>) -> StorageResult<SubscriptionRecord> {
    let (id,): (Uuid,) = sqlx::query_as(
        "insert into webhook_subscriptions (url, events, description, secret, created_by)
         values ($1, $2, $3, $4, $5) returning id",
    )
    .bind(new.url)
    .bind(new.events)
    .bind(new.description)
    .bind(new.secret)
    .bind(new.created_by)
    .fetch_one(&mut *conn)
    .await?;
    find(conn, id).await
}

/// A subscription that was not deleted; `NotFound` otherwise.
pub async fn find(conn: &mut PgConnection, id: Uuid) -> StorageResult<SubscriptionRecord> {
    let sql = format!("select {COLUMNS} from webhook_subscriptions s where s.id = $1 and s.deleted_at is null");
    Ok(sqlx::query_as(&sql).bind(id).fetch_one(conn).await?)
}

pub async fn list(pool: &PgPool) -> StorageResult<Vec<SubscriptionRecord>> {
    let sql = format!(
        "select {COLUMNS} from webhook_subscriptions s where s.deleted_at is null order by s.created_at desc, s.id desc"
    );
    Ok(sqlx::query_as(&sql).fetch_all(pool).await?)
}

pub struct SubscriptionChanges<'a> {
    pub url: Option<&'a str>,
    pub events: Option<&'a [&'a str]>,
    pub description: Option<&'a str>,
    pub enabled: Option<bool>,
}

/// Changes a subscription; enabling it again forgets why it was disabled.
pub async fn update(
    conn: &mut PgConnection,
    id: Uuid,
    changes: SubscriptionChanges<'_>,
) -> StorageResult<SubscriptionRecord> {
    sqlx::query(
        "update webhook_subscriptions
         set url = coalesce($2, url), events = coalesce($3, events), description = coalesce($4, description),
             enabled = coalesce($5, enabled),
             disabled_reason = case when $5 then null else disabled_reason end
         where id = $1 and deleted_at is null
         returning id",
    )
    .bind(id)
    .bind(changes.url)
    .bind(changes.events)
    .bind(changes.description)
    .bind(changes.enabled)
    .fetch_one(&mut *conn)
    .await?;
    find(conn, id).await
}

/// Deletes a subscription; its pending deliveries are given up.
pub async fn delete(conn: &mut PgConnection, id: Uuid) -> StorageResult<()> {
    sqlx::query("update webhook_subscriptions set deleted_at = now(), enabled = false where id = $1 and deleted_at is null returning id")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query(
        "update webhook_deliveries set state = 'failed', last_error = 'the subscription was deleted'
         where subscription_id = $1 and state = 'pending'",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRecord {
    pub id: i64,
    pub message_id: String,
    pub r#type: String,
    pub occurred_at: DateTime<Utc>,
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_status: Option<i16>,
    pub last_error: Option<String>,
    pub last_response: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub payload: serde_json::Value,
}

/// A subscription's deliveries, newest first, before `before` (a delivery id) when given.
pub async fn deliveries(
    pool: &PgPool,
    subscription: Uuid,
    state: Option<&str>,
    before: Option<i64>,
    limit: i64,
) -> StorageResult<Vec<DeliveryRecord>> {
    Ok(sqlx::query_as(
        "select d.id, o.message_id, o.type, o.occurred_at, d.state, d.attempts,
                case when d.state = 'pending' then d.next_attempt_at end as next_attempt_at,
                d.last_attempt_at, d.last_status, d.last_error, d.last_response, d.delivered_at, o.payload
         from webhook_deliveries d join webhook_outbox o on o.id = d.outbox_id
         where d.subscription_id = $1 and ($2::text is null or d.state = $2) and ($3::bigint is null or d.id < $3)
         order by d.id desc limit $4",
    )
    .bind(subscription)
    .bind(state)
    .bind(before)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Sends a delivery again from the start of its schedule, whatever became of it.
pub async fn redeliver(conn: &mut PgConnection, subscription: Uuid, delivery: i64) -> StorageResult<()> {
    sqlx::query(
        "update webhook_deliveries set state = 'pending', attempts = 0, next_attempt_at = now(), delivered_at = null
         where id = $1 and subscription_id = $2 returning id",
    )
    .bind(delivery)
    .bind(subscription)
    .fetch_one(conn)
    .await?;
    Ok(())
}

/// A delivery this instance has claimed: no other will try it until `lease` has passed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Due {
    pub id: i64,
    pub subscription_id: Uuid,
    pub url: String,
    pub secret: String,
    pub message_id: String,
    /// The exact bytes to send and sign (jsonb's text form is the same on every attempt).
    pub body: String,
    /// Attempts made so far, this one included.
    pub attempts: i32,
}

/// Claims up to `limit` deliveries that are due, for enabled subscriptions, pushing their next
/// attempt `lease` ahead: if this process dies mid-delivery, another retries after that.
pub async fn claim_due(pool: &PgPool, limit: i64, lease: std::time::Duration) -> StorageResult<Vec<Due>> {
    Ok(sqlx::query_as(
        "with due as (
             select d.id from webhook_deliveries d
             join webhook_subscriptions s on s.id = d.subscription_id
             where d.state = 'pending' and d.next_attempt_at <= now() and s.enabled and s.deleted_at is null
             order by d.next_attempt_at
             limit $1
             for update of d skip locked
         )
         update webhook_deliveries d
         set next_attempt_at = now() + make_interval(secs => $2), attempts = d.attempts + 1, last_attempt_at = now()
         from due, webhook_subscriptions s, webhook_outbox o
         where d.id = due.id and s.id = d.subscription_id and o.id = d.outbox_id
         returning d.id, d.subscription_id, s.url, s.secret, o.message_id, o.payload::text as body, d.attempts",
    )
    .bind(limit)
    .bind(lease.as_secs_f64())
    .fetch_all(pool)
    .await?)
}

/// What one attempt came to.
pub struct Outcome<'a> {
    pub status: Option<u16>,
    pub error: Option<&'a str>,
    pub response: Option<&'a str>,
}

/// Records a successful attempt; `false` when the claim (`attempts` as claimed) has run out
/// and another attempt owns the delivery now.
pub async fn delivered(pool: &PgPool, id: i64, attempts: i32, outcome: Outcome<'_>) -> StorageResult<bool> {
    let updated = sqlx::query(
        "update webhook_deliveries
         set state = 'delivered', delivered_at = now(), last_status = $2, last_error = null, last_response = $3
         where id = $1 and attempts = $4 and state = 'pending'",
    )
    .bind(id)
    .bind(outcome.status.map(|s| s as i16))
    .bind(outcome.response)
    .bind(attempts)
    .execute(pool)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// A failed attempt: tried again at `retry_at`, or, when `None`, given up, and the subscription
/// disabled with `reason` (its receiver has failed for as long as the schedule lasts, or
/// answered 410 Gone). `false` when the claim (`attempts` as claimed) had run out: another
/// attempt owns the delivery and nothing is recorded.
pub async fn failed(
    pool: &PgPool,
    id: i64,
    attempts: i32,
    outcome: Outcome<'_>,
    retry_at: Option<DateTime<Utc>>,
    reason: &str,
) -> StorageResult<bool> {
    let mut tx = pool.begin().await?;
    let subscription: Option<Uuid> = sqlx::query_scalar(
        "update webhook_deliveries
         set state = case when $5::timestamptz is null then 'failed' else 'pending' end,
             next_attempt_at = coalesce($5, next_attempt_at),
             last_status = $2, last_error = $3, last_response = $4
         where id = $1 and attempts = $6 and state = 'pending' returning subscription_id",
    )
    .bind(id)
    .bind(outcome.status.map(|s| s as i16))
    .bind(outcome.error)
    .bind(outcome.response)
    .bind(retry_at)
    .bind(attempts)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(subscription) = subscription else {
        return Ok(false);
    };
    if retry_at.is_none() {
        sqlx::query("update webhook_subscriptions set enabled = false, disabled_reason = $2 where id = $1 and enabled")
            .bind(subscription)
            .bind(reason)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Drops delivered (and given-up) deliveries older than `days`, and outbox messages no delivery
/// needs any more.
pub async fn purge(pool: &PgPool, days: i32) -> StorageResult<u64> {
    let done = sqlx::query(
        "delete from webhook_deliveries where state <> 'pending' and created_at < now() - make_interval(days => $1)",
    )
    .bind(days)
    .execute(pool)
    .await?;
    sqlx::query(
        "delete from webhook_outbox o where o.occurred_at < now() - make_interval(days => $1)
           and not exists (select 1 from webhook_deliveries d where d.outbox_id = o.id)",
    )
    .bind(days)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
