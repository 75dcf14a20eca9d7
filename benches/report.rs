//! How long `soudan report` takes over 100k and 1M contacts made by `soudan demo`, beside
//! the same aggregation as plain SQL in the sqlite3 shell (benches/report.sql) on the same
//! file: the shell is what the numbers would cost without soudan around them.
//!
//! The demo databases are generated once and kept in `target/soudan-bench/` (their names
//! carry a hash of the generator's source, so a changed generator makes new ones).
//! `SOUDAN_BENCH_SIZES=100000` limits the sizes.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use soudan::config::Settings;
use soudan::demo::{self, DemoSpec};
use soudan::report::{self, OutputFormat, Period, ReportArgs};
use soudan::store::Store;

const SEED: u64 = 20240401;
const SQL: &str = include_str!("report.sql");

fn until() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 31).expect("valid date")
}

fn sizes() -> Vec<usize> {
    std::env::var("SOUDAN_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000])
}

/// target/ (the bench runs from target/release/deps/).
fn target_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(std::env::temp_dir)
}

/// The demo database with `contacts` contacts, generated on first use.
fn demo_db(contacts: usize) -> PathBuf {
    let mut hasher = DefaultHasher::new();
    include_str!("../src/demo/mod.rs").hash(&mut hasher);
    include_str!("../src/demo/shares.rs").hash(&mut hasher);
    let dir = target_dir().join("soudan-bench");
    let path = dir.join(format!(
        "demo-{contacts}-{SEED}-{:08x}.db",
        hasher.finish() as u32
    ));
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(&dir).expect("bench directory");
    let partial = path.with_extension("partial");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
    }
    let started = Instant::now();
    {
        let mut store = Store::open(&partial).expect("open demo db");
        let spec = DemoSpec {
            contacts,
            seed: SEED,
            until: until(),
        };
        demo::generate(&mut store, &spec, &Settings::for_tests()).expect("demo data");
    }
    eprintln!(
        "generated {contacts} demo contacts in {:.1?} -> {}",
        started.elapsed(),
        path.display()
    );
    std::fs::rename(&partial, &path).expect("rename demo db");
    path
}

fn args(period: &Period) -> ReportArgs {
    ReportArgs {
        from: Some(period.from.to_string()),
        to: Some(period.to.to_string()),
        format: OutputFormat::Table,
        ..ReportArgs::default()
    }
}

/// Runs benches/report.sql in the sqlite3 shell; None when there is no shell.
fn sqlite3(db: &Path, period: &Period) -> Option<String> {
    let offset = Settings::for_tests().desk_offset;
    let (from, to) = period.utc_bounds(offset);
    let mut child = Command::new("sqlite3")
        .arg("-readonly")
        .arg(db)
        .args(["-cmd", &format!(".parameter set @from '{from}'")])
        .args(["-cmd", &format!(".parameter set @to '{to}'")])
        .args([
            "-cmd",
            &format!(
                ".parameter set @shift '{:+} seconds'",
                offset.local_minus_utc()
            ),
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    use std::io::Write;
    child.stdin.take()?.write_all(SQL.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn report(c: &mut Criterion) {
    let offset = Settings::for_tests().desk_offset;
    let fiscal_year = Period::fiscal_year("2024").expect("valid period");
    let has_shell = Command::new("sqlite3").arg("--version").output().is_ok();
    for contacts in sizes() {
        let db = demo_db(contacts);
        let store = Store::open(&db).expect("open demo db");
        let all = {
            let first: String = store
                .connection()
                .query_row("SELECT MIN(started_at) FROM contacts", [], |r| r.get(0))
                .expect("a first contact");
            let first = &first[..10];
            Period::range(first, &until().to_string()).expect("valid period")
        };
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
                    b.iter(|| sqlite3(&db, period).expect("sqlite3 ran"))
                });
            }
        }
        group.finish();
    }
}

criterion_group!(benches, report);
criterion_main!(benches);
