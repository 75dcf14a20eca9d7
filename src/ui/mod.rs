//! Drawing. One function per screen or widget, each reading `&App`; nothing here changes
//! state. Layouts are checked at 80x24 and 120x40 with full-width text.

mod call;
mod contact;
mod footer;
mod header;
mod overlay;
mod queue;
mod ready;
mod referral;
mod stats;
mod timeline;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

use crate::app::{App, Screen};

/// Draws the whole screen for the instant `now` (the timer is `now - started_at`).
pub fn render(frame: &mut Frame, app: &App, now: DateTime<Utc>) {
    let [header_area, body, status_area, hints_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    header::render(frame, header_area, app, now);
    match &app.screen {
        Screen::Ready => ready::render(frame, body, app, now),
        Screen::Call(call) => call::render(frame, body, app, call),
        Screen::Queue(queue) => queue::render(frame, body, app, queue, now),
        Screen::Timeline(timeline) => timeline::render(frame, body, app, timeline),
        Screen::Stats(stats) => stats::render(frame, body, app, stats),
    }
    footer::render_status(frame, status_area, app);
    footer::render_hints(frame, hints_area, app);
    overlay::render(frame, body, app, now);
}
