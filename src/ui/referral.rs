//! The referral sheet, drawn over the body so the header's call timer stays in view: the
//! guided questions, the search, where to send the caller (open now or not), the chosen
//! place in detail, and the practice rules that apply.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::{App, Listed, ReferralSheet};
use crate::domain::Lang;
use crate::keymap::{Action, Mode};
use crate::referral::{Entry, Flag, OpenStatus, Rule, Want};
use crate::text::{fit, pad, width, wrap_styled};

const KEY: Style = Style::new().fg(Color::Cyan);
const CHOSEN: Style = Style::new().fg(Color::Green).add_modifier(Modifier::BOLD);
const DIM: Style = Style::new().fg(Color::DarkGray);
const SECTION: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);

/// The flowchart's answers, short enough for one line.
fn want_short(want: Want, lang: Lang) -> &'static str {
    match want {
        Want::Listen => lang.pick("聞いてほしい", "be heard"),
        Want::Compensation => lang.pick("賠償", "compensation"),
        Want::DangerOrPunish => lang.pick("危険・処罰", "danger/punish"),
        Want::DontKnowOrDelete => lang.pick("わからない・削除", "don't know/delete"),
        Want::CantRequestDeletionMyself => lang.pick("代わりに削除依頼", "can't delete myself"),
    }
}

/// What is at stake, short enough for two lines at 80 columns.
fn flag_short(flag: Flag, lang: Lang) -> &'static str {
    match flag {
        Flag::Danger => lang.pick("身の危険", "danger"),
        Flag::SelfHarm => lang.pick("自殺・自傷", "self-harm"),
        Flag::Minor => lang.pick("未成年", "minor"),
        Flag::SexualImages => lang.pick("性的画像", "sexual images"),
        Flag::MoneyDemanded => lang.pick("金銭要求", "money"),
        Flag::SchoolNotActing => lang.pick("学校不対応", "school inactive"),
        Flag::Perpetrator => lang.pick("加害者", "perpetrator"),
        Flag::IdentifyPoster => lang.pick("発信者特定", "identify poster"),
        Flag::HandleName => lang.pick("HN", "handle name"),
        Flag::AnonymousBoard => lang.pick("匿名掲示板", "anonymous board"),
        Flag::Deletion => lang.pick("削除したい", "wants deletion"),
        Flag::IllegalOrHarmful => lang.pick("違法・有害", "illegal/harmful"),
    }
}

fn status_style(status: &OpenStatus) -> Style {
    match status {
        OpenStatus::Open { .. } => Style::new().fg(Color::Green),
        OpenStatus::LastIntakeSoon { .. } => Style::new().fg(Color::Yellow),
        OpenStatus::IntakeEnded { .. } | OpenStatus::Closed { .. } => DIM,
    }
}

/// What the sheet's title says about the call: it goes on, it is in wrap-up, or there is
/// none (and so nothing the sheet chooses is recorded).
fn title(app: &App) -> &'static str {
    let lang = app.lang();
    match app.call() {
        Some(call) if call.contact.ended_at.is_none() => lang.pick(
            " 紹介先 — 通話は続いています ",
            " Referrals — the call goes on ",
        ),
        Some(_) => lang.pick(
            " 紹介先 — 後処理中（記録できます） ",
            " Referrals — wrap-up (recorded on this contact) ",
        ),
        None => lang.pick(
            " 紹介先 — 通話なし（記録はされません） ",
            " Referrals — no call (nothing is recorded) ",
        ),
    }
}

