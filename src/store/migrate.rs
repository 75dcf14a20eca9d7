//! Numbered migrations, applied in order and recorded in `PRAGMA user_version`. A database
//! whose version is newer than this binary knows is refused untouched.

use std::path::Path;

use std::collections::HashMap;
use std::io::{IsTerminal, Write};

use rusqlite::{Connection, Transaction, params};
use serde_json::Value;
use uuid::Uuid;

use super::{Result, StoreError, oplog, payload};
use crate::domain::parse_utc;

/// A shipped migration: SQL, or Rust where SQL alone cannot do it. Never edit one; append
/// the next.
enum Migration {
    Sql(&'static str),
    Rust(fn(&Transaction) -> Result<()>),
}

const MIGRATIONS: &[Migration] = &[
    Migration::Sql(include_str!("migrations/0001_op_log_and_projections.sql")),
    Migration::Sql(include_str!("migrations/0002_open_cases_index.sql")),
    Migration::Rust(compact_op_log),
    Migration::Rust(compact_projections),
    Migration::Sql(include_str!("migrations/0005_case_caller.sql")),
    Migration::Sql(include_str!("migrations/0006_erasures_to_send.sql")),
    Migration::Sql(include_str!("migrations/0007_work_items.sql")),
    Migration::Sql(include_str!("migrations/0008_work_item_removed.sql")),
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
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(done) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        // Another soudan opening the file at the same moment may have applied it while this
        // one waited for the lock: read the version again under the lock.
        let applied: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if applied > index as i64 {
            continue;
        }
        match migration {
            Migration::Sql(sql) => tx.execute_batch(sql)?,
            Migration::Rust(step) => step(&tx)?,
        }
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    if done < COMPACT_PROJECTIONS && has_pages_to_free(conn)? {
        // The old op log and clocks leave most of a big file free: give it back to the disk
        // once, rather than keep a 3 GB file for 1 GB of data.
        // Counted in pages: a fresh or small file is compacted without a word.
        let pages: i64 = conn.pragma_query_value(None, "page_count", |r| r.get(0))?;
        let progress = Progress::new("compacting the database file", pages as usize);
        conn.execute_batch("VACUUM")?;
        progress.finish();
    }
    Ok(())
}

/// The version after which the op log and projections are compact (0003, 0004).
const COMPACT_PROJECTIONS: usize = 4;

fn has_pages_to_free(conn: &Connection) -> Result<bool> {
    let free: i64 = conn.pragma_query_value(None, "freelist_count", |r| r.get(0))?;
    Ok(free > 0)
}

/// A progress line on the terminal for a migration of a big file: a desk's ten years take
/// a while, and a silent start looks like a hang. Nothing when stderr is not a terminal.
pub(super) struct Progress {
    what: &'static str,
    total: usize,
    shown: bool,
    last_percent: usize,
}

impl Progress {
    /// Below this many rows (or pages) a step is quick enough to say nothing.
    const WORTH_SHOWING: usize = 20_000;

    pub(super) fn new(what: &'static str, total: usize) -> Progress {
        let shown = std::io::stderr().is_terminal() && total >= Self::WORTH_SHOWING;
        if shown {
            eprint!("soudan: {what}…");
        }
        Progress {
            what,
            total,
            shown,
            last_percent: 0,
        }
    }

    pub(super) fn at(&mut self, done: usize) {
        let percent = done * 100 / self.total.max(1);
        if self.shown && percent > self.last_percent {
            self.last_percent = percent;
            eprint!(
                "\rsoudan: {}… {percent}% ({done} of {})",
                self.what, self.total
            );
            let _ = std::io::stderr().flush();
        }
    }

    pub(super) fn finish(&self) {
        if self.shown {
            eprintln!("\rsoudan: {}… done{}", self.what, " ".repeat(24));
        }
    }
}

/// 0003: the op log in compact form (see the two SQL files). Every old op is copied with its
/// id, workstation, seq, time, kind, actor and payload unchanged in meaning; its stamp is its
/// time, so the order last-writer-wins saw, (time, id), is the order it sees now.
fn compact_op_log(tx: &Transaction) -> Result<()> {
    tx.execute_batch(include_str!("migrations/0003_compact_op_log.sql"))?;
    let total: i64 = tx.query_row("SELECT COUNT(*) FROM ops", [], |r| r.get(0))?;
    let mut progress = Progress::new("compacting the op log", total as usize);
    let mut read = tx.prepare(
        "SELECT id, workstation, seq, entity_kind, entity, kind, payload, at, actor
         FROM ops ORDER BY workstation, seq",
    )?;
    let mut insert = tx.prepare(
        "INSERT INTO ops_compact (workstation, seq, id, stamp, at, entity, kind, actor, payload)
         VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6, ?7, ?8)",
    )?;
    let mut numbers: HashMap<String, i64> = HashMap::new();
    let mut newest = 0i64;
    let mut rows = read.query([])?;
    let mut done = 0;
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let bad = |what: &str| StoreError::Inconsistent(format!("op {id}: bad {what}"));
        let uuid = |text: &str, what: &str| Uuid::parse_str(text).map_err(|_| bad(what));
        let workstation: String = row.get(1)?;
        let (entity_kind, kind): (String, String) = (row.get(3)?, row.get(5)?);
        if kind.split('.').next() != Some(entity_kind.as_str()) {
            return Err(bad("kind for its entity"));
        }
        let payload = match serde_json::from_str(&row.get::<_, String>(6)?) {
            Ok(Value::Object(map)) => map,
            _ => return Err(bad("payload")),
        };
        let stamp = parse_utc(&row.get::<_, String>(7)?)
            .ok_or_else(|| bad("time"))?
            .timestamp_micros();
        let n = match numbers.get(&workstation) {
            Some(n) => *n,
            None => {
                let n = oplog::workstation_number(tx, uuid(&workstation, "workstation")?)?;
                *numbers.entry(workstation).or_insert(n)
            }
        };
        insert.execute(params![
            n,
            row.get::<_, i64>(2)?,
            uuid(&id, "id")?.as_bytes(),
            stamp,
            uuid(&row.get::<_, String>(4)?, "entity")?.as_bytes(),
            kind,
            row.get::<_, String>(8)?,
            payload::encode(&payload),
        ])?;
        newest = newest.max(stamp);
        done += 1;
        progress.at(done);
    }
    drop(rows);
    progress.finish();
    tx.execute_batch(include_str!("migrations/0003_compact_op_log_finish.sql"))?;
    // New ops are stamped above every migrated one.
    oplog::raise_seen_stamp(tx, newest)?;
    Ok(())
}

/// 0004: the projections with BLOB ids and integer times, filled by replaying the op log.
fn compact_projections(tx: &Transaction) -> Result<()> {
    tx.execute_batch(include_str!("migrations/0004_compact_projections.sql"))?;
    let total: i64 = tx.query_row("SELECT COUNT(*) FROM ops", [], |r| r.get(0))?;
    let mut progress = Progress::new("rebuilding the case tables", total as usize);
    oplog::replay(tx, |done| progress.at(done))?;
    progress.finish();
    Ok(())
}
