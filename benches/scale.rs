//! The scale table of the README: what ten years of a national desk cost on one laptop.
//!
//! For each size (`SOUDAN_BENCH_SIZES`, default 100000; the README also has 1000000), a demo
//! database with 2% of its old cases left open (`soudan demo --open-share 0.02`), and beside
//! every soudan figure the baseline it should be held to:
//! - database bytes per contact beside the CSV export's,
//! - `soudan queue` (table and JSON),
//! - `soudan export` beside a plain SELECT of the same columns in the sqlite3 shell,
//! - `soudan report` (all days, and one fiscal year) beside benches/report.sql in the shell,
//! - one tag change committed beside a bare one-row insert + commit on the same file,
//! - the peak memory of each command.
//!
//! Run: `cargo bench --bench scale` (prints a Markdown table).

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::Utc;
use common::{REPORT_SQL, Run, demo_db, median, sizes, soudan};
use soudan::domain::{Change, Dim};
use soudan::report::Period;
use soudan::store::Store;

const OPEN_SHARE: f64 = 0.02;
const RUNS: usize = 3;
const COMMITS: usize = 200;

/// The export's columns as one plain statement, the way someone at the shell would write
/// it: what reading the same data costs without soudan's labels and formatting.
const EXPORT_SELECT: &str = "SELECT k.number, t.started_at, t.ended_at, t.counselor, t.channel,
  k.age, k.role, k.troubled, k.attribute, t.notes, t.closed_at,
  (SELECT group_concat(code, '|') FROM case_tags g WHERE g.case_id = k.id),
  (SELECT group_concat(value, '|') FROM contact_values v WHERE v.contact_id = t.id)
FROM contacts t JOIN cases k ON k.id = t.case_id ORDER BY t.started_at, t.id;";

/// The sqlite3 shell running `sql` (from a file) read-only on `db`, with report.sql's
/// parameters for `period`.
fn shell(db: &Path, period: &Period, sql_file: &Path) -> Command {
    let offset = soudan::config::Settings::for_tests().desk_offset;
    let (from, to) = period.utc_bounds(offset);
    let mut command = Command::new("sh");
    command.arg("-c").arg(format!(
        "sqlite3 -readonly '{}' -cmd \".parameter set @from {from}\" \
         -cmd \".parameter set @to {to}\" \
         -cmd \".parameter set @shift '{:+} seconds'\" < '{}'",
        db.display(),
        offset.local_minus_utc(),
        sql_file.display()
    ));
    command
}

fn median_of(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// (one tag change through the store, a bare one-row insert + commit), medians, on a copy.
fn commits(db: &Path, dir: &Path) -> (Duration, Duration) {
    let copy = dir.join("commit.db");
    std::fs::copy(db, &copy).expect("copy the database");
    let mut store = Store::open(&copy).expect("open the copy");
    let case = store.recent_cases(1).expect("recent cases")[0].case.id;
    let ages = ["10s".to_string(), "20s".to_string()];
    let tag: Vec<Duration> = (0..COMMITS)
        .map(|i| {
            let started = Instant::now();
            let change = Change::set_tag(case, Dim::Age, &ages[i % 2..i % 2 + 1]);
            store
                .commit("bench", Utc::now(), &[change])
                .expect("commit");
            started.elapsed()
        })
        .collect();
    let conn = store.connection();
    conn.execute_batch("CREATE TABLE bare (x INTEGER)")
        .expect("table");
    let bare: Vec<Duration> = (0..COMMITS)
        .map(|i| {
            let started = Instant::now();
            conn.execute("INSERT INTO bare VALUES (?1)", [i as i64])
                .expect("insert");
            started.elapsed()
        })
        .collect();
    (median_of(tag), median_of(bare))
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

fn mb(bytes: u64) -> String {
    format!("{} MB", bytes / 1_000_000)
}

fn row(what: &str, soudan: Run, baseline: Option<(&str, Duration)>) {
    let (name, base, ratio) = match baseline {
        Some((name, base)) => (
            name.to_string(),
            ms(base),
            format!("{:.2}×", soudan.time.as_secs_f64() / base.as_secs_f64()),
        ),
        None => (String::new(), String::new(), String::new()),
    };
    println!(
        "| {what} | {} | {} | {name} | {base} | {ratio} |",
        ms(soudan.time),
        mb(soudan.peak_rss)
    );
}

fn main() {
    let has_shell = common::has_sqlite3_shell();
    for contacts in sizes(&[100_000]) {
        let db = demo_db(contacts, OPEN_SHARE);
        let home = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&db).expect("open demo db");
        let open = store.count_open_cases().expect("count");
        let all = common::all_days(&store);
        drop(store);
        let fiscal_year = Period::fiscal_year("2024").expect("valid period");
        let csv = home.path().join("export.csv");
        let status = soudan(&db, home.path(), &["export", "--format", "csv"])
            .stderr(std::process::Stdio::null())
            .stdout(std::fs::File::create(&csv).expect("csv file"))
            .status()
            .expect("export");
        assert!(status.success());
        let bytes = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let (db_bytes, csv_bytes) = (bytes(&db), bytes(&csv));
        println!("\n### {contacts} contacts, {open} open cases\n");
        println!(
            "database {} B per contact, CSV export {} B per contact: {:.2}×\n",
            db_bytes / contacts as u64,
            csv_bytes / contacts as u64,
            db_bytes as f64 / csv_bytes as f64
        );
        println!("| command | soudan | peak memory | baseline | baseline time | ratio |");
        println!("|---|---|---|---|---|---|");
        let run = |args: &[&str]| median(RUNS, || soudan(&db, home.path(), args));
        let base = |period: &Period, sql: &str| {
            let file = home.path().join("baseline.sql");
            std::fs::write(&file, sql).expect("write the SQL");
            has_shell.then(|| median(RUNS, || shell(&db, period, &file)).time)
        };
        row("`queue`", run(&["queue"]), None);
        row(
            "`queue --format json`",
            run(&["queue", "--format", "json"]),
            None,
        );
        let export = run(&["export", "--format", "csv"]);
        let select = base(&all, EXPORT_SELECT);
        row("`export`", export, select.map(|t| ("plain SELECT", t)));
        for (name, period) in [("all days", &all), ("FY2024", &fiscal_year)] {
            let (from, to) = (period.from.to_string(), period.to.to_string());
            let report = run(&["report", "--from", &from, "--to", &to]);
            let sql = base(period, REPORT_SQL);
            row(
                &format!("`report` {name}"),
                report,
                sql.map(|t| ("report.sql", t)),
            );
        }
        let (tag, bare) = commits(&db, home.path());
        println!(
            "| one tag change committed | {} | | bare insert + commit | {} | {:.2}× |",
            ms(tag),
            ms(bare),
            tag.as_secs_f64() / bare.as_secs_f64()
        );
        if !has_shell {
            println!("\n(no sqlite3 shell: the baselines were skipped)");
        }
    }
}
