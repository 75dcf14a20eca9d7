//! One case from its first contact to now: its tags, expert consults, every contact with its
//! notes, and who changed what and when. Scrolls.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::{App, TimelineState};
use crate::domain::{
    CLOSE_REASONS, CONSULT_RESULTS, Dim, EXPERTS, Lang, PRIORITIES, format_duration, label_of,
};

const SECTION: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
const DIM: Style = Style::new().fg(Color::DarkGray);

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
            labels.join("、")
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
    for contact in &timeline.contacts {
        let channel = contact
            .tags
            .first(Dim::Channel)
            .map_or("—", |c| app.taxonomy.label(Dim::Channel, c, lang));
        let responses: Vec<&str> = contact
            .tags
            .get(Dim::Response)
            .iter()
            .map(|c| app.taxonomy.label(Dim::Response, c, lang))
            .collect();
        let mut head = format!(
            " {} {channel} {}",
            local(contact.started_at, "%Y-%m-%d %H:%M"),
            contact.counselor
        );
        if let Some(talk) = contact.talk_time() {
            head.push_str(&format!(
                "  {} {}",
                lang.pick("通話", "talk"),
                format_duration(talk)
            ));
        }
        if let Some(wrap) = contact.wrap_up_time() {
            head.push_str(&format!(
                "  {} {}",
                lang.pick("後処理", "wrap-up"),
                format_duration(wrap)
            ));
        }
        lines.push(Line::styled(
            head,
            Style::new().add_modifier(Modifier::BOLD),
        ));
        lines.push(Line::raw(format!(
            "   {} {}",
            lang.pick("対応", "response"),
            if responses.is_empty() {
                "—".to_string()
            } else {
                responses.join("、")
            }
        )));
        if !contact.referrals.is_empty() {
            let names: Vec<&str> = contact
                .referrals
                .iter()
                .map(|id| app.directory.get(id).map_or(id.as_str(), |e| e.name(lang)))
                .collect();
            lines.push(Line::raw(format!(
                "   {} {}",
                lang.pick("紹介先", "referred to"),
                names.join("、")
            )));
        }
        for url in &contact.urls {
            lines.push(Line::styled(format!("   {url}"), DIM));
        }
        for note in contact.notes.lines() {
            lines.push(Line::raw(format!("   {note}")));
        }
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
    let visible = area.height.saturating_sub(2) as usize;
    let scroll = timeline
        .scroll
        .min(lines.len().saturating_sub(visible.min(lines.len())));
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(title))
            .wrap(Wrap { trim: false })
            .scroll((scroll as u16, 0)),
        area,
    );
}
