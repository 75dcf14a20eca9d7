//! The call screen: the tags (each with the key that opens its picker), the URLs, earlier
//! contacts of the case, and the notes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::text::{fit, pad, width, wrap};
use crate::app::{App, CallState};
use crate::domain::{Dim, Lang, format_duration};
use crate::keymap::{Action, Mode};

const UNSET: Style = Style::new().fg(Color::DarkGray);
const KEY: Style = Style::new().fg(Color::Cyan);
const RISK: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);

pub fn render(frame: &mut Frame, area: Rect, app: &App, call: &CallState) {
    let left_width = (area.width * 45 / 100).clamp(40.min(area.width), 60);
    let [left, notes_area] =
        Layout::horizontal([Constraint::Length(left_width), Constraint::Min(0)]).areas(area);
    let [tags_area, rest] = Layout::vertical([
        Constraint::Length(Dim::ALL.len() as u16 + 2),
        Constraint::Min(0),
    ])
    .areas(left);
    render_tags(frame, tags_area, app, call);
    render_urls_and_history(frame, rest, app, call);
    render_notes(frame, notes_area, app, call);
}

fn key_of(app: &App, action: Action) -> String {
    app.keymap
        .keys_for(Mode::Call, action)
        .into_iter()
        .next()
        .unwrap_or_default()
}

