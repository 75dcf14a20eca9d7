//! The shift lead's queue and a case's timeline, driven through the same keys as the real
//! terminal: ranking, filters, acting on a case in one or two keys, the desk's rule on
//! booking its lawyer, and `soudan queue` in the shell.

mod common;

use common::Desk;
use common::pty::Workdir;

/// Four cases, all taken by 相談員A (a case belongs to whoever took its first call): a risk
/// case, a perpetrator, an ordinary one, and one untouched for three weeks.
fn desk_with_cases() -> Desk {
    let mut desk = Desk::new();
    // T-00001: three weeks ago, nobody since.
    desk.keys("n a 4 i 1 enter r 5 enter ctrl-s")
        .wait(21 * 24 * 3600);
    // T-00002: a minor with a self-harm threat.
    desk.keys("n a 1 k 1 3 enter i 3 enter r 1 enter ctrl-s")
        .wait(600);
    // T-00003: a perpetrator.
    desk.keys("n a 2 s 2 i 1 enter r 1 enter ctrl-s").wait(600);
    // T-00004: an ordinary case.
    desk.keys("n a 3 s 1 r 1 enter ctrl-s").wait(600);
    desk
}

#[test]
fn the_queue_at_80x24_and_120x40() {
    let mut desk = desk_with_cases();
    desk.keys("o");
    insta::assert_snapshot!("queue_80x24", desk.screen(80, 24));
    insta::assert_snapshot!("queue_120x40", desk.screen(120, 40));
}

