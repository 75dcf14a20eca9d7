//! The referral sheet over a running call: opened with one key without stopping the timer,
//! pre-answered from the call's tags, searched in kana and kanji, and the chosen place
//! recorded on the contact (and in the export).

mod common;

use common::Desk;
use common::pty::{ENTER, ESC, Workdir};
use soudan::transfer::{self, Format};

/// The places in the order the sheet lists them, read off the screen.
fn listed(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|line| {
            let inner = line.trim_start_matches('│');
            let mut words = inner.split_whitespace();
            let first = words.next()?;
            let number = first.trim_start_matches(['!', '✓']);
            number.parse::<usize>().ok()?;
            words.next().map(String::from)
        })
        .collect()
}

#[test]
fn the_sheet_opens_over_a_running_call_at_80x24_and_120x40() {
    let mut desk = Desk::new();
    desk.keys("n d 3 enter").wait(95).keys("g");
    let screen = desk.screen(80, 24);
    assert!(
        screen.contains("● 通話中 01:35"),
        "the timer is still on screen: {screen}"
    );
    insta::assert_snapshot!("sheet_80x24", screen);
    insta::assert_snapshot!("sheet_120x40", desk.screen(120, 40));
    // Time passes with the sheet open; closing it returns to the call, still running.
    desk.wait(60).keys("esc");
    let screen = desk.screen(80, 24);
    assert!(
        screen.contains("● 通話中 02:35") && screen.contains("記録 — 開始"),
        "{screen}"
    );
}

#[test]
fn a_caller_wanting_compensation_sees_a_lawyer_and_houterasu_first() {
    let mut desk = Desk::new();
    desk.keys("n d 3 enter g");
    let names = listed(&desk.screen(120, 40));
    assert_eq!(names[0], "弁護士");
    assert!(names[1].starts_with("法テラス"), "{names:?}");
}

#[test]
fn danger_or_a_self_harm_threat_puts_the_police_first() {
    let mut danger = Desk::new();
    danger.keys("n k 2 enter g");
    assert!(
        listed(&danger.screen(120, 40))[0].contains("警察"),
        "{}",
        danger.screen(120, 40)
    );
    let mut self_harm = Desk::new();
    self_harm.keys("n d 5 enter k 1 enter g");
    let screen = self_harm.screen(120, 40);
    assert!(listed(&screen)[0].contains("警察"), "{screen}");
    assert!(
        screen.contains("自殺・自傷のほのめかし"),
        "the rule shows: {screen}"
    );
}

#[test]
fn the_questions_can_be_answered_on_the_sheet() {
    let mut desk = Desk::new();
    desk.keys("n g");
    // Nothing known yet: the "don't know / delete" branch. Then: the caller wants to be heard.
    desk.keys("1");
    let screen = desk.screen(120, 40);
    assert!(screen.contains("✓聞いてほしい"), "{screen}");
    assert!(
        listed(&screen).iter().any(|n| n.contains("まもろうよ")),
        "{screen}"
    );
    // A minor: school or board of education, with when to escalate.
    desk.keys("m");
    let screen = desk.screen(120, 40);
    assert!(
        listed(&screen).iter().any(|n| n.contains("学校")),
        "{screen}"
    );
}

#[test]
fn search_finds_places_in_kana_and_kanji() {
    let mut desk = Desk::new();
    desk.keys("n g /").paste("けいさつ");
    let by_kana = listed(&desk.screen(120, 40));
    assert!(
        by_kana.iter().all(|n| n.contains("警察")) && !by_kana.is_empty(),
        "{by_kana:?}"
    );
    desk.keys("esc /").paste("警察");
    let by_kanji = listed(&desk.screen(120, 40));
    // Kanji also matches places whose description mentions the police; the police come first.
    assert_eq!(by_kanji[..by_kana.len()], by_kana[..]);
    desk.keys("esc /").paste("ほうてらす");
    assert!(listed(&desk.screen(120, 40))[0].starts_with("法テラス"));
}

#[test]
fn choosing_a_place_records_it_with_the_referral_response() {
    let mut desk = Desk::new();
    desk.keys("n d 3 enter g enter");
    let status = desk.screen(80, 24);
    assert!(
        status.contains("紹介先に「弁護士」を記録しました"),
        "{status}"
    );
    // The desk's own lawyer consult counts as 専門家連携, not 他機関紹介.
    desk.keys("down down enter esc");
    let call = desk.session.app.call().unwrap();
    assert_eq!(call.contact.referrals, ["lawyer", "desk_lawyer"]);
    assert_eq!(
        call.contact.tags.get(soudan::domain::Dim::Response),
        ["referral", "expert"]
    );
    desk.keys("ctrl-s");
    let mut out = Vec::new();
    transfer::export(
        &desk.session.store,
        Format::Jsonl,
        desk.session.app.settings.desk_offset,
        &desk.session.app.directory,
        &mut out,
    )
    .unwrap();
    let row: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        row["referrals"],
        serde_json::json!(["lawyer", "desk_lawyer"])
    );
    assert_eq!(
        row["response"],
        serde_json::json!(["他機関紹介", "専門家連携"])
    );
}

