//! The call screen as a counselor sees it, at 80x24 and 120x40, with a frozen clock and the
//! desks' Japanese labels. Keys go through the same path as a real terminal's.

mod common;

use common::Desk;
use ratatui::style::Color;

/// A first call about defamation on X, tagged and with notes, 3 minutes 25 seconds in.
fn tagged_call() -> Desk {
    let mut desk = Desk::new();
    desk.keys("n")
        .wait(30)
        .keys("a 2 s 1 w 1 W 4")
        .keys("i 1 3 enter p 1 7 enter d 1 2 enter k 1 enter r 1 3 enter")
        .keys("u")
        .paste("https://x.com/example/status/1")
        .keys("enter m")
        .paste("大学のゼミの同級生らしきアカウントにXで実名と学校名を晒され、\n「死ね」と書かれた。削除と投稿者の特定を希望。")
        .keys("esc")
        .wait(175);
    desk
}

#[test]
fn ready_screen_at_80x24() {
    insta::assert_snapshot!(Desk::new().screen(80, 24));
}

#[test]
fn call_screen_at_80x24() {
    insta::assert_snapshot!(tagged_call().screen(80, 24));
}

#[test]
fn call_screen_at_120x40() {
    insta::assert_snapshot!(tagged_call().screen(120, 40));
}

#[test]
fn multi_choice_picker_at_80x24() {
    let mut desk = tagged_call();
    desk.keys("i");
    insta::assert_snapshot!(desk.screen(80, 24));
}

#[test]
fn help_lists_the_call_keys_from_the_keymap_at_80x24() {
    let mut desk = tagged_call();
    desk.keys("?");
    insta::assert_snapshot!(desk.screen(80, 24));
}

#[test]
fn notes_editor_at_80x24() {
    let mut desk = tagged_call();
    desk.keys("m").paste("\n追記: 証拠の保存方法を説明。");
    insta::assert_snapshot!(desk.screen(80, 24));
}

#[test]
fn wrap_up_after_the_call_ends_at_80x24() {
    let mut desk = tagged_call();
    desk.keys("e").wait(95);
    insta::assert_snapshot!(desk.screen(80, 24));
}

#[test]
fn follow_up_call_shows_the_case_and_its_history_at_120x40() {
    let mut desk = tagged_call();
    desk.keys("ctrl-s").wait(3600 * 26).keys("f");
    let picker = desk.screen(120, 40);
    assert!(picker.contains("T-00001"), "{picker}");
    desk.keys("1").wait(65);
    insta::assert_snapshot!(desk.screen(120, 40));
}

#[test]
fn english_call_screen_at_80x24() {
    let mut desk = Desk::in_english();
    desk.keys("n a 3 i 1 enter r 5 enter").wait(42);
    insta::assert_snapshot!(desk.screen(80, 24));
}

/// Finds the background colour of the header's timer.
fn timer_colour(desk: &Desk) -> Color {
    let terminal = desk.draw(80, 24);
    let buffer = terminal.backend().buffer();
    (0..80)
        .map(|x| &buffer[(x, 0)])
        .find(|cell| cell.symbol() == "●")
        .map(|cell| cell.bg)
        .expect("the timer is in the header")
}

#[test]
fn the_timer_runs_from_the_stored_start_and_changes_colour_past_the_thresholds() {
    let mut desk = Desk::new();
    desk.keys("n").wait(19 * 60 + 59);
    assert!(desk.screen(80, 24).contains("通話中 19:59"));
    assert_eq!(timer_colour(&desk), Color::Green);
    desk.wait(1);
    assert_eq!(timer_colour(&desk), Color::Yellow);
    desk.wait(20 * 60);
    assert!(desk.screen(80, 24).contains("通話中 40:00"));
    assert_eq!(timer_colour(&desk), Color::Red);
    desk.wait(20 * 60);
    assert!(desk.screen(80, 24).contains("通話中 1:00:00"));
}

