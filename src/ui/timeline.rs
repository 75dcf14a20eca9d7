//! One case from its first contact to now: its tags, expert consults, every contact with its
//! notes, and who changed what and when. Scrolls.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::text::wrap_hanging;

use crate::app::{App, TimelineState};
use crate::domain::{CLOSE_REASONS, CONSULT_RESULTS, Dim, EXPERTS, Lang, PRIORITIES, label_of};

const SECTION: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
const DIM: Style = super::contact::DIM;

/// A section heading, with how many entries it has.
fn section(title: &str, count: Option<usize>) -> Line<'static> {
    let text = match count {
        Some(n) => format!(" ── {title} ({n})"),
        None => format!(" ── {title}"),
    };
    Line::styled(text, SECTION)
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, timeline: &TimelineState) {
    let lang = app.lang();
    let offset = app.settings.desk_offset;
    let local = |at: chrono::DateTime<chrono::Utc>, format: &str| {
        at.with_timezone(&offset).format(format).to_string()
    };
    let case = &timeline.case;
    let mut lines: Vec<Line> = Vec::new();

    let mut status = case.status.label(lang).to_string();
    if let Some(reason) = &case.close_reason {
        status = format!("{status} ({})", label_of(&CLOSE_REASONS, reason, lang));
    }
    lines.push(Line::from(vec![
        Span::styled(
            format!(" {} ", case.number),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!(
            "{} {}  {} {}  {} {}  {} {}  {} {}",
            lang.pick("状態", "status"),
            status,
            lang.pick("優先度", "priority"),
            label_of(&PRIORITIES, &case.priority.to_string(), lang),
            lang.pick("担当", "owner"),
            case.owner.as_deref().unwrap_or("—"),
            lang.pick("期限", "due"),
            case.due.map_or("—".to_string(), |d| d.to_string()),
            lang.pick("受付", "opened"),
            local(case.opened_at, "%Y-%m-%d"),
        )),
    ]));
    let tag_text = |dim: Dim| {
        let labels: Vec<&str> = case
            .tags
            .get(dim)
            .iter()
            .map(|c| app.taxonomy.label(dim, c, lang))
            .collect();
        if labels.is_empty() {
            "—".to_string()
        } else {
            labels.join(lang.list_separator())
        }
    };
    for group in [
        [Dim::Age, Dim::Role, Dim::Troubled, Dim::Attribute].as_slice(),
        &[Dim::Infringement, Dim::Platform],
        &[Dim::Want, Dim::Risk],
    ] {
        let text = group
            .iter()
            .map(|&dim| format!("{} {}", app.taxonomy.spec(dim).label(lang), tag_text(dim)))
            .collect::<Vec<_>>()
            .join("  ");
        lines.push(Line::raw(format!(" {text}")));
    }

    lines.push(section(
        lang.pick("専門家連携", "Expert consults"),
        Some(timeline.consults.len()),
    ));
    for consult in &timeline.consults {
        let state = match consult.result.as_deref() {
            Some(result) => label_of(&CONSULT_RESULTS, result, lang),
            None => lang.pick("予約中", "booked").to_string(),
        };
        let mut text = format!(
            "   {} {}  {}",
            label_of(&EXPERTS, &consult.expert, lang),
            consult
                .booked_for
                .map(|d| d.to_string())
                .unwrap_or_default(),
            state
        );
        if let Some(advice) = consult.advice.as_deref().filter(|a| !a.is_empty()) {
            text.push_str(&format!("  「{advice}」"));
        }
        lines.push(Line::raw(text));
    }

    lines.push(section(
        lang.pick("連絡", "Contacts"),
        Some(timeline.contacts.len()),
    ));
    let cells = area.width.saturating_sub(2) as usize;
    for contact in &timeline.contacts {
        lines.extend(super::contact::heading(app, contact));
        if !contact.referrals.is_empty() {
            let names: Vec<&str> = contact
                .referrals
                .iter()
                .map(|id| app.directory.name_of(id, lang))
                .collect();
            lines.push(Line::raw(format!(
                "   {} {}",
                lang.pick("紹介先", "referred to"),
                names.join(lang.list_separator())
            )));
        }
        lines.extend(super::contact::details(contact, cells));
    }

    lines.push(section(lang.pick("変更履歴", "History"), None));
    for entry in &timeline.history {
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {} {} ", local(entry.at, "%m/%d %H:%M"), entry.actor),
                DIM,
            ),
            Span::raw(entry.what.clone()),
        ]));
    }

    let title = match lang {
        Lang::Ja => format!(" {} の経過 ", case.number),
        Lang::En => format!(" Timeline of {} ", case.number),
    };
    // Every line wraps as Japanese is typeset (the notes already are), and the scroll
    // counts the rows that makes.
    let rows: Vec<Line> = lines
        .iter()
        .flat_map(|line| wrap_hanging(line, cells, "   "))
        .collect();
    let visible = area.height.saturating_sub(2) as usize;
    let scroll = timeline
        .scroll
        .get()
        .min(rows.len().saturating_sub(visible));
    timeline.scroll.set(scroll);
    frame.render_widget(
        Paragraph::new(rows)
            .block(Block::bordered().title(title))
            .scroll((scroll as u16, 0)),
        area,
    );
}
