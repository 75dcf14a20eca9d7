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
    // A minor (the flags open with f): school or board of education, with when to escalate.
    desk.keys("f m esc");
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
        transfer::Names {
            directory: &desk.session.app.directory,
            national: &desk.session.app.national,
        },
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

/// What the header shows for the guided questions: every key must stand on the same line as
/// its label (a key at the end of one line and its label on the next reads as nothing).
fn assert_keys_beside_labels(screen: &str, pairs: &[(&str, &str)]) {
    for (key, label) in pairs {
        let beside = [format!("{key} {label}"), format!("{key}✓{label}")];
        assert!(
            screen.lines().any(|l| beside.iter().any(|b| l.contains(b))),
            "`{key}` is not beside `{label}`:\n{screen}"
        );
    }
}

#[test]
fn a_caller_who_wants_a_post_deleted_is_first_sent_to_the_sites_administrator() {
    let mut desk = Desk::new();
    desk.keys("n d 1 enter g");
    let screen = desk.screen(120, 40);
    let names = listed(&screen);
    assert_eq!(
        names[0], "サービスの運営者（報告・通報フォーム）",
        "{screen}"
    );
    assert!(screen.contains("削除の前に証拠を保存"), "{screen}");
    // Illegal or harmful content: セーフライン next to the administrator.
    let mut illegal = Desk::new();
    illegal.keys("n i 3 enter d 1 enter g");
    let names = listed(&illegal.screen(120, 40));
    assert_eq!(
        names[..2],
        ["サービスの運営者（報告・通報フォーム）", "セーフライン"]
    );
    let mut images = Desk::new();
    images.keys("n k 4 enter d 1 enter g");
    let names = listed(&images.screen(120, 40));
    assert_eq!(names[1], "セーフライン", "{names:?}");
    // Sexual images of a minor: the police still come first.
    let mut minor = Desk::new();
    minor.keys("n k 3 4 enter d 1 enter g");
    let names = listed(&minor.screen(120, 40));
    assert!(names[0].contains("警察"), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("サービスの運営者")));
}

#[test]
fn the_detail_and_the_practice_rules_scroll_at_80x24() {
    let mut desk = Desk::new();
    // A pupil who wants a post deleted: a long list, three rules, a long detail.
    desk.keys("n W 2 d 1 enter g");
    let minors_rule = "基本は学校・教育委員会と連携する";
    let admin_when = "自殺・自傷をほのめかす投稿。";
    let first = desk.screen(80, 24);
    assert!(!first.contains(minors_rule), "{first}");
    let mut seen = vec![first.clone()];
    for _ in 0..8 {
        seen.push(desk.keys("pagedown").screen(80, 24));
    }
    assert!(
        seen.iter().any(|s| s.contains(minors_rule)),
        "the minors rule never shows: {}",
        seen.last().unwrap()
    );
    assert!(seen.iter().any(|s| s.contains(admin_when)), "{seen:?}");
    // Back to the top with ctrl-u, and down again with ctrl-d, without a PageUp key.
    for _ in 0..8 {
        desk.keys("ctrl-u");
    }
    assert_eq!(desk.screen(80, 24), first);
    for _ in 0..8 {
        desk.keys("ctrl-d");
    }
    assert!(desk.screen(80, 24).contains(minors_rule));
    // One PageUp after scrolling past the end already moves back.
    desk.keys("pageup");
    assert_ne!(desk.screen(80, 24), seen[8]);
    // The keys are in the key list.
    desk.keys("?");
    let help = desk.screen(80, 24);
    assert!(
        help.contains("ctrl-d") && help.contains("pagedown"),
        "{help}"
    );
}

#[test]
fn the_header_never_wraps_a_key_away_from_its_label() {
    let mut desk = Desk::new();
    desk.keys("n g f");
    let screen = desk.screen(80, 24);
    assert_keys_beside_labels(
        &screen,
        &[
            ("1", "聞いてほしい"),
            ("5", "代わりに削除依頼"),
            ("d", "身の危険"),
            ("n", "学校不対応"),
            ("p", "加害者"),
            ("a", "匿名掲示板"),
        ],
    );
    let mut english = Desk::in_english();
    english.keys("n g f");
    let screen = english.screen(80, 24);
    assert_keys_beside_labels(
        &screen,
        &[
            ("4", "don't know/delete"),
            ("n", "school inactive"),
            ("p", "perpetrator"),
            ("a", "anonymous board"),
        ],
    );
}

#[test]
fn letters_typed_after_leaving_the_search_toggle_nothing() {
    let mut desk = Desk::new();
    desk.keys("n g /").paste("さくじょ").keys("esc n u m p");
    let sheet = desk.session.app.referral.as_ref().unwrap();
    assert!(sheet.answers.flags.is_empty(), "{:?}", sheet.answers);
    let screen = desk.screen(80, 24);
    assert!(!screen.contains("✓学校不対応") && !screen.contains("✓加害者"));
    assert!(
        screen.contains("/ で検索"),
        "says what the letters do: {screen}"
    );
}

