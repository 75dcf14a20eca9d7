//! What opens over the screen: a picker, a one-line input, the key list.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::app::{App, CallState, InputPurpose, LineInput, Picker};
use crate::keymap::format_sequence;
use crate::text::{fit, pad, width, wrap};

pub fn render(frame: &mut Frame, body: Rect, app: &App, now: chrono::DateTime<chrono::Utc>) {
    if let (Some(scroll), Some(call)) = (app.earlier, app.call()) {
        render_earlier(frame, body, app, call, scroll);
    }
    if let Some(picker) = &app.picker {
        render_picker(frame, body, app, picker);
    }
    if let Some(input) = &app.input {
        render_input(frame, body, app, input);
    }
    if let Some(sheet) = &app.referral {
        super::referral::render(frame, body, app, sheet, now);
    }
    if let Some(scroll) = app.help {
        render_help(frame, body, app, scroll);
    }
    clear_cut_wide_chars(frame.buffer_mut());
}

/// A pop-up's left border can land on the right half of a full-width character drawn
/// under it. The terminal cannot show half a character: it would keep the character and
/// drop the border. The cell under the border belongs to the pop-up, so the cut character
/// is cleared instead, whichever pop-up cut it.
fn clear_cut_wide_chars(buffer: &mut Buffer) {
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right().saturating_sub(1) {
            let covered = !matches!(buffer[(x + 1, y)].symbol(), " " | "");
            if covered && width(buffer[(x, y)].symbol()) > 1 {
                buffer[(x, y)].set_symbol(" ");
            }
        }
    }
}

/// A follow-up's earlier contacts in full, newest first: what was said, where it was posted.
fn render_earlier(frame: &mut Frame, body: Rect, app: &App, call: &CallState, scroll: usize) {
    let lang = app.lang();
    let area = centered(
        body,
        (body.width as usize).saturating_sub(4).min(100),
        body.height as usize,
    );
    let cells = area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for contact in call.history.iter().rev() {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.extend(super::contact::heading(app, contact));
        let details = super::contact::details(contact, cells);
        if details.is_empty() {
            lines.push(Line::styled(
                lang.pick("   メモ・URL なし", "   no notes or URLs"),
                super::contact::DIM,
            ));
        }
        lines.extend(details);
    }
    let visible = area.height.saturating_sub(2) as usize;
    let scroll = scroll.min(lines.len().saturating_sub(visible));
    let title = match lang {
        crate::domain::Lang::Ja => format!(
            " {} のこれまでの連絡 ({}件) ",
            call.case.number,
            call.history.len()
        ),
        crate::domain::Lang::En => format!(
            " Earlier contacts of {} ({}) ",
            call.case.number,
            call.history.len()
        ),
    };
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll as u16, 0)).block(
            Block::bordered()
                .title(fit(&title, cells))
                .border_style(Style::new().fg(Color::Blue)),
        ),
        area,
    );
}

