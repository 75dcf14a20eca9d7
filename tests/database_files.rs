//! The database file as an admin meets it: an old database migrates in place and exports as
//! before, and a file soudan must not use is refused untouched, named once.

mod common;

use std::path::Path;

use common::pty::Workdir;
use rusqlite::Connection;
use soudan::domain::format_utc;
use soudan::store::{Op, SCHEMA_VERSION, Store};

fn user_version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

/// A copy of a database written by soudan's first release (schema 1, kept in
/// tests/fixtures with the export that release made of it). When the export format gains a
/// column on purpose (`referral_names`), the expected files gain it too, and their diff
/// must only add: what the first release exported stays as it was.
fn fixture(work: &Workdir, name: &str) -> std::path::PathBuf {
    let db = work.db();
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    std::fs::copy(format!("tests/fixtures/{name}.db"), &db).unwrap();
    assert_eq!(user_version(&db), 1);
    db
}

/// One op as text, with its payload parsed, so the old and the compact form compare.
fn describe(op: &Op) -> String {
    format!(
        "{} {} {} {} {} {} {} {}",
        op.id,
        op.workstation,
        op.seq,
        op.entity_kind,
        op.entity,
        op.kind,
        format_utc(op.at),
        op.actor
    ) + &serde_json::to_string(&op.payload).unwrap()
}

/// The ops of a schema-1 file, read with that schema's SQL.
fn schema_1_ops(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT id, workstation, seq, entity_kind, entity, kind, at, actor, payload FROM ops",
        )
        .unwrap();
    let mut ops: Vec<String> = stmt
        .query_map([], |r| {
            let text = |i| r.get::<_, String>(i);
            let payload: serde_json::Value = serde_json::from_str(&text(8)?).unwrap();
            Ok(format!(
                "{} {} {} {} {} {} {} {}",
                text(0)?,
                text(1)?,
                r.get::<_, i64>(2)?,
                text(3)?,
                text(4)?,
                text(5)?,
                text(6)?,
                text(7)?
            ) + &payload.to_string())
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    ops.sort();
    assert!(!ops.is_empty());
    ops
}

#[test]
fn a_schema_1_database_migrates_in_place_and_exports_byte_identically() {
    for (name, formats) in [
        ("schema1", &["csv", "jsonl"][..]),
        ("demo1", &["jsonl"][..]),
    ] {
        let work = Workdir::new("");
        let db = fixture(&work, name);
        let ops_before = schema_1_ops(&db);
        let bytes_before = std::fs::metadata(&db).unwrap().len();
        for format in formats {
            let (status, out, err) = work.run(&["export", "--format", format]);
            assert_eq!(status, 0, "{err}");
            let before =
                std::fs::read_to_string(format!("tests/fixtures/{name}.export.{format}")).unwrap();
            assert_eq!(out, before, "{name} as {format}");
        }
        assert_eq!(user_version(&db), SCHEMA_VERSION);
        // The op log lost nothing in its compact form: every op reads back as it was written.
        let mut store = Store::open(&db).unwrap();
        let mut ops_after: Vec<String> = store.ops().unwrap().iter().map(describe).collect();
        ops_after.sort();
        assert_eq!(ops_after, ops_before, "{name}: the op log");
        let bytes_after = std::fs::metadata(&db).unwrap().len();
        // Even a small file, mostly pages holding little, shrinks by a quarter.
        assert!(
            bytes_after * 4 < bytes_before * 3,
            "{name}: {bytes_before} bytes before, {bytes_after} after"
        );
        // The migrated projections are what the op log replays to.
        let queue = store.open_cases().unwrap();
        store.rebuild_projections().unwrap();
        assert_eq!(store.open_cases().unwrap(), queue);
        drop(store);
        // A second start has nothing to do.
        let (status, again, _) = work.run(&["export", "--format", "jsonl"]);
        assert_eq!(status, 0);
        let before =
            std::fs::read_to_string(format!("tests/fixtures/{name}.export.jsonl")).unwrap();
        assert_eq!(again, before);
    }
}

#[test]
fn a_newer_database_is_refused_before_anything_is_written_to_it() {
    let work = Workdir::new("");
    let db = fixture(&work, "schema1");
    // Back to the rollback journal, as another tool might leave it, and from the future.
    let conn = Connection::open(&db).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let bytes = std::fs::read(&db).unwrap();
    let (status, _, err) = work.run(&["export"]);
    assert_ne!(status, 0);
    assert!(
        err.contains("newer soudan") && err.contains("not changed"),
        "{err}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "the file was changed");
    assert!(!db.with_extension("db-wal").exists(), "a WAL was made");
}

#[test]
fn a_negative_schema_version_is_refused_not_skipped() {
    let work = Workdir::new("");
    let db = fixture(&work, "schema1");
    Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", -1)
        .unwrap();
    let (status, _, err) = work.run(&["export"]);
    assert_ne!(status, 0);
    assert!(err.contains("schema version -1"), "{err}");
    assert_eq!(user_version(&db), -1);
}

#[test]
fn an_empty_file_is_not_made_into_a_new_database() {
    let work = Workdir::new("");
    let db = work.db();
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    std::fs::write(&db, b"").unwrap();
    let (status, _, err) = work.run(&["import", "/dev/null"]);
    assert_ne!(status, 0);
    assert!(err.contains("empty"), "{err}");
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0);
}

#[test]
fn a_file_that_is_no_database_is_named_once() {
    let work = Workdir::new("");
    let db = work.db();
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    std::fs::write(&db, "これはデータベースではありません。".repeat(100)).unwrap();
    let (status, _, err) = work.run(&["export"]);
    assert_ne!(status, 0);
    assert_eq!(err.matches("not a database").count(), 1, "{err}");
    assert_eq!(err.matches(db.to_str().unwrap()).count(), 1, "{err}");
    assert!(!err.contains("Error code"), "{err}");
}

#[test]
fn reading_commands_on_a_missing_database_create_nothing() {
    for command in [&["export"][..], &["queue"], &["report", "--fy", "2024"]] {
        let work = Workdir::new("");
        let (status, _, err) = work.run(command);
        assert_ne!(status, 0, "{command:?}");
        assert!(err.contains("no database"), "{command:?}: {err}");
        assert!(
            !work.db().parent().unwrap().exists(),
            "{command:?} created {}",
            work.db().parent().unwrap().display()
        );
    }
}

#[test]
fn the_database_and_its_log_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let work = Workdir::new("");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let (status, _, err) = work.run(&["demo", "--contacts", "5"]);
    assert_eq!(status, 0, "{err}");
    let db = work.db();
    assert_eq!(mode(&db), 0o600, "a new database");
    assert!(
        !err.contains("could read"),
        "nothing to say for a new file: {err}"
    );
    // Made readable by others (a copy, a umask): fixed, and said once.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (status, _, err) = work.run(&["export"]);
    assert_eq!(status, 0);
    assert_eq!(err.matches("could read").count(), 1, "{err}");
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(&db.with_file_name("soudan.log")), 0o600);
    let (_, _, err) = work.run(&["export"]);
    assert!(!err.contains("could read"), "{err}");
}
