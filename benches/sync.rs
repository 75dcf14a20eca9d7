//! Sync beside PostgreSQL's own bulk load: push every op of a `soudan demo` database to an
//! empty central server, pull them all into a fresh workstation, and, as the baseline,
//! `psql \copy` of the same ops as CSV into (and out of) an equivalent table: the same
//! columns, primary key and unique id, without soudan's density trigger.
//!
//! Needs this machine's PostgreSQL (127.0.0.1:5432, user postgres, trust) and psql.
//! Run: `cargo bench --bench sync` (prints a Markdown table; SOUDAN_BENCH_SIZES as in
//! benches/scale.rs, default 100000 contacts).

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{demo_db, sizes, soudan};
use soudan::store::Store;

const SERVER: &str = "postgres://postgres@127.0.0.1:5432";

fn psql(db: &str, command: &str) -> Command {
    let mut psql = Command::new("psql");
    psql.args([
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        "127.0.0.1",
        "-U",
        "postgres",
    ])
    .args(["-d", db, "-c", command]);
    psql
}

/// Runs `command` to success and says how long it took.
fn timed(mut command: Command, what: &str) -> Duration {
    let started = Instant::now();
    let output = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        output.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    started.elapsed()
}

/// A workstation's home with its own station code.
fn home(dir: &Path, station: &str) -> std::path::PathBuf {
    let home = dir.join(station);
    std::fs::create_dir_all(home.join("config/soudan")).expect("config dir");
    std::fs::write(
        home.join("config/soudan/config.toml"),
        format!("station = \"{station}\"\n"),
    )
    .expect("config");
    home
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn main() {
    println!(
        "| contacts | ops | push | `\\copy` in | push ÷ `\\copy` | pull (fresh workstation) | `\\copy` out | pull ÷ `\\copy` |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for contacts in sizes(&[100_000]) {
        let demo = demo_db(contacts, 0.02);
        let ops = Store::open(&demo)
            .expect("open demo db")
            .ops()
            .expect("ops")
            .len();
        let dir = tempfile::tempdir().expect("temp dir");
        let pusher = dir.path().join("pusher.db");
        std::fs::copy(&demo, &pusher).expect("copy the demo database");
        let fresh = dir.path().join("fresh.db");
        let name = format!("soudan_bench_{}", std::process::id());
        timed(
            psql("postgres", &format!("CREATE DATABASE {name}")),
            "create db",
        );
        let url = format!("{SERVER}/{name}?sslmode=disable");
        let (a, b) = (home(dir.path(), "A1"), home(dir.path(), "B1"));
        timed(
            soudan(&pusher, &a, &["sync", "init", "--url", &url]),
            "sync init",
        );

        let push = timed(soudan(&pusher, &a, &["sync", "--url", &url]), "push");
        let pull = timed(soudan(&fresh, &b, &["sync", "--url", &url]), "pull");

        let csv = dir.path().join("ops.csv");
        let out = timed(
            psql(&name, &format!("\\copy ops TO '{}' CSV", csv.display())),
            "copy out",
        );
        timed(
            psql(&name, "CREATE TABLE ops_copy (LIKE ops INCLUDING ALL)"),
            "baseline table",
        );
        let copy_in = timed(
            psql(
                &name,
                &format!("\\copy ops_copy FROM '{}' CSV", csv.display()),
            ),
            "copy in",
        );
        println!(
            "| {contacts} | {ops} | {} | {} | {:.1}× | {} | {} | {:.1}× |",
            secs(push),
            secs(copy_in),
            push.as_secs_f64() / copy_in.as_secs_f64(),
            secs(pull),
            secs(out),
            pull.as_secs_f64() / out.as_secs_f64(),
        );
        timed(
            psql("postgres", &format!("DROP DATABASE {name} WITH (FORCE)")),
            "drop db",
        );
    }
}
