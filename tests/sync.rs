//! Sync against the real PostgreSQL of this machine (127.0.0.1:5432, user postgres), each
//! test in a database of its own: every op reaches every workstation exactly once, what
//! would corrupt is refused before anything changes, and edits converge.
//!
//! A test that cannot reach the server fails (CI starts it in .ci/run); set
//! SOUDAN_SKIP_POSTGRES=1 to skip them on a machine without one (not in CI).

mod common;

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use rstest::rstest;
use rstest_reuse::{self, apply, template};
use soudan::domain::{CaseStatus, Change, Dim};
use soudan::store::{Op, Store};
use soudan::sync::{self, Options, PasswordSources, Station, SyncError, Target};
use uuid::Uuid;

#[path = "common/postgres.rs"]
mod postgres_server;
use postgres_server::admin;

/// A database of its own on the test server, dropped (with the roles it made) at the end.
struct Central {
    name: String,
    roles: Vec<String>,
}

impl Central {
    /// A fresh, empty database; None only when skipping is asked for.
    fn empty() -> Option<Central> {
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "soudan_t{}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed),
            &Uuid::new_v4().simple().to_string()[..6]
        );
        admin("test")?
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        Some(Central {
            name,
            roles: Vec::new(),
        })
    }

    /// A fresh database with the central schema.
    fn new() -> Option<Central> {
        let central = Central::empty()?;
        sync::init(&central.target(), sync::DEFAULT_ROLE, false).unwrap();
        Some(central)
    }

    fn url_as(&self, user: &str) -> String {
        format!(
            "postgres://{user}@127.0.0.1:5432/{}?sslmode=disable",
            self.name
        )
    }

    fn target(&self) -> Target {
        Target::parse(&self.url_as("postgres"), &PasswordSources::default()).unwrap()
    }

    fn sql(&self) -> postgres::Client {
        admin(&self.name).unwrap()
    }

    fn count(&self, query: &str) -> i64 {
        self.sql().query_one(query, &[]).unwrap().get(0)
    }

    /// (seq, id) of `workstation`'s ops on the server, in seq order.
    fn ops_of(&self, workstation: Uuid) -> Vec<(i64, Uuid)> {
        self.sql()
            .query(
                "SELECT seq, id FROM ops WHERE workstation = $1 ORDER BY seq",
                &[&workstation.as_bytes().as_slice()],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), Uuid::from_slice(r.get(1)).unwrap()))
            .collect()
    }
}

impl Drop for Central {
    fn drop(&mut self) {
        postgres_server::drop_database(&self.name);
        if let Some(mut client) = admin("test") {
            for role in self.roles.iter().rev() {
                let _ = client.batch_execute(&format!("DROP ROLE IF EXISTS {role}"));
            }
        }
    }
}

fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 10, 5, 0, 0).unwrap() + Duration::minutes(minutes)
}

/// A workstation: its database and the code its case numbers start with.
struct Ws {
    store: Store,
    station: Station,
}

impl Ws {
    fn new(code: &str) -> Ws {
        Ws {
            store: Store::open_in_memory().unwrap(),
            station: station(code),
        }
    }

    /// `n` ops of this workstation, one commit each.
    fn edit(&mut self, n: usize) {
        let case = Uuid::now_v7();
        for i in 0..n {
            self.store
                .commit("A", t(i as i64), &[Change::set_priority(case, i as i64)])
                .unwrap();
        }
    }

    fn sync(&mut self, central: &Central) -> Result<sync::Summary, SyncError> {
        self.sync_paged(central, &Options::default())
    }

    fn sync_paged(
        &mut self,
        central: &Central,
        options: &Options,
    ) -> Result<sync::Summary, SyncError> {
        sync::sync(&mut self.store, &central.target(), &self.station, options)
    }

    fn ids(&self) -> Vec<Uuid> {
        let mut ids: Vec<Uuid> = self.store.ops().unwrap().iter().map(|o| o.id).collect();
        ids.sort();
        ids
    }
}

fn station(code: &str) -> Station {
    Station {
        code: code.into(),
        host: format!("host-{code}"),
    }
}

fn pages_of(size: usize) -> Options {
    Options {
        push_page: size,
        pull_page: size,
        progress: false,
    }
}

fn seq_ids(ops: &[Op]) -> Vec<(i64, Uuid)> {
    ops.iter().map(|o| (o.seq, o.id)).collect()
}