#[test]
fn a_restart_brings_back_a_half_typed_url_with_the_call() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("soudan.db");
    let settings = soudan::config::Settings::for_tests();
    {
        let mut desk = Desk::with(settings.clone(), soudan::store::Store::open(&path).unwrap());
        desk.keys("n a 2 u").paste("https://x.com/exa");
        // The process dies here: nothing was confirmed.
    }
    let mut desk = Desk::with(settings, soudan::store::Store::open(&path).unwrap());
    let screen = desk.screen(80, 24);
    assert!(screen.contains("前回の通話を復元しました"), "{screen}");
    assert!(
        screen.contains("https://x.com/exa"),
        "the URL being typed is back: {screen}"
    );
    assert!(screen.contains("20代"), "{screen}");
    desk.paste("mple/1").keys("enter");
    assert_eq!(
        desk.session.app.call().unwrap().contact.urls,
        ["https://x.com/example/1"]
    );
}

/// Where `needle` starts on `line`, in terminal cells.
fn column_of(line: &str, needle: &str) -> usize {
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {line}"));
    unicode_width::UnicodeWidthStr::width(&line[..at])
}

#[test]
fn recent_cases_line_up_whatever_the_width_of_their_time_and_risk() {
    let mut desk = Desk::new();
    desk.keys("n a 2 k 1 enter r 1 enter ctrl-s").wait(120);
    desk.keys("n a 3 r 1 enter ctrl-s");
    let screen = desk.screen(80, 24);
    let newest = screen.lines().find(|l| l.contains("T-00002")).unwrap();
    let older = screen.lines().find(|l| l.contains("T-00001")).unwrap();
    assert!(
        newest.contains("たった今") && older.contains("2分前"),
        "{screen}"
    );
    assert_eq!(
        column_of(newest, "30代"),
        column_of(older, "20代"),
        "{screen}"
    );
    assert_eq!(column_of(newest, "たった今"), column_of(older, "2分前"));
}

#[test]
fn english_labels_are_whole_and_counts_agree_with_their_number() {
    let mut desk = Desk::in_english();
    desk.keys("n i 1 5 enter r 1 enter");
    let screen = desk.screen(80, 24);
    for label in ["Who is troubled", "Their attribute", "Defamation, Other"] {
        assert!(screen.contains(label), "{label}:\n{screen}");
    }
    assert!(screen.starts_with(" soudan "), "{screen}");
    desk.keys("?");
    assert!(desk.screen(80, 24).contains("Keys — call"));
    desk.keys("esc ctrl-s");
    let ready = desk.screen(80, 24);
    assert!(
        ready.contains("1 contact") && !ready.contains("1 contacts"),
        "{ready}"
    );
}

#[test]
fn the_footer_stops_offering_to_end_a_call_that_has_ended() {
    let mut desk = Desk::new();
    desk.keys("n");
    let footer = |desk: &Desk| desk.screen(80, 24).lines().last().unwrap().to_string();
    assert!(footer(&desk).contains("e 通話終了"), "{}", footer(&desk));
    desk.keys("e");
    assert!(!footer(&desk).contains("通話終了"), "{}", footer(&desk));
    assert!(footer(&desk).contains("ctrl-s 記録を閉じる"));
}

#[test]
fn the_footer_names_both_keys_that_move() {
    let footer = |desk: &Desk, width, height| {
        desk.screen(width, height)
            .lines()
            .last()
            .unwrap()
            .to_string()
    };
    let mut desks = [Desk::on_numpad(), Desk::new()];
    // The sheet, a picker and the key list on each keymap: (keymap, keys, footer shown).
    for (on, keys, shown) in [
        (0, "+ 0 4", " -/+ 移動 "),
        (0, "esc 3", " -/+ 移動 "),
        (0, ". 0 0", " -/+ 移動 "),
        (1, "n g", " up/down 移動 "),
        (1, "esc s", " up/down 移動 "),
        (1, "esc ?", " up/down 移動 "),
    ] {
        let desk = &mut desks[on];
        desk.keys(keys);
        for (width, height) in [(80, 24), (120, 40)] {
            let footer = footer(desk, width, height);
            // Except where naming both would push a hint off the line.
            if (on, keys, width) == (1, "n g", 80) {
                assert!(footer.contains(" up 移動 "), "{footer}");
                assert!(footer.trim_end().ends_with(" pagedown ページ"), "{footer}");
                continue;
            }
            assert!(footer.contains(shown), "{keys}: {footer}");
        }
    }
}

/// The notes column of each screen row, from the editor's border to the next.
fn notes_column(line: &str) -> &str {
    line.rsplit('│').nth(1).unwrap_or_default().trim_start()
}

