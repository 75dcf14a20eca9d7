//! Backups that restore: `soudan backup` writes a consistent copy of the live database (the
//! screen may be running on it), `soudan restore` puts one back in its place.
//!
//! A copy is always made the same way: an empty file created owner-only (it holds the desk's
//! most sensitive data), filled by `VACUUM INTO` from one read transaction, fsync'd, checked,
//! and only then renamed to its final name, so a crash never leaves a half file where a
//! backup or the database is expected.
//!
//! `VACUUM INTO` rather than the online backup API, measured on a 100,000-contact demo
//! database (154,179 ops, 91 MB, release build): the backup API took 0.36–0.57 s for a 91.4 MB
//! copy, `VACUUM INTO` 0.76–0.85 s for an 84.7 MB one. Both read one snapshot and block no
//! writer (WAL). The second is chosen because the backup API copies pages as they are, free
//! pages and freed space inside pages included: text deleted from the live file (a draft
//! replaced on every keystroke, an erased case) lives on in every backup (a deleted draft's
//! marker: 1 copy in the API's file, 0 in `VACUUM INTO`'s). `VACUUM INTO` writes only live
//! rows, compactly, as one file in rollback-journal mode (no `-wal` to carry along). It does
//! not fsync its output (SQLite's documentation says so), hence the fsync here.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDateTime};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

pub mod cli;

use crate::lock::{self, Holder, LockError, TuiLock, beside};
use crate::privacy::KeepFor;
use crate::store::SCHEMA_VERSION;

/// The folder `soudan backup` writes to by default: `backups/` beside the database.
pub fn default_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{path}: no database here (nothing was created); pass --db to name it")]
    Missing { path: PathBuf },
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path} already exists and was not overwritten: give a new name or a folder")]
    Exists { path: PathBuf },
    /// A file that is not a soudan database this soudan can copy or restore.
    #[error("{path}: {reason}")]
    Unusable { path: PathBuf, reason: String },
    #[error("the copy does not match the database ({reason}); it was removed")]
    Mismatch { reason: String },
    #[error("{} is open in soudan (process {}, since {}): close it there first", db.display(),
            holder.pid.map_or_else(|| "?".to_string(), |p| p.to_string()),
            holder.since.as_deref().unwrap_or("?"))]
    Locked { db: PathBuf, holder: Holder },
    #[error("--keep needs a folder of backups: {path} names a file")]
    KeepNeedsFolder { path: PathBuf },
}

impl BackupError {
    /// A path or file the user must fix, as opposed to the database or the disk failing.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            BackupError::Exists { .. }
                | BackupError::Unusable { .. }
                | BackupError::KeepNeedsFolder { .. }
        )
    }
}

type Result<T, E = BackupError> = std::result::Result<T, E>;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |error| BackupError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// What a soudan database holds, as far as backup and restore look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    pub schema: i64,
    pub ops: i64,
    pub cases: i64,
    /// The workstation identity the file carries (its own ops and case numbers).
    pub workstation: String,
}

/// Reads what `conn` holds, or says in a few words why it is no soudan database this soudan
/// can use. `integrity` also runs `PRAGMA integrity_check` (it reads every page).
fn contents(conn: &Connection, integrity: bool) -> Result<Contents, String> {
    let schema: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| unreadable(&e))?;
    if schema > SCHEMA_VERSION {
        return Err(format!(
            "written by a newer soudan (schema version {schema}; this soudan knows up to \
             {SCHEMA_VERSION}): upgrade soudan first"
        ));
    }
    if integrity {
        let first: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| unreadable(&e))?;
        if first != "ok" {
            return Err(format!("the file is damaged ({first})"));
        }
    }
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema
             WHERE type = 'table' AND name IN ('meta', 'ops', 'cases')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| unreadable(&e))?;
    let workstation: Option<String> = if schema >= 1 && tables == 3 {
        conn.query_row(
            "SELECT value FROM meta WHERE key = 'workstation'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| unreadable(&e))?
    } else {
        None
    };
    let Some(workstation) = workstation else {
        return Err("not a soudan database (no op log or workstation in it)".into());
    };
    let count = |table: &str| {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .map_err(|e| unreadable(&e))
    };
    Ok(Contents {
        schema,
        ops: count("ops")?,
        cases: count("cases")?,
        workstation,
    })
}

