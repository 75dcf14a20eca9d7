//! What the benchmarks share: demo databases made once by `soudan demo`'s generator, the
//! sqlite3 shell as a baseline, and timing a command with its peak memory.

#![allow(dead_code)] // each bench uses its own part

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use soudan::config::Settings;
use soudan::demo::{self, DemoSpec};
use soudan::report::Period;
use soudan::store::Store;

pub const SEED: u64 = 20240401;
pub const REPORT_SQL: &str = include_str!("../report.sql");

pub fn until() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 31).expect("valid date")
}

/// `SOUDAN_BENCH_SIZES=100000,1000000` (default: `default`).
pub fn sizes(default: &[usize]) -> Vec<usize> {
    std::env::var("SOUDAN_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// target/ (a bench runs from target/release/deps/).
fn target_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(std::env::temp_dir)
}

/// The demo database with `contacts` contacts (and `open_share` of the old cases left open),
/// generated on first use and kept in target/soudan-bench/. Its name carries a hash of the
/// generator's and the store's source, so a changed generator or schema makes a new one.
pub fn demo_db(contacts: usize, open_share: f64) -> PathBuf {
    let mut hasher = DefaultHasher::new();
    include_str!("../../src/demo/mod.rs").hash(&mut hasher);
    include_str!("../../src/demo/shares.rs").hash(&mut hasher);
    include_str!("../../src/store/migrate.rs").hash(&mut hasher);
    include_str!("../../src/store/oplog.rs").hash(&mut hasher);
    let dir = target_dir().join("soudan-bench");
    let path = dir.join(format!(
        "demo-{contacts}-{SEED}-{open_share}-{:08x}.db",
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
            open_share,
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

/// Every day of the demo data.
pub fn all_days(store: &Store) -> Period {
    let first: i64 = store
        .connection()
        .query_row("SELECT MIN(started_at) FROM contacts", [], |r| r.get(0))
        .expect("a first contact");
    let first = chrono::DateTime::from_timestamp_micros(first).expect("a time");
    let first = first.date_naive().to_string();
    Period::range(&first, &until().to_string()).expect("valid period")
}

pub fn has_sqlite3_shell() -> bool {
    Command::new("sqlite3").arg("--version").output().is_ok()
}

/// The sqlite3 shell running `sql` read-only on `db`, with report.sql's parameters for
/// `period`; None when there is no shell or it failed.
pub fn sqlite3(db: &Path, period: &Period, sql: &str) -> Option<String> {
    let offset = Settings::for_tests().desk_offset;
    let (from, to) = period.utc_bounds(offset);
    let mut child = Command::new("sqlite3")
        .arg("-readonly")
        .arg(db)
        .args(["-cmd", &format!(".parameter set @from {from}")])
        .args(["-cmd", &format!(".parameter set @to {to}")])
        .args([
            "-cmd",
            &format!(
                ".parameter set @shift '{:+} seconds'",
                offset.local_minus_utc()
            ),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(sql.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// What one run of a command cost: wall time, and peak resident memory in bytes.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub time: Duration,
    pub peak_rss: u64,
}

/// Runs `command` with its output thrown away and measures it (wait4 gives the child's own
/// peak RSS, not the bench's).
#[allow(clippy::zombie_processes)] // wait4 below reaps it
pub fn measure(command: &mut Command) -> Run {
    let started = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("command starts");
    let mut status = 0;
    // SAFETY: rusage is plain data, zero is a valid value; the pid is our own child's.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let time = started.elapsed();
    assert!(
        waited == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{command:?} failed"
    );
    Run {
        time,
        // Linux reports ru_maxrss in KiB.
        peak_rss: usage.ru_maxrss as u64 * 1024,
    }
}

/// The median of `runs` runs of `command`, with the highest peak memory.
pub fn median(runs: usize, mut command: impl FnMut() -> Command) -> Run {
    let mut all: Vec<Run> = (0..runs).map(|_| measure(&mut command())).collect();
    all.sort_by_key(|r| r.time);
    Run {
        time: all[all.len() / 2].time,
        peak_rss: all.iter().map(|r| r.peak_rss).max().unwrap_or(0),
    }
}

/// The soudan binary on `db`, with a config and data directory of its own under `home`:
/// a bench never reads the user's settings.
pub fn soudan(db: &Path, home: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_soudan"));
    command
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .arg("--db")
        .arg(db)
        .args(args);
    command
}
