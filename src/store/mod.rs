//! The embedded SQLite store: migrations, the op log with its projections, and queries.
//!
//! Every change goes through [`Store::commit`]: the op rows and the projection rows are
//! written in one `BEGIN IMMEDIATE` transaction, with `synchronous=FULL`, so a committed
//! change survives a crash or a power cut.

mod cases;
mod coverage;
mod drafts;
mod erase;
mod items;
mod migrate;
mod oplog;
mod payload;
mod queries;
mod replay_check;
mod syncmark;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use uuid::Uuid;

use crate::domain::Change;

pub use cases::CallerCase;
pub use coverage::Coverage;
pub use erase::{ERASED_REFERRAL, Expired};
pub use migrate::SCHEMA_VERSION;
pub use oplog::{Op, StoredOp};
pub use queries::ContactRow;
pub use replay_check::check_replay;
pub use syncmark::{ErasedOp, decode_payload, encode_payload};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file cannot be opened as a soudan database. The message is SQLite's, said once.
    #[error("{path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error("{path}: the file is empty, so it is not a soudan database; the file was not changed")]
    Empty { path: PathBuf },
    #[error("{path}: no database here (nothing was created); run `soudan` once, or pass --db")]
    Missing { path: PathBuf },
    #[error("{path}: schema version {found} is not one soudan writes; the file was not changed")]
    BadSchema { path: PathBuf, found: i64 },
    #[error(
        "{path}: this database was written by a newer soudan (schema version {found}; this \
         soudan knows up to {supported}). Upgrade soudan to open it; the file was not changed."
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("op log is inconsistent: {0}")]
    Inconsistent(String),
    /// An op this soudan cannot apply, most likely written by a newer one.
    #[error(
        "op {op} is of the kind `{kind}`, which this soudan does not know (written by a newer \
         soudan?). Upgrade soudan to use this database; nothing was changed."
    )]
    UnknownOpKind { op: Uuid, kind: String },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

pub struct Store {
    conn: Connection,
    workstation: Uuid,
    /// This workstation's number in this file's `workstations` table.
    workstation_n: i64,
}

