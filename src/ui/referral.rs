//! The referral sheet, drawn over the body so the header's call timer stays in view: the
//! guided questions, the search, where to send the caller (open now or not), the chosen
//! place in detail, and the practice rules that apply.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::text::{fit, pad, width};
use crate::app::{App, Listed, ReferralSheet};
use crate::domain::Lang;
use crate::referral::{Entry, Flag, OpenStatus, Rule, Want};

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

pub fn render(frame: &mut Frame, body: Rect, app: &App, sheet: &ReferralSheet, now: DateTime<Utc>) {
    let lang = app.lang();
    let block = Block::bordered()
        .title(lang.pick(
            " 紹介先 — 通話は続いています ",
            " Referrals — the call goes on ",
        ))
        .border_style(Style::new().fg(Color::Green));
    let inner = block.inner(body);
    frame.render_widget(Clear, body);
    frame.render_widget(block, body);
    let suggestion = sheet.suggestion(app);
    let listed = sheet.listed(app, &suggestion);
    // The list takes what it needs (up to half), the rules a few lines, the detail the rest.
    let list_height = (listed.len() as u16).clamp(3, (inner.height / 2).max(3));
    let rules_height = (suggestion.rules.len() as u16 * 2 + 1).clamp(2, (inner.height / 4).max(2));
    let [
        answers_area,
        search_area,
        list_area,
        detail_area,
        rules_area,
    ] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Length(list_height),
        Constraint::Min(4),
        Constraint::Length(rules_height),
    ])
    .areas(inner);
    render_answers(frame, answers_area, app, sheet);
    render_search(frame, search_area, app, sheet);
    render_list(frame, list_area, app, sheet, &listed, now);
    if let Some(entry) = listed
        .get(sheet.cursor)
        .and_then(|l| app.directory.get(&l.entry_id))
    {
        render_detail(frame, detail_area, app, entry, now);
    }
    render_rules(frame, rules_area, app, &suggestion.rules);
}

fn render_answers(frame: &mut Frame, area: Rect, app: &App, sheet: &ReferralSheet) {
    let lang = app.lang();
    let mut spans = vec![Span::styled(lang.pick("希望 ", "Wants "), SECTION)];
    for (want, key) in &sheet.want_keys {
        let chosen = sheet.answers.wants.contains(want);
        spans.push(Span::styled(format!("{key}"), KEY));
        spans.push(Span::styled(
            format!(
                "{}{} ",
                if chosen { "✓" } else { " " },
                want_short(*want, lang)
            ),
            if chosen { CHOSEN } else { Style::new() },
        ));
    }
    spans.push(Span::styled(lang.pick(" 状況 ", " At stake "), SECTION));
    for (flag, key) in &sheet.flag_keys {
        let chosen = sheet.answers.has(*flag);
        spans.push(Span::styled(format!("{key}"), KEY));
        spans.push(Span::styled(
            format!(
                "{}{} ",
                if chosen { "✓" } else { " " },
                flag_short(*flag, lang)
            ),
            if chosen { CHOSEN } else { Style::new() },
        ));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).wrap(Wrap { trim: false }),
        area,
    );
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
            let mark = if attached.contains(&entry.id) {
                "✓"
            } else if entry.is_stale(today) {
                "!"
            } else {
                " "
            };
            let (status, style) = match entry.status_at(at) {
                Some(status) => (status.label(lang).to_string(), status_style(&status)),
                None => ("—".to_string(), DIM),
            };
            let rest = total.saturating_sub(name_cells + status_cells + 6);
            let name_style = if item.withheld {
                DIM.add_modifier(Modifier::CROSSED_OUT)
            } else {
                Style::new()
            };
            let line = Line::from(vec![
                Span::styled(format!("{mark}{:>2} ", i + 1), CHOSEN),
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

fn render_detail(frame: &mut Frame, area: Rect, app: &App, entry: &Entry, now: DateTime<Utc>) {
    let lang = app.lang();
    let at = now.with_timezone(&app.settings.desk_offset);
    let mut lines = vec![Line::from(vec![
        Span::styled(
            entry.name(lang).to_string(),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            entry
                .organization
                .as_deref()
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
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::new()
                .borders(ratatui::widgets::Borders::TOP)
                .border_style(DIM),
        ),
        area,
    );
}

fn render_rules(frame: &mut Frame, area: Rect, app: &App, rules: &[&Rule]) {
    let lang = app.lang();
    let lines: Vec<Line> = rules
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
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .block(
                Block::new()
                    .borders(ratatui::widgets::Borders::TOP)
                    .border_style(DIM),
            )
            .wrap(Wrap { trim: false }),
        area,
    );
}