pub fn render(frame: &mut Frame, body: Rect, app: &App, sheet: &ReferralSheet, now: DateTime<Utc>) {
    let block = Block::bordered()
        .title(title(app))
        .border_style(Style::new().fg(Color::Green));
    let inner = block.inner(body);
    frame.render_widget(Clear, body);
    frame.render_widget(block, body);
    let suggestion = sheet.suggestion(app);
    let listed = sheet.listed(app, &suggestion);
    let answers = answer_lines(app, sheet, inner.width);
    let detail = listed
        .get(sheet.cursor)
        .and_then(|l| app.directory.get(&l.entry_id))
        .map(|entry| detail_text(app, entry, now))
        .unwrap_or_default();
    // Wrapped as Japanese is typeset, as the notes are.
    let wrapped = |lines: Vec<Line<'static>>| -> Vec<Line<'static>> {
        lines
            .iter()
            .flat_map(|line| wrap_styled(line, inner.width as usize))
            .collect()
    };
    let mut rules = advice_text(app, &sheet.item_advice);
    rules.extend(rules_text(app, &suggestion.rules));
    let (detail, rules) = (wrapped(detail), wrapped(rules));
    // Rows each pane's text takes, under the pane's top border.
    let detail_rows = detail.len() as u16;
    let rules_rows = rules.len() as u16;
    let (detail, rules) = (Paragraph::new(detail), Paragraph::new(rules));
    // The list takes what it needs (up to half); the detail and the rules share the rest,
    // the rules getting at least a third of it when both do not fit (half when opened for a
    // work item: its advice is what was asked for).
    let share = if sheet.item_advice.is_empty() { 3 } else { 2 };
    let list_height = (listed.len() as u16).clamp(3, (inner.height / 2).max(3));
    let rest = inner
        .height
        .saturating_sub(answers.len() as u16 + 1 + list_height);
    let rules_height = if detail_rows + rules_rows + 2 <= rest {
        rules_rows + 1
    } else {
        (rules_rows + 1)
            .min((rest / share).max(3))
            .max(rest.saturating_sub(detail_rows + 1))
    };
    let [
        answers_area,
        search_area,
        list_area,
        detail_area,
        rules_area,
    ] = Layout::vertical([
        Constraint::Length(answers.len() as u16),
        Constraint::Length(1),
        Constraint::Length(list_height),
        Constraint::Min(3),
        Constraint::Length(rules_height),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(answers), answers_area);
    render_search(frame, search_area, app, sheet);
    render_list(frame, list_area, app, sheet, &listed, now);
    // The page keys read on: the detail first, then the practice rules, a pane's height at
    // a time.
    let detail_pages = Pages::new(detail_rows, detail_area);
    let rules_pages = Pages::new(rules_rows, rules_area);
    let pages = sheet
        .scroll
        .get()
        .min(detail_pages.count + rules_pages.count);
    sheet.scroll.set(pages);
    let detail_scroll = detail_pages.offset(pages);
    let rules_scroll = rules_pages.offset(pages.saturating_sub(detail_pages.count));
    let (detail_max, rules_max) = (detail_pages.max, rules_pages.max);
    frame.render_widget(
        detail
            .scroll((detail_scroll, 0))
            .block(pane_block(app, None, detail_scroll, detail_max)),
        detail_area,
    );
    frame.render_widget(
        rules.scroll((rules_scroll, 0)).block(pane_block(
            app,
            Some(if sheet.item_advice.is_empty() {
                app.lang().pick(" 実務上の注意 ", " Practice rules ")
            } else {
                app.lang().pick(
                    " この作業の案内・実務上の注意 ",
                    " This work item, practice rules ",
                )
            }),
            rules_scroll,
            rules_max,
        )),
        rules_area,
    );
}

/// How a pane under a top border scrolls: by what it shows at once, up to its last row.
struct Pages {
    /// Rows a page moves.
    rows: u16,
    /// The furthest offset, where the last row is at the bottom.
    max: u16,
    /// Pages until the last row shows.
    count: u16,
}

impl Pages {
    fn new(text_rows: u16, area: Rect) -> Pages {
        let rows = area.height.saturating_sub(1).max(1);
        let max = text_rows.saturating_sub(area.height.saturating_sub(1));
        Pages {
            rows,
            max,
            count: max.div_ceil(rows),
        }
    }

    fn offset(&self, pages: u16) -> u16 {
        pages.saturating_mul(self.rows).min(self.max)
    }
}

/// A pane's top border: its title, and where there is more to read, the key that shows it.
fn pane_block(app: &App, title: Option<&'static str>, scrolled: u16, max: u16) -> Block<'static> {
    let lang = app.lang();
    let key = |action: Action| {
        app.keymap
            .keys_for(app.mode_under_help(), action)
            .into_iter()
            .next()
            .unwrap_or_default()
    };
    let mut block = Block::new().borders(Borders::TOP).border_style(DIM);
    if let Some(title) = title {
        block = block.title(Span::styled(title, SECTION));
    }
    let hint = if scrolled < max {
        Some(format!(
            " ▼ {} {} ",
            lang.pick("続き", "more"),
            key(Action::PageDown)
        ))
    } else if scrolled > 0 {
        Some(format!(" ▲ {} ", key(Action::PageUp)))
    } else {
        None
    };
    match hint {
        Some(hint) => block.title(Line::styled(hint, KEY).right_aligned()),
        None => block,
    }
}

/// One answer as the header shows it: its key (while it can be pressed), a ✓ when chosen,
/// its label.
fn answer_item(key: Option<String>, chosen: bool, label: &str) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    if let Some(key) = key {
        spans.push(Span::styled(key, KEY));
    }
    spans.push(Span::styled(
        format!("{}{label} ", if chosen { "✓" } else { " " }),
        if chosen { CHOSEN } else { Style::new() },
    ));
    spans
}

/// The guided questions, wrapped item by item so that a key never ends a line without its
/// label. While the flags are closed only the chosen ones show, with the key that opens them.
fn answer_lines(app: &App, sheet: &ReferralSheet, line_cells: u16) -> Vec<Line<'static>> {
    let lang = app.lang();
    let mut wants = vec![vec![Span::styled(lang.pick("希望 ", "Wants "), SECTION)]];
    for (want, key) in &sheet.want_keys {
        let chosen = sheet.answers.wants.contains(want);
        wants.push(answer_item(
            Some(key.to_string()),
            chosen,
            want_short(*want, lang),
        ));
    }
    let mut flags = Vec::new();
    if sheet.flags_open {
        let back = app
            .keymap
            .keys_for(Mode::ReferralFlags, Action::Back)
            .into_iter()
            .next()
            .unwrap_or_default();
        let title = match lang {
            Lang::Ja => format!("状況を切り替え中（{back} で終了）"),
            Lang::En => format!("Toggling what is at stake ({back} to finish)"),
        };
        flags.push(vec![
            Span::styled(title, SECTION.add_modifier(Modifier::REVERSED)),
            Span::raw(" "),
        ]);
        for (flag, key) in &sheet.flag_keys {
            let chosen = sheet.answers.has(*flag);
            flags.push(answer_item(
                Some(key.to_string()),
                chosen,
                flag_short(*flag, lang),
            ));
        }
    } else {
        flags.push(vec![Span::styled(lang.pick("状況 ", "At stake "), SECTION)]);
        let chosen: Vec<Flag> = Flag::ALL
            .into_iter()
            .filter(|f| sheet.answers.has(*f))
            .collect();
        if chosen.is_empty() {
            flags.push(vec![Span::styled(lang.pick("なし ", "none "), DIM)]);
        }
        for flag in chosen {
            flags.push(answer_item(None, true, flag_short(flag, lang)));
        }
        if let Some(key) = app
            .keymap
            .keys_for(Mode::Referral, Action::ReferralFlags)
            .into_iter()
            .next()
        {
            flags.push(vec![
                Span::styled(key, KEY),
                Span::styled(lang.pick(" 切り替え", " change"), DIM),
            ]);
        }
    }
    let mut lines = wrap_items(wants, line_cells);
    lines.extend(wrap_items(flags, line_cells));
    lines
}

