//! Work items (作業): one answer about one site or post of a contact, as the national centre
//! counts its work. They are ops like everything else: stored, replayed, synced, erased.

use chrono::{DateTime, Utc};
use soudan::domain::{Change, ItemField};
use soudan::store::Store;
use uuid::Uuid;

fn t(minute: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2024-06-10T05:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
        + chrono::Duration::minutes(minute)
}

fn texts(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

/// A store with one call, its contact and two work items on different services.
fn a_call_with_two_items() -> (Store, Uuid, Uuid, [Uuid; 2]) {
    let mut store = Store::open_in_memory().unwrap();
    let (case, contact) = (Uuid::now_v7(), Uuid::now_v7());
    store
        .open_new_case(
            "N1",
            "A",
            t(0),
            case,
            Change::open_contact(contact, case, "A", t(0), None),
        )
        .unwrap();
    let items = [Uuid::now_v7(), Uuid::now_v7()];
    let x = texts(&["https://x.com/someone/status/1"]);
    let board = texts(&["https://example-board.jp/thread/9"]);
    store
        .commit(
            "A",
            t(1),
            &[
                Change::open_item(items[0], contact, &x, &texts(&["twitter"]), Some("sns")),
                Change::open_item(items[1], contact, &board, &[], None),
                Change::edit_item(
                    items[0],
                    ItemField::Content,
                    &[],
                    &texts(&["impersonation"]),
                ),
                Change::edit_item(items[0], ItemField::Means, &[], &texts(&["evidence"])),
                Change::set_item_place(items[1], Some("board")),
                Change::edit_item(items[1], ItemField::Content, &[], &texts(&["defamation"])),
            ],
        )
        .unwrap();
    (store, case, contact, items)
}

#[test]
fn a_contacts_work_items_read_back_in_the_order_they_were_started() {
    let (mut store, _, contact, items) = a_call_with_two_items();
    let read = store.work_items(contact).unwrap();
    assert_eq!(read.iter().map(|i| i.id).collect::<Vec<_>>(), items);
    assert_eq!(read[0].services, ["twitter"]);
    assert_eq!(read[0].place.as_deref(), Some("sns"));
    assert_eq!(read[0].contents, ["impersonation"]);
    assert_eq!(read[0].means, ["evidence"]);
    assert!(read[1].services.is_empty(), "an unknown domain: no guess");
    assert_eq!(read[1].place.as_deref(), Some("board"));
    assert_eq!(read[1].urls, ["https://example-board.jp/thread/9"]);
    // The items are the replay of their ops.
    store.rebuild_projections().unwrap();
    assert_eq!(store.work_items(contact).unwrap(), read);
}

#[test]
fn work_items_travel_to_another_workstation_in_any_order() {
    let (store, _, contact, _) = a_call_with_two_items();
    let mut ops = store.ops().unwrap();
    // The items' ops first, before the contact they belong to is known there.
    ops.reverse();
    let mut other = Store::open_in_memory().unwrap();
    for op in &ops {
        other.apply_foreign(std::slice::from_ref(op)).unwrap();
    }
    assert_eq!(
        other.work_items(contact).unwrap(),
        store.work_items(contact).unwrap()
    );
}

#[test]
fn erasing_the_case_takes_the_items_urls_and_keeps_what_the_tables_count() {
    let (mut store, case, contact, _) = a_call_with_two_items();
    store
        .commit("A", t(5), &[Change::erase_case(case, "本人の求め")])
        .unwrap();
    let items = store.work_items(contact).unwrap();
    assert!(items.iter().all(|i| i.urls.is_empty()), "{items:?}");
    assert_eq!(items[0].services, ["twitter"]);
    assert_eq!(items[0].contents, ["impersonation"]);
    assert_eq!(items[1].place.as_deref(), Some("board"));
    let log = format!("{:?}", store.ops().unwrap());
    assert!(!log.contains("x.com/someone"), "the op log keeps no URL");
}

#[test]
fn a_taken_back_item_is_neither_listed_nor_counted_and_its_case_still_erases_it() {
    let (mut store, case, contact, items) = a_call_with_two_items();
    store
        .commit("A", t(2), &[Change::remove_item(items[1])])
        .unwrap();
    let read = store.work_items(contact).unwrap();
    assert_eq!(read.iter().map(|i| i.id).collect::<Vec<_>>(), [items[0]]);
    store.rebuild_projections().unwrap();
    assert_eq!(store.work_items(contact).unwrap(), read, "replay agrees");

    let context = soudan::report::ReportContext {
        layout: soudan::report::ReportLayout::National,
        ..soudan::report::ReportContext::new(chrono::FixedOffset::east_opt(9 * 3600).unwrap())
    };
    let june = soudan::report::Period::month("2024-06").unwrap();
    let report = soudan::report::Report::build(&store, june, &context).unwrap();
    assert_eq!(
        report.totals.items, 1,
        "the taken-back item is not a piece of work"
    );
    let place = report.table("場所").unwrap();
    assert!(
        place
            .rows
            .iter()
            .all(|r| r.label != "掲示板" || r.count == 0)
    );

    // Its address was typed into this case: erasing the case takes it too.
    store
        .commit("A", t(5), &[Change::erase_case(case, "本人の求め")])
        .unwrap();
    let left: i64 = store
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM item_values WHERE value LIKE '%example-board%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    let in_log = store.ops().unwrap().iter().any(|op| {
        serde_json::Value::Object(op.payload.clone())
            .to_string()
            .contains("example-board")
    });
    assert!(!in_log, "nor in the op log");
}