#[test]
fn flags_are_toggled_in_a_visible_mode_and_can_be_undone() {
    let mut desk = Desk::new();
    desk.keys("n g f");
    let screen = desk.screen(80, 24);
    assert!(screen.contains("状況を切り替え中"), "{screen}");
    desk.keys("m");
    let screen = desk.screen(80, 24);
    assert!(screen.contains("✓未成年"), "{screen}");
    assert!(
        screen.contains("未成年: オン"),
        "the toggle is reported: {screen}"
    );
    // Leaving the mode keeps the answer and shows it; ctrl-z takes it back.
    desk.keys("esc");
    let screen = desk.screen(80, 24);
    assert!(!screen.contains("状況を切り替え中") && screen.contains("✓未成年"));
    desk.keys("ctrl-z");
    let screen = desk.screen(80, 24);
    assert!(!screen.contains("✓未成年"), "{screen}");
    assert!(screen.contains("未成年: オフ"), "{screen}");
    assert!(
        desk.session
            .app
            .referral
            .as_ref()
            .unwrap()
            .answers
            .flags
            .is_empty()
    );
    // Undoing a want works the same way.
    desk.keys("1 ctrl-z");
    assert!(
        desk.session
            .app
            .referral
            .as_ref()
            .unwrap()
            .answers
            .wants
            .is_empty()
    );
}

#[test]
fn the_sheet_opened_without_a_call_does_not_claim_one() {
    let mut desk = Desk::new();
    let ready = desk.screen(80, 24);
    assert!(
        ready.contains("紹介先シート"),
        "g is on the ready screen: {ready}"
    );
    desk.keys("g");
    let screen = desk.screen(80, 24);
    assert!(!screen.contains("通話は続いています"), "{screen}");
    assert!(screen.contains("通話なし"), "{screen}");
    assert!(!screen.contains("この紹介先を記録"), "{screen}");
    desk.keys("enter");
    let screen = desk.screen(80, 24);
    assert!(
        screen.contains("通話中ではないので記録されません"),
        "{screen}"
    );
}

#[test]
fn a_recorded_place_keeps_its_unverified_mark() {
    let mut desk = Desk::new();
    let (directory, problems) = soudan::referral::Directory::builtin().with_overrides(
        "referrals.toml",
        "[[entry]]\nid = \"lawyer\"\nverified = 2022-01-01\n",
        chrono::NaiveDate::from_ymd_opt(2024, 6, 10).unwrap(),
    );
    assert!(problems.is_empty(), "{problems:?}");
    desk.session.app.directory = directory;
    desk.keys("n d 3 enter g");
    assert!(desk.screen(80, 24).contains("! 1 弁護士"));
    desk.keys("enter");
    let screen = desk.screen(80, 24);
    assert!(screen.contains("✓! 1 弁護士"), "{screen}");
}

#[test]
fn the_change_history_names_the_places_referred_to() {
    let mut japanese = Desk::new();
    let mut english = Desk::in_english();
    // Compensation: a lawyer, then Houterasu as well; each line says what was added.
    for (desk, first, both) in [
        (
            &mut japanese,
            "紹介先 ＋弁護士",
            "紹介先 ＋法テラス（日本司法支援センター）",
        ),
        (
            &mut english,
            "Referrals +A lawyer",
            "Referrals +Houterasu (Japan Legal Support Center)",
        ),
    ] {
        desk.keys("n d 3 enter g enter down enter esc ctrl-s o enter");
        let screen = desk.screen(120, 40);
        // The change history, below the contact's own 紹介先 line.
        let history = &screen[screen.rfind("── ").unwrap()..];
        assert!(history.contains(&format!("{first}  ")), "{screen}");
        assert!(history.contains(both), "{screen}");
    }
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
        transfer::Names {
            directory: &desk.session.app.directory,
            national: &desk.session.app.national,
        },
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

#[test]
fn the_sheet_scrolls_and_leaves_the_search_in_the_real_binary() {
    let work = Workdir::new("counselor = \"山田\"\nstation = \"R\"\n");
    let mut soudan = work.start(80, 24);
    soudan.wait_for("待機中");
    soudan.key("n", "通話中");
    soudan.key("W", "中学生");
    soudan.key("2", "中学生");
    soudan.key("g", "紹介先 — 通話は続いています");
    soudan.key("/", "検索");
    // 誹謗中傷ホットライン is not among the pupil's recommendations: the search is on.
    soudan.key("さくじょ", "誹謗中傷ホットライン");
    soudan.key(ESC, "/ で名前・よみ・キーワード検索");
    let screen = soudan.key("num", "/ で検索");
    assert!(!screen.contains("✓学校不対応"), "{screen}");
    // ctrl-d (no PageDown key needed) reads on to the minors rule.
    for _ in 0..8 {
        soudan.send("\x04");
    }
    soudan.wait_for("基本は学校・教育委員会と連携する");
    soudan.key(ESC, "m メモ");
    soudan.send("\x11");
    assert!(soudan.wait_exit());
}

#[test]
fn suggest_for_identifying_the_poster_answers_that_question() {
    let work = Workdir::new("");
    let (status, out, _) = work.run(&["referrals", "suggest", "--want", "identify"]);
    assert_eq!(status, 0);
    let answers = out.lines().next().unwrap();
    assert_eq!(answers, "回答: 発信者を特定したい", "{out}");
    assert!(!out.contains("解決策がわからない"), "{out}");
    assert!(out.contains("弁護士"), "{out}");
    let (_, out, _) = work.run(&["referrals", "suggest", "--want", "delete"]);
    assert!(
        out.contains("1. サービスの運営者（報告・通報フォーム）"),
        "{out}"
    );
}

/// Rows of the sheet (inside its border) that start with what may not start a line.
fn rows_breaking_the_line_rules(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|line| line.split_once('│').map(|(_, inside)| inside))
        .filter(|inside| inside.starts_with(['。', '、', '）', '」', '』', '！', '？', '：']))
        .map(String::from)
        .collect()
}

