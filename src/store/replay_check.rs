//! The projections are a cache of the op log: replaying the log must give them exactly.
//! `soudan restore` checks this of a backup before it takes the database's place, so a file
//! changed by hand (or by a bug) is refused rather than synced and believed.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::{Result, StoreError, migrate, oplog};

/// The tables replaying the op log fills, in an order they can be emptied in.
pub(super) const PROJECTIONS: [&str; 7] = [
    "item_values",
    "items",
    "consults",
    "contact_values",
    "contacts",
    "case_tags",
    "cases",
];

/// Empties the projections, for a replay to fill again.
pub(super) fn clear_projections(conn: &Connection) -> Result<()> {
    for table in PROJECTIONS {
        conn.execute(&format!("DELETE FROM {table}"), [])?;
    }
    Ok(())
}

/// Checks that replaying the op log of the database at `path` gives exactly its
/// projections. The file is first brought to this soudan's schema, as opening it would;
/// the replay itself is rolled back. A disagreement is `StoreError::Inconsistent`, naming
/// the tables and how many rows differ, never their contents (they hold notes).
pub fn check_replay(path: &Path) -> Result<()> {
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrate::migrate(&mut conn, path)?;
    let tx = conn.transaction()?;
    for table in PROJECTIONS {
        tx.execute(
            &format!("CREATE TEMP TABLE stored_{table} AS SELECT * FROM main.{table}"),
            [],
        )?;
    }
    clear_projections(&tx)?;
    let total: i64 = tx.query_row("SELECT count(*) FROM ops", [], |r| r.get(0))?;
    // A desk's years take a while to replay: say so on a terminal rather than look hung.
    let mut progress = migrate::Progress::new(
        "checking the op log against the case tables",
        total as usize,
    );
    oplog::replay(&tx, |done| progress.at(done))?;
    progress.finish();
    let count = |sql: String| -> Result<i64> { Ok(tx.query_row(&sql, [], |r| r.get(0))?) };
    let mut differences = Vec::new();
    for table in PROJECTIONS {
        let (stored, replayed) = (format!("temp.stored_{table}"), format!("main.{table}"));
        let except = |a: &str, b: &str| {
            format!("SELECT count(*) FROM (SELECT * FROM {a} EXCEPT SELECT * FROM {b})")
        };
        let unexplained = count(except(&stored, &replayed))?;
        let missing = count(except(&replayed, &stored))?;
        if unexplained + missing > 0 {
            differences.push(format!(
                "{table}: {unexplained} rows its ops do not give, {missing} they give missing"
            ));
        }
    }
    // Dropped uncommitted: the file keeps its own projections.
    drop(tx);
    if differences.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Inconsistent(format!(
            "replaying the op log does not give the case tables ({})",
            differences.join("; ")
        )))
    }
}