// Page size 4: nothing, one op, exactly a page, a page and one, whole pages, a partial last
// page; and the same again on top of ops the server already has.
#[template]
#[rstest]
#[case::empty(0, 0)]
#[case::one_op(0, 1)]
#[case::exactly_one_page(0, 4)]
#[case::a_page_plus_one(0, 5)]
#[case::several_whole_pages(0, 12)]
#[case::partial_last_page(0, 10)]
#[case::after_held_one(3, 1)]
#[case::after_held_a_page(3, 4)]
#[case::after_held_a_page_plus_one(4, 5)]
#[case::after_held_partial(5, 10)]
fn page_edges(#[case] held: usize, #[case] missing: usize) {}

#[apply(page_edges)]
fn push_sends_exactly_the_missing_ops(#[case] held: usize, #[case] missing: usize) {
    let Some(central) = Central::new() else {
        return;
    };
    let mut ws = Ws::new("N1");
    ws.edit(held);
    ws.sync(&central).unwrap();
    ws.edit(missing);

    let summary = ws.sync_paged(&central, &pages_of(4)).unwrap();

    assert_eq!(summary.pushed, missing as u64);
    let mine = ws.store.ops_after(ws.store.workstation(), 0, 1000).unwrap();
    assert_eq!(central.ops_of(ws.store.workstation()), seq_ids(&mine));
    assert_eq!(ws.store.pushed_through().unwrap(), (held + missing) as i64);
}

#[apply(page_edges)]
fn pull_fetches_exactly_the_missing_ops(#[case] held: usize, #[case] missing: usize) {
    let Some(central) = Central::new() else {
        return;
    };
    let (mut a, mut b) = (Ws::new("N1"), Ws::new("N2"));
    a.edit(held);
    a.sync(&central).unwrap();
    b.sync(&central).unwrap();
    a.edit(missing);
    a.sync(&central).unwrap();

    let summary = b.sync_paged(&central, &pages_of(4)).unwrap();

    assert_eq!(summary.pulled, missing as u64);
    assert_eq!(summary.workstations, usize::from(missing > 0));
    let from_a = |ws: &Ws| seq_ids(&ws.store.ops_after(a.store.workstation(), 0, 1000).unwrap());
    assert_eq!(from_a(&b), from_a(&a));
    assert_eq!(b.store.ops().unwrap(), a.store.ops().unwrap());
}

#[test]
fn second_sync_transfers_nothing() {
    let Some(central) = Central::new() else {
        return;
    };
    let (mut a, mut b) = (Ws::new("N1"), Ws::new("N2"));
    a.edit(7);
    b.edit(3);
    let first = a.sync(&central).unwrap();
    assert_eq!((first.pushed, first.pulled), (7, 0));
    let first = b.sync(&central).unwrap();
    assert_eq!((first.pushed, first.pulled), (3, 7));
    let first = a.sync(&central).unwrap();
    assert_eq!((first.pushed, first.pulled), (0, 3));

    for ws in [&mut a, &mut b] {
        let again = ws.sync(&central).unwrap();
        assert_eq!((again.pushed, again.pulled, again.workstations), (0, 0, 0));
        assert!(
            again
                .to_string()
                .starts_with("pushed 0, pulled 0 from 0 workstations in ")
        );
    }
    assert_eq!(central.count("SELECT COUNT(*) FROM ops"), 10);
    assert_eq!(a.ids(), b.ids());
}

#[test]
fn diverged_op_log_is_refused() {
    let Some(central) = Central::new() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (original, copy) = (dir.path().join("a.db"), dir.path().join("copy.db"));
    let mut a = Ws {
        store: Store::open(&original).unwrap(),
        station: station("N1"),
    };
    a.edit(3);
    a.sync(&central).unwrap();
    drop(a);
    // A copied database file goes on writing as the same workstation.
    std::fs::copy(&original, &copy).unwrap();
    let mut a = Ws {
        store: Store::open(&original).unwrap(),
        station: station("N1"),
    };
    a.edit(2);
    a.sync(&central).unwrap();
    let mut twin = Ws {
        store: Store::open(&copy).unwrap(),
        station: station("N1"),
    };
    twin.edit(1);
    let before = twin.store.ops().unwrap();
    let server_before = central.ops_of(a.store.workstation());

    let err = twin.sync(&central).unwrap_err();

    assert!(matches!(err, SyncError::Diverged { seq: 4, .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains(&a.store.workstation().to_string()),
        "{message}"
    );
    assert!(message.contains("seq 4"), "{message}");
    assert!(message.contains("nothing was changed"), "{message}");
    assert_eq!(twin.store.ops().unwrap(), before);
    assert_eq!(central.ops_of(a.store.workstation()), server_before);
}

#[test]
fn sync_failed_mid_push_resumes_without_duplicates() {
    let Some(central) = Central::new() else {
        return;
    };
    let mut ws = Ws::new("N1");
    ws.edit(10);
    // The server fails the second page of four (as a dropped connection would).
    central
        .sql()
        .batch_execute("ALTER TABLE ops ADD CONSTRAINT fault CHECK (seq <> 6)")
        .unwrap();
    ws.sync_paged(&central, &pages_of(4)).unwrap_err();
    assert_eq!(ws.store.pushed_through().unwrap(), 4);
    assert_eq!(central.ops_of(ws.store.workstation()).len(), 4);

    central
        .sql()
        .batch_execute("ALTER TABLE ops DROP CONSTRAINT fault")
        .unwrap();
    assert_eq!(ws.sync_paged(&central, &pages_of(4)).unwrap().pushed, 6);
    let me = ws.store.workstation();
    assert_eq!(
        central.ops_of(me),
        seq_ids(&ws.store.ops_after(me, 0, 100).unwrap())
    );
    assert_eq!(ws.store.pushed_through().unwrap(), 10);
}

#[test]
fn restored_backup_gets_its_own_ops_back() {
    let Some(central) = Central::new() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (db, backup) = (dir.path().join("a.db"), dir.path().join("backup.db"));
    let open = |path: &std::path::Path| Ws {
        store: Store::open(path).unwrap(),
        station: station("N1"),
    };
    let mut a = open(&db);
    a.edit(3);
    a.sync(&central).unwrap();
    drop(a);
    std::fs::copy(&db, &backup).unwrap();
    let mut a = open(&db);
    a.edit(2);
    a.sync(&central).unwrap();
    drop(a);

    let mut restored = open(&backup);
    let summary = restored.sync(&central).unwrap();
    assert_eq!((summary.pushed, summary.pulled), (0, 2));
    // Its next op continues the series the server has.
    restored.edit(1);
    assert_eq!(restored.sync(&central).unwrap().pushed, 1);
    let me = restored.store.workstation();
    assert_eq!(
        central.ops_of(me),
        seq_ids(&restored.store.ops_after(me, 0, 100).unwrap())
    );
    assert_eq!(central.ops_of(me).len(), 6);
}

#[test]
fn station_code_taken_is_refused() {
    let Some(central) = Central::new() else {
        return;
    };
    let (mut a, mut b) = (Ws::new("N1"), Ws::new("N1"));
    a.edit(1);
    a.sync(&central).unwrap();
    b.edit(2);

    let err = b.sync(&central).unwrap_err();

    let message = err.to_string();
    assert!(matches!(err, SyncError::StationTaken { .. }), "{message}");
    assert!(message.contains("station code N1"), "{message}");
    assert!(
        message.contains(&a.store.workstation().to_string()),
        "{message}"
    );
    assert!(message.contains("host-N1"), "{message}");
    assert!(message.contains("station = "), "{message}");
    // Nothing of b reached the server, nothing of a reached b.
    assert!(central.ops_of(b.store.workstation()).is_empty());
    assert_eq!(central.count("SELECT COUNT(*) FROM workstations"), 1);
    assert_eq!(b.store.ops().unwrap().len(), 2);
}

#[test]
fn server_down_leaves_local_db_untouched() {
    let mut ws = Ws::new("N1");
    ws.edit(3);
    let before = ws.store.ops().unwrap();
    // Nothing listens on port 1.
    let down = Target::parse(
        "postgres://postgres@127.0.0.1:1/test?sslmode=disable",
        &PasswordSources::default(),
    )
    .unwrap();

    let err = sync::sync(&mut ws.store, &down, &ws.station, &Options::default()).unwrap_err();

    assert!(matches!(err, SyncError::Connect { .. }), "{err}");
    assert!(err.to_string().contains("refused"), "{err}");
    assert!(
        err.to_string().starts_with(
            "cannot reach the sync server postgres@127.0.0.1:1/test: error connecting"
        ),
        "{err}"
    );
    assert_eq!(ws.store.ops().unwrap(), before);
    assert_eq!(ws.store.pushed_through().unwrap(), 0);
    assert_eq!(ws.store.last_sync().unwrap(), None);
}

#[test]
fn a_failed_pull_page_leaves_nothing_of_it() {
    let Some(central) = Central::new() else {
        return;
    };
    let (mut a, mut b) = (Ws::new("N1"), Ws::new("N2"));
    a.edit(8);
    a.sync(&central).unwrap();
    // The server's copy of op 6 is damaged: the second page of four cannot be read.
    central
        .sql()
        .execute(
            "UPDATE ops SET payload = '\\xff'::bytea WHERE workstation = $1 AND seq = 6",
            &[&a.store.workstation().as_bytes().as_slice()],
        )
        .unwrap();

    let err = b.sync_paged(&central, &pages_of(4)).unwrap_err();

    assert!(matches!(err, SyncError::BadOp(_)), "{err}");
    let got = seq_ids(&b.store.ops_after(a.store.workstation(), 0, 100).unwrap());
    let first_page = seq_ids(&a.store.ops_after(a.store.workstation(), 0, 4).unwrap());
    assert_eq!(got, first_page);
}

#[test]
fn newer_central_schema_is_refused() {
    let Some(central) = Central::new() else {
        return;
    };
    central
        .sql()
        .execute(
            "INSERT INTO soudan_schema (version) VALUES ($1)",
            &[&(sync::CENTRAL_SCHEMA_VERSION + 1)],
        )
        .unwrap();
    let mut ws = Ws::new("N1");
    ws.edit(2);
    let before = ws.store.ops().unwrap();

    let err = ws.sync(&central).unwrap_err();
    assert!(matches!(err, SyncError::NewerSchema { .. }), "{err}");
    assert!(err.to_string().contains("upgrade soudan"), "{err}");
    assert_eq!(ws.store.ops().unwrap(), before);
    assert_eq!(central.count("SELECT COUNT(*) FROM workstations"), 0);

    let err = sync::init(&central.target(), sync::DEFAULT_ROLE, false).unwrap_err();
    assert!(matches!(err, SyncError::NewerSchema { .. }), "{err}");
}

#[test]
fn init_is_safe_to_run_again_and_sync_needs_it() {
    let Some(central) = Central::empty() else {
        return;
    };
    let mut ws = Ws::new("N1");
    let err = ws.sync(&central).unwrap_err();
    assert!(
        matches!(err, SyncError::OlderSchema { found: 0, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("soudan sync init"), "{err}");

    let first = sync::init(&central.target(), sync::DEFAULT_ROLE, false).unwrap();
    assert_eq!((first.from, first.to), (0, sync::CENTRAL_SCHEMA_VERSION));
    ws.edit(1);
    ws.sync(&central).unwrap();
    let again = sync::init(&central.target(), sync::DEFAULT_ROLE, false).unwrap();
    assert_eq!(again.from, sync::CENTRAL_SCHEMA_VERSION);
    assert_eq!(central.count("SELECT COUNT(*) FROM ops"), 1);
}

#[test]
fn workstation_role_cannot_update_or_delete() {
    let Some(mut central) = Central::new() else {
        return;
    };
    let suffix = &Uuid::new_v4().simple().to_string()[..8];
    let (role, login) = (format!("soudan_ws_{suffix}"), format!("desk_{suffix}"));
    central.roles = vec![role.clone(), login.clone()];
    let report = sync::init(&central.target(), &role, true).unwrap();
    assert!(report.roles_created);
    assert!(
        report
            .role_sql
            .contains(&format!("CREATE ROLE {role} NOLOGIN"))
    );
    central
        .sql()
        .batch_execute(&format!("CREATE ROLE {login} LOGIN IN ROLE {role}"))
        .unwrap();

    // As that login a workstation registers, pushes and pulls…
    let as_login = Target::parse(&central.url_as(&login), &PasswordSources::default()).unwrap();
    let mut ws = Ws::new("N1");
    ws.edit(2);
    let summary = sync::sync(&mut ws.store, &as_login, &ws.station, &Options::default()).unwrap();
    assert_eq!(summary.pushed, 2);

    // …but changes and removes nothing.
    let mut client = postgres::Client::connect(&central.url_as(&login), postgres::NoTls).unwrap();
    for statement in [
        "UPDATE ops SET actor = 'x'",
        "DELETE FROM ops",
        "TRUNCATE ops",
        "UPDATE workstations SET station = 'N9'",
        "DELETE FROM workstations",
        "DELETE FROM syncs",
        "DELETE FROM soudan_schema",
        "INSERT INTO soudan_schema (version) VALUES (99)",
    ] {
        let err = client.batch_execute(statement).unwrap_err();
        assert_eq!(
            err.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{statement}: {err}"
        );
    }
    assert_eq!(central.count("SELECT COUNT(*) FROM ops"), 2);

    // The one rewrite it may ask for is an erasure's, through the server's function.
    let (case, _) = case_with_text(&mut ws, "ROLE", 3);
    sync::sync(&mut ws.store, &as_login, &ws.station, &Options::default()).unwrap();
    ws.store
        .erase_cases("A", t(9), &[case], "本人の求め")
        .unwrap();
    let summary = sync::sync(&mut ws.store, &as_login, &ws.station, &Options::default()).unwrap();
    assert!(summary.erased >= 1);
    assert_eq!(server_ops_holding(&central, "ROLE"), 0);
    let by: String = central
        .sql()
        .query_one("SELECT DISTINCT by_role FROM erasure_rewrites", &[])
        .unwrap()
        .get(0);
    assert_eq!(by, login);
}

/// A case opened on `ws` with `text` in its contact's notes and URLs: (case, contact).
fn case_with_text(ws: &mut Ws, text: &str, minute: i64) -> (Uuid, Uuid) {
    let (case, contact) = (Uuid::now_v7(), Uuid::now_v7());
    let open = Change::open_contact(contact, case, "相談員A", t(minute), Some("phone"));
    ws.store
        .open_new_case(&ws.station.code, "相談員A", t(minute), case, open)
        .unwrap();
    add_text(ws, contact, text, minute);
    (case, contact)
}

fn add_text(ws: &mut Ws, contact: Uuid, text: &str, minute: i64) {
    ws.store
        .commit(
            "相談員A",
            t(minute),
            &[
                Change::set_notes(contact, &format!("{text}のメモ")),
                Change::set_urls(contact, &[format!("https://x.com/{text}")]),
            ],
        )
        .unwrap();
}

/// How many of the server's ops still carry `text` in their payload.
fn server_ops_holding(central: &Central, text: &str) -> i64 {
    central
        .sql()
        .query_one(
            "SELECT COUNT(*) FROM ops WHERE position($1::bytea IN payload) > 0",
            &[&text.as_bytes()],
        )
        .unwrap()
        .get(0)
}

fn ops_holding(store: &Store, text: &str) -> usize {
    store
        .ops()
        .unwrap()
        .iter()
        .filter(|op| {
            serde_json::Value::Object(op.payload.clone())
                .to_string()
                .contains(text)
        })
        .count()
}

#[test]
fn an_erasure_rewrites_the_central_copy_and_every_workstation() {
    let Some(central) = Central::new() else {
        return;
    };
    let (mut a, mut b) = (Ws::new("N1"), Ws::new("N2"));
    let (case, _) = case_with_text(&mut a, "ERASEME", 0);
    case_with_text(&mut a, "KEEPME", 1);
    a.sync(&central).unwrap();
    b.sync(&central).unwrap();
    assert!(ops_holding(&b.store, "ERASEME") > 0);
    assert!(server_ops_holding(&central, "ERASEME") > 0);

    a.store
        .erase_cases("相談員A", t(10), &[case], "本人の求め")
        .unwrap();
    let summary = a.sync(&central).unwrap();
    assert!(summary.erased >= 1, "{summary}");
    assert!(summary.to_string().contains("erased text in"), "{summary}");
    assert_eq!(server_ops_holding(&central, "ERASEME"), 0);
    // What was not erased is still there, and every rewrite is on record with who asked.
    assert!(server_ops_holding(&central, "KEEPME") > 0);
    assert_eq!(
        central.count("SELECT COUNT(*) FROM erasure_rewrites"),
        summary.erased as i64
    );

    b.sync(&central).unwrap();
    assert_eq!(ops_holding(&b.store, "ERASEME"), 0);
    assert!(ops_holding(&b.store, "KEEPME") > 0);
    // B had nothing more to rewrite on the server, and nothing is left to send anywhere.
    assert_eq!(b.sync(&central).unwrap().erased, 0);
    assert_eq!(a.sync(&central).unwrap().erased, 0);
}

#[test]
fn text_added_offline_to_an_erased_case_is_erased_on_the_server_too() {
    let Some(central) = Central::new() else {
        return;
    };
    let (mut a, mut b) = (Ws::new("N1"), Ws::new("N2"));
    let (case, contact) = case_with_text(&mut a, "FIRST", 0);
    a.sync(&central).unwrap();
    b.sync(&central).unwrap();
    // B, offline, adds to the case; meanwhile A erases it and syncs.
    add_text(&mut b, contact, "OFFLINE", 5);
    a.store
        .erase_cases("相談員A", t(10), &[case], "本人の求め")
        .unwrap();
    a.sync(&central).unwrap();
    // B pushes its text before it pulls the erasure; the same sync takes it back out.
    b.sync(&central).unwrap();
    assert_eq!(server_ops_holding(&central, "OFFLINE"), 0);
    assert_eq!(server_ops_holding(&central, "FIRST"), 0);
    assert_eq!(ops_holding(&b.store, "OFFLINE"), 0);
    a.sync(&central).unwrap();
    assert_eq!(ops_holding(&a.store, "OFFLINE"), 0);
    assert_eq!(projection(&a.store), projection(&b.store));
}

#[test]
fn an_erasure_made_before_this_version_still_reaches_the_server() {
    let Some(central) = Central::new() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("soudan.db");
    let mut a = Ws {
        store: Store::open(&path).unwrap(),
        station: station("N1"),
    };
    let (case, _) = case_with_text(&mut a, "OLDERASE", 0);
    a.sync(&central).unwrap();
    a.store
        .erase_cases("A", t(9), &[case], "本人の求め")
        .unwrap();
    // As the soudan before schema 6 left it: erased here, nothing remembered to send (and
    // none of the later tables either, so that every later migration runs again).
    a.store
        .connection()
        .execute_batch(
            "DROP TABLE erasures_unsent; DROP TABLE item_values; DROP TABLE items;
             PRAGMA user_version = 5;",
        )
        .unwrap();
    drop(a);
    let mut a = Ws {
        store: Store::open(&path).unwrap(),
        station: station("N1"),
    };
    assert!(server_ops_holding(&central, "OLDERASE") > 0);
    assert!(a.sync(&central).unwrap().erased > 0);
    assert_eq!(server_ops_holding(&central, "OLDERASE"), 0);
}

#[test]
fn only_an_erasure_in_the_log_can_rewrite_an_op() {
    let Some(central) = Central::new() else {
        return;
    };
    let mut a = Ws::new("N1");
    case_with_text(&mut a, "SAFE", 0);
    a.sync(&central).unwrap();
    let (ws, seq): (Vec<u8>, i64) = {
        let row = central
            .sql()
            .query_one(
                "SELECT workstation, seq FROM ops ORDER BY seq DESC LIMIT 1",
                &[],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    let not_an_erasure = Uuid::new_v4();
    let err = central
        .sql()
        .query_one(
            "SELECT soudan_erase_payloads($1::bytea[], $2::bytea[], $3::int8[], $4::bytea[])",
            &[
                &vec![not_an_erasure.as_bytes().as_slice()],
                &vec![ws.as_slice()],
                &vec![seq],
                &vec![&b""[..]],
            ],
        )
        .unwrap_err();
    let message = err.as_db_error().map(|e| e.message().to_string());
    assert!(
        message
            .as_deref()
            .is_some_and(|m| m.contains("is not a case.erase op")),
        "{err:?}"
    );
    assert!(server_ops_holding(&central, "SAFE") > 0);
}

#[test]
fn after_a_sync_the_report_counts_every_workstation_and_says_whose() {
    let Some(central) = Central::new() else {
        return;
    };
    let (mut a, mut b) = (Ws::new("N1"), Ws::new("N2"));
    case_with_text(&mut a, "a", 0);
    for minute in [1, 2] {
        case_with_text(&mut b, "b", minute);
    }
    b.sync(&central).unwrap();
    a.sync(&central).unwrap();

    let period = soudan::report::Period::month("2024-06").unwrap();
    let jst = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
    let context = soudan::report::ReportContext::new(jst);
    let report = soudan::report::Report::build(&a.store, period, &context).unwrap();
    assert_eq!(report.totals.contacts, 3, "every workstation's contacts");
    let mut table = Vec::new();
    soudan::report::format::write(
        &report,
        soudan::report::OutputFormat::Table,
        Default::default(),
        &mut table,
    )
    .unwrap();
    let table = String::from_utf8(table).unwrap();
    assert!(
        table.contains("集計対象の端末（この端末の最終同期 "),
        "{table}"
    );
    assert!(table.contains("  N1（この端末） 受付1件"), "{table}");
    // B's newest change was made at t(2) + its notes: 14:02 in Tokyo.
    assert!(
        table.contains("  N2 受付2件（2024-06-10 14:02 までの記録）"),
        "{table}"
    );

    let mut json = Vec::new();
    soudan::report::format::write(
        &report,
        soudan::report::OutputFormat::Json,
        Default::default(),
        &mut json,
    )
    .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let covered = &json["coverage"]["workstations"];
    assert_eq!(covered[0]["station"], "N1");
    assert_eq!(covered[0]["this"], true);
    assert_eq!(covered[1]["station"], "N2");
    assert_eq!(covered[1]["contacts"], 2);
    assert_eq!(covered[1]["newest_change"], "2024-06-10T14:02:00+09:00");

    // A workstation on its own, never synced, prints no such line.
    let alone = Ws::new("N3");
    let report = soudan::report::Report::build(&alone.store, period, &context).unwrap();
    assert_eq!(report.coverage, None);
}

#[test]
fn the_server_refuses_an_op_whose_predecessor_it_lacks() {
    let Some(central) = Central::new() else {
        return;
    };
    let mut ws = Ws::new("N1");
    ws.edit(3);
    ws.sync(&central).unwrap();
    let me = ws.store.workstation();
    let insert = |seq: i64| {
        central.sql().execute(
            "INSERT INTO ops (workstation, seq, id, stamp, entity, kind, actor, payload)
             VALUES ($1, $2, $3, 0, $3, 'case.tag', 'x', '')",
            &[
                &me.as_bytes().as_slice(),
                &seq,
                &Uuid::new_v4().as_bytes().as_slice(),
            ],
        )
    };
    // seq 5 without 4: a pull reading "after the head" would skip 4 for good.
    let err = insert(5).unwrap_err();
    let message = err.as_db_error().map(|e| e.message().to_string());
    assert!(
        message
            .as_deref()
            .is_some_and(|m| m.contains("has no predecessor")),
        "{err:?}"
    );
    insert(4).unwrap();
    assert_eq!(central.ops_of(me).len(), 4);
}

fn owner_of(store: &Store, case: Uuid) -> Option<String> {
    store
        .connection()
        .query_row(
            "SELECT owner FROM cases WHERE id = ?1",
            [case.as_bytes()],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn clock_behind_still_wins_when_later() {
    let Some(central) = Central::new() else {
        return;
    };
    let (mut a, mut b) = (Ws::new("N1"), Ws::new("N2"));
    let case = Uuid::now_v7();
    a.store
        .commit("A", t(60), &[Change::set_owner(case, Some("佐藤"))])
        .unwrap();
    a.sync(&central).unwrap();
    b.sync(&central).unwrap();
    // b's clock is an hour behind: its later edit carries an earlier time.
    b.store
        .commit("B", t(1), &[Change::set_owner(case, Some("鈴木"))])
        .unwrap();
    b.sync(&central).unwrap();
    a.sync(&central).unwrap();

    assert_eq!(owner_of(&a.store, case).as_deref(), Some("鈴木"));
    assert_eq!(owner_of(&b.store, case).as_deref(), Some("鈴木"));
}

fn risks_of(store: &Store, case: Uuid) -> Vec<String> {
    let case = store.load_case(case).unwrap().unwrap();
    case.tags.get(Dim::Risk).to_vec()
}

/// a pushes, b pushes and pulls a's, a pulls b's.
fn sync_both_ways(central: &Central, a: &mut Ws, b: &mut Ws) {
    a.sync(central).unwrap();
    b.sync(central).unwrap();
    a.sync(central).unwrap();
}

#[test]
fn values_added_to_one_list_on_two_workstations_are_both_kept() {
    let Some(central) = Central::new() else {
        return;
    };
    let (mut a, mut b) = (Ws::new("N1"), Ws::new("N2"));
    let (case, contact) = (Uuid::now_v7(), Uuid::now_v7());
    a.store
        .open_new_case(
            "N1",
            "A",
            t(0),
            case,
            Change::open_contact(contact, case, "A", t(0), None),
        )
        .unwrap();
    a.store
        .commit(
            "A",
            t(1),
            &[Change::edit_tag(case, Dim::Risk, &[], &["minor".into()])],
        )
        .unwrap();
    a.sync(&central).unwrap();
    b.sync(&central).unwrap();
    let minor = ["minor".to_string()];
    let url = |n: u8| format!("https://example.com/post/{n}");
    // Neither has seen the other's change: each edits the list as its screen shows it.
    a.store
        .commit(
            "A",
            t(2),
            &[
                Change::edit_tag(
                    case,
                    Dim::Risk,
                    &minor,
                    &["minor".into(), "suicidal".into()],
                ),
                Change::edit_urls(contact, &[], &[url(1)]),
            ],
        )
        .unwrap();
    b.store
        .commit(
            "B",
            t(3),
            &[
                Change::edit_tag(
                    case,
                    Dim::Risk,
                    &minor,
                    &["minor".into(), "violence".into()],
                ),
                Change::edit_urls(contact, &[], &[url(2)]),
            ],
        )
        .unwrap();
    sync_both_ways(&central, &mut a, &mut b);
    for ws in [&a, &b] {
        let risks = risks_of(&ws.store, case);
        assert_eq!(risks, ["minor", "suicidal", "violence"]);
        let urls = ws.store.load_contact(contact).unwrap().unwrap().urls;
        assert_eq!(urls, [url(1), url(2)]);
    }
    // One takes a risk off while the other adds one: both changes hold.
    let shown = ["minor", "suicidal", "violence"].map(String::from);
    a.store
        .commit(
            "A",
            t(4),
            &[Change::edit_tag(case, Dim::Risk, &shown, &shown[1..])],
        )
        .unwrap();
    let mut more = shown.to_vec();
    more.push("urgent".into());
    b.store
        .commit(
            "B",
            t(5),
            &[Change::edit_tag(case, Dim::Risk, &shown, &more)],
        )
        .unwrap();
    sync_both_ways(&central, &mut a, &mut b);
    for ws in [&a, &b] {
        let risks = risks_of(&ws.store, case);
        assert_eq!(risks, ["suicidal", "violence", "urgent"]);
    }
}

/// Everything a user can see of the data: every projection row and the export.
fn projection(store: &Store) -> String {
    let mut out = String::new();
    for sql in [
        "SELECT * FROM cases ORDER BY 1",
        "SELECT * FROM case_tags ORDER BY 1, 2, 3",
        // The workstation that took a call by its id: its number is each file's own.
        "SELECT id, case_id, (SELECT w.id FROM workstations w WHERE w.n = workstation),
                counselor, channel, started_at, ended_at, closed_at, notes
         FROM contacts ORDER BY 1",
        "SELECT * FROM contact_values ORDER BY 1, 2, 3",
        "SELECT * FROM consults ORDER BY 1",
    ] {
        let mut stmt = store.connection().prepare(sql).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap();
        for row in rows {
            out += &row.unwrap();
            out += "\n";
        }
    }
    let mut export = Vec::new();
    soudan::transfer::export(
        store,
        soudan::transfer::Format::Jsonl,
        chrono::FixedOffset::east_opt(9 * 3600).unwrap(),
        soudan::transfer::Names {
            directory: &soudan::referral::Directory::builtin(),
            national: &soudan::national::National::builtin(),
        },
        &mut export,
    )
    .unwrap();
    out + &String::from_utf8(export).unwrap()
}

#[derive(Debug, Clone)]
enum Step {
    Edit { ws: usize, field: u8, value: u8 },
    Sync { ws: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..3usize, 0..6u8, 0..4u8).prop_map(|(ws, field, value)| Step::Edit { ws, field, value }),
        1 => (0..3usize).prop_map(|ws| Step::Sync { ws }),
    ]
}

/// One edit on a workstation, as its counselor would make it from what that store shows.
fn edit(store: &Store, case: Uuid, contact: Uuid, field: u8, value: u8) -> Change {
    let names = ["佐藤", "鈴木", "高橋", "田中"];
    let risks = ["suicidal", "violence", "minor", "urgent"];
    let responses = ["listening", "advice", "referral", "expert"];
    let value = value as usize;
    match field {
        0 => Change::set_owner(case, Some(names[value])),
        1 => Change::set_status(case, CaseStatus::ALL[value % 3]),
        2 => Change::set_due(
            case,
            t(0).date_naive()
                .checked_add_days(chrono::Days::new(value as u64)),
        ),
        // A whole list, as a call opened or an import writes it.
        3 => Change::set_tag(case, Dim::Risk, &[risks[value].into()]),
        // A risk toggled on screen: an edit of the list this workstation shows.
        4 => {
            let before = store
                .load_case(case)
                .unwrap()
                .unwrap()
                .tags
                .get(Dim::Risk)
                .to_vec();
            let mut after = before.clone();
            if after.iter().any(|r| r == risks[value]) {
                after.retain(|r| r != risks[value]);
            } else {
                after.push(risks[value].into());
            }
            Change::edit_tag(case, Dim::Risk, &before, &after)
        }
        // A 対応 made primary (added if it was not there).
        _ => {
            let before = store
                .load_contact(contact)
                .unwrap()
                .unwrap()
                .tags
                .get(Dim::Response)
                .to_vec();
            let mut after = before.clone();
            after.retain(|r| r != responses[value]);
            after.insert(0, responses[value].into());
            Change::edit_tag(contact, Dim::Response, &before, &after)
        }
    }
}

proptest! {
    // Each case is a fresh database on the server and a few dozen syncs.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    #[test]
    fn three_workstations_converge(steps in proptest::collection::vec(step(), 1..16)) {
        let Some(central) = Central::new() else { return Ok(()) };
        let mut desk = [Ws::new("N1"), Ws::new("N2"), Ws::new("N3")];
        // The three clocks disagree: the second is an hour behind, the third 5 minutes ahead.
        let skew = [0, -60, 5];
        let case = Uuid::now_v7();
        let contact = Uuid::now_v7();
        desk[0]
            .store
            .open_new_case("N1", "A", t(0), case, Change::open_contact(contact, case, "A", t(0), Some("phone")))
            .unwrap();
        for ws in desk.iter_mut() {
            ws.sync(&central).unwrap();
        }
        for (i, step) in steps.iter().enumerate() {
            match *step {
                Step::Edit { ws, field, value } => {
                    let change = edit(&desk[ws].store, case, contact, field, value);
                    desk[ws].store.commit("X", t(i as i64 + skew[ws]), &[change]).unwrap();
                }
                Step::Sync { ws } => {
                    desk[ws].sync(&central).unwrap();
                }
            }
        }
        // After pushes by all three, the first two pull what came after them.
        for ws in [0, 1, 2, 0, 1] {
            desk[ws].sync(&central).unwrap();
        }
        let first = projection(&desk[0].store);
        for ws in &desk[1..] {
            prop_assert_eq!(ws.ids(), desk[0].ids());
            prop_assert_eq!(projection(&ws.store), first.clone());
        }
    }
}

#[test]
fn status_shows_what_is_pending_here_and_each_workstations_head() {
    let Some(central) = Central::new() else {
        return;
    };
    let (mut a, mut b) = (Ws::new("N1"), Ws::new("N2"));
    a.edit(3);
    b.edit(2);
    a.sync(&central).unwrap();
    b.sync(&central).unwrap();
    a.edit(4);

    let status = sync::status(&a.store, Some(&central.target()), "N1").unwrap();
    assert_eq!(status.local.ops, 7);
    assert_eq!(status.local.pending, 4, "the four made since the sync");
    assert!(status.local.last_sync.is_some());
    let server = status.server.as_ref().expect("the server answered");
    assert_eq!(server.ops, 5);
    let heads: Vec<(&str, i64)> = server
        .workstations
        .iter()
        .map(|w| (w.station.as_str(), w.head))
        .collect();
    assert_eq!(heads, [("N1", 3), ("N2", 2)]);
    assert!(server.workstations.iter().all(|w| w.last_seen.is_some()));
    // The JSON shape scripts read.
    let json = serde_json::to_value(&status).unwrap();
    assert_eq!(json["local"]["pending"], 4);
    assert_eq!(json["server"]["workstations"][1]["head"], 2);
    assert!(json.get("error").is_none());

    a.sync(&central).unwrap();
    let status = sync::status(&a.store, Some(&central.target()), "N1").unwrap();
    assert_eq!(status.local.pending, 0);
    assert_eq!(status.server.unwrap().ops, 9);
}

#[test]
fn status_without_the_server_says_why_and_counts_from_what_it_last_confirmed() {
    let mut ws = Ws::new("N1");
    ws.edit(3);
    let down = Target::parse(
        "postgres://postgres@127.0.0.1:1/test?sslmode=disable",
        &PasswordSources::default(),
    )
    .unwrap();
    let status = sync::status(&ws.store, Some(&down), "N1").unwrap();
    assert_eq!(status.server, None);
    assert!(
        status.error.as_deref().unwrap().contains("cannot reach"),
        "{status:?}"
    );
    assert_eq!((status.local.ops, status.local.pending), (3, 3));
    let json = serde_json::to_value(&status).unwrap();
    assert!(json["server"].is_null() && json["error"].is_string());
}

/// How many ops the server holds, once it holds at least `at_least` (or the bound on a hang
/// has passed): background sync is asynchronous by design.
fn server_ops_once(central: &Central, at_least: i64) -> i64 {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let n = central.count("SELECT COUNT(*) FROM ops");
        if n >= at_least || std::time::Instant::now() > deadline {
            return n;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn the_screen_syncs_in_the_background_and_shows_what_others_did() {
    let Some(central) = Central::new() else {
        return;
    };
    let work = common::pty::Workdir::new(&format!(
        "station = \"N1\"\n[sync]\nurl = \"{}\"\ninterval = \"10m\"\n",
        central.url_as("postgres")
    ));
    let mut soudan = work.start(80, 24);
    // The sync at start: the header says when it worked. The ready screen lists the key,
    // and still every other one to its last.
    let screen = soudan.wait_for("│ 同期 ");
    assert!(screen.contains("今すぐ同期"), "{screen}");
    assert!(screen.contains("終了"), "{screen}");
    // A call logged as silent (無言): n, x, 1.
    soudan.key("n", "通話中");
    soudan.key("x", "無言");
    soudan.key("1", "を無言として閉じました");
    soudan.wait_for("未送信");
    soudan.send("S");
    assert!(
        server_ops_once(&central, 1) > 0,
        "the call reached the server"
    );
    let screen = soudan.wait_for("│ 同期 ");
    assert!(!screen.contains("未送信"), "{screen}");

    // Another workstation's case appears on the ready screen after the next sync.
    let mut other = Ws::new("N2");
    case_with_text(&mut other, "other", 0);
    other.sync(&central).unwrap();
    soudan.send("S");
    soudan.wait_for("N2-00001");
    soudan.send("q");
    assert!(soudan.wait_exit());
}

#[test]
fn without_the_server_the_screen_says_offline_and_keeps_every_call() {
    // Nothing listens on port 1: what a workstation sees when the server is down.
    let work = common::pty::Workdir::new(
        "station = \"N1\"\n[sync]\nurl = \"postgres://postgres@127.0.0.1:1/soudan?sslmode=disable\"\ninterval = \"10m\"\n",
    );
    let mut soudan = work.start(80, 24);
    soudan.wait_for("オフライン");
    soudan.key("n", "通話中");
    soudan.key("x", "無言");
    soudan.key("1", "を無言として閉じました");
    soudan.wait_for("オフライン・未送信");
    soudan.send("q");
    assert!(soudan.wait_exit());
    let (status, out, _) = work.run(&["export", "--format", "jsonl"]);
    assert_eq!(status, 0);
    assert_eq!(out.lines().count(), 1, "the call is kept: {out}");
}