fn render_tags(frame: &mut Frame, area: Rect, app: &App, call: &CallState) {
    let lang = app.lang();
    let inner = area.width.saturating_sub(2) as usize;
    let key_cells = Dim::ALL
        .iter()
        .map(|d| width(&key_of(app, Action::Tag(*d))))
        .max()
        .unwrap_or(1)
        .min(6);
    let label_cells = 14;
    let value_cells = inner.saturating_sub(key_cells + label_cells + 3);
    let lines: Vec<Line> = Dim::ALL
        .iter()
        .map(|&dim| {
            let mut spans = vec![
                Span::styled(
                    format!(" {}", pad(&key_of(app, Action::Tag(dim)), key_cells)),
                    KEY,
                ),
                Span::raw(format!(
                    " {} ",
                    pad(app.taxonomy.spec(dim).label(lang), label_cells)
                )),
            ];
            spans.extend(value_spans(app, dim, call.tags(dim), value_cells));
            Line::from(spans)
        })
        .collect();
    let title = match call.contact.ended_at {
        Some(ended) => format!(
            " {} — {} {} ",
            lang.pick("記録", "Record"),
            lang.pick("通話", "talk"),
            format_duration(ended - call.contact.started_at)
        ),
        None => format!(
            " {} — {} {} ",
            lang.pick("記録", "Record"),
            lang.pick("開始", "started"),
            call.contact
                .started_at
                .with_timezone(&app.settings.desk_offset)
                .format("%H:%M")
        ),
    };
    let mut block = Block::bordered().title(title);
    let untagged = app
        .settings
        .tag_order
        .iter()
        .any(|&dim| call.tags(dim).is_empty());
    let flow_key = key_of(app, Action::TagFlow);
    if untagged && !flow_key.is_empty() {
        block = block.title_top(
            Line::from(format!(" {flow_key} {} ", lang.pick("順に入力", "in turn")))
                .right_aligned(),
        );
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The chosen labels, cut to fit; unset shows a dash, risks stand out, the primary 対応 is
/// bold and, among several, marked 主.
fn value_spans(app: &App, dim: Dim, codes: &[String], cells: usize) -> Vec<Span<'static>> {
    let lang = app.lang();
    if codes.is_empty() {
        return vec![Span::styled("—", UNSET)];
    }
    let labels: Vec<&str> = codes
        .iter()
        .map(|c| app.taxonomy.label(dim, c, lang))
        .collect();
    let joined = fit(&labels.join("、"), cells);
    match dim {
        Dim::Risk => vec![Span::styled(
            format!("⚠{}", fit(&joined, cells.saturating_sub(1))),
            RISK,
        )],
        // With several, the one reports count is marked: the counselor chooses it (*).
        Dim::Response if labels.len() > 1 => {
            let primary = format!("{}{}", labels[0], lang.pick("(主)", "(primary)"));
            let rest = fit(
                &format!("、{}", labels[1..].join("、")),
                cells.saturating_sub(width(&primary)),
            );
            vec![
                Span::styled(
                    fit(&primary, cells),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(rest),
            ]
        }
        Dim::Response => vec![Span::styled(
            joined,
            Style::new().add_modifier(Modifier::BOLD),
        )],
        _ => vec![Span::raw(joined)],
    }
}

fn render_urls_and_history(frame: &mut Frame, area: Rect, app: &App, call: &CallState) {
    if area.height < 3 {
        return;
    }
    let lang = app.lang();
    let inner = area.width.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    let url_key = key_of(app, Action::UrlAdd);
    if call.contact.urls.is_empty() {
        lines.push(Line::from(vec![
            Span::styled(format!(" {url_key} "), KEY),
            Span::styled(lang.pick("URL なし", "no URL"), UNSET),
        ]));
    }
    for url in &call.contact.urls {
        lines.push(Line::raw(format!(" {}", fit(url, inner.saturating_sub(1)))));
    }
    if !call.history.is_empty() {
        let key = key_of(app, Action::CallHistory);
        lines.push(Line::styled(
            match lang {
                Lang::Ja => format!(" これまでの連絡 ({key} で詳しく)"),
                Lang::En => format!(" Earlier contacts ({key}: in full)"),
            },
            Style::new().add_modifier(Modifier::UNDERLINED),
        ));
        for contact in call.history.iter().rev() {
            lines.push(Line::raw(fit(&history_line(app, contact, lang), inner)));
        }
    }
    let title = format!(" URL ({url_key}) ");
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        area,
    );
}

fn history_line(app: &App, contact: &crate::domain::ContactRecord, lang: Lang) -> String {
    let when = contact
        .started_at
        .with_timezone(&app.settings.desk_offset)
        .format("%m/%d %H:%M");
    let channel = contact
        .tags
        .first(Dim::Channel)
        .map_or("—", |c| app.taxonomy.label(Dim::Channel, c, lang));
    let talk = contact.talk_time().map(format_duration).unwrap_or_default();
    let responses: Vec<_> = contact
        .tags
        .get(Dim::Response)
        .iter()
        .map(|c| app.taxonomy.label(Dim::Response, c, lang))
        .collect();
    format!(" {when} {channel} {talk} {}", responses.join("、"))
}

fn render_notes(frame: &mut Frame, area: Rect, app: &App, call: &CallState) {
    let lang = app.lang();
    let focused = app.notes_focus && app.help.is_none();
    let (title, border) = if focused {
        (
            lang.pick(
                " メモ編集中 — Esc で保存して戻る ",
                " Editing notes — Esc saves ",
            ),
            Style::new().fg(Color::Yellow),
        )
    } else {
        (lang.pick(" メモ ", " Notes "), Style::new())
    };
    let title = if focused {
        title.to_string()
    } else {
        format!("{title}({}) ", key_of(app, Action::NotesEdit))
    };
    let block = Block::bordered()
        .title(title)
        .border_style(border)
        .padding(ratatui::widgets::Padding::horizontal(1));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if focused {
        frame.render_widget(&call.notes, inner);
        // Put the terminal's own cursor where typing goes, so an IME composes in place.
        let cursor = call.notes.screen_cursor();
        let (top, left) = call.notes.scroll_offset();
        let x = inner.x + (cursor.col as u16).saturating_sub(left);
        let y = inner.y + (cursor.row as u16).saturating_sub(top);
        if x < inner.right() && y < inner.bottom() {
            frame.set_cursor_position(Position::new(x, y));
        }
    } else {
        let text = call.notes_text();
        if text.is_empty() {
            let empty = Line::styled(lang.pick("メモはまだありません", "No notes yet"), UNSET);
            frame.render_widget(Paragraph::new(empty), inner);
            return;
        }
        // Wrapped as Japanese is typeset; the end shows when the notes outgrow the panel,
        // as it does while typing.
        let lines = wrap(&text, inner.width as usize);
        let hidden = lines.len().saturating_sub(inner.height as usize);
        let lines: Vec<Line> = lines.into_iter().skip(hidden).map(Line::raw).collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
