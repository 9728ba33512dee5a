/// What went wrong talking to the database, in terms the API can map to a status.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the row; carries the constraint's name.
    #[error("duplicate value for {0}")]
    Duplicate(String),
    /// A check or foreign-key constraint refused the change; carries the constraint's name.
    #[error("constraint {0} refused the change")]
    Constraint(String),
    /// The database could not be reached or the pool is exhausted: worth retrying later.
    #[error("database unavailable")]
    Unavailable(#[source] sqlx::Error),
    /// A deadlock or serialisation failure: the transaction was rolled back and may be retried.
    #[error("transaction aborted by a concurrent one")]
    Retryable(#[source] sqlx::Error),
    /// PostgreSQL refused a value itself (SQLSTATE class 22, e.g. a NUL character, a number out
    /// of range): the client's input slipped past validation; never a server fault.
    #[error("the database refused a value")]
    BadValue(#[source] sqlx::Error),
    /// A rule the database keeps itself said no (the retirement triggers): answered with the
    /// domain's refusal, as if the code had checked first.
    #[error("{0}")]
    Refused(Box<dyn domain::Refusal>),
    #[error("database error")]
    Internal(#[source] sqlx::Error),
}

/// The refusal behind a trigger's `raise … using constraint = …, detail = <code>`, if it is one.
fn trigger_refusal(db: &dyn sqlx::error::DatabaseError) -> Option<StorageError> {
    use domain::config::ConfigRefusal;
    let detail = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>().and_then(|e| e.detail()).unwrap_or_default();
    let refusal = match db.constraint()? {
        "dispatch_areas_not_retired" => ConfigRefusal::AreaRetired { area: detail.to_owned() },
        "parent_types_not_retired" => ConfigRefusal::ParentTypeRetired { parent_type: detail.to_owned() },
        "parent_types_pattern_in_use" => ConfigRefusal::PatternInUse { parent_type: detail.to_owned(), bags: 1 },
        _ => return None,
    };
    Some(StorageError::Refused(Box::new(refusal)))
}

impl From<sqlx::Error> for StorageError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::RowNotFound => StorageError::NotFound,
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StorageError::Unavailable(error)
            }
            sqlx::Error::Database(db) => {
                let constraint = db.constraint().unwrap_or_default().to_owned();
                if let Some(refused) = trigger_refusal(db.as_ref()) {
                    return refused;
                }
                match db.code().as_deref() {
                    Some("23505") => StorageError::Duplicate(constraint),
                    Some("23503" | "23514" | "23502") => StorageError::Constraint(constraint),
                    // admin_shutdown, cannot_connect_now, too_many_connections
                    Some("57P01" | "57P03" | "53300") => StorageError::Unavailable(error),
                    Some("40P01" | "40001") => StorageError::Retryable(error),
                    Some(code) if code.starts_with("22") => StorageError::BadValue(error),
                    _ => StorageError::Internal(error),
                }
            }
            _ => StorageError::Internal(error),
        }
    }
}

pub type StorageResult<T> = Result<T, StorageError>;

/// What a write that follows the domain's rules can come to: a rule said no, the thing it is
/// about does not exist, or the database failed. Shared by every write module (scans, bills,
/// returns, deletions), so none of them depends on another for its error type.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{0}")]
    Refused(Box<dyn domain::Refusal>),
    #[error("{0} not found")]
    NotFound(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for WriteError {
    fn from(error: sqlx::Error) -> Self {
        WriteError::Storage(error.into())
    }
}

macro_rules! refusals {
    ($($refusal:ty),* $(,)?) => {
        $(impl From<$refusal> for WriteError {
            fn from(refusal: $refusal) -> Self {
                WriteError::Refused(Box::new(refusal))
            }
        })*
    };
}

refusals!(
    domain::scan::ScanRefusal,
    domain::bill::BillRefusal,
    domain::returns::ReturnRefusal,
    domain::bag::DeleteRefusal,
    domain::config::ConfigRefusal,
);

pub type WriteResult<T> = Result<T, WriteError>;