/// A box of `w`x`h` cells centred in `area`, never larger than it.
fn centered(area: Rect, w: usize, h: usize) -> Rect {
    let w = (w as u16).min(area.width);
    let h = (h as u16).min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn render_picker(frame: &mut Frame, body: Rect, app: &App, picker: &Picker) {
    let label_cells = picker
        .options
        .iter()
        .map(|o| width(&o.label))
        .max()
        .unwrap_or(0);
    let detail_cells = picker
        .options
        .iter()
        .map(|o| width(&o.detail))
        .max()
        .unwrap_or(0);
    let row_cells = 6
        + label_cells
        + if detail_cells > 0 {
            2 + detail_cells
        } else {
            0
        };
    let w = row_cells.max(width(&picker.title) + 4) + 2;
    let h = picker.options.len().max(1) + 2;
    let area = centered(body, w, h);
    let visible = area.height.saturating_sub(2) as usize;
    // Keep the highlighted option in view when the list is taller than the box.
    let first = picker.cursor.saturating_sub(visible.saturating_sub(1));
    let inner_cells = area.width.saturating_sub(2) as usize;
    let lines: Vec<Line> = if picker.options.is_empty() {
        vec![Line::styled(
            app.lang().pick(" 該当なし", " Nothing found"),
            Style::new().fg(Color::DarkGray),
        )]
    } else {
        picker
            .options
            .iter()
            .enumerate()
            .skip(first)
            .take(visible)
            .map(|(i, option)| {
                let key = option.key.map(|k| k.to_string()).unwrap_or_default();
                let mark = if option.selected { "✓" } else { " " };
                let mut spans = vec![
                    Span::styled(format!(" {} ", pad(&key, 1)), Style::new().fg(Color::Cyan)),
                    Span::styled(format!("{mark} "), Style::new().fg(Color::Green)),
                    Span::raw(pad(&option.label, label_cells)),
                ];
                if !option.detail.is_empty() {
                    let room = inner_cells.saturating_sub(6 + label_cells + 2);
                    spans.push(Span::styled(
                        format!("  {}", fit(&option.detail, room)),
                        Style::new().fg(Color::DarkGray),
                    ));
                }
                let line = Line::from(spans);
                if i == picker.cursor {
                    line.style(Style::new().add_modifier(Modifier::REVERSED))
                } else {
                    line
                }
            })
            .collect()
    };
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(format!(
                    " {} ",
                    fit(&picker.title, inner_cells.saturating_sub(2))
                ))
                .border_style(Style::new().fg(Color::Cyan)),
        ),
        area,
    );
}

fn render_input(frame: &mut Frame, body: Rect, app: &App, input: &LineInput) {
    let lang = app.lang();
    let title = match input.purpose {
        InputPurpose::Url => lang.pick(
            " 投稿のURL (Enter で追加) ",
            " URL of the post (Enter adds) ",
        ),
        InputPurpose::CaseNumber => lang.pick(
            " 案件番号 (Enter で検索) ",
            " Case number (Enter searches) ",
        ),
        InputPurpose::QueueText => lang.pick(
            " 絞り込み: 番号・担当・タグ・メモ (空で解除) ",
            " Filter: number, owner, tags, notes (empty clears) ",
        ),
        InputPurpose::Due(_) => lang.pick(
            " フォローアップ期限 (明日・+3d・6/10・空で解除) ",
            " Follow-up date (tomorrow, +3d, 6/10; empty clears) ",
        ),
        InputPurpose::ConsultDate { .. } => lang.pick(
            " 専門家相談の日付 (明日・+7d・6/20) ",
            " Date of the consult (tomorrow, +7d, 6/20) ",
        ),
        InputPurpose::ConsultAdvice { .. } => lang.pick(
            " 専門家の助言内容 (Enter の後に結果を選ぶ) ",
            " What the expert advised (then choose the result) ",
        ),
        InputPurpose::Caller => lang.pick(
            " 相談者の電話番号・メール・LINE名(番号そのものは保存されません) ",
            " Caller's number, e-mail or LINE name (never stored as typed) ",
        ),
        InputPurpose::Counselor(_) => lang.pick(" 担当者の名前 ", " Counselor's name "),
        InputPurpose::EraseReason { ref number, .. } => &match lang {
            crate::domain::Lang::Ja => {
                format!(" {number} のメモ・URLを完全に消去: 理由 (Enter 消去・Esc やめる) ")
            }
            crate::domain::Lang::En => {
                format!(" Erase {number}'s notes and URLs for good: reason (Enter / Esc) ")
            }
        },
    };
    let area = centered(body, (body.width as usize).min(70), 3);
    let block = Block::bordered()
        .title(title)
        .border_style(Style::new().fg(Color::Yellow))
        .padding(ratatui::widgets::Padding::horizontal(1));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    frame.render_widget(&input.editor, inner);
    let cursor = input.editor.screen_cursor();
    let (_, left) = input.editor.scroll_offset();
    let x = inner.x + (cursor.col as u16).saturating_sub(left);
    if x < inner.right() && app.help.is_none() {
        frame.set_cursor_position(Position::new(x, inner.y));
    }
}