#[test]
fn risk_first_then_due_then_the_longest_untouched() {
    let mut desk = desk_with_cases();
    // Give T-00004 a follow-up date of today: it climbs above the untouched T-00001.
    desk.keys("o");
    let order = |desk: &Desk| {
        let screen = desk.screen(80, 24);
        screen
            .lines()
            .filter_map(|l| l.split_whitespace().next().filter(|w| w.starts_with("T-")))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(order(&desk), ["T-00002", "T-00001", "T-00003", "T-00004"]);
    // Move to T-00004 and set its follow-up date to today.
    desk.keys("down down down d").paste("今日").keys("enter");
    assert_eq!(order(&desk), ["T-00002", "T-00004", "T-00001", "T-00003"]);
}

#[test]
fn a_higher_priority_ranks_above_the_untouched_but_below_risk() {
    let mut desk = desk_with_cases();
    desk.keys("o");
    // T-00004 is last; make it urgent.
    desk.keys("down down down p 3");
    let screen = desk.screen(80, 24);
    let rows: Vec<&str> = screen
        .lines()
        .filter_map(|l| l.split_whitespace().next().filter(|w| w.starts_with("T-")))
        .collect();
    assert_eq!(rows, ["T-00002", "T-00004", "T-00001", "T-00003"]);
    desk.keys("enter");
    assert!(desk.screen(120, 40).contains("優先度 緊急"));
    assert!(desk.screen(120, 40).contains("優先度 → 緊急"));
}

#[test]
fn filters_narrow_the_queue_and_say_so() {
    let mut desk = desk_with_cases();
    desk.keys("o r");
    let screen = desk.screen(80, 24);
    assert!(screen.contains("表示: リスクあり — 1件"), "{screen}");
    assert!(
        screen.contains("T-00002") && !screen.contains("T-00004"),
        "{screen}"
    );
    desk.keys("r z");
    let screen = desk.screen(80, 24);
    assert!(
        screen.contains("14日以上連絡なし — 1件") && screen.contains("T-00001"),
        "{screen}"
    );
    desk.keys("z m");
    let screen = desk.screen(80, 24);
    assert!(screen.contains("自分の担当 — 4件"), "{screen}");
    desk.keys("m /").paste("違法").keys("enter");
    let screen = desk.screen(80, 24);
    assert!(
        screen.contains("「違法」 — 1件") && screen.contains("T-00002"),
        "{screen}"
    );
}

#[test]
fn assign_due_status_close_and_reopen_from_the_queue() {
    let mut desk = desk_with_cases();
    desk.keys("o");
    // The first row is T-00002, which 相談員A took: hand it to 相談員B, follow up tomorrow.
    desk.keys("a /")
        .paste("相談員B")
        .keys("enter d")
        .paste("明日")
        .keys("enter");
    let wide = desk.screen(120, 40);
    assert!(
        wide.contains("相談員A 3") && wide.contains("相談員B 1"),
        "the summary counts each counselor's cases: {wide}"
    );
    let screen = desk.screen(80, 24);
    // (The desk's clock is at 2024-07-01 after the cases above.)
    assert!(screen.contains("7/2"), "{screen}");
    // Waiting for an expert, then closed with a reason.
    desk.keys("s 1");
    assert!(desk.screen(80, 24).contains("連携待ち 1"));
    desk.keys("x 1");
    let screen = desk.screen(80, 24);
    assert!(
        !screen.contains("T-00002"),
        "a closed case leaves the queue: {screen}"
    );
    // Its timeline still shows it, and it can be reopened from there.
    let ops = desk.session.store.ops().unwrap();
    let closed = ops
        .iter()
        .find(|o| o.kind == "case.close")
        .expect("close op");
    assert_eq!(closed.actor, "相談員A");
    desk.keys("esc f /").paste("2").keys("enter");
    assert!(desk.screen(80, 24).contains("T-00002"));
}

#[test]
fn the_timeline_shows_contacts_consults_and_who_changed_what() {
    let mut desk = desk_with_cases();
    desk.keys("o enter");
    // Book a psychologist, then record the result.
    desk.keys("b 2").paste("+10d").keys("enter");
    desk.keys("R")
        .paste("学校と連携するよう助言")
        .keys("enter 1");
    insta::assert_snapshot!("timeline_80x24", desk.screen(80, 24));
    insta::assert_snapshot!("timeline_120x40", desk.screen(120, 40));
    let screen = desk.screen(120, 40);
    assert!(
        screen.contains("臨床心理士 2024-07-11  指導のみ  「学校と連携するよう助言」"),
        "{screen}"
    );
    assert!(
        screen.contains("専門家相談を予約: 臨床心理士 2024-07-11"),
        "{screen}"
    );
    assert!(screen.contains("状態 → 専門家連携待ち"), "{screen}");
    assert!(
        screen.contains("状態 → 対応中"),
        "back to open once the result is in: {screen}"
    );
}

#[test]
fn the_desks_lawyer_consult_is_refused_for_a_perpetrator_and_the_screen_says_why() {
    let mut desk = desk_with_cases();
    desk.keys("o /").paste("T-00003").keys("enter b");
    let picker = desk.screen(80, 24);
    assert!(picker.contains("加害者の立場のため不可"), "{picker}");
    desk.keys("1");
    let screen = desk.screen(120, 40);
    assert!(
        screen.contains("加害者の立場の相談者は当窓口の弁護士相談につなぎません"),
        "{screen}"
    );
    assert!(
        !desk
            .session
            .store
            .ops()
            .unwrap()
            .iter()
            .any(|o| o.kind == "consult.book"),
        "nothing booked"
    );
    // A psychologist is allowed.
    desk.keys("b 2").paste("明日").keys("enter");
    assert!(
        desk.session
            .store
            .ops()
            .unwrap()
            .iter()
            .any(|o| o.kind == "consult.book")
    );
}

#[test]
fn a_follow_up_call_from_the_queue_opens_the_call_screen_on_that_case() {
    let mut desk = desk_with_cases();
    desk.keys("o c");
    let screen = desk.screen(120, 40);
    assert!(screen.contains("案件 T-00002 (2回目)"), "{screen}");
    assert!(screen.contains("● 通話中 00:00"), "{screen}");
    assert!(
        screen.contains("⚠自殺・自傷の恐れ、未成年"),
        "the case's tags come along: {screen}"
    );
}

#[test]
fn the_queue_command_prints_the_same_queue_as_a_table_or_json() {
    let work = Workdir::new("counselor = \"山田\"\nutc_offset = \"+09:00\"\n");
    let log = work.dir.path().join("log.csv");
    std::fs::write(
        &log,
        "case,started_at,age,risk,infringement,response\n\
         Q-1,2024-05-01 10:00,20代,,誹謗・中傷,助言\n\
         Q-2,2024-05-02 10:00,10代,未成年|性的画像,違法情報,他機関紹介\n",
    )
    .unwrap();
    let (status, _, stderr) = work.run(&["import", log.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");

    let (status, table, _) = work.run(&["queue"]);
    assert_eq!(status, 0);
    let q1 = table.find("Q-1").unwrap();
    let q2 = table.find("Q-2").unwrap();
    assert!(q2 < q1, "risk first:\n{table}");
    assert!(table.contains("未性"), "{table}");

    let (status, json, _) = work.run(&["queue", "--format", "json", "--risk"]);
    assert_eq!(status, 0);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["summary"]["open"], 2);
    assert_eq!(value["summary"]["risk"], 1);
    let cases = value["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0]["case"], "Q-2");
    assert_eq!(cases[0]["risk"], serde_json::json!(["未成年", "性的画像"]));

    let (_, json, _) = work.run(&["queue", "--format", "json", "--text", "誹謗"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["cases"][0]["case"], "Q-1");
}

#[test]
fn erasing_from_the_timeline_names_the_case_needs_a_reason_and_blanks_the_notes() {
    let mut desk = Desk::new();
    desk.keys("n a 4 m")
        .paste("山田さん 090-1111-2222 に折り返し")
        .keys("esc r 1 enter ctrl-s");
    desk.keys("o enter");
    assert!(desk.screen(120, 40).contains("090-1111-2222"));
    desk.keys("E");
    let screen = desk.screen(80, 24);
    assert!(
        screen.contains("T-00001") && screen.contains("消去"),
        "{screen}"
    );
    // No reason, no erasure.
    desk.keys("enter");
    assert!(desk.screen(120, 40).contains("090-1111-2222"));
    desk.keys("E").paste("本人の求め").keys("enter");
    let screen = desk.screen(120, 40);
    assert!(!screen.contains("090-1111-2222"), "{screen}");
    assert!(screen.contains("個人情報を消去: 本人の求め"), "{screen}");
    assert!(
        screen.contains("T-00001 の個人情報を消去しました"),
        "{screen}"
    );
}

/// A case whose history has lines wider than the screen: nine places, six kinds of harm,
/// each choice one line listing all chosen so far.
fn long_history() -> Desk {
    let mut desk = Desk::new();
    desk.keys("n p 1 2 3 4 5 6 7 8 9 enter i 1 2 3 4 5 6 enter r 1 enter ctrl-s o enter");
    desk
}

#[test]
fn the_timeline_wraps_every_line_as_japanese_is_typeset() {
    let desk = long_history();
    for width in 60..=120 {
        let screen = desk.screen(width, 50);
        for line in screen.lines().skip(2) {
            let row = line.strip_prefix('│').unwrap_or(line).trim_start();
            let first = row.chars().next().unwrap_or(' ');
            assert!(!"、。）」・".contains(first), "{width}: {line}\n{screen}");
        }
    }
}

#[test]
fn the_timeline_scrolls_to_its_last_wrapped_row_and_straight_back() {
    let mut desk = long_history();
    let last_row = |desk: &Desk| desk.screen(80, 24).lines().nth(20).unwrap().to_string();
    for _ in 0..20 {
        desk.keys("pagedown");
    }
    assert!(
        last_row(&desk).contains("記録を閉じる"),
        "{}",
        desk.screen(80, 24)
    );
    // Past the end a page up moves at once: the scroll stopped at the last row.
    let bottom = desk.screen(80, 24);
    desk.keys("pageup");
    assert_ne!(desk.screen(80, 24), bottom);
}

/// Demo data with follow-up dates before, on and after `today`, priorities, risk flags, and
/// cases that tie on everything but their number (or not even that), so that every key of
/// the ranking decides somewhere.
fn varied_queue(today: chrono::NaiveDate) -> soudan::store::Store {
    use chrono::{Duration, TimeZone, Utc};
    use soudan::domain::{Change, Dim};
    use uuid::Uuid;

    let mut store = soudan::store::Store::open_in_memory().unwrap();
    let spec = soudan::demo::DemoSpec {
        contacts: 400,
        seed: 5,
        until: today,
        open_share: 0.0,
    };
    let settings = soudan::config::Settings::for_tests();
    soudan::demo::generate(&mut store, &spec, &settings).unwrap();
    let at = Utc::now();
    for (i, item) in store.open_cases().unwrap().iter().enumerate() {
        let id = item.case.id;
        let mut changes = Vec::new();
        match i % 5 {
            0 => changes.push(Change::set_due(id, Some(today - Duration::days(3)))),
            1 => changes.push(Change::set_due(id, Some(today))),
            2 => changes.push(Change::set_due(id, Some(today + Duration::days(2)))),
            _ => {}
        }
        if i % 4 == 0 {
            changes.push(Change::set_priority(id, (i % 3) as i64));
        }
        if i % 7 == 0 {
            changes.push(Change::set_tag(id, Dim::Risk, &["minor".to_string()]));
        }
        store.commit("相談員A", at, &changes).unwrap();
    }
    let opened = Utc.with_ymd_and_hms(2025, 1, 6, 1, 0, 0).unwrap();
    for (n, number) in [(1, "Z-3"), (3, "Z-1"), (2, "Z-1")] {
        let change = Change::open_case(Uuid::from_u128(n), number, opened);
        store.commit("相談員A", at, &[change]).unwrap();
    }
    store
}

#[test]
fn soudan_queue_ranks_the_open_cases_exactly_as_the_screen_does() {
    use soudan::queue::{Filter, Moment};

    let today = chrono::NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    let store = varied_queue(today);
    let at = Moment {
        now: today.and_hms_opt(3, 0, 0).unwrap().and_utc(),
        offset: chrono::FixedOffset::east_opt(9 * 3600).unwrap(),
    };
    let items = store.open_cases().unwrap();
    let screen: Vec<_> = Filter::default()
        .apply(&items, at)
        .iter()
        .map(|item| item.case.id)
        .collect();
    let mut command = Vec::new();
    store
        .for_each_open_case_ranked(at.today(), |item| {
            command.push(item.case.id);
            Ok(())
        })
        .unwrap();
    assert!(screen.len() > 50, "{}", screen.len());
    assert_eq!(command, screen);
}