/// SQLite's words for a file it cannot read, without the error code.
fn unreadable(error: &rusqlite::Error) -> String {
    match error {
        rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::NotADatabase => {
            "not a SQLite database".into()
        }
        rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::DatabaseCorrupt => {
            "the file is damaged (SQLite: database disk image is malformed)".into()
        }
        rusqlite::Error::SqliteFailure(_, Some(message)) => format!("cannot be read: {message}"),
        other => format!("cannot be read: {other}"),
    }
}

/// Opens a database file that must exist; never creates one.
fn open_existing(path: &Path, read_only: bool) -> Result<Connection> {
    let access = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    };
    let conn = Connection::open_with_flags(path, access | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| BackupError::Unusable {
            path: path.to_path_buf(),
            reason: unreadable(&e),
        })?;
    // The screen's commits are short; a reader waits for one rather than fail.
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| BackupError::Unusable {
            path: path.to_path_buf(),
            reason: unreadable(&e),
        })?;
    Ok(conn)
}

fn op_count(conn: &Connection, path: &Path) -> Result<i64> {
    conn.query_row("SELECT count(*) FROM ops", [], |r| r.get(0))
        .map_err(|e| BackupError::Unusable {
            path: path.to_path_buf(),
            reason: unreadable(&e),
        })
}

/// A file being written under a temporary name: removed unless it was renamed into place.
struct TempFile {
    path: PathBuf,
    /// The name it will have, which messages give: the temporary one means nothing to anyone.
    final_path: PathBuf,
    kept: bool,
}

impl TempFile {
    /// A hidden name beside `final_path`, on the same file system so the rename is atomic.
    fn beside(final_path: &Path) -> TempFile {
        let name = final_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        TempFile {
            path: final_path.with_file_name(format!(".{name}.tmp-{}", std::process::id())),
            final_path: final_path.to_path_buf(),
            kept: false,
        }
    }

    /// Renames the file to `to` (replacing what is there) and makes the rename durable.
    fn rename_to(mut self, to: &Path) -> Result<()> {
        std::fs::rename(&self.path, to).map_err(io(to))?;
        self.kept = true;
        sync_dir(to)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Makes a rename or a new file in `path`'s folder survive a power cut.
fn sync_dir(path: &Path) -> Result<()> {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io(dir))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Creates `path` empty and readable by its owner alone; fails if it exists.
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Copies the database open on `source` into `temp` (one snapshot), durably.
fn copy_into(source: &Connection, source_path: &Path, temp: &TempFile) -> Result<()> {
    // VACUUM INTO fills an empty file it finds and keeps its mode: owner-only from the start.
    drop(create_private(&temp.path).map_err(io(&temp.final_path))?);
    let target = temp.path.to_str().ok_or_else(|| BackupError::Unusable {
        path: temp.final_path.clone(),
        reason: "the path is not UTF-8".into(),
    })?;
    source
        .execute("VACUUM INTO ?1", [target])
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::CannotOpen => {
                BackupError::Io {
                    path: temp.final_path.clone(),
                    error: std::io::Error::other("cannot be written"),
                }
            }
            other => BackupError::Unusable {
                path: source_path.to_path_buf(),
                reason: unreadable(&other),
            },
        })?;
    File::open(&temp.path)
        .and_then(|f| f.sync_all())
        .map_err(io(&temp.final_path))
}

/// Checks a fresh copy: whole (integrity), the same database, and every op the source had
/// when it was taken: between `before` and `after`, the source's counts around the copy
/// (equal unless the screen committed meanwhile).
fn verify_copy(temp: &Path, source: &Contents, before: i64, after: i64) -> Result<Contents> {
    let conn = open_existing(temp, true)?;
    let copy = contents(&conn, true).map_err(|reason| BackupError::Mismatch { reason })?;
    let mismatch = |reason: String| Err(BackupError::Mismatch { reason });
    if copy.schema != source.schema || copy.workstation != source.workstation {
        return mismatch(format!(
            "schema {} of workstation {}, not {} of {}",
            copy.schema, copy.workstation, source.schema, source.workstation
        ));
    }
    if copy.ops < before.min(after) || copy.ops > before.max(after) {
        return mismatch(if before == after {
            format!("{} ops, the database has {before}", copy.ops)
        } else {
            format!("{} ops, the database had {before} to {after}", copy.ops)
        });
    }
    Ok(copy)
}

/// One backup written.
#[derive(Debug, Clone)]
pub struct Made {
    pub path: PathBuf,
    pub bytes: u64,
    pub ops: i64,
    /// Older backups removed by `--keep` (or `[backup] keep`).
    pub pruned: Vec<PathBuf>,
    /// Backups removed for being older than the retention period.
    pub expired: Vec<PathBuf>,
}

