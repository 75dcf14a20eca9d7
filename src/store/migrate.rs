//! Numbered migrations, applied in order and recorded in `PRAGMA user_version`. A database
//! whose version is newer than this binary knows is refused untouched.

use std::path::Path;

use rusqlite::Connection;

use super::{Result, StoreError};

/// Shipped migrations. Never edit one; append the next.
const MIGRATIONS: &[&str] = &[include_str!("migrations/0001_op_log_and_projections.sql")];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