#[test]
fn notes_never_start_a_line_with_closing_punctuation() {
    let mut desk = Desk::new();
    // At 80x24 the notes panel is 36 cells wide: 18 characters, then the 。 would start
    // the next line.
    desk.keys("n m")
        .paste("大学のゼミの同級生らしき者に晒された。削除を希望。")
        .keys("esc");
    let screen = desk.screen(80, 24);
    for line in screen.lines() {
        assert!(
            !notes_column(line).starts_with(['。', '、', '」', '）']),
            "{line}\n{screen}"
        );
    }
}

#[test]
fn notes_being_typed_wrap_as_japanese_is_typeset_with_the_cursor_after_the_text() {
    let mut desk = Desk::new();
    // 18 characters fill the 36-cell editor at 80x24: the 。 after them would start a line.
    desk.keys("n m")
        .paste("大学のゼミの同級生らしき者に晒された。削除を希望。");
    let screen = desk.screen(80, 24);
    insta::assert_snapshot!(screen);
    for line in screen.lines() {
        assert!(
            !notes_column(line).starts_with(['。', '、', '」', '）']),
            "{line}\n{screen}"
        );
    }
    assert!(screen.contains("た。削除を希望。"), "{screen}");
    // The terminal's cursor (where the IME composes) is just after the last 。.
    let mut terminal = desk.draw(80, 24);
    let cursor = terminal.get_cursor_position().unwrap();
    let buffer = terminal.backend().buffer();
    assert_eq!(buffer[(cursor.x - 2, cursor.y)].symbol(), "。");
    assert_eq!(buffer[(cursor.x - 4, cursor.y)].symbol(), "望");
    // Typing goes on there, and a later 。 takes its character down with it.
    desk.paste("投稿者の特定も希望する");
    desk.paste("。");
    let screen = desk.screen(80, 24);
    for line in screen.lines() {
        assert!(!notes_column(line).starts_with('。'), "{line}\n{screen}");
    }
    assert!(screen.contains("る。"), "{screen}");
}

#[test]
fn up_and_down_in_the_notes_editor_move_by_the_rows_on_screen() {
    let mut desk = Desk::new();
    desk.keys("n m")
        .paste("大学のゼミの同級生らしき者に晒された。削除を希望。");
    desk.draw(80, 24);
    // From the end of the second row (8 characters, 16 cells in) up to the first row at
    // the same cell: after its eighth character.
    desk.keys("up").paste("＊").keys("esc");
    let notes = &desk.session.app.call().unwrap().notes_text();
    assert_eq!(
        notes,
        "大学のゼミの同級＊生らしき者に晒された。削除を希望。"
    );
    desk.keys("m");
    desk.draw(80, 24);
    desk.keys("down").paste("＃");
    let notes = &desk.session.app.call().unwrap().notes_text();
    assert!(notes.ends_with("希望。＃"), "{notes}");
}

#[test]
fn the_numpad_keymap_chooses_the_primary_response_and_lists_its_key() {
    let mut desk = Desk::on_numpad();
    // + starts the call, 5 opens 対応: 他機関紹介 (3) first, then 助言 (1).
    desk.keys("+ 5 3 1");
    desk.keys("?");
    let help = desk.screen(80, 24);
    let primary = help
        .lines()
        .find(|l| l.contains("主な対応にする"))
        .unwrap_or_else(|| panic!("{help}"));
    assert!(primary.contains('*'), "{help}");
    // The highlight is on the first option, 助言: * makes it primary.
    desk.keys("esc * enter");
    let call = desk.session.app.call().unwrap();
    assert_eq!(
        call.contact.tags.get(soudan::domain::Dim::Response),
        ["advice", "referral"]
    );
}

/// The key list's row that describes `what`.
fn help_row<'a>(help: &'a str, what: &str) -> &'a str {
    help.lines()
        .find(|l| l.contains(what))
        .unwrap_or_else(|| panic!("no {what}: {help}"))
}