#[test]
fn a_perpetrator_is_never_offered_the_desks_lawyer_and_the_sheet_says_why() {
    let mut desk = Desk::new();
    desk.keys("n s 2 d 3 enter g");
    let screen = desk.screen(120, 40);
    assert!(screen.contains("加害者"), "{screen}");
    let names = listed(&screen);
    let position = names
        .iter()
        .position(|n| n.contains("当窓口の弁護士"))
        .expect("shown as withheld");
    assert!(names[..position].iter().all(|n| !n.contains("当窓口")));
    // Choosing it anyway is refused with the reason; nothing is recorded.
    for _ in 0..position {
        desk.keys("down");
    }
    desk.keys("enter");
    let screen = desk.screen(120, 40);
    assert!(
        screen.contains("当窓口の弁護士相談（専門家連携）の対象外"),
        "{screen}"
    );
    assert!(
        desk.session
            .app
            .call()
            .unwrap()
            .contact
            .referrals
            .is_empty()
    );
}

#[test]
fn a_referral_attached_in_the_real_binary_is_in_the_export() {
    let work = Workdir::new("counselor = \"山田\"\nstation = \"R\"\n");
    let mut soudan = work.start(80, 24);
    soudan.wait_for("待機中");
    soudan.key("n", "通話中");
    soudan.key("g", "紹介先 — 通話は続いています");
    soudan.key("/", "検索");
    soudan.key("ほうてらす", "法テラス");
    soudan.key(
        ENTER,
        "紹介先に「法テラス（日本司法支援センター）」を記録しました",
    );
    soudan.key(ESC, "/ で名前・よみ・キーワード検索");
    soudan.key(ESC, "m メモ");
    soudan.key("\x13", "R-00001 の記録を閉じました");
    soudan.send("q");
    assert!(soudan.wait_exit());
    let (_, csv, _) = work.run(&["export"]);
    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.contains(",他機関紹介,") && row.contains(",houterasu,"),
        "{csv}"
    );
    // The ids stay in `referrals`; the names follow in a column of their own at the end,
    // and the file imports back unchanged.
    assert!(row.ends_with(",法テラス（日本司法支援センター）"), "{csv}");
    let file = work.dir.path().join("export.csv");
    std::fs::write(&file, &csv).unwrap();
    let other = Workdir::new("counselor = \"山田\"\nstation = \"S\"\n");
    let (status, _, stderr) = other.run(&["import", file.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    let (_, again, _) = other.run(&["export"]);
    assert_eq!(again, csv);
}

#[test]
fn the_referrals_command_answers_for_another_moment() {
    let work = Workdir::new("");
    let (status, out, _) = work.run(&[
        "referrals",
        "show",
        "net_harmony",
        "--at",
        "2024-06-09T14:00+09:00",
    ]);
    assert_eq!(status, 0);
    assert!(out.contains("受付中"), "2nd Sunday 13:00-18:00: {out}");
    let (_, out, _) = work.run(&[
        "referrals",
        "show",
        "net_harmony",
        "--at",
        "2024-06-16T14:00+09:00",
    ]);
    assert!(out.contains("時間外"), "3rd Sunday: {out}");
    let (status, json, _) = work.run(&[
        "referrals",
        "suggest",
        "--want",
        "compensation",
        "--format",
        "json",
    ]);
    assert_eq!(status, 0);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["recommendations"][0]["id"], "lawyer");
    assert_eq!(value["recommendations"][1]["id"], "houterasu");
}

#[test]
fn a_bad_override_is_reported_with_its_place_and_the_built_in_sheet_still_works() {
    let work = Workdir::new("");
    std::fs::write(
        work.config_dir().join("referrals.toml"),
        "[[entry]]\nid = \"local_police\"\nname = \"県警サイバー\"\nwhen = \"x\"\ndoes = \"x\"\nverified = 2024-13-01\n",
    )
    .unwrap();
    let (status, _, stderr) = work.run(&["referrals", "check"]);
    assert_eq!(status, 2);
    assert!(stderr.contains("referrals.toml:6:"), "{stderr}");
    let (status, out, _) = work.run(&["referrals", "search", "ほうてらす"]);
    assert_eq!(status, 0);
    assert!(out.contains("法テラス"), "{out}");
}

#[test]
fn the_timeline_and_the_export_name_the_place() {
    let mut desk = Desk::new();
    desk.keys("n d 3 enter g enter esc ctrl-s o enter");
    let screen = desk.screen(120, 40);
    assert!(screen.contains("紹介先 弁護士"), "{screen}");
    let mut out = Vec::new();
    transfer::export(
        &desk.session.store,
        Format::Csv,
        desk.session.app.settings.desk_offset,
        &desk.session.app.directory,
        &mut out,
    )
    .unwrap();
    let csv = String::from_utf8(out).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let cell = |name: &str| row[header.iter().position(|h| h.ends_with(name)).unwrap()];
    assert_eq!(cell("referrals"), "lawyer");
    assert_eq!(cell("referral_names"), "弁護士");
}
