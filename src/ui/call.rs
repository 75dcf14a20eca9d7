//! The call screen: the tags (each with the key that opens its picker), the URLs, earlier
//! contacts of the case, and the notes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::{App, CallState, NotesView};
use crate::app::{item_details, service_names};
use crate::domain::{Dim, ItemField, Lang, format_duration};
use crate::keymap::{Action, Mode};
use crate::text::{cursor_cell, fit, pad, rows, width, wrap};

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
    // As wide as the longest label (場所・サービス, Who is troubled), so none is cut.
    let label_cells = Dim::ALL
        .iter()
        .map(|d| width(app.taxonomy.spec(*d).label(lang)))
        .max()
        .unwrap_or(0)
        .min(16);
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
    let joined = fit(&labels.join(lang.list_separator()), cells);
    match dim {
        Dim::Risk => vec![Span::styled(
            format!("⚠{}", fit(&joined, cells.saturating_sub(1))),
            RISK,
        )],
        // With several, the one reports count is marked: the counselor chooses it (*).
        Dim::Response if labels.len() > 1 => {
            let primary = format!("{}{}", labels[0], lang.pick("(主)", "(primary)"));
            let rest = fit(
                &format!(
                    "{}{}",
                    lang.list_separator(),
                    labels[1..].join(lang.list_separator())
                ),
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
    let mut lines = caller_lines(app, call, inner);
    let url_key = key_of(app, Action::UrlAdd);
    if call.contact.urls.is_empty() && call.items.is_empty() {
        lines.push(Line::from(vec![
            Span::styled(format!(" {url_key} "), KEY),
            Span::styled(lang.pick("URL なし", "no URL"), UNSET),
        ]));
    }
    lines.extend(item_lines(app, call, inner));
    // URLs recorded before work items existed (or imported without them) are still shown.
    for url in &call.contact.urls {
        if !call.items.iter().any(|item| item.urls.contains(url)) {
            lines.push(Line::raw(format!(" {}", fit(url, inner.saturating_sub(1)))));
        }
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
    let title = match lang {
        Lang::Ja => format!(" URL・作業 ({url_key}) "),
        Lang::En => format!(" URLs, work items ({url_key}) "),
    };
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        area,
    );
}

/// The work items, one line each: the current one marked, then its host, its service (or
/// what stands for none) and its contents; under them the keys that tag the current one.
fn item_lines(app: &App, call: &CallState, cells: usize) -> Vec<Line<'static>> {
    if call.items.is_empty() {
        return Vec::new();
    }
    let lang = app.lang();
    let mut lines: Vec<Line> = Vec::new();
    for (i, item) in call.items.iter().enumerate() {
        lines.push({
            let current = i == call.item_cursor;
            // A recognised service by its name; an unknown or own domain by its host,
            // which says more than 上記以外の事業者/サービス等 (the status line says that).
            let host = item
                .urls
                .first()
                .and_then(|url| crate::national::Address::parse(url))
                .map(|a| a.host)
                .filter(|_| item.services.is_empty());
            let mut parts = vec![host.unwrap_or_else(|| service_names(item, &app.national, lang))];
            parts.extend(item_details(item, &app.national, lang));
            let text = format!("{} {}", i + 1, parts.join("・"));
            let marker = if current { "▶" } else { " " };
            let style = if current {
                Style::new().add_modifier(Modifier::BOLD)
            } else {
                Style::new()
            };
            Line::from(vec![
                Span::styled(marker.to_string(), KEY),
                Span::styled(fit(&text, cells.saturating_sub(1)), style),
            ])
        });
        // The current item's addresses in full, under it.
        if i == call.item_cursor {
            for url in &item.urls {
                lines.push(Line::raw(format!(
                    "   {}",
                    fit(url, cells.saturating_sub(3))
                )));
            }
        }
    }
    let hint = |actions: &[Action]| -> Line<'static> {
        let spans: Vec<Span> = actions
            .iter()
            .filter_map(|&action| {
                let key = key_of(app, action);
                (!key.is_empty()).then(|| format!("{key} {}", super::footer::short(action, lang)))
            })
            .map(|text| Span::styled(format!(" {text}"), UNSET))
            .collect();
        Line::from(spans)
    };
    lines.push(hint(&[
        Action::ItemTag(ItemField::Content),
        Action::ItemTag(ItemField::Means),
        Action::ItemAdvice,
        Action::ItemRemove,
    ]));
    if call.items.len() > 1 {
        lines.push(hint(&[Action::ItemPrev, Action::ItemNext]));
    }
    lines
}

/// The caller's other cases, above everything else: the first thing a counselor wants to
/// know once the number is given.
fn caller_lines(app: &App, call: &CallState, cells: usize) -> Vec<Line<'static>> {
    let lang = app.lang();
    if call.caller_cases.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::styled(
        match lang {
            Lang::Ja => format!(" この相談者の過去の案件: {}件", call.caller_cases.len()),
            Lang::En => format!(" This caller's earlier cases: {}", call.caller_cases.len()),
        },
        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    )];
    for case in &call.caller_cases {
        let last = case.last_contact_at.map_or(String::new(), |t| {
            t.with_timezone(&app.settings.desk_offset)
                .format("%Y-%m-%d")
                .to_string()
        });
        let mut spans = vec![Span::raw(format!(
            " {} {last} {}{}",
            case.number,
            case.contacts,
            lang.pick("回", "x")
        ))];
        if !case.risk.is_empty() {
            let labels: Vec<&str> = case
                .risk
                .iter()
                .map(|c| app.taxonomy.label(Dim::Risk, c, lang))
                .collect();
            let used = width(&format!(" {} {last} {}x", case.number, case.contacts));
            spans.push(Span::styled(
                fit(
                    &format!(" ⚠{}", labels.join(lang.list_separator())),
                    cells.saturating_sub(used),
                ),
                RISK,
            ));
        }
        lines.push(Line::from(spans));
    }
    lines
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
    format!(
        " {when} {channel} {talk} {}",
        responses.join(lang.list_separator())
    )
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
        render_editor(frame, inner, app, call);
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

/// The notes being typed, wrapped as they are when not editing (the editor's own wrapping
/// knows no Japanese line-break rules), scrolled to keep the cursor in view.
fn render_editor(frame: &mut Frame, inner: Rect, app: &App, call: &CallState) {
    let lines = call.notes.lines();
    let cells = inner.width as usize;
    let height = inner.height as usize;
    let rows = rows(lines, cells);
    let cursor = call.notes.cursor();
    let (row, cell) = cursor_cell(lines, &rows, cells, (cursor.0, cursor.1));
    // The cursor may sit on the row below the last one, after a full row.
    let total = rows.len().max(row + 1);
    let mut top = call.notes_view.get().top.min(total.saturating_sub(height));
    if row < top {
        top = row;
    } else if row >= top + height {
        top = row + 1 - height;
    }
    call.notes_view.set(NotesView {
        cells: inner.width,
        rows: inner.height,
        top,
    });
    let shown: Vec<Line> = rows
        .iter()
        .skip(top)
        .take(height)
        .map(|r| Line::raw(&lines[r.line][r.bytes.clone()]))
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
    // Put the terminal's own cursor where typing goes, so an IME composes in place (not
    // under the referral sheet opened from the editor).
    if height > 0 && app.referral.is_none() {
        let x = inner.x + cell as u16;
        let y = inner.y + (row - top) as u16;
        frame.set_cursor_position(Position::new(x, y));
    }
}
