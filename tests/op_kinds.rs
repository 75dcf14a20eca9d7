//! Op kinds are a closed list (soudan::domain::OpKind) stored by their spelling. An op of a
//! kind this soudan does not know, in its database or arriving by sync, is an error naming
//! the kind, and nothing is changed: skipping it would leave projections that replaying the
//! log does not give.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde_json::json;
use soudan::domain::{Change, OpKind};
use soudan::store::{Op, Store};
use uuid::Uuid;

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2024-06-10T05:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// A store with one case, and that case's id.
fn store_with_a_case() -> (Store, Uuid) {
    let mut store = Store::open_in_memory().unwrap();
    let case = Uuid::now_v7();
    store
        .commit("A", t0(), &[Change::open_case(case, "A1-00001", t0())])
        .unwrap();
    store
        .commit("A", t0(), &[Change::set_owner(case, Some("佐藤"))])
        .unwrap();
    (store, case)
}

#[test]
fn each_change_is_stored_under_its_kinds_spelling() {
    let (store, _) = store_with_a_case();
    let kinds: Vec<String> = store.ops().unwrap().into_iter().map(|op| op.kind).collect();
    assert_eq!(kinds, ["case.open", "case.owner"]);
    assert_eq!(OpKind::ContactAttach.key(), "contact.attach");
}

#[test]
fn a_kind_from_a_newer_soudan_in_the_database_is_an_error_naming_it() {
    let (mut store, case) = store_with_a_case();
    store
        .connection()
        .execute(
            "UPDATE ops SET kind = 'case.merge' WHERE seq = 2",
            params![],
        )
        .unwrap();
    for err in [
        store.ops().unwrap_err().to_string(),
        store.history_of(case).unwrap_err().to_string(),
        store.rebuild_projections().unwrap_err().to_string(),
    ] {
        assert!(err.contains("`case.merge`"), "{err}");
        assert!(err.contains("newer soudan"), "{err}");
    }
    // The failed rebuild changed nothing: the case is as it was.
    let kept = store.load_case(case).unwrap().unwrap();
    assert_eq!(kept.owner.as_deref(), Some("佐藤"));
}

#[test]
fn a_kind_from_a_newer_soudan_arriving_by_sync_is_refused_with_its_page() {
    let (mut store, case) = store_with_a_case();
    let elsewhere = Uuid::from_u128(7);
    let op = |seq: i64, kind: &str, payload: serde_json::Value| Op {
        id: Uuid::from_u128(100 + seq as u128),
        workstation: elsewhere,
        seq,
        entity_kind: "case".into(),
        entity: case,
        kind: kind.into(),
        payload: payload.as_object().unwrap().clone(),
        at: t0(),
        stamp: t0().timestamp_micros() + seq,
        actor: "B".into(),
    };
    let page = [
        op(1, "case.owner", json!({"owner": "鈴木"})),
        op(2, "case.merge", json!({"into": "A1-00002"})),
    ];
    let err = store.apply_foreign(&page).unwrap_err().to_string();
    assert!(err.contains("`case.merge`"), "{err}");
    assert_eq!(
        store.ops().unwrap().len(),
        2,
        "nothing of the page was kept"
    );
    let kept = store.load_case(case).unwrap().unwrap();
    assert_eq!(kept.owner.as_deref(), Some("佐藤"));
}
