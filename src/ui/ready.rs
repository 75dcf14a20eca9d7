//! Between calls: how to start one, and the cases most recently in touch.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::App;
use crate::keymap::{Action, Mode};
use crate::text::{fit, pad};

pub fn render(frame: &mut Frame, area: Rect, app: &App, now: DateTime<Utc>) {
    let lang = app.lang();
    let key_line = |action: Action| {
        // Two keys at most fit the column; the key list has them all.
        let keys: Vec<String> = app.keymap.keys_for(Mode::Ready, action);
        let keys = keys[..keys.len().min(2)].join(" / ");
        Line::from(vec![
            Span::styled(
                format!("  {} ", pad(&keys, 8)),
                Style::new().fg(Color::Cyan),
            ),
            Span::raw(action.describe(lang, app.taxonomy)),
        ])
    };
    let mut lines = vec![
        key_line(Action::CallNew),
        key_line(Action::CallFollowUp),
        key_line(Action::QueueOpen),
        key_line(Action::StatsOpen),
        key_line(Action::ReferralOpen),
    ];
    // Only where a server is configured: elsewhere the key has nothing to do.
    if app.sync.is_some() {
        lines.push(key_line(Action::SyncNow));
    }
    lines.extend([key_line(Action::Help), key_line(Action::Quit)]);
    // As tall as its keys and the border: the sync key adds a row.
    let [start_area, recent_area] = Layout::vertical([
        Constraint::Length(lines.len() as u16 + 2),
        Constraint::Min(0),
    ])
    .areas(area);
    let start = Paragraph::new(lines)
        .block(Block::bordered().title(lang.pick(" 次の相談 ", " Next call ")));
    frame.render_widget(start, start_area);

    let inner_width = recent_area.width.saturating_sub(2) as usize;
    let lines: Vec<Line> = if app.recent.is_empty() {
        vec![Line::styled(
            lang.pick("  まだ案件はありません", "  No cases yet"),
            Style::new().fg(Color::DarkGray),
        )]
    } else {
        app.recent
            .iter()
            .map(|summary| {
                let risk = !summary.case.tags.get(crate::domain::Dim::Risk).is_empty();
                // The risk mark has its own column, so rows with and without it line up.
                let spans = vec![
                    Span::styled(
                        format!(" {} ", pad(&summary.case.number, 12)),
                        Style::new().add_modifier(Modifier::BOLD),
                    ),
                    Span::styled(if risk { "⚠ " } else { "  " }, Style::new().fg(Color::Red)),
                    Span::raw(fit(
                        &app.case_detail(summary, now),
                        inner_width.saturating_sub(16),
                    )),
                ];
                Line::from(spans)
            })
            .collect()
    };
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(lang.pick(" 最近の案件 ", " Recent cases "))),
        recent_area,
    );
}