#[test]
fn the_key_list_shows_every_key_of_an_action_in_full() {
    let mut japanese = Desk::on_numpad();
    let mut settings = soudan::config::Settings::for_tests();
    settings.keymap = "numpad".to_string();
    settings.lang = soudan::domain::Lang::En;
    let mut english = Desk::with(settings, soudan::store::Store::open_in_memory().unwrap());
    for (desk, what) in [
        (&mut japanese, "紹介先シート"),
        (&mut english, "Referral sheet"),
    ] {
        desk.keys("+ 0 0");
        for (width, height) in [(80, 24), (120, 40)] {
            let help = desk.screen(width, height);
            // The widest entry sets the column: the descriptions line up after it.
            assert!(
                help_row(&help, what).contains("│ 0 4 / g / f4 / ctrl-r "),
                "{help}"
            );
            // At 80x24 the numpad's call keys run past the fold before ctrl-s.
            if height == 40 {
                assert!(
                    help_row(&help, "ctrl-s").contains("│ enter / ctrl-s        "),
                    "{help}"
                );
            }
            assert!(!help.contains('…'), "{help}");
        }
    }
}

#[test]
fn keys_too_many_for_the_column_wrap_onto_the_next_row_each_one_whole() {
    let mut desk = Desk::with_keymap(
        "[call]\n\"f5\" = \"referral.open\"\n\"f6\" = \"referral.open\"\n\"f7\" = \"referral.open\"\n\"f8\" = \"referral.open\"\n\"f9\" = \"referral.open\"\n\"f10\" = \"referral.open\"\n\"f11\" = \"referral.open\"\n\"f12\" = \"referral.open\"\n\"alt-r\" = \"referral.open\"\n",
    );
    desk.keys("n ?");
    for (width, height) in [(80, 24), (120, 40)] {
        let help = desk.screen(width, height);
        assert!(!help.contains('…'), "{help}");
        // The description stays beside the first of its keys, the rest follow below it.
        let at = help
            .lines()
            .position(|l| l.contains("紹介先シート"))
            .unwrap_or_else(|| panic!("{help}"));
        let rows: String = help.lines().skip(at).take(2).collect();
        assert!(rows.contains("│ f5 / f6 /"), "{help}");
        for key in ["f12 /", "alt-r /", "g /", "f4 /", "ctrl-r"] {
            assert!(rows.contains(key), "{key}: {help}");
        }
    }
}

#[test]
fn the_header_leaves_out_the_clock_rather_than_letting_the_timer_cover_it() {
    // A follow-up in English at 80 columns: `(#2)`, a longer name and the timer leave no
    // room for the clock.
    let mut settings = soudan::config::Settings::for_tests();
    settings.lang = soudan::domain::Lang::En;
    settings.counselor = "Hanako Yamada".to_string();
    let mut desk = Desk::with(settings, soudan::store::Store::open_in_memory().unwrap());
    desk.keys("n r 1 enter ctrl-s f 1");
    let screen = desk.screen(80, 24);
    let header = screen.lines().next().unwrap();
    assert!(header.contains("(#2) │ Phone"), "{header}");
    assert!(header.trim_end().ends_with("● On call 00:00"), "{header}");
    let before_timer = header.split('●').next().unwrap().trim_end();
    assert!(
        before_timer.ends_with("Phone") || before_timer.ends_with("14:00"),
        "{header}"
    );
    // With room, the clock stays.
    assert!(
        desk.screen(120, 40)
            .lines()
            .next()
            .unwrap()
            .contains("│ 14:00")
    );
    // A name too long even then is shortened, so the case and channel stay readable.
    desk.session.app.settings.counselor = "Hanako Yamada-Suzuki (night shift)".to_string();
    let screen = desk.screen(80, 24);
    let header = screen.lines().next().unwrap();
    assert!(header.contains("…"), "{header}");
    assert!(header.contains("│ Case T-00001 (#2) │ Phone"), "{header}");
    assert!(header.trim_end().ends_with("● On call 00:00"), "{header}");
}

#[test]
fn a_key_list_taller_than_the_screen_says_how_many_rows_follow() {
    let mut desk = Desk::new();
    desk.keys("n ?");
    let short = desk.screen(80, 24);
    assert!(short.contains("▼ 続き 12 行"), "{short}");
    assert!(
        !desk.screen(120, 40).contains("▼"),
        "all of it fits at 120x40"
    );
    desk.keys(&["down"; 12].join(" "));
    let end = desk.screen(80, 24);
    assert!(!end.contains("▼"), "scrolled to the last row: {end}");
}
