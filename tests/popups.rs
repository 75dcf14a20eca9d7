//! Every pop-up at 80x24 over full-width text: a pop-up's left border lands on the right
//! half of a character like 被 or 削 drawn under it. A terminal cannot show half a
//! character, so unless the cut character is cleared the border disappears on that row.

mod common;

use common::Desk;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// A follow-up call on a case tagged 被害者 and 削除したい, with Japanese notes, as the issue
/// found it.
fn follow_up() -> Desk {
    let mut desk = Desk::new();
    desk.keys("n a 2 s 1 w 1 W 4 i 1 enter d 1 2 enter r 1 3 enter m")
        .paste("大学のゼミの同級生らしきアカウントにXで実名と学校名を晒され、「死ね」と書かれた。削除と投稿者の特定を希望。")
        .keys("esc u")
        .paste("https://x.com/example/status/1")
        .keys("enter ctrl-s")
        .wait(3600)
        .keys("f 1");
    desk
}

/// Box-drawing cells a terminal would not show because a full-width character before them
/// covers them (how a terminal and ratatui's diff read a buffer).
fn hidden_borders(buffer: &Buffer) -> Vec<(u16, u16, String)> {
    let area = buffer.area;
    let mut hidden = Vec::new();
    for y in area.top()..area.bottom() {
        for x in area.left() + 1..area.right() {
            let before = buffer[(x - 1, y)].symbol();
            let cell = buffer[(x, y)].symbol();
            let wide = unicode_width::UnicodeWidthStr::width(before) > 1;
            if wide && cell.chars().any(|c| ('\u{2500}'..='\u{257f}').contains(&c)) {
                hidden.push((x, y, format!("{before}{cell}")));
            }
        }
    }
    hidden
}

fn check(desk: &Desk, name: &str) {
    // The frame as drawn, before the diff to the terminal drops what a wide character hides.
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let frame = terminal.draw(|frame| desk.session.draw(frame)).unwrap();
    let hidden = hidden_borders(frame.buffer);
    assert!(
        hidden.is_empty(),
        "{name}: borders hidden by full-width text at {hidden:?}:\n{}",
        desk.screen(80, 24)
    );
    insta::assert_snapshot!(format!("popup_{name}_80x24"), desk.screen(80, 24));
}

#[test]
fn every_pop_up_keeps_its_left_border_over_full_width_text() {
    // (key from the call screen, name)
    for (keys, name) in [
        ("p", "platform_picker"),
        ("s", "role_picker"),
        ("r", "response_picker"),
        ("x", "quick_close"),
        ("u", "url_input"),
        ("P", "caller_input"),
        ("h", "earlier_contacts"),
        ("?", "help"),
        ("tab", "tagging_flow"),
        ("t", "item_content_picker"),
    ] {
        let mut desk = follow_up();
        desk.keys(keys);
        check(&desk, name);
    }
}

/// Enough open cases to fill the queue under its pop-ups with 対応中 and 相談員A.
fn full_queue() -> Desk {
    let mut desk = follow_up();
    desk.keys("ctrl-s 1 enter");
    for _ in 0..9 {
        desk.keys("n a 3 r 1 enter ctrl-s").wait(60);
    }
    desk.keys("o");
    desk
}

#[test]
fn the_queues_pop_ups_keep_their_left_border_too() {
    for (keys, name) in [
        ("a", "assign_picker"),
        ("s", "status_picker"),
        ("x", "close_reason_picker"),
        ("?", "queue_help"),
    ] {
        let mut desk = full_queue();
        desk.keys(keys);
        check(&desk, name);
    }
}
