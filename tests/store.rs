//! The store keeps every change: op log and projections in one transaction, projections
//! rebuildable from the log, any order of the same ops converging, and a newer database
//! refused untouched.

use chrono::{Duration, TimeZone, Utc};
use proptest::prelude::*;
use rusqlite::Connection;
use serde_json::json;
use soudan::domain::{Change, Dim};
use soudan::store::{Op, Store, StoreError};
use uuid::Uuid;

fn dump(store: &Store) -> String {
    let conn = store.connection();
    let mut out = String::new();
    for sql in [
        "SELECT id, number, opened_at, age, role, troubled, attribute, status, owner, due, priority FROM cases ORDER BY id",
        "SELECT case_id, dim, pos, code FROM case_tags ORDER BY 1, 2, 3",
        "SELECT id, case_id, (SELECT w.id FROM workstations w WHERE w.n = workstation), counselor, channel, started_at, ended_at, closed_at, notes FROM contacts ORDER BY id",
        "SELECT contact_id, field, pos, value FROM contact_values ORDER BY 1, 2, 3",
        "SELECT id, contact_id, place FROM items ORDER BY id",
        "SELECT item_id, field, pos, value FROM item_values ORDER BY 1, 2, 3",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| match r.get::<_, rusqlite::types::Value>(i).unwrap() {
                        rusqlite::types::Value::Text(t) => t,
                        other => format!("{other:?}"),
                    })
                    .collect::<Vec<_>>()
                    .join(" | "))
            })
            .unwrap();
        for row in rows {
            out.push_str(&row.unwrap());
            out.push('\n');
        }
        out.push_str("--\n");
    }
    out
}

fn t(minutes: i64) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 10, 5, 0, 0).unwrap() + Duration::minutes(minutes)
}

/// A case with two contacts and tags, as a counselor would leave it.
fn filled_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let (case, first, second) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    store
        .open_new_case(
            "T",
            "A",
            t(0),
            case,
            Change::open_contact(first, case, "A", t(0), Some("phone")),
        )
        .unwrap();
    let steps = vec![
        Change::set_tag(case, Dim::Age, &["20s".into()]),
        Change::set_tag(
            case,
            Dim::Infringement,
            &["defamation".into(), "illegal".into()],
        ),
        Change::set_tag(first, Dim::Response, &["advice".into(), "referral".into()]),
        Change::set_notes(first, "一行目\n二行目"),
        Change::set_urls(first, &["https://example.com/a".into()]),
        Change::end_contact(first, t(10)),
        Change::close_contact(first, t(12)),
        Change::open_contact(second, case, "B", t(60), Some("sns")),
        Change::set_tag(case, Dim::Age, &["30s".into()]),
        Change::set_tag(second, Dim::Response, &["continuing".into()]),
    ];
    for (i, change) in steps.into_iter().enumerate() {
        store.commit("A", t(i as i64 + 1), &[change]).unwrap();
    }
    store
}

#[test]
fn projections_rebuilt_from_the_op_log_are_identical() {
    let mut store = filled_store();
    let before = dump(&store);
    assert!(before.contains("30s"), "the later age won:\n{before}");
    store.rebuild_projections().unwrap();
    assert_eq!(dump(&store), before);
}

#[test]
fn every_change_is_an_op_with_a_dense_sequence() {
    let store = filled_store();
    let ops = store.ops().unwrap();
    let mut seqs: Vec<i64> = ops.iter().map(|o| o.seq).collect();
    seqs.sort();
    assert_eq!(seqs, (1..=ops.len() as i64).collect::<Vec<_>>());
    assert!(ops.iter().all(|o| o.workstation == store.workstation()));
    assert_eq!(ops[0].kind, "case.open");
    let ids: std::collections::HashSet<_> = ops.iter().map(|o| o.id).collect();
    assert_eq!(ids.len(), ops.len());
}

#[test]
fn a_taken_workstation_sequence_is_an_error_and_nothing_lands() {
    let mut store = filled_store();
    let before = dump(&store);
    let mut op = store.ops().unwrap()[3].clone();
    op.id = Uuid::now_v7();
    op.payload.insert("age".into(), json!("60plus"));
    let error = store.apply_foreign(&[op]).unwrap_err();
    assert!(matches!(error, StoreError::Inconsistent(_)), "{error}");
    assert_eq!(dump(&store), before);
}

