//! Backups as an admin relies on them: `soudan backup` copies the live database whole while
//! it is being written to, and `soudan restore` puts a copy back, refusing anything it could
//! not use and never losing the database it replaces.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use common::pty::{ENTER, Workdir};
use rusqlite::Connection;
use soudan::domain::Change;
use soudan::store::Store;
use uuid::Uuid;

/// A workdir whose database holds some demo calls.
fn with_demo(config: &str, contacts: &str) -> Workdir {
    let work = Workdir::new(config);
    let (status, _, err) = work.run(&["demo", "--contacts", contacts]);
    assert_eq!(status, 0, "{err}");
    work
}

/// `soudan export --format jsonl` of a database file, read from a copy so that exporting
/// changes nothing in the file itself.
fn export_of(work: &Workdir, db: &Path) -> String {
    let scratch = tempfile::tempdir().unwrap();
    let copy = scratch.path().join("copy.db");
    std::fs::copy(db, &copy).unwrap();
    for suffix in ["-wal", "-shm"] {
        let mut side = db.as_os_str().to_owned();
        side.push(suffix);
        if Path::new(&side).exists() {
            let mut to = copy.as_os_str().to_owned();
            to.push(suffix);
            std::fs::copy(&side, &to).unwrap();
        }
    }
    let (status, out, err) = work.run_on(&copy, &["export", "--format", "jsonl"]);
    assert_eq!(status, 0, "{err}");
    out
}

fn op_count(db: &Path) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM ops", [], |r| r.get(0))
        .unwrap()
}

/// The path and op count of `backed up to PATH (SIZE, N ops)`.
fn made(out: &str) -> (PathBuf, i64) {
    let rest = out
        .trim()
        .strip_prefix("backed up to ")
        .unwrap_or_else(|| panic!("{out}"));
    let (path, counts) = rest.rsplit_once(" (").unwrap();
    let counts = counts.split_once(')').unwrap().0;
    let ops = counts
        .split(", ")
        .nth(1)
        .unwrap()
        .strip_suffix(" ops")
        .unwrap();
    (PathBuf::from(path), ops.parse().unwrap())
}

/// The data directory's file names, but the lock file (a refused restore may create it).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "soudan.db.lock")
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A new case with its first contact, as a call opens one; returns its number.
fn open_case_in(store: &mut Store) -> String {
    let (case, contact) = (Uuid::new_v4(), Uuid::new_v4());
    let at = chrono::Utc::now();
    let open = Change::open_contact(contact, case, "相談員A", at, Some("phone"));
    store.open_new_case("W", "相談員A", at, case, open).unwrap()
}

fn open_case(db: &Path) -> String {
    open_case_in(&mut Store::open(db).unwrap())
}

/// Opens cases on `db` from another connection until told to stop, one transaction each.
struct Writer {
    stop: Arc<AtomicBool>,
    written: Arc<AtomicUsize>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Writer {
    fn start(db: PathBuf) -> Writer {
        let stop = Arc::new(AtomicBool::new(false));
        let written = Arc::new(AtomicUsize::new(0));
        let (s, w) = (stop.clone(), written.clone());
        let thread = std::thread::spawn(move || {
            let mut store = Store::open(&db).unwrap();
            while !s.load(Ordering::SeqCst) {
                open_case_in(&mut store);
                w.fetch_add(1, Ordering::SeqCst);
            }
        });
        Writer {
            stop,
            written,
            thread: Some(thread),
        }
    }

    /// Waits until the writer has committed `more` cases beyond what it had.
    fn wait_for_more(&self, more: usize) {
        let target = self.written.load(Ordering::SeqCst) + more;
        while self.written.load(Ordering::SeqCst) < target {
            std::thread::yield_now();
        }
    }

    fn finish(mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.thread.take().unwrap().join().unwrap();
    }
}

#[test]
fn a_backup_taken_while_another_connection_writes_is_whole_and_restores_to_its_export() {
    let work = with_demo("", "200");
    let db = work.db();
    let before = op_count(&db);
    let writer = Writer::start(db.clone());
    writer.wait_for_more(5);
    let (status, out, err) = work.run(&["backup"]);
    // Still writing after the backup: the copy was taken in the middle of the writes.
    writer.wait_for_more(5);
    writer.finish();
    assert_eq!(status, 0, "{err}");
    let (backup, ops) = made(&out);
    let after = op_count(&db);
    assert!(
        before < ops && ops < after,
        "{before} < {ops} < {after}: {out}"
    );
    assert!(backup.starts_with(work.db().parent().unwrap().join("backups")));
    assert_eq!(op_count(&backup), ops, "the line says what the file holds");

    // Whole: each case the writer opened came with its contact (one transaction each), and
    // the tables the screens read are exactly the replay of the op log in the copy.
    let scratch = tempfile::tempdir().unwrap();
    let copy = scratch.path().join("copy.db");
    std::fs::copy(&backup, &copy).unwrap();
    let mut store = Store::open(&copy).unwrap();
    let cases: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .unwrap();
    let contacts: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
        .unwrap();
    let demo_cases: i64 = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM cases WHERE number NOT LIKE 'W-%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        contacts - 200,
        cases - demo_cases,
        "a case without its contact"
    );
    let queue = store.open_cases().unwrap();
    store.rebuild_projections().unwrap();
    assert_eq!(store.open_cases().unwrap(), queue);
    drop(store);

