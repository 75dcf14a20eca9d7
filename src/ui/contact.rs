//! One contact as the timeline and a follow-up's earlier contacts show it: when, how, who,
//! how long, what the desk did; then its URLs and notes.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

use crate::app::App;
use crate::domain::{ContactRecord, Dim, format_duration};
use crate::text::wrap;

pub const DIM: Style = Style::new().fg(Color::DarkGray);

/// How far the lines under a contact's heading are indented.
const INDENT: &str = "   ";

/// The contact's first line (when, channel, counselor, talk and wrap-up) and its 対応.
pub fn heading(app: &App, contact: &ContactRecord) -> Vec<Line<'static>> {
    let lang = app.lang();
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
        contact
            .started_at
            .with_timezone(&app.settings.desk_offset)
            .format("%Y-%m-%d %H:%M"),
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
    vec![
        Line::styled(head, Style::new().add_modifier(Modifier::BOLD)),
        Line::raw(format!(
            "{INDENT}{} {}",
            lang.pick("対応", "response"),
            if responses.is_empty() {
                "—".to_string()
            } else {
                responses.join(lang.list_separator())
            }
        )),
    ]
}

/// The contact's URLs, then its notes wrapped to `cells` as Japanese is typeset.
pub fn details(contact: &ContactRecord, cells: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = contact
        .urls
        .iter()
        .map(|url| Line::styled(format!("{INDENT}{url}"), DIM))
        .collect();
    if !contact.notes.is_empty() {
        let room = cells.saturating_sub(INDENT.len());
        lines.extend(
            wrap(&contact.notes, room)
                .into_iter()
                .map(|line| Line::raw(format!("{INDENT}{line}"))),
        );
    }
    lines
}
