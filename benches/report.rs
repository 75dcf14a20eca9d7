//! How long `soudan report` takes over 100k and 1M contacts made by `soudan demo`, beside
//! the same aggregation as plain SQL in the sqlite3 shell (benches/report.sql) on the same
//! file: the shell is what the numbers would cost without soudan around them.
//!
//! The demo databases are generated once and kept in `target/soudan-bench/` (their names
//! carry a hash of the generator's source, so a changed generator makes new ones).
//! `SOUDAN_BENCH_SIZES=100000` limits the sizes.

mod common;

use std::time::Duration;

use common::{REPORT_SQL, demo_db, has_sqlite3_shell, sizes, sqlite3};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use soudan::config::Settings;
use soudan::report::{self, OutputFormat, Period, ReportArgs};
use soudan::store::Store;

fn args(period: &Period) -> ReportArgs {
    ReportArgs {
        from: Some(period.from.to_string()),
        to: Some(period.to.to_string()),
        format: OutputFormat::Table,
        ..ReportArgs::default()
    }
}

fn report(c: &mut Criterion) {
    let offset = Settings::for_tests().desk_offset;
    let fiscal_year = Period::fiscal_year("2024").expect("valid period");
    let has_shell = has_sqlite3_shell();
    for contacts in sizes(&[100_000, 1_000_000]) {
        let db = demo_db(contacts, 0.0);
        let store = Store::open(&db).expect("open demo db");
        let all = common::all_days(&store);
        let mut group = c.benchmark_group(format!("report {contacts} contacts"));
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(if contacts > 200_000 { 20 } else { 5 }));
        for (name, period) in [("all days", &all), ("FY2024", &fiscal_year)] {
            group.bench_function(BenchmarkId::new("soudan", name), |b| {
                b.iter(|| {
                    report::run(&args(period), &store, offset, None, &mut std::io::sink())
                        .expect("report")
                })
            });
            if has_shell {
                group.bench_function(BenchmarkId::new("sqlite3 shell", name), |b| {
                    b.iter(|| sqlite3(&db, period, REPORT_SQL).expect("sqlite3 ran"))
                });
            }
        }
        group.finish();
    }
}

criterion_group!(benches, report);
criterion_main!(benches);