    // Restored, the database exports exactly what the backup holds.
    let expected = export_of(&work, &backup);
    assert!(expected.lines().count() > 200);
    let (status, _, err) = work.run(&["restore", "--yes", backup.to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");
    let (status, restored, err) = work.run(&["export", "--format", "jsonl"]);
    assert_eq!(status, 0, "{err}");
    assert_eq!(restored, expected);
    assert_eq!(op_count(&db), ops);
}

#[test]
fn a_backup_of_a_missing_database_creates_nothing() {
    let work = Workdir::new("");
    let target = work.dir.path().join("usb/soudan/");
    for args in [
        &["backup"][..],
        &["backup", target.to_str().unwrap()],
        &["backup", "--keep", "3"],
    ] {
        let (status, out, err) = work.run(args);
        assert_ne!(status, 0, "{args:?}");
        assert!(err.contains("no database"), "{args:?}: {err}");
        assert!(out.is_empty(), "{out}");
        assert!(!work.db().parent().unwrap().exists(), "{args:?}");
        assert!(!work.dir.path().join("usb").exists(), "{args:?}");
    }
}

#[cfg(unix)]
#[test]
fn backups_are_owner_only_and_a_path_that_cannot_be_written_is_said_and_left_alone() {
    let work = with_demo("", "20");
    let (status, out, err) = work.run(&["backup"]);
    assert_eq!(status, 0, "{err}");
    let (backup, _) = made(&out);
    assert_eq!(mode(&backup), 0o600);
    assert_eq!(mode(backup.parent().unwrap()), 0o700);

    // A folder ending in / is made (only that folder), and its backup is owner-only too.
    let folder = work.dir.path().join("elsewhere/");
    let (status, out, err) = work.run(&["backup", folder.to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");
    let (in_folder, _) = made(&out);
    assert_eq!(in_folder.parent().unwrap(), folder.as_path());
    assert_eq!(mode(&in_folder), 0o600);

    // An existing file is never overwritten.
    let existing = work.dir.path().join("keep-me.db");
    std::fs::write(&existing, "mine").unwrap();
    let (status, _, err) = work.run(&["backup", existing.to_str().unwrap()]);
    assert_eq!(status, 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "mine");

    // A folder that is not there (an unmounted disk) is not made, with its parents.
    let unmounted = work.dir.path().join("mnt/usb/soudan/");
    let (status, _, err) = work.run(&["backup", unmounted.to_str().unwrap()]);
    assert_eq!(status, 1);
    assert!(err.contains("mnt/usb/soudan"), "{err}");
    assert!(!work.dir.path().join("mnt").exists());
    let file_there = work.dir.path().join("mnt/usb/x.db");
    let (status, _, err) = work.run(&["backup", file_there.to_str().unwrap()]);
    assert_eq!(status, 1);
    assert!(
        err.contains("mnt/usb/x.db: its folder does not exist"),
        "{err}"
    );
    assert!(!work.dir.path().join("mnt").exists());
}

#[test]
fn keep_removes_only_the_oldest_of_soudans_own_backups() {
    let work = with_demo("", "20");
    let dir = work.dir.path().join("nightly");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "an admin's file").unwrap();
    std::fs::write(dir.join("soudan-before-upgrade.db"), "kept by hand").unwrap();
    let mut made_paths = Vec::new();
    for _ in 0..3 {
        let (status, out, err) = work.run(&["backup", dir.to_str().unwrap(), "--keep", "2"]);
        assert_eq!(status, 0, "{err}");
        made_paths.push(made(&out).0);
    }
    let mut left = listing(&dir);
    left.sort();
    let mut expected: Vec<String> = made_paths[1..]
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    expected.extend(["notes.txt".to_string(), "soudan-before-upgrade.db".into()]);
    expected.sort();
    assert_eq!(left, expected);

    let (status, _, err) = work.run(&["backup", "--keep", "0"]);
    assert_eq!(status, 2, "{err}");
    let file = work.dir.path().join("one.db");
    let (status, _, err) = work.run(&["backup", file.to_str().unwrap(), "--keep", "2"]);
    assert_eq!(status, 2);
    assert!(err.contains("--keep needs a folder"), "{err}");
    assert!(!file.exists());
}

/// A file named as soudan names a backup taken `days` ago (the content does not matter
/// for pruning, which goes by the name).
fn old_backup_in(dir: &Path, days: i64) -> String {
    let taken = chrono::Local::now() - chrono::Duration::days(days);
    let name = format!("soudan-{}.db", taken.format("%Y%m%d-%H%M%S"));
    std::fs::write(dir.join(&name), "an old backup").unwrap();
    name
}

#[test]
fn backup_prunes_copies_older_than_retention() {
    let work = with_demo("[retention]\nkeep = \"30d\"\n", "20");
    let dir = work.dir.path().join("nightly");
    std::fs::create_dir(&dir).unwrap();
    let expired = [old_backup_in(&dir, 400), old_backup_in(&dir, 31)];
    let recent = old_backup_in(&dir, 29);
    std::fs::write(dir.join("soudan-before-upgrade.db"), "kept by hand").unwrap();
    let (status, out, err) = work.run(&["backup", dir.to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");
    assert!(
        out.contains("; removed 2 backups older than the retention period 30d"),
        "{out}"
    );
    let made = made(&out)
        .0
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let mut expected = vec![made, recent.clone(), "soudan-before-upgrade.db".into()];
    expected.sort();
    assert_eq!(listing(&dir), expected, "{expired:?} should be gone");

    // Without a retention period soudan deletes no backup by age.
    std::fs::write(work.config_dir().join("config.toml"), "").unwrap();
    let old = old_backup_in(&dir, 400);
    let (status, out, err) = work.run(&["backup", dir.to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");
    assert!(!out.contains("removed"), "{out}");
    assert!(dir.join(old).exists() && dir.join(recent).exists());
}

#[test]
fn backup_keep_in_config_keeps_the_newest_and_the_flag_overrides_it() {
    let work = with_demo("[backup]\nkeep = 2\n", "20");
    let dir = soudan::backup::default_dir(&work.db());
    let mut made_paths = Vec::new();
    for _ in 0..3 {
        let (status, out, err) = work.run(&["backup"]);
        assert_eq!(status, 0, "{err}");
        made_paths.push(made(&out).0);
    }
    assert!(!made_paths[0].exists() && made_paths[1].exists() && made_paths[2].exists());
    let (status, out, err) = work.run(&["backup", "--keep", "1"]);
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("; removed 2 older backups"), "{out}");
    assert_eq!(listing(&dir).len(), 1);
    // A file is no folder to prune: the configured keep does not stand in the way.
    let file = work.dir.path().join("handover.db");
    let (status, _, err) = work.run(&["backup", file.to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");
    assert!(file.exists());

    std::fs::write(
        work.config_dir().join("config.toml"),
        "[backup]\nkeep = 0\n",
    )
    .unwrap();
    let (status, _, err) = work.run(&["backup"]);
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("config.toml:2"), "{err}");
    assert!(err.contains("keep at least 1"), "{err}");
    assert_eq!(listing(&dir).len(), 1, "a refused backup removes nothing");
}

#[test]
fn restore_refuses_while_the_screen_holds_the_database_and_changes_nothing() {
    let work = with_demo("", "20");
    let (_, out, _) = work.run(&["backup"]);
    let (backup, _) = made(&out);
    let db = work.db();
    let bytes = std::fs::read(&db).unwrap();
    let files = listing(db.parent().unwrap());
    let held = soudan::lock::acquire(&db).unwrap();
    for lang in ["en", "ja"] {
        let (status, _, err) =
            work.run(&["--lang", lang, "restore", "--yes", backup.to_str().unwrap()]);
        assert_eq!(status, 1, "{err}");
        let says = if lang == "en" {
            "open in soudan"
        } else {
            "画面で開かれています"
        };
        assert!(err.contains(says), "{err}");
        assert!(err.contains(&std::process::id().to_string()), "{err}");
    }
    drop(held);
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    assert_eq!(listing(db.parent().unwrap()), files);
}

/// A backup made unusable in one way, and a word the refusal must contain.
fn spoiled(work: &Workdir, backup: &Path, how: &str) -> (PathBuf, &'static str) {
    let path = work.dir.path().join(format!("{how}.db"));
    let good = std::fs::read(backup).unwrap();
    match how {
        "truncated" => {
            std::fs::write(&path, &good[..good.len() / 2]).unwrap();
            (path, "damaged")
        }
        "overwritten" => {
            // The second page (the first table's root) overwritten, as a bad sector would.
            let mut bad = good.clone();
            bad[4096..8192].fill(0x5a);
            std::fs::write(&path, bad).unwrap();
            (path, "damaged")
        }
        "newer" => {
            std::fs::write(&path, &good).unwrap();
            Connection::open(&path)
                .unwrap()
                .pragma_update(None, "user_version", 99)
                .unwrap();
            (path, "newer soudan")
        }
        "foreign" => {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');",
            )
            .unwrap();
            (path, "not a soudan database")
        }
        "text" => {
            std::fs::write(&path, "相談記録.xlsx を書き出したもの\n".repeat(200)).unwrap();
            (path, "not a SQLite database")
        }
        "empty" => {
            std::fs::write(&path, "").unwrap();
            (path, "empty")
        }
        "missing" => (path, "no such file"),
        _ => unreachable!(),
    }
}

/// Restores `file`, which must be refused as a file to fix, with a reason containing
/// `says`, and leave the database, the data directory and the file itself as they were.
/// Returns the refusal.
fn assert_restore_refused(work: &Workdir, file: &Path, says: &str) -> String {
    let how = file.file_name().unwrap().to_string_lossy().into_owned();
    let db = work.db();
    let data_dir = db.parent().unwrap().to_path_buf();
    let bytes = std::fs::read(&db).unwrap();
    let files = listing(&data_dir);
    let spoiled_bytes = std::fs::read(file).ok();
    let (status, out, err) =
        work.run(&["--lang", "en", "restore", "--yes", file.to_str().unwrap()]);
    assert_eq!(status, 2, "{how}: a file to fix: {err}");
    assert!(err.contains(says), "{how}: {err}");
    assert!(err.contains("The database was not changed"), "{how}: {err}");
    assert!(out.is_empty(), "{how}: {out}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "{how}: the database changed"
    );
    assert_eq!(listing(&data_dir), files, "{how}: a file was left behind");
    assert_eq!(
        std::fs::read(file).ok(),
        spoiled_bytes,
        "{how}: the file changed"
    );
    err
}

#[test]
fn restore_refuses_a_damaged_newer_or_foreign_file_and_changes_nothing() {
    let work = with_demo("", "50");
    let (_, out, _) = work.run(&["backup"]);
    let (backup, _) = made(&out);
    for how in [
        "truncated",
        "overwritten",
        "newer",
        "foreign",
        "text",
        "empty",
        "missing",
    ] {
        let (file, says) = spoiled(&work, &backup, how);
        assert_restore_refused(&work, &file, says);
    }
}

#[test]
fn restore_refuses_a_file_whose_projections_disagree_with_its_ops() {
    let work = with_demo("", "50");
    // An erased case is replayed from its blanked ops: its backup agrees and restores.
    let first: String = Connection::open(work.db())
        .unwrap()
        .query_row("SELECT min(number) FROM cases", [], |r| r.get(0))
        .unwrap();
    let (status, _, err) = work.run(&["erase", &first, "--reason", "本人の求め", "--yes"]);
    assert_eq!(status, 0, "{err}");
    let (_, out, _) = work.run(&["backup"]);
    let (backup, _) = made(&out);
    let (status, _, err) =
        work.run(&["--lang", "en", "restore", "--yes", backup.to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");

    // The case tables changed by hand, with no op saying so: a note rewritten, a tag gone.
    for (name, sql, table) in [
        (
            "note-rewritten.db",
            "UPDATE contacts SET notes = '秘密のメモ' WHERE rowid = (SELECT min(rowid) FROM contacts)",
            "contacts: 1 rows its ops do not give, 1 they give missing",
        ),
        (
            "tag-deleted.db",
            "DELETE FROM case_tags
             WHERE (case_id, dim, pos) = (SELECT case_id, dim, pos FROM case_tags LIMIT 1)",
            "case_tags: 0 rows its ops do not give, 1 they give missing",
        ),
    ] {
        let file = work.dir.path().join(name);
        std::fs::copy(&backup, &file).unwrap();
        Connection::open(&file).unwrap().execute(sql, []).unwrap();
        let err = assert_restore_refused(&work, &file, "does not give the case tables");
        assert!(err.contains(table), "{err}");
        assert!(err.contains("changed by hand or is damaged"), "{err}");
        assert!(
            !err.contains("秘密のメモ"),
            "a refusal never quotes a note: {err}"
        );
    }
}

#[cfg(unix)]
#[test]
fn restore_keeps_the_database_it_replaces_aside_and_owner_only() {
    let work = with_demo("", "50");
    let (_, out, _) = work.run(&["backup"]);
    let (backup, _) = made(&out);
    let db = work.db();
    // A call taken after the backup.
    let number = open_case(&db);
    let now = export_of(&work, &db);

    let (status, out, err) =
        work.run(&["--lang", "en", "restore", "--yes", backup.to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("sync is not set up"), "{out}");
    let aside = out
        .trim()
        .rsplit_once("the database before is kept as ")
        .map(|(_, p)| PathBuf::from(p))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        aside
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("soudan.db.before-restore-"),
        "{out}"
    );
    assert_eq!(
        export_of(&work, &aside),
        now,
        "the aside copy is the database before"
    );
    assert!(now.contains(&number), "{number}");
    assert!(!export_of(&work, &db).contains(&number));
    assert_eq!(export_of(&work, &db), export_of(&work, &backup));
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(&aside), 0o600);

    // A second restore keeps the first restore's database too: nothing is replaced silently.
    let (status, out, err) =
        work.run(&["--lang", "en", "restore", "--yes", backup.to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");
    assert!(aside.exists());
    let asides = listing(db.parent().unwrap())
        .into_iter()
        .filter(|n| n.starts_with("soudan.db.before-restore-"))
        .count();
    assert_eq!(asides, 2, "{out}");
}

#[test]
fn changes_only_in_the_wal_of_a_crashed_session_are_kept_in_the_aside_copy() {
    let work = with_demo("", "20");
    let (_, out, _) = work.run(&["backup"]);
    let (backup, _) = made(&out);
    let db = work.db();
    // A session that never closed its database (a crash): its last case is only in the WAL.
    let mut store = Store::open(&db).unwrap();
    let number = open_case_in(&mut store);
    std::mem::forget(store);
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    assert!(std::fs::metadata(&wal).unwrap().len() > 0);

    let (status, out, err) =
        work.run(&["--lang", "en", "restore", "--yes", backup.to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");
    let aside = PathBuf::from(out.trim().rsplit_once("kept as ").unwrap().1);
    assert!(
        export_of(&work, &aside).contains(&number),
        "{number} was lost"
    );
    assert!(!export_of(&work, &db).contains(&number));
}

#[test]
fn restore_asks_on_a_terminal_and_without_one_needs_yes() {
    let work = with_demo("", "20");
    let (_, out, _) = work.run(&["backup"]);
    let (backup, _) = made(&out);
    let db = work.db();
    let bytes = std::fs::read(&db).unwrap();
    let (status, _, err) = work.run(&["--lang", "en", "restore", backup.to_str().unwrap()]);
    assert_eq!(status, 2);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes);

    // On a terminal: what would be replaced, then a question; anything but yes declines.
    let restore = |answer: &str| {
        let mut screen = common::pty::Soudan::spawn_args(
            &db,
            &work.config_dir(),
            &["--lang", "en", "restore", backup.to_str().unwrap()],
            100,
            24,
        );
        let shown = screen.wait_for("[y/N]");
        screen.send(answer);
        screen.send(ENTER);
        let ok = screen.wait_exit();
        (shown, ok, screen.contents())
    };
    let (shown, ok, after) = restore("n");
    assert!(
        shown.contains("backup:") && shown.contains("current:"),
        "{shown}"
    );
    assert!(shown.contains("kept aside, not deleted"), "{shown}");
    assert!(!ok, "declined is not success");
    assert!(after.contains("nothing was changed"), "{after}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    let (_, ok, after) = restore("y");
    assert!(ok, "{after}");
    assert!(after.contains("restored"), "{after}");
}

#[test]
fn with_sync_set_up_restore_says_the_missing_ops_come_back_on_the_next_sync() {
    let work = with_demo(
        "[sync]\nurl = \"postgres://desk@127.0.0.1:9/soudan\"\n",
        "20",
    );
    let (_, out, _) = work.run(&["backup"]);
    let (backup, _) = made(&out);
    let (status, out, err) =
        work.run(&["--lang", "en", "restore", "--yes", backup.to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");
    assert!(
        out.contains("come back from\n  the server") && out.contains("next `soudan sync`"),
        "{out}"
    );
    assert!(out.contains("Run it before the next call"), "{out}");
}

#[test]
fn an_old_schemas_backup_restores_and_migrates_on_first_open() {
    let work = Workdir::new("");
    let (status, out, err) = work.run(&[
        "--lang",
        "en",
        "restore",
        "--yes",
        "tests/fixtures/schema1.db",
    ]);
    assert_eq!(status, 0, "{err}");
    assert!(
        out.contains("current: ") && out.contains("\n  none\n"),
        "{out}"
    );
    assert!(
        !out.contains("kept as"),
        "nothing to keep aside on a new machine: {out}"
    );
    let (status, csv, err) = work.run(&["export", "--format", "csv"]);
    assert_eq!(status, 0, "{err}");
    assert_eq!(
        csv,
        std::fs::read_to_string("tests/fixtures/schema1.export.csv").unwrap()
    );
}

#[test]
fn a_backup_while_a_call_is_open_on_the_screen_restores_that_call() {
    let work = Workdir::new("station = \"BK\"\n");
    let mut screen = work.start(80, 24);
    screen.wait_for("待機中");
    screen.key("n", "通話中");
    screen.key("a", "年代 (1つ選択)");
    screen.key("2", "20代");
    screen.key("m", "メモ編集中");
    screen.key("掲示板に住所を書かれた", "掲示板に住所を書かれた");
    let (status, out, err) = work.run(&["backup"]);
    assert_eq!(status, 0, "{err}");
    let (backup, _) = made(&out);
    screen.kill_9();

    // On a new machine: restore, start, and the call is there as it was being taken.
    let other = Workdir::new("station = \"BK\"\n");
    let (status, _, err) = other.run(&["restore", "--yes", backup.to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");
    let mut screen = other.start(80, 24);
    let shown = screen.wait_for("前回の通話を復元しました");
    assert!(shown.contains("案件 BK-00001"), "{shown}");
    assert!(shown.contains("20代"), "{shown}");
    assert!(shown.contains("掲示板に住所を書かれた"), "{shown}");
    screen.kill_9();
}

#[test]
fn restoring_another_workstations_backup_says_it_takes_over_that_identity() {
    let other = with_demo("", "10");
    let (_, out, _) = other.run(&["backup"]);
    let (theirs, _) = made(&out);
    let work = with_demo("", "10");
    let (_, out, _) = work.run(&["backup"]);
    let (ours, _) = made(&out);
    let (status, out, err) =
        work.run(&["--lang", "en", "restore", "--yes", ours.to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");
    assert!(!out.contains("another workstation's"), "{out}");
    let (status, out, err) =
        work.run(&["--lang", "en", "restore", "--yes", theirs.to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");
    assert!(
        out.contains("this backup is another workstation's"),
        "{out}"
    );
}

/// A central database of its own on this machine's PostgreSQL (as tests/sync.rs uses),
/// dropped at the end; None when the sync tests are skipped on purpose.
struct Central {
    name: String,
}

impl Central {
    fn admin(db: &str) -> postgres::Client {
        postgres::Client::connect(
            &format!("host=127.0.0.1 port=5432 user=postgres dbname={db}"),
            postgres::NoTls,
        )
        .expect("PostgreSQL on 127.0.0.1:5432 (SOUDAN_SKIP_POSTGRES=1 skips)")
    }

    fn new() -> Option<Central> {
        if std::env::var_os("SOUDAN_SKIP_POSTGRES").is_some() {
            return None;
        }
        let name = format!("soudan_backup_{}", Uuid::new_v4().simple());
        Central::admin("test")
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        Some(Central { name })
    }

    fn url(&self) -> String {
        format!(
            "postgres://postgres@127.0.0.1:5432/{}?sslmode=disable",
            self.name
        )
    }
}

impl Drop for Central {
    fn drop(&mut self) {
        let _ = Central::admin("test").batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

#[test]
fn a_restored_workstation_gets_its_later_calls_back_from_sync_and_numbers_on_after_them() {
    let Some(central) = Central::new() else {
        return;
    };
    let work = Workdir::new(&format!(
        "station = \"W\"\n[sync]\nurl = \"{}\"\n",
        central.url()
    ));
    let run = |args: &[&str]| {
        let (status, out, err) = work.run(args);
        assert_eq!(status, 0, "{args:?}: {err}");
        out
    };
    run(&["sync", "init"]);
    let db = work.db();
    open_case(&db);
    run(&["sync"]);
    let (backup, _) = made(&run(&["backup"]));
    let later = [open_case(&db), open_case(&db)];
    run(&["sync"]);

    run(&["restore", "--yes", backup.to_str().unwrap()]);
    let (_, export, _) = work.run(&["export"]);
    assert!(!export.contains(&later[0]));
    run(&["sync"]);
    let (_, export, _) = work.run(&["export"]);
    for number in &later {
        assert!(export.contains(number), "{number} did not come back");
    }
    // The next call continues the series after the calls that came back.
    assert_eq!(later, ["W-00002", "W-00003"]);
    assert_eq!(open_case(&db), "W-00004");
}

#[test]
fn without_a_setting_the_newest_fourteen_backups_are_kept() {
    // A nightly timer with no [backup] section must not fill the disk.
    let work = with_demo("", "20");
    let (status, out, err) = work.run(&["backup"]);
    assert_eq!(status, 0, "{err}");
    let (first, _) = made(&out);
    let dir = soudan::backup::default_dir(&work.db());
    for day in 1..=15 {
        std::fs::copy(&first, dir.join(format!("soudan-202401{day:02}-233000.db"))).unwrap();
    }
    let (status, out, err) = work.run(&["backup"]);
    assert_eq!(status, 0, "{err}");
    let (newest, _) = made(&out);
    let left = listing(&dir);
    assert_eq!(left.len(), 14, "{left:?}");
    assert!(newest.exists() && first.exists());
    assert!(
        !left.contains(&"soudan-20240103-233000.db".to_string()),
        "{left:?}"
    );
    assert!(
        left.contains(&"soudan-20240104-233000.db".to_string()),
        "{left:?}"
    );
}