impl Store {
    /// Opens (creating and migrating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0) {
            // SQLite would silently make an empty file into a new database: an empty file
            // given as --db is a mistake (a truncated copy, the wrong path), not a fresh start.
            return Err(StoreError::Empty {
                path: path.to_path_buf(),
            });
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // A missing data directory on a fresh machine is normal; let SQLite report
            // anything else (permissions) with the path.
            let _ = std::fs::create_dir_all(dir);
        }
        if !path.exists() {
            create_fresh(path)?;
        }
        Store::open_file(path)
    }

    fn open_file(path: &Path) -> Result<Store> {
        let conn = Connection::open(path).map_err(|e| open_error(path, e))?;
        Store::init(conn, path).map_err(|e| match e {
            StoreError::Sqlite(e) => open_error(path, e),
            other => other,
        })
    }

    /// Opens a database that must already exist, for the commands that only read or add
    /// to one (export, queue, report): a mistyped --db creates nothing.
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        Store::open(path)
    }

    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?, Path::new(":memory:"))
    }

    fn init(mut conn: Connection, path: &Path) -> Result<Store> {
        // Set first: another soudan opening the same fresh file may hold its lock.
        conn.busy_timeout(Duration::from_secs(5))?;
        // Reading the version writes nothing: a file this soudan must refuse is refused
        // before any pragma below could change it.
        migrate::check_version(&conn, path)?;
        // WAL so readers never block the writer; FULL so a committed record survives a power
        // cut (the write rate is a few per second, the cost is invisible).
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Deleted and overwritten content is zeroed, so erased text leaves no bytes behind
        // in free pages or cells (see erase.rs).
        conn.pragma_update(None, "secure_delete", "ON")?;
        // Applying an op runs a few dozen distinct statements; keep them all prepared.
        conn.set_prepared_statement_cache_capacity(64);
        migrate::migrate(&mut conn, path)?;
        let workstation = ensure_workstation(&conn)?;
        let workstation_n = oplog::workstation_number(&conn, workstation)?;
        Ok(Store {
            conn,
            workstation,
            workstation_n,
        })
    }

    /// This workstation as the op log names it: (number in this file, id).
    fn me(&self) -> (i64, Uuid) {
        (self.workstation_n, self.workstation)
    }

    /// This database's workstation identity, created with the database.
    pub fn workstation(&self) -> Uuid {
        self.workstation
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Records `changes` as ops of this workstation and applies them to the projections,
    /// all or nothing.
    pub fn commit(&mut self, actor: &str, at: DateTime<Utc>, changes: &[Change]) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let me = self.me();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        oplog::record(&tx, me, actor, at, changes)?;
        tx.commit()?;
        Ok(())
    }

    /// Allocates the next case number of this workstation ("{station}-00001", …) and opens
    /// the case and its first contact, in one transaction so two numbers never collide. The
    /// case belongs to `actor`, the counselor taking the call, until it is reassigned.
    pub fn open_new_case(
        &mut self,
        station: &str,
        actor: &str,
        at: DateTime<Utc>,
        case_id: Uuid,
        contact: Change,
    ) -> Result<String> {
        let me = self.me();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let next = case_seq(&tx)? + 1;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('case_seq', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![next.to_string()],
        )?;
        let number = format!("{station}-{next:05}");
        let open = Change::open_case(case_id, &number, at).owned_by(actor);
        oplog::record(&tx, me, actor, at, &[open, contact])?;
        tx.commit()?;
        Ok(number)
    }

    /// The last case number this workstation allocated, so an import can continue the series.
    pub fn case_seq(&self) -> Result<i64> {
        case_seq(&self.conn)
    }

    /// Records imported changes, and moves this workstation's case counter past any imported
    /// number in its own series so a new call never reuses one.
    pub fn commit_import(
        &mut self,
        actor: &str,
        at: DateTime<Utc>,
        changes: &[Change],
        min_case_seq: i64,
    ) -> Result<()> {
        let me = self.me();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        raise_case_seq(&tx, min_case_seq)?;
        oplog::record(&tx, me, actor, at, changes)?;
        tx.commit()?;
        Ok(())
    }

    /// Moves this workstation's case counter past every number of its series
    /// (`{station}-00012`) among the cases: once its own later cases came back from the server
    /// into a restored backup, a new call must not take one of their numbers again.
    pub fn continue_case_series(&mut self, station: &str) -> Result<()> {
        let prefix = format!("{station}-");
        // The numbers starting with the prefix, as a range of the index on number.
        let past_prefix = format!("{station}.");
        let highest: Option<i64> = self.conn.query_row(
            "SELECT max(CAST(substr(number, length(?1) + 1) AS INTEGER)) FROM cases
             WHERE number >= ?1 AND number < ?2",
            params![prefix, past_prefix],
            |r| r.get(0),
        )?;
        if let Some(highest) = highest {
            raise_case_seq(&self.conn, highest)?;
        }
        Ok(())
    }

    /// Replays the whole op log into empty projections. The projections are a cache of the
    /// log: this must reproduce them exactly.
    pub fn rebuild_projections(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        replay_check::clear_projections(&tx)?;
        oplog::replay(&tx, |_| {})?;
        tx.commit()?;
        Ok(())
    }

    /// Erases the free text of `cases` (see erase.rs), each as an op of `actor` with its
    /// reason, a thousand to a transaction, then checkpoints the WAL so the old text is gone
    /// from it too.
    pub fn erase_cases(
        &mut self,
        actor: &str,
        at: DateTime<Utc>,
        cases: &[Uuid],
        reason: &str,
    ) -> Result<()> {
        for chunk in cases.chunks(1000) {
            let changes: Vec<Change> = chunk
                .iter()
                .map(|case| Change::erase_case(*case, reason))
                .collect();
            self.commit(actor, at, &changes)?;
        }
        self.checkpoint()
    }

    /// Moves the WAL into the database file and empties it, so text erased or overwritten
    /// no longer sits in old WAL frames. A reader elsewhere can keep part of it until it
    /// ends; the next checkpoint takes the rest.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// SQLite's count of commits by other connections to this file: when it moves, another
    /// process (a sync) changed what the screens show.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Ops of every workstation, in the order they are replayed.
    pub fn ops(&self) -> Result<Vec<Op>> {
        oplog::all_ops(&self.conn)
    }

    /// Up to `limit` ops of `workstation` with a sequence number above `after`, in sequence
    /// order: a page of what sync pushes or serves. Read through the primary key.
    pub fn ops_after(&self, workstation: Uuid, after: i64, limit: usize) -> Result<Vec<Op>> {
        oplog::ops_after(&self.conn, workstation, after, limit)
    }

    /// [`Store::ops_after`] as the log stores them, for a push: nothing decoded.
    pub fn stored_ops_after(
        &self,
        workstation: Uuid,
        after: i64,
        limit: usize,
    ) -> Result<Vec<StoredOp>> {
        oplog::stored_ops_after(&self.conn, workstation, after, limit)
    }

    /// Every workstation this database has ops of, with the highest sequence number held:
    /// since sequences are dense, that is everything of it up to there.
    pub fn known_sequences(&self) -> Result<Vec<(Uuid, i64)>> {
        oplog::known_sequences(&self.conn)
    }

    /// Applies ops that came from elsewhere (another workstation, via sync); ops already
    /// present are skipped, but a different op at a taken (workstation, seq) is an error.
    pub fn apply_foreign(&mut self, ops: &[Op]) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut applied = 0;
        // A page is mostly one workstation's: its number looked up once.
        let mut numbers: HashMap<Uuid, i64> = HashMap::new();
        let mut newest = None;
        for op in ops {
            let ws = match numbers.get(&op.workstation) {
                Some(n) => *n,
                None => {
                    let n = oplog::workstation_number(&tx, op.workstation)?;
                    numbers.insert(op.workstation, n);
                    n
                }
            };
            if oplog::insert_foreign(&tx, ws, op)? {
                let set_later = oplog::fields_set_after(&tx, op)?;
                oplog::apply(&tx, op, &set_later)?;
                newest = newest.max(Some(op.stamp));
                applied += 1;
            }
        }
        if let Some(stamp) = newest {
            oplog::raise_seen_stamp(&tx, stamp)?;
        }
        tx.commit()?;
        Ok(applied)
    }
}

