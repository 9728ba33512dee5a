//! Delivers webhook messages from the outbox (issue 18), signed per the Standard Webhooks
//! specification: `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 of
//! HMAC-SHA256 over "id.timestamp.body">`, keyed with the base64 part of the `whsec_` secret.
//!
//! Every instance runs this loop; each due delivery is claimed by one of them (`for update skip
//! locked`) with a lease, so a delivery is sent by one instance at a time and retried by another
//! if its sender dies. At least once: a receiver deduplicates on `webhook-id`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use domain::webhook_reach::Reach;
use futures::StreamExt;
use hmac::{Hmac, Mac};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use sha2::Sha256;
use sqlx::PgPool;
use storage::webhook::{self, Due, Outcome};

/// How a site delivers: the retry unit (5 s in production; tests shrink it), the time a
/// receiver has to answer, how often due deliveries are looked for, how long a claim outlives
/// the answer's deadline (time to record the outcome), and which addresses receivers may have.
#[derive(Debug, Clone, Copy)]
pub struct DeliveryPolicy {
    pub retry_unit: Duration,
    pub timeout: Duration,
    pub poll: Duration,
    pub lease_margin: Duration,
    pub reach: Reach,
}

impl Default for DeliveryPolicy {
    fn default() -> Self {
        Self {
            retry_unit: Duration::from_secs(5),
            timeout: Duration::from_secs(10),
            poll: Duration::from_millis(500),
            lease_margin: Duration::from_secs(30),
            // The default environment is development: receivers on this machine are allowed.
            reach: Reach { loopback: true, private: false },
        }
    }
}

/// Deliveries claimed per round, all sent at once: a claim is sent as soon as it is taken, so
/// its lease (the answer's deadline plus a margin) cannot run out while it waits its turn and
/// let another instance send it a second time.
const BATCH: i64 = 8;
/// What is kept of a receiver's answer in the delivery log.
const RESPONSE_KEPT: usize = 1000;

/// The signature header's value for one message.
pub fn sign(secret: &str, message_id: &str, timestamp: i64, body: &str) -> Option<String> {
    let key = STANDARD.decode(secret.strip_prefix("whsec_")?).ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{message_id}.{timestamp}.{body}").as_bytes());
    Some(format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes())))
}

/// Runs until the process ends.
pub fn spawn(pool: PgPool, policy: DeliveryPolicy) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let client = match reqwest::Client::builder()
            .timeout(policy.timeout)
            .connect_timeout(policy.timeout)
            // A redirect is not a delivery: the receiver's answer is what counts.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("TraceTrack-Webhooks/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(GuardedResolver(policy.reach)))
            .build()
        {
            Ok(client) => client,
            Err(error) => {
                tracing::error!(%error, "webhook deliveries are off: no HTTP client");
                return;
            }
        };
        loop {
            match round(&pool, &client, policy).await {
                // A full batch: more may be due at once.
                Ok(claimed) if claimed == BATCH as usize => continue,
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "webhook delivery round failed; trying again"),
            }
            tokio::time::sleep(policy.poll).await;
        }
    })
}

/// Claims what is due and sends it; says how many were claimed.
pub async fn round(pool: &PgPool, client: &reqwest::Client, policy: DeliveryPolicy) -> anyhow::Result<usize> {
    let lease = policy.timeout + policy.lease_margin;
    let due = webhook::claim_due(pool, BATCH, lease).await?;
    let claimed = due.len();
    futures::stream::iter(due)
        .for_each_concurrent(None, |delivery| async move {
            let id = delivery.id;
            if let Err(error) = deliver(pool, client, policy, delivery).await {
                tracing::warn!(%error, delivery = id, "could not record a webhook attempt; its lease will expire and it is retried");
            }
        })
        .await;
    Ok(claimed)
}

