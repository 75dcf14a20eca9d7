//! Export and import: the desks' labels, a BOM for Excel, a lossless round trip, and bad
//! rows refused with their row and column while the database stays as it was.

mod common;

use common::Desk;
use common::pty::Workdir;
use soudan::config::Settings;
use soudan::store::Store;
use soudan::transfer::{self, Format, ImportError};

fn export(store: &Store, format: Format) -> String {
    let mut out = Vec::new();
    let directory = soudan::referral::Directory::builtin();
    transfer::export(
        store,
        format,
        Settings::for_tests().desk_offset,
        transfer::Names {
            directory: &directory,
            national: &soudan::national::National::builtin(),
        },
        &mut out,
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

/// Two cases, one with a follow-up, recorded through the call screen.
fn desk_with_calls() -> Desk {
    let mut desk = Desk::new();
    desk.keys("n a 2 s 1 w 2 W 2 i 1 3 enter p 1 enter d 1 enter k 3 enter r 1 3 enter u")
        .paste("https://x.com/a/status/1")
        .keys("enter m")
        .paste("娘の写真を晒された。\n\"学校名\"も, 書かれている")
        .keys("esc")
        .wait(300)
        .keys("e")
        .wait(60)
        .keys("ctrl-s")
        .wait(600)
        .keys("n x 2")
        .wait(3600)
        .keys("f 2 r 8 enter ctrl-s");
    desk
}

fn write(dir: &Workdir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn csv_export_has_a_bom_the_documented_columns_and_the_desks_labels() {
    let desk = desk_with_calls();
    let csv = export(&desk.session.store, Format::Csv);
    assert!(csv.starts_with('\u{feff}'), "Excel needs the BOM");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with(
        "case,contact,started_at,ended_at,duration_s,counselor,channel,age,role,troubled,infringement,platform,want,response,risk,notes"
    ));
    assert!(csv.contains("T-00001,1,2024-06-10T14:00:00+09:00,2024-06-10T14:05:00+09:00,300,相談員A,電話,20代,被害者,家族,誹謗・中傷|違法情報,X(旧Twitter),削除したい,助言|他機関紹介,未成年,"), "{csv}");
    assert!(
        csv.contains(",中学生,https://x.com/a/status/1,,2024-06-10T14:06:00+09:00"),
        "{csv}"
    );
    // The prank call: 中断, 問題外, its note; the follow-up on the first case: 継続.
    assert!(csv.contains("T-00002,1,"), "{csv}");
    assert!(csv.contains(",問題外,,,中断,,【いたずら】,"), "{csv}");
    assert!(csv.contains("T-00001,2,"), "{csv}");
}

#[test]
fn jsonl_export_keeps_lists_as_arrays() {
    let desk = desk_with_calls();
    let jsonl = export(&desk.session.store, Format::Jsonl);
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(
        first["infringement"],
        serde_json::json!(["誹謗・中傷", "違法情報"])
    );
    assert_eq!(first["response"], serde_json::json!(["助言", "他機関紹介"]));
    assert_eq!(first["age"], "20代");
    assert_eq!(first["duration_s"], 300);
    assert_eq!(jsonl.lines().count(), 3);
}

#[test]
fn an_export_imports_back_to_the_same_export_in_both_formats() {
    let desk = desk_with_calls();
    let work = Workdir::new("");
    for format in [Format::Csv, Format::Jsonl] {
        let original = export(&desk.session.store, format);
        let file = write(&work, "export.txt", &original);
        let mut fresh = Store::open_in_memory().unwrap();
        let summary = transfer::import(
            &mut fresh,
            &file,
            format,
            &Settings::for_tests(),
            common::start_time(),
        )
        .unwrap();
        assert_eq!((summary.contacts, summary.new_cases), (3, 2));
        assert_eq!(export(&fresh, format), original);
    }
}

#[test]
fn a_spreadsheet_log_imports_with_local_times_and_blank_columns() {
    let work = Workdir::new("");
    let file = write(
        &work,
        "log.csv",
        "case,started_at,duration_s,channel,age,infringement,response,notes\n\
         2023-001,2023/11/06 16:10,600,電話,40代,誹謗・中傷|差別,傾聴|助言,\n\
         2023-001,2023/11/13 16:30,,SNS,,,継続,二回目\n\
         ,2023/11/06 17:00,60,メール,,,中断,\n",
    );
    let mut store = Store::open_in_memory().unwrap();
    let summary = transfer::import(
        &mut store,
        &file,
        Format::Csv,
        &Settings::for_tests(),
        common::start_time(),
    )
    .unwrap();
    assert_eq!((summary.contacts, summary.new_cases), (3, 2));
    let jsonl = export(&store, Format::Jsonl);
    let rows: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows[0]["case"], "2023-001");
    assert_eq!(rows[0]["started_at"], "2023-11-06T16:10:00+09:00");
    assert_eq!(rows[0]["ended_at"], "2023-11-06T16:20:00+09:00");
    assert_eq!(rows[0]["response"], serde_json::json!(["傾聴", "助言"]));
    // A row without a case number became a case of its own in this workstation's series.
    assert_eq!(rows[1]["case"], "T-00001");
    assert_eq!(
        rows[2]["age"], "40代",
        "case tags carry to every contact of the case"
    );
}

fn import_error(name: &str, text: &str, format: Format) -> (String, usize) {
    let work = Workdir::new("");
    let file = write(&work, name, text);
    let desk = desk_with_calls();
    let mut store = desk.session.store;
    let ops_before = store.ops().unwrap().len();
    let before = export(&store, Format::Jsonl);
    let error = transfer::import(
        &mut store,
        &file,
        format,
        &Settings::for_tests(),
        common::start_time(),
    )
    .expect_err("refused");
    let ImportError::Bad(diagnostic) = error else {
        panic!("expected a diagnostic, got {error}");
    };
    assert_eq!(export(&store, Format::Jsonl), before, "nothing imported");
    assert_eq!(store.ops().unwrap().len(), ops_before, "no op written");
    let message = diagnostic.to_string();
    (
        message.replace(&file.display().to_string(), name),
        ops_before,
    )
}

#[test]
fn bad_csv_rows_are_refused_with_their_row_and_column_and_nothing_is_imported() {
    let (message, _) = import_error(
        "log.csv",
        "case,started_at,channel,age\nA,2024-05-01 10:00,電話,20代\nB,2024-05-01 11:00,電話,20歳\n",
        Format::Csv,
    );
    assert!(
        message.starts_with("log.csv:3:4: unknown 年代 `20歳` (one of: 10代, 20代,"),
        "{message}"
    );

    let (message, _) = import_error("log.csv", "case,started_at,ages\n", Format::Csv);
    assert!(
        message.starts_with("log.csv:1:3: unknown column `ages`"),
        "{message}"
    );

    let (message, _) = import_error(
        "log.csv",
        "case,started_at\nA,2024-05-01 10:00\nB,yesterday\n",
        Format::Csv,
    );
    assert!(
        message.starts_with("log.csv:3:2: `yesterday` is not a time"),
        "{message}"
    );

    let (message, _) = import_error(
        "log.csv",
        "case,started_at\nA,2024-05-01 10:00,extra\n",
        Format::Csv,
    );
    assert!(
        message.starts_with("log.csv:2:1: this row has 3 fields, the header has 2"),
        "{message}"
    );
}

#[test]
fn bad_jsonl_lines_are_refused_with_their_line_and_column() {
    let (message, _) = import_error(
        "log.jsonl",
        "{\"case\":\"A\",\"started_at\":\"2024-05-01T10:00:00+09:00\"}\n{\"case\":\"B\",\"started_at\":\"2024-05-01T11:00:00+09:00\",\"response\":[\"助言\",\"相談\"]}\n",
        Format::Jsonl,
    );
    assert!(
        message.starts_with("log.jsonl:2:54: unknown 対応 `相談`"),
        "{message}"
    );
    let (message, _) = import_error("log.jsonl", "{\"case\":\"A\",\n", Format::Jsonl);
    assert!(message.starts_with("log.jsonl:1:"), "{message}");
    assert!(message.contains("invalid JSON"), "{message}");
}

#[test]
fn importing_the_same_export_twice_is_refused() {
    let desk = desk_with_calls();
    let csv = export(&desk.session.store, Format::Csv);
    let (message, _) = import_error("again.csv", &csv, Format::Csv);
    assert!(
        message.contains("already has a contact started at this time"),
        "{message}"
    );
}

#[test]
fn the_import_command_exits_non_zero_and_names_the_place() {
    let work = Workdir::new("");
    let file = write(
        &work,
        "bad.csv",
        "case,started_at,channel\nA,2024-05-01 10:00,伝書鳩\n",
    );
    let (status, _, stderr) = work.run(&["import", file.to_str().unwrap()]);
    assert_eq!(status, 2);
    assert!(
        stderr.contains("bad.csv:2:3: unknown 手法 `伝書鳩`"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    let (status, csv, _) = work.run(&["export"]);
    assert_eq!(status, 0);
    assert_eq!(csv.lines().count(), 1, "only the header: {csv}");

    let good = write(
        &work,
        "good.csv",
        "case,started_at,channel\nA,2024-05-01 10:00,電話\n",
    );
    let (status, stdout, stderr) = work.run(&["import", good.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("imported 1 contact from"), "{stdout}");
    assert!(
        stdout.ends_with(": 1 new case, 0 existing cases\n"),
        "{stdout}"
    );
    let (status, _, stderr) = work.run(&["export"]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(stderr, "exported 1 contact\n");
}

#[test]
fn keymap_check_passes_shipped_keymaps_and_fails_bad_ones() {
    let work = Workdir::new("");
    let numpad = concat!(env!("CARGO_MANIFEST_DIR"), "/keymaps/numpad.toml");
    let (status, stdout, _) = work.run(&["keymap", "check", numpad]);
    assert_eq!(status, 0);
    assert!(stdout.contains("ok"), "{stdout}");
    let bad = write(
        &work,
        "bad.toml",
        "[ready]\n\"q\" = \"none\"\n\"x\" = \"qiut\"\n",
    );
    let (status, _, stderr) = work.run(&["keymap", "check", bad.to_str().unwrap()]);
    assert_eq!(status, 2);
    assert!(
        stderr.contains("bad.toml:3:7: unknown action `qiut`"),
        "{stderr}"
    );
}

fn write_bytes(dir: &Workdir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_shift_jis_csv_from_excel_imports_and_says_how_it_was_read() {
    let work = Workdir::new("");
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(
        "case,started_at,channel,age,notes\nA,2024/05/01 10:00,電話,20代,①学校名を晒された\n",
    );
    let file = write_bytes(&work, "excel.csv", &sjis);
    let (status, stdout, stderr) = work.run(&["import", file.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("imported 1 contact from"), "{stdout}");
    assert!(stdout.contains("read as Shift_JIS (CP932)"), "{stdout}");
    let (_, jsonl, _) = work.run(&["export", "--format", "jsonl"]);
    let row: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(row["channel"], "電話");
    assert_eq!(row["age"], "20代");
    assert_eq!(row["notes"], "①学校名を晒された");

    // UTF-8 with a BOM (Excel's "CSV UTF-8") says so too.
    let file = write(
        &work,
        "utf8.csv",
        "\u{feff}case,started_at,channel\nB,2024/05/02 10:00,SNS\n",
    );
    let (status, stdout, stderr) = work.run(&["import", file.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("read as UTF-8 with BOM"), "{stdout}");
}

#[test]
fn a_file_in_neither_encoding_is_refused_at_its_first_bad_byte() {
    let work = Workdir::new("");
    let file = write_bytes(
        &work,
        "broken.csv",
        b"case,started_at,channel\nA,2024-05-01 10:00,\xfd\n",
    );
    let (status, _, stderr) = work.run(&["import", file.to_str().unwrap()]);
    assert_eq!(status, 2, "{stderr}");
    assert!(
        stderr.contains("broken.csv:2:20: neither UTF-8 nor Shift_JIS (CP932)"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was imported"), "{stderr}");
}

#[test]
fn a_file_that_cannot_be_read_is_named_once_with_its_reason_once() {
    let work = Workdir::new("");
    let missing = work.dir.path().join("missing.csv");
    let (status, _, stderr) = work.run(&["import", missing.to_str().unwrap()]);
    assert_ne!(status, 0);
    assert_eq!(stderr.matches("missing.csv").count(), 1, "{stderr}");
    assert_eq!(stderr.matches("No such file").count(), 1, "{stderr}");
}

#[test]
fn an_unclosed_quote_is_refused_at_its_row_and_column() {
    // At the end of the file: the csv reader would take the rest as one cell.
    let (message, _) = import_error(
        "log.csv",
        "case,started_at,channel,notes\nA,2024-05-01 10:00,電話,\"晒された\nB,2024-05-01 11:00,電話,二件目\n",
        Format::Csv,
    );
    assert!(
        message.starts_with("log.csv:2:4: the quote opened here is never closed"),
        "{message}"
    );
    // Closed by the quote of a later row: two rows would silently become one.
    let (message, _) = import_error(
        "log.csv",
        "case,started_at,notes\nA,2024-05-01 10:00,\"晒された\nB,2024-05-01 11:00,\"二件目\"\n",
        Format::Csv,
    );
    assert!(
        message.starts_with("log.csv:2:3: the quote opened here closes before the end"),
        "{message}"
    );
    // Quotes written as Excel writes them still import.
    let work = Workdir::new("");
    let file = write(
        &work,
        "ok.csv",
        "case,started_at,notes\n\nA,2024-05-01 10:00,\"「学校名」, \"\"本名\"\"\n二行目\"\n",
    );
    let (status, _, stderr) = work.run(&["import", file.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
}

#[test]
fn a_keymap_that_is_not_utf8_is_bad_input_at_its_line_and_column() {
    let work = Workdir::new("");
    let mut bytes = b"[call]\n\"c\" = \"".to_vec();
    bytes.extend_from_slice(&[0x93, 0x64]); // 電 in Shift_JIS
    bytes.extend_from_slice(b"\"\n");
    let bad = write_bytes(&work, "sjis.toml", &bytes);
    let (status, _, stderr) = work.run(&["keymap", "check", bad.to_str().unwrap()]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("sjis.toml:2:8: not UTF-8"), "{stderr}");

    // The same file as the user's keymap stops soudan instead of being ignored.
    std::fs::write(work.config_dir().join("keymap.toml"), &bytes).unwrap();
    let (status, _, stderr) = work.run(&["keymap", "show"]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("keymap.toml:2:8: not UTF-8"), "{stderr}");
    assert!(!work.db().exists(), "no database left behind");
}

#[test]
fn an_unknown_keymap_in_the_config_stops_every_command_with_its_full_path() {
    let work = Workdir::new("counselor = \"山田\"\nkeymap = \"qwerty\"\n");
    let expected = format!(
        "{}:2:10: unknown keymap `qwerty` (shipped: default, numpad)",
        work.config_dir().join("config.toml").display()
    );
    for command in [&["export"][..], &["queue"], &["report", "--fy", "2024"]] {
        let (status, _, stderr) = work.run(command);
        assert_eq!(status, 2, "{command:?}: {stderr}");
        assert!(stderr.contains(&expected), "{command:?}: {stderr}");
    }
    assert!(!work.db().exists(), "no database left behind");
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::{BufRead, BufReader};
    let work = common::pty::Workdir::new("");
    let (status, _, err) = work.run(&["demo", "--contacts", "3000"]);
    assert_eq!(status, 0, "{err}");
    // As `soudan export | head -1`: read one line, then close the pipe.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_soudan"))
        .arg("--db")
        .arg(work.db())
        .arg("--config-dir")
        .arg(work.config_dir())
        .args(["export", "--format", "jsonl"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with('{'), "{first}");
    let output = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(!err.contains("Broken pipe"), "{err}");
    assert!(output.status.success(), "{err}");
}