/// SQLite's message for a file it cannot use, once ("file is not a database"), without the
/// error code that its Display appends.
fn open_error(path: &Path, error: rusqlite::Error) -> StoreError {
    let message = match &error {
        rusqlite::Error::SqliteFailure(_, Some(message)) if !message.is_empty() => message.clone(),
        rusqlite::Error::SqliteFailure(failure, None) => failure.to_string(),
        other => other.to_string(),
    };
    StoreError::Open {
        path: path.to_path_buf(),
        message,
    }
}

/// Moves the case counter up to `seq` if it is below; never lowers it.
fn raise_case_seq(conn: &Connection, seq: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('case_seq', ?1)
         ON CONFLICT (key) DO UPDATE
         SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
        params![seq.to_string()],
    )?;
    Ok(())
}

/// The last case number this workstation allocated (0 before the first).
fn case_seq(conn: &Connection) -> Result<i64> {
    Ok(conn
        .query_row(
            "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'case_seq'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0))
}

/// Makes a new database at `path` whole, or leaves the one another soudan made there at the
/// same moment: it is built under a name of its own and linked into place only when
/// migrated and registered, so no soudan ever opens a half-made file (an empty file, or a
/// schema half applied by another process).
fn create_fresh(path: &Path) -> Result<()> {
    let building = crate::lock::beside(path, &format!(".new-{}", Uuid::new_v4().simple()));
    let made = (|| {
        // Owner-only from the first byte: it will hold the desk's records.
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(&building).map_err(|e| StoreError::Open {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        // Closing it checkpoints and removes its WAL: the file alone is the database.
        drop(Store::open_file(&building)?);
        match std::fs::hard_link(&building, path) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists && !path.exists() => {
                // A file system without hard links: rename, last one wins (both are empty).
                std::fs::rename(&building, path).map_err(|e| StoreError::Open {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                })
            }
            _ => Ok(()),
        }
    })();
    for leftover in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(crate::lock::beside(&building, leftover));
    }
    made
}

/// This file's workstation id, made on first open. The first of several soudans opening a
/// fresh file at once makes it; the others read it.
fn ensure_workstation(conn: &Connection) -> Result<Uuid> {
    let read = || -> Result<Option<String>> {
        Ok(conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'workstation'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    };
    // Read first: opening an existing file writes nothing here.
    let text = match read()? {
        Some(text) => text,
        None => {
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('workstation', ?1)",
                params![Uuid::new_v4().to_string()],
            )?;
            read()?.ok_or_else(|| StoreError::Inconsistent("no workstation id".into()))?
        }
    };
    Uuid::parse_str(&text)
        .map_err(|e| StoreError::Inconsistent(format!("workstation id {text:?}: {e}")))
}