#[test]
fn the_detail_and_the_practice_rules_wrap_as_japanese_is_typeset() {
    // A pupil who wants a post deleted, then each of the flowchart's answers in turn: every
    // place's detail and every rule, read to the end at both sizes.
    for (width, height) in [(80, 24), (120, 40)] {
        for answer in ["", "2", "3", "5"] {
            let mut desk = Desk::new();
            desk.keys("n W 2 d 1 enter g");
            if !answer.is_empty() {
                desk.keys(answer);
            }
            for _place in 0..12 {
                for _page in 0..4 {
                    let screen = desk.screen(width, height);
                    let bad = rows_breaking_the_line_rules(&screen);
                    assert!(bad.is_empty(), "{bad:?}\n{screen}");
                    desk.keys("pagedown");
                }
                desk.keys("down");
            }
        }
    }
}

/// Japanese characters (kana, kanji, full-width punctuation) in the sheet's rows.
fn japanese_rows(screen: &str) -> Vec<String> {
    let japanese = |c: char| matches!(c, '\u{3000}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ff01}'..='\u{ff60}');
    screen
        .lines()
        .skip(1) // the header: the counselor's name is theirs, in any script
        .filter(|line| line.chars().any(japanese))
        .map(String::from)
        .collect()
}

#[test]
fn the_english_sheet_reads_english_for_every_place() {
    for answer in ["", "1", "2", "3", "4", "5"] {
        let mut desk = Desk::in_english();
        desk.keys("n W 2 d 1 enter g");
        if !answer.is_empty() {
            desk.keys(answer);
        }
        for _place in 0..20 {
            for (width, height) in [(80, 24), (120, 40)] {
                let screen = desk.screen(width, height);
                let bad = japanese_rows(&screen);
                assert!(bad.is_empty(), "{bad:#?}\n{screen}");
            }
            desk.keys("down");
        }
    }
}

#[test]
fn the_numpad_keymap_opens_the_flags_and_undoes_from_the_keypad_and_lists_those_keys() {
    let mut desk = Desk::on_numpad();
    // + starts the call, 0 4 opens the sheet, 3 answers 危険・処罰, 0 takes it back; the
    // sheet names the keypad's keys.
    desk.keys("+ 0 4 3");
    let screen = desk.screen(80, 24);
    assert!(screen.contains("3✓危険・処罰"), "{screen}");
    assert!(screen.contains("（0 で取り消し）"), "{screen}");
    assert!(screen.contains("* 切り替え"), "{screen}");
    desk.keys("0");
    let screen = desk.screen(80, 24);
    assert!(screen.contains("取り消しました"), "{screen}");
    assert!(!screen.contains("3✓危険・処罰"), "{screen}");
    // * opens what is at stake, where letters toggle; 0 undoes there too, * closes it.
    desk.keys("*");
    assert!(desk.screen(80, 24).contains("状況を切り替え中（* で終了）"));
    desk.keys("m");
    assert!(desk.screen(80, 24).contains("未成年: オン"));
    desk.keys("0");
    assert!(
        desk.screen(80, 24)
            .contains("取り消しました — 未成年: オフ")
    );
    desk.keys("?");
    let help = desk.screen(80, 24);
    let row = |help: &str, needle: &str| {
        help.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle}: {help}"))
            .to_string()
    };
    assert!(row(&help, "戻る").contains("* / . /"), "{help}");
    assert!(
        row(&help, "直前の回答の変更を取り消す").contains("0 /"),
        "{help}"
    );
    desk.keys("esc *");
    assert!(!desk.screen(80, 24).contains("状況を切り替え中"));
    desk.keys("?");
    let help = desk.screen(80, 24);
    assert!(
        row(&help, "状況(身の危険・未成年など)を切り替える").contains("* /"),
        "{help}"
    );
    assert!(
        row(&help, "直前の回答の変更を取り消す").contains("0 /"),
        "{help}"
    );
}

#[test]
fn the_english_timeline_lists_the_places_as_english_does() {
    let mut desk = Desk::in_english();
    // Compensation: a lawyer and Houterasu, both recorded.
    desk.keys("n d 3 enter g enter down enter esc ctrl-s o enter");
    let screen = desk.screen(120, 40);
    assert!(
        screen.contains("referred to A lawyer, Houterasu (Japan Legal Support Center)"),
        "{screen}"
    );
}
