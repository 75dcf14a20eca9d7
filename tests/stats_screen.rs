//! The statistics screen for shift leads: today, this week and this fiscal half, counted by
//! the report's own code, with bar charts by channel, kind of harm and response.

mod common;

use common::Desk;

/// Three calls today and one last week.
fn desk_with_calls() -> Desk {
    let mut desk = Desk::new();
    desk.wait(-7 * 24 * 3600)
        .keys("n i 1 enter r 1 enter ctrl-s")
        .wait(7 * 24 * 3600);
    desk.keys("n i 1 2 enter r 5 enter")
        .wait(600)
        .keys("e")
        .wait(120)
        .keys("ctrl-s");
    desk.keys("n c 2 i 1 enter r 3 1 enter")
        .wait(300)
        .keys("ctrl-s");
    desk.keys("n x 1");
    desk
}

#[test]
fn the_stats_screen_at_80x24_and_120x40() {
    let mut desk = desk_with_calls();
    desk.keys("s");
    insta::assert_snapshot!("stats_today_80x24", desk.screen(80, 24));
    insta::assert_snapshot!("stats_today_120x40", desk.screen(120, 40));
}

#[test]
fn the_periods_count_what_falls_in_them() {
    let mut desk = desk_with_calls();
    desk.keys("s");
    let today = desk.screen(120, 40);
    assert!(
        today.contains("新規受付 3件  延べ受付 3件  延べ対応 4件"),
        "{today}"
    );
    // The silent call's case closed with it: three open cases, not four.
    assert!(today.contains("対応中の案件 3件"), "{today}");
    // Talk times 10:00, 05:00 and the silent call's 00:00.
    assert!(
        today.contains("通話時間 平均 05:00  中央値 05:00  最長 10:00"),
        "{today}"
    );
    assert!(today.contains("他機関紹介 1"), "{today}");
    desk.keys("3");
    let half = desk.screen(120, 40);
    assert!(half.contains("令和6年度上半期"), "{half}");
    assert!(
        half.contains("新規受付 4件  延べ受付 4件  延べ対応 5件"),
        "{half}"
    );
    desk.keys("esc");
    assert!(desk.screen(80, 24).contains("待機中"));
}