/// Which older backups `soudan backup` removes from the folder it writes to.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pruning {
    /// `--keep N`: only the newest N; a file target is then a mistake.
    pub keep_flag: Option<usize>,
    /// `[backup] keep = N`, unless `--keep` says otherwise; nothing to do for a file target.
    pub keep_config: Option<usize>,
    /// `[retention] keep`: a backup taken before an erasure would keep the erased text, so
    /// none may outlive the period the desk keeps records for.
    pub retention: Option<KeepFor>,
}

/// The name of a backup made at `at`: `soudan-YYYYMMDD-HHMMSS.db`, `-2`… for a second one
/// within the same second.
fn backup_name(at: DateTime<Local>, n: u32) -> String {
    let stamp = at.format("%Y%m%d-%H%M%S");
    if n <= 1 {
        format!("soudan-{stamp}.db")
    } else {
        format!("soudan-{stamp}-{n}.db")
    }
}

/// When a backup of this name was made, and its number within that second; None for every
/// file that is not one of ours (--keep leaves those alone).
fn parse_backup_name(name: &str) -> Option<(NaiveDateTime, u32)> {
    let rest = name.strip_prefix("soudan-")?.strip_suffix(".db")?;
    let (stamp, n) = match rest.len() {
        15 => (rest, 1),
        _ => {
            let (stamp, n) = rest.split_at_checked(15)?;
            let n: u32 = n.strip_prefix('-')?.parse().ok()?;
            (stamp, n)
        }
    };
    let at = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    Some((at, n))
}

/// Where `soudan backup [TARGET]` writes: a new file in a folder (named by the time), or the
/// file named.
fn resolve_target(
    db: &Path,
    target: Option<&Path>,
    at: DateTime<Local>,
) -> Result<(PathBuf, bool)> {
    let dir = match target {
        None => {
            let dir = default_dir(db);
            create_private_dir(&dir, true)?;
            dir
        }
        Some(path) if path.is_dir() => path.to_path_buf(),
        Some(path)
            if path
                .as_os_str()
                .to_string_lossy()
                .ends_with(std::path::MAIN_SEPARATOR) =>
        {
            // Only the last folder is made: a path under an unmounted disk must fail, not fill
            // the system disk.
            create_private_dir(path, false)?;
            path.to_path_buf()
        }
        Some(path) => {
            if path.exists() {
                return Err(BackupError::Exists {
                    path: path.to_path_buf(),
                });
            }
            let parent = path.parent().filter(|d| !d.as_os_str().is_empty());
            if parent.is_some_and(|d| !d.is_dir()) {
                return Err(BackupError::Io {
                    path: path.to_path_buf(),
                    error: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "its folder does not exist",
                    ),
                });
            }
            return Ok((path.to_path_buf(), false));
        }
    };
    let mut n = 1;
    loop {
        let path = dir.join(backup_name(at, n));
        if !path.exists() {
            return Ok((path, true));
        }
        n += 1;
    }
}

fn create_private_dir(dir: &Path, with_parents: bool) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(with_parents);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(io(dir))
}

/// `soudan backup`: a verified copy of `db` at `target` (a file, or a folder to name one in;
/// `backups/` beside the database by default). In a folder, `pruning` then removes the
/// backups older than the retention period and all but the newest `keep`. Nothing is created
/// when there is no database.
pub fn backup(
    db: &Path,
    target: Option<&Path>,
    pruning: &Pruning,
    at: DateTime<Local>,
) -> Result<Made> {
    if !db.is_file() {
        return Err(BackupError::Missing {
            path: db.to_path_buf(),
        });
    }
    let source = open_existing(db, false)?;
    let unusable = |reason| BackupError::Unusable {
        path: db.to_path_buf(),
        reason,
    };
    let described = contents(&source, false).map_err(unusable)?;
    let (path, in_folder) = resolve_target(db, target, at)?;
    if pruning.keep_flag.is_some() && !in_folder {
        return Err(BackupError::KeepNeedsFolder { path });
    }
    let temp = TempFile::beside(&path);
    let before = op_count(&source, db)?;
    copy_into(&source, db, &temp)?;
    let after = op_count(&source, db)?;
    drop(source);
    let copy = verify_copy(&temp.path, &described, before, after)?;
    // Not overwritten: the name was free a moment ago, and only a second backup in the same
    // second to the same folder could take it.
    if path.exists() {
        return Err(BackupError::Exists { path });
    }
    temp.rename_to(&path)?;
    let bytes = std::fs::metadata(&path).map_err(io(&path))?.len();
    let (expired, pruned) = match path.parent().filter(|_| in_folder) {
        Some(dir) => prune(dir, pruning, at)?,
        None => Default::default(),
    };
    Ok(Made {
        path,
        bytes,
        ops: copy.ops,
        pruned,
        expired,
    })
}

