//! The real binary in a pseudo-terminal: a whole call by keyboard, a kill -9 in the middle
//! of typing notes, the restart that brings the call back, and the record in the export.

mod common;

use std::time::Instant;

use common::pty::{CTRL_S, ENTER, ESC, Workdir};

/// Reads "通話中 mm:ss" off the screen, in seconds.
fn timer_seconds(screen: &str) -> i64 {
    let at = screen.find("通話中 ").expect("timer on screen") + "通話中 ".len();
    let text: String = screen[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    text.split(':')
        .fold(0, |acc, part| acc * 60 + part.parse::<i64>().unwrap())
}

#[test]
fn a_call_survives_kill_9_and_lands_in_the_export() {
    let work = Workdir::new("counselor = \"山田\"\nstation = \"E2E\"\nutc_offset = \"+09:00\"\n");
    let mut soudan = work.start(80, 24);
    soudan.wait_for("待機中");

    // Start the call and tag it.
    let started = Instant::now();
    soudan.key("n", "通話中");
    soudan.key("a", "年代 (1つ選択)");
    soudan.key("2", "20代");
    soudan.key("i", "侵害種別 (複数選択)");
    soudan.key("1", "✓ 誹謗・中傷");
    soudan.key(ENTER, "誹謗・中傷 ");
    // Notes, typed (an IME commits UTF-8 text) and still being edited when the power goes.
    soudan.key("m", "メモ編集中");
    soudan.key("Xで実名を晒された", "Xで実名を晒された");
    // Let the timer run a little so its survival shows.
    std::thread::sleep(std::time::Duration::from_millis(2200));
    soudan.kill_9();

    // The restart brings back the same call: tags, the half-typed notes, the timer.
    let mut soudan = work.start(80, 24);
    let screen = soudan.wait_for("前回の通話を復元しました");
    assert!(screen.contains("案件 E2E-00001"), "{screen}");
    assert!(screen.contains("20代"), "{screen}");
    assert!(screen.contains("誹謗・中傷"), "{screen}");
    assert!(screen.contains("Xで実名を晒された"), "{screen}");
    let shown = timer_seconds(&screen);
    assert!(
        shown >= 2 && shown + 1 >= started.elapsed().as_secs() as i64,
        "the timer must count from the original start, not the restart: shows {shown}s"
    );

    // Finish the call: a response, end the talk, close the record.
    soudan.key("r", "対応 (複数選択)");
    soudan.key("1", "✓ 助言");
    soudan.key(ESC, "m メモ");
    soudan.key("e", "後処理");
    soudan.key(CTRL_S, "E2E-00001 の記録を閉じました");

    // A follow-up call on the same case, closed with 継続.
    soudan.key("f", "どの案件の続きですか");
    soudan.key("1", "(2回目)");
    soudan.key(CTRL_S, "記録を閉じる前に対応を選んでください");
    soudan.key("8", "✓ 継続");
    soudan.key(ENTER, "の記録を閉じました");
    soudan.send("q");
    assert!(soudan.wait_exit(), "quit cleanly");

    let (status, csv, stderr) = work.run(&["export", "--format", "csv"]);
    assert_eq!(status, 0, "{stderr}");
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    let header = reader.headers().unwrap().clone();
    let get = |row: &csv::StringRecord, name: &str| {
        row[header.iter().position(|h| h == name).unwrap()].to_string()
    };
    assert_eq!(get(&rows[0], "case"), "E2E-00001");
    assert_eq!(get(&rows[0], "counselor"), "山田");
    assert_eq!(get(&rows[0], "channel"), "電話");
    assert_eq!(get(&rows[0], "age"), "20代");
    assert_eq!(get(&rows[0], "infringement"), "誹謗・中傷");
    assert_eq!(get(&rows[0], "response"), "助言");
    assert_eq!(get(&rows[0], "notes"), "Xで実名を晒された");
    assert!(get(&rows[0], "started_at").ends_with("+09:00"));
    let talk: i64 = get(&rows[0], "duration_s").parse().unwrap();
    assert!(talk >= 1, "talk time counts from the first start: {talk}");
    assert_eq!(get(&rows[1], "case"), "E2E-00001");
    assert_eq!(get(&rows[1], "contact"), "2");
    assert_eq!(
        get(&rows[1], "age"),
        "20代",
        "the follow-up carries the case's tags"
    );
    assert_eq!(get(&rows[1], "response"), "継続");

    // The log beside the database says what happened, never what was said.
    let log = std::fs::read_to_string(work.db().with_file_name("soudan.log")).unwrap();
    assert!(log.contains("follow-up call started"), "{log}");
    assert!(log.contains("restored an open call"), "{log}");
    assert!(
        !log.contains("晒された"),
        "note text leaked into the log:\n{log}"
    );
}

#[test]
fn a_bad_keymap_is_reported_before_the_terminal_is_taken() {
    let work = Workdir::new("");
    std::fs::write(
        work.config_dir().join("keymap.toml"),
        "[call]\n\"c\" = \"tag.chanel\"\n",
    )
    .unwrap();
    let mut soudan = work.start(80, 24);
    let screen = soudan.wait_for("keymap.toml:2:7: unknown action `tag.chanel`");
    assert!(!soudan.wait_exit(), "exits with an error");
    assert!(screen.contains("soudan did not start"), "{screen}");
    assert!(!work.db().exists(), "no database is left behind");
}

#[test]
fn a_follow_up_started_from_the_queue_lands_on_that_case_in_the_export() {
    let work = Workdir::new("counselor = \"佐藤\"\nstation = \"Q\"\n");
    let log = work.dir.path().join("log.csv");
    std::fs::write(
        &log,
        "case,started_at,channel,age,risk,response\n\
         Q-00001,2024-05-01 10:00,電話,30代,,助言\n\
         Q-00002,2024-05-02 10:00,SNS,10代,未成年,継続\n",
    )
    .unwrap();
    let (status, _, stderr) = work.run(&["import", log.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");

    let mut soudan = work.start(80, 24);
    soudan.wait_for("待機中");
    let queue = soudan.key("o", "表示: すべて — 2件");
    // The minor's case is first; start a follow-up call on it.
    let first = queue
        .lines()
        .find(|l| l.contains("Q-0000"))
        .unwrap_or_default();
    assert!(first.contains("Q-00002"), "{queue}");
    soudan.key("c", "案件 Q-00002 (2回目)");
    soudan.key("r", "対応 (複数選択)");
    soudan.key("8", "✓ 継続");
    soudan.key(ENTER, "m メモ");
    soudan.key(CTRL_S, "Q-00002 の記録を閉じました");
    soudan.send("q");
    assert!(soudan.wait_exit());

    let (_, jsonl, _) = work.run(&["export", "--format", "jsonl"]);
    let rows: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let follow_up = rows.last().unwrap();
    assert_eq!(follow_up["case"], "Q-00002");
    assert_eq!(follow_up["contact"], 2);
    assert_eq!(
        follow_up["channel"], "SNS",
        "a follow-up comes the way the last contact did"
    );
    assert_eq!(follow_up["counselor"], "佐藤");
    assert_eq!(follow_up["response"], serde_json::json!(["継続"]));
    assert_eq!(follow_up["age"], "10代");
}

/// The issue's call, eight items, with the tagging flow: every key that is not note text is
/// counted. Before the flow it took 30-33 (two keys per item plus an enter for each
/// multi-choice one).
#[test]
fn the_tagging_flow_records_an_eight_item_call_in_sixteen_keys() {
    const TAB: &str = "\t";
    let work = Workdir::new("counselor = \"山田\"\nstation = \"F\"\nutc_offset = \"+09:00\"\n");
    let mut soudan = work.start(80, 24);
    soudan.wait_for("待機中");
    let mut pressed = 0;
    let mut key = |soudan: &mut common::pty::Soudan, key: &str, then: &str| {
        pressed += 1;
        soudan.key(key, then)
    };
    key(&mut soudan, "n", "通話中");
    // The flow starts at 年代: 手法 is already 電話.
    key(&mut soudan, TAB, "年代 (1つ選択)");
    key(&mut soudan, "2", "状況 (1つ選択)");
    key(&mut soudan, "1", "当事者 (1つ選択)");
    key(&mut soudan, "1", "侵害種別 (複数選択)");
    key(&mut soudan, "3", "✓ 違法情報");
    key(&mut soudan, ENTER, "場所・サービス (複数選択)");
    key(&mut soudan, "h", "✓ その他");
    key(&mut soudan, ENTER, "相談者の希望 (複数選択)");
    key(&mut soudan, "1", "✓ 削除したい");
    key(&mut soudan, ENTER, "リスク (複数選択)");
    key(&mut soudan, "4", "✓ 性的画像");
    key(&mut soudan, ENTER, "対応 (複数選択)");
    key(&mut soudan, "1", "✓ 助言");
    let done = key(&mut soudan, ENTER, "すべての項目を入力しました");
    assert!(done.contains("助言"), "{done}");
    // Closing the record ends the talk too.
    key(&mut soudan, CTRL_S, "F-00001 の記録を閉じました");
    assert!(pressed <= 16, "{pressed} keys");
    soudan.send("q");
    assert!(soudan.wait_exit());

    let (status, jsonl, stderr) = work.run(&["export", "--format", "jsonl"]);
    assert_eq!(status, 0, "{stderr}");
    let row: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(row["age"], "20代");
    assert_eq!(row["role"], "被害者");
    assert_eq!(row["troubled"], "本人");
    assert_eq!(row["infringement"], serde_json::json!(["違法情報"]));
    assert_eq!(row["platform"], serde_json::json!(["その他"]));
    assert_eq!(row["want"], serde_json::json!(["削除したい"]));
    assert_eq!(row["risk"], serde_json::json!(["性的画像"]));
    assert_eq!(row["response"], serde_json::json!(["助言"]));
}

/// A silent call is no consultation: its case is closed with it and never reaches the
/// shift lead's queue or the count of open cases.
#[test]
fn a_silent_call_closes_its_case_and_stays_off_the_queue() {
    let work = Workdir::new("counselor = \"山田\"\nstation = \"S\"\n");
    let mut soudan = work.start(80, 24);
    soudan.wait_for("待機中");
    soudan.key("n", "通話中");
    soudan.key("x", "すぐに閉じる");
    soudan.key(
        "1",
        "S-00001 を無言として閉じました(案件も終了・相談に至らず)",
    );
    soudan.key("n", "通話中");
    soudan.key("a", "年代 (1つ選択)");
    soudan.key("3", "30代");
    soudan.key(CTRL_S, "記録を閉じる前に対応を選んでください");
    soudan.key("1", "✓ 助言");
    soudan.key(ENTER, "S-00002 の記録を閉じました");
    let queue = soudan.key("o", "表示: すべて — 1件");
    assert!(
        queue.contains("S-00002") && !queue.contains("S-00001"),
        "{queue}"
    );
    assert!(
        queue.contains("山田 1"),
        "the case is the counselor's: {queue}"
    );
    soudan.key(ESC, "待機中");
    soudan.send("q");
    assert!(soudan.wait_exit());

    let (status, json, stderr) = work.run(&["queue", "--format", "json"]);
    assert_eq!(status, 0, "{stderr}");
    assert!(!json.contains("S-00001"), "{json}");
    assert!(json.contains("山田"), "{json}");
}

#[test]
fn a_second_window_on_the_same_database_is_refused_while_the_first_runs() {
    let work = Workdir::new("counselor = \"山田\"\nstation = \"E2E\"\nutc_offset = \"+09:00\"\n");
    let mut first = work.start(80, 24);
    first.wait_for("待機中");
    first.key("n", "通話中");
    first.key("m", "メモ編集中");
    first.key("一つ目の窓のメモ", "一つ目の窓のメモ");

    // The second start says who holds the database and opens nothing.
    let mut second = work.start(80, 24);
    let screen = second.wait_for("から");
    assert!(
        screen.contains("このデータベースは別の soudan が開いています"),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("プロセス {}（", first.pid())),
        "{screen}"
    );
    assert!(!screen.contains("前回の通話を復元しました"), "{screen}");
    assert!(!second.wait_exit(), "a refused start exits non-zero");

    // Commands that read, and those that write through SQLite's locking, keep working.
    let (status, _, stderr) = work.run(&["queue"]);
    assert_eq!(status, 0, "{stderr}");
    let (status, _, stderr) = work.run(&["report", "--fy", "2024"]);
    assert_eq!(status, 0, "{stderr}");
    let log = work.dir.path().join("log.csv");
    std::fs::write(
        &log,
        "case,started_at,channel\nOLD-1,2024-05-01 10:00,電話\n",
    )
    .unwrap();
    let (status, _, stderr) = work.run(&["import", log.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    let (status, csv, stderr) = work.run(&["export"]);
    assert_eq!(status, 0, "{stderr}");
    assert!(csv.contains("OLD-1"), "{csv}");

    // kill -9 leaves no stale lock: the next start gets the database and the call back.
    first.kill_9();
    let third = work.start(80, 24);
    let screen = third.wait_for("前回の通話を復元しました");
    assert!(screen.contains("一つ目の窓のメモ"), "{screen}");
}

#[test]
fn without_a_terminal_soudan_says_so_and_points_to_the_subcommands() {
    let work = Workdir::new("");
    // Workdir::run gives no terminal: stdin is closed, stdout and stderr are pipes.
    let (status, _, stderr) = work.run(&[]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("端末がありません"), "{stderr}");
    assert!(
        stderr.contains("soudan export / import / queue / report"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!work.db().exists(), "nothing created");

    let (status, _, stderr) = work.run(&["--lang", "en"]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("no terminal"), "{stderr}");
}

/// The national centre's way: two URLs on two services are two work items, each with its
/// service and place recognised and its own 相談内容, and the advice for one is a key away.
#[test]
fn a_call_with_two_urls_on_two_services_records_two_tagged_work_items() {
    let work = Workdir::new("counselor = \"山田\"\nstation = \"W\"\nutc_offset = \"+09:00\"\n");
    let mut soudan = work.start(80, 24);
    soudan.wait_for("待機中");
    soudan.key("n", "通話中");
    soudan.key("u", "URL");
    soudan.send("https://x.com/fake_account/status/1");
    soudan.key(ENTER, "作業 1/1: Twitter (X)・SNS");
    soudan.key("t", "作業: 相談内容 (複数選択)");
    soudan.key("8", "✓ なりすまし");
    soudan.key(ENTER, "▶1 Twitter (X)・SNS・なりすまし");
    soudan.key("M", "作業: 対応手段 (複数選択)");
    soudan.key("3", "✓ 証拠保全の案内");
    soudan.key(ENTER, "t 相談内容");
    soudan.key("u", "URL");
    soudan.send("https://egg.5ch.net/test/read.cgi/net/1");
    soudan.key(ENTER, "作業 2/2: 5ちゃんねる・掲示板");
    soudan.key("t", "作業: 相談内容 (複数選択)");
    soudan.key("1", "✓ 名誉毀損・信用毀損");
    let screen = soudan.key(ENTER, "5ちゃんねる・掲示板・名誉毀損");
    assert!(
        screen.contains("1 Twitter (X)・SNS・なりすまし"),
        "{screen}"
    );
    // Back to the first item: its advice names the operator and the disclosure request.
    soudan.key("[", "作業 1/2");
    let sheet = soudan.key("G", "この作業の案内");
    assert!(sheet.contains("まず証拠保全"), "{sheet}");
    assert!(sheet.contains("Twitter (X)への削除依頼"), "{sheet}");
    soudan.key(ESC, "m メモ");
    soudan.key("r", "対応 (複数選択)");
    soudan.key("1", "✓ 助言");
    soudan.key(ESC, "m メモ");
    soudan.key(CTRL_S, "W-00001 の記録を閉じました");
    soudan.send("q");
    assert!(soudan.wait_exit());

    // What was recorded, as the store gives it back.
    let store = soudan::store::Store::open(&work.db()).unwrap();
    let contact = store
        .ops()
        .unwrap()
        .into_iter()
        .find(|op| op.kind == "contact.open")
        .unwrap()
        .entity;
    let items = store.work_items(contact).unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        (items[0].services.as_slice(), items[0].place.as_deref()),
        (&["twitter".to_string()][..], Some("sns"))
    );
    assert_eq!(items[0].contents, ["impersonation"]);
    assert_eq!(items[0].means, ["evidence"]);
    assert_eq!(items[1].services, ["5ch"]);
    assert_eq!(items[1].contents, ["defamation"]);
    drop(store);
    // Exported as the counselor tagged them, one row per item.
    let (status, csv, stderr) = work.run(&["export", "--items"]);
    assert_eq!(status, 0, "{stderr}");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(
        rows[0].contains(",SNS,Twitter (X),なりすまし,証拠保全の案内"),
        "{csv}"
    );
    assert!(
        rows[1].contains(",5ちゃんねる,名誉毀損・信用毀損,"),
        "{csv}"
    );
    // The log says a work item was made, never its address.
    let log = std::fs::read_to_string(work.db().with_file_name("soudan.log")).unwrap();
    assert!(
        !log.contains("fake_account") && !log.contains("5ch.net"),
        "{log}"
    );
}
