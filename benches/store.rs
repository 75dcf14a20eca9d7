//! How long the store takes for what a counselor does most: record a tag (one op, one
//! fsync'd transaction) and list recent cases on a database with many cases.

use chrono::{Duration, TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use soudan::domain::{Change, Dim};
use soudan::store::Store;
use uuid::Uuid;

fn store_with_cases(dir: &std::path::Path, cases: usize) -> Store {
    let mut store = Store::open(&dir.join("bench.db")).unwrap();
    let start = Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap();
    // One transaction for the setup: the benchmark is about what follows, not about
    // filling the file.
    let mut changes = Vec::with_capacity(cases * 2);
    for i in 0..cases {
        let at = start + Duration::minutes(i as i64 * 7);
        let (case, contact) = (Uuid::now_v7(), Uuid::now_v7());
        changes.push(Change::open_case(case, &format!("B-{:05}", i + 1), at));
        changes.push(Change::open_contact(
            contact,
            case,
            "bench",
            at,
            Some("phone"),
        ));
    }
    store.commit("bench", start, &changes).unwrap();
    store
}

fn record_a_tag(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_cases(dir.path(), 10);
    let case = store.recent_cases(1).unwrap()[0].case.id;
    let ages = ["10s".to_string(), "20s".to_string()];
    let mut i = 0;
    c.bench_function("commit one tag change (fsync)", |b| {
        b.iter(|| {
            i += 1;
            store
                .commit(
                    "bench",
                    Utc::now(),
                    &[Change::set_tag(case, Dim::Age, &ages[i % 2..i % 2 + 1])],
                )
                .unwrap();
        })
    });
}

fn recent_cases(c: &mut Criterion) {
    let mut group = c.benchmark_group("recent cases");
    for cases in [1_000, 10_000] {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_cases(dir.path(), cases);
        group.bench_with_input(BenchmarkId::from_parameter(cases), &store, |b, store| {
            b.iter(|| store.recent_cases(12).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, record_a_tag, recent_cases);
criterion_main!(benches);
