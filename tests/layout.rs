//! Every screen draws at any terminal size without a panic: a counselor may shrink the
//! window mid-call, and the call must go on.

mod common;

use common::Desk;

fn every_screen() -> Vec<(&'static str, Desk)> {
    let mut screens = Vec::new();
    screens.push(("ready", Desk::new()));
    let mut call = Desk::new();
    call.keys("n a 2 i 1 3 enter k 1 enter m")
        .paste("長いメモ。".repeat(40).as_str());
    screens.push(("notes", call));
    let mut picker = Desk::new();
    picker.keys("n p");
    screens.push(("picker", picker));
    let mut help = Desk::new();
    help.keys("n ?");
    screens.push(("help", help));
    let mut input = Desk::new();
    input
        .keys("n u")
        .paste("https://example.com/".repeat(10).as_str());
    screens.push(("input", input));
    let mut queue = Desk::new();
    queue.keys("n r 1 enter ctrl-s o");
    screens.push(("queue", queue));
    let mut timeline = Desk::new();
    timeline.keys("n r 1 enter ctrl-s o enter");
    screens.push(("timeline", timeline));
    screens
}

#[test]
fn every_screen_draws_at_tiny_and_huge_sizes() {
    for (name, desk) in every_screen() {
        for (w, h) in [(1, 1), (10, 3), (20, 5), (40, 10), (79, 23), (250, 80)] {
            let screen = desk.screen(w, h);
            assert_eq!(screen.lines().count(), h as usize, "{name} at {w}x{h}");
        }
    }
}