/// Removes soudan's own backups in `dir` (other files stay): first those taken before the
/// retention cutoff, then all but the newest `keep`. Returns (expired, pruned).
fn prune(
    dir: &Path,
    pruning: &Pruning,
    at: DateTime<Local>,
) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut backups: Vec<((NaiveDateTime, u32), PathBuf)> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let stamp = parse_backup_name(entry.file_name().to_str()?)?;
            entry
                .file_type()
                .ok()?
                .is_file()
                .then(|| (stamp, entry.path()))
        })
        .collect();
    backups.sort();
    // Names carry the local time they were taken at; the cutoff is read the same way.
    let cutoff = pruning.retention.map(|period| {
        period
            .cutoff(at.with_timezone(&chrono::Utc))
            .with_timezone(&Local)
            .naive_local()
    });
    let too_old = backups
        .iter()
        .take_while(|((taken, _), _)| cutoff.is_some_and(|cutoff| *taken < cutoff))
        .count();
    let keep = pruning.keep_flag.or(pruning.keep_config);
    let left = backups.len() - too_old;
    let excess = keep.map_or(0, |keep| left.saturating_sub(keep.max(1)));
    let mut removed = backups.into_iter().map(|(_, path)| path);
    let expired: Vec<PathBuf> = removed.by_ref().take(too_old).collect();
    let pruned: Vec<PathBuf> = removed.take(excess).collect();
    for path in expired.iter().chain(&pruned) {
        std::fs::remove_file(path).map_err(io(path))?;
    }
    Ok((expired, pruned))
}

/// A backup checked and copied beside the database, ready to take its place. The database
/// is locked against the screen until this is committed or dropped (dropping changes
/// nothing and removes the copy).
pub struct Staged {
    pub db: PathBuf,
    pub backup: PathBuf,
    pub contents: Contents,
    /// What the database holds now: None where there is none (a new machine), or why it
    /// cannot be read (the dead disk a restore is for).
    pub current: Option<Result<Contents, String>>,
    temp: TempFile,
    _lock: TuiLock,
}

/// `soudan restore`, first half: refuses while the screen has the database, checks the
/// backup (whole, a soudan database, not newer than this soudan) and copies it beside the
/// database, where the copy is brought to this soudan's schema and its op log replayed
/// against its case tables. Nothing is changed yet.
pub fn stage(db: &Path, backup: &Path) -> Result<Staged> {
    let lock = match lock::acquire(db) {
        Ok(lock) => lock,
        Err(LockError::Held { db, holder }) => return Err(BackupError::Locked { db, holder }),
        Err(LockError::Io { path, error }) => {
            return Err(BackupError::Io {
                path: path.into(),
                error,
            });
        }
    };
    let unusable = |reason: &str| BackupError::Unusable {
        path: backup.to_path_buf(),
        reason: reason.to_string(),
    };
    let meta = match std::fs::metadata(backup) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(unusable("no such file")),
        other => other.map_err(io(backup))?,
    };
    if !meta.is_file() {
        return Err(unusable("not a file"));
    }
    if meta.len() == 0 {
        return Err(unusable("the file is empty"));
    }
    // Read-only: the backup itself is never changed, even by a checkpoint.
    let source = open_existing(backup, true)?;
    let described = contents(&source, true).map_err(|r| unusable(&r))?;
    let temp = TempFile::beside(db);
    // VACUUM INTO also takes in a `-wal` left beside a copied file: the database put in place
    // is whole and has none.
    copy_into(&source, backup, &temp)?;
    drop(source);
    let copy = verify_copy(&temp.path, &described, described.ops, described.ops)?;
    // On the copy (the backup stays untouched): its case tables must be what its op log
    // gives, or the desk would restore, sync and report numbers no op supports.
    crate::store::check_replay(&temp.path).map_err(|error| match error {
        crate::store::StoreError::Inconsistent(why) => unusable(&format!(
            "{why}: the file was changed by hand or is damaged"
        )),
        other => unusable(&format!("its op log cannot be replayed ({other})")),
    })?;
    let current = db.is_file().then(|| {
        open_existing(db, true)
            .map_err(|e| match e {
                BackupError::Unusable { reason, .. } => reason,
                other => other.to_string(),
            })
            .and_then(|conn| contents(&conn, false))
    });
    Ok(Staged {
        db: db.to_path_buf(),
        backup: backup.to_path_buf(),
        contents: copy,
        current,
        temp,
        _lock: lock,
    })
}

