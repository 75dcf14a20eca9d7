//! The real terminal: raw mode, the alternate screen, bracketed paste, and the event loop.
//! The terminal is restored on every way out: normal exit, an early error return, a panic.

use std::io::stdout;
use std::time::Duration;

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;

use crate::session::Session;

/// Restores the terminal when dropped, so an early `?` return cannot leave it raw.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(stdout(), DisableBracketedPaste);
        ratatui::restore();
    }
}

/// How often the screen is redrawn while no key comes: the timer shows seconds.
const TICK: Duration = Duration::from_millis(250);

pub fn run(session: &mut Session) -> anyhow::Result<()> {
    // ratatui::init installs a panic hook that restores the terminal before the panic is
    // printed; ours wraps it to also turn bracketed paste off.
    // try_init, not init: a terminal that cannot be set up is an error to report, not a
    // panic with a backtrace.
    let mut terminal = ratatui::try_init()?;
    let _guard = TerminalGuard;
    let restore_then_report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableBracketedPaste);
        restore_then_report(info);
    }));
    execute!(stdout(), EnableBracketedPaste)?;
    loop {
        session.tick();
        terminal.draw(|frame| session.draw(frame))?;
        if session.app.quit {
            return Ok(());
        }
        if event::poll(TICK)? {
            session.handle_event(&event::read()?);
            // Take everything already typed (a paste, a fast typist) before drawing again.
            while !session.app.quit && event::poll(Duration::ZERO)? {
                session.handle_event(&event::read()?);
            }
        }
    }
}
