//! Opening and filtering the shift lead's queue with 100,000 open cases.
//!
//! The database is built once by a fixture builder and kept under target/bench-data, so
//! reruns measure the queue, not the setup.

use std::path::PathBuf;

use chrono::{Duration, FixedOffset, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;
use soudan::domain::{Change, OpKind};
use soudan::queue::{Filter, Moment};
use soudan::store::Store;
use uuid::Uuid;

const CASES: usize = 100_000;

fn database() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("queue-{CASES}.db"));
    if path.exists() {
        return path;
    }
    let partial = path.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let mut store = Store::open(&partial).unwrap();
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let ages = ["10s", "20s", "30s", "40s", "50s", "60plus", "unknown"];
    let harms = [
        "defamation",
        "discrimination",
        "illegal",
        "harmful",
        "other",
    ];
    let risks = ["suicide", "danger", "minor", "sexual_image"];
    for chunk in 0..CASES / 10_000 {
        let mut changes = Vec::new();
        for i in chunk * 10_000..(chunk + 1) * 10_000 {
            let at = start + Duration::minutes(i as i64 * 3);
            let (case, contact) = (Uuid::now_v7(), Uuid::now_v7());
            let mut fields = vec![
                ("number", json!(format!("B-{:06}", i + 1))),
                ("opened_at", json!(soudan::domain::format_utc(at))),
                (
                    "status",
                    json!(if i % 10 == 0 {
                        "waiting_expert"
                    } else {
                        "open"
                    }),
                ),
                ("age", json!(ages[i % ages.len()])),
                ("infringement", json!([harms[i % harms.len()]])),
            ];
            if i % 23 == 0 {
                fields.push(("risk", json!([risks[i % risks.len()]])));
            }
            if i % 7 == 0 {
                let due = (at + Duration::days(30)).date_naive();
                fields.push(("due", json!(due.to_string())));
            }
            if i % 3 == 0 {
                fields.push(("owner", json!(format!("相談員{}", i % 12))));
            }
            changes.push(Change {
                id: case,
                kind: OpKind::CaseImport,
                fields,
            });
            changes.push(Change::open_contact(
                contact,
                case,
                "bench",
                at,
                Some("phone"),
            ));
            changes.push(Change::set_notes(
                contact,
                "ゼミの同級生に晒されたとの相談。削除方法を助言。",
            ));
        }
        store.commit("bench", start, &changes).unwrap();
    }
    drop(store);
    std::fs::rename(&partial, &path).unwrap();
    path
}

fn queue(c: &mut Criterion) {
    let store = Store::open(&database()).unwrap();
    let at = Moment {
        now: Utc.with_ymd_and_hms(2024, 9, 1, 3, 0, 0).unwrap(),
        offset: FixedOffset::east_opt(9 * 3600).unwrap(),
    };
    let mut group = c.benchmark_group("queue, 100k open cases");
    group.sample_size(10);
    group.bench_function("load open cases", |b| {
        b.iter(|| store.open_cases().unwrap())
    });
    let items = store.open_cases().unwrap();
    assert_eq!(items.len(), CASES);
    group.bench_function("rank all", |b| {
        b.iter(|| Filter::default().apply(&items, at))
    });
    let risk = Filter {
        risk_only: true,
        ..Filter::default()
    };
    group.bench_function("filter: risk only", |b| b.iter(|| risk.apply(&items, at)));
    group.bench_function("text filter (notes and tags)", |b| {
        b.iter(|| store.open_cases_matching("違法").unwrap())
    });
    group.finish();
}

criterion_group!(benches, queue);
criterion_main!(benches);