#[test]
fn a_database_from_a_newer_soudan_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    drop(Store::open(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let error = Store::open(&path).err().expect("refused");
    let message = error.to_string();
    assert!(message.contains("newer soudan"), "{message}");
    assert!(message.contains("99"), "{message}");
    let version: i64 = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);
}

#[test]
fn a_database_is_created_on_first_open_and_keeps_its_workstation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/soudan.db");
    let first = Store::open(&path).unwrap().workstation();
    assert_eq!(Store::open(&path).unwrap().workstation(), first);
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn case_numbers_continue_the_workstation_series() {
    let mut store = Store::open_in_memory().unwrap();
    let mut numbers = Vec::new();
    for i in 0..3 {
        let (case, contact) = (Uuid::now_v7(), Uuid::now_v7());
        numbers.push(
            store
                .open_new_case(
                    "N1",
                    "A",
                    t(i),
                    case,
                    Change::open_contact(contact, case, "A", t(i), None),
                )
                .unwrap(),
        );
    }
    assert_eq!(numbers, ["N1-00001", "N1-00002", "N1-00003"]);
    assert_eq!(
        store.find_cases_by_number("2", 5).unwrap()[0].case.number,
        "N1-00002"
    );
    assert_eq!(
        store.find_cases_by_number("N1-00003", 5).unwrap()[0]
            .case
            .number,
        "N1-00003"
    );
    assert!(store.find_cases_by_number("9", 5).unwrap().is_empty());
}