/// Lays items out left to right, starting a new line where the next item would not fit.
fn wrap_items(items: Vec<Vec<Span<'static>>>, line_cells: u16) -> Vec<Line<'static>> {
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    for item in items {
        let cells: usize = item.iter().map(|s| width(&s.content)).sum();
        if used > 0 && used + cells > line_cells as usize {
            lines.push(Vec::new());
            used = 0;
        }
        used += cells;
        lines.last_mut().expect("one line at least").extend(item);
    }
    lines.into_iter().map(Line::from).collect()
}

fn render_search(frame: &mut Frame, area: Rect, app: &App, sheet: &ReferralSheet) {
    let lang = app.lang();
    let label = lang.pick("検索 ", "Search ");
    let [label_area, editor_area] =
        Layout::horizontal([Constraint::Length(width(label) as u16), Constraint::Min(0)])
            .areas(area);
    frame.render_widget(Paragraph::new(Span::styled(label, SECTION)), label_area);
    match &sheet.search {
        Some(editor) => {
            frame.render_widget(editor, editor_area);
            let cursor = editor.screen_cursor();
            let x = editor_area.x + cursor.col as u16;
            if x < editor_area.right() && app.help.is_none() {
                frame.set_cursor_position((x, editor_area.y));
            }
        }
        None => frame.render_widget(
            Paragraph::new(Span::styled(
                lang.pick(
                    "/ で名前・よみ・キーワード検索 (けいさつ, 法テラス…)",
                    "/ to search names, readings, keywords",
                ),
                DIM,
            )),
            editor_area,
        ),
    }
}

fn render_list(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    sheet: &ReferralSheet,
    listed: &[Listed],
    now: DateTime<Utc>,
) {
    let lang = app.lang();
    if listed.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                lang.pick("該当する紹介先はありません", "No place matches"),
                DIM,
            )),
            area,
        );
        return;
    }
    let at = now.with_timezone(&app.settings.desk_offset);
    let today = at.date_naive();
    let attached: &[String] = app.call().map_or(&[], |c| c.contact.referrals.as_slice());
    let total = area.width as usize;
    let name_cells = (total / 3).clamp(12, 40);
    let status_cells = 14;
    let visible = area.height as usize;
    let first = sheet.cursor.saturating_sub(visible.saturating_sub(1));
    let lines: Vec<Line> = listed
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(i, item)| {
            let Some(entry) = app.directory.get(&item.entry_id) else {
                return Line::raw(item.entry_id.clone());
            };
            // Recorded on this contact, and unverified for a year: both can be true.
            let recorded = if attached.contains(&entry.id) {
                "✓"
            } else {
                " "
            };
            let stale = if entry.is_stale(today) { "!" } else { " " };
            let (status, style) = match entry.status_at(at) {
                Some(status) => (status.label(lang).to_string(), status_style(&status)),
                None => ("—".to_string(), DIM),
            };
            let rest = total.saturating_sub(name_cells + status_cells + 7);
            let name_style = if item.withheld {
                DIM.add_modifier(Modifier::CROSSED_OUT)
            } else {
                Style::new()
            };
            let line = Line::from(vec![
                Span::styled(format!("{recorded}{stale}{:>2} ", i + 1), CHOSEN),
                Span::styled(pad(entry.name(lang), name_cells), name_style),
                Span::raw(" "),
                Span::styled(pad(&status, status_cells), style),
                Span::styled(fit(&item.reason, rest), DIM),
            ]);
            if i == sheet.cursor {
                line.style(Style::new().add_modifier(Modifier::REVERSED))
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The highlighted place in full.
fn detail_text(app: &App, entry: &Entry, now: DateTime<Utc>) -> Vec<Line<'static>> {
    let lang = app.lang();
    let at = now.with_timezone(&app.settings.desk_offset);
    let mut lines = vec![Line::from(vec![
        Span::styled(
            entry.name(lang).to_string(),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            entry
                .organization(lang)
                .map(|o| format!("  {o}"))
                .unwrap_or_default(),
            DIM,
        ),
    ])];
    lines.push(Line::raw(format!(
        "{}{}",
        lang.pick("できること：", "Does: "),
        entry.does.pick(lang)
    )));
    if let Some(not) = &entry.does_not {
        lines.push(Line::styled(
            format!(
                "{}{}",
                lang.pick("しないこと：", "Does not: "),
                not.pick(lang)
            ),
            Style::new().fg(Color::Yellow),
        ));
    }
    lines.push(Line::raw(format!(
        "{}{}",
        lang.pick("紹介の目安：", "When: "),
        entry.when.pick(lang)
    )));
    let mut reach: Vec<String> = entry
        .phones
        .iter()
        .map(|p| match &p.note {
            Some(note) => format!("☎ {} ({})", p.number, note.pick(lang)),
            None => format!("☎ {}", p.number),
        })
        .collect();
    reach.extend(entry.urls.iter().cloned());
    if !reach.is_empty() {
        lines.push(Line::raw(reach.join("  ")));
    }
    let mut when = match (&entry.schedule, entry.status_at(at)) {
        (Some(schedule), Some(status)) => {
            format!("{}  {}", status.summary(lang), schedule.describe(lang))
        }
        _ => lang.pick("受付時間: 不明", "Hours: unknown").to_string(),
    };
    when.push_str(&format!(
        "  {} {}",
        lang.pick("確認日", "verified"),
        entry.verified
    ));
    let stale = entry.is_stale(at.date_naive());
    if stale {
        when.push_str(lang.pick(" ⚠1年以上未確認", " ⚠not checked for over a year"));
    }
    lines.push(Line::styled(
        when,
        if stale {
            Style::new().fg(Color::Yellow)
        } else {
            DIM
        },
    ));
    lines
}

/// The practice rules that apply, each in full.
/// The advice for the work item the sheet was opened for, before the practice rules.
fn advice_text(app: &App, advice: &[crate::national::Advice]) -> Vec<Line<'static>> {
    advice
        .iter()
        .map(|a| {
            Line::from(vec![
                Span::styled(
                    format!("▶{}{}", a.title, app.lang().pick("：", ": ")),
                    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                ),
                Span::raw(a.text.clone()),
            ])
        })
        .collect()
}

fn rules_text(app: &App, rules: &[&Rule]) -> Vec<Line<'static>> {
    let lang = app.lang();
    rules
        .iter()
        .map(|rule| {
            Line::from(vec![
                Span::styled(
                    format!("•{}{}", rule.title(lang), lang.pick("：", ": ")),
                    Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
                ),
                Span::raw(rule.text(lang).to_string()),
            ])
        })
        .collect()
}