/// Every binding of the mode under the key list, generated from the active keymap.
fn render_help(frame: &mut Frame, body: Rect, app: &App, scroll: usize) {
    let lang = app.lang();
    let mode = app.mode_under_help();
    let bindings = app.keymap.bindings(mode);
    let mut rows: Vec<(Vec<String>, String)> = Vec::new();
    // One row per action, its keys together, in the order the keymap lists them.
    for binding in bindings {
        let keys = format_sequence(&binding.keys);
        let what = binding.action.describe(lang, app.taxonomy);
        match rows.iter_mut().find(|(_, d)| *d == what) {
            Some((k, _)) => k.push(keys),
            None => rows.push((vec![keys], what)),
        }
    }
    if mode == crate::keymap::Mode::Picker {
        rows.insert(
            0,
            (
                vec!["1-9 a-z".into()],
                lang.pick("その位置の項目を選ぶ", "pick the option at that position")
                    .into(),
            ),
        );
    }
    let area_cells = (body.width as usize).saturating_sub(4).min(76);
    let (key_cells, what_cells) = help_columns(&rows, area_cells.saturating_sub(2));
    // An entry too wide for its column goes on over the rows below it.
    let lines: Vec<Line> = rows
        .iter()
        .flat_map(|(keys, what)| {
            let keys = wrap_keys(keys, key_cells);
            let what = wrap(what, what_cells);
            (0..keys.len().max(what.len())).map(move |i| {
                Line::from(vec![
                    Span::styled(
                        format!(
                            " {} ",
                            pad(keys.get(i).map_or("", String::as_str), key_cells)
                        ),
                        Style::new().fg(Color::Cyan),
                    ),
                    Span::raw(what.get(i).cloned().unwrap_or_default()),
                ])
            })
        })
        .collect();
    let area = centered(body, area_cells, lines.len() + 2);
    let visible = area.height.saturating_sub(2) as usize;
    let scroll = scroll.min(lines.len().saturating_sub(visible));
    // Rows past the fold are keys a counselor would never find: say how many.
    let below = lines.len().saturating_sub(scroll + visible);
    let lines: Vec<Line> = lines.into_iter().skip(scroll).take(visible).collect();
    let title = format!(" {} — {} ", lang.pick("キー一覧", "Keys"), mode.label(lang));
    let mut block = Block::bordered()
        .title(title)
        .border_style(Style::new().fg(Color::Magenta));
    if below > 0 {
        let more = match lang {
            crate::domain::Lang::Ja => format!(" ▼ 続き {below} 行 "),
            crate::domain::Lang::En => format!(" ▼ {below} more "),
        };
        block = block.title_bottom(Line::from(more).right_aligned());
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The key list's two columns in `cells`: the keys as wide as the widest entry, unless the
/// widest description would not fit beside it; then the keys get what that leaves, but
/// never less than half.
fn help_columns(rows: &[(Vec<String>, String)], cells: usize) -> (usize, usize) {
    let room = cells.saturating_sub(2);
    let widest_keys = rows
        .iter()
        .map(|(keys, _)| width(&keys.join(KEY_SEPARATOR)))
        .max()
        .unwrap_or(0);
    let widest_what = rows.iter().map(|(_, w)| width(w)).max().unwrap_or(0);
    let key_cells = widest_keys.min(room.saturating_sub(widest_what).max(room / 2));
    (key_cells, room.saturating_sub(key_cells))
}

/// How the key list joins the keys of one action.
const KEY_SEPARATOR: &str = " / ";

/// An action's keys in rows of at most `cells`, broken between keys (a row that goes on
/// ends with `/`); only a key wider than a whole row is cut.
fn wrap_keys(keys: &[String], cells: usize) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    for (i, key) in keys.iter().enumerate() {
        let last = i + 1 == keys.len();
        // Room for the ` /` that says the row goes on, unless this is the last key.
        let needs = width(KEY_SEPARATOR) + width(key) + if last { 0 } else { 2 };
        if !row.is_empty() && width(&row) + needs > cells {
            rows.push(format!("{row} /"));
            row.clear();
        }
        if !row.is_empty() {
            row.push_str(KEY_SEPARATOR);
        }
        row.push_str(key);
    }
    rows.push(row);
    rows.into_iter().map(|r| fit(&r, cells)).collect()
}