async fn deliver(pool: &PgPool, client: &reqwest::Client, policy: DeliveryPolicy, due: Due) -> anyhow::Result<()> {
    let timestamp = chrono::Utc::now().timestamp();
    let Some(signature) = sign(&due.secret, &due.message_id, timestamp, &due.body) else {
        let outcome = Outcome { status: None, error: Some("the subscription's secret is unreadable"), response: None };
        webhook::failed(pool, due.id, due.attempts, outcome, None, "its signing secret is unreadable").await?;
        return Ok(());
    };
    if let Some(refusal) = literal_refusal(&due.url, policy.reach) {
        let error = format!("not sent: {refusal}");
        let outcome = Outcome { status: None, error: Some(&error), response: None };
        return record_failure(pool, policy, &due, None, outcome).await;
    }
    let sent = client
        .post(&due.url)
        .header("content-type", "application/json")
        .header("webhook-id", &due.message_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(due.body.clone())
        .send()
        .await;
    let (status, error, response) = match sent {
        Ok(answer) => {
            let status = answer.status();
            let text = answer.text().await.unwrap_or_default();
            (Some(status), None, Some(text.chars().take(RESPONSE_KEPT).collect::<String>()))
        }
        Err(error) => (None, Some(describe(&error)), None),
    };
    let outcome =
        Outcome { status: status.map(|s| s.as_u16()), error: error.as_deref(), response: response.as_deref() };
    if status.is_some_and(|s| s.is_success()) {
        if webhook::delivered(pool, due.id, due.attempts, outcome).await? {
            tracing::info!(delivery = due.id, message = %due.message_id, subscription = %due.subscription_id, "webhook delivered");
        } else {
            tracing::warn!(
                delivery = due.id,
                "webhook delivered after its claim had run out; another attempt may follow"
            );
        }
        return Ok(());
    }
    record_failure(pool, policy, &due, status, outcome).await
}

async fn record_failure(
    pool: &PgPool,
    policy: DeliveryPolicy,
    due: &Due,
    status: Option<reqwest::StatusCode>,
    outcome: Outcome<'_>,
) -> anyhow::Result<()> {
    let attempts = u32::try_from(due.attempts).unwrap_or(u32::MAX);
    let gone = status == Some(reqwest::StatusCode::GONE);
    let retry_at = if gone { None } else { domain::integration::retry_delay(attempts, policy.retry_unit) }
        .and_then(|wait| chrono::Duration::from_std(wait).ok())
        .map(|wait| chrono::Utc::now() + wait);
    let reason = if gone {
        "the receiver answered 410 Gone".to_owned()
    } else {
        format!("{attempts} attempts over the whole retry schedule failed")
    };
    tracing::warn!(
        delivery = due.id,
        subscription = %due.subscription_id,
        status = status.map(|s| s.as_u16()),
        error = outcome.error,
        attempts,
        given_up = retry_at.is_none(),
        "webhook attempt failed"
    );
    if !webhook::failed(pool, due.id, due.attempts, outcome, retry_at, &reason).await? {
        tracing::warn!(delivery = due.id, "a webhook attempt ended after its claim had run out; not recorded");
    }
    Ok(())
}

/// A URL whose host is a literal address is never resolved, so the resolver's rule is applied
/// here.
fn literal_refusal(url: &str, reach: Reach) -> Option<String> {
    let url = reqwest::Url::parse(url).ok()?;
    let host = url.host_str()?;
    let ip: IpAddr = host.trim_start_matches('[').trim_end_matches(']').parse().ok()?;
    reach.refusal(ip)
}

/// Resolves receivers' names and keeps only the addresses the site's reach admits: a name
/// re-pointed at this machine, the LAN or the metadata service after it was saved gets nothing.
struct GuardedResolver(Reach);

/// Every address a receiver's name resolves to is one webhooks may not reach.
#[derive(Debug)]
struct Unreachable(String);

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unreachable {}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let reach = self.0;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let (admitted, refused): (Vec<SocketAddr>, Vec<SocketAddr>) =
                found.into_iter().partition(|addr| reach.admits(addr.ip()));
            if admitted.is_empty() {
                let why = refused.first().and_then(|addr| reach.refusal(addr.ip()));
                let why = why.unwrap_or_else(|| "no address".to_owned());
                return Err(Box::new(Unreachable(format!("not sent: {host} resolves to {why}"))) as _);
            }
            Ok(Box::new(admitted.into_iter()) as Addrs)
        })
    }
}

fn describe(error: &reqwest::Error) -> String {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(unreachable) = cause.downcast_ref::<Unreachable>() {
            return unreachable.0.clone();
        }
        source = cause.source();
    }
    if error.is_timeout() {
        "the receiver did not answer in time".to_owned()
    } else if error.is_connect() {
        "could not connect to the receiver".to_owned()
    } else {
        format!("the request failed: {error}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification's reference libraries.
    #[test]
    fn signs_as_the_standard_webhooks_reference_does() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = r#"{"test": 2432232314}"#;
        let signature = sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body).unwrap();
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn a_secret_that_is_not_whsec_base64_signs_nothing() {
        assert!(sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "m", 1, "{}").is_none());
        assert!(sign("whsec_not base64!", "m", 1, "{}").is_none());
    }
}
