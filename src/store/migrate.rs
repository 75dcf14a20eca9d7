//! Numbered migrations, applied in order and recorded in `PRAGMA user_version`. A database
//! whose version is newer than this binary knows is refused untouched.

use std::path::Path;

use rusqlite::Connection;

use super::{Result, StoreError};

/// Shipped migrations. Never edit one; append the next.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_op_log_and_projections.sql"),
    include_str!("migrations/0002_open_cases_index.sql"),
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Refuses a database this soudan must not touch: written by a newer soudan, or with a
/// version no soudan writes (negative). Reads only.
pub(super) fn check_version(conn: &Connection, path: &Path) -> Result<i64> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found < 0 {
        return Err(StoreError::BadSchema {
            path: path.to_path_buf(),
            found,
        });
    }
    Ok(found)
}

pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let found = check_version(conn, path)?;
    // Checked above to be 0..=SCHEMA_VERSION.
    let done = usize::try_from(found).unwrap_or(0);
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(done) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
