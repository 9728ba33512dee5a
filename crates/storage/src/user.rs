use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::error::{StorageError, StorageResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRecord {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub area: Option<String>,
    pub failed_logins: i32,
    pub locked_until: Option<DateTime<Utc>>,
    /// A second factor is on: sign-in needs a code as well as the password.
    pub totp_enabled: bool,
    /// Bumped by the database whenever rights change or sessions end; access tokens carry it.
    pub auth_version: i64,
    /// `en` or `hi` (the database's check constraint).
    pub language: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub struct NewUserRecord<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub area: Option<&'a str>,
}

const COLUMNS: &str = "id, username, display_name, password_hash, role, area, failed_logins, locked_until, \
                       totp_enabled_at is not null as totp_enabled, auth_version, language, created_at, updated_at";

/// Sets the language a user reads the app in; their own choice, so no rights change.
pub async fn set_language(conn: &mut PgConnection, id: Uuid, language: &str) -> StorageResult<UserRecord> {
    let sql = format!(
        "update users set language = $2, updated_at = now() where id = $1 and deleted_at is null returning {COLUMNS}"
    );
    sqlx::query_as(&sql).bind(id).bind(language).fetch_optional(conn).await?.ok_or(StorageError::NotFound)
}

pub async fn find_by_username(pool: &PgPool, username: &str) -> StorageResult<Option<UserRecord>> {
    let sql = format!(
        "select {COLUMNS} from users where lower(username) = lower($1) and deleted_at is null and kind = 'person'"
    );
    Ok(sqlx::query_as(&sql).bind(username).fetch_optional(pool).await?)
}

pub async fn find_by_id(conn: &mut PgConnection, id: Uuid) -> StorageResult<UserRecord> {
    let sql = format!("select {COLUMNS} from users where id = $1 and deleted_at is null and kind = 'person'");
    Ok(sqlx::query_as(&sql).bind(id).fetch_one(conn).await?)
}

/// Locks the row so concurrent changes to the same user (and the last-admin check) serialise.
pub async fn find_by_id_for_update(conn: &mut PgConnection, id: Uuid) -> StorageResult<UserRecord> {
    let sql =
        format!("select {COLUMNS} from users where id = $1 and deleted_at is null and kind = 'person' for update");
    Ok(sqlx::query_as(&sql).bind(id).fetch_one(conn).await?)
}

pub async fn insert(conn: &mut PgConnection, user: NewUserRecord<'_>) -> StorageResult<UserRecord> {
    let sql = format!(
        "insert into users (username, display_name, password_hash, role, area) values ($1, $2, $3, $4, $5) \
         returning {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(user.username)
        .bind(user.display_name)
        .bind(user.password_hash)
        .bind(user.role)
        .bind(user.area)
        .fetch_one(conn)
        .await?)
}

/// Creates the user, or resets its password, role and lock: how `TRACETRACK_ADMIN_PASSWORD` and
/// the demo accounts are applied at every start.
pub async fn upsert(conn: &mut PgConnection, user: NewUserRecord<'_>) -> StorageResult<UserRecord> {
    let existing: Option<(Uuid,)> =
        sqlx::query_as("select id from users where lower(username) = lower($1) and deleted_at is null for update")
            .bind(user.username)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((id,)) = existing else {
        return insert(conn, user).await;
    };
    let sql = format!(
        "update users set password_hash = $2, role = $3, area = $4, failed_logins = 0, locked_until = null, \
         password_changed_at = now(), updated_at = now() where id = $1 returning {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql).bind(id).bind(user.password_hash).bind(user.role).bind(user.area).fetch_one(conn).await?)
}

/// What claiming a password attempt amounted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptClaim {
    /// The attempt is counted as a failure until it is given back: go on and check the password.
    Claimed,
    /// The account is locked (until then, when known): do not check anything.
    Locked(Option<DateTime<Utc>>),
}

/// Claims one password attempt before the password is checked, in a single statement: the
/// attempt counts as a failure at once, and the attempt that reaches `max_attempts` locks the
/// account. However many requests race, at most `max_attempts` are claimed per lock window; the
/// rest are refused without hashing. A lock that has run out starts a fresh count.
pub async fn claim_attempt(
    pool: &PgPool,
    id: Uuid,
    max_attempts: i32,
    lock_for_seconds: f64,
) -> StorageResult<AttemptClaim> {
    let claimed: Option<(i32,)> = sqlx::query_as(
        "update users set
             failed_logins = case when locked_until is not null then 1 else failed_logins + 1 end,
             locked_until = case
                 when (case when locked_until is not null then 1 else failed_logins + 1 end) >= $2
                     then now() + make_interval(secs => $3)
                 else null end
         where id = $1 and deleted_at is null and (locked_until is null or locked_until <= now())
         returning failed_logins",
    )
    .bind(id)
    .bind(max_attempts)
    .bind(lock_for_seconds)
    .fetch_optional(pool)
    .await?;
    if claimed.is_some() {
        return Ok(AttemptClaim::Claimed);
    }
    let until: Option<(Option<DateTime<Utc>>,)> =
        sqlx::query_as("select locked_until from users where id = $1").bind(id).fetch_optional(pool).await?;
    Ok(AttemptClaim::Locked(until.and_then(|(until,)| until)))
}

/// Gives back a claimed attempt that turned out not to be a failure, without clearing the
/// others (a right password still awaiting its second factor). Lifts the lock this attempt set.
pub async fn give_back_attempt(pool: &PgPool, id: Uuid, max_attempts: i32) -> StorageResult<()> {
    sqlx::query(
        "update users set failed_logins = greatest(failed_logins - 1, 0),
             locked_until = case when failed_logins - 1 < $2 then null else locked_until end
         where id = $1 and failed_logins > 0",
    )
    .bind(id)
    .bind(max_attempts)
    .execute(pool)
    .await?;
    Ok(())
}

/// A proof succeeded: the count of failures starts again.
pub async fn record_login_success(pool: &PgPool, id: Uuid) -> StorageResult<()> {
    sqlx::query("update users set failed_logins = 0, locked_until = null where id = $1 and failed_logins > 0")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// The version access tokens of this user must carry; `None` for a deleted or unknown user.
pub async fn auth_version(pool: &PgPool, id: Uuid) -> StorageResult<Option<i64>> {
    Ok(sqlx::query_scalar("select auth_version from users where id = $1 and deleted_at is null")
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

/// Ends every access token of the user (sign-out); their holders must refresh.
pub async fn bump_auth_version(conn: &mut PgConnection, id: Uuid) -> StorageResult<()> {
    sqlx::query("update users set auth_version = auth_version + 1 where id = $1").bind(id).execute(conn).await?;
    Ok(())
}

/// Serialises start-up account creation across instances, until the transaction ends.
pub async fn lock_bootstrap(conn: &mut PgConnection) -> StorageResult<()> {
    sqlx::query("select pg_advisory_xact_lock(hashtext('tracetrack:bootstrap'))").execute(conn).await?;
    Ok(())
}

/// Whether any admin account exists (start-up applies `TRACETRACK_ADMIN_PASSWORD` only if not).
pub async fn admin_exists(conn: &mut PgConnection) -> StorageResult<bool> {
    Ok(sqlx::query_scalar("select exists (select 1 from users where role = 'admin' and deleted_at is null)")
        .fetch_one(conn)
        .await?)
}

/// Whether `username` names a live account (a failed sign-in records the name only then).
pub async fn username_exists(pool: &PgPool, username: &str) -> StorageResult<bool> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from users where lower(username) = lower($1) and deleted_at is null)",
    )
    .bind(username)
    .fetch_one(pool)
    .await?)
}