/// Ops from two workstations touching the same case and contact, with clashing times.
fn arbitrary_ops() -> impl Strategy<Value = Vec<Op>> {
    let ws = [Uuid::from_u128(1), Uuid::from_u128(2)];
    let case = Uuid::from_u128(10);
    let contact = Uuid::from_u128(20);
    let item = Uuid::from_u128(30);
    let edit = (0..2usize, 0..13usize, 0..4i64, 0..3usize);
    proptest::collection::vec(edit, 1..25).prop_map(move |edits| {
        let mut seqs = [0i64; 2];
        edits
            .into_iter()
            .enumerate()
            .map(|(i, (w, what, minute, value))| {
                seqs[w] += 1;
                let ages = ["10s", "20s", "unknown"];
                let responses = ["advice", "listening", "referral"][..value].to_vec();
                let risks = ages[..value].to_vec();
                let contents = ["defamation", "impersonation", "other"];
                let (kind, entity_kind, entity, payload) = match what {
                    0 => ("case.tag", "case", case, json!({"age": ages[value]})),
                    1 => ("case.tag", "case", case, json!({"risk": risks})),
                    2 => ("contact.tag", "contact", contact, json!({"response": responses})),
                    3 => ("contact.notes", "contact", contact, json!({"notes": format!("n{value}")})),
                    6 => ("case.erase", "case", case, json!({"reason": "本人の求め"})),
                    7 => ("contact.refer", "contact", contact, json!({"referrals": ["police_cyber", format!("山田弁護士{value}")]})),
                    4 => ("case.open", "case", case, json!({"number": format!("X-{value}"), "opened_at": "2024-06-10T05:00:00.000000Z", "status": "open"})),
                    5 => ("contact.open", "contact", contact, json!({"case": case.to_string(), "counselor": "A", "started_at": "2024-06-10T05:00:00.000000Z"})),
                    // Edits of a list, as the screen records them (domain/list_edit.rs).
                    8 => ("case.tag.edit", "case", case, json!({"risk": {"add": [ages[value]], "remove": [ages[(value + 1) % 3]]}})),
                    9 => ("contact.tag.edit", "contact", contact, json!({"response": {"first": responses.last().unwrap_or(&"expert")}})),
                    10 => ("contact.urls.edit", "contact", contact, json!({"urls": {"add": [format!("https://example.com/{value}")]}})),
                    // A work item of the contact: started from a URL, then tagged.
                    11 => ("item.open", "item", item, json!({"contact": contact.to_string(), "urls": [format!("https://x.com/p/{value}")], "service": ["twitter"], "place": "sns"})),
                    12 => ("item.edit", "item", item, json!({"content": {"add": [contents[value]]}, "means": {"remove": ["evidence"]}})),
                    _ => unreachable!("edit kinds are 0..13"),
                };
                Op {
                    id: Uuid::from_u128(1000 + i as u128),
                    workstation: ws[w],
                    seq: seqs[w],
                    entity_kind: entity_kind.into(),
                    entity,
                    kind: kind.into(),
                    payload: payload.as_object().unwrap().clone(),
                    at: t(minute),
                    stamp: t(minute).timestamp_micros(),
                    actor: "A".into(),
                }
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Last writer wins per field, with the op id breaking ties: any order of delivery
    /// gives the same projection.
    #[test]
    fn any_order_of_the_same_ops_converges(ops in arbitrary_ops(), seed in any::<u64>()) {
        let mut in_order = Store::open_in_memory().unwrap();
        in_order.apply_foreign(&ops).unwrap();
        let mut shuffled_ops = ops.clone();
        let mut state = seed | 1;
        for i in (1..shuffled_ops.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            shuffled_ops.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let mut shuffled = Store::open_in_memory().unwrap();
        // One by one, each in its own transaction, as separate syncs would deliver them.
        for op in &shuffled_ops {
            shuffled.apply_foreign(std::slice::from_ref(op)).unwrap();
        }
        prop_assert_eq!(dump(&in_order), dump(&shuffled));
        // What late arrivals left is what replaying the log gives.
        let arrived = dump(&shuffled);
        shuffled.rebuild_projections().unwrap();
        prop_assert_eq!(dump(&shuffled), arrived);
    }

    /// A change made here after foreign ops (some stamped ahead of this clock) wins on every
    /// field it sets, and the projection is still the replay of the log.
    #[test]
    fn a_local_change_wins_over_everything_already_here(ops in arbitrary_ops()) {
        let mut store = Store::open_in_memory().unwrap();
        store.apply_foreign(&ops).unwrap();
        let case = Uuid::from_u128(10);
        // Behind every foreign op's time, as a workstation whose clock is slow.
        store.commit("B", t(-60), &[Change::set_tag(case, Dim::Age, &["40s".into()])]).unwrap();
        let after = dump(&store);
        prop_assert!(after.contains(" | 40s | "), "{}", after);
        store.rebuild_projections().unwrap();
        prop_assert_eq!(dump(&store), after);
    }
}

#[test]
fn sync_reads_a_workstations_ops_in_pages_and_knows_how_far_each_goes() {
    let store = filled_store();
    let me = store.workstation();
    let all = store.ops().unwrap();
    let first = store.ops_after(me, 0, 4).unwrap();
    assert_eq!(
        first.iter().map(|o| o.seq).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    let rest = store.ops_after(me, 4, 1000).unwrap();
    assert_eq!(first.len() + rest.len(), all.len());
    assert_eq!(rest[0].seq, 5);
    assert!(
        store
            .ops_after(Uuid::from_u128(7), 0, 10)
            .unwrap()
            .is_empty()
    );

    let mut other = Store::open_in_memory().unwrap();
    other.apply_foreign(&first).unwrap();
    assert_eq!(
        other.known_sequences().unwrap(),
        [(me, 4)],
        "nothing of its own yet"
    );
    other.apply_foreign(&rest).unwrap();
    assert_eq!(other.known_sequences().unwrap(), [(me, all.len() as i64)]);
}

#[test]
fn soudans_opening_a_fresh_file_at_once_all_succeed_as_one_workstation() {
    // The TUI and its sync thread, or two commands started together on a new machine: each
    // must find the file migrated once and one workstation registered, never an error.
    for _ in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("soudan.db");
        let start = std::sync::Arc::new(std::sync::Barrier::new(6));
        let openers: Vec<_> = (0..6)
            .map(|_| {
                let (path, start) = (path.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    Store::open(&path).map(|s| s.workstation())
                })
            })
            .collect();
        let ids: Vec<_> = openers
            .into_iter()
            .map(|t| t.join().unwrap().expect("every open succeeds"))
            .collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    }
}