/// A restore done.
#[derive(Debug, Clone)]
pub struct Restored {
    /// Where the database before the restore is kept (None if there was none).
    pub aside: Option<PathBuf>,
}

/// `soudan.db` → `soudan.db.before-restore-YYYYMMDD-HHMMSS` (`-2`… if taken).
fn aside_path(db: &Path, at: DateTime<Local>) -> PathBuf {
    let stamp = at.format("%Y%m%d-%H%M%S");
    let mut n = 1;
    loop {
        let mut name = db.as_os_str().to_owned();
        name.push(format!(".before-restore-{stamp}"));
        if n > 1 {
            name.push(format!("-{n}"));
        }
        let path = PathBuf::from(name);
        if !path.exists() && !beside(&path, "-wal").exists() {
            return path;
        }
        n += 1;
    }
}

/// `soudan.db` → `soudan.db-wal`, SQLite's names for the files beside a database.
fn set_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(io(path))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Gives `to` the contents of `from` without touching `from`: a hard link, or a copy where
/// the file system has none.
fn keep_copy(from: &Path, to: &Path) -> Result<()> {
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    let mut source = File::open(from).map_err(io(from))?;
    let mut target = create_private(to).map_err(io(to))?;
    std::io::copy(&mut source, &mut target).map_err(io(to))?;
    target.flush().map_err(io(to))?;
    target.sync_all().map_err(io(to))
}

impl Staged {
    /// The second half: keeps the current database aside (never deleted), then renames the
    /// checked copy into its place. At every moment the database's name holds either the old
    /// database or the restored one.
    pub fn commit(self, at: DateTime<Local>) -> Result<Restored> {
        let wal = beside(&self.db, "-wal");
        let aside = if self.db.exists() {
            // Committed changes may still be in the WAL (after a crash): fold them into the
            // file, so the aside copy is one whole file. A database too damaged for that
            // keeps its WAL beside the aside copy instead.
            if wal.exists()
                && let Ok(conn) = open_existing(&self.db, false)
            {
                let _ = conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)");
                drop(conn);
            }
            let aside = aside_path(&self.db, at);
            keep_copy(&self.db, &aside)?;
            // It holds what the database held: owner-only, whatever the database's mode was.
            set_private(&aside)?;
            if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
                let aside_wal = beside(&aside, "-wal");
                keep_copy(&wal, &aside_wal)?;
                set_private(&aside_wal)?;
            }
            Some(aside)
        } else {
            None
        };
        // An old WAL or index must never be read as the restored file's.
        for suffix in ["-wal", "-shm"] {
            let path = beside(&self.db, suffix);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(&path)(e)),
            }
        }
        self.temp.rename_to(&self.db)?;
        Ok(Restored { aside })
    }
}

/// Reads a yes from a person at the terminal.
pub fn confirmed(input: &mut dyn BufRead) -> bool {
    let mut line = String::new();
    if input.read_line(&mut line).is_err() {
        return false;
    }
    matches!(line.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn backup_names_sort_by_time_and_strangers_are_left_alone() {
        let at = Local.with_ymd_and_hms(2024, 6, 10, 14, 5, 9).unwrap();
        assert_eq!(backup_name(at, 1), "soudan-20240610-140509.db");
        assert_eq!(backup_name(at, 2), "soudan-20240610-140509-2.db");
        let first = parse_backup_name("soudan-20240610-140509.db").unwrap();
        let second = parse_backup_name("soudan-20240610-140509-2.db").unwrap();
        assert!(first < second);
        for stranger in [
            "soudan.db",
            "soudan-20240610.db",
            "soudan-20240610-140509.db.tmp-12",
            ".soudan-20240610-140509.db.tmp-12",
            "soudan-20240610-140509-x.db",
            "soudan-20241310-140509.db",
            "notes.txt",
        ] {
            assert_eq!(parse_backup_name(stranger), None, "{stranger}");
        }
    }

    #[test]
    fn only_a_plain_yes_confirms() {
        for (typed, yes) in [
            ("y\n", true),
            ("YES\n", true),
            (" yes \n", true),
            ("\n", false),
            ("n\n", false),
            ("yesno\n", false),
            ("", false),
        ] {
            assert_eq!(confirmed(&mut typed.as_bytes()), yes, "{typed:?}");
        }
    }
}
