//! Every screen draws at any terminal size without a panic: a counselor may shrink the
//! window mid-call, and the call must go on.

mod common;

use common::Desk;

fn every_screen(desk: fn() -> Desk) -> Vec<(&'static str, Desk)> {
    let mut screens = Vec::new();
    screens.push(("ready", desk()));
    let mut call = desk();
    call.keys("n a 2 i 1 3 enter k 1 enter m")
        .paste("長いメモ。".repeat(40).as_str());
    screens.push(("notes", call));
    let mut picker = desk();
    picker.keys("n p");
    screens.push(("picker", picker));
    let mut help = desk();
    help.keys("n ?");
    screens.push(("help", help));
    let mut input = desk();
    input
        .keys("n u")
        .paste("https://example.com/".repeat(10).as_str());
    screens.push(("input", input));
    let mut queue = desk();
    queue.keys("n r 1 enter ctrl-s o");
    screens.push(("queue", queue));
    let mut timeline = desk();
    timeline.keys("n r 1 enter ctrl-s o enter");
    screens.push(("timeline", timeline));
    let mut referral = desk();
    referral.keys("n d 3 enter g");
    screens.push(("referral", referral));
    let mut stats = desk();
    stats.keys("n r 1 enter ctrl-s s");
    screens.push(("stats", stats));
    screens
}

#[test]
fn every_screen_draws_at_tiny_and_huge_sizes_in_both_languages() {
    for (name, desk) in every_screen(Desk::new)
        .into_iter()
        .chain(every_screen(Desk::in_english))
    {
        for (w, h) in [(1, 1), (10, 3), (20, 5), (40, 10), (79, 23), (250, 80)] {
            let screen = desk.screen(w, h);
            assert_eq!(screen.lines().count(), h as usize, "{name} at {w}x{h}");
        }
    }
}

#[test]
fn the_english_interface_speaks_english_on_every_screen() {
    for (name, desk) in every_screen(Desk::in_english) {
        let screen = desk.screen(120, 40);
        for japanese in [
            "案件一覧",
            "紹介先",
            "統計",
            "待機中",
            "通話中",
            "記録を閉じる",
            " 相談 ",
            "キー一覧",
            "件",
        ] {
            assert!(
                !screen.contains(japanese),
                "{name} shows {japanese}:\n{screen}"
            );
        }
    }
}
