//! One TUI per database at a time. Two windows on one database overwrite each other's notes
//! and responses, so the TUI holds an OS advisory lock on `soudan.db.lock` beside the
//! database for as long as it runs. The OS drops the lock with the process, however it ends
//! (`kill -9`, a power cut): a lock is never stale. The file also says who holds it, for the
//! message a second start prints.
//!
//! Only the TUI takes the lock: commands that read (export, queue, report, referrals) never
//! need it, and commands that write (import, demo) go through SQLite's own locking.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::domain::Lang;

/// Held while the TUI runs; dropping it (or the process ending) releases the database.
#[derive(Debug)]
pub struct TuiLock {
    _file: File,
}

/// Who holds the lock, as it wrote itself into the lock file (empty if it had not yet).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Holder {
    pub pid: Option<u32>,
    pub host: Option<String>,
    pub since: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("{} is already open in another soudan", db.display())]
    Held { db: PathBuf, holder: Holder },
}

/// `soudan.db` → `soudan.db.lock`.
pub fn lock_path(db: &Path) -> PathBuf {
    beside(db, ".lock")
}

/// A file soudan keeps beside the database: `soudan.db` + `-wal` → `soudan.db-wal`.
pub fn beside(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Takes the database for this process, or says who has it. Nothing is written to the
/// database either way; the lock file is created (with the database's folder) if missing.
pub fn acquire(db: &Path) -> Result<TuiLock, LockError> {
    let path = lock_path(db);
    let io = |error| LockError::Io {
        path: path.display().to_string(),
        error,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    // Not truncated on open: the holder's details must survive a second start's look.
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut text = String::new();
            // Windows locks are mandatory: there the holder's details cannot be read.
            let _ = file.read_to_string(&mut text);
            return Err(LockError::Held {
                db: db.to_path_buf(),
                holder: Holder::parse(&text),
            });
        }
        Err(TryLockError::Error(error)) => return Err(io(error)),
    }
    let me = Holder {
        pid: Some(std::process::id()),
        host: Some(hostname()),
        since: Some(chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)),
    };
    file.set_len(0).map_err(io)?;
    file.rewind().map_err(io)?;
    file.write_all(me.to_text().as_bytes()).map_err(io)?;
    file.flush().map_err(io)?;
    Ok(TuiLock { _file: file })
}

impl Holder {
    fn to_text(&self) -> String {
        format!(
            "pid={}\nhost={}\nsince={}\n",
            self.pid.map(|p| p.to_string()).unwrap_or_default(),
            self.host.as_deref().unwrap_or_default(),
            self.since.as_deref().unwrap_or_default()
        )
    }

    fn parse(text: &str) -> Holder {
        let mut holder = Holder::default();
        for line in text.lines() {
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.trim() {
                "pid" => holder.pid = value.parse().ok(),
                "host" => holder.host = Some(value.to_string()),
                "since" => holder.since = Some(value.to_string()),
                _ => {}
            }
        }
        holder
    }
}

/// What a second start tells the counselor: who has the database, and what still works.
pub fn held_message(db: &Path, holder: &Holder, lang: Lang) -> String {
    let unknown = lang.pick("不明", "unknown");
    let pid = holder
        .pid
        .map_or_else(|| unknown.to_string(), |p| p.to_string());
    let host = holder.host.as_deref().unwrap_or(unknown);
    let since = holder.since.as_deref().unwrap_or(unknown);
    // Lines fit 80 columns (a full-width character takes two).
    match lang {
        Lang::Ja => format!(
            "soudan: このデータベースは別の soudan が開いています: {db}\n  \
             プロセス {pid}（{host}）、{since} から\n\
             同じデータベースを二つの画面で開くと、互いのメモや対応を上書きします。\n\
             開いている画面を使ってください。見るだけなら: soudan queue / report / export",
            db = db.display()
        ),
        Lang::En => format!(
            "soudan: this database is already open in another soudan: {db}\n  \
             process {pid} on {host}, since {since}\n\
             Two windows on one database overwrite each other's notes and responses:\n\
             use the one that is open. To look without writing: soudan queue, report, export",
            db = db.display()
        ),
    }
}

/// This machine's name, as a counselor would recognise it in the message.
#[cfg(unix)]
fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname writes at most that many bytes.
    let status = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if status != 0 {
        return "?".into();
    }
    let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

#[cfg(not(unix))]
fn hostname() -> String {
    std::env::var("COMPUTERNAME").unwrap_or_else(|_| "?".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_database_is_refused_with_the_holder_and_freed_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("data/soudan.db");
        let first = acquire(&db).unwrap();
        assert!(lock_path(&db).ends_with("data/soudan.db.lock"));
        match acquire(&db) {
            Err(LockError::Held { holder, .. }) => {
                assert_eq!(holder.pid, Some(std::process::id()));
                assert_eq!(holder.host.as_deref(), Some(hostname().as_str()));
                assert!(holder.since.is_some());
            }
            other => panic!("expected Held, got {other:?}"),
        }
        assert!(!db.exists(), "the database itself is never touched");
        drop(first);
        acquire(&db).expect("free again once the holder is gone");
    }

    #[test]
    fn the_message_names_process_host_and_start() {
        let holder = Holder::parse("pid=4242\nhost=desk-3\nsince=2024-06-10T14:00:00+09:00\n");
        let message = held_message(Path::new("/d/soudan.db"), &holder, Lang::Ja);
        assert!(
            message.contains("プロセス 4242（desk-3）、2024-06-10T14:00:00+09:00 から"),
            "{message}"
        );
        let unknown = held_message(Path::new("/d/soudan.db"), &Holder::default(), Lang::En);
        assert!(unknown.contains("process unknown on unknown"), "{unknown}");
    }
}