/// Sets a new password only if the current one is still `expected_hash`, so two changes racing
/// after checking the same old password cannot both win. False if it changed meanwhile.
pub async fn replace_password(
    conn: &mut PgConnection,
    id: Uuid,
    expected_hash: &str,
    password_hash: &str,
) -> StorageResult<bool> {
    let done = sqlx::query(
        "update users set password_hash = $3, password_changed_at = now(), updated_at = now() \
         where id = $1 and deleted_at is null and password_hash = $2",
    )
    .bind(id)
    .bind(expected_hash)
    .bind(password_hash)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn unlock(conn: &mut PgConnection, id: Uuid) -> StorageResult<UserRecord> {
    let sql = format!(
        "update users set failed_logins = 0, locked_until = null, updated_at = now() \
         where id = $1 and deleted_at is null and kind = 'person' returning {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql).bind(id).fetch_one(conn).await?)
}

pub async fn set_password(conn: &mut PgConnection, id: Uuid, password_hash: &str) -> StorageResult<()> {
    let done = sqlx::query(
        "update users set password_hash = $2, password_changed_at = now(), updated_at = now() \
         where id = $1 and deleted_at is null",
    )
    .bind(id)
    .bind(password_hash)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 { Err(StorageError::NotFound) } else { Ok(()) }
}

pub struct UserChanges<'a> {
    pub display_name: Option<&'a str>,
    pub role: &'a str,
    pub area: Option<&'a str>,
    pub password_hash: Option<&'a str>,
}

pub async fn update(conn: &mut PgConnection, id: Uuid, changes: UserChanges<'_>) -> StorageResult<UserRecord> {
    let sql = format!(
        "update users set display_name = coalesce($2, display_name), role = $3, area = $4,
             password_hash = coalesce($5, password_hash),
             password_changed_at = case when $5 is null then password_changed_at else now() end,
             updated_at = now()
         where id = $1 and deleted_at is null returning {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(id)
        .bind(changes.display_name)
        .bind(changes.role)
        .bind(changes.area)
        .bind(changes.password_hash)
        .fetch_one(conn)
        .await?)
}

pub async fn soft_delete(conn: &mut PgConnection, id: Uuid) -> StorageResult<()> {
    sqlx::query("update users set deleted_at = now(), updated_at = now() where id = $1 and deleted_at is null")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Locks every active admin row and counts those other than `except`. Two admins demoting each
/// other at once serialise here, so the last admin can never be removed by a race.
pub async fn lock_admins_and_count_others(conn: &mut PgConnection, except: Uuid) -> StorageResult<i64> {
    let ids: Vec<(Uuid,)> =
        sqlx::query_as("select id from users where role = 'admin' and deleted_at is null order by id for update")
            .fetch_all(conn)
            .await?;
    Ok(ids.iter().filter(|(id,)| *id != except).count() as i64)
}

pub struct UserFilter<'a> {
    pub role: Option<&'a str>,
    pub area: Option<&'a str>,
    pub text: Option<&'a str>,
    pub locked: Option<bool>,
}

/// Newest first; the cursor is the last row's `(created_at, id)`.
pub async fn list(
    pool: &PgPool,
    filter: UserFilter<'_>,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> StorageResult<Vec<UserRecord>> {
    let sql = format!(
        "select {COLUMNS} from users
         where deleted_at is null and kind = 'person'
           and ($1::text is null or role = $1)
           and ($2::text is null or area = $2)
           and ($3::text is null or strpos(lower(username || ' ' || display_name), lower($3)) > 0)
           and ($4::bool is null or (locked_until is not null and locked_until > now()) = $4)
           and ($5::timestamptz is null or (created_at, id) < ($5, $6))
         order by created_at desc, id desc
         limit $7"
    );
    Ok(sqlx::query_as(&sql)
        .bind(filter.role)
        .bind(filter.area)
        .bind(filter.text)
        .bind(filter.locked)
        .bind(after.map(|(at, _)| at))
        .bind(after.map(|(_, id)| id))
        .bind(limit)
        .persistent(false)
        .fetch_all(pool)
        .await?)
}
