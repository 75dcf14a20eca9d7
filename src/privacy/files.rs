//! Files only their owner can read: the database, its WAL and shared memory, its lock and
//! log are 0600, and soudan's own data directory 0700, also when they were made looser.

use std::fs::Permissions;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::config::LOG_FILE;
use crate::lock::{beside, lock_path};

/// What soudan keeps beside a database at `db`.
fn files_of(db: &Path) -> Vec<PathBuf> {
    let mut files = vec![
        db.to_path_buf(),
        beside(db, "-wal"),
        beside(db, "-shm"),
        lock_path(db),
    ];
    if let Some(dir) = db.parent() {
        files.push(dir.join(LOG_FILE));
    }
    files
}

/// Makes the database's files owner-only, and `own_dir` (the data directory soudan made,
/// never a folder the user pointed --db into, such as /tmp) 0700. Returns one line naming
/// what was readable by others, to be said once: after the fix it is not again.
pub fn restrict(db: &Path, own_dir: Option<&Path>) -> Option<String> {
    let mut fixed = Vec::new();
    let mut tighten = |path: &Path, mode: u32| {
        let Ok(meta) = std::fs::metadata(path) else {
            return;
        };
        let was = meta.permissions().mode() & 0o777;
        if was & 0o077 != 0 && std::fs::set_permissions(path, Permissions::from_mode(mode)).is_ok()
        {
            fixed.push(format!("{} ({was:04o} → {mode:04o})", path.display()));
        }
    };
    if let Some(dir) = own_dir {
        tighten(dir, 0o700);
    }
    for file in files_of(db) {
        tighten(&file, 0o600);
    }
    (!fixed.is_empty()).then(|| {
        format!(
            "others could read the desk's data; now only its owner can: {}",
            fixed.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looser_files_are_made_owner_only_and_said_once() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let db = data.join("soudan.db");
        for file in [&db, &data.join("soudan.log")] {
            std::fs::write(file, b"x").unwrap();
            std::fs::set_permissions(file, Permissions::from_mode(0o644)).unwrap();
        }
        std::fs::set_permissions(&data, Permissions::from_mode(0o755)).unwrap();
        let said = restrict(&db, Some(&data)).unwrap();
        assert!(said.contains("soudan.log (0644 → 0600)"), "{said}");
        assert!(said.contains("(0755 → 0700)"), "{said}");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&db), 0o600);
        assert_eq!(mode(&data.join("soudan.log")), 0o600);
        assert_eq!(mode(&data), 0o700);
        assert_eq!(restrict(&db, Some(&data)), None, "said once");
    }
}
